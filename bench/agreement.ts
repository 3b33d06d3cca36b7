/**
 * `npm run bench` (agreement): the issue's target is agreement for a project of 10,000
 * documents × 3 annotators × 40 spans in under 3 s, without blocking the server. Prints the time
 * of pairwise span F1 with α_U, and of the whole report (F1 under the four predicates, label
 * confusion, α_U, α and κ on matched positions), on a synthetic corpus shaped like real
 * annotations; then the service's project report (all of that per label, per pair and per
 * document, with attribute and relation agreement) as the service computes it, in its worker
 * thread, with its figures; and the service end to end on a project on disk.
 */
import { DocumentMatcher } from '../shared/agreement/matching/documentMatcher';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startComputation } from '../backend/agreement/compute';
import { createProject } from '../backend/project/create';
import { StandoffService } from '../backend/service';
import { serializeDocumentMeta } from '../shared/format/documentMeta';
import { emptyAnnotationFile, serializeAnnotationFile } from '../shared/format/annotationFile';
import { emptyEntityFile, serializeEntityFile } from '../shared/format/entityFile';
import { layout } from '../shared/format/layout';
import { quoteOf } from '../shared/model/quote';
import type { Span } from '../shared/model/span';
import { CodePointIndex } from '../shared/text/codePoints';
import { textHash } from '../shared/text/hash';
import type { ProjectAgreementReport } from '../shared/agreement/projectTypes';
import { agreementReport } from '../shared/agreement/report/report';
import { SpanF1Accumulator } from '../shared/agreement/measures/spanF1';
import { UnitizingAlphaAccumulator } from '../shared/agreement/measures/unitizingAlpha';
import { annotatedCorpus, schema, syntheticCorpus } from './agreementCorpus';
import { attributeFields } from '../shared/agreement/measures/attributes';
import { batchBuffers, packBatch, type PackedBatch } from '../shared/agreement/report/packedBatch';
import type { AnnotatedDocument } from '../shared/agreement/report/projectReport';

const TARGET_MS = 3000;
{
  const f1Corpus = syntheticCorpus(10_000, 3, 40);
  const t0 = performance.now();
  const f1 = new SpanF1Accumulator({ boundary: 'overlap', labels: 'labelled' }, { keepDocuments: false });
  const alpha = new UnitizingAlphaAccumulator({ keepDocuments: false });
  for (const doc of f1Corpus) {
    f1.add(new DocumentMatcher(doc));
    alpha.add(doc);
  }
  const f1Result = f1.result();
  const alphaResult = alpha.result();
  const elapsed = performance.now() - t0;
  console.log(
    `agreement, 10,000 docs × 3 annotators × 40 spans: overlap-labelled span F1 + α_U in ${elapsed.toFixed(0)} ms ` +
      `(target < ${TARGET_MS} ms: ${elapsed < TARGET_MS ? 'met' : 'MISSED'}; F1 mean ${f1Result.mean.value?.toFixed(3)}, α_U ${alphaResult.overall.value?.toFixed(3)})`,
  );
}
{
  const corpus = syntheticCorpus(10_000, 3, 40, 2);
  const t0 = performance.now();
  const report = agreementReport(corpus, { keepDocuments: false });
  const elapsed = performance.now() - t0;
  console.log(
    `agreement, same corpus, whole report (F1 × 4 predicates, confusion, α_U, α and κ on positions) in ${elapsed.toFixed(0)} ms ` +
      `(target < ${TARGET_MS} ms: ${elapsed < TARGET_MS ? 'met' : 'MISSED'}; ${report.documents} documents)`,
  );
}


const context = { project: 'bench', filters: { annotators: null, labels: null, docIds: null }, documentsInProject: 10_000, documentsSelected: 10_000, problems: [] };
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : v.toFixed(3));

function figures(report: ProjectAgreementReport): string {
  const outcome = report.attributes.fields.find((f) => f.attribute === 'outcome')!;
  const countMax = report.attributes.fields.find((f) => f.attribute === 'count' && f.part === 'max')!;
  const entity = report.attributes.fields.find((f) => f.attribute === 'entity')!;
  return (
    `F1 overlap/labelled ${fmt(report.overall.spanF1['overlap-labelled'].value)}, exact/labelled ${fmt(report.overall.spanF1['exact-labelled'].value)}, ` +
    `α_U ${fmt(report.overall.unitizingAlpha.value)}, α (none missing) ${fmt(report.overall.nominalAlpha.noneAsMissing.value)}, ` +
    `α (none a category) ${fmt(report.overall.nominalAlpha.noneAsCategory.value)}, κ ${report.pairs.map((p) => fmt(p.kappa.value)).join('/')}; ` +
    `outcome ${fmt(outcome.percentAgreement.value)} agree, α ${fmt(outcome.alpha.value)} (${outcome.counts.setByBoth} pairs set by both); ` +
    `count max α ${fmt(countMax.alpha.value)}; entity α ${fmt(entity.alpha.value)}; relation F1 ${fmt(report.relations.overall.value)} ` +
    `(${report.relations.overall.counts.truePositives} of ${report.relations.overall.counts.relationsA}/${report.relations.overall.counts.relationsB}); ` +
    `worst document ${report.byDocument[0]?.docId} at F1 ${fmt(report.byDocument[0]?.spanF1['overlap-labelled'].value)}; ` +
    `report ${(JSON.stringify(report).length / 1e6).toFixed(1)} MB of JSON`
  );
}

