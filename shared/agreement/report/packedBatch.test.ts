import { describe, expect, it } from 'vitest';
import { randomAgreementCorpus, resolveTestEntity, TEST_SCHEMA, type RandomCorpusOptions } from '../../../tests/support/agreementCorpus';
import { attributeFields } from '../measures/attributes';
import { BatchReader, packBatch, PackedDocument } from './packedBatch';
import { ProjectAgreementAccumulator, type AnnotatedDocument, type ReportContext } from './projectReport';

const context: ReportContext = { project: 'packed', filters: { annotators: null, labels: null, docIds: null }, documentsInProject: 0, documentsSelected: 0, problems: [] };
const fields = attributeFields(TEST_SCHEMA.labels);

/** Adds a document, or lists the error it is refused with (as the service does, see backend/agreement/accumulate.ts). */
function guarded(acc: ProjectAgreementAccumulator, docId: string, add: () => void): void {
  try {
    add();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    acc.skip({ docId, title: null, annotators: [], reason: e.message });
  }
}

function fromObjects(documents: AnnotatedDocument[], resolve: boolean): string {
  const acc = new ProjectAgreementAccumulator({ schema: TEST_SCHEMA, examples: 5, ...(resolve ? { resolveEntity: resolveTestEntity } : {}) });
  for (const d of documents) guarded(acc, d.documentId, () => acc.add(d));
  return JSON.stringify(acc.result(context, { elapsedMs: 0, where: 'main thread' }));
}

function fromBatches(documents: AnnotatedDocument[], resolve: boolean, size: number): string {
  // Entity ids are resolved where the batch is packed; the accumulator gets them resolved.
  const acc = new ProjectAgreementAccumulator({ schema: TEST_SCHEMA, examples: 5 });
  for (let k = 0; k < documents.length; k += size) {
    const reader = new BatchReader(structuredClone(packBatch(documents.slice(k, k + size), fields, resolve ? resolveTestEntity : undefined)));
    for (let d = 0; d < reader.size; d++) {
      const doc = reader.document(d);
      guarded(acc, doc.documentId, () => (doc instanceof PackedDocument ? acc.addPacked(doc) : acc.add(doc)));
    }
  }
  return JSON.stringify(acc.result(context, { elapsedMs: 0, where: 'main thread' }));
}

const corpora: [number, RandomCorpusOptions, boolean][] = [
  [1, { documents: 80, maxAnnotators: 2 }, false],
  [2, { documents: 120, maxAnnotators: 4, spans: 15 }, true],
  [3, { documents: 60, maxAnnotators: 5, spans: 30 }, false],
];

describe('packed batches', () => {
  it('give the very report the documents as objects give (layers and spans in any order, relations, every attribute type)', () => {
    for (const [seed, options, resolve] of corpora) {
      const documents = randomAgreementCorpus(seed, options);
      expect(fromBatches(documents, resolve, 7)).toBe(fromObjects(documents, resolve));
    }
  });

  it('send what the measures refuse, or would read differently packed, as JSON, and give the same report', () => {
    const documents = randomAgreementCorpus(4, { documents: 30, maxAnnotators: 3 }).filter((d) => d.layers.length >= 2);
    const span = (id: string, startOffset: number, endOffset: number, label = 'claim') => ({ id, label, startOffset, endOffset });
    const odd: AnnotatedDocument[] = [
      { documentId: 'bad-offsets', length: 50, layers: [{ annotator: 'ann', spans: [span('x', 5, 2)] }, { annotator: 'bob', spans: [] }] },
      { documentId: 'fraction', length: 50, layers: [{ annotator: 'ann', spans: [] }, { annotator: 'bob', spans: [span('x', 1.5, 3)] }] },
      { documentId: 'twice', length: 50, layers: [{ annotator: 'ann', spans: [] }, { annotator: 'ann', spans: [] }] },
      { documentId: 'reserved', length: 50, layers: [{ annotator: 'ann', spans: [span('x', 1, 3, '(no annotation)')] }, { annotator: 'bob', spans: [] }] },
      { documentId: 'negative-length', length: -1, layers: [{ annotator: 'ann', spans: [] }, { annotator: 'bob', spans: [] }] },
      {
        documentId: 'same-id',
        length: 50,
        layers: [
          { annotator: 'ann', spans: [span('x', 1, 3), span('x', 2, 9)], relations: [{ id: 'r', type: 'claimant', from: 'x', to: 'x' }] },
          { annotator: 'bob', spans: [span('y', 1, 3)] },
        ],
      },
    ];
    const mixed = [...documents.slice(0, 10), ...odd, ...documents.slice(10)];
    const batch = packBatch(mixed, fields);
    expect(batch.rawJson.map((json) => (JSON.parse(json) as AnnotatedDocument).documentId)).toEqual(odd.map((d) => d.documentId));
    // A layer holding an id twice but without relations is packed as it is.
    expect(packBatch([{ documentId: 'same-id', length: 9, layers: [{ annotator: 'a', spans: [span('x', 1, 2), span('x', 1, 2)] }, { annotator: 'b', spans: [] }] }], fields).rawJson).toEqual([]);
    for (const size of [1, 4, 100]) expect(fromBatches(mixed, false, size)).toBe(fromObjects(mixed, false));
  });

  it('name spans by their ids and documents by their ids and titles', () => {
    const documents = randomAgreementCorpus(5, { documents: 5, maxAnnotators: 3 }).filter((d) => d.layers.length > 0);
    const reader = new BatchReader(packBatch(documents, fields));
    documents.forEach((doc, d) => {
      const packed = reader.document(d) as PackedDocument;
      expect([packed.documentId, packed.title, packed.length, packed.annotators]).toEqual([doc.documentId, doc.title ?? null, doc.length, doc.layers.map((l) => l.annotator)]);
      doc.layers.forEach((layer, g) => {
        expect(Array.from({ length: layer.spans.length }, (_, p) => packed.spanId(packed.first[g]! + p))).toEqual(layer.spans.map((s) => s.id));
      });
    });
  });
});
