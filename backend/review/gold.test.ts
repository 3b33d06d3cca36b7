import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { inputSchemas } from '../../shared/api/contract';
import { GOLD, parseAnnotationFile, serializeAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import type { Span } from '../../shared/model/span';
import { isDisagreement, reviewUnits, type ReviewUnit } from '../../shared/review';
import { rejection } from '../../tests/support/rejection';
import { StandoffService } from '../service';
import { sampleCopies } from '../../tests/support/sample';

const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];
const ANNOTATORS = ['layla', 'tom'];
const DOC = IDS[0]!;

const copySample = sampleCopies('gold');

let root: string;
beforeEach(async () => {
  // The whole sample, annotation files included: layla and tom on all five documents.
  root = await copySample({ annotations: true });
});

const read = (file: string) => readFile(path.join(root, file), 'utf8');
const exists = (file: string) => stat(path.join(root, file)).then(
  () => true,
  () => false,
);

/** Every annotator file of the project, by path, as bytes. */
async function annotatorFiles(): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const id of IDS) for (const a of ANNOTATORS) out.set(layout.annotation(id, a), await readFile(path.join(root, layout.annotation(id, a))));
  return out;
}

/** A document's review units, computed here from the annotators' files, not through the service. */
async function unitsFromFiles(docId: string): Promise<ReviewUnit[]> {
  const layers = await Promise.all(
    ANNOTATORS.map(async (a) => {
      const file = layout.annotation(docId, a);
      return { annotator: a, spans: parseAnnotationFile(await read(file), file).spans };
    }),
  );
  return reviewUnits(layers);
}

/** A gold copy of an annotator's span. */
const goldCopy = (span: Span, id: string): Span => ({ ...span, id });

