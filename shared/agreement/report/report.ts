/**
 * The measures of docs/AGREEMENT.md §3–§6 over a corpus, a document at a time: span F1
 * under the four match predicates, the label-confusion matrix, α_U, and α / κ on span positions.
 * Each document's pairwise matchings are computed once and shared by all of them.
 */
import { LabelConfusionAccumulator } from '../measures/confusion';
import { DocumentMatcher } from '../matching/documentMatcher';
import { compareStrings } from '../input/check';
import { SpanF1Accumulator } from '../measures/spanF1';
import { MATCH_CRITERIA } from '../matching/spanMatching';
import { SpanPositionAccumulator } from '../measures/spanPositions';
import type { AgreementDocument, AgreementReport, SpanLike, UnitizingAlpha } from '../types';
import { UnitizingAlphaAccumulator } from '../measures/unitizingAlpha';

export interface AgreementReportOptions {
  /** The project's labels, listed in this order even where nobody used them. */
  labels?: readonly string[];
  /** Keep each document's F1 matrices and α_U (default true); a large corpus may not need them. */
  keepDocuments?: boolean;
  /** List at most this many of α_U's merged units and skipped spans (all by default; the counts are always complete). */
  examples?: number;
}

export class AgreementAccumulator {
  private readonly f1: SpanF1Accumulator[];
  private readonly confusion: LabelConfusionAccumulator;
  private readonly unitizing: UnitizingAlphaAccumulator;
  private readonly positions: SpanPositionAccumulator;
  private readonly annotators = new Set<string>();
  private documents = 0;

  constructor(options: AgreementReportOptions = {}) {
    const labels = options.labels ? { labels: options.labels } : {};
    const keep = { keepDocuments: options.keepDocuments !== false };
    this.f1 = MATCH_CRITERIA.map((c) => new SpanF1Accumulator(c, { ...labels, ...keep }));
    this.confusion = new LabelConfusionAccumulator(labels);
    this.unitizing = new UnitizingAlphaAccumulator({ ...labels, ...keep, ...(options.examples === undefined ? {} : { examples: options.examples }) });
    this.positions = new SpanPositionAccumulator(labels);
  }

  /**
   * Adds one document (throws a RangeError naming it if it is malformed, before counting
   * anything). Returns its matcher, whose matchings other measures may share, and its own α_U.
   */
  add<S extends SpanLike>(document: AgreementDocument<S> | DocumentMatcher<S>): { matcher: DocumentMatcher<S>; unitizing: UnitizingAlpha } {
    // Every predicate is used, so both matchings of a boundary rule come from one pass.
    const matcher = document instanceof DocumentMatcher ? document : new DocumentMatcher(document, { both: true });
    for (const f1 of this.f1) f1.add(matcher);
    this.confusion.add(matcher);
    const unitizing = this.unitizing.add(matcher);
    this.positions.add(matcher);
    for (const a of matcher.annotators) this.annotators.add(a);
    this.documents++;
    return { matcher, unitizing };
  }

  result(): AgreementReport {
    return {
      documents: this.documents,
      annotators: [...this.annotators].sort(compareStrings),
      spanF1: this.f1.map((f1) => f1.result()),
      confusion: this.confusion.result(),
      unitizing: this.unitizing.result(),
      positions: this.positions.result(),
    };
  }
}

/** The whole agreement report of a corpus (or of one document). */
export function agreementReport<S extends SpanLike>(documents: Iterable<AgreementDocument<S>>, options: AgreementReportOptions = {}): AgreementReport {
  const acc = new AgreementAccumulator(options);
  for (const doc of documents) acc.add(doc);
  return acc.result();
}
