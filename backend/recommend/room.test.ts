/**
 * The recommenders' room through the service, on a copy of the sample project, with real files:
 * suggestions are never written anywhere until accepted; accepting is one save of the layer
 * (spans with attributes and relations, new ids); a rejection is kept in
 * documents/<id>/suggestions/<annotator>.json and not proposed again, also by a new service;
 * the switches live in recommenders.json, which is never written over when it cannot be read.
 * A small recommender of the test's own proposes (the rules have their own tests).
 */
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../tests/support/rejection';
import { layout } from '../../shared/format/layout';
import type { Proposal, Recommender } from '../../shared/recommend/types';
import { CodePointIndex } from '../../shared/text/codePoints';
import { StandoffService } from '../service';
import { withoutBuiltInRecommenders } from '../../tests/support/recommend';
import { sampleCopies } from '../../tests/support/sample';

const DOC = '000_121e11c80b4a277e';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

const sampleCopy = sampleCopies('recommend');
let root: string;
let service: StandoffService;
beforeEach(async () => {
  root = await sampleCopy({ annotations: false });
  service = await open();
});
afterEach(async () => {
  await service.close();
});

async function open(): Promise<StandoffService> {
  const s = await StandoffService.open(root);
  // Only the test's own recommender.
  withoutBuiltInRecommenders(s);
  s.recommend.registry.add(testRecommender());
  return s;
}

/** Every occurrence of a phrase, in code points. */
function places(text: string, phrase: string): Array<[number, number]> {
  const index = new CodePointIndex(text);
  const out: Array<[number, number]> = [];
  for (let u = text.indexOf(phrase); u >= 0; u = text.indexOf(phrase, u + 1)) out.push([index.toCodePoint(u), index.toCodePoint(u + phrase.length)]);
  return out;
}

/** "the US" as an actor; "denied" as a denial whose denier is the actor just before it. */
function testRecommender(): Recommender {
  return {
    id: 'test-words',
    name: 'Test words',
    description: 'Proposes “the US” as an actor and “denied” as a denial by it.',
    kind: 'rules',
    labels: () => ['actor', 'denial'],
    enabledByDefault: true,
    recommend: (ctx) => {
      const out: Proposal[] = [];
      for (const [s, e] of places(ctx.text, 'the US')) out.push({ label: 'actor', startOffset: s, endOffset: e, score: 0.9, attributes: { kind: 'state', nonsense: 'x' }, why: 'the words “the US”' });
      for (const [s, e] of places(ctx.text, 'denied')) {
        const actor = out.findLastIndex((p) => p.label === 'actor' && p.endOffset <= s);
        out.push({ label: 'denial', startOffset: s, endOffset: e, score: 0.7, ...(actor >= 0 ? { relations: [{ type: 'denier', end: 'from' as const, proposalIndex: actor }] } : {}) });
      }
      return out;
    },
  };
}

const layerFile = (annotator: string) => path.join(root, layout.annotation(DOC, annotator));
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
const exists = (file: string) => readFile(file).then(() => true, () => false);

