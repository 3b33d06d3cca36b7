/**
 * Where every annotator stands on every document: read from their layers through the project's
 * layer store (so a save in flight in this process is counted as saved), never from a copy.
 */
import { GOLD } from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import { workStatus, type LayerState } from '../../shared/model/assignment';
import type { WorkStatus } from '../../shared/api/assignment';
import { readChoice } from '../review/choice';
import type { Project } from '../project/project';

export interface DocumentWork {
  docId: string;
  title: string | null;
  /** Every annotator with a file for this document (gold excepted), with what it holds. */
  layers: Map<string, LayerState>;
  /** The gold layer is finished (marked, or every disagreement settled). */
  adjudicated: boolean;
  /** The document itself could not be read: nothing of it is counted. */
  unreadable: boolean;
}

/**
 * One document's layers as progress sees them. A layer whose file cannot be read counts as in
 * progress with no spans: something is there, and what it holds is not known (validate says why).
 */
export async function documentWork(project: Project, docId: string, only?: string): Promise<DocumentWork> {
  let doc;
  try {
    doc = await project.documents.load(docId);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { docId, title: null, layers: new Map(), adjudicated: false, unreadable: true };
  }
  const names = (await project.layers.annotatorsOf(docId)).filter((a) => a !== GOLD && (only === undefined || a === only));
  const layers = new Map<string, LayerState>();
  for (const annotator of names) {
    const layer = await project.layers.layer(doc, annotator);
    layers.set(annotator, layer.error ? { spans: 0, relations: 1, finished: false } : { spans: layer.spans.length, relations: layer.relations.length, finished: layer.finished === true });
  }
  const adjudicated = only === undefined && (await project.layers.finished(doc, names, async () => (await readChoice(project.root, docId)).annotators)).includes(GOLD);
  return { docId, title: doc.meta.title, layers, adjudicated, unreadable: false };
}

export function statusOf(work: DocumentWork, annotator: string): WorkStatus {
  return workStatus(work.layers.get(annotator) ?? null);
}
