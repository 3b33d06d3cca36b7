import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `standoff <args>` as a user would: the real bin/standoff.mjs in its own process, from the
 * repository folder, with no terminal on stdin, for at most 30 s.
 */
export function standoff(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/standoff.mjs', ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
