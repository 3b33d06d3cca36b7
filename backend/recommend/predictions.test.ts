/**
 * Predictions from another system, imported as a suggestion source (kind "predictions"), never
 * as a layer: spaCy/Prodigy JSONL matched by text (offsets as Python counts them: code points;
 * UTF-16 counts told by the span's text and converted), Standoff JSONL with scores matched by id.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../tests/support/rejection';
import { CodePointIndex } from '../../shared/text/codePoints';
import { StandoffService } from '../service';
import { withoutBuiltInRecommenders } from '../../tests/support/recommend';
import { sampleCopies } from '../../tests/support/sample';

const DOC = '000_121e11c80b4a277e';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

const sampleCopy = sampleCopies('predictions');
let root: string;
let service: StandoffService;
beforeEach(async () => {
  root = await sampleCopy({ annotations: false });
  service = await StandoffService.open(root);
  withoutBuiltInRecommenders(service);
});
afterEach(async () => {
  await service.close();
});

async function file(name: string, lines: unknown[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'standoff-predictions-in-'));
  temps.push(dir);
  const full = path.join(dir, name);
  await writeFile(full, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return full;
}

describe('importPredictions', () => {
  it('reads spaCy/Prodigy JSONL matched by text, and offers its spans as suggestions of their own recommender', async () => {
    const text = await readFile(path.join(root, 'documents', DOC, 'text.txt'), 'utf8');
    const u = text.indexOf('Fars News');
    const input = await file('ner.jsonl', [
      { text, spans: [{ start: u, end: u + 9, label: 'actor', score: 0.66 }, { start: 0, end: 7, label: 'PERSON' }] },
      { text: 'A text no document has.', spans: [] },
      { text, answer: 'reject', spans: [{ start: 0, end: 7, label: 'actor' }] },
    ]);
    const result = await service.importPredictions({ path: input, name: 'Our NER' });
    expect(result).toEqual({
      recommender: 'predictions-our-ner',
      documents: 1,
      suggestions: 1,
      problems: [expect.stringMatching(/line 1, spans\[1\]: label "PERSON" is not one of the project's labels/), expect.stringMatching(/line 2: matches no document of the project \(no id, and no document has this text\)/)],
    });
    // Kept in the project, not in a layer.
    expect(await readdir(path.join(root, 'predictions'))).toEqual(['our-ner.jsonl']);
    expect(await readdir(path.join(root, 'documents', DOC)).then((e) => e.includes('annotations'))).toBe(false);
    const kept = JSON.parse((await readFile(path.join(root, 'predictions', 'our-ner.jsonl'), 'utf8')).trim());
    expect(kept).toMatchObject({ format: 'standoff/predictions', version: 1, offsets: 'unicode-code-points', id: DOC, spans: [{ label: 'actor', text: 'Fars News', score: 0.66 }] });

    const info = (await service.listRecommenders({})).find((r) => r.id === 'predictions-our-ner');
    expect(info).toMatchObject({ kind: 'predictions', enabled: true });
    const set = await service.suggest({ docId: DOC, annotator: 'ann' });
    expect(set.suggestions.filter((s) => s.recommender === 'predictions-our-ner').map((s) => [s.exact, s.score])).toEqual([['Fars News', 0.66]]);
    // A new service finds the predictions on disk.
    await service.close();
    service = await StandoffService.open(root);
    // (The actors rule may propose the same place: one suggestion then names both.)
    expect((await service.suggest({ docId: DOC, annotator: 'ann' })).suggestions.some((s) => s.recommender === 'predictions-our-ner' || s.alsoBy?.includes('predictions-our-ner'))).toBe(true);
  });

  it('reads Standoff JSONL with scores by document id; offsets in code points after an emoji, and UTF-16 offsets told by the span text', async () => {
    // A document of our own with an emoji before the spans.
    const text = 'Fire 🔥 at the base: the PMU denied it.';
    const imported = await service.importUploads({ files: [{ name: 'emoji.txt', base64: Buffer.from(text).toString('base64') }] });
    const docId = imported.imported[0]!.docId;
    const index = new CodePointIndex(text);
    const u = text.indexOf('PMU');
    const cp = index.toCodePoint(u);
    expect(cp).toBe(u - 1);
    const standoff = await file('standoff.jsonl', [{ format: 'standoff/jsonl', version: 1, id: docId, text, spans: [{ id: 'x', label: 'actor', startOffset: cp, endOffset: cp + 3, text: 'PMU', score: 0.9 }] }]);
    expect(await service.importPredictions({ path: standoff })).toMatchObject({ recommender: 'predictions-standoff', documents: 1, suggestions: 1, problems: [] });
    // A JavaScript tool's spaCy-like line, counting UTF-16 units: its span text tells.
    const d = text.indexOf('denied');
    const js = await file('js.jsonl', [{ text, meta: { id: docId }, spans: [{ start: d, end: d + 6, label: 'denial', text: 'denied' }] }]);
    expect(await service.importPredictions({ path: js, name: 'js' })).toMatchObject({ suggestions: 1, problems: [] });
    const set = await service.suggest({ docId, annotator: 'ann' });
    expect(set.suggestions.map((s) => [s.recommender, s.exact, s.startOffset])).toEqual([
      ['predictions-standoff', 'PMU', cp],
      ['predictions-js', 'denied', index.toCodePoint(d)],
    ]);
  });

  it('refuses a file where nothing matches, writing nothing', async () => {
    const input = await file('none.jsonl', [{ text: 'Nothing like the project.', spans: [] }]);
    const e = await rejection(service.importPredictions({ path: input, name: 'none' }));
    expect(e.message).toMatch(/nothing in .*none\.jsonl matches a document of the project, so nothing was imported/);
    expect(await readdir(path.join(root, 'predictions')).catch(() => [])).toEqual([]);
  });
});
