import { describe, expect, it } from 'vitest';
import type { ProjectEvent, ProjectEvents, SeatStatus } from '../../shared/api/live';
import { watchProjectChanges } from './live';
import { Seats } from './seats';

describe('watchProjectChanges', () => {
  it('asks from the cursor it was given, passes events on, backs off on errors and then reads everything again', async () => {
    const asked: Array<number | undefined> = [];
    const answers: Array<ProjectEvents | Error> = [
      { cursor: 5, events: [] },
      { cursor: 6, events: [{ kind: 'schema' }] },
      new Error('the Standoff server cannot be reached'),
      { cursor: 9, events: [{ kind: 'entities' }] },
    ];
    const seen: Array<{ events: ProjectEvent[]; reset: boolean }> = [];
    const stop = watchProjectChanges(
      {
        watchProject: async ({ cursor }) => {
          asked.push(cursor);
          const next = answers.shift();
          if (!next) return new Promise<ProjectEvents>(() => {}); // waits for ever, as a long poll does
          if (next instanceof Error) throw next;
          return next;
        },
      },
      (events, reset) => seen.push({ events, reset }),
      { quietMs: 5, backoffMs: [5] },
    );
    await expect.poll(() => seen.length).toBe(2);
    stop();
    expect(asked).toEqual([undefined, 5, 6, 6, 9]);
    // After the failure, events may have been missed: the second answer says read everything again.
    expect(seen).toEqual([
      { events: [{ kind: 'schema' }], reset: false },
      { events: [{ kind: 'entities' }], reset: true },
    ]);
  });
});

describe('Seats', () => {
  it('asks again every few seconds while someone waits for a seat held elsewhere, and tells them once it is theirs', async () => {
    let status: SeatStatus = { annotator: 'amira', held: false, holder: null, message: 'amira’s annotations are open in another window' };
    let asks = 0;
    const seats = new Seats(
      {
        claimSeat: async () => {
          asks++;
          return status;
        },
      },
      10,
    );
    const heard: boolean[] = [];
    expect((await seats.claim('amira')).held).toBe(false);
    const stop = seats.watch('amira', (s) => heard.push(s.held));
    await expect.poll(() => asks).toBeGreaterThan(2);
    expect(heard).toEqual([]);
    status = { annotator: 'amira', held: true };
    await expect.poll(() => heard).toEqual([true]);
    const after = asks;
    await new Promise((r) => setTimeout(r, 50));
    expect(asks).toBe(after); // held: no more asking
    stop();
  });

  it('stops asking when nobody waits any more', async () => {
    let asks = 0;
    const seats = new Seats({ claimSeat: async () => (asks++, { annotator: 'amira', held: false, holder: null, message: 'held' }) }, 10);
    const stop = seats.watch('amira', () => {});
    seats.lost('amira', 'held');
    await expect.poll(() => asks).toBeGreaterThan(1);
    stop();
    const after = asks;
    await new Promise((r) => setTimeout(r, 50));
    expect(asks).toBe(after);
  });
});
