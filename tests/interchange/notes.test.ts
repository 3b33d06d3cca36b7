/**
 * Notes through the interchange formats that carry them: Standoff JSONL (span and document
 * notes, read back whole), brat (a span's note as its own AnnotatorNotes line, read the way brat
 * reads an .ann in Python, and imported back), CSV (read with Python's csv module).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportBrat, importBrat } from '../../shared/interchange/brat';
import { exportCsv } from '../../shared/interchange/csv';
import { parseStandoffJsonl, standoffJsonlLine } from '../../shared/interchange/jsonl';
import type { ExportContext, InterchangeDocument } from '../../shared/interchange/model';
import { DEFAULT_SCHEMA } from '../../shared/model/labels';
import { spanOver } from '../support/spans';
import { python, pythonWith } from './support';

const TEXT = 'The PMU 👍🏽 denied it.\nSaraya claimed the attack.';
const context: ExportContext = { schema: DEFAULT_SCHEMA, entities: new Map() };
/** A note with everything that could break a one-line format: line breaks, a tab, backslashes, ";", quotes, a line separator. */
const AWKWARD = 'Two lines:\nfirst; "second"\tand a \\ backslash\u2028(U+2028), \\n literally';

function doc(): InterchangeDocument {
  return {
    id: 'doc-1',
    text: TEXT,
    title: 'Denial',
    source: null,
    annotator: 'alice',
    note: { text: 'A wire copy; check the source.', flag: 'check-source' },
    spans: [
      { ...spanOver(TEXT, 'PMU', 'a1', 'actor'), attributes: { kind: 'armed-group' }, note: { text: 'PMF, or one of its brigades?', flag: 'unsure' } },
      { ...spanOver(TEXT, 'denied it', 'd1', 'denial'), note: { text: AWKWARD } },
      { ...spanOver(TEXT, 'Saraya claimed the attack', 'c1', 'claim'), note: { text: '', flag: 'discuss' } },
    ],
    relations: [],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'standoff-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { available, skipReason } = pythonWith(['csv', 'json'], 'python3');

describe('notes in exports', () => {
  it('Standoff JSONL keeps span and document notes, and reads them back', () => {
    const line = standoffJsonlLine(doc(), context);
    expect(JSON.parse(line)).toMatchObject({ note: { text: 'A wire copy; check the source.', flag: 'check-source' } });
    const back = parseStandoffJsonl(line, { file: 'x.jsonl', schema: DEFAULT_SCHEMA });
    expect(back.ok).toBe(true);
    const d = back.ok ? back.documents[0]! : null;
    expect(d?.note).toEqual(doc().note);
    expect(Object.fromEntries(d!.spans.map((s) => [s.id, s.note]))).toEqual({ a1: doc().spans[0]!.note, d1: { text: AWKWARD }, c1: { text: '', flag: 'discuss' } });
  });

  it('brat writes each span note as an AnnotatorNotes line of its own, and imports it back', () => {
    const out = exportBrat([doc()], context).documents[0]!;
    const notes = out.ann.split('\n').filter((l) => l.startsWith('#'));
    expect(notes).toEqual([
      '#1\tAnnotatorNotes T1\t[unsure] PMF, or one of its brigades?',
      '#2\tAnnotatorNotes T2\tTwo lines:\\nfirst; "second"\\tand a \\\\ backslash\\u2028(U+2028), \\\\n literally',
      '#3\tAnnotatorNotes T3\t[discuss]',
    ]);
    const back = importBrat([{ id: 'doc-1', text: out.txt, ann: out.ann }], { schema: DEFAULT_SCHEMA, annotator: 'alice' });
    expect(back.ok).toBe(true);
    const spans = back.ok ? back.documents[0]!.spans : [];
    const byText = Object.fromEntries(spans.map((s) => [s.quote.exact, s.note]));
    expect(byText).toEqual({ PMU: doc().spans[0]!.note, 'denied it': { text: AWKWARD }, 'Saraya claimed the attack': { text: '', flag: 'discuss' } });
  });

  it.skipIf(!available)(`brat's reader sees one note line per note, each on a span of the file${skipReason}`, () => {
    const out = exportBrat([doc()], context).documents[0]!;
    writeFileSync(join(dir, 'n.ann'), out.ann, 'utf8');
    // As brat's annotation.py: str.splitlines(), then "#id<TAB>AnnotatorNotes T<n><TAB>text".
    const notes = python<Array<[string, string]>>(
      `import io, json, sys
job = json.load(sys.stdin)
lines = io.open(job["ann"], encoding="utf-8", newline="").read().splitlines()
ids = set(l.split("\\t")[0] for l in lines if l.startswith("T"))
out = []
for l in lines:
    if l.startswith("#"):
        _, head, text = l.split("\\t", 2)
        kind, target = head.split(" ")
        assert kind == "AnnotatorNotes" and target in ids, l
        out.append([target, text])
print(json.dumps(out))`,
      { ann: join(dir, 'n.ann') },
    );
    expect(notes.map(([t]) => t)).toEqual(['T1', 'T2', 'T3']);
  });

  it.skipIf(!available)(`CSV has the note, its flag and the document's note, as Python's csv reads them${skipReason}`, () => {
    const { text } = exportCsv([doc()], context);
    writeFileSync(join(dir, 'n.csv'), text, 'utf8');
    const rows = python<Array<Record<string, string>>>(
      `import csv, io, json, sys
job = json.load(sys.stdin)
print(json.dumps(list(csv.DictReader(io.open(job["csv"], encoding="utf-8", newline="")))))`,
      { csv: join(dir, 'n.csv') },
    );
    expect(rows.map((r) => [r.span, r.note, r['note.flag'], r['document.note']])).toEqual([
      ['a1', 'PMF, or one of its brigades?', 'unsure', '[check source] A wire copy; check the source.'],
      ['d1', AWKWARD, '', '[check source] A wire copy; check the source.'],
      ['c1', '', 'discuss', '[check source] A wire copy; check the source.'],
    ]);
  });
});
