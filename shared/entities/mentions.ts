/**
 * Where a text mentions an entity: its name and aliases as written, and spellings close enough
 * to propose ("Sayara Thora Al-Ashrin" for "Saraya Thawrat al-Ashrin"), each explained.
 *
 * Two passes over the text:
 *  - exact: every occurrence of a name or alias, case aside, as whole words. "PMU" is not found
 *    inside "PMUs" (the plural is only found as a variant, when compareNames agrees: here for
 *    the alias "Popular Mobilization Units", not for "PMU"); a possessive is left outside the
 *    mention ("Hezbollah's" → "Hezbollah"). A name written in capitals as an acronym ("IS",
 *    "US", "PMU") is only found in capitals, or "IS" would be found in every "is". The text is
 *    searched as stored (not NFC-normalised, which would move offsets): an alias with composed
 *    accents does not match the same word written with combining marks (the variant pass does).
 *  - variants: candidate phrases, runs of capitalised words (lower-case particles such as
 *    "al-", "bin", "of" allowed inside, never at either end) of one word up to one more than
 *    the longest alias, are compared with every alias by compareNames; those proposed as the
 *    same are kept. Words written together are taken apart for this ("Usbat al-ThaireenAshab
 *    al-Kahaf" holds "Ashab al-Kahaf"), so a variant can start or end inside a run-together word.
 *    Set aside even when compareNames agrees: derived words ("Iranian" for "Iran", see
 *    `derived`), initials of one or two letters ("IS" for "Iraq and Syria"), and an acronym
 *    alias met other than in capitals ("Is" for "IS").
 *
 * Mentions never overlap: an exact one beats a variant, then the longer wins, then the higher
 * score. Offsets are code points, as stored in annotations.
 *
 * Cost: each distinct word of the text is analysed once and scored once against the aliases'
 * distinct words; a phrase is compared in full (alignNames) only with the aliases that both its
 * end words resemble and that bounds on its score leave possible (AnalysisCache). Measured: a
 * 5 KB article and an entity with 10 aliases, about 2.7 ms a call once warm; names and aliases
 * alone (includeVariants: false), 0.03 ms.
 */
import { analyzeName, type NameAnalysis, type NameToken } from '../names/analyze';
import { alignNames, explain, SAME_THRESHOLD, tokenSimilarity } from '../names/compare';
import { CodePointIndex } from '../text/codePoints';
import { foldCase } from '../text/foldCase';

export interface Mention {
  /** Code points, start inclusive. */
  startOffset: number;
  /** Code points, end exclusive. */
  endOffset: number;
  /** The text as written. */
  text: string;
  /** The name or alias it matched. */
  matched: string;
  /** Case aside, the text is that name or alias. */
  exact: boolean;
  /** 1 for an exact mention; the compareNames score for a variant. */
  score: number;
  /** Why it is proposed, in words. */
  explanation: string[];
}

export interface MentionOptions {
  /** Also propose spelling variants (default true); false: names and aliases as written only. */
  includeVariants?: boolean;
}

/** What is looked for: an entity's name and aliases (an Entity fits). */
export interface MentionTarget {
  name: string;
  aliases?: readonly string[];
}

/** Mentions of `entity` in `text`, by start offset. */
export function findMentions(text: string, entity: MentionTarget, opts: MentionOptions = {}): Mention[] {
  return mentionFinder(entity, opts)(text);
}

/**
 * findMentions for one entity over many texts: the entity's names are analysed once, and
 * the analyses of the words met are kept from one text to the next.
 */
export function mentionFinder(entity: MentionTarget, opts: MentionOptions = {}): (text: string) => Mention[] {
  const names = namesOf(entity);
  const includeVariants = opts.includeVariants ?? true;
  const aliases = includeVariants ? names.map(aliasOf) : [];
  const cache = new AnalysisCache(aliases);
  return (text) => {
    const found = exactMentions(text, names, entity.name);
    if (aliases.length > 0) found.push(...variantMentions(text, aliases, cache));
    return choose(text, found);
  };
}

