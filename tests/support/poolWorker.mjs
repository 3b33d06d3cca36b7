// A corpus worker for backend/project/corpusPool.test.ts, run from the sources (tsx registered here).
import { register } from 'tsx/esm/api';

register();
await import('./poolWorker.ts');
