/**
 * CSV for analysts: one row per span, for a spreadsheet or pandas. Export only.
 *
 * Columns, in this order:
 * - `document`, `title`, `annotator`, `span` (its id), `label`, `text` (the span's text
 *   exactly), `start`, `end` (Unicode code points, start inclusive, end exclusive: Python's
 *   `text[start:end]`; written as numbers);
 * - every attribute of the schema, label by label, attribute by attribute, as
 *   `<label>.<attribute>`: a choice as the option's name (`values: 'ids'` for its id), several
 *   choices joined with "; ", a whole number as a number, yes/no as `yes`/`no`, free text as
 *   it is; a range as two number columns `<label>.<attribute>.min` and `.max` (empty when
 *   open); a linked entity as its canonical name, with its id in `<label>.<attribute>.id`;
 *   cells of attributes another label has are empty;
 * - `relations`: the relations from this span, readable, joined with "; ":
 *   `claimant → Kataib Hezbollah (actor 1234–1250)`;
 * - `relations.incoming`: those to it: `claimant ← claimed responsibility (claim 1180–1222)`.
 *
 * Rows: documents in the order given, spans in document order. Text that a spreadsheet would
 * run as a formula (= + - @ at its start) gets a leading apostrophe (`escapeFormulas: false`
 * for a file only code will read); RFC 4180 quoting; CRLF record ends; `bom: true` starts the
 * file with a UTF-8 byte-order mark so that Excel reads it as UTF-8. The writing of records is
 * in rfc4180.ts, to be replaced by csv-stringify.
 */
import type { Entity } from '../../entities/registry';
import type { AttributeDef, AttributeValue, LabelSchema, RangeValue } from '../../model/labels';
import { compareSpans, type Span } from '../../model/span';
import { valueProblem } from '../../schema/conformance';
import { CodePointIndex } from '../../text/codePoints';
import type { ExportContext, InterchangeDocument } from '../model';
import { csvRecord, type CsvCell, type CsvWriteOptions } from './rfc4180';

export interface CsvExportOptions extends CsvWriteOptions {
  /** Start with a UTF-8 byte-order mark (for Excel). */
  bom?: boolean;
  /** Only spans of these labels (and only their attribute columns); all labels by default. */
  labels?: readonly string[];
  /** Choice values as option names (default) or ids; relation types likewise. */
  values?: 'names' | 'ids';
}

export interface CsvExportIssue {
  document: string;
  item?: string;
  message: string;
}

type Column = { header: string; cell: (span: Span, index: CodePointIndex, doc: InterchangeDocument) => CsvCell };

/** How many code points of a related span's text the readable relation shows. */
const RELATED_TEXT = 60;

/** The header row. */
export function csvColumns(schema: LabelSchema, options: Pick<CsvExportOptions, 'labels'> = {}): string[] {
  return headerOf(columnsFor({ schema, entities: new Map() }, options, () => undefined));
}

function headerOf(columns: readonly Column[]): string[] {
  return [...columns.map((c) => c.header), 'relations', 'relations.incoming'];
}

function columnsFor(ctx: ExportContext, options: Pick<CsvExportOptions, 'labels' | 'values'>, issue: (doc: string, item: string, message: string) => void): Column[] {
  const names = options.values !== 'ids';
  const columns: Column[] = [
    { header: 'document', cell: (_s, _i, d) => d.id },
    { header: 'title', cell: (_s, _i, d) => d.title },
    { header: 'annotator', cell: (_s, _i, d) => d.annotator },
    { header: 'span', cell: (s) => s.id },
    { header: 'label', cell: (s) => s.label },
    { header: 'text', cell: (s, i) => i.slice(s.startOffset, s.endOffset) },
    { header: 'start', cell: (s) => s.startOffset },
    { header: 'end', cell: (s) => s.endOffset },
  ];
  const wanted = options.labels ? new Set(options.labels) : null;
  for (const label of ctx.schema.labels) {
    if (wanted && !wanted.has(label.id)) continue;
    for (const def of label.attributes) {
      const key = `${label.id}.${def.id}`;
      const value = (s: Span, d: InterchangeDocument): AttributeValue | undefined => {
        if (s.label !== label.id) return undefined;
        const v = s.attributes?.[def.id];
        if (v === undefined) return undefined;
        const why = valueProblem(def, v);
        if (why) {
          issue(d.id, s.id, `${key}: ${why}: left empty`);
          return undefined;
        }
        return v;
      };
      if (def.type === 'range') {
        columns.push({ header: `${key}.min`, cell: (s, _i, d) => (value(s, d) as RangeValue | undefined)?.min ?? null });
        columns.push({ header: `${key}.max`, cell: (s) => (valueQuiet(s, label.id, def) as RangeValue | undefined)?.max ?? null });
      } else if (def.type === 'entity') {
        columns.push({
          header: key,
          cell: (s, _i, d) => {
            const id = value(s, d) as string | undefined;
            if (id === undefined) return null;
            const entity: Entity | undefined = ctx.entities.get(id);
            if (!entity) issue(d.id, s.id, `${key}: entity "${id}" is not in the registry: its name is left empty`);
            return entity?.name ?? null;
          },
        });
        columns.push({ header: `${key}.id`, cell: (s) => (valueQuiet(s, label.id, def) as string | undefined) ?? null });
      } else {
        columns.push({ header: key, cell: (s, _i, d) => render(def, value(s, d), names) });
      }
    }
  }
  return columns;
}

