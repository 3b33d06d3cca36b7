import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { standoff } from '../../tests/support/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layout } from '../../shared/format/layout';
import { parseManifest } from '../../shared/format/manifest';
import { SEEDS } from '../../tests/support/seeds';



let base: string;
let project: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'standoff-cli-'));
  project = path.join(base, 'iraq');
  const created = await standoff('new', project, '--name', 'Iraq reports');
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
  expect(created.stdout).toBe(`Created a Standoff project in ${project}\n`);
  const imported = await standoff('import', project, SEEDS);
  expect(imported.code).toBe(0);
  expect(imported.stdout).toContain('5 imported, 0 skipped');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('standoff new', () => {
  it('creates a project with the default schema and the given name', async () => {
    const manifest = parseManifest(await readFile(path.join(project, 'standoff.json'), 'utf8'), 'standoff.json');
    expect(manifest.name).toBe('Iraq reports');
    expect(manifest.labels.map((l) => l.id)).toEqual(['claim', 'denial', 'casualty-figure', 'actor']);
  });

  it('names the project after its folder by default', async () => {
    const dir = path.join(base, 'Field notes');
    expect((await standoff('new', dir)).code).toBe(0);
    expect(parseManifest(await readFile(path.join(dir, 'standoff.json'), 'utf8'), 'standoff.json').name).toBe('Field notes');
  });

  it('refuses to overwrite an existing project, leaving its manifest as it was', async () => {
    const manifestPath = path.join(project, 'standoff.json');
    const before = await readFile(manifestPath);
    const run = await standoff('new', project, '--name', 'Overwritten');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`${manifestPath} already exists; not overwriting a project`);
    expect((await readFile(manifestPath)).equals(before)).toBe(true);
  });
});

describe('standoff import', () => {
  it('reports what it imported, the notes, and what it skipped and why', async () => {
    const dir = path.join(base, 'second');
    expect((await standoff('new', dir)).code).toBe(0);
    const inbox = path.join(base, 'inbox');
    await mkdir(inbox);
    await writeFile(path.join(inbox, 'empty.txt'), '');
    await writeFile(path.join(inbox, 'blob.txt'), Buffer.from([0, 1, 2, 3]));
    const run = await standoff('import', dir, path.join(SEEDS, '002_8b07dd57c7e0feb1.txt'), path.join(SEEDS, '003_0facc4703c9682af.txt'), inbox);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContain(`imported ${path.join(SEEDS, '002_8b07dd57c7e0feb1.txt')} → 002_8b07dd57c7e0feb1`);
    expect(lines).toContain('  note: dropped line 1, page markup: "!-- Google tag (gtag.js) -->"');
    expect(lines).toContain(`imported ${path.join(SEEDS, '003_0facc4703c9682af.txt')} → 003_0facc4703c9682af (“How Qassem Suleimani provoked the US with covert attacks in Iraq”)`);
    expect(lines).toContain(`skipped ${path.join(inbox, 'blob.txt')}: binary file (it contains NUL bytes)`);
    expect(lines).toContain(`skipped ${path.join(inbox, 'empty.txt')}: empty (no text after import)`);
    expect(lines.at(-1)).toBe('2 imported, 2 skipped');
  });

  it('refuses a folder that is not a project, saying how to make one', async () => {
    const run = await standoff('import', path.join(base, 'nowhere'), SEEDS);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^standoff: standoff\.json: no Standoff project here .*standoff new/);
  });
});

describe('standoff validate', () => {
  it('exits 0 on a clean project', async () => {
    const run = await standoff('validate', project);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('11 files checked, 0 problems\n');
  });

  it('exits non-zero on a corrupt file and prints "<file>: <problem>"', async () => {
    const docId = '001_cc6eff7c9034e064';
    await mkdir(path.join(project, layout.annotationsDir(docId)), { recursive: true });
    const file = layout.annotation(docId, 'amira');
    await writeFile(path.join(project, file), '{"format": "standoff/annotations", "version": 99}');
    await writeFile(path.join(project, layout.annotation(docId, 'bob')), '{"spans": [');
    try {
      const run = await standoff('validate', project);
      expect(run.code).toBe(1);
      const lines = run.stdout.trim().split('\n');
      expect(lines).toContain(`${file}: format version 99 is newer than this Standoff understands (2); update Standoff — the file was left as it is`);
      expect(lines.some((l) => l.startsWith(`${layout.annotation(docId, 'bob')}: not valid JSON`))).toBe(true);
      expect(lines.at(-1)).toBe('13 files checked, 2 problems');
      // validate never rewrites what it reports.
      expect(await readFile(path.join(project, file), 'utf8')).toBe('{"format": "standoff/annotations", "version": 99}');
    } finally {
      await rm(path.join(project, layout.annotationsDir(docId)), { recursive: true });
    }
  });
});
