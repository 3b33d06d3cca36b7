import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { namesOrganisation, personRole, roleOfOrganisation } from './roles';

const DOCS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];
const TEXTS = DOCS.map((d) => readFileSync(new URL(`../../annotations/documents/${d}/text.txt`, import.meta.url), 'utf8')).join('\n');

describe('personRole', () => {
  // Each phrase as it stands in a sample article (the sentence is checked to be there).
  it.each([
    ['According to an AFP journalist, a funeral for that fighter', 'an AFP journalist', 'journalist', 'AFP'],
    ['which he once told a Reuters reporter he knew like the back of his hand', 'a Reuters reporter', 'reporter', 'Reuters'],
    ['When questioned by AFP, a Hachd al-Chaabi official confirmed the attack', 'a Hachd al-Chaabi official', 'official', 'Hachd al-Chaabi'],
    ['An Iraqi Interior Ministry official told him', 'An Iraqi Interior Ministry official', 'official', 'Iraqi Interior Ministry'],
    ['John Rigsbee, a Central Command spokesman, said on Tuesday', 'a Central Command spokesman', 'spokesman', 'Central Command'],
    ['Pentagon spokesman General Pat Ryder said', 'Pentagon spokesman', 'spokesman', 'Pentagon'],
    ['A spokesperson for the Iranian foreign ministry was not available for comment', 'A spokesperson for the Iranian foreign ministry', 'spokesperson', 'Iranian foreign ministry'],
  ])('%s', (sentence, phrase, role, organisation) => {
    expect(TEXTS).toContain(sentence);
    expect(personRole(phrase)).toEqual({ role, organisation });
  });

  it('reads the issue’s phrases, ranks, possessives and registry notes', () => {
    expect(personRole('AFP journalist')).toEqual({ role: 'journalist', organisation: 'AFP' });
    expect(personRole('Hezbollah spokesman')).toEqual({ role: 'spokesman', organisation: 'Hezbollah' });
    expect(personRole("the army's spokesperson")).toEqual({ role: 'spokesperson', organisation: 'army' });
    expect(personRole('the army’s spokesperson')).toEqual({ role: 'spokesperson', organisation: 'army' });
    expect(personRole("Reuters' reporter")).toEqual({ role: 'reporter', organisation: 'Reuters' });
    expect(personRole('a spokesman for Hezbollah')).toEqual({ role: 'spokesman', organisation: 'Hezbollah' });
    expect(personRole('a senior Hezbollah official')).toEqual({ role: 'official', organisation: 'Hezbollah' });
    expect(personRole('Pentagon deputy spokeswoman')).toEqual({ role: 'spokeswoman', organisation: 'Pentagon' });
    expect(personRole('AFP journalist (001)')).toEqual({ role: 'journalist', organisation: 'AFP' });
    expect(personRole('one of the militia commanders')).toEqual({ role: 'commanders', organisation: 'militia' });
    expect(personRole('two sources within the security services')).toEqual({ role: 'sources', organisation: 'security services' });
  });

  it('finds no role in names of organisations and people, nor in a role with no organisation', () => {
    for (const name of [
      'AFP', 'Agence France-Presse', 'Reuters', 'Kataib Hezbollah', 'Hezbollah Brigades', 'Popular Mobilization Forces',
      'Revolutionary Guard', 'Islamic Resistance in Iraq', 'Companions of the Cave', 'SITE Intelligence Group', 'Sabrina Singh',
      'Committee to Protect Journalists', 'Reporters Without Borders', 'Council of Representatives', 'Iraqi officials and analysts',
      'the spokesman', 'a senior official', 'two officials', 'other sources',
    ]) {
      expect(personRole(name), name).toBeNull();
    }
  });
});

describe('roleOfOrganisation', () => {
  it('says a person-role phrase is not its organisation', () => {
    expect(roleOfOrganisation('AFP journalist', 'AFP')).toBe("'AFP journalist' names a journalist of 'AFP', not AFP itself: not the same actor");
    expect(roleOfOrganisation('a Reuters reporter', 'Reuters')).toMatch(/a reporter of 'Reuters'/);
    expect(roleOfOrganisation('Hezbollah spokesman', 'Hezbollah')).toMatch(/a spokesman of 'Hezbollah'/);
    expect(roleOfOrganisation("the army's spokesperson", 'Iraqi army')).toBe("'the army's spokesperson' names a spokesperson of 'army', not 'Iraqi army': not the same actor");
    expect(roleOfOrganisation('Iraqi Interior Ministry official (001)', 'Iraqi Interior Ministry')).toMatch(/an official of 'Iraqi Interior Ministry'/);
    // The organisation under another of its spellings, or a body its words are part of.
    expect(roleOfOrganisation('Hachd al-Chaabi official', 'Hashd al-Shaabi')).not.toBeNull();
    expect(roleOfOrganisation('Hezbollah spokesman', 'Kataib Hezbollah')).not.toBeNull();
    expect(roleOfOrganisation('US military official (003)', 'US')).not.toBeNull();
  });

  it('has nothing to say of a person, another role, or another organisation', () => {
    expect(roleOfOrganisation('Pentagon deputy spokeswoman', 'Sabrina Singh')).toBeNull();
    expect(roleOfOrganisation('AFP journalist', 'AFP journalist (001)')).toBeNull();
    expect(roleOfOrganisation('AFP journalist', 'Reuters')).toBeNull();
    expect(roleOfOrganisation('AFP', 'AFP journalist')).toBeNull();
  });

  it('matches organisations by spelling or by words held in common', () => {
    expect(namesOrganisation('Hezbollah', 'Kataib Hezbollah')).toBe(true);
    expect(namesOrganisation('Hachd al-Chaabi', 'Hashd al-Shaabi')).toBe(true);
    expect(namesOrganisation('AFP', 'Reuters')).toBe(false);
  });
});
