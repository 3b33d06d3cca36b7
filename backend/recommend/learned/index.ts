/**
 * The learned recommender (issue 15): a sequence tagger trained on this project's own work.
 *
 * Interface for the room (backend/recommend) and the app (through the room's service methods):
 *
 *   const trainer = createLearnedTrainer(root, { debounceMs?: 5000 });   // reads the model file
 *   registry.add(learnedRecommender(trainer));      // kind "learned", id LEARNED_ID ("learned")
 *
 *   trainer.status(): TrainingStatus     untrained | training (progress: done/total epochs) |
 *                                        trained | failed (message); trainedAt, documents, spans,
 *                                        source ("gold and finished layers")
 *   trainer.train(): Promise<TrainingStatus>
 *                                        trains now in a worker thread (the main thread if no
 *                                        worker can start) on the gold layer and every finished
 *                                        annotator layer, plus the lessons; writes the model to
 *                                        .standoff/models/learned.json; a second call while
 *                                        training waits for a new run after the current one.
 *   trainer.lesson(lesson: Lesson): void an annotator accepted, rejected or finished: kept, and a
 *                                        retraining is scheduled (debounced, debounceMs).
 *                                        Lesson = { kind: 'accept' | 'reject' | 'finish', docId,
 *                                        annotator, places?: [{ label, startOffset, endOffset }] }
 *   trainer.model(): LearnedModel | null the model in use (null: untrained)
 *   trainer.uncertainty(): ReadonlyMap<docId, number>
 *                                        per document, 0 (sure) to 1 (unsure), from the last
 *                                        model over every document: the "uncertainty" sort of the
 *                                        document list (least sure first). The service gives it
 *                                        to its index after each training:
 *                                        trainer.onStatus(s => s.state === 'trained' &&
 *                                          service.index.useUncertainty(trainer.uncertainty()))
 *                                        (and once at start, for the model read from disk).
 *   trainer.onStatus(listener): () => void   called on every status change (progress included).
 *   trainer.close(): Promise<void>       stops timers and a running worker.
 *
 * The recommender proposes nothing and throws "not trained yet…" (a problem in words for the
 * suggestion set) until a model exists. Its proposals carry a score (0–1, the least sure token
 * of the span) and a why ("learned from 4 documents (120 spans)").
 *
 * Cross-validation (the room's evaluate) uses the pure functions of shared/recommend/learned:
 *   trainOn(docs: TrainingDocument[], labels, options?) → LearnedModel (a JSON value)
 *   predict(model, text) → { proposals: Proposal[], uncertainty: number }
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TrainingStatus } from '../../../shared/api/recommend';
import { isLearnedModel, predictInSteps, type LearnedModel } from '../../../shared/recommend/learned';
import type { Recommender } from '../../../shared/recommend/types';
import { writeDurably } from '../../project/durableFile';
import { readUtf8 } from '../../project/files';
import { runTraining, SOURCE, type Lesson, type TrainingOutput } from './job';
import type { FromTrainingWorker, ToTrainingWorker } from './protocol';

export type { Lesson } from './job';

export const LEARNED_ID = 'learned';
/** The model, its figures and the lessons it learned from: this machine's, derived, out of git. */
export const MODEL_FILE = '.standoff/models/learned.json';
const FILE_FORMAT = 'standoff/learned-recommender';
/** Lessons kept (the oldest are dropped beyond): each is a few sentences to learn from. */
const MAX_LESSONS = 20_000;

interface ModelFile {
  format: typeof FILE_FORMAT;
  version: 1;
  trainedAt: string;
  documents: number;
  spans: number;
  model: LearnedModel;
  uncertainty: Record<string, number>;
  lessons: Lesson[];
}

export interface LearnedTrainer {
  status(): TrainingStatus;
  train(): Promise<TrainingStatus>;
  lesson(lesson: Lesson): void;
  model(): LearnedModel | null;
  uncertainty(): ReadonlyMap<string, number>;
  onStatus(listener: (status: TrainingStatus) => void): () => void;
  /** Where the last training ran and how long its steps took (milliseconds); null before one has run here. */
  lastTraining(): { where: 'worker thread' | 'main thread'; timings: TrainingOutput['timings'] } | null;
  close(): Promise<void>;
}

export interface TrainerOptions {
  /** Wait this long after the last lesson before retraining (default 5000 ms). */
  debounceMs?: number;
  epochs?: number;
  /** 'main' trains on the service's own thread (tests; where no worker can start it falls back to it anyway). */
  where?: 'worker' | 'main';
}

