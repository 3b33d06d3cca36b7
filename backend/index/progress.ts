/**
 * A document's review progress (disagreements between the annotators compared, and how many of
 * them gold has settled), kept by region so that a save makes again only the regions it touched.
 *
 * Why it can be done by region: two spans are versions of one unit only if they share a code
 * point (reviewUnits matches by overlap), and the matching of two layers is solved per connected
 * component of their overlap graph, in document order (shared/agreement/matching). So the units
 * of a stretch of text whose spans touch nothing outside it are the units reviewUnits makes of
 * the whole document there. A region is such a stretch: units whose extents overlap or touch,
 * merged; regions neither overlap nor touch one another. After a save, the changed spans' old
 * and new extents, widened to the regions they touch, are such stretches too: every span inside
 * them is either changed or in one of those regions; every other span lies in a region that
 * touches none of them. Only these are made again.
 */
import type { Span } from '../../shared/model/span';
import { isDisagreement, reviewUnits, type ReviewLayer, type ReviewUnit } from '../../shared/review';

interface Region {
  /** Extent, code points: the first start and the last end of its units' spans. */
  start: number;
  end: number;
  /** Keys of its units that are disagreements. */
  keys: readonly string[];
  /** How many of those keys gold has settled. */
  settled: number;
}

/** A stretch of text made again, and the old regions [from, to) it replaces. */
interface Window {
  start: number;
  end: number;
  from: number;
  to: number;
  spans: Span[][];
}

/** Past this many changed spans in one save, the progress is made again whole. */
const FEW_CHANGES = 256;

export class DocumentProgress {
  private constructor(
    /** The annotators compared, in the order given (as `chosenLayers` gives them), joined by "\n". */
    readonly compared: string,
    /** How many layers are compared (fewer than two: nothing is). */
    readonly comparing: number,
    private readonly regions: readonly Region[],
    private readonly settledIds: ReadonlySet<string>,
    readonly disagreements: number,
    readonly settled: number,
  ) {}

  /** The progress of the layers compared (fewer than two: nothing to compare), counted against gold's settled units. */
  static of(compared: readonly ReviewLayer[], settled: readonly string[]): DocumentProgress {
    const settledIds = new Set(settled);
    const regions = compared.length >= 2 ? regionsOf(reviewUnits(compared), settledIds) : [];
    return DocumentProgress.made(namesOf(compared), compared.length, regions, settledIds);
  }

  private static made(compared: string, comparing: number, regions: readonly Region[], settledIds: ReadonlySet<string>): DocumentProgress {
    let disagreements = 0;
    let settled = 0;
    for (const r of regions) {
      disagreements += r.keys.length;
      settled += r.settled;
    }
    return new DocumentProgress(compared, comparing, regions, settledIds, disagreements, settled);
  }

  /**
   * The progress after one annotator's layer changed (`changes`: its spans removed and added;
   * null: unknown). `compared`: the layers compared now, the changed one as it is now; when they
   * are not the same annotators as before, everything is made again.
   */
  withChangedLayer(compared: readonly ReviewLayer[], annotator: string, changes: SpanChanges | null): DocumentProgress {
    if (namesOf(compared) !== this.compared) return DocumentProgress.of(compared, [...this.settledIds]);
    if (compared.length < 2 || !compared.some((l) => l.annotator === annotator)) return this;
    if (changes === null || changes.removed.length + changes.added.length > FEW_CHANGES) return DocumentProgress.of(compared, [...this.settledIds]);
    const extents: Array<[number, number]> = [];
    for (const s of changes.removed) extents.push([s.startOffset, s.endOffset]);
    for (const s of changes.added) extents.push([s.startOffset, s.endOffset]);
    if (!extents.length) return this;
    const windows = this.windowsOver(extents);
    if (!gather(windows, compared)) return DocumentProgress.of(compared, [...this.settledIds]);
    const regions: Region[] = [];
    let kept = 0;
    for (const w of windows) {
      for (let k = kept; k < w.from; k++) regions.push(this.regions[k]!);
      const layers = compared.map((l, k) => ({ annotator: l.annotator, spans: w.spans[k]! }));
      regions.push(...regionsOf(reviewUnits(layers), this.settledIds));
      kept = w.to;
    }
    for (let k = kept; k < this.regions.length; k++) regions.push(this.regions[k]!);
    return DocumentProgress.made(this.compared, this.comparing, regions, this.settledIds);
  }

