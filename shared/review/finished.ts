import type { Layer } from '../api/contract';
import { GOLD } from '../format/annotationFile';
import { chosenLayers } from './choice';
import { progressOf } from './decisions';
import { reviewUnits } from './units';

/**
 * Which layers of a document are finished, sorted, "gold" last:
 * - an annotator's layer when its file is marked `finished`;
 * - the gold layer when gold.json is marked `finished`, or when the review of the document is
 *   done: two or more annotators compared (the curator's choice, `stored`, or the default:
 *   shared/review/choice.ts), a gold layer that holds something (spans or settled
 *   disagreements), and every disagreement between them settled (shared/review/units.ts). An
 *   annotator who changes a span reopens its unit, and so gold.
 * Layers that could not be read are never finished. `counts`: the review's counts when the
 * caller keeps them (the project index, backend/index/progress.ts), instead of counting again.
 */
export function finishedLayers(annotators: readonly Layer[], gold: Layer, stored: readonly string[] | null = null, counts?: ReviewCounts): string[] {
  const readable = annotators.filter((l) => !l.error);
  const out = readable.filter((l) => l.finished).map((l) => l.annotator).sort();
  if (!gold.error && (gold.finished || reviewDone(readable, gold, stored, counts))) out.push(GOLD);
  return out;
}

/** How many layers a document's review compares, its disagreements, and how many of them gold settled. */
export interface ReviewCounts {
  comparing: number;
  disagreements: number;
  settled: number;
}

/** Every disagreement between the annotators compared settled, in a gold layer that holds something. */
export function reviewDone(layers: readonly Layer[], gold: Layer, stored: readonly string[] | null = null, counts?: ReviewCounts): boolean {
  const settled = gold.settled ?? [];
  if (gold.spans.length === 0 && settled.length === 0) return false;
  const review = counts ?? countsOf(chosenLayers(layers, stored), settled);
  return review.comparing >= 2 && review.settled === review.disagreements;
}

function countsOf(compared: readonly Layer[], settled: readonly string[]): ReviewCounts {
  if (compared.length < 2) return { comparing: compared.length, disagreements: 0, settled: 0 };
  return { comparing: compared.length, ...progressOf(reviewUnits(compared), new Set(settled)) };
}
