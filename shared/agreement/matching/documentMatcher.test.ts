import { describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../../../tests/support/random';
import { DocumentMatcher } from './documentMatcher';
import { compareSpanLike } from '../input/check';
import { MATCH_CRITERIA, matchPartners } from './spanMatching';
import type { SpanLike } from '../types';

describe('DocumentMatcher', () => {
  it('matches each pair as matchPartners does, also when it makes both matchings of a boundary rule in one pass', () => {
    const random = rng(11);
    let id = 0;
    for (let trial = 0; trial < 300; trial++) {
      const layer = () =>
        Array.from({ length: Math.floor(random() * 25) }, () => {
          const b = Math.floor(random() * 200);
          return { id: `s${id++}`, label: ['claim', 'denial', 'actor'][Math.floor(random() * 3)]!, startOffset: b, endOffset: b + 1 + Math.floor(random() * 30) } as SpanLike;
        }).sort(compareSpanLike);
      const layers = [layer(), layer(), layer()];
      const matcher = new DocumentMatcher({ documentId: `d${trial}`, length: 240, layers: layers.map((spans, k) => ({ annotator: `a${k}`, spans })) }, { both: trial % 3 !== 0 });
      // Ask in both orders: the matching asked for first makes the other of its boundary rule too.
      const order = trial % 2 === 0 ? MATCH_CRITERIA : [...MATCH_CRITERIA].reverse();
      for (const [x, y] of [[0, 1], [0, 2], [1, 2]] as const) {
        for (const c of order) expect(matcher.partners(`a${x}`, `a${y}`, c)).toEqual(matchPartners(layers[x]!, layers[y]!, c));
      }
    }
  });
});
