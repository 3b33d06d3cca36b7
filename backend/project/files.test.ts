import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { FormatError } from '../../shared/format/errors';
import { decodeUtf8, insideProject, linkOutside, placeOf, readFilesInLine, readProjectFile, readUtf8 } from './files';

const ROOT = path.resolve('/projects/iraq');

describe('insideProject', () => {
  it('resolves paths inside the project folder', () => {
    expect(insideProject(ROOT, 'documents/a/text.txt')).toBe(path.join(ROOT, 'documents/a/text.txt'));
    expect(insideProject(ROOT, 'documents/./a/text.txt')).toBe(path.join(ROOT, 'documents/a/text.txt'));
  });

  it('refuses paths that leave the folder, the folder itself, and any "..", naming the path', () => {
    for (const bad of ['../other/standoff.json', 'documents/../../x', 'documents/../standoff.json', '/etc/passwd', 'C:\\Windows\\x', '.', '', '..']) {
      expect(() => insideProject(ROOT, bad), bad).toThrow(ApiError);
      expect(() => insideProject(ROOT, bad), bad).toThrow(`${bad}: path is outside the project folder`);
    }
    // A sibling whose name starts like the project's is outside too.
    expect(() => insideProject(ROOT, '../iraq-old/standoff.json')).toThrow(ApiError);
  });
});

