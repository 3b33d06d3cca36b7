import { analyzeName, type NameAnalysis } from './analyze';
import { alignNames, explain, SAME_THRESHOLD } from './compare';

/** An entity of the registry: a canonical name and its aliases. */
export interface NameEntity {
  id: string;
  name: string;
  aliases?: readonly string[];
}

export interface NameSuggestion {
  id: string;
  /** The entity's canonical name. */
  name: string;
  /** The name or alias that matched best. */
  matched: string;
  score: number;
  same: boolean;
  explanation: string[];
}

interface Alias {
  entity: number;
  text: string;
  analysis: NameAnalysis;
}

/** How strongly a shared key suggests a candidate (before rarity weighting). */
const WEIGHT = { skeleton: 1, nearSkeleton: 0.6, joined: 2, acronym: 2 } as const;
/** Candidates compared in full for each query, at least. */
const MIN_CANDIDATES = 60;

/**
 * A registry index for name suggestions. Each name and alias is keyed by the consonant skeletons
 * of its words, by those skeletons with one consonant left out (so one changed, added or missing
 * consonant still meets), by the skeleton of the whole name written together, and by its
 * initials. A query collects candidates through these keys, weighted by how rare each key is,
 * and compares only the best few dozen in full: it never walks the whole registry.
 */
export class NameIndex {
  private readonly entities: Array<{ id: string; name: string }> = [];
  private readonly aliases: Alias[] = [];
  private readonly postings = new Map<string, number[]>();
  private scores = new Float64Array(0);
  private stamps = new Int32Array(0);
  private stamp = 0;

  constructor(entities: Iterable<NameEntity> = []) {
    for (const e of entities) this.add(e);
  }

  /** Number of entities. */
  get size(): number {
    return this.entities.length;
  }

  /** Number of names and aliases indexed. */
  get aliasCount(): number {
    return this.aliases.length;
  }

  add(entity: NameEntity): void {
    const index = this.entities.length;
    this.entities.push({ id: entity.id, name: entity.name });
    const names = [...new Set([entity.name, ...(entity.aliases ?? [])].map((n) => n.trim()).filter((n) => n.length > 0))];
    for (const text of names) {
      const aliasIndex = this.aliases.length;
      const analysis = analyzeName(text);
      this.aliases.push({ entity: index, text, analysis });
      for (const { key } of keysOf(analysis)) {
        const list = this.postings.get(key);
        if (!list) this.postings.set(key, [aliasIndex]);
        else if (list[list.length - 1] !== aliasIndex) list.push(aliasIndex);
      }
    }
  }

  /** The entities whose names are most like `query`, best first, each with its explanation. */
  suggest(query: string, limit = 10): NameSuggestion[] {
    const analysis = analyzeName(query);
    if (analysis.tokens.length === 0 || limit <= 0) return [];
    this.ensureScratch();
    const total = this.aliases.length;
    const touched: number[] = [];

    // Gather: each query key adds its weight × rarity to the aliases it lists, once per query word.
    for (const { key, weight, group } of keysOf(analysis)) {
      const list = this.postings.get(key);
      if (!list) continue;
      const rarity = Math.log(1 + total / list.length);
      const mark = this.stamp + group + 1;
      for (const a of list) {
        if (this.stamps[a] === mark) continue;
        if ((this.stamps[a] ?? 0) <= this.stamp) {
          this.scores[a] = 0;
          touched.push(a);
        }
        this.stamps[a] = mark;
        this.scores[a] = (this.scores[a] ?? 0) + weight * rarity;
      }
    }
    this.stamp += analysis.tokens.length + 8;

    // Compare the best candidates in full; keep each entity's best alias.
    const keep = Math.max(MIN_CANDIDATES, limit * 6);
    const candidates = topBy(touched, (a) => this.scores[a] ?? 0, keep);
    const best = new Map<number, { alias: Alias; score: number; alignment: ReturnType<typeof alignNames> }>();
    for (const a of candidates) {
      const alias = this.aliases[a];
      if (!alias) continue;
      const alignment = alignNames(analysis, alias.analysis);
      const previous = best.get(alias.entity);
      if (!previous || alignment.score > previous.score) best.set(alias.entity, { alias, score: alignment.score, alignment });
    }
    return [...best.entries()]
      .sort((x, y) => y[1].score - x[1].score)
      .slice(0, limit)
      .map(([entity, { alias, score, alignment }]) => {
        const rounded = Math.round(score * 1000) / 1000;
        const e = this.entities[entity] ?? { id: '', name: '' };
        return {
          id: e.id,
          name: e.name,
          matched: alias.text,
          score: rounded,
          same: rounded >= SAME_THRESHOLD,
          explanation: explain(analysis, alias.analysis, alignment, rounded),
        };
      });
  }