describe('suggest', () => {
  it('gives the enabled recommenders’ suggestions in document order, with stable ids, writing nothing', async () => {
    const set = await service.suggest({ docId: DOC, annotator: 'ann' });
    expect(set.problems).toEqual([]);
    const text = await readFile(path.join(root, layout.text(DOC)), 'utf8');
    const denials = places(text, 'denied');
    expect(set.suggestions.filter((s) => s.label === 'denial').map((s) => [s.startOffset, s.endOffset])).toEqual(denials);
    for (const s of set.suggestions) {
      expect(s.id).toBe(`test-words:${s.label}:${s.startOffset}-${s.endOffset}`);
      expect(s.exact).toBe(new CodePointIndex(text).slice(s.startOffset, s.endOffset));
    }
    const starts = set.suggestions.map((s) => s.startOffset);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    // "While the US denied": the denial's denier is the suggestion of "the US" before it.
    const denial = set.suggestions.find((s) => s.label === 'denial')!;
    expect(denial.relations?.[0]?.type).toBe('denier');
    expect(set.suggestions.find((s) => s.id === denial.relations?.[0]?.suggestionId)?.exact).toBe('the US');
    // Asking again gives the same ids.
    expect((await service.suggest({ docId: DOC, annotator: 'ann' })).suggestions.map((s) => s.id)).toEqual(set.suggestions.map((s) => s.id));
    // Nothing on disk: no layer, no decisions, no settings.
    expect(await exists(layerFile('ann'))).toBe(false);
    expect(await exists(path.join(root, 'documents', DOC, 'suggestions'))).toBe(false);
    expect(await exists(path.join(root, 'recommenders.json'))).toBe(false);
  });

  it('still answers with the others when one recommender fails, saying which and why', async () => {
    service.recommend.registry.add({ id: 'broken', name: 'Broken', description: '', kind: 'rules', labels: () => ['claim'], enabledByDefault: true, recommend: () => { throw new Error('out of cheese'); } });
    const set = await service.suggest({ docId: DOC, annotator: 'ann' });
    expect(set.suggestions.length).toBeGreaterThan(0);
    expect(set.problems).toEqual([{ recommender: 'broken', message: 'Broken: out of cheese' }]);
  });
});

describe('accept and reject', () => {
  it('accepts as one save: spans with the label’s attributes and the relation between two accepted suggestions, new ids', async () => {
    const set = await service.suggest({ docId: DOC, annotator: 'ann' });
    const denial = set.suggestions.find((s) => s.label === 'denial' && s.relations?.length)!;
    const actorId = denial.relations![0]!.suggestionId!;
    const result = await service.acceptSuggestions({ docId: DOC, annotator: 'ann', suggestionIds: [actorId, denial.id] });
    expect(result.accepted).toBe(2);
    expect(result.spanIds).toHaveLength(2);
    // The attribute the label has not ("nonsense") is left out, saying so.
    expect(result.skipped.join('\n')).toMatch(/nonsense/);
    const file = await readJson(layerFile('ann'));
    expect(file.spans.map((s: { id: string }) => s.id).sort()).toEqual([...result.spanIds].sort());
    const actor = file.spans.find((s: { label: string }) => s.label === 'actor');
    expect(actor.attributes).toEqual({ kind: 'state' });
    expect(actor.quote.exact).toBe('the US');
    expect(file.relations).toEqual([expect.objectContaining({ type: 'denier', from: result.spanIds[1], to: result.spanIds[0] })]);
    expect(result.spanIds.every((id) => !id.includes(':'))).toBe(true);
    // Accepted: no longer proposed, and accepting again skips it, saying why.
    const after = await service.suggest({ docId: DOC, annotator: 'ann' });
    expect(after.suggestions.map((s) => s.id)).not.toContain(denial.id);
    const again = await service.acceptSuggestions({ docId: DOC, annotator: 'ann', suggestionIds: [denial.id] });
    expect(again.accepted).toBe(0);
    expect(again.skipped[0]).toMatch(/already in the layer/);
  });

  it('accepting a suggestion whose other end is not accepted makes the span without the relation', async () => {
    const set = await service.suggest({ docId: DOC, annotator: 'ann' });
    const denial = set.suggestions.find((s) => s.label === 'denial' && s.relations?.length)!;
    await service.acceptSuggestions({ docId: DOC, annotator: 'ann', suggestionIds: [denial.id] });
    const file = await readJson(layerFile('ann'));
    expect(file.spans).toHaveLength(1);
    expect(file.relations).toEqual([]);
    // The actor, still proposed, now carries the relation to the denial in the layer; accepting it joins them.
    const later = await service.suggest({ docId: DOC, annotator: 'ann' });
    const actor = later.suggestions.find((s) => s.id === denial.relations![0]!.suggestionId)!;
    expect(actor.relations).toEqual([{ type: 'denier', end: 'to', spanId: file.spans[0].id }]);
    await service.acceptSuggestions({ docId: DOC, annotator: 'ann', suggestionIds: [actor.id] });
    const joined = await readJson(layerFile('ann'));
    const actorSpan = joined.spans.find((s: { label: string }) => s.label === 'actor');
    expect(joined.relations).toEqual([expect.objectContaining({ type: 'denier', from: file.spans[0].id, to: actorSpan.id })]);
  });

  it('remembers a rejection in the annotator’s decisions file, and a new service does not propose it again', async () => {
    const set = await service.suggest({ docId: DOC, annotator: 'ann' });
    const gone = set.suggestions[0]!;
    const result = await service.rejectSuggestions({ docId: DOC, annotator: 'ann', suggestionIds: [gone.id] });
    expect(result.rejected).toBe(1);
    const decisions = await readJson(path.join(root, 'documents', DOC, 'suggestions', 'ann.json'));
    expect(decisions).toMatchObject({ format: 'standoff/suggestion-decisions', version: 1, annotator: 'ann', document: DOC });
    expect(decisions.rejected).toEqual([{ recommender: 'test-words', label: gone.label, startOffset: gone.startOffset, endOffset: gone.endOffset, exact: gone.exact, at: expect.any(String) }]);
    // Nothing in the layers: a rejection is not an annotation.
    expect(await exists(layerFile('ann'))).toBe(false);
    expect(await readdir(path.join(root, 'documents', DOC, 'annotations')).catch(() => [])).toEqual([]);
    await service.close();
    service = await open();
    const again = await service.suggest({ docId: DOC, annotator: 'ann' });
    expect(again.suggestions.map((s) => s.id)).not.toContain(gone.id);
    expect(again.suggestions).toHaveLength(set.suggestions.length - 1);
    // Another annotator still gets it.
    expect((await service.suggest({ docId: DOC, annotator: 'bob' })).suggestions.map((s) => s.id)).toContain(gone.id);
  });
});

