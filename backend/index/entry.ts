/**
 * One document's line in the project index: what the document list shows and filters by,
 * read from the document's files (never from anything the service keeps), with a stamp of
 * those files so that a change made behind the service's back is noticed without reading them.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileProblem, Layer } from '../../shared/api/contract';
import { annotatorId, GOLD } from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { chosenLayers, finishedLayers } from '../../shared/review';
import { readChoice } from '../review/choice';
import { DocumentStore } from '../project/documents';
import { insideProject } from '../project/files';
import { readLayerOnce } from '../project/layerFiles';
import type { LayerState } from '../../shared/model/assignment';
import { DocumentProgress, spanChanges, type SpanChanges } from './progress';

/** One layer of a document as the index keeps it. */
export interface LayerEntry {
  /** Spans in the layer (orphans not counted), 0 for an unreadable file. */
  spans: number;
  /** Span counts by label id (labels with none left out). */
  labels: Record<string, number>;
  /** The file is marked finished. */
  finished?: true;
  /** The file could not be read. */
  problem?: FileProblem;
  /** Gold only: how many units the file lists as settled (left out when none). */
  settledIds?: number;
  /**
   * A file that could not be read, as team progress counts it (`countLayerFile`: parsed as JSON
   * only, so a file with a wrong field still shows its spans and mark there).
   */
  counted?: LayerState;
}

export interface IndexEntry {
  id: string;
  title: string | null;
  source: string | null;
  /** The first words of the text, shown where there is no title. */
  excerpt: string;
  /** Length of the text in code points. */
  length: number;
  /** The text's hash as it is now (null when the document cannot be read). */
  textHash: string | null;
  /** text.txt was edited since import: its hash is not the one document.json records. */
  edited?: true;
  /** Every layer with a file, the gold layer included ("gold"). */
  layers: Record<string, LayerEntry>;
  /** As DocumentSummary.finished: the finished layers, sorted, "gold" last. */
  finished: string[];
  /** Disagreements between the annotators compared on the document, and how many gold has settled. */
  disagreements: number;
  settled: number;
  /** Files of the document that could not be read. */
  problems: FileProblem[];
  /** Fingerprint of the document's files (names, sizes, times, inodes) when they were read. */
  stamp: string;
}

function statQuiet(full: string): string {
  const s = lstatSync(full, { throwIfNoEntry: false });
  // ctime cannot be set back by a program: a write is seen even when mtime and size are kept.
  return s ? `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}` : '-';
}

/**
 * The document's fingerprint: document.json, text.txt, review.json and every annotation file
 * (by name). Cheap: a directory listing and a few lstat calls, no file read; synchronous, as a
 * few microseconds each (the caller checks many documents in slices, yielding between them).
 * Links are not followed (lstat); the documents folder is resolved inside the project once by
 * the caller, and nothing is read through it here.
 */
export function documentStamp(root: string, docId: string, documentsDir = insideProject(root, layout.documentsDir)): string {
  return stampOf(stampParts(root, docId, documentsDir));
}

/** The stamp's parts: one per file ("<annotator>.json=…" for each layer file). */
export function stampParts(root: string, docId: string, documentsDir = insideProject(root, layout.documentsDir)): string[] {
  const dir = path.join(documentsDir, docId);
  const parts = [statQuiet(path.join(dir, 'document.json')), statQuiet(path.join(dir, 'text.txt')), statQuiet(path.join(dir, 'review.json'))];
  let names: string[] = [];
  try {
    names = readdirSync(path.join(dir, 'annotations')).filter((n) => n.endsWith('.json')).sort();
  } catch {
    // no annotations yet
  }
  for (const n of names) parts.push(`${n}=${statQuiet(path.join(dir, 'annotations', n))}`);
  return parts;
}

export const stampOf = (parts: readonly string[]) => fnv(parts.join('|'));

/** FNV-1a, 64 bits in two halves, as 16 hex digits: a fingerprint, not a defence. */
function fnv(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** Layer names with a file for the document: annotators, sorted, and "gold" if it has one. */
async function layerNames(root: string, docId: string): Promise<{ annotators: string[]; gold: boolean }> {
  let names: string[];
  try {
    names = await readdir(insideProject(root, layout.annotationsDir(docId)));
  } catch {
    return { annotators: [], gold: false };
  }
  const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5));
  return { annotators: ids.filter((n) => annotatorId.safeParse(n).success).sort(), gold: ids.includes(GOLD) };
}

