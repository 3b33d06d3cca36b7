import { cp, mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { spanOver } from '../../tests/support/spans';
import type { ProjectEvent } from '../../shared/api/live';
import { emptyAnnotationFile, parseAnnotationFile, serializeAnnotationFile } from '../../shared/format/annotationFile';
import { textHash } from '../../shared/text/hash';
import { writeDurably } from '../project/durableFile';
import { layout } from '../../shared/format/layout';
import { importArticles } from '../import/importer';
import { StandoffService } from '../service';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');
const TEXT = 'Saraya Thawrat al-Ashrin claimed the attack; the US denied it.\nOne fighter was killed in the attack.';
const DOC = 'live';
const open: Array<{ root: string; service: StandoffService }> = [];

afterEach(async () => {
  for (const { root, service } of open.splice(0)) {
    await service.close();
    await rm(root, { recursive: true, force: true });
  }
});

/** A copy of the sample project's texts plus one short document, served with the watcher on. */
async function liveProject(options: { watchWholeUpTo?: number; recheckSeconds?: number } = {}): Promise<{ root: string; service: StandoffService; file: (rel: string) => string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'standoff-live-'));
  await cp(SAMPLE, root, { recursive: true, filter: (src) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations') });
  await writeFile(path.join(root, `${DOC}.txt`), TEXT);
  await importArticles(root, [path.join(root, `${DOC}.txt`)]);
  await rm(path.join(root, `${DOC}.txt`));
  const service = await StandoffService.open(root, { watch: true, ...options });
  open.push({ root, service });
  return { root, service, file: (rel) => path.join(root, rel) };
}

/** Events until one matches, asking as a window does (long polls from a cursor). */
async function waitForEvent(service: StandoffService, cursor: number, match: (e: ProjectEvent) => boolean): Promise<{ event: ProjectEvent; all: ProjectEvent[] }> {
  const all: ProjectEvent[] = [];
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const got = await service.watchProject({ cursor, timeoutMs: 2000 });
    cursor = got.cursor;
    all.push(...got.events);
    const event = got.events.find(match);
    if (event) return { event, all };
  }
  throw new Error(`no such event in 10 s; saw ${JSON.stringify(all)}`);
}

