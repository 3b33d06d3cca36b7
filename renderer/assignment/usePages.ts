import { useCallback, useMemo, useRef, useState } from 'react';
import { useFresh } from './useFresh';

/** Rows asked for at once: a screen is about 20 rows, so a page covers several screens of scrolling. */
export const PAGE = 100;

/**
 * A paged service read (team progress, a queue) kept fresh as `useFresh` keeps a whole one: the
 * pages on screen are read again together (with the read's counts, `head`) when `revision`
 * changes, on focus and every minute; a page scrolled to is read when it is first shown. Rows
 * not read yet are undefined (the views draw a placeholder), so a project of 100,000 documents
 * costs the service and the window a page at a time.
 */
export function usePages<P, R>(
  read: ((offset: number, limit: number) => Promise<P>) | null,
  rowsOf: (page: P) => readonly R[],
  revision: unknown,
): {
  /** The last answer whole (its counts), or null before the first. */
  head: P | null;
  error: string | null;
  /** The row at `index`, or undefined when its page is not read yet. */
  rowAt: (index: number) => R | undefined;
  /** The row at `index`, its page read now when it is not here. */
  rowRead: (index: number) => Promise<R | undefined>;
  /** The index of the first row read that passes `test`, or -1. */
  indexWhere: (test: (row: R) => boolean) => number;
  /** The rows on screen: their pages are read if they are not here. */
  show: (indices: readonly number[]) => void;
  reload: () => void;
} {
  const readRef = useRef(read);
  readRef.current = read;
  const rowsRef = useRef(rowsOf);
  rowsRef.current = rowsOf;
  /** Pages on screen at the last render: what a fresh read asks for. */
  const onScreen = useRef<ReadonlySet<number>>(new Set([0]));
  const fresh = useFresh(
    useMemo(
      () =>
        read
          ? async () => {
              const indices = [...onScreen.current];
              const answers = await Promise.all(indices.map((i) => readRef.current!(i * PAGE, PAGE)));
              return { head: answers[answers.length - 1]!, pages: new Map(indices.map((i, k) => [i, rowsRef.current(answers[k]!)])) };
            }
          : null,
      // Made once (per reading or not): it calls the latest `read` (readRef), on the pages on screen then.
      [read === null],
    ),
    revision,
  );
  // Pages read since the last fresh read (scrolled to); dropped when a fresh read answers.
  const [later, setLater] = useState<{ of: unknown; pages: ReadonlyMap<number, readonly R[]> }>({ of: null, pages: new Map() });
  /** Pages asked for since the fresh read `of` answered (reset here, not in an effect: the views' effects run first). */
  const asked = useRef<{ of: unknown; pages: Set<number> }>({ of: null, pages: new Set() });

  const pageOf = useCallback(
    (index: number): readonly R[] | undefined => (later.of === fresh.value ? later.pages.get(index) : undefined) ?? fresh.value?.pages.get(index),
    [later, fresh.value],
  );
  const rowAt = useCallback((i: number) => pageOf(Math.floor(i / PAGE))?.[i % PAGE], [pageOf]);
  const indexWhere = useCallback(
    (test: (row: R) => boolean): number => {
      const pages = new Set([...(fresh.value?.pages.keys() ?? []), ...(later.of === fresh.value ? later.pages.keys() : [])]);
      for (const p of pages) {
        const at = pageOf(p)?.findIndex(test) ?? -1;
        if (at >= 0) return p * PAGE + at;
      }
      return -1;
    },
    [pageOf, later, fresh.value],
  );

  const show = useCallback(
    (indices: readonly number[]) => {
      const pages = new Set(indices.map((i) => Math.floor(i / PAGE)));
      if (pages.size) onScreen.current = pages;
      const fn = readRef.current;
      const of = fresh.value;
      if (!fn || !of) return;
      if (asked.current.of !== of) asked.current = { of, pages: new Set(of.pages.keys()) };
      const { pages: done } = asked.current;
      for (const p of pages) {
        if (done.has(p)) continue;
        done.add(p);
        fn(p * PAGE, PAGE).then(
          (answer) =>
            setLater((l) => {
              const base = l.of === of ? l.pages : new Map<number, readonly R[]>();
              return { of, pages: new Map(base).set(p, rowsRef.current(answer)) };
            }),
          () => done.delete(p),
        );
      }
    },
    [fresh.value],
  );

  /** Reads the page holding row `index` now (kept as if scrolled to), and gives that row. */
  const rowRead = useCallback(
    async (index: number): Promise<R | undefined> => {
      const fn = readRef.current;
      const of = fresh.value;
      if (!fn || !of) return undefined;
      const p = Math.floor(index / PAGE);
      const rows = rowsRef.current(await fn(p * PAGE, PAGE));
      if (asked.current.of !== of) asked.current = { of, pages: new Set(of.pages.keys()) };
      asked.current.pages.add(p);
      setLater((l) => ({ of, pages: new Map(l.of === of ? l.pages : []).set(p, rows) }));
      return rows[index % PAGE];
    },
    [fresh.value],
  );

  return { head: fresh.value?.head ?? null, error: fresh.error, rowAt, rowRead, indexWhere, show, reload: fresh.reload };
}