const UNREADABLE: LayerState = { spans: 0, relations: 1, finished: false };

/**
 * A layer file's counts as team progress has always made them: parsed as JSON, not checked
 * (its spans, relations and finished mark); a file that does not parse, or has no list of spans,
 * is something begun (in progress) with no spans.
 */
export function countLayerFile(raw: string): LayerState {
  try {
    const data = JSON.parse(raw) as { spans?: unknown; relations?: unknown; finished?: unknown };
    if (!Array.isArray(data.spans)) return UNREADABLE;
    return { spans: data.spans.length, relations: Array.isArray(data.relations) ? data.relations.length : 0, finished: data.finished === true };
  } catch {
    return UNREADABLE;
  }
}

/** A file that could not be read, counted as above (read again: such files are rare). */
async function countUnreadable(root: string, docId: string, annotator: string): Promise<LayerState> {
  try {
    return countLayerFile(await readFile(insideProject(root, layout.annotation(docId, annotator)), 'utf8'));
  } catch {
    return UNREADABLE;
  }
}

async function layerEntry(root: string, docId: string, layer: Layer): Promise<LayerEntry> {
  if (layer.error) return { spans: 0, labels: {}, problem: layer.error, counted: await countUnreadable(root, docId, layer.annotator) };
  return layerEntryOf(layer);
}

/**
 * A readable layer's entry: its spans by label (labels sorted, so that an entry counted again
 * after a save is the one a reading makes), its mark, how many units it settled. `changes`: the
 * spans a save changed since `before` (that layer's entry), counted instead of every span.
 */
function layerEntryOf(layer: Layer, before?: LayerEntry, changes?: SpanChanges | null): LayerEntry {
  const counts = new Map<string, number>();
  if (before && changes && !before.problem) {
    for (const [label, n] of Object.entries(before.labels)) counts.set(label, n);
    for (const s of changes.removed) counts.set(s.label, (counts.get(s.label) ?? 0) - 1);
    for (const s of changes.added) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  } else {
    for (const s of layer.spans) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  }
  const labels: Record<string, number> = {};
  for (const label of [...counts.keys()].sort()) if (counts.get(label)! > 0) labels[label] = counts.get(label)!;
  const settled = layer.settled?.length ?? 0;
  return { spans: layer.spans.length, labels, ...(layer.finished ? { finished: true as const } : {}), ...(settled ? { settledIds: settled } : {}) };
}

/**
 * What an entry is made of, kept for a document being worked on so that a save makes its entry
 * again from what changed (the saved layer, in the service's memory) without reading the others.
 */
export interface EntryBasis {
  /** The stamp's parts when the files were read. */
  parts: string[];
  doc: Pick<IndexEntry, 'id' | 'title' | 'source' | 'excerpt' | 'length' | 'textHash' | 'edited'>;
  annotators: Layer[];
  /** The gold layer, or null when there is no file. */
  gold: Layer | null;
  /** The layers' entries, by annotator ("gold" too). */
  entries: Map<string, LayerEntry>;
  /** The annotators the curator chose to compare (read where two or more have layers). */
  stored: readonly string[] | null;
  /** Disagreements between the layers compared, kept by region (a save makes again only what it touched). */
  progress: DocumentProgress;
}

/**
 * Reads a document's files and makes its entry, as listDocuments reported it before the index:
 * the same checks, the same problems. Takes the stamp first, so that a change made while
 * reading is seen by the next check.
 */
export async function readEntry(root: string, docId: string): Promise<IndexEntry> {
  return (await readEntryAndBasis(root, docId)).entry;
}

