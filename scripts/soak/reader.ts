/**
 * The reader that runs beside every scenario (readerThread.ts does the reading, in a worker
 * thread so that the soak's own work never slows it down). Paused while an outside program
 * writes a file itself (git writes files in place, not atomically: what a reader sees then is
 * git's doing, not Standoff's).
 */
import { Worker } from 'node:worker_threads';
import type { ReadCounts } from './tally';

export type ReaderRequest =
  | { type: 'watch'; root: string }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'ignore'; docId: string }
  | { type: 'stop' };
export type ReaderReply = { type: 'ok' } | { type: 'counts'; counts: ReadCounts };

export class Reader {
  private readonly worker = new Worker(new URL('./readerWorker.mjs', import.meta.url));
  private waiting: ((reply: ReaderReply) => void)[] = [];
  private failure: Error | null = null;

  constructor() {
    this.worker.on('message', (reply: ReaderReply) => this.waiting.shift()?.(reply));
    this.worker.on('error', (e) => {
      this.failure = e;
      for (const w of this.waiting.splice(0)) w({ type: 'ok' });
    });
  }

  private ask(request: ReaderRequest): Promise<ReaderReply> {
    if (this.failure) return Promise.reject(new Error(`the reader thread failed: ${this.failure.message}`));
    return new Promise((resolve, reject) => {
      this.waiting.push((reply) => (this.failure ? reject(new Error(`the reader thread failed: ${this.failure.message}`)) : resolve(reply)));
      this.worker.postMessage(request);
    });
  }

  /** Starts reading a project's annotation files, counting from zero. */
  async watch(root: string): Promise<void> {
    await this.ask({ type: 'watch', root });
  }

  /** Stops reading until resume(); resolves when no read is under way. */
  async pause(): Promise<void> {
    await this.ask({ type: 'pause' });
  }

  async resume(): Promise<void> {
    await this.ask({ type: 'resume' });
  }

  /** A document about to be deleted on purpose: its files going missing is not counted. */
  async ignore(docId: string): Promise<void> {
    await this.ask({ type: 'ignore', docId });
  }

  /** Stops reading; what was read since watch(). */
  async stop(): Promise<ReadCounts> {
    const reply = await this.ask({ type: 'stop' });
    if (reply.type !== 'counts') throw new Error('the reader thread answered out of turn');
    return reply.counts;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
