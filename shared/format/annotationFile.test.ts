import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../model/span';
import { textHash } from '../text/hash';
import {
  ANNOTATION_FORMAT,
  emptyAnnotationFile,
  parseAnnotationFile,
  serializeAnnotationFile,
  serializeAnnotationFileChunks,
  type AnnotationFile,
} from './annotationFile';
import { FormatError } from './errors';

const FILE = 'documents/doc-1/annotations/amira.json';
const HASH = textHash('some text');

function span(i: number, over: Partial<Span> = {}): Span {
  return {
    id: `s${String(i).padStart(3, '0')}`,
    label: i % 2 ? 'actor' : 'claim',
    startOffset: i * 10,
    endOffset: i * 10 + 5,
    quote: { prefix: `before ${i} `, exact: `span${i}`, suffix: ` after ${i}` },
    ...over,
  };
}

function file(spans: Span[], over: Partial<AnnotationFile> = {}): AnnotationFile {
  return { ...emptyAnnotationFile('doc-1', 'amira', HASH), spans, ...over };
}

/** The FormatError a raw file gives (fails the test if it parses). */
function problemsOf(raw: string): FormatError {
  try {
    parseAnnotationFile(raw, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    const err = e as FormatError;
    expect(err.file).toBe(FILE);
    expect(err.message.startsWith(`${FILE}: `)).toBe(true);
    return err;
  }
  throw new Error('expected the file to be rejected');
}

/** A valid file as a plain object, to break one field at a time. */
function validRecord(): Record<string, unknown> {
  return JSON.parse(serializeAnnotationFile(file([span(1), span(2)]))) as Record<string, unknown>;
}
const raw = (record: unknown): string => JSON.stringify(record, null, 2);

describe('annotation files: round trip and stable output', () => {
  it('parses what it serializes, to the same content and the same bytes', () => {
    const original = file([span(3), span(1), span(2)], {
      orphans: [{ span: span(9), reason: 'quote "span9" not found in the changed text' }],
    });
    const text = serializeAnnotationFile(original);
    const parsed = parseAnnotationFile(text, FILE);
    expect(parsed.spans.map((s) => s.id)).toEqual(['s001', 's002', 's003']);
    expect(parsed.orphans).toEqual(original.orphans);
    expect(parsed.spans).toEqual([span(1), span(2), span(3)]);
    expect(serializeAnnotationFile(parsed)).toBe(text);
  });

  it('writes two-space JSON with a final newline and a fixed key order', () => {
    const text = serializeAnnotationFile(file([span(1)]));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toContain('\r');
    expect(text.split('\n')[1]).toBe(`  "format": "${ANNOTATION_FORMAT}",`);
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys).toEqual(['format', 'version', 'document', 'annotator', 'offsets', 'textHash', 'spans', 'relations', 'orphans']);
    expect(JSON.parse(text).offsets).toBe('unicode-code-points');
  });

  it('gives the same bytes whatever the order of spans and of keys in memory', () => {
    const spans = Array.from({ length: 20 }, (_, i) => span(i));
    fc.assert(
      fc.property(fc.shuffledSubarray(spans, { minLength: 20, maxLength: 20 }), (shuffled) => {
        const scrambled = shuffled.map((s) => ({ quote: { suffix: s.quote.suffix, exact: s.quote.exact, prefix: s.quote.prefix }, endOffset: s.endOffset, startOffset: s.startOffset, label: s.label, id: s.id }));
        expect(serializeAnnotationFile(file(scrambled))).toBe(serializeAnnotationFile(file(spans)));
      }),
      { numRuns: 50 },
    );
  });

  it('sorts spans in document order: start, longer first, then label, then id', () => {
    const spans = [
      span(1, { id: 'b', startOffset: 5, endOffset: 9, label: 'claim' }),
      span(1, { id: 'a', startOffset: 5, endOffset: 9, label: 'claim' }),
      span(1, { id: 'c', startOffset: 5, endOffset: 9, label: 'actor' }),
      span(1, { id: 'd', startOffset: 5, endOffset: 20 }),
      span(1, { id: 'e', startOffset: 0, endOffset: 3 }),
    ];
    const ids = (JSON.parse(serializeAnnotationFile(file(spans))) as AnnotationFile).spans.map((s) => s.id);
    expect(ids).toEqual(['e', 'd', 'c', 'a', 'b']);
  });

  it('re-serializes a hand-written canonical file byte for byte, attributes and relations included', () => {
    const canonical = [
      '{',
      '  "format": "standoff/annotations",',
      '  "version": 2,',
      '  "document": "doc-1",',
      '  "annotator": "amira",',
      '  "offsets": "unicode-code-points",',
      `  "textHash": "${HASH}",`,
      '  "spans": [',
      '    {',
      '      "id": "s1",',
      '      "label": "actor",',
      '      "startOffset": 4,',
      '      "endOffset": 10,',
      '      "quote": {',
      '        "prefix": "How ",',
      '        "exact": "Qassem",',
      '        "suffix": " Suleimani 👍🏽"',
      '      },',
      '      "attributes": {',
      '        "entity": "qassem-soleimani",',
      '        "kind": "official"',
      '      }',
      '    },',
      '    {',
      '      "id": "s2",',
      '      "label": "casualty-figure",',
      '      "startOffset": 21,',
      '      "endOffset": 23,',
      '      "quote": {',
      '        "prefix": "How Qassem Suleimani ",',
      '        "exact": "👍🏽",',
      '        "suffix": ""',
      '      },',
      '      "attributes": {',
      '        "count": {',
      '          "min": 31,',
      '          "max": null',
      '        },',
      '        "vague": false',
      '      }',
      '    }',
      '  ],',
      '  "relations": [',
      '    {"id": "r1", "type": "reported-by", "from": "s2", "to": "s1"}',
      '  ],',
      '  "orphans": []',
      '}',
      '',
    ].join('\n');
    expect(serializeAnnotationFile(parseAnnotationFile(canonical, FILE))).toBe(canonical);
  });

  it('reads a version 1 file (no relations) and writes it as version 2', () => {
    const v1 = serializeAnnotationFile({ ...parseAnnotationFile(raw(validRecord()), FILE) }).replace('"version": 2', '"version": 1').replace(/\n {2}"relations": \[\],/, '');
    expect(v1).not.toContain('relations');
    const read = parseAnnotationFile(v1, FILE);
    expect(read.version).toBe(2);
    expect(read.relations).toEqual([]);
  });

  it('rejects a relation to a span that is not in the file, a duplicate relation id, and a span related to itself', () => {
    const record = validRecord() as Record<string, unknown> & { spans: Array<{ id: string }> };
    const id = record.spans[0]!.id;
    const bad = { ...record, relations: [{ id: 'r1', type: 'claimant', from: id, to: 'nope' }, { id: 'r1', type: 'claimant', from: id, to: id }] };
    const text = problemsOf(raw(bad)).problems.join('\n');
    expect(text).toContain('relations[0].to: no span "nope" in this file');
    expect(text).toContain('relations[1].id: duplicate relation id "r1"');
    expect(text).toContain('relations[1].to: a relation joins two different spans');
  });

  it('turns adding one span to a file of 50 into one small contiguous hunk', () => {
    const spans = Array.from({ length: 50 }, (_, i) => span(i * 2));
    const before = serializeAnnotationFile(file(spans)).split('\n');
    for (const added of [span(51), span(-1, { id: 'first', startOffset: 0, endOffset: 0, quote: { prefix: '', exact: '', suffix: 'x' } }), span(200)]) {
      // Order of the array in memory must not matter either.
      const after = serializeAnnotationFile(file([added, ...spans].reverse())).split('\n');
      let head = 0;
      while (head < before.length && before[head] === after[head]) head++;
      let tail = 0;
      while (tail < before.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
      const removed = before.slice(head, before.length - tail);
      const inserted = after.slice(head, after.length - tail);
      // One span is 11 lines; at most one neighbouring line changes (a "}" gaining its ",").
      expect(removed.length).toBeLessThanOrEqual(1);
      expect(inserted.length - removed.length).toBe(11);
      expect(inserted.join('\n')).toContain(`"id": "${added.id}"`);
      expect(head + tail + removed.length).toBe(before.length);
    }
  });
});

describe('annotation files: what is rejected, and how it is said', () => {
  it('rejects invalid JSON naming the file', () => {
    const err = problemsOf('{"format": "standoff/annotations", ');
    expect(err.problems[0]).toMatch(/not valid JSON/);
  });

  it('rejects a JSON value that is not an object', () => {
    expect(problemsOf('[1,2]').problems[0]).toMatch(/expected a JSON object/);
    expect(problemsOf('null').problems[0]).toMatch(/expected a JSON object/);
  });

  it('rejects a file of another kind, quoting its "format"', () => {
    const err = problemsOf(raw({ ...validRecord(), format: 'standoff/project' }));
    expect(err.problems[0]).toContain('not a standoff/annotations file');
    expect(err.problems[0]).toContain('"standoff/project"');
    expect(problemsOf(raw({ ...validRecord(), format: undefined })).problems[0]).toContain('null');
  });

  it('rejects a newer version, naming the version and saying the file was left as it is', () => {
    const err = problemsOf(raw({ ...validRecord(), version: 3, somethingNew: true }));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toContain('version 3');
    expect(err.problems[0]).toMatch(/newer than this Standoff understands/);
    expect(err.problems[0]).toMatch(/left as it is/);
    expect(problemsOf(raw({ ...validRecord(), version: 99 })).message).toContain('version 99');
  });

  it('rejects a missing, fractional or zero version', () => {
    expect(problemsOf(raw({ ...validRecord(), version: undefined })).problems[0]).toMatch(/"version" is missing/);
    expect(problemsOf(raw({ ...validRecord(), version: 1.5 })).problems[0]).toMatch(/not a whole number/);
    expect(problemsOf(raw({ ...validRecord(), version: '1' })).problems[0]).toMatch(/not a whole number/);
    expect(problemsOf(raw({ ...validRecord(), version: 0 })).problems[0]).toMatch(/unknown format version 0/);
  });

  it('rejects duplicate span ids, naming the second one by its path', () => {
    const record = validRecord();
    const spans = record.spans as Span[];
    spans[1] = { ...(spans[1] as Span), id: (spans[0] as Span).id };
    const err = problemsOf(raw(record));
    expect(err.problems).toContain(`spans[1].id: duplicate span id "${(spans[0] as Span).id}"`);
  });

  it('rejects endOffset before startOffset, naming the field', () => {
    const record = validRecord();
    (record.spans as Span[])[1] = { ...span(2), startOffset: 30, endOffset: 10 };
    const err = problemsOf(raw(record));
    expect(err.problems.join('\n')).toMatch(/^spans\[1\]\.endOffset: endOffset is before startOffset$/m);
  });

  it('rejects negative and fractional offsets, naming the field', () => {
    const record = validRecord();
    (record.spans as Span[])[0] = { ...span(1), startOffset: -1 };
    (record.spans as Span[])[1] = { ...span(2), endOffset: 2.5 };
    const text = problemsOf(raw(record)).problems.join('\n');
    expect(text).toMatch(/^spans\[0\]\.startOffset: /m);
    expect(text).toMatch(/^spans\[1\]\.endOffset: /m);
  });

  it('rejects unknown extra keys at the top, in a span and in a quote', () => {
    const top = problemsOf(raw({ ...validRecord(), color: 'red' }));
    expect(top.problems.join('\n')).toContain('color');
    const record = validRecord();
    const spans = record.spans as Array<Record<string, unknown>>;
    spans[0] = { ...spans[0], comment: 'hi' };
    (spans[1] as { quote: Record<string, unknown> }).quote.extra = 1;
    const text = problemsOf(raw(record)).problems.join('\n');
    expect(text).toMatch(/^spans\[0\]: .*"comment"/m);
    expect(text).toMatch(/^spans\[1\]\.quote: .*"extra"/m);
  });

  it('rejects bad field values, naming each by its path', () => {
    const record = validRecord();
    record.textHash = 'md5:abc';
    record.offsets = 'utf-16';
    record.annotator = '../evil';
    (record.spans as Span[])[0] = { ...span(1), label: 'Claim!' };
    const text = problemsOf(raw(record)).problems.join('\n');
    expect(text).toMatch(/^textHash: must be "sha256:" and 64 hex digits$/m);
    expect(text).toMatch(/^offsets: /m);
    expect(text).toMatch(/^annotator: /m);
    expect(text).toMatch(/^spans\[0\]\.label: /m);
  });

  it('rejects "gold" as an annotator id (reserved for the adjudicated layer)', () => {
    expect(problemsOf(raw({ ...validRecord(), annotator: 'Gold' })).message).toContain('reserved');
  });

  it('lists at most eight problems and says how many more there are', () => {
    const record = validRecord();
    record.spans = Array.from({ length: 12 }, (_, i) => ({ ...span(i), startOffset: -1 }));
    const err = problemsOf(raw(record));
    expect(err.problems).toHaveLength(9);
    expect(err.problems[8]).toBe('…and 4 more problems');
  });

  it('keeps orphans, with their reasons, through a round trip', () => {
    const record = validRecord();
    record.orphans = [{ span: span(5), reason: 'gone' }];
    const parsed = parseAnnotationFile(raw(record), FILE);
    expect(parsed.orphans).toEqual([{ span: span(5), reason: 'gone' }]);
    record.orphans = [{ span: span(5) }];
    expect(problemsOf(raw(record)).problems.join('\n')).toMatch(/^orphans\[0\]\.reason: /m);
  });
});

describe('serializeAnnotationFile output', () => {
  it('is exactly JSON.stringify with two-space indent, whether spans are cached or not', async () => {
    const { serializeAnnotationFile, emptyAnnotationFile } = await import('./annotationFile');
    const file = emptyAnnotationFile('doc', 'amira', `sha256:${'a'.repeat(64)}`);
    const reference = (f: typeof file) =>
      `${JSON.stringify({ ...f, spans: [...f.spans].sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset) }, null, 2)}\n`;
    expect(serializeAnnotationFile(file)).toBe(reference(file));
    for (let i = 0; i < 5; i++) {
      file.spans.push({ id: `s${i}`, label: 'claim', startOffset: 10 - i, endOffset: 20, quote: { prefix: 'a\n"b"', exact: 'x👍🏽', suffix: '\\' } });
      expect(serializeAnnotationFile(file)).toBe(reference(file)); // the second time from the cache
      expect(serializeAnnotationFile(file)).toBe(reference(file));
    }
    file.orphans.push({ span: file.spans[0]!, reason: 'quote "x" not found' });
    expect(serializeAnnotationFile(file)).toBe(reference(file));
  });
});

describe('annotation files: the finished mark', () => {
  it('is absent unless set, written as one line after textHash, and read back', () => {
    const open = serializeAnnotationFile(file([span(1)]));
    expect(open).not.toContain('finished');
    expect(parseAnnotationFile(open, FILE).finished).toBeUndefined();
    const done = serializeAnnotationFile(file([span(1)], { finished: true }));
    expect(parseAnnotationFile(done, FILE).finished).toBe(true);
    // One added line, and nothing else changed.
    const before = open.split('\n');
    const after = done.split('\n');
    expect(after.length).toBe(before.length + 1);
    const at = after.findIndex((l) => l.includes('"finished"'));
    expect(after[at]).toBe('  "finished": true,');
    expect(after[at - 1]).toMatch(/^ {2}"textHash": /);
    expect([...after.slice(0, at), ...after.slice(at + 1)]).toEqual(before);
  });

  it('accepts only true: "not finished" is the field left out', () => {
    for (const value of [false, 'yes', 1, null]) {
      const err = problemsOf(raw({ ...validRecord(), finished: value }));
      expect(err.problems.join('\n')).toContain('finished');
    }
  });
});

describe('serializeAnnotationFileChunks: the same bytes, in pieces kept between saves', () => {
  const joined = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');

  it('gives exactly the bytes of serializeAnnotationFile through any sequence of adds, removes and updates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ op: fc.constantFrom('add', 'remove', 'update'), at: fc.nat(2_000), note: fc.boolean() }), { minLength: 1, maxLength: 40 }),
        (edits) => {
          let spans = Array.from({ length: 300 }, (_, i) => span(i * 3));
          let next = 10_000;
          for (const e of edits) {
            const k = e.at % Math.max(1, spans.length);
            if (e.op === 'add' || spans.length === 0) spans = [...spans, span(e.at, { id: `n${next++}`, label: e.note ? 'actor' : 'claim' })];
            else if (e.op === 'remove') spans = spans.filter((_, j) => j !== k);
            else spans = spans.map((s, j) => (j === k ? { ...s, label: 'denial', ...(e.note ? { note: { text: 'é 😀 "q"' } } : {}) } : s));
            const f = file(spans, { relations: [], finished: e.note ? true : undefined });
            expect(joined(serializeAnnotationFileChunks(f))).toBe(serializeAnnotationFile(f));
          }
        },
      ),
      { numRuns: 40 },
    );
    expect(joined(serializeAnnotationFileChunks(file([])))).toBe(serializeAnnotationFile(file([])));
  });

  it('re-encodes only the block an edit touches: a one-span change leaves the other pieces as they were', () => {
    const spans = Array.from({ length: 5_000 }, (_, i) => span(i));
    const before = serializeAnnotationFileChunks(file(spans));
    const after = serializeAnnotationFileChunks(file([...spans.slice(0, 2_500), span(2_500, { label: 'denial' }), ...spans.slice(2_501)]));
    const kept = new Set(before);
    const fresh = after.filter((c) => !kept.has(c));
    // The changed span's block, and the frame before and after the spans (rebuilt at every save: small).
    expect(before.length).toBeGreaterThan(50);
    expect(fresh.length).toBeLessThanOrEqual(3);
    const freshBytes = fresh.reduce((n, c) => n + c.byteLength, 0);
    expect(freshBytes).toBeLessThan(Buffer.byteLength(serializeAnnotationFile(file(spans))) / 20);
    expect(joined(after)).toContain('"label": "denial"');
  });
});
