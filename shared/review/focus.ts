import { differingAttributes, isDisagreement, type ReviewUnit } from './units';

/**
 * What a number of the agreement report stands for, as review units: the disagreements behind a
 * label's figure, an annotator pair's, or (with neither) a document's.
 */
export interface DisagreementFilter {
  /** Units where one of the versions compared has this label. */
  label?: string;
  /** Units where these annotators differ (one has nothing there, or their versions differ). */
  annotators?: readonly string[];
}

/**
 * The disagreements of a document behind a figure, in document order. With `annotators`, only
 * their versions are looked at: a unit counts when one of them has nothing there and another
 * has, or when their versions differ in place, label or attributes. Annotators that are not
 * compared on the document are ignored; with fewer than two left, every disagreement counts.
 */
export function unitsBehind(units: readonly ReviewUnit[], filter: DisagreementFilter): ReviewUnit[] {
  return units.filter((u) => behind(u, filter));
}

function behind(u: ReviewUnit, filter: DisagreementFilter): boolean {
  const compared = new Set([...u.versions.map((v) => v.annotator), ...u.missing]);
  const who = filter.annotators?.filter((a) => compared.has(a)) ?? [];
  const pairwise = who.length >= 2;
  const versions = pairwise ? u.versions.filter((v) => who.includes(v.annotator)) : u.versions;
  if (versions.length === 0) return false;
  if (filter.label !== undefined && !versions.some((v) => v.span.label === filter.label)) return false;
  if (!pairwise) return isDisagreement(u);
  const present = new Set(versions.map((v) => v.annotator));
  if (present.size < who.length || versions.length > present.size) return true;
  const first = versions[0]!.span;
  if (versions.some((v) => v.span.startOffset !== first.startOffset || v.span.endOffset !== first.endOffset || v.span.label !== first.label)) return true;
  return differingAttributes(versions.map((v) => v.span.attributes)).length > 0;
}
