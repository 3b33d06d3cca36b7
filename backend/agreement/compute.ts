/**
 * Where the agreement report is computed. In a worker thread when one can be started (the
 * server's own thread then only reads files, and stays free for other requests); otherwise on the
 * server's thread in slices of a few milliseconds, giving way to the event loop between them.
 * Either way the same SafeAccumulator computes the same report.
 */
import { Worker } from 'node:worker_threads';
import { attributeFields, type AnnotatedDocument, type AttributeField, type NotComparedDocument, type ProjectAgreementReport, type ReportContext, type ReportSchema } from '../../shared/agreement';
import { batchBuffers, BatchReader, packBatch, recycleBuffers, type PackedBatch } from '../../shared/agreement/report/packedBatch';
import { ApiError, type ApiErrorCode } from '../../shared/api/errors';
import { SafeAccumulator } from './accumulate';
import type { FromWorker, ReadErrorData, ReadNotesData, ToWorker, WorkerReading, WorkerStart } from './protocol';

export interface AgreementComputation {
  readonly where: ProjectAgreementReport['computation']['where'];
  /** Adds documents (resolves when they are handed over or, on the main thread, counted). */
  add(documents: AnnotatedDocument[]): Promise<void>;
  /** The same, for documents already packed (`packBatch` with this computation's `fields`); the batch's buffers are moved, not copied. */
  addBatch(batch: PackedBatch): Promise<void>;
  /** The attribute fields batches are packed with. */
  readonly fields: readonly AttributeField[];
  skip(documents: NotComparedDocument[]): void;
  /**
   * Whether `read` can be asked: the computation reads documents itself (the worker, started
   * with ComputationOptions.reading), in parallel with the caller's own reading.
   */
  readonly readsDocuments: boolean;
  /** Documents being read by the computation itself and not yet counted. */
  readonly reading: number;
  /**
   * Has the computation read and count these documents itself, in their turn among the batches
   * added (resolves when handed over; `notes` when they are counted). Rejects with a
   * ChunkReadError if reading met an error: the caller reads them to meet it.
   */
  read(docIds: string[], expected: Array<[string, string[]]>): Promise<{ notes: Promise<ReadNotesData> }>;
  /** The report; `busyMs` is the time spent computing, `parseMs` decoding what was sent (not reading files or waiting). */
  finish(context: ReportContext): Promise<Finished>;
  /** Stops (after an error while reading): the worker, if any, is ended. */
  abort(): void;
}

export interface Finished {
  report: ProjectAgreementReport;
  /** Wall-clock time spent computing. */
  busyMs: number;
  /** Wall-clock time spent decoding batches (see packedBatch.ts). */
  parseMs: number;
  /** The worker thread's CPU time, decoding included (Linux; null elsewhere and on the main thread). */
  cpuMs: number | null;
}

export interface ComputationOptions {
  /** 'worker' (the default) falls back to 'main' if no worker can be started. */
  prefer?: 'worker' | 'main';
  /** How long to wait for the worker to start before computing on the main thread (default 20 s). */
  startTimeoutMs?: number;
  /** Keep the rows of only the worst this many documents (ProjectAgreementOptions.documentRows): memory flat whatever the corpus size. */
  documentRows?: number;
  /**
   * Let the worker read documents itself (`read`), from this project: for the command line, which
   * has nothing else to do meanwhile and no documents open (the worker reads the files on disk,
   * not what the service holds). Ignored on the main thread.
   */
  reading?: WorkerReading;
}

/** Reading in the worker stopped on this error (`documents`: those it was reading). */
export class ChunkReadError extends Error {
  constructor(
    readonly documents: readonly string[],
    readonly error: ReadErrorData,
  ) {
    super(`agreement worker: ${error.message}`);
  }

  /** The error as it was thrown in the worker (an ApiError stays one). */
  original(): Error {
    if (this.error.name === 'ApiError') return new ApiError(this.error.code as ApiErrorCode, this.error.message, this.error.problem);
    return Object.assign(new Error(this.error.message), this.error.code ? { code: this.error.code } : {});
  }
}

