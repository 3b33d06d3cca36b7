import { describe, expect, it } from 'vitest';
import { NameIndex, type NameEntity } from './index';

const REGISTRY: NameEntity[] = [
  { id: 'pmf', name: 'Popular Mobilization Forces', aliases: ['Hashd al-Shaabi', 'Popular Mobilisation Forces', 'PMU', 'Popular Mobilization Units'] },
  { id: 'kh', name: 'Kataib Hezbollah', aliases: ['Hezbollah Brigades', "Kata'ib Hizballah"] },
  { id: 'aah', name: 'Asaib Ahl al-Haq', aliases: ['League of the Righteous'] },
  { id: 'stia', name: 'Saraya Thawrat al-Ashrin', aliases: ['Revolution of 1920 Brigades'] },
  { id: 'aak', name: 'Ashab al-Kahf', aliases: ['Companions of the Cave'] },
  { id: 'uat', name: 'Usbat al-Thaireen' },
  { id: 'qs', name: 'Qassem Soleimani', aliases: ['Qasem Soleimani'] },
  { id: 'amm', name: 'Abu Mahdi al-Muhandis' },
  { id: 'aam', name: 'Adel Abdul Mahdi' },
  { id: 'is', name: 'Islamic State', aliases: ['ISIS', 'Daesh'] },
  { id: 'iri', name: 'Islamic Resistance in Iraq' },
  { id: 'hamas', name: 'Hamas' },
];

describe('NameIndex on the seed actors', () => {
  const index = new NameIndex(REGISTRY);

  it.each([
    ['Sayara Thora Al-Ashrin', 'stia'],
    ['SarayaThorat al-Ashrin', 'stia'],
    ['SarayaThurat Al-Ashrin', 'stia'],
    ['Hachd al-Chaabi', 'pmf'],
    ['Ashab Al-Kahaf', 'aak'],
    ['Kataib Hizbullah', 'kh'],
    ['Asaib Ahl Al Haq', 'aah'],
    ['Qassem Suleimani', 'qs'],
    ['Adil Abd al-Mahdi', 'aam'],
    ['PMU', 'pmf'],
  ])('%s → %s, proposed as the same, with an explanation', (query, id) => {
    const [top] = index.suggest(query, 5);
    expect(top?.id).toBe(id);
    expect(top?.same).toBe(true);
    expect(top?.explanation.length).toBeGreaterThan(1);
  });

  it('does not propose unrelated groups as the same', () => {
    for (const s of index.suggest('Kataib Hezbollah', 10)) if (s.id !== 'kh') expect(s.same, s.name).toBe(false);
    for (const s of index.suggest('Asaib Ahl Al Haq', 10)) if (s.id !== 'aah') expect(s.same, s.name).toBe(false);
    for (const s of index.suggest('Ashab Al-Kahf', 10)) if (s.id !== 'aak') expect(s.same, s.name).toBe(false);
    for (const s of index.suggest('Abu Mahdi al-Muhandis', 10)) if (s.id !== 'amm') expect(s.same, s.name).toBe(false);
  });

  it('ranks partial matches below and says what is missing', () => {
    const [top] = index.suggest('Suleimani', 3);
    expect(top).toMatchObject({ id: 'qs', same: false });
    expect(top?.explanation.join('\n')).toMatch(/'Qas+em' has no counterpart/);
  });

  it('answers nothing for a name with no letters, and grows with add()', () => {
    expect(index.suggest('  -- ', 5)).toEqual([]);
    const grown = new NameIndex();
    expect(grown.suggest('Hamas', 5)).toEqual([]);
    grown.add({ id: 'h', name: 'Hamas', aliases: ['Harakat al-Muqawama al-Islamiya'] });
    expect(grown.suggest('Hamass', 5)[0]?.id).toBe('h');
    expect(grown.size).toBe(1);
    expect(grown.aliasCount).toBe(2);
  });
});

// --- A synthetic registry: 20,000 entities with 100,000 names and aliases -----------------------
