/**
 * Lanes keep overlapping spans apart on screen: each span gets the lowest lane that no span
 * overlapping it uses, and lane n draws its underline n steps lower, so nested and crossing
 * spans never hide each other.
 */
export interface LaneSpan {
  id: string;
  startOffset: number;
  endOffset: number;
}

/** Lanes for a whole layer at once: a sweep in document order, O(n log n + n·depth). */
export function assignLanes(spans: LaneSpan[]): Map<string, number> {
  const sorted = [...spans].sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  const lanes = new Map<string, number>();
  let active: Array<{ end: number; lane: number }> = [];
  for (const s of sorted) {
    active = active.filter((a) => a.end > s.startOffset);
    const lane = lowestFree(active.map((a) => a.lane));
    lanes.set(s.id, lane);
    active.push({ end: s.endOffset, lane });
  }
  return lanes;
}

/** The lowest lane not in use. */
export function lowestFree(used: Iterable<number>): number {
  const taken = new Set(used);
  let lane = 0;
  while (taken.has(lane)) lane++;
  return lane;
}
