import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputSchemas } from '../../shared/api/contract';
import { GOLD, parseAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { isDisagreement, reviewUnits } from '../../shared/review';
import { rejection } from '../../tests/support/rejection';
import { sampleCopies } from '../../tests/support/sample';
import { StandoffService } from '../service';

const DOC = '000_121e11c80b4a277e';
const OTHER = '001_cc6eff7c9034e064';
const copySample = sampleCopies('finished');

let root: string;
beforeEach(async () => {
  root = await copySample({ annotations: true });
});
// Closed before the copy is removed: an open service's index may still be writing into it.
const services: StandoffService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});
async function openService(dir: string): Promise<StandoffService> {
  const s = await StandoffService.open(dir);
  services.push(s);
  return s;
}

const read = (file: string) => readFile(path.join(root, file), 'utf8');
const exists = (file: string) => stat(path.join(root, file)).then(
  () => true,
  () => false,
);
const finishedOf = async (service: StandoffService, docId: string) => (await service.listDocuments()).find((d) => d.id === docId)!.finished;

describe('finished documents', () => {
  it('nothing is finished in the sample', async () => {
    const service = await openService(root);
    for (const d of await service.listDocuments()) expect(d.finished).toEqual([]);
  });

  it('setFinished writes only the mark into that annotator’s file, and the document list shows it', async () => {
    const service = await openService(root);
    const file = layout.annotation(DOC, 'layla');
    const before = await read(file);
    const tom = await read(layout.annotation(DOC, 'tom'));
    expect(await service.setFinished({ docId: DOC, annotator: 'layla', finished: true })).toEqual({ docId: DOC, finished: ['layla'] });
    const after = await read(file);
    // One line more, "finished": true, and every other line as it was.
    expect(after.split('\n').filter((l) => !before.split('\n').includes(l))).toEqual(['  "finished": true,']);
    expect(after.split('\n').length).toBe(before.split('\n').length + 1);
    expect(parseAnnotationFile(after, file).finished).toBe(true);
    expect(await read(layout.annotation(DOC, 'tom'))).toBe(tom);
    expect(await finishedOf(service, DOC)).toEqual(['layla']);
    expect(await finishedOf(service, OTHER)).toEqual([]);
    // A fresh service reads it from the file; the layer says so too.
    const fresh = await openService(root);
    expect(await finishedOf(fresh, DOC)).toEqual(['layla']);
    expect((await fresh.openDocument({ docId: DOC })).layers.find((l) => l.annotator === 'layla')!.finished).toBe(true);
    // Unmarking gives back the very bytes of before.
    expect(await fresh.setFinished({ docId: DOC, annotator: 'layla', finished: false })).toEqual({ docId: DOC, finished: [] });
    expect(await read(file)).toBe(before);
  });

  it('marks a layer that has no file by creating it empty; unmarking one that has none writes nothing', async () => {
    const service = await openService(root);
    const file = layout.annotation(DOC, 'amira');
    expect(await service.setFinished({ docId: DOC, annotator: 'amira', finished: false })).toEqual({ docId: DOC, finished: [] });
    expect(await exists(file)).toBe(false);
    expect((await service.setFinished({ docId: DOC, annotator: 'amira', finished: true })).finished).toEqual(['amira']);
    const saved = parseAnnotationFile(await read(file), file);
    expect(saved.finished).toBe(true);
    expect(saved.spans).toEqual([]);
  });

  it('gold is finished when every disagreement is settled, or when gold.json says so', async () => {
    const service = await openService(root);
    const opened = await service.openDocument({ docId: DOC });
    const units = reviewUnits(opened.layers).filter(isDisagreement);
    expect(units.length).toBeGreaterThan(1);
    // Everything settled but one: not finished.
    const first = units[0]!.versions[0]!.span;
    await service.applyEdits({ docId: DOC, annotator: GOLD, edits: [{ op: 'add', span: { ...first, id: 'g1' } }, ...units.slice(1).map((u) => ({ op: 'settle' as const, unit: u.key }))] });
    expect(await finishedOf(service, DOC)).toEqual([]);
    // The last one settled: finished.
    await service.applyEdits({ docId: DOC, annotator: GOLD, edits: [{ op: 'settle', unit: units[0]!.key }] });
    expect(await finishedOf(service, DOC)).toEqual([GOLD]);
    expect(parseAnnotationFile(await read(layout.annotation(DOC, GOLD)), 'gold.json').finished).toBeUndefined();
    // Reopened: not finished; marked: finished again, whatever is settled.
    await service.applyEdits({ docId: DOC, annotator: GOLD, edits: [{ op: 'unsettle', unit: units[0]!.key }] });
    expect(await finishedOf(service, DOC)).toEqual([]);
    expect((await service.setFinished({ docId: DOC, annotator: GOLD, finished: true })).finished).toEqual([GOLD]);
    expect(parseAnnotationFile(await read(layout.annotation(DOC, GOLD)), 'gold.json').finished).toBe(true);
    // Annotators and gold together: annotators sorted, gold last.
    await service.setFinished({ docId: DOC, annotator: 'tom', finished: true });
    expect((await service.setFinished({ docId: DOC, annotator: 'layla', finished: true })).finished).toEqual(['layla', 'tom', GOLD]);
  });

  it('a document with an empty gold layer, or one annotator only, has no finished gold by review', async () => {
    const service = await openService(root);
    // A gold file with nothing in it (made by marking and unmarking): not finished.
    await service.setFinished({ docId: DOC, annotator: GOLD, finished: true });
    expect((await service.setFinished({ docId: DOC, annotator: GOLD, finished: false })).finished).toEqual([]);
  });

  it('marks on top of a change made on disk meanwhile (never over it), and refuses a file it cannot read', async () => {
    const service = await openService(root);
    const file = layout.annotation(DOC, 'layla');
    await service.openDocument({ docId: DOC });
    const changed = (await read(file)).replace('"orphans": []', '"orphans": [ ]');
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(path.join(root, file), changed);
    const before = JSON.parse(changed);
    before.relations = []; // another program removed the relations, same moment
    const theirs = JSON.stringify(before, null, 2);
    await writeFile(path.join(root, file), theirs);
    await service.setFinished({ docId: DOC, annotator: 'layla', finished: true });
    const after = JSON.parse(await read(file));
    expect(after.finished).toBe(true);
    expect(after.relations).toEqual([]);
    expect(after.spans).toHaveLength(before.spans.length);

    const broken = layout.annotation(OTHER, 'tom');
    await writeFile(path.join(root, broken), '{ not json');
    const fresh = await openService(root);
    const err = await rejection(fresh.setFinished({ docId: OTHER, annotator: 'tom', finished: true }));
    expect(err.code).toBe('unreadable-file');
    expect(await read(broken)).toBe('{ not json');
    expect(await finishedOf(fresh, OTHER)).toEqual([]);
  });

  it('validates its input at the door', () => {
    expect(inputSchemas.setFinished.safeParse({ docId: DOC, annotator: 'gold', finished: true }).success).toBe(true);
    expect(inputSchemas.setFinished.safeParse({ docId: DOC, annotator: '../x', finished: true }).success).toBe(false);
    expect(inputSchemas.setFinished.safeParse({ docId: DOC, annotator: 'layla' }).success).toBe(false);
    expect(inputSchemas.setFinished.safeParse({ docId: DOC, annotator: 'layla', finished: 'yes' }).success).toBe(false);
  });
});
