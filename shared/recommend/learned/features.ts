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
  for (const ch of word) {
    const c = /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    if (!out.endsWith(c)) out += c;
  }
  return out;
}

/** Names to look for, per label, each as its lowercased tokens. */
export type Gazetteer = ReadonlyMap<string, ReadonlyArray<readonly string[]>>;

/**
 * For each token, "label:B" or "label:I" for every gazetteer name it starts or continues
 * (longest names first, no overlap within a label).
 */
export function gazetteerMarks(tokens: readonly Token[], gazetteer: Gazetteer): string[][] {
  const marks: string[][] = tokens.map(() => []);
  const lower = tokens.map((t) => t.text.toLowerCase());
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
      marks[i]!.push(`${label}:B`);
      for (let k = 1; k < hit.length; k++) marks[i + k]!.push(`${label}:I`);
      i += hit.length - 1;
    }
  }
  return marks;
}

function isNumber(lower: string): boolean {
  return /\p{N}/u.test(lower) || isNumberWord(lower);
}

/** The features of every token, in order. */
export function tokenFeatures(tokens: readonly Token[], gazetteer: Gazetteer): string[][] {
  const lower = tokens.map((t) => t.text.toLowerCase());
  const shapes = tokens.map((t) => shape(t.text));
  const gaz = gazetteerMarks(tokens, gazetteer);
  const word = (i: number) => (i < 0 ? '<s>' : i >= tokens.length ? '</s>' : lower[i]!);
  const sameSentence = (i: number, j: number) => j >= 0 && j < tokens.length && tokens[j]!.sentence === tokens[i]!.sentence;

  // The nearest cue to the left and to the right in the sentence (claims and denials are the clause a cue governs).
  const cueLeft: Array<string | null> = [];
  let last: string | null = null;
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && tokens[i]!.sentence !== tokens[i - 1]!.sentence) last = null;
    cueLeft.push(last);
    if (CLAIM_CUES.has(lower[i]!)) last = `c:${lower[i]}`;
    else if (DENIAL_CUES.has(lower[i]!)) last = `d:${lower[i]}`;
  }
  const cueRight: Array<string | null> = new Array(tokens.length).fill(null);
  last = null;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (i < tokens.length - 1 && tokens[i]!.sentence !== tokens[i + 1]!.sentence) last = null;
    cueRight[i] = last;
    if (CLAIM_CUES.has(lower[i]!)) last = `c:${lower[i]}`;
    else if (DENIAL_CUES.has(lower[i]!)) last = `d:${lower[i]}`;
  }

  return tokens.map((t, i) => {
    const w = lower[i]!;
    const f = [
      'bias', `w=${w}`, `s=${shapes[i]}`, `p3=${w.slice(0, 3)}`, `x2=${w.slice(-2)}`, `x3=${w.slice(-3)}`,
      `w-1=${word(i - 1)}`, `w+1=${word(i + 1)}`, `w-2=${word(i - 2)}`, `w+2=${word(i + 2)}`,
      `w-1w=${word(i - 1)}|${w}`, `ww+1=${w}|${word(i + 1)}`,
      `s-1=${i > 0 ? shapes[i - 1] : '<s>'}`, `s+1=${i + 1 < tokens.length ? shapes[i + 1] : '</s>'}`,
    ];
    if (!sameSentence(i, i - 1)) f.push('first');
    if (!sameSentence(i, i + 1)) f.push('last');
    if (/^\p{Lu}/u.test(t.text)) f.push('cap', `cap-1=${i > 0 && /^\p{Lu}/u.test(tokens[i - 1]!.text)}`);
    if (isNumber(w)) f.push('num');
    if (OUTCOMES.has(w)) f.push('outcome');
    for (let k = 1; k <= 4; k++) {
      if (i + k < tokens.length && OUTCOMES.has(lower[i + k]!)) f.push(`outcome+${k}`);
      if (i - k >= 0 && OUTCOMES.has(lower[i - k]!)) f.push(`outcome-${k}`);
      if (i + k < tokens.length && isNumber(lower[i + k]!)) f.push(`num+${k}`);
      if (i - k >= 0 && isNumber(lower[i - k]!)) f.push(`num-${k}`);
    }
    if (PEOPLE.has(w)) f.push('people');
    if (VAGUE.has(w)) f.push('vague');
    // A count and an outcome near each other: the core of a casualty figure.
    const count = (j: number) => j >= 0 && j < tokens.length && (isNumber(lower[j]!) || VAGUE.has(lower[j]!));
    const outcome = (j: number) => j >= 0 && j < tokens.length && OUTCOMES.has(lower[j]!);
    let countNear = false, outcomeNear = false;
    for (let k = -5; k <= 5; k++) {
      if (sameSentence(i, i + k) && count(i + k)) countNear = true;
      if (sameSentence(i, i + k) && outcome(i + k)) outcomeNear = true;
    }
    if (countNear && outcomeNear) f.push('count&outcome');
    if (countNear && outcomeNear && (count(i) || outcome(i) || PEOPLE.has(w))) f.push('count&outcome&core');
    if (CLAIM_CUES.has(w)) f.push('claim-cue');
    if (DENIAL_CUES.has(w)) f.push('denial-cue');
    if (cueLeft[i]) f.push(`cue<${cueLeft[i]}`, `cue<${cueLeft[i]!.slice(0, 1)}`);
    if (cueRight[i]) f.push(`cue>${cueRight[i]}`, `cue>${cueRight[i]!.slice(0, 1)}`);
    for (const g of gaz[i]!) f.push(`gaz=${g}`);
    return f;
  });
}
