import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { inputSchemas } from '../../shared/api/contract';
import { describeIssues, FormatError } from '../../shared/format/errors';
import { startLoopbackServer } from '../http/server';
import { createProject } from '../project/create';
import { validateProject } from '../project/validate';
import { StandoffService } from '../service';
import { formatAgreementReport } from './agreementTable';
import { terminalJob } from './progress';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The sample project that ships in the repository, opened when no folder is given. */
export const SAMPLE_PROJECT = path.join(repoRoot, 'annotations');
/** Where `npm run build` puts the renderer. */
export const RENDERER_DIR = path.join(repoRoot, 'dist', 'renderer');

export function buildCli(): Command {
  const program = new Command('standoff')
    .description('Standoff: annotate news reports, compare annotators, export datasets.')
    .showHelpAfterError();

  program
    .command('new')
    .argument('<dir>', 'folder for the new project')
    .option('--name <name>', 'project name (default: the folder name)')
    .description('create an empty project with the default label schema')
    .action(async (dir: string, opts: { name?: string }) => {
      const root = await createProject(dir, opts.name);
      console.log(`Created a Standoff project in ${root}`);
    });

  program
    .command('import')
    .argument('<project>', 'project folder')
    .argument('<files...>', 'article files (.txt, .md, .html) or folders of them')
    .description('import articles as documents of the project')
    .action(async (projectDir: string, inputs: string[]) => {
      const service = await StandoffService.open(projectDir); // a folder without a readable manifest fails here, clearly
      const job = terminalJob(true);
      const report = await service.importArticles({ paths: inputs.map((p) => path.resolve(p)) }, job).finally(() => job.end());
      for (const d of report.imported) {
        console.log(`imported ${d.file} → ${d.docId}${d.title ? ` (“${d.title}”)` : ''}`);
        for (const note of d.notes) console.log(`  note: ${note}`);
      }
      for (const s of report.skipped) console.log(`skipped ${s.file}: ${s.reason}`);
      console.log(`${report.imported.length} imported, ${report.skipped.length} skipped`);
    });

  program
    .command('serve')
    .argument('[project]', 'project folder', SAMPLE_PROJECT)
    .option('--port <port>', 'port on 127.0.0.1 (default: any free port)', (v) => Number.parseInt(v, 10))
    .description('serve the app in browser mode on 127.0.0.1')
    .action(async (projectDir: string, opts: { port?: number }) => {
      if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
        throw new Error(`the app is not built (${RENDERER_DIR} is missing): run "npm run build" first`);
      }
      const service = await StandoffService.open(projectDir);
      const server = await startLoopbackServer({ service, staticDir: RENDERER_DIR, ...(opts.port ? { port: opts.port } : {}) });
      console.log(`Standoff (browser mode) on ${path.resolve(projectDir)}`);
      console.log(`Open ${server.url}`);
      const stop = () => void server.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  program
    .command('validate')
    .argument('<project>', 'project folder')
    .description('check every file of a project against the format; exit status 1 on any problem')
    .action(async (projectDir: string) => {
      const report = await validateProject(path.resolve(projectDir));
      for (const p of report.problems) for (const line of p.problems) console.log(`${p.file}: ${line}`);
      const n = report.problems.reduce((sum, p) => sum + p.problems.length, 0);
      console.log(`${report.filesChecked} files checked, ${n} problem${n === 1 ? '' : 's'}`);
      if (n > 0) process.exitCode = 1;
    });

  const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);
  program
    .command('agreement')
    .argument('<project>', 'project folder')
    .option('--json', 'print the report as JSON (its shape: docs/AGREEMENT-REPORT.md)')
    .option('--annotators <names>', 'only these annotators, comma-separated', list)
    .option('--labels <ids>', 'only these labels, comma-separated', list)
    .option('--docs <ids>', 'only these documents, comma-separated', list)
    .option('--worst <n>', 'how many of the worst documents to list (default 10)', (v) => Number.parseInt(v, 10))
    .description('agreement between annotators: span F1, α_U, α and κ per label, annotator pair and document, attributes and relations')
    .action(async (projectDir: string, opts: { json?: boolean; annotators?: string[]; labels?: string[]; docs?: string[]; worst?: number }) => {
      const service = await StandoffService.open(projectDir);
      const parsed = inputSchemas.agreement.safeParse({
        ...(opts.annotators ? { annotators: opts.annotators } : {}),
        ...(opts.labels ? { labels: opts.labels } : {}),
        ...(opts.docs ? { docIds: opts.docs } : {}),
      });
      if (!parsed.success) {
        // Named as the options are: --annotators, --labels, --docs.
        const option: Record<string, string> = { annotators: '--annotators', labels: '--labels', docIds: '--docs' };
        const issues = parsed.error.issues.map((i) => ({ ...i, path: [option[String(i.path[0])] ?? String(i.path[0])] }));
        throw new Error(`invalid filter: ${describeIssues(issues).join('; ')}`);
      }
      const job = terminalJob(!opts.json);
      const report = await service.agreement(parsed.data, job).finally(() => job.end());
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatAgreementReport(report, opts.worst && opts.worst > 0 ? { documents: opts.worst } : {}));
    });

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    console.error(`standoff: ${e instanceof FormatError ? e.message : (e as Error).message}`);
    process.exitCode = 2;
  }
}
