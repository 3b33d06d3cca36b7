import {
  AUXILIARIES, GROUP_WORDS, MONTHS, NOUN_FILLERS, PERSON_NOUNS, PHRASE_BREAKS, TIME_UNITS,
} from './lexicon';
import type { OutcomeMention } from './outcomes';
import { lowerAt, type Token } from './tokens';
import type { VictimGroup } from './types';

/** What a count counts: the words after it, up to the noun. */
export interface CountedPhrase {
  /** person: people ("25 people"); outcome: the outcome itself ("several dead", "12 deaths");
   *  thing: not people ("30 rockets"); elided: no noun ("three killed" after "and", "2,500 in Iraq"). */
  kind: 'person' | 'outcome' | 'thing' | 'elided';
  /** First token after the head noun (or where the phrase stopped). */
  end: number;
  /** First token after an "of …" complement ("members of Iraq's elite Counter-Terrorism Service"). */
  tailEnd: number;
  /** The head noun as written: "soldiers", "rockets". */
  head?: string;
  number?: 'singular' | 'plural';
  /** Words that name a victim group, in order. */
  groups: Array<{ group: VictimGroup; word: string }>;
  outcome?: OutcomeMention;
}

const PARTITIVE_DETERMINERS = new Set(['the', 'its', 'their', 'his', 'her', 'these', 'those', 'our', 'whom', 'which']);
const DASHES = new Set(['-', '–', '—']);

/** Reads the phrase after a count at token `i`. */
export function readCountedPhrase(tokens: readonly Token[], i: number, outcomeAt: ReadonlyMap<number, OutcomeMention>): CountedPhrase {
  const groups: CountedPhrase['groups'] = [];
  const first = tokens[i];
  // "81mm", "5th", "11-second", "20%": a measure, not a count of people.
  if (first && first.attached) {
    const word = DASHES.has(first.lower) && tokens[i + 1]?.attached ? tokens[i + 1] : first;
    if (word && (word.kind === 'word' || word.lower === '%')) return { kind: 'thing', end: i + 1, tailEnd: i + 1, head: word.text, groups };
  }
  let k = i;
  // Partitive: "one of its fighters", "three of them", "none of the soldiers".
  if (lowerAt(tokens, k) === 'of') {
    k++;
    while (PARTITIVE_DETERMINERS.has(lowerAt(tokens, k))) k++;
  }
  let head: Token | undefined;
  let number: CountedPhrase['number'];
  for (let steps = 0; k < tokens.length && steps < 8; steps++) {
    const t = tokens[k];
    if (!t) break;
    const mention = outcomeAt.get(k);
    if (mention) {
      if (head || !(mention.word.passive || mention.word.noun)) break;
      // "several dead", "12 deaths", "5 injured soldiers" (a following person noun says who).
      let j = mention.end;
      let person: Token | undefined;
      while (PERSON_NOUNS.has(lowerAt(tokens, j)) || NOUN_FILLERS.has(lowerAt(tokens, j)) || GROUP_WORDS.has(lowerAt(tokens, j))) {
        const w = tokens[j];
        if (!w) break;
        const g = GROUP_WORDS.get(w.lower);
        if (g) groups.push({ group: g, word: w.text });
        if (PERSON_NOUNS.has(w.lower)) person = w;
        j++;
      }
      const phrase: CountedPhrase = { kind: 'outcome', end: mention.end, tailEnd: mention.end, groups, outcome: mention };
      if (person) {
        phrase.head = person.text;
        phrase.number = PERSON_NOUNS.get(person.lower)?.number ?? 'plural';
        phrase.end = phrase.tailEnd = j;
      }
      return phrase;
    }
    const person = PERSON_NOUNS.get(t.lower);
    if (person) {
      head = t;
      number = person.number;
      const g = GROUP_WORDS.get(t.lower);
      if (g) groups.push({ group: g, word: t.text });
      k++;
      continue;
    }
    if (head) break; // after the noun, only more person nouns ("civilian contractor", "force members")
    if (t.kind === 'punct' || t.kind === 'number' || PHRASE_BREAKS.has(t.lower) || AUXILIARIES.has(t.lower)) break;
    if (TIME_UNITS.has(t.lower) || (MONTHS.has(t.lower) && t.capital)) return { kind: 'thing', end: k + 1, tailEnd: k + 1, head: t.text, groups };
    const g = GROUP_WORDS.get(t.lower);
    if (g) groups.push({ group: g, word: t.text });
    if (g || NOUN_FILLERS.has(t.lower) || t.capital || t.lower.includes('-') || /'s$/.test(t.lower) || /\w{3,}(?:ing|ed)$/.test(t.lower)) {
      k++;
      continue;
    }
    return { kind: 'thing', end: k + 1, tailEnd: k + 1, head: t.text, groups };
  }
  if (!head) return { kind: 'elided', end: k, tailEnd: k, groups };
  const end = k;
  // "five members of Iraq's elite Counter-Terrorism Service": the complement names the group.
  let tailEnd = end;
  if (lowerAt(tokens, end) === 'of') {
    let j = end + 1;
    for (let steps = 0; j < tokens.length && steps < 7; steps++, j++) {
      const t = tokens[j];
      if (!t || t.kind !== 'word' || outcomeAt.has(j) || AUXILIARIES.has(t.lower) || (PHRASE_BREAKS.has(t.lower) && t.lower !== 'of')) break;
      const g = GROUP_WORDS.get(t.lower);
      if (g) groups.push({ group: g, word: t.text });
    }
    tailEnd = j;
  }
  return { kind: 'person', end, tailEnd, head: head.text, ...(number ? { number } : {}), groups };
}
