/**
 * `standoff share`, `standoff clone`, `standoff sync`: a project shared through git (docs/SYNC.md).
 * The token of an HTTPS remote comes from STANDOFF_GIT_TOKEN, or is asked for on a terminal
 * (never echoed, never stored).
 */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { SyncReport } from '../../shared/api/sync';
import { annotatorId } from '../../shared/format/annotationFile';
import { JobCancelled } from '../jobs/context';
import { StandoffService } from '../service';
import { ProjectSync } from '../sync/projectSync';
import { MemoryTokens } from '../sync/tokens';
import { terminalJob } from './progress';

export function addSyncCommands(program: Command): void {
  program
    .command('share')
    .argument('<project>', 'project folder')
    .argument('<remote>', 'an https:// address of a git repository, or a folder for a bare repository (made if empty or missing)')
    .requiredOption('--as <name>', 'who you are: the curator, named in team.json')
    .description('share a project through git: commit it, and send it to the remote')
    .action(async (projectDir: string, remote: string, opts: { as: string }) => {
      const who = checkName(opts.as);
      const tokens = new MemoryTokens();
      const service = await StandoffService.open(projectDir, { tokens, app: 'the command standoff share' });
      try {
        const where = /^https?:\/\//i.test(remote) || remote.startsWith('file://') ? remote : path.resolve(remote);
        const report = await withToken(tokens, (ctx) => service.shareProject({ remote: where, annotator: who }, ctx), where);
        printReport(report);
      } finally {
        await service.close();
      }
    });

  program
    .command('clone')
    .argument('<url>', 'the shared repository: an https:// address, or the folder of a bare repository')
    .argument('<dir>', 'a new (or empty) folder for your copy')
    .option('--as <name>', 'who you are (remembered for `standoff sync`)')
    .description('copy a shared project to this computer')
    .action(async (url: string, dir: string, opts: { as?: string }) => {
      const who = opts.as ? checkName(opts.as) : undefined;
      const tokens = new MemoryTokens();
      const where = /^https?:\/\//i.test(url) || url.startsWith('file://') ? url : path.resolve(url);
      const result = await withToken(tokens, (ctx) => ProjectSync.clone({ url: where, dir: path.resolve(dir), ...(who ? { annotator: who } : {}) }, tokens, ctx), where);
      console.log(result.message);
    });

  program
    .command('sync')
    .argument('<project>', 'project folder')
    .option('--as <name>', 'who you are (default: who synced here last)')
    .description('commit your annotations, take in the others’ work, and send yours')
    .action(async (projectDir: string, opts: { as?: string }) => {
      const tokens = new MemoryTokens();
      const service = await StandoffService.open(projectDir, { tokens, app: 'the command standoff sync' });
      try {
        const who = opts.as ? checkName(opts.as) : (await service.syncStatus()).annotator ?? process.env.STANDOFF_ANNOTATOR;
        if (!who) throw new Error('say who you are: standoff sync <project> --as <name>');
        const report = await withToken(tokens, (ctx) => service.syncProject({ annotator: checkName(who) }, ctx), (await service.syncStatus()).remote ?? '');
        printReport(report);
      } finally {
        await service.close();
      }
    });
}

function checkName(name: string): string {
  const parsed = annotatorId.safeParse(name);
  if (!parsed.success) throw new Error(`"${name}" cannot name an annotator: letters, digits, "-" and "_" only`);
  return parsed.data;
}

/**
 * Runs a sync, share or clone with progress and Ctrl+C; when the remote asks for a token and
 * stdin is a terminal, asks for it (not echoed) and tries once more.
 */
async function withToken<T>(tokens: MemoryTokens, run: (ctx: ReturnType<typeof terminalJob>) => Promise<T>, remote: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const ctx = terminalJob(true);
    let result: T;
    try {
      result = await run(ctx);
    } catch (e) {
      if (e instanceof JobCancelled) throw new Error('sync stopped; what was committed stays, and the next sync goes on from there');
      const asks = /asks for a token|refused the token/.test((e as Error).message);
      if (!asks || attempt > 0 || !process.stdin.isTTY) throw e;
      await tokens.set('*', await askToken(remote));
      continue;
    } finally {
      ctx.end();
    }
    const needsToken = (result as { status?: { needsToken?: boolean } }).status?.needsToken === true;
    if (!needsToken || attempt > 0 || !process.stdin.isTTY) return result;
    await tokens.set('*', await askToken(remote));
  }
}

async function askToken(remote: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const question = rl.question(`Token for ${remote} (not shown): `);
  muted = true;
  const token = (await question).trim();
  rl.close();
  process.stderr.write('\n');
  return token;
}

function printReport(report: SyncReport): void {
  console.log(report.message);
  for (const r of report.status.refused) console.log(`  not shared: ${r.message}`);
  for (const c of report.status.conflicts) console.log(`  to decide: ${c.message}${c.otherCopy ? ` (the other version: ${c.otherCopy})` : ''}`);
  const s = report.status;
  console.log(`${s.lastError ? '' : `${s.message} `}Remote: ${s.remote}; ${s.ahead} commit${s.ahead === 1 ? '' : 's'} to send.`);
  if (s.lastError) process.exitCode = 1;
}
