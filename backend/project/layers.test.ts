import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { spanOver } from '../../tests/support/spans';
import { ApiError } from '../../shared/api/errors';
import { parseAnnotationFile, serializeAnnotationFile, type AnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { quoteOf } from '../../shared/model/quote';
import type { Span } from '../../shared/model/span';
import { CodePointIndex } from '../../shared/text/codePoints';
import { textHash } from '../../shared/text/hash';
import { importArticles } from '../import/importer';
import { StandoffService } from '../service';
import { Project } from './project';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');
const EMOJI_TEXT =
  'Reaction 👍🏽 online 🇮🇶 and cafe\u0301 talk.\nSaraya Thawrat al-Ashrin claimed the attack; the US denied it.\nOne fighter was killed.';
const EMOJI_DOC = 'emoji';
const DOC = '003_0facc4703c9682af';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

/** A fresh copy of the sample project's texts (no annotation files), plus a document with emoji. */
async function newProject(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'standoff-layers-'));
  temps.push(root);
  await cp(SAMPLE, root, {
    recursive: true,
    filter: (src) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations'),
  });
  const src = await mkdtemp(path.join(tmpdir(), 'standoff-src-'));
  await writeFile(path.join(src, `${EMOJI_DOC}.txt`), EMOJI_TEXT);
  const report = await importArticles(root, [path.join(src, `${EMOJI_DOC}.txt`)]);
  await rm(src, { recursive: true, force: true });
  expect(report.imported.map((d) => d.docId)).toEqual([EMOJI_DOC]);
  return root;
}

/** Every file of a project with its bytes and modification time. */
async function snapshot(root: string): Promise<Map<string, { bytes: Buffer; mtimeMs: number }>> {
  const out = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(root, full).split(path.sep).join('/');
    if (rel.startsWith('.standoff/')) continue; // this machine's working folder (seats), not the project's content
    out.set(rel, { bytes: await readFile(full), mtimeMs: (await stat(full)).mtimeMs });
  }
  return out;
}


async function readLayer(root: string, docId: string, annotator: string): Promise<AnnotationFile> {
  const rel = layout.annotation(docId, annotator);
  return parseAnnotationFile(await readFile(path.join(root, rel), 'utf8'), rel);
}

async function textOf(root: string, docId: string): Promise<string> {
  return readFile(path.join(root, layout.text(docId)), 'utf8');
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

let root: string;
beforeEach(async () => {
  root = await newProject();
});

describe('applyEdits writes one file: its annotator’s', () => {
  it('creates documents/<doc>/annotations/<annotator>.json and touches nothing else', async () => {
    const text = await textOf(root, DOC);
    const first = await StandoffService.open(root);
    await first.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(text, 'Qassem Suleimani', 'a1', 'actor') }] });
    await first.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(EMOJI_TEXT, 'claimed', 'a2') }] });
    await pause(30); // so that a rewrite would show in the modification times
    const before = await snapshot(root);

    const service = await StandoffService.open(root);
    await service.openDocument({ docId: DOC });
    const result = await service.applyEdits({ docId: DOC, annotator: 'bob', edits: [{ op: 'add', span: spanOver(text, 'Kataib Hezbollah', 'b1', 'actor') }] });
    expect(result.spanCount).toBe(1);

    const after = await snapshot(root);
    const created = [...after.keys()].filter((k) => !before.has(k));
    expect(created).toEqual([layout.annotation(DOC, 'bob')]);
    for (const [file, was] of before) {
      const now = after.get(file);
      expect(now, file).toBeDefined();
      expect(now!.bytes.equals(was.bytes), `${file} bytes`).toBe(true);
      expect(now!.mtimeMs, `${file} mtime`).toBe(was.mtimeMs);
    }
    const bob = await readLayer(root, DOC, 'bob');
    expect(bob.spans.map((s) => s.id)).toEqual(['b1']);
    expect(bob.annotator).toBe('bob');
    expect(bob.document).toBe(DOC);
  });

  it('keeps the annotator’s earlier spans and leaves the other annotator’s file alone', async () => {
    const text = await textOf(root, DOC);
    const service = await StandoffService.open(root);
    await service.applyEdits({ docId: DOC, annotator: 'bob', edits: [{ op: 'add', span: spanOver(text, 'Kataib Hezbollah', 'b1', 'actor') }] });
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(text, 'Qassem', 'a1', 'actor') }] });
    const bobFile = path.join(root, layout.annotation(DOC, 'bob'));
    const bobBefore = await readFile(bobFile);
    const bobMtime = (await stat(bobFile)).mtimeMs;
    await pause(30);
    await service.applyEdits({
      docId: DOC,
      annotator: 'amira',
      edits: [
        { op: 'add', span: spanOver(text, 'covert attacks', 'a2') },
        { op: 'update', span: { ...spanOver(text, 'Qassem Suleimani', 'a1', 'actor') } },
      ],
    });
    expect((await readFile(bobFile)).equals(bobBefore)).toBe(true);
    expect((await stat(bobFile)).mtimeMs).toBe(bobMtime);
    const amira = await readLayer(root, DOC, 'amira');
    expect(amira.spans.map((s) => [s.id, s.quote.exact])).toEqual([
      ['a1', 'Qassem Suleimani'],
      ['a2', 'covert attacks'],
    ]);
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'remove', id: 'a1' }] });
    expect((await readLayer(root, DOC, 'amira')).spans.map((s) => s.id)).toEqual(['a2']);
    // No temporary files are left behind.
    const names = await readdir(path.join(root, layout.annotationsDir(DOC)));
    expect(names.sort()).toEqual(['amira.json', 'bob.json']);
  });
});

