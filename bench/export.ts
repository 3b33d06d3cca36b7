/**
 * `npm run bench` (export): the issue's target is 10,000 documents of 5 KB exported to JSONL in
 * under 2 s, with memory flat as the corpus grows. A project on disk: 10,000 news-like articles
 * of about 5 KB (English with accented names, Arabic and emoji), each with a gold layer of about
 * 40 spans (nested and crossing, with attributes) and relations. Everything through the service's
 * exportDataset, as the command line and the app call it.
 *
 * Printed: the time and MB/s of each format (bytes written, and the documents' text read), the
 * card without agreement figures (the project has only a gold layer; agreement, when asked for,
 * is the service's agreement over the annotators' layers, timed apart). Standoff JSONL with the
 * project's stores cold (a fresh service, as the command line: every text and annotation file
 * read from disk, which the operating system has cached since they were just written, and
 * validated), and every format with them warm (after listDocuments, as the app has them once a
 * project is open). Memory: heap used and RSS after a garbage collection at a quarter, half and
 * all of the documents of the cold export (flat: documents are not kept), and the process's
 * peak RSS (the warm stores hold the whole corpus).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExportFormat, ExportSummary } from '../shared/api/contract';
import { serializeAnnotationFile, emptyAnnotationFile } from '../shared/format/annotationFile';
import { emptyEntityFile, serializeEntityFile } from '../shared/format/entityFile';
import { serializeDocumentMeta } from '../shared/format/documentMeta';
import { layout } from '../shared/format/layout';
import type { Relation, Span } from '../shared/model/span';
import { CodePointIndex } from '../shared/text/codePoints';
import { textHash } from '../shared/text/hash';
import { createProject } from '../backend/project/create';
import { StandoffService } from '../backend/service';
import type { JobContext } from '../backend/jobs/context';
import { generateArticle, generateSpans, rng } from '../tests/support/corpus';

/** EXPORT_DOCUMENTS=2500 for a smaller corpus. */
const DOCUMENTS = Number(process.env.EXPORT_DOCUMENTS ?? 10_000);
const TARGET_S = 2;
const SPANS = 40;
const gc = (globalThis as { gc?: () => void }).gc;

/** A ~5 KB article: the generator's paragraphs until about 5,000 characters. */
function article(seed: number): string {
  const lines = generateArticle(seed, 1200).split('\n');
  let text = lines[0] as string;
  for (const line of lines.slice(1)) {
    if (text.length + line.length > 5200 && text.length > 4000) break;
    text += `\n${line}`;
  }
  return `${text.slice(0, 5400)}\n`;
}

/** Attributes and relations on the generated spans, as analysts record them. */
function annotate(spans: Span[], seed: number): { spans: Span[]; relations: Relation[] } {
  const r = rng(seed);
  const out = spans.map((s): Span => {
    if (s.label === 'actor') return { ...s, attributes: { entity: r.pick(['pmf', 'kataib-hezbollah', 'saraya']), kind: r.pick(['state', 'armed-group', 'official']) } };
    if (s.label === 'casualty-figure') return { ...s, attributes: { outcome: r.pick(['killed', 'injured']), count: { min: r.int(1, 20), max: r.chance(0.5) ? null : r.int(20, 60) }, vague: r.chance(0.3) } };
    if (s.label === 'claim') return { ...s, attributes: { type: r.pick(['responsibility', 'event-report', 'accusation']) } };
    return s;
  });
  const relations: Relation[] = [];
  const actors = out.filter((s) => s.label === 'actor');
  for (const s of out) {
    if ((s.label === 'claim' || s.label === 'denial') && actors.length) {
      const actor = actors.find((a) => a.startOffset >= s.startOffset && a.endOffset <= s.endOffset) ?? r.pick(actors);
      relations.push({ id: `r${relations.length}`, type: s.label === 'claim' ? 'claimant' : 'denier', from: s.id, to: actor.id });
    }
  }
  return { spans: out, relations };
}

