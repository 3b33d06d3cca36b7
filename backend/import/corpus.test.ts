/**
 * Issue 13's proof: real files published by the tools' own projects (fixtures/corpora, sources
 * in its README) come in through the documented command, `standoff import <project> <corpus>`
 * (bin/standoff.mjs, a real process), with the text exactly as given, the spans, relations and
 * attributes as the source tool reads them, and go back out equal where the format allows.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { parseManifest } from '../../shared/format/manifest';
import { standoff } from '../../tests/support/cli';
import { tempDirs } from '../../tests/support/interchange';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'corpora');
const temp = tempDirs('corpus-import');
/** Each test runs the command several times, each a new Node process (about 5 s on a busy machine). */
const CLI_TIMEOUT = 180_000;

const layer = async (project: string, docId: string, annotator = 'imported') =>
  parseAnnotationFile(await readFile(path.join(project, layout.annotation(docId, annotator)), 'utf8'), 'layer');
const manifest = async (project: string) => parseManifest(await readFile(path.join(project, layout.manifest), 'utf8'), 'standoff.json');
const text = (project: string, docId: string) => readFile(path.join(project, layout.text(docId)), 'utf8');
/** brat's lines as a set: T, R and A lines may come in any order. */
const bratLines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean).sort();

describe('standoff import of a brat folder (NCBI-disease sample from brat’s example data)', () => {
  it('makes a new project whose documents keep the file names and texts, with annotation.conf’s labels and attributes', async () => {
    const project = path.join(await temp(), 'ncbi');
    const run = await standoff('import', project, path.join(FIXTURES, 'brat-ncbi-disease'), '--new');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('added label: Disease');
    expect(run.stdout).toContain('added attribute: Disease/Category');
    expect(run.stdout).toContain('Imported: 2 documents (2 new), 15 spans, 0 relations into imported (brat).');
    // Ids keep case; the text is the .txt byte for byte, final line break and all.
    expect((await readdir(path.join(project, 'documents'))).sort()).toEqual(['PMID-23402', 'PMID-9888390']);
    for (const id of ['PMID-23402', 'PMID-9888390']) expect(await text(project, id)).toBe(await readFile(path.join(FIXTURES, 'brat-ncbi-disease', `${id}.txt`), 'utf8'));
    const meta = JSON.parse(await readFile(path.join(project, layout.meta('PMID-9888390')), 'utf8'));
    expect(meta.importNotes).toEqual([]);
    const m = await manifest(project);
    expect(m.labels.map((l) => [l.id, l.key])).toEqual([['Disease', '1']]);
    expect(m.labels[0]!.attributes).toEqual([{ id: 'Category', name: 'Category', type: 'choice', options: ['SpecificDisease', 'Modifier', 'DiseaseClass', 'CompositeMention'].map((v) => ({ id: v, name: v })) }]);
    // The spans and attribute values as brat reads them: "T1 Disease 77 94 neonatal jaundice", "A1 Category T1 SpecificDisease".
    const l = await layer(project, 'PMID-23402');
    expect(l.spans[0]).toMatchObject({ label: 'Disease', startOffset: 77, endOffset: 94, quote: { exact: 'neonatal jaundice' }, attributes: { Category: 'SpecificDisease' } });
    expect(l.spans).toHaveLength(8);
    expect((await standoff('validate', project)).stdout).toMatch(/0 problems/);

    // And back out to brat: the same .txt and the same lines.
    const out = path.join(await temp(), 'brat-out');
    const exported = await standoff('export', project, '--format', 'brat', '--layer', 'imported', '--out', out);
    expect(exported.code).toBe(0);
    for (const id of ['PMID-23402', 'PMID-9888390']) {
      expect(await readFile(path.join(out, `${id}.txt`), 'utf8')).toBe(await readFile(path.join(FIXTURES, 'brat-ncbi-disease', `${id}.txt`), 'utf8'));
      expect(await bratLines(path.join(out, `${id}.ann`))).toEqual(await bratLines(path.join(FIXTURES, 'brat-ncbi-disease', `${id}.ann`)));
    }
  }, CLI_TIMEOUT);

  it('into an existing project: the labels are refused by name, then mapped or added', async () => {
    const project = path.join(await temp(), 'news');
    expect((await standoff('new', project)).code).toBe(0);
    const refused = await standoff('import', project, path.join(FIXTURES, 'brat-ncbi-disease'));
    expect(refused.code).toBe(1);
    // Each line names the label; then how often, where first, and what to do.
    expect(refused.stdout).toContain('brat-ncbi-disease/PMID-23402.ann:1: T1: label "Disease" is not in the schema');
    expect(refused.stdout).toContain('label "Disease" (15 spans, the first in brat-ncbi-disease/PMID-23402.ann:1) is not in the schema (claim, denial, casualty-figure, actor); add it with --add-labels, or map it with --map Disease=<label>');
    expect(refused.stdout).toContain('Nothing imported');
    expect(await readdir(path.join(project, 'documents'))).toEqual([]);

    const added = await standoff('import', project, path.join(FIXTURES, 'brat-ncbi-disease'), '--add-labels', '--annotator', 'gold');
    expect(added.code).toBe(0);
    const m = await manifest(project);
    expect(m.labels.map((l) => [l.id, l.key ?? null, l.color])).toEqual([
      ['claim', '1', '#0072b2'],
      ['denial', '2', '#d55e00'],
      ['casualty-figure', '3', '#009e73'],
      ['actor', '4', '#cc79a7'],
      ['Disease', '5', '#e69f00'],
    ]);
    expect((await layer(project, 'PMID-9888390', 'gold')).spans).toHaveLength(7);

    // The same corpus again, mapped onto an existing label in another layer: matched by id, not created again.
    const mapped = await standoff('import', project, path.join(FIXTURES, 'brat-ncbi-disease'), '--map', 'Disease=claim', '--annotator', 'layla');
    expect(mapped.stderr).toBe('');
    expect(mapped.stdout).toContain('labels read as: Disease → claim');
    expect(mapped.stdout).toContain('PMID-9888390 ← brat-ncbi-disease/PMID-9888390.ann (by id)');
    expect(mapped.stdout).toContain('Imported: 2 documents, 15 spans');
    expect((await layer(project, 'PMID-9888390', 'layla')).spans.every((s) => s.label === 'claim')).toBe(true);
  }, CLI_TIMEOUT);
});

