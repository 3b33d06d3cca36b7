import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeAnnotationFile, type AnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { quoteOf } from '../../shared/model/quote';
import { CodePointIndex } from '../../shared/text/codePoints';
import { textHash } from '../../shared/text/hash';
import { importArticles } from '../import/importer';
import { expandInputs } from '../import/inputs';
import { createProject } from './create';
import { validateProject } from './validate';

const SEEDS = '/work/shared/seeds';
const DOC = '003_0facc4703c9682af';
const temps: string[] = [];
let template: string;
let docText: string;

afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

/** A clean project: the five seeds imported, and one valid annotation file. */
beforeAll(async () => {
  template = await mkdtemp(path.join(tmpdir(), 'standoff-validate-'));
  temps.push(template);
  await createProject(template, 'Validate');
  const report = await importArticles(template, await expandInputs([SEEDS]));
  expect(report.imported).toHaveLength(5);
  docText = await readFile(path.join(template, layout.text(DOC)), 'utf8');
  await mkdir(path.join(template, layout.annotationsDir(DOC)));
  await writeFile(path.join(template, layout.annotation(DOC, 'amira')), serializeAnnotationFile(annotations()));
});

function annotations(over: Partial<AnnotationFile> = {}): AnnotationFile {
  const index = new CodePointIndex(docText);
  const u = docText.indexOf('Qassem Suleimani');
  const start = index.toCodePoint(u);
  return {
    format: 'standoff/annotations',
    version: 2,
    document: DOC,
    annotator: 'amira',
    offsets: 'unicode-code-points',
    textHash: textHash(docText),
    spans: [{ id: 's1', label: 'actor', startOffset: start, endOffset: start + 16, quote: quoteOf(index, start, start + 16) }],
    relations: [],
    orphans: [],
    ...over,
  };
}

async function copy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'standoff-validate-case-'));
  temps.push(dir);
  await cp(template, dir, { recursive: true });
  return dir;
}

async function filesOf(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.set(full, `${(await readFile(full)).toString('base64')}@${(await stat(full)).mtimeMs}`);
  }
  return out;
}

