import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/api/csp';

/**
 * main.ts wired to a stand-in for Electron's main-process API (the binary cannot be downloaded
 * here): each handler the shell registers is called the way Electron's documentation says
 * Electron calls it. What this proves is the shell's own logic and wiring; e2e/electron.spec.ts
 * runs the same paths in a real Electron where one exists.
 */
const fake = vi.hoisted(() => {
  type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const state = {
    gotLock: true,
    appListeners: new Map<string, Fn>(),
    protocolHandlers: new Map<string, Fn>(),
    privileged: [] as unknown[],
    ipcHandlers: new Map<string, Fn>(),
    permission: {} as { request?: Fn; check?: Fn; device?: Fn },
    windows: [] as any[], // eslint-disable-line @typescript-eslint/no-explicit-any
    lockData: undefined as unknown,
    dialogs: [] as { message: string; detail: string; sync: boolean }[],
    answer: 1,
    syncAnswer: 1,
    opened: [] as string[],
    quit: 0,
    rendererRoot: '',
  };
  class FakeContents {
    private listeners = new Map<string, Fn[]>();
    openHandler: Fn | null = null;
    on(event: string, fn: Fn) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
      return this;
    }
    emit(event: string, ...args: unknown[]) {
      for (const fn of this.listeners.get(event) ?? []) fn(...args);
    }
    setWindowOpenHandler(fn: Fn) {
      this.openHandler = fn;
    }
  }
  class BrowserWindow {
    static fromWebContents(c: unknown) {
      return state.windows.find((w) => w.webContents === c) ?? null;
    }
    webContents = new FakeContents();
    minimized = false;
    shown = false;
    focused = 0;
    loaded: string | null = null;
    constructor(public options: unknown) {
      state.windows.push(this);
      state.appListeners.get('web-contents-created')?.({}, this.webContents);
    }
    once() {}
    isDestroyed = () => false;
    isMinimized = () => this.minimized;
    restore = () => void (this.minimized = false);
    show = () => void (this.shown = true);
    focus = () => void this.focused++;
    async loadURL(url: string) {
      this.loaded = url;
    }
  }
  const record = (sync: boolean, args: unknown[]) => {
    const options = args[args.length - 1] as { message: string; detail: string };
    state.dialogs.push({ message: options.message, detail: options.detail, sync });
  };
  const electron = {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: (data: unknown) => ((state.lockData = data), state.gotLock),
      whenReady: () => Promise.resolve(),
      on: (event: string, fn: Fn) => void state.appListeners.set(event, fn),
      quit: () => void state.quit++,
      exit: (code: number) => {
        throw new Error(`app.exit(${code})`);
      },
      getPath: () => tmpdir(),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void state.privileged.push(...schemes),
      handle: (scheme: string, fn: Fn) => void state.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => void (state.permission.request = fn),
        setPermissionCheckHandler: (fn: Fn) => void (state.permission.check = fn),
        setDevicePermissionHandler: (fn: Fn) => void (state.permission.device = fn),
      },
    },
    ipcMain: { handle: (channel: string, fn: Fn) => void state.ipcHandlers.set(channel, fn) },
    dialog: {
      showMessageBox: async (...args: unknown[]) => (record(false, args), { response: state.answer, checkboxChecked: false }),
      showMessageBoxSync: (...args: unknown[]) => (record(true, args), state.syncAnswer),
    },
    shell: { openExternal: async (url: string) => void state.opened.push(url) },
    BrowserWindow,
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
// The renderer main.ts serves is dist/renderer beside the bundle; here, a small stand-in folder.
vi.mock('./appProtocol', async (importOriginal) => {
  const real = await importOriginal<typeof import('./appProtocol')>();
  return {
    ...real,
    createAppServer: (root: string) => {
      fake.state.rendererRoot = root;
      return real.createAppServer(process.env.TEST_RENDERER_ROOT!);
    },
  };
});

const s = fake.state;
let dir: string;

async function startShell(gotLock: boolean) {
  vi.resetModules();
  Object.assign(s, { gotLock, quit: 0, windows: [], dialogs: [], opened: [], answer: 1, syncAnswer: 1 });
  s.appListeners.clear();
  s.protocolHandlers.clear();
  s.ipcHandlers.clear();
  await import('./main');
  if (gotLock) await vi.waitFor(() => expect(s.windows[0]?.loaded).toBeTruthy(), { timeout: 15_000 });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'standoff-shell-'));
  await cp(path.resolve(__dirname, '../annotations'), path.join(dir, 'project'), { recursive: true });
  await cp(path.resolve(__dirname, '../annotations/standoff.json'), path.join(dir, 'other/standoff.json'));
  await mkdir(path.join(dir, 'renderer'));
  await writeFile(path.join(dir, 'renderer/index.html'), '<!doctype html><title>Standoff</title>');
  await writeFile(path.join(dir, 'secret.txt'), 'private');
  process.env.STANDOFF_PROJECT = path.join(dir, 'project');
  process.env.TEST_RENDERER_ROOT = path.join(dir, 'renderer');
});
afterAll(async () => {
  delete process.env.STANDOFF_PROJECT;
  delete process.env.TEST_RENDERER_ROOT;
  await rm(dir, { recursive: true, force: true });
});

describe('a second start of Standoff', () => {
  it('hands over its project and quits without opening a window or the project', async () => {
    await startShell(false);
    expect(s.lockData).toEqual({ project: path.join(dir, 'project') });
    expect(s.quit).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.windows).toHaveLength(0);
    expect(s.protocolHandlers.size).toBe(0);
  });
});

