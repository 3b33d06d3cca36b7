/**
 * brat standoff export: per document a `.txt` (the text exactly as stored: brat offsets are
 * code points into it) and a `.ann`:
 *
 *     T1	claim 0 133	A video of several burning trucks …
 *     T2	actor 148 194	social media with ties to pro-Iranian militias
 *     R1	claimant Arg1:T1 Arg2:T2
 *     A1	type T1 event-report
 *     A2	kind T2 media
 *     #1	AnnotatorNotes T2	entity: social-media-000 (Social media)
 *     #2	AnnotatorNotes T2	[unsure] a channel, or the militia itself?
 *
 * T ids follow document order (shared/model compareSpans), R ids relation order; the output
 * is the same bytes for the same layer. A line break inside a span makes it discontinuous
 * (fragments.ts); choice and yes/no attributes are A lines, the others the span's note
 * (notes.ts); the annotator's free note on a span is a note line of its own (a document's
 * note has no place in brat and is left out); the project's `annotation.conf` and `visual.conf` come from conf.ts.
 *
 * Nothing is dropped without a word: a span outside its text, an attribute the schema does
 * not have or whose value does not fit it, a relation to a span not in the layer are each
 * left out and reported in `issues`.
 */
import { exportableAttributes } from '../attributes';
import type { Label } from '../../model/labels';
import { compareRelations, compareSpans } from '../../model/span';
import { CodePointIndex } from '../../text/codePoints';
import type { ExportContext, InterchangeDocument } from '../model';
import { bratAnnotationConf, bratAttributeNames, bratVisualConf, type BratAttributeNames } from './conf';
import { fragmentsOf, fragmentText } from './fragments';
import { freeNoteText, notePiece } from './notes';

/** Something an export left out or wrote differently, for the export report. */
export interface BratExportIssue {
  document: string;
  /** The span or relation concerned, by its Standoff id. */
  item?: string;
  message: string;
}

export interface BratDocumentExport {
  id: string;
  /** Contents of `<id>.txt`. */
  txt: string;
  /** Contents of `<id>.ann`. */
  ann: string;
  issues: BratExportIssue[];
}

/** Writes one document; `names` may be passed in to share it across a corpus. */
export function exportBratDocument(doc: InterchangeDocument, ctx: ExportContext, names: BratAttributeNames = bratAttributeNames(ctx.schema)): BratDocumentExport {
  const index = new CodePointIndex(doc.text);
  const labels = new Map(ctx.schema.labels.map((l) => [l.id, l]));
  const issues: BratExportIssue[] = [];
  const issue = (item: string | undefined, message: string) => issues.push({ document: doc.id, ...(item !== undefined ? { item } : {}), message });

  const tLines: string[] = [];
  const aLines: string[] = [];
  const noteLines: string[] = [];
  const tIds = new Map<string, string>();
  for (const span of [...doc.spans].sort(compareSpans)) {
    const { startOffset: s, endOffset: e } = span;
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e < s || e > index.length) {
      issue(span.id, `span ${s}–${e} is outside the text (${index.length} code points): not exported`);
      continue;
    }
    if (tIds.has(span.id)) {
      issue(span.id, `a second span with id "${span.id}": not exported`);
      continue;
    }
    const t = `T${tIds.size + 1}`;
    tIds.set(span.id, t);
    const label = labels.get(span.label);
    if (!label) issue(span.id, `label "${span.label}" is not in the schema: exported, but annotation.conf does not declare it`);
    const fragments = fragmentsOf(index, s, e);
    tLines.push(`${t}\t${span.label} ${fragments.map(([a, b]) => `${a} ${b}`).join(';')}\t${fragmentText(index, fragments)}`);
    if (span.attributes && label) {
      const notes = attributeLines(span.id, t, span.attributes, label, names, ctx, aLines, issue);
      if (notes.length) noteLines.push(`#${noteLines.length + 1}\tAnnotatorNotes ${t}\t${notes.join('; ')}`);
    } else if (span.attributes && Object.keys(span.attributes).length) {
      issue(span.id, `attributes of a span whose label is not in the schema are not exported`);
    }
    // The annotator's own note: an AnnotatorNotes line of its own, as brat writes one.
    if (span.note) noteLines.push(`#${noteLines.length + 1}\tAnnotatorNotes ${t}\t${freeNoteText(span.note)}`);
  }

  const rLines: string[] = [];
  for (const rel of [...doc.relations].sort(compareRelations)) {
    const from = tIds.get(rel.from);
    const to = tIds.get(rel.to);
    if (!from || !to) {
      issue(rel.id, `relation "${rel.type}" joins a span that is not exported (${!from ? rel.from : rel.to}): not exported`);
      continue;
    }
    if (!ctx.schema.relations.some((r) => r.id === rel.type)) issue(rel.id, `relation type "${rel.type}" is not in the schema: exported, but annotation.conf does not declare it`);
    rLines.push(`R${rLines.length + 1}\t${rel.type} Arg1:${from} Arg2:${to}`);
  }

  const lines = [...tLines, ...rLines, ...aLines, ...noteLines];
  return { id: doc.id, txt: doc.text, ann: lines.length ? lines.join('\n') + '\n' : '', issues };
}

/** Appends the A lines of a span's attributes; returns its note pieces. */
function attributeLines(
  spanId: string,
  t: string,
  attributes: NonNullable<InterchangeDocument['spans'][number]['attributes']>,
  label: Label,
  names: BratAttributeNames,
  ctx: ExportContext,
  aLines: string[],
  issue: (item: string, message: string) => void,
): string[] {
  const notes: string[] = [];
  for (const { def, value } of exportableAttributes(spanId, attributes, label, issue)) {
    const name = names.nameOf(label.id, def.id);
    if (name !== undefined && def.type === 'choice') {
      aLines.push(`A${aLines.length + 1}\t${name} ${t} ${value as string}`);
    } else if (name !== undefined && def.type === 'boolean' && value === true) {
      aLines.push(`A${aLines.length + 1}\t${name} ${t}`);
    } else {
      const entityName = def.type === 'entity' ? ctx.entities.get(value as string)?.name : undefined;
      const piece = notePiece(def, value, entityName);
      if (piece !== null) notes.push(piece);
    }
  }
  return notes;
}

export interface BratExport {
  /** `annotation.conf` and `visual.conf` for the collection folder. */
  annotationConf: string;
  visualConf: string;
  documents: BratDocumentExport[];
}

/** A whole collection. For a large corpus, call exportBratDocument per document instead. */
export function exportBrat(docs: Iterable<InterchangeDocument>, ctx: ExportContext): BratExport {
  const names = bratAttributeNames(ctx.schema);
  const documents: BratDocumentExport[] = [];
  for (const doc of docs) documents.push(exportBratDocument(doc, ctx, names));
  return { annotationConf: bratAnnotationConf(ctx.schema), visualConf: bratVisualConf(ctx.schema), documents };
}
