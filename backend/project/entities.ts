import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { EntityInput, FileProblem } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { EntityRegistry, newEntityId, withRecord, type Entity } from '../../shared/entities';
import { annotatorId } from '../../shared/format/annotationFile';
import { emptyEntityFile, parseEntityFile, serializeEntityFile, type EntityFile, type EntityRecord } from '../../shared/format/entityFile';
import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { ChangedOnDisk } from './durableFile';
import { fileStamp, insideProject, sameStamp, type Stamp } from './files';
import { StandoffJsonAdapter } from './jsonFileAdapter';

interface RegistryFile {
  db: Low<EntityFile>;
  stamp: Stamp;
}

/**
 * The project's entity registry: every annotator's `entities/<annotator>.json`, merged. Each
 * annotator writes only their own file. Before each read of the registry the folder is
 * checked (one listing, one stat per file) and files changed on disk (a sync, a git pull,
 * another window) are read again, so the merged view follows what others write.
 */
export class EntityStore {
  private readonly files = new Map<string, RegistryFile>();
  private readonly problems = new Map<string, FileProblem>();
  private merged: EntityRegistry | null = null;
  /** Saves run one after another (they are rare; one queue keeps them simple). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly root: string) {}

  /** The merged registry as the files on disk hold it now. */
  async registry(): Promise<EntityRegistry> {
    if (await this.refresh()) this.merged = null;
    this.merged ??= EntityRegistry.fromFiles([...this.files.values()].map((f) => f.db.data));
    return this.merged;
  }

  async fileProblems(): Promise<FileProblem[]> {
    await this.refresh();
    return [...this.problems.values()].map(({ file, problems }) => ({ file, problems }));
  }

