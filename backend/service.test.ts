import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../tests/support/rejection';
import { layout } from '../shared/format/layout';
import { StandoffService } from './service';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../annotations');
const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'standoff-service-'));
  temps.push(root);
  await cp(SAMPLE, root, { recursive: true, filter: (src) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations') });
});


describe('StandoffService', () => {
  it('refuses to open a folder that is not a project, saying how to make one', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'standoff-empty-'));
    temps.push(empty);
    await expect(StandoffService.open(empty)).rejects.toThrow(/no Standoff project here .*standoff new/);
    await writeFile(path.join(empty, 'standoff.json'), '{"format":"standoff/project","version":7}');
    await expect(StandoffService.open(empty)).rejects.toThrow(/standoff\.json: format version 7 is newer/);
  });

  it('describes the project: name, labels and settings from the manifest', async () => {
    const info = await (await StandoffService.open(root)).getProject();
    expect(info.name).toBe('Sample: attacks on US forces in Iraq');
    expect(info.root).toBe(root);
    expect(info.labels.map((l) => l.id)).toEqual(['claim', 'denial', 'casualty-figure', 'actor']);
    expect(info.settings).toEqual({ snapToWords: true });
  });

  it('lists the five documents with title, source, length in code points, and the first words of an untitled one', async () => {
    const docs = await (await StandoffService.open(root)).listDocuments();
    expect(docs.map((d) => d.id)).toEqual(IDS);
    const byId = new Map(docs.map((d) => [d.id, d]));
    expect(byId.get('003_0facc4703c9682af')?.title).toBe('How Qassem Suleimani provoked the US with covert attacks in Iraq');
    expect(byId.get('000_121e11c80b4a277e')?.source).toBe('jpost');
    for (const d of docs) {
      const text = await readFile(path.join(root, layout.text(d.id)), 'utf8');
      expect(d.length).toBe(Array.from(text).length);
      expect(d.problems).toEqual([]);
      expect(d.annotators).toEqual({});
      if (d.title !== null) {
        expect(d.excerpt).toBe('');
        continue;
      }
      expect(d.excerpt.length).toBeGreaterThan(20);
      expect(d.excerpt.length).toBeLessThanOrEqual(91);
      expect(d.excerpt).not.toMatch(/\s\s|\n/);
      expect(text.replace(/\s+/g, ' ').startsWith(d.excerpt.replace(/…$/, ''))).toBe(true);
    }
    expect(byId.get('002_8b07dd57c7e0feb1')?.excerpt.startsWith('On Monday evening')).toBe(true);
  });

  it('opens a document with its text exactly as stored and its metadata', async () => {
    const service = await StandoffService.open(root);
    const doc = await service.openDocument({ docId: '002_8b07dd57c7e0feb1' });
    expect(doc.text).toBe(await readFile(path.join(root, layout.text('002_8b07dd57c7e0feb1')), 'utf8'));
    expect(doc.meta.importNotes).toEqual(['dropped line 1, page markup: "!-- Google tag (gtag.js) -->"']);
    expect(doc.layers).toEqual([]);
  });

  it('stores the quote context from the text, not what the caller claims', async () => {
    const service = await StandoffService.open(root);
    const docId = '003_0facc4703c9682af';
    const doc = await service.openDocument({ docId });
    const start = Array.from(doc.text).join('').indexOf('Qassem');
    await service.applyEdits({
      docId,
      annotator: 'amira',
      edits: [{ op: 'add', span: { id: 's1', label: 'actor', startOffset: start, endOffset: start + 6, quote: { prefix: 'WRONG', exact: 'Qassem', suffix: 'WRONG' } } }],
    });
    const saved = JSON.parse(await readFile(path.join(root, layout.annotation(docId, 'amira')), 'utf8'));
    expect(saved.spans[0].quote).toEqual({ prefix: 'How ', exact: 'Qassem', suffix: ' Suleimani provoked the US with ' });
  });

  it('serves the project guidelines, or null when the project has none', async () => {
    const service = await StandoffService.open(root);
    const guidelines = await service.getGuidelines();
    expect(guidelines.file).toBe('guidelines.md');
    expect(guidelines.markdown).toContain('# Annotation guidelines');
    await rm(path.join(root, 'guidelines.md'));
    expect((await service.getGuidelines()).markdown).toBeNull();
  });

  it('changes the schema, writes the manifest, and refuses a change that annotations would no longer fit', async () => {
    const service = await StandoffService.open(root);
    const { labels, relations } = await service.getProject();
    const renamed = labels.map((l) => (l.id === 'claim' ? { ...l, name: 'Claim of responsibility', color: '#123456' } : l));
    const withLocation = [...renamed, { id: 'location', name: 'Location', key: '5', color: '#e69f00', attributes: [] }];
    const info = await service.updateSchema({ labels: withLocation, relations });
    expect(info.labels.map((l) => l.id)).toEqual(['claim', 'denial', 'casualty-figure', 'actor', 'location']);
    const manifest = JSON.parse(await readFile(path.join(root, 'standoff.json'), 'utf8'));
    expect(manifest.version).toBe(2);
    expect(manifest.labels[0]).toMatchObject({ id: 'claim', name: 'Claim of responsibility', color: '#123456' });
    expect(manifest.labels[4]).toEqual({ id: 'location', name: 'Location', key: '5', color: '#e69f00', attributes: [] });

    // A span with the new label, then try to remove it: refused, saying how much uses it.
    const doc = await service.openDocument({ docId: '003_0facc4703c9682af' });
    const start = doc.text.indexOf('Baghdad');
    await service.applyEdits({
      docId: '003_0facc4703c9682af',
      annotator: 'amira',
      edits: [{ op: 'add', span: { id: 'l1', label: 'location', startOffset: start, endOffset: start + 7, quote: { prefix: '', exact: 'Baghdad', suffix: '' } } }],
    });
    const refused = await rejection(service.updateSchema({ labels: renamed, relations }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toContain('label "location" is removed but spans use it (1 annotation in documents/003_0facc4703c9682af/annotations/amira.json)');
    expect(JSON.parse(await readFile(path.join(root, 'standoff.json'), 'utf8')).labels).toHaveLength(5);
  });

  it('refuses to drop an option or an attribute in use, and a relation type whose spans no longer fit', async () => {
    const service = await StandoffService.open(root);
    const { labels, relations } = await service.getProject();
    const docId = '003_0facc4703c9682af';
    const { text } = await service.openDocument({ docId });
    const at = (phrase: string) => {
      const u = text.indexOf(phrase);
      return { startOffset: [...text.slice(0, u)].length, endOffset: [...text.slice(0, u)].length + [...phrase].length, quote: { prefix: '', exact: phrase, suffix: '' } };
    };
    const figure = text.match(/\b(killed|injured|wounded)\b/)!;
    const claim = text.slice(0, 40).trim().split(/\s+/).slice(0, 2).join(' ');
    await service.applyEdits({
      docId,
      annotator: 'amira',
      edits: [
        { op: 'add', span: { id: 'c1', label: 'casualty-figure', ...at(figure[0]), attributes: { outcome: 'killed', count: { min: 3, max: null }, vague: false } } },
        { op: 'add', span: { id: 'cl1', label: 'claim', ...at(claim) } },
        { op: 'addRelation', relation: { id: 'r1', type: 'denies', from: 'c1', to: 'cl1' } },
      ],
    }).then(
      () => expect.unreachable('a relation from a casualty figure to a claim is not in the schema'),
      (e: Error) => expect(e.message).toContain('"denies" cannot start at a casualty-figure span'),
    );
    await service.applyEdits({ docId, annotator: 'amira', edits: [{ op: 'add', span: { id: 'c1', label: 'casualty-figure', ...at(figure[0]), attributes: { outcome: 'killed', count: { min: 3, max: null }, vague: false } } }] });

    const withoutKilled = labels.map((l) =>
      l.id === 'casualty-figure' ? { ...l, attributes: l.attributes.map((a) => (a.id === 'outcome' && a.type === 'choice' ? { ...a, options: a.options.filter((o) => o.id !== 'killed') } : a)) } : l,
    );
    const refused = await rejection(service.updateSchema({ labels: withoutKilled, relations }));
    expect(refused.message).toContain('Casualty figure › Outcome: "killed" is not one of its options');
    const withoutCount = labels.map((l) => (l.id === 'casualty-figure' ? { ...l, attributes: l.attributes.filter((a) => a.id !== 'count') } : l));
    expect((await rejection(service.updateSchema({ labels: withoutCount, relations }))).message).toContain('Casualty figure has no attribute "count"');
    // An unused option can go.
    const withoutMissing = labels.map((l) =>
      l.id === 'casualty-figure' ? { ...l, attributes: l.attributes.map((a) => (a.id === 'outcome' && a.type === 'choice' ? { ...a, options: a.options.filter((o) => o.id !== 'missing') } : a)) } : l,
    );
    await service.updateSchema({ labels: withoutMissing, relations });
    expect(JSON.parse(await readFile(path.join(root, 'standoff.json'), 'utf8')).labels[2].attributes[0].options.map((o: { id: string }) => o.id)).toEqual(['killed', 'injured']);
  });

  it('says which document is missing', async () => {
    const e = await rejection((await StandoffService.open(root)).openDocument({ docId: 'no-such-doc' }));
    expect(e.code).toBe('not-found');
    expect(e.message).toBe('no document "no-such-doc" in this project');
  });

  it('reports a document whose files cannot be read, naming the file, in the list and on open', async () => {
    const bad = '001_cc6eff7c9034e064';
    await writeFile(path.join(root, layout.meta(bad)), '{ not json');
    const crlf = '004_e94987f2d4dfd192';
    const text = await readFile(path.join(root, layout.text(crlf)), 'utf8');
    await writeFile(path.join(root, layout.text(crlf)), text.replace(/\n/g, '\r\n'));
    const service = await StandoffService.open(root);
    const docs = await service.listDocuments();
    expect(docs).toHaveLength(5);
    const broken = docs.find((d) => d.id === bad)!;
    expect(broken.problems[0]?.file).toBe(`documents/${bad}/document.json`);
    expect(broken.problems[0]?.problems[0]).toMatch(/not valid JSON/);
    expect(docs.find((d) => d.id === crlf)!.problems[0]).toEqual({ file: `documents/${crlf}/text.txt`, problems: ['has CR line ends; texts are stored with LF (re-import it)'] });

    const e = await rejection(service.openDocument({ docId: bad }));
    expect(e.code).toBe('unreadable-file');
    expect(e.problem?.file).toBe(`documents/${bad}/document.json`);
    expect(e.message).toContain(`documents/${bad}/document.json`);
    // The other documents still open.
    await expect(service.openDocument({ docId: IDS[0]! })).resolves.toBeTruthy();
  });

  it('validates the project through the same service', async () => {
    const report = await (await StandoffService.open(root)).validateProject();
    expect(report.problems).toEqual([]);
    expect(report.filesChecked).toBe(13); // manifest, 5 × (document.json, text.txt), 2 entity registry files
  });
});
