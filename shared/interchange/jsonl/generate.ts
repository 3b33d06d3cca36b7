/**
 * Seeded documents for the interchange tests (and benchmarks): texts with what breaks exports
 * (emoji with skin tones, flags, an astral CJK character, e + combining acute, Arabic with a
 * right-to-left mark, NBSP, tabs, U+2028, LF line ends), spans at the very start and end,
 * zero-width, whitespace-edged, nested, overlapping and duplicated spans, attributes of every
 * type, and relations the schema allows. Pass a seeded random function (tests/support/random.ts)
 * so that a failing case can be made again from its seed.
 *
 * Quotes are computed here from Array.from (one element per code point), independently of
 * CodePointIndex, so the tests compare against a second implementation.
 */
import type { Entity } from '../../entities/registry';
import { DEFAULT_RELATIONS, type Attributes, type AttributeDef, type LabelSchema } from '../../model/labels';
import { QUOTE_CONTEXT, type Relation, type Span } from '../../model/span';
import type { InterchangeDocument } from '../model';

/** A schema with an attribute of every type, on the default labels and relation types. */
export const GENERATED_SCHEMA: LabelSchema = {
  labels: [
    {
      id: 'claim',
      name: 'Claim',
      key: '1',
      color: '#0072b2',
      attributes: [
        { id: 'type', name: 'Type', type: 'choice', options: [{ id: 'responsibility', name: 'responsibility' }, { id: 'accusation', name: 'accusation' }] },
        { id: 'tags', name: 'Tags', type: 'choices', options: [{ id: 'rumour', name: 'rumour' }, { id: 'official', name: 'official' }, { id: 'anonymous', name: 'anonymous' }] },
        { id: 'confidence', name: 'Confidence', type: 'integer', min: 0, max: 100 },
        { id: 'note', name: 'Note', type: 'text' },
      ],
    },
    { id: 'denial', name: 'Denial', key: '2', color: '#d55e00', attributes: [] },
    {
      id: 'casualty-figure',
      name: 'Casualty figure',
      key: '3',
      color: '#009e73',
      attributes: [
        { id: 'outcome', name: 'Outcome', type: 'choice', options: [{ id: 'killed', name: 'killed' }, { id: 'injured', name: 'injured' }] },
        { id: 'count', name: 'Count', type: 'range' },
        { id: 'vague', name: 'Vague', type: 'boolean' },
      ],
    },
    {
      id: 'actor',
      name: 'Actor',
      key: '4',
      color: '#cc79a7',
      attributes: [
        { id: 'entity', name: 'Entity', type: 'entity' },
        { id: 'kind', name: 'Kind', type: 'choice', options: [{ id: 'state', name: 'state' }, { id: 'armed-group', name: 'armed group' }] },
      ],
    },
  ],
  relations: DEFAULT_RELATIONS,
};

const entity = (id: string, name: string, aliases: string[], extra: Partial<Entity> = {}): Entity => ({
  id,
  name,
  aliases,
  contributors: ['alice'],
  updated: '2024-05-01T00:00:00.000Z',
  ...extra,
});

const PMF = entity('pmf', 'Popular Mobilization Forces', ['PMU', 'Hashd al-Shaabi', 'الحشد الشعبي'], { kind: 'armed-group' });
const SARAYA = entity('saraya', 'Saraya Thawrat al-Ashrin', ['SarayaThorat al-Ashrin', 'Sayara Thora Al-Ashrin']);

/** Linked entities by id as an export gets them: "hashd" was merged into "pmf" and resolves to it; "ghost" is unknown. */
export const GENERATED_ENTITIES: ReadonlyMap<string, Entity> = new Map([
  ['pmf', PMF],
  ['hashd', PMF],
  ['saraya', SARAYA],
]);
const ENTITY_IDS = ['pmf', 'hashd', 'saraya', 'ghost'];

