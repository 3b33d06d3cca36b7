/**
 * One small JSON file of the project read and changed by the project's write rules
 * (docs/DURABILITY.md), as AssignmentStore does for assignment.json: a file that cannot be read
 * is reported in words and never written over; a change is written with writeDurably against
 * the version read (compare-and-swap) and made again on a newer version another program wrote
 * meanwhile (a sync, a second window), so nobody's change is lost.
 */
import { ApiError } from '../../shared/api/errors';
import { FormatError } from '../../shared/format/errors';
import { ChangedOnDisk, readWithHash, writeDurably } from '../project/durableFile';
import { decodeUtf8, insideProject } from '../project/files';

const ATTEMPTS = 5;

export interface JsonFileKind<T> {
  /** What the file is, for messages: "the recommenders' settings". */
  what: string;
  empty(): T;
  parse(raw: string, file: string): T;
  serialize(value: T): string;
}

export class JsonFileStore<T> {
  /** This process's changes, one at a time (the compare-and-swap catches other processes). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly root: string,
    /** Relative to the project, with "/". */
    readonly rel: string,
    private readonly kind: JsonFileKind<T>,
  ) {}

  /** The file, or the empty value when there is none; unreadable: ApiError 'unreadable-file', saying why. */
  async read(): Promise<{ value: T; hash: string | null }> {
    let found;
    try {
      found = await readWithHash(insideProject(this.root, this.rel));
    } catch (e) {
      throw new ApiError('unreadable-file', `${this.rel} cannot be read (${(e as Error).message})`, { file: this.rel, problems: [(e as Error).message] });
    }
    if (!found) return { value: this.kind.empty(), hash: null };
    try {
      return { value: this.kind.parse(decodeUtf8(found.bytes, this.rel).replace(/^\uFEFF/, ''), this.rel), hash: found.hash };
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      throw new ApiError('unreadable-file', `${this.rel} (${this.kind.what}) could not be read, so it is neither used nor changed: ${e.problems.join('; ')}. Fix the file (or take the version in git) and try again.`, {
        file: e.file,
        problems: e.problems,
      });
    }
  }

  /**
   * Changes the file: `change` gets the value on disk and returns the new value, or null for
   * nothing to write. Made again on the newer version if another program wrote the file between
   * the read and the write. Resolves with the value as written (or as read, when unchanged).
   */
  update(change: (current: T) => T | null): Promise<T> {
    const run = this.queue.then(async () => {
      for (let attempt = 1; ; attempt++) {
        const { value, hash } = await this.read();
        const next = change(value);
        if (next === null) return value;
        try {
          await writeDurably(insideProject(this.root, this.rel), this.kind.serialize(next), hash);
          return next;
        } catch (e) {
          if (e instanceof ChangedOnDisk && attempt < ATTEMPTS) continue;
          if (e instanceof ChangedOnDisk) throw new ApiError('conflict', `${this.rel} kept being changed by another program while this change was being written; nothing was written. Try again.`);
          throw new ApiError('io', `${this.rel} could not be written (${(e as Error).message}); nothing was changed.`);
        }
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
