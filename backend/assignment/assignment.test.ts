/**
 * The assignment through the service, on real project folders: the file written and read back,
 * the curator rule of team.json, a file that cannot be read left as it is, a version written by
 * another program meanwhile kept, queues and team progress from real layers, and the last sync
 * of each annotator from a real shared history (a bare repository on disk).
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../tests/support/rejection';
import { spanOver } from '../../tests/support/spans';
import { GOLD, parseAnnotationFile, serializeAnnotationFile } from '../../shared/format/annotationFile';
import { parseAssignmentFile, serializeAssignmentFile } from '../../shared/format/assignmentFile';
import { layout } from '../../shared/format/layout';
import { assignmentSchemas, type AssignmentPlan } from '../../shared/api/assignment';
import { Project } from '../project/project';
import { StandoffService } from '../service';
import { AssignmentRoom } from './methods';
import { AssignmentStore } from './store';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');
const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];
/** A page holding every document of the sample. */
const ALL = { offset: 0, limit: 1000 };
const plan: AssignmentPlan = { annotators: ['layla', 'tom'], perDocument: 1, overlapShare: 0.4, overlapPerDocument: 2, order: 'in-order' };

const temps: string[] = [];
const services: StandoffService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'standoff-assign-'));
  temps.push(root);
  // The sample's texts without its annotation layers: nobody has started.
  await cp(SAMPLE, root, { recursive: true, filter: (src) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations') });
});

async function open(dir = root): Promise<StandoffService> {
  const service = await StandoffService.open(dir);
  services.push(service);
  return service;
}

const onDisk = async (dir = root) => parseAssignmentFile(await readFile(path.join(dir, 'assignment.json'), 'utf8'));

