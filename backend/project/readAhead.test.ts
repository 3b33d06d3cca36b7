import { describe, expect, it } from 'vitest';
import { readAhead } from './readAhead';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('readAhead', () => {
  it('yields every result in order, however the reads finish, with at most `ahead` reads under way', async () => {
    const items = Array.from({ length: 40 }, (_, k) => k);
    let running = 0;
    let most = 0;
    const out: number[] = [];
    for await (const r of readAhead(items, 5, async (item) => {
      running++;
      most = Math.max(most, running);
      await pause((item * 7) % 5); // later items often finish first
      running--;
      return item * 10;
    })) {
      out.push(r);
    }
    expect(out).toEqual(items.map((k) => k * 10));
    expect(most).toBe(5);
  });

  it('throws a failed read when its turn comes, after the results before it', async () => {
    const got: number[] = [];
    const run = async () => {
      for await (const r of readAhead([0, 1, 2, 3], 4, async (item) => {
        if (item === 2) throw new Error('unreadable');
        await pause(5);
        return item;
      })) {
        got.push(r);
      }
    };
    await expect(run()).rejects.toThrow('unreadable');
    expect(got).toEqual([0, 1]);
  });

  it('stops reading when the consumer leaves the loop', async () => {
    const started: number[] = [];
    for await (const r of readAhead(Array.from({ length: 100 }, (_, k) => k), 3, async (item) => {
      started.push(item);
      return item;
    })) {
      if (r === 4) break;
    }
    expect(started.length).toBeLessThanOrEqual(8);
  });

  it('lets the event loop turn while reads finish at once (Ctrl+C and worker messages are heard)', async () => {
    const items = Array.from({ length: 200 }, (_, k) => k);
    let timerRan = -1;
    let consumed = 0;
    setTimeout(() => (timerRan = consumed), 0);
    for await (const r of readAhead(items, 8, async (item) => {
      const until = performance.now() + 1; // a read done in line: a millisecond of work, no waiting
      while (performance.now() < until);
      return item;
    })) {
      consumed = r + 1;
    }
    expect(consumed).toBe(200);
    // The timer ran during the loop, not after it (200 reads of 1 ms: turns every 20 ms or so).
    expect(timerRan).toBeGreaterThan(0);
    expect(timerRan).toBeLessThan(200);
  });
});
