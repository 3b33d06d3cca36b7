/**
 * The agreement report of a project (projectTypes.ts; docs/AGREEMENT-REPORT.md): every measure
 * of docs/AGREEMENT.md pooled over the project, per label, per annotator pair and per document (ranked
 * worst first), with agreement on attributes and relations. Built a document at a time, so the
 * caller can read files one by one, run it in a worker, or stop between documents; each
 * document's matchings are computed once and shared by every measure.
 */
import { AttributeAgreementAccumulator, attributeFields, SpanAttributeValues, type AttributedSpan, type AttributeValues, type LabelAttributes } from '../measures/attributes';
import { LabelNumbering } from '../matching/columns';
import { DocumentMatcher } from '../matching/documentMatcher';
import { available, notAvailable } from '../estimate';
import { compareStrings, labelOrder } from '../input/check';
import { PackedAttributeValues, packedRelations, type PackedDocument } from './packedBatch';
import { AgreementAccumulator } from './report';
import { RelationAgreementAccumulator } from '../measures/relations';
import { MATCH_CRITERIA } from '../matching/spanMatching';
import type {
  AgreementFileProblem,
  ByCriterion,
  CompactF1,
  CriterionId,
  DocumentAgreement,
  LabelAgreement,
  LabelUnlabelledCounts,
  LabelUnlabelledF1,
  NotComparedDocument,
  PairAgreement,
  ProjectAgreementReport,
} from '../projectTypes';
import type { F1Counts, LabelConfusion, LabelSpanF1, MatchCriterion, RelationLike, SpanF1, SpanLike } from '../types';

import type { AnnotatedDocument } from '../input/shapes';
export type { AnnotatedDocument, AnnotatedLayer } from '../input/shapes';

/** What the report needs of the schema: labels with their attributes, relation types. Plain data (it crosses to a worker). */
export interface ReportSchema {
  labels: readonly (LabelAttributes & { name: string; color: string })[];
  relations: readonly { id: string; name: string }[];
}

export interface ProjectAgreementOptions {
  schema: ReportSchema;
  /** The entity an id stands for (merged entities resolve to the survivor). */
  resolveEntity?: (id: string) => string;
  /** How many merged / skipped spans to list as examples (default 50; the counts are always complete). */
  examples?: number;
  /**
   * Keep the rows of only the worst this many documents (`byDocument`; every document is still
   * counted everywhere else): memory then stays the same whatever the corpus size, where every
   * row kept costs about 1 KB (150 MB at 100,000 documents, copied again on its way out of the
   * worker). For a report that shows a few documents (the command line's table). Default: all.
   */
  documentRows?: number;
}

/** What the caller knows about the project and the request, added to the report as it is. */
export interface ReportContext {
  project: string;
  filters: ProjectAgreementReport['filters'];
  documentsInProject: number;
  documentsSelected: number;
  problems: AgreementFileProblem[];
}

export const CRITERION_IDS: readonly CriterionId[] = MATCH_CRITERIA.map(criterionId);

export function criterionId(c: MatchCriterion): CriterionId {
  return `${c.boundary}-${c.labels}` as CriterionId;
}

export const CRITERION_NAMES: ByCriterion<string> = {
  'exact-labelled': 'exact boundaries, same label',
  'exact-unlabelled': 'exact boundaries, any label',
  'overlap-labelled': 'overlapping, same label',
  'overlap-unlabelled': 'overlapping, any label',
};

export const RANKING =
  'Worst first by span F1 (overlapping, same label), pooled over the pairs of annotators of the document; ties by F1 (exact boundaries, same label), then by α_U; documents without a value (no spans) last.';

const UNLABELLED_SLOTS: readonly { id: 'exact-unlabelled' | 'overlap-unlabelled'; match: MatchCriterion }[] = [
  { id: 'exact-unlabelled', match: { boundary: 'exact', labels: 'unlabelled' } },
  { id: 'overlap-unlabelled', match: { boundary: 'overlap', labels: 'unlabelled' } },
];

