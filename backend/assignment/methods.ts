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
    private readonly indexed?: () => Promise<ReadonlyMap<string, IndexEntry>>,
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
   * `next`, keeping only each document's id; the page's rows alone are made.
   */
  async queue({ annotator, after, offset, limit }: { annotator: string; after?: string } & PageAsked): Promise<Queue> {
    const { file } = await this.store.read();
    const work = await this.work(annotator);
    const unfinished: string[] = [];
    const finished: string[] = [];
    /** The first unfinished document, the first after `after`, and where `after` is (-1: not in the queue). */
    const found = { first: null as string | null, next: null as string | null, afterSeen: false, afterDone: false, afterAt: -1 };
    await work.each(
      (d) => file.documents[d]?.includes(annotator) === true,
      (w) => {
        const done = statusOf(w, annotator) === 'finished';
        if (!done) {
          found.first ??= w.docId;
          if (found.afterSeen) found.next ??= w.docId;
        }
        if (w.docId === after) Object.assign(found, { afterSeen: true, afterDone: done, afterAt: (done ? finished : unfinished).length });
        (done ? finished : unfinished).push(w.docId);
      },
    );
    const left = unfinished.length;
    const total = left + finished.length;
    // As before paging (shared/model/assignment buildQueue): the first unfinished document after
    // `after`, going round to the start (`after` itself when it is the only one unfinished).
    const next = found.next ?? found.first;
    const position = found.afterAt < 0 ? -1 : found.afterDone ? left + found.afterAt : found.afterAt;
    const ids: string[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) ids.push(i < left ? unfinished[i]! : finished[i - left]!);
    const items: QueueItem[] = (await work.of(ids)).map((w) => ({ docId: w.docId, title: w.title, status: statusOf(w, annotator), spans: w.layers.get(annotator)?.spans ?? 0 }));
    return { annotator, items, offset, total, done: finished.length, left, next, position };
  }

  /**
   * The team's counts over the whole project and a page of its documents. Each document's work
   * is counted as it is visited and dropped; only the page's rows are kept.
   */
  async team({ offset, limit }: PageAsked): Promise<TeamProgress> {
    const { file } = await this.store.read();
    const curators = await this.curators();
    const documents: DocumentProgress[] = [];
    const tally = new Map<string, Omit<AnnotatorProgress, 'annotator' | 'lastSync'>>();
    const of = (a: string) => {
      let t = tally.get(a);
      if (!t) tally.set(a, (t = { assigned: 0, finished: 0, inProgress: 0, notStarted: 0, spans: 0 }));
      return t;
    };
    for (const a of file.plan?.annotators ?? []) of(a);
    let total = 0;
    let unassigned = 0;
    let finishedByAll = 0;
    let adjudicated = 0;
    await (await this.work()).each(() => true, (work) => {
      const docId = work.docId;
      const assigned = file.documents[docId] ?? [];
      if (!assigned.length) unassigned++;
      const onPage = total >= offset && total < offset + limit;
      total++;
      let allFinished = assigned.length > 0;
      // Everyone assigned, then everyone else with a layer (no list made: this runs for every document).
      const count = (a: string, expected: boolean) => {
        const s = statusOf(work, a);
        const t = of(a);
        t.spans += work.layers.get(a)?.spans ?? 0;
        if (expected) t.assigned++;
        if (expected && s !== 'finished') allFinished = false;
        // Finished and in-progress work counts wherever it is; "not started" only where expected.
        if (s === 'finished') t.finished++;
        else if (s === 'in-progress') t.inProgress++;
        else if (expected) t.notStarted++;
      };
      for (const a of assigned) count(a, true);
      for (const a of work.layers.keys()) if (!assigned.includes(a)) count(a, false);
      if (allFinished) finishedByAll++;
      if (work.adjudicated) adjudicated++;
      if (onPage) {
        const status: Record<string, WorkStatus> = {};
        for (const a of [...new Set([...assigned, ...work.layers.keys()])].sort()) status[a] = statusOf(work, a);
        documents.push({ docId, title: work.title, assigned: [...assigned], status, adjudicated: work.adjudicated });
      }
    });
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

  /**
   * Where the work is read from: the index when there is one, else the files (`only`: that
   * annotator's layers alone). `each` hands the work on every document `wanted` keeps to
   * `visit`, in id order; from the index it is one synchronous loop (at 100,000 documents a
   * promise per document, as an async generator makes, was a good part of a request's garbage),
   * and nothing is kept. `of` reads the given documents again (a page's rows).
   */
  private async work(only?: string): Promise<{ each: (wanted: (docId: string) => boolean, visit: (work: DocumentWork) => void) => void | Promise<void>; of: (docIds: readonly string[]) => Promise<DocumentWork[]> }> {
    if (this.indexed) {
      const entries = await this.indexed();
      return {
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
