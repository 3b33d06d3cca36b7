import { FormatError } from '../../shared/format/errors';
import type { LoadedDocument } from '../project/documents';
import type { Project } from '../project/project';

/** The documents a search covers: all of the project, or those named, in project order. */
export async function searchScope(project: Project, docIds?: readonly string[]): Promise<string[]> {
  const all = await project.documents.ids();
  if (!docIds) return all;
  const wanted = new Set(docIds);
  return all.filter((id) => wanted.has(id));
}

/** A document to search, or null when it cannot be read (the document list and `standoff validate` report those). */
export async function readableDocument(project: Project, docId: string): Promise<LoadedDocument | null> {
  try {
    return await project.documents.load(docId);
  } catch (e) {
    if (e instanceof FormatError) return null;
    throw e;
  }
}
