import type { Layer } from '../api/contract';
import { GOLD } from '../format/annotationFile';
import { progressOf } from './decisions';
import { reviewUnits } from './units';

/**
 * Which layers of a document are finished, sorted, "gold" last:
 * - an annotator's layer when its file is marked `finished`;
 * - the gold layer when gold.json is marked `finished`, or when the review of the document is
 *   done: two or more readable annotator layers, a gold layer that holds something (spans or
 *   settled disagreements), and every disagreement between the annotators settled
 *   (shared/review/units.ts). An annotator who changes a span reopens its unit, and so gold.
 * Layers that could not be read are never finished.
 */
export function finishedLayers(annotators: readonly Layer[], gold: Layer): string[] {
  const readable = annotators.filter((l) => !l.error);
  const out = readable.filter((l) => l.finished).map((l) => l.annotator).sort();
  if (!gold.error && (gold.finished || reviewDone(readable, gold))) out.push(GOLD);
  return out;
}

/** Every disagreement settled in a gold layer that holds something. */
export function reviewDone(readable: readonly Layer[], gold: Layer): boolean {
  if (readable.length < 2) return false;
  const settled = gold.settled ?? [];
  if (gold.spans.length === 0 && settled.length === 0) return false;
  const progress = progressOf(reviewUnits(readable), new Set(settled));
  return progress.settled === progress.disagreements;
}
