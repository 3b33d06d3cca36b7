import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { EXPORT_FORMATS, FOLDER_FORMATS, IMPORT_FORMATS, inputSchemas, type ExportSummary, type ImportAnnotationsInput, type ImportAnnotationsResult, type ImportIssue } from '../../shared/api/contract';
import { FORMAT_OPTIONS, formatList, optionsFromCli, writesFolder } from '../../shared/interchange/formats';
import { describeIssues, FormatError } from '../../shared/format/errors';
import { startLoopbackServer } from '../http/server';
import { JobCancelled, type JobContext } from '../jobs/context';
import { parseLabelMap } from '../../shared/model/labels';
import { createProject } from '../project/create';
import { applyRepair, describeStep, planRepair } from '../project/repair';
import { readFilesInLine } from '../project/files';
import { useCorpusWorkers } from '../project/corpusPool';
import { validateProject } from '../project/validate';
import { StandoffService } from '../service';
import { formatAgreementReport, WORST_SHOWN } from './agreementTable';
import { terminalJob } from './progress';
import { addRecommendCommands } from './recommend';
import { addSyncCommands } from './sync';
import { addTeamCommands } from './team';
import { collectSooner } from '../heap';

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
    .argument('<project>', 'project folder (with --new: the folder to create it in)')
    .argument('<paths...>', 'article files (.txt, .md, .html) or folders of them; or one annotated corpus: a brat folder, a .jsonl (Prodigy/spaCy, doccano, Standoff), a .conll/.iob file, a W3C .jsonld')
    .option('--new', 'create the project first; its labels are then the corpus’s own')
    .option('--format <format>', `the corpus’s format: ${formatList(IMPORT_FORMATS)} (default: told by the files)`)
    .option('--annotator <name>', 'the layer the corpus’s annotations go into: an annotator’s name, or gold', DEFAULT_LAYER)
    .option('--add-labels', 'add labels, relation types and (brat) attributes the schema lacks, with colours and keys 1–9 while free')
    .option('--map <pairs>', 'read source labels as labels of the schema: PER=actor,ORG=actor')
    .option('--mode <mode>', 'for layers that already have spans: replace, or merge (skips exact duplicates)')
    .option('--match-only', 'bring no new documents: records that match none are listed and skipped')
    .option('--dry-run', 'check everything, write nothing')
    .description('bring texts in: articles as documents, or a corpus with its annotations (docs/IMPORT.md)')
    .action(async (projectDir: string, inputs: string[], opts: CorpusOptions) => {
      const corpus = await corpusSource(inputs, opts.format);
      if (opts.dryRun && !corpus) throw new Error('--dry-run goes with a corpus, not with articles');
      // A dry run checks against a project; a new one would have to be made first.
      if (opts.dryRun && opts.new) throw new Error('--new makes the project, which a dry run may not: check into an existing project, or import for real into a new folder');
      // What the folder held before --new made a project in it: a failed import takes the new
      // project away again (and only it), so the analyst can fix the corpus and run it again.
      const before = opts.new ? await readdir(projectDir).catch(() => null) : undefined;
      if (opts.new) console.log(`Created a Standoff project in ${await createProject(projectDir)}`);
      let service: StandoffService | null = null;
      const undoNew = async () => {
        if (before === undefined) return;
        await service?.close();
        if (before === null) await rm(projectDir, { recursive: true, force: true });
        else for (const entry of await readdir(projectDir)) if (!before.includes(entry)) await rm(path.join(projectDir, entry), { recursive: true, force: true });
        console.log(`Removed the new project in ${path.resolve(projectDir)}: nothing was imported.`);
      };
      try {
        service = await StandoffService.open(projectDir, { app: 'the command standoff import' }); // a folder without a readable manifest fails here, clearly
        const open = service;
        if (!corpus) {
          const report = await runJob('import', (ctx) => open.importArticles({ paths: inputs.map((p) => path.resolve(p)) }, ctx));
          for (const d of report.imported) {
            console.log(`imported ${d.file} → ${d.docId}${d.title ? ` (“${d.title}”)` : ''}`);
            for (const note of d.notes) console.log(`  note: ${note}`);
          }
          for (const s of report.skipped) console.log(`skipped ${s.file}: ${s.reason}`);
          console.log(`${report.imported.length} imported, ${report.skipped.length} skipped`);
          if (report.imported.length === 0) await undoNew();
          return;
        }
        const result = await runJob('import', (ctx) =>
          open.importAnnotations(
            corpusInput(corpus, opts, {
              unmatched: opts.matchOnly ? 'skip' : 'create',
              labels: { ...(opts.addLabels ? { add: true } : {}), ...(opts.new ? { only: true } : {}) },
            }),
            ctx,
          ),
        );
        process.stdout.write(formatImportResult(result));
        if (!result.ok) {
          process.exitCode = 1;
          await undoNew();
        }
      } catch (e) {
        await undoNew().catch(() => undefined);
        throw e;
      }
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
      collectSooner(); // the server's memory stays flat (backend/heap.ts)
      const service = await StandoffService.open(projectDir, { watch: true, app: 'Standoff in browser mode' });
      const server = await startLoopbackServer({ service, staticDir: RENDERER_DIR, ...(opts.port ? { port: opts.port } : {}) });
      console.log(`Standoff (browser mode) on ${path.resolve(projectDir)}`);
      console.log(`Open ${server.url}`);
      const stop = () => void Promise.all([server.close(), service.close()]).then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  program
    .command('validate')
    .argument('<project>', 'project folder')
    .option('--repair', 'remove what an interrupted import, save or export left behind (after listing it and asking)')
    .option('--yes', 'with --repair: do it without asking')
    .description('check every file of a project against the format; exit status 1 on any problem')
    .action(async (projectDir: string, opts: { repair?: boolean; yes?: boolean }) => {
      const root = path.resolve(projectDir);
      let failed = false;
      if (opts.repair) {
        const result = await repair(root, opts.yes === true);
        if (result === 'not done') {
          process.exitCode = 1;
          return;
        }
        failed = result === 'failed';
      } else if (opts.yes) {
        throw new Error('--yes goes with --repair');
      }
      readFilesInLine(); // a whole corpus, and nothing else to do meanwhile (backend/project/files.ts)
      collectSooner(); // memory flat whatever the corpus size (backend/heap.ts)
      useCorpusWorkers(); // its documents checked on every core (backend/project/corpusPool.ts)
      const report = await runJob('validate', (ctx) => validateProject(root, ctx));
      for (const p of report.problems) for (const line of p.problems) console.log(`${p.file}: ${line}`);
      const n = report.problems.reduce((sum, p) => sum + p.problems.length, 0);
      console.log(`${report.filesChecked} files checked, ${n} problem${n === 1 ? '' : 's'}`);
      if (n > 0 || failed) process.exitCode = 1;
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
      readFilesInLine();
      collectSooner();
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
      // The table shows the worst few documents: only their rows are kept (memory flat whatever the corpus size); --json has them all.
      const shown = opts.worst && opts.worst > 0 ? opts.worst : WORST_SHOWN;
      // The worker reads part of the corpus too (files in line, as here): both cores read (backend/agreement/agreement.ts).
      const run = { readInWorker: { inLine: true }, ...(opts.json ? {} : { documentRows: shown }) };
      const report = await runJob('agreement', (ctx) => service.agreement(parsed.data, ctx, run), !opts.json);
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatAgreementReport(report, { documents: shown }));
    });

  const exportCommand = program
    .command('export')
    .argument('<project>', 'project folder')
    .requiredOption('--format <format>', formatList(EXPORT_FORMATS))
    .requiredOption('--out <path>', `the file to write (${formatList(EXPORT_FORMATS.filter((f) => !writesFolder(f)))}) or the folder (${formatList(FOLDER_FORMATS)})`)
    .option('--layer <layer>', 'gold (default), all (every annotator), or an annotator’s name', 'gold')
    .option('--labels <ids>', 'only these labels, comma-separated', list)
    .option('--docs <docs>', 'all (default), finished, or document ids, comma-separated', 'all')
    .option('--overwrite', 'replace a non-empty file, or a folder a Standoff export wrote')
    .option('--no-agreement', 'leave agreement out of the dataset card')
    .option('--date <yyyy-mm-dd>', 'a date for the dataset card (none by default: the same project gives the same bytes)');
  // Each format's options, from the format table (shared/interchange/formats.ts).
  for (const o of FORMAT_OPTIONS) exportCommand.option(o.flag, `${o.format}: ${o.help}`);
  exportCommand
    .description('export a dataset (docs/EXPORT.md), with a dataset card beside it')
    .action(async (projectDir: string, opts: ExportOptions) => {
      readFilesInLine();
      collectSooner();
      useCorpusWorkers(); // a JSONL export of a corpus is made on every core (backend/export/parallel.ts)
      const service = await StandoffService.open(projectDir);
      const parsed = inputSchemas.exportDataset.safeParse(exportInput(opts));
      if (!parsed.success) {
        const option: Record<string, string> = { format: '--format', out: '--out', layer: '--layer', labels: '--labels', documents: '--docs', date: '--date', options: 'option' };
        const issues = parsed.error.issues.map((i) => ({ ...i, path: [option[String(i.path[0])] ?? String(i.path[0]), ...i.path.slice(1)] }));
        throw new Error(`invalid export: ${describeIssues(issues).join('; ')}`);
      }
      const summary = await runJob('exporting', (ctx) => service.exportDataset(parsed.data, ctx));
      process.stdout.write(formatExportSummary(summary));
    });

  program
    .command('import-annotations')
    .argument('<project>', 'project folder')
    .argument('<path>', 'a .jsonl, .json, .jsonld or .conll file; for brat a folder of .ann (and .txt) files, or one .ann')
    .option('--format <format>', `${formatList(IMPORT_FORMATS)} (default: told by the file)`)
    .requiredOption('--annotator <name>', 'the layer to import into: an annotator’s name, or gold')
    .option('--mode <mode>', 'for layers that already have spans: replace, or merge (skips exact duplicates)')
    .option('--skip-unmatched', 'list records that match no document and import the rest (default: a problem)')
    .option('--create-documents', 'make a document of each record that matches none (as standoff import does)')
    .option('--add-labels', 'add labels, relation types and (brat) attributes the schema lacks')
    .option('--map <pairs>', 'read source labels as labels of the schema: PER=actor,ORG=actor')
    .option('--dry-run', 'check everything, write nothing')
    .option('--base <iri>', 'w3c: the base of the IRIs, if the export used one')
    .option('--source <iri=document>', 'w3c: the document a target source (a web address) is, repeatable', (v: string, all: string[] = []) => [...all, v])
    .description('import annotations into one layer of the project’s documents, all or nothing (docs/IMPORT.md)')
    .action(async (projectDir: string, source: string, opts: CorpusOptions & { skipUnmatched?: boolean; createDocuments?: boolean; base?: string; source?: string[] }) => {
      const service = await StandoffService.open(projectDir, { app: 'the command standoff import-annotations' });
      const unmatched = opts.createDocuments ? 'create' : opts.skipUnmatched ? 'skip' : undefined;
      const w3cSources = opts.source ? Object.fromEntries(opts.source.map((pair) => [pair.slice(0, pair.lastIndexOf('=')), pair.slice(pair.lastIndexOf('=') + 1)])) : undefined;
      const input = corpusInput(path.resolve(source), opts, { ...(unmatched ? { unmatched } : {}), labels: opts.addLabels ? { add: true } : {}, ...(opts.base ? { w3cBase: opts.base } : {}), ...(w3cSources ? { w3cSources } : {}) });
      const result = await runJob('import', (ctx) => service.importAnnotations(input, ctx));
      process.stdout.write(formatImportResult(result));
      if (!result.ok) process.exitCode = 1;
    });

  addSyncCommands(program);
  addTeamCommands(program);
  addRecommendCommands(program);
  return program;
}