describe('assignment through the service', () => {
  it('a plan is written to assignment.json and read back; a dry run writes nothing', async () => {
    const service = await open();
    expect(await service.getAssignment()).toEqual({ documents: {}, plan: null, updated: null, updatedBy: null });

    const dry = await service.planAssignment({ plan, by: 'layla', dryRun: true });
    expect(dry.message).toBe('5 documents would be assigned: 3 to one annotator, 2 to two (documents each: layla 4, tom 3). Dry run: nothing was written.');
    await expect(readFile(path.join(root, 'assignment.json'))).rejects.toThrow(/ENOENT/);

    const { cursor } = await service.watchProject({});
    const done = await service.planAssignment({ plan, by: 'layla' });
    expect(done.changed).toBe(5);
    expect(done.assignment.documents).toEqual(dry.assignment.documents);
    const file = await onDisk();
    expect(file.documents).toEqual(done.assignment.documents);
    expect(file.plan).toEqual(plan);
    expect(file.updatedBy).toBe('layla');
    expect(Date.now() - Date.parse(file.updated!)).toBeLessThan(60_000);
    // Another service (the next command, another window) reads the same.
    expect(await (await open()).getAssignment()).toEqual(done.assignment);
    // The windows are told.
    expect((await service.watchProject({ cursor, timeoutMs: 0 })).events).toContainEqual({ kind: 'assignment' });

    // Planning again keeps what is assigned: nothing changes.
    const again = await service.planAssignment({ plan, by: 'layla' });
    expect(again.changed).toBe(0);
    expect(again.message).toBe('No document was assigned: every document already has its annotators.');
  });

  it('a random plan without a seed gets one, stored, that gives the same plan again', async () => {
    const service = await open();
    const first = await service.planAssignment({ plan: { ...plan, annotators: ['amira', 'layla', 'tom'], order: 'random' }, by: 'layla' });
    const seed = first.assignment.plan!.seed!;
    expect(seed).toMatch(/^[0-9a-f]{8}$/);
    expect(first.message).toContain(`Seed ${seed}`);
    const replay = await service.planAssignment({ plan: { ...first.assignment.plan!, keepExisting: false }, by: 'layla', dryRun: true });
    expect(replay.assignment.documents).toEqual(first.assignment.documents);
  });

  it('set, add and remove by hand; an unknown document is refused and nothing written', async () => {
    const service = await open();
    await service.planAssignment({ plan, by: 'layla' });
    const before = await readFile(path.join(root, 'assignment.json'), 'utf8');
    const refused = await rejection(service.reassign({ docIds: [IDS[0]!, 'nope'], annotators: ['tom'], mode: 'set', by: 'layla' }));
    expect(refused.code).toBe('not-found');
    expect(refused.message).toBe('No document "nope" in this project; nothing was changed.');
    expect(await readFile(path.join(root, 'assignment.json'), 'utf8')).toBe(before);

    const added = await service.reassign({ docIds: [IDS[0]!, IDS[1]!], annotators: ['amira'], mode: 'add', by: 'layla' });
    expect(added.message).toBe('amira added to 2 documents.');
    expect((await onDisk()).documents[IDS[0]!]).toContain('amira');
    const removed = await service.reassign({ docIds: [IDS[0]!], annotators: ['amira', 'layla', 'tom'], mode: 'remove', by: 'layla' });
    expect(removed.changed).toBe(1);
    expect((await onDisk()).documents[IDS[0]!]).toBeUndefined();
    expect((await service.teamProgress(ALL)).unassigned).toBe(1);
  });

  it('only a curator named in team.json changes the assignment; the refusal says why and who can', async () => {
    await writeFile(path.join(root, 'team.json'), '{ "formatVersion": 1, "curators": ["layla"] }\n');
    const service = await open();
    for (const attempt of [
      () => service.planAssignment({ plan, by: 'tom' }),
      () => service.planAssignment({ plan, by: 'tom', dryRun: true }),
      () => service.reassign({ docIds: [IDS[0]!], annotators: ['tom'], mode: 'set', by: 'tom' }),
    ]) {
      const e = await rejection(attempt());
      expect(e.code).toBe('bad-request');
      expect(e.message).toBe('Only the curator (layla) can change the assignment, and tom is not named as a curator in team.json. Nothing was changed; ask layla to make this change.');
    }
    await expect(readFile(path.join(root, 'assignment.json'))).rejects.toThrow(/ENOENT/);
    expect((await service.planAssignment({ plan, by: 'layla' })).changed).toBe(5);
    expect((await service.teamProgress(ALL)).curators).toEqual(['layla']);
  });

  it('a file that cannot be read is reported and never written over', async () => {
    const broken = '{ "formatVersion": 1, "documents": { "000_121e11c80b4a277e": ["tom"] ';
    await writeFile(path.join(root, 'assignment.json'), broken);
    const service = await open();
    for (const attempt of [
      () => service.getAssignment(),
      () => service.planAssignment({ plan, by: 'layla' }),
      () => service.reassign({ docIds: [IDS[0]!], annotators: ['tom'], mode: 'add', by: 'layla' }),
      () => service.teamProgress(ALL),
      () => service.myQueue({ annotator: 'tom', ...ALL }),
    ]) {
      const e = await rejection(attempt());
      expect(e.code).toBe('unreadable-file');
      expect(e.message).toMatch(/^assignment\.json could not be read, so the assignment is not used or changed: not valid JSON/);
      expect(e.problem?.file).toBe('assignment.json');
    }
    expect(await readFile(path.join(root, 'assignment.json'), 'utf8')).toBe(broken);
    // Review keeps working without it.
    expect((await service.reviewProgress()).documents).toHaveLength(5);
    expect((await service.validateProject()).problems.find((p) => p.file === 'assignment.json')?.problems[0]).toMatch(/not valid JSON/);
  });

  it('a version written by another program meanwhile is kept: the change is made again on it', async () => {
    const store = new AssignmentStore(root);
    let calls = 0;
    const result = await store.update((current) => {
      calls++;
      if (calls === 1) {
        // Between this read and the write, a sync brings another curator's change in.
        const theirs = serializeAssignmentFile({ ...current, documents: { [IDS[4]!]: ['amira'] } });
        execFileSync(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(path.join(root, 'assignment.json'))}, ${JSON.stringify(theirs)})`]);
      }
      return { file: { ...current, documents: { ...current.documents, [IDS[0]!]: ['tom'] } } };
    });
    expect(calls).toBe(2);
    expect(result.file?.documents).toEqual({ [IDS[4]!]: ['amira'], [IDS[0]!]: ['tom'] });
    expect((await onDisk()).documents).toEqual({ [IDS[0]!]: ['tom'], [IDS[4]!]: ['amira'] });
  });

  it('queues and team progress follow the annotators’ real layers', async () => {
    const service = await open();
    await service.planAssignment({ plan: { ...plan, overlapShare: 0 }, by: 'layla' }); // in order: layla 0, 2, 4; tom 1, 3
    expect((await service.getAssignment()).documents).toEqual({ [IDS[0]!]: ['layla'], [IDS[1]!]: ['tom'], [IDS[2]!]: ['layla'], [IDS[3]!]: ['tom'], [IDS[4]!]: ['layla'] });

    const tag = async (docId: string, annotator: string, id: string) => {
      const { text } = await service.openDocument({ docId });
      const word = /\b[A-Z][a-z]{3,}\b/.exec(text)![0];
      await service.applyEdits({ docId, annotator, edits: [{ op: 'add', span: spanOver(text, word, id) }] });
    };
    await tag(IDS[0]!, 'layla', 's1');
    await service.setFinished({ docId: IDS[0]!, annotator: 'layla', finished: true });
    await tag(IDS[2]!, 'layla', 's2');
    await tag(IDS[1]!, 'amira', 's3'); // amira works on a document nobody gave her

    const queue = await service.myQueue({ annotator: 'layla', ...ALL });
    expect(queue.items.map((i) => [i.docId, i.status, i.spans])).toEqual([
      [IDS[2], 'in-progress', 1],
      [IDS[4], 'not-started', 0],
      [IDS[0], 'finished', 1],
    ]);
    expect([queue.done, queue.left, queue.next]).toEqual([1, 2, IDS[2]]);
    expect((await service.myQueue({ annotator: 'layla', after: IDS[2]!, ...ALL })).next).toBe(IDS[4]);
    expect((await service.myQueue({ annotator: 'layla', after: IDS[4]!, ...ALL })).next).toBe(IDS[2]);
    expect((await service.myQueue({ annotator: 'nobody', ...ALL })).items).toEqual([]);

    const team = await service.teamProgress(ALL);
    expect(team.annotators).toEqual([
      { annotator: 'amira', assigned: 0, finished: 0, inProgress: 1, notStarted: 0, spans: 1, lastSync: null },
      { annotator: 'layla', assigned: 3, finished: 1, inProgress: 1, notStarted: 1, spans: 2, lastSync: null },
      { annotator: 'tom', assigned: 2, finished: 0, inProgress: 0, notStarted: 2, spans: 0, lastSync: null },
    ]);
    expect(team.documents[1]).toEqual({ docId: IDS[1], title: 'Information leaks and propaganda war', assigned: ['tom'], status: { amira: 'in-progress', tom: 'not-started' }, adjudicated: false });
    expect(team.unassigned).toBe(0);
  });

  it('team progress and queues come a page at a time, with the counts of the whole project', async () => {
    const service = await open();
    await service.planAssignment({ plan: { ...plan, overlapShare: 0 }, by: 'layla' }); // in order: layla 0, 2, 4; tom 1, 3
    const { text } = await service.openDocument({ docId: IDS[0]! });
    await service.applyEdits({ docId: IDS[0]!, annotator: 'layla', edits: [{ op: 'add', span: spanOver(text, /\b[A-Z][a-z]{3,}\b/.exec(text)![0], 's1') }] });
    await service.setFinished({ docId: IDS[0]!, annotator: 'layla', finished: true });
    const whole = await service.teamProgress(ALL);

    // The matrix's second and third rows: those two documents only, the counts unchanged.
    const page = await service.teamProgress({ offset: 1, limit: 2 });
    expect(page.documents).toEqual(whole.documents.slice(1, 3));
    expect(page.documents.map((d) => d.docId)).toEqual([IDS[1], IDS[2]]);
    expect([page.offset, page.total, page.unassigned, page.finishedByAll, page.adjudicated]).toEqual([1, 5, 0, 1, 0]);
    expect(page.annotators).toEqual(whole.annotators);
    // The counts alone (the command line's table): no row.
    expect((await service.teamProgress({ offset: 0, limit: 0 })).documents).toEqual([]);
    expect((await service.teamProgress({ offset: 5, limit: 100 })).documents).toEqual([]);

    // layla's queue is 2, 4 unfinished, then 0 finished: its second page of one is document 4.
    const second = await service.myQueue({ annotator: 'layla', offset: 1, limit: 1 });
    expect(second.items.map((i) => [i.docId, i.status])).toEqual([[IDS[4], 'not-started']]);
    expect([second.offset, second.total, second.done, second.left, second.next, second.position]).toEqual([1, 3, 1, 2, IDS[2], -1]);
    const finished = await service.myQueue({ annotator: 'layla', after: IDS[0]!, offset: 2, limit: 5 });
    expect(finished.items.map((i) => [i.docId, i.status, i.spans])).toEqual([[IDS[0], 'finished', 1]]);
    expect([finished.position, finished.next]).toEqual([2, IDS[2]]);
    expect((await service.myQueue({ annotator: 'layla', after: IDS[4]!, offset: 0, limit: 0 })).position).toBe(1);

    // A page is bounded as the document list's are: more than 1,000 rows at once is refused.
    expect(assignmentSchemas.teamProgress.safeParse({ offset: 0, limit: 1001 }).success).toBe(false);
    expect(assignmentSchemas.myQueue.safeParse({ annotator: 'layla', offset: 0, limit: 1001 }).success).toBe(false);
    expect(assignmentSchemas.teamProgress.safeParse({ offset: 0, limit: 1000 }).success).toBe(true);
  });

  it('paging a state already counted walks no document again; a save or a reassignment is counted on the next page', async () => {
    const service = await open();
    await service.planAssignment({ plan: { ...plan, overlapShare: 0 }, by: 'layla' }); // in order: layla 0, 2, 4; tom 1, 3
    const room = (service as unknown as { assignment: AssignmentRoom }).assignment;
    // What reading every layer file says (a room without an index, nothing kept).
    const fromFiles = async () => {
      const files = new AssignmentRoom(await Project.open(root), async () => []);
      return { team: await files.team(ALL), layla: await files.queue({ annotator: 'layla', ...ALL }) };
    };
    const first = await service.teamProgress({ offset: 0, limit: 2 });
    await service.myQueue({ annotator: 'layla', offset: 0, limit: 1 });
    const walks = room.walks;
    const second = await service.teamProgress({ offset: 2, limit: 2 });
    const queued = await service.myQueue({ annotator: 'layla', after: IDS[2]!, offset: 1, limit: 1 });
    expect(room.walks).toBe(walks);
    expect(second.documents.map((d) => d.docId)).toEqual([IDS[2], IDS[3]]);
    expect(second.annotators).toEqual(first.annotators);
    expect([queued.items[0]?.docId, queued.next, queued.position, queued.left]).toEqual([IDS[2], IDS[4], 1, 3]);

    // layla finishes document 2: the next page of either counts it.
    const { text } = await service.openDocument({ docId: IDS[2]! });
    await service.applyEdits({ docId: IDS[2]!, annotator: 'layla', edits: [{ op: 'add', span: spanOver(text, /\b[A-Z][a-z]{3,}\b/.exec(text)![0], 's1') }] });
    await service.setFinished({ docId: IDS[2]!, annotator: 'layla', finished: true });
    const saved = await service.teamProgress({ offset: 2, limit: 1 });
    expect(saved.annotators.find((a) => a.annotator === 'layla')).toMatchObject({ assigned: 3, finished: 1, spans: 1 });
    expect(saved.documents[0]!.status.layla).toBe('finished');
    const queue = await service.myQueue({ annotator: 'layla', offset: 0, limit: 1 });
    expect([queue.done, queue.left, queue.next]).toEqual([1, 2, IDS[0]]);
    const truth = await fromFiles();
    expect(await service.teamProgress(ALL)).toEqual(truth.team);
    expect(await service.myQueue({ annotator: 'layla', ...ALL })).toEqual(truth.layla);

    // The assignment changed (the index unchanged): counted too.
    await service.reassign({ docIds: [IDS[1]!], annotators: ['layla'], mode: 'set', by: 'layla' });
    const moved = await service.teamProgress({ offset: 0, limit: 1 });
    expect(moved.annotators.map((a) => [a.annotator, a.assigned])).toEqual([['layla', 4], ['tom', 1]]);
    expect((await service.myQueue({ annotator: 'layla', offset: 0, limit: 0 })).total).toBe(4);
  });

  it('progress and queues served from the index equal those read from every file, after layers changed behind the service’s back', async () => {
    await cp(SAMPLE, root, { recursive: true, filter: (src) => !path.relative(SAMPLE, src).startsWith('entities') });
    let service = await open();
    await service.planAssignment({ plan, by: 'layla' });
    // What reading every layer file says (a room without an index), for the whole team and each queue.
    const fromFiles = async () => {
      const room = new AssignmentRoom(await Project.open(root), async () => []);
      return { team: await room.team(ALL), queues: await Promise.all(['amira', 'layla', 'tom'].map((annotator) => room.queue({ annotator, ...ALL }))) };
    };
    const fromIndex = async (s: StandoffService) => ({
      team: await s.teamProgress(ALL),
      queues: await Promise.all(['amira', 'layla', 'tom'].map((annotator) => s.myQueue({ annotator, ...ALL }))),
    });
    const before = await fromIndex(service);
    expect(before).toEqual(await fromFiles());
    await services.splice(0).at(0)!.close();

    // While the service is closed, a pull (or another program) rewrites, adds and breaks layers.
    const layer = (docId: string, annotator: string) => path.join(root, layout.annotation(docId, annotator));
    const read = async (docId: string, annotator: string) => parseAnnotationFile(await readFile(layer(docId, annotator), 'utf8'), layout.annotation(docId, annotator));
    const l0 = await read(IDS[0]!, 'layla');
    const gone = new Set([l0.spans[0]!.id]);
    await writeFile(layer(IDS[0]!, 'layla'), serializeAnnotationFile({ ...l0, spans: l0.spans.slice(1), relations: l0.relations.filter((r) => !gone.has(r.from) && !gone.has(r.to)), finished: true }));
    await rm(layer(IDS[1]!, 'tom'));
    await writeFile(layer(IDS[2]!, 'amira'), serializeAnnotationFile({ ...(await read(IDS[2]!, 'layla')), annotator: 'amira' }));
    await writeFile(layer(IDS[3]!, 'tom'), '{ "spans": [');
    // Parses, but says it lies elsewhere: the index reports it; progress counts it as always.
    await writeFile(layer(IDS[3]!, 'layla'), serializeAnnotationFile({ ...(await read(IDS[3]!, 'layla')), document: IDS[4]!, finished: true }));
    await writeFile(layer(IDS[4]!, GOLD), serializeAnnotationFile({ ...(await read(IDS[4]!, 'layla')), annotator: GOLD, spans: [], relations: [], settled: [], finished: true }));

    service = await StandoffService.open(root, { watch: true, autoSyncMinutes: 0 });
    services.push(service);
    const after = await fromIndex(service);
    expect(service.index.lastOpening?.source).toBe('disk');
    expect(after).toEqual(await fromFiles());
    expect(after).not.toEqual(before);
    const status = (docId: string) => after.team.documents.find((d) => d.docId === docId)!;
    expect(status(IDS[0]!).status.layla).toBe('finished');
    expect(status(IDS[2]!).status.amira).toBe('in-progress');
    expect(status(IDS[3]!).status).toMatchObject({ layla: 'finished', tom: 'in-progress' });
    expect(status(IDS[4]!).adjudicated).toBe(true);

    // While it is open, with the watcher on: a layer emptied by another program is seen too.
    await service.watchProject({});
    await writeFile(layer(IDS[0]!, 'tom'), serializeAnnotationFile({ ...(await read(IDS[0]!, 'tom')), spans: [], relations: [] }));
    const truth = await fromFiles();
    expect(truth.team.documents[0]!.status.tom).toBe('not-started');
    const until = Date.now() + 10_000;
    for (;;) {
      const seen = await fromIndex(service);
      if (JSON.stringify(seen) === JSON.stringify(truth) || Date.now() > until) {
        expect(seen).toEqual(truth);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);

  it('the last sync of each annotator comes from the shared history', async () => {
    const bare = path.join(root, '..', `${path.basename(root)}-shared.git`);
    temps.push(bare);
    const service = await open();
    await service.planAssignment({ plan, by: 'layla' });
    const before = Date.now();
    await service.shareProject({ remote: bare, annotator: 'layla' });
    const team = await service.teamProgress(ALL);
    const layla = team.annotators.find((a) => a.annotator === 'layla')!;
    expect(layla.lastSync).not.toBeNull();
    expect(Math.abs(Date.parse(layla.lastSync!) - before)).toBeLessThan(60_000);
    expect(team.annotators.find((a) => a.annotator === 'tom')!.lastSync).toBeNull();
    // git itself agrees on who committed.
    expect(execFileSync('git', ['log', '--format=%an', 'origin/main'], { cwd: root, encoding: 'utf8' }).trim().split('\n')).toContain('layla');
  });

  it('Review and Agreement name the layers the assignment expects that are not there yet', async () => {
    const full = await mkdtemp(path.join(tmpdir(), 'standoff-assign-full-'));
    temps.push(full);
    await cp(SAMPLE, full, { recursive: true }); // layla and tom have tagged every document
    const service = await open(full);
    const before = await service.reviewProgress();
    expect(before.documents.every((d) => d.missing === undefined)).toBe(true);
    expect((await service.agreement({})).missingLayers).toBeUndefined(); // no assignment: nothing expected

    await service.reassign({ docIds: [IDS[0]!, IDS[1]!], annotators: ['amira', 'layla', 'tom'], mode: 'set', by: 'layla' });
    await service.reassign({ docIds: [IDS[2]!], annotators: ['layla'], mode: 'set', by: 'layla' });
    // amira opened one of hers and marked it finished with nothing in it: done, not missing.
    await service.setFinished({ docId: IDS[1]!, annotator: 'amira', finished: true });

    const review = await service.reviewProgress();
    expect(review.documents.map((d) => [d.docId, d.missing])).toEqual([
      [IDS[0], ['amira']],
      [IDS[1], undefined],
      [IDS[2], undefined],
      [IDS[3], undefined],
      [IDS[4], undefined],
    ]);
    // The figures are those of the layers there are; the missing one is named.
    const report = await service.agreement({});
    expect(report.missingLayers).toEqual([{ docId: IDS[0], title: null, annotators: ['amira'] }]);
    expect(report.documents.compared).toBe(before.documents.length);
    expect((await service.agreement({ annotators: ['layla', 'tom'] })).missingLayers).toEqual([]);

    // The curator marks gold finished on one document: the team view says it is adjudicated.
    expect((await service.teamProgress(ALL)).documents.map((d) => d.adjudicated)).toEqual([false, false, false, false, false]);
    await service.setFinished({ docId: IDS[3]!, annotator: 'gold', finished: true });
    expect((await service.teamProgress(ALL)).documents.map((d) => d.adjudicated)).toEqual([false, false, false, true, false]);
  });

  it('through a shared project: the annotator’s copy sees its queue, the curator sees their sync; a copy’s own team.json makes nobody curator', async () => {
    const bare = path.join(root, '..', `${path.basename(root)}-team.git`);
    const tomRoot = path.join(root, '..', `${path.basename(root)}-tom`);
    temps.push(bare, tomRoot);
    const curator = await open();
    await curator.shareProject({ remote: bare, annotator: 'layla' }); // team.json: layla
    await curator.planAssignment({ plan: { ...plan, overlapShare: 0 }, by: 'layla' }); // tom: documents 1 and 3
    await curator.syncProject({ annotator: 'layla' });

    await curator.cloneProject({ url: bare, dir: tomRoot, annotator: 'tom' });
    const tom = await open(tomRoot);
    const queue = await tom.myQueue({ annotator: 'tom', ...ALL });
    expect(queue.items.map((i) => i.docId)).toEqual([IDS[1], IDS[3]]);
    const { text } = await tom.openDocument({ docId: IDS[1]! });
    await tom.applyEdits({ docId: IDS[1]!, annotator: 'tom', edits: [{ op: 'add', span: spanOver(text, /\b[A-Z][a-z]{3,}\b/.exec(text)![0], 't1') }] });
    await tom.setFinished({ docId: IDS[1]!, annotator: 'tom', finished: true });

    // tom makes himself curator in his copy: the last commit still names layla, so he is refused.
    await writeFile(path.join(tomRoot, 'team.json'), '{ "formatVersion": 1, "curators": ["tom"] }\n');
    const refused = await rejection(tom.reassign({ docIds: [IDS[0]!], annotators: ['tom'], mode: 'add', by: 'tom' }));
    expect(refused.message).toMatch(/^Only the curator \(layla\) can change the assignment, and tom is not named/);
    await rm(path.join(tomRoot, 'team.json'));
    execFileSync('git', ['checkout', '--', 'team.json'], { cwd: tomRoot });
    const before = Date.now();
    await tom.syncProject({ annotator: 'tom' });

    await curator.syncProject({ annotator: 'layla' });
    const team = await curator.teamProgress(ALL);
    const tomRow = team.annotators.find((a) => a.annotator === 'tom')!;
    expect(tomRow).toMatchObject({ assigned: 2, finished: 1, inProgress: 0, notStarted: 1, spans: 1 });
    expect(Math.abs(Date.parse(tomRow.lastSync!) - before)).toBeLessThan(60_000);
    expect(team.documents[1]!.status).toEqual({ tom: 'finished' });
    expect((await tom.myQueue({ annotator: 'tom', ...ALL })).next).toBe(IDS[3]);
  }, 60_000);

  it('a change to assignment.json by another program is told to the windows', async () => {
    const service = await StandoffService.open(root, { watch: true, autoSyncMinutes: 0 });
    services.push(service);
    const { cursor } = await service.watchProject({});
    const other = await open(); // the command line, another window: a program of its own
    await other.reassign({ docIds: [IDS[0]!], annotators: ['tom'], mode: 'set', by: 'layla' });
    let events: { kind: string }[] = [];
    for (let waited = 0; waited < 10_000 && !events.some((e) => e.kind === 'assignment'); waited += 500) events = (await service.watchProject({ cursor, timeoutMs: 500 })).events;
    expect(events).toContainEqual({ kind: 'assignment' });
    expect((await service.getAssignment()).documents).toEqual({ [IDS[0]!]: ['tom'] });
  }, 30_000);
});
