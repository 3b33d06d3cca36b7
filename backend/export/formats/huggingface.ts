/**
 * Hugging Face token classification: a folder with `data.jsonl` (records of at most N tokens,
 * cut between sentences: id, document, window, tokens, ner_tags as integers, and the
 * whitespace that rebuilds the text), the card (README.md) whose YAML header tells `datasets`
 * which file is the data and that `ner_tags` are a ClassLabel with these names, and the tag
 * names again in `.labels.json`, a hidden file, which `datasets` never takes for data.
 */
import path from 'node:path';
import { DEFAULT_WINDOW_TOKENS, huggingFaceLabelList, huggingFaceWindows } from '../../../shared/interchange/jsonl';
import { jsonLine } from '../../../shared/interchange/jsonl/lines';
import { Sink, writeWhole } from '../sink';
import { attributeCount, lossOf, noteCount, type FormatWriter, type WriterSetup } from './writer';

/** Where the tag names go: hidden, because `load_dataset(folder)` and `data_dir=` read every other JSON file as data. */
export const HF_LABELS_FILE = '.labels.json';

export async function huggingFaceWriter(setup: WriterSetup): Promise<FormatWriter> {
  const { context, losses, options } = setup;
  const labels = huggingFaceLabelList(context.schema);
  const maxTokens = options.hfWindow ?? DEFAULT_WINDOW_TOKENS;
  const sink = await Sink.create(path.join(setup.out, 'data.jsonl'));
  let records = 0;
  let longest = 0;
  return {
    async write(doc) {
      const out = huggingFaceWindows(doc, labels, { annotator: setup.severalLayers, maxTokens });
      for (const line of out.lines) await sink.write(line);
      records += out.lines.length;
      for (const w of out.windows) longest = Math.max(longest, w.count);
      for (const d of out.dropped) await losses.add(lossOf(doc, d.spanId, 'span', d.reason === 'overlap' ? 'overlap' : 'no-token', d.detail));
      for (const t of out.trimmed) await losses.add(lossOf(doc, t.spanId, 'span', 'adjusted', t.detail));
      for (const s of out.split) await losses.add(lossOf(doc, s.spanId, 'span', 'adjusted', s.detail));
      losses.notCarried.attributes += attributeCount(doc);
      losses.notCarried.notes += noteCount(doc);
      losses.notCarried.relations += doc.relations.length;
      return { spans: out.kept.length, relations: 0 };
    },
    async finish() {
      await sink.close();
      const bytes = await writeWhole(path.join(setup.out, HF_LABELS_FILE), jsonLine(labels));
      return { files: 2, bytes: sink.bytes + bytes };
    },
    discard: () => sink.discard(),
    contents: () => [
      [
        'data.jsonl',
        `${records.toLocaleString('en-US')} records of at most ${maxTokens} tokens (the longest has ${longest}), cut between sentences: \`id\` (\`<document>:<window>\`), \`document\`${setup.severalLayers ? ', `annotator`' : ''}, \`window\`, \`tokens\`, \`ner_tags\`, \`leading\`, \`whitespace\``,
      ],
      [HF_LABELS_FILE, `the tag names, index i is tag i (${labels.length} tags); hidden so that \`datasets\` never reads it as data; the same names are in this card’s \`dataset_info\``],
    ],
    notes: () => [
      '`datasets.load_dataset("<this folder>")` reads `data.jsonl` (this card’s YAML header names it) with `ner_tags` as a sequence of `ClassLabel` (its `names` are the tags below): `ds["train"].features["ner_tags"].feature.names`. Or `load_dataset("json", data_files="data.jsonl")`, with the names from `.labels.json`.',
      `Records are **windows of at most ${maxTokens} tokens**, so a model with a 512-subword limit truncates none of them: a window ends between sentences (ICU’s sentence ends and line breaks, never inside a span written); a sentence longer than a window is cut between tokens, before a span rather than inside it; only a span longer than a window is cut, its pieces each begin with B- (listed as \`adjusted\`). \`window\` counts from 0 within \`document\`.`,
      '**Tokens rebuild the text**: `whitespace[i]` is what follows token i, `leading` what comes before a document’s first token, so `leading + "".join(t + w for t, w in zip(tokens, whitespace))` over a document’s windows in order is its text, exactly.',
      `Tags are IOB2 (BIO): \`O\`, then \`B-\` and \`I-\` for each label in schema order: ${labels.map((l, i) => `${i} \`${l}\``).join(', ')}.`,
      'Tokens are UAX #29 word segments without whitespace, cut at the edges of the spans written, so every span written is exactly a run of tokens.',
      '**One tag per token cannot hold nested or overlapping spans.** Policy: where spans overlap, the longest is kept (measured without edge whitespace; at equal length the earlier, then document order), so the outermost of nested spans wins; every span left out is listed with the span it lost to (`overlap`), and so is a span with no token (`no-token`: zero-width or only whitespace). Whitespace at a span’s edge is in no token: such a span is written without it (`adjusted`). For nesting across labels, export one label at a time (`--labels actor`).',
      'Attributes and relations have no place in this format: not written (counted under “Left out or changed”).',
    ],
  };
}
