/**
 * Whole-corpus work on every core: worker threads each take a range of documents (a chunk),
 * do the work of each (read, parse, check or format), and send back one result per chunk; the
 * results come out here in document order, whichever worker finishes first. Memory stays
 * bounded: a chunk is handed out only while fewer than `inFlight` chunks are out or waiting
 * to be taken, whatever the corpus size.
 *
 * A document that fails in a worker (an error other than what the work itself reports) fails
 * its chunk: the error is thrown here when that chunk's turn comes, as it would have been
 * thrown had the documents been read here one after another (same class, code and words).
 * A worker that stops (a crash, out of memory) fails the whole run, in words.
 *
 * Only for a process that has nothing else to do meanwhile (the command line's whole-corpus
 * commands turn it on with useCorpusWorkers()); the service reads on its own thread, where its
 * open layers are.
 */
import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { ApiError } from '../../shared/api/errors';
import { FormatError } from '../../shared/format/errors';

/**
 * Whether this process may start corpus workers, and from how many items on (below that,
 * starting them costs more than it saves); a chunk size for tests (several chunks on a small project).
 */
let enabled: { minItems: number; chunk?: number } | null = null;

/** Lets whole-corpus work in this process use worker threads (the command line's validate and export). */
export function useCorpusWorkers(on = true, minItems = 200, chunk?: number): void {
  enabled = on ? { minItems, ...(chunk !== undefined ? { chunk } : {}) } : null;
}

/** Items per chunk: the work's own choice, unless a test asked for another. */
export function chunkSize(own: number): number {
  return enabled?.chunk ?? own;
}

/** Whether work over `items` documents should go to workers in this process. */
export function corpusWorkersFor(items: number): boolean {
  return enabled !== null && items >= enabled.minItems;
}

/** An error as it crosses between threads. */
interface SentError {
  name: string;
  message: string;
  code?: string;
  problem?: unknown;
  file?: string;
  problems?: string[];
  transient?: boolean;
}

export type ToCorpusWorker = { type: 'chunk'; k: number; items: string[] } | { type: 'recycle'; buffer: ArrayBuffer };
export type FromCorpusWorker = { type: 'ready' } | { type: 'done'; k: number; value: unknown } | { type: 'failed'; k: number; error: SentError } | { type: 'setup-failed'; error: SentError };

/** What a worker is started with: which work (its handler in corpusWorker.ts) and that work's settings. */
export interface CorpusWorkerStart {
  task: string;
  setup: unknown;
}

function sendable(e: unknown): SentError {
  if (e instanceof FormatError) return { name: 'FormatError', message: e.message, file: e.file, problems: e.problems, transient: e.transient };
  if (e instanceof ApiError) return { name: 'ApiError', message: e.message, code: e.code, ...(e.problem ? { problem: e.problem } : {}) };
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** The error a worker sent, as the class it was thrown as. */
function received(e: SentError): Error {
  if (e.name === 'FormatError') return new FormatError(e.file ?? '', e.problems ?? [], e.transient === true);
  if (e.name === 'ApiError') return new ApiError(e.code as ApiError['code'], e.message, e.problem as ApiError['problem']);
  const err = new Error(e.message) as NodeJS.ErrnoException;
  if (e.name !== 'Error') err.name = e.name;
  if (e.code !== undefined) err.code = e.code;
  return err;
}

/** How a chunk's result is sent back: the value, and buffers moved rather than copied. */
export interface ChunkResult {
  value: unknown;
  transfer?: ArrayBuffer[];
}

/** Buffers given back by the main thread, for the next chunks' bytes (see CorpusPool.recycle). */
export interface Spares {
  /** A buffer of at least `bytes` given back, or null (make one). */
  take(bytes: number): ArrayBuffer | null;
}

/** Spare buffers a worker keeps at most: as many as it can have out. */
const SPARES_KEPT = 4;

/**
 * The worker's side: answers each chunk with handle(items), in the order asked. Called once by
 * a worker entry, with the work's setup (the entry's workerData).
 */
export function serveCorpusChunks(prepare: (setup: unknown) => Promise<(items: string[], spares: Spares) => Promise<ChunkResult>>): void {
  const port = parentPort;
  if (!port) throw new Error('a corpus worker runs as a worker thread');
  const { setup } = workerData as CorpusWorkerStart;
  const kept: ArrayBuffer[] = [];
  const spares: Spares = {
    take(bytes) {
      const i = kept.findIndex((b) => b.byteLength >= bytes);
      return i < 0 ? null : (kept.splice(i, 1)[0] as ArrayBuffer);
    },
  };
  let queue = Promise.resolve();
  prepare(setup).then(
    (handle) => {
      port.on('message', (m: ToCorpusWorker) => {
        if (m.type === 'recycle') {
          if (kept.length < SPARES_KEPT) kept.push(m.buffer);
          return;
        }
        queue = queue.then(async () => {
          try {
            const { value, transfer } = await handle(m.items, spares);
            port.postMessage({ type: 'done', k: m.k, value } satisfies FromCorpusWorker, transfer ?? []);
          } catch (e) {
            port.postMessage({ type: 'failed', k: m.k, error: sendable(e) } satisfies FromCorpusWorker);
          }
        });
      });
      port.postMessage({ type: 'ready' } satisfies FromCorpusWorker);
    },
    (e: unknown) => port.postMessage({ type: 'setup-failed', error: sendable(e) } satisfies FromCorpusWorker),
  );
}

export interface PoolOptions {
  /** Items per chunk. */
  chunk: number;
  /** Worker threads (default: one per core, at most 4). */
  workers?: number;
  /** Chunks out or waiting at most (default: two per worker). */
  inFlight?: number;
  /** How long a worker may take to start before the work is done here instead. */
  readyTimeoutMs?: number;
  /** The worker entry (default: corpusWorker.mjs beside this module, or in the command line's bundle). */
  entry?: URL;
}

/** The corpus worker beside this module (in the bundle: dist/cli/corpusWorker.mjs, bin/cliBundle.mjs). */
function defaultEntry(): URL | null {
  try {
    return new URL('./corpusWorker.mjs', import.meta.url);
  } catch {
    return null;
  }
}

/**
 * Started workers for `task`, or null when none can be started here (no entry, a failing
 * start): the caller then does the work on its own thread.
 */
export async function startCorpusPool(task: string, setup: unknown, options: PoolOptions): Promise<CorpusPool | null> {
  const entry = options.entry ?? defaultEntry();
  if (!entry) return null;
  const n = Math.max(1, options.workers ?? Math.min(4, availableParallelism()));
  const workers: Worker[] = [];
  try {
    for (let i = 0; i < n; i++) {
      workers.push(
        new Worker(entry, {
          workerData: { task, setup } satisfies CorpusWorkerStart,
          execArgv: [],
          // Parsing makes many short-lived objects: a larger young generation scavenges less often
          // and promotes fewer of them; 16 MB, not more: the process stays under 300 MB (measured:
          // 230 MB for validate, 265 MB for the export, with two workers; 32 MB cost 30 MB more for no gain).
          resourceLimits: { maxYoungGenerationSizeMb: 16 },
        }),
      );
    }
  } catch {
    for (const w of workers) void w.terminate();
    return null;
  }
  const started = await Promise.all(workers.map((w) => ready(w, options.readyTimeoutMs ?? 10_000)));
  const failed = started.find((s): s is Error => s instanceof Error);
  if (failed || started.includes(false)) {
    for (const w of workers) void w.terminate();
    // A setup that failed in words (an unreadable file) is the work's own failure: said, not hidden.
    if (failed) throw failed;
    return null;
  }
  return new CorpusPool(workers, options);
}

/** true when the worker is ready, false when it did not start, the error when its setup failed. */
function ready(worker: Worker, timeoutMs: number): Promise<boolean | Error> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    const onMessage = (m: FromCorpusWorker) => done(m.type === 'ready' ? true : m.type === 'setup-failed' ? received(m.error) : false);
    const onFail = () => done(false);
    function done(outcome: boolean | Error) {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onFail);
      worker.off('exit', onFail);
      resolve(outcome);
    }
    worker.on('message', onMessage);
    worker.once('error', onFail);
    worker.once('exit', onFail);
  });
}

