import { useEffect, useRef, useSyncExternalStore, type RefObject } from 'react';
import type { Context } from './keymap';
import { activateContext, bindCommand, getRevision, registerRegion, subscribe, type ContextRunner, type RegionName } from './registry';

/**
 * Binds a command of the key map to a run function while the component is mounted (and
 * `active`). The latest `run` and `unavailable` are used, so they need not be stable.
 */
export function useCommand(id: string, run: () => void, unavailable?: () => string | null, active = true): void {
  const latest = useRef({ run, unavailable });
  latest.current = { run, unavailable };
  useEffect(() => {
    if (!active) return;
    return bindCommand(id, { run: () => latest.current.run(), unavailable: () => latest.current.unavailable?.() ?? null });
  }, [id, active]);
}

/** Makes a context active while mounted (and `active`), with what runs its commands. */
export function useKeyContext(context: Context, runner: ContextRunner, active = true): void {
  const latest = useRef(runner);
  latest.current = runner;
  useEffect(() => {
    if (!active) return;
    return activateContext(context, (spec, digit) => latest.current(spec, digit));
  }, [context, active]);
}

/** Registers a region of the window (F6 moves between them). */
export function useRegion(name: RegionName, ref: RefObject<HTMLElement | null>, focus?: () => void, initial?: () => HTMLElement | null): void {
  const latest = useRef({ focus, initial });
  latest.current = { focus, initial };
  useEffect(
    () =>
      registerRegion({
        name,
        element: () => ref.current,
        ...(focus ? { focus: () => latest.current.focus?.() } : {}),
        ...(initial ? { initial: () => latest.current.initial?.() ?? null } : {}),
      }),
    [name, ref, focus === undefined, initial === undefined],
  );
}

/** Re-renders when commands, contexts or dialogs change. */
export function useCommandRevision(): number {
  return useSyncExternalStore(subscribe, getRevision);
}