describe('changes made by other programs are seen at once', () => {
  it('an equal-size change with its time kept: told as a layer event, and read again', async () => {
    const { service, file } = await liveProject();
    const rel = layout.annotation(DOC, 'amira');
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(TEXT, 'the US', 's1', 'actor') }], clientId: 'window-1' });
    const { cursor } = await service.watchProject({});

    const mine = await readFile(file(rel), 'utf8');
    const { mtime } = await stat(file(rel));
    const theirs = mine.replace('"label": "actor"', '"label": "claim"');
    await writeFile(file(rel), theirs);
    await utimes(file(rel), mtime, mtime);

    const { event } = await waitForEvent(service, cursor, (e) => e.kind === 'layer');
    expect(event).toEqual({ kind: 'layer', docId: DOC, annotator: 'amira', writer: 'outside' });
    const layer = (await service.openDocument({ docId: DOC, annotators: ['amira'] })).layers[0]!;
    expect(layer.spans.map((s) => s.label)).toEqual(['claim']);
  });

  it("the service's own saves are told with the window's id, never as another program's", async () => {
    const { service } = await liveProject();
    const { cursor } = await service.watchProject({});
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(TEXT, 'the US', 's1', 'actor') }], clientId: 'window-1' });
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'remove', id: 's1' }], clientId: 'window-1' });
    // Give the watcher time to report the writes, then look at everything told.
    await new Promise((r) => setTimeout(r, 600));
    const got = await service.watchProject({ cursor, timeoutMs: 0 });
    expect(got.events.filter((e) => e.kind === 'layer')).toEqual([
      { kind: 'layer', docId: DOC, annotator: 'amira', writer: 'window-1' },
      { kind: 'layer', docId: DOC, annotator: 'amira', writer: 'window-1' },
    ]);
  });

  it('a save queued before the change is merged three ways: their change kept, mine applied, a clash shown', async () => {
    const { service, file } = await liveProject();
    const rel = layout.annotation(DOC, 'amira');
    const s1 = spanOver(TEXT, 'the US', 's1', 'actor');
    const s2 = spanOver(TEXT, 'Saraya Thawrat al-Ashrin', 's2', 'actor');
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: s1 }, { op: 'add', span: s2 }] });
    const { cursor } = await service.watchProject({});

    // A teammate's pull relabels s1 and adds s3.
    const theirs = parseAnnotationFile(await readFile(file(rel), 'utf8'), rel);
    theirs.spans = theirs.spans.map((s) => (s.id === 's1' ? { ...s, label: 'claim' } : s));
    theirs.spans.push(spanOver(TEXT, 'One fighter was killed', 's3', 'casualty-figure'));
    await writeFile(file(rel), serializeAnnotationFile(theirs));
    await waitForEvent(service, cursor, (e) => e.kind === 'layer' && e.writer === 'outside');

    // This window, not yet aware, deletes s1 and relabels s2.
    const result = await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'remove', id: 's1' }, { op: 'update', span: { ...s2, label: 'claim' } }] });
    expect(result.merged?.applied).toBe(1);
    expect(result.merged?.conflicts.map((c) => c.message)).toEqual(['You deleted Actor “the US”; another program relabelled it as Claim meanwhile.']);
    const onDisk = parseAnnotationFile(await readFile(file(rel), 'utf8'), rel);
    expect(onDisk.spans.map((s) => [s.id, s.label]).sort()).toEqual([
      ['s1', 'claim'],
      ['s2', 'claim'],
      ['s3', 'casualty-figure'],
    ]);
  });

  it('a corrected text is told, and its layers re-anchored with what cannot be placed kept as orphans', async () => {
    const { service, file } = await liveProject();
    const killed = spanOver(TEXT, 'One fighter was killed', 's1', 'casualty-figure');
    const us = spanOver(TEXT, 'the US', 's2', 'actor');
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: killed }, { op: 'add', span: us }] });
    const { cursor } = await service.watchProject({});
    await writeFile(file(layout.text(DOC)), `Correction: ${TEXT.replace('the US', 'Washington')}`);
    await waitForEvent(service, cursor, (e) => e.kind === 'text' && e.docId === DOC);
    const layer = (await service.openDocument({ docId: DOC, annotators: ['amira'] })).layers[0]!;
    expect(layer.spans.map((s) => [s.id, s.startOffset])).toEqual([['s1', killed.startOffset + 'Correction: '.length - ('the US'.length - 'Washington'.length)]]);
    expect(layer.reanchored).toBe(1);
    expect(layer.orphans.map((o) => o.span.id)).toEqual(['s2']);
  });

  it('a removed document is told, and a save to it is refused without making it again', async () => {
    const { service, file } = await liveProject();
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(TEXT, 'the US', 's1', 'actor') }] });
    const { cursor } = await service.watchProject({});
    await rm(file(layout.documentDir(DOC)), { recursive: true });
    await waitForEvent(service, cursor, (e) => e.kind === 'document-removed' && e.docId === DOC);
    await expect(service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'remove', id: 's1' }] })).rejects.toMatchObject({ code: 'not-found' });
    await expect(stat(file(layout.documentDir(DOC)))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('labels changed by another program are taken in; a window far behind is told to read everything again', async () => {
    const { service, file } = await liveProject();
    const { cursor } = await service.watchProject({});
    const manifest = JSON.parse(await readFile(file('standoff.json'), 'utf8'));
    manifest.labels[0].name = 'Claimed';
    await writeFile(file('standoff.json'), JSON.stringify(manifest, null, 2));
    await waitForEvent(service, cursor, (e) => e.kind === 'schema');
    expect((await service.getProject()).labels[0]!.name).toBe('Claimed');
    expect((await service.watchProject({ cursor: 5 })).reset).toBe(true);
    expect((await service.watchProject({ cursor: Number.MAX_SAFE_INTEGER })).reset).toBe(true);
  });
});

