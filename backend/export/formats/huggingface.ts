/**
 * Hugging Face token classification: a folder with `data.jsonl` (id, tokens, ner_tags as
 * integers) and `labels.json` (the tag names, index i is tag i), as `datasets` loads them.
 */
import path from 'node:path';
import { huggingFaceLabelList, huggingFaceRecord } from '../../../shared/interchange/jsonl';
import { jsonLine } from '../../../shared/interchange/jsonl/lines';
import { Sink, writeWhole } from '../sink';
import { attributeCount, lossOf, noteCount, type FormatWriter, type WriterSetup } from './writer';

export async function huggingFaceWriter(setup: WriterSetup): Promise<FormatWriter> {
  const { context, losses } = setup;
  const labels = huggingFaceLabelList(context.schema);
  const sink = await Sink.create(path.join(setup.out, 'data.jsonl'));
  return {
    async write(doc) {
      const record = huggingFaceRecord(doc, labels, { annotator: setup.severalLayers });
      await sink.write(record.line);
      for (const d of record.dropped) await losses.add(lossOf(doc, d.spanId, 'span', d.reason === 'overlap' ? 'overlap' : 'no-token', d.detail));
      for (const t of record.trimmed) await losses.add(lossOf(doc, t.spanId, 'span', 'adjusted', t.detail));
      losses.notCarried.attributes += attributeCount(doc);
      losses.notCarried.notes += noteCount(doc);
      losses.notCarried.relations += doc.relations.length;
      return { spans: record.kept.length, relations: 0 };
    },
    async finish() {
      await sink.close();
      const bytes = await writeWhole(path.join(setup.out, 'labels.json'), jsonLine(labels));
      return { files: 2, bytes: sink.bytes + bytes };
    },
    discard: () => sink.discard(),
    contents: () => [
      ['data.jsonl', `one document${setup.severalLayers ? ' and annotator' : ''} per line: \`id\`${setup.severalLayers ? ', `annotator`' : ''}, \`tokens\`, \`ner_tags\``],
      ['labels.json', `the tag names: index i is tag i (${labels.length} tags)`],
    ],
    notes: () => [
      'Hugging Face token classification JSONL: `datasets.load_dataset("json", data_files="data.jsonl")`; the tag names are in `labels.json` (for a `ClassLabel` feature: `ClassLabel(names=json.load(open("labels.json")))`).',
      `Tags are IOB2 (BIO): \`O\`, then \`B-\` and \`I-\` for each label in schema order: ${labels.map((l, i) => `${i} \`${l}\``).join(', ')}.`,
      'Tokens are UAX #29 word segments without whitespace, cut at the edges of the spans written, so every span written is exactly a run of tokens.',
      '**One tag per token cannot hold nested or overlapping spans.** Policy: where spans overlap, the longest is kept (measured without edge whitespace; at equal length the earlier, then document order), so the outermost of nested spans wins; every span left out is listed with the span it lost to (`overlap`), and so is a span with no token (`no-token`: zero-width or only whitespace). Whitespace at a span’s edge is in no token: such a span is written without it (`adjusted`). For nesting across labels, export one label at a time (`--labels actor`).',
      'Attributes and relations have no place in this format: not written (counted under “Left out or changed”).',
    ],
  };
}
