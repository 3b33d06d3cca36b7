/**
 * A suggestion's id: the same proposal (recommender, label, offsets) always has the same id,
 * so a decision made on one answer (accepted, rejected) applies to every later one.
 */
export function suggestionKey(p: { recommender: string; label: string; startOffset: number; endOffset: number }): string {
  return `${p.recommender}:${p.label}:${p.startOffset}-${p.endOffset}`;
}