const root = await mkdtemp(path.join(tmpdir(), 'standoff-bench-export-'));
const outDir = path.join(root, 'out');
try {
  await createProject(path.join(root, 'project'), 'export benchmark');
  const project = path.join(root, 'project');
  await mkdir(outDir);
  const registry = emptyEntityFile('bench');
  for (const [id, name] of [['pmf', 'Popular Mobilization Forces'], ['kataib-hezbollah', 'Kataib Hezbollah'], ['saraya', 'Saraya Thawrat al-Ashrin']]) {
    registry.entities.push({ id: id as string, name: name as string, aliases: [], updated: '2024-01-01T00:00:00.000Z' });
  }
  await mkdir(path.join(project, layout.entitiesDir), { recursive: true });
  await writeFile(path.join(project, layout.entities('bench')), serializeEntityFile(registry));
  let textBytes = 0;
  let spanCount = 0;
  const generating = performance.now();
  for (let d = 0; d < DOCUMENTS; d++) {
    const text = article(d + 1);
    textBytes += Buffer.byteLength(text);
    const id = `doc-${String(d).padStart(5, '0')}`;
    const index = new CodePointIndex(text);
    const hash = textHash(text);
    const { spans, relations } = annotate(generateSpans(text, index, SPANS, d + 7, 'g'), d);
    spanCount += spans.length;
    await mkdir(path.join(project, layout.annotationsDir(id)), { recursive: true });
    await writeFile(path.join(project, layout.text(id)), text);
    await writeFile(
      path.join(project, layout.meta(id)),
      serializeDocumentMeta({ format: 'standoff/document', version: 1, id, title: `Report ${d}`, source: null, textHash: hash, length: index.length, importedFrom: null, importNotes: [] }),
    );
    await writeFile(path.join(project, layout.annotation(id, 'gold')), serializeAnnotationFile({ ...emptyAnnotationFile(id, 'gold', hash), spans, relations }));
  }
  const mb = (bytes: number) => bytes / (1 << 20);
  console.log(
    `export corpus: ${DOCUMENTS.toLocaleString('en-US')} documents, ${mb(textBytes).toFixed(1)} MB of text (${(textBytes / DOCUMENTS / 1024).toFixed(1)} KB each), ` +
      `${spanCount.toLocaleString('en-US')} gold spans with attributes and relations (made in ${((performance.now() - generating) / 1000).toFixed(1)} s)`,
  );

  const quiet: JobContext = { signal: new AbortController().signal, progress: () => {} };
  const run = async (service: StandoffService, format: ExportFormat, ctx: JobContext = quiet): Promise<{ seconds: number; summary: ExportSummary }> => {
    const folder = format === 'huggingface' || format === 'brat' || format === 'conll';
    const out = path.join(outDir, folder ? format : `${format}.${format === 'csv' ? 'csv' : format === 'w3c' ? 'jsonld' : 'jsonl'}`);
    const t = performance.now();
    const summary = await service.exportDataset({ format, out, layer: { kind: 'gold' }, overwrite: true, agreement: false }, ctx);
    return { seconds: (performance.now() - t) / 1000, summary };
  };
  const line = (what: string, r: { seconds: number; summary: ExportSummary }) =>
    `${what}: ${r.seconds.toFixed(2)} s, ${(mb(r.summary.bytes) / r.seconds).toFixed(0)} MB/s written (${mb(r.summary.bytes).toFixed(1)} MB in ${r.summary.fileCount.toLocaleString('en-US')} files), ${(mb(textBytes) / r.seconds).toFixed(0)} MB/s of text`;

  // ---- Standoff JSONL with the stores cold (as the command line runs), memory at a quarter, half and all the documents
  const marks = [Math.round(DOCUMENTS / 4), Math.round(DOCUMENTS / 2), DOCUMENTS];
  const memory: string[] = [];
  const watching: JobContext = {
    signal: new AbortController().signal,
    progress: (p) => {
      if (p.phase !== 'exporting documents' || !marks.includes(p.done) || memory.length >= marks.length) return;
      gc?.();
      const m = process.memoryUsage();
      memory.push(`${p.done.toLocaleString('en-US')} docs: heap ${mb(m.heapUsed).toFixed(0)} MB, RSS ${mb(m.rss).toFixed(0)} MB`);
    },
  };
  gc?.();
  const before = process.memoryUsage();
  const cold = await run(await StandoffService.open(project), 'standoff', watching);
  console.log(`${line('Standoff JSONL, stores cold (every file read and validated: the command line)', cold)} (target < ${TARGET_S} s: ${cold.seconds < TARGET_S ? 'met' : 'MISSED'})`);
  console.log(
    `  memory${gc ? ' after a garbage collection' : ' (run with --expose-gc for figures after a collection)'}: before ${mb(before.heapUsed).toFixed(0)} MB heap, ${mb(before.rss).toFixed(0)} MB RSS; ${memory.join('; ')}`,
  );

  // ---- every format with the stores warm (after listDocuments, as the app has them)
  const service = await StandoffService.open(project);
  let t = performance.now();
  await service.listDocuments();
  console.log(`  (the app's listDocuments, which loads every document and layer: ${((performance.now() - t) / 1000).toFixed(1)} s)`);
  // EXPORT_FORMATS=standoff,csv times only those (the default: all of them).
  const formats = (process.env.EXPORT_FORMATS?.split(',') ?? ['standoff', 'spacy', 'huggingface', 'csv', 'brat', 'doccano', 'conll', 'w3c']) as ExportFormat[];
  for (const format of formats) {
    const r = await run(service, format);
    const lost = r.summary.dropped.total ? `; ${r.summary.dropped.total.toLocaleString('en-US')} listed as left out or changed` : '';
    const target = format === 'standoff' || format === 'spacy' || format === 'huggingface' ? ` (target < ${TARGET_S} s: ${r.seconds < TARGET_S ? 'met' : 'MISSED'})` : '';
    console.log(`${line(`${format}, stores warm`, r)}${target}${lost}`);
  }
  t = performance.now();
  const withAgreement = await service.exportDataset({ format: 'standoff', out: path.join(outDir, 'standoff.jsonl'), layer: { kind: 'gold' }, overwrite: true, agreement: true }, quiet);
  console.log(`  Standoff JSONL, stores warm, agreement asked for in the card: ${((performance.now() - t) / 1000).toFixed(2)} s (${withAgreement.agreement.reason ?? 'included'}; the figures above leave it out)`);
  console.log(`  peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  if (process.env.EXPORT_KEEP) console.log(`kept ${root}`);
  else await rm(root, { recursive: true, force: true });
}
