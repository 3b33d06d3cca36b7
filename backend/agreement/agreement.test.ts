import { mkdtemp, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectAgreementReport } from '../../shared/api/contract';
import { inputSchemas } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { layout } from '../../shared/format/layout';
import { reviewChoicePath, serializeReviewChoice } from '../../shared/review/choiceFile';
import { rejection } from '../../tests/support/rejection';
import { Project } from '../project/project';
import { StandoffService } from '../service';
import { projectAgreement } from './agreement';
import { sampleCopies } from '../../tests/support/sample';

const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];

const copySample = sampleCopies('agreement');

let root: string;
beforeEach(async () => {
  root = await copySample({ annotations: true });
});

/** The report without what differs from run to run (the time, and where it was computed). */
const stable = (r: ProjectAgreementReport) => ({ ...r, computation: null });

describe('the agreement method', () => {
  it('compares layla and tom on all five documents, computing in a worker thread', async () => {
    const service = await StandoffService.open(root);
    const report = await service.agreement({});
    expect(report).toMatchObject({ format: 'standoff/agreement-report', version: 1, project: 'Sample: attacks on US forces in Iraq', annotators: ['layla', 'tom'] });
    expect(report.documents).toEqual({ inProject: 5, selected: 5, compared: 5, notCompared: [] });
    expect(report.computation.where).toBe('worker thread');
    expect(report.byDocument.map((d) => d.docId).sort()).toEqual(IDS);
    expect(report.byLabel.map((l) => l.label)).toEqual(['claim', 'denial', 'casualty-figure', 'actor']);
    expect(report.pairs).toHaveLength(1);
    expect(report.problems).toEqual([]);
    // Worst first.
    const f1 = report.byDocument.map((d) => d.spanF1['overlap-labelled'].value!);
    expect([...f1].sort((a, b) => a - b)).toEqual(f1);
  });

  it('computes the same report on the main thread, in slices, as in the worker', async () => {
    const project = await Project.open(root);
    const inWorker = await projectAgreement(project, {});
    const onMain = await projectAgreement(project, {}, undefined, { prefer: 'main' });
    expect(onMain.computation.where).toBe('main thread');
    expect(stable(onMain)).toEqual(stable(inWorker));
  });

  it('gives the same report when the worker reads documents too (as for the command line), files it cannot read included', async () => {
    const broken = layout.annotation(IDS[0]!, 'tom');
    await writeFile(path.join(root, broken), '{ "format": "standoff/annotations", ');
    const project = await Project.open(root);
    const alone = await projectAgreement(project, {});
    // Runs of one document: the worker reads the first two (WORKER_RUNS), then this thread and the worker take turns.
    const shared = await projectAgreement(project, {}, undefined, { readInWorker: { inLine: false, chunk: 1 } });
    expect(shared.computation.where).toBe('worker thread');
    expect(shared.problems.map((p) => p.file)).toEqual([broken]);
    expect(shared.documents.notCompared).toEqual([{ docId: IDS[0], title: null, annotators: ['layla'], reason: 'only layla has annotated it' }]);
    expect(stable(shared)).toEqual(stable(alone));
  });

  it('refuses a link out of the project the worker meets as this thread would', async () => {
    // The annotations of the first document (read by the worker) lead outside the project.
    const outside = await mkdtemp(path.join(tmpdir(), 'standoff-outside-'));
    const annotations = path.join(root, layout.annotationsDir(IDS[0]!));
    await rename(annotations, path.join(outside, 'annotations'));
    await symlink(path.join(outside, 'annotations'), annotations);
    const project = await Project.open(root);
    const alone = await rejection(projectAgreement(project, {}));
    const shared = await rejection(projectAgreement(project, {}, undefined, { readInWorker: { inLine: false, chunk: 1 } }));
    expect(alone.message).toMatch(/is a link to .*, outside the project/);
    expect({ code: shared.code, message: shared.message }).toEqual({ code: alone.code, message: alone.message });
  });

  it('compares the layers the curator chose, and lists a choice file it cannot read, whoever reads them', async () => {
    await writeFile(path.join(root, reviewChoicePath(IDS[1]!)), serializeReviewChoice(IDS[1]!, ['layla']));
    await writeFile(path.join(root, reviewChoicePath(IDS[3]!)), '{ "format": ');
    const project = await Project.open(root);
    for (const options of [{}, { readInWorker: { inLine: true, chunk: 1 } }]) {
      const report = await projectAgreement(project, {}, undefined, options);
      expect(report.documents.notCompared.map((d) => d.docId)).toEqual([IDS[1]]);
      expect(report.documents.notCompared[0]!.reason).toMatch(/only layla's layer counts/);
      expect(report.problems.map((p) => p.file)).toEqual([reviewChoicePath(IDS[3]!)]);
      expect(report.documents.compared).toBe(4);
    }
  });

  it('never counts the gold layer as an annotator', async () => {
    const service = await StandoffService.open(root);
    const before = await service.agreement({});
    // A gold layer that copies layla on the first document.
    const file = layout.annotation(IDS[0]!, 'layla');
    const gold = (await readFile(path.join(root, file), 'utf8')).replace('"annotator": "layla"', '"annotator": "gold"');
    await writeFile(path.join(root, layout.annotation(IDS[0]!, 'gold')), gold);
    const after = await service.agreement({});
    expect(after.annotators).toEqual(['layla', 'tom']);
    expect(stable(after)).toEqual(stable(before));
  });

  it('filters annotators, labels and documents', async () => {
    const service = await StandoffService.open(root);
    const all = await service.agreement({});
    const claims = await service.agreement({ labels: ['claim'] });
    expect(claims.byLabel.map((l) => l.label)).toEqual(['claim']);
    expect(claims.overall.spanF1['exact-labelled'].counts).toEqual(all.byLabel[0]!.spanF1['exact-labelled'].counts);
    expect(claims.attributes.fields.map((f) => f.label)).toEqual(['claim']);
    // Relations need both ends: with actors left out, no claimant relation remains.
    expect(claims.relations.byType.find((t) => t.type === 'claimant')!.counts.relationsA).toBe(0);

    const two = await service.agreement({ docIds: [IDS[3]!, IDS[1]!] });
    expect(two.documents).toMatchObject({ inProject: 5, selected: 2, compared: 2 });
    expect(two.byDocument.map((d) => d.docId).sort()).toEqual([IDS[1], IDS[3]]);
    const pooled = two.byDocument.reduce((n, d) => n + d.spanF1['exact-labelled'].counts.truePositives, 0);
    expect(two.overall.spanF1['exact-labelled'].counts.truePositives).toBe(pooled);

    const layla = await service.agreement({ annotators: ['layla'] });
    expect(layla.annotators).toEqual([]);
    expect(layla.documents.compared).toBe(0);
    expect(layla.documents.notCompared.map((d) => d.reason)).toEqual(IDS.map(() => 'only layla has annotated it'));
    expect(layla.overall.spanF1['overlap-labelled']).toMatchObject({ value: null, code: 'too-few-annotators' });
  });

  it('refuses what it cannot find, naming it, and bad arguments at the door', async () => {
    const service = await StandoffService.open(root);
    expect((await rejection(service.agreement({ docIds: ['no-such-doc'] }))).message).toBe('no document "no-such-doc" in this project');
    expect((await rejection(service.agreement({ labels: ['claim', 'rumour'] }))).message).toMatch(/^no label "rumour" in the project's schema \(labels: claim, denial, casualty-figure, actor\)/);
    expect((await rejection(service.agreement({ annotators: ['layla', 'zed'] }))).message).toBe('no layer of "zed" in the documents (annotators there: layla, tom)');
    expect((await rejection(dispatch(service, 'agreement', { annotators: ['gold'] }))).code).toBe('bad-request');
    expect((await rejection(dispatch(service, 'agreement', { labels: [] }))).code).toBe('bad-request');
    expect((await rejection(dispatch(service, 'agreement', { everything: true }))).code).toBe('bad-request');
    expect(inputSchemas.agreement.safeParse({ annotators: ['layla'], labels: ['claim'], docIds: [IDS[0]] }).success).toBe(true);
  });

  it('leaves an unreadable file out, says so, and compares the rest', async () => {
    const broken = layout.annotation(IDS[2]!, 'tom');
    await writeFile(path.join(root, broken), '{ "format": "standoff/annotations", ');
    const service = await StandoffService.open(root);
    const report = await service.agreement({});
    expect(report.problems.map((p) => p.file)).toEqual([broken]);
    expect(report.documents.compared).toBe(4);
    expect(report.documents.notCompared).toEqual([{ docId: IDS[2], title: null, annotators: ['layla'], reason: 'only layla has annotated it' }]);
    // Nothing was written over the broken file.
    expect(await readFile(path.join(root, broken), 'utf8')).toBe('{ "format": "standoff/annotations", ');
  });

  it('counts entities merged in the registry as the same entity', async () => {
    const service = await StandoffService.open(root);
    const entity = (r: ProjectAgreementReport) => r.attributes.fields.find((f) => f.attribute === 'entity')!;
    const before = entity(await service.agreement({}));
    expect(before.disagreements).toContainEqual({ valueA: 'afp-journalist-001', valueB: 'afp', count: 1 });
    const journalist = (await service.listEntities()).entities.find((e) => e.id === 'afp-journalist-001')!;
    await service.saveEntity({ annotator: 'layla', entity: { id: journalist.id, name: journalist.name, aliases: journalist.aliases, mergedInto: 'afp' } });
    const after = entity(await service.agreement({}));
    expect(after.counts.agreeing).toBe(before.counts.agreeing + 1);
    expect(after.disagreements).not.toContainEqual(expect.objectContaining({ valueA: 'afp-journalist-001' }));
  });

  it('lists a document the measures refuse as not compared, with the reason, instead of failing the report', async () => {
    // Stored layers never reach this (the store orphans spans it cannot anchor); a hand-made
    // document with one annotator's layer twice is refused by the measures themselves.
    const { SafeAccumulator } = await import('./accumulate');
    const acc = new SafeAccumulator({ labels: [], relations: [] });
    acc.add({ documentId: 'twice', length: 10, layers: [{ annotator: 'a', spans: [] }, { annotator: 'a', spans: [] }] });
    const r = acc.result({ project: 'p', filters: { annotators: null, labels: null, docIds: null }, documentsInProject: 1, documentsSelected: 1, problems: [] }, { elapsedMs: 0, where: 'main thread' });
    expect(r.documents.notCompared[0]).toMatchObject({ docId: 'twice', reason: 'its annotations could not be compared: document "twice" has two layers for annotator "a"' });
  });
});
