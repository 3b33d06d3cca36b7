import { describe, expect, it } from 'vitest';
import type { Relation } from '../model/span';
import { RelationIndex } from './relationIndex';

const r = (id: string, from: string, to: string, type = 'claimant'): Relation => ({ id, type, from, to });

describe('RelationIndex', () => {
  it('finds a relation from either of its spans', () => {
    const index = new RelationIndex([r('r1', 'a', 'b'), r('r2', 'b', 'c')]);
    expect(index.at('b').map((x) => x.id).sort()).toEqual(['r1', 'r2']);
    expect(index.at('a').map((x) => x.id)).toEqual(['r1']);
    expect(index.at('z')).toEqual([]);
    expect(index.size).toBe(2);
  });

  it('moves a relation whose ends change, and forgets a removed one at both ends', () => {
    const index = new RelationIndex([r('r1', 'a', 'b')]);
    index.set(r('r1', 'a', 'c'));
    expect(index.at('b')).toEqual([]);
    expect(index.at('c').map((x) => x.id)).toEqual(['r1']);
    expect(index.delete('r1')).toBe(true);
    expect(index.at('a')).toEqual([]);
    expect(index.idsAt('c').size).toBe(0);
    expect(index.delete('r1')).toBe(false);
  });

  it('gives a copy by id that later changes do not touch', () => {
    const index = new RelationIndex([r('r1', 'a', 'b')]);
    const copy = index.toMap();
    index.delete('r1');
    expect(copy.get('r1')).toEqual(r('r1', 'a', 'b'));
  });

  it('keeps a map it is given up to date, indexing what is in it already', () => {
    const shared = new Map<string, Relation>([['r1', r('r1', 'a', 'b')]]);
    const index = new RelationIndex([], shared);
    expect(index.at('b').map((x) => x.id)).toEqual(['r1']);
    index.set(r('r2', 'b', 'c'));
    index.delete('r1');
    expect([...shared.keys()]).toEqual(['r2']);
    expect(index.at('a')).toEqual([]);
  });
});
