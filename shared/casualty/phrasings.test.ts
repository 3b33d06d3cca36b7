import { describe, expect, it } from 'vitest';
import { parseCasualtyFigures, type CasualtyFigure } from './index';

type Expected = Partial<CasualtyFigure>;
const k = (minimum: number | null, maximum: number | null, extra: Expected = {}): Expected => ({ outcome: 'killed', minimum, maximum, ...extra });
const i = (minimum: number | null, maximum: number | null, extra: Expected = {}): Expected => ({ outcome: 'injured', minimum, maximum, ...extra });
const m = (minimum: number | null, maximum: number | null, extra: Expected = {}): Expected => ({ outcome: 'missing', minimum, maximum, ...extra });

/** Phrasings beyond the seeds: hedges, ranges, number words, vague words, outcome words, several figures. */
const CASES: Array<[string, Expected[]]> = [
  // exact numbers, in digits and words
  ['1,200 people were killed', [k(1200, 1200, { vague: false })]],
  ['twenty-five soldiers were killed', [k(25, 25, { victimGroup: 'security-forces' })]],
  ['one hundred and twenty people were wounded', [i(120, 120)]],
  ['a dozen people were killed', [k(12, 12, { vague: false })]],
  ['half a dozen policemen were injured', [i(6, 6, { victimGroup: 'security-forces' })]],
  ['Four people were kidnapped', [m(4, 4)]],
  ['a soldier was killed', [k(1, 1, { victimGroup: 'security-forces' })]],
  // hedges and bounds
  ['At least 5 people were killed', [k(5, null, { hedge: 'at least', hedgeClass: 'at-least', vague: false })]],
  ['over 30 people were killed', [k(31, null, { hedge: 'over', hedgeClass: 'more-than' })]],
  ['more than a dozen militants were killed', [k(13, null, { hedge: 'more than', hedgeClass: 'more-than', victimGroup: 'militants' })]],
  ['up to 20 people may have been killed', [k(null, 20, { hedge: 'up to', hedgeClass: 'up-to' })]],
  ['as many as 20 people were abducted', [m(null, 20, { hedge: 'as many as', hedgeClass: 'up-to' })]],
  ['nearly 100 people were injured', [i(null, 100, { hedge: 'nearly', hedgeClass: 'at-most' })]],
  ['almost 40 fighters were killed', [k(null, 40, { hedge: 'almost', hedgeClass: 'at-most', victimGroup: 'militants' })]],
  ['fewer than 10 people were hurt', [i(null, 9, { hedge: 'fewer than', hedgeClass: 'at-most' })]],
  ['some 40 people were killed', [k(40, 40, { hedge: 'some', hedgeClass: 'approximate', vague: false })]],
  ['an estimated 300 people were killed', [k(300, 300, { hedge: 'an estimated', hedgeClass: 'approximate' })]],
  ['100+ killed', [k(100, null, { hedge: '+', hedgeClass: 'at-least' })]],
  ['20-odd fighters were killed', [k(20, null, { vague: true, hedge: '-odd', hedgeClass: 'at-least' })]],
  // ranges
  ['between 10 and 15 civilians were killed', [k(10, 15, { victimGroup: 'civilians', vague: false })]],
  ['10-15 soldiers were wounded', [i(10, 15, { victimGroup: 'security-forces' })]],
  ['10 to 15 people died', [k(10, 15)]],
  ['two or three people were injured', [i(2, 3)]],
  ['the toll rose from 10 to 15', [k(15, 15)]],
  // vague words
  ['dozens of civilians were injured', [i(24, null, { vague: true, victimGroup: 'civilians' })]],
  ['scores were wounded', [i(40, null, { vague: true })]],
  ['hundreds of people were reported missing', [m(200, null, { vague: true })]],
  ['a few soldiers were hurt', [i(2, null, { vague: true, victimGroup: 'security-forces' })]],
  ['many people lost their lives', [k(3, null, { vague: true })]],
  ['several hundred people were injured', [i(300, null, { vague: true })]],
  ['tens of thousands of civilians were killed', [k(20000, null, { vague: true })]],
  ['a few dozen protesters were injured', [i(24, null, { vague: true, victimGroup: 'civilians' })]],
  // outcome words
  ['two policemen were fatally wounded', [k(2, 2, { victimGroup: 'security-forces' })]],
  ['12 bodies were found', [k(12, 12)]],
  ['5 people remain unaccounted for', [m(5, 5)]],
  ['The attack claimed 12 lives', [k(12, 12)]],
  ['the bombing claimed the lives of 12 people', [k(12, 12)]],
  ['the deaths of three soldiers', [k(3, 3, { victimGroup: 'security-forces' })]],
  ['The explosion left seven dead', [k(7, 7)]],
  ['a death toll of 40', [k(40, 40)]],
  ['the death toll rose to 25', [k(25, 25)]],
  ['injured 3 Iraqi soldiers', [i(3, 3, { victimGroup: 'security-forces' })]],
  ['Three of them were killed', [k(3, 3)]],
  ['A soldier died of his wounds', [k(1, 1)]],
  ['He was killed in the strike', [k(1, 1)]],
  ['The strike killed Soleimani', [k(1, 1)]],
  ['an injured soldier was taken to hospital', [i(1, 1, { victimGroup: 'security-forces' })]],
  ['a total of 25 people were killed', [k(25, 25)]],
  // none
  ['No one was hurt', [i(0, 0, { vague: false })]],
  ['none of the soldiers were injured', [i(0, 0, { victimGroup: 'security-forces' })]],
  ['The attack killed no one', [k(0, 0)]],
  ['There were no casualties', [{ outcome: null, minimum: 0, maximum: 0 }]],
  // several figures, and figures added up
  ['The blast killed three and wounded five', [k(3, 3), i(5, 5)]],
  ['three killed, five wounded and two missing', [k(3, 3), i(5, 5), m(2, 2)]],
  ['3 dead and 12 injured', [k(3, 3), i(12, 12)]],
  ['killed 5 people and injured 10 others', [k(5, 5), i(10, 10)]],
  ['the attack left 4 dead and dozens wounded', [k(4, 4), i(24, null, { vague: true })]],
  ['killed at least 7 soldiers and 3 civilians', [k(10, null, { hedge: 'at least', hedgeClass: 'at-least' })]],
  ['three soldiers and two civilians were killed', [k(5, 5)]],
  ['Two Iraqi soldiers and a civilian were killed', [k(3, 3)]],
  ['13 people, including four children, were killed', [k(13, 13)]],
  ['It killed 3 soldiers, wounded 2 others and left 1 missing', [
    k(3, 3, { victimGroup: 'security-forces' }), i(2, 2, { victimGroup: 'security-forces' }), m(1, 1),
  ]],
  ['About 10 people were killed, and about 30 were injured.', [k(10, 10, { hedge: 'about', hedgeClass: 'approximate' }), i(30, 30, { hedge: 'about', hedgeClass: 'approximate' })]],
  ['five were killed, according to police, while hospital sources said seven were killed', [k(5, 5), k(7, 7)]],
  // outcome unclear: the analyst chooses
  ['10 casualties', [{ outcome: null, minimum: 10, maximum: 10 }]],
  ['approximately 150 people were killed or wounded', [{ outcome: null, minimum: 150, maximum: 150, hedge: 'approximately', hedgeClass: 'approximate' }]],
];

