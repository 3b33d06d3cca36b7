/**
 * WebAnno TSV 3.3 (INCEpTION's `ctsv3`): a folder with one `<document>.tsv` per document (per
 * annotator and document with every annotator's layer), as INCEpTION imports them one
 * document at a time.
 */
import path from 'node:path';
import { exportTsv3, RELATION_LAYER, SPAN_LAYER, tsvAttributeColumns } from '../../../shared/interchange/webanno';
import { writeWhole } from '../sink';
import { issueLoss, lossOf, noteCount, type FormatWriter, type WriterSetup } from './writer';

export async function webannoWriter(setup: WriterSetup): Promise<FormatWriter> {
  const { context, losses } = setup;
  let files = 0;
  let bytes = 0;
  return {
    async write(doc) {
      const out = exportTsv3(doc, context);
      bytes += await writeWhole(path.join(setup.out, setup.severalLayers ? doc.annotator : '', `${doc.id}.tsv`), out.text);
      files++;
      for (const d of out.dropped) await losses.add(lossOf(doc, d.span.id, 'span', 'no-token', d.why));
      for (const a of out.adjusted) await losses.add(lossOf(doc, a.span.id, 'span', 'adjusted', `written as ${a.start}–${a.end}: whitespace at its edge is in no token`));
      for (const r of out.droppedRelations) await losses.add(lossOf(doc, r.id, 'relation', 'end-not-exported', `${r.type} ${r.from} → ${r.to}: a span of it has no token`));
      for (const i of out.issues) await losses.add(issueLoss(doc, i.item, i.message));
      losses.notCarried.notes += noteCount(doc);
      return { spans: doc.spans.length - out.dropped.length, relations: doc.relations.length - out.droppedRelations.length };
    },
    async finish() {
      return { files, bytes };
    },
    discard: async () => undefined,
    contents: () => [[setup.severalLayers ? '<annotator>/<document>.tsv' : '<document>.tsv', 'one WebAnno TSV 3.3 file per document, as INCEpTION imports it (format “WebAnno TSV 3”)']],
    notes: () => [
      `WebAnno TSV 3.3: one span layer \`${SPAN_LAYER}\` with the features \`label\`${tsvAttributeColumns(context.schema).map((a) => `, \`${a}\``).join('')} and one relation layer \`${RELATION_LAYER}\` with the feature \`label\` between its spans. In INCEpTION, create these layers and features (span layer, relation layer attached to it; string features) before importing, as its import requires.`,
      '**Offsets are UTF-16 units** (Java’s), as the format defines them, converted from Standoff’s code points.',
      'Tokens are UAX #29 word segments cut at every span edge, so every span is whole tokens; sentences end where ICU ends one and at line breaks, never inside a span. Whitespace at a span’s edge is in no token: such a span is written without it (`adjusted`); a zero-width span has no token (`no-token`), and a relation to it is left out.',
      'Attribute values are text: option ids, several choices joined by ",", yes/no as true/false, a range as `min..max`, a linked entity by its id; an empty value has no place (TSV’s `*` is “no value”) and is listed. Notes have no place in TSV.',
      'The format keeps only the sentences’ text, not what lies between them: `standoff import-annotations` matches a file to its document by its name and checks every token against the document’s text.',
    ],
  };
}
