/**
 * `npm run bench:corpus` (issue 14): a project of 10,000 and one of 100,000 documents × 3
 * annotators × ~40 spans generated on disk (bench/corpus/generate.ts; the generation time is
 * printed), then opened as the app's server opens it, each step in a fresh process so that its
 * memory is its own (bench/corpus/open.ts):
 *
 * - the document list before the index (every document and layer read; 10,000 only: at 100,000
 *   it needs minutes and gigabytes);
 * - the index built from nothing (the first opening ever of a project);
 * - first open with the index on disk: the first page of the list, then the check of every
 *   document's files in the background, the whole list (listDocuments);
 * - warm: the same again, a page in the middle, filters and sorts, words of titles and texts;
 * - team progress and an annotator's queue (issue 12), a page of each, from the index;
 * - one document opened;
 * - memory: RSS after opening, after the check, at the end, and the peak, measured by the process.
 *
 *   node --import tsx bench/corpus.ts [sizes]     sizes: "10000" (in `npm run bench`), "10000,100000" (bench:corpus, the default)
 *
 * CORPUS_DIR=<folder>: keep the generated projects there and use them again next time.
 * CORPUS_TEXT_SEARCH=0: leave out the search of every text.
 * CORPUS_TRACE=1: each opening prints its memory after every step (stderr).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForBench } from './corpus/bundle';
import { generateCorpus } from './corpus/generate';
import { saveFigures, streamFigures } from './corpus/stream';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const keep = process.env.CORPUS_DIR;
const base = keep ?? (await mkdtemp(path.join(tmpdir(), 'standoff-bench-corpus-')));

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

// Each opening runs bundled, as the app's server does (bench/corpus/bundle.ts says why).
const opener = await bundleForBench(path.join(here, 'corpus', 'open.ts'));

function child(dir: string, mode?: string): Record<string, number> {
  const out = execFileSync(process.execPath, [opener, dir, ...(mode ? [mode] : [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
}

try {
  for (const documents of SIZES) {
    const dir = path.join(base, `corpus-${documents}`);
    const n = documents.toLocaleString('en-US');
    if (existsSync(path.join(dir, 'standoff.json'))) {
      console.log(`corpus of ${n} documents: using ${dir} (generated before)`);
    } else {
      const g = await generateCorpus(dir, { documents });
      console.log(
        `corpus of ${n} documents × 3 annotators: ${g.layers.toLocaleString('en-US')} layers, ${g.spans.toLocaleString('en-US')} spans, ${g.files.toLocaleString('en-US')} files ` +
          `(${(g.textBytes / 2 ** 20).toFixed(0)} MB of text, ${(g.annotationBytes / 2 ** 20).toFixed(0)} MB of annotations), generated in ${g.seconds.toFixed(1)} s`,
      );
    }
    if (documents <= 20_000) {
      const before = child(dir, 'before');
      console.log(`  before the index: listDocuments read every document and layer: ${s(before.listBefore!)}, RSS ${before.rss!.toFixed(0)} MB (kept)`);
    } else {
      console.log('  before the index: not measured at this size (every document and layer read and kept: minutes and gigabytes)');
    }
    const built = child(dir, 'build');
    console.log(`  index built from nothing (first opening ever): ${s(built.firstPage!)}, peak RSS ${built.peakRss!.toFixed(0)} MB`);
    const o = child(dir);
    console.log(`  first open, index on disk: list's first page in ${s(o.firstPage!)} (target < 5 s: ${verdict(o.firstPage! < 5000)}), RSS ${o.rssAfterOpen!.toFixed(0)} MB`);
    console.log(`  check of every document's files in the background: ${s(o.check!)} (${o.changedFound} changed), RSS ${o.rssAfterCheck!.toFixed(0)} MB`);
    console.log(`  whole list (listDocuments, ${o.listed!.toLocaleString('en-US')} summaries): ${ms(o.listAll!)}; warm ${ms(o.warmListAll!)}`);
    console.log(`  warm: first page ${ms(o.warmPage!)} (target < 1 s: ${verdict(o.warmPage! < 1000)}), a page in the middle ${ms(o.scrollPage!)}`);
    console.log(
      `  warm queries: status+annotator ${ms(o.filterStatus!)}, sort by a label's count ${ms(o.sortLabel!)}, by title ${ms(o.sortTitle!)}, ` +
        `unsettled disagreements ${ms(o.disagreement!)}, words of titles ${ms(o.titleWords!)}${o.textWords !== undefined ? `, a word of the texts (every text read) ${s(o.textWords)}` : ''}`,
    );
    console.log(
      `  team progress, a page of 100 rows with every document counted (the curator's matrix) ${ms(o.teamProgress!)}, warm ${ms(o.warmTeamProgress!)}, a page in the middle ${ms(o.teamProgressMiddle!)}; ` +
        `a page of a queue ${ms(o.myQueue!)}, warm ${ms(o.warmMyQueue!)} (target < 1 s warm: ${verdict(o.warmTeamProgress! < 1000 && o.warmMyQueue! < 1000)}; every layer file read before: 10,000 documents 11–17 s and 3.6–6.6 s)`,
    );
    console.log(`  one document opened: ${ms(o.openDocument!)}, the next ${ms(o.openDocument2!)} (target < 100 ms: ${verdict(o.openDocument! < 100 && o.openDocument2! < 100)})`);
    console.log(
      `  a save taken into the index: ${o.indexPerSave!.toFixed(1)} ms median of 20, ${o.documentsReadBySaves} documents read (the first save on a document reads it once; ` +
        `reading it again after every save, as before, cost ${o.readEntryPerSave!.toFixed(1)} ms each)`,
    );
    const peak = Math.max(o.peakRss!, built.peakRss!);
    console.log(`  server memory: RSS ${o.rssEnd!.toFixed(0)} MB at the end, peak ${o.peakRss!.toFixed(0)} MB opening, ${built.peakRss!.toFixed(0)} MB building (target < 300 MB: ${verdict(peak < 300)})`);
  }
  // Whole-corpus work (validate, agreement, export) on the same projects side by side, and the cost of a save.
  await streamFigures(SIZES.map((documents) => ({ documents, root: path.join(base, `corpus-${documents}`) })), console.log).then(() => saveFigures(console.log));
} finally {
  if (!keep) await rm(base, { recursive: true, force: true });
  await rm(path.dirname(opener), { recursive: true, force: true });
}
