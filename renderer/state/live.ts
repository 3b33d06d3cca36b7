import type { StandoffApi } from '../../shared/api/contract';
import type { ProjectEvent } from '../../shared/api/live';

const WAIT_MS = 25_000;
/** A service that answers at once with nothing (it watches nothing) is asked again after this long. */
const QUIET_MS = 3000;
const BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000];

/**
 * Listens to the project's changes on disk for the window's whole life: a long poll of
 * `watchProject`, asked again as soon as it answers, backing off while the service cannot be
 * reached. `reset` means events were missed: read everything again. Returns a stop function.
 */
export function watchProjectChanges(
  api: Pick<StandoffApi, 'watchProject'>,
  onEvents: (events: ProjectEvent[], reset: boolean) => void,
  timing: { waitMs?: number; quietMs?: number; backoffMs?: readonly number[] } = {},
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
  const backoff = timing.backoffMs ?? BACKOFF_MS;
  void (async () => {
    let cursor: number | undefined;
    let failures = 0;
    while (!stopped) {
      const started = Date.now();
      try {
        const first = cursor === undefined;
        const r = await api.watchProject(first ? {} : { cursor, timeoutMs: timing.waitMs ?? WAIT_MS });
        if (stopped) return;
        cursor = r.cursor;
        // After the service could not be reached, events may have been missed: read everything again.
        const missed = failures > 0;
        failures = 0;
        if (!first && (r.reset || missed)) onEvents(r.events, true);
        else if (r.events.length) onEvents(r.events, false);
        if (!first && !r.reset && r.events.length === 0 && Date.now() - started < 1000) await sleep(timing.quietMs ?? QUIET_MS);
      } catch {
        if (stopped) return;
        failures++;
        await sleep(backoff[Math.min(failures, backoff.length) - 1]!);
      }
    }
  })();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
