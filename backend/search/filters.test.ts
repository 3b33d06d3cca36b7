import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spanOver } from '../../tests/support/spans';
import type { SearchQuery } from '../../shared/api/contract';
import { layout } from '../../shared/format/layout';
import type { Attributes } from '../../shared/model/labels';
import { StandoffService } from '../service';
import { valueMatches } from './projectSearch';
import { sampleCopies } from '../../tests/support/sample';

const DOC = '000_121e11c80b4a277e';
const DOC3 = '003_0facc4703c9682af';
const SARAYA = 'saraya-thawrat-al-ashrin';

const copySample = sampleCopies('filters');

let service: StandoffService;

/**
 * The sample project (texts, schema, entity registries) with spans made here:
 *   amira, DOC:  f2 "three US vehicles" killed, exactly 3, not vague
 *                f1 "Injured people"   injured, up to 10, vague, civilians
 *                f3 "dozens of rockets" killed, 24 or more, vague
 *                c1 "claimed responsibility" claim
 *                a1 "Sayara Thora Al-Ashrin"  actor → saraya-thawrat-al-ashrin
 *                a2 "SarayaAshreen Thani"     actor → sayara-thora (merged into saraya-… below)
 *                a3 "Kataib Hezbollah"        actor → kataib-hezbollah
 *                a4 "SarayaThorat al-Ashrin"  actor, no entity
 *   tom, DOC3:   t1 "killed" casualty figure, killed, exactly 1
 *                t2 "Kataib Hezbollah"        actor → kataib-hezbollah
 */
beforeAll(async () => {
  const root = await copySample({ annotations: false });
  service = await StandoffService.open(root);
  await service.saveEntity({ annotator: 'amira', entity: { name: 'Sayara Thora', aliases: [] } });
  const text = await readFile(path.join(root, layout.text(DOC)), 'utf8');
  const at = (source: string, exact: string, id: string, label: string, attributes?: Attributes) => ({ ...spanOver(source, exact, id, label), ...(attributes ? { attributes } : {}) });
  await service.applyEdits({
    docId: DOC,
    annotator: 'amira',
    edits: [
      { op: 'add', span: at(text, 'Injured people', 'f1', 'casualty-figure', { outcome: 'injured', count: { min: null, max: 10 }, vague: true, victims: 'civilians' }) },
      { op: 'add', span: at(text, 'three US vehicles', 'f2', 'casualty-figure', { outcome: 'killed', count: { min: 3, max: 3 }, vague: false }) },
      { op: 'add', span: at(text, 'dozens of rockets', 'f3', 'casualty-figure', { outcome: 'killed', count: { min: 24, max: null }, vague: true }) },
      { op: 'add', span: at(text, 'claimed responsibility', 'c1', 'claim', { type: 'responsibility' }) },
      { op: 'add', span: at(text, 'Sayara Thora Al-Ashrin', 'a1', 'actor', { entity: SARAYA, kind: 'armed-group' }) },
      { op: 'add', span: at(text, 'SarayaAshreen Thani', 'a2', 'actor', { entity: 'sayara-thora' }) },
      { op: 'add', span: at(text, 'Kataib Hezbollah', 'a3', 'actor', { entity: 'kataib-hezbollah' }) },
      { op: 'add', span: at(text, 'SarayaThorat al-Ashrin', 'a4', 'actor', { kind: 'armed-group' }) },
    ],
  });
  const text3 = await readFile(path.join(root, layout.text(DOC3)), 'utf8');
  await service.applyEdits({
    docId: DOC3,
    annotator: 'tom',
    edits: [
      { op: 'add', span: at(text3, 'killed', 't1', 'casualty-figure', { outcome: 'killed', count: { min: 1, max: 1 } }) },
      { op: 'add', span: at(text3, 'Kataib Hezbollah', 't2', 'actor', { entity: 'kataib-hezbollah' }) },
    ],
  });
});

/** The spans a query finds, as "annotator:span", in the order found. */
async function found(q: Partial<SearchQuery>): Promise<string[]> {
  const result = await service.search({ query: '', ...q });
  return result.hits.map((h) => `${h.annotator}:${h.spanId}`);
}
const figures = (attribute: SearchQuery['attribute']) => found({ label: 'casualty-figure', annotator: 'amira', attribute });