export class CorpusPool {
  private readonly chunkSize: number;
  private readonly inFlight: number;

  constructor(
    private readonly workers: Worker[],
    options: PoolOptions,
  ) {
    this.chunkSize = Math.max(1, options.chunk);
    this.inFlight = Math.max(workers.length, options.inFlight ?? workers.length * 2);
  }

  /**
   * Each chunk's result, in the order of `items`; a chunk that failed throws its error in its
   * turn. Leaving the loop early (a cancel, an error) stops the workers.
   */
  async *chunks<R>(items: readonly string[]): AsyncGenerator<R> {
    const total = Math.ceil(items.length / this.chunkSize);
    const results = new Map<number, { value: unknown } | { error: Error }>();
    /** Chunks handed to each worker and not answered yet. */
    const busy = this.workers.map(() => 0);
    let next = 0;
    let taken = 0;
    let stopped: Error | null = null;
    let wake: (() => void) | null = null;
    const poke = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const handOut = () => {
      while (next < total && next - taken < this.inFlight) {
        // The least busy worker: a slow chunk does not hold up the others.
        let w = 0;
        for (let i = 1; i < busy.length; i++) if ((busy[i] as number) < (busy[w] as number)) w = i;
        busy[w] = (busy[w] as number) + 1;
        const k = next++;
        (this.workers[w] as Worker).postMessage({ type: 'chunk', k, items: items.slice(k * this.chunkSize, (k + 1) * this.chunkSize) } satisfies ToCorpusWorker);
      }
    };
    const listeners = this.workers.map((worker, i) => {
      const onMessage = (m: FromCorpusWorker) => {
        if (m.type === 'done' || m.type === 'failed') {
          busy[i] = (busy[i] as number) - 1;
          results.set(m.k, m.type === 'done' ? { value: m.value } : { error: received(m.error) });
          poke();
        }
      };
      const onError = (e: Error) => {
        stopped ??= new Error(`a worker reading the corpus failed: ${e.message}`);
        poke();
      };
      const onExit = (code: number) => {
        stopped ??= new Error(`a worker reading the corpus stopped (exit code ${code}) before its work was done`);
        poke();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      return () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
    });
    try {
      handOut();
      while (taken < total) {
        let r = results.get(taken);
        while (r === undefined) {
          if (stopped) throw stopped;
          await new Promise<void>((resolve) => (wake = resolve));
          r = results.get(taken);
        }
        results.delete(taken);
        taken++;
        handOut();
        if ('error' in r) throw r.error;
        yield r.value as R;
      }
    } finally {
      for (const off of listeners) off();
    }
  }

  /**
   * Gives a buffer a worker sent (and that is no longer needed here) back to a worker, for a
   * later chunk's bytes. Buffers then go round instead of piling up on this thread until its
   * garbage is collected (measured: 73 MB of them at the peak of an export of 10,000 documents).
   */
  recycle(buffer: ArrayBuffer): void {
    const worker = this.workers[this.recycled++ % this.workers.length] as Worker;
    worker.postMessage({ type: 'recycle', buffer } satisfies ToCorpusWorker, [buffer]);
  }

  private recycled = 0;

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