/** The worker's entry, next to this file (absent in a bundle, where import.meta.url is empty: then training runs on the main thread). */
function workerEntry(): URL | null {
  try {
    return new URL('./worker.mjs', import.meta.url);
  } catch {
    return null;
  }
}

export function createLearnedTrainer(root: string, options: TrainerOptions = {}): LearnedTrainer {
  return new Trainer(root, options);
}

class Trainer implements LearnedTrainer {
  private current: TrainingStatus = { state: 'untrained', trainedAt: null, documents: 0, spans: 0, source: SOURCE };
  private learned: LearnedModel | null = null;
  private byDoc = new Map<string, number>();
  private lessons: Lesson[] = [];
  private readonly listeners = new Set<(s: TrainingStatus) => void>();
  private readonly loaded: Promise<void>;
  private running: Promise<TrainingStatus> | null = null;
  private again: Promise<TrainingStatus> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private worker: Worker | null = null;
  private closed = false;
  private last: ReturnType<LearnedTrainer['lastTraining']> = null;
  private where: 'worker thread' | 'main thread' = 'main thread';

  constructor(
    private readonly root: string,
    private readonly options: TrainerOptions,
  ) {
    this.loaded = this.load();
  }

  status(): TrainingStatus {
    return { ...this.current, ...(this.current.progress ? { progress: { ...this.current.progress } } : {}) };
  }

  model(): LearnedModel | null {
    return this.learned;
  }

  uncertainty(): ReadonlyMap<string, number> {
    return this.byDoc;
  }

  lastTraining(): ReturnType<LearnedTrainer['lastTraining']> {
    return this.last;
  }

  onStatus(listener: (status: TrainingStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lesson(lesson: Lesson): void {
    if (this.closed) return;
    this.lessons.push(lesson);
    if (this.lessons.length > MAX_LESSONS) this.lessons.splice(0, this.lessons.length - MAX_LESSONS);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.train().catch(() => undefined); // a failure is in the status
    }, this.options.debounceMs ?? 5000);
    this.timer.unref?.();
  }

  /** Trains now; while a training runs, one more is queued after it (it will see what changed meanwhile). */
  train(): Promise<TrainingStatus> {
    if (this.running) return (this.again ??= this.running.then(() => {
      this.again = null;
      return this.train();
    }));
    const run = this.run().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.worker?.terminate();
  }

  private set(status: TrainingStatus): void {
    this.current = status;
    for (const l of this.listeners) l(this.status());
  }

  private get file(): string {
    return path.join(this.root, MODEL_FILE);
  }

  /** The model kept from the last training, if it reads; a file that does not is left alone (and set aside before the next is written). */
  private async load(): Promise<void> {
    let raw: string | null;
    try {
      raw = await readUtf8(this.file, MODEL_FILE);
    } catch {
      raw = null;
    }
    if (raw === null) return;
    const data = readModelFile(raw);
    if (!data) {
      this.unreadable = true;
      return;
    }
    this.learned = data.model;
    this.byDoc = new Map(Object.entries(data.uncertainty));
    this.lessons = [...data.lessons, ...this.lessons];
    this.set({ state: 'trained', trainedAt: data.trainedAt, documents: data.documents, spans: data.spans, source: SOURCE });
  }

  private unreadable = false;

