/**
 * Label Studio JSON: a file in Label Studio's own export layout (tests/interchange/fixtures/
 * labelstudio, from its converter's test data) imports with its regions, per-region choices
 * and relation; export writes the same regions back; the messages name the task's line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEST_CONTEXT, TEST_SCHEMA as GENERATED_SCHEMA, generateDocument } from '../../../tests/interchange/generate';
import { seededRandom } from '../../../tests/support/random';
import type { LabelSchema } from '../../model/labels';
import { compareSpans } from '../../model/span';
import { labelStudioConfig, labelStudioTask, parseLabelStudio, taskLines } from '.';

const FIXTURE = readFileSync(new URL('../../../tests/interchange/fixtures/labelstudio/ner-relations.json', import.meta.url), 'utf8');

const SCHEMA: LabelSchema = {
  labels: [
    { id: 'Person', name: 'Person', key: '1', color: '#E69F00', attributes: [{ id: 'sentiment', name: 'Sentiment', type: 'choice', options: [{ id: 'Positive', name: 'Positive' }, { id: 'Negative', name: 'Negative' }] }] },
    { id: 'ORG', name: 'Organisation', key: '2', color: '#56B4E9', attributes: [] },
  ],
  relations: [{ id: 'gave-to', name: 'gave to', from: ['Person'], to: ['Person'] }],
};

describe('Label Studio import', () => {
  it('reads regions, per-region choices and relations as Label Studio wrote them', () => {
    const r = parseLabelStudio(FIXTURE, { file: 'ner-relations.json', schema: SCHEMA });
    expect(r.problems).toEqual([]);
    expect(r.documents.map((d) => d.id)).toEqual(['1', '2']);
    const [a, b] = r.documents;
    expect(a?.spans.map((s) => [s.id, s.label, s.startOffset, s.endOffset, s.quote.exact, s.attributes ?? null])).toEqual([
      ['Ab3_kL9mNz', 'Person', 0, 2, 'We', null],
      ['Xq1Jv0aQ7b', 'Person', 8, 18, 'Jane Smith', { sentiment: 'Positive' }],
    ]);
    expect(a?.relations).toEqual([{ id: 'r1', type: 'gave-to', from: 'Ab3_kL9mNz', to: 'Xq1Jv0aQ7b' }]);
    expect(b?.spans.map((s) => s.quote.exact)).toEqual(['Google', 'Facebook']);
    // The skipped annotation and the prediction are said, with the task's line.
    expect(r.warnings).toEqual([
      { file: 'ner-relations.json', line: 55, message: 'task 2: 1 skipped (cancelled) annotation left out' },
      { file: 'ner-relations.json', line: 55, message: 'task 2: 1 prediction left out (predictions are not annotations)' },
    ]);
  });

  it('finds where each task begins', () => {
    expect(taskLines(FIXTURE)).toEqual([2, 55]);
    expect(taskLines('[{"a": "[,{"}, \n {"b": 1}]')).toEqual([1, 2]);
  });

  it('names the task, its line and the region in every problem, never "undefined"', () => {
    const bad = JSON.parse(FIXTURE) as Array<{ annotations: Array<{ result: Array<Record<string, unknown>> }> }>;
    (bad[1]?.annotations[0]?.result[0] as { value: { labels: string[] } }).value.labels = ['GPE'];
    (bad[0]?.annotations[0]?.result[3] as { to_id: string }).to_id = 'nope';
    const r = parseLabelStudio(JSON.stringify(bad, null, 2), { file: 'x.json', schema: SCHEMA });
    expect(r.documents).toEqual([]);
    expect(r.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '2: task 1: result[3] (relation): to_id "nope" is none of the task\'s regions',
      expect.stringMatching(/^\d+: task 2: result\[0\] \(region g00gle0001\): label "GPE" is not in the schema \(Person, ORG\)$/),
    ]);
    for (const p of r.problems) expect(p.message).not.toMatch(/undefined|\(\)/);
  });

  it('reads offsets of Label Studio before 1.4 (UTF-16 units) by the region text, and says so', () => {
    const task = { id: 5, data: { text: '💩This is an annotation.' }, annotations: [{ id: 1, result: [{ id: 'a', type: 'labels', from_name: 'label', to_name: 'text', value: { start: 13, end: 23, text: 'annotation', labels: ['ORG'] } }] }] };
    const r = parseLabelStudio(JSON.stringify([task]), { file: 'old.json', schema: SCHEMA });
    expect(r.documents[0]?.spans.map((s) => [s.startOffset, s.endOffset, s.quote.exact])).toEqual([[12, 22, 'annotation']]);
    expect(r.warnings[0]?.message).toMatch(/UTF-16 units/);
  });

  it('refuses a task with several annotators’ annotations, naming them', () => {
    const task = { id: 3, data: { text: 'x' }, annotations: [{ id: 1, completed_by: { id: 1, email: 'a@x' }, result: [] }, { id: 2, completed_by: 2, result: [] }] };
    const r = parseLabelStudio(JSON.stringify([task]), { file: 'two.json' });
    expect(r.problems[0]?.message).toMatch(/task 3: has 2 annotations \(by a@x, user 2\)/);
  });
});

describe('Label Studio export', () => {
  it('writes the regions and relation back as the source has them', () => {
    const source = JSON.parse(FIXTURE) as Array<{ annotations: Array<{ result: Array<Record<string, unknown>> }> }>;
    const r = parseLabelStudio(FIXTURE, { file: 'f.json', schema: SCHEMA });
    r.documents.forEach((doc, i) => {
      const task = labelStudioTask(doc, i + 1, { schema: SCHEMA, entities: new Map() });
      const regions = (list: Array<Record<string, unknown>>) =>
        list
          .filter((x) => x.type === 'labels')
          .map((x) => ({ id: x.id, value: x.value }))
          .sort((p, q) => String(p.id).localeCompare(String(q.id)));
      expect(regions(task.annotations[0]?.result ?? [])).toEqual(regions(source[i]?.annotations[0]?.result ?? []));
      expect(task.data.text).toBe(doc.text);
    });
    const first = labelStudioTask(r.documents[0] as never, 1, { schema: SCHEMA, entities: new Map() });
    expect(first.annotations[0]?.result.filter((x) => x.type !== 'labels')).toEqual([
      { id: 'Xq1Jv0aQ7b', from_name: 'Person.sentiment', to_name: 'text', type: 'choices', origin: 'manual', value: { start: 8, end: 18, text: 'Jane Smith', choices: ['Positive'] } },
      { from_id: 'Ab3_kL9mNz', to_id: 'Xq1Jv0aQ7b', type: 'relation', direction: 'right', labels: ['gave-to'] },
    ]);
  });

  it('writes a labelling configuration with every control its results name', () => {
    const xml = labelStudioConfig(SCHEMA);
    expect(xml).toContain('<Labels name="label" toName="text">');
    expect(xml).toContain('<Choices name="Person.sentiment" toName="text" perRegion="true" visibleWhen="region-selected" whenLabelValue="Person" choice="single">');
    expect(xml).toContain('<Relation value="gave-to"/>');
  });
});

describe('Label Studio round trip (property based)', () => {
  it('export then import gives the same spans (ids, offsets, attributes) and relations, for 300 seeded runs', () => {
    let spans = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const random = seededRandom(seed);
      const docs = Array.from({ length: 3 }, (_, i) => generateDocument(random, seed * 3 + i, { zeroWidth: true }));
      const file = JSON.stringify(docs.map((d, i) => labelStudioTask(d, i + 1, TEST_CONTEXT)), null, 1);
      const back = parseLabelStudio(file, { file: 'x.json', schema: GENERATED_SCHEMA });
      expect(back.problems, `seed ${seed}`).toEqual([]);
      back.documents.forEach((b, i) => {
        const d = docs[i]!;
        expect(b.id).toBe(d.id);
        expect(b.text).toBe(d.text);
        const norm = (list: typeof d.spans) => [...list].sort(compareSpans).map((s) => ({ ...s, attributes: s.attributes && Object.keys(s.attributes).length ? s.attributes : undefined }));
        expect(norm(b.spans), `seed ${seed} doc ${i}`).toEqual(norm(d.spans));
        const rel = (list: typeof d.relations) => list.map((r) => `${r.type} ${r.from} ${r.to}`).sort();
        expect(rel(b.relations), `seed ${seed} doc ${i}`).toEqual(rel(d.relations));
        spans += b.spans.length;
      });
    }
    expect(spans).toBeGreaterThan(2000);
  });
});
