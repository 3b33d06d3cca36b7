/**
 * The casualty-figure recommender: every casualty figure of the text, read by the existing
 * reader (shared/casualty), with its count, outcome, hedge, vagueness and victims filled as the
 * label's attributes allow (casualtyAttributes). The reader reads one span; here it reads each
 * sentence as if it were one, and its evidence (the words a figure was read from: count, people,
 * outcome word and what lies between) becomes the proposed span, which is what the guidelines
 * ask a casualty-figure span to hold.
 */
import { casualtyAttributes, parseCasualtyFigures, type CasualtyFigure } from '../casualty';
import { OUTCOME_WORDS, PERSON_NOUNS } from '../casualty/lexicon';
import { CodePointIndex } from '../text/codePoints';
import { labelFor } from './labels';
import { sentenceRanges } from './sentences';
import type { Proposal, RecommendContext, Recommender } from './types';

/** How sure: a number tied to an outcome word; an outcome with an implied count ("he was killed"); nothing counted. */
const SCORE_COUNTED = 0.9;
const SCORE_IMPLIED = 0.75;
const SCORE_UNCOUNTED = 0.6;

/** Figures of one sentence with their place in it (UTF-16 indices into the sentence). */
export function figuresIn(sentence: string): Array<{ figure: CasualtyFigure; from: number; to: number }> {
  const out: Array<{ figure: CasualtyFigure; from: number; to: number }> = [];
  // A sentence with no outcome word at all is not read (most of an article): cheap first test.
  if (!OUTCOME_HINT.test(sentence)) return out;
  // Figures come in the order of their words: a second figure with the same words is looked for after the first.
  let cursor = 0;
  for (const figure of parseCasualtyFigures(sentence)) {
    if (!figure.outcome || !figure.evidence) continue;
    let from = sentence.indexOf(figure.evidence, cursor);
    if (from < 0) from = sentence.indexOf(figure.evidence);
    if (from < 0) continue;
    cursor = from + 1;
    out.push({ figure, ...widen(sentence, from, from + figure.evidence.length) });
  }
  return out;
}

/**
 * The reader's evidence made into the span the guidelines ask for: the people counted after an
 * outcome word ("Injured people"), the verb of "claimed the life of …", the "of …" complement
 * that says who the counted are ("five members of Iraq's elite Counter-Terrorism Service"),
 * and both quotation marks of a pair ("“several” members were killed").
 */
function widen(sentence: string, from: number, to: number): { from: number; to: number } {
  const lastWord = (from_: number, to_: number) => (sentence.slice(from_, to_).split(/\s+/u).at(-1) ?? '').toLowerCase();
  const people = /^\s+([\p{L}’'-]+)/u.exec(sentence.slice(to));
  if (people?.[1] && PERSON_NOUNS.has(people[1].toLowerCase()) && !PERSON_NOUNS.has(lastWord(from, to))) to += people[0].length;
  const complement = /^\s+of\s+(?:[\p{Ll}’'-]+\s+){0,3}?[\p{Lu}][\p{L}’'-]*(?:['’]s)?(?:\s+(?:[\p{Ll}]+\s+)?[\p{Lu}][\p{L}’'-]*)*/u.exec(sentence.slice(to));
  if (complement && PERSON_NOUNS.has(lastWord(from, to))) to += complement[0].length;
  const verb = /(?:claimed|took|cost|costing|claiming|taking)\s+(?:the\s+)?$/iu.exec(sentence.slice(Math.max(0, from - 16), from));
  if (verb && /^(?:the\s+)?li(?:fe|ves)\b/iu.test(sentence.slice(from))) from -= verb[0].length;
  const inside = sentence.slice(from, to);
  if (/^[^“"]*”/u.test(inside) && sentence[from - 1] === '“') from--;
  if (/“[^”]*$/u.test(inside) && sentence[to] === '”') to++;
  return { from, to };
}

/** The first words of every outcome word of the reader's lexicon, to skip sentences that have none. */
const OUTCOME_HINT = new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...new Set(OUTCOME_WORDS.map((w) => w.words[0] ?? ''))].filter(Boolean).join('|')})(?![\\p{L}\\p{N}])`, 'iu');

export function casualtyRecommender(): Recommender {
  return {
    id: 'casualty',
    name: 'Casualty figures',
    description: 'Every count of killed, injured or missing people, with its count, hedge, outcome and victims read from the words.',
    kind: 'rules',
    enabledByDefault: true,
    labels: (schema) => {
      const label = labelFor(schema, 'casualty');
      return label ? [label.id] : [];
    },
    recommend(context: RecommendContext): Proposal[] {
      const label = labelFor(context.schema, 'casualty');
      if (!label) return [];
      const { text } = context;
      const index = new CodePointIndex(text);
      const out: Proposal[] = [];
      for (const s of sentenceRanges(text)) {
        if (context.cancelled?.()) return [];
        for (const { figure, from, to } of figuresIn(text.slice(s.from, s.to))) {
          const counted = figure.minimum !== null || figure.maximum !== null;
          out.push({
            label: label.id,
            startOffset: index.toCodePoint(s.from + from),
            endOffset: index.toCodePoint(s.from + to),
            score: counted && !figure.vague ? SCORE_COUNTED : counted ? SCORE_IMPLIED : SCORE_UNCOUNTED,
            attributes: casualtyAttributes(figure, label),
            why: figure.explanation,
          });
        }
      }
      return out;
    },
  };
}
