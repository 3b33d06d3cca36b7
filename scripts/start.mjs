// `npm start`: Standoff as a desktop app (Electron) on the sample project, or on a folder given
// after `--`. Where Electron cannot start (no binary, no display), it says so in one sentence
// and serves the same app in browser mode on 127.0.0.1 instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const electronDir = path.join(root, 'node_modules/electron');

function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

function browserMode(reason) {
  console.log(`Electron cannot start here (${reason}), so Standoff is running in browser mode instead: open the address below.`);
  const child = spawn(process.execPath, [path.join(root, 'bin/standoff.mjs'), 'serve', ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

const binary = electronBinary();
if (!binary) {
  browserMode('its binary is not installed on this machine and cannot be downloaded');
} else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  browserMode('there is no display');
} else {
  const started = Date.now();
  const child = spawn(binary, [path.join(root, 'dist/electron/main.cjs'), ...args], { stdio: 'inherit' });
  child.on('error', (e) => browserMode(e.message));
  child.on('exit', (code) => {
    if (code && Date.now() - started < 5000) browserMode(`it exited with status ${code} at start-up`);
    else process.exit(code ?? 0);
  });
}
