/**
 * Uploads: a slice of the service contract for articles the analyst picks or drops in the
 * window (a file input or drag-and-drop), whose bytes travel with the request instead of a path.
 * The same call serves Electron (IPC) and browser mode (HTTP): a file input gives bytes in both.
 * Each upload is checked and imported exactly as a file on disk is (backend/import/importer.ts):
 * empty, binary, not UTF-8, unknown kind, duplicate text; HTML main text and metadata.
 *
 * Bytes travel as base64. A file may be at most UPLOAD_FILE_LIMIT bytes, and one request at most
 * UPLOAD_REQUEST_LIMIT bytes in all (decoded); more is refused with a message that says so (a
 * window sends several requests, or the analyst imports the files by path).
 */
import { z } from 'zod';
import type { ArticleImportReport } from './documents';

/** Largest file one upload may hold, in bytes (decoded). */
export const UPLOAD_FILE_LIMIT = 10 * 1024 * 1024;
/** Largest total of one importUploads request, in bytes (decoded); base64 of it stays under the HTTP body limit (64 MB). */
export const UPLOAD_REQUEST_LIMIT = 40 * 1024 * 1024;
/** Most files in one request. */
export const UPLOAD_FILE_COUNT_LIMIT = 1000;

/** One picked or dropped file: its name (only the base name counts) and its bytes as base64. */
export interface UploadedFile {
  name: string;
  base64: string;
}

export interface UploadsApi {
  /**
   * Imports articles whose bytes are given (picked or dropped in the window) as new documents,
   * with the same checks and report as importArticles. Long: also runs as a job.
   */
  importUploads(input: { files: UploadedFile[] }): Promise<ArticleImportReport>;
}

/** Decoded size of base64 text, without decoding it. */
export function base64Size(base64: string): number {
  const pad = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - pad;
}

/** Whether text is base64 as FileReader and Buffer write it: whole quads, padding only at the end. Without a regex group, for texts of many megabytes. */
export function isBase64(text: string): boolean {
  if (text.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(text)) return false;
  const pad = text.indexOf('=');
  return pad === -1 || pad >= text.length - 2 && (pad === text.length - 1 || text[text.length - 1] === '=');
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/**
 * What is wrong with an upload request, in words, or null: a name that is empty or a path only,
 * bytes that are not base64, a file or a request over its limit.
 */
export function uploadProblem(files: UploadedFile[]): string | null {
  if (files.length === 0) return 'no files were given';
  if (files.length > UPLOAD_FILE_COUNT_LIMIT) return `${files.length} files at once; at most ${UPLOAD_FILE_COUNT_LIMIT} a time`;
  let total = 0;
  for (const f of files) {
    const base = f.name.replace(/\\/g, '/').split('/').pop() ?? '';
    if (base === '' || base === '.' || base === '..') return `“${f.name}” is not a file name`;
    if (!isBase64(f.base64)) return `“${base}” did not arrive whole (its bytes are not base64)`;
    const size = base64Size(f.base64);
    if (size > UPLOAD_FILE_LIMIT) return `“${base}” is ${megabytes(size)}; a file may be at most ${megabytes(UPLOAD_FILE_LIMIT)} when chosen or dropped (import it by its path instead)`;
    total += size;
  }
  if (total > UPLOAD_REQUEST_LIMIT) return `these files are ${megabytes(total)} together; at most ${megabytes(UPLOAD_REQUEST_LIMIT)} at a time (import fewer at once, or by their paths)`;
  return null;
}

const uploadedFile = z.strictObject({
  name: z.string().min(1).max(1024),
  // Its size and form are checked below, so that what is refused is said in words.
  base64: z.string(),
});

export const uploadsSchemas = {
  importUploads: z
    .strictObject({ files: z.array(uploadedFile).min(1).max(UPLOAD_FILE_COUNT_LIMIT) })
    .superRefine((input, ctx) => {
      const problem = uploadProblem(input.files);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
} as const;
