/**
 * Annotation import through the service: records matched to documents, everything checked
 * before anything is written, every problem with its file and line, all files written or none.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputSchemas, type ImportAnnotationsResult } from '../../shared/api/contract';
import { GOLD, parseAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { places, snapshotFiles, tempDirs, writeProject } from '../../tests/support/interchange';
import { rejection } from '../../tests/support/rejection';
import { sampleCopies } from '../../tests/support/sample';
import { writeAllOrNothing, type FileChange } from '../project/transaction';
import { versionOf } from '../project/durableFile';
import { StandoffService } from '../service';

const copySample = sampleCopies('import');
const temp = tempDirs('import');
const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];

const TEXTS = [
  { id: 'a', text: 'Kataib Hezbollah claimed the attack on the convoy.' },
  { id: 'b', text: 'The ministry denied it. 👍🏽 Three soldiers were killed.' },
  { id: 'c', text: 'Saraya Thawrat al-Ashrin said nothing.' },
  { id: 'd', text: 'A fourth report, with no annotations.' },
];

/** A project with the texts above and nothing annotated. */
async function project(): Promise<{ dir: string; root: string; service: StandoffService }> {
  const dir = await temp();
  const root = await writeProject(path.join(dir, 'project'), TEXTS);
  return { dir, root, service: await StandoffService.open(root) };
}

/** A Standoff JSONL line for one of the texts. */
function standoffLine(doc: { id: string; text: string }, spans: Array<Record<string, unknown>>, relations: Array<Record<string, unknown>> = []): string {
  return `${JSON.stringify({ format: 'standoff/jsonl', version: 1, id: doc.id, text: doc.text, spans, relations })}\n`;
}

