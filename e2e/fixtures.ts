import { test as base, expect, type Page } from '@playwright/test';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoopbackServer, type LoopbackServer } from '../backend/http/server';
import { importArticles } from '../backend/import/importer';
import { StandoffService } from '../backend/service';
import { parseAnnotationFile, type AnnotationFile } from '../shared/format/annotationFile';
import { layout } from '../shared/format/layout';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIR = path.join(repo, 'dist/renderer');
export const SAMPLE_PROJECT = path.join(repo, 'annotations');

/** A text with emoji, a flag, a combining accent and Arabic before the words the tests tag. */
export const EMOJI_TEXT =
  'Update 👍🏽 from Baghdad 🇮🇶: the café (cafe\u0301) owner said "السلام عليكم".\nOfficials said three people were killed in the attack.\nNo group has claimed responsibility.';

export interface ProjectFixture {
  root: string;
  server: LoopbackServer;
  /** Path of a file inside the project. */
  file(relative: string): string;
  /** Reads an annotator's file for a document straight from disk. */
  annotations(docId: string, annotator: string): Promise<AnnotationFile>;
  /** Opens the app on a page as the given annotator (null: first run, no name yet). */
  open(page: Page, annotator?: string | null, docId?: string): Promise<void>;
}

/**
 * Each test gets a fresh copy of the sample project (plus an "emoji" document) served by its
 * own loopback server, so what a test finds on disk is what that test did.
 */
export const test = base.extend<{ project: ProjectFixture }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature: this fixture uses no others
  project: async ({}, use) => {
    const root = await mkdtemp(path.join(tmpdir(), 'standoff-e2e-'));
    await cp(SAMPLE_PROJECT, root, {
      recursive: true,
      // Start from the bare texts: the sample project's own annotators stay out of these tests.
      filter: (src) => !path.relative(SAMPLE_PROJECT, src).split(path.sep).includes('annotations'),
    });
    const emojiFile = path.join(root, 'emoji.txt');
    await writeFile(emojiFile, EMOJI_TEXT.replace(/\n/g, '\r\n'));
    await importArticles(root, [emojiFile]);
    await rm(emojiFile);

    const service = await StandoffService.open(root, { watch: true, app: 'Standoff in browser mode' });
    // Recommenders off: these tests are about the analyst's own spans, and a suggestion drawn
    // over a phrase splits the span elements a test locates. Suggestions have their own tests
    // (e2e/recommend.spec.ts).
    for (const r of await service.listRecommenders()) if (r.enabled) await service.configureRecommender({ id: r.id, enabled: false });
    const server = await startLoopbackServer({ service, staticDir: RENDERER_DIR });
    const fixture: ProjectFixture = {
      root,
      server,
      file: (relative) => path.join(root, relative),
      annotations: async (docId, annotator) => {
        const rel = layout.annotation(docId, annotator);
        return parseAnnotationFile(await readFile(path.join(root, rel), 'utf8'), rel);
      },
      open: async (page, annotator = 'amira', docId) => {
        await page.addInitScript(
          ([who, doc]) => {
            if (sessionStorage.getItem('standoff-test-init')) return;
            sessionStorage.setItem('standoff-test-init', '1');
            localStorage.clear();
            if (who) localStorage.setItem('standoff-annotator', who);
            if (doc) localStorage.setItem('standoff-last-document', doc);
          },
          [annotator, docId ?? null] as const,
        );
        await page.goto(server.url);
        if (annotator) await expect(page.locator('.ProseMirror')).toBeVisible();
      },
    };
    await use(fixture);
    await server.close();
    await service.close();
    await rm(root, { recursive: true, force: true });
  },
});

export { expect };

/** Code-point slice, as Python and the stored offsets count. */
export function codePointSlice(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

/** Code-point offset of the first occurrence of a substring. */
export function codePointIndexOf(text: string, needle: string): number {
  const u = text.indexOf(needle);
  if (u < 0) throw new Error(`"${needle}" not in text`);
  return Array.from(text.slice(0, u)).length;
}

/**
 * Drags the mouse across a phrase of the article, from its first character to its last, as a
 * user selecting it would.
 */
export async function dragOver(page: Page, phrase: string, opts: { from?: number; to?: number } = {}): Promise<void> {
  const box = await page.evaluate(
    ({ phrase, from, to }) => {
      const root = document.querySelector('.ProseMirror')!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      // Find the phrase in the concatenated text of one paragraph.
      for (const p of Array.from(root.querySelectorAll('p'))) {
        const text = p.textContent ?? '';
        const at = text.indexOf(phrase);
        if (at < 0) continue;
        const start = at + (from ?? 0);
        const end = at + (to ?? phrase.length);
        const locate = (offset: number) => {
          walker.currentNode = p;
          let seen = 0;
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const len = n.textContent!.length;
            if (!p.contains(n)) break;
            if (seen + len > offset) return { node: n, offset: offset - seen };
            seen += len;
          }
          throw new Error('offset out of paragraph');
        };
        const a = locate(start);
        const b = locate(end - 1);
        const r1 = document.createRange();
        r1.setStart(a.node, a.offset);
        r1.setEnd(a.node, a.offset + 1);
        const r2 = document.createRange();
        r2.setStart(b.node, b.offset);
        r2.setEnd(b.node, b.offset + 1);
        r1.startContainer.parentElement!.scrollIntoView({ block: 'center' });
        const s = r1.getBoundingClientRect();
        const e = r2.getBoundingClientRect();
        return { x1: s.left + 1, y1: s.top + s.height / 2, x2: e.right - 1, y2: e.top + e.height / 2 };
      }
      throw new Error(`phrase not found: ${phrase}`);
    },
    { phrase, from: opts.from, to: opts.to },
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 4 });
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
  // What a user would see before pressing a key: the phrase (or the part dragged over) selected.
  const expected = phrase.slice(opts.from ?? 0, opts.to ?? phrase.length);
  await expect.poll(() => page.evaluate(() => getSelection()?.toString() ?? '')).toBe(expected);
}

/**
 * Waits until the page will take the next click as a new one, not as a double click.
 * ProseMirror times clicks by when its mousedown handler runs (Date.now()), not by when the
 * button was pressed: on a busy machine the last click's handler can run late, and a wait
 * counted here, in the test, came out under its 500 ms (a drag was then taken as a double click
 * on the span it started on). So the wait is a timer in the page, started after the input
 * before it was handled.
 */
export async function pauseBetweenClicks(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 600)));
}

/** Waits until the save indicator says everything is on disk. */
export async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveText(/Saved/);
}

/** A Standoff server in a process of its own: a seat is held per process, so a second window needs one. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Ends the process (SIGTERM: it closes as a window would; SIGKILL: as a crash) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `standoff serve <root> --port 0` and waits for the address it prints. */
export async function startServerProcess(root: string): Promise<ServerProcess> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [path.join(repo, 'bin/standoff.mjs'), 'serve', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`standoff serve printed no address in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Open (http\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`standoff serve exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid!,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Opens the app at a server's address as an annotator, on a document (as ProjectFixture.open does for the fixture's server). */
export async function openAt(page: Page, url: string, annotator: string, docId?: string): Promise<void> {
  await page.addInitScript(
    ([who, doc]) => {
      if (sessionStorage.getItem('standoff-test-init')) return;
      sessionStorage.setItem('standoff-test-init', '1');
      localStorage.clear();
      localStorage.setItem('standoff-annotator', who);
      if (doc) localStorage.setItem('standoff-last-document', doc);
    },
    [annotator, docId ?? null] as const,
  );
  await page.goto(url);
  await expect(page.locator('.ProseMirror')).toBeVisible();
}