/** Counts by label index. */
interface LabelTallies {
  matchedA: number[];
  matchedB: number[];
  spansA: number[];
  spansB: number[];
}

const emptyTallies = (): LabelTallies => ({ matchedA: [], matchedB: [], spansA: [], spansB: [] });

function bumpAt(xs: number[], at: number): void {
  while (xs.length <= at) xs.push(0);
  xs[at]!++;
}

function addInto(to: number[], from: readonly number[]): void {
  while (to.length < from.length) to.push(0);
  for (let k = 0; k < from.length; k++) to[k]! += from[k]!;
}

export class ProjectAgreementAccumulator {
  private readonly core: AgreementAccumulator;
  private readonly attributes: AttributeAgreementAccumulator;
  private readonly relations: RelationAgreementAccumulator;
  private readonly labelIds: string[];
  /** Exact-unlabelled matchings, counted by label index (overlap-unlabelled: see the confusion matrix). */
  private readonly exactUnlabelled: LabelTallies = emptyTallies();
  /** Spans by annotator, then label index, over compared documents. */
  private readonly spanCounts = new Map<string, number[]>();
  /** Labels by number (schema labels first, in order). */
  private readonly labels = new LabelNumbering();
  private documents: Omit<DocumentAgreement, 'rank'>[] = [];
  /** Documents compared (their rows may not all be kept: documentRows). */
  private compared = 0;
  private readonly notCompared: NotComparedDocument[] = [];

  constructor(private readonly options: ProjectAgreementOptions) {
    this.labelIds = options.schema.labels.map((l) => l.id);
    for (const l of this.labelIds) this.labels.code(l);
    this.core = new AgreementAccumulator({ labels: this.labelIds, keepDocuments: false, examples: options.examples ?? 50 });
    this.attributes = new AttributeAgreementAccumulator(attributeFields(options.schema.labels), options.resolveEntity ? { resolveEntity: options.resolveEntity } : {});
    this.relations = new RelationAgreementAccumulator({ types: options.schema.relations.map((r) => r.id) });
  }

  /** A selected document that is not compared (unreadable, or fewer than two annotators), with the reason. */
  skip(document: NotComparedDocument): void {
    this.notCompared.push(document);
  }

  /**
   * Adds a document. One with fewer than two annotators is listed as not compared; a malformed
   * one throws a RangeError naming it before anything is counted.
   */
  add<S extends AttributedSpan>(document: AnnotatedDocument<S>): void {
    const title = document.title ?? null;
    if (document.layers.length < 2) {
      this.notCompared.push(notComparedDocument(document.documentId, title, document.layers.map((l) => l.annotator)));
      return;
    }
    const matcher = new DocumentMatcher<S>({ documentId: document.documentId, length: document.length, layers: document.layers }, { both: true });
    const relations = new Map<string, readonly RelationLike[]>();
    for (const layer of document.layers) if (layer.relations?.length) relations.set(layer.annotator, layer.relations);
    this.addMatched(matcher, title, new SpanAttributeValues(matcher, this.options.resolveEntity));
    this.relations.add(matcher, relations);
  }

  /** The same, for a document of a batch packed for the worker (packedBatch.ts): the report is the same as from its objects. */
  addPacked(document: PackedDocument): void {
    if (document.annotators.length < 2) {
      this.notCompared.push(notComparedDocument(document.documentId, document.title, document.annotators));
      return;
    }
    const matcher = new DocumentMatcher(document, { both: true });
    this.addMatched(matcher, document.title, new PackedAttributeValues(matcher, document));
    this.relations.addIndexed(matcher, packedRelations(matcher, document), document.relations.types);
  }

