/**
 * Nothing reaches outside the project by accident: through the service, as the app and the
 * command line use it, a link (real symbolic link) that leads out of the project is refused
 * for saves and reads alike, in words, and nothing is written or shown from out there.
 */
import { cp, mkdir, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { layout } from '../../shared/format/layout';
import { tempDirs } from '../../tests/support/interchange';
import { rejection } from '../../tests/support/rejection';
import { sampleCopies } from '../../tests/support/sample';
import { StandoffService } from '../service';

const copySample = sampleCopies('containment');
const temp = tempDirs('containment-elsewhere');
const DOC = '003_0facc4703c9682af';
const OTHER = '000_121e11c80b4a277e';
const leaves = 'outside the project; Standoff does not read or write through links that leave the project.';

let root: string;
let elsewhere: string;
beforeEach(async () => {
  root = await realpath(await copySample({ annotations: false }));
  elsewhere = await realpath(await temp());
});

async function replaceWithLink(rel: string, target: string): Promise<void> {
  await rm(path.join(root, rel), { recursive: true, force: true });
  await symlink(target, path.join(root, rel));
}

describe('the service and links out of the project', () => {
  it('refuses a save into an annotations folder that is a link out, and writes nothing there', async () => {
    const service = await StandoffService.open(root);
    const doc = await service.openDocument({ docId: DOC });
    const start = doc.text.indexOf('Qassem');
    await mkdir(path.join(elsewhere, 'annotations'));
    await replaceWithLink(layout.annotationsDir(DOC), path.join(elsewhere, 'annotations'));
    const err = await rejection(
      service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: { id: 's1', label: 'actor', startOffset: start, endOffset: start + 6, quote: { prefix: '', exact: 'Qassem', suffix: '' } } }] }),
    );
    expect(err.message).toBe(`${layout.annotationsDir(DOC)} is a link to ${path.join(elsewhere, 'annotations')}, ${leaves}`);
    expect(await readdir(path.join(elsewhere, 'annotations'))).toEqual([]);
  });

  it('never shows a text or guidelines that are links to a private file', async () => {
    await writeFile(path.join(elsewhere, 'diary.txt'), 'a private diary');
    await replaceWithLink(layout.text(DOC), path.join(elsewhere, 'diary.txt'));
    await replaceWithLink(layout.guidelines, path.join(elsewhere, 'diary.txt'));
    const service = await StandoffService.open(root);
    expect((await rejection(service.openDocument({ docId: DOC }))).message).toBe(`${layout.text(DOC)} is a link to ${path.join(elsewhere, 'diary.txt')}, ${leaves}`);
    expect((await rejection(service.getGuidelines())).message).toBe(`${layout.guidelines} is a link to ${path.join(elsewhere, 'diary.txt')}, ${leaves}`);
  });

  it('opens a project whose document shares a text by a link inside it', async () => {
    await mkdir(path.join(root, 'sources'));
    await cp(path.join(root, layout.text(OTHER)), path.join(root, 'sources', 'shared.txt'));
    await replaceWithLink(layout.text(OTHER), path.join('..', '..', 'sources', 'shared.txt'));
    const service = await StandoffService.open(root);
    const doc = await service.openDocument({ docId: OTHER });
    expect(doc.text).toBe(await readFile(path.join(root, 'sources', 'shared.txt'), 'utf8'));
  });
});
