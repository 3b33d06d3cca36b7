/**
 * The service's `agreement` method: reads every selected document's annotator layers through the
 * project's stores (the gold layer is never an annotator), and hands them in batches to the
 * computation (a worker thread, see compute.ts) as they are read. Files that cannot be read are
 * left out and listed, never guessed at.
 */
import type { AgreementQuery } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { AgreementFileProblem, AnnotatedDocument, AnnotatedLayer, MissingLayers, NotComparedDocument, ProjectAgreementReport, ReportSchema } from '../../shared/agreement';
import type { AttributedSpan } from '../../shared/agreement/measures/attributes';
import type { EntityRegistry } from '../../shared/entities';
import { GOLD } from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import type { Label } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';
import type { Project } from '../project/project';
import { throwIfCancelled, unwatched, type JobContext } from '../jobs/context';
import { startComputation, type ComputationOptions } from './compute';
import { readChoice } from '../review/choice';
import { expectedAnnotators, missingOf } from '../assignment/store';
import { choiceRule, chosenAnnotators, notComparedReason, standings } from '../../shared/review/choice';

/** Documents read at once, and handed to the computation together. */
const READ_AHEAD = 8;
const BATCH_SPANS = 20_000;

export type AgreementRunOptions = ComputationOptions;

/**
 * Progress is per document read ("reading documents", done of total), then "computing" while the
 * computation finishes what it has been handed. Cancelling stops reading between documents, or
 * ends the computation (its worker) if it is already finishing; either way it throws JobCancelled.
 */