describe('search by label and attribute', () => {
  it('matches a choice attribute by its option id', async () => {
    expect(await figures({ id: 'outcome', value: 'killed' })).toEqual(['amira:f2', 'amira:f3']);
    expect(await figures({ id: 'outcome', value: 'injured' })).toEqual(['amira:f1']);
    expect(await figures({ id: 'outcome', value: 'missing' })).toEqual([]);
    expect(await figures({ id: 'victims', value: 'civilians' })).toEqual(['amira:f1']);
    // Every annotator's spans, in document order, when no annotator is named.
    expect(await found({ label: 'casualty-figure', attribute: { id: 'outcome', value: 'killed' } })).toEqual(['amira:f2', 'amira:f3', 'tom:t1']);
  });

  it('matches a number inside a range, ends included, either end open', async () => {
    // In document order: "three US vehicles" comes before "Injured people".
    expect(await figures({ id: 'count', value: 3 })).toEqual(['amira:f2', 'amira:f1']);
    expect(await figures({ id: 'count', value: 10 })).toEqual(['amira:f1']); // f1's maximum, included
    expect(await figures({ id: 'count', value: 11 })).toEqual([]);
    expect(await figures({ id: 'count', value: 24 })).toEqual(['amira:f3']); // f3's minimum, included
    expect(await figures({ id: 'count', value: 5000 })).toEqual(['amira:f3']); // no upper end
    expect(await figures({ id: 'count', value: 0 })).toEqual(['amira:f1']); // no lower end
    expect(await figures({ id: 'count', value: '3' })).toEqual(['amira:f2', 'amira:f1']);
    expect(await figures({ id: 'count', value: 'three' })).toEqual([]);
  });

  it('matches a yes/no attribute', async () => {
    expect(await figures({ id: 'vague', value: true })).toEqual(['amira:f1', 'amira:f3']);
    expect(await figures({ id: 'vague', value: false })).toEqual(['amira:f2']);
  });

  it('combines label, attribute, annotator and text', async () => {
    expect(await found({ query: 'ROCKETS', label: 'casualty-figure', attribute: { id: 'outcome', value: 'killed' } })).toEqual(['amira:f3']);
    expect(await found({ label: 'casualty-figure', annotator: 'tom', attribute: { id: 'outcome', value: 'killed' } })).toEqual(['tom:t1']);
    expect(await found({ label: 'claim', attribute: { id: 'outcome', value: 'killed' } })).toEqual([]);
    expect(await found({ label: 'casualty-figure', attribute: { id: 'no-such-attribute', value: 'killed' } })).toEqual([]);
    const [hit] = (await service.search({ query: '', label: 'casualty-figure', attribute: { id: 'count', value: 50 } })).hits;
    expect(hit).toMatchObject({ docId: DOC, match: 'dozens of rockets', attributes: { outcome: 'killed', count: { min: 24, max: null }, vague: true } });
  });
});

describe('search by entity', () => {
  it('finds the spans linked to an entity, whatever their label and annotator', async () => {
    expect(await found({ entity: 'kataib-hezbollah' })).toEqual(['amira:a3', 'tom:t2']);
    expect(await found({ entity: 'kataib-hezbollah', annotator: 'tom' })).toEqual(['tom:t2']);
    expect(await found({ entity: 'kataib-hezbollah', label: 'claim' })).toEqual([]);
    const [hit] = (await service.search({ query: '', entity: 'kataib-hezbollah', docIds: [DOC3] })).hits;
    expect(hit).toMatchObject({ docId: DOC3, spanId: 't2', label: 'actor', match: 'Kataib Hezbollah' });
  });

  it('includes spans linked to an entity merged into it, once the merge is made', async () => {
    expect(await found({ entity: SARAYA })).toEqual(['amira:a1']);
    await service.saveEntity({ annotator: 'amira', entity: { id: 'sayara-thora', name: 'Sayara Thora', aliases: [], mergedInto: SARAYA } });
    expect(await found({ entity: SARAYA })).toEqual(['amira:a1', 'amira:a2']);
    // Asking for the merged entity gives its survivor's spans.
    expect(await found({ entity: 'sayara-thora' })).toEqual(['amira:a1', 'amira:a2']);
    // The unlinked span over a spelling of the name is not one of them; text narrows further.
    expect(await found({ entity: SARAYA, query: 'thani' })).toEqual(['amira:a2']);
  });
});

describe('valueMatches', () => {
  it('compares a choice or text value as text', () => {
    expect(valueMatches('killed', 'killed')).toBe(true);
    expect(valueMatches('killed', 'injured')).toBe(false);
    expect(valueMatches('killed', 'Killed')).toBe(false);
    expect(valueMatches('3', 3)).toBe(true);
  });

  it('finds the value in a list', () => {
    expect(valueMatches(['killed', 'injured'], 'injured')).toBe(true);
    expect(valueMatches(['killed', 'injured'], 'missing')).toBe(false);
    expect(valueMatches([], 'killed')).toBe(false);
  });

  it('tests a number against a range, ends included, either end open', () => {
    expect(valueMatches({ min: 3, max: 5 }, 3)).toBe(true);
    expect(valueMatches({ min: 3, max: 5 }, 5)).toBe(true);
    expect(valueMatches({ min: 3, max: 5 }, 4)).toBe(true);
    expect(valueMatches({ min: 3, max: 5 }, 2)).toBe(false);
    expect(valueMatches({ min: 3, max: 5 }, 6)).toBe(false);
    expect(valueMatches({ min: 31, max: null }, 1_000_000)).toBe(true);
    expect(valueMatches({ min: 31, max: null }, 30)).toBe(false);
    expect(valueMatches({ min: null, max: 10 }, -4)).toBe(true);
    expect(valueMatches({ min: null, max: 10 }, 11)).toBe(false);
    expect(valueMatches({ min: 3, max: 5 }, '4')).toBe(true);
    expect(valueMatches({ min: 3, max: 5 }, 'four')).toBe(false);
    expect(valueMatches({ min: 3, max: 5 }, true)).toBe(false);
  });

  it('compares numbers as numbers, and yes/no as yes/no', () => {
    expect(valueMatches(7, 7)).toBe(true);
    expect(valueMatches(7, '7')).toBe(true);
    expect(valueMatches(7, 8)).toBe(false);
    expect(valueMatches(true, true)).toBe(true);
    expect(valueMatches(true, 'true')).toBe(true);
    expect(valueMatches(true, 'yes')).toBe(true);
    expect(valueMatches(true, false)).toBe(false);
    expect(valueMatches(false, false)).toBe(true);
    expect(valueMatches(false, 'false')).toBe(true);
    expect(valueMatches(false, true)).toBe(false);
  });

  it('never matches a value the span does not have', () => {
    expect(valueMatches(undefined, 'killed')).toBe(false);
    expect(valueMatches(undefined, 0)).toBe(false);
    expect(valueMatches(undefined, false)).toBe(false);
  });
});
