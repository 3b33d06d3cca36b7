import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The repository's sample project (annotations/): five articles, layla's and tom's layers, their registries. */
export const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');

/**
 * Makes temporary copies of the sample project for one test file and removes them after it.
 * `annotations: false` leaves out every document's annotation files (the registries stay).
 */
export function sampleCopies(prefix: string): (options: { annotations: boolean }) => Promise<string> {
  const temps: string[] = [];
  afterAll(async () => {
    // Retried: a service a test left open may still be writing its project index into the copy.
    await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })));
  });
  return async ({ annotations }) => {
    const root = await mkdtemp(path.join(tmpdir(), `standoff-${prefix}-`));
    temps.push(root);
    await cp(SAMPLE, root, { recursive: true, ...(annotations ? {} : { filter: (src: string) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations') }) });
    return root;
  };
}
