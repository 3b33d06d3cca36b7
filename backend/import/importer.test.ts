import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseDocumentMeta } from '../../shared/format/documentMeta';
import { layout } from '../../shared/format/layout';
import { textHash } from '../../shared/text/hash';
import { createProject } from '../project/create';
import { validateProject } from '../project/validate';
import { StandoffService } from '../service';
import { importArticles, importUploads } from './importer';
import type { JobProgress } from '../jobs/context';
import { expandInputs } from './inputs';
import { SEEDS } from '../../tests/support/seeds';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

let root: string;
let inbox: string;
beforeEach(async () => {
  root = path.join(await tempDir('standoff-import-'), 'project');
  await createProject(root);
  inbox = await tempDir('standoff-inbox-');
});

async function meta(docId: string) {
  return parseDocumentMeta(await readFile(path.join(root, layout.meta(docId)), 'utf8'), layout.meta(docId));
}
async function text(docId: string) {
  return readFile(path.join(root, layout.text(docId)), 'utf8');
}

describe('importing the seed articles into a new project', () => {
  it('gives five documents, with titles, sources and notes as the articles say', async () => {
    const progress: JobProgress[] = [];
    const report = await importArticles(root, await expandInputs([SEEDS]), { signal: new AbortController().signal, progress: (p) => progress.push(p) });
    expect(report.skipped).toEqual([]);
    expect(report.imported.map((d) => d.docId)).toEqual([
      '000_121e11c80b4a277e',
      '001_cc6eff7c9034e064',
      '002_8b07dd57c7e0feb1',
      '003_0facc4703c9682af',
      '004_e94987f2d4dfd192',
    ]);
    expect((await readdir(path.join(root, 'documents'))).sort()).toEqual(report.imported.map((d) => d.docId));
    const service = await StandoffService.open(root);
    expect(await service.listDocuments()).toHaveLength(5);

    // 002: the stray page-markup line is dropped, and the document says so.
    const m002 = await meta('002_8b07dd57c7e0feb1');
    expect(m002.importNotes).toEqual(['dropped line 1, page markup: "!-- Google tag (gtag.js) -->"', 'removed 1 blank line at the start']);
    expect(await text('002_8b07dd57c7e0feb1')).not.toContain('Google tag');
    expect(report.imported[2]!.notes).toEqual(m002.importNotes);

    expect((await meta('003_0facc4703c9682af')).title).toBe('How Qassem Suleimani provoked the US with covert attacks in Iraq');
    expect((await meta('000_121e11c80b4a277e')).source).toBe('jpost');
    expect((await meta('004_e94987f2d4dfd192')).source).toBe('inquisitr');

    for (const d of report.imported) {
      const m = await meta(d.docId);
      const t = await text(d.docId);
      expect(m.textHash).toBe(textHash(t));
      expect(m.length).toBe(Array.from(t).length);
      expect(m.importedFrom).toBe(`${d.docId}.txt`);
      expect(t).not.toContain('\r');
    }
    expect(progress.at(-1)).toEqual({ done: 5, total: 5, phase: 'importing articles' });
    expect(progress.slice(0, 5).map((p) => p.done)).toEqual([0, 1, 2, 3, 4]);
    expect((await validateProject(root)).problems).toEqual([]);
    // No temporary folders are left.
    expect((await readdir(path.join(root, 'documents'))).filter((n) => n.endsWith('.importing'))).toEqual([]);
  });

  it('skips an article already in the project as a duplicate, under any name', async () => {
    await importArticles(root, await expandInputs([SEEDS]));
    await cp(path.join(SEEDS, '003_0facc4703c9682af.txt'), path.join(inbox, 'copy of 003.txt'));
    // Same text with Windows line ends: still the same article once normalised.
    const crlf = (await readFile(path.join(SEEDS, '001_cc6eff7c9034e064.txt'), 'utf8')).replace(/\n/g, '\r\n');
    await writeFile(path.join(inbox, 'windows.txt'), crlf);
    const report = await importArticles(root, [path.join(inbox, 'copy of 003.txt'), path.join(inbox, 'windows.txt')]);
    expect(report.imported).toEqual([]);
    expect(report.skipped).toEqual([
      { file: path.join(inbox, 'copy of 003.txt'), reason: 'duplicate: same text as document "003_0facc4703c9682af"' },
      { file: path.join(inbox, 'windows.txt'), reason: 'duplicate: same text as document "001_cc6eff7c9034e064"' },
    ]);
    expect(await readdir(path.join(root, 'documents'))).toHaveLength(5);
  });

  it('skips a duplicate within one import too', async () => {
    await writeFile(path.join(inbox, 'a.txt'), 'Headline\n\nBody.');
    await writeFile(path.join(inbox, 'b.txt'), 'Headline\r\n\r\nBody.\r\n');
    const report = await importArticles(root, [path.join(inbox, 'a.txt'), path.join(inbox, 'b.txt')]);
    expect(report.imported.map((d) => d.docId)).toEqual(['a']);
    expect(report.skipped).toEqual([{ file: path.join(inbox, 'b.txt'), reason: 'duplicate: same text as document "a"' }]);
  });
});

