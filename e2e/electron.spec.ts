import { _electron as electron, type ElectronApplication } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../shared/api/csp';
import { dragOver, expect, SAMPLE_PROJECT, test } from './fixtures';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(repo, 'node_modules/electron');
const mainScript = path.join(repo, 'dist/electron/main.cjs');

/** The Electron binary, if this machine has one (npm installs the package; the binary is downloaded separately). */
function electronBinary(): string | null {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const binary = electronBinary();
test.skip(
  !binary,
  'no Electron binary on this machine (it cannot be downloaded here); the same paths run in browser mode in workbench.spec.ts, and electron/main.test.ts runs the shell against a stand-in for Electron',
);

const folders: string[] = [];
test.afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh copy of the sample project, without its annotations. */
async function copyProject(name = 'project'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'standoff-electron-'));
  folders.push(dir);
  const root = path.join(dir, name);
  await cp(SAMPLE_PROJECT, root, {
    recursive: true,
    filter: (src) => !path.relative(SAMPLE_PROJECT, src).split(path.sep).includes('annotations'),
  });
  return root;
}

const launch = (project: string) => electron.launch({ executablePath: binary!, args: [mainScript, project] });

async function closeQuietly(app: ElectronApplication): Promise<void> {
  await app.close().catch(() => undefined);
}

/** What the stubbed dialogs and shell.openExternal saw, kept in the main process. */
interface Seen {
  dialogs: { message: string; detail: string }[];
  opened: string[];
  answers: { box: number; sync: number };
  focused: number;
}

/**
 * Replaces the main process's dialogs (a modal dialog cannot be clicked from here) and
 * shell.openExternal (nothing may open a browser) with recorders giving the answers asked for:
 * `box` for dialog.showMessageBox, `sync` for dialog.showMessageBoxSync.
 */
async function stubDialogs(app: ElectronApplication, answers: Seen['answers']): Promise<void> {
  await app.evaluate(({ dialog, shell }, answers) => {
    const g = globalThis as unknown as { standoffSeen?: Seen };
    const seen = (g.standoffSeen ??= { dialogs: [], opened: [], answers, focused: 0 });
    seen.answers = answers;
    const record = (args: unknown[]) => {
      const options = args[args.length - 1] as { message: string; detail?: string };
      seen.dialogs.push({ message: options.message, detail: options.detail ?? '' });
    };
    dialog.showMessageBox = (async (...args: unknown[]) => {
      record(args);
      return { response: seen.answers.box, checkboxChecked: false };
    }) as typeof dialog.showMessageBox;
    dialog.showMessageBoxSync = ((...args: unknown[]) => {
      record(args);
      return seen.answers.sync;
    }) as typeof dialog.showMessageBoxSync;
    shell.openExternal = async (url: string) => {
      seen.opened.push(url);
    };
  }, answers);
}

const seen = (app: ElectronApplication) => app.evaluate(() => (globalThis as unknown as { standoffSeen: Seen }).standoffSeen);

test('the desktop app opens the project, tags a span through IPC and saves it beside the text', async () => {
  const root = await copyProject();
  const app = await launch(root);
  try {
    const page = await app.firstWindow();
    // Sandboxed renderer: no Node in the page, only the preload's bridge.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (window as { standoff?: { invoke?: unknown } }).standoff?.invoke)).toBe('function');

    await page.getByLabel('Your name').fill('Desktop Tester');
    await page.keyboard.press('Enter');
    await expect(page.locator('.ProseMirror')).toBeVisible();
    await page.locator('.doc-row[data-doc-id="000_121e11c80b4a277e"]').click();
    await dragOver(page, 'Fars News');
    await page.keyboard.press('4');
    await expect(page.locator('span.sp-actor')).toHaveText('Fars News');
    await expect(page.getByTestId('save-status')).toHaveText(/Saved/);

    const file = JSON.parse(await readFile(path.join(root, 'documents/000_121e11c80b4a277e/annotations/desktop-tester.json'), 'utf8'));
    expect(file.spans).toHaveLength(1);
    expect(file.spans[0].quote.exact).toBe('Fars News');
  } finally {
    await closeQuietly(app);
  }
});

