import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { dispatch } from '../shared/api/dispatch';
import { serializeError } from '../shared/api/errors';
import { StandoffService } from '../backend/service';
import { APP_PAGE_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppServer, isAppPage } from './appProtocol';
import { INVOKE_CHANNEL } from './ipc';

/**
 * The Electron shell, kept thin: one window on the built renderer, served from app://standoff,
 * and the service behind one validated IPC channel. Everything else is the same code browser
 * mode runs.
 */
const appRoot = path.resolve(__dirname, '../..');
const rendererRoot = path.join(appRoot, 'dist/renderer');

/**
 * The project to open: a folder given on the command line, STANDOFF_PROJECT, or the sample
 * project. An installed app's resources are read-only, so there the sample is copied once to
 * the user's data folder and opened from that copy.
 */
async function projectDir(): Promise<string> {
  const arg = process.argv.slice(1).find((a) => !a.startsWith('-') && existsSync(path.join(a, 'standoff.json')));
  if (arg) return path.resolve(arg);
  if (process.env.STANDOFF_PROJECT) return path.resolve(process.env.STANDOFF_PROJECT);
  if (!app.isPackaged) return path.join(appRoot, 'annotations');
  const copy = path.join(app.getPath('userData'), 'Sample project');
  if (!existsSync(path.join(copy, 'standoff.json'))) await cp(path.join(process.resourcesPath, 'annotations'), copy, { recursive: true });
  return copy;
}

async function main(): Promise<void> {
  await app.whenReady();
  const service = await StandoffService.open(await projectDir());

  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    // Only our own page, in the window's top frame, may call the service.
    const frame = event.senderFrame;
    if (!frame || frame.parent || !isAppPage(frame.url)) return { ok: false, error: { code: 'bad-request', message: 'unknown caller' } };
    try {
      return { ok: true, result: await dispatch(service, String(method), input) };
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
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

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
      spellcheck: false,
    },
  });
  // No navigation away from the app, no new windows; links open in the system browser.
  win.webContents.on('will-navigate', (e) => {
    if (!isAppPage(e.url)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_PAGE_URL);
}

// Before ready: app:// gets its privileges (a real origin, a secure context).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.on('window-all-closed', () => app.quit());
main().catch((e: unknown) => {
  console.error(`Standoff could not start: ${(e as Error).message}`);
  app.exit(1);
});
