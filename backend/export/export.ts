/**
 * The service's exportDataset: choose (selection), read document by document (source), write
 * the format as it goes (formats/), list what is lost (losses), add agreement and the card
 * (card), and move it all into place at the end (target). Progress per document; a cancel is
 * honoured between documents and leaves nothing behind.
 */
import path from 'node:path';
import { type AgreementQuery, type ExportInput, type ExportLoss, type ExportSummary, type ProjectAgreementReport } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { ExportContext } from '../../shared/interchange/model';
import { throwIfCancelled, unwatched, type JobContext } from '../jobs/context';
import type { Project } from '../project/project';
import { datasetCard } from './card';
import { writesFolder } from '../../shared/interchange/formats';
import { FORMAT_NAMES, openWriter, type FormatWriter, type Written } from './formats';
import { JSONL_FORMATS, type JsonlWriter } from './formats/jsonl';
import { corpusWorkersFor } from '../project/corpusPool';
import { labelCounts, startExportPool, type PreparedChunk } from './parallel';
import { Losses } from './losses';
import { writeWhole } from './sink';
import { readSelection, resolvingEntities, select } from './source';
import { checkTarget, PendingExport, targetPaths } from './target';

/** How agreement is computed for the card: the service's own method. */
export type AgreementFn = (query: AgreementQuery, ctx: JobContext) => Promise<ProjectAgreementReport>;

