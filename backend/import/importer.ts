import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { documentIdFromFileName, uniqueId } from '../../shared/importing/article';
import { layout } from '../../shared/format/layout';
import { serializeDocumentMeta } from '../../shared/format/documentMeta';
import { codePointLength } from '../../shared/text/codePoints';
import { textHash } from '../project/hash';
import { DocumentStore } from '../project/documents';
import { insideProject, readUtf8 } from '../project/files';
import { parseDocumentMeta } from '../../shared/format/documentMeta';
import { readArticle, SkipFile } from './readers';
import type { ArticleImportReport } from '../../shared/api/contract';
import { unwatched, type JobContext } from '../jobs/context';

export type ImportReport = ArticleImportReport;

/** A file the user picked in the browser: its name (only the base name counts) and its bytes. */
export interface ArticleUpload {
  name: string;
  bytes: Uint8Array;
}

/** One file to import: the name it is reported and imported under, and how to get its bytes. */
interface ArticleInput {
  file: string;
  read: () => Promise<Uint8Array>;
}

/**
 * Imports article files into a project: one folder per document with its text (LF line ends)
 * and metadata. A file is skipped, with the reason, when it is empty, binary, not UTF-8, of an
 * unknown kind, or the same text as a document already in the project. Each document is
 * written to a temporary folder (`documents/<id>.importing/`) and renamed into place, so an
 * import never leaves half a document behind. A process killed in between leaves that folder:
 * the document listing ignores it (a document id has no dot), validate reports it, and
 * `standoff validate --repair` removes it. It is not removed here at the start of an import:
 * another process may be importing into the same project.
 */
export async function importArticles(
  root: string,
  files: string[],
  ctx: JobContext = unwatched,
): Promise<ImportReport> {
  const fromDisk = (file: string) => async () => {
    const info = await stat(file);
    if (!info.isFile()) throw new SkipFile('not a file');
    return readFile(file);
  };
  return importInputs(root, files.map((file) => ({ file, read: fromDisk(file) })), ctx);
}

/**
 * Imports files uploaded from the browser (browser mode has no paths). Nothing is read from
 * disk: the bytes are given, and each upload is checked and imported exactly as a file on disk
 * is (empty, binary, not UTF-8, unknown kind, duplicate text; HTML main text and metadata).
 * Only the base name of an upload counts; it names the document and is what the report lists.
 */
export async function importUploads(root: string, uploads: ArticleUpload[], ctx: JobContext = unwatched): Promise<ImportReport> {
  return importInputs(
    root,
    uploads.map((u) => ({ file: path.basename(u.name.replace(/\\/g, '/')), read: async () => u.bytes })),
    ctx,
  );
}

async function importInputs(root: string, inputs: ArticleInput[], ctx: JobContext): Promise<ImportReport> {
  const files = inputs.map((input) => input.file);
  const report: ImportReport = { imported: [], skipped: [] };
  const store = new DocumentStore(root);
  const existingIds = new Set(await store.ids());
  const knownHashes = new Map<string, string>();
  for (const id of existingIds) {
    const raw = await readUtf8(insideProject(root, layout.meta(id)), layout.meta(id)).catch(() => null);
    if (raw) {
      try {
        knownHashes.set(parseDocumentMeta(raw, layout.meta(id)).textHash, id);
      } catch {
        /* a broken document is reported by validate, not here */
      }
    }
  }

  for (const [i, file] of files.entries()) {
    // Cancelled: the documents already imported are whole and stay; the rest are listed as not imported.
    if (ctx.signal.aborted) {
      report.cancelled = true;
      for (const rest of files.slice(i)) report.skipped.push({ file: rest, reason: 'not imported: the import was cancelled' });
      return report;
    }
    ctx.progress({ done: i, total: files.length, phase: 'importing articles', item: path.basename(file) });
    try {
      const bytes = await (inputs[i] as ArticleInput).read();
      // A byte-order mark is not text: stored texts never start with one (a reader that keeps
      // it, as Python's open(…, encoding="utf-8") does, would count every offset one more).
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      const read = readArticle(bom ? bytes.subarray(3) : bytes, path.basename(file));
      const article = bom ? { ...read, notes: ['removed the byte-order mark (U+FEFF) at the start of the file', ...read.notes] } : read;
      const hash = textHash(article.text);
      const same = knownHashes.get(hash);
      if (same) throw new SkipFile(`duplicate: same text as document "${same}"`);
      const docId = uniqueId(documentIdFromFileName(file), new Set([...existingIds].map((id) => id.toLowerCase())));

      await writeDocument(root, {
        id: docId,
        text: article.text,
        title: article.title,
        source: article.source,
        author: article.author ?? undefined,
        published: article.published ?? undefined,
        publisher: article.publisher ?? undefined,
        importedFrom: path.basename(file),
        importNotes: article.notes,
      });
      existingIds.add(docId);
      knownHashes.set(hash, docId);
      report.imported.push({ file, docId, title: article.title, notes: article.notes });
    } catch (e) {
      if (e instanceof SkipFile) report.skipped.push({ file, reason: e.message });
      else if ((e as NodeJS.ErrnoException).code === 'ENOENT') report.skipped.push({ file, reason: 'no such file' });
      else throw e;
    }
  }
  ctx.progress({ done: files.length, total: files.length, phase: 'importing articles' });
  return report;
}

/** A new document's folder as import writes it: what document.json holds besides the format, hash and length. */
export interface NewDocument {
  id: string;
  text: string;
  title: string | null;
  source: string | null;
  author?: string;
  published?: string;
  publisher?: string;
  importedFrom: string;
  /** Every change import made to a character of the text, in words (none: the text is exactly as given). */
  importNotes: string[];
}

/**
 * Writes a new document: its text and metadata in `documents/<id>.importing/`, renamed into
 * place, so that no half document is ever seen (see importArticles).
 */
export async function writeDocument(root: string, doc: NewDocument): Promise<void> {
  const finalDir = insideProject(root, layout.documentDir(doc.id));
  const tmpDir = `${finalDir}.importing`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  await writeFile(path.join(tmpDir, 'text.txt'), doc.text, 'utf8');
  await writeFile(
    path.join(tmpDir, 'document.json'),
    serializeDocumentMeta({
      format: 'standoff/document',
      version: 1,
      id: doc.id,
      title: doc.title,
      source: doc.source,
      author: doc.author,
      published: doc.published,
      publisher: doc.publisher,
      textHash: textHash(doc.text),
      length: codePointLength(doc.text),
      importedFrom: doc.importedFrom,
      importNotes: doc.importNotes,
    }),
    'utf8',
  );
  await rename(tmpDir, finalDir);
}
