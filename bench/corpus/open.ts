/**
 * One opening of a corpus project in a fresh process, as the app's server opens it: prints one
 * JSON line of figures for bench/corpus.ts (times in ms, memory in MB measured by this process).
 *
 *   node --import tsx bench/corpus/open.ts <project> [build]
 *
 * "build": the index is removed first and built from the files (the first opening ever).
 * "before": the list as listDocuments made it before the index (every document and layer read
 * and kept), for the before/after figures.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Project } from '../../backend/project/project';
import { readChoice } from '../../backend/review/choice';
import { collectSooner } from '../../backend/heap';
import { StandoffService } from '../../backend/service';
import { readEntry } from '../../backend/index/entry';
import { spanOver } from '../../tests/support/spans';
import { median } from '../stats';
import { corpusDocumentId } from './generate';

const [dir, mode] = process.argv.slice(2) as [string, string | undefined];
collectSooner(); // as the app's server (backend/heap.ts)
const mb = () => process.memoryUsage().rss / (1 << 20);
const out: Record<string, number | string> = {};
/** CORPUS_TRACE=1: memory after each step on stderr (where the peak comes from). */
const trace = (step: string) => {
  if (process.env.CORPUS_TRACE !== '1') return;
  const m = process.memoryUsage();
  const f = (b: number) => (b / (1 << 20)).toFixed(0);
  process.stderr.write(`${step}: rss ${f(m.rss)} heap ${f(m.heapUsed)}/${f(m.heapTotal)} external ${f(m.external)} arrayBuffers ${f(m.arrayBuffers)} MB, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}\n`);
};
const time = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  const r = await f();
  out[name] = performance.now() - t;
  trace(name);
  return r;
};

if (mode === 'before') {
  const t = performance.now();
  const project = await Project.open(path.resolve(dir));
  const ids = await project.documents.ids();
  // backend/service.ts summary() before the index (commit bf297cb), minus the excerpt.
  const summaries = await Promise.all(
    ids.map(async (id) => {
      const doc = await project.documents.load(id);
      const names = await project.layers.annotatorsOf(id);
      const annotators: Record<string, number | unknown> = {};
      for (const a of names) annotators[a] = await project.layers.count(doc, a);
      return { id, annotators, finished: await project.layers.finished(doc, names, async () => (await readChoice(project.root, id)).annotators) };
    }),
  );
  console.log(JSON.stringify({ listBefore: performance.now() - t, listed: summaries.length, rss: mb(), peakRss: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}
if (mode === 'build') await rm(path.join(dir, '.standoff', 'index'), { recursive: true, force: true });
const started = performance.now();
// As the app opens it: watching the folder for other programs' changes (backend/live).
const service = await StandoffService.open(dir, { watch: true, autoSyncMinutes: 0 });
// What the window asks first: one page of the list (the list is ready when it has it).
const first = await service.queryDocuments({ offset: 0, limit: 60 });
out.firstPage = performance.now() - started;
out.source = service.index.lastOpening?.source ?? '?';
out.documents = first.all;
out.rssAfterOpen = mb();
trace('firstPage');
out.changedFound = await time('check', () => service.index.checkedAfterOpening());
out.rssAfterCheck = mb();
// Its length alone is kept: a server sends the list and lets it go (kept here, its 100,000
// summaries, 15 MB of heap, were counted as the server's until the end of the run).
out.listed = (await time('listAll', () => service.listDocuments())).length;
// Warm: the same calls again, and what a curator does with the list.
await time('warmPage', () => service.queryDocuments({ offset: 0, limit: 60 }));
await time('warmListAll', () => service.listDocuments());
await time('scrollPage', () => service.queryDocuments({ offset: Math.floor(first.all / 2), limit: 60 }));
await time('filterStatus', () => service.queryDocuments({ offset: 0, limit: 60, status: ['in-progress'], annotator: 'tom' }));
await time('sortLabel', () => service.queryDocuments({ offset: 0, limit: 60, sort: 'label', sortLabel: 'denial', descending: true }));
await time('sortTitle', () => service.queryDocuments({ offset: 0, limit: 60, sort: 'title' }));
await time('disagreement', () => service.queryDocuments({ offset: 0, limit: 60, disagreement: 'unsettled', sort: 'disagreements', descending: true }));
await time('titleWords', () => service.queryDocuments({ offset: 0, limit: 60, text: 'tal afar: figures disputed' }));
// The curator's matrix and an annotator's queue (issue 12), served from the index, a page at a
// time as the Team view and My queue ask for them: first, then warm, then a page further down.
await time('teamProgress', () => service.teamProgress({ offset: 0, limit: 100 }));
await time('myQueue', () => service.myQueue({ annotator: 'layla', offset: 0, limit: 100 }));
await time('warmTeamProgress', () => service.teamProgress({ offset: 0, limit: 100 }));
await time('warmMyQueue', () => service.myQueue({ annotator: 'layla', offset: 0, limit: 100 }));
await time('teamProgressMiddle', () => service.teamProgress({ offset: Math.floor(first.all / 2), limit: 100 }));
// Opening one document (text and every layer), cold and then another.
await time('openDocument', () => service.openDocument({ docId: corpusDocumentId(Math.floor(first.all / 3)) }));
await time('openDocument2', () => service.openDocument({ docId: corpusDocumentId(Math.floor(first.all / 3) + 1) }));
// An annotator at work: saves on one document (a span added, then removed: the corpus is left as
// it was), each followed by the index taking it in (settled, not waiting for the debounce).
// Before, each save read the whole document again (readEntry, timed here on the same document).
{
  const docId = corpusDocumentId(Math.floor(first.all / 3) + 2);
  const opened = await service.openDocument({ docId, annotators: ['layla'] });
  const label = opened.layers[0]?.spans[0]?.label ?? 'actor';
  const word = opened.text.match(/\p{L}{5,}/u)![0];
  const reads = service.index.documentsRead;
  const perSave: number[] = [];
  const readAgain: number[] = [];
  for (let k = 0; k < 20; k++) {
    const edits = k % 2 === 0 ? [{ op: 'add' as const, span: spanOver(opened.text, word, 'bench-index-save', label) }] : [{ op: 'remove' as const, id: 'bench-index-save' }];
    await service.applyEdits({ docId, annotator: 'layla', edits });
    const t = performance.now();
    await service.index.settled();
    perSave.push(performance.now() - t);
    const r = performance.now();
    await readEntry(service.index.root, docId);
    readAgain.push(performance.now() - r);
  }
  out.indexPerSave = median(perSave);
  out.readEntryPerSave = median(readAgain);
  out.documentsReadBySaves = service.index.documentsRead - reads;
  trace('saves');
}
if (process.env.CORPUS_TEXT_SEARCH !== '0') await time('textWords', () => service.queryDocuments({ offset: 0, limit: 60, text: 'Ḥalabja', inText: true }));
out.rssEnd = mb();
// Closing writes the index the saves changed (the whole file): the peak can come from here.
await service.close();
trace('close');
out.peakRss = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify(out));
