/**
 * What the tagger sees of each token: the word and its neighbours, its shape and affixes, and
 * the lexicons the rules read by (casualty numbers and outcomes from shared/casualty; claim and
 * denial cues), plus a gazetteer of names (span texts of the training documents and, given by
 * the caller, the entity registry's names and aliases). Features are strings ("w=said"); the
 * model keeps a weight per feature and tag.
 */
import { GROUP_WORDS, OUTCOME_WORDS, PERSON_NOUNS } from '../../casualty/lexicon';
import { isNumberWord } from '../../casualty/numbers';
import type { Token } from './tokens';

/** Cue words of claims and denials (the verb, its noun, its other tenses). */
const CLAIM_CUES = new Set([
  'said', 'says', 'say', 'saying', 'claimed', 'claims', 'claim', 'claiming', 'reported', 'reports', 'report', 'according',
  'stated', 'statement', 'announced', 'accused', 'accuses', 'blamed', 'blames', 'told', 'tells', 'confirmed', 'confirms',
  'responsibility', 'alleged', 'allegedly', 'reportedly', 'purportedly', 'supposedly', 'showed', 'shows', 'added', 'warned',
]);
const DENIAL_CUES = new Set([
  'denied', 'denies', 'deny', 'denying', 'denial', 'dismissed', 'dismisses', 'rejected', 'rejects', 'refuted', 'refutes',
  'not', "didn't", "wasn't", 'no', 'never', 'false', 'baseless', 'unfounded',
]);
const OUTCOMES = new Set(OUTCOME_WORDS.flatMap((o) => o.words));
const PEOPLE = new Set([...PERSON_NOUNS.keys(), ...GROUP_WORDS.keys()]);
const VAGUE = new Set(['several', 'some', 'many', 'dozens', 'hundreds', 'scores', 'few', 'numerous', 'others', 'about', 'least', 'nearly', 'around', 'more', 'than', 'up']);

/** "Xxxx" → "Xx", "1,200" → "d,d", "al-Ashrin" → "x-Xx": letters, digits and the rest, runs squeezed. */
export function shape(word: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    let c: string;
    // ASCII without regular expressions (most tokens); the rest by Unicode category.
    if (code >= 65 && code <= 90) c = 'X';
    else if (code >= 97 && code <= 122) c = 'x';
    else if (code >= 48 && code <= 57) c = 'd';
    else if (code < 128) c = word[i]!;
    else {
      const ch = String.fromCodePoint(word.codePointAt(i)!);
      if (ch.length === 2) i++;
      c = /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    }
    if (c !== last) out += c;
    last = c;
  }
  return out;
}

/** Names to look for, per label, each as its lowercased tokens. */
export type Gazetteer = ReadonlyMap<string, ReadonlyArray<readonly string[]>>;

/**
 * For each token, "label:B" or "label:I" for every gazetteer name it starts or continues
 * (longest names first, no overlap within a label).
 */
export function gazetteerMarks(tokens: readonly Token[], gazetteer: Gazetteer, lower = tokens.map((t) => t.text.toLowerCase())): Array<string[] | undefined> {
  // Sparse: most tokens are in no name.
  const marks: Array<string[] | undefined> = new Array<string[] | undefined>(tokens.length);
  const mark = (i: number, m: string) => (marks[i] ??= []).push(m);
  for (const [label, names] of gazetteer) {
    const byFirst = new Map<string, Array<readonly string[]>>();
    for (const n of names) {
      if (!n.length) continue;
      const list = byFirst.get(n[0]!) ?? [];
      list.push(n);
      byFirst.set(n[0]!, list);
    }
    for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
    for (let i = 0; i < tokens.length; i++) {
      const list = byFirst.get(lower[i]!);
      if (!list) continue;
      const hit = list.find((n) => n.every((w, k) => lower[i + k] === w));
      if (!hit) continue;
      mark(i, `${label}:B`);
      for (let k = 1; k < hit.length; k++) mark(i + k, `${label}:I`);
      i += hit.length - 1;
    }
  }
  return marks;
}

function isNumber(lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code >= 48 && code <= 57) return true;
    if (code >= 128) return /\p{N}/u.test(lower) || isNumberWord(lower);
  }
  return isNumberWord(lower);
}

/** What every token's features are made from, worked out once per text. */
export interface FeatureContext {
  tokens: readonly Token[];
  lower: string[];
  shapes: string[];
  number: Uint8Array;
  outcome: Uint8Array;
  vague: Uint8Array;
  /** A count and an outcome word within 5 tokens either side, in the same sentence. */
  countAndOutcome: Uint8Array;
  cueLeft: Array<string | null>;
  cueRight: Array<string | null>;
  gaz: Array<string[] | undefined>;
}

