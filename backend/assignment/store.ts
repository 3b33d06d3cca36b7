/**
 * Reading and writing `assignment.json` by the project's write rules (docs/DURABILITY.md): a
 * file that cannot be read is reported and never written over; a write goes through
 * `writeDurably` against the version read (compare-and-swap), so a version written meanwhile by
 * another program (a sync taking in another curator's change, a second window) is never lost:
 * the change is made again on that version instead.
 */
import { ApiError } from '../../shared/api/errors';
import { ASSIGNMENT_PATH, emptyAssignmentFile, parseAssignmentFile, serializeAssignmentFile, type AssignmentFile } from '../../shared/format/assignmentFile';
import { FormatError } from '../../shared/format/errors';
import { ChangedOnDisk, readWithHash, writeDurably } from '../project/durableFile';
import { decodeUtf8, insideProject } from '../project/files';

/** Times a change is made again on a version another program wrote meanwhile, before giving up. */
const ATTEMPTS = 5;

export interface ReadAssignment {
  file: AssignmentFile;
  /** Content hash of the file as read; null when there is none. */
  hash: string | null;
}

export class AssignmentStore {
  /** This process's changes, one at a time (the compare-and-swap catches other processes). */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * The last file parsed, by its content hash: at 100,000 documents zod's check of the file took
   * most of a team progress or queue request, and the file changes far less often than it is read.
   * Frozen, so that no caller can change what the next one is given.
   */
  private parsed: { hash: string; file: AssignmentFile } | null = null;

  constructor(readonly root: string) {}

  /** The file, or an empty assignment when there is none; unreadable: ApiError 'unreadable-file', saying why. */
  async read(): Promise<ReadAssignment> {
    const full = insideProject(this.root, ASSIGNMENT_PATH);
    let found;
    try {
      found = await readWithHash(full);
    } catch (e) {
      throw new ApiError('unreadable-file', `${ASSIGNMENT_PATH} cannot be read (${(e as Error).message})`, { file: ASSIGNMENT_PATH, problems: [(e as Error).message] });
    }
    if (!found) return { file: emptyAssignmentFile(), hash: null };
    if (this.parsed?.hash === found.hash) return { file: this.parsed.file, hash: found.hash };
    try {
      const file = deepFreeze(parseAssignmentFile(decodeUtf8(found.bytes, ASSIGNMENT_PATH).replace(/^\uFEFF/, ''), ASSIGNMENT_PATH));
      this.parsed = { hash: found.hash, file };
      return { file, hash: found.hash };
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      throw new ApiError('unreadable-file', `${ASSIGNMENT_PATH} could not be read, so the assignment is not used or changed: ${e.problems.join('; ')}. Fix the file (or take the version in git) and try again.`, {
        file: e.file,
        problems: e.problems,
      });
    }
  }

  /**
   * Changes the file: `change` gets the file as it is on disk and returns the new content (or
   * null: nothing to write). Made again on the newer version when another program wrote the
   * file between the read and the write. Resolves with what `change` returned last and whether
   * it was written.
   */
  update<T extends { file: AssignmentFile | null }>(change: (current: AssignmentFile) => T): Promise<T> {
    const run = this.queue.then(async () => {
      for (let attempt = 1; ; attempt++) {
        const { file, hash } = await this.read();
        const result = change(file);
        if (!result.file) return result;
        try {
          await writeDurably(insideProject(this.root, ASSIGNMENT_PATH), serializeAssignmentFile(result.file), hash);
          return result;
        } catch (e) {
          if (e instanceof ChangedOnDisk && attempt < ATTEMPTS) continue;
          if (e instanceof ChangedOnDisk) throw new ApiError('conflict', `${ASSIGNMENT_PATH} kept being changed by another program while this change was being written; nothing was written. Try again.`);
          throw new ApiError('io', `${ASSIGNMENT_PATH} could not be written (${(e as Error).message}); nothing was changed.`);
        }
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Freezes the file as parsed, so that no caller can change what the next one is given. Equal
 * lists of annotators become one shared list: a project has a few distinct lists ("layla",
 * "layla, tom"…) over its 100,000 documents, and an array each was about 6 MB kept.
 */
function deepFreeze(file: AssignmentFile): AssignmentFile {
  const lists = new Map<string, readonly string[]>();
  const documents = file.documents as Record<string, string[]>;
  for (const docId of Object.keys(documents)) {
    const annotators = documents[docId]!;
    const key = annotators.join('\n');
    let shared = lists.get(key);
    if (!shared) lists.set(key, (shared = Object.freeze(annotators)));
    documents[docId] = shared as string[];
  }
  Object.freeze(file.documents);
  if (file.plan) Object.freeze(file.plan.annotators);
  Object.freeze(file.plan);
  return Object.freeze(file);
}

/**
 * Whom the assignment expects on each document, for Review and Agreement: an empty map when
 * there is no assignment, or when the file cannot be read (validate reports that; review and
 * agreement go on without expectations rather than fail).
 */
export async function expectedAnnotators(root: string): Promise<ReadonlyMap<string, readonly string[]>> {
  try {
    return new Map(Object.entries((await new AssignmentStore(root).read()).file.documents));
  } catch (e) {
    if (e instanceof ApiError && e.code === 'unreadable-file') return new Map();
    throw e;
  }
}

/** What a layer must hold to count as work done: readable, and not empty (as Review's choice counts it). */
export function missingOf(expected: readonly string[] | undefined, layers: ReadonlyArray<{ annotator: string; spans: readonly unknown[]; relations: readonly unknown[]; finished?: boolean; error?: unknown }>): string[] {
  if (!expected?.length) return [];
  const usable = new Set(layers.filter((l) => !l.error && (l.spans.length > 0 || l.relations.length > 0 || l.finished)).map((l) => l.annotator));
  return expected.filter((a) => !usable.has(a));
}
