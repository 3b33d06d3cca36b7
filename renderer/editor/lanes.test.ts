import { describe, expect, it } from 'vitest';
import { assignLanes, lowestFree } from './lanes';

const span = (id: string, startOffset: number, endOffset: number) => ({ id, startOffset, endOffset });

describe('lanes', () => {
  it('gives the lowest lane not used by an overlapping span', () => {
    expect(lowestFree([])).toBe(0);
    expect(lowestFree([0, 1, 3])).toBe(2);
  });

  it('keeps nested and crossing spans on different lanes, and reuses a lane once it is free', () => {
    const lanes = assignLanes([span('inner', 2, 4), span('outer', 0, 10), span('crossing', 8, 14), span('after', 12, 20), span('later', 21, 25)]);
    expect(Object.fromEntries(lanes)).toEqual({ outer: 0, inner: 1, crossing: 1, after: 0, later: 0 });
  });

  it('never gives two overlapping spans the same lane (random layers)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const spans = Array.from({ length: 40 }, (_, i) => {
        const start = Math.floor(random() * 200);
        return span(`s${i}`, start, start + 1 + Math.floor(random() * 30));
      });
      const lanes = assignLanes(spans);
      for (const a of spans) {
        for (const b of spans) {
          if (a !== b && a.startOffset < b.endOffset && b.startOffset < a.endOffset) expect(lanes.get(a.id)).not.toBe(lanes.get(b.id));
        }
      }
    }
  });
});
