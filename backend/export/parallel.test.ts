/**
 * A JSONL export made on worker threads (parallel.ts, as the command line makes it) against the
 * same export made on one thread, on copies of the sample project with a broken layer: the same
 * files byte for byte, the same summary; a document that cannot be read stops both with the
 * same words.
 */
import { mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportInput, ExportSummary } from '../../shared/api/contract';
import { snapshotFiles, tempDirs } from '../../tests/support/interchange';
import { sampleCopies } from '../../tests/support/sample';
import { useCorpusWorkers } from '../project/corpusPool';
import { StandoffService } from '../service';

const copySample = sampleCopies('parallel');
const temp = tempDirs('parallel-out');
const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];

afterEach(() => useCorpusWorkers(false));

/** The export on one thread, then on workers (chunks of two documents: three chunks), each into a folder of its own. */
async function both(root: string, input: Omit<ExportInput, 'out'>): Promise<Array<{ summary: ExportSummary; files: Map<string, Buffer> }>> {
  const out = [];
  for (const workers of [false, true]) {
    useCorpusWorkers(workers, 0, 2);
    const dir = await temp();
    const summary = await (await StandoffService.open(root)).exportDataset({ ...input, out: path.join(dir, 'data.jsonl') } as ExportInput);
    out.push({ summary: { ...summary, elapsedMs: 0, out: '', card: '', droppedList: summary.droppedList ? 'yes' : null }, files: await snapshotFiles(dir) });
  }
  return out;
}

describe('export on worker threads', () => {
  const cases: Array<Omit<ExportInput, 'out'>> = [
    { format: 'standoff', layer: { kind: 'all' } },
    { format: 'standoff', layer: { kind: 'all' }, labels: ['actor', 'claim'] },
    { format: 'spacy', layer: { kind: 'all' } },
    { format: 'doccano', layer: { kind: 'annotator', annotator: 'layla' }, options: { doccanoRelations: true, doccanoNoOverlap: true } },
    { format: 'standoff', layer: { kind: 'all' }, documents: { kind: 'finished' } },
    { format: 'spacy', layer: { kind: 'annotator', annotator: 'tom' }, options: { spacyTokens: false } },
  ];
  for (const c of cases) {
    it(`writes the same bytes and counts as on one thread: ${JSON.stringify(c)}`, async () => {
      const root = await copySample({ annotations: true });
      // A layer that cannot be read is a loss, listed in its document's turn.
      await writeFile(path.join(root, 'documents', IDS[2]!, 'annotations', 'tom.json'), '{ not json');
      // Two of layla's layers finished (for the finished documents only).
      for (const id of [IDS[0]!, IDS[4]!]) {
        const file = path.join(root, 'documents', id, 'annotations', 'layla.json');
        await writeFile(file, (await readFile(file, 'utf8')).replace(/("textHash": "[^"]*",)/, '$1\n  "finished": true,'));
      }
      const [one, many] = await both(root, c);
      expect(many!.summary).toEqual(one!.summary);
      expect([...many!.files.keys()]).toEqual([...one!.files.keys()]);
      for (const [file, bytes] of one!.files) expect(many!.files.get(file)!.equals(bytes), file).toBe(true);
    });
  }

  it('stops at a document that cannot be read, with the same words, and leaves nothing', async () => {
    const root = await copySample({ annotations: true });
    const elsewhere = await temp();
    const annotations = path.join(root, 'documents', IDS[3]!, 'annotations');
    await mkdir(path.join(elsewhere, 'moved'));
    await rename(annotations, path.join(elsewhere, 'moved', 'annotations'));
    await symlink(path.join(elsewhere, 'moved', 'annotations'), annotations);
    const messages: string[] = [];
    for (const workers of [false, true]) {
      useCorpusWorkers(workers, 0, 2);
      const dir = await temp();
      const failed = await (await StandoffService.open(root)).exportDataset({ format: 'standoff', layer: { kind: 'all' }, out: path.join(dir, 'data.jsonl') }).then(
        () => null,
        (e: Error) => e,
      );
      expect(failed).not.toBeNull();
      messages.push(`${failed!.name}: ${failed!.message}`);
      expect((await snapshotFiles(dir)).size).toBe(0);
    }
    expect(messages[1]).toBe(messages[0]);
    expect(messages[0]).toContain('is a link to');
  });
});