// The corpus as the batches the service sends the worker (about 100 documents, 12,000 spans
// each, packed as columns: shared/agreement/report/packedBatch.ts), made beforehand: then this thread
// (and its garbage collector) is idle while the worker computes, as the server's thread is
// between file reads, and what is timed is the computation, not this benchmark's own making of
// data. Packing is the server thread's share of the work (it used to write each batch as JSON
// text instead): both are timed here, each on objects just made, as the service's reading of the
// layer files makes them.
const BATCH = 100;
const fields = attributeFields(schema.labels);
const batches: PackedBatch[] = [];
{
  const corpus = annotatedCorpus(10_000, 3, 40);
  const fresh = (docs: AnnotatedDocument[]) => JSON.parse(JSON.stringify(docs)) as AnnotatedDocument[];
  let packMs = 0;
  let jsonMs = 0;
  let chars = 0;
  for (let k = 0; k < corpus.length; k += BATCH) {
    const slice = corpus.slice(k, k + BATCH);
    const asText = fresh(slice);
    let t = performance.now();
    chars += JSON.stringify(asText).length;
    jsonMs += performance.now() - t;
    const toPack = fresh(slice);
    t = performance.now();
    batches.push(packBatch(toPack, fields));
    packMs += performance.now() - t;
  }
  const bytes = batches.reduce((sum, b) => sum + batchBuffers(b).reduce((n, x) => n + x.byteLength, 0) + 2 * (b.strings.length + b.ids.length), 0);
  console.log(
    `  the batches, packed on the server's thread in ${packMs.toFixed(0)} ms (${(bytes / 1e6).toFixed(0)} MB); as JSON text ${jsonMs.toFixed(0)} ms (${(chars / 1e6).toFixed(0)} M characters)`,
  );
}
// Collect the corpora of the measurements above now, so this thread's garbage collector does not
// share the machine's two cores with the worker below.
setFlagsFromString('--expose-gc');
(runInNewContext('gc') as () => void)();
await new Promise((resolve) => setTimeout(resolve, 1000)); // and let its sweeping threads finish

