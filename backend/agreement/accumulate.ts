/**
 * The part of the agreement computation that runs wherever it is put (the worker, or the
 * server's own thread in slices): a ProjectAgreementAccumulator that never lets one bad document
 * spoil the report.
 */
import { ProjectAgreementAccumulator, type AnnotatedDocument, type NotComparedDocument, type ProjectAgreementReport, type ReportContext, type ReportSchema } from '../../shared/agreement';

export class SafeAccumulator {
  private readonly acc: ProjectAgreementAccumulator;

  constructor(schema: ReportSchema) {
    this.acc = new ProjectAgreementAccumulator({ schema });
  }

  /** Adds a document; one the measures refuse (malformed offsets, say) is listed as not compared, with the reason. */
  add(document: AnnotatedDocument): void {
    try {
      this.acc.add(document);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      this.acc.skip({
        docId: document.documentId,
        title: document.title ?? null,
        annotators: document.layers.map((l) => l.annotator).sort(),
        reason: `its annotations could not be compared: ${e.message.replace(/^agreement: /, '')}`,
      });
    }
  }

  skip(document: NotComparedDocument): void {
    this.acc.skip(document);
  }

  result(context: ReportContext, computation: ProjectAgreementReport['computation']): ProjectAgreementReport {
    return this.acc.result(context, computation);
  }
}