describe('standoff import of brat’s CoNLL-2002 Spanish sample and news tutorial', () => {
  it('keeps dotted file names as ids, and brings relations with annotation.conf’s argument types', async () => {
    const esp = path.join(await temp(), 'esp');
    const run = await standoff('import', esp, path.join(FIXTURES, 'brat-conll2002-esp'), '--new');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('added labels: ORG, PER, LOC, MISC');
    expect((await readdir(path.join(esp, 'documents'))).sort()).toEqual(['esp.train-doc-29', 'esp.train-doc-46']);
    expect(await text(esp, 'esp.train-doc-46')).toBe(await readFile(path.join(FIXTURES, 'brat-conll2002-esp', 'esp.train-doc-46.txt'), 'utf8'));
    expect((await layer(esp, 'esp.train-doc-46')).spans[0]).toMatchObject({ label: 'LOC', startOffset: 0, endOffset: 8, quote: { exact: 'Freetown' } });

    const news = path.join(await temp(), 'news');
    const tutorial = await standoff('import', news, path.join(FIXTURES, 'brat-news-tutorial'), '--new');
    expect(tutorial.code).toBe(0);
    // brat's equivalence line (*) has no place in Standoff: said, not dropped silently.
    expect(tutorial.stdout).toContain('060-relation_annotation.ann:6: equivalence (*) is not imported');
    const m = await manifest(news);
    expect(m.relations.find((r) => r.id === 'Located')).toEqual({ id: 'Located', name: 'Located', from: ['Person'], to: ['GPE'] });
    expect(m.labels.find((l) => l.id === 'Person')!.attributes.map((a) => [a.id, a.type])).toEqual([
      ['Individual', 'boolean'],
      ['Mention', 'choice'],
    ]);
    const l = await layer(news, '060-relation_annotation');
    // "R1 Located Arg1:T1 Arg2:T2": the first Terry Pratchett, located in the first England.
    const first = (quote: string) => l.spans.filter((s) => s.quote.exact === quote).sort((a, b) => a.startOffset - b.startOffset)[0]!.id;
    expect(l.relations).toEqual([expect.objectContaining({ type: 'Located', from: first('Terry Pratchett'), to: first('England') })]);
  }, CLI_TIMEOUT);
});

