/**
 * The CSV export read back by Python's csv module: the same cells, and start/end that slice
 * the document text in Python (code points) to the span's text. Skipped, saying why, without
 * /usr/bin/python3.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvTable, exportCsv, type CsvExportOptions } from '../../shared/interchange/csv/export';
import type { ExportContext, InterchangeDocument } from '../../shared/interchange/model';
import { TEST_CONTEXT, generateDocument, seededRandom } from './generate';
import { python, pythonWith, sampleProject } from './support';

const { available, skipReason } = pythonWith(['csv'], 'python3');

const SCRIPT = `
import csv, json, sys
job = json.load(sys.stdin)
texts = job["texts"]
escaped = job["escapeFormulas"]
with open(job["path"], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f, delimiter=job["delimiter"]))
header = rows[0]
col = {name: i for i, name in enumerate(header)}
bad = []
for n, row in enumerate(rows[1:], start=2):
    if len(row) != len(header):
        bad.append([n, "cells", len(row)])
        continue
    text = texts[row[col["document"]]]
    start, end = int(row[col["start"]]), int(row[col["end"]])
    cell = row[col["text"]]
    if escaped and cell[:2] in ("'=", "'+", "'-", "'@", "'\\t", "'\\r", "'\\uff1d", "'\\uff0b", "'\\uff0d", "'\\uff20"):
        cell = cell[1:]
    if text[start:end] != cell:
        bad.append([n, "slice", text[start:end], cell])
print(json.dumps({"rows": rows, "bad": bad, "bom": open(job["path"], "rb").read(3) == b"\\xef\\xbb\\xbf"}))
`;

const dir = mkdtempSync(join(tmpdir(), 'standoff-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(docs: InterchangeDocument[], ctx: ExportContext, options: CsvExportOptions, name: string) {
  const path = join(dir, name);
  writeFileSync(path, exportCsv(docs, ctx, options).text, 'utf8');
  const texts = Object.fromEntries(docs.map((d) => [d.id, d.text]));
  const py = python<{ rows: string[][]; bad: unknown[]; bom: boolean }>(SCRIPT, { path, texts, delimiter: options.delimiter ?? ',', escapeFormulas: options.escapeFormulas !== false });
  const table = csvTable(docs, ctx, options);
  const escape = (s: string) => (options.escapeFormulas !== false && /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(s) ? `'${s}` : s);
  expect(py.bad).toEqual([]);
  expect(py.bom).toBe(Boolean(options.bom));
  expect(py.rows[0]).toEqual(table.header);
  expect(py.rows.slice(1)).toEqual(table.rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? String(c) : escape(c)))));
  return table;
}

describe.skipIf(!available)(`CSV read by Python's csv module${skipReason}`, () => {
  it('reads the same cells, and offsets that slice the text in Python, for generated documents', () => {
    const random = seededRandom(1001);
    const docs = Array.from({ length: 150 }, (_, n) => generateDocument(random, n, { zeroWidth: true }));
    const table = check(docs, TEST_CONTEXT, { bom: true }, 'generated.csv');
    expect(table.rows.length).toBeGreaterThan(500);
    check(docs, TEST_CONTEXT, { delimiter: ';', escapeFormulas: false, eol: '\n' }, 'generated-semicolon.csv');
  });

  it('reads the sample project (five seed articles, every layer)', () => {
    const { docs, ctx } = sampleProject();
    const table = check(docs, ctx, {}, 'seeds.csv');
    expect(table.issues).toEqual([]);
    expect(table.rows.length).toBe(docs.reduce((n, d) => n + d.spans.length, 0));
  });
});