describe('importing files of every kind', () => {
  it('stores CRLF files with LF line ends, and offsets count code points of that text', async () => {
    await writeFile(path.join(inbox, 'crlf.txt'), '\uFEFFDrone strike 👍🏽 near Erbil\r\n\r\nOne fighter was killed.\r\nSource: Reuters\r\n');
    const report = await importArticles(root, [path.join(inbox, 'crlf.txt')]);
    expect(report.imported[0]!.docId).toBe('crlf');
    const t = await text('crlf');
    expect(t).toBe('Drone strike 👍🏽 near Erbil\n\nOne fighter was killed.\nSource: Reuters');
    const m = await meta('crlf');
    expect(m.title).toBe('Drone strike 👍🏽 near Erbil');
    expect(m.source).toBe('Reuters');
    expect(m.length).toBe(t.length - 2);
  });

  it('removes a byte-order mark from the start of an article, and notes it in the document', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    await writeFile(path.join(inbox, 'bom.txt'), Buffer.concat([bom, Buffer.from('Ceasefire holds in Mosul\n\nThe guns fell silent.')]));
    await writeFile(path.join(inbox, 'bom.md'), Buffer.concat([bom, Buffer.from('# Talks resume\n\nDelegates met in Geneva.')]));
    await writeFile(path.join(inbox, 'bom.html'), Buffer.concat([bom, Buffer.from('<html><body><h1>Aid arrives</h1><p>Trucks crossed at dawn.</p></body></html>')]));
    const report = await importArticles(root, ['bom.txt', 'bom.md', 'bom.html'].map((f) => path.join(inbox, f)));
    expect(report.skipped).toEqual([]);
    for (const d of report.imported) {
      const t = await text(d.docId);
      expect(t.startsWith('\uFEFF'), d.docId).toBe(false);
      expect((await readFile(path.join(root, layout.text(d.docId))))[0], d.docId).not.toBe(0xef);
      expect((await meta(d.docId)).importNotes[0], d.docId).toBe('removed the byte-order mark (U+FEFF) at the start of the file');
      expect(d.notes[0]).toBe('removed the byte-order mark (U+FEFF) at the start of the file');
    }
    expect(await text(report.imported[0]!.docId)).toBe('Ceasefire holds in Mosul\n\nThe guns fell silent.');
    expect((await validateProject(root)).problems).toEqual([]);
  });

  it('leaves a folder an interrupted import left out of the project\'s documents', async () => {
    // What `kill -9` during an import leaves: a document's temporary folder, half written.
    await mkdir(path.join(root, 'documents', 'killed.importing'));
    await writeFile(path.join(root, 'documents', 'killed.importing', 'text.txt'), 'Half of an artic');
    await writeFile(path.join(inbox, 'next.txt'), 'Next article\n\nBody.');
    const report = await importArticles(root, [path.join(inbox, 'next.txt')]);
    expect(report.imported.map((d) => d.docId)).toEqual(['next']);
    const service = await StandoffService.open(root);
    expect((await service.listDocuments()).map((d) => d.id)).toEqual(['next']);
    expect((await validateProject(root)).problems).toEqual([{ file: 'documents/killed.importing/', problems: [expect.stringMatching(/^left by an interrupted import; `standoff validate --repair` removes it/)] }]);
  });

  it('skips an empty file, a binary file, invalid UTF-8, an unknown kind and a missing file, with reasons', async () => {

    const files = {
      empty: path.join(inbox, 'empty.txt'),
      blank: path.join(inbox, 'blank.txt'),
      markupOnly: path.join(inbox, 'markup.txt'),
      binary: path.join(inbox, 'image.txt'),
      latin1: path.join(inbox, 'latin1.txt'),
      pdf: path.join(inbox, 'report.pdf'),
      missing: path.join(inbox, 'missing.txt'),
      folder: path.join(inbox, 'folder.txt'),
    };
    await writeFile(files.empty, '');
    await writeFile(files.blank, '  \n\r\n\t\n');
    await writeFile(files.markupOnly, '<div>\n<!-- x -->\n</div>\n');
    await writeFile(files.binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48]));
    await writeFile(files.latin1, Buffer.from('Caf\xe9 in Baghdad, r\xe9sum\xe9', 'latin1'));
    await writeFile(files.pdf, '%PDF-1.4');
    await mkdir(files.folder);
    const report = await importArticles(root, Object.values(files));
    expect(report.imported).toEqual([]);
    const reasons = new Map(report.skipped.map((s) => [s.file, s.reason]));
    expect(reasons.get(files.empty)).toBe('empty (no text after import)');
    expect(reasons.get(files.blank)).toBe('empty (no text after import)');
    expect(reasons.get(files.markupOnly)).toBe('empty (no text after import)');
    expect(reasons.get(files.binary)).toBe('binary file (it contains NUL bytes)');
    expect(reasons.get(files.latin1)).toBe('not valid UTF-8 (first bad byte at 3)');
    expect(reasons.get(files.pdf)).toBe('not a .txt, .md or .html file');
    expect(reasons.get(files.missing)).toBe('no such file');
    expect(reasons.get(files.folder)).toBe('not a file');
    expect(await readdir(path.join(root, 'documents'))).toEqual([]);
  });

  it('gives a Markdown article as readable text without markup, titled by its first heading', async () => {
    const md = [
      '# Rockets hit **Ain al-Asad** base',
      '',
      'A group calling itself [Ashab al-Kahf](https://example.com/ashab "group") **claimed** the attack, _officials_ said.',
      '',
      '## Casualties',
      '',
      '- one contractor was *injured*',
      '- see [the report][ref]',
      '',
      '<div class="ad">advert</div>',
      '',
      '---',
      '',
      '[ref]: https://example.com/report',
      '',
    ].join('\n');
    await writeFile(path.join(inbox, 'rockets.md'), md);
    const report = await importArticles(root, [path.join(inbox, 'rockets.md')]);
    expect(report.skipped).toEqual([]);
    const t = await text('rockets');
    expect(t).toContain('Rockets hit Ain al-Asad base');
    expect(t).toContain('A group calling itself Ashab al-Kahf claimed the attack, officials said.');
    expect(t).toContain('one contractor was injured');
    expect(t).toContain('see the report');
    for (const markup of ['#', '**', '](', '[', 'https://', '<div', 'advert', '---', '_officials_', '*injured*']) expect(t).not.toContain(markup);
    expect((await meta('rockets')).title).toBe('Rockets hit Ain al-Asad base');
  });

  it('gives an HTML article as its text without scripts, styles or navigation, titled by its h1', async () => {
    const html = `<!DOCTYPE html>
<html><head><title>Site | Some page</title>
<style>body { color: red } .secret-style {}</style>
<script>window.secretScript = "tracking";</script></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World news</a></nav>
<header>Breaking-news banner</header>
<main><article>
<h1>Drone strike near  Erbil airport</h1>
<p>A drone <b>struck</b> a base near <a href="https://example.com/erbil">Erbil</a>, officials said.</p>
<script>alert("inline-script")</script>
<p>Kataib Hezbollah denied any role &amp; called the claim “propaganda”.</p>
<aside>Related: other stories</aside>
<form><button>Subscribe</button></form>
</article></main>
<footer>Copyright footer</footer>
</body></html>`;
    await writeFile(path.join(inbox, 'erbil.html'), html);
    const report = await importArticles(root, [path.join(inbox, 'erbil.html')]);
    expect(report.skipped).toEqual([]);
    const t = await text('erbil');
    expect(t).toContain('A drone struck a base near Erbil, officials said.');
    expect(t).toContain('Kataib Hezbollah denied any role & called the claim “propaganda”.');
    for (const junk of ['secretScript', 'tracking', 'inline-script', 'secret-style', 'color: red', 'Home', 'World news', 'Breaking-news', 'Copyright', 'Related', 'Subscribe', '<', 'https://']) {
      expect(t, junk).not.toContain(junk);
    }
    expect((await meta('erbil')).title).toBe('Drone strike near Erbil airport');
  });

  it('gives a second article with the same file name a new id, never overwriting the first', async () => {
    await mkdir(path.join(inbox, 'a'));
    await mkdir(path.join(inbox, 'b'));
    await writeFile(path.join(inbox, 'a', 'report.txt'), 'First report.\nBody one.');
    await writeFile(path.join(inbox, 'b', 'report.txt'), 'Second report.\nBody two.');
    const report = await importArticles(root, await expandInputs([inbox]));
    expect(report.imported.map((d) => d.docId)).toEqual(['report', 'report-2']);
    expect(await text('report')).toBe('First report.\nBody one.');
    expect(await text('report-2')).toBe('Second report.\nBody two.');
  });

  it('stops between files when cancelled', async () => {
    await writeFile(path.join(inbox, 'one.txt'), 'One.\nText one.');
    await writeFile(path.join(inbox, 'two.txt'), 'Two.\nText two.');
    const controller = new AbortController();
    const report = await importArticles(
      root,
      [path.join(inbox, 'one.txt'), path.join(inbox, 'two.txt')],
      {
        signal: controller.signal,
        progress: (p) => {
          // The user cancels while the first file is being imported.
          if (p.done === 0) controller.abort();
        },
      },
    );
    expect(report.imported.map((d) => d.docId)).toEqual(['one']);
    expect(report.cancelled).toBe(true);
    expect(report.skipped).toEqual([{ file: path.join(inbox, 'two.txt'), reason: 'not imported: the import was cancelled' }]);
    expect(await readdir(path.join(root, 'documents'))).toEqual(['one']);
  });
});

