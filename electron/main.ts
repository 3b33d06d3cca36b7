import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatch } from '../shared/api/dispatch';
import { serializeError } from '../shared/api/errors';
import { CONTENT_SECURITY_POLICY } from '../shared/api/csp';
import { StandoffService } from '../backend/service';
import { INVOKE_CHANNEL } from './ipc';

/**
 * The Electron shell, kept thin: one window on the built renderer, and the service behind one
 * validated IPC channel. Everything else is the same code browser mode runs.
 */
const appRoot = path.resolve(__dirname, '../..');
const rendererIndex = path.join(appRoot, 'dist/renderer/index.html');

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
  const rendererUrl = pathToFileURL(rendererIndex).href;

  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    // Only our own page may call the service.
    if (event.senderFrame?.url.split('#')[0] !== rendererUrl) return { ok: false, error: { code: 'bad-request', message: 'unknown caller' } };
    try {
      return { ok: true, result: await dispatch(service, String(method), input) };
    } catch (e) {
      return { ok: false, error: serializeError(e) };
    }
  });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
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
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  await win.loadFile(rendererIndex);
}

app.on('window-all-closed', () => app.quit());
main().catch((e: unknown) => {
  console.error(`Standoff could not start: ${(e as Error).message}`);
  app.exit(1);
});