  /** Everything but relation agreement (whose input differs between the two), in the order the measures have always been added. */
  private addMatched<S extends SpanLike>(matcher: DocumentMatcher<S>, title: string | null, values: AttributeValues): void {
    const { unitizing } = this.core.add(matcher);
    this.attributes.add(matcher, values);

    // Spans per label and annotator, and the exact-unlabelled matchings by label (labels numbered
    // by this accumulator: ours[code] for a code of the document's label table).
    const ours = this.labels.translate(matcher.columns.labels);
    const label = matcher.columns.label;
    const R = matcher.annotators.length;
    const labelCounts: number[][] = [];
    for (let r = 0; r < R; r++) {
      const counts: number[] = new Array<number>(this.labels.names.length).fill(0);
      for (let at = matcher.first[r]!; at < matcher.first[r + 1]!; at++) counts[ours[label[at]!]!]!++;
      labelCounts.push(counts);
      const a = matcher.annotators[r]!;
      let total = this.spanCounts.get(a);
      if (!total) this.spanCounts.set(a, (total = []));
      addInto(total, counts);
    }
    const docF1 = MATCH_CRITERIA.map(() => ({ truePositives: 0, spansA: 0, spansB: 0 }));
    const slot = this.exactUnlabelled;
    for (let ra = 0; ra < R; ra++) {
      for (let rb = ra + 1; rb < R; rb++) {
        const fromA = matcher.first[ra]!;
        const fromB = matcher.first[rb]!;
        for (let k = 0; k < MATCH_CRITERIA.length; k++) {
          const c = MATCH_CRITERIA[k]!;
          const counts = docF1[k]!;
          counts.truePositives += matcher.matchedAt(ra, rb, c);
          counts.spansA += matcher.size(ra);
          counts.spansB += matcher.size(rb);
          // Overlap-unlabelled counts by label come from the confusion matrix; exact-unlabelled are counted here.
          if (c.labels === 'unlabelled' && c.boundary === 'exact') {
            const partner = matcher.partnersAt(ra, rb, c);
            for (let i = 0; i < partner.length; i++) {
              const j = partner[i]!;
              if (j < 0) continue;
              bumpAt(slot.matchedA, ours[label[fromA + i]!]!);
              bumpAt(slot.matchedB, ours[label[fromB + j]!]!);
            }
            addInto(slot.spansA, labelCounts[ra]!);
            addInto(slot.spansB, labelCounts[rb]!);
          }
        }
      }
    }
    const spanF1 = {} as ByCriterion<CompactF1>;
    for (let k = 0; k < CRITERION_IDS.length; k++) spanF1[CRITERION_IDS[k]!] = compactF1(docF1[k]!);
    const spans: { annotator: string; count: number }[] = [];
    for (let r = 0; r < R; r++) spans.push({ annotator: matcher.annotators[r]!, count: matcher.size(r) });
    this.documents.push({ docId: matcher.documentId, title, annotators: matcher.annotators, spans, spanF1, unitizingAlpha: unitizing });
    this.compared++;
    // Only the worst documentRows rows kept: the order is total (ties end on the document id), so
    // the worst N of those kept and those added since are the worst N of all.
    const keep = this.options.documentRows;
    if (keep !== undefined && this.documents.length >= Math.max(2 * keep, 1000)) this.documents = worstFirst(this.documents).slice(0, keep);
  }

  private exactUnlabelledOf(label: string): LabelUnlabelledCounts {
    const t = this.exactUnlabelled;
    const k = this.labels.code(label);
    return { matchedA: t.matchedA[k] ?? 0, matchedB: t.matchedB[k] ?? 0, spansA: t.spansA[k] ?? 0, spansB: t.spansB[k] ?? 0 };
  }

