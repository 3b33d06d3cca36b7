/**
 * Where every annotator stands on every document. The service serves it from the project index
 * (backend/index: the same counts, kept up to date from its writes and the watcher; `workOfEntry`),
 * so that a curator's matrix costs what it shows. Below, the same read from the files on disk
 * (`documentsWork`: a room without an index, and the tests' measure of the index's answer) (the layer store
 * writes a save before it is acknowledged, so the files hold every acknowledged save).
 *
 * Progress needs only counts and the finished mark, over a whole corpus: each layer file is
 * parsed as JSON and counted, without the full check and re-anchoring that opening a layer for
 * editing does, and nothing is kept. On 10,000 documents × 2 layers that is the difference
 * between minutes and seconds. A file that does not even parse counts as in progress with no
 * spans (something is there; validate says what is wrong with it). The title comes from
 * document.json alone, without reading the text.
 */
import { readFile } from 'node:fs/promises';
import { GOLD } from '../../shared/format/annotationFile';
import { parseDocumentMeta } from '../../shared/format/documentMeta';
import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { workStatus, type LayerState } from '../../shared/model/assignment';
import type { WorkStatus } from '../../shared/api/assignment';
import { readChoice } from '../review/choice';
import { countLayerFile, type IndexEntry } from '../index/entry';
import { insideProject, readUtf8 } from '../project/files';
import type { Project } from '../project/project';

export interface DocumentWork {
  docId: string;
  title: string | null;
  /** Every annotator with a file for this document (gold excepted), with what it holds. */
  layers: Map<string, LayerState>;
  /** The gold layer is finished (marked, or every disagreement settled). */
  adjudicated: boolean;
  /** The document itself could not be read: nothing of it is counted. */
  unreadable: boolean;
}

const UNREADABLE: LayerState = { spans: 0, relations: 1, finished: false };

/** Counts of one layer file: its spans, relations and finished mark. */
async function countLayer(root: string, docId: string, annotator: string): Promise<LayerState | null> {
  let raw: string;
  try {
    raw = await readFile(insideProject(root, layout.annotation(docId, annotator)), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return UNREADABLE;
  }
  return countLayerFile(raw);
}

/** The gold file's mark and whether it has settled anything; null when there is none (or it does not parse). */
async function countGold(root: string, docId: string): Promise<{ finished: boolean; settled: boolean } | null> {
  try {
    const data = JSON.parse(await readFile(insideProject(root, layout.annotation(docId, GOLD)), 'utf8')) as { finished?: unknown; settled?: unknown };
    return { finished: data.finished === true, settled: Array.isArray(data.settled) && data.settled.length > 0 };
  } catch {
    return null;
  }
}

/** One document's layers as progress sees them (`only`: just that annotator's). */
export async function documentWork(project: Project, docId: string, only?: string): Promise<DocumentWork> {
  const root = project.root;
  let title: string | null;
  try {
    const metaFile = layout.meta(docId);
    const raw = await readUtf8(insideProject(root, metaFile), metaFile);
    if (raw === null) throw new FormatError(metaFile, ['missing']);
    title = parseDocumentMeta(raw, metaFile).title;
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { docId, title: null, layers: new Map(), adjudicated: false, unreadable: true };
  }
  const names = only === undefined ? (await project.layers.annotatorsOf(docId)).filter((a) => a !== GOLD) : [only];
  const layers = new Map<string, LayerState>();
  await Promise.all(
    names.map(async (annotator) => {
      const state = await countLayer(root, docId, annotator);
      if (state) layers.set(annotator, state);
    }),
  );
  // Adjudicated: gold marked finished (a light read, as above), or every disagreement settled,
  // which needs the gold layer and the layers it settles read in full: only where gold has settled
  // something and is not marked (most documents have no gold file at all).
  let adjudicated = false;
  const gold = only === undefined ? await countGold(root, docId) : null;
  if (gold?.finished) adjudicated = true;
  else if (gold?.settled) {
    try {
      const doc = await project.documents.peek(docId);
      adjudicated = (await project.layers.finished(doc, names, async () => (await readChoice(root, docId)).annotators)).includes(GOLD);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
    }
  }
  return { docId, title, layers: new Map([...layers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), adjudicated, unreadable: false };
}

export function statusOf(work: DocumentWork, annotator: string): WorkStatus {
  return workStatus(work.layers.get(annotator) ?? null);
}

/** Each document's work, in order, reading a few documents ahead (the files are read in parallel, the answer is in order). */
export async function* documentsWork(project: Project, docIds: readonly string[], only?: string): AsyncGenerator<DocumentWork> {
  const AHEAD = 16;
  const pending: Promise<DocumentWork>[] = [];
  for (let k = 0; k < Math.min(AHEAD, docIds.length); k++) pending.push(documentWork(project, docIds[k]!, only));
  for (let k = 0; k < docIds.length; k++) {
    const work = await pending[k]!;
    delete pending[k];
    if (k + AHEAD < docIds.length) pending[k + AHEAD] = documentWork(project, docIds[k + AHEAD]!, only);
    yield work;
  }
}

/**
 * One document's work from its line in the project index, equal to `documentWork` on the same
 * files: the layer files' counts, their marks, gold's mark or (where gold has settled something)
 * every disagreement settled. Two differences, both on a text edited after its layers were made:
 * spans that no longer anchor are not counted, and relations are not (a layer whose only content
 * is relations counts as not started).
 */
export function workOfEntry(e: IndexEntry): DocumentWork {
  const layers = new Map<string, LayerState>();
  for (const who of Object.keys(e.layers).sort()) {
    if (who === GOLD) continue;
    const l = e.layers[who]!;
    layers.set(who, l.counted ?? { spans: l.spans, relations: 0, finished: l.finished === true });
  }
  const gold = e.layers[GOLD];
  const adjudicated = gold ? (gold.counted ? gold.counted.finished : gold.finished === true || (gold.settledIds !== undefined && e.finished.includes(GOLD))) : false;
  return { docId: e.id, title: e.title, layers, adjudicated, unreadable: e.textHash === null };
}