describe('validateProject', () => {
  it('finds no problem in a clean project, and checks every file', async () => {
    const report = await validateProject(template);
    expect(report.problems).toEqual([]);
    expect(report.filesChecked).toBe(1 + 5 * 2 + 1);
  });

  it('finds no problem in the sample project of the repository', async () => {
    const report = await validateProject(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations'));
    expect(report.problems).toEqual([]);
  });

  type Case = [name: string, file: string, breakIt: (root: string) => Promise<void>, problem: RegExp, alsoReported?: string[]];
  /** Writes a file of the copy; content is computed late, once the clean project exists. */
  const put = (rel: string, content: string | Buffer | (() => string | Buffer)) => (root: string) =>
    writeFile(path.join(root, rel), typeof content === 'function' ? content() : content);
  const annotationFile = layout.annotation(DOC, 'amira');
  const cases: Case[] = [
    ['manifest that is not JSON', 'standoff.json', put('standoff.json', '{"format": '), /^not valid JSON/],
    ['missing manifest', 'standoff.json', (root) => rm(path.join(root, 'standoff.json')), /^missing$/],
    ['manifest of a newer version', 'standoff.json', put('standoff.json', '{"format":"standoff/project","version":3}'), /version 3 is newer.*left as it is/],
    ['manifest with a duplicate key', 'standoff.json', async (root) => {
      const m = JSON.parse(await readFile(path.join(root, 'standoff.json'), 'utf8'));
      m.labels[1].key = '1';
      await writeFile(path.join(root, 'standoff.json'), JSON.stringify(m));
    }, /^labels\[1\]\.key: key 1 is used twice$/],
    ['document.json of another kind', layout.meta(DOC), put(layout.meta(DOC), '{"format":"standoff/annotations","version":1}'), /not a standoff\/document file/],
    ['document.json missing', layout.meta(DOC), (root) => rm(path.join(root, layout.meta(DOC))), /^missing$/],
    ['document.json naming another folder', layout.meta(DOC), async (root) => {
      const raw = await readFile(path.join(root, layout.meta(DOC)), 'utf8');
      await writeFile(path.join(root, layout.meta(DOC)), raw.replace(`"id": "${DOC}"`, '"id": "elsewhere"'));
    }, /"id" is "elsewhere" but the folder is "003_0facc4703c9682af"/],
    ['text.txt missing', layout.text(DOC), (root) => rm(path.join(root, layout.text(DOC))), /^missing$/],
    ['text.txt not UTF-8', layout.text(DOC), put(layout.text(DOC), Buffer.from([0x48, 0x69, 0x20, 0xe9, 0x74, 0xe9])), /^not valid UTF-8 \(first bad byte at 3\)$/],
    ['text.txt with CRLF', layout.text(DOC), async (root) => {
      await writeFile(path.join(root, layout.text(DOC)), docText.replace(/\n/g, '\r\n'));
    }, /has CR line ends/, [annotationFile]],
    ['text.txt edited since import', layout.text(DOC), put(layout.text(DOC), `${docText}\nAdded.`), /changed since import/, [annotationFile]],
    ['a folder with an invalid document name', 'documents/Bad Name', (root) => mkdir(path.join(root, 'documents/Bad Name')), /not a valid document folder name/],
    ['a stray file among the annotations', layout.annotationsDir(DOC) + '/notes.txt', put(layout.annotationsDir(DOC) + '/notes.txt', 'hi'), /not an annotation file name/],
    ['an annotation file that is not JSON', annotationFile, put(annotationFile, '{"spans": ['), /^not valid JSON/],
    ['an annotation file that is not UTF-8', annotationFile, put(annotationFile, Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])), /^not valid UTF-8 \(first bad byte at 6\)$/],
    ['an annotation file of version 99', annotationFile, put(annotationFile, () => JSON.stringify({ ...annotations(), version: 99 })), /version 99 is newer than this Standoff understands \(2\).*left as it is/],
    ['an annotation file with an unknown key', annotationFile, put(annotationFile, () => JSON.stringify({ ...annotations(), extra: 1 })), /extra/],
    ['an annotation with a label outside the schema', annotationFile, put(annotationFile, () => serializeAnnotationFile(annotations({ spans: [{ ...annotations().spans[0]!, label: 'weapon' }] }))), /^spans\[0\]: label "weapon" is not in the project's schema$/],
    ['an annotation whose quote does not match', annotationFile, put(annotationFile, () => serializeAnnotationFile(annotations({ spans: [{ ...annotations().spans[0]!, startOffset: 0 }] }))), /^spans\[0\]: quote does not match the text at 0–/],
    ['an annotation past the end of the text', annotationFile, put(annotationFile, () => serializeAnnotationFile(annotations({ spans: [{ ...annotations().spans[0]!, endOffset: 100000 }] }))), /^spans\[0\]: ends at 100000, past the end of the text/],
    ['an annotation file in the wrong place', annotationFile, put(annotationFile, () => serializeAnnotationFile(annotations({ annotator: 'bob', document: '000_121e11c80b4a277e' }))), /"document" is "000_121e11c80b4a277e" but the file is in "003_0facc4703c9682af"/],
    ['an annotation file made on another text', annotationFile, put(annotationFile, () => serializeAnnotationFile(annotations({ textHash: textHash('old text') }))), /made on another version of the text/],
    ['duplicate span ids', annotationFile, put(annotationFile, () => JSON.stringify({ ...annotations(), spans: [annotations().spans[0], annotations().spans[0]] })), /^spans\[1\]\.id: duplicate span id "s1"$/],
  ];

  it.each(cases)('reports %s, naming the file', async (_name, file, breakIt, problem, alsoReported = []) => {
    const root = await copy();
    await breakIt(root);
    const before = await filesOf(root);
    const report = await validateProject(root);
    const mine = report.problems.filter((p) => p.file === file);
    expect(mine.length, JSON.stringify(report.problems)).toBeGreaterThan(0);
    expect(mine.flatMap((p) => p.problems).join('\n')).toMatch(new RegExp(problem.source, 'm'));
    // Only the file that was broken is reported (and what follows from it: a changed text
    // means its annotations will be re-anchored).
    expect(report.problems.filter((p) => p.file !== file).map((p) => p.file)).toEqual(alsoReported);
    // Validation only reads.
    expect(await filesOf(root)).toEqual(before);
  });

  it('ignores hidden files such as a temporary file left by an interrupted save', async () => {
    const root = await copy();
    await writeFile(path.join(root, layout.annotationsDir(DOC), '.amira.json.tmp'), '{"half": ');
    expect((await validateProject(root)).problems).toEqual([]);
  });

  it('reports every broken file of a project at once', async () => {
    const root = await copy();
    await writeFile(path.join(root, layout.meta('000_121e11c80b4a277e')), 'nope');
    await writeFile(path.join(root, annotationFile), JSON.stringify({ ...annotations(), version: 99 }));
    const report = await validateProject(root);
    expect(report.problems.map((p) => p.file)).toEqual([layout.meta('000_121e11c80b4a277e'), annotationFile]);
  });
});