describe('the gold layer through StandoffService', () => {
  it('the sample has layla and tom on every document, and disagreements to settle', async () => {
    for (const id of IDS) {
      expect((await readdir(path.join(root, layout.annotationsDir(id)))).sort()).toEqual(['layla.json', 'tom.json']);
      expect((await unitsFromFiles(id)).filter(isDisagreement).length).toBeGreaterThan(0);
    }
  });

  it('openDocument with gold: an empty gold layer before anything, and no file written', async () => {
    const service = await StandoffService.open(root);
    const doc = await service.openDocument({ docId: DOC, gold: true });
    expect(doc.layers.map((l) => l.annotator)).toEqual(ANNOTATORS);
    expect(doc.gold).toEqual({ annotator: GOLD, spans: [], relations: [], orphans: [], settled: [], reanchored: 0 });
    expect(await exists(layout.annotation(DOC, GOLD))).toBe(false);
    // Without the flag there is no gold in the answer.
    expect((await service.openDocument({ docId: DOC })).gold).toBeUndefined();
    // The annotators' layers carry no "settled".
    for (const l of doc.layers) expect(l.settled).toBeUndefined();
  });

  it('add + settle on gold writes gold.json with the span and the settled keys (sorted, stable); annotators’ files stay byte for byte', async () => {
    const before = await annotatorFiles();
    const service = await StandoffService.open(root);
    const units = (await unitsFromFiles(DOC)).filter(isDisagreement);
    const [first, second] = [units[0]!, units[1]!];
    const chosen = first.versions[0]!.span;
    // The edits go through the same door as any client's.
    const input = { docId: DOC, annotator: GOLD, edits: [{ op: 'add' as const, span: goldCopy(chosen, 'g1') }, { op: 'settle' as const, unit: second.key }, { op: 'settle' as const, unit: first.key }] };
    expect(inputSchemas.applyEdits.safeParse(input).success).toBe(true);
    expect(await service.applyEdits(input)).toEqual({ spanCount: 1 });

    const file = layout.annotation(DOC, GOLD);
    const raw = await read(file);
    const saved = parseAnnotationFile(raw, file);
    expect(saved.annotator).toBe(GOLD);
    expect(saved.document).toBe(DOC);
    expect(saved.spans).toEqual([goldCopy(chosen, 'g1')]);
    expect(saved.settled).toEqual([first.key, second.key].sort());
    // The stored form is the canonical one: parsing and writing it again gives the same bytes.
    expect(serializeAnnotationFile(saved)).toBe(raw);

    // Settling again what is settled, from a fresh service, changes no byte.
    const again = await StandoffService.open(root);
    await again.applyEdits({ docId: DOC, annotator: GOLD, edits: [{ op: 'settle', unit: first.key }] });
    expect(await read(file)).toBe(raw);

    // Reopening the project sees the gold layer as written.
    const opened = await again.openDocument({ docId: DOC, gold: true });
    expect(opened.gold!.spans).toEqual([goldCopy(chosen, 'g1')]);
    expect(opened.gold!.settled!.slice().sort()).toEqual([first.key, second.key].sort());

    // Unsettling takes the key out of the file.
    await again.applyEdits({ docId: DOC, annotator: GOLD, edits: [{ op: 'unsettle', unit: second.key }] });
    expect(parseAnnotationFile(await read(file), file).settled).toEqual([first.key]);

    expect(await annotatorFiles()).toEqual(before);
  });

  it('refuses settle on an annotator’s layer (bad-request) and writes nothing, not even the rest of the batch', async () => {
    const before = await annotatorFiles();
    const service = await StandoffService.open(root);
    const doc = await service.openDocument({ docId: DOC });
    const layla = doc.layers.find((l) => l.annotator === 'layla')!;
    const [unit] = (await unitsFromFiles(DOC)).filter(isDisagreement);
    for (const edits of [
      [{ op: 'settle' as const, unit: unit!.key }],
      [{ op: 'unsettle' as const, unit: unit!.key }],
      [{ op: 'remove' as const, id: layla.spans[0]!.id }, { op: 'settle' as const, unit: unit!.key }],
    ]) {
      const refused = await rejection(service.applyEdits({ docId: DOC, annotator: 'layla', edits }));
      expect(refused.code).toBe('bad-request');
      expect(refused.message).toContain('only the gold layer records settled disagreements');
    }
    expect(await annotatorFiles()).toEqual(before);
    expect((await service.openDocument({ docId: DOC })).layers.find((l) => l.annotator === 'layla')!.spans).toHaveLength(layla.spans.length);
    expect(await exists(layout.annotation(DOC, GOLD))).toBe(false);
  });

  it('reviewProgress: per document the disagreements (as computed from the files) and the settled, and project totals', async () => {
    const service = await StandoffService.open(root);
    const expected = new Map<string, ReviewUnit[]>();
    for (const id of IDS) expected.set(id, await unitsFromFiles(id));
    const count = (id: string) => expected.get(id)!.filter(isDisagreement).length;
    const total = IDS.reduce((n, id) => n + count(id), 0);

    const empty = await service.reviewProgress();
    expect(empty.documents.map((d) => d.docId)).toEqual(IDS);
    for (const d of empty.documents) {
      expect(d).toMatchObject({ annotators: ANNOTATORS, disagreements: count(d.docId), settled: 0, gold: false });
    }
    expect(empty.disagreements).toBe(total);
    expect(empty.settled).toBe(0);

    // Two real disagreements of one document, one of another; an agreed unit and a made-up key do not count.
    const [d0, d1] = [IDS[1]!, IDS[3]!];
    const disagreements0 = expected.get(d0)!.filter(isDisagreement);
    const agreed0 = expected.get(d0)!.find((u) => !isDisagreement(u));
    expect(agreed0).toBeDefined();
    await service.applyEdits({
      docId: d0,
      annotator: GOLD,
      edits: [
        { op: 'settle', unit: disagreements0[0]!.key },
        { op: 'settle', unit: disagreements0[1]!.key },
        { op: 'settle', unit: agreed0!.key },
        { op: 'settle', unit: 'layla/no-such-span+tom/nor-this' },
      ],
    });
    await service.applyEdits({ docId: d1, annotator: GOLD, edits: [{ op: 'settle', unit: expected.get(d1)!.filter(isDisagreement)[0]!.key }] });

    const progress = await service.reviewProgress();
    const byId = new Map(progress.documents.map((d) => [d.docId, d]));
    expect(byId.get(d0)).toMatchObject({ disagreements: count(d0), settled: 2, gold: true });
    expect(byId.get(d1)).toMatchObject({ disagreements: count(d1), settled: 1, gold: true });
    for (const id of IDS.filter((x) => x !== d0 && x !== d1)) expect(byId.get(id)).toMatchObject({ disagreements: count(id), settled: 0, gold: false });
    expect(progress.disagreements).toBe(total);
    expect(progress.settled).toBe(3);
    expect(progress.settled).toBe(progress.documents.reduce((n, d) => n + d.settled, 0));
  });

  it('reviewProgress follows the annotators: resolving a disagreement in an annotator’s layer lowers the count', async () => {
    const service = await StandoffService.open(root);
    const units = await unitsFromFiles(DOC);
    const partial = units.find((u) => u.status === 'partial' && u.versions.length === 1)!;
    expect(partial).toBeDefined();
    const v = partial.versions[0]!;
    await service.applyEdits({ docId: DOC, annotator: v.annotator, edits: [{ op: 'remove', id: v.span.id }] });
    const after = await unitsFromFiles(DOC);
    expect(after.filter(isDisagreement).length).toBe(units.filter(isDisagreement).length - 1);
    const progress = await service.reviewProgress();
    expect(progress.documents.find((d) => d.docId === DOC)!.disagreements).toBe(after.filter(isDisagreement).length);
  });

  it('"gold" is not an annotator: not a name to open by, never among the annotators or their counts', async () => {
    const service = await StandoffService.open(root);
    const [unit] = (await unitsFromFiles(DOC)).filter(isDisagreement);
    await service.applyEdits({ docId: DOC, annotator: GOLD, edits: [{ op: 'add', span: goldCopy(unit!.versions[0]!.span, 'g1') }, { op: 'settle', unit: unit!.key }] });
    expect(await exists(layout.annotation(DOC, GOLD))).toBe(true);

    // The door refuses it as an annotator name…
    expect(inputSchemas.openDocument.safeParse({ docId: DOC, annotators: [GOLD] }).success).toBe(false);
    expect(inputSchemas.openDocument.safeParse({ docId: DOC, annotators: ['layla'], gold: true }).success).toBe(true);
    // …and the service never serves it as an annotator layer.
    expect((await service.openDocument({ docId: DOC, annotators: [GOLD] })).layers).toEqual([]);
    expect((await service.openDocument({ docId: DOC })).layers.map((l) => l.annotator)).toEqual(ANNOTATORS);
    expect((await service.openDocument({ docId: DOC, gold: true })).layers.map((l) => l.annotator)).toEqual(ANNOTATORS);

    for (const d of await service.listDocuments()) {
      expect(Object.keys(d.annotators).sort()).toEqual(ANNOTATORS);
      expect(d.problems).toEqual([]);
    }
    expect((await service.reviewProgress()).documents.find((d) => d.docId === DOC)!.annotators).toEqual(ANNOTATORS);
  });
});