export async function startComputation(schema: ReportSchema, options: ComputationOptions = {}): Promise<AgreementComputation> {
  if (options.prefer !== 'main') {
    const worker = await WorkerComputation.start(schema, options.startTimeoutMs ?? 20_000, options.documentRows, options.reading);
    if (worker) return worker;
  }
  return new MainThreadComputation(schema, options.documentRows);
}

/** The worker's entry, next to this file (absent in a bundle, where import.meta.url is empty: then there is no worker). */
function workerEntry(): URL | null {
  try {
    return new URL('./worker.mjs', import.meta.url);
  } catch {
    return null;
  }
}

class WorkerComputation implements AgreementComputation {
  readonly where = 'worker thread' as const;
  private outcome: Promise<Finished>;
  private failed: Error | null = null;
  /** Messages ('documents', 'read') sent and not yet dealt with by the worker, oldest first; a read's notes are given to `done`. */
  private readonly sent: Array<{ docIds: string[]; done: (notes: ReadNotesData) => void; fail: (e: Error) => void } | null> = [];
  reading = 0;
  /** Called when the worker has counted a batch (or stopped): a reader held back goes on. */
  private onCounted: (() => void) | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly fields: readonly AttributeField[],
    readonly readsDocuments: boolean,
  ) {
    this.outcome = new Promise((resolve, reject) => {
      /** The worker cannot go on: every wait ends, reads not yet counted fail with the same error. */
      const stop = (e: Error) => {
        this.failed ??= e;
        for (const read of this.sent.splice(0)) read?.fail(this.failed);
        reject(this.failed);
        this.wake();
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'counted') {
          if (m.buffers) recycleBuffers(m.buffers);
          const read = this.sent.shift();
          if (read) {
            this.reading--;
            read.done(m.notes!);
          }
          this.wake();
        } else if (m.type === 'readFailed') stop(new ChunkReadError(this.sent[0]?.docIds ?? [], m.error));
        else if (m.type === 'result') resolve({ report: m.report, busyMs: m.busyMs, parseMs: m.parseMs, cpuMs: m.cpuMs });
        else if (m.type === 'error') stop(new Error(`agreement worker: ${m.message}`));
      });
      worker.on('error', stop);
      worker.on('exit', (code) => stop(new Error(`agreement worker stopped (exit code ${code}) before its report`)));
    });
    this.outcome.catch(() => undefined); // observed in finish()
  }

  /** A started worker, or null when none can be started here (bundled code, no tsx, a failing start). */
  static async start(schema: ReportSchema, timeoutMs: number, documentRows?: number, reading?: WorkerReading): Promise<WorkerComputation | null> {
    const entry = workerEntry();
    if (!entry) return null;
    let worker: Worker;
    try {
      const data: WorkerStart = { schema, ...(documentRows !== undefined ? { documentRows } : {}), ...(reading ? { reading } : {}) };
      worker = new Worker(entry, {
        workerData: data,
        // tsx is registered by worker.mjs itself; loaders the parent was started with are not repeated.
        execArgv: [],
        // The young generation, below V8's default of 48 MB to keep memory down: computing alone
        // (the service) 32 MB; reading files too (the command line) 16 MB, 13–18 MB less memory
        // than 32 for the same CPU time, and 45–60 MB less than 64 (10,000 documents), so the
        // whole process stays under 300 MB (issue 14).
        resourceLimits: { maxYoungGenerationSizeMb: reading ? 16 : 32 },
      });
    } catch {
      return null;
    }
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onFail);
        worker.off('exit', onFail);
        resolve(ok);
      };
      const onMessage = (m: FromWorker) => done(m.type === 'ready');
      const onFail = () => done(false);
      worker.on('message', onMessage);
      worker.once('error', onFail);
      worker.once('exit', onFail);
    });
    if (!ready) {
      void worker.terminate();
      return null;
    }
    return new WorkerComputation(worker, attributeFields(schema.labels), reading !== undefined);
  }

  private post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.failed) throw this.failed;
    this.worker.postMessage(message, transfer);
  }

  async add(documents: AnnotatedDocument[]): Promise<void> {
    if (documents.length) await this.addBatch(packBatch(documents, this.fields));
  }

  /**
   * Sends a batch; waits first while MAX_WAITING batches are still to be counted. Reading files
   * can be faster than counting them: without this wait the batches would pile up in the
   * worker's queue, and memory grow with the corpus.
   */
  async addBatch(batch: PackedBatch): Promise<void> {
    await this.turn();
    this.post({ type: 'documents', batch }, batchBuffers(batch));
    this.sent.push(null);
  }

  async read(docIds: string[], expected: Array<[string, string[]]>): Promise<{ notes: Promise<ReadNotesData> }> {
    if (!this.readsDocuments) throw new Error('this agreement worker was not started to read documents');
    await this.turn();
    this.post({ type: 'read', docIds, expected });
    const notes = new Promise<ReadNotesData>((done, fail) => this.sent.push({ docIds, done, fail }));
    notes.catch(() => undefined); // the failure is the computation's: thrown by the next add, read or finish
    this.reading++;
    return { notes };
  }

  /** Waits while too many messages are still to be dealt with (more may wait when the worker reads: a read takes long). */
  private async turn(): Promise<void> {
    const most = this.readsDocuments ? MAX_WAITING_READING : MAX_WAITING;
    while (this.sent.length >= most && !this.failed) await new Promise<void>((resolve) => (this.onCounted = resolve));
  }

  private wake(): void {
    const go = this.onCounted;
    this.onCounted = null;
    go?.();
  }

  skip(documents: NotComparedDocument[]): void {
    if (documents.length) this.post({ type: 'skip', documents });
  }

  async finish(context: ReportContext): Promise<Finished> {
    this.post({ type: 'finish', context, startedAt: Date.now() });
    try {
      return await this.outcome;
    } finally {
      void this.worker.terminate();
    }
  }

  abort(): void {
    void this.worker.terminate();
  }
}

