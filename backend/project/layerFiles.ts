/**
 * An annotation layer's file: where it lies, what must hold for it to be read (it names the
 * document and layer of its place; its spans fit the text, or are re-anchored when the text
 * changed), and file system failures in an analyst's words. The layer store (layers.ts) keeps
 * the open layers and orders their saves.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { anchorSpan } from '../../shared/anchoring/reanchor';
import type { Layer } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { annotatorId, GOLD, parseAnnotationFile, type AnnotationFile } from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import type { Span } from '../../shared/model/span';
import type { LoadedDocument } from './documents';
import { insideProject, listDirectory, readProjectFile } from './files';

/** Annotators that have a file for this document, sorted. */
export async function annotatorsOf(root: string, docId: string): Promise<string[]> {
  let names: string[];
  try {
    names = await listDirectory(insideProject(root, layout.annotationsDir(docId)));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw e;
  }
  return names
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -5))
    .filter((n) => annotatorId.safeParse(n).success)
    .sort();
}

/**
 * A layer as stored, read once without keeping it (an export reads every layer of a corpus:
 * memory stays flat). `exists` is false when there is no file; a file that cannot be read is
 * the layer's `error`.
 */
export async function readLayerOnce(root: string, doc: LoadedDocument, annotator: string): Promise<{ layer: Layer; exists: boolean }> {
  const file = layout.annotation(doc.meta.id, annotator);
  try {
    const raw = await readProjectFile(root, file);
    if (raw === null) return { layer: { annotator, spans: [], relations: [], orphans: [], reanchored: 0 }, exists: false };
    const data = parseAnnotationFile(raw, file);
    checkPlace(data, doc, annotator, file);
    const reanchored = anchorLayer(data, doc, file);
    return { layer: layerOf(data, reanchored), exists: true };
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { layer: { annotator, spans: [], relations: [], orphans: [], reanchored: 0, error: { file: e.file, problems: e.problems } }, exists: true };
  }
}

/** A layer's file as the service hands it out. */
export function layerOf(data: AnnotationFile, reanchored: number, spans: Span[] = data.spans, relations = data.relations): Layer {
  return {
    annotator: data.annotator,
    spans,
    relations,
    orphans: data.orphans,
    ...(data.annotator === GOLD ? { settled: data.settled ?? [] } : {}),
    ...(data.finished ? { finished: true } : {}),
    ...notesOf(data),
    reanchored,
  };
}

/** A file must hold the document and layer of the place it lies in. */
export function checkPlace(data: AnnotationFile, doc: LoadedDocument, annotator: string, file: string): void {
  if (data.document !== doc.meta.id || data.annotator !== annotator) {
    throw new FormatError(file, [`says it holds "${data.document}" by "${data.annotator}", which is not where it lies`]);
  }
}

/**
 * Checks the spans against the text. Made on this very text (same hash): every span must
 * fit, or the file is reported. Made on an earlier version: each span is re-anchored, and
 * what cannot be found is kept as an orphan with its reason.
 */
export function anchorLayer(data: AnnotationFile, doc: LoadedDocument, file: string): number {
  if (data.textHash === doc.hash) {
    const problems: string[] = [];
    data.spans.forEach((s, i) => {
      if (s.endOffset > doc.index.length) problems.push(`spans[${i}]: ends at ${s.endOffset}, past the end of the text (${doc.index.length} code points)`);
      else if (doc.index.slice(s.startOffset, s.endOffset) !== s.quote.exact) problems.push(`spans[${i}]: quote does not match the text at ${s.startOffset}–${s.endOffset}`);
    });
    if (problems.length) throw new FormatError(file, problems.slice(0, 8));
    return 0;
  }
  let moved = 0;
  const kept: Span[] = [];
  for (const span of data.spans) {
    const outcome = anchorSpan(span, doc.index);
    if (outcome.kind === 'orphan') data.orphans.push({ span, reason: outcome.reason });
    else {
      if (outcome.kind !== 'position') moved++;
      kept.push(outcome.span);
    }
  }
  data.spans = kept;
  return moved;
}

/** The notes of a layer as the service hands them out. */
function notesOf(data: AnnotationFile): Pick<Layer, 'note' | 'unitNotes'> {
  return {
    ...(data.note ? { note: data.note } : {}),
    ...(data.annotator === GOLD && data.unitNotes ? { unitNotes: data.unitNotes } : {}),
  };
}

/** Whether a document's folder is still there (a save never makes a removed document again). */
export async function documentExists(root: string, docId: string): Promise<boolean> {
  try {
    return (await stat(insideProject(root, layout.documentDir(docId)))).isDirectory();
  } catch {
    return false;
  }
}

/** The same file as before: same inode, size and times (a ctime no program can set back). */
export function sameFile(a: Stats, b: Stats | null): boolean {
  return b !== null && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

export function gone(docId: string): ApiError {
  return new ApiError('not-found', `This document (${docId}) is no longer in the project: its folder was removed, perhaps by another program. The edit was not saved, and the document is not made again.`);
}

/** A file system error in words: "the disk is full", not "ENOSPC: no space left on device, write". */
export function describeIoError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'your disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'Standoff is not allowed to write there (a permission)';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'something that is not a folder stands where the annotations folder should be';
    case 'EIO':
      return 'the disk reported an error';
    default:
      return (e as Error).message;
  }
}
