/**
 * A minimal RFC 4180 record writer.
 *
 * TO BE REPLACED by csv-stringify (its `stringify` / sync API with `escape_formulas: true`,
 * `record_delimiter: 'windows'`, `bom`), once the dependency is added: this module is the only
 * place that knows how a record is written, and its options are named after csv-stringify's.
 * Until then it does what csv-stringify does for our cells:
 * - a field is quoted when it holds the delimiter, a double quote, CR or LF; quotes are doubled;
 * - with `escapeFormulas`, a TEXT field that starts with = + - @ TAB or CR (or their full-width
 *   forms ＝ ＋ － ＠) gets a leading apostrophe, so a spreadsheet shows it instead of running it;
 * - numbers are written as numbers (never quoted, never apostrophised: `-2` stays a number; with
 *   csv-stringify, keep numbers out of formula escaping with a `cast.number` that returns them
 *   as they are, or accept "'-2" for negative values);
 * - null is an empty field;
 * - records end with CRLF (RFC 4180) unless told otherwise.
 */

export type CsvCell = string | number | null;

export interface CsvWriteOptions {
  delimiter?: ',' | ';' | '\t';
  /** Record delimiter; RFC 4180 says CRLF. */
  eol?: '\r\n' | '\n';
  /** Prefix text that a spreadsheet would take for a formula with an apostrophe (default true). */
  escapeFormulas?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

export function csvField(cell: CsvCell, options: CsvWriteOptions = {}): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const delimiter = options.delimiter ?? ',';
  const text = options.escapeFormulas !== false && FORMULA_START.test(cell) ? `'${cell}` : cell;
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its record delimiter. */
export function csvRecord(cells: readonly CsvCell[], options: CsvWriteOptions = {}): string {
  return cells.map((c) => csvField(c, options)).join(options.delimiter ?? ',') + (options.eol ?? '\r\n');
}
