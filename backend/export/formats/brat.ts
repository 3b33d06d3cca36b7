/**
 * brat standoff: a folder with `annotation.conf` and `visual.conf` (from the schema) and, per
 * document, `<id>.txt` (the text exactly as stored) and `<id>.ann`; with every annotator's
 * layer, one sub-folder per annotator (brat finds the configuration in a parent folder).
 */
import path from 'node:path';
import { bratAnnotationConf, bratAttributeNames, bratVisualConf, exportBratDocument } from '../../../shared/interchange/brat';
import { writeWhole } from '../sink';
import { issueLoss, type FormatWriter, type WriterSetup } from './writer';

export async function bratWriter(setup: WriterSetup): Promise<FormatWriter> {
  const { context, losses } = setup;
  const names = bratAttributeNames(context.schema);
  let files = 0;
  let bytes = 0;
  const put = async (relative: string, text: string) => {
    bytes += await writeWhole(path.join(setup.out, relative), text);
    files++;
  };
  return {
    async write(doc) {
      const out = exportBratDocument(doc, context, names);
      const dir = setup.severalLayers ? `${doc.annotator}/` : '';
      await put(`${dir}${doc.id}.txt`, out.txt);
      await put(`${dir}${doc.id}.ann`, out.ann);
      for (const issue of out.issues) await losses.add(issueLoss(doc, issue.item, issue.message));
      if (doc.note) losses.notCarried.notes++; // brat has no place for a note on a whole document
      let spans = 0;
      let relations = 0;
      for (const line of out.ann.split('\n')) {
        if (line.startsWith('T')) spans++;
        else if (line.startsWith('R')) relations++;
      }
      return { spans, relations };
    },
    async finish() {
      await put('annotation.conf', bratAnnotationConf(context.schema));
      await put('visual.conf', bratVisualConf(context.schema));
      return { files, bytes };
    },
    discard: async () => undefined,
    contents: () => [
      ['annotation.conf, visual.conf', 'brat’s configuration, from the schema: labels are entity types, relation types relations, attributes as below'],
      [setup.severalLayers ? '<annotator>/<document>.txt, .ann' : '<document>.txt, <document>.ann', 'per document: the text exactly as stored, and its annotations (T, R, A lines, # notes)'],
    ],
    notes: () => [
      'brat standoff: offsets are **Unicode code points** into the `.txt` (which is the document text byte for byte), end exclusive.',
      'A span that crosses a line break is written as fragments (`start end;start end`), its text field the fragments joined by one space, as brat writes them; `standoff import-annotations` joins them back.',
      'Labels are entity types; relations are R lines (`Arg1` the source span, `Arg2` the target). One-of-a-list attributes are A lines with a value and yes/no attributes flags; whole numbers, ranges (`min..max`), free text, several-of-a-list values and linked entities (id and canonical name) are in the span’s `AnnotatorNotes` (`#` lines), since brat attribute values are declared enumerations.',
      'The annotator’s own note on a span is an `AnnotatorNotes` line of its own, as brat writes a note, its flag first in brackets: `#3\tAnnotatorNotes T2\t[unsure] a channel, or the militia itself?` (line breaks escaped as `\\n`). A note on a whole document has no place in brat and is not written (counted under “Left out or changed”).',
      'Overlapping and nested spans are allowed (`<OVERLAP>` in annotation.conf).',
    ],
  };
}
