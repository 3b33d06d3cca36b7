/**
 * Generated documents for the interchange round trips: texts with emoji (skin tones, flags),
 * combining characters, Arabic, astral letters, tabs, no-break spaces and line breaks; spans at
 * the very start and end, nested, overlapping, whitespace-edged, cutting graphemes, zero-width;
 * every attribute type with awkward values; relations the schema allows. Seeded
 * (tests/support/random.ts), so a failing case can be made again from its seed.
 */
import type { Entity } from '../../shared/entities/registry';
import type { ExportContext, InterchangeDocument } from '../../shared/interchange/model';
import { DEFAULT_LABELS, DEFAULT_RELATIONS, relationTypesFor, type AttributeDef, type AttributeValue, type Attributes, type Label, type LabelSchema } from '../../shared/model/labels';
import { quoteOf } from '../../shared/model/quote';
import { compareSpans, type Relation, type Span } from '../../shared/model/span';
import { CodePointIndex } from '../../shared/text/codePoints';
import { seededRandom } from '../support/random';

export { seededRandom };

const option = (id: string) => ({ id, name: id.replace(/-/g, ' ') });

/** The default schema plus every other attribute type, and an attribute id used with two kinds (claim "type" is a choice, denial "type" yes/no). */
export const TEST_SCHEMA: LabelSchema = {
  labels: DEFAULT_LABELS.map((l): Label => {
    const extra: AttributeDef[] =
      l.id === 'claim'
        ? [
            { id: 'note', name: 'Note', type: 'text' },
            { id: 'targets', name: 'Targets', type: 'choices', options: ['civilians', 'soldiers', 'convoy'].map(option) },
          ]
        : l.id === 'denial'
          ? [
              { id: 'type', name: 'Formal', type: 'boolean' },
              { id: 'confidence', name: 'Confidence', type: 'integer', min: -5, max: 100 },
            ]
          : [];
    return { ...l, attributes: [...l.attributes, ...extra] };
  }),
  relations: DEFAULT_RELATIONS,
};

const entity = (id: string, name: string): Entity => ({ id, name, aliases: [], contributors: ['t'], updated: '2024-01-01T00:00:00Z' });

export const TEST_ENTITIES: ReadonlyMap<string, Entity> = new Map(
  [
    entity('kataib-hezbollah', 'Kataib Hezbollah'),
    entity('pmf', 'Popular Mobilization Forces; "PMF"'),
    entity('isis', '=ISIS (Daesh)'),
    entity('e-7', 'المتحدث, باسم'),
  ].map((e) => [e.id, e]),
);

export const TEST_CONTEXT: ExportContext = { schema: TEST_SCHEMA, entities: TEST_ENTITIES };

/** Words and marks the texts are made of. */
export const PIECES = [
  'Kataib', 'Hezbollah', 'claimed', 'responsibility', 'Saraya', 'al-Ashrin', 'denied', 'killed', '62', '1,200', 'three',
  'U.S.', 'Mr.', "don't", 'e-mail', '👍🏽', '🇮🇶', '😀', '👨‍👩‍👧', 'cafe\u0301', 'Zoë', 'n\u0303o\u0308', 'قال', 'المتحدث', 'باسم',
  'الحشد', 'الشعبي', '«داعش»', '٣٠', '—', ',', '.', '!', '(', ')', '"', "'", '=SUM(A1)', '+1', '-2', '@x', '𝔸𝔹', '#tag',
  '-DOCSTART-', 'a\u200db', '\u0301', 'x\u200bx', ';', '\\', ':',
];

const SEPARATORS = [' ', ' ', ' ', ' ', ' ', '  ', '\n', '\n\n', '\t', ' \n', '\u00a0', '. ', ', ', '\u2028', '\n \n'];

export const AWKWARD_TEXT = [
  'several dead',
  'a; b; c',
  'back\\slash \\n not a newline',
  'line\nbreak',
  'tab\there',
  '=HYPERLINK("http://x")',
  '',
  ' leading and trailing ',
  'قال; 👍🏽',
  'sep\u2028arator\u0085',
  'key: value',
  '"quoted", comma',
  '-1',
];

export function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)] as T;
}

