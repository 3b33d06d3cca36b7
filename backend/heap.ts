/**
 * How soon V8 collects garbage in a Standoff process: the app's server (Electron's main process,
 * `standoff serve`) and the command line's whole-corpus commands (validate, agreement, export).
 * What they keep alive is small next to what they make and drop (documents read and answered,
 * a corpus streamed through), and V8 lets an old generation grow to about twice what was alive
 * after its last full collection before collecting again (in the main thread and in each
 * worker). At 100,000 documents that garbage took them over 300 MB:
 *
 * - the agreement report peaked at 334–381 MB with some 50 MB alive in its main thread (a full
 *   collection every 5 s showed it);
 * - the server, answering the document list's sorts and then the first team progress,
 *   peaked at 327–342 MB.
 *
 * Letting each old generation grow by a quarter instead: the report peaks at 271 MB (the same
 * bytes), the server at 264–270 MB, for about 3–6 % more CPU time.
 *
 * V8's flags are the process's (every worker started after this has it too), and this one is
 * read at each collection, so setting it at run time takes effect.
 */
import { setFlagsFromString } from 'node:v8';

/** How much an old generation may grow past what a full collection left, in percent (V8's own choice is 10–300 %, by how fast it collects). */
const GROWTH_PERCENT = 25;

let set = false;

/** Collect garbage sooner, in this process and the workers it starts from now on. */
export function collectSooner(): void {
  if (set) return;
  set = true;
  setFlagsFromString(`--heap-growing-percent=${GROWTH_PERCENT}`);
}
