/**
 * The part of the agreement computation that runs wherever it is put (the worker, or the
 * server's own thread in slices): a ProjectAgreementAccumulator that never lets one bad document
 * spoil the report.
 */
import { ProjectAgreementAccumulator, type AnnotatedDocument, type NotComparedDocument, type ProjectAgreementReport, type ReportContext, type ReportSchema } from '../../shared/agreement';
import { BatchReader, PackedDocument, type PackedBatch } from '../../shared/agreement/report/packedBatch';

export class SafeAccumulator {
  private readonly acc: ProjectAgreementAccumulator;

  constructor(schema: ReportSchema, documentRows?: number) {
    this.acc = new ProjectAgreementAccumulator({ schema, ...(documentRows !== undefined ? { documentRows } : {}) });
  }

  /** Adds a document; one the measures refuse (malformed offsets, say) is listed as not compared, with the reason. */
  add(document: AnnotatedDocument): void {
    try {
      this.acc.add(document);
    } catch (e) {
      this.refused(e, document.documentId, document.title ?? null, document.layers.map((l) => l.annotator));
    }
  }

  /** Adds the documents of a batch packed for the worker (shared/agreement/report/packedBatch.ts), in order, as `add` does. */
  addBatch(batch: PackedBatch): void {
    const reader = new BatchReader(batch);
    for (let d = 0; d < reader.size; d++) this.addFrom(reader, d);
  }

  /** Adds document d of a batch. */
  addFrom(reader: BatchReader, d: number): void {
    const document = reader.document(d);
    if (!(document instanceof PackedDocument)) return this.add(document);
    try {
      this.acc.addPacked(document);
    } catch (e) {
      this.refused(e, document.documentId, document.title, document.annotators);
    }
  }

  private refused(e: unknown, docId: string, title: string | null, annotators: readonly string[]): void {
    if (!(e instanceof RangeError)) throw e;
    this.acc.skip({
      docId,
      title,
      annotators: [...annotators].sort(),
      reason: `its annotations could not be compared: ${e.message.replace(/^agreement: /, '')}`,
    });
  }

  skip(document: NotComparedDocument): void {
    this.acc.skip(document);
  }

  result(context: ReportContext, computation: ProjectAgreementReport['computation']): ProjectAgreementReport {
    return this.acc.result(context, computation);
  }
}
