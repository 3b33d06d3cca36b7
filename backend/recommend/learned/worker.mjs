// Entry of the learned recommender's training worker (see index.ts). A worker does not inherit
// the loader that lets the server run TypeScript, so it registers tsx itself, then loads the
// worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
