/**
 * The agreement report of a project, as the service's `agreement` method returns it, the
 * dashboard shows it and `standoff agreement --json` prints it. Documented for readers in
 * docs/AGREEMENT-REPORT.md. Plain JSON throughout: numbers are finite, an undefined value is
 * `{ value: null, code, reason }`, and every value carries the counts it was computed from.
 */
import type { AttributeAgreementReport } from './types';
import type {
  CorpusLabelConfusion,
  Estimate,
  F1Counts,
  LabelSpanF1,
  LabelUnitizingAlpha,
  MatchCriterion,
  MeanSpanF1,
  Measured,
  MergedSpans,
  NominalAlpha,
  PairCohenKappa,
  RelationAgreement,
  RelationF1,
  SkippedSpan,
  SpanF1,
  UnitizingAlpha,
} from './types';

export type { AnnotatedDocument, AnnotatedLayer } from './input/shapes';

/** The four match predicates of docs/AGREEMENT.md §2, as keys. */
export type CriterionId = 'exact-labelled' | 'exact-unlabelled' | 'overlap-labelled' | 'overlap-unlabelled';

export type ByCriterion<T> = { [K in CriterionId]: T };

/** Counts behind a label's unlabelled F1: of the spans each annotator gave this label, how many were matched (to a span of any label). */
export interface LabelUnlabelledCounts {
  matchedA: number;
  matchedB: number;
  spansA: number;
  spansB: number;
}

/**
 * A label's share in an unlabelled F1: (matchedA + matchedB) / (spansA + spansB). Summed over
 * labels, numerators and denominators give the overall unlabelled F1 = 2·TP / (|A| + |B|) exactly.
 */
export type LabelUnlabelledF1 = Measured<'span-f1', 'spans', LabelUnlabelledCounts> & { match: MatchCriterion; label: string };

export interface LabelAgreement {
  label: string;
  name: string;
  /** #rrggbb from the schema; null for a label not in the schema (found in files). */
  color: string | null;
  inSchema: boolean;
  /** Spans of this label per annotator, in the compared documents. */
  spans: { annotator: string; count: number }[];
  /** Pooled over annotator pairs and documents. */
  spanF1: {
    'exact-labelled': LabelSpanF1;
    'exact-unlabelled': LabelUnlabelledF1;
    'overlap-labelled': LabelSpanF1;
    'overlap-unlabelled': LabelUnlabelledF1;
  };
  unitizingAlpha: LabelUnitizingAlpha;
}

/** One cell of the annotator-pair matrix. */
export interface PairAgreement {
  annotatorA: string;
  annotatorB: string;
  /** Documents both annotated. */
  documents: number;
  spanF1: ByCriterion<SpanF1>;
  /** Cohen's κ on the labels of the span positions both marked (overlap, unlabelled matching). */
  kappa: PairCohenKappa;
  relationF1: RelationF1;
}

/** A document's F1 in short: the estimate and its counts (coefficient, unit and predicate are given by the key). */
export type CompactF1 = Estimate & { counts: F1Counts };

export interface DocumentAgreement {
  /** 1 = the worst agreement (see `ranking`). */
  rank: number;
  docId: string;
  title: string | null;
  annotators: string[];
  spans: { annotator: string; count: number }[];
  /** Pooled over the document's annotator pairs. */
  spanF1: ByCriterion<CompactF1>;
  unitizingAlpha: UnitizingAlpha;
}

export interface NotComparedDocument {
  docId: string;
  title: string | null;
  /** Annotators with a readable layer on it. */
  annotators: string[];
  reason: string;
}

export interface AgreementFileProblem {
  /** Path relative to the project folder. */
  file: string;
  problems: string[];
}

/** One document's expected layers that are missing (see ProjectAgreementReport.missingLayers). */
export interface MissingLayers {
  docId: string;
  title: string | null;
  annotators: string[];
}

export interface ProjectAgreementReport {
  format: 'standoff/agreement-report';
  version: 1;
  project: string;
  /** What was asked for; null = all. */
  filters: { annotators: string[] | null; labels: string[] | null; docIds: string[] | null };
  /** The annotators compared (the gold layer is never one), sorted. */
  annotators: string[];
  /** The four match predicates, with their names. */
  criteria: { id: CriterionId; match: MatchCriterion; name: string }[];
  documents: {
    inProject: number;
    /** After the docIds filter. */
    selected: number;
    /** With two or more annotators' layers: the documents every figure is computed over. */
    compared: number;
    notCompared: NotComparedDocument[];
  };
  overall: {
    /** Counts pooled over every annotator pair and document (never an average of per-document values). */
    spanF1: ByCriterion<SpanF1>;
    /** The mean of the annotator pairs' F1, for comparison with the pooled value. */
    meanOverPairs: ByCriterion<MeanSpanF1>;
    unitizingAlpha: UnitizingAlpha;
    /** α on the labels of span positions (overlap, unlabelled matching). */
    nominalAlpha: {
      /** "No annotation" is a missing value: agreement on the label of what two or more marked. */
      noneAsMissing: NominalAlpha;
      /** "No annotation" is a category: detection counts too. */
      noneAsCategory: NominalAlpha;
      positions: number;
      conflicts: number;
    };
  };
  byLabel: LabelAgreement[];
  /** The annotator-pair matrix: one entry per unordered pair, first annotator before second in `annotators`. */
  pairs: PairAgreement[];
  /** Pairs matched by unlabelled overlap, by the label each annotator gave. */
  confusion: CorpusLabelConfusion;
  /** Every compared document, worst first; only the worst few when the report was asked for so (documentRows: the command line's table). */
  byDocument: DocumentAgreement[];
  /** How `byDocument` is ordered, in words. */
  ranking: string;
  attributes: AttributeAgreementReport;
  relations: RelationAgreement;
  /** What α_U changed in the input: same-label overlapping spans of one annotator merged, spans skipped. */
  unitizingAdjustments: { merged: number; skipped: number; mergedExamples: MergedSpans[]; skippedExamples: SkippedSpan[] };
  /** Files that could not be read: their layers are left out, and say so here. */
  problems: AgreementFileProblem[];
  /**
   * Layers the assignment (assignment.json) expects that are not there yet: no file, or one
   * holding nothing and not marked finished. Their documents are measured on the layers there
   * are; the missing ones are named here, never silently absent. Only when there is an assignment.
   */
  missingLayers?: MissingLayers[];
  computation: {
    /** Milliseconds from the call to the report, reading the files included. */
    elapsedMs: number;
    /** Where the figures were computed: a worker thread, or the server's own thread in slices between requests. */
    where: 'worker thread' | 'main thread';
  };
}
