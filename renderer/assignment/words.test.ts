import { describe, expect, it } from 'vitest';
import { count, previewChanges, timeSince } from './words';

describe('time since a sync, in words', () => {
  const now = Date.parse('2026-12-07T20:00:00Z');
  it('reads seconds as just now, then minutes, hours, days', () => {
    expect(timeSince('2026-12-07T19:59:30Z', now)).toBe('just now');
    expect(timeSince('2026-12-07T19:48:00Z', now)).toBe('12 minutes ago');
    expect(timeSince('2026-12-07T17:30:00Z', now)).toBe('2 hours ago');
    expect(timeSince('2026-12-06T19:00:00Z', now)).toBe('yesterday');
    expect(timeSince('2026-11-20T19:00:00Z', now)).toBe('2 weeks ago');
  });
  it('says never (or the word given) without a time, or with one it cannot read', () => {
    expect(timeSince(null, now)).toBe('never');
    expect(timeSince(null, now, 'not synced')).toBe('not synced');
    expect(timeSince('yesterday-ish', now)).toBe('never');
  });
});

describe("a plan preview's changes in the matrix", () => {
  it('marks only the cells that change: assigned, taken back', () => {
    const before = { d1: ['layla'], d2: ['tom'], d3: ['layla', 'tom'] };
    const after = { d1: ['layla'], d2: ['layla'], d3: ['layla', 'tom'], d4: ['tom'] };
    const changes = previewChanges(before, after);
    expect([...changes.keys()].sort()).toEqual(['d2', 'd4']);
    expect(Object.fromEntries(changes.get('d2')!)).toEqual({ layla: 'added', tom: 'removed' });
    expect(Object.fromEntries(changes.get('d4')!)).toEqual({ tom: 'added' });
  });
  it('finds nothing to change when the plan keeps everything', () => {
    expect(previewChanges({ d1: ['a'] }, { d1: ['a'] }).size).toBe(0);
  });
});

describe('counts in words', () => {
  it('say one and many', () => {
    expect(count(1, 'document')).toBe('1 document');
    expect(count(12_000, 'document')).toBe('12,000 documents');
  });
});
