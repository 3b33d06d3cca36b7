/**
 * Where an export may write, with real symbolic links in a temporary folder: never through a
 * link into the project, inside the project only in exports/, and never over a file Standoff
 * keeps in a project, even when asked to overwrite.
 */
import { cp, mkdir, readdir, readFile, realpath, symlink } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { layout } from '../../shared/format/layout';
import { snapshotFiles, tempDirs } from '../../tests/support/interchange';
import { rejection } from '../../tests/support/rejection';
import { sampleCopies } from '../../tests/support/sample';
import { StandoffService } from '../service';
import { checkTarget, targetPaths } from './target';

const copySample = sampleCopies('export-target');
const temp = tempDirs('export-target-out');

let root: string;
let elsewhere: string;
beforeEach(async () => {
  // Real paths, so that the messages hold where the temporary folder is itself a link (macOS).
  root = await realpath(await copySample({ annotations: false }));
  elsewhere = await realpath(await temp());
});

/** checkTarget for a file (jsonl) or folder (brat) export, asked to overwrite. */
const check = (out: string, folder = false) => checkTarget(targetPaths(out, folder), root, true);
const through = 'leads through a link into the project folder';

describe('checkTarget: links into the project', () => {
  it('refuses a target reached through a link into the project, even with overwrite', async () => {
    await symlink(path.join(root, 'documents'), path.join(elsewhere, 'into-documents'));
    await symlink(root, path.join(elsewhere, 'project'));
    await symlink(path.join(root, layout.manifest), path.join(elsewhere, 'data.jsonl'));
    await symlink(path.join(root, 'documents', 'new.jsonl'), path.join(elsewhere, 'dangling.jsonl')); // does not exist yet
    const cases: Array<[out: string, folder: boolean, real: string]> = [
      [path.join(elsewhere, 'into-documents', 'x.jsonl'), false, path.join(root, 'documents', 'x.jsonl')],
      [path.join(elsewhere, 'into-documents'), true, path.join(root, 'documents')],
      [path.join(elsewhere, 'data.jsonl'), false, path.join(root, layout.manifest)],
      [path.join(elsewhere, 'dangling.jsonl'), false, path.join(root, 'documents', 'new.jsonl')],
      // …even into exports/: the link is the problem, not the place.
      [path.join(elsewhere, 'project', 'exports', 'x.jsonl'), false, path.join(root, 'exports', 'x.jsonl')],
    ];
    for (const [out, folder, real] of cases) {
      const err = await rejection(check(out, folder));
      expect(err.code, out).toBe('bad-request');
      expect(err.message, out).toBe(`${out} ${through} (to ${real}); an export never writes through a link into the project: choose a place outside it, or in the project's exports/ folder`);
    }
  });

  it('refuses a card or dropped list whose place is a link into the project', async () => {
    await symlink(path.join(root, layout.guidelines), path.join(elsewhere, 'data.card.md'));
    expect((await rejection(check(path.join(elsewhere, 'data.jsonl')))).message).toContain(`${path.join(elsewhere, 'data.card.md')} ${through}`);
  });

  it('refuses a link inside exports/ that leads into the rest of the project', async () => {
    await mkdir(path.join(root, 'exports'));
    await symlink(path.join('..', 'documents'), path.join(root, 'exports', 'sub'));
    expect((await rejection(check(path.join(root, 'exports', 'sub', 'x.jsonl')))).message).toContain(through);
  });

  it('refuses a loop of links, in words', async () => {
    await symlink('b', path.join(elsewhere, 'a'));
    await symlink('a', path.join(elsewhere, 'b'));
    expect((await rejection(check(path.join(elsewhere, 'a', 'x.jsonl')))).message).toBe(`${path.join(elsewhere, 'a', 'x.jsonl')} is a link that leads round in a loop: choose another place for the export`);
  });
});