describe('insideProject with links (real symbolic links in a temporary folder)', () => {
  let base: string;
  let root: string;
  let elsewhere: string;

  beforeAll(async () => {
    // Real paths, so that the expected messages hold where the temporary folder is itself a link (macOS).
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'standoff-links-')));
    root = path.join(base, 'project');
    elsewhere = path.join(base, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, 'private.txt'), 'not for Standoff');
    await mkdir(path.join(elsewhere, 'annotations'));
    await mkdir(path.join(root, 'documents', 'a', 'annotations'), { recursive: true });
    await mkdir(path.join(root, 'documents', 'b'), { recursive: true });
    await mkdir(path.join(root, 'entities'));
    await writeFile(path.join(root, 'standoff.json'), '{}');
    await writeFile(path.join(root, 'documents', 'a', 'text.txt'), 'A text');
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  /** A fresh project folder per test, each with its own links. */
  let n = 0;
  async function project(links: Record<string, string>): Promise<string> {
    const dir = path.join(base, `p${n++}`);
    await mkdir(path.join(dir, 'documents', 'a', 'annotations'), { recursive: true });
    await mkdir(path.join(dir, 'documents', 'b'), { recursive: true });
    await writeFile(path.join(dir, 'documents', 'a', 'text.txt'), 'A text');
    for (const [at, to] of Object.entries(links)) {
      await mkdir(path.dirname(path.join(dir, at)), { recursive: true });
      await rm(path.join(dir, at), { recursive: true, force: true });
      await symlink(to, path.join(dir, at));
    }
    return dir;
  }

  const refusal = (link: string, target: string) => `${link} is a link to ${target}, outside the project; Standoff does not read or write through links that leave the project.`;

  it('follows a link that stays inside the project, and gives the path as asked', async () => {
    const dir = await project({ 'documents/b/text.txt': '../a/text.txt', 'documents/b/annotations': path.join('..', 'a', 'annotations') });
    expect(insideProject(dir, 'documents/b/text.txt')).toBe(path.join(dir, 'documents/b/text.txt'));
    expect(insideProject(dir, 'documents/b/annotations/alice.json')).toBe(path.join(dir, 'documents/b/annotations/alice.json'));
    expect(linkOutside(dir, 'documents/b/annotations/alice.json')).toBeNull();
  });

  it('refuses each kind of path when it, or a folder on its way, is a link out of the project', async () => {
    const cases: Array<{ link: string; to: string; ask: string }> = [
      { link: 'documents/a/annotations', to: path.join(elsewhere, 'annotations'), ask: 'documents/a/annotations/alice.json' },
      { link: 'documents/a/annotations', to: path.join(elsewhere, 'annotations'), ask: 'documents/a/annotations' },
      { link: 'documents/a/text.txt', to: path.join(elsewhere, 'private.txt'), ask: 'documents/a/text.txt' },
      { link: 'guidelines.md', to: path.join(elsewhere, 'private.txt'), ask: 'guidelines.md' },
      { link: 'standoff.json', to: path.join(elsewhere, 'private.txt'), ask: 'standoff.json' },
      { link: 'entities', to: elsewhere, ask: 'entities/alice.json' },
      { link: 'documents/b', to: elsewhere, ask: 'documents/b/document.json' },
      { link: 'documents', to: elsewhere, ask: 'documents/a/text.txt' },
      // Relative links count by where they lead, not by how they are written.
      { link: 'documents/a/annotations', to: '../../../elsewhere/annotations', ask: 'documents/a/annotations/alice.json' },
    ];
    for (const c of cases) {
      const dir = await project({ [c.link]: c.to });
      const expected = refusal(c.link, c.to.startsWith('..') ? path.resolve(dir, path.dirname(c.link), c.to) : c.to);
      expect(() => insideProject(dir, c.ask), c.ask).toThrow(expected);
      expect(linkOutside(dir, c.ask), c.ask).toEqual({ link: c.link, target: expected.slice(`${c.link} is a link to `.length, expected.indexOf(', outside')) });
    }
  });

  it('refuses the same links in a whole-corpus command, which checks each folder once', async () => {
    readFilesInLine(true);
    try {
      const dir = await project({ 'documents/b/text.txt': '../a/text.txt', 'documents/a/annotations': path.join(elsewhere, 'annotations') });
      // Ask twice: the second answer comes from the folders already checked, and must be the same.
      for (let round = 0; round < 2; round++) {
        expect(insideProject(dir, 'documents/a/text.txt')).toBe(path.join(dir, 'documents/a/text.txt'));
        expect(insideProject(dir, 'documents/b/text.txt')).toBe(path.join(dir, 'documents/b/text.txt'));
        expect(() => insideProject(dir, 'documents/a/annotations/alice.json')).toThrow(refusal('documents/a/annotations', path.join(elsewhere, 'annotations')));
        expect(placeOf(dir, 'documents/a/annotations/alice.json').out).toEqual({ link: 'documents/a/annotations', target: path.join(elsewhere, 'annotations') });
      }
      // A file of a folder already checked that becomes a link out is refused: each file is still looked at.
      await mkdir(path.join(dir, 'documents', 'c'), { recursive: true });
      await writeFile(path.join(dir, 'documents', 'c', 'document.json'), '{}');
      expect(insideProject(dir, 'documents/c/document.json')).toBe(path.join(dir, 'documents/c/document.json'));
      await rm(path.join(dir, 'documents', 'c', 'text.txt'), { force: true });
      await symlink(path.join(elsewhere, 'private.txt'), path.join(dir, 'documents', 'c', 'text.txt'));
      expect(() => insideProject(dir, 'documents/c/text.txt')).toThrow(refusal('documents/c/text.txt', path.join(elsewhere, 'private.txt')));
    } finally {
      readFilesInLine(false);
    }
  });

  it('reads a project file in a whole-corpus command without following a link out of the project, even in a folder already checked', async () => {
    readFilesInLine(true);
    try {
      const dir = await project({ 'documents/b/text.txt': '../a/text.txt' });
      await writeFile(path.join(dir, 'documents', 'b', 'document.json'), '{"id": "b"}');
      // Read twice: the second time the folder is known (one open, no look at the file first).
      for (let round = 0; round < 2; round++) {
        expect(await readProjectFile(dir, 'documents/b/document.json')).toBe('{"id": "b"}');
        // A link that stays inside is followed, as any program would.
        expect(await readProjectFile(dir, 'documents/b/text.txt')).toBe('A text');
        expect(await readProjectFile(dir, 'documents/b/missing.json')).toBeNull();
      }
      // The folder is known to be inside now; its file becomes a link out: refused, never read.
      await rm(path.join(dir, 'documents', 'b', 'document.json'));
      await symlink(path.join(elsewhere, 'private.txt'), path.join(dir, 'documents', 'b', 'document.json'));
      await expect(readProjectFile(dir, 'documents/b/document.json')).rejects.toThrow(refusal('documents/b/document.json', path.join(elsewhere, 'private.txt')));
      // A folder on the way that leads out: refused too.
      const out = await project({ 'documents/a/annotations': path.join(elsewhere, 'annotations') });
      await writeFile(path.join(elsewhere, 'annotations', 'alice.json'), '{}');
      await expect(readProjectFile(out, 'documents/a/annotations/alice.json')).rejects.toThrow(refusal('documents/a/annotations', path.join(elsewhere, 'annotations')));
    } finally {
      readFilesInLine(false);
    }
  });

  it('refuses a file not written yet whose folder leads out, and a dangling link that points out', async () => {
    const dir = await project({ 'documents/a/annotations': path.join(elsewhere, 'annotations'), 'documents/b/text.txt': path.join(elsewhere, 'not-yet.txt') });
    expect(() => insideProject(dir, 'documents/a/annotations/new.json')).toThrow(refusal('documents/a/annotations', path.join(elsewhere, 'annotations')));
    // Writing through the dangling link would create the file where it points.
    expect(() => insideProject(dir, 'documents/b/text.txt')).toThrow(refusal('documents/b/text.txt', path.join(elsewhere, 'not-yet.txt')));
    // A new file in a folder of the project is fine, and so is a new folder.
    expect(insideProject(dir, 'documents/b/annotations/new.json')).toBe(path.join(dir, 'documents/b/annotations/new.json'));
    expect(insideProject(dir, 'documents/c/text.txt')).toBe(path.join(dir, 'documents/c/text.txt'));
  });

  it('refuses a loop of links, in words', async () => {
    const dir = await project({ 'documents/a/annotations': 'loop', 'documents/a/loop': 'annotations' });
    expect(() => insideProject(dir, 'documents/a/annotations/x.json')).toThrow('documents/a/annotations is a link that leads round in a loop');
  });

  it('accepts a project opened through a link to its folder', async () => {
    const dir = await project({});
    const alias = path.join(base, 'alias');
    await symlink(dir, alias);
    expect(insideProject(alias, 'documents/a/text.txt')).toBe(path.join(alias, 'documents/a/text.txt'));
    // …and still refuses a link out of it.
    const out = await project({ 'documents/a/annotations': elsewhere });
    const alias2 = path.join(base, 'alias2');
    await symlink(out, alias2);
    expect(() => insideProject(alias2, 'documents/a/annotations/x.json')).toThrow(refusal('documents/a/annotations', elsewhere));
  });
});

