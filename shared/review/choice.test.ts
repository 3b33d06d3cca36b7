import { describe, expect, it } from 'vitest';
import { choiceRule, chosenAnnotators, chosenLayers, defaultAnnotators, notComparedReason, standings, toggled, type ChoosableLayer } from './choice';
import { parseReviewChoice, serializeReviewChoice } from './choiceFile';

/** A layer with `spans` spans; finished or unreadable when asked. */
const layer = (annotator: string, spans: number, opts: { finished?: boolean; error?: boolean; relations?: number } = {}): ChoosableLayer => ({
  annotator,
  spans: Array.from({ length: spans }, (_, i) => i),
  relations: Array.from({ length: opts.relations ?? 0 }, (_, i) => i),
  ...(opts.finished ? { finished: true } : {}),
  ...(opts.error ? { error: { file: `${annotator}.json`, problems: ['broken'] } } : {}),
});

describe('who is compared on a document', () => {
  it('by default, every annotator whose layer is not empty', () => {
    const layers = [layer('layla', 72), layer('tom', 66), layer('sam', 0)];
    expect(defaultAnnotators(layers)).toEqual(['layla', 'tom']);
    expect(chosenAnnotators(layers, null)).toEqual(['layla', 'tom']);
    expect(choiceRule(layers, null)).toBe('not-empty');
  });

  it('by default, those who marked it finished when anyone did', () => {
    const layers = [layer('layla', 72, { finished: true }), layer('tom', 66), layer('sam', 12, { finished: true })];
    expect(chosenAnnotators(layers, null)).toEqual(['layla', 'sam']);
    expect(choiceRule(layers, null)).toBe('finished');
  });

  it('an empty layer never counts: not by default, not when finished, not when the curator chose it', () => {
    const layers = [layer('layla', 5), layer('tom', 3), layer('sam', 0, { finished: true })];
    // sam's finished mark on an empty layer does not make the finished rule apply.
    expect(chosenAnnotators(layers, null)).toEqual(['layla', 'tom']);
    expect(choiceRule(layers, null)).toBe('not-empty');
    expect(chosenAnnotators(layers, ['layla', 'sam', 'tom'])).toEqual(['layla', 'tom']);
    // Relations alone make a layer not empty (their spans may be orphans).
    expect(chosenAnnotators([layer('a', 0, { relations: 1 }), layer('b', 1)], null)).toEqual(['a', 'b']);
  });

  it('a layer that could not be read never counts', () => {
    expect(chosenAnnotators([layer('layla', 5), layer('tom', 3, { error: true })], null)).toEqual(['layla']);
    expect(chosenAnnotators([layer('layla', 5), layer('tom', 3, { error: true })], ['layla', 'tom'])).toEqual(['layla']);
  });

  it('the curator’s choice wins over the default, and names without a layer are ignored', () => {
    const layers = [layer('layla', 5, { finished: true }), layer('tom', 3), layer('sam', 9)];
    expect(chosenAnnotators(layers, ['tom', 'sam', 'nobody'])).toEqual(['sam', 'tom']);
    expect(choiceRule(layers, ['tom'])).toBe('curator');
    expect(chosenAnnotators(layers, [])).toEqual([]);
    expect(chosenLayers(layers, ['tom', 'layla']).map((l) => l.annotator)).toEqual(['layla', 'tom']);
  });

  it('standings say for each annotator why they are in or out', () => {
    const layers = [layer('tom', 3), layer('layla', 5, { finished: true }), layer('sam', 0), layer('zed', 2, { error: true })];
    expect(standings(layers, null)).toEqual([
      { annotator: 'layla', spans: 5, relations: 0, finished: true, excluded: null, chosen: true, byDefault: true },
      { annotator: 'sam', spans: 0, relations: 0, finished: false, excluded: 'empty', chosen: false, byDefault: false },
      { annotator: 'tom', spans: 3, relations: 0, finished: false, excluded: null, chosen: false, byDefault: false },
      { annotator: 'zed', spans: 2, relations: 0, finished: false, excluded: 'unreadable', chosen: false, byDefault: false },
    ]);
  });

  it('ticking and unticking gives a stored list, or null when it is the default again', () => {
    const layers = [layer('layla', 5), layer('tom', 3), layer('sam', 9)];
    const without = toggled(layers, null, 'sam', false);
    expect(without).toEqual(['layla', 'tom']);
    expect(toggled(layers, without, 'sam', true)).toBeNull();
    expect(toggled(layers, without, 'tom', false)).toEqual(['layla']);
    // Ticking an empty layer changes nothing that counts.
    expect(toggled([...layers, layer('amira', 0)], null, 'amira', true)).toBeNull();
  });

  it('says why a document is not compared when the choice leaves fewer than two', () => {
    const reason = (layers: ChoosableLayer[], stored: string[] | null) => notComparedReason(standings(layers, stored), choiceRule(layers, stored));
    expect(reason([layer('layla', 5), layer('tom', 0)], null)).toBe("only layla's layer counts: tom's is empty");
    expect(reason([layer('layla', 0), layer('tom', 0)], null)).toBe("no annotator's layer counts: layla's is empty, tom's is empty");
    expect(reason([layer('layla', 5, { finished: true }), layer('tom', 4)], null)).toBe("only layla's layer counts: tom has not marked it finished");
    expect(reason([layer('layla', 5), layer('tom', 4)], ['layla'])).toBe("only layla's layer counts: the curator left tom out");
    // Two or more compared, or nobody left out by the choice: no reason of the choice's own.
    expect(reason([layer('layla', 5), layer('tom', 4), layer('sam', 0)], null)).toBeNull();
    expect(reason([layer('layla', 5)], null)).toBeNull();
  });
});

describe('documents/<doc>/review.json', () => {
  it('is written with sorted annotators, once each, and read back', () => {
    const text = serializeReviewChoice('003_x', ['tom', 'layla', 'tom']);
    expect(text).toBe('{\n  "format": "standoff/review",\n  "version": 1,\n  "document": "003_x",\n  "annotators": [\n    "layla",\n    "tom"\n  ]\n}\n');
    expect(parseReviewChoice(text, 'review.json').annotators).toEqual(['layla', 'tom']);
  });

  it('refuses what it does not understand, naming the problem', () => {
    expect(() => parseReviewChoice('{"format":"standoff/review","version":2,"document":"d","annotators":[]}', 'review.json')).toThrow(/newer than this Standoff understands/);
    expect(() => parseReviewChoice('{"format":"standoff/review","version":1,"document":"d","annotators":["gold"]}', 'review.json')).toThrow(/reserved/);
    expect(() => parseReviewChoice('{"format":"standoff/review","version":1,"document":"d","annotators":[],"extra":1}', 'review.json')).toThrow(/extra/);
  });
});