describe('what an annotation file holds', () => {
  it('stores code-point offsets (not UTF-16) and the quote with its context', async () => {
    const service = await StandoffService.open(root);
    const span = spanOver(EMOJI_TEXT, 'claimed the attack', 's1');
    const utf16Start = EMOJI_TEXT.indexOf('claimed the attack');
    const cps = Array.from(EMOJI_TEXT);
    expect(span.startOffset).toBe(utf16Start - 4); // 👍🏽 and 🇮🇶 are 4 code points but 8 UTF-16 units
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span }] });

    const raw = await readFile(path.join(root, layout.annotation(EMOJI_DOC, 'amira')), 'utf8');
    const file = JSON.parse(raw) as AnnotationFile;
    expect(file.offsets).toBe('unicode-code-points');
    const stored = file.spans[0]!;
    expect(stored.startOffset).toBe(utf16Start - 4);
    expect(cps.slice(stored.startOffset, stored.endOffset).join('')).toBe('claimed the attack');
    expect(stored.quote.exact).toBe('claimed the attack');
    expect(stored.quote.prefix).toBe(cps.slice(stored.startOffset - 32, stored.startOffset).join(''));
    expect(stored.quote.suffix).toBe(cps.slice(stored.endOffset, stored.endOffset + 32).join(''));
    expect(file.textHash).toBe(textHash(EMOJI_TEXT));
    // The bytes are the canonical serialization (stable output).
    expect(raw).toBe(serializeAnnotationFile(parseAnnotationFile(raw, 'x')));
  });

  it('reads back through openDocument what was saved, in a new session', async () => {
    const first = await StandoffService.open(root);
    const spans = [spanOver(EMOJI_TEXT, 'Saraya Thawrat al-Ashrin', 's1', 'actor'), spanOver(EMOJI_TEXT, 'the US denied it', 's2', 'denial'), spanOver(EMOJI_TEXT, 'One fighter was killed', 's3', 'casualty-figure')];
    await first.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: spans.map((span) => ({ op: 'add' as const, span })) });
    const second = await StandoffService.open(root);
    const doc = await second.openDocument({ docId: EMOJI_DOC });
    expect(doc.text).toBe(EMOJI_TEXT);
    const layer = doc.layers.find((l) => l.annotator === 'amira');
    expect(layer?.error).toBeUndefined();
    expect(layer?.spans.map((s) => s.id).sort()).toEqual(['s1', 's2', 's3']);
    expect(layer?.spans.find((s) => s.id === 's2')).toEqual(spans[1]);
  });
});

