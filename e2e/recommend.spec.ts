import { test as base, type Page } from '@playwright/test';
import { access, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLoopbackServer, type LoopbackServer } from '../backend/http/server';
import { importArticles } from '../backend/import/importer';
import { StandoffService } from '../backend/service';
import { layout } from '../shared/format/layout';
import type { StandoffApi } from '../shared/api/contract';
import type { Attributes } from '../shared/model/labels';
import type { Recommender } from '../shared/recommend/types';
import { codePointIndexOf, EMOJI_TEXT, expect, RENDERER_DIR, SAMPLE_PROJECT } from './fixtures';

/**
 * Suggestions in the app, by keyboard, with the files checked on disk: nothing is written to a
 * layer until a suggestion is accepted; a rejection is written to
 * documents/<id>/suggestions/<annotator>.json and not proposed again after a reload.
 *
 * The service is the real one, on a copy of the sample project with the emoji document (code
 * points before the words); its registry gets one small recommender of the test's own, so what
 * is proposed is known exactly and does not move as the rule recommenders improve.
 */
const DOC = 'emoji';
const TEXT = EMOJI_TEXT.replace(/\r\n/g, '\n');
/** Proposes three phrases of the emoji document: an actor, a casualty figure with attributes, a claim. */
const phrases: Array<{ exact: string; label: string; score: number; attributes?: Attributes }> = [
  { exact: 'Officials', label: 'actor', score: 0.7 },
  { exact: 'three people were killed', label: 'casualty-figure', score: 0.95, attributes: { count: { min: 3, max: 3 }, outcome: 'killed' } },
  { exact: 'claimed responsibility', label: 'claim', score: 0.6 },
];
const testRecommender: Recommender = {
  id: 'e2e-phrases',
  name: 'Test phrases',
  description: 'Three known phrases of the emoji document (the end-to-end test’s own).',
  kind: 'rules',
  labels: () => ['actor', 'casualty-figure', 'claim'],
  enabledByDefault: true,
  recommend: (context) =>
    phrases
      .map((p) => ({ p, at: codePointIndexOf(context.text, p.exact) }))
      .filter(({ at }) => at >= 0)
      .map(({ p, at }) => ({
        label: p.label,
        startOffset: at,
        endOffset: at + [...p.exact].length,
        score: p.score,
        why: `the phrase “${p.exact}”`,
        ...(p.attributes ? { attributes: p.attributes } : {}),
      })),
};

const test = base.extend<{ project: { root: string; server: LoopbackServer; service: StandoffService } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature: this fixture uses no others
  project: async ({}, use) => {
    const root = await mkdtemp(path.join(tmpdir(), 'standoff-e2e-recommend-'));
    await cp(SAMPLE_PROJECT, root, { recursive: true, filter: (src) => !path.relative(SAMPLE_PROJECT, src).split(path.sep).includes('annotations') });
    const emojiFile = path.join(root, 'emoji.txt');
    await writeFile(emojiFile, EMOJI_TEXT);
    await importArticles(root, [emojiFile]);
    await rm(emojiFile);
    const service = await StandoffService.open(root, { watch: true, app: 'Standoff in browser mode' });
    // Only the test's recommender proposes: the project's own are switched off.
    service.recommend.registry.add(testRecommender);
    const api: StandoffApi = service;
    for (const r of await api.listRecommenders({})) if (r.id !== testRecommender.id && r.enabled) await api.configureRecommender({ id: r.id, enabled: false });
    const server = await startLoopbackServer({ service, staticDir: RENDERER_DIR });
    await use({ root, server, service });
    await server.close();
    await service.close();
    await rm(root, { recursive: true, force: true });
  },
});

