/**
 * Agreement on the attributes of matched spans. Spans are paired by the one-to-one labelled
 * overlap matching (docs/AGREEMENT.md §2 and §7), so both spans of a pair have the same label and hence the
 * same attributes. For each attribute of each label (a range's minimum and maximum apart):
 *
 * - counts: matched pairs; how many had the attribute set by both, by one, by neither; how many of
 *   those set by both agree;
 * - percent agreement = agreeing / set by both;
 * - Krippendorff's α (nominal) with the matched pairs as units and "not set" missing, pooled over
 *   annotator pairs (each annotator pair's matched pair is a unit of two values);
 * - Cohen's κ per annotator pair on the pairs both set (those one set are counted as excluded).
 *
 * Values are compared as categories: a choice by its option id, several choices as a set, an
 * integer by its value, a range's end by its value or as "open", yes/no, free text after
 * trimming and collapsing white space, an entity by the id it resolves to (so two ids merged in
 * the registry count as one).
 */
import { kappaFromCounts } from './cohenKappa';
import { Interner, pairNumber } from '../matching/columns';
import type { DocumentMatcher } from '../matching/documentMatcher';
import { available, notAvailable, withEstimate } from '../estimate';
import { compareStrings } from '../input/check';
import { NominalAlphaAccumulator } from './nominalAlpha';
import type {
  AttributeAgreement,
  AttributeAgreementReport,
  AttributeCounts,
  AttributeField,
  AttributeKappa,
  AttributePairAgreement,
  MatchCriterion,
  PercentAgreement,
} from '../types';

/** The matching attribute (and relation) agreement is computed on. */
export const ATTRIBUTE_CRITERION: MatchCriterion = { boundary: 'overlap', labels: 'labelled' };

/** A stored attribute value (see shared/model/labels.ts `AttributeValue`), typed loosely: files may hold anything. */
export type AttributeValueLike = string | string[] | number | boolean | { min: number | null; max: number | null } | null | undefined;

import type { AttributedSpan } from '../input/shapes';
export type { AttributedSpan } from '../input/shapes';

/** What attributeFields needs of a label: its id and its attributes' ids, names and types. */
export interface LabelAttributes {
  id: string;
  attributes: readonly { id: string; name: string; type: AttributeField['type'] }[];
}

/** The comparable attributes of the labels, in schema order; a range gives its minimum and maximum. */
export function attributeFields(labels: readonly LabelAttributes[]): AttributeField[] {
  const out: AttributeField[] = [];
  for (const label of labels) {
    for (const a of label.attributes) {
      if (a.type === 'range') {
        out.push({ label: label.id, attribute: a.id, name: `${a.name} (minimum)`, type: a.type, part: 'min' });
        out.push({ label: label.id, attribute: a.id, name: `${a.name} (maximum)`, type: a.type, part: 'max' });
      } else {
        out.push({ label: label.id, attribute: a.id, name: a.name, type: a.type, part: null });
      }
    }
  }
  return out;
}

/** The words a report prints about how values are compared. */
export const ATTRIBUTE_COMPARISON: readonly string[] = [
  'Spans are paired by the one-to-one overlap matching of spans of the same label; only matched pairs are compared.',
  'A value is compared as a category: equal or not (no partial credit for near numbers).',
  'Several choices are compared as a set (same options chosen, in any order); none chosen counts as not set.',
  'A range is compared end by end: its minimum, then its maximum; an end left open is the value "open".',
  'Free text is compared after trimming and collapsing white space; empty text counts as not set.',
  'An entity is compared by the entity it resolves to in the registry, so entities merged into one count as the same.',
  'Percent agreement and κ are over the pairs both annotators set; pairs only one set are counted apart, never as disagreement.',
];

/**
 * The category a value is compared as, or null when it is not set. `resolveEntity` maps an
 * entity id to the id of the entity it is merged into (itself when it is not merged).
 */