/** The fallback: on the server's thread, a slice of at most SLICE_MS at a time. */
class MainThreadComputation implements AgreementComputation {
  readonly where = 'main thread' as const;
  readonly readsDocuments = false;
  readonly reading = 0;
  private readonly acc: SafeAccumulator;
  private busy = 0;
  private parse = 0;
  readonly fields: readonly AttributeField[];

  constructor(schema: ReportSchema, documentRows?: number) {
    this.acc = new SafeAccumulator(schema, documentRows);
    this.fields = attributeFields(schema.labels);
  }

  /**
   * Packs the documents and counts them as the worker does: one way through the report for both.
   * (Counting the objects directly was a second path; measured, packing and counting the packed
   * documents costs the same CPU time, 1.2 s for 3,000 documents × 3 × 40 spans either way, so
   * the second path was removed. packedBatch.test.ts and the golden fingerprints still hold the
   * objects' path of ProjectAgreementAccumulator, which documents refused by the packer take, to
   * the packed one.)
   */
  async add(documents: AnnotatedDocument[]): Promise<void> {
    if (documents.length) await this.addBatch(packBatch(documents, this.fields));
  }

  async addBatch(batch: PackedBatch): Promise<void> {
    const t0 = performance.now();
    const reader = new BatchReader(batch);
    this.parse += performance.now() - t0;
    let sliceStart = performance.now();
    for (let d = 0; d < reader.size; d++) {
      const t0 = performance.now();
      this.acc.addFrom(reader, d);
      const t1 = performance.now();
      this.busy += t1 - t0;
      if (t1 - sliceStart > SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
    recycleBuffers(batchBuffers(batch));
  }

  skip(documents: NotComparedDocument[]): void {
    for (const d of documents) this.acc.skip(d);
  }

  read(): Promise<{ notes: Promise<ReadNotesData> }> {
    return Promise.reject(new Error('the agreement computation on the main thread does not read documents'));
  }

  async finish(context: ReportContext): Promise<Finished> {
    await yieldToEventLoop();
    const t0 = performance.now();
    const report = this.acc.result(context, { elapsedMs: 0, where: this.where });
    this.busy += performance.now() - t0;
    return { report, busyMs: this.busy, parseMs: this.parse, cpuMs: null };
  }

  abort(): void {}
}

const SLICE_MS = 8;

/** Batches (of BATCH_SPANS spans, backend/agreement/read.ts) sent to the worker and not yet counted, at most. */
const MAX_WAITING = 2;
/**
 * The same when the worker reads too: batches the service read wait behind the worker's own
 * reading (a run of documents), so more of them may wait, or the service would stand idle.
 */
const MAX_WAITING_READING = 8;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
