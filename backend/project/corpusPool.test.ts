/**
 * The corpus pool with real worker threads (tests/support/poolWorker.ts): results in the order
 * of the documents whichever worker ends first, a failing document's error thrown in its turn
 * as the error it was, a worker that stops or cannot start said in words.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { FormatError } from '../../shared/format/errors';
import { startCorpusPool, type CorpusPool } from './corpusPool';

const entry = new URL('../../tests/support/poolWorker.mjs', import.meta.url);
const items = Array.from({ length: 200 }, (_, i) => `doc-${String(i).padStart(3, '0')}`);

async function pool(setup: object, options: { chunk?: number; inFlight?: number } = {}): Promise<CorpusPool> {
  const p = await startCorpusPool('test', setup, { chunk: options.chunk ?? 7, workers: 3, entry, ...(options.inFlight ? { inFlight: options.inFlight } : {}) });
  if (!p) throw new Error('the test workers did not start');
  return p;
}

/** Every chunk's value, or the error thrown, and the values taken before it. */
async function run(p: CorpusPool): Promise<{ values: string[]; error: unknown }> {
  const values: string[] = [];
  try {
    for await (const chunk of p.chunks<string[]>(items)) values.push(...chunk);
    return { values, error: null };
  } catch (e) {
    return { values, error: e };
  } finally {
    await p.close();
  }
}

describe('corpus pool', () => {
  it('gives every document’s result once, in document order, though chunks end out of order', async () => {
    for (const inFlight of [3, 12]) {
      const { values, error } = await run(await pool({}, { inFlight }));
      expect(error).toBeNull();
      expect(values).toEqual(items.map((i) => `${i}:done`));
    }
  });

  it('throws a failing document’s error in its turn, as the error it was, after the documents before its chunk', async () => {
    const cases: Array<{ setup: object; check: (e: unknown) => void }> = [
      {
        setup: { failAt: 'doc-100' },
        check: (e) => {
          expect(e).toBeInstanceOf(ApiError);
          expect((e as ApiError).code).toBe('bad-request');
          expect((e as ApiError).message).toBe('doc-100 is a link to /elsewhere, outside the project');
        },
      },
      {
        setup: { errnoAt: 'doc-100' },
        check: (e) => {
          expect((e as Error).message).toBe("EACCES: permission denied, scandir 'doc-100'");
          expect((e as NodeJS.ErrnoException).code).toBe('EACCES');
        },
      },
      {
        setup: { formatAt: 'doc-100' },
        check: (e) => {
          expect(e).toBeInstanceOf(FormatError);
          expect((e as FormatError).message).toBe('documents/doc-100/document.json: not valid JSON');
        },
      },
    ];
    for (const c of cases) {
      const { values, error } = await run(await pool(c.setup));
      c.check(error);
      // doc-100 is in the chunk of doc-098 … doc-104 (chunks of 7): everything before that chunk came out, nothing after.
      expect(values).toEqual(items.slice(0, 98).map((i) => `${i}:done`));
    }
  });

  it('fails in words when a worker stops before its work is done', async () => {
    const { values, error } = await run(await pool({ exitAt: 'doc-150' }));
    expect((error as Error).message).toMatch(/a worker reading the corpus stopped \(exit code 3\) before its work was done/);
    expect(values.length).toBeLessThanOrEqual(147);
  });

  it('says why when the work cannot be set up, and is null when no worker can start', async () => {
    await expect(startCorpusPool('test', { setupFails: true }, { chunk: 5, workers: 2, entry })).rejects.toThrow('standoff.json: not valid JSON');
    const missing = new URL('../../tests/support/no-such-worker.mjs', import.meta.url);
    expect(await startCorpusPool('test', {}, { chunk: 5, workers: 2, entry: missing, readyTimeoutMs: 5000 })).toBeNull();
  });
});
