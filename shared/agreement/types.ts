/**
 * The shapes of agreement input and results (docs/AGREEMENT.md). Every result names its coefficient,
 * the unit it counts in and the counts behind it, and carries a value that is either a number or
 * an explicit "n/a" with a reason: never a silent 0 or 1. Results are plain JSON (no Maps, no
 * NaN, no Infinity), so the dashboard and `standoff agreement --json` print them as they are.
 */
import type { AttributeKind } from '../model/attributeKinds';
import type { Span } from '../model/span';

// ---------------------------------------------------------------------------------------------
// Input

/** The part of a stored span that agreement looks at; a full `Span` fits. Offsets are code points, half-open. */
export type SpanLike = Pick<Span, 'id' | 'label' | 'startOffset' | 'endOffset'>;

/** One annotator's spans on one document. */
export interface AnnotatorLayer<S extends SpanLike = SpanLike> {
  annotator: string;
  spans: readonly S[];
}

/**
 * One document as agreement sees it. An annotator with a layer here annotated the document (an
 * empty layer means "found nothing"); an annotator without one did not annotate it, and counts as
 * missing, never as "found nothing".
 */
export interface AgreementDocument<S extends SpanLike = SpanLike> {
  documentId: string;
  /** Length of the text in code points: the continuum for α_U is [0, length). */
  length: number;
  layers: readonly AnnotatorLayer<S>[];
}

// ---------------------------------------------------------------------------------------------
// Values

/** Why a value is undefined. `reason` says it in words; `code` is for programs. */
export type NotAvailableCode =
  | 'no-spans' // F1: neither annotator marked a span
  | 'no-units' // α_U: no span of positive length in the continuum
  | 'too-few-annotators' // fewer than two annotators
  | 'no-shared-documents' // a pair of annotators never annotated the same document
  | 'no-defined-pairs' // a mean over annotator pairs none of which has a value
  | 'no-pairable-values' // α: no unit has two or more values
  | 'no-variation' // α, α_U: expected disagreement is 0 (one category only) and the coefficient is 0/0
  | 'no-items' // κ: an empty table
  | 'chance-agreement-is-total' // κ: A_e = 1, κ is 0/0
  | 'no-matched-spans' // attributes: no two annotators' spans of the label were matched
  | 'no-relations'; // relation F1: neither annotator drew a relation

export interface Available {
  value: number;
}

export interface NotAvailable {
  value: null;
  code: NotAvailableCode;
  reason: string;
}

/** A coefficient's value: a number, or n/a with the reason. Narrow with `value === null`. */
export type Estimate = Available | NotAvailable;

/** What a coefficient counts in. */
export type AgreementUnit =
  | 'characters' // code points of the continuum (α_U)
  | 'tokens' // token positions, when offsets given to α_U are token indices
  | 'spans' // whole spans, each matched at most once (span F1)
  | 'matched spans' // span positions from the overlap matching (α and κ on labels), or matched pairs of spans (attributes)
  | 'relations' // relations between spans (relation F1)
  | 'items'; // generic rows of a reliability matrix or contingency table

/** The coefficients, by id, with the name a report prints. */
export const COEFFICIENTS = {
  'span-f1': 'pairwise span F1 (Hripcsak & Rothschild 2005)',
  'mean-span-f1': 'mean of pairwise span F1 over annotator pairs',
  'krippendorff-alpha-u': "Krippendorff's unitizing alpha α_U (Krippendorff 1995, 2004)",
  'krippendorff-alpha-nominal': "Krippendorff's alpha, nominal",
  'cohen-kappa': "Cohen's kappa (Cohen 1960)",
  'percent-agreement': 'percent agreement (share of matched spans with the same value)',
  'relation-f1': 'relation F1 (same type, endpoints matched spans)',
} as const;

export type CoefficientId = keyof typeof COEFFICIENTS;

/** What every result has: which coefficient, in which unit, from which counts, and its value. */
export type Measured<C extends CoefficientId, U extends AgreementUnit, Counts> = {
  coefficient: C;
  unit: U;
  counts: Counts;
} & Estimate;

// ---------------------------------------------------------------------------------------------
// Span matching and F1

