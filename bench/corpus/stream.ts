/**
 * Issue 14's whole-corpus figures: `validate`, `agreement` (the full report) and the Standoff
 * JSONL export of every layer, each run by the real command line in a fresh process on a
 * generated project (bench/corpus/generate.ts): bin/standoff.mjs as a user runs it, its time and
 * the peak memory and CPU time the process itself measured (bench/corpus/usage.mjs), for each corpus size side by side, with the time per
 * 1,000 documents to show the work is linear. And the cost of a save: the service's time per
 * save on a 20,000-span layer (the editor benchmark's), measured in process.
 *
 * bench/corpus.ts calls streamFigures with the corpora it generated; on its own:
 *
 *   node --import tsx bench/corpus/stream.ts [--documents 10000,100000] [--dir <folder>] [--no-save]
 *
 * generates the corpora into --dir (kept there and reused when already made; a temporary folder
 * otherwise, removed at the end). Targets are reported, not enforced (MISSED when missed).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importArticles } from '../../backend/import/importer';
import { createProject } from '../../backend/project/create';
import { StandoffService } from '../../backend/service';
import { emptyAnnotationFile, serializeAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { CodePointIndex } from '../../shared/text/codePoints';
import { textHash } from '../../shared/text/hash';
import { generateArticle, generateSpans } from '../../tests/support/corpus';
import { median, ms, quantile, verdict } from '../stats';
import { generateCorpus } from './generate';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '..', '..', 'bin', 'standoff.mjs');
const USAGE = path.join(here, 'usage.mjs');

/** Targets of issue 14, on 10,000 documents × 3 annotators × 40 spans, cold. */
const TARGET_S = { validate: 8, agreement: 6, export: 3 } as const;
const MEMORY_TARGET_MB = 300;
const SAVE_TARGET_MS = 20;
/** Linear: the time per document at the largest size within this factor of the smallest's. */
const LINEAR_FACTOR = 1.5;

export interface StreamCorpus {
  documents: number;
  root: string;
}

interface Run {
  seconds: number;
  maxRssMb: number;
  cpuSeconds: number;
  ok: boolean;
  error: string;
}

type Figure = keyof typeof TARGET_S;

const FIGURES: Array<{ figure: Figure; what: string; args: (root: string, out: string) => string[] }> = [
  { figure: 'validate', what: 'validate', args: (root) => ['validate', root] },
  { figure: 'agreement', what: 'agreement (full report)', args: (root) => ['agreement', root] },
  {
    figure: 'export',
    what: 'export Standoff JSONL, every layer',
    args: (root, out) => ['export', root, '--format', 'standoff', '--layer', 'all', '--no-agreement', '--overwrite', '--out', path.join(out, 'corpus.jsonl')],
  },
];

/** One command in a fresh process: wall time, and what the process measured of itself. */
async function runCli(args: string[], work: string): Promise<Run> {
  const usage = path.join(work, `usage-${process.pid}-${Date.now()}.json`);
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', USAGE, BIN, ...args], { env: { ...process.env, STANDOFF_BENCH_USAGE: usage }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c, stderr: err }));
  });
  const seconds = (performance.now() - started) / 1000;
  const used = JSON.parse(await readFile(usage, 'utf8')) as { maxRssBytes: number; userMs: number; systemMs: number };
  await rm(usage, { force: true });
  // validate exits 1 when it finds a problem: the generated corpus has none.
  return { seconds, maxRssMb: used.maxRssBytes / 2 ** 20, cpuSeconds: (used.userMs + used.systemMs) / 1000, ok: code === 0, error: stderr.trim().split('\n').at(-1) ?? '' };
}

