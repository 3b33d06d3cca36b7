import { AUXILIARIES, MONTHS, PERSON_NOUNS, THINGS } from './lexicon';
import type { OutcomeMention } from './outcomes';
import { readCountedPhrase, type CountedPhrase } from './phrase';
import { readQuantity, type Quantity } from './quantity';
import { joinTokens, lowerAt, type Token } from './tokens';

/** A count found in the span, what it counts, and the outcome it was tied to (if any). */
export interface Count {
  q: Quantity;
  phrase: CountedPhrase;
  /** Set when the number is not a count of people: "counts 'rockets'", "a year". */
  notPeople?: string;
  link?: OutcomeMention;
  /** noun: "several deaths"; subject: "8 people were injured"; object: "killing 25 people";
   *  chain: shares the outcome of its neighbour ("wounded four American and two Iraq servicemen"). */
  via?: 'noun' | 'subject' | 'object' | 'chain';
  /** For chains: the direction of the neighbour's link. */
  chainOf?: 'object' | 'subject';
}

const PREPOSITIONS = new Set(['in', 'on', 'at', 'from', 'of', 'inside', 'aboard', 'near', 'among', 'during', 'outside']);
const VERB_SKIP = new Set(['the', 'a', 'total', 'of']);
const TOLL_SKIP = new Set(['the', 'to', 'at', 'of', 'rose', 'risen', 'climbed', 'increased', 'jumped', 'reached', 'stood', 'stands',
  'hit', 'is', 'was', 'now', 'has', 'had', 'reportedly', 'official', 'final', 'a', 'total', 'stand', 'rise', 'climb', 'been']);
const CONJUNCTIONS = new Set(['and', ',', 'as', 'well', 'plus', 'along', 'with']);

/** Finds every count in the span and ties each to the outcome word it belongs to. */
export function findCounts(tokens: readonly Token[], outcomes: readonly OutcomeMention[]): Count[] {
  const outcomeAt = new Map(outcomes.map((m) => [m.start, m]));
  const outcomeEndingAt = new Map(outcomes.map((m) => [m.end - 1, m]));
  const counts: Count[] = [];

  for (let i = 0; i < tokens.length; i++) {
    let q = readQuantity(tokens, i);
    const lower = lowerAt(tokens, i);
    if (!q && (lower === 'a' || lower === 'an')) {
      q = { kind: 'article', minimum: 1, maximum: 1, vague: false, start: i, end: i + 1, reading: '' };
    }
    if (!q) continue;
    const phrase = readCountedPhrase(tokens, q.end, outcomeAt);
    if (q.kind === 'article') {
      // "a US civilian contractor" counts one person; "an attack" counts nothing.
      if (phrase.number !== 'singular') continue;
      q.reading = `'${joinTokens(tokens, q.start, phrase.end)}' → 1`;
    }
    // "no casualties", "no soldiers were hurt", "no one", "none": but not "no immediate reports".
    if (q.kind === 'zero' && !(phrase.kind === 'person' || phrase.kind === 'outcome' || (phrase.kind === 'elided' && q.end - q.start + (lower === 'no' ? 0 : 1) > 1))) continue;
    const count: Count = { q, phrase };
    const why = notACount(tokens, q, phrase);
    if (why) count.notPeople = why;
    counts.push(count);
    i = q.end - 1;
  }

  for (const c of counts) {
    // A noun not known either way ("protesters") counts people if an outcome is said of it.
    const unknownNoun = c.phrase.kind === 'thing' && !THINGS.has((c.phrase.head ?? '').toLowerCase()) && c.q.bare === undefined;
    if (c.notPeople && !unknownNoun) continue;
    if (c.phrase.kind === 'outcome' && c.phrase.outcome) {
      c.link = c.phrase.outcome;
      c.via = 'noun';
      continue;
    }
    const forward = subjectOf(tokens, c.phrase.tailEnd, outcomeAt);
    const backward = forward ? undefined : objectOf(tokens, c.q.start, outcomeEndingAt);
    if (forward || backward) {
      c.link = forward ?? backward;
      c.via = forward ? 'subject' : 'object';
      if (unknownNoun) {
        delete c.notPeople;
        c.phrase.kind = 'person';
      }
    }
  }

  // Conjoined counts share an outcome: "wounded four American and two Iraq servicemen",
  // "three soldiers and two civilians were killed".
  for (let changed = true; changed; ) {
    changed = false;
    counts.forEach((c, idx) => {
      if (c.link || c.notPeople) return;
      const prev = counts[idx - 1];
      const next = counts[idx + 1];
      if (prev?.link && (prev.via === 'object' || prev.chainOf === 'object') && onlyConjunctions(tokens, prev.phrase.tailEnd, c.q.start)) {
        Object.assign(c, { link: prev.link, via: 'chain', chainOf: 'object' });
        changed = true;
      } else if (next?.link && (next.via === 'subject' || next.chainOf === 'subject') && onlyConjunctions(tokens, c.phrase.tailEnd, next.q.start)) {
        Object.assign(c, { link: next.link, via: 'chain', chainOf: 'subject' });
        changed = true;
      }
    });
  }
  return counts;
}

