import { readNumber } from './numbers';
import { joinTokens, longestPhraseAt, lowerAt, type Token } from './tokens';
import type { HedgeClass } from './types';

/**
 * How hedges bound a stated number N (the conventions of this module):
 * - approx   "about", "around", "approximately", "roughly", "some", "an estimated", "or so":
 *            minimum = maximum = N (the figure as reported; the hedge says it is approximate)
 * - above    "more than", "over", "above", "in excess of": minimum N + 1, no maximum
 * - atLeast  "at least", "no fewer than", "upwards of", "N or more", "N+", "N-odd": minimum N, no maximum
 * - atMost   "up to", "as many as", "at most", "no more than", and "nearly", "almost", "close to"
 *            (they say "just under N": the report gives a ceiling, not a floor): no minimum, maximum N
 * - below    "less than", "fewer than", "under", "below": no minimum, maximum N − 1
 */
export type HedgeKind = 'approx' | 'above' | 'atLeast' | 'atMost' | 'below';

const PREFIX_HEDGES: ReadonlyArray<readonly [readonly string[], HedgeKind]> = [
  [['about'], 'approx'], [['around'], 'approx'], [['approximately'], 'approx'], [['approx'], 'approx'],
  [['roughly'], 'approx'], [['some'], 'approx'], [['an', 'estimated'], 'approx'], [['estimated'], 'approx'],
  [['circa'], 'approx'], [['in', 'the', 'region', 'of'], 'approx'], [['on', 'the', 'order', 'of'], 'approx'],
  [['more', 'than'], 'above'], [['over'], 'above'], [['above'], 'above'], [['in', 'excess', 'of'], 'above'],
  [['greater', 'than'], 'above'], [['well', 'over'], 'above'], [['just', 'over'], 'above'],
  [['at', 'least'], 'atLeast'], [['no', 'fewer', 'than'], 'atLeast'], [['no', 'less', 'than'], 'atLeast'],
  [['not', 'less', 'than'], 'atLeast'], [['not', 'fewer', 'than'], 'atLeast'], [['a', 'minimum', 'of'], 'atLeast'],
  [['upwards', 'of'], 'atLeast'], [['upward', 'of'], 'atLeast'],
  [['up', 'to'], 'atMost'], [['as', 'many', 'as'], 'atMost'], [['at', 'most'], 'atMost'],
  [['no', 'more', 'than'], 'atMost'], [['not', 'more', 'than'], 'atMost'], [['a', 'maximum', 'of'], 'atMost'],
  [['nearly'], 'atMost'], [['almost'], 'atMost'], [['close', 'to'], 'atMost'], [['just', 'under'], 'atMost'],
  [['less', 'than'], 'below'], [['fewer', 'than'], 'below'], [['under'], 'below'], [['below'], 'below'],
];
const HEDGE_PHRASES = PREFIX_HEDGES.map(([words]) => words);

/**
 * What a hedge says of the number, as the schema's hedge attribute records it (types.ts). The
 * bounds are in the count; "less than 10" is at most 9, so it is "at most" too.
 */
export function hedgeClass(kind: HedgeKind, words: string): HedgeClass {
  switch (kind) {
    case 'approx':
      return 'approximate';
    case 'above':
      return 'more-than';
    case 'atLeast':
      return 'at-least';
    case 'atMost':
      return words === 'up to' || words === 'as many as' ? 'up-to' : 'at-most';
    case 'below':
      return 'at-most';
  }
}

/**
 * Vague quantifiers: the floor each can be defended for. They never give a ceiling.
 * "a few" 2 · "some" 2 · "a couple" 2 · "a handful" 2 · "a number of" 2 · "multiple" 2 ·
 * "several" 3 · "many"/"numerous"/"countless" 3 · "tens" 20 · "dozens" 24 (two dozen) ·
 * "scores" 40 (two score) · "hundreds" 200 · "thousands" 2,000 · "millions" 2,000,000.
 * A following scale multiplies: "several hundred" 300, "a few dozen" 24, "tens of thousands" 20,000.
 */
const VAGUE: ReadonlyArray<readonly [readonly string[], number, string]> = [
  [['a', 'couple', 'of'], 2, '"a couple" is two or so'], [['a', 'couple'], 2, '"a couple" is two or so'],
  [['a', 'few'], 2, '"a few" is more than one'], [['a', 'handful', 'of'], 2, '"a handful" is more than one'],
  [['a', 'handful'], 2, '"a handful" is more than one'], [['a', 'number', 'of'], 2, '"a number of" is more than one'],
  [['multiple'], 2, '"multiple" is more than one'], [['some'], 2, '"some" people is more than one'],
  [['several'], 3, '"several" is more than two'], [['many'], 3, '"many" is read as no fewer than "several"'],
  [['numerous'], 3, '"numerous" is read as no fewer than "several"'], [['countless'], 3, '"countless" is read as no fewer than "several"'],
  [['tens'], 20, '"tens" is two tens or more'], [['dozens'], 24, '"dozens" is two dozen or more'],
  [['scores'], 40, '"scores" is two score or more'], [['hundreds'], 200, '"hundreds" is two hundred or more'],
  [['thousands'], 2000, '"thousands" is two thousand or more'], [['millions'], 2_000_000, '"millions" is two million or more'],
];
const VAGUE_PHRASES = VAGUE.map(([words]) => words);

