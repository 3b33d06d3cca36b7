import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../entities/merge';
import { DEFAULT_SCHEMA, type LabelSchema } from '../model/labels';
import type { Span } from '../model/span';
import { actorsRecommender, casualtyRecommender, claimsRecommender, entitiesFromSpans, ruleRecommenders } from './index';
import { sentenceRanges } from './sentences';
import type { Proposal, Recommender } from './types';

const entity = (id: string, name: string, aliases: string[] = [], kind?: string): Entity => ({ id, name, aliases, contributors: ['layla'], updated: '2026-11-20T10:00:00Z', ...(kind ? { kind } : {}) });

async function run(r: Recommender, text: string, entities: Entity[] = [], spans: Span[] = [], schema: LabelSchema = DEFAULT_SCHEMA): Promise<Array<Proposal & { text: string }>> {
  const cps = [...text];
  const out = await r.recommend({ docId: 'd', text, schema, entities, spans, relations: [] });
  return out.map((p) => ({ ...p, text: cps.slice(p.startOffset, p.endOffset).join('') }));
}

const seed = (id: string) => readFileSync(new URL(`../../annotations/documents/${id}/text.txt`, import.meta.url), 'utf8');

describe('sentences', () => {
  it('end at a stop before a capital, never after a title or an abbreviation, and at every line break', () => {
    const text = 'US Army Maj. John Rigsbee said the U.S. Army was there. “It was us,” he said.\nHeadline without stop\nLast one';
    expect(sentenceRanges(text).map((r) => text.slice(r.from, r.to))).toEqual([
      'US Army Maj. John Rigsbee said the U.S. Army was there.',
      '“It was us,” he said.',
      'Headline without stop',
      'Last one',
    ]);
  });
});

describe('casualty figures', () => {
  const casualty = casualtyRecommender();

  it('proposes each figure of a sentence with count, outcome, hedge and victims from the reader', async () => {
    const text = 'When questioned by AFP, a Hachd al-Chaabi official confirmed the attack, saying one fighter was killed and three others were injured. About 62 American soldiers were injured.';
    const found = await run(casualty, text);
    expect(found.map((p) => p.text)).toEqual(['one fighter was killed', 'three others were injured', 'About 62 American soldiers were injured']);
    expect(found[0]?.attributes).toEqual({ outcome: 'killed', count: { min: 1, max: 1 }, vague: false, victims: 'militants' });
    expect(found[2]?.attributes).toMatchObject({ outcome: 'injured', count: { min: 62, max: 62 }, hedge: 'approximate', victims: 'security-forces' });
    expect(found[2]?.why).toMatch(/Injured/);
  });

  it('widens the reader’s words to the span the guidelines ask for', async () => {
    const text = 'Injured people, apparently civilians, were brought to a nearby hospital. The drone strike claimed the life of Quds Commander Qassem Soleimani. A rocket attack wounded five members of Iraq\'s elite Counter-Terrorism Service. The spokesman claimed “several” members were killed.';
    expect((await run(casualty, text)).map((p) => p.text)).toEqual([
      'Injured people',
      'claimed the life of Quds Commander Qassem Soleimani',
      "wounded five members of Iraq's elite Counter-Terrorism Service",
      '“several” members were killed',
    ]);
  });

  it('places two figures with the same words each where it stands', async () => {
    const text = 'On Monday two soldiers were killed in the north and two soldiers were killed in the south.';
    expect((await run(casualty, text)).map((p) => p.startOffset)).toEqual([10, 52]);
  });

  it('proposes nothing for counts of things, dates and sentences without an outcome', async () => {
    const text = 'Militants fired 30 rockets at the base on 3 January 2020. About 5,000 US troops are stationed in Iraq.';
    expect(await run(casualty, text)).toEqual([]);
  });

  it('finds every figure of a seed article, in code points after astral characters', async () => {
    const text = `🇮🇶 ${seed('003_0facc4703c9682af')}`;
    const found = await run(casualty, text);
    expect(found.map((p) => p.text)).toContain('killing 25 people');
    expect(found.map((p) => p.text)).toContain('wounded four American and two Iraq servicemen');
    expect(found.find((p) => p.text === 'wounded four American and two Iraq servicemen')?.attributes).toMatchObject({ count: { min: 6, max: 6 } });
  });

  it('proposes nothing when the schema has no casualty label', async () => {
    const schema = { labels: DEFAULT_SCHEMA.labels.filter((l) => l.id !== 'casualty-figure'), relations: [] };
    expect(casualty.labels(schema)).toEqual([]);
    expect(await run(casualty, 'Eight people were injured.', [], [], schema)).toEqual([]);
  });
});

