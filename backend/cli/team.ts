/**
 * `standoff assign` and `standoff status`: who codes which documents, and where everyone stands
 * (docs/TEAM.md). The options are turned into the service's argument and checked against the
 * contract's schemas, with problems named after the options.
 */
import type { Command } from 'commander';
import { inputSchemas, type AssignmentChange, type DocumentProgress, type TeamProgress, type WorkStatus } from '../../shared/api/contract';
import { describeIssues } from '../../shared/format/errors';
import { StandoffService } from '../service';

const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

interface AssignOptions {
  as?: string;
  annotators?: string[];
  perDocument?: string;
  overlapShare?: string;
  overlapPerDocument?: string;
  order?: string;
  seed?: string;
  replace?: boolean;
  dryRun?: boolean;
  docs?: string[];
  set?: string[];
  add?: string[];
  remove?: string[];
}

export function addTeamCommands(program: Command): void {
  program
    .command('assign')
    .argument('<project>', 'project folder')
    .option('--as <name>', 'who you are: a curator named in team.json (default: who synced here last)')
    .option('--annotators <names>', 'plan: deal the documents out to these annotators, comma-separated', list)
    .option('--per-document <n>', 'plan: annotators on each document (default 1)')
    .option('--overlap-share <share>', 'plan: share of documents coded by more annotators, to measure agreement: 0.2 or 20% (default 0)')
    .option('--overlap-per-document <n>', 'plan: annotators on each overlap document (default 2)')
    .option('--order <order>', 'plan: random (a seeded shuffle) or in-order (default random)')
    .option('--seed <seed>', 'plan: the seed of a random plan (the same seed gives the same plan; default: a new one, printed)')
    .option('--replace', 'plan: deal out every document again, not only those nobody has yet')
    .option('--dry-run', 'plan: say what would be done, document by document, and write nothing')
    .option('--docs <ids>', 'by hand: these documents, comma-separated, with --set, --add or --remove', list)
    .option('--set <names>', 'by hand: exactly these annotators on --docs ("" for nobody)', list)
    .option('--add <names>', 'by hand: add these annotators to --docs', list)
    .option('--remove <names>', 'by hand: remove these annotators from --docs', list)
    .description('assign documents to annotators: a plan (--annotators …) or a change by hand (--docs … --set/--add/--remove); without options, show the assignment')
    .action(async (projectDir: string, opts: AssignOptions) => {
      const service = await StandoffService.open(projectDir, { app: 'the command standoff assign' });
      try {
        const manual = (['set', 'add', 'remove'] as const).filter((m) => opts[m] !== undefined);
        const planning = opts.annotators !== undefined;
        if (manual.length > 1) throw new Error('give one of --set, --add and --remove');
        if (manual.length && planning) throw new Error('a plan (--annotators) and a change by hand (--set, --add, --remove) are two commands: run them one after the other');
        if (opts.docs && !manual.length) throw new Error('--docs goes with --set, --add or --remove');
        if (manual.length && !opts.docs) throw new Error(`--${manual[0]} needs --docs: the documents to change`);
        if (!planning) for (const o of ['perDocument', 'overlapShare', 'overlapPerDocument', 'order', 'seed', 'replace', 'dryRun'] as const) if (opts[o] !== undefined) throw new Error(`--${kebab(o)} goes with a plan: give --annotators too`);
        if (!planning && !manual.length) {
          process.stdout.write(formatAssignment(await service.teamProgress({ offset: 0, limit: 0 })));
          return;
        }
        const by = await whoAmI(service, opts.as);
        let change: AssignmentChange;
        if (planning) {
          const parsed = inputSchemas.planAssignment.safeParse({
            by,
            plan: {
              annotators: opts.annotators,
              perDocument: number(opts.perDocument ?? '1'),
              overlapShare: share(opts.overlapShare ?? '0'),
              overlapPerDocument: number(opts.overlapPerDocument ?? '2'),
              order: opts.order ?? 'random',
              ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
              ...(opts.replace ? { keepExisting: false } : {}),
            },
            ...(opts.dryRun ? { dryRun: true } : {}),
          });
          if (!parsed.success) throw new Error(`invalid plan: ${named(parsed.error.issues)}`);
          change = await service.planAssignment(parsed.data);
        } else {
          const mode = manual[0]!;
          const parsed = inputSchemas.reassign.safeParse({ docIds: opts.docs, annotators: opts[mode], mode, by });
          if (!parsed.success) throw new Error(`invalid change: ${named(parsed.error.issues)}`);
          change = await service.reassign(parsed.data);
        }
        if (opts.dryRun) for (const [docId, names] of Object.entries(change.assignment.documents)) console.log(`  ${docId}: ${names.join(', ')}`);
        console.log(change.message);
      } finally {
        await service.close();
      }
    });

  program
    .command('status')
    .argument('<project>', 'project folder')
    .option('--documents', 'also list every document: who is assigned and where each annotator stands')
    .option('--json', 'print the team progress as JSON')
    .description('where the team stands: per annotator, documents assigned, finished, in progress, not started, spans and last sync')
    .action(async (projectDir: string, opts: { documents?: boolean; json?: boolean }) => {
      const service = await StandoffService.open(projectDir, { app: 'the command standoff status' });
      try {
        // Every document's row when they are printed: the service is in this process, and the
        // pages bound what a door sends (each page walks every document: one walk here, not one
        // per thousand documents).
        const progress = await service.teamProgress({ offset: 0, limit: opts.json || opts.documents ? Number.MAX_SAFE_INTEGER : 0 });
        if (opts.json) {
          // As it was printed before the service answered in pages.
          const { annotators, documents, unassigned, curators } = progress;
          process.stdout.write(`${JSON.stringify({ annotators, documents, unassigned, curators }, null, 2)}\n`);
          return;
        }
        const sync = await service.syncStatus();
        process.stdout.write(formatStatus(progress, sync.shared ? `Shared with ${sync.remote}: ${sync.message}` : 'Not shared: every time of last sync is "never".'));
        if (opts.documents) process.stdout.write(`\n${progress.documents.map((d) => `${documentLine(d)}\n`).join('')}`);
      } finally {
        await service.close();
      }
    });
}