function int(random: () => number, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

export function generateText(random: () => number, maxPieces = 30): string {
  const n = int(random, 0, maxPieces);
  let text = random() < 0.15 ? pick(random, SEPARATORS) : '';
  for (let i = 0; i < n; i++) {
    if (i > 0) text += pick(random, SEPARATORS);
    text += pick(random, PIECES);
  }
  if (random() < 0.15) text += pick(random, SEPARATORS);
  return text;
}

function attributeValue(random: () => number, def: AttributeDef): AttributeValue {
  switch (def.type) {
    case 'choice':
      return pick(random, def.options).id;
    case 'choices':
      return def.options.filter(() => random() < 0.5).map((o) => o.id);
    case 'integer':
      return int(random, def.min ?? -1000, def.max ?? 100000);
    case 'range': {
      const min = random() < 0.2 ? null : int(random, 0, 500);
      const max = random() < 0.2 && min !== null ? null : (min ?? 0) + int(random, 0, 500);
      return { min, max };
    }
    case 'boolean':
      return random() < 0.5;
    case 'text':
      return pick(random, AWKWARD_TEXT);
    case 'entity':
      return pick(random, [...TEST_ENTITIES.keys(), 'not-in-registry']);
  }
}

export function generateAttributes(random: () => number, label: Label): Attributes | undefined {
  const out: Attributes = {};
  for (const def of label.attributes) if (random() < 0.6) out[def.id] = attributeValue(random, def);
  return Object.keys(out).length ? out : undefined;
}

export interface GenerateOptions {
  /** Allow zero-width spans (not for formats without them). */
  zeroWidth?: boolean;
  maxSpans?: number;
  schema?: LabelSchema;
}

/** Spans over code points of a text: at the edges, nested, overlapping, cutting graphemes. */
export function generateSpans(random: () => number, text: string, options: GenerateOptions = {}): Span[] {
  const schema = options.schema ?? TEST_SCHEMA;
  const index = new CodePointIndex(text);
  const n = index.length === 0 && !options.zeroWidth ? 0 : int(random, 0, options.maxSpans ?? 12);
  const spans: Span[] = [];
  for (let k = 0; k < n; k++) {
    let start = random() < 0.2 ? 0 : int(random, 0, index.length);
    let end = random() < 0.2 ? index.length : int(random, start, Math.min(index.length, start + 40));
    if (!options.zeroWidth && end === start) {
      if (end < index.length) end++;
      else if (start > 0) start--;
      else continue;
    }
    if (random() < 0.25 && spans.length) {
      // Nested in, or the same extent as, an earlier span (another label or the same).
      const outer = pick(random, spans);
      start = int(random, outer.startOffset, outer.endOffset);
      end = int(random, start, outer.endOffset);
      if (!options.zeroWidth && start === end) continue;
    }
    const label = pick(random, schema.labels);
    const attributes = generateAttributes(random, label);
    spans.push({ id: `s${k}`, label: label.id, startOffset: start, endOffset: end, quote: quoteOf(index, start, end), ...(attributes ? { attributes } : {}) });
  }
  return spans.sort(compareSpans);
}

export function generateRelations(random: () => number, spans: readonly Span[], schema: LabelSchema = TEST_SCHEMA): Relation[] {
  const relations: Relation[] = [];
  if (spans.length < 2) return relations;
  const n = int(random, 0, 6);
  for (let k = 0; k < n; k++) {
    const from = pick(random, spans);
    const to = pick(random, spans);
    if (from.id === to.id) continue;
    const types = relationTypesFor(schema.relations, from.label, to.label);
    if (!types.length) continue;
    relations.push({ id: `r${k}`, type: pick(random, types).id, from: from.id, to: to.id });
  }
  return relations;
}

export function generateDocument(random: () => number, n: number, options: GenerateOptions = {}): InterchangeDocument {
  const text = generateText(random);
  const spans = generateSpans(random, text, options);
  return {
    id: `doc-${n}`,
    text,
    title: random() < 0.5 ? `Report ${n}: "=1+1", 👍🏽` : null,
    source: null,
    annotator: random() < 0.3 ? 'gold' : 'layla',
    spans,
    relations: generateRelations(random, spans, options.schema),
  };
}

/** A span as the round trips compare it: label, offsets, attributes (id-independent). */
export function spanKey(s: Pick<Span, 'label' | 'startOffset' | 'endOffset' | 'attributes'>, withAttributes = true): string {
  const attrs = withAttributes && s.attributes ? Object.keys(s.attributes).sort().map((k) => [k, s.attributes?.[k]]) : [];
  return JSON.stringify([s.label, s.startOffset, s.endOffset, attrs]);
}

/** Relations as the round trips compare them: type and the keys of both ends. */
export function relationKeys(spans: readonly Span[], relations: readonly Relation[]): string[] {
  const byId = new Map(spans.map((s) => [s.id, s]));
  return relations.map((r) => JSON.stringify([r.type, spanKey(byId.get(r.from)!), spanKey(byId.get(r.to)!)])).sort();
}
