import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { dispatch } from '../shared/api/dispatch';
import { serializeError } from '../shared/api/errors';
import { collectSooner } from '../backend/heap';
import { StandoffService } from '../backend/service';
import { APP_PAGE_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppServer, isAppPage } from './appProtocol';
import { checkExternalLink } from './externalLinks';
import { INVOKE_CHANNEL } from './ipc';
import { SafeStorageTokens } from './syncTokens';
import { projectOfSecondStart, requestedProject, sameFolder } from './launch';
import { externalLinkPrompt, LINK_OPEN, refusedLinkPrompt, secondInstancePrompt, UNLOAD_LEAVE, unloadPrompt, type Prompt } from './prompts';

/**
 * The Electron shell, kept thin: one window on the built renderer, served from app://standoff,
 * and the service behind one validated IPC channel. Everything else is the same code browser
 * mode runs. docs/SECURITY.md describes the hardening.
 */
const appRoot = path.resolve(__dirname, '../..');
const rendererRoot = path.join(appRoot, 'dist/renderer');

/** The project this start asked for (a folder on the command line, or STANDOFF_PROJECT). */
const requested = requestedProject(process.argv.slice(1), process.cwd(), process.env.STANDOFF_PROJECT);

/**
 * The project to open: the one asked for, or the sample project. An installed app's resources
 * are read-only, so there the sample is copied once to the user's data folder and opened from
 * that copy.
 */
async function projectDir(): Promise<string> {
  if (requested) return requested;
  if (!app.isPackaged) return path.join(appRoot, 'annotations');
  const copy = path.join(app.getPath('userData'), 'Sample project');
  if (!existsSync(path.join(copy, 'standoff.json'))) await cp(path.join(process.resourcesPath, 'annotations'), copy, { recursive: true });
  return copy;
}

/** The window, once made: a second start focuses it. */
let resolveWindow: (win: BrowserWindow) => void = () => undefined;
const mainWindow = new Promise<BrowserWindow>((resolve) => (resolveWindow = resolve));
let openProject: string | null = null;

const showPrompt = (contents: WebContents | null, prompt: Prompt) => {
  const win = contents ? BrowserWindow.fromWebContents(contents) : null;
  return win ? dialog.showMessageBox(win, prompt) : dialog.showMessageBox(prompt);
};

/**
 * A link the page wants to leave the app for: opened in the system browser only if
 * checkExternalLink accepts it and the analyst confirms a dialog naming its host. One
 * question at a time; a refused web link says why.
 */
let linkQuestionOpen = false;
async function offerExternalLink(contents: WebContents, url: string): Promise<void> {
  if (linkQuestionOpen) return;
  const link = checkExternalLink(url);
  linkQuestionOpen = true;
  try {
    if (!link.ok) {
      if (link.tell) await showPrompt(contents, refusedLinkPrompt(link));
      return;
    }
    const { response } = await showPrompt(contents, externalLinkPrompt(link));
    if (response === LINK_OPEN) await shell.openExternal(link.href);
  } catch (e) {
    console.error(`Standoff could not open a link: ${(e as Error).message}`);
  } finally {
    linkQuestionOpen = false;
  }
}

/**
 * Rules for every web contents the app ever makes (there is one window, but a rule set on
 * creation cannot be forgotten by a later window): no navigation, redirect or frame
 * navigation away from the app page, no <webview>, no new windows; links to the web go
 * through offerExternalLink. Closing with edits not saved asks first.
 */
function harden(contents: WebContents): void {
  contents.on('will-frame-navigate', (event) => {
    if (isAppPage(event.url)) return;
    event.preventDefault();
    if (event.isMainFrame) void offerExternalLink(contents, event.url);
  });
  // Emitted after will-frame-navigate for the main frame when that did not prevent it.
  contents.on('will-navigate', (event) => {
    if (!isAppPage(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppPage(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (!isAppPage(url)) void offerExternalLink(contents, url);
    return { action: 'deny' };
  });
  // The renderer prevents `beforeunload` while edits are pending; Electron then asks us.
  // preventDefault() here means "unload anyway".
  contents.on('will-prevent-unload', (event) => {
    const prompt = unloadPrompt();
    const win = BrowserWindow.fromWebContents(contents);
    const choice = win ? dialog.showMessageBoxSync(win, prompt) : dialog.showMessageBoxSync(prompt);
    if (choice === UNLOAD_LEAVE) event.preventDefault();
  });
}

/** A second start: bring the window forward, and say so if it asked for another project. */
function onSecondStart(project: string | null): void {
  void mainWindow.then((win) => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    const prompt = openProject ? secondInstancePrompt(openProject, project, sameFolder) : null;
    if (prompt) void dialog.showMessageBox(win, prompt);
  });
}

/**
 * "Open shared project…" after the copy is made: Standoff works on one project per window, so
 * the app starts again on that folder once this instance has quit (closing asks first when edits
 * are not saved yet, as any close does). The service checked that the folder is a project.
 */
function reopenOn(root: string): { root: string; switched: boolean; message: string } {
  const others = process.argv.slice(1).filter((arg) => arg.startsWith('-') || requestedProject([arg], process.cwd()) === null);
  app.relaunch({ args: [...others, root] });
  setTimeout(() => app.quit(), 300);
  return { root, switched: true, message: `Standoff is opening ${root}…` };
}

async function main(): Promise<void> {
  await app.whenReady();
  // Watching the folder: another program's changes (git, a sync client) show at once.
  collectSooner(); // the server's memory stays flat (backend/heap.ts)
  const service = await StandoffService.open((openProject = await projectDir()), { watch: true, app: 'Standoff', tokens: SafeStorageTokens.inFolder(app.getPath('userData')) });
  app.on('will-quit', () => void service.close());

  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    // Only our own page, in the window's top frame, may call the service.
    const frame = event.senderFrame;
    if (!frame || frame.parent || !isAppPage(frame.url)) return { ok: false, error: { code: 'bad-request', message: 'unknown caller' } };
    try {
      const result = await dispatch(service, String(method), input);
      if (method === 'openProject') return { ok: true, result: reopenOn((result as { root: string }).root) };
      return { ok: true, result };
    } catch (e) {
      return { ok: false, error: serializeError(e) };
    }
  });

  // The renderer, from dist/renderer only, each response with the CSP (appProtocol.ts).
  const serve = createAppServer(rendererRoot);
  protocol.handle(APP_SCHEME, async (request) => {
    const res = await serve({ url: request.url, method: request.method });
    return new Response(res.body as ConstructorParameters<typeof Response>[0], { status: res.status, headers: res.headers });
  });

  // No permission is ever granted (camera, notifications, geolocation, clipboard reads, HID…),
  // and none is reported as granted when the page asks.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);

  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Standoff',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  resolveWindow(win);
  await win.loadURL(APP_PAGE_URL);
}

// Before ready: app:// gets its privileges, and only one Standoff runs at a time (a second
// start hands its project to the running one and quits).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
if (!app.requestSingleInstanceLock({ project: requested })) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd, additionalData) => onSecondStart(projectOfSecondStart(additionalData, argv, cwd)));
  app.on('web-contents-created', (_event, contents) => harden(contents));
  app.on('window-all-closed', () => app.quit());
  main().catch((e: unknown) => {
    console.error(`Standoff could not start: ${(e as Error).message}`);
    app.exit(1);
  });
}
