import { describe, expect, it } from 'vitest';
import { parseAnnotationFile, serializeAnnotationFile, emptyAnnotationFile } from '../../shared/format/annotationFile';
import { quoteOf } from '../../shared/model/quote';
import { CodePointIndex } from '../../shared/text/codePoints';
import { seededRandom } from '../support/random';
import { randomSpan, renamedId, soakSpanId, soakText, spanAt } from '../../scripts/soak/spans';
import { classifyRead, countOnDisk, countRead, countSave, emptyReadCounts, emptySaveCounts, outcomeOf, shortfalls, type ScenarioFigures } from '../../scripts/soak/tally';

describe('soak: what a reply says about a save', () => {
  it('only HTTP 200 with ok: true is acknowledged', () => {
    expect(outcomeOf(200, '{"ok":true,"result":{"spanCount":3}}')).toEqual({ kind: 'acknowledged' });
    expect(outcomeOf(200, '{"ok":false,"error":{"code":"io","message":"disk full"}}').kind).toBe('refused');
    expect(outcomeOf(500, '{"ok":true}').kind).toBe('failed');
  });

  it('a refusal is counted by its code; a reply that is not the door’s JSON is a failure', () => {
    const counts = emptySaveCounts();
    countSave(counts, outcomeOf(423, '{"ok":false,"error":{"code":"locked","message":"held by pid 12"}}'));
    countSave(counts, outcomeOf(423, '{"ok":false,"error":{"code":"locked","message":"held by pid 12"}}'));
    countSave(counts, outcomeOf(500, '{"ok":false,"error":{"code":"io","message":"ENOSPC"}}'));
    countSave(counts, outcomeOf(502, '<html>bad gateway</html>'));
    countSave(counts, outcomeOf(401, '{"ok":false,"error":{"message":"no code"}}'));
    countSave(counts, outcomeOf(200, '{"ok":true}'));
    expect(counts).toEqual({ sent: 6, acknowledged: 1, refused: { locked: 2, io: 1 }, failed: 2 });
  });
});

describe('soak: what a read says about a file', () => {
  const whole = serializeAnnotationFile(emptyAnnotationFile('doc', 'soak', `sha256:${'0'.repeat(64)}`));

  it('tells a whole file from an empty, a missing and a torn one', () => {
    expect(classifyRead(whole)).toBe('ok');
    expect(classifyRead('')).toBe('empty');
    expect(classifyRead(null)).toBe('missing');
    expect(classifyRead(whole.slice(0, -10))).toBe('corrupt');
    // One JSON document followed by the tail of another, as two writers sharing a temp file left it.
    expect(classifyRead(`${whole}  ]\n}\n`)).toBe('corrupt');
    expect(classifyRead('{"format":"standoff/project","spans":[]}')).toBe('corrupt');
    expect(classifyRead('null')).toBe('corrupt');
  });

  it('counts every read and keeps a few examples of the bad ones, each once', () => {
    const counts = emptyReadCounts();
    for (const kind of ['ok', 'ok', 'empty', 'missing', 'corrupt', 'corrupt', 'corrupt'] as const) countRead(counts, kind, 'd1/annotations/soak.json');
    for (const d of ['d2', 'd3', 'd4']) countRead(counts, 'corrupt', `${d}/annotations/soak.json`);
    expect(counts).toMatchObject({ reads: 10, empty: 1, missing: 1, corrupt: 6 });
    expect(counts.examples).toEqual([
      'd1/annotations/soak.json: empty',
      'd1/annotations/soak.json: missing',
      'd1/annotations/soak.json: corrupt',
      'd2/annotations/soak.json: corrupt',
      'd3/annotations/soak.json: corrupt',
    ]);
  });
});