  result(context: ReportContext, computation: ProjectAgreementReport['computation']): ProjectAgreementReport {
    const core = this.core.result();
    const f1 = {} as Record<CriterionId, (typeof core.spanF1)[number]>;
    for (const corpus of core.spanF1) f1[criterionId(corpus.match)] = corpus;
    const examples = this.options.examples ?? 50;

    const seenLabels = new Set<string>(this.labels.names);
    for (const l of core.unitizing.byLabel) seenLabels.add(l.label);
    const labels = labelOrder(this.labelIds, seenLabels);
    const schemaLabels = new Map(this.options.schema.labels.map((l) => [l.id, l]));
    const byLabel: LabelAgreement[] = labels.map((label) => {
      const inSchema = schemaLabels.get(label);
      return {
        label,
        name: inSchema?.name ?? label,
        color: inSchema?.color ?? null,
        inSchema: !!inSchema,
        spans: core.annotators.map((annotator) => ({ annotator, count: this.spanCounts.get(annotator)?.[this.labels.code(label)] ?? 0 })),
        spanF1: {
          'exact-labelled': pooledLabelF1(f1['exact-labelled'], label),
          'exact-unlabelled': unlabelledLabelF1(this.exactUnlabelledOf(label), label, UNLABELLED_SLOTS[0]!.match, core.annotators.length),
          'overlap-labelled': pooledLabelF1(f1['overlap-labelled'], label),
          'overlap-unlabelled': unlabelledLabelF1(fromConfusion(core.confusion.pooled, label), label, UNLABELLED_SLOTS[1]!.match, core.annotators.length),
        },
        unitizingAlpha: core.unitizing.byLabel.find((l) => l.label === label) ?? {
          label,
          coefficient: 'krippendorff-alpha-u',
          unit: 'characters',
          counts: { ...core.unitizing.overall.counts, units: 0 },
          observedDisagreement: null,
          expectedDisagreement: null,
          ...notAvailable('no-units', `no span labelled "${label}"`),
        },
      };
    });

    const relations = this.relations.result();
    const pairs: PairAgreement[] = f1['overlap-labelled'].pairs.map((p, k) => {
      const spanF1 = {} as ByCriterion<SpanF1>;
      for (const id of CRITERION_IDS) spanF1[id] = f1[id].pairs[k]!.overall;
      const kappa = core.positions.kappa.find((x) => x.annotatorA === p.annotatorA && x.annotatorB === p.annotatorB)!;
      const relationF1 = relations.pairs.find((x) => x.annotatorA === p.annotatorA && x.annotatorB === p.annotatorB)!.overall;
      return { annotatorA: p.annotatorA, annotatorB: p.annotatorB, documents: p.documents, spanF1, kappa, relationF1 };
    });

    const ranked = worstFirst(this.documents)
      .slice(0, this.options.documentRows ?? Infinity)
      .map((d, i) => ({ rank: i + 1, ...d }));
    const overallF1 = {} as ByCriterion<SpanF1>;
    const means = {} as ProjectAgreementReport['overall']['meanOverPairs'];
    for (const id of CRITERION_IDS) {
      overallF1[id] = f1[id].pooled;
      means[id] = f1[id].mean;
    }
    return {
      format: 'standoff/agreement-report',
      version: 1,
      project: context.project,
      filters: context.filters,
      annotators: core.annotators,
      criteria: MATCH_CRITERIA.map((match) => ({ id: criterionId(match), match, name: CRITERION_NAMES[criterionId(match)] })),
      documents: {
        inProject: context.documentsInProject,
        selected: context.documentsSelected,
        compared: this.compared,
        notCompared: [...this.notCompared].sort((x, y) => compareStrings(x.docId, y.docId)),
      },
      overall: {
        spanF1: overallF1,
        meanOverPairs: means,
        unitizingAlpha: core.unitizing.overall,
        nominalAlpha: {
          noneAsMissing: core.positions.noneAsMissing,
          noneAsCategory: core.positions.noneAsCategory,
          positions: core.positions.counts.positions,
          conflicts: core.positions.counts.conflicts,
        },
      },
      byLabel,
      pairs,
      confusion: core.confusion,
      byDocument: ranked,
      ranking: RANKING,
      attributes: this.attributes.result(),
      relations,
      unitizingAdjustments: {
        merged: core.unitizing.mergedCount,
        skipped: core.unitizing.skippedCount,
        mergedExamples: core.unitizing.merged.slice(0, examples),
        skippedExamples: core.unitizing.skipped.slice(0, examples),
      },
      problems: context.problems,
      computation,
    };
  }
}