export function formatImportResult(r: ImportAnnotationsResult): string {
  const where = (i: Pick<ImportIssue, 'file' | 'line'>) => `${i.file}${i.line !== undefined ? `:${i.line}` : ''}`;
  const lines: string[] = [];
  if (!r.ok) {
    for (const p of r.problems) lines.push(`${where(p)}: ${p.message}`);
    if (r.more) lines.push(`… and ${r.more} more problems`);
    for (const w of r.warnings) lines.push(`warning: ${where(w)}: ${w.message}`);
    lines.push(`Nothing imported: ${r.problems.length + r.more} problem${r.problems.length + r.more === 1 ? '' : 's'} (${r.format} into ${r.annotator}).`);
    return `${lines.join('\n')}\n`;
  }
  const schema = r.schema ?? { labels: [], relations: [], attributes: [], mapped: {} };
  if (schema.labels.length) lines.push(`${r.dryRun ? 'would add' : 'added'} label${schema.labels.length === 1 ? '' : 's'}: ${schema.labels.join(', ')}`);
  if (schema.relations.length) lines.push(`${r.dryRun ? 'would add' : 'added'} relation type${schema.relations.length === 1 ? '' : 's'}: ${schema.relations.join(', ')}`);
  if (schema.attributes.length) lines.push(`${r.dryRun ? 'would add' : 'added'} attribute${schema.attributes.length === 1 ? '' : 's'}: ${schema.attributes.join(', ')}`);
  const mapped = Object.entries(schema.mapped);
  if (mapped.length) lines.push(`labels read as: ${mapped.map(([from, to]) => `${from} → ${to}`).join(', ')}`);
  const named = new Map((r.created ?? []).map((c) => [c.docId, c.name]));
  for (const d of r.documents) {
    const extra = [d.duplicates ? `${d.duplicates} duplicates skipped` : '', d.replaced ? `replacing ${d.replaced.spans} spans, ${d.replaced.relations} relations, ${d.replaced.orphans} orphans` : ''].filter(Boolean).join('; ');
    const how = d.matchedBy === 'new' ? `new document${named.get(d.docId) !== d.docId ? `, named "${named.get(d.docId)}" in the source (id rule: docs/IMPORT.md)` : ''}` : `by ${d.matchedBy}`;
    lines.push(`${d.docId} ← ${where(d)} (${how}): ${d.spans} spans, ${d.relations} relations${extra ? `; ${extra}` : ''}`);
  }
  const skipped = r.skipped ?? { reject: 0, ignore: 0 };
  if (skipped.reject || skipped.ignore) lines.push(`left out: ${skipped.reject} task${skipped.reject === 1 ? '' : 's'} answered reject, ${skipped.ignore} answered ignore (Prodigy: not annotations)`);
  for (const u of r.unmatched) lines.push(`skipped ${where(u)}: ${u.message}`);
  for (const w of r.warnings) lines.push(`warning: ${where(w)}: ${w.message}`);
  lines.push(
    `${r.dryRun ? 'Checked (dry run, nothing written)' : 'Imported'}: ${r.documents.length} document${r.documents.length === 1 ? '' : 's'}${r.created?.length ? ` (${r.created.length} new)` : ''}, ${r.spans} spans, ${r.relations} relations into ${r.annotator}` +
      `${r.duplicates ? `; ${r.duplicates} duplicates skipped` : ''}${r.unmatched.length ? `; ${r.unmatched.length} unmatched skipped` : ''} (${r.format}).`,
  );
  return `${lines.join('\n')}\n`;
}

