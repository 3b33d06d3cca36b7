import type { StandoffApi } from '../../shared/api/contract';
import type { SeatStatus } from '../../shared/api/live';

/**
 * The annotators' seats as this window knows them (see shared/api/live.ts): only the service
 * holding an annotator's seat writes that annotator's files. While a seat someone here needs is
 * held elsewhere, it is asked for again every few seconds; those waiting hear when it is theirs.
 */
export class Seats {
  private readonly known = new Map<string, SeatStatus>();
  private readonly listeners = new Map<string, Set<(s: SeatStatus) => void>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly api: Pick<StandoffApi, 'claimSeat'>,
    private readonly everyMs = 5000,
  ) {}

  status(annotator: string): SeatStatus | undefined {
    return this.known.get(annotator);
  }

  /**
   * Asks the service for the seat. When it cannot be asked (the service is unreachable), what
   * was known stands; with nothing known the seat counts as held: a save will say otherwise.
   */
  async claim(annotator: string): Promise<SeatStatus> {
    let status: SeatStatus;
    try {
      status = await this.api.claimSeat({ annotator });
    } catch {
      status = this.known.get(annotator) ?? { annotator, held: true };
    }
    this.set(status);
    return status;
  }

  /** A save was refused because another process holds the seat now. */
  lost(annotator: string, message: string): void {
    this.set({ annotator, held: false, holder: null, message });
  }

  /** Hears of the annotator's seat changing hands; while someone listens, a seat held elsewhere is asked for again. */
  watch(annotator: string, listener: (s: SeatStatus) => void): () => void {
    let set = this.listeners.get(annotator);
    if (!set) this.listeners.set(annotator, (set = new Set()));
    set.add(listener);
    if (this.known.get(annotator)?.held === false) this.schedule(annotator);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(annotator);
        clearTimeout(this.timers.get(annotator));
        this.timers.delete(annotator);
      }
    };
  }

  /** Asks again now (the service said the seat changed hands, or the analyst pressed Retry), if it is held elsewhere. */
  askAgain(annotator: string): void {
    if (this.known.get(annotator)?.held === false) void this.claim(annotator);
  }

  private set(status: SeatStatus): void {
    const before = this.known.get(status.annotator);
    this.known.set(status.annotator, status);
    if (!status.held) this.schedule(status.annotator);
    const changed = !before || before.held !== status.held || (!before.held && !status.held && before.message !== status.message);
    if (changed) for (const l of [...(this.listeners.get(status.annotator) ?? [])]) l(status);
  }

  private schedule(annotator: string): void {
    if (this.timers.has(annotator) || !this.listeners.has(annotator)) return;
    this.timers.set(
      annotator,
      setTimeout(() => {
        this.timers.delete(annotator);
        if (this.listeners.has(annotator) && this.known.get(annotator)?.held === false) void this.claim(annotator);
      }, this.everyMs),
    );
  }
}
