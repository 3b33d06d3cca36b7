import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCasualtyFigures, type CasualtyFigure } from './index';

/**
 * Every casualty figure in the five seed articles (annotations/documents/…/text.txt), read from
 * the sentence as it stands there (no-break spaces included, as \u00a0), and the numbers in
 * them that are not casualty figures.
 */
const DOCS = {
  a000: '000_121e11c80b4a277e',
  a001: '001_cc6eff7c9034e064',
  a002: '002_8b07dd57c7e0feb1',
  a003: '003_0facc4703c9682af',
  a004: '004_e94987f2d4dfd192',
} as const;

const text = (doc: keyof typeof DOCS) =>
  readFileSync(new URL(`../../annotations/documents/${DOCS[doc]}/text.txt`, import.meta.url), 'utf8');

type Case = [doc: keyof typeof DOCS, span: string, expected: Array<Partial<CasualtyFigure>>];

const FIGURES: Case[] = [
  // 000 (jpost)
  ['a000', 'Injured people, apparently civilians, were brought to a nearby hospital.',
    [{ outcome: 'injured', minimum: null, maximum: null, vague: true, victimGroup: 'civilians' }]],
  // 001 (AFP, translated)
  ['a001', 'leaves “several dead”', [{ outcome: 'killed', minimum: 3, maximum: null, vague: true }]],
  ['a001', 'they caused “several deaths”', [{ outcome: 'killed', minimum: 3, maximum: null, vague: true }]],
  ['a001', 'Eight people were injured in the attack and the base suffered minor damage',
    [{ outcome: 'injured', minimum: 8, maximum: 8, vague: false }]],
  ['a001', 'in which “several” members were killed',
    [{ outcome: 'killed', minimum: 3, maximum: null, vague: true, victimGroup: 'militants' }]],
  ['a001', 'one fighter was killed and three others were injured', [
    { outcome: 'killed', minimum: 1, maximum: 1, vague: false, victimGroup: 'militants' },
    { outcome: 'injured', minimum: 3, maximum: 3, vague: false, victimGroup: 'militants' },
  ]],
  ['a001', 'about 62 American soldiers were injured in the attacks',
    [{ outcome: 'injured', minimum: 62, maximum: 62, vague: false, hedge: 'about', hedgeClass: 'approximate', victimGroup: 'security-forces' }]],
  ['a001', 'this figure does not include the death toll in Monday’s attack on the Ain al-Assad base',
    [{ outcome: 'killed', minimum: null, maximum: null, vague: true }]],
  ['a001', 'one of its fighters had been killed “fighting” American forces in Iraq, without specifying the circumstances of that death or whether he was killed at Abu Ghraib',
    [{ outcome: 'killed', minimum: 1, maximum: 1, vague: false, victimGroup: 'militants' }]],
  // 002 (Inquisitr-style report)
  ['a002', 'if there were any injuries caused by the blast',
    [{ outcome: 'injured', minimum: null, maximum: null, vague: true }]],
  ['a002', 'the American drone strike that killed Iranian general Qassem Soleimani in Baghdad',
    [{ outcome: 'killed', minimum: 1, maximum: 1, vague: false }]],
  ['a002', 'injuring some staff on the base', [{ outcome: 'injured', minimum: 2, maximum: null, vague: true }]],
  // 003 (Reuters via The National)
  ['a003', 'Abu Mahdi al-Muhandis, who was killed in an air strike at Baghdad airport',
    [{ outcome: 'killed', minimum: 1, maximum: 1 }]],
  ['a003', 'the\u00a0Iranian general killed in a US strike on Friday', [{ outcome: 'killed', minimum: 1, maximum: 1 }]],
  ['a003', 'on December 29, killing 25 people, after a rocket attack that\u00a0killed a US civilian contractor at a base in Kirkuk', [
    { outcome: 'killed', minimum: 25, maximum: 25, vague: false },
    { outcome: 'killed', minimum: 1, maximum: 1, vague: false, victimGroup: 'contractors' },
  ]],
  ['a003', 'the US\u00a0attack that killed him and Muhandis, the head of Kataib Hezbollah',
    [{ outcome: 'killed', minimum: 2, maximum: 2, vague: false }]],
  ['a003', 'four Katyusha rockets struck a base near Baghdad international airport, wounding five members of Iraq\'s elite Counter-Terrorism Service',
    [{ outcome: 'injured', minimum: 5, maximum: 5, vague: false, victimGroup: 'security-forces' }]],
  ['a003', 'The attack killed a US\u00a0civilian contractor and wounded four American and two Iraq servicemen.', [
    { outcome: 'killed', minimum: 1, maximum: 1, vague: false, victimGroup: 'contractors' },
    { outcome: 'injured', minimum: 6, maximum: 6, vague: false, victimGroup: 'security-forces' },
  ]],
  // 004 (Inquisitr)
  ['a004', 'a drone strike in January that claimed the life of Quds Commander Qassem Soleimani',
    [{ outcome: 'killed', minimum: 1, maximum: 1, vague: false }]],
];