export function attributeValueKey(field: AttributeField, value: unknown, resolveEntity?: (id: string) => string): string | null {
  if (value === undefined || value === null) return null;
  switch (field.type) {
    case 'choice':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'choices': {
      if (!Array.isArray(value)) return JSON.stringify(value);
      if (value.length === 0) return null;
      return [...new Set(value.map(String))].sort(compareStrings).join(' + ');
    }
    case 'integer':
      return typeof value === 'number' ? String(value) : JSON.stringify(value);
    case 'range': {
      if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
      const end = (value as { min?: unknown; max?: unknown })[field.part ?? 'min'];
      return end === null || end === undefined ? 'open' : String(end);
    }
    case 'boolean':
      return value === true ? 'yes' : value === false ? 'no' : JSON.stringify(value);
    case 'text': {
      if (typeof value !== 'string') return JSON.stringify(value);
      const text = value.normalize('NFC').replace(/\s+/g, ' ').trim();
      return text === '' ? null : text;
    }
    case 'entity':
      return typeof value === 'string' ? (resolveEntity ? resolveEntity(value) : value) : JSON.stringify(value);
  }
}

export interface AttributeAgreementOptions {
  /** The entity an id stands for (merged entities resolve to the one they were merged into). */
  resolveEntity?: (id: string) => string;
}

/** One pair of annotators' tallies for one field. */
interface PairTally {
  counts: AttributeCounts;
  /** By value id, on pairs both set: A's values (rows) and B's (columns), for κ. */
  rows: number[];
  cols: number[];
}

/** One field's tallies over all pairs; values are interned as small integers. */
interface FieldTally {
  field: AttributeField;
  counts: AttributeCounts;
  /** Value → id, and back. */
  ids: Map<string, number>;
  values: string[];
  /** n_c by value id, for α: each matched pair both set gives its two values. */
  totals: number[];
  /**
   * The pairs both set that differ, as (idA, idB) one after another in disagreements[0..2·disagreed):
   * appending is cheaper than counting in a Map. When the buffer is full (FOLD_PAIRS) it is
   * folded into `folded` (count by pair): memory is bounded by the distinct pairs, not by the
   * corpus (at 100,000 documents the buffer alone grew to some 3.8 million pairs).
   */
  disagreements: Int32Array;
  disagreed: number;
  folded: Map<number, number>;
  /** For AttributeValues with codes: the id of each code of the current code table (−2: not looked up yet). */
  idOfCode: Int32Array;
}

const emptyCounts = (): AttributeCounts => ({ matchedPairs: 0, setByBoth: 0, setByOne: 0, setByNeither: 0, agreeing: 0 });
const emptyPair = (): PairTally => ({ counts: emptyCounts(), rows: [], cols: [] });

function bump(xs: number[], at: number): void {
  while (xs.length <= at) xs.push(0);
  xs[at]!++;
}

/**
 * Where attribute agreement reads the value of a field on a span (layer r of a matcher, span i in
 * document order; `slot`: the field's place among its label's fields), as the category it is
 * compared as (`attributeValueKey`), or null when it is not set.
 */
export interface AttributeValues {
  key(r: number, i: number, field: AttributeField, slot: number): string | null;
  /**
   * Optionally the same as codes into `codeTable` (−1: not set), equal codes for equal keys: then
   * each distinct value is looked up once per table, not once per span.
   */
  code?(r: number, i: number, slot: number): number;
  readonly codeTable?: readonly string[];
}

/** The values in the spans' own `attributes`. */
export class SpanAttributeValues<S extends AttributedSpan> implements AttributeValues {
  constructor(
    private readonly matcher: DocumentMatcher<S>,
    private readonly resolveEntity?: (id: string) => string,
  ) {}

  key(r: number, i: number, field: AttributeField): string | null {
    const attrs = this.matcher.spansAt(r)[i]!.attributes;
    return attrs ? attributeValueKey(field, attrs[field.attribute], this.resolveEntity) : null;
  }
}