export function featureContext(tokens: readonly Token[], gazetteer: Gazetteer): FeatureContext {
  const steps = featureContextInSteps(tokens, gazetteer);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** featureContext in four steps (a 1 MB text takes a second or so in all), for predictInSteps. */
export function* featureContextInSteps(tokens: readonly Token[], gazetteer: Gazetteer): Generator<void, FeatureContext, void> {
  const n = tokens.length;
  const lower = tokens.map((t) => t.text.toLowerCase());
  const shapes = tokens.map((t) => shape(t.text));
  yield;
  const number = Uint8Array.from(lower, (w) => (isNumber(w) ? 1 : 0));
  const outcome = Uint8Array.from(lower, (w) => (OUTCOMES.has(w) ? 1 : 0));
  const vague = Uint8Array.from(lower, (w) => (VAGUE.has(w) ? 1 : 0));
  const countAndOutcome = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let count = false, out = false;
    for (let j = Math.max(0, i - 5); j <= Math.min(n - 1, i + 5); j++) {
      if (tokens[j]!.sentence !== tokens[i]!.sentence) continue;
      if (number[j] || vague[j]) count = true;
      if (outcome[j]) out = true;
    }
    countAndOutcome[i] = count && out ? 1 : 0;
  }
  yield;
  // The nearest cue to the left and to the right in the sentence (claims and denials are the clause a cue governs).
  const cueOf = (w: string) => (CLAIM_CUES.has(w) ? `c:${w}` : DENIAL_CUES.has(w) ? `d:${w}` : null);
  const cueLeft: Array<string | null> = new Array<string | null>(n).fill(null);
  let last: string | null = null;
  for (let i = 0; i < n; i++) {
    if (i > 0 && tokens[i]!.sentence !== tokens[i - 1]!.sentence) last = null;
    cueLeft[i] = last;
    last = cueOf(lower[i]!) ?? last;
  }
  const cueRight: Array<string | null> = new Array<string | null>(n).fill(null);
  last = null;
  for (let i = n - 1; i >= 0; i--) {
    if (i < n - 1 && tokens[i]!.sentence !== tokens[i + 1]!.sentence) last = null;
    cueRight[i] = last;
    last = cueOf(lower[i]!) ?? last;
  }
  yield;
  return { tokens, lower, shapes, number, outcome, vague, countAndOutcome, cueLeft, cueRight, gaz: gazetteerMarks(tokens, gazetteer, lower) };
}

const wordAt = (c: FeatureContext, j: number) => (j < 0 ? '<s>' : j >= c.lower.length ? '</s>' : c.lower[j]!);
const sameSentence = (c: FeatureContext, i: number, j: number) => j >= 0 && j < c.tokens.length && c.tokens[j]!.sentence === c.tokens[i]!.sentence;
function capital(c: FeatureContext, j: number): boolean {
  const text = c.tokens[j]!.text;
  const ch = text.charCodeAt(0);
  return ch >= 65 && ch <= 90 ? true : ch < 128 ? false : /^\p{Lu}/u.test(text);
}

/** The features of token i. */
export function featuresAt(c: FeatureContext, i: number): string[] {
  const { lower, shapes } = c;
  const n = lower.length;
  const w = lower[i]!;
  const f = [
    'bias', `w=${w}`, `s=${shapes[i]}`, `p3=${w.slice(0, 3)}`, `x2=${w.slice(-2)}`, `x3=${w.slice(-3)}`,
    `w-1=${wordAt(c, i - 1)}`, `w+1=${wordAt(c, i + 1)}`, `w-2=${wordAt(c, i - 2)}`, `w+2=${wordAt(c, i + 2)}`,
    `w-1w=${wordAt(c, i - 1)}|${w}`, `ww+1=${w}|${wordAt(c, i + 1)}`,
    `s-1=${i > 0 ? shapes[i - 1] : '<s>'}`, `s+1=${i + 1 < n ? shapes[i + 1] : '</s>'}`,
    `p2=${w.slice(0, 2)}`, `x4=${w.slice(-4)}`, `w-3=${wordAt(c, i - 3)}`, `w+3=${wordAt(c, i + 3)}`,
  ];
  if (!sameSentence(c, i, i - 1)) f.push('first');
  if (!sameSentence(c, i, i + 1)) f.push('last');
  if (capital(c, i)) f.push('cap', `cap-1=${i > 0 && capital(c, i - 1)}`);
  if (c.number[i]) f.push('num');
  if (c.outcome[i]) f.push('outcome');
  for (let k = 1; k <= 4; k++) {
    if (i + k < n && c.outcome[i + k]) f.push(`outcome+${k}`);
    if (i - k >= 0 && c.outcome[i - k]) f.push(`outcome-${k}`);
    if (i + k < n && c.number[i + k]) f.push(`num+${k}`);
    if (i - k >= 0 && c.number[i - k]) f.push(`num-${k}`);
  }
  if (PEOPLE.has(w)) f.push('people');
  if (c.vague[i]) f.push('vague');
  // A count and an outcome near each other: the core of a casualty figure.
  if (c.countAndOutcome[i]) {
    f.push('count&outcome');
    if (c.number[i] || c.vague[i] || c.outcome[i] || PEOPLE.has(w)) f.push('count&outcome&core');
  }
  if (CLAIM_CUES.has(w)) f.push('claim-cue');
  if (DENIAL_CUES.has(w)) f.push('denial-cue');
  const left = c.cueLeft[i], right = c.cueRight[i];
  if (left) f.push(`cue<${left}`, `cue<${left.slice(0, 1)}`);
  if (right) f.push(`cue>${right}`, `cue>${right.slice(0, 1)}`);
  for (const g of c.gaz[i] ?? []) f.push(`gaz=${g}`);
  return f;
}

/** The features of every token, in order. */
export function tokenFeatures(tokens: readonly Token[], gazetteer: Gazetteer): string[][] {
  const c = featureContext(tokens, gazetteer);
  return tokens.map((_, i) => featuresAt(c, i));
}