/** exact: same start and end; overlap: the intersection has at least one code point. */
export type Boundary = 'exact' | 'overlap';
/** labelled: only spans of the same label may match; unlabelled: any label. */
export type LabelRule = 'labelled' | 'unlabelled';

export interface MatchCriterion {
  boundary: Boundary;
  labels: LabelRule;
}

/** Counts behind a span F1: F1 = 2·TP / (|A| + |B|). */
export interface F1Counts {
  /** Matched pairs (one-to-one). */
  truePositives: number;
  /** Spans of the first annotator of the pair (pooled over documents and, in `pooled`, over pairs). */
  spansA: number;
  /** Spans of the second annotator of the pair. */
  spansB: number;
}

export type SpanF1 = Measured<'span-f1', 'spans', F1Counts> & { match: MatchCriterion };

export type LabelSpanF1 = SpanF1 & { label: string };

/** Span F1 of one pair of annotators, overall (micro: pooled counts) and per label. */
export interface PairSpanF1 {
  annotatorA: string;
  annotatorB: string;
  /** Documents that both annotated (that both have a layer on). */
  documents: number;
  overall: SpanF1;
  /** Per label; null for unlabelled criteria, where a matched pair may carry two labels (see the confusion matrix). */
  byLabel: LabelSpanF1[] | null;
}

export type MeanSpanF1 = Measured<'mean-span-f1', 'spans', { pairs: number; pairsWithValue: number }> & {
  match: MatchCriterion;
};

/** The annotator-pair matrix: one entry per unordered pair (i < j in `annotators` order). */
export interface SpanF1Matrix {
  match: MatchCriterion;
  annotators: string[];
  pairs: PairSpanF1[];
  /** Mean of the pairs' overall F1 (those with a value). */
  mean: MeanSpanF1;
  /** All pairs' counts pooled into one F1 (micro over pairs). */
  pooled: SpanF1;
}

export interface DocumentSpanF1 extends SpanF1Matrix {
  documentId: string;
}

/** Corpus span F1: counts pooled over documents, never an average of per-document values. */
export interface CorpusSpanF1 extends SpanF1Matrix {
  documents: number;
  byDocument: DocumentSpanF1[];
}

// ---------------------------------------------------------------------------------------------
// Label confusion

/** Label confusion of the pairs matched by unlabelled overlap (claim/denial mix-ups show here). */
export interface LabelConfusion {
  /** Rows: the first annotator's label; columns: the second's. */
  labels: string[];
  /** matched[i][j]: matched pairs where A said labels[i] and B said labels[j]. */
  matched: number[][];
  /** unmatchedA[i]: A's spans of labels[i] that matched nothing. */
  unmatchedA: number[];
  unmatchedB: number[];
  counts: { pairs: number; sameLabel: number; differentLabel: number; spansA: number; spansB: number };
}

export interface PairLabelConfusion extends LabelConfusion {
  annotatorA: string;
  annotatorB: string;
  documents: number;
}

export interface CorpusLabelConfusion {
  annotators: string[];
  pairs: PairLabelConfusion[];
  /** All pairs added up, rows = the pair's first annotator in `annotators` order. */
  pooled: LabelConfusion;
}

// ---------------------------------------------------------------------------------------------
// Krippendorff's unitizing alpha

/** The stretch of text α_U is computed over: [begin, begin + length). */
export interface Continuum {
  begin: number;
  length: number;
}

export interface UnitizingCounts {
  /** Documents whose D_O and D_E are summed (1 for a single continuum). */
  documents: number;
  /** Annotators: R for one continuum, distinct annotators over a corpus. */
  annotators: number;
  /** Spans (after merging overlaps) of positive length: N_c, or ΣN_c overall. */
  units: number;
  /** L, or ΣL over a corpus. */
  continuumLength: number;
}

export type UnitizingAlpha = Measured<'krippendorff-alpha-u', 'characters' | 'tokens', UnitizingCounts> & {
  /** D_O (Σ_c D_O,c overall; summed over documents in a corpus). null when R < 2. */
  observedDisagreement: number | null;
  /** D_E, likewise. */
  expectedDisagreement: number | null;
};

export type LabelUnitizingAlpha = UnitizingAlpha & { label: string };

