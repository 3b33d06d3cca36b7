import { isUtf8 } from 'node:buffer';
import { closeSync, constants, lstatSync, openSync, readdirSync, readFileSync, readFile as readFileCallback, readlinkSync, realpathSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { FormatError } from '../../shared/format/errors';

/**
 * Resolves a project-relative path and refuses anything that would leave the project folder:
 * a `..` segment, an absolute path, the folder itself, and a path that leads out through a
 * link (a symbolic link, or a junction on Windows) somewhere on the way. A link that stays
 * inside the project is followed as any program would. What is checked is where the path
 * really is on disk: the real path (realpath) of its deepest part that exists, with the rest
 * of the path after it, against the real path of the project folder (kept per folder).
 *
 * Synchronous, so that every caller gets the check without awaiting: one realpath call for a
 * path that exists, a few more for one that does not yet (a new file), measured at a few
 * microseconds (see files.test.ts). The check is for what happens by accident (a folder
 * synced from elsewhere, a link made by hand); a link swapped between this check and the
 * read or write is not guarded against.
 */
export function insideProject(root: string, relative: string): string {
  const full = lexicallyInside(root, relative);
  const out = leaving(root, full);
  if (out) throw new ApiError('bad-request', linkMessage(out));
  return full;
}

/** A link on the way to a path that leads out of the project. */
export interface LinkOut {
  /** The link, relative to the project ("/" separated). */
  link: string;
  /** Where it leads: a real path outside the project, or null for a loop of links. */
  target: string | null;
}

/** The words for a refused link, as the analyst sees them. */
export function linkMessage(out: LinkOut): string {
  return out.target === null
    ? `${out.link} is a link that leads round in a loop; Standoff does not read or write through it.`
    : `${out.link} is a link to ${out.target}, outside the project; Standoff does not read or write through links that leave the project.`;
}

/**
 * The link that leads a project-relative path out of the project, or null when the path stays
 * inside (or does not exist yet and its existing part is inside). Throws, as insideProject
 * does, for `..`, an absolute path or the folder itself.
 */
export function linkOutside(root: string, relative: string): LinkOut | null {
  return leaving(root, lexicallyInside(root, relative));
}

/** Both at once: the full path (as insideProject gives it) and the link out (as linkOutside), checked once. */
export function placeOf(root: string, relative: string): { full: string; out: LinkOut | null } {
  const full = lexicallyInside(root, relative);
  return { full, out: leaving(root, full) };
}

function lexicallyInside(root: string, relative: string): string {
  const refuse = () => new ApiError('bad-request', `${relative}: path is outside the project folder`);
  if (relative === '' || path.isAbsolute(relative) || path.win32.isAbsolute(relative)) throw refuse();
  if (relative.split(/[\\/]/).includes('..')) throw refuse();
  const base = path.resolve(root);
  const full = path.resolve(base, relative);
  const rel = path.relative(base, full);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw refuse();
  return full;
}

/** Real paths of project folders, by their resolved path: a project folder is not moved while open. */
const realRoots = new Map<string, string>();

function realRootOf(base: string): string {
  const known = realRoots.get(base);
  if (known !== undefined) return known;
  const real = whereIs(base);
  // A folder that does not exist (yet) is not remembered: it may be made, or be a link, later.
  if (real !== null && real.missing === '') realRoots.set(base, real.real);
  return real === null ? base : path.join(real.real, real.missing);
}

/** Whether p is dir or inside it (both absolute and normalised, as realpath gives them). */
const within = (dir: string, p: string) => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** Whether a full path (inside the project by its letters) leads outside it; the link that does, if so. */
function leaving(root: string, full: string): LinkOut | null {
  const base = path.resolve(root);
  const realRoot = realRootOf(base);
  if (inLine && knownInside(base, realRoot, full)) return null;
  const real = whereIs(full);
  if (real !== null && within(realRoot, path.join(real.real, real.missing))) return null;
  // Outside (or a loop): find the first step from the project folder that leaves, to name it.
  const steps = path.relative(base, full).split(path.sep);
  for (let i = 1; i <= steps.length; i++) {
    const p = path.join(base, ...steps.slice(0, i));
    const at = whereIs(p);
    const link = steps.slice(0, i).join('/');
    if (at === null) return { link, target: null };
    const there = path.join(at.real, at.missing);
    if (!within(realRoot, there)) return { link, target: there };
  }
  return real === null ? { link: path.relative(base, full).split(path.sep).join('/'), target: null } : null;
}

/**
 * Real paths of folders already checked, by their full path, in a process that reads a whole
 * corpus (readFilesInLine): a document's files are then checked with one lstat each (is it a
 * link?) against its folder's real path, found once, instead of a realpath of every file (each
 * a readlink of every step of the path; measured 0.8 s of an export's 11 s on 10,000 documents).
 * Only a folder that is no link is kept, and only what is certainly inside is decided here:
 * a link anywhere on the way, or a path missing, goes the whole way (whereIs), as before.
 * The service never keeps it: there, a folder can be swapped for a link while it runs.
 */
const realFolders = new Map<string, string>();
/** Folders kept at most; documents are read in order, so a small memory suffices. */
const REAL_FOLDERS_KEPT = 4096;

/** Whether full (inside base by its letters) is certainly inside the project: every step from base is no link. */
function knownInside(base: string, realRoot: string, full: string): boolean {
  const real = realOfPlain(base, realRoot, full);
  return real !== null && within(realRoot, real);
}

/** The real path of p when no step of it below base is a link and all exist, else null. */
function realOfPlain(base: string, realRoot: string, p: string): string | null {
  if (p === base) return realRoot;
  const known = realFolders.get(p);
  if (known !== undefined) return known;
  const parent = path.dirname(p);
  if (parent === p || parent.length < base.length) return null;
  let info;
  try {
    info = lstatSync(p, { throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (info === undefined || info.isSymbolicLink()) return null;
  const realParent = realOfPlain(base, realRoot, parent);
  if (realParent === null) return null;
  const real = path.join(realParent, path.basename(p));
  if (info.isDirectory()) {
    if (realFolders.size >= REAL_FOLDERS_KEPT) realFolders.clear();
    realFolders.set(p, real);
  }
  return real;
}

/**
 * Where an absolute path really leads: the real path of its deepest existing part with the rest
 * after it (a dangling link followed to where it points); null for a loop of links.
 */
export function realLocation(full: string): string | null {
  const w = whereIs(path.resolve(full));
  return w === null ? null : path.join(w.real, w.missing);
}

/**
 * Where a path really is: the real path of its deepest existing part, and the part after it
 * that does not exist (joined with the platform's separator, '' when all of it exists). A
 * dangling link counts as where it points. null: a loop of links (or too many).
 */
function whereIs(full: string, depth = 0): { real: string; missing: string } | null {
  if (depth > 32) return null;
  let p = full;
  const rest: string[] = [];
  for (;;) {
    try {
      return { real: realpathSync.native(p), missing: joined(rest) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return null;
      // ENOENT, ENOTDIR, or a step that cannot be read (EACCES): look at the part before it.
      // A dangling link is followed to where it points: writing there would create that file.
      const info = code === 'ENOENT' ? lstatSync(p, { throwIfNoEntry: false }) : undefined;
      if (info?.isSymbolicLink()) {
        let target: string;
        try {
          target = readlinkSync(p);
        } catch {
          target = '';
        }
        if (target !== '') {
          const there = whereIs(path.resolve(path.dirname(p), target), depth + 1);
          return there === null ? null : { real: there.real, missing: joined([there.missing, ...rest]) };
        }
      }
      const parent = path.dirname(p);
      if (parent === p) return { real: p, missing: joined(rest) };
      rest.unshift(path.basename(p));
      p = parent;
    }
  }
}

const joined = (parts: string[]) => parts.filter((x) => x !== '').join(path.sep);

// ignoreBOM: a byte-order mark at the start is kept as the character U+FEFF, not silently
// dropped (TextDecoder's default), so that offsets into a text count it as Python's
// open(…, encoding="utf-8"), Java, Rust and every other plain UTF-8 reader do.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The byte-order mark as a character: what a text that starts with EF BB BF decodes to first. */
export const BOM = '\uFEFF';

/**
 * Decodes UTF-8 strictly: invalid bytes are an error that names the file, never U+FFFD. A
 * byte-order mark at the start is kept (as U+FEFF) for the caller to handle: a text keeps it
 * as its first character, a reader of JSON or of an interchange format drops it.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  // isUtf8 then Buffer's decoder: the same strict check, and the same text (a BOM kept), at
  // half the cost of a fatal TextDecoder (measured 0.5 s of an export's 11 s before).
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return utf8.decode(bytes);
  } catch {
    throw new FormatError(file, [`not valid UTF-8 (first bad byte at ${firstInvalidByte(bytes)})`]);
  }
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/**
 * fs.readFile with a callback, as a promise: for the many small files of a project it takes half
 * the time of fs/promises' readFile, which goes through a FileHandle (measured: 30,000 files of a
 * few KB in 0.53 s against 1.0 s).
 */
const readFile = promisify(readFileCallback);

/**
 * Whether readUtf8 reads in line (readFileSync) instead of through the thread pool. A process
 * that has nothing else to do while it reads (a command working through a whole corpus: no
 * requests to answer) asks for it: each asynchronous read is four hand-offs between the event
 * loop and the pool (open, fstat, read, close), and on 30,000 small files these cost more than
 * the reading (measured on `standoff validate`, 10,000 documents × 3 layers: 13.9 s of CPU
 * against 10.7 s in line, 43 s against 34 s of wall time with the machine's two cores busy).
 * The cost: reads from a cold, slow disk are no longer overlapped. The service never asks: its
 * event loop must stay free for requests.
 */
let inLine = false;

/**
 * Read files in line from now on, in this process (see above), and check each folder's place
 * once (realFolders): for the command line's whole-corpus commands only (and tests: `false`
 * goes back to the service's way).
 */
export function readFilesInLine(on = true): void {
  inLine = on;
  realFolders.clear();
}

/** A folder's entries (fs.readdir), in line when this process reads in line (readFilesInLine). */
export async function listDirectory(fullPath: string): Promise<string[]> {
  return inLine ? readdirSync(fullPath) : await readdir(fullPath);
}

/**
 * Reads a UTF-8 text file; a missing file is `null`, anything else unreadable throws naming the
 * file. A byte-order mark at the start is kept in a text (`.txt`: it is the character at offset
 * 0, as for any UTF-8 reader; `standoff validate` warns about it) and dropped elsewhere (JSON,
 * which RFC 8259 lets a reader ignore it in, and Markdown, where it is not content).
 */
export async function readUtf8(fullPath: string, displayName: string, bom: 'keep' | 'drop' = displayName.endsWith('.txt') ? 'keep' : 'drop'): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = inLine ? readFileSync(fullPath) : await readFile(fullPath);
  } catch (e) {
    return unread(e, displayName);
  }
  return textOf(bytes, displayName, bom);
}

/** A read that failed: null for a missing file, else the file named as unreadable. */
function unread(e: unknown, displayName: string): null {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
  throw new FormatError(displayName, [`cannot be read (${(e as Error).message})`], true);
}

function textOf(bytes: Uint8Array, displayName: string, bom: 'keep' | 'drop'): string {
  const text = decodeUtf8(bytes, displayName);
  return bom === 'drop' && text.startsWith(BOM) ? text.slice(1) : text;
}

/** Opening a file for reading, failing (ELOOP) when the file itself is a link; undefined where there is no such flag (Windows). */
const READ_NO_LINK = constants.O_NOFOLLOW === undefined ? undefined : constants.O_RDONLY | constants.O_NOFOLLOW;

/**
 * readUtf8(insideProject(root, relative), relative): a project's file (not a folder), read
 * after the same check that it stays inside the project. In a process that reads in line
 * (readFilesInLine), when the file's folder is known to be inside (realFolders), the file is
 * opened refusing a link (O_NOFOLLOW) instead of being looked at first (lstat): one system
 * call less per file (measured 0.2 s of each export worker's 4.9 s on 10,000 documents × 3
 * layers). A file that is a link goes the whole way (insideProject), as before.
 */
export async function readProjectFile(root: string, relative: string, bom: 'keep' | 'drop' = relative.endsWith('.txt') ? 'keep' : 'drop'): Promise<string | null> {
  if (inLine && READ_NO_LINK !== undefined) {
    const full = lexicallyInside(root, relative);
    const base = path.resolve(root);
    const realRoot = realRootOf(base);
    const folder = realOfPlain(base, realRoot, path.dirname(full));
    if (folder !== null && within(realRoot, folder)) {
      let bytes: Buffer | null = null;
      try {
        const fd = openSync(full, READ_NO_LINK);
        try {
          bytes = readFileSync(fd);
        } finally {
          closeSync(fd);
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ELOOP') return unread(e, relative);
      }
      if (bytes !== null) return textOf(bytes, relative, bom);
    }
  }
  return readUtf8(insideProject(root, relative), relative, bom);
}

/** When a file was last changed and how long it is; null if there is none. */
export type Stamp = { mtimeMs: number; size: number } | null;

export async function fileStamp(fullPath: string): Promise<Stamp> {
  try {
    const info = await stat(fullPath);
    return { mtimeMs: info.mtimeMs, size: info.size };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw e;
  }
}

export function sameStamp(a: Stamp, b: Stamp): boolean {
  return a === null || b === null ? a === b : a.mtimeMs === b.mtimeMs && a.size === b.size;
}
