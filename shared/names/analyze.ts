import { surfaceWords } from './normalize';
import { canonicalize, skeleton, vowels } from './transliterate';

/** One content word of a name, with its transliteration forms. */
export interface NameToken {
  /** As written (diacritics removed): "Thawrat". */
  surface: string;
  /** Lower case: "thawrat". */
  lower: string;
  /** Canonical spelling: "thura". */
  canon: string;
  /** Consonant skeleton: "Tr". */
  skel: string;
  /** Vowels of the canonical spelling: "ua". */
  vowels: string;
  /** Transliteration rules that changed it. */
  rules: string[];
}

export interface NameAnalysis {
  original: string;
  tokens: NameToken[];
  /** Articles and particles set aside ("al", "el", "ash-"). */
  articles: string[];
  /** Stop words set aside ("of", "the", "in"). */
  stopWords: string[];
  /** Words written together that were split: "SarayaThorat" → "Saraya Thorat". */
  splits: Array<{ from: string; into: string }>;
  /** Written as an acronym ("PMU", "PMUs", "IRGC"): its letters, lower case. */
  acronym?: string;
  /** First letters of the content words, for matching acronyms ("pmu"). */
  initials: string;
}

const ARTICLES = new Set(['al', 'el', 'ul', 'il', 'l']);
/** Sun-letter assimilations of "al-": "ash-Shaabi", "ad-Din", "ar-Rahman". */
const ASSIMILATED = new Set(['ash', 'as', 'ad', 'adh', 'at', 'ath', 'ar', 'az', 'an', 'ad', 'es', 'esh', 'ed', 'et', 'er', 'ez', 'en']);
const STOP_WORDS = new Set(['of', 'the', 'in', 'and', 'for', 'de', 'du', 'des', 'la', 'le', 'les', 'wa', 'w', 'et', 'und', 'der', 'die']);
const ABD = /^(?:abdul|abdel|abdal|abdoul|abdol)(.*)$/;

/** Splits a name into content words and their canonical spellings and skeletons. */
export function analyzeName(name: string): NameAnalysis {
  const analysis: NameAnalysis = { original: name, tokens: [], articles: [], stopWords: [], splits: [], initials: '' };
  const whole = name.trim();
  if (/^\p{Lu}{2,6}s?$/u.test(whole) && !/^\p{Lu}\p{Ll}/u.test(whole)) analysis.acronym = whole.replace(/s$/, '').toLowerCase();

  // CamelCase joins, for the explanation: "SarayaThorat" → "Saraya Thorat".
  for (const raw of /\p{Ll}\p{Lu}|\p{Lu}{2}\p{Ll}/u.test(whole) ? whole.split(/[^\p{L}\p{M}\p{N}'’ʿʾ]+/u) : []) {
    const parts = surfaceWords(raw);
    if (parts.length > 1) analysis.splits.push({ from: raw, into: parts.join(' ') });
  }

  const words = surfaceWords(whole);
  const pieces: string[] = [];
  words.forEach((word, w) => {
    const parts = word.split('-').filter((p) => p.length > 0);
    parts.forEach((part, k) => {
      const lower = part.toLowerCase();
      const hasNext = k < parts.length - 1 || w < words.length - 1;
      const next = (parts[k + 1] ?? words[w + 1]?.split('-')[0] ?? '').toLowerCase();
      const hyphenated = k < parts.length - 1;
      if (hasNext && ARTICLES.has(lower)) return void analysis.articles.push(part);
      // "ash-Shaabi", "ad Din": an assimilated article before the letter it doubles.
      if (hasNext && ASSIMILATED.has(lower) && (hyphenated || next.startsWith(lower.slice(1)))) return void analysis.articles.push(part);
      pieces.push(part);
    });
  });

  const content = pieces.filter((p) => !STOP_WORDS.has(p.toLowerCase()));
  const kept = content.length > 0 ? content : pieces;
  analysis.stopWords = pieces.filter((p) => !kept.includes(p));
  for (const part of kept) {
    const lower = part.toLowerCase();
    // "Abdul Mahdi", "Abd al-Mahdi", "Abdel Mahdi", "Abdulmahdi": the same "Abd (al-)".
    const abd = ABD.exec(lower);
    const rest = abd?.[1] ?? '';
    if (abd && !/^l?lah?$/.test(rest)) {
      const abdPart = lower.slice(0, lower.length - rest.length);
      const t = token(part.slice(0, part.length - rest.length), 'abd');
      if (abdPart !== 'abd') Object.assign(t, { lower: abdPart, rules: [`${abdPart}→abd (al-)`] });
      analysis.tokens.push(t);
      if (rest.length > 0) analysis.tokens.push(token(part.slice(part.length - rest.length), rest));
      continue;
    }
    analysis.tokens.push(token(part, lower));
  }
  analysis.initials = kept.map((p) => p[0]?.toLowerCase() ?? '').join('');
  return analysis;
}

function token(surface: string, lower: string): NameToken {
  const { canon, rules } = canonicalize(lower);
  return { surface, lower, canon, skel: skeleton(canon), vowels: vowels(canon), rules };
}

/** A key for indexing: the consonant skeletons of the content words ("Hachd al-Chaabi" → "hST Sb"). */
export function keyOf(analysis: NameAnalysis): string {
  return analysis.tokens.map((t) => t.skel || t.canon).join(' ');
}
