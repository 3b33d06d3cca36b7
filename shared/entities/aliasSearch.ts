/**
 * Finding names and aliases by what an analyst has typed so far: the whole alias is what was
 * typed, begins with it, has a word beginning with it, or contains it. Case, accents,
 * apostrophes (ʿayn, hamza), hyphens and CamelCase joins are ignored on both sides ("kataib"
 * finds "Kata'ib Hizballah", "thorat al-a" finds "SarayaThorat al-Ashrin").
 *
 * Every word start of every folded alias (and the alias with its spaces left out, as names are
 * also typed run together) is one entry of a sorted array, so "begins" and "a word begins" are
 * one binary search and a scan of the matching range. "Contains" is one
 * indexOf pass over all folded aliases joined into one string, and only runs when the others
 * found too little. 100,000 aliases: built in well under a second; a query takes about a
 * millisecond, a one-letter query (a range of thousands) a few.
 */
import { normalizeName } from '../names/normalize';

export type AliasMatchKind = 'exact' | 'prefix' | 'word' | 'substring';

export interface AliasMatch {
  /** Index of the alias in the list the search was built from. */
  alias: number;
  kind: AliasMatchKind;
  /** The alias folded. */
  folded: string;
}

const KINDS: readonly AliasMatchKind[] = ['exact', 'prefix', 'word', 'substring'];
/** Only queries at least this long look inside words (two letters occur inside half the registry). */
const SUBSTRING_MIN = 3;
/** Between a folded key and its entry number: sorts below every character a folded key holds. */
const TAG = '\u0000';
/** Ranks are packed into one number: (kind × 1024 + length) × 2^24 + order. */
const ORDER = 2 ** 24;

/** The form aliases and queries are compared in. */
export function foldAlias(text: string): string {
  return normalizeName(text);
}

export class AliasSearch {
  private readonly folded: string[];
  /** Suffixes of the folded aliases starting at a word, each tagged with its entry number; sorted. */
  private readonly keys: string[];
  /** For each sorted key: its alias, and whether it starts at the alias's beginning. */
  private readonly keyAlias: Int32Array;
  private readonly keyAtStart: Uint8Array;
  /** For each alias: its folded form without spaces, if that is another key. */
  private readonly compact: Array<string | undefined>;
  /** The folded aliases joined by "\n", and where each starts in it. */
  private readonly joined: string;
  private readonly starts: Int32Array;
  /** Scratch for find(): each group's best rank, valid where stamps holds the query's stamp. */
  private ranks = new Float64Array(0);
  private stamps = new Int32Array(0);
  private stamp = 0;

  constructor(aliases: readonly string[]) {
    this.folded = aliases.map(foldAlias);
    const entryAlias: number[] = [];
    const entryAtStart: boolean[] = [];
    const tagged: string[] = [];
    const add = (key: string, alias: number, atStart: boolean) => {
      tagged.push(`${key}${TAG}${entryAlias.length}`);
      entryAlias.push(alias);
      entryAtStart.push(atStart);
    };
    this.compact = this.folded.map((f) => (f.includes(' ') ? f.replace(/ /g, '') : undefined));
    this.folded.forEach((f, alias) => {
      if (f === '') return;
      // Folded aliases have single spaces between words: each space starts a word.
      for (let start = 0; ; ) {
        add(f.slice(start), alias, start === 0);
        const space = f.indexOf(' ', start);
        if (space < 0) break;
        start = space + 1;
      }
      // Names are typed run together as often as they are written so: "sarayathorat" for
      // "SarayaThorat al-Ashrin", "abdulmahdi" for "Abdul Mahdi".
      const compact = this.compact[alias];
      if (compact !== undefined) add(compact, alias, true);
    });
    // The default sort compares UTF-16 code units, the order startsWith and < agree with, and
    // is much faster on strings than a comparator.
    tagged.sort();
    this.keys = tagged;
    this.keyAlias = new Int32Array(tagged.length);
    this.keyAtStart = new Uint8Array(tagged.length);
    tagged.forEach((key, i) => {
      const entry = Number(key.slice(key.lastIndexOf(TAG) + 1));
      this.keyAlias[i] = entryAlias[entry] as number;
      this.keyAtStart[i] = entryAtStart[entry] ? 1 : 0;
    });
    this.starts = new Int32Array(this.folded.length + 1);
    let at = 0;
    this.folded.forEach((f, i) => {
      this.starts[i] = at;
      at += f.length + 1;
    });
    this.starts[this.folded.length] = at;
    this.joined = this.folded.join('\n');
  }