/** Runs each figure on each corpus and prints them side by side. */
export async function streamFigures(corpora: readonly StreamCorpus[], print: (line: string) => void): Promise<void> {
  const sizes = [...corpora].sort((a, b) => a.documents - b.documents);
  const work = await mkdtemp(path.join(tmpdir(), 'standoff-stream-'));
  const n = (x: number) => x.toLocaleString('en-US');
  try {
    // The command line's bundle is made by the first command after a change (bin/cliBundle.mjs): made here, not timed.
    await runCli(['--help'], work);
    print(`whole-corpus work, cold (a fresh standoff process each; load average ${loadavg()[0]!.toFixed(1)} on ${n(sizes.length)} corpus size${sizes.length === 1 ? '' : 's'}):`);
    // Wall time depends on the cores: validate and the JSONL export use a worker thread per core (backend/project/corpusPool.ts).
    print(`  ${n(availableParallelism())} core${availableParallelism() === 1 ? '' : 's'}: validate and the export spread their documents over a worker thread each; CPU is the sum of all threads`);
    for (const { figure, what, args } of FIGURES) {
      const runs: Array<{ corpus: StreamCorpus; run: Run }> = [];
      for (const corpus of sizes) runs.push({ corpus, run: await runCli(args(corpus.root, work), work) });
      const cells = runs.map(({ corpus, run }) =>
        run.ok
          ? `${n(corpus.documents)} docs ${run.seconds.toFixed(1)} s (${((run.seconds / corpus.documents) * 1000).toFixed(2)} s per 1,000; CPU ${run.cpuSeconds.toFixed(1)} s), ${run.maxRssMb.toFixed(0)} MB`
          : `${n(corpus.documents)} docs FAILED: ${run.error}`,
      );
      const ten = runs.find((r) => r.corpus.documents === 10_000)?.run;
      const targets = [ten ? `${n(10_000)} < ${TARGET_S[figure]} s: ${verdict(ten.ok && ten.seconds < TARGET_S[figure])}` : `target < ${TARGET_S[figure]} s at 10,000 (not run)`];
      targets.push(`memory < ${MEMORY_TARGET_MB} MB: ${verdict(runs.every((r) => r.run.ok && r.run.maxRssMb < MEMORY_TARGET_MB))}`);
      if (runs.length > 1) {
        const first = runs[0]!;
        const last = runs.at(-1)!;
        const ratio = last.run.seconds / last.corpus.documents / (first.run.seconds / first.corpus.documents);
        targets.push(`per document ×${ratio.toFixed(2)} from ${n(first.corpus.documents)} to ${n(last.corpus.documents)} (linear: < ×${LINEAR_FACTOR}: ${verdict(ratio < LINEAR_FACTOR)})`);
      }
      print(`  ${what}: ${cells.join(' | ')}; ${targets.join('; ')}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The service's time per save on the editor benchmark's layer (a ~1 MB article, 20,000 spans),
 * each save one span added through applyEdits, as the editor sends it: durable, checked, whole.
 */
export async function saveFigures(print: (line: string) => void, saves = 200): Promise<void> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'standoff-save-'));
  try {
    const root = await createProject(path.join(tmp, 'project'), 'Save benchmark');
    await mkdir(path.join(tmp, 'input'));
    const article = path.join(tmp, 'input', 'bench-article.txt');
    await writeFile(article, generateArticle(20_240_601, 170_000));
    const docId = (await importArticles(root, [article])).imported[0]!.docId;
    const text = await readFile(path.join(root, layout.text(docId)), 'utf8');
    const index = new CodePointIndex(text);
    const spans = generateSpans(text, index, 20_000, 42, 'b');
    await mkdir(path.join(root, layout.annotationsDir(docId)), { recursive: true });
    await writeFile(path.join(root, layout.annotation(docId, 'bench')), serializeAnnotationFile({ ...emptyAnnotationFile(docId, 'bench', textHash(text)), spans }));
    const service = await StandoffService.open(root);
    try {
      await service.openDocument({ docId });
      const fresh = generateSpans(text, index, saves, 7, 'n');
      const times: number[] = [];
      for (let i = 0; i < saves; i++) {
        const t = performance.now();
        await service.applyEdits({ docId, annotator: 'bench', edits: [{ op: 'add', span: { ...fresh[i]!, id: `save${i}` } }] });
        times.push(performance.now() - t);
      }
      const first = times[0]!;
      const rest = times.slice(1);
      print(
        `save on a 20,000-span layer (service applyEdits, one span each, ${saves} saves; load average ${loadavg()[0]!.toFixed(1)}): median ${ms(median(rest))} ms, p95 ${ms(quantile(rest, 0.95))} ms, ` +
          `first ${ms(first)} ms (target median < ${SAVE_TARGET_MS} ms: ${verdict(median(rest) < SAVE_TARGET_MS)})`,
      );
    } finally {
      await service.close();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { documents: { type: 'string', default: '10000,100000' }, dir: { type: 'string' }, 'no-save': { type: 'boolean', default: false } } });
  const print = (line: string) => console.log(line);
  if (!values['no-save']) await saveFigures(print);
  const keep = values.dir !== undefined;
  const dir = values.dir ?? (await mkdtemp(path.join(tmpdir(), 'standoff-corpora-')));
  try {
    const corpora: StreamCorpus[] = [];
    for (const documents of values.documents.split(',').map(Number)) {
      const root = path.join(dir, `corpus-${documents}`);
      if (!existsSync(path.join(root, layout.manifest))) {
        const made = await generateCorpus(root, { documents });
        print(`generated ${documents.toLocaleString('en-US')} documents (${made.files.toLocaleString('en-US')} files) in ${made.seconds.toFixed(1)} s`);
      }
      corpora.push({ documents, root });
    }
    await streamFigures(corpora, print);
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