/** The value again, for a second column of the same attribute (its problem is reported once). */
function valueQuiet(s: Span, label: string, def: AttributeDef): AttributeValue | undefined {
  if (s.label !== label) return undefined;
  const v = s.attributes?.[def.id];
  return v === undefined || valueProblem(def, v) ? undefined : v;
}

function render(def: AttributeDef, v: AttributeValue | undefined, names: boolean): CsvCell {
  if (v === undefined) return null;
  switch (def.type) {
    case 'choice':
      return names ? (def.options.find((o) => o.id === v)?.name ?? (v as string)) : (v as string);
    case 'choices':
      return (v as string[]).map((id) => (names ? (def.options.find((o) => o.id === id)?.name ?? id) : id)).join('; ');
    case 'integer':
      return v as number;
    case 'boolean':
      return v ? 'yes' : 'no';
    case 'text':
      return v as string;
    // Written as two columns each (min and max; name and id), above: never through here.
    case 'range':
    case 'entity':
      return JSON.stringify(v);
  }
}

export interface CsvTable {
  header: string[];
  rows: CsvCell[][];
  issues: CsvExportIssue[];
}

/** The cells, before they are written: header and one row per span. */
export function csvTable(docs: Iterable<InterchangeDocument>, ctx: ExportContext, options: CsvExportOptions = {}): CsvTable {
  const rows: CsvCell[][] = [];
  const issues: CsvExportIssue[] = [];
  const columns = columnsFor(ctx, options, (document, item, message) => issues.push({ document, item, message }));
  for (const doc of docs) for (const row of rowsOf(doc, ctx, options, columns, issues)) rows.push(row);
  return { header: headerOf(columns), rows, issues };
}

function* rowsOf(doc: InterchangeDocument, ctx: ExportContext, options: CsvExportOptions, columns: Column[], issues: CsvExportIssue[]): Generator<CsvCell[]> {
  const index = new CodePointIndex(doc.text);
  const wanted = options.labels ? new Set(options.labels) : null;
  const names = options.values !== 'ids';
  const spans = new Map(doc.spans.map((s) => [s.id, s]));
  const relationName = (type: string) => (names ? (ctx.schema.relations.find((r) => r.id === type)?.name ?? type) : type);
  const describe = (s: Span | undefined, id: string) => {
    if (!s) return `${id} (not in this layer)`;
    const text = index.slice(Math.max(0, s.startOffset), Math.min(index.length, s.endOffset)).replace(/\s+/gu, ' ').trim();
    const short = [...text].length > RELATED_TEXT ? `${[...text].slice(0, RELATED_TEXT - 1).join('')}…` : text;
    return `${short} (${s.label} ${s.startOffset}–${s.endOffset})`;
  };
  for (const span of [...doc.spans].sort(compareSpans)) {
    if (wanted && !wanted.has(span.label)) continue;
    const { startOffset: s, endOffset: e } = span;
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e < s || e > index.length) {
      issues.push({ document: doc.id, item: span.id, message: `span ${s}–${e} is outside the text (${index.length} code points): not exported` });
      continue;
    }
    const label = ctx.schema.labels.find((l) => l.id === span.label);
    for (const id of Object.keys(span.attributes ?? {})) {
      if (!label || !label.attributes.some((d) => d.id === id)) issues.push({ document: doc.id, item: span.id, message: `attribute "${id}" of ${span.label} is not in the schema: not exported` });
    }
    const row = columns.map((c) => c.cell(span, index, doc));
    const outgoing = doc.relations.filter((r) => r.from === span.id).map((r) => `${relationName(r.type)} → ${describe(spans.get(r.to), r.to)}`);
    const incoming = doc.relations.filter((r) => r.to === span.id).map((r) => `${relationName(r.type)} ← ${describe(spans.get(r.from), r.from)}`);
    row.push(outgoing.sort().join('; ') || null, incoming.sort().join('; ') || null);
    yield row;
  }
}

/**
 * The file, record by record (the first with the BOM when asked): for a large corpus, write
 * each string as it comes. `issues` fills as the records are made.
 */
export function* csvRecords(docs: Iterable<InterchangeDocument>, ctx: ExportContext, options: CsvExportOptions = {}, issues: CsvExportIssue[] = []): Generator<string> {
  const writer = csvWriter(ctx, options, issues);
  yield writer.header;
  for (const doc of docs) yield* writer.records(doc);
}

export interface CsvWriter {
  /** The first record (with the BOM when asked). */
  header: string;
  /** One document's records, one per span, in document order. */
  records(doc: InterchangeDocument): string[];
  /** Fills as records are made: take them as you go. */
  issues: CsvExportIssue[];
}

/** The file written document by document, for a corpus streamed to disk. */
export function csvWriter(ctx: ExportContext, options: CsvExportOptions = {}, issues: CsvExportIssue[] = []): CsvWriter {
  const columns = columnsFor(ctx, options, (document, item, message) => issues.push({ document, item, message }));
  return {
    header: (options.bom ? '\uFEFF' : '') + csvRecord(headerOf(columns), options),
    records: (doc) => [...rowsOf(doc, ctx, options, columns, issues)].map((row) => csvRecord(row, options)),
    issues,
  };
}

export function exportCsv(docs: Iterable<InterchangeDocument>, ctx: ExportContext, options: CsvExportOptions = {}): { text: string; issues: CsvExportIssue[] } {
  const issues: CsvExportIssue[] = [];
  return { text: [...csvRecords(docs, ctx, options, issues)].join(''), issues };
}