describe('the same place from two recommenders', () => {
  it('is one suggestion naming both; rejecting it rejects both, also for a new service', async () => {
    const twin = testRecommender();
    service.recommend.registry.add({ ...twin, id: 'test-twin', name: 'Test twin', recommend: (ctx) => (twin.recommend(ctx) as Proposal[]).map((p) => ({ ...p, score: p.score / 2 })) });
    const first = await service.suggest({ docId: DOC, annotator: 'ann' });
    const actors = first.suggestions.filter((s) => s.label === 'actor');
    expect(actors.length).toBeGreaterThan(0);
    // One per place, the surer one kept, the other named.
    expect(new Set(first.suggestions.map((s) => `${s.label}:${s.startOffset}`)).size).toBe(first.suggestions.length);
    expect(actors.every((s) => s.recommender === 'test-words' && s.alsoBy?.includes('test-twin'))).toBe(true);
    // A denial's denier points to the suggestion shown, never to the one folded into it.
    const ids = new Set(first.suggestions.map((s) => s.id));
    for (const s of first.suggestions) for (const r of s.relations ?? []) if (r.suggestionId) expect(ids.has(r.suggestionId)).toBe(true);

    const gone = actors[0]!;
    await service.rejectSuggestions({ docId: DOC, annotator: 'ann', suggestionIds: [gone.id] });
    const decisions = await readJson(path.join(root, `documents/${DOC}/suggestions/ann.json`));
    expect(decisions.rejected.map((r: { recommender: string }) => r.recommender).sort()).toEqual(['test-twin', 'test-words']);
    await service.close();
    service = await open();
    service.recommend.registry.add({ ...twin, id: 'test-twin', name: 'Test twin' });
    const again = await service.suggest({ docId: DOC, annotator: 'ann' });
    expect(again.suggestions.some((s) => s.label === 'actor' && s.startOffset === gone.startOffset)).toBe(false);
  });
});

