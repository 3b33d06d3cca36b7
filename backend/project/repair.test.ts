/**
 * `validate --repair` without the command line: what it plans to do with each leftover of
 * interrupted work, and what the project is like after, on real files in a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { layout } from '../../shared/format/layout';
import { importArticles } from '../import/importer';
import { createProject } from './create';
import { applyRepair, describeStep, planRepair } from './repair';
import { validateProject } from './validate';
import { SEEDS } from '../../tests/support/seeds';

const SEED = path.join(SEEDS, '003_0facc4703c9682af.txt');
const DOC = '003_0facc4703c9682af';
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

let root: string;
let pid: number;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'standoff-repair-'));
  temps.push(root);
  await createProject(root, 'Repair');
  expect((await importArticles(root, [SEED])).imported).toHaveLength(1);
  await mkdir(path.join(root, layout.annotationsDir(DOC)));
  pid = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has ended
});

const full = (rel: string) => path.join(root, rel);
const ann = (name: string) => `${layout.annotationsDir(DOC)}/${name}`;
/** Writes a file (or makes a folder, for a name ending in "/") as if it had been left `ago` ms ago. */
async function leave(rel: string, content = '', ago = 3600_000): Promise<void> {
  if (rel.endsWith('/')) {
    await mkdir(full(rel), { recursive: true });
    await writeFile(full(`${rel}text.txt`), 'half');
  } else {
    await mkdir(path.dirname(full(rel)), { recursive: true });
    await writeFile(full(rel), content);
  }
  const then = new Date(Date.now() - ago);
  await utimes(full(rel), then, then);
}
const exists = (rel: string) => readFile(full(rel)).then(
  () => true,
  (e: NodeJS.ErrnoException) => e.code === 'EISDIR',
);