/** Same-label spans of one annotator that overlapped and were merged into one unit for α_U. */
export interface MergedSpans {
  documentId?: string;
  annotator: string;
  label: string;
  spanIds: string[];
  startOffset: number;
  endOffset: number;
}

/** A span that α_U could not use as given. */
export interface SkippedSpan {
  documentId?: string;
  annotator: string;
  label: string;
  spanId: string;
  /** empty: no code point; outside: entirely outside the continuum; clipped: cut to the continuum and kept. */
  problem: 'empty' | 'outside' | 'clipped';
}

export interface UnitizingReport {
  overall: UnitizingAlpha;
  byLabel: LabelUnitizingAlpha[];
  merged: MergedSpans[];
  skipped: SkippedSpan[];
}

export interface DocumentUnitizing extends UnitizingReport {
  documentId: string;
}

export interface ExcludedDocument {
  documentId: string;
  code: NotAvailableCode;
  reason: string;
}

export interface CorpusUnitizing extends UnitizingReport {
  /** How many units were merged and spans skipped; `merged` and `skipped` may list only the first of them (see the `examples` option). */
  mergedCount: number;
  skippedCount: number;
  byDocument: DocumentUnitizing[];
  /** Documents left out of the sums (fewer than two annotators). */
  excluded: ExcludedDocument[];
}

// ---------------------------------------------------------------------------------------------
// Krippendorff's alpha (nominal) and Cohen's kappa

export interface NominalAlphaCounts {
  /** Units (rows) given, pairable or not. */
  units: number;
  /** Units with at least two values. */
  pairableUnits: number;
  /** n: values in pairable units. */
  pairableValues: number;
  /** n_c per category, in first-seen order. */
  categories: { category: string; values: number }[];
}

export type NominalAlpha = Measured<'krippendorff-alpha-nominal', AgreementUnit, NominalAlphaCounts> & {
  /** D_o = (1/n) Σ_{c≠k} o_ck; null with no pairable values. */
  observedDisagreement: number | null;
  /** D_e = Σ_{c≠k} n_c·n_k / (n(n−1)); null with no pairable values. */
  expectedDisagreement: number | null;
};

export interface KappaCounts {
  /** N: items in the table. */
  items: number;
  /** Positions left out of the table (marked by one annotator only); 0 for a plain table. */
  excluded: number;
}

export type CohenKappa = Measured<'cohen-kappa', AgreementUnit, KappaCounts> & {
  /** A_o: the share of the diagonal; null for an empty table. */
  observedAgreement: number | null;
  /** A_e = Σ_i row_i · col_i / N²; null for an empty table. */
  expectedAgreement: number | null;
  categories: string[];
  /** Rows: the first rater's category; columns: the second's. */
  table: number[][];
};

// ---------------------------------------------------------------------------------------------
// Agreement on the labels of matched span positions

/** The value a position takes for an annotator who has a layer but no span there (`noneAsCategory`). */
export const NO_ANNOTATION = '(no annotation)';

export type PairCohenKappa = CohenKappa & {
  annotatorA: string;
  annotatorB: string;
  documents: number;
  /** The excluded positions, by whose span was unmatched. */
  excludedA: number;
  excludedB: number;
};

export interface SpanPositionAgreement {
  annotators: string[];
  /** α with "no annotation" missing: agreement on the label of what two or more marked. */
  noneAsMissing: NominalAlpha;
  /** α with "no annotation" a category of its own: detection counts too. */
  noneAsCategory: NominalAlpha;
  /** Cohen's κ per pair, on positions both marked; the others are counted as excluded. */
  kappa: PairCohenKappa[];
  counts: {
    documents: number;
    /** Units of α: clusters of spans joined by the pairwise unlabelled overlap matchings. */
    positions: number;
    /** Matched pairs not joined because the cluster already held a span of one of the two annotators (R ≥ 3 only). */
    conflicts: number;
  };
}

// ---------------------------------------------------------------------------------------------
// The whole report

export interface AgreementReport {
  documents: number;
  annotators: string[];
  /** One per match predicate: exact/labelled, exact/unlabelled, overlap/labelled, overlap/unlabelled. */
  spanF1: CorpusSpanF1[];
  confusion: CorpusLabelConfusion;
  unitizing: CorpusUnitizing;
  positions: SpanPositionAgreement;
}

