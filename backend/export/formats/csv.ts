/** CSV for analysts: one row per span, every attribute a column, relations readable. */
import { csvWriter as csvRecords } from '../../../shared/interchange/csv';
import { Sink } from '../sink';
import { issueLoss, type FormatWriter, type WriterSetup } from './writer';

export async function csvWriter(setup: WriterSetup): Promise<FormatWriter> {
  const { context, losses, options } = setup;
  const sink = await Sink.create(setup.out);
  const records = csvRecords(context, { bom: options.csvBom === true, values: options.csvValues ?? 'names', labels: context.schema.labels.map((l) => l.id) });
  await sink.write(records.header);
  return {
    async write(doc) {
      const rows = records.records(doc);
      for (const row of rows) await sink.write(row);
      for (const issue of records.issues.splice(0)) await losses.add(issueLoss(doc, issue.item, issue.message));
      // Relations are written readable in the rows of both their spans.
      return { spans: rows.length, relations: doc.relations.length };
    },
    async finish() {
      await sink.close();
      return { files: 1, bytes: sink.bytes };
    },
    discard: () => sink.discard(),
    contents: () => [[setup.outName, 'one row per span']],
    notes: () => [
      'CSV (RFC 4180, UTF-8' + (options.csvBom ? ' with a byte-order mark for Excel' : '') + ', CRLF record ends), one row per span: `document`, `title`, `annotator`, `span`, `label`, `text`, `start`, `end`, then every attribute of the exported labels as `<label>.<attribute>` (a range as `.min` and `.max`; a linked entity as its canonical name, with its id in `.id`), then `relations` (from this span) and `relations.incoming`, readable: `claimant → Kataib Hezbollah (actor 1234–1250)`, then the annotator’s `note` on the span, its `note.flag`, and `document.note`, the layer’s note on the whole document (flag first in brackets), on each of the document’s rows.',
      '`start`/`end` are **Unicode code points** (Python’s `text[start:end]`), written as numbers; so are whole-number attributes.',
      `Choices are written by ${options.csvValues === 'ids' ? 'id' : 'name'}; yes/no as yes/no; several choices joined with "; ".`,
      'A cell that a spreadsheet would run as a formula (starting with = + - @) has a leading apostrophe.',
    ],
  };
}