describe('settings', () => {
  it('switches a recommender off in recommenders.json; it then proposes nothing unless named', async () => {
    const before = await service.listRecommenders({});
    expect(before.find((r) => r.id === 'test-words')).toMatchObject({ enabled: true, kind: 'rules', labels: ['actor', 'denial'] });
    expect(before.find((r) => r.id === 'external')).toMatchObject({ enabled: false, kind: 'external', problem: expect.stringMatching(/no address/) });
    const after = await service.configureRecommender({ id: 'test-words', enabled: false });
    expect(after.find((r) => r.id === 'test-words')?.enabled).toBe(false);
    expect(await readJson(path.join(root, 'recommenders.json'))).toEqual({ format: 'standoff/recommenders', version: 1, enabled: { 'test-words': false }, external: null, quality: {} });
    expect((await service.suggest({ docId: DOC, annotator: 'ann' })).suggestions).toEqual([]);
    expect((await service.suggest({ docId: DOC, annotator: 'ann', recommenders: ['test-words'] })).suggestions.length).toBeGreaterThan(0);
    await service.configureRecommender({ id: 'external', url: 'http://127.0.0.1:9/predict', timeoutMs: 1000 });
    expect((await readJson(path.join(root, 'recommenders.json'))).external).toEqual({ url: 'http://127.0.0.1:9/predict', timeoutMs: 1000 });
    expect((await rejection(service.configureRecommender({ id: 'test-words', url: 'http://x.org/' }))).message).toMatch(/only the external recommender/);
    expect((await rejection(service.configureRecommender({ id: 'nope', enabled: true }))).code).toBe('not-found');
  });

  it('never writes over a recommenders.json it cannot read, and suggests with the defaults meanwhile, saying why', async () => {
    const broken = '{"format":"standoff/recommenders","version":1,"enabled":{"test-words":"maybe"}';
    await writeFile(path.join(root, 'recommenders.json'), broken);
    const e = await rejection(service.configureRecommender({ id: 'test-words', enabled: false }));
    expect(e.code).toBe('unreadable-file');
    expect(await readFile(path.join(root, 'recommenders.json'), 'utf8')).toBe(broken);
    const set = await service.suggest({ docId: DOC, annotator: 'ann' });
    expect(set.suggestions.length).toBeGreaterThan(0);
    expect(set.problems[0]?.message).toMatch(/recommenders\.json.*could not be read.*default switch/);
    const list = await service.listRecommenders({});
    expect(list.every((r) => /recommenders\.json/.test(r.problem ?? ''))).toBe(true);
  });
});

describe('suggestions stay out of exports and agreement', () => {
  it('gives the same export and agreement report after suggesting and rejecting as before', async () => {
    // Two annotators' layers to compare: one real span each.
    const set = await service.suggest({ docId: DOC, annotator: 'ann' });
    const denial = set.suggestions.find((s) => s.label === 'denial')!;
    await service.acceptSuggestions({ docId: DOC, annotator: 'ann', suggestionIds: [denial.id] });
    // Accepting by id without having asked first: the service asks the recommender again.
    expect((await service.acceptSuggestions({ docId: DOC, annotator: 'bob', suggestionIds: [denial.id] })).accepted).toBe(1);
    const exportTo = async (name: string) => {
      const out = path.join(root, '..', `${path.basename(root)}-${name}.jsonl`);
      temps.push(out, out.replace(/\.jsonl$/, '.card.md'));
      await service.exportDataset({ format: 'standoff', out, layer: { kind: 'all' }, agreement: false });
      return readFile(out, 'utf8');
    };
    const exportBefore = await exportTo('before');
    const agreementBefore = await service.agreement({});
    // Suggest for both, reject some, leave the rest open.
    for (const annotator of ['ann', 'bob']) {
      const open = await service.suggest({ docId: DOC, annotator });
      expect(open.suggestions.length).toBeGreaterThan(0);
      await service.rejectSuggestions({ docId: DOC, annotator, suggestionIds: [open.suggestions[0]!.id] });
    }
    expect(await exportTo('after')).toBe(exportBefore);
    const agreementAfter = await service.agreement({});
    expect({ ...agreementAfter, computation: null }).toEqual({ ...agreementBefore, computation: null });
  });
});