/** The layer a corpus goes into when --annotator is not given. */
const DEFAULT_LAYER = 'imported';

interface CorpusOptions {
  new?: boolean;
  format?: string;
  annotator: string;
  addLabels?: boolean;
  map?: string;
  mode?: string;
  matchOnly?: boolean;
  dryRun?: boolean;
}

/**
 * The corpus among `standoff import`'s paths: one path that is a brat folder (it holds .ann
 * files), an annotation file (.jsonl, .json, .jsonld, .ann, .conll, .iob…), or anything with
 * --format. Null: they are articles. Several paths with a corpus among them are refused.
 */
async function corpusSource(inputs: string[], format: string | undefined): Promise<string | null> {
  const isCorpus = async (p: string) => {
    const info = await stat(p).catch(() => null);
    if (!info) return false;
    if (info.isDirectory()) return (await readdir(p)).some((n) => n.endsWith('.ann'));
    return !/\.(txt|text|md|markdown|html?)$/i.test(p);
  };
  const flags = await Promise.all(inputs.map(isCorpus));
  if (format === undefined && !flags.some(Boolean)) return null;
  if (inputs.length !== 1) throw new Error('a corpus is imported one at a time: give one folder or file (articles can be several)');
  return path.resolve(inputs[0] as string);
}

/** The service's input for a corpus, checked by the contract's schema; the options named as the command names them. */
function corpusInput(source: string, opts: CorpusOptions, extra: Record<string, unknown>): ImportAnnotationsInput {
  let map: Record<string, string> | undefined;
  if (opts.map !== undefined) {
    const parsed = parseLabelMap(opts.map);
    if (parsed.problems.length) throw new Error(`--map: ${parsed.problems.join('; ')}`);
    map = parsed.map;
  }
  const labels = { ...((extra.labels as object | undefined) ?? {}), ...(map ? { map } : {}) };
  const parsed = inputSchemas.importAnnotations.safeParse({
    path: source,
    ...(opts.format ? { format: opts.format } : {}),
    annotator: opts.annotator,
    ...(opts.mode ? { mode: opts.mode } : {}),
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...extra,
    ...(Object.keys(labels).length ? { labels } : { labels: undefined }),
  });
  if (!parsed.success) {
    const option: Record<string, string> = { path: '<path>', format: '--format', annotator: '--annotator', mode: '--mode', w3cBase: '--base', labels: '--map', w3cSources: '--source' };
    const issues = parsed.error.issues.map((i) => ({ ...i, path: [option[String(i.path[0])] ?? String(i.path[0])] }));
    throw new Error(`invalid import: ${describeIssues(issues).join('; ')}`);
  }
  return parsed.data as ImportAnnotationsInput;
}

