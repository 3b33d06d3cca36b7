import { mulberry32 } from '../../shared/text/random';
/**
 * mulberry32: a small seeded generator for test data and benchmarks, so that a failing case
 * or a measured corpus can be made again exactly. Returns numbers in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}