describe('the running shell', () => {
  beforeEach(() => startShell(true));

  it('registers app:// as privileged before ready and loads the page from it', () => {
    expect(s.privileged).toContainEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } });
    expect(s.windows[0].loaded).toBe('app://standoff/index.html');
    expect(s.rendererRoot).toMatch(/dist[\\/]renderer$/);
    expect(s.windows[0].options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
  });

  it('serves the page with the CSP, and nothing from outside its folder', async () => {
    const handler = s.protocolHandlers.get('app')!;
    const page: Response = await handler(new Request('app://standoff/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>Standoff</title>');
    const out: Response = await handler(new Request('app://standoff/..%2fsecret.txt'));
    expect(out.status).toBe(404);
    expect(await out.text()).not.toContain('private');
  });

  it('answers IPC from the app page only', async () => {
    const invoke = s.ipcHandlers.get('standoff:invoke')!;
    const call = (url: string, parent: unknown = null) => invoke({ senderFrame: { url, parent } }, 'getProject', {});
    expect(await call('app://standoff/index.html')).toMatchObject({ ok: true });
    for (const caller of ['file:///x/dist/renderer/index.html', 'app://standoff/assets/x.html', 'https://evil.example/', 'app://evil/index.html']) {
      expect(await call(caller), caller).toEqual({ ok: false, error: { code: 'bad-request', message: 'unknown caller' } });
    }
    expect(await call('app://standoff/index.html', { url: 'app://standoff/index.html' })).toMatchObject({ ok: false });
    expect(await invoke({ senderFrame: null }, 'getProject', {})).toMatchObject({ ok: false });
  });

  it('refuses every permission, asked for or checked', () => {
    const granted: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      s.permission.request!(s.windows[0].webContents, permission, (ok: boolean) => granted.push(ok), {});
      granted.push(s.permission.check!(s.windows[0].webContents, permission, 'app://standoff', {}));
    }
    granted.push(s.permission.device!({ deviceType: 'hid', origin: 'app://standoff' }));
    expect(granted.length).toBe(13);
    expect(granted.every((g) => g === false)).toBe(true);
  });

  it('keeps the window on the app page: navigation, redirects and frames elsewhere are stopped', () => {
    const contents = s.windows[0].webContents;
    const attempt = (event: string, url: string, isMainFrame = true) => {
      const e = { url, isMainFrame, preventDefault: vi.fn() };
      contents.emit(event, e);
      return e.preventDefault.mock.calls.length > 0;
    };
    for (const url of ['file:///etc/passwd', 'app://standoff/assets/index.js', 'app://other/index.html', 'https://example.com/', 'javascript:alert(1)']) {
      expect(attempt('will-navigate', url), url).toBe(true);
      expect(attempt('will-frame-navigate', url, false), url).toBe(true);
      expect(attempt('will-redirect', url), url).toBe(true);
    }
    expect(attempt('will-navigate', 'app://standoff/index.html')).toBe(false);
    expect(attempt('will-frame-navigate', 'app://standoff/index.html#x')).toBe(false);
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('opens a web link in the browser only after the analyst confirms a dialog naming the host', async () => {
    const contents = s.windows[0].webContents;
    expect(contents.openHandler({ url: 'https://acleddata.com/data' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(s.dialogs).toHaveLength(1));
    expect(s.dialogs[0]!.message).toBe('Open this link to acleddata.com in your web browser?');
    expect(s.opened).toEqual([]); // Cancel

    s.answer = 0; // Open in browser
    s.dialogs = [];
    const e = { url: 'https://acleddata.com/data', isMainFrame: true, preventDefault: vi.fn() };
    contents.emit('will-frame-navigate', e);
    expect(e.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(s.opened).toEqual(['https://acleddata.com/data']));
    expect(s.dialogs).toHaveLength(1);
  });

  it('never opens a refused link; a refused web link says why, other schemes say nothing', async () => {
    s.answer = 0;
    const contents = s.windows[0].webContents;
    expect(contents.openHandler({ url: 'https://user:pw@example.com/' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(s.dialogs).toHaveLength(1));
    expect(s.dialogs[0]!.detail).toBe('The address contains a user name or password.');
    for (const url of ['file:///etc/passwd', 'smb://server/share', 'app://standoff/index.html']) {
      expect(contents.openHandler({ url })).toEqual({ action: 'deny' });
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(s.dialogs).toHaveLength(1);
    expect(s.opened).toEqual([]);
  });

  it('asks before closing with edits not saved, and leaves only on "Leave anyway"', () => {
    const contents = s.windows[0].webContents;
    const stay = { preventDefault: vi.fn() };
    s.syncAnswer = 1;
    contents.emit('will-prevent-unload', stay);
    expect(s.dialogs).toEqual([expect.objectContaining({ message: 'Some of your edits are not saved yet.', sync: true })]);
    expect(stay.preventDefault).not.toHaveBeenCalled();

    const leave = { preventDefault: vi.fn() };
    s.syncAnswer = 0;
    contents.emit('will-prevent-unload', leave);
    expect(leave.preventDefault).toHaveBeenCalled();
  });

  it('brings the window forward on a second start, and says so when that start named another project', async () => {
    const win = s.windows[0];
    win.minimized = true;
    s.appListeners.get('second-instance')!({}, ['standoff'], '/', { project: path.join(dir, 'project') });
    await vi.waitFor(() => expect(win.focused).toBe(1));
    expect(win.minimized).toBe(false);
    expect(s.dialogs).toEqual([]);

    s.appListeners.get('second-instance')!({}, ['standoff', '--some-switch', 'other'], dir, null);
    await vi.waitFor(() => expect(win.focused).toBe(2));
    await vi.waitFor(() => expect(s.dialogs).toHaveLength(1));
    expect(s.dialogs[0]!.message).toBe('Standoff is already open on the project “project”, so “other” was not opened.');
    expect(s.windows).toHaveLength(1);
  });
});
