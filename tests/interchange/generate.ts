/**
 * The one generator of seeded test documents for the interchange tests (exporters, importers,
 * tokenizers, the export pipeline): texts with emoji (skin tones, flags, ZWJ sequences),
 * combining characters, Arabic with a right-to-left mark, astral letters and CJK, tabs,
 * no-break spaces, U+2028 and line breaks; spans at the very start and end, nested,
 * overlapping, at the same place as another, whitespace-edged, cutting graphemes, and (when
 * asked) zero-width; every attribute type with awkward values; relations the schema allows;
 * span ids in several styles. Seeded (tests/support/random.ts), so a failing case can be made
 * again from its seed.
 *
 * Quotes are computed with Array.from (one element per code point), independently of
 * CodePointIndex, so the tests compare against a second implementation.
 */
import type { Entity } from '../../shared/entities/registry';
import type { ExportContext, InterchangeDocument } from '../../shared/interchange/model';
import { DEFAULT_LABELS, DEFAULT_RELATIONS, relationTypesFor, type AttributeDef, type AttributeValue, type Attributes, type Label, type LabelSchema } from '../../shared/model/labels';
import { compareSpans, QUOTE_CONTEXT, type Quote, type Relation, type Span } from '../../shared/model/span';
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

const entity = (id: string, name: string, aliases: string[] = [], extra: Partial<Entity> = {}): Entity => ({ id, name, aliases, contributors: ['t'], updated: '2024-01-01T00:00:00Z', ...extra });
const PMF = entity('pmf', 'Popular Mobilization Forces; "PMF"', ['PMU', 'Hashd al-Shaabi', 'الحشد الشعبي'], { kind: 'armed-group' });

/**
 * Linked entities by id as an export gets them (resolved through merges): "hashd" was merged
 * into "pmf" and resolves to it; "not-in-registry", which spans also link, is unknown.
 */
export const TEST_ENTITIES: ReadonlyMap<string, Entity> = new Map([
  ...[
    entity('kataib-hezbollah', 'Kataib Hezbollah'),
    PMF,
    entity('isis', '=ISIS (Daesh)'),
    entity('e-7', 'المتحدث, باسم'),
    entity('saraya', 'Saraya Thawrat al-Ashrin', ['SarayaThorat al-Ashrin', 'Sayara Thora Al-Ashrin']),
  ].map((e): [string, Entity] => [e.id, e]),
  ['hashd', PMF],
]);

export const TEST_CONTEXT: ExportContext = { schema: TEST_SCHEMA, entities: TEST_ENTITIES };

/** Words and marks the texts are made of. */
export const PIECES = [
  'Kataib', 'Hezbollah', 'claimed', 'responsibility', 'Saraya', 'Thawrat', 'al-Ashrin', 'denied', 'killed', '62', '1,200', 'three',
  'several', 'U.S.', 'Mr.', "don't", "Iraq's", 'e-mail', '👍🏽', '🇮🇶', '😀', '👨‍👩‍👧', 'cafe\u0301', 'e\u0301', 'Zoë', 'Zo\u0308e',
  'n\u0303o\u0308', '𠀋', 'قال', 'قال\u200f', 'المتحدث', 'باسم', 'الحشد', 'الشعبي', 'سرايا', 'ثورة', 'العشرين', '«داعش»', '٣٠', '—',
  ',', '.', '!', '(', ')', '"', "'", '"quoted"', '(PMU)', '3.5%', '=SUM(A1)', '+1', '-2', '@x', '𝔸𝔹', '#tag', '-DOCSTART-',
  'a\u200db', '\u0301', 'x\u200bx', ';', '\\', 'back\\slash', ':',
];

const SEPARATORS = [' ', ' ', ' ', ' ', ' ', '  ', '\n', '\n\n', '\t', ' \n', '\u00a0', '. ', ', ', '\u2028', '\n \n'];
/** Span ids in the styles files use: "s12", "span_3", "S-9". */
const ID_STYLES = ['s', 'span_', 'S-'];

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

/** A span's quote from the code points of its text (Array.from: not CodePointIndex, which the tests check). */
function quoteIn(cps: readonly string[], start: number, end: number): Quote {
  return {
    prefix: cps.slice(Math.max(0, start - QUOTE_CONTEXT), start).join(''),
    exact: cps.slice(start, end).join(''),
    suffix: cps.slice(end, Math.min(cps.length, end + QUOTE_CONTEXT)).join(''),
  };
}

/**
 * Spans over code points of a text: at the very start and end, nested in or at the same place
 * as an earlier span (another label or the same), overlapping one, with whitespace at an edge,
 * cutting graphemes; zero-width only when asked.
 */
export function generateSpans(random: () => number, text: string, options: GenerateOptions = {}): Span[] {
  const schema = options.schema ?? TEST_SCHEMA;
  const cps = Array.from(text);
  const length = cps.length;
  const spaces = cps.flatMap((c, i) => (/\s/u.test(c) ? [i] : []));
  const n = length === 0 && !options.zeroWidth ? 0 : int(random, 0, options.maxSpans ?? 12);
  const spans: Span[] = [];
  const ids = new Set<string>();
  for (let k = 0; k < n; k++) {
    let start = random() < 0.2 ? 0 : int(random, 0, length);
    let end = random() < 0.2 ? length : int(random, start, Math.min(length, start + 40));
    const kind = random();
    if (kind < 0.1 && spaces.length) {
      // Whitespace at an edge.
      const at = pick(random, spaces);
      if (random() < 0.5) [start, end] = [at, int(random, at + 1, Math.min(length, at + 30))];
      else [start, end] = [int(random, Math.max(0, at - 30), at), at + 1];
    } else if (kind < 0.35 && spans.length) {
      // Nested in, at the same place as, or overlapping an earlier span.
      const other = pick(random, spans);
      const how = random();
      if (how < 0.5) {
        start = int(random, other.startOffset, other.endOffset);
        end = int(random, start, other.endOffset);
      } else if (how < 0.75) [start, end] = [other.startOffset, other.endOffset];
      else {
        start = int(random, other.startOffset, other.endOffset);
        end = int(random, other.endOffset, Math.min(length, other.endOffset + 20));
      }
    }
    if (!options.zeroWidth && end === start) {
      if (end < length) end++;
      else if (start > 0) start--;
      else continue;
    }
    const label = pick(random, schema.labels);
    const attributes = generateAttributes(random, label);
    let id: string;
    do id = `${pick(random, ID_STYLES)}${int(random, 0, 999)}`;
    while (ids.has(id));
    ids.add(id);
    spans.push({ id, label: label.id, startOffset: start, endOffset: end, quote: quoteIn(cps, start, end), ...(attributes ? { attributes } : {}) });
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
    source: random() < 0.7 ? null : pick(random, ['Reuters', 'https://example.org/a?b=c', 'هجوم']),
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
