// Entry of the corpus workers (corpusPool.ts) when run from the sources: a worker does not
// inherit the loader that lets the server run TypeScript, so it registers tsx itself, then loads
// the worker proper. The command line's bundle has its own entry (bin/cliBundle.mjs, WORKERS).
import { register } from 'tsx/esm/api';

register();
await import('./corpusWorker.ts');
