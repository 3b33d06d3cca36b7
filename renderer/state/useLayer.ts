import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { afterPaint } from './afterPaint';
import type { LayerSession } from './layerSession';

/**
 * A value read from outside React, re-rendering the component that reads it (alone) when what
 * `read` returns changes (compared with Object.is: return a number, a string, an object kept
 * as it is). `subscribe` tells of possible changes. `deferred`: the update is a transition,
 * which React makes when the window is idle and interrupts for a key.
 *
 * Not useSyncExternalStore: its updates are always urgent and each its own render, where these
 * are batched with the other updates of the same moment (a tag selects a new span and changes
 * the layer: one render of the side panel, not two).
 */
function useWatched<T>(subscribe: (changed: () => void) => () => void, read: () => T, deferred: boolean): T {
  const [, setTick] = useState(0);
  const value = read();
  const latest = useRef({ read, shown: value });
  latest.current.read = read;
  // What the screen shows: the value of the last render React committed.
  useLayoutEffect(() => {
    latest.current.shown = value;
  });
  useEffect(() => {
    const update = () => {
      if (Object.is(latest.current.read(), latest.current.shown)) return;
      if (deferred) startTransition(() => setTick((n) => n + 1));
      else setTick((n) => n + 1);
    };
    // What changed between the render and this effect is taken in now.
    update();
    return subscribe(update);
  }, [subscribe, deferred]);
  return value;
}

/**
 * What a side panel reads of the open layer, kept up to date by the panel itself rather than
 * by a render of everything around it. It is read again once the frame that shows an edit has
 * been painted (see afterPaint), so a tag's frame never waits for a panel, and when the layer's
 * state (read-only, orphans, conflicts) changes. `deferred`: the panel is not what the analyst
 * looks at while tagging (counts, undo, the comparison with gold): its update waits for an idle
 * moment. Either way the panel shows the layer as it is once the window is idle.
 */
export function useLayerValue<T>(session: LayerSession, read: () => T, opts: { deferred?: boolean } = {}): T {
  const subscribe = useRef<{ session: LayerSession; fn: (changed: () => void) => () => void } | null>(null);
  if (subscribe.current?.session !== session) {
    subscribe.current = {
      session,
      fn: (changed) => {
        const offChange = session.onChange(() => afterPaint(changed));
        const offState = session.onState(changed);
        return () => {
          offChange();
          offState();
        };
      },
    };
  }
  return useWatched(subscribe.current.fn, read, opts.deferred ?? false);
}

/** A value several components read, each re-rendering alone when it changes (the selected span's id, a layer's live count). */
export class Shared<T> {
  private listeners = new Set<() => void>();

  constructor(private value: T) {}

  get = (): T => this.value;

  set(value: T): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

/** The value of a Shared (or what `select` takes of it), re-rendering the component, alone, when that changes. */
export function useShared<T, R = T>(shared: Shared<T>, select?: (value: T) => R, opts: { deferred?: boolean } = {}): R {
  return useWatched(shared.subscribe, () => (select ? select(shared.get()) : (shared.get() as unknown as R)), opts.deferred ?? false);
}
