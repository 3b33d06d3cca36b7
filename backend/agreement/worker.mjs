// Entry of the agreement worker thread (see compute.ts). A worker does not inherit the loader
// that lets the server run TypeScript, so it registers tsx itself, resolved from this file's
// folder (so it works from any working directory), then loads the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
