import { analyzeName, type NameAnalysis, type NameToken } from './analyze';
import { editDistance, jaroWinkler } from './similarity';
import { showSkeleton } from './transliterate';

/** At or above this score two names are proposed as the same entity. */
export const SAME_THRESHOLD = 0.85;

export interface NameComparison {
  /** 0 … 1. */
  score: number;
  /** A proposal, for the analyst to accept: score ≥ SAME_THRESHOLD. */
  same: boolean;
  /** Which spellings matched and why, in words. Never empty. */
  explanation: string[];
}

type MatchKind = 'identical' | 'canonical' | 'skeleton' | 'close' | 'different';

interface TokenMatch {
  a: NameToken;
  b: NameToken;
  score: number;
  kind: MatchKind;
}

/** How alike two words are, after transliteration. */
export function tokenSimilarity(a: NameToken, b: NameToken): { score: number; kind: MatchKind } {
  if (a.lower === b.lower) return { score: 1, kind: 'identical' };
  if (a.canon === b.canon) return { score: 1, kind: 'canonical' };
  if (a.skel === b.skel && a.skel.length >= 2) {
    // Same consonants: the vowels decide how sure ("Sayara"/"Saraya" yes; "Hamid"/"Hamad" less so).
    const longest = Math.max(a.vowels.length, b.vowels.length, 1);
    const vowelSimilarity = 1 - editDistance(a.vowels, b.vowels, 1, 0.5) / longest;
    return { score: 0.7 + 0.25 * vowelSimilarity, kind: 'skeleton' };
  }
  const jw = jaroWinkler(a.canon, b.canon);
  if (a.skel === b.skel) return { score: 0.5 + 0.3 * jw, kind: 'close' };
  const skeletonChange = editDistance(a.skel, b.skel) / Math.max(a.skel.length, b.skel.length, 1);
  const score = Math.min(0.9, jw * (1 - 0.6 * skeletonChange));
  return { score, kind: score >= 0.8 ? 'close' : 'different' };
}

interface Alignment {
  score: number;
  pairs: TokenMatch[];
  unmatchedA: NameToken[];
  unmatchedB: NameToken[];
  joined?: TokenMatch;
  acronym?: { short: NameAnalysis; long: NameAnalysis };
}

/** Scores two analysed names. Cheap enough for an index to call on each candidate. */
export function alignNames(a: NameAnalysis, b: NameAnalysis): Alignment {
  const A = a.tokens;
  const B = b.tokens;
  const none: Alignment = { score: 0, pairs: [], unmatchedA: A, unmatchedB: B };
  if (A.length === 0 || B.length === 0) return none;

  // "PMU" and "Popular Mobilization Units".
  for (const [short, long] of [[a, b], [b, a]] as const) {
    if (short.acronym && !long.acronym && long.tokens.length >= 2 && long.initials === short.acronym) {
      return { score: 0.9, pairs: [], unmatchedA: [], unmatchedB: [], acronym: { short, long } };
    }
  }

  // Each word of one name with its best counterpart in the other, best pairs first.
  const candidates: TokenMatch[] = [];
  for (const x of A) for (const y of B) candidates.push({ a: x, b: y, ...tokenSimilarity(x, y) });
  candidates.sort((p, q) => q.score - p.score);
  const usedA = new Set<NameToken>();
  const usedB = new Set<NameToken>();
  const pairs: TokenMatch[] = [];
  for (const c of candidates) {
    if (usedA.has(c.a) || usedB.has(c.b)) continue;
    usedA.add(c.a);
    usedB.add(c.b);
    pairs.push(c);
  }
  const sum = pairs.reduce((s, p) => s + p.score, 0);
  const aligned: Alignment = {
    score: (2 * sum) / (A.length + B.length),
    pairs: pairs.sort((p, q) => A.indexOf(p.a) - A.indexOf(q.a)),
    unmatchedA: A.filter((t) => !usedA.has(t)),
    unmatchedB: B.filter((t) => !usedB.has(t)),
  };

  // Written together or apart: "Abdulmahdi" / "Abdul Mahdi", "Hizbullah" / "Hizb Ullah".
  if (A.length !== B.length) {
    const ja = joinTokens(A);
    const jb = joinTokens(B);
    const whole = tokenSimilarity(ja, jb);
    const score = whole.score * 0.98;
    if (score > aligned.score && score >= 0.8) return { score, pairs: [], unmatchedA: [], unmatchedB: [], joined: { a: ja, b: jb, ...whole } };
  }
  return aligned;
}

