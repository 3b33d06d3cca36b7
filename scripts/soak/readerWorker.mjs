// Entry of the soak's reader thread (reader.ts). A worker does not inherit the loader that lets
// the soak run TypeScript, so it registers tsx itself, then loads the reader proper.
import { register } from 'tsx/esm/api';

register();
await import('./readerThread.ts');
