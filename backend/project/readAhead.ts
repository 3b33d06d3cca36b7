/**
 * Whole-corpus work (validate, agreement, export) reads one document after another in order,
 * with a bounded number read ahead: the file system's latency is hidden (reads wait in the
 * thread pool side by side, not one after another) while memory holds at most `ahead`
 * documents whatever the corpus size.
 *
 * Yields `read(items[k])` for k in order. Each result is taken before the next read starts
 * (the consumer's pace bounds the reading: backpressure). A read that fails is thrown when its
 * turn comes; reads already started are left to end. The consumer checks for a cancel between
 * items (leaving the loop ends the reading).
 *
 * Reads that finish at once (files read in line, backend/project/files.ts readFilesInLine) would
 * never let the event loop turn: no Ctrl+C, no message from a worker, until the corpus ends. So
 * the loop is given a turn (setImmediate) whenever TURN_MS have passed since the last.
 */
const TURN_MS = 20;

export async function* readAhead<T, R>(items: readonly T[], ahead: number, read: (item: T, k: number) => Promise<R>): AsyncGenerator<R> {
  const pending: Array<Promise<R> | undefined> = [];
  const start = (k: number) => {
    const p = read(items[k] as T, k);
    p.catch(() => undefined); // awaited in turn below; this only keeps an early failure from being unhandled
    pending[k] = p;
  };
  for (let k = 0; k < Math.min(ahead, items.length); k++) start(k);
  let turned = performance.now();
  for (let k = 0; k < items.length; k++) {
    if (performance.now() - turned > TURN_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      turned = performance.now();
    }
    const result = await (pending[k] as Promise<R>);
    pending[k] = undefined;
    if (k + ahead < items.length) start(k + ahead);
    yield result;
  }
}
