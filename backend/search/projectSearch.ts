import type { SearchHit, SearchQuery, SearchResult } from '../../shared/api/contract';
import { entityAttributeIds, type AttributeValue } from '../../shared/model/labels';
import type { Note, Span } from '../../shared/model/span';
import { foldCase } from '../../shared/text/foldCase';
import type { LoadedDocument } from '../project/documents';
import type { Project } from '../project/project';
import { documentExcerpt } from './excerpt';
import { readableDocument, searchScope } from './scope';

const CONTEXT = 40;
const DEFAULT_LIMIT = 500;

/** Case-folded texts, kept per loaded document, so a search scans memory, not disk. */
const folded = new WeakMap<LoadedDocument, string>();

function foldedText(doc: LoadedDocument): string {
  let text = folded.get(doc);
  if (text === undefined) folded.set(doc, (text = foldCase(doc.text)));
  return text;
}

/**
 * Project-wide search: text (case-insensitive), spans of a label, or the annotators' notes (on
 * spans and documents, by their text and flag), in document order, stopping
 * at `limit` hits. The result counts the documents searched and, apart, those the hits are in;
 * a span hit says whose span it is (its annotator), and a hit in a document without a title
 * carries the document's first words to name it by. Texts and layers come from the project's
 * caches (the document list has already read them), so a search over 10,000 documents is a
 * scan of memory. Documents that cannot be read are skipped; `standoff validate` and the
 * document list report them.
 */
export async function searchProject(project: Project, q: SearchQuery, resolveEntity: (id: string) => string = (id) => id): Promise<SearchResult> {
  const started = performance.now();
  const limit = q.limit ?? DEFAULT_LIMIT;
  const ids = await searchScope(project, q.docIds);
  const needle = foldCase(q.query);
  const noteMode = q.notes !== undefined;
  const spanMode = Boolean(q.label || q.attribute || q.entity);
  const matches = spanFilter(project, q, resolveEntity);
  const noteMatches = (note: Note | undefined): note is Note =>
    note !== undefined && (!q.notes?.flag || note.flag === q.notes.flag) && (!needle || foldCase(note.text).includes(needle));
  if (!noteMode && !spanMode && !needle) return { hits: [], complete: true, documentsWithHits: 0, documentsSearched: 0, documentsTotal: ids.length, elapsedMs: 0 };
  const hits: SearchHit[] = [];
  let searched = 0;
  let withHits = 0;

  for (const docId of ids) {
    if (hits.length >= limit) break;
    const doc = await readableDocument(project, docId);
    if (!doc) continue;
    searched++;
    const before = hits.length;
    const name = doc.meta.title === null ? { excerpt: documentExcerpt(doc) } : {};
    const context = (startOffset: number, endOffset: number) => ({
      before: doc.index.slice(Math.max(0, startOffset - CONTEXT), startOffset),
      match: doc.index.slice(startOffset, endOffset),
      after: doc.index.slice(endOffset, Math.min(doc.index.length, endOffset + CONTEXT)),
    });

    /** A span of one annotator's layer as a hit, with the text around it. */
    const spanHit = (span: Span, annotator: string): SearchHit => ({
      docId,
      title: doc.meta.title,
      ...name,
      startOffset: span.startOffset,
      endOffset: span.endOffset,
      ...context(span.startOffset, span.endOffset),
      spanId: span.id,
      label: span.label,
      annotator,
      ...(span.attributes ? { attributes: span.attributes } : {}),
    });

    if (noteMode) {
      // Notes: each annotator's note on the document first, then their notes on spans in text order.
      const annotators = q.annotator ? [q.annotator] : await project.layers.annotatorsOf(docId);
      const onDocument: SearchHit[] = [];
      const onSpans: SearchHit[] = [];
      for (const annotator of annotators) {
        const layer = await project.layers.layer(doc, annotator);
        if (noteMatches(layer.note)) onDocument.push({ docId, title: doc.meta.title, ...name, startOffset: 0, endOffset: 0, before: '', match: '', after: '', annotator, note: layer.note, noteOn: 'document' });
        for (const span of layer.spans) {
          if (!noteMatches(span.note) || !matches(span)) continue;
          onSpans.push({ ...spanHit(span, annotator), note: span.note, noteOn: 'span' });
        }
      }
      onSpans.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset || (a.annotator ?? '').localeCompare(b.annotator ?? ''));
      hits.push(...[...onDocument, ...onSpans].slice(0, limit - hits.length));
      if (hits.length > before) withHits++;
      continue;
    }

    if (spanMode) {
      const annotators = q.annotator ? [q.annotator] : await project.layers.annotatorsOf(docId);
      const found: SearchHit[] = [];
      for (const annotator of annotators) {
        const layer = await project.layers.layer(doc, annotator);
        for (const span of layer.spans) {
          if (!matches(span) || !foldCase(span.quote.exact).includes(needle)) continue;
          found.push(spanHit(span, annotator));
        }
      }
      found.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset || (a.annotator ?? '').localeCompare(b.annotator ?? ''));
      hits.push(...found.slice(0, limit - hits.length));
      if (hits.length > before) withHits++;
      continue;
    }

    const haystack = foldedText(doc);
    for (let u = haystack.indexOf(needle); u !== -1 && hits.length < limit; u = haystack.indexOf(needle, u + needle.length)) {
      const startOffset = doc.index.toCodePoint(u);
      const endOffset = doc.index.toCodePoint(u + needle.length);
      hits.push({ docId, title: doc.meta.title, ...name, startOffset, endOffset, ...context(startOffset, endOffset) });
    }
    if (hits.length > before) withHits++;
  }
  return {
    hits,
    complete: searched === ids.length && hits.length < limit,
    documentsWithHits: withHits,
    documentsSearched: searched,
    documentsTotal: ids.length,
    elapsedMs: performance.now() - started,
  };
}

/** The span test of a query: its label, an attribute value, a linked entity (merged ones count). */
function spanFilter(project: Project, q: SearchQuery, resolveEntity: (id: string) => string): (span: Span) => boolean {
  const entityAttributes = entityAttributeIds(project.manifest.labels);
  const wantedEntity = q.entity ? resolveEntity(q.entity) : null;
  return (span) => {
    if (q.label && span.label !== q.label) return false;
    if (q.attribute && !valueMatches(span.attributes?.[q.attribute.id], q.attribute.value)) return false;
    if (wantedEntity) {
      const ids = entityAttributes.get(span.label) ?? [];
      if (!ids.some((id) => typeof span.attributes?.[id] === 'string' && resolveEntity(span.attributes[id] as string) === wantedEntity)) return false;
    }
    return true;
  };
}

/** Does a stored value match what was asked: equal, a list holding it, or a range containing it. */
export function valueMatches(stored: AttributeValue | undefined, wanted: string | number | boolean): boolean {
  if (stored === undefined || wanted === '') return false;
  if (Array.isArray(stored)) return stored.includes(String(wanted));
  if (typeof stored === 'object') {
    const n = typeof wanted === 'number' ? wanted : Number(wanted);
    if (!Number.isFinite(n)) return false;
    return (stored.min === null || stored.min <= n) && (stored.max === null || n <= stored.max);
  }
  if (typeof stored === 'number') return stored === Number(wanted);
  if (typeof stored === 'boolean') return stored === (wanted === true || wanted === 'true' || wanted === 'yes');
  return stored === String(wanted);
}
