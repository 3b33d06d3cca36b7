import { readdir, stat } from 'node:fs/promises';
import { ApiError } from '../../shared/api/errors';
import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { parseDocumentMeta, type DocumentMeta, documentId } from '../../shared/format/documentMeta';
import { CodePointIndex } from '../../shared/text/codePoints';
import { textHash } from './hash';
import { insideProject, readProjectFile } from './files';

/** A document's text with what is derived from it once (code-point index, hash). */
export interface LoadedDocument {
  meta: DocumentMeta;
  text: string;
  index: CodePointIndex;
  /** Hash of the text as it is now (may differ from meta.textHash if text.txt was edited). */
  hash: string;
}

/** Reads documents on demand and keeps the ones read. */
export class DocumentStore {
  private readonly cache = new Map<string, LoadedDocument>();

  constructor(private readonly root: string) {}

  /** Ids of the documents in the project, sorted. Folders with other names are ignored. */
  async ids(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(insideProject(this.root, layout.documentsDir));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    return entries.filter((name) => documentId.safeParse(name).success).sort();
  }

  async load(docId: string): Promise<LoadedDocument> {
    const cached = this.cache.get(docId);
    if (cached) return cached;
    const doc = await this.read(docId);
    this.cache.set(docId, doc);
    return doc;
  }

  /**
   * A document as load() gives it, without keeping it when it is not kept already: for work
   * that reads a whole corpus once (an export), so that memory does not grow with the corpus.
   */
  async peek(docId: string): Promise<LoadedDocument> {
    return this.cache.get(docId) ?? this.read(docId);
  }

  private async read(docId: string): Promise<LoadedDocument> {
    const metaFile = layout.meta(docId);
    const textFile = layout.text(docId);
    const rawMeta = await readProjectFile(this.root, metaFile);
    if (rawMeta === null) throw new FormatError(metaFile, ['missing']);
    const meta = parseDocumentMeta(rawMeta, metaFile);
    if (meta.id !== docId) throw new FormatError(metaFile, [`"id" is "${meta.id}" but the folder is "${docId}"`]);
    const text = await readProjectFile(this.root, textFile);
    if (text === null) throw new FormatError(textFile, ['missing']);
    if (text.includes('\r')) throw new FormatError(textFile, ['has CR line ends; texts are stored with LF (re-import it)']);
    return { meta, text, index: new CodePointIndex(text), hash: textHash(text) };
  }

  /**
   * A document for a service call: checked to exist without listing the project (this runs on
   * every save), and refused in words (`not-found`, `unreadable-file`) when it cannot be read.
   */
  async open(docId: string): Promise<LoadedDocument> {
    if (!(await this.has(docId))) throw new ApiError('not-found', `no document "${docId}" in this project`);
    try {
      return await this.load(docId);
    } catch (e) {
      if (e instanceof FormatError) throw new ApiError('unreadable-file', e.message, { file: e.file, problems: e.problems });
      throw e;
    }
  }

  /** Whether the project has this document: from the cache, else one stat, never a listing. */
  async has(docId: string): Promise<boolean> {
    if (this.cache.has(docId)) return true;
    if (!documentId.safeParse(docId).success) return false;
    try {
      return (await stat(insideProject(this.root, layout.documentDir(docId)))).isDirectory();
    } catch {
      return false;
    }
  }

  forget(docId: string): void {
    this.cache.delete(docId);
  }
}
