import { OUTCOME_WORDS, type OutcomeWord } from './lexicon';
import { lowerAt, type Token } from './tokens';

/** An outcome word found in the span: tokens [start, end). */
export interface OutcomeMention {
  start: number;
  end: number;
  word: OutcomeWord;
  /** As written, e.g. "were injured" is reported as "injured". */
  text: string;
}

const BY_FIRST = new Map<string, OutcomeWord[]>();
for (const w of OUTCOME_WORDS) {
  const first = w.words[0] ?? '';
  BY_FIRST.set(first, [...(BY_FIRST.get(first) ?? []), w]);
}
for (const list of BY_FIRST.values()) list.sort((a, b) => b.words.length - a.words.length);

const SENTENCING = new Set(['sentenced', 'sentence', 'sentencing', 'condemned', 'condemning', 'condemn']);
const NOT_A_DEATH = new Set(['sentence', 'sentences', 'penalty', 'threat', 'threats', 'squad', 'squads', 'row', 'warrant', 'knell', 'wish', 'certificate']);
const TAKING_LIFE = new Set(['claimed', 'claim', 'claims', 'claiming', 'took', 'take', 'takes', 'taking', 'taken', 'cost', 'costs', 'costing', 'lost', 'losing']);
const DETERMINERS = new Set(['the', 'a', 'an', 'its', 'his', 'her', 'their', 'this', 'that', 'any']);
const KILLED = new Set(['died', 'dies', 'die', 'dying', 'succumbed', 'killed', 'dead']);

/** Every outcome word of the span, longest phrase first, with the senses that are not casualties left out. */
export function findOutcomes(tokens: readonly Token[]): OutcomeMention[] {
  const found: OutcomeMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const candidates = BY_FIRST.get(lowerAt(tokens, i));
    if (!candidates) continue;
    const word = candidates.find((w) => w.words.every((x, k) => lowerAt(tokens, i + k) === x) && isCasualtySense(tokens, i, w));
    if (!word) continue;
    const end = i + word.words.length;
    found.push({ start: i, end, word, text: tokens.slice(i, end).map((t) => t.text).join(' ') });
    i = end - 1;
  }
  return found;
}

function isCasualtySense(tokens: readonly Token[], i: number, word: OutcomeWord): boolean {
  const head = word.words[0];
  const after = lowerAt(tokens, i + word.words.length);
  const before = (n: number) => Array.from({ length: n }, (_, k) => lowerAt(tokens, i - 1 - k));
  if (head === 'death' && word.words.length === 1) {
    // "sentenced him to death", "death penalty", "death threats": no one died.
    if (lowerAt(tokens, i - 1) === 'to' && before(5).some((w) => SENTENCING.has(w))) return false;
    if (NOT_A_DEATH.has(after)) return false;
  }
  if (head === 'missing' && (DETERMINERS.has(after) || after === 'out')) return false; // "missing the target"
  if (head === 'lives' || head === 'life') {
    // Only "claimed the lives of", "cost 12 lives", "12 lives were lost": not "daily life".
    if (!before(3).some((w) => TAKING_LIFE.has(w)) && !['lost', 'were', 'was'].includes(after)) return false;
  }
  if (head === 'toll' && word.words.length === 1 && !DETERMINERS.has(lowerAt(tokens, i - 1))) return false;
  if ((head === 'wounds' || head === 'injuries' || head === 'injury') && before(3).some((w) => w === 'of' || w === 'from')) {
    // "died of his wounds", "succumbed to injuries": the outcome is the death.
    if (before(5).some((w) => KILLED.has(w))) return false;
  }
  if (head === 'injuries' && lowerAt(tokens, i - 1) === 'to' && before(4).some((w) => w === 'succumbed')) return false;
  return true;
}
