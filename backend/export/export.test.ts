/**
 * The export pipeline through the service, on copies of the sample project (layla's and tom's
 * layers on the five seed articles) and on small projects written here: every format, then
 * imported back into another layer where the format can be read again; the same bytes twice;
 * the finished and label filters; a cancelled export; targets that must not be overwritten.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, FOLDER_FORMATS, inputSchemas, type ExportFormat, type ExportInput, type ImportFormat } from '../../shared/api/contract';
import { GOLD } from '../../shared/format/annotationFile';
import { formatEntry } from '../../shared/interchange/formats';
import { spansFromTags } from '../../shared/interchange/jsonl';
import { quoteOf } from '../../shared/model/quote';
import type { Span } from '../../shared/model/span';
import { CodePointIndex } from '../../shared/text/codePoints';
import { places, relationPlaces, snapshotFiles, tempDirs, writeProject } from '../../tests/support/interchange';
import { rejection } from '../../tests/support/rejection';
import { sampleCopies } from '../../tests/support/sample';
import { JobCancelled, type JobContext, type JobProgress } from '../jobs/context';
import { StandoffService } from '../service';
import { CARD_MARKER } from './target';

const copySample = sampleCopies('export');
const temp = tempDirs('export-out');
const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];

/** Where a format's export goes in a folder: a file with its extension, or a folder. */
function outIn(dir: string, format: ExportFormat, name: string = format): string {
  if (FOLDER_FORMATS.includes(format)) return path.join(dir, name);
  return path.join(dir, `${name}${formatEntry(format).extension}`);
}

const exists = (p: string) => stat(p).then(
  () => true,
  () => false,
);