describe('actors', () => {
  const actors = actorsRecommender();
  const registry = [
    entity('saraya-thawrat-al-ashrin', 'Saraya Thawrat al-Ashrin', ['SarayaThorat al-Ashrin'], 'armed-group'),
    entity('us-government', 'US', ['United States', 'Washington'], 'state'),
    entity('kataib-hezbollah', 'Kataib Hezbollah', ['Hezbollah Brigades'], 'armed-group'),
  ];

  it('finds names, aliases and their spellings, linked to the registry with their kind', async () => {
    const text = 'A group called Sayara Thora Al-Ashrin claimed responsibility. SarayaThurat Al-Ashrin also claimed it had carried out a similar attack in June.';
    const found = await run(actors, text, registry);
    expect(found.map((p) => [p.text, p.attributes])).toEqual([
      ['Sayara Thora Al-Ashrin', { entity: 'saraya-thawrat-al-ashrin', kind: 'armed-group' }],
      ['SarayaThurat Al-Ashrin', { entity: 'saraya-thawrat-al-ashrin', kind: 'armed-group' }],
    ]);
  });

  it('proposes a state where it acts, not where it is a place or qualifies a noun', async () => {
    const text = 'While the US denied an attack had taken place, the convoy was heading to a US base in Iraq. Washington accused Kataib Hezbollah of carrying out the attack.';
    const found = await run(actors, text, registry);
    expect(found.map((p) => p.text)).toEqual(['US', 'Washington', 'Kataib Hezbollah']);
  });

  it('proposes unnamed speakers as the whole description, and names the tagger finds', async () => {
    const text = 'An armed group set fire to three US vehicles, a security source said. Michael Knights noted the uptick in attacks, two sources within the security services told AFP.';
    const found = await run(actors, text, []);
    expect(found.map((p) => p.text)).toEqual(['security source', 'Michael Knights', 'two sources within the security services', 'AFP']);
    expect(found[0]?.attributes).toEqual({ kind: 'official' });
    expect(found[1]?.attributes).toEqual({});
  });

  it('proposes a lone name only where it acts: a verb follows, or it is the first of two subjects', async () => {
    const text = 'Al-Mayadeen and other media in the region that lean toward Iran reported the incident. Diwaniyah is on a road that leads toward Baghdad. Also, Kuwait and Iraq are neighbours.';
    expect((await run(actors, text, [])).map((p) => p.text)).toEqual(['Al-Mayadeen']);
  });

  it('knows a surname again once the whole name was met', async () => {
    const text = 'Qassem Suleimani met militia leaders in Baghdad. Suleimani told them to form a new group.';
    expect((await run(actors, text, [])).map((p) => p.text)).toEqual(['Qassem Suleimani', 'Suleimani']);
  });

  it('entitiesFromSpans keeps only what the spans link to, with only the spellings they quote', () => {
    const span = (id: string, exact: string, ent: string): Span => ({ id, label: 'actor', startOffset: 0, endOffset: exact.length, quote: { prefix: '', exact, suffix: '' }, attributes: { entity: ent, kind: 'state' } });
    const known = entitiesFromSpans([span('a', 'Washington', 'us-government'), span('b', 'US', 'us-government'), span('c', 'Washington', 'us-government'), span('d', 'Nobody', 'not-in-registry')], registry);
    expect(known).toHaveLength(1);
    expect(known[0]).toMatchObject({ id: 'us-government', name: 'Washington', aliases: ['US'], kind: 'state' });
  });
});

