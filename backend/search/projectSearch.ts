import type { SearchHit, SearchQuery, SearchResult } from '../../shared/api/contract';
import { FormatError } from '../../shared/format/errors';
import { foldCase } from '../../shared/text/foldCase';
import type { LoadedDocument } from '../project/documents';
import type { Project } from '../project/project';

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
 * Project-wide search: text (case-insensitive) or spans of a label, in document order, stopping
 * at `limit` hits. Texts and layers come from the project's caches (the document list has
 * already read them), so a search over 10,000 documents is a scan of memory. Documents that
 * cannot be read are skipped; `standoff validate` and the document list report them.
 */
export async function searchProject(project: Project, q: SearchQuery): Promise<SearchResult> {
  const started = performance.now();
  const limit = q.limit ?? DEFAULT_LIMIT;
  const all = await project.documents.ids();
  const wanted = q.docIds ? new Set(q.docIds) : null;
  const ids = wanted ? all.filter((id) => wanted.has(id)) : all;
  const needle = foldCase(q.query);
  if (!q.label && !needle) return { hits: [], complete: true, documentsSearched: 0, documentsTotal: ids.length, elapsedMs: 0 };
  const hits: SearchHit[] = [];
  let searched = 0;

  for (const docId of ids) {
    if (hits.length >= limit) break;
    let doc: LoadedDocument;
    try {
      doc = await project.documents.load(docId);
    } catch (e) {
      if (e instanceof FormatError) continue;
      throw e;
    }
    searched++;
    const context = (startOffset: number, endOffset: number) => ({
      before: doc.index.slice(Math.max(0, startOffset - CONTEXT), startOffset),
      match: doc.index.slice(startOffset, endOffset),
      after: doc.index.slice(endOffset, Math.min(doc.index.length, endOffset + CONTEXT)),
    });

    if (q.label) {
      const annotators = q.annotator ? [q.annotator] : await project.layers.annotatorsOf(docId);
      const found: SearchHit[] = [];
      for (const annotator of annotators) {
        const layer = await project.layers.layer(doc, annotator);
        for (const span of layer.spans) {
          if (span.label !== q.label || !foldCase(span.quote.exact).includes(needle)) continue;
          found.push({ docId, title: doc.meta.title, startOffset: span.startOffset, endOffset: span.endOffset, ...context(span.startOffset, span.endOffset), spanId: span.id, label: span.label, annotator });
        }
      }
      found.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset || (a.annotator ?? '').localeCompare(b.annotator ?? ''));
      hits.push(...found.slice(0, limit - hits.length));
      continue;
    }

    const haystack = foldedText(doc);
    for (let u = haystack.indexOf(needle); u !== -1 && hits.length < limit; u = haystack.indexOf(needle, u + needle.length)) {
      const startOffset = doc.index.toCodePoint(u);
      const endOffset = doc.index.toCodePoint(u + needle.length);
      hits.push({ docId, title: doc.meta.title, startOffset, endOffset, ...context(startOffset, endOffset) });
    }
  }
  return {
    hits,
    complete: searched === ids.length && hits.length < limit,
    documentsSearched: searched,
    documentsTotal: ids.length,
    elapsedMs: performance.now() - started,
  };
}