describe('export and import back: each format carries what it can', () => {
  const cases: Array<{ format: ExportFormat; importAs: ImportFormat; from?: string; ids: boolean; attributes: boolean; relations: boolean; options?: ExportInput['options'] }> = [
    { format: 'standoff', importAs: 'standoff', ids: true, attributes: true, relations: true },
    { format: 'spacy', importAs: 'spacy', ids: true, attributes: true, relations: true },
    { format: 'spacy', importAs: 'spacy', ids: true, attributes: true, relations: true, options: { spacyTokens: false } },
    { format: 'doccano', importAs: 'doccano', ids: false, attributes: false, relations: false },
    { format: 'doccano', importAs: 'doccano', ids: false, attributes: false, relations: true, options: { doccanoRelations: true } },
    { format: 'brat', importAs: 'brat', ids: false, attributes: true, relations: true },
    { format: 'w3c', importAs: 'w3c', ids: true, attributes: true, relations: true },
    { format: 'labelstudio', importAs: 'labelstudio', ids: true, attributes: true, relations: true },
    { format: 'webanno', importAs: 'webanno', ids: false, attributes: true, relations: true },
  ];
  for (const c of cases) {
    it(`${c.format}${c.options ? ` (${JSON.stringify(c.options)})` : ''}: layla's layer, imported back as "back", has the same spans${c.attributes ? ', attributes' : ''}${c.relations ? ' and relations' : ''}`, async () => {
      const root = await copySample({ annotations: true });
      const out = outIn(await temp(), c.format);
      const service = await StandoffService.open(root);
      const summary = await service.exportDataset({ format: c.format, out, layer: { kind: 'annotator', annotator: 'layla' }, ...(c.options ? { options: c.options } : {}) });
      expect(summary.documents).toBe(5);
      expect(summary.dropped.total).toBe(0);
      const result = await service.importAnnotations({ path: out, format: c.importAs, annotator: 'back' });
      if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
      expect(result.documents.map((d) => d.docId)).toEqual(IDS);
      expect(result.documents.every((d) => d.matchedBy === 'id')).toBe(true);
      let spans = 0;
      for (const docId of IDS) {
        const opened = await service.openDocument({ docId });
        const layla = opened.layers.find((l) => l.annotator === 'layla')!;
        const back = opened.layers.find((l) => l.annotator === 'back')!;
        spans += layla.spans.length;
        expect(places(back.spans, c.attributes), docId).toEqual(places(layla.spans, c.attributes));
        if (c.ids) expect(back.spans.map((s) => s.id).sort()).toEqual(layla.spans.map((s) => s.id).sort());
        expect(relationPlaces(back.spans, back.relations)).toEqual(c.relations ? relationPlaces(layla.spans, layla.relations) : []);
        // What the format cannot carry is counted in the summary, never silently gone.
      }
      expect(result.spans).toBe(spans);
      expect(summary.spans).toBe(spans);
      if (!c.attributes) expect(summary.notCarried.attributes).toBeGreaterThan(0);
      if (!c.relations) expect(summary.notCarried.relations).toBeGreaterThan(0);
    });
  }

  it('csv: one row per span, offsets as numbers, every attribute a column, formulas escaped', async () => {
    const root = await copySample({ annotations: true });
    const out = outIn(await temp(), 'csv');
    const service = await StandoffService.open(root);
    const summary = await service.exportDataset({ format: 'csv', out, layer: { kind: 'all' } });
    const lines = (await readFile(out, 'utf8')).split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^document,title,annotator,span,label,text,start,end,claim\.type,/);
    expect(lines[0]).toContain('actor.entity,actor.entity.id');
    expect(lines[0]).toContain('casualty-figure.count.min,casualty-figure.count.max');
    expect(lines[0]!.endsWith('relations,relations.incoming,note,note.flag,document.note')).toBe(true);
    expect(lines.length - 1).toBe(summary.spans);
    expect(summary.spans).toBe(Object.values(summary.byLabel).reduce((a, b) => a + b, 0));
    expect(summary.byLayer).toEqual({ layla: 198, tom: 183 });
  });

  it('huggingface: the tags give back every span but those listed as left out or changed', async () => {
    const root = await copySample({ annotations: true });
    const out = outIn(await temp(), 'huggingface');
    const service = await StandoffService.open(root);
    const summary = await service.exportDataset({ format: 'huggingface', out, layer: { kind: 'annotator', annotator: 'tom' } });
    // The tag names are hidden from `datasets` (which reads every other JSON file of a folder as data), and named in the card.
    await expect(readFile(path.join(out, 'labels.json'), 'utf8')).rejects.toThrow(/ENOENT/);
    const labels = JSON.parse(await readFile(path.join(out, '.labels.json'), 'utf8')) as string[];
    expect(labels).toEqual(['O', 'B-claim', 'I-claim', 'B-denial', 'I-denial', 'B-casualty-figure', 'I-casualty-figure', 'B-actor', 'I-actor']);
    const card = await readFile(path.join(out, 'README.md'), 'utf8');
    expect(card.startsWith('---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data.jsonl\n')).toBe(true);
    expect(card).toContain('          "5": "B-casualty-figure"\n');
    const lines = (await readFile(path.join(out, 'data.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; document: string; window: number; tokens: string[]; ner_tags: number[] });
    // Windows of at most 256 tokens, in document order; every document has several (498–1,130 words each).
    expect([...new Set(lines.map((l) => l.document))]).toEqual(IDS);
    expect(lines.every((l) => l.tokens.length <= 256 && l.tokens.length === l.ner_tags.length && l.id === `${l.document}:${l.window}`)).toBe(true);
    for (const id of IDS) expect(lines.filter((l) => l.document === id).length).toBeGreaterThan(1);
    const decoded = lines.reduce((n, l) => n + spansFromTags(l.ner_tags, labels).length, 0);
    const left = (summary.dropped.byReason.overlap ?? 0) + (summary.dropped.byReason['no-token'] ?? 0);
    expect(left).toBeGreaterThan(0); // the sample nests actors in claims
    expect(decoded).toBe(183 - left); // no span of the sample is longer than a window: none is cut
    expect(summary.spans).toBe(decoded);
    // Every loss is a line of the dropped list, with its reason.
    const rows = (await readFile(path.join(out, 'dropped.tsv'), 'utf8')).trimEnd().split('\n');
    expect(rows[0]).toBe('document\tlayer\titem\tkind\treason\tdetail');
    expect(rows.length - 1).toBe(summary.dropped.total);
    expect(rows.slice(1).every((r) => r.split('\t')[1] === 'tom')).toBe(true);
  });

  it('conll: one tag column per label; what one column cannot hold is listed', async () => {
    const root = await copySample({ annotations: true });
    const out = outIn(await temp(), 'conll');
    const service = await StandoffService.open(root);
    const summary = await service.exportDataset({ format: 'conll', out, layer: { kind: 'annotator', annotator: 'layla' }, options: { conllSentences: 'lines' } });
    const data = await readFile(path.join(out, 'data.conll'), 'utf8');
    const rows = data.split('\n').filter((l) => l && !l.startsWith('-DOCSTART-'));
    expect(rows.every((r) => r.split('\t').length === 5)).toBe(true);
    const begins = rows.reduce((n, r) => n + r.split('\t').slice(1).filter((t) => t.startsWith('B-')).length, 0);
    expect(begins).toBe(summary.spans);
    expect(summary.spans + (summary.dropped.byReason.overlap ?? 0) + (summary.dropped.byReason['no-token'] ?? 0)).toBe(198);
    expect((await readFile(path.join(out, 'documents.tsv'), 'utf8')).split('\n').slice(1, 6).map((l) => l.split('\t')[1])).toEqual(IDS);
  });
});

describe('doccano without overlaps', () => {
  it('--no-overlap: a consistent layer; every span and relation left out is listed', async () => {
    const root = await copySample({ annotations: true });
    const out = outIn(await temp(), 'doccano');
    const service = await StandoffService.open(root);
    const summary = await service.exportDataset({ format: 'doccano', out, layer: { kind: 'annotator', annotator: 'layla' }, options: { doccanoRelations: true, doccanoNoOverlap: true } });
    const lines = (await readFile(out, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { entities: Array<{ id: number; start_offset: number; end_offset: number }>; relations: Array<{ from_id: number; to_id: number }> });
    let spans = 0;
    for (const l of lines) {
      const sorted = [...l.entities].sort((a, b) => a.start_offset - b.start_offset);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start_offset).toBeGreaterThanOrEqual(sorted[i - 1]!.end_offset);
      const ids = new Set(l.entities.map((e) => e.id));
      for (const r of l.relations) expect(ids.has(r.from_id) && ids.has(r.to_id)).toBe(true);
      spans += l.entities.length;
    }
    const overlap = summary.dropped.byReason.overlap ?? 0;
    expect(overlap).toBeGreaterThan(0); // the sample nests actors in claims
    expect(spans + overlap).toBe(198);
    expect(summary.dropped.byReason['end-not-exported'] ?? 0).toBeGreaterThan(0);
    const rows = (await readFile(out.replace(/\.jsonl$/, '.dropped.tsv'), 'utf8')).trimEnd().split('\n').slice(1);
    expect(rows.length).toBe(summary.dropped.total);
    const card = await readFile(out.replace(/\.jsonl$/, '.card.md'), 'utf8');
    expect(card).toContain('--no-overlap');
  });

  it('without it, the card tells the user to allow overlapping spans', async () => {
    const root = await copySample({ annotations: true });
    const out = outIn(await temp(), 'doccano');
    const service = await StandoffService.open(root);
    await service.exportDataset({ format: 'doccano', out, layer: { kind: 'annotator', annotator: 'layla' } });
    expect(await readFile(out.replace(/\.jsonl$/, '.card.md'), 'utf8')).toContain('tick “Allow overlapping spans”');
  });
});

describe('export: the same project gives the same bytes', () => {
  for (const format of EXPORT_FORMATS) {
    it(format, async () => {
      const root = await copySample({ annotations: true });
      const dir = await temp();
      const first = outIn(dir, format);
      const input = { format, out: first, layer: { kind: 'all' as const } };
      await (await StandoffService.open(root)).exportDataset(input);
      const before = await snapshotFiles(dir);
      // Again, from a fresh service (another process would do the same), over the first.
      await (await StandoffService.open(root)).exportDataset({ ...input, overwrite: true });
      const after = await snapshotFiles(dir);
      expect([...after.keys()]).toEqual([...before.keys()]);
      for (const [file, bytes] of before) expect(after.get(file)!.equals(bytes), file).toBe(true);
      expect(before.size).toBeGreaterThanOrEqual(2);
    });
  }

  it('the card has no date unless one is given', async () => {
    const root = await copySample({ annotations: true });
    const dir = await temp();
    const service = await StandoffService.open(root);
    const a = await service.exportDataset({ format: 'standoff', out: path.join(dir, 'a.jsonl'), layer: { kind: 'all' } });
    const b = await service.exportDataset({ format: 'standoff', out: path.join(dir, 'b.jsonl'), layer: { kind: 'all' }, date: '2026-01-31' });
    expect(await readFile(a.out)).toEqual(await readFile(b.out));
    expect(await readFile(a.card, 'utf8')).not.toMatch(/20\d\d-\d\d-\d\d/);
    expect(await readFile(b.card, 'utf8')).toContain('| Exported | 2026-01-31 |');
  });
});

describe('export: what is chosen', () => {
  it('finished documents only: an annotator’s marked layers; with every annotator, each layer only where finished', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    await service.setFinished({ docId: IDS[1]!, annotator: 'layla', finished: true });
    await service.setFinished({ docId: IDS[3]!, annotator: 'layla', finished: true });
    await service.setFinished({ docId: IDS[3]!, annotator: 'tom', finished: true });
    const dir = await temp();
    const layla = await service.exportDataset({ format: 'standoff', out: path.join(dir, 'layla.jsonl'), layer: { kind: 'annotator', annotator: 'layla' }, documents: { kind: 'finished' } });
    const lines = (await readFile(layla.out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; annotator: string });
    expect(lines.map((l) => l.id)).toEqual([IDS[1], IDS[3]]);
    expect(layla.selection.notFinished).toBe(3);
    const all = await service.exportDataset({ format: 'standoff', out: path.join(dir, 'all.jsonl'), layer: { kind: 'all' }, documents: { kind: 'finished' } });
    const both = (await readFile(all.out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; annotator: string });
    expect(both.map((l) => `${l.id}/${l.annotator}`)).toEqual([`${IDS[1]}/layla`, `${IDS[3]}/layla`, `${IDS[3]}/tom`]);
    expect(all.selection.notFinished).toBe(7);
    // Gold: nothing adjudicated, nothing finished: a clear refusal, and nothing written.
    const err = await rejection(service.exportDataset({ format: 'standoff', out: path.join(dir, 'gold.jsonl'), layer: { kind: 'gold' }, documents: { kind: 'finished' } }));
    expect(err.message).toMatch(/nothing to export: no selected document has a gold layer/);
    expect(await exists(path.join(dir, 'gold.jsonl'))).toBe(false);
  });

  it('a gold layer finished by its review is exported with documents: finished', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    const { reviewUnits, isDisagreement } = await import('../../shared/review');
    const opened = await service.openDocument({ docId: IDS[0]! });
    const units = reviewUnits(opened.layers).filter(isDisagreement);
    const kept = units[0]!.versions[0]!.span;
    await service.applyEdits({ docId: IDS[0]!, annotator: GOLD, edits: [{ op: 'add', span: { ...kept, id: 'g1' } }, ...units.map((u) => ({ op: 'settle' as const, unit: u.key }))] });
    // Another document with a gold layer, its review not done.
    const other = (await service.openDocument({ docId: IDS[2]! })).layers[0]!.spans[0]!;
    await service.applyEdits({ docId: IDS[2]!, annotator: GOLD, edits: [{ op: 'add', span: { ...other, id: 'g1' } }] });
    const out = path.join(await temp(), 'gold.jsonl');
    const summary = await service.exportDataset({ format: 'standoff', out, layer: { kind: 'gold' }, documents: { kind: 'finished' } });
    expect((await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([IDS[0]]);
    expect(summary.selection.notFinished).toBe(1); // the other document with a gold layer
    expect(summary.dropped.byReason['no-layer']).toBe(3);
  });

  it('labels: only the chosen labels; relations that lose an end are listed', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    const dir = await temp();
    const summary = await service.exportDataset({ format: 'standoff', out: path.join(dir, 'actors.jsonl'), layer: { kind: 'all' }, labels: ['actor'] });
    const lines = (await readFile(summary.out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { spans: Span[]; relations: unknown[] });
    expect(lines.flatMap((l) => l.spans.map((s) => s.label))).toEqual(expect.arrayContaining(['actor']));
    expect(new Set(lines.flatMap((l) => l.spans.map((s) => s.label)))).toEqual(new Set(['actor']));
    expect(lines.every((l) => l.relations.length === 0)).toBe(true); // every relation type has a non-actor end
    expect(summary.byLabel).toEqual({ actor: 144 + 131 });
    // Relations with one end an actor lose the other end; those with neither (denies: denial → claim) were never chosen.
    let oneEnd = 0;
    for (const docId of IDS) {
      for (const layer of (await service.openDocument({ docId })).layers) {
        const label = new Map(layer.spans.map((s) => [s.id, s.label]));
        oneEnd += layer.relations.filter((r) => (label.get(r.from) === 'actor') !== (label.get(r.to) === 'actor')).length;
      }
    }
    expect(oneEnd).toBeGreaterThan(50);
    expect(summary.dropped.byReason['end-not-exported']).toBe(oneEnd);
    const card = await readFile(summary.card, 'utf8');
    expect(card).toContain('| Labels | `actor` |');
    expect(card).toContain('No relation types between the exported labels.');
    // Agreement is over the exported label only.
    expect(card).toMatch(/\| `actor` \| 0\.\d{3} \|/);
    expect(card).not.toMatch(/\| `claim` \| 0\.\d{3} \|/);
  });

  it('a list of documents, in id order whatever the order given; an unknown id or label is refused', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    const dir = await temp();
    const summary = await service.exportDataset({ format: 'standoff', out: path.join(dir, 'two.jsonl'), layer: { kind: 'annotator', annotator: 'tom' }, documents: { kind: 'list', docIds: [IDS[4]!, IDS[0]!] } });
    expect((await readFile(summary.out, 'utf8')).trimEnd().split('\n').map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([IDS[0], IDS[4]]);
    expect((await rejection(service.exportDataset({ format: 'standoff', out: path.join(dir, 'x.jsonl'), layer: { kind: 'all' }, documents: { kind: 'list', docIds: ['nope'] } }))).message).toContain('no document "nope"');
    expect((await rejection(service.exportDataset({ format: 'standoff', out: path.join(dir, 'x.jsonl'), layer: { kind: 'all' }, labels: ['rumour'] }))).message).toContain('no label "rumour"');
    const nobody = await rejection(service.exportDataset({ format: 'standoff', out: path.join(dir, 'x.jsonl'), layer: { kind: 'annotator', annotator: 'amira' } }));
    expect(nobody.message).toContain('no selected document has a layer by amira');
    expect(nobody.message).toContain('annotators there: layla, tom');
    expect(await readdir(dir)).toEqual(['two.card.md', 'two.jsonl']);
  });

  it('the card says what was exported, counts, agreement, the schema and the format’s units', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    const summary = await service.exportDataset({ format: 'doccano', out: path.join(await temp(), 'd.jsonl'), layer: { kind: 'all' } });
    const card = await readFile(summary.card, 'utf8');
    expect(card.startsWith(`${CARD_MARKER}\n`)).toBe(true);
    expect(card).toContain('| Layer | every annotator’s layer (not gold) |');
    expect(card).toContain('| Offsets | UTF-16 code units (converted from Standoff’s Unicode code points) |');
    expect(card).toContain('| Actor (`actor`) | 144 | 131 | 275 |');
    expect(card).toMatch(/span F1, exact boundaries, same label \| 0\.\d{3} \| TP \d+; spans 198 \+ 183/);
    expect(card).toContain('Cohen’s κ, layla–tom');
    expect(card).toContain('751 attribute values not written');
    expect(card).toContain('| `casualty-figure` | Casualty figure | `outcome` (one of `killed`, `injured`, `missing`); `count` (number range)');
    expect(card).toContain('**Offsets are UTF-16 code units**');
    expect(summary.agreement).toEqual({ included: true, reason: null });
  });

  it('agreement is left out, saying why, with one annotator', async () => {
    const dir = await temp();
    const root = await writeProject(path.join(dir, 'p'), [{ id: 'a', text: 'Kataib Hezbollah claimed it.' }], [{ docId: 'a', annotator: 'layla', spans: [spanAt('Kataib Hezbollah claimed it.', 0, 16, 'actor')] }]);
    const service = await StandoffService.open(root);
    const summary = await service.exportDataset({ format: 'standoff', out: path.join(dir, 'x.jsonl'), layer: { kind: 'all' } });
    expect(summary.agreement).toEqual({ included: false, reason: 'only one annotator (layla) has layers on the exported documents; agreement needs two or more.' });
    expect(await readFile(summary.card, 'utf8')).toContain('Not included: only one annotator (layla)');
  });
});

function spanAt(text: string, start: number, end: number, label: string, id = `s${start}`): Span {
  const index = new CodePointIndex(text);
  return { id, label, startOffset: start, endOffset: end, quote: quoteOf(index, start, end) };
}

describe('export: code points and UTF-16', () => {
  it('doccano offsets are UTF-16 units, every other format’s code points', async () => {
    const dir = await temp();
    const text = '👍🏽 Kataib Hezbollah 🇮🇶 denied it.';
    const cps = Array.from(text);
    const start = cps.indexOf('K');
    const end = start + 'Kataib Hezbollah'.length;
    const root = await writeProject(path.join(dir, 'p'), [{ id: 'emoji', text }], [{ docId: 'emoji', annotator: 'layla', spans: [spanAt(text, start, end, 'actor')] }]);
    const service = await StandoffService.open(root);
    const doccano = await service.exportDataset({ format: 'doccano', out: path.join(dir, 'd.jsonl'), layer: { kind: 'annotator', annotator: 'layla' } });
    const d = JSON.parse(await readFile(doccano.out, 'utf8')) as { label: Array<[number, number, string]> };
    expect(d.label).toEqual([[start + 2, end + 2, 'actor']]); // two astral characters (👍 and 🏽) before it
    expect(text.slice(d.label[0]![0], d.label[0]![1])).toBe('Kataib Hezbollah');
    const standoff = await service.exportDataset({ format: 'standoff', out: path.join(dir, 's.jsonl'), layer: { kind: 'annotator', annotator: 'layla' } });
    const s = JSON.parse(await readFile(standoff.out, 'utf8')) as { spans: Array<{ startOffset: number; endOffset: number; text: string }> };
    expect([s.spans[0]!.startOffset, s.spans[0]!.endOffset, s.spans[0]!.text]).toEqual([start, end, 'Kataib Hezbollah']);
    const brat = await service.exportDataset({ format: 'brat', out: path.join(dir, 'brat'), layer: { kind: 'annotator', annotator: 'layla' } });
    expect(await readFile(path.join(brat.out, 'emoji.ann'), 'utf8')).toBe(`T1\tactor ${start} ${end}\tKataib Hezbollah\n`);
    expect(await readFile(path.join(brat.out, 'emoji.txt'), 'utf8')).toBe(text);
  });
});

describe('export: nothing half-written, nothing overwritten', () => {
  it('a cancelled export leaves nothing behind, not even temporary files', async () => {
    for (const format of ['standoff', 'brat', 'huggingface'] as const) {
      const root = await copySample({ annotations: true });
      const dir = await temp();
      const controller = new AbortController();
      const seen: JobProgress[] = [];
      const ctx: JobContext = {
        signal: controller.signal,
        progress: (p) => {
          seen.push(p);
          if (p.phase === 'exporting documents' && p.done === 2) controller.abort();
        },
      };
      const service = await StandoffService.open(root);
      await expect(service.exportDataset({ format, out: outIn(dir, format), layer: { kind: 'all' } }, ctx)).rejects.toBeInstanceOf(JobCancelled);
      expect(await readdir(dir), format).toEqual([]);
      expect(seen.filter((p) => p.phase === 'exporting documents').map((p) => p.done)).toEqual([0, 1, 2]);
      expect(seen.every((p) => p.total === 5)).toBe(true);
    }
  });

  it('cancelling during agreement also leaves nothing', async () => {
    const root = await copySample({ annotations: true });
    const dir = await temp();
    const controller = new AbortController();
    const ctx: JobContext = { signal: controller.signal, progress: (p) => p.phase === 'computing agreement' && p.done === 1 && controller.abort() };
    await expect((await StandoffService.open(root)).exportDataset({ format: 'csv', out: path.join(dir, 'x.csv'), layer: { kind: 'all' } }, ctx)).rejects.toBeInstanceOf(JobCancelled);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses to overwrite a non-empty file unless asked; an empty one is fine', async () => {
    const root = await copySample({ annotations: true });
    const dir = await temp();
    const service = await StandoffService.open(root);
    const out = path.join(dir, 'data.jsonl');
    await writeFile(out, 'my own work\n');
    const err = await rejection(service.exportDataset({ format: 'standoff', out, layer: { kind: 'all' } }));
    expect(err.code).toBe('conflict');
    expect(err.message).toContain(`${out} exists and is not empty; not replacing it unless asked to`);
    expect(await readFile(out, 'utf8')).toBe('my own work\n');
    expect(await readdir(dir)).toEqual(['data.jsonl']);
    // The card's place counts too.
    await writeFile(out, '');
    await writeFile(path.join(dir, 'data.card.md'), 'notes');
    expect((await rejection(service.exportDataset({ format: 'standoff', out, layer: { kind: 'all' } }))).message).toContain('data.card.md exists and is not empty');
    const summary = await service.exportDataset({ format: 'standoff', out, layer: { kind: 'all' }, overwrite: true });
    expect((await readFile(out, 'utf8')).split('\n').length).toBe(11);
    expect((await readFile(summary.card, 'utf8')).startsWith(CARD_MARKER)).toBe(true);
  });

  it('replaces a folder only when asked and only when an export wrote it', async () => {
    const root = await copySample({ annotations: true });
    const dir = await temp();
    const service = await StandoffService.open(root);
    const mine = path.join(dir, 'mine');
    await mkdir(mine);
    await writeFile(path.join(mine, 'thesis.tex'), 'chapter 1');
    for (const overwrite of [false, true]) {
      const err = await rejection(service.exportDataset({ format: 'brat', out: mine, layer: { kind: 'all' }, overwrite }));
      expect(err.code).toBe('conflict');
      expect(err.message).toContain(overwrite ? 'a Standoff export did not write' : 'exists and is not empty');
    }
    expect(await readdir(mine)).toEqual(['thesis.tex']);
    // An export's own folder: replaced when asked, whole (no file of the old one left).
    const brat = path.join(dir, 'brat');
    await service.exportDataset({ format: 'brat', out: brat, layer: { kind: 'all' } });
    await writeFile(path.join(brat, 'stale.ann'), '');
    await rejection(service.exportDataset({ format: 'brat', out: brat, layer: { kind: 'annotator', annotator: 'tom' } }));
    await service.exportDataset({ format: 'brat', out: brat, layer: { kind: 'annotator', annotator: 'tom' }, overwrite: true });
    const files = await readdir(brat);
    expect(files).not.toContain('stale.ann');
    expect(files).not.toContain('layla');
    expect(files).toContain(`${IDS[0]}.ann`);
    expect((await readdir(dir)).sort()).toEqual(['brat', 'mine']);
  });

  it('refuses a target in the project’s own files or elsewhere in it but exports/, or a parent that does not exist', async () => {
    const root = await copySample({ annotations: true });
    const service = await StandoffService.open(root);
    expect((await rejection(service.exportDataset({ format: 'standoff', out: path.join(root, 'documents', 'x.jsonl'), layer: { kind: 'all' } }))).message).toContain("project's own files");
    expect((await rejection(service.exportDataset({ format: 'brat', out: path.dirname(root), layer: { kind: 'all' }, overwrite: true }))).message).toContain('holds the project itself');
    expect((await rejection(service.exportDataset({ format: 'standoff', out: path.join(root, 'exports', 'no', 'such', 'x.jsonl'), layer: { kind: 'all' } }))).code).toBe('not-found');
    expect((await rejection(service.exportDataset({ format: 'standoff', out: path.join(root, 'notes.jsonl'), layer: { kind: 'all' } }))).message).toContain('is in the project folder but not in its exports/ folder');
  });

  it('validates its input at the door', () => {
    const ok = { format: 'standoff', out: '/tmp/x.jsonl', layer: { kind: 'gold' } };
    expect(inputSchemas.exportDataset.safeParse(ok).success).toBe(true);
    expect(inputSchemas.exportDataset.safeParse({ ...ok, out: 'relative/x.jsonl' }).success).toBe(false);
    expect(inputSchemas.exportDataset.safeParse({ ...ok, format: 'xml' }).success).toBe(false);
    expect(inputSchemas.exportDataset.safeParse({ ...ok, layer: { kind: 'annotator', annotator: '../x' } }).success).toBe(false);
    expect(inputSchemas.exportDataset.safeParse({ ...ok, documents: { kind: 'list', docIds: [] } }).success).toBe(false);
    expect(inputSchemas.exportDataset.safeParse({ ...ok, date: 'yesterday' }).success).toBe(false);
    expect(inputSchemas.exportDataset.safeParse({ ...ok, options: { w3cBase: 'not an iri' } }).success).toBe(false);
    expect(inputSchemas.exportDataset.safeParse({ ...ok, extra: 1 }).success).toBe(false);
  });
});
