import { describe, expect, it } from 'vitest';
import { compareNames, nameKey, normalizeName, SAME_THRESHOLD } from './index';

const SARAYA = ['Sayara Thora Al-Ashrin', 'SarayaThorat al-Ashrin', 'SarayaThurat Al-Ashrin', 'Saraya Thawrat al-Ashrin'];

describe('normalizeName and nameKey', () => {
  it('lower-cases, strips diacritics and ʿayn marks, splits CamelCase and hyphens', () => {
    expect(normalizeName('SarayaThorat al-Ashrin')).toBe('saraya thorat al ashrin');
    expect(normalizeName('Ḥashd al-Shaʿbi')).toBe('hashd al shabi');
    expect(normalizeName("Kata'ib  Ḥizballāh")).toBe('kataib hizballah');
    expect(normalizeName('Usbat al-ThaireenAshab al-Kahaf')).toBe('usbat al thaireen ashab al kahaf');
    expect(normalizeName('IRGCQuds Force')).toBe('irgc quds force');
    expect(normalizeName('  ')).toBe('');
  });

  it('gives one key to the spellings of one name', () => {
    expect(new Set(SARAYA.map(nameKey))).toEqual(new Set(['sr Tr Srn']));
    expect(nameKey('Hachd al-Chaabi')).toBe(nameKey('Hashd al-Shaabi'));
    expect(nameKey('Suleimani')).toBe(nameKey('Soleimani'));
    expect(nameKey('Kataib Hezbollah')).not.toBe(nameKey('Asaib Ahl Al Haq'));
  });
});

describe('compareNames', () => {
  it.each(SARAYA.flatMap((a, i) => SARAYA.slice(i + 1).map((b) => [a, b] as const)))('%s ~ %s', (a, b) => {
    const result = compareNames(a, b);
    expect(result.same).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(SAME_THRESHOLD);
    expect(result.explanation.length).toBeGreaterThan(1);
  });

  it.each([
    ['Suleimani', 'Soleimani'],
    ['Qassem Suleimani', 'Qassem Soleimani'],
    ['Hachd al-Chaabi', 'Hashd al-Shaabi'],
    ['Hachd al-Chaabi', "Hashd ash-Sha'bi"],
    ['Hezbollah', 'Hizballah'],
    ['Kataib Hezbollah', "Kata'ib Hizbullah"],
    ['Ashab Al-Kahf', 'Ashab al-Kahaf'],
    ['Abu Mahdi al-Muhandis', 'Abu Mahdi Al Muhandis'],
    ['Adel Abdul Mahdi', 'Adil Abd al-Mahdi'],
    ['Popular Mobilisation Forces', 'Popular Mobilization Forces'],
    ['PMU', 'Popular Mobilization Units'],
    ['Mohammed', 'Muhammad'],
    ['Hussein', 'Husayn'],
  ])('same: %s ~ %s', (a, b) => {
    const result = compareNames(a, b);
    expect(result, result.explanation.join('\n')).toMatchObject({ same: true });
    expect(compareNames(b, a).score).toBe(result.score);
  });

  it.each([
    ['Kataib Hezbollah', 'Asaib Ahl Al Haq'],
    ['Ashab Al-Kahf', 'Asaib Ahl Al Haq'],
    ['Ashab Al-Kahf', 'Kataib Hezbollah'],
    ['Usbat al-Thaireen', 'Ashab al-Kahaf'],
    ['Usbat al-Thaireen', 'Saraya Thawrat al-Ashrin'],
    ['Saraya Thawrat al-Ashrin', 'SarayaShuhadaThawarAshreen al-Thani'],
    ['Kataib Hezbollah', 'Hezbollah'],
    ['Kataib Hezbollah', 'Hezbollah Brigades'],
    ['Abu Mahdi al-Muhandis', 'Adel Abdul Mahdi'],
    ['Islamic State', 'Islamic Resistance in Iraq'],
    ['Hachd al-Chaabi', 'Hamas'],
    ['Qassem Soleimani', 'Soleimani'],
    ['Hamid', 'Hamad'],
  ])('not the same: %s / %s', (a, b) => {
    const result = compareNames(a, b);
    expect(result, result.explanation.join('\n')).toMatchObject({ same: false });
    expect(result.explanation.at(-1)).toMatch(/not proposed as the same entity/);
  });

  it('explains which spellings matched and by which rules', () => {
    const { explanation } = compareNames('Sayara Thora Al-Ashrin', 'Saraya Thawrat al-Ashrin');
    expect(explanation).toContain("'Thora' ~ 'Thawrat': the same spelling 'thura' after transliteration (rules: o→u; aw→u (diphthong); final -ah/-at → -a)");
    expect(explanation.some((l) => /'Sayara' ~ 'Saraya': same consonant skeleton s-r/.test(l))).toBe(true);
    expect(explanation.some((l) => /articles set aside/.test(l))).toBe(true);
    expect(explanation.at(-1)).toMatch(/proposed as the same entity/);

    const camel = compareNames('SarayaThurat Al-Ashrin', 'Saraya Thawrat al-Ashrin').explanation;
    expect(camel[0]).toBe("'SarayaThurat' read as words written together: 'Saraya Thurat'");

    const french = compareNames('Hachd al-Chaabi', 'Hashd al-Shaabi').explanation;
    expect(french.some((l) => l.includes('ch→sh (French)'))).toBe(true);

    const different = compareNames('Kataib Hezbollah', 'Asaib Ahl Al Haq').explanation;
    expect(different.some((l) => /'Kataib' ≠ 'Asaib': different words \(consonant skeletons k-t-b \/ s-b\)/.test(l))).toBe(true);
    expect(different.some((l) => /'Haq' has no counterpart/.test(l))).toBe(true);
  });

  it('never explains with nothing, even for empty names', () => {
    expect(compareNames('', 'Hamas')).toMatchObject({ score: 0, same: false });
    expect(compareNames('', 'Hamas').explanation.length).toBeGreaterThan(0);
  });
});
