/**
 * `standoff validate --repair` as a user runs it: on a project with what an interrupted
 * import and an interrupted save left behind, first without --yes (and without a terminal:
 * it only lists), then with --yes.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { standoff } from '../../tests/support/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layout } from '../../shared/format/layout';
import { SEEDS } from '../../tests/support/seeds';

const SEED = path.join(SEEDS, '003_0facc4703c9682af.txt');
const DOC = '003_0facc4703c9682af';


let base: string;
let project: string;
let pid: number;
const left: string[] = [];

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'standoff-cli-repair-'));
  project = path.join(base, 'iraq');
  expect((await standoff('new', project)).code).toBe(0);
  expect((await standoff('import', project, SEED)).code).toBe(0);
  pid = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has ended
  const annotations = layout.annotationsDir(DOC);
  await mkdir(path.join(project, annotations));
  // An import killed half-way through a document, and a save killed before its rename.
  await mkdir(path.join(project, 'documents', 'second-article.importing'));
  await writeFile(path.join(project, 'documents', 'second-article.importing', 'text.txt'), 'Half of an artic');
  await writeFile(path.join(project, annotations, `.amira.json.${pid}-5e1f0c2a.tmp`), '{"format": "standoff/annota');
  left.push('documents/second-article.importing', `${annotations}/.amira.json.${pid}-5e1f0c2a.tmp`);
  const then = new Date(Date.now() - 3600_000);
  for (const f of left) await utimes(path.join(project, f), then, then);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const exists = (rel: string) => readdir(path.dirname(path.join(project, rel))).then((names) => names.includes(path.basename(rel)));

describe('standoff validate --repair', () => {
  it('validate reports the leftovers and exits 1', async () => {
    const run = await standoff('validate', project);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        `documents/${DOC}/annotations/.amira.json.${pid}-5e1f0c2a.tmp: a temporary file left by an interrupted save of amira.json; \`standoff validate --repair\` removes it`,
        'documents/second-article.importing/: left by an interrupted import; `standoff validate --repair` removes it',
        '3 files checked, 2 problems',
        '',
      ].join('\n'),
    );
  });

  it('without a terminal and without --yes, only lists what it would do, changes nothing, and exits 1', async () => {
    const run = await standoff('validate', project, '--repair');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        `remove  documents/${DOC}/annotations/.amira.json.${pid}-5e1f0c2a.tmp (a temporary file left by an interrupted save)`,
        'remove  documents/second-article.importing/ (left by an interrupted import)',
        'Nothing was changed: add --yes to remove or put back these 2 items without being asked.',
        '',
      ].join('\n'),
    );
    for (const f of left) expect(await exists(f), f).toBe(true);
  });

  it('with --yes, removes them, says so, validates again and exits 0', async () => {
    const run = await standoff('validate', project, '--repair', '--yes');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        `remove  documents/${DOC}/annotations/.amira.json.${pid}-5e1f0c2a.tmp (a temporary file left by an interrupted save)`,
        'remove  documents/second-article.importing/ (left by an interrupted import)',
        `removed documents/${DOC}/annotations/.amira.json.${pid}-5e1f0c2a.tmp`,
        'removed documents/second-article.importing/',
        'Validating again:',
        '3 files checked, 0 problems',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
    for (const f of left) expect(await exists(f), f).toBe(false);
    // The document that was imported whole is still there, and opens.
    expect(await readFile(path.join(project, layout.text(DOC)), 'utf8')).toContain('Suleimani');
    // A second run has nothing to do.
    const again = await standoff('validate', project, '--repair');
    expect(again.stdout).toBe('Nothing to repair: no leftovers of an interrupted import, save or export.\n3 files checked, 0 problems\n');
    expect(again.code).toBe(0);
  });
});
