import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { predict, tokenize, trainOn, type TrainingDocument } from './index';

/** A document from sentences; spans given as [label, words] found in the text in order. */
function doc(id: string, text: string, spans: Array<[string, string]>): TrainingDocument {
  let from = 0;
  const cp = (s: string) => [...s].length;
  return {
    id,
    text,
    spans: spans.map(([label, exact]) => {
      const at = text.indexOf(exact, from);
      if (at < 0) throw new Error(`${exact} not in ${id}`);
      from = at;
      return { label, startOffset: cp(text.slice(0, at)), endOffset: cp(text.slice(0, at)) + cp(exact) };
    }),
  };
}

const LABELS = ['actor', 'casualty-figure'];
const GROUPS = ['Kataib Hezbollah', 'Harakat al-Nujaba', 'Saraya Awliya al-Dam', 'Asaib Ahl al-Haq', 'the Islamic Resistance in Iraq', 'Kataib Sayyid al-Shuhada'];
const NUMBERS = ['Two', 'Three', 'Five', 'Seven', 'Eight', 'Twelve'];
const training = GROUPS.map((g, i) =>
  doc(
    `d${i}`,
    `${g} claimed the attack on Monday. ${NUMBERS[i]} soldiers were killed near the base.\nOfficials said the convoy was hit by ${g}.`,
    [['actor', g], ['casualty-figure', `${NUMBERS[i]} soldiers were killed`], ['actor', 'Officials'], ['actor', g]],
  ),
);

describe('the learned tagger', () => {
  it('gives tokens in code points, and sentences', () => {
    const tokens = tokenize('👍 قال Kataib. Then 3 died');
    expect(tokens.map((t) => [t.text, t.startOffset, t.endOffset, t.sentence])).toEqual([
      ['👍', 0, 1, 0], ['قال', 2, 5, 0], ['Kataib', 6, 12, 0], ['.', 12, 13, 0], ['Then', 14, 18, 1], ['3', 19, 20, 1], ['died', 21, 25, 1],
    ]);
  });

  it('learns actors and casualty figures from sentences it has seen the like of', () => {
    const model = trainOn(training, LABELS, { epochs: 10 });
    const text = 'Kataib Hezbollah claimed the attack on Friday. Four soldiers were killed near the airport.';
    const { proposals } = predict(model, text);
    const got = proposals.map((p) => [p.label, [...text].slice(p.startOffset, p.endOffset).join('')]);
    expect(got).toContainEqual(['actor', 'Kataib Hezbollah']);
    expect(got).toContainEqual(['casualty-figure', 'Four soldiers were killed']);
    for (const p of proposals) {
      expect(p.score).toBeGreaterThanOrEqual(0);
      expect(p.score).toBeLessThanOrEqual(1);
    }
  });

  it('is a JSON value: the model read back from its file proposes the same', () => {
    const model = trainOn(training, LABELS, { epochs: 5 });
    const again = JSON.parse(JSON.stringify(model)) as typeof model;
    const text = readFileSync(path.join(__dirname, '../../../annotations/documents/000_121e11c80b4a277e/text.txt'), 'utf8');
    expect(predict(again, text)).toEqual(predict(model, text));
  });

  it('trains the same model from the same documents', () => {
    expect(trainOn(training, LABELS, { epochs: 3 })).toEqual(trainOn(training, LABELS, { epochs: 3 }));
  });

  it('says it is less sure of a text unlike what it learned from', () => {
    const model = trainOn(training, LABELS, { epochs: 10 });
    const like = predict(model, 'Harakat al-Nujaba claimed the attack on Sunday. Three soldiers were killed near the base.').uncertainty;
    const unlike = predict(model, 'The weather in the northern hills stayed mild, and markets opened late after the holiday, traders noted.').uncertainty;
    expect(like).toBeLessThan(unlike);
    expect(unlike).toBeLessThanOrEqual(1);
  });

  it('learns from an unfinished layer only where the annotator decided, and only that label', () => {
    const partial: TrainingDocument = {
      ...doc('p', 'Nobody was hurt. Kataib Hezbollah claimed it.\nTen people died.', [['actor', 'Kataib Hezbollah']]),
    };
    const decided = { ...partial, partial: [partial.spans[0]!] };
    const model = trainOn([decided], LABELS, { epochs: 1 });
    // The actor span taught; the sentence "Ten people died." (not annotated yet) not taught as "no casualty figure".
    expect(model.trainedOn.spans).toBe(1);
    const c = model.labels.indexOf('casualty-figure');
    const casualty = model.features.flatMap((_, f) => model.weights.slice((f * 2 + c) * 3, (f * 2 + c) * 3 + 3));
    expect(casualty.length).toBeGreaterThan(0);
    expect(casualty.every((w) => w === 0)).toBe(true);
    const actor = model.features.flatMap((_, f) => model.weights.slice((f * 2 + model.labels.indexOf('actor')) * 3, (f * 2 + model.labels.indexOf('actor')) * 3 + 3));
    expect(actor.some((w) => w !== 0)).toBe(true);
  });

  it('reports its progress, every pass of every label', () => {
    const seen: Array<[number, number]> = [];
    trainOn(training.slice(0, 2), LABELS, { epochs: 3, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([[1, 6], [2, 6], [3, 6], [4, 6], [5, 6], [6, 6]]);
  });
});