  /** Creates or changes an entity in the annotator's own file; returns it as the merged registry now shows it. */
  save(annotator: string, input: EntityInput): Promise<Entity> {
    const run = this.queue.then(() => this.saveNow(annotator, input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async saveNow(annotator: string, input: EntityInput): Promise<Entity> {
    const registry = await this.registry();
    const file = layout.entities(annotator);
    const problem = this.problems.get(file);
    if (problem) throw new ApiError('unreadable-file', `${file} could not be read, so it is not being changed: ${problem.problems.join('; ')}`, problem);
    if (input.id && !registry.get(input.id)) throw new ApiError('not-found', `no entity "${input.id}" in the registry`);
    if (input.mergedInto) {
      if (!registry.get(input.mergedInto)) throw new ApiError('not-found', `no entity "${input.mergedInto}" to merge into`);
      if (input.id && registry.has(input.id) && registry.resolve(input.mergedInto).id === registry.resolve(input.id).id && input.mergedInto !== registry.get(input.id)?.mergedInto) {
        throw new ApiError('conflict', `"${input.id}" and "${input.mergedInto}" are already one entity`);
      }
    }
    const id = input.id ?? newEntityId(input.name, (candidate) => registry.get(candidate) !== undefined);
    const name = input.name.trim();
    const ownFile = this.files.get(file)?.db.data;
    const ownBefore = ownFile?.entities.find((e) => e.id === id);
    // Another annotator's alias stays in their file: it is not copied into this one (so that
    // their removing it removes it), unless this annotator had it already.
    const theirs = new Set<string>();
    for (const [f, other] of this.files) if (f !== file) for (const a of other.db.data.entities.find((e) => e.id === id)?.aliases ?? []) theirs.add(a.normalize('NFC'));
    const mine = new Set((ownBefore?.aliases ?? []).map((a) => a.normalize('NFC')));
    const aliases = [...new Set(input.aliases.map((a) => a.trim()).filter((a) => a && a !== name))].filter((a) => mine.has(a.normalize('NFC')) || !theirs.has(a.normalize('NFC')));
    // Hidden only: what another annotator's file lists (one's own alias is removed, not hidden).
    const hidden = input.hiddenAliases?.map((a) => a.trim()).filter((a) => theirs.has(a.normalize('NFC')) && !aliases.includes(a));
    const merged = input.id ? registry.get(input.id) : undefined;
    const same = (a: EntityRecord | Entity | undefined) =>
      a !== undefined && a.name === name && (a.kind ?? '') === (input.kind ?? '') && (a.notes ?? '') === (input.notes ?? '') && (a.mergedInto ?? '') === (input.mergedInto ?? '');
    // Nothing of the entity changes (only what is hidden): no record is written, or the one there stays as it is.
    const recordUnchanged = hidden !== undefined && (ownBefore ? same(ownBefore) && sameList(ownBefore.aliases, aliases) : same(merged) && aliases.length === 0);
    const record: EntityRecord = {
      id,
      name,
      ...(input.kind ? { kind: input.kind } : {}),
      aliases,
      ...(input.notes ? { notes: input.notes } : {}),
      ...(input.mergedInto ? { mergedInto: input.mergedInto } : {}),
      updated: new Date().toISOString(),
    };
    const fullPath = insideProject(this.root, file);
    // Written over the version read, never over another program's: if the file changed since,
    // it is read again and the record put into that version (records are whole entities).
    for (let attempt = 0; ; attempt++) {
      const own = this.files.get(file) ?? this.openFile(annotator, null);
      const before = own.db.data;
      let next = recordUnchanged ? before : withRecord(before, record);
      if (hidden !== undefined) next = withHidden(next, id, hidden);
      own.db.data = next;
      try {
        await mkdir(path.dirname(fullPath), { recursive: true });
        await own.db.write();
        own.stamp = await fileStamp(fullPath);
        this.files.set(file, own);
        break;
      } catch (e) {
        own.db.data = before;
        if (e instanceof ChangedOnDisk && attempt < 3) {
          this.files.delete(file);
          await this.refresh();
          const problem = this.problems.get(file);
          if (problem) throw new ApiError('unreadable-file', `${file} was changed by another program and can no longer be read; Standoff will not write over it: ${problem.problems.join('; ')}`, problem);
          continue;
        }
        if (e instanceof ChangedOnDisk) throw new ApiError('conflict', `${file} keeps being changed by another program; the entity was not saved. Try again when it has finished.`);
        throw new ApiError('io', `could not save ${file}: ${(e as Error).message}`);
      }
    }
    this.merged = null;
    return (await this.registry()).get(id)!;
  }

  private openFile(annotator: string, stamp: Stamp): RegistryFile {
    const file = layout.entities(annotator);
    const adapter = new StandoffJsonAdapter(insideProject(this.root, file), file, parseEntityFile, serializeEntityFile);
    return { db: new Low<EntityFile>(adapter, emptyEntityFile(annotator)), stamp };
  }

  /** Forgets what was read of a file, so that the next read takes it afresh (the watcher saw it change). */
  invalidate(annotator: string): void {
    const file = layout.entities(annotator);
    this.files.delete(file);
    this.problems.delete(file);
    this.merged = null;
  }

  /** Reads files that are new or changed on disk and forgets removed ones; true if anything changed. */
  private async refresh(): Promise<boolean> {
    let names: string[];
    try {
      names = await readdir(insideProject(this.root, layout.entitiesDir));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      names = [];
    }
    const present = new Set<string>();
    let changed = false;
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const annotator = name.slice(0, -5);
      if (!annotatorId.safeParse(annotator).success) continue;
      const file = layout.entities(annotator);
      present.add(file);
      const stamp = await fileStamp(insideProject(this.root, file));
      const known = this.files.get(file);
      const knownProblem = this.problems.get(file) as (FileProblem & { stamp?: Stamp }) | undefined;
      if (known && sameStamp(known.stamp, stamp)) continue;
      if (knownProblem && sameStamp(knownProblem.stamp ?? null, stamp)) continue;
      changed = true;
      const opened = this.openFile(annotator, stamp);
      try {
        await opened.db.read();
        if (opened.db.data.annotator !== annotator) throw new FormatError(file, [`says it belongs to "${opened.db.data.annotator}", not to ${annotator}`]);
        this.files.set(file, opened);
        this.problems.delete(file);
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        this.files.delete(file);
        // Remembered with the file's stamp: read again only once it changes.
        this.problems.set(file, Object.assign({ file: e.file, problems: e.problems }, { stamp }));
      }
    }
    for (const file of [...this.files.keys(), ...this.problems.keys()]) {
      if (present.has(file)) continue;
      this.files.delete(file);
      this.problems.delete(file);
      changed = true;
    }
    return changed;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The file with `aliases` as the aliases of entity `id` it hides (none: the entry goes). Pure. */
function withHidden(file: EntityFile, id: string, aliases: readonly string[]): EntityFile {
  const hiddenAliases = { ...(file.hiddenAliases ?? {}) };
  if (aliases.length) hiddenAliases[id] = [...new Set(aliases)];
  else delete hiddenAliases[id];
  const { hiddenAliases: _old, ...rest } = file;
  return Object.keys(hiddenAliases).length ? { ...rest, hiddenAliases } : rest;
}
