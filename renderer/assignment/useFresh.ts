import { useCallback, useEffect, useRef, useState } from 'react';

/** While a view is shown, it reads again this often on its own: "time since the last sync" moves on. */
const POLL_MS = 60_000;
/** A change of `revision` is read after this pause, so a burst of edits costs one read. */
const SETTLE_MS = 300;

/**
 * A service read kept fresh while a view is shown: read at once, again whenever `revision`
 * changes (the window's document list was read again — layers, finished marks, a sync — or the
 * watcher said assignment.json or team.json changed), when the window comes back into focus,
 * and every minute while the page is visible. One read at a time: asked again meanwhile, it reads
 * once more when the first answers (reads of a large project take seconds).
 */
export function useFresh<T>(read: (() => Promise<T>) | null, revision: unknown): {
  value: T | null;
  error: string | null;
  reload: () => void;
  /** Shows a value the caller already has (the answer of a change it made), then reads again. */
  set: (value: T) => void;
} {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Bumped by `set`: an answer to a read made before it is older than what is shown. */
  const generation = useRef(0);
  const inFlight = useRef(false);
  const again = useRef(false);
  const readRef = useRef(read);
  readRef.current = read;
  const reload = useCallback(() => {
    const fn = readRef.current;
    if (!fn) return;
    // One read at a time: on a large project a read takes seconds, and asking again before it
    // answers would only queue more work. Asked meanwhile, it reads once more when it answers.
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    const asked = generation.current;
    fn()
      .then(
        (v) => {
          if (asked !== generation.current) return void (again.current = true);
          setValue(v);
          setError(null);
        },
        (e: unknown) => {
          if (asked === generation.current) setError(e instanceof Error ? e.message : String(e));
        },
      )
      .finally(() => {
        inFlight.current = false;
        if (again.current) {
          again.current = false;
          reloadRef.current();
        }
      });
  }, []);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  const enabled = read !== null;
  useEffect(() => {
    if (enabled) reload();
  }, [enabled, reload]);
  // The document list is read again after every edit's span count: wait for a pause in them.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!enabled) return;
    const timer = setTimeout(reload, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [enabled, reload, revision]);
  useEffect(() => {
    if (!enabled) return;
    const onFocus = () => reload();
    window.addEventListener('focus', onFocus);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    return () => {
      window.removeEventListener('focus', onFocus);
      clearInterval(timer);
    };
  }, [enabled, reload]);
  const set = useCallback((v: T) => {
    generation.current++;
    setValue(v);
    setError(null);
  }, []);
  return { value, error, reload, set };
}