/** Who changes the assignment: --as, else who synced here last, else STANDOFF_ANNOTATOR. */
async function whoAmI(service: StandoffService, as: string | undefined): Promise<string> {
  const who = as ?? (await service.syncStatus()).annotator ?? process.env.STANDOFF_ANNOTATOR;
  if (!who) throw new Error('say who you are: --as <name> (a curator named in team.json)');
  return who;
}

function number(v: string): number {
  return /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
}

/** "0.2", "20%" → 0.2. */
function share(v: string): number {
  const t = v.trim();
  if (/^\d+(\.\d+)?%$/.test(t)) return Number(t.slice(0, -1)) / 100;
  return /^\d*\.?\d+$/.test(t) ? Number(t) : Number.NaN;
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const OPTION: Record<string, string> = {
  annotators: '--annotators',
  perDocument: '--per-document',
  overlapShare: '--overlap-share',
  overlapPerDocument: '--overlap-per-document',
  order: '--order',
  seed: '--seed',
  by: '--as',
  docIds: '--docs',
};

/** Schema problems named after the options: "--per-document: expected number, received NaN". */
function named(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return describeIssues(
    issues.map((i) => {
      const path = i.path[0] === 'plan' ? i.path.slice(1) : i.path;
      const head = String(path[0] ?? '');
      return { ...i, path: [OPTION[head] ?? (head === 'annotators' ? '--set/--add/--remove' : head), ...path.slice(1)] };
    }),
  ).join('; ');
}

const mark: Record<WorkStatus, string> = { finished: 'finished', 'in-progress': 'in progress', 'not-started': 'not started' };

function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return iso.slice(0, 10);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

/** The counts and the table per annotator (`status`; the documents' lines come after, `documentLine`). */
export function formatStatus(p: TeamProgress, syncLine: string): string {
  const lines: string[] = [];
  const n = p.total;
  lines.push(`${n} document${n === 1 ? '' : 's'}; ${p.unassigned} unassigned; ${p.adjudicated} adjudicated. Curators: ${p.curators.length ? p.curators.join(', ') : 'none named (anyone may assign)'}.`);
  lines.push(syncLine);
  if (p.annotators.length) {
    lines.push('');
    lines.push(
      table([
        ['annotator', 'assigned', 'finished', 'in progress', 'not started', 'spans', 'last sync'],
        ...p.annotators.map((a) => [a.annotator, String(a.assigned), String(a.finished), String(a.inProgress), String(a.notStarted), String(a.spans), ago(a.lastSync)]),
      ]),
    );
  } else lines.push('No annotator has a layer or an assignment yet.');
  return `${lines.join('\n')}\n`;
}

/** One document's line of `status --documents`. */
function documentLine(d: DocumentProgress): string {
  const who = Object.entries(d.status).map(([a, s]) => `${a}${d.assigned.includes(a) ? '' : ' (not assigned)'} ${mark[s]}`);
  const missing = d.assigned.length ? '' : 'unassigned; ';
  return `${d.docId}${d.title ? ` “${d.title}”` : ''}: ${missing}${who.join(', ') || 'nobody yet'}${d.adjudicated ? '; adjudicated' : ''}`;
}

function formatAssignment(p: TeamProgress): string {
  const assigned = p.total - p.unassigned;
  if (assigned === 0) return `No document is assigned yet (${p.total} in the project). Plan: standoff assign <project> --annotators a,b,c --as <curator>\n`;
  const lines = [`${assigned} of ${p.total} documents assigned; ${p.unassigned} unassigned.`];
  for (const a of p.annotators) if (a.assigned) lines.push(`  ${a.annotator}: ${a.assigned} document${a.assigned === 1 ? '' : 's'} (${a.finished} finished)`);
  return `${lines.join('\n')}\n`;
}