{
  // As the service runs it: batches go to the agreement worker thread; the worker's heap holds
  // the accumulators, never the corpus. Measured: the worker's computing time (the target), its
  // decoding of the batches, its thread's CPU time, the wall time from the first batch to the
  // report, and how long this thread's event loop was ever kept waiting meanwhile.
  const tStart = performance.now();
  const computation = await startComputation(schema);
  const startMs = performance.now() - tStart;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  for (const batch of batches) {
    await computation.addBatch(batch);
    await new Promise((resolve) => setImmediate(resolve)); // the service awaits file reads between batches
  }
  const { report, busyMs, parseMs, cpuMs } = await computation.finish(context);
  const wall = performance.now() - t0;
  delay.disable();
  const total = busyMs + parseMs;
  console.log(
    `agreement, same size with attributes and relations: the service's whole project report (all of the above, per label, per pair, per document ranked, ` +
      `attribute agreement on ${report.attributes.fields.length} fields, relation F1) computed in the ${computation.where} in ${total.toFixed(0)} ms ` +
      `(target < ${TARGET_MS} ms: ${total < TARGET_MS ? 'met' : 'MISSED'}): ${busyMs.toFixed(0)} ms computing, ${parseMs.toFixed(0)} ms decoding the batches` +
      `${cpuMs === null ? '' : ` (the worker thread's CPU time, both: ${cpuMs} ms)`}; ${wall.toFixed(0)} ms from the first batch to the report ` +
      `(worker start ${startMs.toFixed(0)} ms before); the main thread's event loop never waited more than ${(delay.max / 1e6).toFixed(0)} ms (p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms)`,
  );
  console.log(`  figures: ${figures(report)}`);

  // The fallback where no worker can start (a bundle without tsx): the server's own thread, in
  // slices, on the documents as objects (as the service hands them over there): the same report.
  batches.length = 0;
  const corpus = annotatedCorpus(10_000, 3, 40);
  const main = await startComputation(schema, { prefer: 'main' });
  const t1 = performance.now();
  for (let k = 0; k < corpus.length; k += BATCH) await main.add(corpus.slice(k, k + BATCH));
  const fallback = await main.finish(context);
  console.log(
    `  fallback on the main thread in slices of 8 ms (no target; used only where no worker can start): ${fallback.busyMs.toFixed(0)} ms computing, ` +
      `${(performance.now() - t1).toFixed(0)} ms wall; ` +
      `same figures: ${JSON.stringify({ ...fallback.report, computation: null }) === JSON.stringify({ ...report, computation: null }) ? 'yes' : 'NO'}`,
  );
}

{
  // End to end, as `standoff agreement` and the dashboard run it: a project on disk (documents,
  // three annotators' files with attributes and relations), read through the service's stores
  // on this thread while the worker computes. Meanwhile other requests (opening a document, as
  // a user going on with their work would) are timed, and the event loop's longest wait measured.
  const DOCS = 2_000;
  const root = await mkdtemp(path.join(tmpdir(), 'standoff-bench-agreement-'));
  try {
    await createProject(root, 'agreement benchmark');
    const corpus = annotatedCorpus(DOCS, 3, 40, 7);
    // The registry: the 400 entities the corpus links, every second one merged into the one before (as in the in-memory run).
    const registry = emptyEntityFile('annotator-0');
    registry.entities = Array.from({ length: 400 }, (_, k) => ({
      id: `entity-${k}`,
      name: `Group ${k}`,
      aliases: [`Group ${k}`],
      ...(k % 2 === 1 && k < 80 ? { mergedInto: `entity-${k - 1}` } : {}),
      updated: '2026-01-01T00:00:00Z',
    }));
    await mkdir(path.join(root, layout.entitiesDir), { recursive: true });
    await writeFile(path.join(root, layout.entities('annotator-0')), serializeEntityFile(registry));
    for (const doc of corpus) {
      const text = Array.from({ length: Math.ceil(doc.length / 30) }, (_, k) => `Line ${k} of the report on the attack, as given. `).join('').slice(0, doc.length);
      const index = new CodePointIndex(text);
      const hash = textHash(text);
      await mkdir(path.join(root, layout.annotationsDir(doc.documentId)), { recursive: true });
      await writeFile(path.join(root, layout.text(doc.documentId)), text);
      await writeFile(
        path.join(root, layout.meta(doc.documentId)),
        serializeDocumentMeta({ format: 'standoff/document', version: 1, id: doc.documentId, title: null, source: null, textHash: hash, length: index.length, importedFrom: null, importNotes: [] }),
      );
      for (const layer of doc.layers) {
        const file = emptyAnnotationFile(doc.documentId, layer.annotator, hash);
        file.spans = layer.spans.map((s) => ({
          id: s.id,
          label: s.label,
          startOffset: s.startOffset,
          endOffset: s.endOffset,
          quote: quoteOf(index, s.startOffset, s.endOffset),
          ...(s.attributes && Object.keys(s.attributes).length ? { attributes: s.attributes as Span['attributes'] } : {}),
        }));
        file.relations = [...(layer.relations ?? [])];
        await writeFile(path.join(root, layout.annotation(doc.documentId, layer.annotator)), serializeAnnotationFile(file));
      }
    }
    const service = await StandoffService.open(root);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    const answers: number[] = [];
    let running = true;
    const probe = (async () => {
      for (let k = 0; running; k += 97) {
        const t = performance.now();
        await service.openDocument({ docId: corpus[k % corpus.length]!.documentId });
        answers.push(performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    delay.enable();
    const t0 = performance.now();
    const report = await service.agreement({});
    const elapsed = performance.now() - t0;
    if (report.problems.length || report.documents.compared !== DOCS) throw new Error(`the benchmark's project is not what it should be: ${JSON.stringify(report.problems.slice(0, 3))}`);
    delay.disable();
    running = false;
    await probe;
    answers.sort((a, b) => a - b);
    console.log(
      `agreement end to end on a project on disk of ${DOCS.toLocaleString('en-US')} documents × 3 annotators × 40 spans (${(DOCS * 3).toLocaleString('en-US')} annotation files, ` +
        `read and checked through the project's stores): ${elapsed.toFixed(0)} ms (${report.computation.where}; most of it reading the files on this thread); meanwhile ` +
        `${answers.length} documents were opened in at most ${answers.at(-1)!.toFixed(0)} ms each (median ${answers[Math.floor(answers.length / 2)]!.toFixed(1)} ms), ` +
        `and the event loop never waited more than ${(delay.max / 1e6).toFixed(0)} ms`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
