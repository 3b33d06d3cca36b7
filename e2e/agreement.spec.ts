import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectAgreementReport } from '../shared/api/contract';
import { serializeAnnotationFile } from '../shared/format/annotationFile';
import { isDisagreement, reviewUnits, unitsBehind, type DisagreementFilter } from '../shared/review';
import { expect, SAMPLE_PROJECT, test, type ProjectFixture } from './fixtures';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The fixture starts from the bare texts: put layla's and tom's files of the sample back. */
async function withSampleAnnotators(project: ProjectFixture): Promise<void> {
  for (const doc of await readdir(path.join(SAMPLE_PROJECT, 'documents'))) {
    const from = path.join(SAMPLE_PROJECT, 'documents', doc, 'annotations');
    await cp(from, project.file(path.join('documents', doc, 'annotations')), { recursive: true });
  }
}

/** A document's disagreements between layla and tom behind a figure, computed here from the files, independently of the app. */
async function disagreementsOf(project: ProjectFixture, docId: string, filter: DisagreementFilter) {
  const layers = await Promise.all(['layla', 'tom'].map(async (a) => ({ annotator: a, spans: (await project.annotations(docId, a)).spans })));
  const units = reviewUnits(layers);
  return { units, open: unitsBehind(units, filter).filter(isDisagreement) };
}

