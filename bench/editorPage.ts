/**
 * The editor benchmark's hands in the page (bench/editor.ts): opening a document by clicking
 * its row, selecting a range as a user would, pressing a label key, and waiting for the
 * renderer's own record of the frame that showed it. Plus the plan of the tags to make and a
 * snapshot of the project's files, to tell what a run wrote.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { DEFAULT_LABELS } from '../shared/model/labels';
import type { CodePointIndex } from '../shared/text/codePoints';
import { rangeAt, rangeKey, rng, type Line } from '../tests/support/corpus';

declare global {
  interface Window {
    __standoffPerf: { tagLatencies: number[]; tagWork: number[]; tagQueued: number[]; tagHandling: number[]; tagRender: number[]; openToPaint: number[] };
    __benchClickAt?: number;
  }
}

/** A tag the benchmark makes: where to select (line, UTF-16 offsets in it), which key, what should be stored. */
export interface PlannedTag {
  line: number;
  from: number;
  to: number;
  key: string;
  label: string;
  startOffset: number;
  endOffset: number;
}

export interface FileState {
  size: number;
  mtimeMs: number;
  sha256: string;
}

/** The run itself is broken (not a missed target): a tag that did not land, a file it should not have touched. */
export class BrokenRun extends Error {}

/** Every file of the project (but the machine's own folder) with its size, mtime and hash. */
export async function snapshot(root: string): Promise<Map<string, FileState>> {
  const out = new Map<string, FileState>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      // This machine's working folder (seats) and a save's temporary file are not project content.
      if ((dir === root && entry.name === '.standoff') || entry.name.endsWith('.tmp')) continue;
      if (entry.isDirectory()) await walk(full);
      else {
        const info = await stat(full);
        const sha256 = createHash('sha256').update(await readFile(full)).digest('hex');
        out.set(path.relative(root, full).split(path.sep).join('/'), { size: info.size, mtimeMs: info.mtimeMs, sha256 });
      }
    }
  };
  await walk(root);
  return out;
}

/** 200 word ranges spread over the whole article, visited so that each is far from the last. */
export function planTags(lines: Line[], index: CodePointIndex, taken: Set<string>, count: number, seed: number): PlannedTag[] {
  const r = rng(seed);
  const usable = lines.filter((l) => l.tokens.length >= 8);
  const strata: PlannedTag[] = [];
  for (let k = 0; k < count; k++) {
    const lo = Math.floor((k * usable.length) / count);
    const hi = Math.max(lo, Math.floor(((k + 1) * usable.length) / count) - 1);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 1000) throw new Error('could not plan a tag');
      const line = usable[r.int(lo, hi)]!;
      const label = DEFAULT_LABELS[r.int(0, DEFAULT_LABELS.length - 1)]!;
      const range = rangeAt(line, r.int(0, line.tokens.length - 1), r.int(1, 6));
      if (!range) continue;
      const startOffset = index.toCodePoint(range.from);
      const endOffset = index.toCodePoint(range.to);
      const key = rangeKey(label.id, startOffset, endOffset);
      if (taken.has(key)) continue; // "already tagged" would add nothing
      taken.add(key);
      strata.push({ line: line.index, from: range.from - line.start, to: range.to - line.start, key: label.key!, label: label.id, startOffset, endOffset }); // the default labels all have keys
      break;
    }
  }
  // Visit the strata about a third of the article apart (73 of 200: a step prime to the count reaches each once).
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  let step = Math.max(1, Math.round(count * 0.365));
  while (gcd(step, count) !== 1) step++;
  return strata.map((_, k) => strata[(k * step) % count]!);
}

/**
 * Waits, in the page, until the document `docId` is shown with at least `minSpans` span
 * elements (exactly none when 0), then for the frame after it is painted; returns that time
 * (page clock) and the time of the last click.
 */