describe('importing news pages (HTML)', () => {
  it('stores the main text and the page\'s metadata in document.json, and the project validates', async () => {
    const files = ['meridian-wire-ain-al-asad.html', 'gulf-courier-erbil-oil-field.html', 'kurdistan-herald-sinjar-denial.html'].map((f) => path.join(FIXTURES, f));
    const report = await importArticles(root, files);
    expect(report.skipped).toEqual([]);
    const m = await meta('meridian-wire-ain-al-asad');
    expect(m).toMatchObject({
      title: 'Rockets hit base hosting US troops in western Iraq, no casualties reported',
      source: 'https://www.meridianwire.example/world/middle-east/rockets-hit-base-hosting-us-troops-western-iraq-2026-03-14/',
      author: 'Hadi Karim, Laura Mendes',
      published: '2026-03-14T09:42:11Z',
      publisher: 'The Meridian Wire',
      importedFrom: 'meridian-wire-ain-al-asad.html',
    });
    expect(m.importNotes).toContain('dropped an ad label inside the article: "Advertisement · Scroll to continue"');
    expect(report.imported[0]!.notes).toEqual(m.importNotes);
    expect(await text('meridian-wire-ain-al-asad')).not.toMatch(/cookie|Sponsored|Related Coverage|All rights reserved/i);
    expect(await meta('kurdistan-herald-sinjar-denial')).toMatchObject({ author: 'Rebaz Ali', published: '2026-01-12T16:20:31+03:00', publisher: 'Kurdistan Herald' });
    for (const d of report.imported) expect((await meta(d.docId)).textHash).toBe(textHash(await text(d.docId)));
    expect((await validateProject(root)).problems).toEqual([]);
  });

  it('leaves author, published and publisher out of document.json for text and Markdown', async () => {
    await writeFile(path.join(inbox, 'plain.txt'), 'Headline\n\nBody.');
    await importArticles(root, [path.join(inbox, 'plain.txt')]);
    const raw = await readFile(path.join(root, layout.meta('plain')), 'utf8');
    expect(raw).not.toMatch(/author|published|publisher/);
  });
});