/** readEntry, and what it was made of (null for a document that cannot be read). */
export async function readEntryAndBasis(root: string, docId: string): Promise<{ entry: IndexEntry; basis: EntryBasis | null }> {
  const parts = stampParts(root, docId);
  const stamp = stampOf(parts);
  const store = new DocumentStore(root);
  let doc;
  try {
    doc = await store.peek(docId);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return {
      entry: { id: docId, title: null, source: null, excerpt: '', length: 0, textHash: null, layers: {}, finished: [], disagreements: 0, settled: 0, problems: [{ file: e.file, problems: e.problems }], stamp },
      basis: null,
    };
  }
  const names = await layerNames(root, docId);
  const annotators = await Promise.all(names.annotators.map(async (a) => (await readLayerOnce(root, doc, a)).layer));
  const gold = names.gold ? (await readLayerOnce(root, doc, GOLD)).layer : null;
  const entries = new Map<string, LayerEntry>();
  for (const l of annotators) entries.set(l.annotator, await layerEntry(root, docId, l));
  if (gold) entries.set(GOLD, await layerEntry(root, docId, gold));
  // The curator's choice matters only where there is something to compare.
  const stored = annotators.length >= 2 ? (await readChoice(root, docId)).annotators : null;
  const basis: EntryBasis = {
    parts,
    doc: {
      id: docId,
      title: doc.meta.title,
      source: doc.meta.source,
      // Only an untitled document shows its first words; kept for all, they were a third of the
      // index's memory at 100,000 documents (32 of 90 MB of heap).
      excerpt: doc.meta.title === null ? excerptOf(doc.text) : '',
      length: doc.index.length,
      textHash: doc.hash,
      ...(doc.hash !== doc.meta.textHash ? { edited: true as const } : {}),
    },
    annotators,
    gold,
    entries,
    stored,
    progress: DocumentProgress.of(compared(annotators, stored), gold?.settled ?? []),
  };
  return { entry: entryOf(basis, stamp), basis };
}

/** The layers compared on the document (shared/review/choice.ts): never one that could not be read. */
const compared = (annotators: readonly Layer[], stored: readonly string[] | null) =>
  chosenLayers(
    annotators.filter((l) => !l.error),
    stored,
  );

/** The entry made of its basis (no file read). */
export function entryOf(basis: EntryBasis, stamp: string): IndexEntry {
  const { annotators, progress } = basis;
  const gold = basis.gold ?? { annotator: GOLD, spans: [], relations: [], orphans: [], reanchored: 0 };
  const layers: Record<string, LayerEntry> = {};
  const problems: FileProblem[] = [];
  for (const l of annotators) {
    layers[l.annotator] = basis.entries.get(l.annotator)!;
    if (l.error) problems.push(l.error);
  }
  if (basis.gold) layers[GOLD] = basis.entries.get(GOLD)!;
  return {
    ...basis.doc,
    layers,
    // The review's counts as kept (a save counted only what it changed), not counted again.
    finished: finishedLayers(annotators, gold, null, progress),
    disagreements: progress.disagreements,
    settled: progress.settled,
    problems,
    stamp,
  };
}

/**
 * The basis after the service saved one layer (given as the service holds it): null when the
 * save cannot be taken in alone (another of the document's files changed meanwhile, the layer
 * is new, or it could not be read), and the document must be read again. `alsoSaved`: other
 * annotators whose layers the service saved too (each taken in by its own call).
 */
export function basisAfterSave(basis: EntryBasis, partsNow: readonly string[], layer: Layer | null, alsoSaved: readonly string[] = []): EntryBasis | null {
  if (!layer || layer.error) return null;
  const mine = `${layer.annotator}.json=`;
  // The other layers saved in the same burst are taken in next: their files may differ too.
  const saved = [mine, ...alsoSaved.map((a) => `${a}.json=`)];
  const others = (parts: readonly string[]) => parts.filter((p) => !saved.some((s) => p.startsWith(s))).join('|');
  if (others(basis.parts) !== others(partsNow) || !partsNow.some((p) => p.startsWith(mine))) return null;
  const isGold = layer.annotator === GOLD;
  if (isGold ? !basis.gold : !basis.annotators.some((l) => l.annotator === layer.annotator)) return null;
  const before = isGold ? basis.gold! : basis.annotators.find((l) => l.annotator === layer.annotator)!;
  const changes = before.error ? null : spanChanges(before.spans, layer.spans);
  const entries = new Map(basis.entries);
  entries.set(layer.annotator, layerEntryOf(layer, basis.entries.get(layer.annotator), changes));
  const annotators = isGold ? basis.annotators : basis.annotators.map((l) => (l.annotator === layer.annotator ? layer : l));
  const progress = isGold ? basis.progress.withSettled(layer.settled ?? []) : basis.progress.withChangedLayer(compared(annotators, basis.stored), layer.annotator, changes);
  return {
    ...basis,
    parts: [...partsNow],
    annotators,
    gold: isGold ? layer : basis.gold,
    entries,
    progress,
  };
}

/** The first words of a text, at most about 90 characters, cut at a word boundary (never inside a character). */
export function excerptOf(text: string): string {
  const head = Array.from(text.slice(0, 240).replace(/\s+/g, ' ').trim());
  if (head.length <= 90) return head.join('');
  const cut = head.slice(0, 90).join('');
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60))}…`;
}