// ---------------------------------------------------------------------------------------------
// Attributes of matched spans

/** The part of an attribute that is compared: a range's two ends are compared separately. */
export type AttributePart = 'min' | 'max';

/** One comparable attribute of a label (a range gives two: its minimum and its maximum). */
export interface AttributeField {
  label: string;
  /** The attribute's id, as annotation files store it. */
  attribute: string;
  /** The attribute's name, with "(minimum)" / "(maximum)" for a range's ends. */
  name: string;
  /** The attribute's kind (shared/model/attributeKinds.ts): attributeValueKey says how each is compared. */
  type: AttributeKind;
  /** For a range: which end; null otherwise. */
  part: AttributePart | null;
}

export interface AttributeCounts {
  /** Pairs of spans of this label matched one-to-one (pooled over annotator pairs and documents). */
  matchedPairs: number;
  /** Matched pairs where both annotators set the attribute (the items compared). */
  setByBoth: number;
  /** Matched pairs where one annotator set it and the other did not (not compared; shown apart). */
  setByOne: number;
  /** Matched pairs where neither set it. */
  setByNeither: number;
  /** Of `setByBoth`, the pairs with the same value. */
  agreeing: number;
}

export type PercentAgreement = Measured<'percent-agreement', 'matched spans', { agreeing: number; setByBoth: number }>;

/** κ of one pair of annotators on an attribute: items are matched pairs both set; `excluded` are those one set. */
export type AttributeKappa = Measured<'cohen-kappa', 'matched spans', KappaCounts> & {
  annotatorA: string;
  annotatorB: string;
  observedAgreement: number | null;
  expectedAgreement: number | null;
  /** Distinct values either annotator gave (the size of the κ table, not written out). */
  categories: number;
};

export interface AttributePairAgreement {
  annotatorA: string;
  annotatorB: string;
  counts: AttributeCounts;
  percentAgreement: PercentAgreement;
  kappa: AttributeKappa;
}

/** Agreement on one attribute (or one end of a range) of matched spans of one label. */
export interface AttributeAgreement extends AttributeField {
  counts: AttributeCounts;
  percentAgreement: PercentAgreement;
  /**
   * Krippendorff's α (nominal), units = matched pairs of spans (one per annotator pair), values =
   * the two annotators' values, "not set" missing (so only pairs both set are pairable).
   */
  alpha: NominalAlpha;
  byPair: AttributePairAgreement[];
  /** The most frequent disagreements (first annotator's value, second's), up to five. */
  disagreements: { valueA: string; valueB: string; count: number }[];
}

export interface AttributeAgreementReport {
  /** The span matching whose pairs are compared. */
  match: MatchCriterion;
  /** How values are compared, in words (entity merges, text normalisation, open range ends). */
  comparison: string[];
  /** One per attribute of each label (a range twice), in schema order. */
  fields: AttributeAgreement[];
}

// ---------------------------------------------------------------------------------------------
// Relations

/** A relation as stored: a typed, directed link between two spans of one layer, by span id. */
export interface RelationLike {
  id: string;
  type: string;
  from: string;
  to: string;
}

export interface RelationCounts {
  /** Relations matched one-to-one: same type, and each endpoint matched to the other's endpoint. */
  truePositives: number;
  relationsA: number;
  relationsB: number;
  /** A's relations that could not match because an endpoint of theirs matched no span of B. */
  endpointUnmatchedA: number;
  endpointUnmatchedB: number;
}

export type RelationF1 = Measured<'relation-f1', 'relations', RelationCounts> & { match: MatchCriterion };

export type TypeRelationF1 = RelationF1 & { type: string };

export interface PairRelationF1 {
  annotatorA: string;
  annotatorB: string;
  documents: number;
  overall: RelationF1;
  byType: TypeRelationF1[];
}

export interface RelationAgreement {
  /** The span matching the endpoints must be matched under. */
  match: MatchCriterion;
  /** All pairs of annotators pooled (micro). */
  overall: RelationF1;
  byType: TypeRelationF1[];
  pairs: PairRelationF1[];
}
