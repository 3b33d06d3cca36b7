/**
 * A JSONL export on every core (backend/project/corpusPool.ts): workers read a range of
 * documents each, through the same readDocument as the export on one thread, make each layer's
 * line (prepareLine), and send back the range's lines as UTF-8 bytes (moved, not copied) with
 * what the export counts and lists for each document and layer. The export writes them in
 * document order: the same bytes, the same losses, the same counts as on one thread.
 */
import type { ExportLoss } from '../../shared/api/contract';
import type { ExportContext } from '../../shared/interchange/model';
import { chunkSize, startCorpusPool, type ChunkResult, type Spares, type CorpusPool } from '../project/corpusPool';
import { Project } from '../project/project';
import { prepareLine, type LineSetup, type PreparedLine } from './formats/jsonl';
import { readDocument, resolvingEntities, type Selection } from './source';

/** Documents per chunk: about 0.6 MB of lines (measured: 8 with two chunks per worker kept the process 15 MB smaller than 16 with three, at the same CPU). */
const CHUNK = 8;

/** Pieces of a line at least this long are looked at for a copy of the last one encoded (shorter ones: encoding costs less than comparing). */
const SHARED_PIECE = 256;

/** A new buffer for a chunk's bytes is at least this large, so that given back it fits most later chunks. */
const MIN_BUFFER = 4 << 20;

/** What each worker is started with. */
export interface ExportWorkerSetup {
  root: string;
  /** The selection without its documents (they come chunk by chunk). */
  selection: Selection;
  line: Omit<LineSetup, 'context'>;
}

/** A layer's line as made in a worker, without the line (it is in the chunk's bytes). */
export interface PreparedLayer extends Omit<PreparedLine, 'pieces'> {
  annotator: string;
  /** Relations of the layer handed to the writer (before a format drops any). */
  relationsExported: number;
  /** Spans per label, labels in the order their first span came. */
  labels: Array<[string, number]>;
}

/** A document as made in a worker: what the export counts and lists for it. */
export interface PreparedItem {
  docId: string;
  losses: ExportLoss[];
  notFinished: number;
  annotators: string[];
  layers: PreparedLayer[];
}

/** A chunk of documents: their lines, one after another, and each document's part. */
export interface PreparedChunk {
  items: PreparedItem[];
  bytes: Uint8Array;
}

/** Spans per label, in the order each label first comes. */
export function labelCounts(spans: ReadonlyArray<{ label: string }>): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const s of spans) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  return [...counts];
}

/** Workers that make the lines of `selection`'s documents, or null when none can be started (the export then runs on this thread). */
export function startExportPool(root: string, selection: Selection, line: Omit<LineSetup, 'context'>): Promise<CorpusPool | null> {
  const setup: ExportWorkerSetup = { root, selection: { ...selection, docIds: [] }, line };
  return startCorpusPool('export', setup, { chunk: chunkSize(CHUNK) });
}

/** The worker's side: opens the project once, then makes each chunk sent. */
export async function exportChunks(start: unknown): Promise<(docIds: string[], spares: Spares) => Promise<ChunkResult>> {
  const { root, selection, line } = start as ExportWorkerSetup;
  const project = await Project.open(root);
  const context: ExportContext = { schema: selection.schema, entities: resolvingEntities(await project.entities.registry()) };
  const setup: LineSetup = { ...line, context };
  return async (docIds, spares) => {
    const items: PreparedItem[] = [];
    const pieces: string[] = [];
    let units = 0;
    for (const docId of docIds) {
      const item = await readDocument(project, docId, selection);
      const layers: PreparedLayer[] = [];
      for (const doc of item.layers) {
        const { pieces: made, ...rest } = prepareLine(setup, doc);
        for (const piece of made) {
          pieces.push(piece);
          units += piece.length;
        }
        layers.push({ ...rest, annotator: doc.annotator, relationsExported: doc.relations.length, labels: labelCounts(doc.spans) });
      }
      items.push({ docId, losses: item.losses, notFinished: item.notFinished, annotators: item.annotators, layers });
    }
    // Each line encoded straight into one buffer (moved to the main thread, not copied, and
    // given back after: CorpusPool.recycle): at most 3 bytes per UTF-16 unit. Measured half
    // the time of joining the lines and TextEncoder.encode. A long piece that is the very
    // string encoded last (a document's text, in each of its layers' lines) is copied from
    // there, not encoded again.
    const buffer = Buffer.from(spares.take(units * 3) ?? new ArrayBuffer(Math.max(units * 3, MIN_BUFFER)));
    let used = 0;
    let last: { piece: string; at: number; length: number } | null = null;
    for (const piece of pieces) {
      if (piece.length < SHARED_PIECE) used += buffer.write(piece, used, 'utf8');
      else if (last !== null && last.piece === piece) used += buffer.copy(buffer, used, last.at, last.at + last.length);
      else {
        const length: number = buffer.write(piece, used, 'utf8');
        last = { piece, at: used, length };
        used += length;
      }
    }
    const bytes = new Uint8Array(buffer.buffer, 0, used);
    return { value: { items, bytes } satisfies PreparedChunk, transfer: [buffer.buffer as ArrayBuffer] };
  };
}