describe('claims and denials', () => {
  const claims = claimsRecommender();

  it('proposes a claim of responsibility without how it was made, linked to its claimant', async () => {
    const text = 'According to SITE Intelligence Group, the militia group called Ashab Al-Kahf claimed responsibility for the attack in a published video.';
    const found = await run(claims, text, [entity('ashab-al-kahf', 'Ashab al-Kahf', [], 'armed-group')]);
    const claim = found.find((p) => p.label === 'claim');
    expect(claim?.text).toBe('claimed responsibility for the attack');
    expect(claim?.attributes).toEqual({ type: 'responsibility' });
    const link = claim?.relations?.[0];
    expect(link).toMatchObject({ type: 'claimant', end: 'from' });
    expect(found[link?.proposalIndex ?? -1]).toMatchObject({ label: 'actor', text: 'Ashab Al-Kahf', attributes: { entity: 'ashab-al-kahf' } });
  });

  it('links a denial to its denier and to the claim it denies', async () => {
    const text = 'Washington accused Kataib Hezbollah of carrying out the attack, an allegation it denied.';
    const layer: Span[] = [{ id: 'kh', label: 'actor', startOffset: 19, endOffset: 35, quote: { prefix: '', exact: 'Kataib Hezbollah', suffix: '' } }];
    const found = await run(claims, text, [], layer);
    const claim = found.findIndex((p) => p.label === 'claim');
    const denial = found.find((p) => p.label === 'denial');
    expect(found[claim]).toMatchObject({ text: 'accused Kataib Hezbollah of carrying out the attack', attributes: { type: 'accusation' } });
    expect(denial?.text).toBe('an allegation it denied');
    expect(denial?.relations).toContainEqual({ type: 'denies', end: 'from', proposalIndex: claim });
    // The layer's actor is the nearest before the denial: linked by its span id, not proposed again.
    expect(denial?.relations).toContainEqual({ type: 'denier', end: 'from', spanId: 'kh' });
  });

  it('takes the content before the speaker when the verb comes last', async () => {
    const text = 'An armed group set fire to three US vehicles being transported by truck, a security source said. Firefighters extinguished the fire.';
    const found = await run(claims, text);
    expect(found.filter((p) => p.label === 'claim').map((p) => p.text)).toEqual(['An armed group set fire to three US vehicles being transported by truck, a security source said']);
  });

  it('proposes nothing for statements that nobody claimed, orders, or talk that is not about an attack', async () => {
    const text = 'No group claimed responsibility for the attack. The spokesman said the weather was fine. Suleimani told the commanders to form a new militia. An explosion was reported at the border crossing.';
    expect((await run(claims, text)).filter((p) => p.label !== 'actor')).toEqual([]);
  });

  it('finds every denial of a seed article', async () => {
    const found = await run(claims, seed('002_8b07dd57c7e0feb1'));
    expect(found.filter((p) => p.label === 'denial').map((p) => p.text)).toEqual([
      'denied that the incident on Monday had even occurred',
      'deny the attack on its northern border',
      'contradicted this story',
    ]);
  });
});

describe('ruleRecommenders', () => {
  it('gives the three rules, each with the labels of the default schema it fills', () => {
    expect(ruleRecommenders().map((r) => [r.id, r.kind, r.labels(DEFAULT_SCHEMA)])).toEqual([
      ['casualty', 'rules', ['casualty-figure']],
      ['actors', 'rules', ['actor']],
      ['claims', 'rules', ['claim', 'denial']],
    ]);
  });
});

describe('labels', () => {
  it('are found by id, by name, or by what their description says', async () => {
    const schema: LabelSchema = {
      labels: [
        { id: 'fig', name: 'Toll', color: '#000000', description: 'A reported count of killed or injured people.', attributes: [] },
        { id: 'who', name: 'Actors', color: '#000000', attributes: [] },
        { id: 'assertion', name: 'Assertion', color: '#000000', attributes: [] },
      ],
      relations: [],
    };
    expect(ruleRecommenders().map((r) => r.labels(schema))).toEqual([['fig'], ['who'], ['assertion']]);
    const found = await run(casualtyRecommender(), 'Eight people were injured.', [], [], schema);
    expect(found).toMatchObject([{ label: 'fig', text: 'Eight people were injured', attributes: {} }]);
  });
});