/** The name and the aliases, trimmed, each once (compared as NFC). */
function namesOf(entity: MentionTarget): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of [entity.name, ...(entity.aliases ?? [])]) {
    const name = raw.trim();
    const key = name.normalize('NFC');
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** A mention before overlaps are settled; `from` and `to` are UTF-16 indices. */
interface Found {
  from: number;
  to: number;
  matched: string;
  exact: boolean;
  score: number;
  explanation: () => string[];
}

// --- Exact -------------------------------------------------------------------------------------

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const APOSTROPHE = /^['’ʼ]$/u;
const ACRONYM = /^\p{Lu}{2,6}$/u;

function exactMentions(text: string, names: readonly string[], entityName: string): Found[] {
  const folded = foldCase(text);
  const out: Found[] = [];
  for (const name of names) {
    const written = name.normalize('NFC');
    const caseMatters = ACRONYM.test(written);
    const haystack = caseMatters ? text : folded;
    const needle = caseMatters ? written : foldCase(written);
    const what = name === entityName ? 'the name' : 'the alias';
    for (let u = haystack.indexOf(needle); u >= 0; u = haystack.indexOf(needle, u + 1)) {
      const to = u + needle.length;
      if (!startsWord(text, u, needle) || !endsWord(text, to, needle)) continue;
      const seen = text.slice(u, to);
      out.push({
        from: u,
        to,
        matched: name,
        exact: true,
        score: 1,
        explanation: () => [seen === name ? `'${seen}' is ${what} '${name}'` : `'${seen}' is ${what} '${name}', case aside`],
      });
    }
  }
  return out;
}

const isWordChar = (ch: string): boolean => ch !== '' && WORD_CHAR.test(ch);

/** The character (code point) ending at UTF-16 index u. */
function charBefore(text: string, u: number): string {
  if (u <= 0) return '';
  const low = text.charCodeAt(u - 1);
  if (low >= 0xdc00 && low <= 0xdfff && u >= 2) {
    const high = text.charCodeAt(u - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(u - 2, u);
  }
  return text.charAt(u - 1);
}

/** The character (code point) starting at UTF-16 index u. */
function charAt(text: string, u: number): string {
  const cp = text.codePointAt(u);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** An occurrence at u does not start inside a word ("Kata'ib" holds no word "ib"). */
function startsWord(text: string, u: number, needle: string): boolean {
  if (!isWordChar(charAt(needle, 0))) return true;
  const before = charBefore(text, u);
  if (isWordChar(before)) return false;
  return !(APOSTROPHE.test(before) && isWordChar(charBefore(text, u - before.length)));
}

/** An occurrence ending at `to` does not end inside a word; a possessive "'s" may follow. */
function endsWord(text: string, to: number, needle: string): boolean {
  if (!isWordChar(charBefore(needle, needle.length))) return true;
  const after = charAt(text, to);
  if (isWordChar(after)) return false;
  if (APOSTROPHE.test(after) && isWordChar(charAt(text, to + 1))) {
    return (text[to + 1] === 's' || text[to + 1] === 'S') && !isWordChar(charAt(text, to + 2));
  }
  return true;
}

// --- Variants ----------------------------------------------------------------------------------

/**
 * A word in the text resembles an alias when one of its words scores at least this with one of
 * the alias's (tokenSimilarity); only phrases whose first and last words resemble the alias are
 * compared with it. Why this number: a phrase proposed as the same scores s ≥ 0.85, and dropping
 * from it an end word whose best pairing scores below s/2 raises its score. So a phrase with such
 * an end word never beats the same phrase without it, and is not worth comparing. (compareNames
 * has two other readings, which AnalysisCache.resembles lets through apart: initials, and words
 * the alias writes together, "Hizb Ullah" for "Hizbullah".)
 */
const RELEVANT = SAME_THRESHOLD / 2;

/** Lower-case words allowed inside a name ("Abu Mahdi al Muhandis", "Islamic Resistance in Iraq"). */
const PARTICLES = new Set([
  'al', 'el', 'ul', 'il', 'bin', 'ben', 'ibn', 'bint', 'abu', 'abou', 'abi', 'bani', 'beni',
  'of', 'the', 'in', 'and', 'for', 'de', 'del', 'du', 'da', 'la', 'le', 'van', 'von', 'der', 'wa', 'y',
]);
/** A word beginning with one of these and a hyphen reads as a name word ("al-Ashrin", "ash-Shaabi"). */
const ARTICLE_PREFIXES = new Set(['al', 'el', 'ul', 'il', 'ash', 'as', 'ad', 'adh', 'at', 'ath', 'ar', 'az', 'an', 'bin', 'ibn', 'abu']);

/** Letters and digits, with apostrophes and hyphens between them ("Kata'ib", "al-Ashrin"). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’ʼʿʾ-][\p{L}\p{M}\p{N}]+)*/gu;
/** Where words written together meet: "SarayaThorat", "al-ThaireenAshab", "IRGCQuds" (as normalizeName splits them). */
const JOIN = /(?<=\p{Ll}{2})(?=\p{Lu})|(?<=\p{Lu}{2})(?=\p{Lu}\p{Ll})/u;
/** A cheap test before JOIN: a capital after a lower-case letter, or after two capitals. */
const MAY_JOIN = /\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;
const POSSESSIVE = /['’ʼ][sS]$/u;

type UnitKind = 'name' | 'particle';

/** A word of the text (or one of several written together), as a possible part of a name. */
interface Unit {
  from: number;
  to: number;
  text: string;
  kind: UnitKind;
  /** Nothing after it can belong to the same name (a possessive ends a name). */
  last: boolean;
}

/** The runs of name words of a text, each run a list of units. */
function runsOf(text: string): Unit[][] {
  const runs: Unit[][] = [];
  let run: Unit[] = [];
  const close = () => {
    // Particles belong inside a name, not at its end: "… Forces of" drops "of".
    while (run.length > 0 && run[run.length - 1]?.kind === 'particle') run.pop();
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (const m of text.matchAll(WORD)) {
    let word = m[0];
    const possessive = word.length > 2 && POSSESSIVE.test(word);
    if (possessive) word = word.slice(0, -2);
    const parts = MAY_JOIN.test(word) ? word.split(JOIN) : [word];
    let from = m.index;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k] as string;
      const to = from + part.length;
      const kind = kindOf(part);
      const previous = run[run.length - 1];
      if (previous && (previous.last || !onlySpaces(text, previous.to, from))) close();
      if (kind === undefined) close();
      // A particle never starts a name.
      else if (kind === 'name' || run.length > 0) run.push({ from, to, text: part, kind, last: possessive && k === parts.length - 1 });
      from = to;
    }
  }
  close();
  return runs;
}

/**
 * What may separate two words of one name: nothing (words written together) or spaces on one
 * line. A comma, a dash, a line break or any other character ends the name.
 */
function onlySpaces(text: string, from: number, to: number): boolean {
  for (let u = from; u < to; u++) {
    const c = text.charCodeAt(u);
    if (c !== 0x20 && c !== 0x09 && c !== 0xa0) return false;
  }
  return true;
}

/** A name word, a particle allowed inside a name, or (undefined) a word that ends a name. */
function kindOf(word: string): UnitKind | undefined {
  const c = word.charCodeAt(0);
  if (c >= 0x41 && c <= 0x5a) return 'name'; // A–Z, the common case, without a regex
  if (!(c >= 0x61 && c <= 0x7a) && /^[\p{Lu}\p{Lt}]/u.test(word)) return 'name';
  const lower = word.toLowerCase();
  const hyphen = lower.indexOf('-');
  if (hyphen > 0 && ARTICLE_PREFIXES.has(lower.slice(0, hyphen))) return 'name';
  if (PARTICLES.has(lower) || /^\p{N}+$/u.test(word)) return 'particle';
  return undefined;
}

interface Alias {
  text: string;
  folded: string;
  analysis: NameAnalysis;
  /** Longest phrase worth comparing with it, in content words. */
  maxTokens: number;
  /** Written in capitals ("IS", "PMU"): found as itself only in capitals, as in the exact pass. */
  acronym: boolean;
  /** Its words' canonical spellings run together ("hizbula"), for phrases that write it apart. */
  joined: string;
}

function aliasOf(text: string): Alias {
  const analysis = analyzeName(text);
  // "PMU" can stand for a phrase of as many words as it has letters.
  const maxTokens = Math.max(analysis.tokens.length + 1, analysis.acronym?.length ?? 0);
  const joined = analysis.tokens.map((t) => t.canon).join('');
  return { text, folded: foldCase(text.normalize('NFC')), analysis, maxTokens, acronym: ACRONYM.test(text.normalize('NFC')), joined };
}

/**
 * Analyses of the words and phrases met in texts, and how well each word resembles each alias.
 * tokenSimilarity depends only on the two words' canonical spellings, so a word's best score
 * against each alias is worked out once per spelling, however often and wherever it occurs.
 */
class AnalysisCache {
  private readonly analyses = new Map<string, NameAnalysis>();
  private readonly bestByCanon = new Map<string, Float64Array>();

  constructor(private readonly aliases: readonly Alias[]) {}

  analysis(text: string): NameAnalysis {
    let a = this.analyses.get(text);
    if (!a) {
      if (this.analyses.size > CACHE_LIMIT) this.analyses.clear();
      a = analyzeName(text);
      this.analyses.set(text, a);
    }
    return a;
  }

  /** For each alias, the best tokenSimilarity of this word with one of the alias's words. */
  best(token: NameToken): Float64Array {
    let best = this.bestByCanon.get(token.canon);
    if (!best) {
      if (this.bestByCanon.size > CACHE_LIMIT) this.bestByCanon.clear();
      best = new Float64Array(this.aliases.length);
      // Aliases share most of their words ("Popular Mobilization Forces", "… Units"): each once.
      const byCanon = new Map<string, number>();
      for (let k = 0; k < this.aliases.length; k++) {
        for (const t of (this.aliases[k] as Alias).analysis.tokens) {
          let score = byCanon.get(t.canon);
          if (score === undefined) {
            score = tokenSimilarity(token, t).score;
            byCanon.set(t.canon, score);
          }
          if (score > (best[k] as number)) best[k] = score;
        }
      }
      this.bestByCanon.set(token.canon, best);
    }
    return best;
  }

  /** Whether a word of the text resembles alias k enough to end a phrase compared with it. */
  resembles(word: string, k: number): boolean {
    const analysis = this.analysis(word);
    const { analysis: alias, joined } = this.aliases[k] as Alias;
    // Acronyms: "PMU" in the text for "Popular Mobilization Units", or the other way round.
    if (analysis.acronym !== undefined && alias.tokens.length >= 2 && analysis.acronym === alias.initials) return true;
    if (alias.acronym !== undefined && analysis.tokens.some((t) => alias.acronym?.includes(t.lower.charAt(0)))) return true;
    // A piece of a name the alias writes as one word: "Ullah" of "Hizb Ullah" for "Hizbullah".
    if (analysis.tokens.some((t) => t.canon.length >= 3 && joined.includes(t.canon))) return true;
    return analysis.tokens.some((t) => (this.best(t)[k] as number) >= RELEVANT);
  }

  /**
   * Whether comparing a phrase with alias k in full can give a proposal, by bounds that cost
   * next to nothing: the paired words' scores cannot add up to more than each phrase word's
   * best; the "written together" reading needs consonant skeletons of nearly the same length.
   */
  worthComparing(phrase: NameAnalysis, k: number): boolean {
    const alias = (this.aliases[k] as Alias).analysis;
    if (phrase.acronym !== undefined || alias.acronym !== undefined) return true;
    const n = phrase.tokens.length;
    const m = alias.tokens.length;
    let sum = 0;
    for (const t of phrase.tokens) sum += this.best(t)[k] as number;
    if ((2 * Math.min(sum, m)) / (n + m) >= SAME_THRESHOLD - 0.001) return true;
    if (n === m) return false;
    // alignNames's joined reading scores ≤ 0.9 × (1 − 0.6 × skeleton edit distance / length):
    // a proposal needs the distance within 22 % of the length, and it is at least the length gap.
    const la = phrase.tokens.reduce((s, t) => s + t.skel.length, 0);
    const lb = alias.tokens.reduce((s, t) => s + t.skel.length, 0);
    return Math.abs(la - lb) <= 0.23 * Math.max(la, lb);
  }
}

const CACHE_LIMIT = 50_000;
/** Acronyms of one or two letters are initials of too many phrases ("IS": "Iraq and Syria"). */
const ACRONYM_MIN = 3;

function variantMentions(text: string, aliases: readonly Alias[], cache: AnalysisCache): Found[] {
  const out: Found[] = [];
  const longest = Math.max(...aliases.map((a) => a.maxTokens));
  const ks = aliases.map((_, k) => k);
  for (const run of runsOf(text)) {
    for (let i = 0; i < run.length; i++) {
      const first = run[i] as Unit;
      if (first.kind !== 'name') continue;
      const candidates = ks.filter((k) => cache.resembles(first.text, k));
      if (candidates.length === 0) continue;
      let tokens = 0;
      for (let j = i; j < run.length; j++) {
        const last = run[j] as Unit;
        if (last.kind === 'particle') continue;
        tokens += Math.max(1, cache.analysis(last.text).tokens.length);
        if (tokens > longest) break;
        const phrase = text.slice(first.from, last.to);
        let best: { alias: Alias; score: number; alignment: ReturnType<typeof alignNames> } | undefined;
        for (const k of candidates) {
          const alias = aliases[k] as Alias;
          if (tokens > alias.maxTokens || !cache.resembles(last.text, k)) continue;
          const analysis = cache.analysis(phrase);
          if (!cache.worthComparing(analysis, k)) continue;
          const alignment = alignNames(analysis, alias.analysis);
          // Read as initials: only of three letters or more. Not so read: an acronym alias
          // stands only for itself in capitals ("Is" at a sentence start is not "IS").
          if (alignment.acronym ? (alignment.acronym.short.acronym?.length ?? 0) < ACRONYM_MIN : alias.acronym && analysis.acronym === undefined) continue;
          const score = Math.round(alignment.score * 1000) / 1000;
          if (score >= SAME_THRESHOLD && (!best || score > best.score)) best = { alias, score, alignment };
        }
        if (!best || derived(phrase, best.alias)) continue;
        const { alias, score, alignment } = best;
        out.push({
          from: first.from,
          to: last.to,
          matched: alias.text,
          exact: foldCase(phrase) === alias.folded,
          score,
          // Explanations are words to build; only the mentions kept need them.
          explanation: () => explain(cache.analysis(phrase), alias.analysis, alignment, score),
        });
      }
    }
  }
  return out;
}

/**
 * "Iranian" for "Iran", "Iraqi" for "Iraq", "Syrians" for "Syria": the alias with an English or
 * Arabic (nisba "-i") ending is another word, a people or an adjective, or another person
 * ("al-Maliki", "Malik"). compareNames finds them alike (the skeleton drops the vowels and a
 * doubled consonant), so they are set aside here.
 */
function derived(phrase: string, alias: Alias): boolean {
  const folded = foldCase(phrase);
  return folded.startsWith(alias.folded) && DERIVED_ENDING.test(folded.slice(alias.folded.length));
}

const DERIVED_ENDING = /^(?:n|ns|an|ans|ian|ians|i|is|ite|ites|s|es)$/u;

// --- Overlaps ----------------------------------------------------------------------------------

/** Keeps the best of overlapping mentions, by start. */
function choose(text: string, found: Found[]): Mention[] {
  if (found.length === 0) return [];
  const index = new CodePointIndex(text);
  const withOffsets = found.map((f) => ({ f, start: index.toCodePoint(f.from), end: index.toCodePoint(f.to) }));
  // Stable sort: between equals, the exact pass (found first) wins.
  withOffsets.sort((x, y) => Number(y.f.exact) - Number(x.f.exact) || y.end - y.start - (x.end - x.start) || y.f.score - x.f.score || x.start - y.start);
  const kept: typeof withOffsets = [];
  for (const m of withOffsets) {
    if (kept.some((k) => k.start < m.end && m.start < k.end)) continue;
    kept.push(m);
  }
  return kept
    .sort((x, y) => x.start - y.start)
    .map(({ f, start, end }) => ({
      startOffset: start,
      endOffset: end,
      text: text.slice(f.from, f.to),
      matched: f.matched,
      exact: f.exact,
      score: f.score,
      explanation: f.explanation(),
    }));
}