/** Attribute agreement over a corpus, a document at a time. */
export class AttributeAgreementAccumulator {
  private readonly tallies: FieldTally[];
  /** Indices into `tallies` of each label's fields, and each field's place among its label's. */
  private readonly byLabel = new Map<string, number[]>();
  private readonly slot: number[] = [];
  /** Annotators by number; per pair of numbers (`pairNumber`, a's name before b's), a tally per field (indexed as `tallies`). */
  private readonly annotatorIds = new Interner();
  private readonly pairs = new Map<number, PairTally[]>();
  /** valueId's caches, one per annotator of a document (by position), reused. */
  private readonly valueCache: number[][] = [];
  /** The code table of the values last added with codes. */
  private codeTable: readonly string[] | null = null;
  /** The fields of each label code of the last label table seen. */
  private fieldTable: readonly string[] | null = null;
  private fieldsOfCode: (number[] | undefined)[] = [];

  constructor(
    fields: readonly AttributeField[],
    private readonly options: AttributeAgreementOptions = {},
  ) {
    this.tallies = fields.map((field) => ({ field, counts: emptyCounts(), ids: new Map(), values: [], totals: [], disagreements: new Int32Array(64), disagreed: 0, folded: new Map(), idOfCode: new Int32Array(0) }));
    this.tallies.forEach((t, k) => {
      const list = this.byLabel.get(t.field.label);
      this.slot[k] = list ? list.length : 0;
      if (list) list.push(k);
      else this.byLabel.set(t.field.label, [k]);
    });
  }

  /** Adds a document: its matcher, and where its values are (by default, in the spans' `attributes`). */
  add<S extends AttributedSpan>(matcher: DocumentMatcher<S>, values: AttributeValues = new SpanAttributeValues(matcher, this.options.resolveEntity)): void {
    const R = matcher.annotators.length;
    const ids: number[] = [];
    for (const a of matcher.annotators) ids.push(this.annotatorIds.code(a));
    if (this.tallies.length === 0) return;
    const table = matcher.columns.labels;
    if (table !== this.fieldTable) {
      this.fieldTable = table;
      this.fieldsOfCode = table.map((l) => this.byLabel.get(l));
    } else if (this.fieldsOfCode.length < table.length) {
      for (let c = this.fieldsOfCode.length; c < table.length; c++) this.fieldsOfCode.push(this.byLabel.get(table[c]!));
    }
    const label = matcher.columns.label;
    // Each span's value ids, by field, found once however many pairs the span is in: index
    // span · F + field; −2 not looked at yet, −1 not set. Arrays reused from document to document.
    // (Values with codes need none: a code's id is kept by code.)
    const F = this.tallies.length;
    if (values.code) this.useCodeTable(values.codeTable!);
    else {
      for (let r = 0; r < R; r++) {
        const size = matcher.size(r) * F;
        const cache = (this.valueCache[r] ??= []);
        if (cache.length < size) cache.length = size;
        cache.fill(-2, 0, size);
      }
    }
    for (let ra = 0; ra < R; ra++) {
      for (let rb = ra + 1; rb < R; rb++) {
        const key = pairNumber(ids[ra]!, ids[rb]!);
        let pairTallies = this.pairs.get(key);
        if (!pairTallies) this.pairs.set(key, (pairTallies = this.tallies.map(emptyPair)));
        const valuesA = this.valueCache[ra]!;
        const valuesB = this.valueCache[rb]!;
        const fromA = matcher.first[ra]!;
        const partner = matcher.partnersAt(ra, rb, ATTRIBUTE_CRITERION);
        for (let i = 0; i < partner.length; i++) {
          const j = partner[i]!;
          if (j < 0) continue;
          const fields = this.fieldsOfCode[label[fromA + i]!];
          if (!fields) continue;
          for (const k of fields) {
            const t = this.tallies[k]!;
            const pair = pairTallies[k]!;
            const ia = this.valueId(valuesA, values, ra, i, k, F, t);
            const ib = this.valueId(valuesB, values, rb, j, k, F, t);
            const total = t.counts;
            const own = pair.counts;
            total.matchedPairs++;
            own.matchedPairs++;
            if (ia < 0 || ib < 0) {
              if (ia >= 0 || ib >= 0) {
                total.setByOne++;
                own.setByOne++;
              } else {
                total.setByNeither++;
                own.setByNeither++;
              }
              continue;
            }
            total.setByBoth++;
            own.setByBoth++;
            if (ia === ib) {
              total.agreeing++;
              own.agreeing++;
            }
            bump(t.totals, ia);
            bump(t.totals, ib);
            bump(pair.rows, ia);
            bump(pair.cols, ib);
            if (ia !== ib) {
              if (2 * t.disagreed === t.disagreements.length) {
                if (t.disagreed >= FOLD_PAIRS) foldDisagreements(t);
                else {
                  const bigger = new Int32Array(2 * t.disagreements.length);
                  bigger.set(t.disagreements);
                  t.disagreements = bigger;
                }
              }
              t.disagreements[2 * t.disagreed] = ia;
              t.disagreements[2 * t.disagreed++ + 1] = ib;
            }
          }
        }
      }
    }
  }