describe('a layer changed by another program', () => {
  it('is read again when the document is opened, with no watcher to tell of it', async () => {
    const service = await StandoffService.open(root);
    const s1 = spanOver(EMOJI_TEXT, 'Saraya Thawrat al-Ashrin', 's1', 'actor');
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: s1 }] });
    expect((await service.openDocument({ docId: EMOJI_DOC, annotators: ['amira'] })).layers[0]!.spans.map((s) => s.label)).toEqual(['actor']);
    // Another program relabels it (the service watches nothing here: no event will come).
    const rel = layout.annotation(EMOJI_DOC, 'amira');
    const file = parseAnnotationFile(await readFile(path.join(root, rel), 'utf8'), rel);
    await writeFile(path.join(root, rel), serializeAnnotationFile({ ...file, spans: [{ ...file.spans[0]!, label: 'claim' }] }));
    expect((await service.openDocument({ docId: EMOJI_DOC, annotators: ['amira'] })).layers[0]!.spans.map((s) => s.label)).toEqual(['claim']);
    await service.close();
  });
});

describe('concurrent saves', () => {
  const manyEdits = (n: number, prefix: string, text: string) => {
    const index = new CodePointIndex(text);
    return Array.from({ length: n }, (_, i) => {
      const start = i * 7;
      const span: Span = { id: `${prefix}${i}`, label: 'claim', startOffset: start, endOffset: start + 5, quote: quoteOf(index, start, start + 5) };
      return span;
    });
  };

  it('puts every span of many concurrent applyEdits calls on disk, on a layer not yet opened', async () => {
    const text = await textOf(root, DOC);
    const service = await StandoffService.open(root);
    const spans = manyEdits(40, 'c', text);
    const results = await Promise.allSettled(spans.map((span) => service.applyEdits({ docId: DOC, annotator: 'zed', edits: [{ op: 'add', span }] })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const file = await readLayer(root, DOC, 'zed');
    expect(file.spans.map((s) => s.id).sort()).toEqual(spans.map((s) => s.id).sort());
    const counts = results.map((r) => (r.status === 'fulfilled' ? r.value.spanCount : -1));
    expect(Math.max(...counts)).toBe(40);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    // And a new session sees them all.
    const reopened = await (await StandoffService.open(root)).openDocument({ docId: DOC });
    expect(reopened.layers.find((l) => l.annotator === 'zed')?.spans).toHaveLength(40);
  });

  it('coalesces many concurrent saves of an open layer into a final file with every span', async () => {
    const text = await textOf(root, DOC);
    const service = await StandoffService.open(root);
    const spans = manyEdits(60, 'k', text);
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: spans[0]! }] });
    await Promise.all(spans.slice(1).map((span) => service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span }] })));
    // Removes and adds racing each other as well.
    await Promise.all([
      service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'remove', id: 'k0' }] }),
      service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'remove', id: 'k1' }] }),
      service.openDocument({ docId: DOC }),
      service.applyEdits({ docId: DOC, annotator: 'bob', edits: [{ op: 'add', span: spans[0]! }] }),
    ]);
    const file = await readLayer(root, DOC, 'amira');
    expect(file.spans).toHaveLength(58);
    expect(file.spans.map((s) => s.id)).not.toContain('k0');
    expect((await readLayer(root, DOC, 'bob')).spans).toHaveLength(1);
  });

  it('keeps every span in file order through many single-span saves that add, move, relabel and remove', async () => {
    // Each save places its change in the list kept from the save before (binary search, no sort):
    // the file must hold exactly what a whole rewrite of the expected spans would.
    const text = await textOf(root, DOC);
    const index = new CodePointIndex(text);
    const service = await StandoffService.open(root);
    const spanAt = (id: string, start: number, length: number, label = 'claim'): Span => ({ id, label, startOffset: start, endOffset: start + length, quote: quoteOf(index, start, start + length) });
    const expected = new Map<string, Span>();
    const save = async (edit: { op: 'add' | 'update'; span: Span } | { op: 'remove'; id: string }) => {
      await service.applyEdits({ docId: DOC, annotator: 'order', edits: [edit] });
      if (edit.op === 'remove') expected.delete(edit.id);
      else expected.set(edit.span.id, edit.span);
    };
    // Same starts and ends on purpose: the order then falls to the end, the label and the id.
    for (let i = 0; i < 30; i++) await save({ op: 'add', span: spanAt(`o${i}`, (i * 37) % 200, 3 + (i % 4), i % 3 ? 'claim' : 'actor') });
    for (let i = 0; i < 30; i += 3) await save({ op: 'update', span: spanAt(`o${i}`, (i * 53) % 180, 2 + (i % 5)) });
    for (let i = 1; i < 30; i += 4) await save({ op: 'update', span: { ...expected.get(`o${i}`)!, label: 'denial' } });
    for (let i = 2; i < 30; i += 5) await save({ op: 'remove', id: `o${i}` });
    const raw = await readFile(path.join(root, layout.annotation(DOC, 'order')), 'utf8');
    const file = parseAnnotationFile(raw, 'order.json');
    expect(raw).toBe(serializeAnnotationFile({ ...file, spans: [...expected.values()] }));
    expect(file.spans.map((s) => s.id).sort()).toEqual([...expected.keys()].sort());
    const reopened = await (await StandoffService.open(root)).openDocument({ docId: DOC });
    expect(reopened.layers.find((l) => l.annotator === 'order')?.spans).toEqual(file.spans);
  });

  it('keeps one in-memory layer when opening the document races the first save of a session', async () => {
    await (await StandoffService.open(root)).applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(EMOJI_TEXT, 'Reaction', 'x0') }] });
    const service = await StandoffService.open(root);
    const [, opened] = await Promise.all([
      service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(EMOJI_TEXT, 'claimed', 'x1') }] }),
      service.openDocument({ docId: EMOJI_DOC }),
      service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(EMOJI_TEXT, 'fighter', 'x3') }] }),
    ]);
    expect(opened.text).toBe(EMOJI_TEXT);
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(EMOJI_TEXT, 'denied', 'x2') }] });
    const doc = await service.openDocument({ docId: EMOJI_DOC });
    expect(doc.layers.find((l) => l.annotator === 'amira')?.spans.map((s) => s.id).sort()).toEqual(['x0', 'x1', 'x2', 'x3']);
    expect((await readLayer(root, EMOJI_DOC, 'amira')).spans.map((s) => s.id).sort()).toEqual(['x0', 'x1', 'x2', 'x3']);
  });
});