  /** The progress counted against gold's settled units as they are now (the units themselves unchanged). */
  withSettled(settled: readonly string[]): DocumentProgress {
    const settledIds = new Set(settled);
    const regions = this.regions.map((r) => ({ ...r, settled: countSettled(r.keys, settledIds) }));
    return DocumentProgress.made(this.compared, this.comparing, regions, settledIds);
  }

  /** Keys of the disagreements, in document order of their regions (what the counts count). */
  disagreementKeys(): string[] {
    return this.regions.flatMap((r) => r.keys);
  }

  /** The changed extents widened to the regions they touch, merged where they overlap or touch, in order. */
  private windowsOver(extents: Array<[number, number]>): Window[] {
    extents.sort((a, b) => a[0] - b[0]);
    const windows: Window[] = [];
    for (const [s, e] of extents) {
      let start = s;
      let end = e;
      // The first region not wholly before the extent (ends grow with starts: regions are disjoint).
      let from = this.firstEndingFrom(start);
      const last = windows.at(-1);
      if (last && from < last.to) from = last.to;
      let to = from;
      while (to < this.regions.length && this.regions[to]!.start <= end) {
        start = Math.min(start, this.regions[to]!.start);
        end = Math.max(end, this.regions[to]!.end);
        to++;
      }
      if (last && start <= last.end) {
        last.end = Math.max(last.end, end);
        last.to = Math.max(last.to, to);
      } else {
        windows.push({ start, end, from, to, spans: [] });
      }
    }
    return windows;
  }

  private firstEndingFrom(offset: number): number {
    let lo = 0;
    let hi = this.regions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.regions[mid]!.end < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const namesOf = (layers: readonly ReviewLayer[]) => layers.map((l) => l.annotator).join('\n');

/** What a save changed in a layer's spans: a changed span is removed in its old version and added in its new one. */
export interface SpanChanges {
  removed: Span[];
  added: Span[];
}

/**
 * The spans in `before` and not in `after`, and the other way round, by object: the layer store
 * keeps the object of a span left as it was. Null past `limit` changes (a layer read again from
 * its file has all new objects): the caller then counts everything again.
 */
export function spanChanges(before: readonly Span[], after: readonly Span[], limit = FEW_CHANGES): SpanChanges | null {
  // Most saves add, remove or change a span or two: the common prefix in the store's order
  // (insertion order, as kept by its Map) is skipped before anything is hashed.
  let head = 0;
  const n = Math.min(before.length, after.length);
  while (head < n && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < n - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const was = before.slice(head, before.length - tail);
  const is = after.slice(head, after.length - tail);
  if (Math.abs(was.length - is.length) > limit) return null;
  const wasSet = new Set(was);
  const isSet = new Set(is);
  const removed = was.filter((s) => !isSet.has(s));
  const added = is.filter((s) => !wasSet.has(s));
  return removed.length + added.length > limit ? null : { removed, added };
}

/**
 * Puts each compared layer's spans that lie in a window into it; false if a span reaches out of
 * the window it starts in (it cannot, the regions being what they are: then trust nothing).
 */
function gather(windows: Window[], compared: readonly ReviewLayer[]): boolean {
  for (const w of windows) w.spans = compared.map(() => []);
  for (let k = 0; k < compared.length; k++) {
    for (const s of compared[k]!.spans) {
      const at = s.startOffset;
      if (at < windows[0]!.start || at > windows[windows.length - 1]!.end) continue;
      let lo = 0;
      let hi = windows.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (windows[mid]!.start <= at) lo = mid;
        else hi = mid - 1;
      }
      const w = windows[lo]!;
      if (at > w.end) continue;
      if (s.endOffset > w.end) return false;
      w.spans[k]!.push(s);
    }
  }
  return true;
}

/** Units (in document order) merged into regions where their extents overlap or touch. */
function regionsOf(units: readonly ReviewUnit[], settledIds: ReadonlySet<string>): Region[] {
  const regions: Region[] = [];
  let start = 0;
  let end = -1;
  let keys: string[] = [];
  const close = () => regions.push({ start, end, keys, settled: countSettled(keys, settledIds) });
  for (const u of units) {
    if (end >= 0 && u.startOffset <= end) {
      end = Math.max(end, u.endOffset);
    } else {
      if (end >= 0) close();
      start = u.startOffset;
      end = u.endOffset;
      keys = [];
    }
    if (isDisagreement(u)) keys.push(u.key);
  }
  if (end >= 0) close();
  return regions;
}

function countSettled(keys: readonly string[], settledIds: ReadonlySet<string>): number {
  let n = 0;
  for (const k of keys) if (settledIds.has(k)) n++;
  return n;
}
