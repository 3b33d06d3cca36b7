import { describe, expect, it } from 'vitest';
import type { AnnotatedDocument } from '../../shared/agreement';
import { randomAgreementCorpus, TEST_SCHEMA } from '../../tests/support/agreementCorpus';
import { startComputation } from './compute';

const context = { project: 'p', filters: { annotators: null, labels: null, docIds: null }, documentsInProject: 0, documentsSelected: 0, problems: [] };

describe('the agreement computation', () => {
  it('gives the same report in the worker (documents sent packed) as on the main thread (documents as objects), refused documents included', async () => {
    const documents: AnnotatedDocument[] = randomAgreementCorpus(6, { documents: 90, maxAnnotators: 4 });
    documents.splice(40, 0, {
      documentId: 'broken',
      title: 'Broken',
      length: 20,
      layers: [
        { annotator: 'ann', spans: [{ id: 'x', label: 'claim', startOffset: 9, endOffset: 3 }] },
        { annotator: 'bob', spans: [] },
      ],
    });
    const reports = [];
    for (const prefer of ['worker', 'main'] as const) {
      const computation = await startComputation(TEST_SCHEMA, { prefer });
      expect(computation.where).toBe(prefer === 'worker' ? 'worker thread' : 'main thread');
      for (let k = 0; k < documents.length; k += 25) await computation.add(documents.slice(k, k + 25));
      reports.push((await computation.finish(context)).report);
    }
    const [inWorker, onMain] = reports.map((r) => JSON.stringify({ ...r, computation: null }));
    expect(inWorker).toBe(onMain);
    expect(reports[0]!.documents.notCompared).toContainEqual({
      docId: 'broken',
      title: 'Broken',
      annotators: ['ann', 'bob'],
      reason: 'its annotations could not be compared: document "broken", annotator "ann": span "x" has offsets [9, 3); need integers with 0 ≤ start ≤ end',
    });
  });
});