function joinTokens(tokens: readonly NameToken[]): NameToken {
  return {
    surface: tokens.map((t) => t.surface).join(' '),
    lower: tokens.map((t) => t.lower).join(''),
    canon: tokens.map((t) => t.canon).join(''),
    skel: tokens.map((t) => t.skel).join(''),
    vowels: tokens.map((t) => t.vowels).join(''),
    rules: [...new Set(tokens.flatMap((t) => t.rules))],
  };
}

/**
 * Compares two names written in Latin script, knowing how Arabic and Persian names are
 * transliterated: "Saraya Thawrat al-Ashrin" and "Sayara Thora Al-Ashrin" are proposed as the
 * same; "Kataib Hezbollah" and "Asaib Ahl Al Haq" are not.
 */
export function compareNames(a: string, b: string): NameComparison {
  return compareAnalyses(analyzeName(a), analyzeName(b));
}

export function compareAnalyses(a: NameAnalysis, b: NameAnalysis): NameComparison {
  const alignment = alignNames(a, b);
  const score = Math.round(alignment.score * 1000) / 1000;
  return { score, same: score >= SAME_THRESHOLD, explanation: explain(a, b, alignment, score) };
}

const pct = (x: number) => x.toFixed(2);

/** The alignment in words. */
export function explain(a: NameAnalysis, b: NameAnalysis, alignment: Alignment, score: number): string[] {
  const lines: string[] = [];
  for (const s of [...a.splits, ...b.splits]) lines.push(`'${s.from}' read as words written together: '${s.into}'`);
  if (alignment.acronym) {
    const { short, long } = alignment.acronym;
    lines.push(`'${short.original.trim()}' is the initials of '${long.original.trim()}' (${long.tokens.map((t) => t.surface[0]).join('')})`);
  }
  if (alignment.joined) lines.push(`${describe(alignment.joined)} (the words written together in one, apart in the other)`);
  for (const pair of alignment.pairs) lines.push(describe(pair));
  for (const t of alignment.unmatchedA) lines.push(`'${t.surface}' has no counterpart in '${b.original.trim()}'`);
  for (const t of alignment.unmatchedB) lines.push(`'${t.surface}' has no counterpart in '${a.original.trim()}'`);
  const articles = [...a.articles, ...b.articles];
  if (articles.length > 0) lines.push(`articles set aside: ${[...new Set(articles.map((x) => `'${x}'`))].join(', ')}`);
  const stops = [...a.stopWords, ...b.stopWords];
  if (stops.length > 0) lines.push(`small words set aside: ${[...new Set(stops.map((x) => `'${x}'`))].join(', ')}`);
  if (a.tokens.length === 0 || b.tokens.length === 0) lines.push('nothing to compare: a name has no letters');
  lines.push(
    score >= SAME_THRESHOLD
      ? `score ${pct(score)} ≥ ${pct(SAME_THRESHOLD)}: proposed as the same entity`
      : `score ${pct(score)} < ${pct(SAME_THRESHOLD)}: not proposed as the same entity`,
  );
  return lines;
}

function describe(m: TokenMatch): string {
  const { a, b } = m;
  const rules = [...new Set([...a.rules, ...b.rules])];
  const ruleText = rules.length > 0 ? ` (rules: ${rules.join('; ')})` : '';
  switch (m.kind) {
    case 'identical':
      return a.surface === b.surface ? `'${a.surface}' = '${b.surface}'` : `'${a.surface}' = '${b.surface}': the same letters, case and diacritics aside`;
    case 'canonical':
      return `'${a.surface}' ~ '${b.surface}': the same spelling '${a.canon}' after transliteration${ruleText}`;
    case 'skeleton':
      return `'${a.surface}' ~ '${b.surface}': same consonant skeleton ${showSkeleton(a.skel)} after transliteration (vowels, w and y ignored${rules.length > 0 ? `; rules: ${rules.join('; ')}` : ''}); vowels ${showVowels(a.vowels)} / ${showVowels(b.vowels)}, score ${pct(m.score)}`;
    case 'close':
      return `'${a.surface}' ~ '${b.surface}': close spellings '${a.canon}' / '${b.canon}' (consonant skeletons ${showSkeleton(a.skel)} / ${showSkeleton(b.skel)}), score ${pct(m.score)}`;
    case 'different':
      return `'${a.surface}' ≠ '${b.surface}': different words (consonant skeletons ${showSkeleton(a.skel)} / ${showSkeleton(b.skel)}), score ${pct(m.score)}`;
  }
}

function showVowels(v: string): string {
  return v.length > 0 ? [...v].join('-') : '(none)';
}