export async function projectAgreement(
  project: Project,
  query: AgreementQuery,
  ctx: JobContext = unwatched,
  options: AgreementRunOptions = {},
): Promise<ProjectAgreementReport> {
  const started = performance.now();
  const { manifest } = project;
  const allIds = await project.documents.ids();
  const docIds = query.docIds ? selectDocuments(allIds, query.docIds) : allIds;
  const labels = selectLabels(manifest.labels, query.labels);
  const onlyAnnotators = query.annotators ? new Set(query.annotators) : null;
  const onlyLabels = query.labels ? new Set(query.labels) : null;
  const schema: ReportSchema = {
    labels: labels.map((l) => ({ id: l.id, name: l.name, color: l.color, attributes: l.attributes.map((a) => ({ id: a.id, name: a.name, type: a.type })) })),
    relations: manifest.relations.map((r) => ({ id: r.id, name: r.name })),
  };
  const entityFields = new Map(labels.map((l) => [l.id, l.attributes.filter((a) => a.type === 'entity').map((a) => a.id)]));

  const problems: AgreementFileProblem[] = [];
  const registry = await project.entities.registry();
  for (const p of await project.entities.fileProblems()) problems.push(p);
  const resolve = entityResolver(registry);
  // Whom the assignment expects where (docs/TEAM.md): an expected layer not there is reported, not silently absent.
  const expected = await expectedAnnotators(project.root);
  const missingLayers: MissingLayers[] = [];

  throwIfCancelled(ctx.signal);
  ctx.progress({ done: 0, total: docIds.length, phase: 'reading documents' });
  const computation = await startComputation(schema, options);
  const stop = () => computation.abort();
  ctx.signal.addEventListener('abort', stop);
  const seenAnnotators = new Set<string>();
  /** Every annotator with a layer in the selected documents, filtered or not (for the message about a name not found). */
  const allAnnotators = new Set<string>();
  try {
    let batch: AnnotatedDocument[] = [];
    let batchSpans = 0;
    const skipped: NotComparedDocument[] = [];
    let done = 0;
    // Read a few documents ahead, in order (results do not depend on it, but lists are stable).
    const pending: Promise<AnnotatedDocument | NotComparedDocument>[] = [];
    const readNext = (k: number) => pending.push(readDocument(project, docIds[k]!, onlyAnnotators, onlyLabels, entityFields, resolve, problems, allAnnotators, expected, missingLayers));
    for (let k = 0; k < Math.min(READ_AHEAD, docIds.length); k++) readNext(k);
    for (let k = 0; k < docIds.length; k++) {
      throwIfCancelled(ctx.signal);
      const read = await pending[k]!;
      delete pending[k];
      if (k + READ_AHEAD < docIds.length) readNext(k + READ_AHEAD);
      if ('reason' in read) skipped.push(read);
      else {
        for (const layer of read.layers) seenAnnotators.add(layer.annotator);
        batch.push(read);
        for (const layer of read.layers) batchSpans += layer.spans.length;
        if (batchSpans >= BATCH_SPANS) {
          await computation.add(batch);
          batch = [];
          batchSpans = 0;
        }
      }
      ctx.progress({ done: ++done, total: docIds.length, phase: 'reading documents', item: docIds[k]! });
    }
    await computation.add(batch);
    computation.skip(skipped);
    throwIfCancelled(ctx.signal);
  } catch (e) {
    ctx.signal.removeEventListener('abort', stop);
    computation.abort();
    throw e;
  }
  if (onlyAnnotators) {
    // A name with no layer at all is an error (a typo); one whose layers do not count (empty, or
    // left out of review) is not: its documents are listed as not compared, saying why.
    const missing = [...onlyAnnotators].filter((a) => !seenAnnotators.has(a) && !allAnnotators.has(a));
    if (missing.length) {
      ctx.signal.removeEventListener('abort', stop);
      computation.abort();
      const known = [...allAnnotators].sort();
      throw new ApiError(
        'not-found',
        `no layer of ${missing.map((a) => `"${a}"`).join(', ')} in the ${query.docIds ? 'selected ' : ''}documents${known.length ? ` (annotators there: ${known.join(', ')})` : ''}`,
      );
    }
  }
  ctx.progress({ done: 0, total: 0, phase: 'computing' });
  let finished;
  try {
    finished = await computation.finish({
      project: manifest.name,
      filters: { annotators: query.annotators ?? null, labels: query.labels ?? null, docIds: query.docIds ?? null },
      documentsInProject: allIds.length,
      documentsSelected: docIds.length,
      problems: dedupe(problems),
    });
  } catch (e) {
    throwIfCancelled(ctx.signal); // the worker was ended by a cancel: say so, not "worker stopped"
    throw e;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
  throwIfCancelled(ctx.signal);
  const { report } = finished;
  missingLayers.sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
  return { ...report, ...(expected.size ? { missingLayers } : {}), computation: { elapsedMs: Math.round(performance.now() - started), where: computation.where } };
}

function selectDocuments(all: readonly string[], wanted: readonly string[]): string[] {
  const known = new Set(all);
  const unknown = wanted.filter((d) => !known.has(d));
  if (unknown.length) throw new ApiError('not-found', `no document ${unknown.slice(0, 5).map((d) => `"${d}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} in this project`);
  const chosen = new Set(wanted);
  return all.filter((d) => chosen.has(d));
}

function selectLabels(schema: readonly Label[], wanted: readonly string[] | undefined): Label[] {
  if (!wanted) return [...schema];
  const known = new Set(schema.map((l) => l.id));
  const unknown = wanted.filter((l) => !known.has(l));
  if (unknown.length) throw new ApiError('not-found', `no label ${unknown.map((l) => `"${l}"`).join(', ')} in the project's schema (labels: ${[...known].join(', ')})`);
  const chosen = new Set(wanted);
  return schema.filter((l) => chosen.has(l.id));
}

/** The id an entity id stands for after merges (itself for an id the registry does not hold), remembered. */
function entityResolver(registry: EntityRegistry): (id: string) => string {
  const seen = new Map<string, string>();
  return (id) => {
    let out = seen.get(id);
    if (out === undefined) seen.set(id, (out = registry.has(id) ? registry.resolve(id).id : id));
    return out;
  };
}

/**
 * One document as the computation wants it: each annotator's spans (id, label, offsets,
 * attributes, with entity ids resolved through the registry's merges) and relations between
 * them; or, when it cannot be compared, why.
 */
async function readDocument(
  project: Project,
  docId: string,
  onlyAnnotators: ReadonlySet<string> | null,
  onlyLabels: ReadonlySet<string> | null,
  entityFields: ReadonlyMap<string, string[]>,
  resolve: (id: string) => string,
  problems: AgreementFileProblem[],
  allAnnotators: Set<string>,
  expected: ReadonlyMap<string, readonly string[]>,
  missingLayers: MissingLayers[],
): Promise<AnnotatedDocument | NotComparedDocument> {
  let doc;
  try {
    doc = await project.documents.load(docId);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    problems.push({ file: e.file, problems: e.problems });
    return { docId, title: null, annotators: [], reason: `it could not be read (${e.file}: ${e.problems.join('; ')})` };
  }
  const present = (await project.layers.annotatorsOf(docId)).filter((a) => a !== GOLD);
  for (const a of present) allAnnotators.add(a);
  // The layers that count on this document, as in Review: the curator's choice, or those
  // finished, else those not empty (shared/review/choice.ts). An empty layer never counts.
  const [all, stored] = await Promise.all([Promise.all(present.map((a) => project.layers.layer(doc, a))), readChoice(project.root, docId)]);
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
      spans.push({ id: s.id, label: s.label, startOffset: s.startOffset, endOffset: s.endOffset, ...(attributes ? { attributes } : {}) });
    }
    // Relations to spans left out (by the label filter, or orphaned by a changed text) are left out too.
    const relations = layer.relations.filter((r) => kept.has(r.from) && kept.has(r.to)).map((r) => ({ id: r.id, type: r.type, from: r.from, to: r.to }));
    layers.push({ annotator: layer.annotator, spans, relations });
  }
  return { documentId: docId, title: doc.meta.title, length: doc.index.length, layers };
}

function dedupe(problems: AgreementFileProblem[]): AgreementFileProblem[] {
  const byFile = new Map<string, AgreementFileProblem>();
  for (const p of problems) if (!byFile.has(p.file)) byFile.set(p.file, { file: p.file, problems: [...p.problems] });
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
