/**
 * Where an export writes, and how it never leaves half a dataset behind: everything is written
 * under temporary names beside the target (a hidden `.name.standoff-….part` file or folder) and
 * renamed into place only when the whole export has been written. A cancelled or failed export
 * removes what it wrote. A target that exists and is not empty is replaced only when asked
 * (`overwrite`), and a folder only when a Standoff export wrote it (its README.md is a card).
 * Inside the project an export writes only in its exports/ folder, never through a link that
 * leads into the project, and never over a file or folder Standoff keeps there.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { realLocation } from '../project/files';

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
    const card = await readFile(path.join(folder, 'README.md'), 'utf8');
    // The Hugging Face card begins with the YAML header `datasets` reads; the marker follows it.
    return card.startsWith(CARD_MARKER) || (card.startsWith('---\n') && card.includes(`\n---\n${CARD_MARKER}\n`));
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

/** The project's folder for exports (the app's suggestion): the only place inside the project an export may write. */
export const EXPORTS_DIR = 'exports';
/** What Standoff owns in a project: never an export's target, even when asked to overwrite. */
const OWN = ['standoff.json', 'guidelines.md', 'documents', 'entities', '.standoff'];
/** The start of a file Standoff keeps in a project (manifest, document, annotations, registry). */
const PROJECT_FILE = /"format"\s*:\s*"standoff\/(?:project|document|annotations|entities)"/;

/** Whether p is dir or inside it; the relative path if so ("" for dir itself), else null. */
function relativeInside(dir: string, p: string): string | null {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) ? rel : null;
}

/**
 * Where an export may write with respect to the project: outside it, or in its exports/ folder,
 * and never through a link (symbolic link, junction) that leads into the project. What is
 * checked is where the path really leads (realpath of its existing part), so a link anywhere
 * on the way, or the target itself being a link, counts.
 */
function checkPlace(p: string, projectRoot: string): void {
  const root = path.resolve(projectRoot);
  const realRoot = realLocation(root) ?? root;
  const real = realLocation(p);
  if (real === null) throw new ApiError('bad-request', `${p} is a link that leads round in a loop: choose another place for the export`);
  if (relativeInside(real, realRoot) !== null) throw new ApiError('bad-request', `${p} holds the project itself: choose a place outside it`);
  const relReal = relativeInside(realRoot, real);
  if (relReal === null) return; // outside the project, wherever the path goes on the way
  // Inside the project: as written (from the project folder as given, or its real path), it must lead there without a link.
  const lexical = path.resolve(p);
  const relAsWritten = relativeInside(root, lexical) ?? relativeInside(realRoot, lexical);
  if (relAsWritten !== relReal) {
    throw new ApiError('bad-request', `${p} leads through a link into the project folder (to ${real}); an export never writes through a link into the project: choose a place outside it, or in the project's ${EXPORTS_DIR}/ folder`);
  }
  const [first, ...rest] = relReal.split(path.sep);
  if (first === EXPORTS_DIR && rest.length > 0) return;
  if (first === EXPORTS_DIR) throw new ApiError('bad-request', `${p} is the project's ${EXPORTS_DIR}/ folder itself: choose a file or folder inside it`);
  if (first !== undefined && OWN.includes(first)) throw new ApiError('bad-request', `${p} is in the project's own files (${first}): choose a place outside the project, or in its ${EXPORTS_DIR}/ folder`);
  throw new ApiError('bad-request', `${p} is in the project folder but not in its ${EXPORTS_DIR}/ folder: choose a place outside the project, or in its ${EXPORTS_DIR}/ folder`);
}

/** Whether an existing file is one Standoff keeps in a project (its first bytes say so). */
async function isProjectFile(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
      return PROJECT_FILE.test(buffer.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/**
 * Checks that an export may write its target: outside the project or in its exports/ folder,
 * not through a link into the project, the parent folder exists, and nothing that is there would
 * be lost without `overwrite`; a file of a Standoff project, or a folder a Standoff export did
 * not write, is never replaced. Throws an ApiError that says what and why.
 */
export async function checkTarget(paths: TargetPaths, projectRoot: string, overwrite: boolean): Promise<void> {
  for (const p of paths.folder ? [paths.out] : [paths.out, paths.card, paths.dropped]) checkPlace(p, projectRoot);
  const parent = path.dirname(paths.out);
  // The project's own exports/ folder (the app's suggestion) is made when first used; any other
  // place must exist already.
  if (parent === path.join(path.resolve(projectRoot), EXPORTS_DIR)) await mkdir(parent, { recursive: true });
  if ((await kindOf(parent)) !== 'folder' && (await kindOf(parent)) !== 'empty-folder') {
    throw new ApiError('not-found', `${parent} is not a folder that exists: create it first, or choose another place for the export`);
  }
  const refuse = (p: string, why: string) => {
    throw new ApiError('conflict', `${p} ${why}`);
  };
  if (paths.folder) {
    const kind = await kindOf(paths.out);
    if (kind === 'file' || kind === 'empty-file' || kind === 'other') refuse(paths.out, 'exists and is not a folder; this format writes a folder');
    if (kind === 'folder') {
      if (!overwrite) refuse(paths.out, 'exists and is not empty; not replacing it unless asked to (ask to overwrite it, or choose another folder)');
      if (!(await isExportFolder(paths.out))) refuse(paths.out, 'is a folder that a Standoff export did not write (it has no dataset card); not replacing it even when asked to overwrite');
    }
    return;
  }
  for (const p of [paths.out, paths.card, paths.dropped]) {
    const kind = await kindOf(p);
    if (kind === 'folder' || kind === 'empty-folder' || kind === 'other') refuse(p, 'exists and is not a file; this format writes a file there');
    if (kind === 'file' && (await isProjectFile(p))) refuse(p, 'is a file of a Standoff project (its manifest, a document, annotations or entities); an export never replaces one, even when asked to overwrite');
    if (kind === 'file' && !overwrite) refuse(p, 'exists and is not empty; not replacing it unless asked to (ask to overwrite it, or choose another name)');
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
