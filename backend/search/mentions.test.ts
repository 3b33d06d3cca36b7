import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../tests/support/rejection';
import { spanOver } from '../../tests/support/spans';
import type { MentionHit } from '../../shared/api/contract';
import { layout } from '../../shared/format/layout';
import type { Attributes } from '../../shared/model/labels';
import { importArticles } from '../import/importer';
import { StandoffService } from '../service';
import { sampleCopies } from '../../tests/support/sample';

const DOC = '000_121e11c80b4a277e';
const ENTITY = 'saraya-thawrat-al-ashrin';
const OTHERS = ['001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];
/** How the sample text of DOC spells the group (all five are names or aliases in the registry). */
const SPELLINGS = ['Sayara Thora Al-Ashrin', 'SarayaAshreen Thani', 'SarayaThorat al-Ashrin', 'SarayaShuhadaThawarAshreen al-Thani', 'SarayaThurat Al-Ashrin'];

const copySample = sampleCopies('mentions');

let root: string;
let service: StandoffService;
let text: string;
/** The sample project with its entity registries (layla, tom) but no annotation files. */
beforeEach(async () => {
  root = await copySample({ annotations: false });
  service = await StandoffService.open(root);
  text = await readFile(path.join(root, layout.text(DOC)), 'utf8');
});

const find = (input: { entityId?: string; annotator?: string; docIds?: string[]; limit?: number } = {}) =>
  service.findMentions({ entityId: ENTITY, annotator: 'amira', docIds: [DOC], ...input });

/** Checks a hit against the text it was found in, counting in code points. */
function expectSlicesExactly(hit: MentionHit, source: string): void {
  const points = Array.from(source);
  expect(points.slice(hit.startOffset, hit.endOffset).join('')).toBe(hit.text);
  expect(points.slice(Math.max(0, hit.startOffset - 40), hit.startOffset).join('')).toBe(hit.before);
  expect(points.slice(hit.endOffset, hit.endOffset + 40).join('')).toBe(hit.after);
}

describe('findMentions', () => {
  it('finds every spelling of the entity in the text, in order, with context and code-point offsets', async () => {
    const result = await find();
    expect(result.documentsSearched).toBe(1);
    expect(result.complete).toBe(true);
    expect(result.hits.map((h) => h.text)).toEqual(SPELLINGS);
    for (const hit of result.hits) {
      expect(hit.docId).toBe(DOC);
      expectSlicesExactly(hit, text);
      expect(hit.before.length).toBeGreaterThan(0);
      expect(hit.after.length).toBeGreaterThan(0);
      expect(hit.exact).toBe(true);
      expect(hit.explanation.length).toBeGreaterThan(0);
      // No annotation yet: nothing is marked as already tagged.
      expect(hit).not.toHaveProperty('spanId');
      expect(hit).not.toHaveProperty('linked');
    }
    expect(result.hits[0]).toMatchObject({ before: 'to an unidentified base.\nA group called ', after: ', or SarayaAshreen Thani, claimed respon' });
    for (let i = 1; i < result.hits.length; i++) expect(result.hits[i]!.startOffset).toBeGreaterThanOrEqual(result.hits[i - 1]!.endOffset);
  });

  it('reports the annotator’s actor span already there, and whether it links this entity', async () => {
    const actor = (exact: string, id: string, attributes?: Attributes) => ({ ...spanOver(text, exact, id, 'actor'), ...(attributes ? { attributes } : {}) });
    await service.applyEdits({
      docId: DOC,
      annotator: 'amira',
      edits: [
        { op: 'add', span: actor('Sayara Thora Al-Ashrin', 's1', { entity: ENTITY, kind: 'armed-group' }) },
        // Linked to another entity: tagged, but not as this one.
        { op: 'add', span: actor('SarayaThorat al-Ashrin', 's2', { entity: 'kataib-hezbollah' }) },
        // Tagged, not linked yet.
        { op: 'add', span: actor('SarayaThurat Al-Ashrin', 's3') },
        // A claim over the same words is not the actor span the hit asks about.
        { op: 'add', span: spanOver(text, 'SarayaAshreen Thani', 'c1', 'claim') },
        // Nor is an actor span that covers more than the mention.
        { op: 'add', span: actor('SarayaShuhadaThawarAshreen al-Thani.', 's4', { entity: ENTITY }) },
      ],
    });
    const hits = new Map((await find()).hits.map((h) => [h.text, h]));
    expect(hits.get('Sayara Thora Al-Ashrin')).toMatchObject({ spanId: 's1', linked: true });
    expect(hits.get('SarayaThorat al-Ashrin')).toMatchObject({ spanId: 's2', linked: false });
    expect(hits.get('SarayaThurat Al-Ashrin')).toMatchObject({ spanId: 's3', linked: false });
    expect(hits.get('SarayaAshreen Thani')).not.toHaveProperty('spanId');
    expect(hits.get('SarayaShuhadaThawarAshreen al-Thani')).not.toHaveProperty('spanId');
    // Another annotator's view: none of amira's spans.
    for (const hit of (await find({ annotator: 'bob' })).hits) expect(hit).not.toHaveProperty('spanId');
  });

  it('counts a span linked to an entity merged into this one as linked', async () => {
    await service.saveEntity({ annotator: 'amira', entity: { name: 'Sayara Thora', aliases: [], mergedInto: ENTITY } });
    await service.applyEdits({
      docId: DOC,
      annotator: 'amira',
      edits: [{ op: 'add', span: { ...spanOver(text, 'SarayaThorat al-Ashrin', 's1', 'actor'), attributes: { entity: 'sayara-thora' } } }],
    });
    expect((await find()).hits.find((h) => h.spanId === 's1')?.linked).toBe(true);
    // Asking for the merged entity finds the survivor's mentions.
    expect((await find({ entityId: 'sayara-thora' })).hits.map((h) => h.text)).toEqual(SPELLINGS);
  });

  it('searches only the documents asked for', async () => {
    const others = await find({ docIds: OTHERS });
    expect(others).toEqual({ hits: [], documentsSearched: 4, complete: true });
    const mixed = await find({ docIds: [OTHERS[0]!, DOC] });
    expect(mixed.documentsSearched).toBe(2);
    expect(mixed.hits.map((h) => h.text)).toEqual(SPELLINGS);
    const all = await service.findMentions({ entityId: ENTITY, annotator: 'amira' });
    expect(all.documentsSearched).toBe(5);
    expect(new Set(all.hits.map((h) => h.docId))).toEqual(new Set([DOC]));
  });

  it('stops at the limit and says the result is not complete', async () => {
    const result = await find({ limit: 2 });
    expect(result.hits.map((h) => h.text)).toEqual(SPELLINGS.slice(0, 2));
    expect(result.complete).toBe(false);
  });

  it('counts offsets in code points in a text with emoji', async () => {
    const emoji = 'Praise 👍🏽 and 🇮🇶 for Saraya Thawrat al-Ashrin, then SarayaThorat al-Ashrin 🚀 again.';
    await writeFile(path.join(root, 'emoji.txt'), emoji);
    await importArticles(root, [path.join(root, 'emoji.txt')]);
    const reopened = await StandoffService.open(root);
    const result = await reopened.findMentions({ entityId: ENTITY, annotator: 'amira', docIds: ['emoji'] });
    expect(result.hits.map((h) => h.text)).toEqual(['Saraya Thawrat al-Ashrin', 'SarayaThorat al-Ashrin']);
    const stored = await readFile(path.join(root, layout.text('emoji')), 'utf8');
    for (const hit of result.hits) expectSlicesExactly(hit, stored);
    // "Praise 👍🏽 and 🇮🇶 for " is 21 code points but 25 UTF-16 units.
    expect(result.hits[0]).toMatchObject({ startOffset: 21, endOffset: 45, before: 'Praise 👍🏽 and 🇮🇶 for ' });
  });

  it('answers not-found for an entity the registry does not hold', async () => {
    const error = await rejection(find({ entityId: 'no-such-group' }));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('no entity "no-such-group"');
  });
});