export async function exportDataset(project: Project, input: ExportInput, agreement: AgreementFn, ctx: JobContext = unwatched): Promise<ExportSummary> {
  const started = performance.now();
  const folder = writesFolder(input.format);
  const out = path.resolve(input.out);
  const paths = targetPaths(out, folder);
  const overwrite = input.overwrite === true;
  const documents = input.documents ?? { kind: 'all' };
  const selection = await select(project, input.layer, documents, input.labels);
  await checkTarget(paths, project.root, overwrite);
  throwIfCancelled(ctx.signal);

  const pending = new PendingExport(paths);
  const losses = new Losses(pending.dropped);
  const context: ExportContext = { schema: selection.schema, entities: resolvingEntities(await project.entities.registry()) };
  let writer: FormatWriter | null = null;
  try {
    if (folder) await losses.start();
    writer = await openWriter({
      format: input.format,
      out: pending.out,
      outName: path.basename(out),
      context,
      losses,
      severalLayers: input.layer.kind === 'all',
      options: input.options ?? {},
    });

    // ---- the documents, one at a time
    const byLabelAndLayer = new Map<string, Map<string, number>>();
    const exportedDocs: string[] = [];
    const layersSeen = new Set<string>();
    const annotatorsSeen = new Set<string>();
    let layers = 0;
    let spans = 0;
    let relations = 0;
    let relationsExported = 0;
    let notFinished = 0;
    let done = 0;
    const total = selection.docIds.length;
    ctx.progress({ done, total, phase: 'exporting documents' });
    /** Counts a layer written: its spans and relations, and its spans per label. */
    const counted = (annotator: string, written: Written, exported: number, labels: Iterable<[string, number]>) => {
      spans += written.spans;
      relations += written.relations;
      relationsExported += exported;
      layers++;
      layersSeen.add(annotator);
      for (const [label, count] of labels) {
        let row = byLabelAndLayer.get(label);
        if (!row) byLabelAndLayer.set(label, (row = new Map()));
        row.set(annotator, (row.get(annotator) ?? 0) + count);
      }
    };
    const begun = async (item: { annotators: string[]; losses: ExportLoss[]; notFinished: number }) => {
      for (const a of item.annotators) annotatorsSeen.add(a);
      for (const loss of item.losses) await losses.add(loss);
      notFinished += item.notFinished;
    };
    const ended = (item: { docId: string; layers: unknown[] }) => {
      if (item.layers.length) exportedDocs.push(item.docId);
      ctx.progress({ done: ++done, total, phase: 'exporting documents', item: item.docId });
    };
    // A JSONL export of a corpus from the command line: on every core (parallel.ts), the same bytes.
    const pool = JSONL_FORMATS.has(input.format) && corpusWorkersFor(total) ? await startExportPool(project.root, selection, { format: input.format, options: input.options ?? {}, severalLayers: input.layer.kind === 'all' }) : null;
    if (pool) {
      const jsonl = writer as JsonlWriter;
      try {
        for await (const chunk of pool.chunks<PreparedChunk>(selection.docIds)) {
          for (const item of chunk.items) {
            throwIfCancelled(ctx.signal);
            await begun(item);
            for (const l of item.layers) {
              await jsonl.account(l);
              counted(l.annotator, l.written, l.relationsExported, l.labels);
            }
            ended(item);
          }
          await jsonl.writeBytes(chunk.bytes);
          pool.recycle(chunk.bytes.buffer as ArrayBuffer); // written (copied, or out to the file): back to a worker
        }
      } finally {
        await pool.close();
      }
    } else {
      for await (const item of readSelection(project, selection, ctx.signal)) {
        await begun(item);
        for (const doc of item.layers) counted(doc.annotator, await writer.write(doc), doc.relations.length, labelCounts(doc.spans));
        ended(item);
      }
    }
    throwIfCancelled(ctx.signal);
    if (layers === 0) {
      // Which annotators there are, for the message (listed now: reading did not need them).
      if (annotatorsSeen.size === 0) for (const id of selection.docIds.slice(0, 1000)) for (const a of await project.layers.annotatorsOf(id)) annotatorsSeen.add(a);
      throw new ApiError('not-found', nothingToExport(input, selection.docIds.length, notFinished, annotatorsSeen));
    }
    for (const l of layersSeen) for (const row of byLabelAndLayer.values()) if (!row.has(l)) row.set(l, 0);
    for (const label of selection.labels) if (!byLabelAndLayer.has(label.id)) byLabelAndLayer.set(label.id, new Map([...layersSeen].map((l) => [l, 0])));

    // ---- agreement, for the card: between the annotators of the exported documents (the service's own method)
    let agreementPart: { report: ProjectAgreementReport } | { reason: string };
    if (input.agreement === false) agreementPart = { reason: 'not asked for.' };
    else {
      ctx.progress({ done: 0, total: exportedDocs.length, phase: 'computing agreement' });
      // The export's own signal stops the agreement too; its progress shows under this phase's name.
      const report = await agreement(
        { ...(input.labels ? { labels: input.labels } : {}), ...(exportedDocs.length < selection.documentsInProject ? { docIds: exportedDocs } : {}) },
        { signal: ctx.signal, progress: (p) => ctx.progress({ ...p, phase: 'computing agreement' }) },
      );
      // Every annotator the agreement met: those compared, and those on documents it could not compare.
      const met = [...new Set([...report.annotators, ...report.documents.notCompared.flatMap((d) => d.annotators)])].sort();
      const n = met.length;
      if (n < 2) agreementPart = { reason: n === 0 ? 'no annotator has a layer on the exported documents.' : `only one annotator (${met[0]}) has layers on the exported documents; agreement needs two or more.` };
      else if (report.documents.compared === 0) agreementPart = { reason: 'no exported document has layers by two or more annotators.' };
      else agreementPart = { report };
    }
    throwIfCancelled(ctx.signal);

    // ---- the files finished, the card, and everything into place
    ctx.progress({ done: total, total, phase: 'writing the card' });
    const contents = writer.contents();
    const notes = writer.notes();
    const written = await writer.finish();
    writer = null;
    await losses.close();
    const droppedName = losses.written ? path.basename(paths.dropped) : null;
    const card = datasetCard({
      project: project.manifest.name,
      format: input.format,
      formatName: FORMAT_NAMES[input.format],
      layer: input.layer,
      documents,
      labelFilter: input.labels ? selection.labels.map((l) => l.id) : null,
      schema: selection.schema,
      date: input.date ?? null,
      counts: {
        documentsInProject: selection.documentsInProject,
        documentsSelected: selection.docIds.length,
        documents: exportedDocs.length,
        layers,
        notFinished,
        spansWritten: spans,
        relationsWritten: relations,
        byLabelAndLayer,
        relationsExported,
      },
      losses: { total: losses.total, byReason: losses.byReason, first: losses.first, listName: droppedName },
      notCarried: losses.notCarried,
      agreement: agreementPart,
      contents,
      notes,
    });
    const cardBytes = await writeWhole(pending.card, card);
    throwIfCancelled(ctx.signal);
    await pending.commit(project.root, overwrite, losses.written);

    const byLabel: Record<string, number> = {};
    const byLayer: Record<string, number> = {};
    for (const [label, row] of byLabelAndLayer) {
      for (const [layer, count] of row) {
        byLabel[label] = (byLabel[label] ?? 0) + count;
        byLayer[layer] = (byLayer[layer] ?? 0) + count;
      }
    }
    return {
      format: input.format,
      out,
      card: paths.card,
      droppedList: losses.written ? paths.dropped : null,
      fileCount: written.files + 1 + (losses.written ? 1 : 0),
      bytes: written.bytes + cardBytes + losses.bytes,
      documents: exportedDocs.length,
      layers,
      spans,
      relations,
      byLabel,
      byLayer,
      selection: { documentsInProject: selection.documentsInProject, documentsSelected: selection.docIds.length, notFinished },
      dropped: { total: losses.total, byReason: Object.fromEntries([...losses.byReason].sort((a, b) => (a[0] < b[0] ? -1 : 1))), first: losses.first },
      notCarried: { ...losses.notCarried },
      agreement: 'reason' in agreementPart ? { included: false, reason: agreementPart.reason } : { included: true, reason: null },
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (e) {
    await writer?.discard();
    await losses.discard();
    await pending.abort();
    throw e;
  }
}

function nothingToExport(input: ExportInput, selected: number, notFinished: number, annotators: ReadonlySet<string>): string {
  const docs = `${selected} document${selected === 1 ? '' : 's'} selected`;
  if (selected === 0) return 'nothing to export: no document is selected (the project has none, or the list is empty)';
  const who = input.layer.kind === 'gold' ? 'a gold layer' : input.layer.kind === 'annotator' ? `a layer by ${input.layer.annotator}` : 'an annotator’s layer';
  if (notFinished > 0) return `nothing to export: no selected document has ${who} that is finished (${docs}; ${notFinished} layer${notFinished === 1 ? '' : 's'} not finished)`;
  const known = [...annotators].sort();
  return `nothing to export: no selected document has ${who} (${docs}${input.layer.kind !== 'all' && known.length ? `; annotators there: ${known.join(', ')}` : ''})${input.layer.kind === 'gold' ? '; adjudicate in review mode, or export an annotator’s layer' : ''}`;
}
