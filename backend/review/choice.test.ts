import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import { GOLD } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { isDisagreement, reviewUnits } from '../../shared/review';
import { reviewChoicePath } from '../../shared/review/choiceFile';
import { rejection } from '../../tests/support/rejection';
import { sampleCopies } from '../../tests/support/sample';
import { StandoffService } from '../service';

const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];
const DOC = IDS[3]!; // article 003: 73 units, 15 of them disagreements between layla and tom

const copySample = sampleCopies('choice');
let root: string;
let service: StandoffService;
beforeEach(async () => {
  root = await copySample({ annotations: true });
  service = await StandoffService.open(root);
  return () => service.close();
});

const exists = (rel: string) => stat(path.join(root, rel)).then(
  () => true,
  () => false,
);
const progressOf = async (docId: string) => (await service.reviewProgress()).documents.find((d) => d.docId === docId)!;

/** Settles every disagreement between layla and tom on a document, as a curator would. */
async function settleAll(docId: string): Promise<number> {
  const opened = await service.openDocument({ docId });
  const open = reviewUnits(opened.layers).filter(isDisagreement);
  await service.applyEdits({ docId, annotator: GOLD, edits: open.map((u) => ({ op: 'settle' as const, unit: u.key })) });
  return open.length;
}

/** A third annotator tags a span and undoes it: their file is there, and empty. */
async function tagAndUndo(annotator: string, docId: string): Promise<void> {
  const doc = await service.openDocument({ docId, annotators: ['layla'] });
  const span = { ...doc.layers[0]!.spans[0]!, id: 's1' };
  await service.applyEdits({ docId, annotator, edits: [{ op: 'add', span }] });
  await service.applyEdits({ docId, annotator, edits: [{ op: 'remove', id: 's1' }] });
}

describe('who is adjudicated on a document', () => {
  it('an annotator who tagged and undid everything does not count: 003 stays 15 of 15 settled', async () => {
    expect(await settleAll(DOC)).toBe(15);
    expect(await progressOf(DOC)).toMatchObject({ annotators: ['layla', 'tom'], disagreements: 15, settled: 15 });
    await tagAndUndo('sam', DOC);
    expect(await exists(layout.annotation(DOC, 'sam'))).toBe(true);
    expect(await progressOf(DOC)).toMatchObject({ annotators: ['layla', 'tom'], disagreements: 15, settled: 15 });
    // The review is still done, so gold is still finished.
    expect((await service.listDocuments()).find((d) => d.id === DOC)!.finished).toEqual([GOLD]);
    const choice = await service.reviewChoice({ docId: DOC });
    expect(choice).toMatchObject({ docId: DOC, stored: null, rule: 'not-empty', problem: null });
    expect(choice.annotators.map((a) => [a.annotator, a.chosen, a.excluded])).toEqual([
      ['layla', true, null],
      ['sam', false, 'empty'],
      ['tom', true, null],
    ]);
  });

  it('by default, those who marked the document finished', async () => {
    const doc = await service.openDocument({ docId: DOC, annotators: ['layla'] });
    await service.applyEdits({ docId: DOC, annotator: 'sam', edits: [{ op: 'add', span: { ...doc.layers[0]!.spans[0]!, id: 's1' } }] });
    expect((await progressOf(DOC)).annotators).toEqual(['layla', 'sam', 'tom']);
    await service.setFinished({ docId: DOC, annotator: 'layla', finished: true });
    await service.setFinished({ docId: DOC, annotator: 'tom', finished: true });
    expect(await progressOf(DOC)).toMatchObject({ annotators: ['layla', 'tom'], disagreements: 15 });
    expect((await service.reviewChoice({ docId: DOC })).rule).toBe('finished');
  });

  it('the curator’s choice is stored beside the document, counts at once, and goes back to the default', async () => {
    const file = reviewChoicePath(DOC);
    const chosen = await service.setReviewChoice({ docId: DOC, annotators: ['layla'] });
    expect(chosen).toMatchObject({ stored: ['layla'], rule: 'curator' });
    expect(chosen.annotators.filter((a) => a.chosen).map((a) => a.annotator)).toEqual(['layla']);
    expect(await readFile(path.join(root, file), 'utf8')).toBe(`{\n  "format": "standoff/review",\n  "version": 1,\n  "document": "${DOC}",\n  "annotators": [\n    "layla"\n  ]\n}\n`);
    expect(await progressOf(DOC)).toMatchObject({ annotators: ['layla'], disagreements: 0, settled: 0 });
    // Another service on the same folder (the project reopened) reads the same choice.
    const again = await StandoffService.open(root);
    expect((await again.reviewChoice({ docId: DOC })).stored).toEqual(['layla']);
    await again.close();
    // Back to the default: the file goes.
    expect((await service.setReviewChoice({ docId: DOC, annotators: null })).stored).toBeNull();
    expect(await exists(file)).toBe(false);
    expect((await progressOf(DOC)).annotators).toEqual(['layla', 'tom']);
    // The annotators' files and gold were not touched by any of it.
    expect(await exists(layout.annotation(DOC, GOLD))).toBe(false);
  });

  it('an unreadable choice is reported, the default applies, and it is never written over', async () => {
    const file = reviewChoicePath(DOC);
    await writeFile(path.join(root, file), '{ "format": "standoff/review", ');
    const choice = await service.reviewChoice({ docId: DOC });
    expect(choice.problem?.file).toBe(file);
    expect(choice.annotators.filter((a) => a.chosen).map((a) => a.annotator)).toEqual(['layla', 'tom']);
    expect((await rejection(service.setReviewChoice({ docId: DOC, annotators: ['tom'] }))).code).toBe('unreadable-file');
    expect(await readFile(path.join(root, file), 'utf8')).toBe('{ "format": "standoff/review", ');
  });

  it('validates its input at the door', async () => {
    expect((await rejection(dispatch(service, 'setReviewChoice', { docId: DOC, annotators: ['gold'] }))).code).toBe('bad-request');
    expect((await rejection(dispatch(service, 'setReviewChoice', { docId: DOC }))).code).toBe('bad-request');
    expect((await rejection(dispatch(service, 'reviewChoice', { docId: '../x' }))).code).toBe('bad-request');
    expect((await rejection(dispatch(service, 'findDisagreements', { annotators: ['layla'] }))).code).toBe('bad-request');
    expect((await rejection(service.reviewChoice({ docId: 'no-such-doc' }))).code).toBe('not-found');
  });
});

