import { AUXILIARIES, GROUP_WORDS, PERSON_NOUNS, PHRASE_BREAKS, SINGULAR_OBJECTS, SINGULAR_SUBJECTS } from './lexicon';
import type { OutcomeMention } from './outcomes';
import { joinTokens, lowerAt, type Token } from './tokens';
import type { VictimGroup } from './types';

/** What an outcome word with no number says about the count. */
export interface Implied {
  /** 1 or the number of people named ("killed him and Muhandis" → 2); null when nothing says. */
  count: number | null;
  reading: string;
  groups: Array<{ group: VictimGroup; word: string }>;
  /** Token range of the words read, for the evidence. */
  start: number;
  end: number;
}

const SINGULAR_AUX = new Set(['was', 'is', 'has']);
const PLURAL_AUX = new Set(['were', 'are', 'have']);
const NAME_PARTICLES = new Set(['al', 'el', 'bin', 'ibn', 'abu', 'abd', 'de', 'van', 'von']);

/**
 * The count an outcome word implies without a number: "claimed the life of …", "that death",
 * "he was killed", "the Iranian general killed in …", "killed him and Muhandis" (one each);
 * otherwise none ("the dead", "Injured people", "any injuries").
 */
export function impliedCount(tokens: readonly Token[], m: OutcomeMention, outcomeAt: ReadonlyMap<number, OutcomeMention>): Implied {
  // "killed him and Muhandis"; for nouns, "claimed the life of Quds Commander Qassem Soleimani".
  const objectAt = m.word.noun ? (lowerAt(tokens, m.end) === 'of' ? m.end + 1 : -1) : m.end;
  const named = m.word.active && objectAt >= 0 ? namedObjects(tokens, objectAt, outcomeAt) : null;
  if (named) return { ...named, start: m.start };
  if (m.word.singular) {
    return { count: 1, reading: `'${m.text}' is singular: one person`, groups: [], start: m.start, end: m.end };
  }
  if (m.word.passive) {
    const subject = singularSubject(tokens, m.start);
    if (subject) return { ...subject, end: m.end };
  }
  const any = lowerAt(tokens, m.start - 1) === 'any';
  const reading = any
    ? `'any ${m.text}' asks whether there were any: no count, and not a report that there were`
    : `'${m.text}' names the outcome but gives no count`;
  return { count: null, reading, groups: nearbyGroups(tokens, m), start: m.start, end: m.end };
}

/** "killed him and Muhandis", "killed Iranian general Qassem Soleimani": people named one by one. */
function namedObjects(tokens: readonly Token[], from: number, outcomeAt: ReadonlyMap<number, OutcomeMention>): Omit<Implied, 'start'> | null {
  let k = from;
  let end = from;
  let count = 0;
  const said: string[] = [];
  const groups: Implied['groups'] = [];
  for (;;) {
    const start = k;
    while (k < tokens.length) {
      const t = tokens[k];
      if (!t || t.kind !== 'word' || outcomeAt.has(k) || AUXILIARIES.has(t.lower) || (PHRASE_BREAKS.has(t.lower) && !NAME_PARTICLES.has(t.lower))) break;
      k++;
    }
    const words = tokens.slice(start, k);
    if (words.length === 0) break;
    const persons = words.map((t) => PERSON_NOUNS.get(t.lower)).filter((p) => p !== undefined);
    const pronoun = words.length === 1 && SINGULAR_OBJECTS.has(words[0]?.lower ?? '');
    const singularNoun = persons.length > 0 && persons.every((p) => p.number === 'singular');
    const name = words.every((t) => t.capital || NAME_PARTICLES.has(t.lower) || /^\p{Ll}+-\p{Lu}/u.test(t.text));
    if (!pronoun && !singularNoun && !name) break;
    count++;
    end = k;
    said.push(words.map((t) => t.text).join(' '));
    for (const t of words) {
      const g = GROUP_WORDS.get(t.lower);
      if (g) groups.push({ group: g, word: t.text });
    }
    if (lowerAt(tokens, k) !== 'and') break;
    k++;
  }
  if (count === 0) return null;
  const list = said.map((s) => `'${s}'`).join(' and ');
  const reading = count === 1 ? `no number; ${list} is one person → 1` : `no number; ${count} people named one by one (${list}) → ${count}`;
  return { count, reading, groups, end };
}

/** "he was killed", "who was killed", "the Iranian general killed in a US strike". */
function singularSubject(tokens: readonly Token[], start: number): Omit<Implied, 'end'> | null {
  let p = start - 1;
  let singular = false;
  for (let steps = 0; steps < 5 && AUXILIARIES.has(lowerAt(tokens, p)); steps++, p--) {
    const w = lowerAt(tokens, p);
    if (SINGULAR_AUX.has(w)) singular = true;
    if (PLURAL_AUX.has(w)) return null;
  }
  const t = tokens[p];
  if (!t) return null;
  const person = PERSON_NOUNS.get(t.lower);
  if (SINGULAR_SUBJECTS.has(t.lower) || person?.number === 'singular' || (singular && t.kind === 'word' && !person)) {
    const groups: Implied['groups'] = [];
    const g = GROUP_WORDS.get(t.lower);
    if (g) groups.push({ group: g, word: t.text });
    const why = person ? `'${t.text}' is singular` : `'${joinTokens(tokens, p, start + 1)}' speaks of one person`;
    return { count: 1, reading: `no number; ${why} → 1`, groups, start: p };
  }
  return null;
}

/** Group words near an outcome with no count ("Injured people, apparently civilians, …"), within its sentence. */
function nearbyGroups(tokens: readonly Token[], m: OutcomeMention): Implied['groups'] {
  const groups: Implied['groups'] = [];
  const scan = (k: number) => {
    const g = GROUP_WORDS.get(lowerAt(tokens, k));
    const t = tokens[k];
    if (g && t) groups.push({ group: g, word: t.text });
  };
  for (let k = m.start - 1; k >= Math.max(0, m.start - 6) && !isSentenceEnd(tokens[k]); k--) scan(k);
  for (let k = m.end; k < Math.min(tokens.length, m.end + 6) && !isSentenceEnd(tokens[k]); k++) scan(k);
  return groups;
}

function isSentenceEnd(t: Token | undefined): boolean {
  return t === undefined || t.lower === '.' || t.lower === ';' || t.lower === '!' || t.lower === '?';
}