describe('planRepair and applyRepair', () => {
  it('lists what it will remove, put back and keep, changing nothing; then does it, and validate is clean but for what was kept', async () => {
    await writeFile(full(ann('amira.json')), '{"amira": "now"}');
    await leave('documents/new-article.importing/');
    await leave(ann(`.amira.json.${pid}-9f8e7d6c.tmp`), '{"half"');
    await leave(ann('.amira.json.tmp'), '{"half"');
    await leave(ann(`amira.json.standoff-${pid}-0a1b2c3d.tmp`), '{}');
    await leave(ann(`amira.json.standoff-${pid}-0a1b2c3d.bak`), '{"amira": "now"}'); // the same as amira.json
    await leave(ann(`amira.json.standoff-${pid}-99999999.bak`), '{"amira": "before"}'); // differs: kept
    await leave(ann(`gold.json.standoff-${pid}-11111111.bak`), '{"gold": "older"}', 7200_000);
    await leave(ann(`gold.json.standoff-${pid}-22222222.bak`), '{"gold": "newer"}'); // gold.json is missing: the newer goes back
    await leave(`standoff.json.${pid}.tmp`, '{');
    await leave(`exports/.gold.jsonl.standoff-${pid}-00ff00ff.part`, '{"a"');
    await leave(`exports/.brat.standoff-${pid}-00ff00ff.old/`);
    // Maybe still in use: changed a moment ago, or named by a process that is running.
    await leave('documents/fresh.importing/', '', 0);
    await leave(ann(`.tom.json.${process.ppid}-abcdef.tmp`), '{"half"', 600_000);

    const before = (await readdir(full(layout.annotationsDir(DOC)))).sort();
    const plan = await planRepair(root);
    const a = layout.annotationsDir(DOC);
    expect(plan.steps.map(describeStep)).toEqual([
      `remove  ${a}/.amira.json.${pid}-9f8e7d6c.tmp (a temporary file left by an interrupted save)`,
      `remove  ${a}/.amira.json.tmp (a temporary file left by an interrupted save)`,
      `keep    ${a}/.tom.json.${process.ppid}-abcdef.tmp: it may still be in use (process ${process.ppid}, which wrote it, is still running); try again later`,
      `remove  ${a}/amira.json.standoff-${pid}-0a1b2c3d.bak (a backup the same as amira.json)`,
      `remove  ${a}/amira.json.standoff-${pid}-0a1b2c3d.tmp (a temporary file left by an interrupted save)`,
      `keep    ${a}/amira.json.standoff-${pid}-99999999.bak: amira.json has other content: compare the two, and delete this backup by hand when it is not needed`,
      `keep    ${a}/gold.json.standoff-${pid}-11111111.bak: a newer backup of gold.json is put back instead`,
      `restore ${a}/gold.json.standoff-${pid}-22222222.bak as ${a}/gold.json (${a}/gold.json is missing)`,
      expect.stringMatching(/^keep {4}documents\/fresh\.importing\/: it may still be in use \(it was changed \d+ s ago\); try again later$/),
      'remove  documents/new-article.importing/ (left by an interrupted import)',
      `restore exports/.brat.standoff-${pid}-00ff00ff.old/ as exports/brat (exports/brat is missing)`,
      `remove  exports/.gold.jsonl.standoff-${pid}-00ff00ff.part (part of an interrupted export)`,
      `remove  standoff.json.${pid}.tmp (a temporary file left by an interrupted save)`,
    ]);
    // Planning changes nothing.
    expect((await readdir(full(layout.annotationsDir(DOC)))).sort()).toEqual(before);

    const outcome = await applyRepair(plan);
    expect(outcome.failed).toEqual([]);
    expect(outcome.done).toEqual([
      `removed ${a}/.amira.json.${pid}-9f8e7d6c.tmp`,
      `removed ${a}/.amira.json.tmp`,
      `removed ${a}/amira.json.standoff-${pid}-0a1b2c3d.bak`,
      `removed ${a}/amira.json.standoff-${pid}-0a1b2c3d.tmp`,
      `put ${a}/gold.json.standoff-${pid}-22222222.bak back as ${a}/gold.json`,
      'removed documents/new-article.importing/',
      `put exports/.brat.standoff-${pid}-00ff00ff.old/ back as exports/brat`,
      `removed exports/.gold.jsonl.standoff-${pid}-00ff00ff.part`,
      `removed standoff.json.${pid}.tmp`,
    ]);
    expect(await readFile(full(ann('gold.json')), 'utf8')).toBe('{"gold": "newer"}');
    expect(await readFile(full('exports/brat/text.txt'), 'utf8')).toBe('half');
    expect(await readFile(full(ann('amira.json')), 'utf8')).toBe('{"amira": "now"}');
    expect((await readdir(full(layout.annotationsDir(DOC)))).sort()).toEqual(
      ['.tom.json.' + process.ppid + '-abcdef.tmp', 'amira.json', `amira.json.standoff-${pid}-99999999.bak`, 'gold.json', `gold.json.standoff-${pid}-11111111.bak`].sort(),
    );
    expect(await exists('documents/fresh.importing')).toBe(true);
    expect(await exists('documents/new-article.importing')).toBe(false);

    // Validate again: only what was kept is left to report (and the test's own placeholder annotation files).
    const report = await validateProject(root);
    const left = report.problems.filter((p) => !p.file.endsWith('/amira.json') && !p.file.endsWith('/gold.json')).map((p) => p.file);
    expect(left).toEqual([ann(`.tom.json.${process.ppid}-abcdef.tmp`), ann(`amira.json.standoff-${pid}-99999999.bak`), ann(`gold.json.standoff-${pid}-11111111.bak`), 'documents/fresh.importing/']);
    // …and a second plan has nothing left to remove or put back.
    expect((await planRepair(root)).steps.filter((s) => s.action !== 'keep')).toEqual([]);
  });

  it('does not put a backup back over a file that appeared after the plan was made', async () => {
    await leave(ann(`gold.json.standoff-${pid}-22222222.bak`), '{"gold": "earlier"}');
    const plan = await planRepair(root);
    expect(plan.steps.map((s) => s.action)).toEqual(['restore']);
    await writeFile(full(ann('gold.json')), '{"gold": "written meanwhile"}');
    const outcome = await applyRepair(plan);
    expect(outcome.done).toEqual([]);
    expect(outcome.failed).toEqual([`${ann(`gold.json.standoff-${pid}-22222222.bak`)}: not put back, ${ann('gold.json')} has appeared meanwhile; it is kept`]);
    expect(await readFile(full(ann('gold.json')), 'utf8')).toBe('{"gold": "written meanwhile"}');
    expect(await readFile(full(ann(`gold.json.standoff-${pid}-22222222.bak`)), 'utf8')).toBe('{"gold": "earlier"}');
  });

  it('never removes anything through a link, nor a link named like a leftover', async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'standoff-repair-elsewhere-'));
    temps.push(elsewhere);
    await mkdir(path.join(elsewhere, 'work'));
    await writeFile(path.join(elsewhere, 'work', 'thesis.tex'), 'chapter 1');
    await writeFile(path.join(elsewhere, `.alice.json.${pid}-abc.tmp`), 'mine');
    await symlink(path.join(elsewhere, 'work'), full('documents/linked.importing'));
    // A document folder that leads out of the project: what is in it is not the project's.
    await symlink(elsewhere, full('documents/outside'));
    const then = new Date(Date.now() - 3600_000);
    await utimes(path.join(elsewhere, `.alice.json.${pid}-abc.tmp`), then, then);
    const plan = await planRepair(root);
    expect(plan.steps).toEqual([]);
    await applyRepair(plan);
    expect(await readFile(path.join(elsewhere, 'work', 'thesis.tex'), 'utf8')).toBe('chapter 1');
    expect(await readFile(path.join(elsewhere, `.alice.json.${pid}-abc.tmp`), 'utf8')).toBe('mine');
  });
});