/** Numbers in the seeds that are not casualty figures: no outcome. */
const NOT_CASUALTIES: Array<[doc: keyof typeof DOCS, span: string, people: Array<Partial<CasualtyFigure>>]> = [
  ['a000', 'A video of several burning trucks on Saturday night', []],
  ['a000', 'An armed group set fire to three US vehicles being transported by truck', []],
  ['a000', 'such as the dozens of rockets fired at US bases in Iraq over the last year', []],
  ['a001', 'They were the target of rocket fire or drone attacks 66 times.', []],
  ['a001', 'the vehicle was part of a convoy of four cars', []],
  ['a001', 'about thirty kilometers west of the capital', []],
  ['a001', 'in the presence of several hundred Hachd al-Chaabi fighters',
    [{ minimum: 300, maximum: null, vague: true, victimGroup: 'militants' }]],
  ['a001', 'Washington has around 900 soldiers in Syria and almost 2,500 in Iraq', [
    { minimum: 900, maximum: 900, hedge: 'around', victimGroup: 'security-forces' },
    { minimum: null, maximum: 2500, hedge: 'almost' },
  ]],
  ['a001', 'imposed sanctions on seven individuals', [{ minimum: 7, maximum: 7 }]],
  ['a002', 'Currently, Kuwait hosts 13,500 US troops', [{ minimum: 13500, maximum: 13500, victimGroup: 'security-forces' }]],
  ['a002', 'The 11-second clip', []],
  ['a003', 'Suleimani, 62, the head of Iran\'s Islamic Revolutionary Guard Corps\' Quds Force', []],
  ['a003', 'In 2007, a Kuwaiti court sentenced him to death in absentia', []],
  ['a003', 'On December\u00a027, more than 30 rockets were fired at an Iraqi military base', []],
  ['a004', 'In March alone, Diyala recorded 26 Islamic State-related incidents, meaning that there was nearly one attack each day.', []],
  ['a004', 'Assuming that these nine IED attacks are enemy-initiated', []],
];

describe('casualty figures of the seed articles', () => {
  it.each(FIGURES)('%s: %s', (doc, span, expected) => {
    expect(text(doc)).toContain(span);
    const figures = parseCasualtyFigures(span);
    expect(figures).toHaveLength(expected.length);
    expected.forEach((e, k) => expect(figures[k]).toMatchObject(e));
    for (const f of figures) {
      expect(f.explanation.length).toBeGreaterThan(20);
      expect(span).toContain(f.evidence ?? '');
    }
  });

  it.each(NOT_CASUALTIES)('not a casualty figure (%s): %s', (doc, span, people) => {
    expect(text(doc)).toContain(span);
    const figures = parseCasualtyFigures(span);
    for (const f of figures) {
      expect(f.outcome).toBeNull();
      expect(f.explanation).toMatch(/No casualty outcome found/);
    }
    if (people.length === 0) {
      expect(figures).toEqual([expect.objectContaining({ minimum: null, maximum: null, vague: false, outcome: null })]);
    } else {
      expect(figures).toHaveLength(people.length);
      people.forEach((p, k) => expect(figures[k]).toMatchObject(p));
    }
  });

  it('says why a count of rockets is not a casualty figure', () => {
    const [figure] = parseCasualtyFigures('more than 30 rockets were fired at an Iraqi military base');
    expect(figure?.explanation).toMatch(/'more than 30' counts 'rockets', not people/);
  });

  it('explains "about 62" as approximate, and the two-outcome sentence figure by figure', () => {
    const [about] = parseCasualtyFigures('about 62 American soldiers were injured in the attacks');
    expect(about?.explanation).toMatch(/approximate/);
    expect(about?.explanation).toMatch(/Hedge: approximate \('about'\)/);
    // The reading cannot know what the schema stores: it never says the hedge is "kept".
    expect(about?.explanation).not.toMatch(/kept/);
    expect(about?.evidence).toBe('about 62 American soldiers were injured');
    const [, wounded] = parseCasualtyFigures('killed a US civilian contractor and wounded four American and two Iraq servicemen');
    expect(wounded?.explanation).toMatch(/'four' → 4 \+ 'two' → 2 = 6 in all/);
  });
});
