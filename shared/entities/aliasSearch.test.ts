import { describe, expect, it } from 'vitest';
import { AliasSearch, foldAlias } from './aliasSearch';

const ALIASES = [
  'Hashd al-Shaabi', // 0
  'Hashd', // 1
  'al-Hashd al-Shaabi', // 2
  "Kata'ib Hizballah", // 3
  'Kataib Hezbollah', // 4
  'SarayaThorat al-Ashrin', // 5
  'Ḥashd ash-Shaʿbi', // 6
  'Hezbollah', // 7
];

describe('AliasSearch', () => {
  const search = new AliasSearch(ALIASES);
  const found = (typed: string, limit = 20, groups?: number[]) => search.find(typed, limit, groups).map((m) => [ALIASES[m.alias], m.kind]);

  it('folds case, accents, apostrophes, hyphens and CamelCase', () => {
    expect(foldAlias("Kata'ib  Ḥizballāh")).toBe('kataib hizballah');
    expect(foldAlias('SarayaThorat al-Ashrin')).toBe('saraya thorat al ashrin');
  });

  it('ranks the whole alias, then aliases beginning with it, then a word of them, shorter first', () => {
    expect(found('hashd')).toEqual([
      ['Hashd', 'exact'],
      ['Hashd al-Shaabi', 'prefix'],
      ['Ḥashd ash-Shaʿbi', 'prefix'],
      ['al-Hashd al-Shaabi', 'word'],
    ]);
    expect(found('thorat al-a')).toEqual([['SarayaThorat al-Ashrin', 'word']]);
    // Equally long: in folded alphabetical order.
    expect(found('kataib')).toEqual([
      ['Kataib Hezbollah', 'prefix'],
      ["Kata'ib Hizballah", 'prefix'],
    ]);
  });

  it('finds a name typed run together', () => {
    expect(found('sarayathorat')).toEqual([['SarayaThorat al-Ashrin', 'prefix']]);
    expect(found('hashdalshaabi')).toEqual([['Hashd al-Shaabi', 'exact']]);
  });

  it('looks inside words only when too little was found, and only for three letters or more', () => {
    expect(found('ollah')).toEqual([
      ['Hezbollah', 'substring'],
      ['Kataib Hezbollah', 'substring'],
    ]);
    expect(found('ol')).toEqual([]);
    // Enough found at the beginnings of words: no need to look inside.
    expect(found('hezbollah', 1)).toEqual([['Hezbollah', 'exact']]);
  });

  it('keeps the best alias of each group, best groups first, up to the limit', () => {
    // Groups: the Hashd aliases are one entity, the Hezbollah ones another.
    const groups = [0, 0, 0, 1, 1, 2, 0, 1];
    expect(found('h', 10, groups)).toEqual([
      ['Hashd', 'prefix'],
      ['Hezbollah', 'prefix'],
    ]);
    expect(found('h', 1, groups)).toEqual([['Hashd', 'prefix']]);
    expect(found('', 10)).toEqual([]);
    expect(found('hashd', 0)).toEqual([]);
  });

  it('picks the shortest of thousands of matches without sorting them all', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `B${'x'.repeat(1 + ((i * 7919) % 300))}`);
    const big = new AliasSearch(many);
    const top = big.find('b', 5).map((m) => many[m.alias]?.length);
    expect(top).toEqual([2, 2, 2, 2, 2]);
  });
});