const WORDS = [
  'claimed', 'responsibility', 'denied', 'killed', 'three', 'several', '62', 'U.S.', "Iraq's", 'al-Ashrin', 'Saraya',
  'Thawrat', '👍🏽', '🇮🇶', '😀', '𠀋', 'e\u0301', 'cafe\u0301', 'Zo\u0308e', 'سرايا', 'ثورة', 'العشرين', 'قال\u200f', 'الحشد',
  '"quoted"', '(PMU)', 'back\\slash', '—', '3.5%',
];
const SEPARATORS = [' ', ' ', ' ', ' ', '  ', '\n', '\n\n', '\t', ', ', '. ', '\u00a0', ' \n', '\u2028'];

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const int = (random: () => number, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

/** A text of about `words` words (possibly empty, possibly starting or ending with whitespace). */
export function generateText(random: () => number, words = int(random, 0, 40)): string {
  let text = random() < 0.15 ? pick(random, SEPARATORS) : '';
  for (let i = 0; i < words; i++) text += (i > 0 ? pick(random, SEPARATORS) : '') + pick(random, WORDS);
  if (random() < 0.15) text += pick(random, SEPARATORS);
  return text;
}

function attributeValue(random: () => number, def: AttributeDef): Attributes[string] {
  switch (def.type) {
    case 'choice':
      return pick(random, def.options).id;
    case 'choices':
      return def.options.filter(() => random() < 0.5).map((o) => o.id);
    case 'integer':
      return int(random, def.min ?? 0, def.max ?? 1000);
    case 'range': {
      const min = random() < 0.2 ? null : int(random, 0, 50);
      const max = random() < 0.3 && min !== null ? null : (min ?? 0) + int(random, 0, 50);
      return { min, max };
    }
    case 'boolean':
      return random() < 0.5;
    case 'text':
      return pick(random, ['', 'a note', 'said "twice"\nand 👍🏽', 'e\u0301 قال', 'tab\there']);
    case 'entity':
      return pick(random, ENTITY_IDS);
  }
}

/** A document of the generated kind; `n` numbers its id. */
export function generateDocument(random: () => number, n: number): InterchangeDocument {
  const text = generateText(random);
  const cps = Array.from(text);
  const length = cps.length;
  const spaces = cps.flatMap((c, i) => (/\s/u.test(c) ? [i] : []));
  const spans: Span[] = [];
  const ids = new Set<string>();
  const count = int(random, 0, 12);
  for (let i = 0; i < count; i++) {
    let start: number;
    let end: number;
    const other = spans.length ? pick(random, spans) : undefined;
    switch (int(random, 0, 7)) {
      case 0: // at the very start
        start = 0;
        end = int(random, 0, length);
        break;
      case 1: // at the very end
        start = int(random, 0, length);
        end = length;
        break;
      case 2: // zero-width
        start = end = int(random, 0, length);
        break;
      case 3: // whitespace at an edge
        if (spaces.length) {
          const at = pick(random, spaces);
          if (random() < 0.5) [start, end] = [at, int(random, at, length)];
          else [start, end] = [int(random, 0, at), at + 1];
        } else [start, end] = [0, length];
        break;
      case 4: // nested in another
        if (other) {
          start = int(random, other.startOffset, other.endOffset);
          end = int(random, start, other.endOffset);
        } else [start, end] = [0, length];
        break;
      case 5: // overlapping another
        if (other) {
          start = int(random, other.startOffset, other.endOffset);
          end = int(random, other.endOffset, length);
        } else [start, end] = [0, length];
        break;
      case 6: // the same place as another
        [start, end] = other ? [other.startOffset, other.endOffset] : [0, 0];
        break;
      default:
        start = int(random, 0, length);
        end = int(random, start, length);
    }
    const label = pick(random, GENERATED_SCHEMA.labels);
    const attributes: Attributes = {};
    for (const def of label.attributes) if (random() < 0.6) attributes[def.id] = attributeValue(random, def);
    let id: string;
    do id = `${pick(random, ['s', 'span_', 'S-'])}${int(random, 0, 999)}`;
    while (ids.has(id));
    ids.add(id);
    spans.push({
      id,
      label: label.id,
      startOffset: start,
      endOffset: end,
      quote: {
        prefix: cps.slice(Math.max(0, start - QUOTE_CONTEXT), start).join(''),
        exact: cps.slice(start, end).join(''),
        suffix: cps.slice(end, Math.min(length, end + QUOTE_CONTEXT)).join(''),
      },
      ...(Object.keys(attributes).length ? { attributes } : {}),
    });
  }
  const relations: Relation[] = [];
  for (let i = 0; spans.length > 1 && i < 6; i++) {
    const from = pick(random, spans);
    const to = pick(random, spans);
    const type = DEFAULT_RELATIONS.find((r) => r.from.includes(from.label) && r.to.includes(to.label));
    if (!type || from === to) continue;
    relations.push({ id: `r${i}`, type: type.id, from: from.id, to: to.id });
  }
  return {
    id: `doc-${String(n).padStart(4, '0')}`,
    text,
    title: random() < 0.5 ? null : pick(random, ['Attack on a base', 'هجوم', 'Claim 👍🏽 denied']),
    source: random() < 0.5 ? null : pick(random, ['Reuters', 'https://example.org/a?b=c', 'jpost']),
    annotator: pick(random, ['alice', 'bob', 'gold']),
    spans,
    relations,
  };
}
