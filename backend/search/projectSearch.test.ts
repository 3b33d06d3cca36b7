import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importArticles } from '../import/importer';
import { StandoffService } from '../service';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((t) => rm(t, { recursive: true, force: true }))));

async function project(): Promise<StandoffService> {
  const root = await mkdtemp(path.join(tmpdir(), 'standoff-search-'));
  temps.push(root);
  await cp(SAMPLE, root, { recursive: true, filter: (src) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations') });
  await writeFile(path.join(root, 'emoji.txt'), 'Praise 👍🏽 for Kataib Hezbollah, said İstanbul.');
  await importArticles(root, [path.join(root, 'emoji.txt')]);
  return StandoffService.open(root);
}

describe('project search', () => {
  it('finds text case-insensitively in every document, in document order, with code-point offsets and context', async () => {
    const service = await project();
    const result = await service.search({ query: 'KATAIB hezbollah' });
    expect(result.complete).toBe(true);
    expect(result.documentsSearched).toBe(6);
    expect(result.hits.map((h) => h.docId)).toEqual([
      '000_121e11c80b4a277e',
      '000_121e11c80b4a277e',
      ...Array(9).fill('003_0facc4703c9682af'),
      'emoji',
    ]);
    const emoji = result.hits.at(-1)!;
    // "Praise 👍🏽 for " is 14 code points (as Python counts) but 16 UTF-16 units.
    expect(emoji).toMatchObject({ startOffset: 14, endOffset: 30, match: 'Kataib Hezbollah', before: 'Praise 👍🏽 for ', after: ', said İstanbul.' });
  });

  it('stops at the limit and says the search is not complete', async () => {
    const service = await project();
    const result = await service.search({ query: 'the', limit: 5 });
    expect(result.hits).toHaveLength(5);
    expect(result.complete).toBe(false);
  });

  it('searches one document, and finds spans of a label by their text', async () => {
    const service = await project();
    expect((await service.search({ query: 'kataib', docIds: ['emoji'] })).hits).toHaveLength(1);
    const doc = await service.openDocument({ docId: 'emoji' });
    const start = doc.text.indexOf('Kataib');
    const cp = Array.from(doc.text.slice(0, start)).length;
    await service.applyEdits({
      docId: 'emoji',
      annotator: 'amira',
      edits: [{ op: 'add', span: { id: 'a1', label: 'actor', startOffset: cp, endOffset: cp + 16, quote: { prefix: '', exact: 'Kataib Hezbollah', suffix: '' } } }],
    });
    const spans = await service.search({ query: 'hezb', label: 'actor' });
    expect(spans.hits).toEqual([expect.objectContaining({ docId: 'emoji', spanId: 'a1', label: 'actor', annotator: 'amira', match: 'Kataib Hezbollah' })]);
    expect((await service.search({ query: '', label: 'actor', annotator: 'someone-else' })).hits).toEqual([]);
    expect((await service.search({ query: '', label: 'claim' })).hits).toEqual([]);
  });
});
