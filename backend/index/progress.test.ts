import { describe, expect, it } from 'vitest';
import type { Span } from '../../shared/model/span';
import { isDisagreement, progressOf, reviewUnits, type ReviewLayer } from '../../shared/review';
import { mulberry32 } from '../../shared/text/random';
import { DocumentProgress, spanChanges } from './progress';

const rng = mulberry32;

const LABELS = ['actor', 'claim', 'denial'];
const TEXT = 3000;

function randomSpan(r: () => number, id: string, near?: Span): Span {
  // Short spans, often near another (so units overlap, nest, cross and touch), sometimes long.
  const start = near ? Math.max(0, near.startOffset + Math.floor(r() * 11) - 5) : Math.floor(r() * TEXT);
  const length = r() < 0.05 ? Math.floor(r() * 300) : r() < 0.03 ? 0 : 1 + Math.floor(r() * 25);
  const label = near && r() < 0.7 ? near.label : LABELS[Math.floor(r() * LABELS.length)]!;
  const attributes = r() < 0.2 ? { certainty: r() < 0.5 ? 'high' : 'low' } : undefined;
  return { id, label, startOffset: start, endOffset: Math.min(TEXT, start + length), quote: { prefix: '', exact: '', suffix: '' }, ...(attributes ? { attributes } : {}) };
}

/** Disagreements and settled ones as the review counts them, from every span. */
function fromScratch(layers: readonly ReviewLayer[], settled: readonly string[]) {
  if (layers.length < 2) return { disagreements: 0, settled: 0, keys: [] as string[] };
  const units = reviewUnits(layers);
  return { ...progressOf(units, new Set(settled)), keys: units.filter(isDisagreement).map((u) => u.key) };
}

describe('DocumentProgress', () => {
  it('kept through many saves, counts what a count from every span counts', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = rng(seed);
      const names = seed % 2 ? ['ann', 'bob'] : ['ann', 'bob', 'cy'];
      let next = 0;
      const layers: ReviewLayer[] = [];
      const base: Span[] = [];
      for (let k = 0; k < 150; k++) base.push(randomSpan(r, `s${next++}`));
      for (const annotator of names) {
        // Each annotator tags most of the same places, some a little differently, some not at all.
        const spans = base.filter(() => r() < 0.85).map((s) => (r() < 0.3 ? randomSpan(r, `s${next++}`, s) : { ...s, id: `s${next++}` }));
        layers.push({ annotator, spans });
      }
      let settled = fromScratch(layers, []).keys.filter(() => r() < 0.5);
      let progress = DocumentProgress.of(layers, settled);
      for (let save = 0; save < 300; save++) {
        const k = Math.floor(r() * layers.length);
        const before = layers[k]!.spans;
        const after = [...before];
        const edits = r() < 0.1 ? 2 + Math.floor(r() * 6) : 1;
        for (let e = 0; e < edits && after.length; e++) {
          const at = Math.floor(r() * after.length);
          const what = r();
          if (what < 0.35) after.push(randomSpan(r, `s${next++}`, r() < 0.7 ? after[at] : undefined));
          else if (what < 0.6) after.splice(at, 1);
          else if (what < 0.8) after[at] = { ...randomSpan(r, after[at]!.id, after[at]), id: after[at]!.id };
          else after[at] = { ...after[at]!, label: LABELS[Math.floor(r() * LABELS.length)]! };
        }
        layers[k] = { annotator: layers[k]!.annotator, spans: after };
        progress = progress.withChangedLayer(layers, layers[k]!.annotator, spanChanges(before, after));
        if (save % 25 === 0) {
          // Gold settles some disagreements and reopens others.
          const now = fromScratch(layers, settled).keys;
          settled = [...settled.filter(() => r() < 0.8), ...now.filter(() => r() < 0.3)];
          progress = progress.withSettled(settled);
        }
        const expected = fromScratch(layers, settled);
        expect({ at: `seed ${seed}, save ${save}`, disagreements: progress.disagreements, settled: progress.settled, keys: progress.disagreementKeys().sort() }).toEqual({
          at: `seed ${seed}, save ${save}`,
          disagreements: expected.disagreements,
          settled: expected.settled,
          keys: [...expected.keys].sort(),
        });
      }
    }
  });

  it('a save that changes who is compared counts everything again', () => {
    const sp = (id: string, startOffset: number, endOffset: number, label = 'claim'): Span => ({ id, label, startOffset, endOffset, quote: { prefix: '', exact: '', suffix: '' } });
    const ann = { annotator: 'ann', spans: [sp('a1', 0, 10), sp('a2', 20, 30)] };
    const progress = DocumentProgress.of([ann], []);
    expect(progress.disagreements).toBe(0);
    const bob = { annotator: 'bob', spans: [sp('b1', 0, 10, 'actor')] };
    const now = progress.withChangedLayer([ann, bob], 'bob', spanChanges([], bob.spans));
    expect([now.disagreements, now.settled]).toEqual([2, 0]);
  });
});