/** Spans with no casualty outcome. */
const NO_OUTCOME: string[] = [
  '2,500 people were displaced',
  'more than 30 rockets were fired',
  'the court sentenced him to death',
  'the militants were missing the target',
  'daily life in Baghdad',
  'the 5th Division in Diyala',
  'nearby Route 1',
  '',
];

describe('parseCasualtyFigures: phrasings', () => {
  it.each(CASES)('%s', (span, expected) => {
    const figures = parseCasualtyFigures(span);
    expect(figures).toHaveLength(expected.length);
    expected.forEach((e, n) => expect(figures[n]).toMatchObject(e));
    for (const f of figures) {
      expect(f.explanation).not.toBe('');
      if (f.evidence !== undefined) expect(span).toContain(f.evidence);
    }
  });

  it.each(NO_OUTCOME)('no outcome: %j', (span) => {
    const figures = parseCasualtyFigures(span);
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures) {
      expect(f.outcome).toBeNull();
      expect(f.explanation).toMatch(/No casualty outcome found/);
    }
  });

  it('keeps conventions for vague words consistent: a floor, never a ceiling', () => {
    const floors: Array<[string, number]> = [
      ['a few', 2], ['some', 2], ['several', 3], ['many', 3], ['dozens of', 24], ['scores of', 40], ['hundreds of', 200], ['thousands of', 2000],
    ];
    for (const [word, floor] of floors) {
      const [f] = parseCasualtyFigures(`${word} people were killed`);
      expect(f, word).toMatchObject({ outcome: 'killed', minimum: floor, maximum: null, vague: true });
      expect(f?.hedge, word).toBeUndefined();
      expect(f?.hedgeClass, word).toBeUndefined();
    }
  });

  it('leaves the hedge open when the counts added up are hedged differently, and says so', () => {
    const [f] = parseCasualtyFigures('killed about 7 soldiers and more than 3 civilians');
    expect(f).toMatchObject({ outcome: 'killed', minimum: 11, maximum: null, hedge: 'about, more than' });
    expect(f?.hedgeClass).toBeUndefined();
    expect(f?.explanation).toMatch(/'about' approximate, 'more than' more than: they differ, left open/);
  });

  it('says why a count without a number was read as one', () => {
    expect(parseCasualtyFigures('the Iranian general killed in a US strike')[0]?.explanation).toMatch(/'general' is singular/);
    expect(parseCasualtyFigures('the strike that killed him and Muhandis')[0]?.explanation).toMatch(/2 people named one by one/);
    expect(parseCasualtyFigures('if there were any injuries')[0]?.explanation).toMatch(/asks whether there were any/);
  });
});
