/**
 * Words of an article with their part of speech, from wink-nlp and its English model
 * (wink-eng-lite-web-model, shipped inside its npm package: nothing is fetched). The rule
 * recommenders share one reading of a text: the actors rule takes its named entities from runs
 * of proper nouns, the claims rule finds its cue verbs and the clause they govern.
 *
 * Why wink and not compromise (both well kept, both with their model in the package): measured
 * on the five sample articles and the 1 MB benchmark article, compromise's people() and
 * organizations() cost about 110–150 ms of CPU for 5 KB (20 s or more for 1 MB), wink's tagger
 * about 3 ms for 5 KB and 0.4 s for 1 MB; wink's lite model has no PERSON/ORG entity types, so
 * names are taken as runs of proper nouns (PROPN), which is what the actor label needs.
 * bench/recommend/rules.ts prints the figures.
 */
import winkNLP, { type ItemToken } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface Word {
  /** As written. */
  text: string;
  /** Universal POS tag: PROPN, NOUN, VERB, AUX, ADP, DET, PUNCT, NUM… */
  pos: string;
  /** UTF-16 indices into the whole text. */
  from: number;
  to: number;
}

let tagger: ReturnType<typeof winkNLP> | undefined;
let last: { text: string; words: Word[] } | undefined;

/**
 * Every token of the text with its tag and place, in order (spaces left out). The last text read
 * is kept, so the recommenders asked one after another about one document read it once.
 */
export function wordsOf(text: string): Word[] {
  if (last?.text === text) return last.words;
  tagger ??= winkNLP(model, ['sbd', 'pos']);
  const its = tagger.its;
  const words: Word[] = [];
  let at = 0;
  // wink's tokens with their preceding spaces give the text back exactly (its tokenizer is
  // lossless), so offsets are counted, not searched for.
  tagger.readDoc(text).tokens().each((t: ItemToken) => {
    at += (t.out(its.precedingSpaces) as string).length;
    const value = t.out(its.value) as string;
    // Should wink ever normalise a token, find it where it stands instead of trusting the count.
    if (!text.startsWith(value, at)) {
      const found = text.indexOf(value, at);
      if (found < 0) return;
      at = found;
    }
    const pos = t.out(its.pos) as string;
    if (pos !== 'SPACE') words.push({ text: value, pos, from: at, to: at + value.length });
    at += value.length;
  });
  last = { text, words };
  return words;
}

/** Index of the first word that ends after `from` (binary search), words.length if none. */
export function firstWordAfter(words: readonly Word[], from: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((words[mid] as Word).to <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