describe('an invalid edit batch is rejected whole', () => {
  const good = () => ({ op: 'add' as const, span: spanOver(EMOJI_TEXT, 'killed', 'good') });
  const cases: Array<[string, () => Parameters<StandoffService['applyEdits']>[0]['edits'], RegExp, string]> = [
    ['a label not in the schema', () => [good(), { op: 'add', span: spanOver(EMOJI_TEXT, 'fighter', 'w1', 'weapon') }], /the label “weapon” is not in the project's labels/, 'bad-request'],
    [
      'a span past the end of the text',
      () => [good(), { op: 'add', span: { ...spanOver(EMOJI_TEXT, 'killed.', 'p1'), startOffset: Array.from(EMOJI_TEXT).length - 2, endOffset: Array.from(EMOJI_TEXT).length + 1 } }],
      /ends past the end of the text/,
      'bad-request',
    ],
    [
      'a quote that does not match the text',
      // The UTF-16 offsets of "claimed": what a client that forgot about code points would send.
      () => [good(), { op: 'add', span: { ...spanOver(EMOJI_TEXT, 'claimed', 'q1'), startOffset: EMOJI_TEXT.indexOf('claimed'), endOffset: EMOJI_TEXT.indexOf('claimed') + 7 } }],
      /no longer matches the text at its place/,
      'bad-request',
    ],
    ['a duplicate id within the batch', () => [good(), { ...good() }], /is already in the layer/, 'conflict'],
    ['an id that already exists in the file', () => [good(), { op: 'add', span: spanOver(EMOJI_TEXT, 'Reaction', 'old') }], /is already in the layer/, 'conflict'],
    ['a remove of a span that is not there', () => [good(), { op: 'remove', id: 'ghost' }], /the span to delete is no longer in/, 'conflict'],
    ['an update of a span that is not there', () => [good(), { op: 'update', span: spanOver(EMOJI_TEXT, 'talk', 'ghost') }], /is no longer in the layer/, 'conflict'],
  ];

  it.each(cases)('%s', async (_name, edits, message, code) => {
    const service = await StandoffService.open(root);
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(EMOJI_TEXT, 'Reaction', 'old') }] });
    const file = path.join(root, layout.annotation(EMOJI_DOC, 'amira'));
    const bytes = await readFile(file);
    const mtime = (await stat(file)).mtimeMs;
    await pause(20);

    const e = await rejection(service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: edits() }));
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(code);
    expect(e.message).toMatch(message);
    expect((await readFile(file)).equals(bytes)).toBe(true);
    expect((await stat(file)).mtimeMs).toBe(mtime);
    // Nothing of the batch was applied in memory either: the next save holds only "old" and "next".
    const after = await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(EMOJI_TEXT, 'talk', 'next') }] });
    expect(after.spanCount).toBe(2);
    expect((await readLayer(root, EMOJI_DOC, 'amira')).spans.map((s) => s.id).sort()).toEqual(['next', 'old']);
  });

  it('creates no file for a new annotator when the batch is rejected', async () => {
    const service = await StandoffService.open(root);
    await expect(service.applyEdits({ docId: EMOJI_DOC, annotator: 'newbie', edits: [good(), { op: 'remove', id: 'ghost' }] })).rejects.toThrow(/the span to delete is no longer in/);
    await expect(stat(path.join(root, layout.annotation(EMOJI_DOC, 'newbie')))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a document that is not in the project', async () => {
    const service = await StandoffService.open(root);
    const e = await rejection(service.applyEdits({ docId: 'nope', annotator: 'amira', edits: [good()] }));
    expect((e as ApiError).code).toBe('not-found');
    expect(e.message).toContain('"nope"');
  });
});

