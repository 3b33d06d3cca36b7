/**
 * Where an export writes, and how it never leaves half a dataset behind: everything is written
 * under temporary names beside the target (a hidden `.name.standoff-….part` file or folder) and
 * renamed into place only when the whole export has been written. A cancelled or failed export
 * removes what it wrote. A target that exists and is not empty is replaced only when asked
 * (`overwrite`), and a folder only when a Standoff export wrote it (its README.md is a card).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';

/** The first line of every dataset card: how an export recognises a folder it may replace. */
export const CARD_MARKER = '<!-- Standoff dataset card: written by standoff export -->';
/** The first line of every dropped list. */
export const DROPPED_HEADER = 'document\tlayer\titem\tkind\treason\tdetail';

export interface TargetPaths {
  /** The export itself: a file, or a folder. */
  out: string;
  folder: boolean;
  /** The card: `<name>.card.md` beside a file, README.md inside a folder. */
  card: string;
  /** The dropped list: `<name>.dropped.tsv` beside a file, dropped.tsv inside a folder. */
  dropped: string;
}

export function targetPaths(out: string, folder: boolean): TargetPaths {
  if (folder) return { out, folder, card: path.join(out, 'README.md'), dropped: path.join(out, 'dropped.tsv') };
  const dir = path.dirname(out);
  const base = path.basename(out);
  const ext = path.extname(base);
  const stem = ext && ext !== base ? base.slice(0, -ext.length) : base;
  return { out, folder, card: path.join(dir, `${stem}.card.md`), dropped: path.join(dir, `${stem}.dropped.tsv`) };
}

type Kind = 'missing' | 'file' | 'empty-file' | 'folder' | 'empty-folder' | 'other';

async function kindOf(p: string): Promise<Kind> {
  try {
    const info = await stat(p);
    if (info.isFile()) return info.size === 0 ? 'empty-file' : 'file';
    if (info.isDirectory()) return (await readdir(p)).length === 0 ? 'empty-folder' : 'folder';
    return 'other';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
}

/** Whether a folder is one a Standoff export wrote: its README.md begins with the card marker. */
async function isExportFolder(folder: string): Promise<boolean> {
  try {
    return (await readFile(path.join(folder, 'README.md'), 'utf8')).startsWith(CARD_MARKER);
  } catch {
    return false;
  }
}

/** Whether a file is a dropped list an export wrote. */
async function isDroppedList(file: string): Promise<boolean> {
  try {
    return (await readFile(file, 'utf8')).startsWith(`${DROPPED_HEADER}\n`);
  } catch {
    return false;
  }
}

/**
 * Checks that an export may write its target: the parent folder exists, the target is not in
 * the project's own files, and nothing that is there would be lost without `overwrite`.
 * Throws an ApiError that says what and why.
 */
export async function checkTarget(paths: TargetPaths, projectRoot: string, overwrite: boolean): Promise<void> {
  const parent = path.dirname(paths.out);
  // The project's own exports/ folder (the app's suggestion) is made when first used; any other
  // place must exist already.
  if (parent === path.join(path.resolve(projectRoot), 'exports')) await mkdir(parent, { recursive: true });
  if ((await kindOf(parent)) !== 'folder' && (await kindOf(parent)) !== 'empty-folder') {
    throw new ApiError('not-found', `${parent} is not a folder that exists: create it first, or choose another place for the export`);
  }
  const root = path.resolve(projectRoot);
  const inside = (p: string, dir: string) => {
    const rel = path.relative(dir, p);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  if (inside(root, paths.out)) throw new ApiError('bad-request', `${paths.out} holds the project itself: choose a place outside it`);
  for (const own of ['documents', 'entities', 'standoff.json', 'guidelines.md']) {
    if (inside(paths.out, path.join(root, own))) throw new ApiError('bad-request', `${paths.out} is in the project's own files (${own}): choose another place`);
  }
  const refuse = (p: string, why: string) => {
    throw new ApiError('conflict', `${p} ${why}`);
  };
  if (paths.folder) {
    const kind = await kindOf(paths.out);
    if (kind === 'file' || kind === 'empty-file' || kind === 'other') refuse(paths.out, 'exists and is not a folder; this format writes a folder');
    if (kind === 'folder') {
      if (!overwrite) refuse(paths.out, 'exists and is not empty; not overwriting it (overwrite on purpose with --overwrite, or choose another folder)');
      if (!(await isExportFolder(paths.out))) refuse(paths.out, 'is a folder that a Standoff export did not write (it has no dataset card); not replacing it even when asked to overwrite');
    }
    return;
  }
  for (const p of [paths.out, paths.card, paths.dropped]) {
    const kind = await kindOf(p);
    if (kind === 'folder' || kind === 'empty-folder' || kind === 'other') refuse(p, 'exists and is not a file; this format writes a file there');
    if (kind === 'file' && !overwrite) refuse(p, 'exists and is not empty; not overwriting it (overwrite on purpose with --overwrite, or choose another name)');
    if (kind === 'file' && p === paths.dropped && !(await isDroppedList(p))) refuse(p, 'exists and is not a dropped list an export wrote; not replacing it');
  }
}

/**
 * An export in progress: the temporary paths to write to, and what to do at the end (commit:
 * rename into place) or on failure (abort: remove everything written).
 */
export class PendingExport {
  private readonly tag = `standoff-${process.pid}-${randomBytes(4).toString('hex')}`;
  /** Temporary file or folder standing for `out`. */
  readonly out: string;
  readonly card: string;
  readonly dropped: string;

  constructor(readonly paths: TargetPaths) {
    const hidden = (p: string) => path.join(path.dirname(p), `.${path.basename(p)}.${this.tag}.part`);
    this.out = hidden(paths.out);
    if (paths.folder) {
      this.card = path.join(this.out, path.basename(paths.card));
      this.dropped = path.join(this.out, path.basename(paths.dropped));
    } else {
      this.card = hidden(paths.card);
      this.dropped = hidden(paths.dropped);
    }
  }

  /**
   * Moves the written export into place. `hasDropped`: whether the dropped list was written
   * (beside a file; in a folder it is always written). Checks the targets again first: what
   * appeared meanwhile is not overwritten unless allowed.
   */
  async commit(projectRoot: string, overwrite: boolean, hasDropped: boolean): Promise<void> {
    await checkTarget(this.paths, projectRoot, overwrite);
    if (this.paths.folder) {
      const kind = await kindOf(this.paths.out);
      if (kind === 'missing') return rename(this.out, this.paths.out);
      const old = path.join(path.dirname(this.paths.out), `.${path.basename(this.paths.out)}.${this.tag}.old`);
      await rename(this.paths.out, old);
      try {
        await rename(this.out, this.paths.out);
      } catch (e) {
        await rename(old, this.paths.out);
        throw e;
      }
      await rm(old, { recursive: true, force: true });
      return;
    }
    if (hasDropped) await rename(this.dropped, this.paths.dropped);
    else if ((await kindOf(this.paths.dropped)) !== 'missing' && (await isDroppedList(this.paths.dropped))) await unlink(this.paths.dropped); // a stale list from an export overwritten
    await rename(this.card, this.paths.card);
    await rename(this.out, this.paths.out);
  }

  /** Removes whatever was written (no error if nothing was). */
  async abort(): Promise<void> {
    await Promise.all([this.out, this.card, this.dropped].map((p) => rm(p, { recursive: true, force: true })));
  }
}
