import { differingAttributes, type ReviewUnit } from './units';

/**
 * What a number of the agreement report stands for, as review units: the disagreements behind a
 * label's figure, an annotator pair's, an attribute's, or (with none of these) a document's.
 */
export interface DisagreementFilter {
  /** Units where one of the versions compared has this label. */
  label?: string;
  /** Units where these annotators differ (one has nothing there, or their versions differ). */
  annotators?: readonly string[];
  /** Only differences of the spans themselves (one has none, another place or label): what span F1, α and κ count; not attributes. */
  spans?: boolean;
  /** Only units where versions with the same label set this attribute to different values: what attribute agreement counts. */
  attribute?: string;
  /**
   * Only what span F1 under this predicate counts as a disagreement: someone has nothing there,
   * and, for exact boundaries, boundaries that differ; for the same label, labels that differ.
   */
  match?: { boundary: 'exact' | 'overlap'; labels: 'labelled' | 'unlabelled' };
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
  const group = who.length >= 2 ? new Set(who) : compared;
  const versions = u.versions.filter((v) => group.has(v.annotator));
  if (versions.length === 0) return false;
  if (filter.label !== undefined && !versions.some((v) => v.span.label === filter.label)) return false;
  if (filter.attribute !== undefined) {
    // As attribute agreement counts: values of versions with the same label, set by two or more, that differ.
    const label = filter.label ?? versions[0]!.span.label;
    const values = versions.filter((v) => v.span.label === label).map((v) => v.span.attributes?.[filter.attribute!]);
    const set = values.filter((x) => x !== undefined).map((x) => JSON.stringify(x));
    return set.length >= 2 && new Set(set).size > 1;
  }
  // Someone of the group has nothing here (or one has two spans where another has one).
  const present = new Set(versions.map((v) => v.annotator));
  if (present.size < group.size || versions.length > present.size) return true;
  const first = versions[0]!.span;
  const place = versions.some((v) => v.span.startOffset !== first.startOffset || v.span.endOffset !== first.endOffset);
  const label = versions.some((v) => v.span.label !== first.label);
  if (filter.match) return (place && filter.match.boundary === 'exact') || (label && filter.match.labels === 'labelled');
  if (place || label) return true;
  return !filter.spans && differingAttributes(versions.map((v) => v.span.attributes)).length > 0;
}