describe('a corrupt annotation file is reported and never written', () => {
  const valid = (annotator: string, over: Record<string, unknown> = {}) =>
    JSON.stringify({ ...JSON.parse(serializeAnnotationFile({ format: 'standoff/annotations', version: 2, document: EMOJI_DOC, annotator, offsets: 'unicode-code-points', textHash: textHash(EMOJI_TEXT), spans: [spanOver(EMOJI_TEXT, 'killed', 'k1')], relations: [], orphans: [] })), ...over }, null, 2);
  const corrupt: Array<[string, () => Buffer, RegExp]> = [
    ['badjson', () => Buffer.from('{"format": "standoff/annotations", "version": 1, "spans": [', 'utf8'), /not valid JSON/],
    ['badutf8', () => Buffer.concat([Buffer.from(valid('badutf8').slice(0, 40), 'utf8'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(valid('badutf8').slice(40), 'utf8')]), /not valid UTF-8 \(first bad byte at 40\)/],
    ['v99', () => Buffer.from(valid('v99', { version: 99 }), 'utf8'), /version 99 is newer.*left as it is/],
    ['elsewhere', () => Buffer.from(valid('someone-else'), 'utf8'), /"emoji" by "someone-else", which is not where it lies/],
    ['badquote', () => Buffer.from(valid('badquote', { spans: [{ ...spanOver(EMOJI_TEXT, 'killed', 'k1'), startOffset: 3, endOffset: 9 }] }), 'utf8'), /spans\[0\]: quote does not match the text at 3–9/],
  ];

  async function writeCorrupt(): Promise<Map<string, { bytes: Buffer; mtimeMs: number }>> {
    const dir = path.join(root, layout.annotationsDir(EMOJI_DOC));
    await mkdir(dir, { recursive: true });
    for (const [name, bytes] of corrupt) await writeFile(path.join(dir, `${name}.json`), bytes());
    await writeFile(path.join(dir, 'fine.json'), valid('fine'));
    await pause(20);
    return snapshot(root);
  }

  it('openDocument reports each as layer.error naming the file; the readable layer still opens', async () => {
    await writeCorrupt();
    const service = await StandoffService.open(root);
    const doc = await service.openDocument({ docId: EMOJI_DOC });
    expect(doc.layers.map((l) => l.annotator)).toEqual(['badjson', 'badquote', 'badutf8', 'elsewhere', 'fine', 'v99']);
    for (const [name, , problem] of corrupt) {
      const layer = doc.layers.find((l) => l.annotator === name)!;
      expect(layer.error?.file).toBe(`documents/${EMOJI_DOC}/annotations/${name}.json`);
      expect(layer.error?.problems.join('; ')).toMatch(problem);
      expect(layer.spans).toEqual([]);
    }
    expect(doc.layers.find((l) => l.annotator === 'fine')?.spans.map((s) => s.id)).toEqual(['k1']);
    const summary = (await service.listDocuments()).find((d) => d.id === EMOJI_DOC)!;
    expect(summary.annotators).toEqual({ fine: 1 });
    expect(summary.problems.map((p) => p.file).sort()).toEqual(corrupt.map(([n]) => `documents/${EMOJI_DOC}/annotations/${n}.json`).sort());
  });

  it('a later applyEdits for that annotator throws and leaves the file byte for byte as it was', async () => {
    const before = await writeCorrupt();
    const service = await StandoffService.open(root);
    await service.openDocument({ docId: EMOJI_DOC });
    for (const [name] of corrupt) {
      const e = await rejection(service.applyEdits({ docId: EMOJI_DOC, annotator: name, edits: [{ op: 'add', span: spanOver(EMOJI_TEXT, 'talk', 'n1') }] }));
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).code).toBe('unreadable-file');
      expect(e.message).toContain(`documents/${EMOJI_DOC}/annotations/${name}.json could not be read, so it is not being changed`);
      expect((e as ApiError).problem?.file).toBe(`documents/${EMOJI_DOC}/annotations/${name}.json`);
    }
    // Without opening the document first, too (a new session).
    const other = await StandoffService.open(root);
    for (const [name] of corrupt) {
      await expect(other.applyEdits({ docId: EMOJI_DOC, annotator: name, edits: [{ op: 'remove', id: 'k1' }] })).rejects.toThrow(`${name}.json`);
    }
    const after = await snapshot(root);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, was] of before) {
      expect(after.get(file)!.bytes.equals(was.bytes), file).toBe(true);
      expect(after.get(file)!.mtimeMs, file).toBe(was.mtimeMs);
    }
  });
});

