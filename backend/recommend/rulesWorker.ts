/**
 * Where the rule recommenders and the learned model's prediction run for a large text: in a
 * worker thread (worker.ts), so a 1 MB article's suggestions never hold up the saves the service answers meanwhile. Small texts
 * stay on the service's thread (a few milliseconds: less than the copy to a worker). Started on
 * first use and kept; when no worker can start (bundled code, where import.meta.url is empty),
 * the rules run on the service's thread as before.
 */
import { Worker } from 'node:worker_threads';
import type { LearnedModel } from '../../shared/recommend/learned';
import type { Proposal } from '../../shared/recommend/types';
import type { FromRulesWorker, ToRulesWorker, WorkerContext } from './workerProtocol';

/** Texts from this many UTF-16 units on go to the worker (measured: a 5 KB article takes ~30 ms of CPU on the main thread). */
export const WORKER_FROM_CHARS = 50_000;

function workerEntry(): URL | null {
  try {
    return new URL('./worker.mjs', import.meta.url);
  } catch {
    return null;
  }
}

type Answers = Extract<FromRulesWorker, { type: 'done' }>['answers'];

export class RulesWorker {
  private worker: Promise<{ worker: Worker; ids: Set<string> } | null> | null = null;
  private next = 1;
  /** Requests answered by the worker so far (tests, benchmarks). */
  answered = 0;
  /** The learned model the worker has, by identity, and its version number. */
  private sentModel: { model: LearnedModel; version: number } | null = null;
  private readonly waiting = new Map<number, { resolve: (a: Answers) => void; reject: (e: Error) => void }>();

  constructor(private readonly startTimeoutMs = 20_000) {}

  /** The rule ids the worker runs, or null when no worker can run here. */
  async ids(): Promise<ReadonlySet<string> | null> {
    return (await this.started())?.ids ?? null;
  }

  private started() {
    this.worker ??= this.start();
    return this.worker;
  }

  private async start(): Promise<{ worker: Worker; ids: Set<string> } | null> {
    const entry = workerEntry();
    if (!entry) return null;
    let worker: Worker;
    try {
      worker = new Worker(entry, { execArgv: [] });
    } catch {
      return null;
    }
    const ids = await new Promise<string[] | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), this.startTimeoutMs);
      worker.once('message', (m: FromRulesWorker) => {
        clearTimeout(timer);
        resolve(m.type === 'ready' ? m.recommenders : null);
      });
      worker.once('error', () => resolve(null));
      worker.once('exit', () => resolve(null));
    });
    if (!ids) {
      void worker.terminate();
      return null;
    }
    worker.on('message', (m: FromRulesWorker) => {
      if (m.type !== 'done') return;
      this.waiting.get(m.request)?.resolve(m.answers);
      this.waiting.delete(m.request);
      this.answered++;
      // Idle, it keeps no process alive; waited for, it does (else the process could end mid-request).
      if (this.waiting.size === 0) worker.unref();
    });
    const fail = (e: Error) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
      this.worker = null; // the next request starts a new one
      this.sentModel = null;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the rules worker stopped (exit code ${code})`)));
    worker.unref();
    return { worker, ids: new Set(ids) };
  }

  /** Runs these rules on the worker; resolves with each one's proposals or error, in words. */
  async run(recommenders: readonly string[], context: WorkerContext, learnedModel?: LearnedModel): Promise<Map<string, Proposal[] | Error>> {
    const started = await this.started();
    if (!started) throw new Error('no worker thread can run here');
    const request = this.next++;
    let learned: ToRulesWorker['learned'];
    if (learnedModel) {
      const fresh = this.sentModel?.model !== learnedModel;
      if (fresh) this.sentModel = { model: learnedModel, version: (this.sentModel?.version ?? 0) + 1 };
      learned = { version: this.sentModel!.version, ...(fresh ? { model: learnedModel } : {}) };
    }
    const answers = await new Promise<Answers>((resolve, reject) => {
      this.waiting.set(request, { resolve, reject });
      started.worker.ref();
      const message: ToRulesWorker = { type: 'run', request, recommenders: [...recommenders], context, ...(learned ? { learned } : {}) };
      started.worker.postMessage(message);
    });
    return new Map(answers.map((a) => [a.recommender, a.proposals ?? new Error(a.error ?? 'failed')]));
  }

  async close(): Promise<void> {
    const started = await this.worker;
    this.worker = null;
    await started?.worker.terminate();
  }
}
