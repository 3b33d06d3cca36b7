/**
 * The assignment room (issue 12, shared/api/assignment.ts, docs/TEAM.md): the curator's plan and
 * changes by hand, written to `assignment.json` (store.ts); an annotator's queue; the team's
 * progress. Only the curators named in team.json change the assignment; a project whose team
 * names nobody lets anyone change it.
 */
import { randomBytes } from 'node:crypto';
import type { AnnotatorProgress, Assignment, AssignmentChange, AssignmentPlan, DocumentProgress, PageAsked, Queue, QueueItem, TeamProgress, WorkStatus } from '../../shared/api/assignment';
import { ApiError } from '../../shared/api/errors';
import type { AssignmentFile } from '../../shared/format/assignmentFile';
import { AssignmentProblem, describePlan, describeReassign, listWords, planDocuments, reassignDocuments } from '../../shared/model/assignment';
import type { Project } from '../project/project';
import { lastSyncs } from './history';
import type { IndexEntry } from '../index/entry';
import { documentsWork, statusOf, workOfEntry, type DocumentWork } from './progress';
import { AssignmentStore } from './store';

export class AssignmentRoom {
  readonly store: AssignmentStore;
  /**
   * The last walk of every document for the team's counts, and the walks of annotators' queues,
   * made for one version of the index and one content of assignment.json (`key`; null: not kept).
   * At 100,000 documents a walk takes a fifth of a second: paging through the Team view or a queue
   * would pay it for every page.
   */
  private teamWalk: TeamWalk | null = null;
  private queues: { key: string | null; walks: Map<string, QueueWalk> } = { key: null, walks: new Map() };
  /** Walks of every document made so far (the tests: a page of a state already walked makes none). */
  walks = 0;

  constructor(
    private readonly project: Project,
    /** Who may change the assignment, as sync reads team.json (the last commit's, when shared); empty: anyone. */
    private readonly curators: () => Promise<string[]>,
    /** Told after each write, so that windows read the assignment again. */
    private readonly written: () => void = () => undefined,
    /**
     * The project index's entries, current (backend/index `currentEntries`): progress and queues
     * are made from them, without reading a layer file. Without it, every layer file is read.
     */
    private readonly indexed?: () => Promise<ReadonlyMap<string, IndexEntry> & { readonly version?: number }>,
  ) {
    this.store = new AssignmentStore(project.root);
  }

  async get(): Promise<Assignment> {
    return toAssignment((await this.store.read()).file);
  }

  async plan({ plan, by, dryRun }: { plan: AssignmentPlan; by: string; dryRun?: boolean }): Promise<AssignmentChange> {
    await this.mustBeCurator(by);
    const applied: AssignmentPlan = plan.order === 'random' && plan.seed === undefined ? { ...plan, seed: randomBytes(4).toString('hex') } : plan;
    const docIds = await this.project.documents.ids();
    const run = (current: AssignmentFile) => {
      const outcome = attempt(() => planDocuments(docIds, current.documents, applied));
      const next: AssignmentFile = { ...current, documents: outcome.documents, plan: applied, updated: new Date().toISOString(), updatedBy: by };
      let message = describePlan(outcome, dryRun);
      if (applied.order === 'random' && plan.seed === undefined) message += ` Seed ${applied.seed} (give it again to get the same plan).`;
      if (dryRun) message += ' Dry run: nothing was written.';
      return { file: dryRun ? null : next, next, changed: outcome.changed, message };
    };
    const result = dryRun ? run((await this.store.read()).file) : await this.store.update(run);
    if (!dryRun) this.written();
    return { assignment: toAssignment(result.next), changed: result.changed, message: result.message };
  }