/** `standoff agreement <project> --json`, run as a user would: the figures the dashboard must show. */
function cliReport(root: string): Promise<ProjectAgreementReport> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['bin/standoff.mjs', 'agreement', root, '--json'], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`standoff agreement failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as ProjectAgreementReport);
    });
  });
}

test('the dashboard shows the CLI’s figures, with their counts and reasons, and opens the worst document', async ({ page, project }) => {
  await withSampleAnnotators(project);
  const expected = await cliReport(project.root);
  expect(expected.annotators).toEqual(['layla', 'tom']);

  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');
  await expect(dashboard).toBeVisible();
  await expect(dashboard.getByTestId('job-progress')).toHaveCount(0);

  // A label's table: every F1 with its counts, as the CLI computed them.
  const claim = expected.byLabel.find((l) => l.label === 'claim')!;
  const card = dashboard.getByTestId('agreement-label-claim');
  await expect(card).toContainText(`layla ${claim.spans[0]!.count} · tom ${claim.spans[1]!.count}`);
  for (const id of ['exact-labelled', 'overlap-labelled'] as const) {
    const f = claim.spanF1[id];
    const row = card.getByTestId(`label-claim-${id}`);
    await expect(row).toContainText(f.value!.toFixed(3));
    await expect(row).toContainText(`TP ${f.counts.truePositives} · spans ${f.counts.spansA} + ${f.counts.spansB}`);
  }
  const any = claim.spanF1['overlap-unlabelled'];
  await expect(card.getByTestId('label-claim-overlap-unlabelled')).toContainText(`${any.value!.toFixed(3)}`);
  await expect(card.getByTestId('label-claim-overlap-unlabelled')).toContainText(`matched ${any.counts.matchedA} + ${any.counts.matchedB} of ${any.counts.spansA} + ${any.counts.spansB}`);
  const type = expected.attributes.fields.find((f) => f.label === 'claim' && f.attribute === 'type')!;
  await expect(card.getByRole('row', { name: /^Type/ })).toContainText(`${(100 * type.percentAgreement.value!).toFixed(1)}%`);

  // The pair heat map and the headline: the same numbers.
  const pair = expected.pairs[0]!.spanF1['overlap-labelled'];
  await expect(dashboard.getByTestId('pair-layla-tom')).toContainText(pair.value!.toFixed(3));
  await expect(dashboard.getByTestId('pair-layla-tom')).toContainText(`${pair.counts.truePositives} / ${pair.counts.spansA} + ${pair.counts.spansB}`);
  await expect(dashboard.locator('.ag-cards')).toContainText(expected.overall.unitizingAlpha.value!.toFixed(3));
  const confusion = dashboard.getByTestId('agreement-confusion');
  await expect(confusion.getByRole('row', { name: /^Claim/ })).toContainText(String(expected.confusion.pooled.matched[0]![0]));

  // The documents, worst first, in the CLI's order; the one nobody annotated says why it is left out.
  const rows = dashboard.getByTestId('agreement-document');
  await expect(rows).toHaveCount(expected.byDocument.length);
  for (const [i, d] of expected.byDocument.entries()) await expect(rows.nth(i)).toContainText(d.docId);
  await expect(dashboard).toContainText('not compared: no annotator has annotated it');

  // One click opens the worst document in Review, at its first disagreement: not the analyst's own layer.
  const worst = expected.byDocument[0]!;
  await rows.first().click();
  await expect(dashboard).toBeHidden();
  const review = page.getByTestId('review-pane');
  await expect(review.locator('.doc-heading')).toContainText(worst.docId);
  await expect(page.getByTestId('review-focus')).toContainText(`document ${worst.title ?? worst.docId}`);
  const { open } = await disagreementsOf(project, worst.docId, {});
  await expect(page.getByTestId('current-unit')).toContainText(open[0]!.versions[0]!.span.quote.exact);

  // Back to the figures, then from the keyboard: Tab to the second worst, Enter; Esc goes back, and closes.
  await page.getByRole('button', { name: '← Back to Agreement' }).click();
  await expect(dashboard).toBeVisible();
  const second = dashboard.getByTestId('agreement-document').nth(1).getByRole('button').first();
  await second.focus();
  await page.keyboard.press('Enter');
  await expect(review.locator('.doc-heading')).toContainText(expected.byDocument[1]!.docId);
  await page.getByRole('button', { name: '← Back to Agreement' }).focus();
  await page.keyboard.press('Escape');
  await expect(dashboard).toBeVisible();
  await expect(second).toBeFocused();
  await expect(dashboard.getByTestId('job-progress')).toHaveCount(0);
  await dashboard.getByRole('button', { name: 'Recompute' }).focus();
  await page.keyboard.press('Escape');
  await expect(dashboard).toHaveCount(0);
});

test('filters recompute the figures, and a value that cannot be computed says why', async ({ page, project }) => {
  await withSampleAnnotators(project);
  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');
  await expect(dashboard.getByTestId('agreement-label-actor')).toBeVisible();

  // Labels: leave out Actor (from the keyboard).
  await dashboard.getByRole('group', { name: 'Labels' }).getByRole('button', { name: /Actor/ }).focus();
  await page.keyboard.press('Space');
  await expect(dashboard.getByTestId('agreement-label-actor')).toHaveCount(0);
  await expect(dashboard.getByTestId('agreement-label-claim')).toBeVisible();

  // Annotators: only layla, so nothing can be compared, and every value says why.
  await dashboard.getByRole('group', { name: 'Annotators' }).getByRole('button', { name: /tom/ }).click();
  await expect(dashboard).toContainText('Only layla is chosen');
  const headline = dashboard.locator('.ag-card').first();
  await expect(headline).toContainText('n/a');
  await expect(headline).toContainText('fewer than two annotators');
  await expect(headline.locator('.na')).toHaveAttribute('title', 'fewer than two annotators');

  // All again.
  await dashboard.getByRole('group', { name: 'Annotators' }).getByRole('button', { name: 'all' }).click();
  await expect(dashboard.getByTestId('pair-layla-tom')).toBeVisible();
});

/** Makes the project large: each sample document and its layers copied `times` times under new ids. */
async function manyCopies(project: ProjectFixture, times: number): Promise<number> {
  const docs = await readdir(path.join(SAMPLE_PROJECT, 'documents'));
  const writes: Promise<void>[] = [];
  for (const doc of docs) {
    const dir = path.join(SAMPLE_PROJECT, 'documents', doc);
    const files = ['document.json', 'text.txt', 'annotations/layla.json', 'annotations/tom.json'];
    const contents = await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')));
    for (let k = 0; k < times; k++) {
      const id = `${doc}-copy-${String(k).padStart(4, '0')}`;
      const to = project.file(path.join('documents', id));
      writes.push(
        mkdir(path.join(to, 'annotations'), { recursive: true }).then(async () => {
          await Promise.all(files.map((f, i) => writeFile(path.join(to, f), f === 'text.txt' ? contents[i]! : contents[i]!.replaceAll(`"${doc}"`, `"${id}"`))));
        }),
      );
    }
  }
  await Promise.all(writes);
  return docs.length * (times + 1);
}

test('a long computation shows its progress, and Esc cancels it without leaving the dashboard', async ({ page, project }) => {
  await withSampleAnnotators(project);
  const documents = await manyCopies(project, 500);
  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');

  // The bar counts documents read, out of all of them (the project has 2,506: the copies, the sample and the emoji document).
  const bar = dashboard.getByRole('progressbar', { name: 'Computing agreement' });
  await expect(bar).toHaveAttribute('aria-valuemax', String(documents + 1));
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(dashboard.getByTestId('job-progress')).toContainText(/Reading documents [\d,]+ of 2,506/);

  await page.keyboard.press('Escape');
  await expect(dashboard.getByTestId('agreement-cancelled')).toContainText('Computation cancelled');
  await expect(dashboard.getByTestId('job-progress')).toHaveCount(0);
  await expect(dashboard).toBeVisible(); // Esc cancelled; it did not close the dashboard

  // Computing again runs to the end: the service is not left stuck by the cancelled job.
  await dashboard.getByRole('button', { name: 'Compute again' }).click();
  await expect(dashboard.getByTestId('pair-layla-tom')).toBeVisible({ timeout: 60_000 });
  await expect(dashboard).toContainText('2,505 of 2,506 documents compared');
  // Now Esc closes it.
  await page.keyboard.press('Escape');
  await expect(dashboard).toHaveCount(0);
});

/** Every document's disagreements behind a figure, most first (then by id), as findDisagreements orders them. */
async function documentsBehind(project: ProjectFixture, filter: DisagreementFilter) {
  const out = [];
  for (const docId of (await readdir(path.join(SAMPLE_PROJECT, 'documents'))).sort()) out.push({ docId, ...(await disagreementsOf(project, docId, filter)) });
  return out.filter((d) => d.open.length > 0).sort((a, b) => b.open.length - a.open.length || (a.docId < b.docId ? -1 : 1));
}

test('a number opens Review on the disagreements behind it, the first one selected, by click or Enter', async ({ page, project }) => {
  await withSampleAnnotators(project);
  const claims = await documentsBehind(project, { label: 'claim', match: { boundary: 'overlap', labels: 'labelled' } });
  expect(claims.length).toBeGreaterThan(1);
  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');
  const review = page.getByTestId('review-pane');
  const focusBar = page.getByTestId('review-focus');

  // A label's F1: the document with the most claim disagreements, its first one selected in the text and the pane.
  await dashboard.getByTestId('label-claim-overlap-labelled').getByRole('button').click();
  await expect(dashboard).toBeHidden();
  await expect(review.locator('.doc-heading')).toContainText(claims[0]!.docId);
  await expect(focusBar).toContainText('Claim, F1 (overlap, same label)');
  await expect(focusBar).toContainText(`${claims[0]!.open.length} disagreement${claims[0]!.open.length === 1 ? '' : 's'} behind it here, 0 settled`);
  await expect(focusBar).toContainText(`document 1 of ${claims.length}`);
  await expect(page.getByTestId('unit-list').locator('li')).toHaveCount(claims[0]!.open.length);
  const first = claims[0]!.open[0]!;
  await expect(page.getByTestId('current-unit')).toContainText(first.versions[0]!.span.quote.exact);
  await expect(page.locator(`.ProseMirror [data-unit="${first.key}"].rv-current`).first()).toBeVisible();
  // The keys of review work at once: 1 settles it with layla's version (or tom's, if layla has none).
  await page.keyboard.press(first.versions.some((v) => v.annotator === 'layla') ? '1' : '2');
  await expect(focusBar).toContainText('1 settled');
  // The next document with claim disagreements.
  await focusBar.getByRole('button', { name: 'Next ›' }).click();
  await expect(review.locator('.doc-heading')).toContainText(claims[1]!.docId);
  await expect(page.getByTestId('current-unit')).toContainText(claims[1]!.open[0]!.versions[0]!.span.quote.exact);
  // Every disagreement of the document, then only those behind the number again.
  const all = (await disagreementsOf(project, claims[1]!.docId, {})).open.length;
  await focusBar.getByRole('button', { name: `Show all ${all} disagreements` }).click();
  await expect(page.getByTestId('unit-list').locator('li')).toHaveCount(all);

  // A pair's cell, from the keyboard: the document where layla and tom disagree most.
  await page.getByRole('button', { name: '← Back to Agreement' }).click();
  const pairs = await documentsBehind(project, { annotators: ['layla', 'tom'], match: { boundary: 'overlap', labels: 'labelled' } });
  await dashboard.getByTestId('pair-layla-tom').getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(review.locator('.doc-heading')).toContainText(pairs[0]!.docId);
  await expect(focusBar).toContainText('layla – tom, span F1 (overlapping, same label)');
  await expect(page.getByTestId('current-unit')).toContainText(pairs[0]!.open[0]!.versions[0]!.span.quote.exact);
  // Nothing of it went near the analyst's own layer.
  await expect(page.getByTestId('review-pane').locator('.doc-sub')).not.toContainText('amira');
  for (const d of claims) expect(await readdir(project.file(path.join('documents', d.docId, 'annotations')))).not.toContain('amira.json');

  // The same choice drives Agreement: leaving tom out here, the figures come back without this document.
  await page.getByTestId('annotator-choice').getByRole('checkbox', { name: /^tom/ }).click();
  await expect(page.getByTestId('doc-progress')).toHaveText('0 of 0 disagreements settled');
  await page.getByRole('button', { name: '← Back to Agreement' }).click();
  await expect(dashboard.locator('.ag-scope')).toContainText('4 of 6 documents compared');
  await expect(dashboard).toContainText("not compared: only layla's layer counts: the curator left tom out");
});

test('entity values show the entity’s name, in Agreement and in Review', async ({ page, project }) => {
  await withSampleAnnotators(project);
  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');
  const entityRow = dashboard.getByTestId('agreement-label-actor').getByRole('row', { name: /^Entity/ });
  await expect(entityRow).toContainText('AFP journalist (001) vs AFP (1)');
  await expect(entityRow).not.toContainText('afp-journalist-001');

  // The number opens Review on the actor disagreements; the one between those two entities shows their names.
  await entityRow.getByRole('button', { name: /behind Actor, Entity in Review/ }).click();
  const docs = await documentsBehind(project, { label: 'actor', attribute: 'entity' });
  let found: { docId: string; quote: string } | null = null;
  for (const d of docs) {
    const unit = d.open.find((u) => u.versions.some((v) => v.span.attributes?.entity === 'afp-journalist-001') && u.versions.some((v) => v.span.attributes?.entity === 'afp'));
    if (unit) found = { docId: d.docId, quote: unit.versions[0]!.span.quote.exact };
  }
  expect(found).not.toBeNull();
  const focusBar = page.getByTestId('review-focus');
  while (!(await page.getByTestId('review-pane').locator('.doc-heading').textContent())!.includes(found!.docId)) await focusBar.getByRole('button', { name: 'Next ›' }).click();
  await page.getByTestId('unit-list').locator('li', { hasText: found!.quote }).first().click();
  const current = page.getByTestId('current-unit');
  await expect(current).toContainText('Entity: AFP journalist (001)');
  await expect(current).toContainText('Entity: AFP');
  await expect(current).not.toContainText('afp-journalist-001');
});

test('a pair is compared only on the documents where both layers count', async ({ page, project }) => {
  await withSampleAnnotators(project);
  // sam: one span on the first document; on the others a tag-then-undo left an empty file.
  const docs = (await readdir(path.join(SAMPLE_PROJECT, 'documents'))).sort();
  for (const [i, docId] of docs.entries()) {
    const layla = await project.annotations(docId, 'layla');
    const sam = { ...layla, annotator: 'sam', spans: i === 0 ? layla.spans.slice(0, 1) : [], relations: [], orphans: [] };
    await writeFile(project.file(path.join('documents', docId, 'annotations', 'sam.json')), serializeAnnotationFile(sam));
  }
  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');
  await expect(dashboard.getByTestId('pair-layla-tom')).toContainText('5 of 5 documents');
  await expect(dashboard.getByTestId('pair-layla-sam')).toContainText('1 of 5 documents');
  await expect(dashboard.getByTestId('pair-sam-tom')).toContainText('1 of 5 documents');
  await expect(dashboard.locator('.ag-scope')).toContainText('3 annotators (layla, sam, tom) · 5 of 6 documents compared');
  // Only sam and tom: four documents are not compared, and say why.
  await dashboard.getByRole('group', { name: 'Annotators' }).getByRole('button', { name: /layla/ }).click();
  await expect(dashboard.locator('.ag-scope')).toContainText('1 of 6 documents compared');
  await expect(dashboard.getByTestId('pair-sam-tom')).toContainText('1 of 1 document');
  await expect(dashboard).toContainText("not compared: only tom's layer counts: sam's is empty");
});

/** A share as the dashboard's sentences write it: 0.945 → "94.5 %". */
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

test('the figures lead with plain sentences and their readings, and a sentence’s number opens its disagreements', async ({ page, project }) => {
  await withSampleAnnotators(project);
  const expected = await cliReport(project.root);
  const overlap = expected.overall.spanF1['overlap-labelled'].value!;
  const exact = expected.overall.spanF1['exact-labelled'].value!;
  const alphaU = expected.overall.unitizingAlpha.value!;
  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');

  const f1 = dashboard.getByTestId('plain-f1');
  await expect(f1).toContainText(`Annotators agree on ${pct(overlap)} of spans when boundaries may differ; on exact boundaries, ${pct(exact)}.`);
  // Each figure with its reading, and whose rule of thumb that is (Krippendorff: 0.800 reliable, 0.667 tentative).
  await expect(f1.locator('.ag-standing')).toContainText(overlap > 0.8 ? 'almost perfect' : overlap > 0.6 ? 'substantial' : 'moderate');
  await expect(f1.locator('.ag-standing')).toContainText('Landis & Koch');
  const alpha = dashboard.getByTestId('plain-alpha-u');
  await expect(alpha).toContainText(`α_U is ${alphaU.toFixed(3)}`);
  await expect(alpha.locator('.ag-standing')).toContainText(alphaU >= 0.8 ? 'reliable' : alphaU >= 0.667 ? 'tentative only' : 'not reliable');
  await expect(alpha.locator('.ag-standing')).toContainText('Krippendorff');

  // Enter on the exact-boundaries figure: Review, on the document with the most disagreements of boundaries or labels.
  const behind = await documentsBehind(project, { match: { boundary: 'exact', labels: 'labelled' } });
  await f1.getByRole('button', { name: new RegExp(`^${pct(exact)}`) }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-pane').locator('.doc-heading')).toContainText(behind[0]!.docId);
  await expect(page.getByTestId('review-focus')).toContainText('span F1 (exact boundaries, same label)');
  await expect(page.getByTestId('current-unit')).toContainText(behind[0]!.open[0]!.versions[0]!.span.quote.exact);
  await expect(page.getByTestId('review-pane').locator('.doc-sub')).not.toContainText('amira');
  await page.getByRole('button', { name: '← Back to Agreement' }).focus();
  await page.keyboard.press('Escape');
  await expect(f1.getByRole('button', { name: new RegExp(`^${pct(exact)}`) })).toBeFocused();
});

test('the reading guide and the glossary are reached by keyboard, and lead back to the figure', async ({ page, project }) => {
  await withSampleAnnotators(project);
  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');
  await expect(dashboard.getByTestId('plain-f1')).toBeVisible();

  // From the header, Shift+Tab from Close: Recompute, Glossary, How to read.
  await dashboard.getByRole('button', { name: /^Close/ }).focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(dashboard.getByRole('button', { name: 'How to read' })).toBeFocused();
  await page.keyboard.press('Enter');
  const guide = dashboard.getByTestId('agreement-guide');
  await expect(guide).toBeFocused();
  await expect(guide).toContainText('0.800 and above: reliable');
  await expect(guide).toContainText('0.667 to 0.800');
  await expect(guide).toContainText('Krippendorff 2004');
  await expect(guide).toContainText('Landis & Koch 1977');

  // An abbreviation of the counts: TP under the first headline figure, then its way back.
  const tp = dashboard.locator('.ag-card').first().getByRole('link', { name: 'TP' });
  await tp.focus();
  await page.keyboard.press('Enter');
  const entry = dashboard.getByTestId('glossary-tp');
  await expect(entry).toBeFocused();
  await expect(entry).toContainText('Matched pairs');
  await page.keyboard.press('Tab');
  await expect(entry.getByRole('button', { name: /Back to the figure/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(tp).toBeFocused();

  // D_O and D_E of α_U, and the report's other α, each have an entry.
  const overall = dashboard.getByRole('row', { name: /^Krippendorff’s α_U/ });
  await overall.getByRole('link', { name: 'D_E' }).click();
  await expect(dashboard.getByTestId('glossary-d-e')).toBeFocused();
  await expect(dashboard.getByTestId('glossary-d-e')).toContainText('placed at random');
  await expect(dashboard.getByTestId('agreement-glossary')).toContainText('D_O (observed disagreement of α_U)');
  await expect(dashboard.getByTestId('agreement-glossary')).toContainText('α (Krippendorff’s alpha, nominal), the report’s other α');
});

test('where span F1 and α_U rank a document far apart, the dashboard says why for that document', async ({ page, project }) => {
  await withSampleAnnotators(project);
  const expected = await cliReport(project.root);
  const rows = expected.byDocument.filter((d) => d.spanF1['overlap-labelled'].value !== null && d.unitizingAlpha.value !== null);
  const bestF1 = [...rows].sort((a, b) => b.spanF1['overlap-labelled'].value! - a.spanF1['overlap-labelled'].value!)[0]!;
  const worstAlpha = [...rows].sort((a, b) => a.unitizingAlpha.value! - b.unitizingAlpha.value!)[0]!;
  expect(bestF1.docId).toBe(worstAlpha.docId); // the sample's 004
  const doc = bestF1;
  // Computed here from the files: the longest span one annotator marked that the other did not touch (same label).
  const [layla, tom] = await Promise.all(['layla', 'tom'].map((a) => project.annotations(doc.docId, a)));
  const alone = [
    ...layla!.spans.filter((s) => !tom!.spans.some((t) => t.label === s.label && t.startOffset < s.endOffset && s.startOffset < t.endOffset)).map((s) => ({ s, who: 'layla' })),
    ...tom!.spans.filter((s) => !layla!.spans.some((t) => t.label === s.label && t.startOffset < s.endOffset && s.startOffset < t.endOffset)).map((s) => ({ s, who: 'tom' })),
  ].sort((a, b) => b.s.endOffset - b.s.startOffset - (a.s.endOffset - a.s.startOffset))[0]!;

  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');
  // The lead says so, and its button goes there.
  await dashboard.getByTestId('plain-apart').getByRole('button', { name: 'Why, document by document' }).click();
  await expect(dashboard.getByTestId('agreement-apart')).toBeFocused();
  const why = dashboard.getByTestId(`apart-${doc.docId}`);
  await expect(why).toContainText(
    `is the best of ${rows.length} documents by span F1 (${doc.spanF1['overlap-labelled'].value!.toFixed(3)}) and the worst by α_U (${doc.unitizingAlpha.value!.toFixed(3)})`,
  );
  await expect(why).toContainText('F1 counts spans, one each');
  await expect(why).toContainText(`(${alone.s.endOffset - alone.s.startOffset} characters) that only ${alone.who} marked`);
  await expect(why).toContainText(alone.s.quote.exact.slice(0, 30));
  await expect(why).toContainText(/without it, α_U here would be 0\.\d{3}/);

  // The document's name opens its disagreements in Review.
  await why.getByRole('button').first().click();
  await expect(page.getByTestId('review-pane').locator('.doc-heading')).toContainText(doc.docId);
});

test('every number of a document, an attribute and the confusion matrix opens the disagreements behind it', async ({ page, project }) => {
  await withSampleAnnotators(project);
  const expected = await cliReport(project.root);
  await project.open(page, 'amira');
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const dashboard = page.getByTestId('agreement-dashboard');
  const review = page.getByTestId('review-pane');
  const focusBar = page.getByTestId('review-focus');

  // A document's α_U, by Enter: Review on that document, not the analyst's layer.
  const worstAlpha = [...expected.byDocument].filter((d) => d.unitizingAlpha.value !== null).sort((a, b) => a.unitizingAlpha.value! - b.unitizingAlpha.value!)[0]!;
  const row = dashboard.getByTestId('agreement-document').filter({ hasText: worstAlpha.docId });
  await row.getByTestId('document-alpha-u').getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(review.locator('.doc-heading')).toContainText(worstAlpha.docId);
  await expect(focusBar).toContainText('α_U');
  const { open } = await disagreementsOf(project, worstAlpha.docId, { spans: true });
  await expect(focusBar).toContainText(`${open.length} disagreement${open.length === 1 ? '' : 's'} behind it here`);
  await expect(review.locator('.doc-sub')).not.toContainText('amira');
  await page.getByRole('button', { name: '← Back to Agreement' }).click();

  // An attribute's κ (actor › entity, layla – tom): the entity disagreements.
  const entityRow = dashboard.getByTestId('agreement-label-actor').getByRole('row', { name: /^Entity/ });
  await entityRow.getByRole('button', { name: /κ layla – tom/ }).click();
  const entity = await documentsBehind(project, { label: 'actor', attribute: 'entity', annotators: ['layla', 'tom'] });
  await expect(review.locator('.doc-heading')).toContainText(entity[0]!.docId);
  await expect(focusBar).toContainText('Actor, Entity, layla – tom');
  await page.getByRole('button', { name: '← Back to Agreement' }).click();

  // The confusion matrix: Claim read as Denial.
  const mix = dashboard.getByTestId('agreement-confusion').getByRole('row', { name: /^Claim/ }).getByRole('button', { name: /Claim read as Denial/ });
  await mix.click();
  const claims = await documentsBehind(project, { label: 'claim', match: { boundary: 'overlap', labels: 'labelled' } });
  await expect(review.locator('.doc-heading')).toContainText(claims[0]!.docId);
  await expect(focusBar).toContainText('Claim read as Denial');
});