describe('a text that changed since the annotations were made', () => {
  const OLD = EMOJI_TEXT;
  const NEW = `Editor’s note 🇮🇶: updated.\n${EMOJI_TEXT.replace(' the US denied it.', ' nobody commented.').replace('Saraya Thawrat al-Ashrin', 'Saraya Thawrat al-Ashreen')}`;

  async function setUp(): Promise<Span[]> {
    const spans = [
      spanOver(OLD, 'claimed the attack', 's-move'),
      spanOver(OLD, 'the US denied it', 's-gone', 'denial'),
      spanOver(OLD, 'Saraya Thawrat al-Ashrin', 's-typo', 'actor'),
      spanOver(OLD, 'One fighter was killed', 's-fig', 'casualty-figure'),
    ];
    const service = await StandoffService.open(root);
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: spans.map((span) => ({ op: 'add' as const, span })) });
    await writeFile(path.join(root, layout.text(EMOJI_DOC)), NEW);
    return spans;
  }

  it('re-anchors the spans that can be found and keeps the rest as orphans with reasons', async () => {
    const spans = await setUp();
    const file = path.join(root, layout.annotation(EMOJI_DOC, 'amira'));
    const bytes = await readFile(file);
    const service = await StandoffService.open(root);
    const doc = await service.openDocument({ docId: EMOJI_DOC });
    expect(doc.text).toBe(NEW);
    const layer = doc.layers.find((l) => l.annotator === 'amira')!;
    expect(layer.error).toBeUndefined();
    const cps = Array.from(NEW);
    const byId = new Map(layer.spans.map((s) => [s.id, s]));
    expect([...byId.keys()].sort()).toEqual(['s-fig', 's-move', 's-typo']);
    expect(cps.slice(byId.get('s-move')!.startOffset, byId.get('s-move')!.endOffset).join('')).toBe('claimed the attack');
    expect(cps.slice(byId.get('s-fig')!.startOffset, byId.get('s-fig')!.endOffset).join('')).toBe('One fighter was killed');
    expect(cps.slice(byId.get('s-typo')!.startOffset, byId.get('s-typo')!.endOffset).join('')).toMatch(/^Saraya Thawrat al-Ashre/);
    expect(layer.reanchored).toBe(3);
    expect(layer.orphans).toHaveLength(1);
    expect(layer.orphans[0]!.span).toEqual(spans[1]);
    expect(layer.orphans[0]!.reason).toContain('the US denied it');
    // Opening only reads: the file is untouched until the annotator saves.
    expect((await readFile(file)).equals(bytes)).toBe(true);
  });

  it('saves the re-anchored spans, the orphans and the new text hash with the next edit, once', async () => {
    await setUp();
    const service = await StandoffService.open(root);
    await service.openDocument({ docId: EMOJI_DOC });
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(NEW, 'nobody commented', 's-new', 'denial') }] });
    const saved = await readLayer(root, EMOJI_DOC, 'amira');
    expect(saved.textHash).toBe(textHash(NEW));
    expect(saved.spans.map((s) => s.id).sort()).toEqual(['s-fig', 's-move', 's-new', 's-typo']);
    expect(saved.orphans.map((o) => o.span.id)).toEqual(['s-gone']);
    const index = new CodePointIndex(NEW);
    for (const s of saved.spans) expect(index.slice(s.startOffset, s.endOffset)).toBe(s.quote.exact);

    // A new session finds a consistent file: no second re-anchoring, the orphan kept once.
    const again = await (await StandoffService.open(root)).openDocument({ docId: EMOJI_DOC });
    const layer = again.layers.find((l) => l.annotator === 'amira')!;
    expect(layer.reanchored).toBe(0);
    expect(layer.orphans.map((o) => o.span.id)).toEqual(['s-gone']);
    expect(layer.spans).toHaveLength(4);
  });

  it('reports a file made on the same text whose span no longer fits, rather than moving it', async () => {
    const project = await Project.open(root);
    const doc = await project.documents.load(EMOJI_DOC);
    const dir = path.join(root, layout.annotationsDir(EMOJI_DOC));
    await mkdir(dir, { recursive: true });
    const span = spanOver(EMOJI_TEXT, 'killed', 'k1');
    await writeFile(
      path.join(dir, 'amira.json'),
      serializeAnnotationFile({ format: 'standoff/annotations', version: 2, document: EMOJI_DOC, annotator: 'amira', offsets: 'unicode-code-points', textHash: doc.hash, spans: [{ ...span, endOffset: 9999 }], relations: [], orphans: [] }),
    );
    const layer = await project.layers.layer(doc, 'amira');
    expect(layer.error?.problems[0]).toMatch(/^spans\[0\]: ends at 9999, past the end of the text/);
  });
});