describe('checkTarget: places in the project', () => {
  it('allows the exports/ folder (made when first used), and places outside the project', async () => {
    await check(path.join(root, 'exports', 'gold.jsonl'));
    expect(await readdir(path.join(root, 'exports'))).toEqual([]);
    await check(path.join(root, 'exports', 'brat'), true);
    await check(path.join(elsewhere, 'gold.jsonl'));
  });

  it('allows an exports/ folder that is a link out of the project, and a project opened through a link', async () => {
    await mkdir(path.join(elsewhere, 'shared-exports'));
    await symlink(path.join(elsewhere, 'shared-exports'), path.join(root, 'exports'));
    await check(path.join(root, 'exports', 'gold.jsonl'));
    const alias = path.join(elsewhere, 'alias');
    await symlink(root, alias);
    await checkTarget(targetPaths(path.join(alias, 'exports', 'gold.jsonl'), false), alias, true);
  });

  it('refuses the rest of the project: its own files, its folder, exports/ itself', async () => {
    const cases: Array<[string, boolean, string]> = [
      [path.join(root, 'documents', 'x.jsonl'), false, "is in the project's own files (documents)"],
      [path.join(root, 'documents'), true, "is in the project's own files (documents)"],
      [path.join(root, layout.manifest), false, "is in the project's own files (standoff.json)"],
      [path.join(root, '.standoff', 'x.jsonl'), false, "is in the project's own files (.standoff)"],
      [path.join(root, 'notes.jsonl'), false, 'is in the project folder but not in its exports/ folder'],
      [path.join(root, 'exports'), true, "is the project's exports/ folder itself"],
      [root, true, 'holds the project itself'],
      [path.dirname(root), true, 'holds the project itself'],
    ];
    for (const [out, folder, why] of cases) expect((await rejection(check(out, folder))).message, out).toContain(`${out} ${why}`);
  });

  it("never replaces a file of a Standoff project, even another project's, even with overwrite", async () => {
    const other = path.join(elsewhere, 'other-project');
    await cp(root, other, { recursive: true });
    const err = await rejection(check(path.join(other, layout.manifest)));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe(`${path.join(other, layout.manifest)} is a file of a Standoff project (its manifest, a document, annotations or entities); an export never replaces one, even when asked to overwrite`);
    expect((await rejection(check(path.join(other, layout.meta('000_121e11c80b4a277e'))))).message).toContain('is a file of a Standoff project');
    // A folder of one is not an export's folder either.
    expect((await rejection(check(path.join(other, 'documents'), true))).message).toContain('a Standoff export did not write');
  });
});

describe('export through the service: a link into the project changes nothing there', () => {
  it('refuses, with overwrite, an export whose target leads into documents/ or onto standoff.json', async () => {
    const project = await realpath(await copySample({ annotations: true }));
    const service = await StandoffService.open(project);
    await symlink(path.join(project, 'documents'), path.join(elsewhere, 'docs'));
    await symlink(path.join(project, layout.manifest), path.join(elsewhere, 'data.jsonl'));
    const before = await snapshotFiles(project);
    for (const [format, out] of [
      ['brat', path.join(elsewhere, 'docs')],
      ['standoff', path.join(elsewhere, 'docs', 'gold.jsonl')],
      ['standoff', path.join(elsewhere, 'data.jsonl')],
    ] as const) {
      const err = await rejection(service.exportDataset({ format, out, layer: { kind: 'all' }, overwrite: true }));
      expect(err.message, out).toContain(through);
    }
    expect(await snapshotFiles(project)).toEqual(before);
    expect(await readFile(path.join(project, layout.manifest), 'utf8')).toContain('"format": "standoff/project"');
    // The default place still works.
    const summary = await service.exportDataset({ format: 'standoff', out: path.join(project, 'exports', 'all.jsonl'), layer: { kind: 'all' } });
    expect(summary.documents).toBe(5);
    expect((await readdir(path.join(project, 'exports'))).sort()).toEqual(['all.card.md', 'all.jsonl']);
  });
});
