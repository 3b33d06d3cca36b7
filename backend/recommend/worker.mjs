// Entry of the rules worker thread (see rulesWorker.ts). A worker does not inherit the loader
// that lets the server run TypeScript, so it registers tsx itself, then loads the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