  private async run(): Promise<TrainingStatus> {
    await this.loaded;
    const before = this.current;
    const lessons = [...this.lessons];
    this.set({ ...before, state: 'training', progress: { done: 0, total: 1 }, message: undefined });
    try {
      const input: ToTrainingWorker = { root: this.root, lessons, epochs: this.options.epochs };
      this.where = 'main thread';
      const output = this.options.where === 'main' ? await runTraining(input, this.progress) : await this.inWorker(input);
      if (this.closed) return this.current;
      this.last = { where: this.where, timings: output.timings };
      const trainedAt = new Date().toISOString();
      const data: ModelFile = {
        format: FILE_FORMAT,
        version: 1,
        trainedAt,
        documents: output.documents + output.partialDocuments,
        spans: output.spans,
        model: output.model,
        uncertainty: output.uncertainty,
        lessons,
      };
      await this.save(data);
      this.learned = output.model;
      this.byDoc = new Map(Object.entries(output.uncertainty));
      const status: TrainingStatus = { state: 'trained', trainedAt, documents: data.documents, spans: data.spans, source: SOURCE };
      if (!data.documents) status.message = 'Nothing to learn from yet: no gold layer, no finished layer and no accepted or rejected suggestion.';
      this.set(status);
    } catch (e) {
      this.set({ ...before, state: 'failed', progress: undefined, message: `Training failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    return this.status();
  }

  private readonly progress = (done: number, total: number, step: 'reading' | 'training' | 'measuring') => {
    // One bar over the three steps: reading is quick, training and measuring take the time.
    const weight = { reading: [0, 10], training: [10, 70], measuring: [80, 20] } as const;
    const [from, span] = weight[step];
    const at = Math.min(100, Math.round(from + (span * done) / Math.max(1, total)));
    if (this.current.state === 'training' && this.current.progress?.done === at) return;
    this.set({ ...this.current, state: 'training', progress: { done: at, total: 100 } });
  };

  private async save(data: ModelFile): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    // The working folder is this machine's, never shared: keep it out of version control.
    await writeFile(path.join(this.root, '.standoff', '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
    if (this.unreadable) {
      // Never overwrite a file we could not read: set it aside, named so it is found.
      await rename(this.file, `${this.file}.unreadable-${Date.now()}`).catch(() => undefined);
      this.unreadable = false;
    }
    await writeDurably(this.file, JSON.stringify(data));
  }

  /** Trains in a worker thread; on the main thread when no worker can start (a bundle, no tsx). */
  private inWorker(input: ToTrainingWorker): Promise<TrainingOutput> {
    const entry = workerEntry();
    if (!entry) return runTraining(input, this.progress);
    return new Promise((resolve, reject) => {
      let worker: Worker;
      try {
        worker = new Worker(entry, { workerData: input, execArgv: [] });
      } catch {
        runTraining(input, this.progress).then(resolve, reject);
        return;
      }
      this.worker = worker;
      let heard = false;
      let settled = false;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        this.worker = null;
        f();
      };
      worker.on('message', (m: FromTrainingWorker) => {
        heard = true;
        this.where = 'worker thread';
        if (m.type === 'progress') this.progress(m.done, m.total, m.step);
        else if (m.type === 'result') finish(() => resolve(m.output));
        else finish(() => reject(new Error(m.message)));
      });
      worker.on('error', (e) => {
        // A worker that could not even start (no loader): train here instead.
        if (!heard) finish(() => runTraining(input, this.progress).then(resolve, reject));
        else finish(() => reject(e));
      });
      worker.on('exit', (code) => finish(() => reject(new Error(this.closed ? 'the project was closed' : `the training worker stopped (exit code ${code})`))));
    });
  }
}

function readModelFile(raw: string): ModelFile | null {
  try {
    const data = JSON.parse(raw) as ModelFile;
    if (data?.format !== FILE_FORMAT || data.version !== 1 || !isLearnedModel(data.model)) return null;
    if (typeof data.trainedAt !== 'string' || typeof data.uncertainty !== 'object' || !Array.isArray(data.lessons)) return null;
    return data;
  } catch {
    return null;
  }
}

/** The learned model as a recommender of the project's registry. */
export function learnedRecommender(trainer: LearnedTrainer): Recommender {
  return {
    id: LEARNED_ID,
    name: 'Learned from this project',
    description: 'A tagger trained on the gold and finished layers and on the suggestions accepted or rejected; it retrains as you work.',
    kind: 'learned',
    labels: (schema) => {
      const known = new Set(schema.labels.map((l) => l.id));
      const model = trainer.model();
      return model ? model.labels.filter((l) => known.has(l)) : [...known];
    },
    enabledByDefault: true,
    async recommend(context) {
      const model = trainer.model();
      if (!model) {
        const s = trainer.status();
        throw new Error(
          s.state === 'training'
            ? 'The learned model is training for the first time; its suggestions come when it is done.'
            : 'The learned model is not trained yet: it learns from gold layers, finished layers and accepted or rejected suggestions (Train in the recommenders panel).',
        );
      }
      const known = new Set(context.schema.labels.map((l) => l.id));
      // In steps of a few milliseconds, letting the service answer (saves above all) between two.
      const steps = predictInSteps(model, context.text, { cancelled: context.cancelled });
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value.proposals.filter((p) => known.has(p.label));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    },
  };
}
