import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { FormatError } from '../../shared/format/errors';
import { decodeUtf8, insideProject } from './files';

const ROOT = path.resolve('/projects/iraq');

describe('insideProject', () => {
  it('resolves paths inside the project folder', () => {
    expect(insideProject(ROOT, 'documents/a/text.txt')).toBe(path.join(ROOT, 'documents/a/text.txt'));
    expect(insideProject(ROOT, 'documents/../standoff.json')).toBe(path.join(ROOT, 'standoff.json'));
  });

  it('refuses paths that leave the folder, or the folder itself, naming the path', () => {
    for (const bad of ['../other/standoff.json', 'documents/../../x', '/etc/passwd', '.', '', '..']) {
      expect(() => insideProject(ROOT, bad), bad).toThrow(ApiError);
      expect(() => insideProject(ROOT, bad), bad).toThrow(`${bad}: path is outside the project folder`);
    }
    // A sibling whose name starts like the project's is outside too.
    expect(() => insideProject(ROOT, '../iraq-old/standoff.json')).toThrow(ApiError);
  });
});

describe('decodeUtf8', () => {
  it('decodes valid UTF-8, emoji and Arabic included, and keeps a BOM for the reader to handle', () => {
    expect(decodeUtf8(Buffer.from('سرايا 👍🏽', 'utf8'), 'f')).toBe('سرايا 👍🏽');
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
  });
});