  /**
   * The best match of each group (the entity an alias stands for, say: `groups[alias]`, small
   * integers; by default each alias is its own group), best groups first, at most `limit`: the
   * whole alias, then aliases beginning with what was typed, then a word of them; when that gives
   * fewer than `limit` groups, aliases containing it. Within each kind, shorter aliases first.
   */
  find(typed: string, limit: number, groups?: ArrayLike<number>): AliasMatch[] {
    const query = foldAlias(typed);
    if (query === '' || limit <= 0) return [];
    // Best rank per group, in scratch arrays reused from query to query (a stamp says which are
    // this query's): a one-letter query touches thousands of aliases, and allocating per alias
    // would cost more than the search.
    const stamp = this.nextStamp();
    const touched: number[] = [];
    const offer = (alias: number, kind: number, order: number) => {
      const rank = (kind * 1024 + Math.min((this.folded[alias] as string).length, 1023)) * ORDER + Math.min(order, ORDER - 1);
      const group = groups ? (groups[alias] as number) : alias;
      if (this.stamps[group] !== stamp) {
        this.stamps[group] = stamp;
        this.ranks[group] = rank;
        touched.push(group);
      } else if (rank < (this.ranks[group] as number)) this.ranks[group] = rank;
    };
    // Keys beginning with the query sort between the query and the query followed by the last character.
    const end = this.lowerBound(`${query}\uffff`);
    for (let i = this.lowerBound(query); i < end; i++) {
      const alias = this.keyAlias[i] as number;
      const whole = this.folded[alias] === query || this.compact[alias] === query;
      offer(alias, !this.keyAtStart[i] ? 2 : whole ? 0 : 1, i);
    }
    if (touched.length < limit && query.length >= SUBSTRING_MIN) {
      for (let at = this.joined.indexOf(query); at >= 0; ) {
        const alias = this.aliasAt(at);
        offer(alias, 3, alias);
        // Each alias once: go on from the next one.
        at = this.joined.indexOf(query, this.starts[alias + 1] as number);
      }
    }
    return smallest(touched.map((g) => this.ranks[g] as number), limit).map((rank) => {
      const kind = Math.floor(rank / ORDER / 1024);
      const order = rank % ORDER;
      const alias = kind === 3 ? order : (this.keyAlias[order] as number);
      return { alias, kind: KINDS[kind] as AliasMatchKind, folded: this.folded[alias] as string };
    });
  }

  private nextStamp(): number {
    if (this.stamps.length < this.folded.length || this.stamp >= 2_000_000_000) {
      this.ranks = new Float64Array(this.folded.length);
      this.stamps = new Int32Array(this.folded.length);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  /** The first key not below `query`. */
  private lowerBound(query: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as string) < query) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The alias a position of the joined string falls in. */
  private aliasAt(position: number): number {
    let lo = 0;
    let hi = this.folded.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] as number) <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** The `k` smallest numbers, ascending, without sorting them all. */
function smallest(values: readonly number[], k: number): number[] {
  if (values.length <= k * 8) return [...values].sort((a, b) => a - b).slice(0, k);
  const out: number[] = [];
  for (const v of values) {
    if (out.length === k && v >= (out[k - 1] as number)) continue;
    let at = out.length === k ? k - 1 : out.length;
    while (at > 0 && (out[at - 1] as number) > v) {
      out[at] = out[at - 1] as number;
      at--;
    }
    out[at] = v;
  }
  return out;
}
