import type { ProjectEvent, ProjectEvents } from '../../shared/api/live';

/** How many events are kept for windows that ask late; one that is further behind reads everything again. */
const KEPT = 2000;
export const DEFAULT_WAIT_MS = 25_000;

/**
 * The project's changes on disk, numbered, for windows that ask with a long poll. Numbers start
 * from the clock (in microseconds) so that a window that outlives a restart of the service sees
 * a cursor from the future and reads everything again, instead of missing events.
 */
export class EventLog {
  private readonly kept: Array<{ seq: number; event: ProjectEvent }> = [];
  private seq = Date.now() * 1000;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  push(event: ProjectEvent): void {
    this.kept.push({ seq: ++this.seq, event });
    if (this.kept.length > KEPT) this.kept.splice(0, this.kept.length - KEPT);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** The events after `cursor`, waiting up to `timeoutMs` for one when there are none yet. */
  async since(cursor: number | undefined, timeoutMs = DEFAULT_WAIT_MS): Promise<ProjectEvents> {
    if (cursor === undefined) return { cursor: this.seq, events: [] };
    const oldest = this.kept[0]?.seq ?? this.seq + 1;
    if (cursor > this.seq || cursor < oldest - 1) return { cursor: this.seq, events: [], reset: true };
    if (cursor === this.seq && timeoutMs > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waiters.delete(wake);
          resolve();
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
    return { cursor: this.seq, events: this.kept.filter((k) => k.seq > cursor).map((k) => k.event) };
  }

  /** Answers every waiting window now (the service is closing). */
  close(): void {
    this.closed = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}