/** A number that is not a count of people: a year, a date, an age, or a count of things. */
function notACount(tokens: readonly Token[], q: Quantity, phrase: CountedPhrase): string | undefined {
  const said = tokens.slice(q.start, q.end).map((t) => t.text).join(' ');
  if (q.bare !== undefined) {
    const before = tokens[q.start - 1];
    const after = tokens[q.end];
    if ((before?.capital && MONTHS.has(before.lower)) || (after?.capital && MONTHS.has(after.lower))) return `'${said}' is a date`;
    if (q.bare >= 1800 && q.bare <= 2100 && phrase.kind !== 'person' && phrase.kind !== 'outcome') return `'${said}' is a year`;
    if (before?.lower === ',' && tokens[q.start - 2]?.capital && after?.lower === ',') return `'${said}' looks like an age`;
    if (before?.capital && before.kind === 'word' && phrase.kind === 'elided' && !AUXILIARIES.has(after?.lower ?? '')) {
      return `'${said}' is part of a name ('${before.text} ${said}')`;
    }
  }
  if (phrase.kind === 'thing' && /^(?:st|nd|rd|th)$/i.test(phrase.head ?? '')) return `'${said}${phrase.head ?? ''}' is an ordinal`;
  if (phrase.kind === 'thing') return `'${said}' counts '${phrase.head ?? ''}', not people`;
  return undefined;
}

/** "… were reportedly injured": the passive outcome after a counted subject. */
function subjectOf(tokens: readonly Token[], from: number, outcomeAt: ReadonlyMap<number, OutcomeMention>): OutcomeMention | undefined {
  let k = from;
  // A short complement first: "five soldiers in the convoy were killed".
  if (PREPOSITIONS.has(lowerAt(tokens, k)) && !outcomeAt.has(k)) {
    let j = k + 1;
    for (let steps = 0; steps < 6 && j < tokens.length; steps++, j++) {
      const t = tokens[j];
      if (!t || t.kind !== 'word' || outcomeAt.has(j) || AUXILIARIES.has(t.lower) || t.lower === 'and' || t.lower === 'or') break;
    }
    if (AUXILIARIES.has(lowerAt(tokens, j)) || outcomeAt.has(j)) k = j;
  }
  // An aside between commas: "13 people, including four children, were killed".
  if (lowerAt(tokens, k) === ',') {
    let j = k + 1;
    while (j < tokens.length && j - k < 10 && lowerAt(tokens, j) !== ',' && tokens[j]?.kind !== 'punct') j++;
    if (lowerAt(tokens, j) === ',' && (AUXILIARIES.has(lowerAt(tokens, j + 1)) || outcomeAt.get(j + 1)?.word.passive)) k = j + 1;
  }
  for (let steps = 0; steps < 7 && AUXILIARIES.has(lowerAt(tokens, k)) && !outcomeAt.has(k); steps++) k++;
  const m = outcomeAt.get(k);
  return m?.word.passive ? m : undefined;
}

/** "killing 25 people", "the deaths of 3", "the death toll rose to 25": the outcome before a count. */
function objectOf(tokens: readonly Token[], start: number, outcomeEndingAt: ReadonlyMap<number, OutcomeMention>): OutcomeMention | undefined {
  const skipped: string[] = [];
  let p = start - 1;
  for (let m = outcomeEndingAt.get(p); !m && p >= 0 && skipped.length < 5; m = outcomeEndingAt.get(p)) {
    const w = lowerAt(tokens, p);
    if (!TOLL_SKIP.has(w) && !VERB_SKIP.has(w)) return undefined;
    skipped.push(w);
    p--;
  }
  const m = outcomeEndingAt.get(p);
  if (!m) return undefined;
  if (m.word.toll) return skipped.every((w) => TOLL_SKIP.has(w)) ? m : undefined;
  if (!m.word.active || !skipped.every((w) => VERB_SKIP.has(w))) return undefined;
  // A noun needs its "of": "the deaths of 3 soldiers", "claimed the lives of 12".
  if (m.word.noun && !skipped.includes('of')) return undefined;
  return m;
}

function onlyConjunctions(tokens: readonly Token[], from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) if (!CONJUNCTIONS.has(lowerAt(tokens, k))) return false;
  return true;
}

/** Is the word a person noun in the singular ("general", "contractor")? */
export function isSingularPerson(word: string): boolean {
  return PERSON_NOUNS.get(word)?.number === 'singular';
}
