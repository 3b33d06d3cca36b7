import { describe, expect, it } from 'vitest';
import { addRows, crossValidationFolds, scoreSpans } from './evaluate';

const s = (label: string, startOffset: number, endOffset: number) => ({ label, startOffset, endOffset });

describe('scoreSpans', () => {
  it('counts exact and overlapping matches per label, with a micro-averaged row', () => {
    const reference = [s('actor', 0, 5), s('actor', 10, 20), s('claim', 30, 60)];
    const predicted = [s('actor', 0, 5), s('actor', 12, 18), s('claim', 70, 80), s('actor', 40, 45)];
    const rows = scoreSpans(predicted, reference);
    const actor = rows.find((r) => r.label === 'actor');
    expect(actor?.exact).toMatchObject({ truePositives: 1, falsePositives: 2, falseNegatives: 1 });
    expect(actor?.overlap).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 0 });
    expect(actor?.overlap.precision).toBeCloseTo(2 / 3);
    expect(actor?.overlap.recall).toBe(1);
    expect(actor?.overlap.f1).toBeCloseTo(0.8);
    const claim = rows.find((r) => r.label === 'claim');
    expect(claim?.overlap).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 1, f1: 0 });
    const all = rows.at(-1);
    expect(all?.label).toBe('*');
    expect(all?.overlap).toMatchObject({ truePositives: 2, falsePositives: 2, falseNegatives: 1 });
    expect(all?.support).toBe(3);
  });

  it('matches each reference span at most once, the pair sharing most first', () => {
    const reference = [s('actor', 0, 10), s('actor', 8, 30)];
    // Three proposals over two gold spans: the long one pairs with the long gold span.
    const predicted = [s('actor', 0, 3), s('actor', 9, 29), s('actor', 1, 2)];
    const [row] = scoreSpans(predicted, reference, ['actor']);
    expect(row?.overlap).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 0 });
    const [dup] = scoreSpans([s('actor', 0, 10), s('actor', 0, 10)], [s('actor', 0, 10)], ['actor']);
    expect(dup?.exact).toMatchObject({ truePositives: 1, falsePositives: 1 });
  });

  it('never matches across labels, and leaves out labels not asked for', () => {
    const rows = scoreSpans([s('claim', 0, 10)], [s('denial', 0, 10), s('actor', 0, 3)], ['claim', 'denial']);
    expect(rows.map((r) => r.label)).toEqual(['claim', 'denial', '*']);
    expect(rows[2]?.overlap).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 1 });
  });

  it('adds the rows of several documents up before dividing', () => {
    const a = scoreSpans([s('actor', 0, 5)], [s('actor', 0, 5)], ['actor']);
    const b = scoreSpans([s('actor', 0, 5), s('actor', 9, 12)], [s('actor', 20, 25)], ['actor']);
    const [actor, all] = addRows([a, b]);
    expect(actor?.overlap).toMatchObject({ truePositives: 1, falsePositives: 2, falseNegatives: 1 });
    expect(actor?.support).toBe(2);
    expect(all?.overlap.f1).toBeCloseTo(0.4);
  });
});

describe('crossValidationFolds', () => {
  it('holds every document out exactly once, in folds of near-equal size, the same each time', () => {
    const ids = ['e', 'a', 'd', 'c', 'b'];
    const folds = crossValidationFolds(ids, 2);
    expect(folds).toEqual([
      { test: ['a', 'c', 'e'], train: ['b', 'd'] },
      { test: ['b', 'd'], train: ['a', 'c', 'e'] },
    ]);
    expect(crossValidationFolds(ids, 10)).toHaveLength(5);
    expect(crossValidationFolds(ids, 5).flatMap((f) => f.test).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(crossValidationFolds(['only'], 5)).toEqual([]);
  });
});
