/**
 * Reading documents for the agreement report: one document's annotator layers as the
 * computation wants them (the gold layer is never an annotator), or why it is not compared; and
 * a run of documents (a chunk) read in order and packed for the computation in batches. Used on
 * the service's thread (agreement.ts) and, when the command line asks, in the agreement worker
 * itself (worker.ts), which then reads part of the corpus while the service's thread reads the
 * rest: the same code either way, so the report cannot depend on who read what.
 */
import { lstatSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { AgreementFileProblem, AnnotatedDocument, AnnotatedLayer, MissingLayers, NotComparedDocument } from '../../shared/agreement';
import type { AttributedSpan } from '../../shared/agreement/measures/attributes';
import { BatchPacker, type PackedBatch } from '../../shared/agreement/report/packedBatch';
import type { AttributeField } from '../../shared/agreement/types';
import type { EntityRegistry } from '../../shared/entities';
import { GOLD } from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import type { Span } from '../../shared/model/span';
import type { Project } from '../project/project';
import { readAhead } from '../project/readAhead';
import { readChoice, type StoredChoice } from '../review/choice';
import { reviewChoicePath } from '../../shared/review/choiceFile';
import { missingOf } from '../assignment/store';
import { choiceRule, chosenAnnotators, notComparedReason, standings } from '../../shared/review/choice';

/**
 * Documents read at once (the file system's latency hidden), in order. Files read in line
 * (backend/project/files.ts readFilesInLine) have no latency to hide: one at a time, so that each
 * document's objects die young, before the next is read, where sixteen in flight outlived the
 * young generation's collections and filled the old one (measured at 10,000 documents: the old
 * generation grew to 100 MB between full collections).
 */
const READ_AHEAD = 16;
/** Spans handed to the computation together, at most about. */
export const BATCH_SPANS = 20_000;

/** What is read of each document: the filters of the request, and how entity ids resolve. */
export interface ReadFilter {
  onlyAnnotators: ReadonlySet<string> | null;
  onlyLabels: ReadonlySet<string> | null;
  /** Per label, its attributes of type entity. */
  entityFields: ReadonlyMap<string, readonly string[]>;
  resolve: (id: string) => string;
}

/** The same as plain data, to cross to the worker (without the registry: the worker reads its own). */
export interface ReadFilterData {
  onlyAnnotators: string[] | null;
  onlyLabels: string[] | null;
  entityFields: Array<[string, string[]]>;
}

/** What reading notices besides the documents: files that could not be read, annotators met, expected layers missing. */
export interface ReadNotes {
  problems: AgreementFileProblem[];
  /** Every annotator with a layer in the documents read, filtered or not (for the message about a name not found). */
  allAnnotators: Set<string>;
  /** Annotators of the layers compared. */
  seenAnnotators: Set<string>;
  missingLayers: MissingLayers[];
}

export const emptyNotes = (): ReadNotes => ({ problems: [], allAnnotators: new Set(), seenAnnotators: new Set(), missingLayers: [] });

/** The id an entity id stands for after merges (itself for an id the registry does not hold), remembered. */
export function entityResolver(registry: EntityRegistry): (id: string) => string {
  const seen = new Map<string, string>();
  return (id) => {
    let out = seen.get(id);
    if (out === undefined) seen.set(id, (out = registry.has(id) ? registry.resolve(id).id : id));
    return out;
  };
}

/**
 * Reads documents in order and hands them on packed (packedBatch.ts, with the computation's
 * attribute `fields`) in batches of about BATCH_SPANS spans (`flush`, awaited: the computation's
 * pace bounds the reading); those not compared are handed to `skip` at the end. Each document is
 * packed as soon as it is read. `each` is called after every document (progress, cancelling: it
 * may throw).
 */
export async function readDocuments(
  project: Project,
  docIds: readonly string[],
  inLine: boolean,
  filter: ReadFilter,
  expected: ReadonlyMap<string, readonly string[]>,
  notes: ReadNotes,
  fields: readonly AttributeField[],
  flush: (batch: PackedBatch) => Promise<void>,
  skip: (documents: NotComparedDocument[]) => void,
  each: (docId: string) => void = () => undefined,
): Promise<void> {
  let packer = new BatchPacker(fields);
  let batchSpans = 0;
  const skipped: NotComparedDocument[] = [];
  let k = 0;
  for await (const read of readAhead(docIds, inLine ? 1 : READ_AHEAD, (docId: string) => readDocument(project, docId, inLine, filter, expected, notes))) {
    if ('reason' in read) skipped.push(read);
    else {
      for (const layer of read.layers) notes.seenAnnotators.add(layer.annotator);
      packer.add(read);
      for (const layer of read.layers) batchSpans += layer.spans.length;
      if (batchSpans >= BATCH_SPANS) {
        await flush(packer.done());
        packer = new BatchPacker(fields);
        batchSpans = 0;
      }
    }
    each(docIds[k++]!);
  }
  if (packer.size) await flush(packer.done());
  if (skipped.length) skip(skipped);
}

/**
 * One document as the computation wants it: each annotator's spans (id, label, offsets,
 * attributes, with entity ids resolved through the registry's merges) and relations between
 * them; or, when it cannot be compared, why.
 */
export async function readDocument(
  project: Project,
  docId: string,
  inLine: boolean,
  filter: ReadFilter,
  expected: ReadonlyMap<string, readonly string[]>,
  notes: ReadNotes,
): Promise<AnnotatedDocument | NotComparedDocument> {
  const { onlyAnnotators, onlyLabels, entityFields, resolve } = filter;
  const { problems, allAnnotators, missingLayers } = notes;
  let doc;
  try {
    // Read without keeping it (nor its layers, below): a corpus is read once, memory stays flat.
    doc = await project.documents.peek(docId);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    problems.push({ file: e.file, problems: e.problems });
    return { docId, title: null, annotators: [], reason: `it could not be read (${e.file}: ${e.problems.join('; ')})` };
  }
  const present = (await project.layers.annotatorsOf(docId)).filter((a) => a !== GOLD);
  for (const a of present) allAnnotators.add(a);
  // The layers that count on this document, as in Review: the curator's choice, or those
  // finished, else those not empty (shared/review/choice.ts). An empty layer never counts.
  const [all, stored] = await Promise.all([Promise.all(present.map(async (a) => (await project.layers.snapshot(doc, a)).layer)), storedChoice(project.root, docId, inLine)]);
  if (stored.problem) problems.push(stored.problem);
  for (const layer of all) if (layer.error) problems.push(layer.error);
  const missing = missingOf(expected.get(docId), all).filter((a) => !onlyAnnotators || onlyAnnotators.has(a));
  if (missing.length) missingLayers.push({ docId, title: doc.meta.title, annotators: missing });
  const counting = new Set(chosenAnnotators(all, stored.annotators));
  const wanted = all.filter((l) => !l.error && (!onlyAnnotators || onlyAnnotators.has(l.annotator)));
  const chosen = wanted.filter((l) => counting.has(l.annotator));
  if (chosen.length < 2 && chosen.length < wanted.length) {
    // Fewer than two count because of the choice: say which layers were left out, and why.
    const reason = notComparedReason(
      standings(wanted, stored.annotators).map((s) => ({ ...s, chosen: counting.has(s.annotator) })),
      choiceRule(all, stored.annotators),
    );
    if (reason) return { docId, title: doc.meta.title, annotators: wanted.map((l) => l.annotator), reason };
  }
  const layers: AnnotatedLayer[] = [];
  for (const layer of chosen) {
    const spans: AttributedSpan[] = [];
    const kept = new Set<string>();
    for (const s of layer.spans) {
      if (onlyLabels && !onlyLabels.has(s.label)) continue;
      kept.add(s.id);
      let attributes: Span['attributes'] = s.attributes;
      const entities = entityFields.get(s.label);
      if (attributes && entities?.length) {
        for (const field of entities) {
          const value: unknown = attributes[field];
          if (typeof value !== 'string') continue;
          const resolved = resolve(value);
          if (resolved !== value) attributes = { ...attributes, [field]: resolved };
        }
      }
      // (Two literals, not a spread: this runs for every span of a corpus.)
      spans.push(attributes ? { id: s.id, label: s.label, startOffset: s.startOffset, endOffset: s.endOffset, attributes } : { id: s.id, label: s.label, startOffset: s.startOffset, endOffset: s.endOffset });
    }
    // Relations to spans left out (by the label filter, or orphaned by a changed text) are left out too.
    const relations = layer.relations.filter((r) => kept.has(r.from) && kept.has(r.to)).map((r) => ({ id: r.id, type: r.type, from: r.from, to: r.to }));
    layers.push({ annotator: layer.annotator, spans, relations });
  }
  return { documentId: docId, title: doc.meta.title, length: doc.index.length, layers };
}

const NO_CHOICE: StoredChoice = { annotators: null, problem: null };

/**
 * The curator's stored choice of a document (readChoice), asked for only when something is there:
 * most documents have none, and asking for a file that is not there costs two failed look-ups of
 * its real path and two exceptions (measured: 0.45 s of CPU time per 10,000 documents), where
 * lstat says so in one call. Anything there at all, a link included, is read by readChoice as
 * before; the document's folder itself was checked by reading its meta.json.
 */
async function storedChoice(root: string, docId: string, inLine: boolean): Promise<StoredChoice> {
  const file = path.join(root, reviewChoicePath(docId));
  let there: boolean;
  try {
    there = inLine ? lstatSync(file, { throwIfNoEntry: false }) !== undefined : (await lstat(file), true);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    there = code !== 'ENOENT' && code !== 'ENOTDIR';
  }
  return there ? readChoice(root, docId) : NO_CHOICE;
}
