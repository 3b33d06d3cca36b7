/**
 * What an interrupted import, save or export leaves in a project folder, and how
 * `standoff validate --repair` cleans it up.
 *
 * Standoff writes every file under a temporary name beside it and renames it into place, and
 * imports a document into `documents/<id>.importing/` before renaming the folder; a process
 * killed in between (kill -9, a power cut, a crash) leaves the temporary behind. None of it is
 * ever read as part of the project, but `validate` reports it, and `--repair` removes it after
 * saying what it will remove. Backups that an interrupted annotation import kept
 * (`<file>.standoff-<pid>-<hex>.bak`) are never deleted blindly: one whose file is missing is
 * put back as that file; one that differs from its file is kept for the analyst to look at.
 *
 * What may still be in use by a running process is left alone: anything changed in the last
 * RECENT_MS, and anything whose name carries the id of a process running on this machine.
 */
import { link, lstat, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { documentId } from '../../shared/format/documentMeta';
import { layout } from '../../shared/format/layout';
import { insideProject, linkOutside, listDirectory } from './files';

/** Anything changed this recently may still be being written by another process. */
export const RECENT_MS = 30_000;
/** A process id in a name counts as "maybe still writing" only for a file at most this old (ids are reused). */
const PID_TRUSTED_MS = 60 * 60_000;
/** Where exports are suggested: its interrupted exports are looked for too (top level only). */
const EXPORTS_DIR = 'exports';

export type LeftoverKind = 'import' | 'temp' | 'backup' | 'export-part' | 'export-old';

export interface Leftover {
  /** Path relative to the project, "/"-separated. */
  file: string;
  kind: LeftoverKind;
  folder: boolean;
  /** The file it stands for (a temporary's or backup's target), relative to the project. */
  target?: string;
  /** backup, export-old: whether the target is there; for a backup, whether it holds the same bytes. */
  targetState?: 'missing' | 'same' | 'different';
  /** Why it may still be in use by a running process (then it is left alone). */
  inUse?: string;
  mtimeMs: number;
}

const TAG = String.raw`\.standoff-(\d+)-[0-9a-f]+`;
const OWN_FILE = String.raw`.+\.(?:json|txt|md)`;
/** Temporary file names, each with the target name (group 1) and, where there is one, the writing process id (group 2). */
const TEMP_NAMES: RegExp[] = [
  new RegExp(String.raw`^(.+)${TAG}\.tmp$`), // an annotation import's transaction: <file>.standoff-<pid>-<hex>.tmp
  new RegExp(String.raw`^\.(${OWN_FILE})\.(\d+)-[0-9a-zA-Z]+\.tmp$`), // a durable write: .<file>.<pid>-<random>.tmp
  new RegExp(String.raw`^(${OWN_FILE})\.(\d+)\.tmp$`), // the manifest's earlier writer: standoff.json.<pid>.tmp
  new RegExp(String.raw`^\.(${OWN_FILE})\.tmp$`), // steno's fixed name (earlier versions): .<file>.tmp
];
const BACKUP_NAME = new RegExp(String.raw`^(.+)${TAG}\.bak$`);
const EXPORT_PART = new RegExp(String.raw`^\.(.+)${TAG}\.part$`);
const EXPORT_OLD = new RegExp(String.raw`^\.(.+)${TAG}\.old$`);
const IMPORTING = /^(.+)\.importing$/;

/** Whether a process with this id runs on this machine (one we may not signal counts as running). */
function running(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

/**
 * Every leftover of interrupted work in the project, sorted by path: `documents/<id>.importing/`
 * folders, temporary files beside the files Standoff writes (the project folder, entities/,
 * documents/, each document's folder and annotations/), annotation-import backups, and the
 * parts of interrupted exports in exports/. Folders reached through a link out of the project
 * are not looked into (validate reports the link). `.standoff/` (seats and their locks) is not
 * looked at: a stale seat is no problem.
 */
export async function findLeftovers(root: string, now = Date.now()): Promise<Leftover[]> {
  const found: Leftover[] = [];
  const list = async (dir: string): Promise<string[]> => {
    try {
      if (dir !== '' && linkOutside(root, dir)) return [];
      return (await listDirectory(dir === '' ? path.resolve(root) : insideProject(root, dir))).sort();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw e;
    }
  };
  const at = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);
  /** The file's own information (not a link's target); null when it is not there, is a link, or leads out. */
  const info = async (file: string) => {
    try {
      const i = await lstat(insideProject(root, file));
      return i.isSymbolicLink() ? null : i;
    } catch {
      return null;
    }
  };
  const inUse = (mtimeMs: number, pid: string | undefined): string | undefined => {
    const age = now - mtimeMs;
    if (pid !== undefined && Number(pid) !== process.pid && age < PID_TRUSTED_MS && running(Number(pid))) return `process ${pid}, which wrote it, is still running`;
    if (pid !== undefined && Number(pid) === process.pid) return 'this process is writing it';
    if (age < RECENT_MS) return `it was changed ${seconds(age)} ago`;
    return undefined;
  };
  const sameBytes = async (a: string, b: string): Promise<boolean> => {
    try {
      const [x, y] = await Promise.all([readFile(insideProject(root, a)), readFile(insideProject(root, b))]);
      return x.equals(y);
    } catch {
      return false;
    }
  };

  const scan = async (dir: string, exportsDir = false) => {
    for (const name of await list(dir)) {
      const file = at(dir, name);
      let m: RegExpMatchArray | null;
      if (exportsDir) {
        if ((m = name.match(EXPORT_PART))) {
          const i = await info(file);
          if (i) found.push({ file, kind: 'export-part', folder: i.isDirectory(), target: at(dir, m[1]!), inUse: inUse(i.mtimeMs, m[2]), mtimeMs: i.mtimeMs });
        } else if ((m = name.match(EXPORT_OLD))) {
          const i = await info(file);
          const target = at(dir, m[1]!);
          if (i) found.push({ file, kind: 'export-old', folder: i.isDirectory(), target, targetState: (await info(target)) ? 'different' : 'missing', inUse: inUse(i.mtimeMs, m[2]), mtimeMs: i.mtimeMs });
        }
        continue;
      }
      if (dir === layout.documentsDir && (m = name.match(IMPORTING))) {
        const i = await info(file);
        if (i?.isDirectory()) found.push({ file, kind: 'import', folder: true, target: at(dir, m[1]!), inUse: inUse(i.mtimeMs, undefined), mtimeMs: i.mtimeMs });
        continue;
      }
      if ((m = name.match(BACKUP_NAME))) {
        const i = await info(file);
        if (!i?.isFile()) continue;
        const target = at(dir, m[1]!);
        const t = await info(target);
        const targetState = !t ? 'missing' : t.isFile() && (await sameBytes(file, target)) ? 'same' : 'different';
        found.push({ file, kind: 'backup', folder: false, target, targetState, inUse: inUse(i.mtimeMs, m[2]), mtimeMs: i.mtimeMs });
        continue;
      }
      const temp = TEMP_NAMES.map((re) => name.match(re)).find((x) => x !== null);
      if (temp) {
        const i = await info(file);
        if (i?.isFile()) found.push({ file, kind: 'temp', folder: false, target: at(dir, temp[1]!), inUse: inUse(i.mtimeMs, temp[2]), mtimeMs: i.mtimeMs });
      }
    }
  };

  await scan('');
  await scan(layout.entitiesDir);
  await scan(layout.documentsDir);
  for (const name of await list(layout.documentsDir)) {
    if (!documentId.safeParse(name).success || !(await info(layout.documentDir(name)))?.isDirectory()) continue;
    await scan(layout.documentDir(name));
    await scan(layout.annotationsDir(name));
  }
  await scan(EXPORTS_DIR, true);
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const REPAIR = '`standoff validate --repair`';

/** What validate says about a leftover, in words. */
export function leftoverProblem(l: Leftover): string {
  const target = l.target ? base(l.target) : '';
  const what = ((): string => {
    switch (l.kind) {
      case 'import':
        return `left by an interrupted import; ${REPAIR} removes it`;
      case 'temp':
        return `a temporary file left by an interrupted save of ${target}; ${REPAIR} removes it`;
      case 'export-part':
        return `part of an export to ${target} that was interrupted; ${REPAIR} removes it`;
      case 'export-old':
        return l.targetState === 'missing'
          ? `the earlier export ${target}, set aside by an export that was interrupted before the new one was in place; ${REPAIR} puts it back`
          : `the earlier export ${target}, replaced by a later export that was interrupted before removing it; ${REPAIR} removes it`;
      case 'backup':
        return l.targetState === 'missing'
          ? `the earlier ${target}, kept by an annotation import that was interrupted, and ${target} is missing; ${REPAIR} puts it back`
          : l.targetState === 'same'
            ? `a backup of ${target} left by an interrupted annotation import, the same as ${target}; ${REPAIR} removes it`
            : `a backup of ${target} left by an interrupted annotation import, with other content than ${target} has now; compare the two and delete this one by hand (${REPAIR} keeps it)`;
    }
  })();
  return l.inUse ? `${what} (not yet: it may still be in use, ${l.inUse})` : what;
}

export type RepairStep =
  | { action: 'remove'; leftover: Leftover }
  /** Renamed back as its target. */
  | { action: 'restore'; leftover: Leftover }
  | { action: 'keep'; leftover: Leftover; why: string };

export interface RepairPlan {
  root: string;
  steps: RepairStep[];
}

/** What `--repair` would do with each leftover; nothing is changed. */
export async function planRepair(root: string, now = Date.now()): Promise<RepairPlan> {
  const leftovers = await findLeftovers(root, now);
  const steps: RepairStep[] = [];
  // Of several backups of one missing file, the newest goes back; the others are kept.
  const restoring = new Map<string, Leftover>();
  for (const l of leftovers) {
    if ((l.kind === 'backup' || l.kind === 'export-old') && l.targetState === 'missing' && !l.inUse && l.target) {
      const other = restoring.get(l.target);
      if (!other || other.mtimeMs < l.mtimeMs) restoring.set(l.target, l);
    }
  }
  for (const l of leftovers) {
    if (l.inUse) steps.push({ action: 'keep', leftover: l, why: `it may still be in use (${l.inUse}); try again later` });
    else if (l.kind === 'import' || l.kind === 'temp' || l.kind === 'export-part') steps.push({ action: 'remove', leftover: l });
    else if (l.kind === 'export-old') steps.push(l.targetState !== 'missing' ? { action: 'remove', leftover: l } : restoring.get(l.target!) === l ? { action: 'restore', leftover: l } : { action: 'keep', leftover: l, why: `a newer earlier export of ${base(l.target!)} is put back instead` });
    else if (l.targetState === 'same') steps.push({ action: 'remove', leftover: l });
    else if (l.targetState === 'different') steps.push({ action: 'keep', leftover: l, why: `${base(l.target!)} has other content: compare the two, and delete this backup by hand when it is not needed` });
    else steps.push(restoring.get(l.target!) === l ? { action: 'restore', leftover: l } : { action: 'keep', leftover: l, why: `a newer backup of ${base(l.target!)} is put back instead` });
  }
  return { root, steps };
}

/** One line per step, as `--repair` lists them before asking. */
export function describeStep(step: RepairStep): string {
  const l = step.leftover;
  const shown = l.folder ? `${l.file}/` : l.file;
  const why: Record<LeftoverKind, string> = {
    import: 'left by an interrupted import',
    temp: 'a temporary file left by an interrupted save',
    'export-part': 'part of an interrupted export',
    'export-old': 'an earlier export an interrupted export set aside',
    backup: l.targetState === 'same' ? `a backup the same as ${base(l.target ?? '')}` : 'a backup left by an interrupted annotation import',
  };
  switch (step.action) {
    case 'remove':
      return `remove  ${shown} (${why[l.kind]})`;
    case 'restore':
      return `restore ${shown} as ${l.target} (${l.target} is missing)`;
    case 'keep':
      return `keep    ${shown}: ${step.why}`;
  }
}

export interface RepairOutcome {
  /** One line per thing done, in words. */
  done: string[];
  /** One line per step that could not be done, and why. */
  failed: string[];
}

/**
 * Carries out a plan: removes what it says to remove, puts back what it says to put back
 * (never over a file that has appeared meanwhile: a hard link, which fails if the name is
 * taken, then the backup's name removed), leaves the rest. Each path is checked again to be
 * in the project, and to be still there.
 */
export async function applyRepair(plan: RepairPlan): Promise<RepairOutcome> {
  const outcome: RepairOutcome = { done: [], failed: [] };
  for (const step of plan.steps) {
    if (step.action === 'keep') continue;
    const l = step.leftover;
    const shown = l.folder ? `${l.file}/` : l.file;
    try {
      const full = insideProject(plan.root, l.file);
      const now = await lstat(full).catch(() => null);
      if (!now || now.isSymbolicLink()) {
        outcome.done.push(`${shown} was gone already`);
        continue;
      }
      if (step.action === 'remove') {
        await rm(full, { recursive: true, force: true });
        outcome.done.push(`removed ${shown}`);
        continue;
      }
      const target = insideProject(plan.root, l.target!);
      if (l.folder) {
        if (await lstat(target).catch(() => null)) throw Object.assign(new Error(`${l.target} is there now`), { code: 'EEXIST' });
        await rename(full, target);
      } else {
        try {
          await link(full, target);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EEXIST' || code === 'ENOENT') throw e;
          // A file system without hard links: the same check, then a rename.
          if (await lstat(target).catch(() => null)) throw Object.assign(new Error(`${l.target} is there now`), { code: 'EEXIST' });
          await rename(full, target);
          outcome.done.push(`put ${shown} back as ${l.target}`);
          continue;
        }
        await unlink(full);
      }
      outcome.done.push(`put ${shown} back as ${l.target}`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      outcome.failed.push(code === 'EEXIST' ? `${shown}: not put back, ${l.target} has appeared meanwhile; it is kept` : `${shown}: ${(e as Error).message}`);
    }
  }
  return outcome;
}
