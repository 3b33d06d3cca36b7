/**
 * Real `standoff serve` processes, as a user starts them: `node bin/standoff.mjs serve
 * <project> --port 0`, on 127.0.0.1. The address and token are read from the line it prints
 * ("Open http://127.0.0.1:PORT/#token=TOKEN"). Every process started here is remembered until
 * it exits, so that the soak can stop what it started, and only that.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Endpoint } from './client';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STANDOFF_BIN = path.join(REPO, 'bin', 'standoff.mjs');

const STARTUP_MS = 60_000;
const STOP_MS = 10_000;

/** Processes started here and not yet exited. */
const running = new Set<ChildProcess>();

export class ServeProcess implements Endpoint {
  private exited: Promise<void>;
  private gone = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly token: string,
    readonly output: string[],
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    void this.exited.then(() => (this.gone = true));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return !this.gone;
  }

  /** Starts `serve` on a project and resolves once it has printed its address. */
  static start(project: string): Promise<ServeProcess> {
    const child = spawn(process.execPath, [STANDOFF_BIN, 'serve', project, '--port', '0'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    const output: string[] = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`printed no address within ${STARTUP_MS / 1000} s`), STARTUP_MS);
      let pending = '';
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`standoff serve ${project} ${why}:\n${output.join('\n')}`));
      };
      const onLine = (line: string) => {
        output.push(line);
        const m = /^Open http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)$/.exec(line.trim());
        if (!m) return;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(new ServeProcess(child, Number(m[1]), m[2]!, output));
      };
      const onExit = (code: number | null, signal: string | null) => fail(`exited (${signal ?? `status ${code}`}) before printing its address`);
      child.once('exit', onExit);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      // Kept for the report when it fails to start; afterwards only its last lines are kept.
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        output.push(...chunk.split('\n').filter(Boolean));
        if (output.length > 50) output.splice(0, output.length - 50);
      });
    });
  }

  /** `kill -9`: no chance to finish anything. */
  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, as Ctrl+C would; SIGKILL if it has not exited after a while. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Kills, at once, every process started here that is still running (the soak is ending early). */
export function killAllStarted(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** Runs a `standoff` command to its end: its exit status and output. */
export function runStandoff(args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STANDOFF_BIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.once('error', reject);
    child.once('exit', (status) => {
      running.delete(child);
      resolve({ status, output });
    });
  });
}
