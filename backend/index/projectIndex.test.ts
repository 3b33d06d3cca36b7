import { cp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCopies } from '../../tests/support/sample';
import { spanOver } from '../../tests/support/spans';
import { parseAnnotationFile, serializeAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { quoteOf } from '../../shared/model/quote';
import type { Span } from '../../shared/model/span';
import { CodePointIndex } from '../../shared/text/codePoints';
import { isDisagreement, reviewUnits } from '../../shared/review';
import { StandoffService } from '../service';
import { isPrivate } from '../sync/paths';
import { ProjectIndex } from './projectIndex';
import { indexFile, journalFile } from './store';

const copy = sampleCopies('index');
const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];
const open: StandoffService[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function service(root: string, watch = false): Promise<StandoffService> {
  const s = await StandoffService.open(root, { watch, autoSyncMinutes: 0 });
  open.push(s);
  return s;
}

/** Span counts read straight from the annotation files, as a user would count them. */
async function countOnDisk(root: string, docId: string, annotator: string): Promise<number> {
  const rel = layout.annotation(docId, annotator);
  return parseAnnotationFile(await readFile(path.join(root, rel), 'utf8'), rel).spans.length;
}

/** Asks as a window does after an event until what it sees passes (the watcher takes a moment), for at most 10 s. */
async function eventually(check: () => Promise<void>): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Every entry of an index built from the files alone, with nothing kept from before. */
async function builtFromNothing(root: string) {
  await rm(path.join(root, '.standoff', 'index'), { recursive: true, force: true });
  const index = new ProjectIndex(root);
  const opening = await index.ready();
  expect(opening.source).toBe('built');
  const entries = IDS.concat(['zz-added']).map((id) => index.entry(id)).filter(Boolean);
  await index.close();
  return entries;
}

describe('the project index', () => {
  it("kept up to date through the service's writes and the watcher, equals one built from nothing", async () => {
    const root = await copy({ annotations: true });
    const s = await service(root, true);
    expect((await s.listDocuments()).map((d) => d.id)).toEqual(IDS);
    const text = (await s.openDocument({ docId: IDS[0]! })).text;
    const word = text.match(/\p{L}{4,}/u)![0];
    // The service's own writes: a span, a finished mark, a note, gold with its mark, a review choice.
    await s.applyEdits({ docId: IDS[0]!, annotator: 'layla', edits: [{ op: 'add', span: spanOver(text, word, 'idx1', 'actor') }] });
    await s.setFinished({ docId: IDS[1]!, annotator: 'tom', finished: true });
    await s.setNote({ docId: IDS[1]!, annotator: 'tom', note: { text: 'checked' } });
    await s.applyEdits({ docId: IDS[2]!, annotator: 'gold', edits: [{ op: 'add', span: spanOver((await s.openDocument({ docId: IDS[2]! })).text, 'the', 'g1', 'actor') }] });
    await s.setFinished({ docId: IDS[2]!, annotator: 'gold', finished: true });
    await s.setReviewChoice({ docId: IDS[3]!, annotators: ['layla', 'tom'] });
    // Another program's: a layer removed, a document added by hand.
    await rm(path.join(root, layout.annotation(IDS[4]!, 'tom')));
    await eventually(async () => expect((await s.listDocuments()).find((d) => d.id === IDS[4])!.annotators).toEqual({ layla: await countOnDisk(root, IDS[4]!, 'layla') }));
    await s.index.settled();
    const before = await s.listDocuments();
    expect(before.find((d) => d.id === IDS[0])!.annotators.layla).toBe(await countOnDisk(root, IDS[0]!, 'layla'));
    expect(before.find((d) => d.id === IDS[1])!.finished).toEqual(['tom']);
    expect(before.find((d) => d.id === IDS[2])!.finished).toContain('gold');
    const kept = IDS.map((id) => s.index.entry(id));
    await s.close();
    open.splice(0);
    expect(await builtFromNothing(root)).toEqual(kept);
  });

  it("a save is taken in from the service's memory, and another file changed meanwhile is still noticed", async () => {
    const root = await copy({ annotations: true });
    const s = await service(root);
    await s.listDocuments();
    const text = (await s.openDocument({ docId: IDS[0]!, annotators: ['layla'] })).text;
    const words = [...text.matchAll(/\p{L}{5,}/gu)].map((m) => m[0]);
    const add = async (k: number) => {
      await s.applyEdits({ docId: IDS[0]!, annotator: 'layla', edits: [{ op: 'add', span: spanOver(text, words[k]!, `hot${k}`, 'actor') }] });
      await s.index.settled();
    };
    // The first save reads the document once; the next ones read nothing.
    await add(0);
    const read = s.index.documentsRead;
    await add(1);
    await s.setFinished({ docId: IDS[0]!, annotator: 'layla', finished: true });
    await s.index.settled();
    expect(s.index.documentsRead).toBe(read);
    expect((await s.listDocuments())[0]).toMatchObject({ annotators: { layla: await countOnDisk(root, IDS[0]!, 'layla') }, finished: ['layla'] });
    // Tom's layer rewritten by another program (no watcher here), then layla saves again: the
    // stamp of tom's file differs from the one kept, so the document is read again.
    const rel = layout.annotation(IDS[0]!, 'tom');
    const file = parseAnnotationFile(await readFile(path.join(root, rel), 'utf8'), rel);
    await writeFile(path.join(root, rel), serializeAnnotationFile({ ...file, spans: file.spans.slice(1), relations: file.relations.filter((r) => r.from !== file.spans[0]!.id && r.to !== file.spans[0]!.id) }));
    await add(2);
    expect(s.index.documentsRead).toBe(read + 1);
    expect((await s.listDocuments())[0]!.annotators).toEqual({ layla: await countOnDisk(root, IDS[0]!, 'layla'), tom: file.spans.length - 1 });
    const kept = IDS.map((id) => s.index.entry(id));
    await s.close();
    open.splice(0);
    expect(await builtFromNothing(root)).toEqual(kept);
  });

  it('many saves by two annotators and gold, each taken in from memory, leave the entry a reading of the files makes', async () => {
    const root = await copy({ annotations: true });
    const s = await service(root);
    await s.listDocuments();
    const docId = IDS[0]!;
    const opened = await s.openDocument({ docId, annotators: ['layla', 'tom'] });
    const text = opened.text;
    const words = [...text.matchAll(/\p{L}{4,}/gu)].map((m) => m[0]);
    const labels = ['actor', 'claim', 'denial', 'casualty-figure'];
    const spans = new Map(opened.layers.map((l) => [l.annotator, l.spans.map((x) => x.id)]));
    const added: Record<string, string[]> = { layla: [], tom: [] };
    /** Disagreements as Review counts them, from the layers as the service holds them. */
    const reviewCount = async () => {
      const layers = (await s.openDocument({ docId, annotators: ['layla', 'tom'] })).layers;
      return reviewUnits(layers).filter(isDisagreement).length;
    };
    await s.applyEdits({ docId, annotator: 'layla', edits: [{ op: 'add', span: spanOver(text, words[0]!, 'first', 'claim') }] });
    await s.index.settled();
    const read = s.index.documentsRead;
    let seed = 7;
    const pick = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const index = new CodePointIndex(text);
    /** A place for a new span: often over one of the other annotator's, its ends moved a little (units then join and split). */
    const place = async (who: string, id: string): Promise<Span> => {
      const label = labels[pick(labels.length)]!;
      if (pick(3) === 0) return spanOver(text, words[pick(words.length)]!, id, label);
      const other = (await s.openDocument({ docId, annotators: [who === 'tom' ? 'layla' : 'tom'] })).layers[0]!.spans;
      const near = other[pick(other.length)]!;
      const start = Math.max(0, near.startOffset + pick(9) - 4);
      const end = Math.min(index.length, Math.max(start + 1, near.endOffset + pick(9) - 4));
      return { id, label, startOffset: start, endOffset: end, quote: quoteOf(index, start, end) };
    };
    for (let save = 0; save < 60; save++) {
      const who = save % 2 ? 'tom' : 'layla';
      const mine = added[who]!;
      const what = pick(4);
      if (what === 0 && mine.length) {
        await s.applyEdits({ docId, annotator: who, edits: [{ op: 'remove', id: mine.splice(pick(mine.length), 1)[0]! }] });
      } else if (what === 1) {
        // A span the annotator already had, given another label (not one a relation holds: its
        // type may not allow the new label): a disagreement appears or goes.
        const layer = (await s.openDocument({ docId, annotators: [who] })).layers[0]!;
        const free = layer.spans.filter((x) => spans.get(who)!.includes(x.id) && !layer.relations.some((r) => r.from === x.id || r.to === x.id));
        const { attributes: _attributes, ...span } = free[pick(free.length)]!;
        await s.applyEdits({ docId, annotator: who, edits: [{ op: 'update', span: { ...span, label: labels[pick(labels.length)]! } }] });
      } else if (what === 2 && mine.length) {
        // One of the annotator's own spans moved elsewhere.
        const id = mine[pick(mine.length)]!;
        await s.applyEdits({ docId, annotator: who, edits: [{ op: 'update', span: await place(who, id) }] });
      } else {
        const id = `${who}-${save}`;
        mine.push(id);
        await s.applyEdits({ docId, annotator: who, edits: [{ op: 'add', span: await place(who, id) }] });
      }
      if (save % 10 === 9) {
        // The curator settles a disagreement in gold.
        const layers = (await s.openDocument({ docId, annotators: ['layla', 'tom'] })).layers;
        const unsettled = reviewUnits(layers).filter(isDisagreement);
        await s.applyEdits({ docId, annotator: 'gold', edits: [{ op: 'settle', unit: unsettled[pick(unsettled.length)]!.key }] });
      }
      if (save % 5 === 4) {
        await s.index.settled();
        expect(s.index.entry(docId)!.disagreements).toBe(await reviewCount());
      }
    }
    await s.index.settled();
    const kept = IDS.map((id) => s.index.entry(id));
    const readMeanwhile = s.index.documentsRead - read;
    await s.close();
    open.splice(0);
    expect(kept[0]!.settled).toBeGreaterThan(0);
    expect(await builtFromNothing(root)).toEqual(kept);
    // Taken in from the service's memory, bursts of saves of both layers too: the document is read
    // again when gold's first save adds its file, and may be once or twice more when an update
    // runs while a save is being written (reading every burst again was a dozen reads here).
    expect(readMeanwhile).toBeLessThanOrEqual(3);
  });

  it('a document added or removed by another program is in the list at the next call', async () => {
    const root = await copy({ annotations: true });
    const s = await service(root, true);
    await s.listDocuments();
    await rm(path.join(root, layout.documentDir(IDS[0]!)), { recursive: true });
    await eventually(async () => expect((await s.listDocuments()).map((d) => d.id)).toEqual(IDS.slice(1)));
    // A teammate's pull brings a document (its folder copied, as git would write it).
    await cp(path.join(root, layout.documentDir(IDS[1]!)), path.join(root, layout.documentDir('zz-added')), { recursive: true });
    for (const who of ['layla', 'tom']) {
      const rel = layout.annotation('zz-added', who);
      await writeFile(path.join(root, rel), (await readFile(path.join(root, rel), 'utf8')).replace(`"document": "${IDS[1]}"`, '"document": "zz-added"'));
    }
    const meta = path.join(root, layout.meta('zz-added'));
    await writeFile(meta, (await readFile(meta, 'utf8')).replace(IDS[1]!, 'zz-added'));
    const expected = { layla: await countOnDisk(root, IDS[1]!, 'layla'), tom: await countOnDisk(root, IDS[1]!, 'tom') };
    await eventually(async () => expect((await s.listDocuments()).at(-1)).toMatchObject({ id: 'zz-added', annotators: expected, problems: [] }));
  });

  it("a file changed behind the service's back while it was closed is noticed, read again and told", async () => {
    const root = await copy({ annotations: true });
    let s = await service(root);
    await s.listDocuments();
    await s.close();
    open.splice(0);
    // A teammate's pull rewrites layla's layer: one span fewer, marked finished, its time put back.
    const rel = layout.annotation(IDS[1]!, 'layla');
    const full = path.join(root, rel);
    const { mtime } = await stat(full);
    const file = parseAnnotationFile(await readFile(full, 'utf8'), rel);
    const fewer = file.spans.length - 1;
    await writeFile(full, serializeAnnotationFile({ ...file, spans: file.spans.slice(1), relations: file.relations.filter((r) => r.from !== file.spans[0]!.id && r.to !== file.spans[0]!.id), finished: true }));
    await utimes(full, mtime, mtime);

    s = await service(root);
    const { cursor } = await s.watchProject({});
    await s.listDocuments();
    expect(s.index.lastOpening?.source).toBe('disk');
    expect(await s.index.checkedAfterOpening()).toBe(1);
    const doc = (await s.listDocuments()).find((d) => d.id === IDS[1])!;
    expect(doc.annotators.layla).toBe(fewer);
    expect(doc.finished).toContain('layla');
    expect((await s.watchProject({ cursor, timeoutMs: 0 })).events).toContainEqual({ kind: 'document-meta', docId: IDS[1] });
  });

  it('while the index is built, the window is told how many documents are read, then that the list is ready', async () => {
    const root = await copy({ annotations: true });
    await rm(path.join(root, '.standoff', 'index'), { recursive: true, force: true });
    const s = await service(root);
    const seen: Array<{ state: string; done: number; total: number }> = [];
    for (;;) {
      const now = await s.indexProgress();
      seen.push(now);
      if (now.state === 'ready') break;
      await new Promise((r) => setImmediate(r));
    }
    expect(seen[0]!.state).toBe('building');
    expect(seen.some((p) => p.state === 'building' && p.total === IDS.length)).toBe(true);
    const building = seen.filter((p) => p.state === 'building').map((p) => p.done);
    expect(building).toEqual([...building].sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual({ state: 'ready', done: 0, total: 0 });
    expect((await s.queryDocuments({ offset: 0, limit: 10 })).rows.map((r) => r.id)).toEqual(IDS);
  });

  it('a corrupt index is rebuilt from the files, never trusted', async () => {
    const root = await copy({ annotations: true });
    const truth = await countOnDisk(root, IDS[0]!, 'layla');
    const s = await service(root);
    await s.listDocuments();
    await s.close();
    open.splice(0);
    const raw = await readFile(indexFile(root));
    // This machine's working folder: never shared through git.
    expect(await readFile(path.join(root, '.standoff', '.gitignore'), 'utf8')).toBe('*\n');
    expect(isPrivate(path.relative(root, indexFile(root)).split(path.sep).join('/'))).toBe(true);

    // A count changed by hand (the last label count, at the end of the file), the table still of
    // the right shape: the checksum gives it away.
    const changed = Buffer.from(raw);
    changed.writeInt32LE(changed.readInt32LE(changed.length - 4) + 1, changed.length - 4);
    await writeFile(indexFile(root), changed);
    expect((await readFile(indexFile(root))).equals(raw)).toBe(false);
    let again = await service(root);
    expect((await again.listDocuments())[0]!.annotators.layla).toBe(truth);
    expect(again.index.lastOpening?.source).toBe('built');
    await again.close();
    open.splice(0);

    // Cut short, as by a full disk or a crash of another program.
    await writeFile(indexFile(root), raw.subarray(0, raw.length / 2));
    again = await service(root);
    expect((await again.listDocuments()).map((d) => d.annotators.layla)).toEqual(await Promise.all(IDS.map((id) => countOnDisk(root, id, 'layla'))));
    expect(again.index.lastOpening?.source).toBe('built');
    await again.close();
    open.splice(0);

    // Not an index at all.
    await writeFile(indexFile(root), '\u0000\u0001garbage');
    again = await service(root);
    expect((await again.listDocuments()).length).toBe(IDS.length);
    expect(again.index.lastOpening?.source).toBe('built');
  });

  it('a journal line changed or cut short is ignored, and the document read again by its stamp', async () => {
    const root = await copy({ annotations: true });
    let s = await service(root);
    await s.listDocuments();
    const text = (await s.openDocument({ docId: IDS[0]! })).text;
    await s.applyEdits({ docId: IDS[0]!, annotator: 'tom', edits: [{ op: 'add', span: spanOver(text, text.match(/\p{L}{4,}/u)![0], 'j1', 'actor') }] });
    await s.index.settled();
    // Stop without writing the index whole (as a crash would): only the journal has the change.
    const journal = await readFile(journalFile(root), 'utf8');
    expect(journal).toContain(`"id":"${IDS[0]}"`);
    const truth = await countOnDisk(root, IDS[0]!, 'tom');
    await writeFile(journalFile(root), journal.replace(`"tom":{"spans":${truth},`, '"tom":{"spans":999,'));
    // A new service reads the index and the journal as the killed one left them.
    s = await StandoffService.open(root);
    open.push(s);
    await s.listDocuments();
    await s.index.check();
    expect((await s.listDocuments())[0]!.annotators.tom).toBe(truth);
  });
});

describe('queryDocuments', () => {
  it('filters by status, annotator, assignment, label count, disagreement and words of the text; sorts; pages', async () => {
    const root = await copy({ annotations: true });
    await writeFile(path.join(root, 'assignment.json'), JSON.stringify({ formatVersion: 1, documents: { [IDS[0]!]: ['layla', 'tom'], [IDS[1]!]: ['tom'] }, plan: null, updated: null, updatedBy: null }));
    const s = await service(root);
    await s.setFinished({ docId: IDS[1]!, annotator: 'tom', finished: true });
    await s.setFinished({ docId: IDS[2]!, annotator: 'gold', finished: true });
    await s.index.settled();
    const all = await s.queryDocuments({ offset: 0, limit: 100 });
    expect(all.total).toBe(5);
    expect(all.annotators).toEqual(['layla', 'tom']);
    const status = Object.fromEntries(all.rows.map((r) => [r.id, r.status]));
    // IDS[1] is assigned to tom alone, who finished: finished although layla's layer is not.
    expect(status).toEqual({ [IDS[0]!]: 'in-progress', [IDS[1]!]: 'finished', [IDS[2]!]: 'adjudicated', [IDS[3]!]: 'in-progress', [IDS[4]!]: 'in-progress' });
    expect(all.statusCounts).toEqual({ 'not-started': 0, 'in-progress': 3, finished: 1, adjudicated: 1 });
    expect((await s.queryDocuments({ offset: 0, limit: 100, status: ['finished', 'adjudicated'] })).rows.map((r) => r.id)).toEqual([IDS[1], IDS[2]]);
    expect((await s.queryDocuments({ offset: 0, limit: 100, annotator: 'layla', assignment: 'assigned' })).rows.map((r) => r.id)).toEqual([IDS[0]]);
    expect((await s.queryDocuments({ offset: 0, limit: 100, assignment: 'unassigned' })).total).toBe(3);
    // Label counts: sorted by the number of claims, most first, equal to the files'.
    const byClaims = await s.queryDocuments({ offset: 0, limit: 100, sort: 'label', sortLabel: 'claim', descending: true });
    const claims = byClaims.rows.map((r) => r.labels.claim ?? 0);
    expect(claims).toEqual([...claims].sort((a, b) => b - a));
    const onDisk = async (id: string) => {
      let n = 0;
      for (const who of ['layla', 'tom']) {
        const rel = layout.annotation(id, who);
        n += parseAnnotationFile(await readFile(path.join(root, rel), 'utf8'), rel).spans.filter((x) => x.label === 'claim').length;
      }
      return n;
    };
    expect(claims).toEqual(await Promise.all(byClaims.rows.map((r) => onDisk(r.id))));
    const many = await s.queryDocuments({ offset: 0, limit: 100, label: 'claim', minCount: claims[1]! });
    expect(many.total).toBe(claims.filter((n) => n >= claims[1]!).length);
    // Disagreements between layla and tom exist in the sample.
    const some = await s.queryDocuments({ offset: 0, limit: 100, disagreement: 'some' });
    expect(some.total).toBeGreaterThan(0);
    expect(some.rows.every((r) => r.disagreements > 0)).toBe(true);
    // Words of the text, not of the title: a word of the fourth document's text found with its accents dropped.
    const { text, meta } = await s.openDocument({ docId: IDS[3]! });
    const word = [...text.matchAll(/\p{L}{6,}/gu)].map((m) => m[0]).find((w) => !meta.title!.toLowerCase().includes(w.toLowerCase()) && !meta.source?.toLowerCase().includes(w.toLowerCase()))!;
    expect((await s.queryDocuments({ offset: 0, limit: 100, text: word.toUpperCase() })).rows.map((r) => r.id)).not.toContain(IDS[3]);
    const found = await s.queryDocuments({ offset: 0, limit: 100, text: word.toUpperCase(), inText: true });
    expect(found.rows.map((r) => r.id)).toContain(IDS[3]);
    expect((await s.queryDocuments({ offset: 0, limit: 100, text: 'zqxjw-nowhere', inText: true })).total).toBe(0);
    // Words of a title, without reading a text.
    expect((await s.queryDocuments({ offset: 0, limit: 100, text: 'qassem SULEIMANI' })).rows.map((r) => r.id)).toEqual([IDS[3]]);
    // Pages and the place of a document in the filtered, sorted list.
    const page = await s.queryDocuments({ offset: 2, limit: 2, sort: 'label', sortLabel: 'claim', descending: true, focus: byClaims.rows[3]!.id });
    expect(page.rows.map((r) => r.id)).toEqual(byClaims.rows.slice(2, 4).map((r) => r.id));
    expect(page.position).toBe(3);
  });
});
