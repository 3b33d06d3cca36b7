import type { DocumentDisagreements } from '../../shared/api/review';
import type { DisagreementFilter } from '../../shared/review';

/**
 * Review opened from a number of the agreement report: the document, which of its
 * disagreements are behind the number (shared/review/focus.ts), what the number was, in words,
 * and the other documents with such disagreements, to step through.
 */
export interface ReviewFocus {
  docId: string;
  filter: DisagreementFilter;
  /** "Claim, F1 (overlap, same label)", "layla – tom", "document 003". */
  what: string;
  /** Every document with disagreements behind the number, most first (findDisagreements). */
  documents?: readonly DocumentDisagreements[];
}

/** Whether the focus narrows the document's disagreements at all. */
export const narrows = (f: ReviewFocus): boolean =>
  f.filter.label !== undefined || (f.filter.annotators?.length ?? 0) >= 2 || f.filter.spans === true || f.filter.attribute !== undefined;
