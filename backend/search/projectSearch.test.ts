import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importArticles } from '../import/importer';
import { StandoffService } from '../service';
import { firstWords } from './excerpt';

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
    expect(result.documentsWithHits).toBe(3);
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

/** An actor span over the first occurrence of `exact` in a document, at code-point offsets. */
async function tag(service: StandoffService, docId: string, annotator: string, id: string, exact: string): Promise<void> {
  const { text } = await service.openDocument({ docId });
  const at = text.indexOf(exact);
  expect(at, exact).toBeGreaterThanOrEqual(0);
  const start = Array.from(text.slice(0, at)).length;
  const span = { id, label: 'actor', startOffset: start, endOffset: start + Array.from(exact).length, quote: { prefix: '', exact, suffix: '' } };
  await service.applyEdits({ docId, annotator, edits: [{ op: 'add', span }] });
}

describe('project search: what the result says', () => {
  it('counts the documents the hits are in apart from the documents searched', async () => {
    const service = await project();
    // 2 hits in 000, 9 in 003, 1 in emoji: 12 hits in 3 of the 6 documents searched.
    const text = await service.search({ query: 'kataib hezbollah' });
    expect(text).toMatchObject({ documentsWithHits: 3, documentsSearched: 6, documentsTotal: 6 });
    expect(text.hits).toHaveLength(12);
    expect(new Set(text.hits.map((h) => h.docId)).size).toBe(3);
    // "Suleimani" is only in 003.
    expect(await service.search({ query: 'suleimani' })).toMatchObject({ documentsWithHits: 1, documentsSearched: 6 });
    expect(await service.search({ query: 'no such words anywhere' })).toMatchObject({ hits: [], documentsWithHits: 0, documentsSearched: 6 });
    expect(await service.search({ query: '' })).toMatchObject({ hits: [], documentsWithHits: 0 });
  });

  it('counts only the documents whose hits it returns when it stops at the limit', async () => {
    const service = await project();
    const result = await service.search({ query: 'kataib hezbollah', limit: 3 });
    expect(result.hits.map((h) => h.docId)).toEqual(['000_121e11c80b4a277e', '000_121e11c80b4a277e', '003_0facc4703c9682af']);
    expect(result).toMatchObject({ complete: false, documentsWithHits: 2 });
  });

  it('says whose span each hit of a label search is, for every annotator', async () => {
    const service = await project();
    const doc002 = '002_8b07dd57c7e0feb1';
    await tag(service, doc002, 'layla', 'l1', 'Ashab Al-Kahf');
    await tag(service, doc002, 'tom', 't1', 'Ashab Al-Kahf');
    await tag(service, '000_121e11c80b4a277e', 'layla', 'l2', 'Kataib Hezbollah');
    const all = await service.search({ query: '', label: 'actor' });
    expect(all.hits.map((h) => [h.docId, h.annotator, h.spanId, h.match])).toEqual([
      ['000_121e11c80b4a277e', 'layla', 'l2', 'Kataib Hezbollah'],
      [doc002, 'layla', 'l1', 'Ashab Al-Kahf'],
      [doc002, 'tom', 't1', 'Ashab Al-Kahf'],
    ]);
    expect(all).toMatchObject({ documentsWithHits: 2, documentsSearched: 6 });
    const toms = await service.search({ query: 'kahf', label: 'actor', annotator: 'tom' });
    expect(toms.hits.map((h) => [h.annotator, h.spanId])).toEqual([['tom', 't1']]);
    expect(toms.documentsWithHits).toBe(1);
  });

  it('names an untitled document by its first words, and a titled one by its title', async () => {
    const service = await project();
    const untitled = (await service.search({ query: 'explosion was reported' })).hits[0]!;
    expect(untitled).toMatchObject({ docId: '002_8b07dd57c7e0feb1', title: null, excerpt: 'On Monday evening, an explosion was reported at Iraq and…' });
    const titled = (await service.search({ query: 'covert attacks' })).hits[0]!;
    expect(titled.title).toBe('How Qassem Suleimani provoked the US with covert attacks in Iraq');
    expect(titled).not.toHaveProperty('excerpt');
  });
});

describe('firstWords', () => {
  it('cuts at a word boundary, collapses spaces and line ends, and never splits a character', () => {
    expect(firstWords('A video of several burning trucks on Saturday night allegedly showed an attack')).toBe('A video of several burning trucks on Saturday night…');
    expect(firstWords('Praise 👍🏽 for\n\nKataib   Hezbollah.')).toBe('Praise 👍🏽 for Kataib Hezbollah.');
    expect(firstWords('👍'.repeat(80))).toBe(`${'👍'.repeat(60)}…`);
    expect(firstWords('')).toBe('');
  });
});
