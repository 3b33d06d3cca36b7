import { describe, expect, it } from 'vitest';
import { textHash } from '../text/hash';
import { FormatError } from './errors';
import { parseDocumentMeta, serializeDocumentMeta, type DocumentMeta } from './documentMeta';

const FILE = 'documents/000_x/document.json';
const meta: DocumentMeta = {
  format: 'standoff/document',
  version: 1,
  id: '000_x',
  title: 'How Qassem Suleimani provoked the US',
  source: null,
  textHash: textHash('text'),
  length: 4,
  importedFrom: '000_x.txt',
  importNotes: ['dropped line 1, page markup: "<div>"'],
};

describe('document metadata', () => {
  it('round-trips byte for byte', () => {
    const text = serializeDocumentMeta(meta);
    expect(parseDocumentMeta(text, FILE)).toEqual(meta);
    expect(serializeDocumentMeta(parseDocumentMeta(text, FILE))).toBe(text);
  });

  it('rejects an id that could not be a folder name, and a missing title, naming fields and file', () => {
    const { title: _title, ...noTitle } = meta;
    try {
      parseDocumentMeta(JSON.stringify({ ...noTitle, id: '../Up' }), FILE);
      throw new Error('expected a FormatError');
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).message).toContain(FILE);
      const text = (e as FormatError).problems.join('\n');
      expect(text).toMatch(/^id: must be 1–100 letters, digits/m);
      expect(text).toMatch(/^title: /m);
    }
  });

  it('reads and writes author, published and publisher after source, and leaves them out when unknown', () => {
    const full: DocumentMeta = { ...meta, source: 'https://example.com/a', author: 'Hadi Karim, Laura Mendes', published: '2026-03-14T09:42:11Z', publisher: 'The Meridian Wire' };
    const text = serializeDocumentMeta(full);
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'id', 'title', 'source', 'author', 'published', 'publisher', 'textHash', 'length', 'importedFrom', 'importNotes']);
    expect(parseDocumentMeta(text, FILE)).toEqual(full);
    expect(serializeDocumentMeta(parseDocumentMeta(text, FILE))).toBe(text);
    // A file from before these fields is still valid and is written back unchanged.
    const old = serializeDocumentMeta(meta);
    expect(old).not.toMatch(/author|published|publisher/);
    expect(parseDocumentMeta(old, FILE)).not.toHaveProperty('author');
    expect(() => parseDocumentMeta(JSON.stringify({ ...meta, author: '' }), FILE)).toThrow(/author/);
    expect(() => parseDocumentMeta(JSON.stringify({ ...meta, published: null }), FILE)).toThrow(/published/);
  });

  it('rejects a negative length and a malformed hash', () => {
    expect(() => parseDocumentMeta(JSON.stringify({ ...meta, length: -1, textHash: 'abc' }), FILE)).toThrow(/length: .*textHash: |textHash: .*length: /);
  });
});
