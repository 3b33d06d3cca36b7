import { rm } from 'node:fs/promises';
import type { FileProblem, Layer } from '../../shared/api/contract';
import type { ReviewChoice } from '../../shared/api/review';
import { ApiError } from '../../shared/api/errors';
import { GOLD } from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import { chosenLayers, choiceRule, standings } from '../../shared/review/choice';
import { parseReviewChoice, reviewChoicePath, serializeReviewChoice } from '../../shared/review/choiceFile';
import type { LoadedDocument } from '../project/documents';
import { syncFolder, writeDurably } from '../project/durableFile';
import { insideProject, readUtf8 } from '../project/files';
import type { Project } from '../project/project';

/** The curator's stored choice of a document: null when there is none (the default applies), with the file's problem if it cannot be read. */
export interface StoredChoice {
  annotators: string[] | null;
  problem: FileProblem | null;
}

/** Reads documents/<docId>/review.json. A file that cannot be read counts as no choice, and says why. */
export async function readChoice(root: string, docId: string): Promise<StoredChoice> {
  const file = reviewChoicePath(docId);
  try {
    const raw = await readUtf8(insideProject(root, file), file);
    if (raw === null) return { annotators: null, problem: null };
    const data = parseReviewChoice(raw, file);
    if (data.document !== docId) throw new FormatError(file, [`"document" is "${data.document}" but the file is in "${docId}"`]);
    return { annotators: data.annotators, problem: null };
  } catch (e) {
    if (e instanceof FormatError) return { annotators: null, problem: { file: e.file, problems: e.problems } };
    throw e;
  }
}

/**
 * Stores the curator's choice (null: back to the default, the file is removed). A file that
 * cannot be read is never written over: it is reported instead.
 */
export async function writeChoice(root: string, docId: string, annotators: readonly string[] | null): Promise<void> {
  const { problem } = await readChoice(root, docId);
  if (problem) throw new ApiError('unreadable-file', `${problem.file} could not be read, so it is not being changed: ${problem.problems.join('; ')}`, problem);
  const full = insideProject(root, reviewChoicePath(docId));
  if (annotators === null) {
    await rm(full, { force: true });
    await syncFolder(insideProject(root, `documents/${docId}`));
    return;
  }
  await writeDurably(full, serializeReviewChoice(docId, annotators));
}

/** A document's annotator layers (never gold), and those compared on it. */
export interface DocumentLayers {
  /** Every annotator with a file, sorted; unreadable ones carry their error. */
  layers: Layer[];
  /** The layers compared: the curator's choice, or the default. */
  compared: Layer[];
  stored: StoredChoice;
}

export async function documentLayers(project: Project, doc: LoadedDocument): Promise<DocumentLayers> {
  const docId = doc.meta.id;
  const [names, stored] = await Promise.all([project.layers.annotatorsOf(docId), readChoice(project.root, docId)]);
  const layers = await Promise.all(names.filter((a) => a !== GOLD).map((a) => project.layers.layer(doc, a)));
  return { layers, compared: chosenLayers(layers, stored.annotators), stored };
}

/**
 * Each readable document of `docIds` in turn with the layers compared on it: what review
 * progress and the search for disagreements both walk. A document that cannot be read is
 * passed over (validate reports it).
 */
export async function* comparedDocuments(project: Project, docIds: Iterable<string>): AsyncGenerator<{ docId: string; doc: LoadedDocument; compared: Layer[]; layers: Layer[] }> {
  for (const docId of docIds) {
    let doc: LoadedDocument;
    try {
      doc = await project.documents.load(docId);
    } catch (e) {
      if (e instanceof FormatError) continue;
      throw e;
    }
    const { compared, layers } = await documentLayers(project, doc);
    yield { docId, doc, compared, layers };
  }
}

/** What the service's reviewChoice returns for a document. */
export function describeChoice(docId: string, { layers, stored }: DocumentLayers): ReviewChoice {
  return {
    docId,
    annotators: standings(layers, stored.annotators),
    stored: stored.annotators,
    rule: choiceRule(layers, stored.annotators),
    problem: stored.problem,
  };
}
