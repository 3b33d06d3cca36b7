/**
 * A corpus worker (corpusPool.ts): does one kind of whole-corpus work on the chunks of
 * documents it is sent. Which work is named in its start data.
 */
import { workerData } from 'node:worker_threads';
import { exportChunks } from '../export/parallel';
import { serveCorpusChunks, type ChunkResult, type CorpusWorkerStart, type Spares } from './corpusPool';
import { readFilesInLine } from './files';
import { documentChecker, type CheckedDocument, type DocumentCheckSetup } from './validate';

const tasks: Record<string, (setup: unknown) => Promise<(items: string[], spares: Spares) => Promise<ChunkResult>>> = {
  export: exportChunks,
  // validate: each document of the chunk checked in turn, as validateProject does on one thread.
  validate: async (setup) => {
    const check = documentChecker(setup as DocumentCheckSetup);
    return async (names) => {
      const checked: CheckedDocument[] = [];
      for (const name of names) checked.push(await check(name));
      return { value: checked };
    };
  },
};

// A worker has nothing else to do while it reads: files in line (files.ts).
readFilesInLine();
const { task } = workerData as CorpusWorkerStart;
const prepare = tasks[task];
if (!prepare) throw new Error(`no corpus work named "${task}"`);
serveCorpusChunks(prepare);
