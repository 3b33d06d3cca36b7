/**
 * A soak "window": what an analyst's window does to the service, reduced to saving. It sends
 * applyEdits, one at a time, each the add of a new span with an id of its own, to whichever
 * `serve` process it is attached to now (a scenario may kill that process and attach a new
 * one), and records what became of every save.
 */
import { performance } from 'node:perf_hooks';
import { call } from './client';
import { ANNOTATOR } from './project';
import type { ServeProcess } from './serve';
import { randomSpan, soakSpanId, type SoakSpan, type SoakText } from './spans';
import { countSave, emptySaveCounts, type SaveOutcome } from './tally';

/** As fast as the answers come, or an analyst's pace: a pause of min–max ms between saves. */
export type Pace = { kind: 'quick' } | { kind: 'human'; minMs: number; maxMs: number };

export interface SaveRecord {
  window: string;
  docId: string;
  span: SoakSpan;
  /** performance.now() when sent and when answered. */
  sentAt: number;
  doneAt: number;
  outcome: SaveOutcome;
  /** A second sending of a span whose first save failed. */
  resend: boolean;
}

/**
 * A moment's wait after a save that could not be made, as a window would before trying again,
 * so that a refused window does not spin: a process going or gone; the seat held by another
 * window; a disk that failed.
 */
function backoff(outcome: SaveOutcome): number {
  if (outcome.kind === 'failed') return 10;
  if (outcome.kind === 'refused' && (outcome.code === 'locked' || outcome.code === 'io')) return 25;
  return 0;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SoakWindow {
  /** The process this window talks to; null or dead while it is (re)started. */
  server: ServeProcess | null = null;
  readonly records: SaveRecord[] = [];
  readonly counts = emptySaveCounts();
  private seq = 0;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private inFlight: Promise<unknown> | null = null;
  private gate: { promise: Promise<void>; open: () => void } | null = null;

  constructor(
    readonly name: string,
    private readonly docs: readonly SoakText[],
    private readonly labels: readonly string[],
    private readonly pace: Pace,
    private readonly random: () => number,
    private readonly onSave?: (record: SaveRecord) => void,
  ) {}

  /** Starts saving, until stop(). */
  start(): void {
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (this.gate) {
        await this.gate.promise;
        continue;
      }
      const server = this.server;
      if (!server?.alive) {
        await sleep(20);
        continue;
      }
      const doc = this.docs[Math.floor(this.random() * this.docs.length)]!;
      const span = randomSpan(doc, soakSpanId(this.name, ++this.seq), this.labels, this.random);
      const record = await this.track(this.save(server, doc.docId, span, false));
      const wait = backoff(record.outcome);
      if (wait) await sleep(wait);
      if (this.pace.kind === 'human') await sleep(this.pace.minMs + this.random() * (this.pace.maxMs - this.pace.minMs));
    }
  }

  private async track<T>(p: Promise<T>): Promise<T> {
    this.inFlight = p;
    try {
      return await p;
    } finally {
      this.inFlight = null;
    }
  }

  private async save(server: ServeProcess, docId: string, span: SoakSpan, resend: boolean): Promise<SaveRecord> {
    const sentAt = performance.now();
    const outcome = await call(server, 'applyEdits', { docId, annotator: ANNOTATOR, edits: [{ op: 'add', span }] });
    const record: SaveRecord = { window: this.name, docId, span, sentAt, doneAt: performance.now(), outcome, resend };
    this.records.push(record);
    countSave(this.counts, outcome);
    this.onSave?.(record);
    return record;
  }

  /** Sends a span again, as Retry would (the window must be paused). */
  resend(record: SaveRecord): Promise<SaveRecord> {
    if (!this.server?.alive) throw new Error(`window ${this.name} has no server to send to`);
    return this.track(this.save(this.server, record.docId, record.span, true));
  }

  /** No new save; resolves once none is in flight. */
  async pause(): Promise<void> {
    if (!this.gate) {
      let open = () => {};
      const promise = new Promise<void>((resolve) => (open = resolve));
      this.gate = { promise, open };
    }
    await this.inFlight?.catch(() => undefined);
  }

  resume(): void {
    const gate = this.gate;
    this.gate = null;
    gate?.open();
  }

  /** Stops after the save in flight, if any. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.resume();
    await this.loop;
  }
}
