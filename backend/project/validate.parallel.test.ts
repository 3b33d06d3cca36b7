/**
 * validate with its documents checked on worker threads (as the command line runs it) against
 * validate on one thread, on a copy of the sample project with a problem of each kind: the
 * same report, line for line.
 */
import { appendFile, mkdir, readFile, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../../tests/support/interchange';
import { sampleCopies } from '../../tests/support/sample';
import { useCorpusWorkers } from './corpusPool';
import { validateProject } from './validate';

const copySample = sampleCopies('validate-parallel');
const temp = tempDirs('validate-parallel-out');
const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];

afterEach(() => useCorpusWorkers(false));

describe('validate on worker threads', () => {
  it('reports what validate on one thread reports, in the same order', async () => {
    const root = await copySample({ annotations: true });
    const doc = (id: string, ...rest: string[]) => path.join(root, 'documents', id, ...rest);
    await appendFile(doc(IDS[0]!, 'text.txt'), Buffer.from([0xff, 0xfe])); // invalid UTF-8
    await writeFile(doc(IDS[1]!, 'annotations', 'tom.json'), '{ not json'); // bad JSON
    const layla = doc(IDS[1]!, 'annotations', 'layla.json');
    await writeFile(layla, (await readFile(layla, 'utf8')).replace('"version": 2', '"version": 9')); // a newer version
    const elsewhere = await temp();
    await rename(doc(IDS[2]!, 'annotations'), path.join(elsewhere, 'annotations'));
    await symlink(path.join(elsewhere, 'annotations'), doc(IDS[2]!, 'annotations')); // a link out of the project
    await writeFile(doc(IDS[3]!, 'annotations', 'notes.txt'), 'x'); // a misnamed file
    const temporary = doc(IDS[3]!, 'annotations', '.tom.json.4242-abc.tmp'); // what an interrupted save left
    await writeFile(temporary, '{}');
    await utimes(temporary, new Date(0), new Date(0));
    await rm(doc(IDS[4]!, 'document.json')); // missing
    await mkdir(path.join(root, 'documents', 'Bad Name'));

    useCorpusWorkers(false);
    const one = await validateProject(root);
    useCorpusWorkers(true, 0, 2); // chunks of two documents: three chunks and a half
    const many = await validateProject(root);
    expect(many).toEqual(one);
    const files = one.problems.map((p) => p.file);
    expect(files).toEqual(
      expect.arrayContaining([
        `documents/${IDS[0]}/text.txt`,
        `documents/${IDS[1]}/annotations/tom.json`,
        `documents/${IDS[1]}/annotations/layla.json`,
        `documents/${IDS[2]}/annotations`,
        `documents/${IDS[3]}/annotations/notes.txt`,
        `documents/${IDS[3]}/annotations/.tom.json.4242-abc.tmp`,
        `documents/${IDS[4]}/document.json`,
        'documents/Bad Name',
      ]),
    );
    expect(one.filesChecked).toBeGreaterThan(10);
  });
});
