import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentQuerySchema } from '../../../shared/api/corpus';
import { parseManifest } from '../../../shared/format/manifest';
import { StandoffService } from '../../service';
import { generateArticle } from '../../../tests/support/corpus';
import { createLearnedTrainer, learnedRecommender, MODEL_FILE, type LearnedTrainer, type TrainerOptions } from './index';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../annotations');
const DOCS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];
let root: string;
const trainers: LearnedTrainer[] = [];
const trainer = (options: TrainerOptions = {}) => {
  const t = createLearnedTrainer(root, { epochs: 5, ...options });
  trainers.push(t);
  return t;
};

/** Marks layla's layer of these documents finished, as the app does (the file's "finished": true). */
async function finish(docIds: string[]): Promise<void> {
  for (const id of docIds) {
    const file = path.join(root, 'documents', id, 'annotations', 'layla.json');
    const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...data, finished: true }, null, 2));
  }
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'standoff-learned-'));
  await cp(SAMPLE, root, { recursive: true });
});
afterEach(async () => {
  for (const t of trainers.splice(0)) await t.close();
  await rm(root, { recursive: true, force: true });
});

describe('the learned recommender', () => {
  it('is untrained, and says so in words, until something is finished', async () => {
    const t = trainer({ where: 'main' });
    const r = learnedRecommender(t);
    const manifest = parseManifest(await readFile(path.join(root, 'standoff.json'), 'utf8'), 'standoff.json');
    expect(t.status().state).toBe('untrained');
    await expect(r.recommend({ docId: DOCS[4]!, text: 'x', schema: manifest, entities: [], spans: [], relations: [] })).rejects.toThrow(/not trained yet/);
    // No layer of the sample is finished and there is no gold: it trains on nothing and says so.
    const s = await t.train();
    expect(s.state).toBe('trained');
    expect(s.documents).toBe(0);
    expect(s.message).toMatch(/Nothing to learn from yet/);
  });

  it('trains in a worker thread on the finished layers, keeps the model on disk and proposes spans', async () => {
    await finish(DOCS.slice(0, 4));
    const t = trainer();
    const seen: string[] = [];
    t.onStatus((s) => seen.push(s.state + (s.progress ? ` ${s.progress.done}/${s.progress.total}` : '')));
    const s = await t.train();
    expect(s).toMatchObject({ state: 'trained', documents: 4, source: expect.stringContaining('gold and finished') });
    expect(s.spans).toBeGreaterThan(150);
    expect(Date.parse(s.trainedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(seen[0]).toMatch(/^training/);
    expect(seen.filter((x) => x.startsWith('training')).length).toBeGreaterThan(2); // progress, not just start and end
    expect(seen.at(-1)).toBe('trained');
    expect(t.lastTraining()?.where).toBe('worker thread');
    // Every document still to do has an uncertainty for the "least sure first" sort; the finished ones are done.
    expect([...t.uncertainty().keys()].sort()).toEqual([DOCS[4]]);
    for (const u of t.uncertainty().values()) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThanOrEqual(1);
    }

    // The held-out document gets actor proposals.
    const manifest = parseManifest(await readFile(path.join(root, 'standoff.json'), 'utf8'), 'standoff.json');
    const text = await readFile(path.join(root, 'documents', DOCS[4]!, 'text.txt'), 'utf8');
    const proposals = await learnedRecommender(t).recommend({ docId: DOCS[4]!, text, schema: manifest, entities: [], spans: [], relations: [] });
    const actors = proposals.filter((p) => p.label === 'actor').map((p) => [...text].slice(p.startOffset, p.endOffset).join(''));
    expect(actors.length).toBeGreaterThan(3);

    // A new trainer (the service started again) reads the model back.
    const again = trainer();
    await new Promise((r) => setTimeout(r, 200));
    expect(again.status()).toMatchObject({ state: 'trained', trainedAt: s.trainedAt, documents: 4 });
    expect(again.model()).toEqual(t.model());
    expect(JSON.parse(await readFile(path.join(root, MODEL_FILE), 'utf8'))).toMatchObject({ format: 'standoff/learned-recommender', version: 1 });
    expect(await readFile(path.join(root, '.standoff', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('retrains by itself after lessons, once, when they stop coming', async () => {
    const t = trainer({ where: 'main', debounceMs: 150 });
    let trainings = 0;
    t.onStatus((s) => s.state === 'trained' && trainings++);
    // layla accepted an actor in document 2 (unfinished): that sentence teaches the actor label.
    const layer = JSON.parse(await readFile(path.join(root, 'documents', DOCS[2]!, 'annotations', 'layla.json'), 'utf8')) as { spans: Array<{ label: string; startOffset: number; endOffset: number }> };
    const actor = layer.spans.find((s) => s.label === 'actor')!;
    t.lesson({ kind: 'accept', docId: DOCS[2]!, annotator: 'layla', places: [actor] });
    t.lesson({ kind: 'reject', docId: DOCS[2]!, annotator: 'layla', places: [{ label: 'actor', startOffset: 0, endOffset: 3 }] });
    await expect.poll(() => t.status().state, { timeout: 20_000 }).toBe('trained');
    await new Promise((r) => setTimeout(r, 400));
    expect(trainings).toBe(1);
    expect(t.status()).toMatchObject({ documents: 1 });
    expect(t.status().spans).toBeGreaterThan(0);
    const file = JSON.parse(await readFile(path.join(root, MODEL_FILE), 'utf8')) as { lessons: unknown[] };
    expect(file.lessons).toHaveLength(2);
    expect(t.lastTraining()?.where).toBe('main thread');
  });

  it('tags a long article in steps: the service thread keeps answering meanwhile', async () => {
    await finish(DOCS.slice(0, 4));
    const t = trainer({ where: 'main' });
    await t.train();
    const manifest = parseManifest(await readFile(path.join(root, 'standoff.json'), 'utf8'), 'standoff.json');
    const text = generateArticle(7, 40_000); // about 250 KB
    let answered = 0;
    let running = true;
    const answer = () => {
      if (!running) return;
      answered++;
      setTimeout(answer, 0);
    };
    setTimeout(answer, 0);
    const proposals = await learnedRecommender(t).recommend({ docId: 'long', text, schema: manifest, entities: [], spans: [], relations: [] });
    running = false;
    expect(proposals.length).toBeGreaterThan(100);
    // Tagged all at once, nothing else would run until the end: here other work ran between the steps.
    expect(answered).toBeGreaterThan(10);
    // And an answer no longer wanted stops early, with nothing.
    let asked = 0;
    const stopped = await learnedRecommender(t).recommend({ docId: 'long', text, schema: manifest, entities: [], spans: [], relations: [], cancelled: () => ++asked > 2 });
    expect(stopped).toEqual([]);
  });

  it('never overwrites a model file it cannot read: set aside, then a new one written', async () => {
    await mkdir(path.join(root, '.standoff', 'models'), { recursive: true });
    await writeFile(path.join(root, MODEL_FILE), '{"format": "standoff/learned-recommender", "vers');
    await finish(DOCS.slice(0, 2));
    const t = trainer({ where: 'main' });
    expect((await t.train()).state).toBe('trained');
    const names = await readdir(path.join(root, '.standoff', 'models'));
    const aside = names.find((n) => n.startsWith('learned.json.unreadable-'));
    expect(aside).toBeDefined();
    expect(await readFile(path.join(root, '.standoff', 'models', aside!), 'utf8')).toBe('{"format": "standoff/learned-recommender", "vers');
  });

  it('orders the document list least sure first (active learning), again after each training', async () => {
    await finish(DOCS.slice(0, 2));
    const t = trainer({ where: 'main' });
    await t.train();
    const figures = t.uncertainty();
    // The three documents still to do are measured; the finished two have nothing left to ask.
    expect([...figures.keys()].sort()).toEqual(DOCS.slice(2));
    const s = await StandoffService.open(root, { watch: false, autoSyncMinutes: 0 });
    try {
      s.index.useUncertainty(figures);
      const query = documentQuerySchema.parse({ offset: 0, limit: 10, sort: 'uncertainty' });
      const ids = (await s.queryDocuments(query)).rows.map((r) => r.id);
      const measured = DOCS.slice(2).sort((a, b) => figures.get(b)! - figures.get(a)!);
      expect(ids).toEqual([...measured, ...DOCS.slice(0, 2)]);
      expect(figures.get(ids[0]!)).toBeGreaterThan(figures.get(ids[2]!)!);
      // A new training's figures (here reversed) give a new order, not the one kept from before.
      s.index.useUncertainty(new Map([...figures].map(([id, u]) => [id, 1 - u])));
      expect((await s.queryDocuments(query)).rows.map((r) => r.id)).toEqual([...[...measured].reverse(), ...DOCS.slice(0, 2)]);
    } finally {
      await s.close();
    }
  });

  it('says why training failed, and keeps working', async () => {
    const t = trainer({ where: 'main' });
    await rm(path.join(root, 'standoff.json'));
    const s = await t.train();
    expect(s.state).toBe('failed');
    expect(s.message).toMatch(/Training failed: .*standoff\.json/);
  });
});
