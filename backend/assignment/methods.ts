/**
 * The assignment room (issue 12, shared/api/assignment.ts, docs/TEAM.md): the curator's plan and
 * changes by hand, written to `assignment.json` (store.ts); an annotator's queue; the team's
 * progress. Only the curators named in team.json change the assignment; a project whose team
 * names nobody lets anyone change it.
 */
import { randomBytes } from 'node:crypto';
import type { AnnotatorProgress, Assignment, AssignmentChange, AssignmentPlan, DocumentProgress, Queue, TeamProgress, WorkStatus } from '../../shared/api/assignment';
import { ApiError } from '../../shared/api/errors';
import type { AssignmentFile } from '../../shared/format/assignmentFile';
import { AssignmentProblem, buildQueue, describePlan, describeReassign, listWords, planDocuments, reassignDocuments } from '../../shared/model/assignment';
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

  async queue({ annotator, after }: { annotator: string; after?: string }): Promise<Queue> {
    const { file } = await this.store.read();
    const entries: Array<{ docId: string; title: string | null; status: WorkStatus; spans: number }> = [];
    await this.eachWork(
      (d) => file.documents[d]?.includes(annotator) === true,
      (work) => entries.push({ docId: work.docId, title: work.title, status: statusOf(work, annotator), spans: work.layers.get(annotator)?.spans ?? 0 }),
      annotator,
    );
    return buildQueue(annotator, entries, after);
  }

  async team(): Promise<TeamProgress> {
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
    let unassigned = 0;
    await this.eachWork(() => true, (work) => {
      const docId = work.docId;
      const assigned = file.documents[docId] ?? [];
      if (!assigned.length) unassigned++;
      const status: Record<string, WorkStatus> = {};
      for (const a of [...new Set([...assigned, ...work.layers.keys()])].sort()) {
        const s = statusOf(work, a);
        status[a] = s;
        const t = of(a);
        t.spans += work.layers.get(a)?.spans ?? 0;
        if (assigned.includes(a)) t.assigned++;
        // Finished and in-progress work counts wherever it is; "not started" only where expected.
        if (s === 'finished') t.finished++;
        else if (s === 'in-progress') t.inProgress++;
        else if (assigned.includes(a)) t.notStarted++;
      }
      documents.push({ docId, title: work.title, assigned: [...assigned], status, adjudicated: work.adjudicated });
    });
    const names = [...tally.keys()].sort();
    const synced = await lastSyncs(this.project.root, names);
    return {
      annotators: names.map((a) => ({ annotator: a, ...tally.get(a)!, lastSync: synced[a] ?? null })),
      documents,
      unassigned,
      curators,
    };
  }

  /**
   * The work on every document `wanted` keeps, in id order, each handed to `visit`: from the
   * index when there is one (in one synchronous loop: at 100,000 documents a promise per
   * document, as an async generator makes, was a good part of the request's garbage), else
   * from the files.
   */
  private async eachWork(wanted: (docId: string) => boolean, visit: (work: DocumentWork) => void, only?: string): Promise<void> {
    if (this.indexed) {
      for (const entry of (await this.indexed()).values()) if (wanted(entry.id)) visit(workOfEntry(entry));
      return;
    }
    for await (const work of documentsWork(this.project, (await this.project.documents.ids()).filter(wanted), only)) visit(work);
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