  private ensureScratch(): void {
    if (this.scores.length >= this.aliases.length && this.stamp < 2_000_000_000) return;
    const size = Math.max(16, this.aliases.length * 2);
    this.scores = new Float64Array(size);
    this.stamps = new Int32Array(size);
    this.stamp = 0;
  }
}

/** The index keys of a name; `group` says which query word a key stands for (a word counts once). */
function keysOf(analysis: NameAnalysis): Array<{ key: string; weight: number; group: number }> {
  const keys: Array<{ key: string; weight: number; group: number }> = [];
  analysis.tokens.forEach((t, group) => {
    for (const { key, weight } of wordKeys(t.skel, t.canon)) keys.push({ key, weight, group });
  });
  const n = analysis.tokens.length;
  keys.push({ key: `j:${analysis.tokens.map((t) => t.skel).join('')}`, weight: WEIGHT.joined, group: n });
  const initials = analysis.acronym ?? (n >= 2 ? analysis.initials : '');
  if (initials.length >= 2) keys.push({ key: `a:${initials}`, weight: WEIGHT.acronym, group: n + 1 });
  return keys;
}

const wordKeyCache = new Map<string, ReadonlyArray<{ key: string; weight: number }>>();

/** A word's keys: its skeleton, and (for three consonants or more) the skeleton and its one-deletions. */
function wordKeys(skel: string, canon: string): ReadonlyArray<{ key: string; weight: number }> {
  if (!skel) return [{ key: `c:${canon}`, weight: WEIGHT.skeleton }];
  const known = wordKeyCache.get(skel);
  if (known) return known;
  const keys: Array<{ key: string; weight: number }> = [{ key: `s:${skel}`, weight: WEIGHT.skeleton }];
  if (skel.length >= 3) {
    for (const near of [skel, ...deletions(skel)]) keys.push({ key: `d:${near}`, weight: WEIGHT.nearSkeleton });
  }
  if (wordKeyCache.size > 100_000) wordKeyCache.clear();
  wordKeyCache.set(skel, keys);
  return keys;
}

/** The strings with one character left out ("mblTn" → "blTn", "mlTn", …). */
function deletions(s: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  return [...out];
}

/** The `k` items with the highest score, best first (a partial selection, not a full sort). */
function topBy(items: readonly number[], score: (x: number) => number, k: number): number[] {
  if (items.length <= k) return [...items].sort((a, b) => score(b) - score(a));
  // Keep a buffer of at most 4k, cut back to the best k whenever it fills: small sorts only.
  const sorted: number[] = [];
  let floor = -Infinity;
  for (const x of items) {
    const s = score(x);
    if (sorted.length >= k && s <= floor) continue;
    sorted.push(x);
    if (sorted.length >= k * 4) {
      sorted.sort((a, b) => score(b) - score(a));
      sorted.length = k;
      floor = score(sorted[k - 1] ?? 0);
    }
  }
  return sorted.sort((a, b) => score(b) - score(a)).slice(0, k);
}