async function open(page: Page, url: string) {
  await page.addInitScript((doc) => {
    localStorage.setItem('standoff-annotator', 'amira');
    localStorage.setItem('standoff-last-document', doc);
  }, DOC);
  await page.goto(url);
  await expect(page.locator('.ProseMirror')).toBeVisible();
  await page.locator('.ProseMirror').focus();
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
const current = (page: Page) => page.getByTestId('suggestion-details').locator('.sg-quote');

test('suggestions are accepted, rejected and stepped through by keyboard, and only an accepted one reaches the layer', async ({ page, project }) => {
  const layerFile = path.join(project.root, layout.annotation(DOC, 'amira'));
  const decisions = path.join(project.root, 'documents', DOC, 'suggestions', 'amira.json');
  await open(page, project.server.url);

  // Drawn as suggestions (dashed, with a mark), not as spans.
  await expect(page.locator('.ProseMirror .sg')).toHaveCount(3);
  await expect(page.locator('.ProseMirror .sg-mark')).toHaveCount(3);
  await expect(page.locator('.ProseMirror .sp')).toHaveCount(0);
  await expect(page.getByTestId('suggestion-count')).toContainText('3 in this document');

  // ] and [ move between them in document order; the side panel says what each is.
  await page.keyboard.press(']');
  await expect(current(page)).toHaveText('Officials');
  await page.keyboard.press(']');
  await expect(current(page)).toHaveText('three people were killed');
  await expect(page.getByTestId('suggestion-details')).toContainText('95 %');
  await expect(page.getByTestId('suggestion-details')).toContainText('Test phrases');
  await page.keyboard.press('[');
  await expect(current(page)).toHaveText('Officials');
  expect(await exists(layerFile), 'nothing is written to the layer before a suggestion is accepted').toBe(false);

  // X rejects: remembered on disk, the layer untouched, on to the next.
  await page.keyboard.press('x');
  await expect(current(page)).toHaveText('three people were killed');
  await expect(page.locator('.ProseMirror .sg')).toHaveCount(2);
  await expect.poll(async () => (await exists(decisions)) && JSON.parse(await readFile(decisions, 'utf8'))).toMatchObject({
    format: 'standoff/suggestion-decisions',
    annotator: 'amira',
    document: DOC,
    rejected: [{ recommender: 'e2e-phrases', label: 'actor', exact: 'Officials', startOffset: codePointIndexOf(TEXT, 'Officials') }],
  });
  expect(await exists(layerFile), 'a rejection writes no layer').toBe(false);

  // Enter accepts: a span of the layer on disk, in code points, with the suggestion's attributes.
  await page.keyboard.press('Enter');
  await expect(current(page)).toHaveText('claimed responsibility');
  await expect(page.locator('.ProseMirror .sp-casualty-figure')).toHaveText('three people were killed');
  const start = codePointIndexOf(TEXT, 'three people were killed');
  await expect
    .poll(async () => ((await exists(layerFile)) ? JSON.parse(await readFile(layerFile, 'utf8')).spans : []))
    .toEqual([
      expect.objectContaining({
        label: 'casualty-figure',
        startOffset: start,
        endOffset: start + 'three people were killed'.length,
        attributes: { count: { min: 3, max: 3 }, outcome: 'killed' },
        quote: expect.objectContaining({ exact: 'three people were killed' }),
      }),
    ]);

  // Esc leaves the suggestions; the one left stays drawn.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('suggestion-details')).toHaveCount(0);

  // After a reload: the rejected one is not proposed again, the accepted one is a span, the third still waits.
  await page.reload();
  await expect(page.locator('.ProseMirror .sp-casualty-figure')).toHaveText('three people were killed');
  await expect(page.locator('.ProseMirror .sg')).toHaveCount(1);
  await expect(page.locator('.ProseMirror .sg')).toHaveText('claimed responsibility');
});

test('Shift+A accepts every suggestion of one recommender in the document, in one save', async ({ page, project }) => {
  const layerFile = path.join(project.root, layout.annotation(DOC, 'amira'));
  await open(page, project.server.url);
  await expect(page.locator('.ProseMirror .sg')).toHaveCount(3);
  await page.keyboard.press(']');
  await page.keyboard.press('Shift+A');
  await expect(page.locator('.ProseMirror .sg')).toHaveCount(0);
  await expect(page.locator('.ProseMirror .sp')).toHaveCount(3);
  await expect
    .poll(async () => ((await exists(layerFile)) ? JSON.parse(await readFile(layerFile, 'utf8')).spans.map((s: { quote: { exact: string } }) => s.quote.exact).sort() : []))
    .toEqual(['Officials', 'claimed responsibility', 'three people were killed']);
  // One undo step, as a span tagged by hand: Ctrl+Z takes all three away on disk, Ctrl+Shift+Z brings them back.
  const onDisk = async () => JSON.parse(await readFile(layerFile, 'utf8')).spans.length;
  await page.keyboard.press('Control+z');
  await expect(page.locator('.ProseMirror .sp')).toHaveCount(0);
  await expect.poll(onDisk).toBe(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator('.ProseMirror .sp')).toHaveCount(3);
  await expect.poll(onDisk).toBe(3);
  // The spans are the layer's now, deleted like any other (Tab, Delete).
  await page.keyboard.press('Tab');
  await page.keyboard.press('Delete');
  await expect(page.locator('.ProseMirror .sp')).toHaveCount(2);
});
