/**
 * Seats: one writer per annotator's files at a time, across processes (two windows of the app,
 * two `serve` processes, a command-line import). A seat is a lease on a lock folder made with
 * proper-lockfile (`mkdir` is atomic on every file system, shared drives included), whose time
 * the holder refreshes every few seconds: a process that crashed stops refreshing it, and after
 * STALE_MS anyone may take it. On this machine a holder whose process is gone is seen at once.
 *
 *   .standoff/seats/<annotator>.lock/   the lock (a folder)
 *   .standoff/seats/<annotator>.json    who holds it: { pid, host, since, app }
 *
 * Within one process the seat is shared: every service of the process on the same project
 * holds it together (tests open several).
 */
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ApiError } from '../../shared/api/errors';
import type { SeatHolder, SeatStatus } from '../../shared/api/live';
import { GOLD } from '../../shared/format/annotationFile';
import { running } from './durableFile';
import { insideProject } from './files';

export const SEATS_DIR = '.standoff/seats';
/** A seat not refreshed for this long is free. Long enough for a busy event loop, short enough to wait out. */
const STALE_MS = 10_000;
const UPDATE_MS = 2_000;

interface Held {
  release: () => Promise<void>;
  /** Services of this process that hold it. */
  users: number;
}

/** Seats held by this process, by lock path. */
const held = new Map<string, Held>();
/** Claims under way in this process, by lock path. */
const claiming = new Map<string, Promise<SeatStatus>>();
/** Seats this process held and lost (its lock was taken over after it stalled): never written again without a new claim. */
const lostListeners = new Set<(lockPath: string) => void>();

export class Seats {
  private readonly mine = new Set<string>();

  constructor(
    private readonly root: string,
    /** What kind of program holds a seat, for the other window's message. */
    private readonly app: string,
  ) {}

  private lockPath(annotator: string): string {
    return insideProject(this.root, `${SEATS_DIR}/${annotator}.lock`);
  }

  private notePath(annotator: string): string {
    return insideProject(this.root, `${SEATS_DIR}/${annotator}.json`);
  }

  /** Whether this process holds the annotator's seat now (no disk access). */
  holds(annotator: string): boolean {
    return held.has(this.lockPath(annotator));
  }

  /** Takes the seat if it is free, or says who holds it. */
  claim(annotator: string): Promise<SeatStatus> {
    // One claim of a seat at a time in this process: concurrent first saves share it.
    const lockPath = this.lockPath(annotator);
    const pending = claiming.get(lockPath);
    if (pending) return pending.then(() => this.claim(annotator));
    const run = this.claimNow(annotator).finally(() => claiming.delete(lockPath));
    claiming.set(lockPath, run);
    return run;
  }

  private async claimNow(annotator: string): Promise<SeatStatus> {
    const lockPath = this.lockPath(annotator);
    const mine = held.get(lockPath);
    if (mine) {
      if (!this.mine.has(lockPath)) {
        this.mine.add(lockPath);
        mine.users++;
      }
      return { annotator, held: true };
    }
    await mkdir(path.dirname(lockPath), { recursive: true });
    // The working folder is this machine's, never shared: keep it out of version control.
    await writeFile(path.join(this.root, '.standoff', '.gitignore'), '*\n', { flag: 'wx' }).catch(() => undefined);
    let holder = await this.holder(annotator);
    if (holder && holder.host === hostname() && holder.pid !== process.pid && !running(holder.pid)) {
      // Its process is gone: let the lock count as stale now rather than in STALE_MS.
      await utimes(lockPath, 0, 0).catch(() => undefined);
    }
    try {
      const release = await lockfile.lock(path.join(this.root, SEATS_DIR, annotator), {
        lockfilePath: lockPath,
        realpath: false,
        stale: STALE_MS,
        update: UPDATE_MS,
        onCompromised: () => {
          // Someone took the seat over (this process stalled, or the lock folder was removed).
          held.delete(lockPath);
          this.mine.delete(lockPath);
          for (const l of lostListeners) l(lockPath);
        },
      });
      held.set(lockPath, { release, users: 1 });
      this.mine.add(lockPath);
      const note: SeatHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), app: this.app };
      await writeFile(this.notePath(annotator), `${JSON.stringify(note, null, 2)}\n`, 'utf8').catch(() => undefined);
      return { annotator, held: true };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      holder = await this.holder(annotator);
      return { annotator, held: false, holder, message: seatMessage(annotator, holder) };
    }
  }

  /** Takes the seat or throws ApiError('locked') saying who holds it: called before every write of an annotator's files. */
  async ensure(annotator: string): Promise<void> {
    if (this.holds(annotator)) return;
    const status = await this.claim(annotator);
    if (!status.held) throw new ApiError('locked', status.message);
  }

  /** Gives up this service's share of its seats; the lock goes when no service of the process holds it. */
  async releaseAll(): Promise<void> {
    for (const lockPath of this.mine) {
      const h = held.get(lockPath);
      if (!h) continue;
      if (--h.users > 0) continue;
      held.delete(lockPath);
      await h.release().catch(() => undefined);
    }
    this.mine.clear();
  }

  /** Calls `listener` with the annotator whose seat this process lost. */
  onLost(listener: (annotator: string) => void): () => void {
    const wrapped = (lockPath: string) => {
      if (path.dirname(lockPath) === path.join(this.root, SEATS_DIR)) listener(path.basename(lockPath, '.lock'));
    };
    lostListeners.add(wrapped);
    return () => lostListeners.delete(wrapped);
  }

  private async holder(annotator: string): Promise<SeatHolder | null> {
    try {
      const note = JSON.parse(await readFile(this.notePath(annotator), 'utf8')) as Partial<SeatHolder>;
      if (typeof note.pid !== 'number' || typeof note.host !== 'string') return null;
      return { pid: note.pid, host: note.host, since: String(note.since ?? ''), app: String(note.app ?? 'Standoff') };
    } catch {
      return null;
    }
  }
}

/** "Layla's annotations are open in another Standoff window (browser mode, process 4242 on this computer, since 14:02)…" */
export function seatMessage(annotator: string, holder: SeatHolder | null): string {
  const whose = annotator === GOLD ? 'The gold layer is' : `${annotator}'s annotations are`;
  if (!holder) return `${whose} being written by another Standoff window. This window is read-only for them until that window closes.`;
  const where = holder.host === hostname() ? 'on this computer' : `on ${holder.host}`;
  const since = holder.since ? `, since ${new Date(holder.since).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}` : '';
  return `${whose} open for editing in another window (${holder.app}, process ${holder.pid} ${where}${since}). This window is read-only for them until that window closes.`;
}
