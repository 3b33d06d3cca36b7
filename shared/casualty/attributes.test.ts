import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../format/manifest';
import { DEFAULT_LABELS, type Label } from '../model/labels';
import { casualtyAttributes, parseCasualtyFigures, readingParts, type HedgeClass, type VictimGroup } from './index';
import { GROUP_NAMES, HEDGE_NAMES } from './lexicon';

const repo = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, repo), 'utf8');
const CASUALTY = DEFAULT_LABELS.find((l) => l.id === 'casualty-figure') as Label;
const SAMPLE = parseManifest(read('annotations/standoff.json'), 'standoff.json').labels.find((l) => l.id === 'casualty-figure') as Label;
/** The casualty-figure label as projects made before the hedge attribute have it. */
const WITHOUT_HEDGE: Label = { ...CASUALTY, attributes: CASUALTY.attributes.filter((a) => a.id !== 'hedge') };

const options = (label: Label, id: string) => {
  const def = label.attributes.find((a) => a.id === id);
  return def?.type === 'choice' ? def.options : [];
};
const first = (text: string) => parseCasualtyFigures(text)[0]!;

describe('the casualty reading and the schema speak one vocabulary', () => {
  it('has every victim group and hedge the reader proposes as an option of the default schema and the sample project, by the same name', () => {
    for (const label of [CASUALTY, SAMPLE]) {
      const victims = new Map(options(label, 'victims').map((o) => [o.id, o.name]));
      for (const [group, name] of Object.entries(GROUP_NAMES) as Array<[VictimGroup, string]>) expect(victims.get(group), group).toBe(name);
      const hedges = new Map(options(label, 'hedge').map((o) => [o.id, o.name]));
      for (const [hedge, name] of Object.entries(HEDGE_NAMES) as Array<[HedgeClass, string]>) expect(hedges.get(hedge), hedge).toBe(name);
    }
    expect(options(CASUALTY, 'hedge').map((o) => o.name)).toEqual(['approximate', 'at least', 'more than', 'up to', 'at most']);
    expect(SAMPLE).toEqual(CASUALTY);
  });

  it('is the vocabulary the guidelines give for victim groups and hedges', () => {
    const guidelines = read('annotations/guidelines.md');
    const values = guidelines.slice(guidelines.indexOf('## 5. Casualty figures'), guidelines.indexOf('## 6.'));
    for (const o of [...options(CASUALTY, 'victims'), ...options(CASUALTY, 'hedge')]) expect(values, o.name).toContain(`**${o.name}**`);
    // "fighters" is a word the article uses, read as militants, not a group of its own.
    expect(values).not.toMatch(/\*\*fighters\*\*/);
  });
});

describe('casualtyAttributes: what A accepts', () => {
  it('fills the hedge of "about 62" (article 001), with count, outcome and victims', () => {
    expect(casualtyAttributes(first('about 62 American soldiers were injured in the attacks'), CASUALTY)).toEqual({
      outcome: 'injured',
      count: { min: 62, max: 62 },
      hedge: 'approximate',
      vague: false,
      victims: 'security-forces',
    });
  });

  it('fills each kind of hedge, and none for a plain number', () => {
    const cases: Array<[string, HedgeClass | undefined]> = [
      // article 003: a count of rockets, read with "people" instead to make it a figure of people
      ['more than 30 people were killed', 'more-than'],
      ['At least 5 people were killed', 'at-least'],
      ['up to 20 people may have been killed', 'up-to'],
      ['nearly 100 people were injured', 'at-most'],
      ['less than 10 people were hurt', 'at-most'],
      // article 001
      ['Eight people were injured in the attack and the base suffered minor damage', undefined],
      ['in which “several” members were killed', undefined],
    ];
    for (const [text, hedge] of cases) expect(casualtyAttributes(first(text), CASUALTY).hedge, text).toBe(hedge);
  });

  it('maps the article’s "fighter" to the schema’s militants (article 001)', () => {
    const text = 'one fighter was killed and three others were injured';
    const [killed, injured] = parseCasualtyFigures(text);
    expect(casualtyAttributes(killed!, CASUALTY)).toEqual({ outcome: 'killed', count: { min: 1, max: 1 }, vague: false, victims: 'militants' });
    expect(casualtyAttributes(injured!, CASUALTY).victims).toBe('militants');
    expect(killed!.explanation).toMatch(/Victims: militants \('fighter'\)/);
  });

  it('leaves out what the label cannot hold: no hedge attribute, no such option', () => {
    const about = first('about 62 American soldiers were injured in the attacks');
    expect(casualtyAttributes(about, WITHOUT_HEDGE)).not.toHaveProperty('hedge');
    const noMilitants: Label = {
      ...CASUALTY,
      attributes: CASUALTY.attributes.map((a) => (a.id === 'victims' && a.type === 'choice' ? { ...a, options: a.options.filter((o) => o.id !== 'militants') } : a)),
    };
    expect(casualtyAttributes(first('one fighter was killed'), noMilitants)).not.toHaveProperty('victims');
  });
});

describe('readingParts: the hedge is said to be kept only where it is stored', () => {
  const about = first('about 62 American soldiers were injured in the attacks');

  it('names the hedge and victims as the label does, recorded when the label has them', () => {
    expect(readingParts(about, CASUALTY)).toEqual([
      { attribute: 'hedge', name: 'approximate', words: 'about', recorded: true },
      { attribute: 'victims', name: 'security forces', recorded: true },
    ]);
    expect(readingParts(first('At least 5 people were killed'), CASUALTY)).toEqual([{ attribute: 'hedge', name: 'at least', recorded: true }]);
  });

  it('says a hedge is not recorded where the label has no hedge attribute', () => {
    expect(readingParts(about, WITHOUT_HEDGE)[0]).toEqual({ attribute: 'hedge', name: 'approximate', words: 'about', recorded: false });
  });

  it('uses the label’s own option names', () => {
    const renamed: Label = {
      ...CASUALTY,
      attributes: CASUALTY.attributes.map((a) =>
        a.id === 'hedge' && a.type === 'choice' ? { ...a, options: a.options.map((o) => (o.id === 'approximate' ? { ...o, name: 'about' } : o)) } : a,
      ),
    };
    // The name is the words: no need to repeat them.
    expect(readingParts(about, renamed)[0]).toEqual({ attribute: 'hedge', name: 'about', recorded: true });
  });

  it('has nothing to say of a plain figure', () => {
    expect(readingParts(first('Eight people were injured in the attack'), CASUALTY)).toEqual([]);
  });
});