describe('standoff import of Prodigy, doccano and CoNLL/IOB files', () => {
  it('Prodigy: ignored tasks are counted and said; the rest become documents with their text exactly', async () => {
    const project = path.join(await temp(), 'tweets');
    const file = path.join(FIXTURES, 'prodigy', 'ner_tweets-test_annotated-first12.jsonl');
    const run = await standoff('import', project, file, '--new');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('left out: 0 tasks answered reject, 4 answered ignore (Prodigy: not annotations)');
    expect(run.stdout).toContain('Imported: 8 documents (8 new), 10 spans, 0 relations into imported (spacy).');
    const first = JSON.parse((await readFile(file, 'utf8')).split('\n')[0]!);
    expect(await text(project, 'ner_tweets-test_annotated-first12-line-1')).toBe(first.text);
    const spans = (await layer(project, 'ner_tweets-test_annotated-first12-line-1')).spans;
    expect(spans.map((s) => [s.label, s.startOffset, s.endOffset])).toEqual(first.spans.map((s: { label: string; start: number; end: number }) => [s.label, s.start, s.end]));
  }, CLI_TIMEOUT);

  it('doccano: entities and relations, label case kept; a second file adds to the same project', async () => {
    const project = path.join(await temp(), 'doccano');
    const run = await standoff('import', project, path.join(FIXTURES, 'doccano', 'relation_extraction-example.jsonl'), '--new');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('added relation types: foundedAt, foundedBy');
    const l = await layer(project, 'relation_extraction-example-line-1');
    expect(l.spans.map((s) => `${s.label}:${s.quote.exact}`)).toEqual(['ORG:Google', 'DATE:September 4, 1998', 'PERSON:Larry Page', 'PERSON:Sergey Brin']);
    expect(l.relations.map((r) => r.type).sort()).toEqual(['foundedAt', 'foundedBy', 'foundedBy']);

    const refused = await standoff('import', project, path.join(FIXTURES, 'doccano', 'sequence_labeling-example.jsonl'));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('label "MISC" (1 span, the first in sequence_labeling-example.jsonl:1) is not in the schema (ORG, DATE, PERSON)');
    const more = await standoff('import', project, path.join(FIXTURES, 'doccano', 'sequence_labeling-example.jsonl'), '--add-labels');
    expect(more.code).toBe(0);
    expect(more.stdout).toContain('added label: MISC');
    expect((await layer(project, 'sequence_labeling-example-line-1')).spans.map((s) => `${s.label}:${s.quote.exact}`)).toEqual(['ORG:EU', 'MISC:German']);

    // Back out as doccano: each record's text and labels as the source has them (our export adds an id).
    const out = path.join(await temp(), 'out.jsonl');
    expect((await standoff('export', project, '--format', 'doccano', '--layer', 'imported', '--out', out)).code).toBe(0);
    const exported = (await readFile(out, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; text: string; label: unknown });
    const source = (await readFile(path.join(FIXTURES, 'doccano', 'sequence_labeling-example.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string; label: unknown });
    expect(exported.filter((r) => r.id.startsWith('sequence_labeling')).map(({ text, label }) => ({ text, label }))).toEqual(source);
  }, CLI_TIMEOUT);

  it('CoNLL/IOB (spaCy’s example): one document, its text rebuilt from the tokens, spans from the tags', async () => {
    const project = path.join(await temp(), 'iob');
    const run = await standoff('import', project, path.join(FIXTURES, 'conll', 'ner-token-per-line.iob'), '--new');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('added labels: PERSON, ORG, DATE, NORP');
    const l = await layer(project, 'ner-token-per-line');
    expect(l.spans.map((s) => `${s.label}:${s.quote.exact}`)).toEqual(['PERSON:Sebastian Thrun', 'ORG:Google', 'DATE:2007', 'NORP:American', 'PERSON:Thrun', 'ORG:Recode', 'DATE:earlier this week']);
    expect((await text(project, 'ner-token-per-line')).startsWith('When Sebastian Thrun started')).toBe(true);
  }, CLI_TIMEOUT);
});

describe('line ends', () => {
  it('a brat .txt with CRLF line ends: stored with LF, the offsets moved with it, and the change noted', async () => {
    const dir = await temp();
    const corpus = path.join(dir, 'crlf');
    await mkdir(corpus);
    const txt = await readFile(path.join(FIXTURES, 'brat-ncbi-disease', 'PMID-23402.txt'), 'utf8');
    const ann = await readFile(path.join(FIXTURES, 'brat-ncbi-disease', 'PMID-23402.ann'), 'utf8');
    // brat counts each CR as a character: an offset moves by the line breaks before it.
    const moved = (o: number) => o + (txt.slice(0, o).match(/\n/g)?.length ?? 0);
    await writeFile(path.join(corpus, 'PMID-23402.txt'), txt.replace(/\n/g, '\r\n'));
    await writeFile(path.join(corpus, 'PMID-23402.ann'), ann.replace(/^(T\d+\t\S+ )(\d+) (\d+)/gm, (_, head: string, a: string, b: string) => `${head}${moved(Number(a))} ${moved(Number(b))}`));
    await cp(path.join(FIXTURES, 'brat-ncbi-disease', 'annotation.conf'), path.join(corpus, 'annotation.conf'));
    const project = path.join(dir, 'p');
    const run = await standoff('import', project, corpus, '--new');
    expect(run.stdout).toContain('Imported: 1 document (1 new), 8 spans');
    expect(await text(project, 'PMID-23402')).toBe(txt);
    expect(JSON.parse(await readFile(path.join(project, layout.meta('PMID-23402')), 'utf8')).importNotes).toEqual(['made CRLF line ends LF (offsets mapped)']);
    const spans = (await layer(project, 'PMID-23402')).spans;
    expect(spans[0]).toMatchObject({ startOffset: 77, endOffset: 94, quote: { exact: 'neonatal jaundice' } });
  }, CLI_TIMEOUT);
});

describe('what import says when it cannot', () => {
  it('a .spacy file: not supported, and what is', async () => {
    const dir = await temp();
    const project = path.join(dir, 'p');
    expect((await standoff('new', project)).code).toBe(0);
    const file = path.join(dir, 'train.spacy');
    await writeFile(file, Buffer.from([0x78, 0x9c, 0x01, 0x02]));
    const run = await standoff('import', project, file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("train.spacy: a .spacy file is spaCy's binary DocBin, which Standoff does not read");
    expect(run.stderr).toMatch(/turn it into JSONL first .* and import that; the formats Standoff reads are standoff, /);
    expect(run.stderr).toContain('brat (.ann, or a folder)');
    expect(run.stderr).toContain('conll (.conll, .iob, CoNLL-2002/2003)');
  }, CLI_TIMEOUT);

  it('a JSONL problem names the file’s real line, not line 1', async () => {
    const dir = await temp();
    const project = path.join(dir, 'p');
    expect((await standoff('new', project)).code).toBe(0);
    const lines = (await readFile(path.join(FIXTURES, 'doccano', 'sequence_labeling-example.jsonl'), 'utf8')).split('\n');
    lines[2] = '{"text": "President Obama", "label": [ [10, 99, "PERSON"] ]}';
    const file = path.join(dir, 'broken.jsonl');
    await writeFile(file, lines.join('\n'));
    const run = await standoff('import', project, file, '--add-labels');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^broken\.jsonl:3: /m);
    expect(run.stdout).not.toMatch(/line-1|:1: /);
  }, CLI_TIMEOUT);

  it('a document of the project named but for case, with another text: the near miss is named, nothing is created', async () => {
    const dir = await temp();
    const corpus = path.join(dir, 'corpus');
    await cp(path.join(FIXTURES, 'brat-ncbi-disease'), corpus, { recursive: true });
    const project = path.join(dir, 'p');
    expect((await standoff('import', project, corpus, '--new')).code).toBe(0);
    // The same name in lower case, the text trimmed, as an older import made it.
    const original = await readFile(path.join(corpus, 'PMID-23402.txt'), 'utf8');
    await writeFile(path.join(corpus, 'pmid-23402.txt'), original.trimEnd());
    await writeFile(path.join(corpus, 'pmid-23402.ann'), '');
    const { rm } = await import('node:fs/promises');
    await rm(path.join(corpus, 'PMID-23402.txt'));
    await rm(path.join(corpus, 'PMID-23402.ann'));
    await rm(path.join(corpus, 'PMID-9888390.ann'));
    await rm(path.join(corpus, 'PMID-9888390.txt'));
    const run = await standoff('import', project, corpus, '--annotator', 'tom');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('would be the new document "pmid-23402", but the project has "PMID-23402", the same name but for case, with another text');
    expect((await readdir(path.join(project, 'documents'))).sort()).toEqual(['PMID-23402', 'PMID-9888390']);
  }, CLI_TIMEOUT);
});

describe('standoff import --new that fails', () => {
  it('takes the new project away again, leaving what the folder held before', async () => {
    const dir = await temp();
    const broken = path.join(dir, 'broken.jsonl');
    await writeFile(broken, `${JSON.stringify({ text: 'Ten killed.', spans: [{ start: 0, end: 99, label: 'X' }] })}\n`);
    // A folder that did not exist is removed whole.
    const fresh = path.join(dir, 'fresh');
    const run = await standoff('import', fresh, broken, '--new');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Removed the new project');
    await expect(readdir(fresh)).rejects.toThrow();
    // A folder that held files keeps them, and only them.
    const kept = path.join(dir, 'kept');
    await mkdir(kept);
    await writeFile(path.join(kept, 'notes.txt'), 'mine');
    expect((await standoff('import', kept, broken, '--new')).code).toBe(1);
    expect(await readdir(kept)).toEqual(['notes.txt']);
  }, CLI_TIMEOUT);
});
