/**
 * A large text's rules run in the worker thread and give what they give on the service's own
 * thread: the same suggestions, ids and all.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleRecommenders } from '../../shared/recommend';
import { CodePointIndex } from '../../shared/text/codePoints';
import { generateArticle } from '../../tests/support/corpus';
import { StandoffService } from '../service';
import { predict, trainOn } from '../../shared/recommend/learned';
import { readSampleLayers } from '../../tests/support/sampleLayers';
import { RulesWorker, WORKER_FROM_CHARS } from './rulesWorker';
import { compareSuggestions, mergeSamePlace, suggestionsOf } from './suggest';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

describe('the rules worker', () => {
  it('makes a large text’s suggestions off the service’s thread, the same as on it', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'standoff-rules-worker-'));
    temps.push(root);
    await cp(SAMPLE, root, { recursive: true, filter: (src) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations') });
    const service = await StandoffService.open(root);
    try {
      const text = generateArticle(7, 12_000);
      expect(text.length).toBeGreaterThan(WORKER_FROM_CHARS);
      const { imported } = await service.importUploads({ files: [{ name: 'long.txt', base64: Buffer.from(text).toString('base64') }] });
      const docId = imported[0]!.docId;
      const set = await service.suggest({ docId, annotator: 'ann' });
      expect(service.recommend.rulesWorker?.answered).toBe(1);
      expect(set.problems).toEqual([]);
      expect(set.suggestions.length).toBeGreaterThan(100);
      // The same rules on this thread.
      const opened = await service.openDocument({ docId });
      const schema = (await service.getProject());
      const entities = (await service.listEntities()).entities;
      const here = [];
      for (const r of ruleRecommenders()) {
        const proposals = await r.recommend({ docId, text: opened.text, schema, entities, spans: [], relations: [] });
        here.push(...suggestionsOf(r.id, proposals, new CodePointIndex(opened.text), schema, new Map(), new Set()).suggestions);
      }
      expect(set.suggestions).toEqual(mergeSamePlace(here).sort(compareSuggestions));
    } finally {
      await service.close();
    }
  });

  it('applies the learned model there as on the service’s thread, and a new model after another training', async () => {
    const sample = readSampleLayers('layla');
    const labels = sample.schema.labels.map((l) => l.id);
    const model = trainOn(sample.documents.slice(0, 3).map((d) => ({ id: d.id, text: d.text, spans: d.spans })), labels, { epochs: 2 });
    const worker = new RulesWorker();
    try {
      for (const d of sample.documents.slice(3)) {
        const context = { docId: d.id, text: d.text, schema: sample.schema, entities: [], spans: [], relations: [] };
        const answer = await worker.run(['learned'], context, model);
        expect(answer.get('learned')).toEqual(predict(model, d.text).proposals);
      }
      expect(worker.answered).toBe(2);
      // A new model (another training) replaces the one the worker has.
      const other = trainOn(sample.documents.slice(2, 4).map((d) => ({ id: d.id, text: d.text, spans: d.spans })), labels, { epochs: 2 });
      const d = sample.documents[4]!;
      const answer = await worker.run(['learned'], { docId: d.id, text: d.text, schema: sample.schema, entities: [], spans: [], relations: [] }, other);
      expect(answer.get('learned')).toEqual(predict(other, d.text).proposals);
    } finally {
      await worker.close();
    }
  });
});
