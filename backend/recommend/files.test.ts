/**
 * The recommenders' files: read back as written, a newer version or an unknown field refused
 * (never half-read and written over), and an annotator's decisions owned by that annotator when
 * the project is shared through git (only their Standoff commits them).
 */
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../shared/format/errors';
import { describePath, mayChange, ownerOf } from '../sync/paths';
import { emptyDecisionsFile, emptyRecommendersFile, parseDecisionsFile, parseRecommendersFile, serializeDecisionsFile, serializeRecommendersFile } from './files';

describe('recommenders.json', () => {
  it('reads back what it writes, switches sorted', () => {
    const f = { ...emptyRecommendersFile(), enabled: { learned: false, actors: true }, external: { url: 'http://127.0.0.1:8000/predict', timeoutMs: 5000 } };
    const text = serializeRecommendersFile(f);
    expect(text.indexOf('"actors"')).toBeLessThan(text.indexOf('"learned"'));
    expect(parseRecommendersFile(text, 'recommenders.json')).toEqual(f);
  });

  it('refuses a newer version and an unknown field, naming the file', () => {
    expect(() => parseRecommendersFile(JSON.stringify({ ...emptyRecommendersFile(), version: 2 }), 'recommenders.json')).toThrow(/newer than this Standoff understands/);
    expect(() => parseRecommendersFile(JSON.stringify({ ...emptyRecommendersFile(), colour: 'red' }), 'recommenders.json')).toThrow(FormatError);
    expect(() => parseRecommendersFile(JSON.stringify({ ...emptyRecommendersFile(), external: { url: 'ftp://x', timeoutMs: 5 } }), 'recommenders.json')).toThrow(FormatError);
  });
});

describe('suggestion decisions', () => {
  it('reads back what it writes, rejections in document order', () => {
    const f = emptyDecisionsFile('doc-1', 'ann');
    f.rejected.push({ recommender: 'claims', label: 'claim', startOffset: 50, endOffset: 60, exact: 'x', at: '2026-12-07T22:00:00.000Z' });
    f.rejected.push({ recommender: 'actors', label: 'actor', startOffset: 3, endOffset: 6, exact: 'PMU', at: '2026-12-07T22:00:00.000Z' });
    const back = parseDecisionsFile(serializeDecisionsFile(f), 'x.json');
    expect(back.rejected.map((r) => r.startOffset)).toEqual([3, 50]);
    expect(() => parseDecisionsFile(serializeDecisionsFile(f).replace('"version": 1', '"version": 3'), 'x.json')).toThrow(/newer/);
  });

  it('belongs to its annotator in a shared project', () => {
    const rel = 'documents/doc-1/suggestions/ann.json';
    expect(ownerOf(rel)).toEqual({ kind: 'annotator', annotator: 'ann' });
    expect(mayChange(rel, 'ann', false)).toBe(true);
    expect(mayChange(rel, 'bob', true)).toBe(false);
    expect(describePath(rel)).toBe("ann's rejected suggestions on doc-1");
    expect(describePath('documents/doc-1/annotations/ann.json')).toBe("ann's annotations of doc-1");
  });
});