describe('soak: which acknowledged spans are lost', () => {
  const acked = (...ids: string[]) => ids.map((id) => ({ id, docId: 'd' }));

  it('an acknowledged span in no file is lost; one on disk is not', () => {
    const c = countOnDisk({ acknowledged: acked('a1', 'a2', 'b1'), onDisk: new Set(['a1', 'b1']), takenOutside: new Set(), unacknowledged: [] });
    expect(c).toMatchObject({ acknowledged: 3, onDisk: 2, lost: 1, lostIds: ['a2'], takenOutside: 0 });
  });

  it('spans an outside program took on purpose are not lost, and are flagged if they come back', () => {
    const c = countOnDisk({
      acknowledged: acked('a1', 'a2', 'a3'),
      onDisk: new Set(['a1', 'a3']),
      takenOutside: new Set(['a2', 'a3']),
      unacknowledged: [],
    });
    expect(c).toMatchObject({ acknowledged: 3, onDisk: 2, lost: 0, takenOutside: 2, backAfterOutside: ['a3'] });
  });

  it('a span refused once and acknowledged when sent again counts once, as acknowledged', () => {
    const c = countOnDisk({ acknowledged: acked('a1', 'a2', 'a2'), onDisk: new Set(['a1', 'a2', 'a3']), takenOutside: new Set(), unacknowledged: ['a2', 'a3', 'a4'] });
    expect(c).toMatchObject({ acknowledged: 2, onDisk: 2, lost: 0, unacknowledgedOnDisk: 1 });
  });
});

describe('soak: the target', () => {
  const clean: ScenarioFigures = {
    disk: { acknowledged: 10, onDisk: 10, lost: 0, lostIds: [], takenOutside: 0, backAfterOutside: [], unacknowledgedOnDisk: 0 },
    files: { parse: 5, corrupt: 0 },
    reads: { reads: 100, corrupt: 0, empty: 0, missing: 0, examples: [] },
    validateClean: true,
    checks: [{ what: 'the outside edits are kept', ok: true, detail: '3 of 3' }],
  };

  it('is met only with nothing lost, nothing corrupt, no empty or missing read and every check met', () => {
    expect(shortfalls(clean)).toEqual([]);
    expect(shortfalls({ ...clean, disk: { ...clean.disk, lost: 2 } })).toEqual(['2 acknowledged saves lost']);
    expect(shortfalls({ ...clean, reads: { ...clean.reads, empty: 1, corrupt: 3 } })).toEqual(['3 corrupt reads', '1 empty read']);
    expect(shortfalls({ ...clean, files: { parse: 4, corrupt: 1 } })).toEqual(['1 corrupt file at the end']);
    expect(shortfalls({ ...clean, reads: { ...clean.reads, missing: 1 } })).toEqual(['1 read of a file gone missing']);
    // validate's verdict is shown, not part of the target (a kill -9 may leave a temporary file it reports).
    expect(shortfalls({ ...clean, validateClean: false })).toEqual([]);
    expect(shortfalls({ ...clean, checks: [{ what: 'the outside edits are kept', ok: false, detail: '0 of 3 kept' }] })).toEqual(['the outside edits are kept: 0 of 3 kept']);
  });
});

describe('soak: the spans it saves', () => {
  const TEXT = 'Update 👍🏽 from Baghdad 🇮🇶: the café (cafe\u0301) owner said "السلام عليكم".\nThree people were killed.';

  it('have code-point offsets and the quote the service computes, emoji and all', () => {
    const text = soakText('d', TEXT);
    const index = new CodePointIndex(TEXT);
    const random = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const span = randomSpan(text, soakSpanId('a', i), ['claim', 'actor'], random);
      expect(span.endOffset).toBeGreaterThan(span.startOffset);
      expect(span.endOffset).toBeLessThanOrEqual(index.length);
      expect(span.quote).toEqual(quoteOf(index, span.startOffset, span.endOffset));
    }
  });

  it('make a valid annotation file', () => {
    const text = soakText('d', TEXT);
    const file = emptyAnnotationFile('d', 'soak', `sha256:${'0'.repeat(64)}`);
    file.spans = [spanAt(text, 7, 9, 'a000001', 'claim'), spanAt(text, 0, text.codePoints.length, 'b000001', 'actor')];
    const parsed = parseAnnotationFile(serializeAnnotationFile(file), 'd/annotations/soak.json');
    expect(Object.fromEntries(parsed.spans.map((s) => [s.id, s.quote.exact]))).toEqual({ a000001: '👍🏽', b000001: TEXT });
  });

  it('refuses a place outside the text', () => {
    expect(() => spanAt(soakText('d', 'abc'), 2, 4, 'a1', 'claim')).toThrow(/outside the text/);
  });

  it('are renamed in place by the outside writer to an id of the same length no window makes', () => {
    expect(soakSpanId('b', 42)).toBe('b000042');
    expect(renamedId('b000042')).toBe('z000042');
    expect(renamedId('b000042')).toHaveLength(7);
  });
});