export async function waitShown(page: Page, docId: string, minSpans: number, timeoutMs = 120_000): Promise<{ paintedAt: number; clickAt: number }> {
  return page.evaluate(
    ({ docId, minSpans, timeoutMs }) =>
      new Promise<{ paintedAt: number; clickAt: number }>((resolve, reject) => {
        const start = performance.now();
        const spans = document.getElementsByClassName('sp');
        const tick = () => {
          const shown = document.querySelector('.doc-sub')?.textContent?.includes(docId) && document.querySelector('.ProseMirror');
          if (shown && (minSpans === 0 ? spans.length === 0 : spans.length >= minSpans)) {
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => resolve({ paintedAt: performance.now(), clickAt: window.__benchClickAt ?? NaN });
              ch.port2.postMessage(null);
            });
            return;
          }
          if (performance.now() - start > timeoutMs) return reject(new Error(`document ${docId} not shown with ${minSpans} spans in ${timeoutMs} ms (have ${spans.length})`));
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { docId, minSpans, timeoutMs },
  );
}

/** Clicks a document's row in the list; resolves once it is painted. Times from the page and from here. */
export async function openDocument(page: Page, docId: string, minSpans: number): Promise<{ openToPaint: number; clickToPaint: number; wall: number }> {
  const before = await page.evaluate(() => window.__standoffPerf.openToPaint.length);
  const box = await page.locator(`.doc-row[data-doc-id="${docId}"]`).boundingBox();
  if (!box) throw new BrokenRun(`no row for document ${docId}`);
  const t0 = performance.now();
  await page.mouse.click(box.x + box.width / 2, box.y + Math.min(20, box.height / 2));
  const shown = await waitShown(page, docId, minSpans);
  const wall = performance.now() - t0;
  await page.waitForFunction((n) => window.__standoffPerf.openToPaint.length > n, before, { timeout: 60_000 });
  const openToPaint = await page.evaluate(() => window.__standoffPerf.openToPaint.at(-1)!);
  return { openToPaint, clickToPaint: shown.paintedAt - shown.clickAt, wall };
}

/**
 * Selects a range of one paragraph as a user would see it: scrolled into the middle of the
 * view, the DOM selection set on the text nodes (ProseMirror reads it on selectionchange and
 * when the key comes). Returns the selected text.
 */
export async function selectRange(page: Page, t: PlannedTag): Promise<string> {
  return page.evaluate(({ line, from, to }) => {
    const pm = document.querySelector('.ProseMirror') as HTMLElement;
    // One <p> per line of the text (however the editor groups them).
    const p = pm.getElementsByTagName('p')[line];
    if (!p) throw new Error(`no paragraph ${line}`);
    const locate = (offset: number, atEnd: boolean) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = (n as Text).data.length;
        if (offset < seen + len || (atEnd && offset === seen + len)) return { node: n, offset: offset - seen };
        seen += len;
      }
      throw new Error(`offset ${offset} is past paragraph ${line} (${seen})`);
    };
    const a = locate(from, false);
    const b = locate(to, true);
    (a.node.parentElement ?? p).scrollIntoView({ block: 'center' });
    if (document.activeElement !== pm) pm.focus({ preventScroll: true });
    const sel = window.getSelection()!;
    sel.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
    return sel.toString();
  }, t);
}

/** Two frames and a short pause: the scroll is painted and ProseMirror has read the selection. */
export async function settle(page: Page, pauseMs = 40): Promise<void> {
  await page.evaluate(
    (pause) => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, pause)))),
    pauseMs,
  );
}

/** One tag: select, settle, press the label key, wait for the renderer's latency record. */
export async function tagOnce(page: Page, t: PlannedTag, expectedText: string): Promise<void> {
  const selected = await selectRange(page, t);
  if (selected !== expectedText) throw new BrokenRun(`selection landed on ${JSON.stringify(selected)}, expected ${JSON.stringify(expectedText)}`);
  await settle(page);
  const before = await page.evaluate(() => window.__standoffPerf.tagLatencies.length);
  await page.keyboard.press(t.key);
  try {
    await page.waitForFunction((n) => window.__standoffPerf.tagLatencies.length > n, before, { polling: 10, timeout: 15_000 });
  } catch {
    const notice = await page.locator('.notice').textContent();
    throw new BrokenRun(`tag of ${JSON.stringify(expectedText)} with key ${t.key} was not painted (notice: ${notice ?? ''})`);
  }
}