function ok(result: ImportAnnotationsResult): Extract<ImportAnnotationsResult, { ok: true }> {
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result.problems)}`);
  return result;
}

function failed(result: ImportAnnotationsResult): Extract<ImportAnnotationsResult, { ok: false }> {
  if (result.ok) throw new Error('the import should have failed');
  return result;
}

describe('import: matching records to documents', () => {
  it('by document id, or by exact text when the id is not the project’s; the rule is reported per document', async () => {
    const { dir, root, service } = await project();
    const [a, b] = TEXTS as [{ id: string; text: string }, { id: string; text: string }];
    const file = path.join(dir, 'in.jsonl');
    await writeFile(file, standoffLine(a, [{ id: 's1', label: 'actor', startOffset: 0, endOffset: 16 }]) + standoffLine({ id: 'renamed-elsewhere', text: b.text }, [{ id: 's1', label: 'denial', startOffset: 13, endOffset: 22 }]));
    const result = ok(await service.importAnnotations({ path: file, annotator: 'amira' }));
    expect(result.format).toBe('standoff');
    expect(result.documents.map((d) => [d.docId, d.matchedBy, d.line, d.spans])).toEqual([
      ['a', 'id', 1, 1],
      ['b', 'text', 2, 1],
    ]);
    expect(result.written).toEqual([layout.annotation('a', 'amira'), layout.annotation('b', 'amira')]);
    const saved = parseAnnotationFile(await readFile(path.join(root, layout.annotation('b', 'amira')), 'utf8'), 'b');
    expect(saved.spans.map((s) => [s.label, s.quote.exact])).toEqual([['denial', 'denied it']]);
  });

  it('a record whose id is a document with another text is a problem, not a guess', async () => {
    const { dir, root, service } = await project();
    const file = path.join(dir, 'in.jsonl');
    await writeFile(file, standoffLine({ id: 'a', text: 'Kataib Hezbollah claimed the attack on the CONVOY.' }, []));
    const before = await snapshotFiles(root);
    const result = failed(await service.importAnnotations({ path: file, annotator: 'amira' }));
    expect(result.problems).toEqual([{ file: 'in.jsonl', line: 1, message: expect.stringContaining('document "a" is in the project, but the text here is not its text') }]);
    expect(result.problems[0]!.message).toContain('the first difference is at 43: "convoy." in the project, "CONVOY." here');
    expect(await snapshotFiles(root)).toEqual(before);
  });

  it('unmatched records: a problem by default; skipped and listed when asked', async () => {
    const { dir, service } = await project();
    const file = path.join(dir, 'in.jsonl');
    await writeFile(file, standoffLine(TEXTS[0]!, []) + standoffLine({ id: 'x', text: 'Not in the project.' }, []));
    const strict = failed(await service.importAnnotations({ path: file, annotator: 'amira' }));
    expect(strict.problems).toEqual([{ file: 'in.jsonl', line: 2, message: expect.stringContaining('record "x" matches no document of the project') }]);
    const lenient = ok(await service.importAnnotations({ path: file, annotator: 'amira', unmatched: 'skip' }));
    expect(lenient.documents.map((d) => d.docId)).toEqual(['a']);
    expect(lenient.unmatched).toEqual([{ file: 'in.jsonl', line: 2, message: expect.stringContaining('"x"') }]);
  });

  it('two records for one document are a problem', async () => {
    const { dir, service } = await project();
    const file = path.join(dir, 'in.jsonl');
    await writeFile(file, standoffLine(TEXTS[0]!, []) + standoffLine({ id: 'again', text: TEXTS[0]!.text }, []));
    expect(failed(await service.importAnnotations({ path: file, annotator: 'amira' })).problems).toEqual([
      { file: 'in.jsonl', line: 2, message: 'document a is already imported from in.jsonl line 1: one record per document' },
    ]);
  });
});

describe('import: everything checked, each problem with its file and line, nothing half-imported', () => {
  it('JSONL: a span outside its text, a label not in the schema, an attribute that does not fit, a relation not allowed: every line reported, nothing written', async () => {
    const { dir, root, service } = await project();
    const [a, b, c] = TEXTS as Array<{ id: string; text: string }>;
    const file = path.join(dir, 'bad.jsonl');
    await writeFile(
      file,
      standoffLine(a!, [{ id: 's1', label: 'actor', startOffset: 0, endOffset: 16 }]) +
        standoffLine(b!, [{ id: 's1', label: 'denial', startOffset: 13, endOffset: 999 }]) +
        standoffLine(c!, [{ id: 's1', label: 'rumour', startOffset: 0, endOffset: 6 }]) +
        standoffLine(TEXTS[3]!, [{ id: 's1', label: 'casualty-figure', startOffset: 0, endOffset: 8, attributes: { outcome: 'vanished' } }]),
    );
    const before = await snapshotFiles(root);
    const result = failed(await service.importAnnotations({ path: file, annotator: 'amira' }));
    expect(result.problems.map((p) => [p.file, p.line])).toEqual([
      ['bad.jsonl', 2],
      ['bad.jsonl', 3],
      ['bad.jsonl', 4],
    ]);
    expect(result.problems[0]!.message).toContain('end 999 is past the end of the text');
    expect(result.problems[1]!.message).toContain('label "rumour" is not in the schema');
    expect(result.problems[2]!.message).toMatch(/Outcome.*vanished|vanished.*Outcome/);
    expect(await snapshotFiles(root)).toEqual(before);

    const relations = path.join(dir, 'relations.jsonl');
    await writeFile(
      relations,
      standoffLine(a!, [{ id: 's1', label: 'actor', startOffset: 0, endOffset: 16 }, { id: 's2', label: 'claim', startOffset: 17, endOffset: 50 }], [{ id: 'r1', type: 'claimant', from: 's1', to: 's2' }]),
    );
    const wrongWay = failed(await service.importAnnotations({ path: relations, annotator: 'amira' }));
    expect(wrongWay.problems).toEqual([{ file: 'relations.jsonl', line: 1, message: expect.stringContaining('claimant') }]);
    expect(await snapshotFiles(root)).toEqual(before);
  });

  it('brat: one bad line in the third file of a folder, and no file of the folder is imported', async () => {
    const { dir, root, service } = await project();
    const brat = path.join(dir, 'collection');
    await mkdir(brat);
    for (const d of TEXTS) await writeFile(path.join(brat, `${d.id}.txt`), d.text);
    await writeFile(path.join(brat, 'a.ann'), 'T1\tactor 0 16\tKataib Hezbollah\n');
    await writeFile(path.join(brat, 'b.ann'), 'T1\tdenial 13 22\tdenied it\n');
    await writeFile(path.join(brat, 'c.ann'), 'T1\tactor 0 6\tSaraya\nT2\tgossip 7 14\tThawrat\n');
    await writeFile(path.join(brat, 'd.ann'), '');
    const before = await snapshotFiles(root);
    const result = failed(await service.importAnnotations({ path: brat, annotator: 'amira' }));
    expect(result.format).toBe('brat');
    expect(result.problems).toEqual([{ file: 'collection/c.ann', line: 2, message: expect.stringContaining('"gossip"') }]);
    expect(await snapshotFiles(root)).toEqual(before);
    // Fixed, the whole folder goes in.
    await writeFile(path.join(brat, 'c.ann'), 'T1\tactor 0 6\tSaraya\n');
    const fixed = ok(await service.importAnnotations({ path: brat, annotator: 'amira' }));
    expect(fixed.documents.map((d) => [d.docId, d.file, d.spans])).toEqual([
      ['a', 'collection/a.ann', 1],
      ['b', 'collection/b.ann', 1],
      ['c', 'collection/c.ann', 1],
      ['d', 'collection/d.ann', 0],
    ]);
    // Offsets after the emoji are code points, as brat counts.
    const b = parseAnnotationFile(await readFile(path.join(root, layout.annotation('b', 'amira')), 'utf8'), 'b');
    expect(b.spans[0]!.quote.exact).toBe('denied it');
  });

  it('if a write fails half-way, the files written before it are put back as they were', async () => {
    const dir = await temp();
    const files = ['one', 'two', 'three', 'four'].map((n) => path.join(dir, `${n}.json`));
    await writeFile(files[0]!, 'old one');
    await writeFile(files[1]!, 'old two');
    const changes: FileChange[] = await Promise.all(files.map(async (file, i) => ({ file, name: path.basename(file), content: `new ${i}`, expected: await versionOf(file) })));
    let renames = 0;
    const failing = {
      rename: async (from: string, to: string) => {
        if (++renames === 3) throw new Error('disk full');
        const { rename } = await import('node:fs/promises');
        await rename(from, to);
      },
    };
    await expect(writeAllOrNothing(changes, failing)).rejects.toThrow(/could not write three\.json \(disk full\); every file written before it was put back as it was/);
    expect((await readdir(dir)).sort()).toEqual(['one.json', 'two.json']);
    expect(await readFile(files[0]!, 'utf8')).toBe('old one');
    expect(await readFile(files[1]!, 'utf8')).toBe('old two');
    // Without a failure, all of them.
    await writeAllOrNothing(await Promise.all(files.map(async (file, i) => ({ file, name: path.basename(file), content: `new ${i}`, expected: await versionOf(file) }))));
    expect(await Promise.all(files.map((f) => readFile(f, 'utf8')))).toEqual(['new 0', 'new 1', 'new 2', 'new 3']);
    expect((await readdir(dir)).length).toBe(4);
  });

  it('refuses to write over a file changed since it was read', async () => {
    const dir = await temp();
    const file = path.join(dir, 'x.json');
    await writeFile(file, 'before');
    const expected = await versionOf(file);
    await writeFile(file, 'changed by someone');
    await expect(writeAllOrNothing([{ file, name: 'x.json', content: 'import', expected }])).rejects.toThrow(/was changed on disk while the import was being checked/);
    expect(await readFile(file, 'utf8')).toBe('changed by someone');
    expect(await readdir(dir)).toEqual(['x.json']);
  });

  it('a dry run checks and writes nothing', async () => {
    const { dir, root, service } = await project();
    const file = path.join(dir, 'in.jsonl');
    await writeFile(file, standoffLine(TEXTS[0]!, [{ id: 's1', label: 'actor', startOffset: 0, endOffset: 16 }]));
    const before = await snapshotFiles(root);
    const result = ok(await service.importAnnotations({ path: file, annotator: 'amira', dryRun: true }));
    expect(result.dryRun).toBe(true);
    expect(result.spans).toBe(1);
    expect(result.written).toEqual([]);
    expect(await snapshotFiles(root)).toEqual(before);
  });
});

describe('import: into a layer that already has spans', () => {
  it('refused without a mode; replace takes their place; merge adds what is new and skips exact duplicates', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    const dir = await temp();
    const out = path.join(dir, 'tom.jsonl');
    await service.exportDataset({ format: 'standoff', out, layer: { kind: 'annotator', annotator: 'tom' } });
    const layla = async () => (await Promise.all(IDS.map(async (docId) => (await service.openDocument({ docId })).layers.find((l) => l.annotator === 'layla')!)));
    const before = await layla();

    const refused = failed(await service.importAnnotations({ path: out, annotator: 'layla' }));
    expect(refused.problems).toHaveLength(5);
    expect(refused.problems[0]).toEqual({ file: 'tom.jsonl', line: 1, message: `${layout.annotation(IDS[0]!, 'layla')} already has ${before[0]!.spans.length} spans: choose a mode, replace or merge` });

    const merged = ok(await service.importAnnotations({ path: out, annotator: 'layla', mode: 'merge' }));
    const after = await layla();
    const tom = await Promise.all(IDS.map(async (docId) => (await service.openDocument({ docId })).layers.find((l) => l.annotator === 'tom')!));
    for (let i = 0; i < IDS.length; i++) {
      const union = new Set([...places(before[i]!.spans, true), ...places(tom[i]!.spans, true)]);
      expect(places(after[i]!.spans, true)).toEqual([...union].sort());
      // Span ids stay unique: tom's ids that layla uses too were renamed.
      expect(new Set(after[i]!.spans.map((s) => s.id)).size).toBe(after[i]!.spans.length);
    }
    expect(merged.duplicates).toBeGreaterThan(100); // they agree on most spans
    expect(merged.spans + merged.duplicates).toBe(183);

    // Merging the same again adds nothing, and leaves the files as they are.
    const files = await snapshotFiles(root);
    const again = ok(await service.importAnnotations({ path: out, annotator: 'layla', mode: 'merge' }));
    expect(again.spans).toBe(0);
    expect(again.written).toEqual([]);
    expect(await snapshotFiles(root)).toEqual(files);

    const replaced = ok(await service.importAnnotations({ path: out, annotator: 'layla', mode: 'replace' }));
    expect(replaced.documents[0]!.replaced).toEqual({ spans: after[0]!.spans.length, relations: after[0]!.relations.length, orphans: 0 });
    const now = await layla();
    for (let i = 0; i < IDS.length; i++) expect(places(now[i]!.spans, true)).toEqual(places(tom[i]!.spans, true));
  });

  it('the service sees the imported layer at once, and edits to it are saved without a conflict', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    const before = await service.openDocument({ docId: IDS[0]! }); // layla's layer is now open in the service
    const dir = await temp();
    const out = path.join(dir, 'tom.jsonl');
    await service.exportDataset({ format: 'standoff', out, layer: { kind: 'annotator', annotator: 'tom' }, documents: { kind: 'list', docIds: [IDS[0]!] } });
    ok(await service.importAnnotations({ path: out, annotator: 'layla', mode: 'replace' }));
    const after = await service.openDocument({ docId: IDS[0]! });
    const tom = after.layers.find((l) => l.annotator === 'tom')!;
    const layla = after.layers.find((l) => l.annotator === 'layla')!;
    expect(places(layla.spans, true)).toEqual(places(tom.spans, true));
    expect(places(layla.spans, true)).not.toEqual(places(before.layers.find((l) => l.annotator === 'layla')!.spans, true));
    const loose = layla.spans.find((s) => !layla.relations.some((r) => r.from === s.id || r.to === s.id))!;
    await service.applyEdits({ docId: IDS[0]!, annotator: 'layla', edits: [{ op: 'remove', id: loose.id }] });
    expect((await service.openDocument({ docId: IDS[0]! })).layers.find((l) => l.annotator === 'layla')!.spans.length).toBe(layla.spans.length - 1);
  });

  it('imports into the gold layer too, keeping its settled disagreements', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    await service.applyEdits({ docId: IDS[1]!, annotator: GOLD, edits: [{ op: 'settle', unit: 'layla/x' }] });
    const dir = await temp();
    const out = path.join(dir, 'layla.jsonl');
    await service.exportDataset({ format: 'standoff', out, layer: { kind: 'annotator', annotator: 'layla' } });
    const result = ok(await service.importAnnotations({ path: out, annotator: GOLD }));
    expect(result.documents).toHaveLength(5);
    const gold = (await service.openDocument({ docId: IDS[1]!, gold: true })).gold!;
    expect(gold.settled).toEqual(['layla/x']);
    expect(gold.spans.length).toBeGreaterThan(10);
  });
});

describe('import: formats', () => {
  it('tells the format from the file, and asks when it cannot', async () => {
    const { dir, service } = await project();
    const a = TEXTS[0]!;
    const write = async (name: string, content: string) => {
      const p = path.join(dir, name);
      await writeFile(p, content);
      return p;
    };
    const spacy = await write('s.jsonl', `${JSON.stringify({ text: a.text, spans: [{ start: 0, end: 16, label: 'actor' }], meta: { id: 'a' } })}\n`);
    expect(ok(await service.importAnnotations({ path: spacy, annotator: 'p' })).format).toBe('spacy');
    const doccano = await write('d.jsonl', `${JSON.stringify({ id: 'a', text: a.text, label: [[0, 16, 'actor']] })}\n`);
    expect(ok(await service.importAnnotations({ path: doccano, annotator: 'q' })).format).toBe('doccano');
    const bare = await write('bare.jsonl', `${JSON.stringify({ id: 'a', text: a.text })}\n`);
    const ambiguous = await rejection(service.importAnnotations({ path: bare, annotator: 'r' }));
    expect(ambiguous.message).toBe('cannot tell the format of bare.jsonl: its first record has no annotations to recognise it by (no spans, label or entities); say which it is (standoff, spacy, conll, doccano, brat, labelstudio, webanno, w3c)');
    // Told, it reads it.
    expect(ok(await service.importAnnotations({ path: bare, annotator: 'r', format: 'doccano' })).documents).toHaveLength(1);
    const json = await write('x.json', '{"rows": []}');
    expect((await rejection(service.importAnnotations({ path: json, annotator: 'r' }))).message).toContain('cannot tell the format of x.json');
    expect((await rejection(service.importAnnotations({ path: path.join(dir, 'none.jsonl'), annotator: 'r' }))).code).toBe('not-found');
    const txt = await write('a.txt', a.text);
    expect((await rejection(service.importAnnotations({ path: txt, annotator: 'r' }))).message).toContain('give the .ann file or the folder');
  });

  it('W3C: a file of several annotators’ annotations is refused for one layer', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    const dir = await temp();
    const both = await service.exportDataset({ format: 'w3c', out: path.join(dir, 'both.jsonld'), layer: { kind: 'all' } });
    const result = failed(await service.importAnnotations({ path: both.out, annotator: 'amira' }));
    expect(result.problems).toHaveLength(5);
    expect(result.problems[0]!.message).toContain('by several creators (layla, tom)');
  });

  it('brat: a folder of an export of every annotator asks for one of its folders', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    const dir = await temp();
    const brat = await service.exportDataset({ format: 'brat', out: path.join(dir, 'brat'), layer: { kind: 'all' } });
    expect((await rejection(service.importAnnotations({ path: brat.out, annotator: 'amira' }))).message).toContain('its folders layla, tom do: import one of them');
    expect(ok(await service.importAnnotations({ path: path.join(brat.out, 'tom'), annotator: 'amira' })).spans).toBe(183);
  });

  it('validates its input at the door', () => {
    expect(inputSchemas.importAnnotations.safeParse({ path: '/x/y.jsonl', annotator: 'amira' }).success).toBe(true);
    expect(inputSchemas.importAnnotations.safeParse({ path: '/x/y.jsonl', annotator: 'gold', mode: 'merge' }).success).toBe(true);
    expect(inputSchemas.importAnnotations.safeParse({ path: 'y.jsonl', annotator: 'amira' }).success).toBe(false);
    expect(inputSchemas.importAnnotations.safeParse({ path: '/x/y.jsonl', annotator: '../etc' }).success).toBe(false);
    expect(inputSchemas.importAnnotations.safeParse({ path: '/x/y.jsonl', annotator: 'amira', mode: 'append' }).success).toBe(false);
    expect(inputSchemas.importAnnotations.safeParse({ path: '/x/y.jsonl', annotator: 'amira', format: 'huggingface' }).success).toBe(false);
    expect(inputSchemas.importAnnotations.safeParse({ path: '/x/y.jsonl', annotator: 'amira', unmatched: 'create', labels: { add: true, map: { PER: 'actor' } } }).success).toBe(true);
    expect(inputSchemas.importAnnotations.safeParse({ path: '/x/y.jsonl', annotator: 'amira', labels: { rename: true } }).success).toBe(false);
  });
});
