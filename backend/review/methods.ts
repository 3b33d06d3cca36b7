/**
 * The service's review-choice methods (shared/api/review.ts): who is compared on a document,
 * the curator's choice of them, and the documents with the disagreements behind a figure.
 */
import type { DisagreementIndex, DisagreementQuery, DocumentDisagreements, ReviewChoice } from '../../shared/api/review';
import { ApiError } from '../../shared/api/errors';
import { GOLD } from '../../shared/format/annotationFile';
import { reviewUnits, unitsBehind } from '../../shared/review';
import type { Project } from '../project/project';
import { comparedDocuments, describeChoice, documentLayers, writeChoice } from './choice';


export async function reviewChoice(project: Project, { docId }: { docId: string }): Promise<ReviewChoice> {
  const doc = await project.documents.open(docId);
  return describeChoice(docId, await documentLayers(project, doc));
}

export async function setReviewChoice(project: Project, { docId, annotators }: { docId: string; annotators: string[] | null }): Promise<ReviewChoice> {
  await project.documents.open(docId);
  await writeChoice(project.root, docId, annotators);
  return reviewChoice(project, { docId });
}

export async function findDisagreements(project: Project, query: DisagreementQuery): Promise<DisagreementIndex> {
  const all = await project.documents.ids();
  if (query.docIds) {
    const known = new Set(all);
    const unknown = query.docIds.filter((d) => !known.has(d));
    if (unknown.length) throw new ApiError('not-found', `no document ${unknown.slice(0, 5).map((d) => `"${d}"`).join(', ')} in this project`);
  }
  const wanted = query.docIds ? new Set(query.docIds) : null;
  const ids = wanted ? all.filter((d) => wanted.has(d)) : all;
  const { docIds: _docIds, ...filter } = query;
  const documents: DocumentDisagreements[] = [];
  for await (const { docId, doc, compared } of comparedDocuments(project, ids)) {
    if (compared.length < 2) continue;
    // A pair is looked at only where both of its annotators are compared.
    if (query.annotators && query.annotators.filter((a) => compared.some((l) => l.annotator === a)).length < 2) continue;
    const units = unitsBehind(reviewUnits(compared), filter);
    if (units.length === 0) continue;
    const gold = await project.layers.layer(doc, GOLD);
    const settled = new Set(gold.settled ?? []);
    documents.push({ docId, title: doc.meta.title, annotators: compared.map((l) => l.annotator), disagreements: units.length, settled: units.filter((u) => settled.has(u.key)).length });
  }
  documents.sort((a, b) => b.disagreements - a.disagreements || (a.docId < b.docId ? -1 : 1));
  return { documents, disagreements: documents.reduce((n, d) => n + d.disagreements, 0), documentsSearched: ids.length };
}
