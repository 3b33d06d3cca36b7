/**
 * Measuring recommenders against a layer (gold or an annotator) over every document that has it
 * (docs/RECOMMEND.md, "How good they are"). Each document is proposed on from scratch (an empty
 * layer: what a recommender would offer an annotator starting the document) and its proposals
 * scored against the reference with shared/recommend/evaluate.ts (exact and overlapping
 * boundaries, per label and all together), the counts added over the documents.
 *
 * Nothing may know the held-out document:
 * - the rules read the entity registry, and a project's registry is built from its own
 *   documents; so the documents are dealt into folds and each document is proposed on with the
 *   registry as the *other* folds' reference spans know it (entitiesFromSpans: only the
 *   entities they link, only the spellings they quote);
 * - the learned model is trained on the other folds' reference layers (cross-validation) with
 *   the same registry, and proposes on the fold held out.
 * External services and imported predictions are asked as they are: Standoff cannot know what
 * they were trained on.
 */
import { ApiError } from '../../shared/api/errors';
import type { QualityRow, RecommenderEvaluation } from '../../shared/api/recommend';
import type { Entity } from '../../shared/entities/merge';
import type { LabelSchema } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';
import { entitiesFromSpans } from '../../shared/recommend/actors';
import { addRows, crossValidationFolds, scoreSpans } from '../../shared/recommend/evaluate';
import { predict, trainOn } from '../../shared/recommend/learned';
import type { Recommender } from '../../shared/recommend/types';
import { throwIfCancelled, unwatched, type JobContext } from '../jobs/context';
import type { LoadedDocument } from '../project/documents';
import type { Project } from '../project/project';

/** Folds when none is asked: five, or one per document when there are fewer. */
export const DEFAULT_FOLDS = 5;

export interface EvaluationOptions {
  against: string;
  /** Only these documents (default: every document with the reference layer). */
  docIds?: readonly string[];
  folds?: number;
  /** Called with each recommender's evaluation as it is done. */
  onResult?: (e: RecommenderEvaluation) => void;
}

interface Reference {
  doc: LoadedDocument;
  spans: Span[];
}

/** The documents that have the reference layer, with its spans; a layer that cannot be read is left out. */
async function references(project: Project, against: string, only: readonly string[] | undefined, ctx: JobContext): Promise<Reference[]> {
  const ids = only ? [...only] : await project.documents.ids();
  const out: Reference[] = [];
  for (const [i, id] of ids.entries()) {
    throwIfCancelled(ctx.signal);
    ctx.progress({ done: i, total: ids.length, phase: 'reading the reference layers', item: id });
    let doc;
    try {
      doc = await project.documents.open(id);
    } catch (e) {
      if (only) throw e;
      continue;
    }
    const { layer, exists } = await project.layers.snapshot(doc, against);
    if (!exists || layer.error) continue;
    out.push({ doc, spans: layer.spans });
  }
  return out;
}

/** Measures each recommender given; the learned one (kind "learned") by cross-validation. */
export async function evaluate(project: Project, recommenders: readonly Recommender[], registry: readonly Entity[], options: EvaluationOptions, ctx: JobContext = unwatched): Promise<RecommenderEvaluation[]> {
  const schema: LabelSchema = { labels: project.manifest.labels, relations: project.manifest.relations };
  const refs = await references(project, options.against, options.docIds, ctx);
  if (refs.length === 0) {
    throw new ApiError('not-found', options.against === 'gold' ? 'no document has a gold layer to measure against: adjudicate some first, or measure against an annotator (--against <name>)' : `no document has a layer by ${options.against} to measure against`);
  }
  const folds = crossValidationFolds(refs.map((r) => r.doc.meta.id), options.folds ?? DEFAULT_FOLDS);
  const byId = new Map(refs.map((r) => [r.doc.meta.id, r]));
  // Each document's fold: the registry its proposals may know, and (learned) the documents trained on.
  const foldOf = new Map<string, number>();
  folds.forEach((f, i) => f.test.forEach((id) => foldOf.set(id, i)));
  const foldEntities = folds.map((f) => entitiesFromSpans(f.train.flatMap((id) => byId.get(id)!.spans), registry));
  const entitiesFor = (docId: string) => (folds.length ? foldEntities[foldOf.get(docId)!]! : []);

  const evaluated = new Date().toISOString();
  const results: RecommenderEvaluation[] = [];
  const total = recommenders.length * refs.length;
  let done = 0;
  for (const r of recommenders) {
    const labels = r.labels(schema);
    const perDoc: QualityRow[][] = [];
    const learned = r.kind === 'learned';
    if (learned) {
      if (folds.length === 0) throw new ApiError('bad-request', `the learned model is measured by cross-validation, which needs at least two documents with ${options.against === 'gold' ? 'a gold layer' : `${options.against}'s layer`}`);
      for (const [i, fold] of folds.entries()) {
        throwIfCancelled(ctx.signal);
        ctx.progress({ done, total, phase: `training ${r.name} on fold ${i + 1} of ${folds.length}` });
        const names = namesOf(foldEntities[i]!, schema, labels);
        const model = trainOn(
          fold.train.map((id) => ({ id, text: byId.get(id)!.doc.text, spans: byId.get(id)!.spans.filter((s) => labels.includes(s.label)) })),
          labels,
          { names },
        );
        for (const id of fold.test) {
          const ref = byId.get(id)!;
          perDoc.push(scoreSpans(predict(model, ref.doc.text).proposals, ref.spans.filter((s) => labels.includes(s.label)), labels));
          ctx.progress({ done: ++done, total, phase: `measuring ${r.name}`, item: id });
        }
      }
    } else {
      for (const ref of refs) {
        throwIfCancelled(ctx.signal);
        const proposals = await r.recommend({ docId: ref.doc.meta.id, text: ref.doc.text, schema, entities: entitiesFor(ref.doc.meta.id), spans: [], relations: [] });
        perDoc.push(scoreSpans(proposals, ref.spans.filter((s) => labels.includes(s.label)), labels));
        ctx.progress({ done: ++done, total, phase: `measuring ${r.name}`, item: ref.doc.meta.id });
      }
    }
    const rows = addRows(perDoc);
    // Every label of the recommender, in its order, even one with nothing found or to find.
    const ordered = [...labels.map((l) => rows.find((row) => row.label === l) ?? emptyRow(l)), rows.find((row) => row.label === '*') ?? emptyRow('*')];
    const e: RecommenderEvaluation = {
      recommender: r.id,
      against: options.against,
      documents: refs.length,
      method: learned ? 'cross-validation' : 'direct',
      ...(learned || folds.length ? { folds: folds.length } : {}),
      rows: ordered,
      evaluated,
    };
    options.onResult?.(e);
    results.push(e);
  }
  return results;
}

/** Names to look for per label that links entities: the names and aliases of the registry given. */
function namesOf(entities: readonly Entity[], schema: LabelSchema, labels: readonly string[]): Record<string, string[]> {
  const all = entities.flatMap((e) => [e.name, ...e.aliases]);
  const out: Record<string, string[]> = {};
  for (const l of schema.labels) if (labels.includes(l.id) && l.attributes.some((a) => a.type === 'entity')) out[l.id] = all;
  return out;
}

function emptyRow(label: string): QualityRow {
  const zero = { precision: 0, recall: 0, f1: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  return { label, exact: zero, overlap: { ...zero }, support: 0 };
}
