import { describe, expect, it } from 'vitest';
import type { Span } from '../model/span';
import { textHash } from '../text/hash';
import { emptyAnnotationFile, parseAnnotationFile, serializeAnnotationFile, type AnnotationFile } from './annotationFile';
import { FormatError } from './errors';

const FILE = 'documents/doc-1/annotations/amira.json';
const HASH = textHash('some text');
const span = (over: Partial<Span> = {}): Span => ({ id: 's1', label: 'actor', startOffset: 0, endOffset: 4, quote: { prefix: '', exact: 'some', suffix: ' text' }, ...over });

describe('notes in annotation files', () => {
  it('keeps a span note, a document note and the curator’s notes on disagreements, byte for byte', () => {
    const file: AnnotationFile = {
      ...emptyAnnotationFile('doc-1', 'gold', HASH),
      note: { text: 'Second half is a wire copy.', flag: 'check-source' },
      spans: [span({ note: { text: 'is this the army, or "police", said:"x"?', flag: 'unsure' } }), span({ id: 's2', startOffset: 5, endOffset: 9, quote: { prefix: 'some ', exact: 'text', suffix: '' }, note: { text: 'plain' } })],
      settled: ['amira/a1+tom/t1'],
      unitNotes: { 'amira/a1+tom/t1': { text: 'Count the wounded too, as in §3 of the guidelines, "at least".', flag: 'discuss' }, 'tom/t9': { text: 'x' } },
    };
    const text = serializeAnnotationFile(file);
    const back = parseAnnotationFile(text, FILE.replace('amira', 'gold'));
    expect(back.note).toEqual(file.note);
    expect(back.spans[0]!.note).toEqual(file.spans[0]!.note);
    expect(back.spans[1]!.note).toEqual({ text: 'plain' });
    expect(back.unitNotes).toEqual(file.unitNotes);
    expect(serializeAnnotationFile(back)).toBe(text);
    // One curator note per line, sorted by unit key: adding one is a one-line diff.
    expect(text).toContain('  "unitNotes": {\n    "amira/a1+tom/t1": {"text": "Count the wounded too, as in §3 of the guidelines, \\"at least\\".", "flag": "discuss"},\n    "tom/t9": {"text": "x"}\n  }\n}\n');
    // The document note sits in the head, after the finished mark's place.
    expect(text.indexOf('"note"')).toBeLessThan(text.indexOf('"spans"'));
  });

  it('reads a version 2 file written before notes, and writes it back unchanged', () => {
    const before = serializeAnnotationFile({ ...emptyAnnotationFile('doc-1', 'amira', HASH), spans: [span({ attributes: { kind: 'army' } })] });
    expect(before).not.toContain('note');
    const parsed = parseAnnotationFile(before, FILE);
    expect(parsed.spans[0]!.note).toBeUndefined();
    expect(parsed.note).toBeUndefined();
    expect(serializeAnnotationFile(parsed)).toBe(before);
  });

  it('reads a version 1 file and gives it no notes', () => {
    const v1 = JSON.stringify({ format: 'standoff/annotations', version: 1, document: 'doc-1', annotator: 'amira', offsets: 'unicode-code-points', textHash: HASH, spans: [span()], orphans: [] });
    const parsed = parseAnnotationFile(v1, FILE);
    expect(parsed.version).toBe(2);
    expect(parsed.spans[0]!.note).toBeUndefined();
  });

  it('refuses an empty note, an odd flag, and notes on disagreements outside gold', () => {
    const record = JSON.parse(serializeAnnotationFile({ ...emptyAnnotationFile('doc-1', 'amira', HASH), spans: [span()] })) as Record<string, unknown> & { spans: Record<string, unknown>[] };
    const problems = (r: unknown) => {
      try {
        parseAnnotationFile(JSON.stringify(r), FILE);
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        return (e as FormatError).problems.join('\n');
      }
      return '';
    };
    expect(problems({ ...record, spans: [{ ...record.spans[0], note: { text: '  ' } }] })).toMatch(/a note needs a text or a flag/);
    expect(problems({ ...record, note: { text: 'x', flag: 'Check Source' } })).toMatch(/note\.flag/);
    expect(problems({ ...record, unitNotes: { 'tom/t1': { text: 'x' } } })).toMatch(/only the gold layer holds notes on disagreements/);
    expect(problems({ ...record, note: { text: 'x', colour: 'red' } })).toMatch(/colour/);
  });
});