  /** Ids by code start afresh with a new code table. */
  private useCodeTable(table: readonly string[]): void {
    if (table === this.codeTable) return;
    this.codeTable = table;
    for (const t of this.tallies) {
      if (t.idOfCode.length < table.length) t.idOfCode = new Int32Array(table.length);
      t.idOfCode.fill(-2, 0, table.length);
    }
  }

  /** The id of span i's value for field k (−1: not set), from the cache or found and remembered. */
  private valueId(cache: number[], values: AttributeValues, r: number, i: number, k: number, F: number, t: FieldTally): number {
    if (values.code) {
      const c = values.code(r, i, this.slot[k]!);
      if (c < 0) return -1;
      const known = t.idOfCode[c]!;
      return known !== -2 ? known : (t.idOfCode[c] = idOf(t, this.codeTable![c]!));
    }
    const at = i * F + k;
    const known = cache[at]!;
    if (known !== -2) return known;
    const key = values.key(r, i, t.field, this.slot[k]!);
    const id = key === null ? -1 : idOf(t, key);
    cache[at] = id;
    return id;
  }

  result(): AttributeAgreementReport {
    const annotators = [...this.annotatorIds.names].sort(compareStrings);
    const idOfAnnotator = new Map(this.annotatorIds.names.map((a, k) => [a, k]));
    const fields: AttributeAgreement[] = this.tallies.map((t, k) => {
      const byPair: AttributePairAgreement[] = [];
      annotators.forEach((annotatorA, i) => {
        for (const annotatorB of annotators.slice(i + 1)) {
          const pair = this.pairs.get(pairNumber(idOfAnnotator.get(annotatorA)!, idOfAnnotator.get(annotatorB)!))?.[k] ?? emptyPair();
          byPair.push({ annotatorA, annotatorB, counts: { ...pair.counts }, percentAgreement: percentAgreement(pair.counts, t.field), kappa: kappa(annotatorA, annotatorB, pair, t) });
        }
      });
      // α over the matched pairs as units of two values (not set: missing), by the coincidence totals.
      const alphaAcc = new NominalAlphaAccumulator();
      alphaAcc.addTallies(
        t.counts.matchedPairs,
        t.counts.setByBoth,
        2 * (t.counts.setByBoth - t.counts.agreeing),
        t.values.map((v, id) => [v, t.totals[id] ?? 0] as const),
      );
      const alpha = alphaAcc.result('matched spans');
      const disagreements = countDisagreements(t)
        .sort((x, y) => y.count - x.count || compareStrings(x.valueA, y.valueA) || compareStrings(x.valueB, y.valueB))
        .slice(0, 5);
      return {
        ...t.field,
        counts: { ...t.counts },
        percentAgreement: percentAgreement(t.counts, t.field),
        alpha: alpha.value === null && alpha.code === 'no-pairable-values' ? withEstimate(alpha, notSetByBoth(t.counts, t.field)) : alpha,
        byPair,
        disagreements,
      };
    });
    return { match: ATTRIBUTE_CRITERION, comparison: [...ATTRIBUTE_COMPARISON], fields };
  }
}