describe('a file changed on disk by something else', () => {
  const rel = layout.annotation(EMOJI_DOC, 'amira');

  it('is never overwritten: the edit is merged onto the other version, equal-size changes with the old time included', async () => {
    const root = await newProject();
    const service = await StandoffService.open(root);
    const text = await textOf(root, EMOJI_DOC);
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(text, 'Saraya Thawrat al-Ashrin', 's1', 'actor') }] });

    // A sync client changes the file without changing its length, and keeps its time.
    const full = path.join(root, rel);
    const { mtime, size } = await stat(full);
    const mine = await readFile(full, 'utf8');
    const theirs = mine.replace('"label": "actor"', '"label": "claim"');
    expect(theirs.length).toBe(mine.length);
    await writeFile(full, theirs);
    await utimes(full, mtime, mtime);
    expect((await stat(full)).size).toBe(size);

    const edit = { op: 'add' as const, span: spanOver(text, 'One fighter was killed', 's3', 'casualty-figure') };
    const result = await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [edit] });
    expect(result.merged).toEqual({ applied: 1, conflicts: [] });
    const onDisk = await readLayer(root, EMOJI_DOC, 'amira');
    expect(onDisk.spans.map((s) => [s.id, s.label])).toEqual(expect.arrayContaining([['s1', 'claim'], ['s3', 'casualty-figure']]));
    expect(onDisk.spans).toHaveLength(2);
  });

  it('keeps both versions apart where both sides changed the same span: their version on disk, mine in the conflict', async () => {
    const root = await newProject();
    const service = await StandoffService.open(root);
    const text = await textOf(root, EMOJI_DOC);
    const s1 = spanOver(text, 'Saraya Thawrat al-Ashrin', 's1', 'actor');
    const s2 = spanOver(text, 'the US', 's2', 'actor');
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: s1 }, { op: 'add', span: s2 }] });

    // Another program deletes s1.
    const elsewhere = await readLayer(root, EMOJI_DOC, 'amira');
    elsewhere.spans = elsewhere.spans.filter((s) => s.id !== 's1');
    await writeFile(path.join(root, rel), serializeAnnotationFile(elsewhere));

    // This window relabels s1 and deletes s2 in one save.
    const result = await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'update', span: { ...s1, label: 'claim' } }, { op: 'remove', id: 's2' }] });
    expect(result.merged?.applied).toBe(1);
    expect(result.merged?.conflicts).toHaveLength(1);
    const conflict = result.merged!.conflicts[0]!;
    expect(conflict).toMatchObject({ kind: 'span', id: 's1', theirs: null, mine: { label: 'claim' } });
    expect(conflict.message).toBe('You relabelled as Claim Actor “Saraya Thawrat al-Ashrin”; another program deleted it meanwhile.');
    expect((await readLayer(root, EMOJI_DOC, 'amira')).spans).toEqual([]);
    expect(result.spanCount).toBe(0);
  });

  it('refuses, and never writes over, a file another program left unreadable', async () => {
    const root = await newProject();
    const service = await StandoffService.open(root);
    const text = await textOf(root, EMOJI_DOC);
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(text, 'the US', 's1', 'actor') }] });
    await writeFile(path.join(root, rel), '{ "half a file');
    const err = await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'remove', id: 's1' }] }).catch((e: ApiError) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('unreadable-file');
    expect((err as ApiError).message).toMatch(/changed by another program and can no longer be read.*will not write over it/);
    expect(await readFile(path.join(root, rel), 'utf8')).toBe('{ "half a file');
  });
});