  async reassign({ docIds, annotators, mode, by }: { docIds: string[]; annotators: string[]; mode: 'set' | 'add' | 'remove'; by: string }): Promise<AssignmentChange> {
    await this.mustBeCurator(by);
    const known = new Set(await this.project.documents.ids());
    const unknown = docIds.filter((d) => !known.has(d));
    if (unknown.length) {
      throw new ApiError('not-found', `No document ${unknown.slice(0, 5).map((d) => `"${d}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} in this project; nothing was changed.`);
    }
    const run = (current: AssignmentFile) => {
      const outcome = attempt(() => reassignDocuments(current.documents, docIds, annotators, mode));
      const next: AssignmentFile = { ...current, documents: outcome.documents, updated: new Date().toISOString(), updatedBy: by };
      const message = describeReassign(outcome.changed, new Set(docIds).size, [...new Set(annotators)].sort(), mode);
      return { file: outcome.changed === 0 ? null : next, next: outcome.changed ? next : current, changed: outcome.changed, message };
    };
    const result = await this.store.update(run);
    if (result.file) this.written();
    return { assignment: toAssignment(result.next), changed: result.changed, message: result.message };
  }

  /**
   * A page of one annotator's queue. The whole queue is walked for its counts, its order and
   * `next`, keeping only each document's id (kept while the index and the assignment stay as
   * they were: the next page then costs its rows); the page's rows alone are made.
   */
  async queue({ annotator, after, offset, limit }: { annotator: string; after?: string } & PageAsked): Promise<Queue> {
    const { file, hash } = await this.store.read();
    const work = await this.work(annotator);
    const key = work.version === undefined ? null : `${work.version}\n${hash}`;
    if (key === null || this.queues.key !== key) this.queues = { key, walks: new Map() };
    let walked = this.queues.walks.get(annotator);
    if (!walked) {
      walked = { unfinished: [], finished: [] };
      const into = walked;
      this.walks++;
      await work.each(
        (d) => file.documents[d]?.includes(annotator) === true,
        (w) => (statusOf(w, annotator) === 'finished' ? into.finished : into.unfinished).push(w.docId),
      );
      if (key !== null) {
        // A few annotators' queues at most (a window asks for its own; a curator may look at some).
        if (this.queues.walks.size >= KEPT_QUEUES) this.queues.walks.delete(this.queues.walks.keys().next().value!);
        this.queues.walks.set(annotator, walked);
      }
    }
    const { unfinished, finished } = walked;
    const left = unfinished.length;
    const total = left + finished.length;
    // Both lists are in id order. As before paging (shared/model/assignment buildQueue): the first
    // unfinished document after `after`, going round to the start (`after` itself when it is the
    // only one unfinished); `after` not in the queue: the first unfinished.
    const afterUnfinished = after === undefined ? -1 : sortedIndexOf(unfinished, after);
    const afterFinished = after === undefined || afterUnfinished >= 0 ? -1 : sortedIndexOf(finished, after);
    const afterSeen = afterUnfinished >= 0 || afterFinished >= 0;
    const nextAt = afterSeen ? firstAbove(unfinished, after!) : left;
    const next = nextAt < left ? unfinished[nextAt]! : (unfinished[0] ?? null);
    const position = afterUnfinished >= 0 ? afterUnfinished : afterFinished >= 0 ? left + afterFinished : -1;
    const ids: string[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) ids.push(i < left ? unfinished[i]! : finished[i - left]!);
    const items: QueueItem[] = (await work.of(ids)).map((w) => ({ docId: w.docId, title: w.title, status: statusOf(w, annotator), spans: w.layers.get(annotator)?.spans ?? 0 }));
    return { annotator, items, offset, total, done: finished.length, left, next, position };
  }

  /**
   * The team's counts over the whole project and a page of its documents. Each document's work
   * is counted as it is visited and dropped; only the counts and the ids are kept (while the
   * index and the assignment stay as they were: the next page then costs its rows).
   */
  async team({ offset, limit }: PageAsked): Promise<TeamProgress> {
    const { file, hash } = await this.store.read();
    const curators = await this.curators();
    const work = await this.work();
    const key = work.version === undefined ? null : `${work.version}\n${hash}`;
    const rowOf = (w: DocumentWork): DocumentProgress => {
      const assigned = file.documents[w.docId] ?? [];
      const status: Record<string, WorkStatus> = {};
      for (const a of [...new Set([...assigned, ...w.layers.keys()])].sort()) status[a] = statusOf(w, a);
      return { docId: w.docId, title: w.title, assigned: [...assigned], status, adjudicated: w.adjudicated };
    };
    let documents: DocumentProgress[] = [];
    let walked = key !== null && this.teamWalk?.key === key ? this.teamWalk : null;
    if (walked) {
      documents = (await work.of(walked.ids.slice(offset, offset + limit))).map(rowOf);
    } else {
      walked = { key, ...(await this.walkTeam(file, work, (at, w) => at >= offset && at < offset + limit && documents.push(rowOf(w)))) };
      this.teamWalk = key === null ? null : walked;
    }
    const { tally, total, unassigned, finishedByAll, adjudicated } = walked;
    const names = [...tally.keys()].sort();
    const synced = await lastSyncs(this.project.root, names);
    return {
      annotators: names.map((a) => ({ annotator: a, ...tally.get(a)!, lastSync: synced[a] ?? null })),
      documents,
      offset,
      total,
      unassigned,
      finishedByAll,
      adjudicated,
      curators,
    };
  }

  /** Every document's work counted for the team (`visit` sees each, with its place), and the ids in id order. */
  private async walkTeam(file: AssignmentFile, work: Work, visit: (at: number, work: DocumentWork) => void): Promise<Omit<TeamWalk, 'key'>> {
    this.walks++;
    const tally = new Map<string, Tally>();
    const of = (a: string) => {
      let t = tally.get(a);
      if (!t) tally.set(a, (t = { assigned: 0, finished: 0, inProgress: 0, notStarted: 0, spans: 0 }));
      return t;
    };
    for (const a of file.plan?.annotators ?? []) of(a);
    const ids: string[] = [];
    let unassigned = 0;
    let finishedByAll = 0;
    let adjudicated = 0;
    await work.each(() => true, (w) => {
      const docId = w.docId;
      const assigned = file.documents[docId] ?? [];
      if (!assigned.length) unassigned++;
      visit(ids.length, w);
      ids.push(docId);
      let allFinished = assigned.length > 0;
      // Everyone assigned, then everyone else with a layer (no list made: this runs for every document).
      const count = (a: string, expected: boolean) => {
        const s = statusOf(w, a);
        const t = of(a);
        t.spans += w.layers.get(a)?.spans ?? 0;
        if (expected) t.assigned++;
        if (expected && s !== 'finished') allFinished = false;
        // Finished and in-progress work counts wherever it is; "not started" only where expected.
        if (s === 'finished') t.finished++;
        else if (s === 'in-progress') t.inProgress++;
        else if (expected) t.notStarted++;
      };
      for (const a of assigned) count(a, true);
      for (const a of w.layers.keys()) if (!assigned.includes(a)) count(a, false);
      if (allFinished) finishedByAll++;
      if (w.adjudicated) adjudicated++;
    });
    return { tally, ids, total: ids.length, unassigned, finishedByAll, adjudicated };
  }

  /**
   * Where the work is read from: the index when there is one, else the files (`only`: that
   * annotator's layers alone). `each` hands the work on every document `wanted` keeps to
   * `visit`, in id order; from the index it is one synchronous loop (at 100,000 documents a
   * promise per document, as an async generator makes, was a good part of a request's garbage),
   * and nothing is kept. `of` reads the given documents again (a page's rows). `version`: the
   * index's, when the work comes from it (the same version, the same work); none from the files.
   */
  private async work(only?: string): Promise<Work> {
    if (this.indexed) {
      const entries = await this.indexed();
      return {
        version: entries.version,
        each: (wanted, visit) => {
          for (const entry of entries.values()) if (wanted(entry.id)) visit(workOfEntry(entry));
        },
        of: async (docIds) => docIds.flatMap((id) => {
          const entry = entries.get(id);
          return entry ? [workOfEntry(entry)] : [];
        }),
      };
    }
    const ids = await this.project.documents.ids();
    const read = async (docIds: readonly string[]) => {
      const out: DocumentWork[] = [];
      for await (const w of documentsWork(this.project, docIds, only)) out.push(w);
      return out;
    };
    return {
      each: async (wanted, visit) => {
        for await (const w of documentsWork(this.project, ids.filter(wanted), only)) visit(w);
      },
      of: read,
    };
  }

  /** Refuses, in words, anyone but a curator when team.json names curators. */
  private async mustBeCurator(by: string): Promise<void> {
    const curators = await this.curators();
    if (curators.length === 0 || curators.includes(by)) return;
    const who = curators.length === 1 ? `the curator (${curators[0]})` : `the curators (${listWords(curators)})`;
    throw new ApiError(
      'bad-request',
      `Only ${who} can change the assignment, and ${by} is not named as a curator in team.json. Nothing was changed; ask ${curators.length === 1 ? curators[0] : 'a curator'} to make this change.`,
    );
  }
}

/** Queues whose walk is kept at once. */
const KEPT_QUEUES = 4;

type Tally = Omit<AnnotatorProgress, 'annotator' | 'lastSync'>;

interface TeamWalk {
  key: string | null;
  tally: Map<string, Tally>;
  /** Every document, in id order (the table's own strings: an array of pointers). */
  ids: string[];
  total: number;
  unassigned: number;
  finishedByAll: number;
  adjudicated: number;
}

/** An annotator's queue: the documents assigned to them, unfinished and finished, each in id order. */
interface QueueWalk {
  unfinished: string[];
  finished: string[];
}

interface Work {
  version?: number;
  each: (wanted: (docId: string) => boolean, visit: (work: DocumentWork) => void) => void | Promise<void>;
  of: (docIds: readonly string[]) => Promise<DocumentWork[]>;
}

/** Where `id` is in a list sorted by id (code units, as the index orders ids), or -1. */
function sortedIndexOf(ids: readonly string[], id: string): number {
  const at = firstAbove(ids, id) - 1;
  return at >= 0 && ids[at] === id ? at : -1;
}

/** The first place in a list sorted by id whose id is greater than `id` (the list's length when none). */
function firstAbove(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function toAssignment(file: AssignmentFile): Assignment {
  return { documents: file.documents, plan: file.plan, updated: file.updated, updatedBy: file.updatedBy };
}

/** Runs the pure planning, turning its refusal into one the doors show. */
function attempt<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof AssignmentProblem) throw new ApiError('bad-request', e.message);
    throw e;
  }
}
