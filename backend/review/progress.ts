import type { DocumentReviewProgress, ReviewProgress } from '../../shared/api/contract';
import { GOLD } from '../../shared/format/annotationFile';
import { progressOf, reviewUnits } from '../../shared/review';
import type { Project } from '../project/project';
import { expectedAnnotators, missingOf } from '../assignment/store';
import { comparedDocuments } from './choice';

/**
 * Adjudication progress over the project: each document's disagreements between the annotators
 * compared on it (the curator's choice, or the default: shared/review/choice.ts) and how many
 * the gold layer has settled. Documents with fewer than two annotators compared have nothing to
 * settle; an empty layer never adds disagreements. Annotators the assignment expects on a
 * document who have not tagged it yet are listed as missing (docs/TEAM.md), not left unsaid.
 */
export async function reviewProgress(project: Project): Promise<ReviewProgress> {
  const documents: DocumentReviewProgress[] = [];
  const expected = await expectedAnnotators(project.root);
  for await (const { docId, doc, compared, layers } of comparedDocuments(project, await project.documents.ids())) {
    const annotators = compared.map((l) => l.annotator);
    const missing = missingOf(expected.get(docId), layers);
    const waiting = missing.length ? { missing } : {};
    if (compared.length < 2) {
      documents.push({ docId, title: doc.meta.title, annotators, disagreements: 0, settled: 0, gold: false, ...waiting });
      continue;
    }
    const gold = await project.layers.layer(doc, GOLD);
    const units = reviewUnits(compared);
    const counts = progressOf(units, new Set(gold.settled ?? []));
    documents.push({ docId, title: doc.meta.title, annotators, ...counts, gold: !gold.error && (gold.spans.length > 0 || (gold.settled?.length ?? 0) > 0), ...waiting });
  }
  return {
    documents,
    disagreements: documents.reduce((n, d) => n + d.disagreements, 0),
    settled: documents.reduce((n, d) => n + d.settled, 0),
  };
}