describe('importUploads (files picked in the browser)', () => {
  const upload = (name: string, content: string | Uint8Array) => ({ name, bytes: typeof content === 'string' ? Buffer.from(content, 'utf8') : content });

  it('skips what a path import skips, with the same reasons', async () => {
    await importArticles(root, [path.join(SEEDS, '003_0facc4703c9682af.txt')]);
    const seed003 = await readFile(path.join(SEEDS, '003_0facc4703c9682af.txt'));
    const report = await importUploads(root, [
      upload('empty.txt', ''),
      upload('blank.txt', '  \n\r\n\t\n'),
      upload('markup.txt', '<div>\n<!-- x -->\n</div>\n'),
      upload('image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d])),
      upload('latin1.txt', Buffer.from('Caf\xe9 in Baghdad, r\xe9sum\xe9', 'latin1')),
      upload('report.pdf', '%PDF-1.4'),
      upload('copy of 003.txt', seed003),
      upload('a.txt', 'Headline\n\nBody.'),
      upload('b.txt', 'Headline\r\n\r\nBody.\r\n'),
    ]);
    expect(report.imported.map((d) => [d.file, d.docId])).toEqual([['a.txt', 'a']]);
    expect(report.skipped).toEqual([
      { file: 'empty.txt', reason: 'empty (no text after import)' },
      { file: 'blank.txt', reason: 'empty (no text after import)' },
      { file: 'markup.txt', reason: 'empty (no text after import)' },
      { file: 'image.txt', reason: 'binary file (it contains NUL bytes)' },
      { file: 'latin1.txt', reason: 'not valid UTF-8 (first bad byte at 3)' },
      { file: 'report.pdf', reason: 'not a .txt, .md or .html file' },
      { file: 'copy of 003.txt', reason: 'duplicate: same text as document "003_0facc4703c9682af"' },
      { file: 'b.txt', reason: 'duplicate: same text as document "a"' },
    ]);
    expect((await readdir(path.join(root, 'documents'))).sort()).toEqual(['003_0facc4703c9682af', 'a']);
  });

  it('makes the same document from an uploaded page as from the same file on disk', async () => {
    const name = 'gulf-courier-erbil-oil-field.html';
    const bytes = await readFile(path.join(FIXTURES, name));
    const other = path.join(await tempDir('standoff-upload-'), 'project');
    await createProject(other);
    await importArticles(other, [path.join(FIXTURES, name)]);
    const report = await importUploads(root, [{ name, bytes }]);
    expect(report.imported.map((d) => d.docId)).toEqual(['gulf-courier-erbil-oil-field']);
    for (const file of [layout.text('gulf-courier-erbil-oil-field'), layout.meta('gulf-courier-erbil-oil-field')]) {
      expect(await readFile(path.join(root, file), 'utf8'), file).toBe(await readFile(path.join(other, file), 'utf8'));
    }
    expect(await meta('gulf-courier-erbil-oil-field')).toMatchObject({ author: 'Shvan Aziz', publisher: 'Gulf Courier', published: '2026-02-21T14:03:00+03:00' });
  });

  it('uses only the base name of an upload, whatever folders the browser sends', async () => {
    const report = await importUploads(root, [upload('C:\\Users\\amira\\Desktop\\report.txt', 'Report.\nBody one.'), upload('../../escape.md', '# Escape\n\nBody two.')]);
    expect(report.imported.map((d) => [d.file, d.docId])).toEqual([
      ['report.txt', 'report'],
      ['escape.md', 'escape'],
    ]);
    expect((await meta('escape')).importedFrom).toBe('escape.md');
    expect((await readdir(path.join(root, 'documents'))).sort()).toEqual(['escape', 'report']);
  });
});

describe('expandInputs', () => {
  it('expands folders recursively into sorted article files, skipping hidden and other files', async () => {
    await mkdir(path.join(inbox, 'sub', 'deeper'), { recursive: true });
    await writeFile(path.join(inbox, 'b.txt'), 'x');
    await writeFile(path.join(inbox, 'a.md'), 'x');
    await writeFile(path.join(inbox, '.hidden.txt'), 'x');
    await writeFile(path.join(inbox, 'photo.jpg'), 'x');
    await writeFile(path.join(inbox, 'sub', 'deeper', 'c.HTML'), 'x');
    const files = await expandInputs([inbox, path.join(inbox, 'not-there.txt')]);
    expect(files).toEqual([
      path.join(inbox, 'a.md'),
      path.join(inbox, 'b.txt'),
      path.join(inbox, 'sub', 'deeper', 'c.HTML'),
      path.join(inbox, 'not-there.txt'),
    ]);
  });
});