describe('a project too large to watch whole is watched where the windows look', () => {
  // The sample has six documents: watched narrowly when the whole watch stops at one.
  const narrow = { watchWholeUpTo: 1 };

  it('an opened document: another program\'s change to its layer is told and read again', async () => {
    const { service, file } = await liveProject(narrow);
    await service.applyEdits({ docId: DOC, annotator: 'amira', edits: [{ op: 'add', span: spanOver(TEXT, 'the US', 's1', 'actor') }] });
    await service.openDocument({ docId: DOC });
    const { cursor } = await service.watchProject({});
    const rel = layout.annotation(DOC, 'amira');
    await writeFile(file(rel), (await readFile(file(rel), 'utf8')).replace('"label": "actor"', '"label": "claim"'));
    const { event } = await waitForEvent(service, cursor, (e) => e.kind === 'layer');
    expect(event).toEqual({ kind: 'layer', docId: DOC, annotator: 'amira', writer: 'outside' });
    expect((await service.openDocument({ docId: DOC, annotators: ['amira'] })).layers[0]!.spans.map((s) => s.label)).toEqual(['claim']);
  });

  it('a document no window has open, changed by a sync of this process: the list and the windows are told', async () => {
    const { service, file } = await liveProject(narrow);
    const other = (await service.listDocuments()).find((d) => d.id !== DOC)!.id;
    const { cursor } = await service.watchProject({});
    const text = await readFile(file(layout.text(other)), 'utf8');
    const word = text.match(/\p{L}{5,}/u)![0];
    expect((await service.queryDocuments({ offset: 0, limit: 60, annotator: 'tom' })).rows.map((r) => r.id)).not.toContain(other);
    // As sync writes what it pulls in: durably, through the project's file layer.
    await mkdir(file(layout.annotationsDir(other)), { recursive: true });
    await writeDurably(file(layout.annotation(other, 'tom')), serializeAnnotationFile({ ...emptyAnnotationFile(other, 'tom', textHash(text)), spans: [spanOver(text, word, 'p1', 'actor')] }));
    const { event } = await waitForEvent(service, cursor, (e) => e.kind === 'layer' && e.docId === other);
    expect(event).toEqual({ kind: 'layer', docId: other, annotator: 'tom', writer: 'outside' });
    await expect.poll(async () => (await service.queryDocuments({ offset: 0, limit: 60, annotator: 'tom' })).rows.map((r) => r.id)).toContain(other);
  });

  it('a document no window has open, changed by another program: the list takes it in at the next check', async () => {
    const { service, file } = await liveProject({ ...narrow, recheckSeconds: 0.2 });
    const other = (await service.listDocuments()).find((d) => d.id !== DOC)!.id;
    const text = await readFile(file(layout.text(other)), 'utf8');
    const word = text.match(/\p{L}{5,}/u)![0];
    await mkdir(file(layout.annotationsDir(other)), { recursive: true });
    await writeFile(file(layout.annotation(other, 'tom')), serializeAnnotationFile({ ...emptyAnnotationFile(other, 'tom', textHash(text)), spans: [spanOver(text, word, 'p1', 'actor')] }));
    await expect.poll(async () => (await service.queryDocuments({ offset: 0, limit: 60, annotator: 'tom' })).rows.map((r) => r.id), { timeout: 5000 }).toContain(other);
  });

  it('the project\'s own files, and document folders made or removed, are still told', async () => {
    const { service, file } = await liveProject(narrow);
    const { cursor } = await service.watchProject({});
    const manifest = JSON.parse(await readFile(file('standoff.json'), 'utf8'));
    manifest.labels[0].name = 'Claimed';
    await writeFile(file('standoff.json'), JSON.stringify(manifest, null, 2));
    await waitForEvent(service, cursor, (e) => e.kind === 'schema');
    await rm(file(layout.documentDir(DOC)), { recursive: true });
    await waitForEvent(service, cursor, (e) => e.kind === 'document-removed' && e.docId === DOC);
  });
});