describe('decodeUtf8 and readUtf8', () => {
  it('decodes valid UTF-8, emoji and Arabic included', () => {
    expect(decodeUtf8(Buffer.from('سرايا 👍🏽', 'utf8'), 'f')).toBe('سرايا 👍🏽');
  });

  it('keeps a byte-order mark as the first character, so offsets count it as Python does', () => {
    const text = decodeUtf8(Buffer.from([0xef, 0xbb, 0xbf, 0x48, 0x69]), 'f');
    expect(text).toBe('\uFEFFHi');
    expect([...text].indexOf('H')).toBe(1); // Python: open(f, encoding="utf-8").read().index("H") == 1
  });

  it('reads a text with its byte-order mark, and JSON and Markdown without it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'standoff-bom-'));
    try {
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      for (const name of ['text.txt', 'a.json', 'guidelines.md']) await writeFile(path.join(dir, name), Buffer.concat([bom, Buffer.from('{}')]));
      expect(await readUtf8(path.join(dir, 'text.txt'), 'documents/d/text.txt')).toBe('\uFEFF{}');
      expect(await readUtf8(path.join(dir, 'a.json'), 'standoff.json')).toBe('{}');
      expect(await readUtf8(path.join(dir, 'guidelines.md'), 'guidelines.md')).toBe('{}');
      expect(await readUtf8(path.join(dir, 'none.txt'), 'none.txt')).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses invalid bytes with the file name and the offset of the first bad byte, never U+FFFD', () => {
    const cases: Array<[number[], number]> = [
      [[0x61, 0xff], 1],
      [[0x61, 0x62, 0xc3], 2], // truncated sequence at the end
      [[0xc0, 0xaf], 0], // overlong
      [[0x61, 0xe2, 0x28, 0xa1], 1],
      [[0xf0, 0x9f, 0x91, 0x8d, 0x80], 4], // a stray continuation byte after an emoji
    ];
    for (const [bytes, at] of cases) {
      try {
        decodeUtf8(Uint8Array.from(bytes), 'documents/d/text.txt');
        throw new Error('expected a FormatError');
      } catch (e) {
        expect(e).toBeInstanceOf(FormatError);
        expect((e as FormatError).message).toBe(`documents/d/text.txt: not valid UTF-8 (first bad byte at ${at})`);
      }
    }
    // Refused too: a UTF-16 surrogate written as UTF-8 (CESU-8), and a code point past U+10FFFF.
    for (const bytes of [[0x61, 0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(() => decodeUtf8(Uint8Array.from(bytes), 'documents/d/text.txt')).toThrow(/^documents\/d\/text\.txt: not valid UTF-8 \(first bad byte at \d+\)$/);
    }
  });
});
