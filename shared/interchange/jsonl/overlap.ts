/**
 * A layer without overlapping spans, for tools whose projects refuse overlaps by default
 * (doccano's sequence-labelling projects): where spans overlap, the longest is kept (at equal
 * length the earlier, then document order), so the outermost of nested spans wins, as in the
 * Hugging Face export. Relations that lose a span are dropped with it. Nothing is dropped
 * silently: each span and relation left out is returned with why.
 */
import { compareSpans, type Relation, type Span } from '../../model/span';
import type { InterchangeDocument } from '../model';

export interface WithoutOverlaps {
  doc: InterchangeDocument;
  droppedSpans: Array<{ span: Span; kept: Span }>;
  droppedRelations: Array<{ relation: Relation; span: string }>;
}

export function withoutOverlaps(doc: InterchangeDocument): WithoutOverlaps {
  const spans = [...doc.spans].sort(compareSpans);
  const order = spans.map((span, i) => ({ span, i })).sort((a, b) => b.span.endOffset - b.span.startOffset - (a.span.endOffset - a.span.startOffset) || a.span.startOffset - b.span.startOffset || a.i - b.i);
  const kept: Span[] = [];
  const droppedSpans: WithoutOverlaps['droppedSpans'] = [];
  for (const { span } of order) {
    // Zero-width spans overlap nothing; two at one place are both kept.
    const winner = kept.find((k) => k.startOffset < span.endOffset && span.startOffset < k.endOffset);
    if (winner) droppedSpans.push({ span, kept: winner });
    else kept.push(span);
  }
  const keptIds = new Set(kept.map((s) => s.id));
  const droppedRelations: WithoutOverlaps['droppedRelations'] = [];
  const relations = doc.relations.filter((r) => {
    const lost = !keptIds.has(r.from) ? r.from : !keptIds.has(r.to) ? r.to : null;
    if (lost !== null && droppedSpans.some((d) => d.span.id === lost)) {
      droppedRelations.push({ relation: r, span: lost });
      return false;
    }
    return true;
  });
  droppedSpans.sort((a, b) => compareSpans(a.span, b.span));
  return { doc: { ...doc, spans: kept.sort(compareSpans), relations }, droppedSpans, droppedRelations };
}