describe('standoff validate and the gold layer', () => {
  it('accepts a gold file with spans, relations and settled keys, as the service writes it', async () => {
    const service = await StandoffService.open(root);
    expect((await service.validateProject()).problems).toEqual([]);
    const units = await unitsFromFiles(DOC);
    // A claim and its claimant as layla made them, accepted into gold with the relation.
    const layla = parseAnnotationFile(await read(layout.annotation(DOC, 'layla')), 'layla.json');
    const claimant = layla.relations.find((r) => r.type === 'claimant')!;
    const from = layla.spans.find((x) => x.id === claimant.from)!;
    const to = layla.spans.find((x) => x.id === claimant.to)!;
    const keys = units.filter(isDisagreement).slice(0, 3).map((u) => u.key);
    await service.applyEdits({
      docId: DOC,
      annotator: GOLD,
      edits: [
        { op: 'add', span: goldCopy(from, 'g1') },
        { op: 'add', span: goldCopy(to, 'g2') },
        { op: 'addRelation', relation: { id: 'gr1', type: 'claimant', from: 'g1', to: 'g2' } },
        ...keys.map((unit) => ({ op: 'settle' as const, unit })),
      ],
    });
    expect(parseAnnotationFile(await read(layout.annotation(DOC, GOLD)), 'gold.json').settled).toEqual([...keys].sort());
    expect(await service.validateProject()).toMatchObject({ problems: [] });
  });

  it('checks a gold file like any other: a span off the schema is reported against gold.json', async () => {
    const service = await StandoffService.open(root);
    const [unit] = (await unitsFromFiles(DOC)).filter(isDisagreement);
    await service.applyEdits({ docId: DOC, annotator: GOLD, edits: [{ op: 'add', span: goldCopy(unit!.versions[0]!.span, 'g1') }, { op: 'settle', unit: unit!.key }] });
    const file = layout.annotation(DOC, GOLD);
    const data = JSON.parse(await read(file));
    data.spans[0].label = 'location';
    await writeFile(path.join(root, file), JSON.stringify(data, null, 2));
    const report = await service.validateProject();
    expect(report.problems).toEqual([{ file, problems: ['spans[0]: label "location" is not in the project\'s schema'] }]);
  });

  it('rejects settled in an annotator’s file with a clear message', async () => {
    const file = layout.annotation(DOC, 'layla');
    const data = JSON.parse(await read(file));
    await writeFile(path.join(root, file), JSON.stringify({ ...data, settled: ['layla/l-0-001+tom/t-0-001'] }, null, 2));
    const service = await StandoffService.open(root);
    const report = await service.validateProject();
    expect(report.problems).toEqual([{ file, problems: ['settled: only the gold layer records settled disagreements'] }]);
    // The service will not open that layer for editing either: it is reported, never rewritten.
    const doc = await service.openDocument({ docId: DOC });
    expect(doc.layers.find((l) => l.annotator === 'layla')!.error?.problems).toEqual(['settled: only the gold layer records settled disagreements']);
  });
});