const MULTIPLIERS: Readonly<Record<string, number>> = { dozen: 12, hundred: 100, thousand: 1000, million: 1_000_000 };
const PLURAL_MULTIPLIERS: Readonly<Record<string, number>> = { dozens: 12, hundreds: 100, thousands: 1000, millions: 1_000_000 };
const RISE = new Set(['rose', 'risen', 'rising', 'climbed', 'increased', 'jumped', 'grew', 'went', 'soared', 'rise', 'climb']);
const DASHES = new Set(['-', '–', '—', '‒']);

export interface Quantity {
  /** number: a stated number or range; vague: a vague quantifier; zero: "no", "none", "no one"; article: "a"/"an". */
  kind: 'number' | 'vague' | 'zero' | 'article';
  minimum: number | null;
  maximum: number | null;
  vague: boolean;
  hedge?: string;
  hedgeClass?: HedgeClass;
  /** Token range [start, end). */
  start: number;
  end: number;
  /** How it was read, for the explanation. */
  reading: string;
  /** A lone integer in digits, no hedge or range: may be a year, a date or an age rather than a count. */
  bare?: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Reads a count at token `i` ("about 62", "between 10 and 15", "several hundred", "no one"), or null. */
export function readQuantity(tokens: readonly Token[], i: number): Quantity | null {
  // Prefix hedge, then a number, range or vague word.
  let j = i;
  let hedgeKind: HedgeKind | undefined;
  let hedge: string | undefined;
  const hedgeLength = longestPhraseAt(tokens, i, HEDGE_PHRASES);
  if (hedgeLength > 0) {
    const words = tokens.slice(i, i + hedgeLength).map((t) => t.lower);
    const entry = PREFIX_HEDGES.find(([w]) => w.length === hedgeLength && w.every((x, k) => x === words[k]));
    const core = readCore(tokens, i + hedgeLength);
    // "some" is a hedge only before a number ("some 40"); "over"/"under" only before a count.
    if (entry && core && !(entry[1] === 'approx' && words[0] === 'some' && core.kind !== 'number')) {
      hedgeKind = entry[1];
      hedge = words.join(' ');
      j = i + hedgeLength;
    }
  }
  if (hedgeKind === undefined) {
    const first = lowerAt(tokens, i);
    const zeroEnd = first === 'no' && lowerAt(tokens, i + 1) === 'one' ? i + 2 : ['no', 'nobody', 'none', 'noone'].includes(first) ? i + 1 : -1;
    if (zeroEnd > 0) {
      return { kind: 'zero', minimum: 0, maximum: 0, vague: false, start: i, end: zeroEnd, reading: `'${joinTokens(tokens, i, zeroEnd)}' → none (0)` };
    }
  }
  const core = readCore(tokens, j);
  if (!core) return null;

  // Suffix hedges: "20 or more", "20 or so", "20+", "20-odd", "20 plus".
  let end = core.end;
  let vague = core.vague;
  let note = core.note;
  if (core.kind === 'number' && core.minimum === core.maximum && hedgeKind === undefined) {
    const a = lowerAt(tokens, end);
    const b = lowerAt(tokens, end + 1);
    if (a === 'or' && (b === 'more' || b === 'above')) [hedgeKind, hedge, end] = ['atLeast', `or ${b}`, end + 2];
    else if (a === 'or' && (b === 'fewer' || b === 'less')) [hedgeKind, hedge, end] = ['atMost', `or ${b}`, end + 2];
    else if (a === 'or' && b === 'so') [hedgeKind, hedge, end] = ['approx', 'or so', end + 2];
    else if (a === '+' && tokens[end]?.attached) [hedgeKind, hedge, end] = ['atLeast', '+', end + 1];
    else if (a === 'plus' && readNumber(tokens, end + 1) === null) [hedgeKind, hedge, end] = ['atLeast', 'plus', end + 1];
    else if (DASHES.has(a) && b === 'odd' && tokens[end]?.attached) {
      [hedgeKind, hedge, end, vague, note] = ['atLeast', '-odd', end + 2, true, '"N-odd" is N and some'];
    }
  }

  const q: Quantity = { kind: core.kind, minimum: core.minimum, maximum: core.maximum, vague, start: i, end, reading: '' };
  if (core.bare !== undefined && hedgeKind === undefined) q.bare = core.bare;
  let approximate = false;
  if (hedgeKind !== undefined && hedge !== undefined) {
    q.hedge = hedge;
    q.hedgeClass = hedgeClass(hedgeKind, hedge);
    approximate = applyHedge(q, hedgeKind);
  }
  q.reading = `'${joinTokens(tokens, i, end)}' → ${describe(q.minimum, q.maximum, approximate)}${q.vague ? ` (vague: ${note ?? 'no number given'})` : note ? ` (${note})` : ''}`;
  return q;
}

/** Bounds in words: "62", "at least 3, no upper bound", "between 10 and 15". */
function describe(min: number | null, max: number | null, approximate: boolean): string {
  if (min !== null && max !== null) {
    if (min !== max) return `between ${fmt(min)} and ${fmt(max)}`;
    return approximate ? `${fmt(min)}, approximate (minimum and maximum both ${fmt(min)})` : fmt(min);
  }
  if (min !== null) return `at least ${fmt(min)}, no upper bound`;
  if (max !== null) return `at most ${fmt(max)}, no lower bound given`;
  return 'no count';
}

interface Core {
  kind: 'number' | 'vague';
  minimum: number | null;
  maximum: number | null;
  vague: boolean;
  end: number;
  note?: string;
  bare?: number;
}

/** A number, a range or a vague quantifier at `i`, without hedges. */
function readCore(tokens: readonly Token[], i: number): Core | null {
  const w = lowerAt(tokens, i);
  // "between 10 and 15", "from 10 to 15" (but "rose from 10 to 15" is a change: the later figure counts).
  if (w === 'between' || w === 'from') {
    const a = readNumber(tokens, i + 1);
    const link = w === 'between' ? 'and' : 'to';
    if (a && lowerAt(tokens, a.end) === link) {
      const b = readNumber(tokens, a.end + 1);
      if (b) {
        if (w === 'from' && RISE.has(lowerAt(tokens, i - 1))) {
          return { kind: 'number', minimum: b.value, maximum: b.value, vague: false, end: b.end, note: `after '${lowerAt(tokens, i - 1)}': the later figure` };
        }
        if (b.value >= a.value) return { kind: 'number', minimum: a.value, maximum: b.value, vague: false, end: b.end };
      }
    }
    return null;
  }
  const n = readNumber(tokens, i);
  if (n) {
    // Ranges: "10-15", "10–15", "10 to 15", "two or three".
    const sep = lowerAt(tokens, n.end);
    if (DASHES.has(sep) || sep === 'to' || sep === 'or') {
      const m = readNumber(tokens, n.end + 1);
      if (m && m.value > n.value && (sep !== 'to' || !RISE.has(lowerAt(tokens, i - 1)))) {
        return { kind: 'number', minimum: n.value, maximum: m.value, vague: false, end: m.end };
      }
    }
    const token = tokens[i];
    const core: Core = { kind: 'number', minimum: n.value, maximum: n.value, vague: false, end: n.end };
    if (!n.words && n.end === i + 1 && token !== undefined && /^\d+$/.test(token.lower)) core.bare = n.value;
    return core;
  }
  const length = longestPhraseAt(tokens, i, VAGUE_PHRASES);
  if (length === 0) return null;
  const words = tokens.slice(i, i + length).map((t) => t.lower);
  const entry = VAGUE.find(([v]) => v.length === length && v.every((x, k) => x === words[k]));
  if (!entry) return null;
  let [, floor, why] = entry;
  let end = i + length;
  // "several hundred", "a few dozen", "many thousands"; "hundreds of thousands", "tens of thousands".
  const next = lowerAt(tokens, end);
  const after = lowerAt(tokens, end + 1);
  const times = MULTIPLIERS[next];
  const ofTimes = PLURAL_MULTIPLIERS[after];
  if (times !== undefined) {
    floor *= times;
    why = `${entry[2]}, times ${fmt(times)}`;
    end++;
  } else if (next === 'of' && ofTimes !== undefined && length === 1 && (words[0] === 'tens' || (words[0] ?? '') in PLURAL_MULTIPLIERS)) {
    floor *= ofTimes;
    why = `${entry[2]}, times ${fmt(ofTimes)}`;
    end += 2;
  }
  return { kind: 'vague', minimum: floor, maximum: null, vague: true, end, note: why };
}

/** Applies a hedge to the bounds; true when the figure stays a point, approximately. */
function applyHedge(q: Quantity, kind: HedgeKind): boolean {
  const { minimum: lo, maximum: hi } = q;
  if (q.kind !== 'number' || lo === null || hi === null || lo !== hi) {
    // A hedged range or vague word: the bounds stand ("more than dozens" excepted); the hedge is still read.
    if (kind === 'above' && lo !== null && q.kind === 'vague') q.minimum = lo + 1;
    return false;
  }
  const n = lo;
  switch (kind) {
    case 'approx':
      return true;
    case 'above':
      q.minimum = Number.isInteger(n) ? n + 1 : n;
      q.maximum = null;
      return false;
    case 'atLeast':
      q.maximum = null;
      return false;
    case 'atMost':
      q.minimum = null;
      return false;
    case 'below':
      q.minimum = null;
      q.maximum = Number.isInteger(n) ? n - 1 : n;
      return false;
  }
}
