import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectAgreementReport } from '../shared/api/contract';
import { expect, SAMPLE_PROJECT, test, type ProjectFixture } from './fixtures';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The fixture starts from the bare texts: put layla's and tom's files of the sample back. */
async function withSampleAnnotators(project: ProjectFixture): Promise<void> {
  for (const doc of await readdir(path.join(SAMPLE_PROJECT, 'documents'))) {
    const from = path.join(SAMPLE_PROJECT, 'documents', doc, 'annotations');
    await cp(from, project.file(path.join('documents', doc, 'annotations')), { recursive: true });
  }
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

  // One click opens the worst document in the editor.
  const worst = expected.byDocument[0]!;
  await rows.first().click();
  await expect(dashboard).toHaveCount(0);
  await expect(page.locator('.doc-heading')).toContainText(worst.docId);
  await expect(page.locator('.ProseMirror')).toBeVisible();

  // From the keyboard: back to the dashboard, Tab to the second worst, Enter; Esc closes it.
  await page.getByRole('tab', { name: 'Agreement' }).click();
  const second = dashboard.getByTestId('agreement-document').nth(1).getByRole('button');
  await second.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.doc-heading')).toContainText(expected.byDocument[1]!.docId);
  await page.getByRole('tab', { name: 'Agreement' }).click();
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