/** Pairs of differing values held in the buffer before it is folded into counts. */
const FOLD_PAIRS = 1 << 16;
/** A pair (idA, idB) as one number: idA · PAIR_SCALE + idB (value ids stay far below 2^26). */
const PAIR_SCALE = 2 ** 26;

/** Adds the buffer's pairs into the counts by pair, and empties it. */
function foldDisagreements(t: FieldTally): void {
  for (let k = 0; k < t.disagreed; k++) {
    const key = t.disagreements[2 * k]! * PAIR_SCALE + t.disagreements[2 * k + 1]!;
    t.folded.set(key, (t.folded.get(key) ?? 0) + 1);
  }
  t.disagreed = 0;
}

/** Each pair of values that differed, with how often. */
function countDisagreements(t: FieldTally): { valueA: string; valueB: string; count: number }[] {
  foldDisagreements(t);
  const out: { valueA: string; valueB: string; count: number }[] = [];
  for (const [key, count] of t.folded) out.push({ valueA: t.values[Math.floor(key / PAIR_SCALE)]!, valueB: t.values[key % PAIR_SCALE]!, count });
  return out;
}

function idOf(t: FieldTally, value: string): number {
  let id = t.ids.get(value);
  if (id === undefined) {
    id = t.values.length;
    t.values.push(value);
    t.ids.set(value, id);
  }
  return id;
}

/** Why nothing can be compared: no matched pairs at all, or none with the attribute set by both. */
function notSetByBoth(c: AttributeCounts, field: AttributeField) {
  return c.matchedPairs === 0
    ? notAvailable('no-matched-spans', `no two annotators' "${field.label}" spans were matched`)
    : notAvailable('no-pairable-values', `none of the ${c.matchedPairs} matched "${field.label}" pairs has "${field.name}" set by both annotators`);
}

function percentAgreement(c: AttributeCounts, field: AttributeField): PercentAgreement {
  const base = { coefficient: 'percent-agreement' as const, unit: 'matched spans' as const, counts: { agreeing: c.agreeing, setByBoth: c.setByBoth } };
  return c.setByBoth === 0 ? { ...base, ...notSetByBoth(c, field) } : { ...base, ...available(c.agreeing / c.setByBoth) };
}

function kappa(annotatorA: string, annotatorB: string, pair: PairTally, t: FieldTally): AttributeKappa {
  const n = pair.counts.setByBoth;
  let chance = 0;
  let first = '';
  let categories = 0;
  for (let id = 0; id < Math.max(pair.rows.length, pair.cols.length); id++) {
    const row = pair.rows[id] ?? 0;
    const col = pair.cols[id] ?? 0;
    chance += row * col;
    if (row > 0 && !first) first = t.values[id]!;
    if (row > 0 || col > 0) categories++;
  }
  const k = kappaFromCounts(n, pair.counts.agreeing, chance, first);
  const result: AttributeKappa = {
    coefficient: 'cohen-kappa',
    unit: 'matched spans',
    counts: { items: n, excluded: pair.counts.setByOne },
    annotatorA,
    annotatorB,
    categories,
    ...k,
  };
  return k.value === null && k.code === 'no-items' ? withEstimate(result, notSetByBoth(pair.counts, t.field)) : result;
}