/** A label's overlap-unlabelled counts: its row (first annotators) and column (second) of the pooled confusion matrix. */
function fromConfusion(c: LabelConfusion, label: string): LabelUnlabelledCounts {
  const k = c.labels.indexOf(label);
  if (k < 0) return { matchedA: 0, matchedB: 0, spansA: 0, spansB: 0 };
  let matchedA = 0;
  let matchedB = 0;
  for (let j = 0; j < c.labels.length; j++) {
    matchedA += c.matched[k]![j]!;
    matchedB += c.matched[j]![k]!;
  }
  return { matchedA, matchedB, spansA: matchedA + c.unmatchedA[k]!, spansB: matchedB + c.unmatchedB[k]! };
}

function compactF1(counts: F1Counts): CompactF1 {
  const denominator = counts.spansA + counts.spansB;
  // (Literals, not a spread of the estimate: there are four of these per document.)
  if (denominator === 0) return { value: null, code: 'no-spans', reason: 'neither annotator marked a span', counts };
  return { value: available((2 * counts.truePositives) / denominator).value, counts };
}

/** A label's labelled F1, counts pooled over the annotator pairs. */
function pooledLabelF1(corpus: { match: MatchCriterion; pairs: { documents: number; byLabel: LabelSpanF1[] | null }[] }, label: string): LabelSpanF1 {
  const counts: F1Counts = { truePositives: 0, spansA: 0, spansB: 0 };
  let pairs = 0;
  for (const p of corpus.pairs) {
    if (p.documents === 0) continue;
    pairs++;
    const c = p.byLabel?.find((l) => l.label === label)?.counts;
    if (!c) continue;
    counts.truePositives += c.truePositives;
    counts.spansA += c.spansA;
    counts.spansB += c.spansB;
  }
  const base = { label, coefficient: 'span-f1' as const, unit: 'spans' as const, counts, match: corpus.match };
  if (pairs === 0) return { ...base, ...notAvailable('too-few-annotators', 'no two annotators annotated the same document') };
  const denominator = counts.spansA + counts.spansB;
  if (denominator === 0) return { ...base, ...notAvailable('no-spans', `no annotator marked a "${label}" span`) };
  return { ...base, ...available((2 * counts.truePositives) / denominator) };
}

function unlabelledLabelF1(tally: LabelUnlabelledCounts, label: string, match: MatchCriterion, annotators: number): LabelUnlabelledF1 {
  const counts = { ...tally };
  const base = { label, coefficient: 'span-f1' as const, unit: 'spans' as const, counts, match };
  if (annotators < 2) return { ...base, ...notAvailable('too-few-annotators', 'no two annotators annotated the same document') };
  const denominator = counts.spansA + counts.spansB;
  if (denominator === 0) return { ...base, ...notAvailable('no-spans', `no annotator marked a "${label}" span`) };
  return { ...base, ...available((counts.matchedA + counts.matchedB) / denominator) };
}

/** Worst agreement first: overlap-labelled F1, then exact-labelled F1, then α_U; no value last; then by id. */
function worstFirst<D extends Omit<DocumentAgreement, 'rank'>>(documents: readonly D[]): D[] {
  // The keys in arrays (NaN: no value), and the documents' positions sorted by them.
  const n = documents.length;
  const f1 = new Float64Array(n);
  const exact = new Float64Array(n);
  const alpha = new Float64Array(n);
  documents.forEach((d, k) => {
    f1[k] = d.spanF1['overlap-labelled'].value ?? NaN;
    exact[k] = d.spanF1['exact-labelled'].value ?? NaN;
    alpha[k] = d.unitizingAlpha.value ?? NaN;
  });
  const order = Array.from(documents.keys()).sort(
    (x, y) =>
      ascendingNaNLast(f1[x]!, f1[y]!) || ascendingNaNLast(exact[x]!, exact[y]!) || ascendingNaNLast(alpha[x]!, alpha[y]!) || compareStrings(documents[x]!.docId, documents[y]!.docId),
  );
  return order.map((k) => documents[k]!);
}

function ascendingNaNLast(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}

function notComparedDocument(docId: string, title: string | null, annotators: readonly string[]): NotComparedDocument {
  return {
    docId,
    title,
    annotators: [...annotators].sort(compareStrings),
    reason: annotators.length === 0 ? 'no annotator has annotated it' : `only ${annotators[0]!} has annotated it`,
  };
}