test('the page comes from app://standoff with its CSP, and nothing outside dist/renderer can be read', async () => {
  const app = await launch(await copyProject());
  try {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://standoff/index.html');
    const own = await page.evaluate(async () => {
      const res = await fetch('/index.html');
      return { origin: location.origin, status: res.status, type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy') };
    });
    expect(own).toEqual({ origin: 'app://standoff', status: 200, type: 'text/html; charset=utf-8', csp: CONTENT_SECURITY_POLICY });

    for (const url of ['/..%2f..%2fpackage.json', '/..%2felectron%2fmain.cjs', '/%2e%2e%2f%2e%2e%2fannotations%2fstandoff.json', '/assets/..%5c..%5c..%5cpackage.json']) {
      expect(await page.evaluate((u) => fetch(u).then((r) => r.status), url), url).toBe(404);
    }
    // file:// is not the page's origin any more: the CSP and the origin both stop it.
    const local = await page.evaluate(() => fetch(`file://${'/etc/hostname'}`).then(() => 'read', () => 'refused'));
    expect(local).toBe('refused');
  } finally {
    await closeQuietly(app);
  }
});

test('a second start brings the running window forward and quits; naming another project, it is told so', async () => {
  const root = await copyProject('first project');
  const other = await copyProject('second project');
  const app = await launch(root);
  try {
    await app.firstWindow();
    await stubDialogs(app, { box: 0, sync: 1 });
    await app.evaluate(({ BrowserWindow }) => {
      const win = BrowserWindow.getAllWindows()[0]!;
      const state = (globalThis as unknown as { standoffSeen: Seen }).standoffSeen;
      const focus = win.focus.bind(win);
      win.focus = () => {
        state.focused++;
        focus();
      };
      win.minimize();
    });

    const start = (project: string) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(binary!, [mainScript, project], { stdio: 'ignore' });
        const timer = setTimeout(() => reject(new Error('the second start did not quit within 20 s')), 20_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });

    expect(await start(root)).toBe(0);
    await expect.poll(async () => (await seen(app)).focused).toBe(1);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isMinimized())).toBe(false);
    expect((await seen(app)).dialogs).toEqual([]);

    expect(await start(other)).toBe(0);
    await expect.poll(async () => (await seen(app)).focused).toBe(2);
    await expect.poll(async () => (await seen(app)).dialogs.length).toBe(1);
    const [told] = (await seen(app)).dialogs;
    expect(told!.message).toBe('Standoff is already open on the project “first project”, so “second project” was not opened.');
    expect(told!.detail).toContain(other);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  } finally {
    await closeQuietly(app);
  }
});

test('every permission the page asks for or checks is refused', async () => {
  const app = await launch(await copyProject());
  try {
    const page = await app.firstWindow();
    await page.locator('body').click(); // a user gesture, as a real request would have
    const answers = await page.evaluate(async () => ({
      notifications: await Notification.requestPermission(),
      geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
      camera: (await navigator.permissions.query({ name: 'camera' as PermissionName })).state,
      clipboard: await navigator.clipboard.readText().then(
        () => 'read',
        (e: Error) => e.name,
      ),
    }));
    expect(answers).toEqual({ notifications: 'denied', geolocation: 'denied', camera: 'denied', clipboard: 'NotAllowedError' });
  } finally {
    await closeQuietly(app);
  }
});

test('the window stays on the app; a web link opens in the browser only after the analyst confirms its host', async () => {
  const app = await launch(await copyProject());
  try {
    const page = await app.firstWindow();
    await stubDialogs(app, { box: 1, sync: 1 }); // Cancel

    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await expect.poll(async () => (await seen(app)).dialogs.length).toBe(1);
    expect((await seen(app)).dialogs[0]!.message).toBe('Open this link to example.com in your web browser?');
    expect(page.url()).toBe('app://standoff/index.html');

    await page.evaluate(() => {
      window.location.href = 'file:///etc/passwd';
    });
    await page.evaluate(() => window.open('app://standoff/index.html'));
    await page.waitForTimeout(300);
    expect(page.url()).toBe('app://standoff/index.html');
    expect((await seen(app)).dialogs).toHaveLength(1);
    expect((await seen(app)).opened).toEqual([]);

    await stubDialogs(app, { box: 0, sync: 1 }); // Open in browser
    expect(await page.evaluate(() => window.open('https://example.com/report?id=7', '_blank'))).toBeNull();
    await expect.poll(async () => (await seen(app)).opened).toEqual(['https://example.com/report?id=7']);

    await page.evaluate(() => window.open('https://user:secret@example.com/'));
    await expect.poll(async () => (await seen(app)).dialogs.length).toBe(3);
    expect((await seen(app)).dialogs[2]).toEqual({ message: 'Standoff did not open this link.', detail: 'The address contains a user name or password.' });
    expect((await seen(app)).opened).toHaveLength(1);
    expect(app.windows()).toHaveLength(1);
  } finally {
    await closeQuietly(app);
  }
});

test('closing with edits not saved asks first: Stay keeps the window, Leave anyway closes it', async () => {
  const app = await launch(await copyProject());
  let closed = false;
  try {
    const page = await app.firstWindow();
    await stubDialogs(app, { box: 1, sync: 1 }); // Stay
    await page.locator('body').click(); // Chromium honours beforeunload only after a user gesture
    // What the renderer does while an edit is pending or a save has failed.
    await page.evaluate(() => window.addEventListener('beforeunload', (e) => e.preventDefault()));

    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    await expect.poll(async () => (await seen(app)).dialogs.map((d) => d.message)).toEqual(['Some of your edits are not saved yet.']);
    await page.waitForTimeout(300);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    expect(await page.evaluate(() => document.title)).toBe('Standoff');

    await stubDialogs(app, { box: 1, sync: 0 }); // Leave anyway
    const gone = app.waitForEvent('close');
    void app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close()).catch(() => undefined);
    await gone;
    closed = true;
  } finally {
    if (!closed) await closeQuietly(app);
  }
});