describe('a save that fails', () => {
  it('changes nothing in memory: Retry works, later edits save, and nothing acknowledged is taken back', async () => {
    const root = await newProject();
    const service = await StandoffService.open(root);
    const text = await textOf(root, EMOJI_DOC);
    const first = spanOver(text, 'the US', 's1', 'actor');
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: first }] });

    // The annotations folder is replaced by a plain file: every write there fails for real.
    const dir = path.join(root, layout.annotationsDir(EMOJI_DOC));
    const kept = `${dir}.kept`;
    await rename(dir, kept);
    await writeFile(dir, 'not a folder');
    const second = { op: 'add' as const, span: spanOver(text, 'One fighter was killed', 's2', 'casualty-figure') };
    const err = await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [second] }).catch((e: ApiError) => e);
    expect((err as ApiError).code).toBe('io');
    expect((err as ApiError).message).toMatch(/could not save .*amira\.json: something that is not a folder stands where the annotations folder should be\. Nothing was lost/);

    // The disk is back: Retry (the same batch) saves, which it could not if the failed save had
    // left s2 in memory ("already in the layer"); and so does the next edit.
    await rm(dir);
    await rename(kept, dir);
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [second] });
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'update', span: { ...first, label: 'claim' } }] });
    const onDisk = await readLayer(root, EMOJI_DOC, 'amira');
    expect(onDisk.spans.map((s) => [s.id, s.label]).sort()).toEqual([['s1', 'claim'], ['s2', 'casualty-figure']]);
  });

  it('never makes a removed document again, and says so in words', async () => {
    const root = await newProject();
    const service = await StandoffService.open(root);
    const text = await textOf(root, EMOJI_DOC);
    await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(text, 'the US', 's1', 'actor') }] });
    await rm(path.join(root, layout.documentDir(EMOJI_DOC)), { recursive: true });
    const err = await service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'remove', id: 's1' }] }).catch((e: ApiError) => e);
    expect((err as ApiError).code).toBe('not-found');
    await expect(stat(path.join(root, layout.documentDir(EMOJI_DOC)))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves no temporary file behind, and two writers never share one', async () => {
    const root = await newProject();
    const service = await StandoffService.open(root);
    const text = await textOf(root, EMOJI_DOC);
    await Promise.all(
      ['the US', 'One fighter was killed', 'Saraya Thawrat al-Ashrin'].map((quote, i) =>
        service.applyEdits({ docId: EMOJI_DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(text, quote, `t${i}`, 'actor') }] }),
      ),
    );
    expect(await readdir(path.join(root, layout.annotationsDir(EMOJI_DOC)))).toEqual(['amira.json']);
  });
});
