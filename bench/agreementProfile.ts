/**
 * The service's project report on the agreement benchmark's corpus, computed on this thread from
 * packed batches as the worker computes it, for a CPU profile of the computation alone:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/agreement-profile --import tsx bench/agreementProfile.ts
 *
 * (The corpus is made and packed first; the profile shows it too, as `annotatedCorpus` and `packBatch`.)
 */
import { SafeAccumulator } from '../backend/agreement/accumulate';
import { attributeFields } from '../shared/agreement/measures/attributes';
import { BatchReader, packBatch } from '../shared/agreement/report/packedBatch';
import { annotatedCorpus, schema } from './agreementCorpus';

const BATCH = 100;
const corpus = annotatedCorpus(Number(process.env.DOCUMENTS ?? 10_000), 3, 40);
const fields = attributeFields(schema.labels);
const batches = [];
for (let k = 0; k < corpus.length; k += BATCH) batches.push(packBatch(corpus.slice(k, k + BATCH), fields));
corpus.length = 0;

const context = { project: 'bench', filters: { annotators: null, labels: null, docIds: null }, documentsInProject: 0, documentsSelected: 0, problems: [] };
const cpu = process.cpuUsage();
const t0 = performance.now();
const acc = new SafeAccumulator(schema);
for (const batch of batches) {
  const reader = new BatchReader(batch);
  for (let d = 0; d < reader.size; d++) acc.addFrom(reader, d);
}
const report = acc.result(context, { elapsedMs: 0, where: 'main thread' });
const { user, system } = process.cpuUsage(cpu);
console.log(
  `project report of ${report.documents.compared} documents: ${(performance.now() - t0).toFixed(0)} ms (${((user + system) / 1000).toFixed(0)} ms CPU); ` +
    `F1 overlap/labelled ${report.overall.spanF1['overlap-labelled'].value?.toFixed(3)}`,
);
