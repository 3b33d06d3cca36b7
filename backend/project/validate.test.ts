import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
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
import { SEEDS } from '../../tests/support/seeds';

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
    // The BOM counts as a character, so the text differs from the one the annotations were made on.
    ['text.txt starting with a byte-order mark', layout.text(DOC), put(layout.text(DOC), () => `\uFEFF${docText}`), /^starts with a byte-order mark \(U\+FEFF\), which Standoff counts as the character at offset 0/, [annotationFile]],
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

  it('ignores hidden files that are not Standoff\'s', async () => {
    const root = await copy();
    await writeFile(path.join(root, layout.annotationsDir(DOC), '.DS_Store'), 'x');
    await writeFile(path.join(root, layout.annotationsDir(DOC), '.amira.json.swp'), 'x');
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

/** A process id that is surely not running: one of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

/** Makes a file or folder look as if it had been left an hour ago. */
async function age(full: string): Promise<void> {
  const then = new Date(Date.now() - 3600_000);
  await utimes(full, then, then);
}

describe('validateProject: what interrupted work left behind', () => {
  it('reports leftover .importing folders, temporary files, backups and export parts, each in words', async () => {
    const root = await copy();
    const pid = deadPid();
    const ann = (name: string) => path.join(root, layout.annotationsDir(DOC), name);
    const amira = await readFile(ann('amira.json'));
    await mkdir(path.join(root, 'documents', 'new-article.importing'));
    await writeFile(path.join(root, 'documents', 'new-article.importing', 'text.txt'), 'half an import');
    await writeFile(ann(`.amira.json.${pid}-9f8e7d6c.tmp`), '{"half": ');
    await writeFile(ann('.amira.json.tmp'), '{"half": ');
    await writeFile(ann(`amira.json.standoff-${pid}-0a1b2c3d.tmp`), '{}');
    await writeFile(ann(`amira.json.standoff-${pid}-0a1b2c3d.bak`), amira);
    await writeFile(path.join(root, `standoff.json.${pid}.tmp`), '{');
    await mkdir(path.join(root, 'exports'));
    await writeFile(path.join(root, 'exports', `.gold.jsonl.standoff-${pid}-00ff00ff.part`), '{"a"');
    // A seat another process held: its lock is stale, and that is no problem.
    await mkdir(path.join(root, '.standoff', 'seats', 'amira.lock'), { recursive: true });
    await writeFile(path.join(root, '.standoff', 'seats', 'amira.json'), JSON.stringify({ pid, host: 'elsewhere', since: '2020-01-01T00:00:00Z', app: 'standoff' }));
    for (const f of ['documents/new-article.importing', `${layout.annotationsDir(DOC)}/.amira.json.${pid}-9f8e7d6c.tmp`, `${layout.annotationsDir(DOC)}/.amira.json.tmp`, `${layout.annotationsDir(DOC)}/amira.json.standoff-${pid}-0a1b2c3d.tmp`, `${layout.annotationsDir(DOC)}/amira.json.standoff-${pid}-0a1b2c3d.bak`, `standoff.json.${pid}.tmp`, `exports/.gold.jsonl.standoff-${pid}-00ff00ff.part`]) {
      await age(path.join(root, f));
    }
    const before = await filesOf(root);
    const report = await validateProject(root);
    const annDir = layout.annotationsDir(DOC);
    expect(report.problems).toEqual([
      { file: `${annDir}/.amira.json.${pid}-9f8e7d6c.tmp`, problems: ['a temporary file left by an interrupted save of amira.json; `standoff validate --repair` removes it'] },
      { file: `${annDir}/.amira.json.tmp`, problems: ['a temporary file left by an interrupted save of amira.json; `standoff validate --repair` removes it'] },
      { file: `${annDir}/amira.json.standoff-${pid}-0a1b2c3d.bak`, problems: ['a backup of amira.json left by an interrupted annotation import, the same as amira.json; `standoff validate --repair` removes it'] },
      { file: `${annDir}/amira.json.standoff-${pid}-0a1b2c3d.tmp`, problems: ['a temporary file left by an interrupted save of amira.json; `standoff validate --repair` removes it'] },
      { file: 'documents/new-article.importing/', problems: ['left by an interrupted import; `standoff validate --repair` removes it'] },
      { file: `exports/.gold.jsonl.standoff-${pid}-00ff00ff.part`, problems: ['part of an export to gold.jsonl that was interrupted; `standoff validate --repair` removes it'] },
      { file: `standoff.json.${pid}.tmp`, problems: ['a temporary file left by an interrupted save of standoff.json; `standoff validate --repair` removes it'] },
    ]);
    expect(await filesOf(root)).toEqual(before);
  });

  it('says when a backup\'s file is missing, or differs, and when a leftover may still be in use', async () => {
    const root = await copy();
    const ann = (name: string) => path.join(root, layout.annotationsDir(DOC), name);
    await writeFile(ann('gold.json.standoff-1-aaaa0000.bak'), 'earlier gold');
    await writeFile(ann('amira.json.standoff-1-bbbb0000.bak'), 'earlier amira');
    for (const f of ['gold.json.standoff-1-aaaa0000.bak', 'amira.json.standoff-1-bbbb0000.bak']) await age(ann(f));
    await mkdir(path.join(root, 'documents', 'fresh.importing'));
    const problems = new Map((await validateProject(root)).problems.map((p) => [p.file, p.problems.join('\n')]));
    const annDir = layout.annotationsDir(DOC);
    expect(problems.get(`${annDir}/gold.json.standoff-1-aaaa0000.bak`)).toBe('the earlier gold.json, kept by an annotation import that was interrupted, and gold.json is missing; `standoff validate --repair` puts it back');
    expect(problems.get(`${annDir}/amira.json.standoff-1-bbbb0000.bak`)).toBe(
      'a backup of amira.json left by an interrupted annotation import, with other content than amira.json has now; compare the two and delete this one by hand (`standoff validate --repair` keeps it)',
    );
    expect(problems.get('documents/fresh.importing/')).toMatch(/^left by an interrupted import; `standoff validate --repair` removes it \(not yet: it may still be in use, it was changed \d+ s ago\)$/);
  });
});

describe('validateProject: links', () => {
  const outside = 'outside the project; Standoff does not read or write through links that leave the project.';

  it('reports each link that leads out of the project, once, at the link, and reads nothing through it', async () => {
    const root = await copy();
    const elsewhere = await realpath(await mkdtemp(path.join(tmpdir(), 'standoff-elsewhere-')));
    temps.push(elsewhere);
    // What is out there would be reported as broken if it were read.
    await mkdir(path.join(elsewhere, 'annotations'));
    await writeFile(path.join(elsewhere, 'annotations', 'amira.json'), '{"broken": ');
    await writeFile(path.join(elsewhere, 'private.txt'), 'a private note\r\n');
    await writeFile(path.join(elsewhere, 'standoff.json'), '{"broken": ');
    await mkdir(path.join(elsewhere, 'entities'));
    await writeFile(path.join(elsewhere, 'entities', 'amira.json'), '{"broken": ');
    await mkdir(path.join(elsewhere, 'doc'));
    const replace = async (rel: string, target: string) => {
      await rm(path.join(root, rel), { recursive: true, force: true });
      await symlink(target, path.join(root, rel));
    };
    const d = (id: string) => layout.documentDir(id);
    await replace(layout.annotationsDir(DOC), path.join(elsewhere, 'annotations'));
    await replace(layout.text('000_121e11c80b4a277e'), path.join(elsewhere, 'private.txt'));
    await replace(layout.guidelines, path.join(elsewhere, 'private.txt'));
    await replace(layout.manifest, path.join(elsewhere, 'standoff.json'));
    await replace(layout.entitiesDir, path.join(elsewhere, 'entities'));
    await replace(d('001_cc6eff7c9034e064'), path.join(elsewhere, 'doc'));
    const report = await validateProject(root);
    expect(report.problems).toEqual(
      [
        [layout.manifest, path.join(elsewhere, 'standoff.json')],
        [layout.guidelines, path.join(elsewhere, 'private.txt')],
        [layout.entitiesDir, path.join(elsewhere, 'entities')],
        [layout.text('000_121e11c80b4a277e'), path.join(elsewhere, 'private.txt')],
        [d('001_cc6eff7c9034e064'), path.join(elsewhere, 'doc')],
        [layout.annotationsDir(DOC), path.join(elsewhere, 'annotations')],
      ].map(([file, target]) => ({ file, problems: [`is a link to ${target}, ${outside}`] })),
    );
  });

  it('accepts links that stay inside the project', async () => {
    const root = await copy();
    // The registry and one text kept in other folders of the project, linked from their places.
    await mkdir(path.join(root, 'shared'));
    await cp(path.join(root, layout.text(DOC)), path.join(root, 'shared', 'text.txt'));
    await rm(path.join(root, layout.text(DOC)));
    await symlink(path.join('..', '..', 'shared', 'text.txt'), path.join(root, layout.text(DOC)));
    await cp(path.join(root, layout.annotationsDir(DOC)), path.join(root, 'shared', 'annotations'), { recursive: true });
    await rm(path.join(root, layout.annotationsDir(DOC)), { recursive: true });
    await symlink(path.join(root, 'shared', 'annotations'), path.join(root, layout.annotationsDir(DOC)));
    const report = await validateProject(root);
    expect(report.problems).toEqual([]);
    expect(report.filesChecked).toBe(1 + 5 * 2 + 1);
  });
});