describe('the disagreements behind a figure', () => {
  it('every document with disagreements, most first, with how many are settled', async () => {
    const all = await service.findDisagreements({});
    expect(all.documentsSearched).toBe(5);
    expect(all.documents.map((d) => [d.docId, d.disagreements])).toEqual([
      [IDS[3], 15],
      [IDS[1], 12],
      [IDS[0], 5],
      [IDS[2], 4],
      [IDS[4], 4],
    ]);
    await settleAll(IDS[4]!);
    expect((await service.findDisagreements({ docIds: [IDS[4]!] })).documents).toEqual([{ docId: IDS[4], title: null, annotators: ['layla', 'tom'], disagreements: 4, settled: 4 }]);
  });

  it('of a label, and of a pair where both are compared', async () => {
    const claims = await service.findDisagreements({ label: 'claim' });
    expect(claims.disagreements).toBeGreaterThan(0);
    expect(claims.disagreements).toBeLessThan(40);
    const pair = await service.findDisagreements({ annotators: ['layla', 'tom'] });
    expect(pair.disagreements).toBe(40);
    // sam tagged one span of 003 and nothing else: the pair layla–sam is only looked at there.
    const doc = await service.openDocument({ docId: DOC, annotators: ['layla'] });
    await service.applyEdits({ docId: DOC, annotator: 'sam', edits: [{ op: 'add', span: { ...doc.layers[0]!.spans[0]!, id: 's1' } }] });
    expect((await service.findDisagreements({ annotators: ['layla', 'sam'] })).documents.map((d) => d.docId)).toEqual([DOC]);
    expect((await rejection(service.findDisagreements({ docIds: ['nope'] }))).code).toBe('not-found');
  });
});

describe('agreement compares the same layers', () => {
  it('an empty layer is not compared, and a pair counts only the documents where both layers count', async () => {
    const before = await service.agreement({});
    // sam: one span on 000, and a tag-and-undo on the four others.
    const doc = await service.openDocument({ docId: IDS[0]!, annotators: ['layla'] });
    await service.applyEdits({ docId: IDS[0]!, annotator: 'sam', edits: [{ op: 'add', span: { ...doc.layers[0]!.spans[0]!, id: 's1' } }] });
    for (const id of IDS.slice(1)) await tagAndUndo('sam', id);
    const after = await service.agreement({});
    expect(after.annotators).toEqual(['layla', 'sam', 'tom']);
    expect(after.documents).toMatchObject({ selected: 5, compared: 5 });
    const pair = (a: string, b: string) => after.pairs.find((p) => p.annotatorA === a && p.annotatorB === b)!;
    expect(pair('layla', 'tom').documents).toBe(5);
    expect(pair('layla', 'sam').documents).toBe(1);
    expect(pair('sam', 'tom').documents).toBe(1);
    // layla–tom is measured as before: an empty layer adds nothing.
    expect(pair('layla', 'tom').spanF1).toEqual(before.pairs[0]!.spanF1);

    // Only sam and tom: on four documents sam's layer is empty, so they are not compared, saying why.
    const two = await service.agreement({ annotators: ['sam', 'tom'] });
    expect(two.documents.compared).toBe(1);
    expect(two.documents.notCompared.map((d) => d.reason)).toEqual(IDS.slice(1).map(() => "only tom's layer counts: sam's is empty"));
  });

  it('uses the curator’s choice of a document', async () => {
    await service.setReviewChoice({ docId: DOC, annotators: ['tom'] });
    const report = await service.agreement({});
    expect(report.documents.compared).toBe(4);
    expect(report.documents.notCompared).toEqual([{ docId: DOC, title: expect.any(String), annotators: ['layla', 'tom'], reason: "only tom's layer counts: the curator left layla out" }]);
    expect(report.pairs[0]!.documents).toBe(4);
  });
});