interface ExportOptions {
  format: string;
  out: string;
  layer: string;
  labels?: string[];
  docs: string;
  overwrite?: boolean;
  agreement: boolean;
  date?: string;
  /** Each format's own flags (FORMAT_OPTIONS), read by optionsFromCli. */
  [flag: string]: unknown;
}

/**
 * `validate --repair`: lists what it will remove, put back or keep, one line each; asks (on a
 * terminal) unless `yes`; then does it and prints what it did. 'not done': asked and declined,
 * or not a terminal and no --yes; 'failed': something could not be done (it says what).
 */
async function repair(root: string, yes: boolean): Promise<'done' | 'not done' | 'failed'> {
  if (!existsSync(path.join(root, 'standoff.json'))) {
    throw new Error(`no Standoff project here (${root} has no standoff.json)`);
  }
  const plan = await planRepair(root);
  const todo = plan.steps.filter((s) => s.action !== 'keep').length;
  if (plan.steps.length === 0) console.log('Nothing to repair: no leftovers of an interrupted import, save or export.');
  for (const step of plan.steps) console.log(describeStep(step));
  if (todo === 0) {
    if (plan.steps.length) console.log('Nothing to remove or put back now.');
    return 'done';
  }
  const what = todo === 1 ? 'this item' : `these ${todo} items`;
  if (!yes) {
    if (!process.stdin.isTTY) {
      console.log(`Nothing was changed: add --yes to remove or put back ${what} without being asked.`);
      return 'not done';
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`Remove or put back ${what}? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      console.log('Nothing was changed.');
      return 'not done';
    }
  }
  const outcome = await applyRepair(plan);
  for (const line of outcome.done) console.log(line);
  for (const line of outcome.failed) console.log(`could not repair ${line}`);
  console.log('Validating again:');
  return outcome.failed.length === 0 ? 'done' : 'failed';
}

/** The service's input from the command's options (validated by the contract's schema after). */
function exportInput(opts: ExportOptions): unknown {
  const docs = opts.docs.trim();
  const options = optionsFromCli(opts as unknown as Record<string, unknown>);
  return {
    format: opts.format,
    out: path.resolve(opts.out),
    layer: opts.layer === 'gold' ? { kind: 'gold' } : opts.layer === 'all' ? { kind: 'all' } : { kind: 'annotator', annotator: opts.layer },
    ...(opts.labels ? { labels: opts.labels } : {}),
    documents: docs === 'all' ? { kind: 'all' } : docs === 'finished' ? { kind: 'finished' } : { kind: 'list', docIds: docs.split(',').map((d) => d.trim()).filter(Boolean) },
    ...(opts.overwrite ? { overwrite: true } : {}),
    ...(opts.agreement === false ? { agreement: false } : {}),
    ...(opts.date ? { date: opts.date } : {}),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

/**
 * Runs a long job from the command line: progress on stderr when it is a terminal, Ctrl+C
 * cancels it (the job stops between items and removes what it wrote).
 */
async function runJob<T>(what: string, job: (ctx: JobContext) => Promise<T>, showProgress = true): Promise<T> {
  const ctx = terminalJob(showProgress);
  try {
    return await job(ctx);
  } catch (e) {
    if (e instanceof JobCancelled) throw new Error(`${what} cancelled; nothing was written`);
    throw e;
  } finally {
    ctx.end();
  }
}

export function formatExportSummary(s: ExportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `Exported ${n(s.documents)} document${s.documents === 1 ? '' : 's'} (${n(s.layers)} layer${s.layers === 1 ? '' : 's'}) as ${s.format} to ${s.out}`,
    `  ${n(s.spans)} spans and ${n(s.relations)} relations written; ${n(s.fileCount)} file${s.fileCount === 1 ? '' : 's'}, ${sizeOf(s.bytes)}, in ${(s.elapsedMs / 1000).toFixed(1)} s`,
    `  spans per label: ${Object.entries(s.byLabel).map(([l, c]) => `${l} ${n(c)}`).join(', ') || 'none'}`,
    `  spans per layer: ${Object.entries(s.byLayer).map(([l, c]) => `${l} ${n(c)}`).join(', ') || 'none'}`,
  ];
  if (s.selection.notFinished) lines.push(`  not finished, left out: ${n(s.selection.notFinished)} layer${s.selection.notFinished === 1 ? '' : 's'}`);
  if (s.dropped.total) lines.push(`  left out or changed: ${n(s.dropped.total)} (${Object.entries(s.dropped.byReason).map(([r, c]) => `${r} ${n(c)}`).join(', ')})`);
  if (s.notCarried.attributes || s.notCarried.relations) lines.push(`  not carried by the format: ${n(s.notCarried.attributes)} attribute values, ${n(s.notCarried.relations)} relations`);
  lines.push(`  agreement: ${s.agreement.included ? 'in the card' : `not in the card: ${s.agreement.reason}`}`);
  lines.push(`  card: ${s.card}`);
  if (s.droppedList) lines.push(`  dropped list: ${s.droppedList}`);
  return `${lines.join('\n')}\n`;
}

function sizeOf(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : bytes < 1 << 20 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1 << 20)).toFixed(1)} MB`;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    console.error(`standoff: ${e instanceof FormatError ? e.message : (e as Error).message}`);
    process.exitCode = 2;
  }
}
