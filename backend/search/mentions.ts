import type { MentionHit, MentionResult } from '../../shared/api/contract';
import { mentionFinder, type EntityRegistry } from '../../shared/entities';
import { entityAttributeIds } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';
import type { Project } from '../project/project';
import { readableDocument, searchScope } from './scope';

const CONTEXT = 40;
const DEFAULT_LIMIT = 2000;

/**
 * Mentions of an entity across documents ("tag all mentions"): its name, aliases and close
 * spellings (those of the entities merged into it too), each with the annotator's actor span
 * already there, if any, so the analyst sees what is new.
 */
export async function findProjectMentions(
  project: Project,
  registry: EntityRegistry,
  input: { entityId: string; annotator: string; docIds?: string[]; limit?: number },
): Promise<MentionResult> {
  const entity = registry.resolve(input.entityId);
  const names = registry.namesOf(entity.id, input.annotator);
  const find = mentionFinder({ name: entity.name, aliases: names.filter((n) => n !== entity.name) });
  const limit = input.limit ?? DEFAULT_LIMIT;
  const ids = await searchScope(project, input.docIds);
  const entityAttributes = entityAttributeIds(project.manifest.labels);
  const hits: MentionHit[] = [];
  let searched = 0;
  for (const docId of ids) {
    if (hits.length >= limit) break;
    const doc = await readableDocument(project, docId);
    if (!doc) continue;
    searched++;
    const found = find(doc.text);
    if (found.length === 0) continue;
    const layer = await project.layers.layer(doc, input.annotator);
    // The annotator's spans that can link an entity, by place: one pass over the layer, not one per mention.
    const linkable = new Map<string, Span>();
    for (const s of layer.spans) if (entityAttributes.get(s.label)?.length) linkable.set(`${s.startOffset}:${s.endOffset}`, linkable.get(`${s.startOffset}:${s.endOffset}`) ?? s);
    for (const m of found) {
      if (hits.length >= limit) break;
      const span = linkable.get(`${m.startOffset}:${m.endOffset}`);
      const linked = span ? (entityAttributes.get(span.label) ?? []).some((a) => typeof span.attributes?.[a] === 'string' && registry.has(span.attributes[a] as string) && registry.resolve(span.attributes[a] as string).id === entity.id) : false;
      hits.push({
        docId,
        title: doc.meta.title,
        startOffset: m.startOffset,
        endOffset: m.endOffset,
        text: m.text,
        before: doc.index.slice(Math.max(0, m.startOffset - CONTEXT), m.startOffset),
        after: doc.index.slice(m.endOffset, Math.min(doc.index.length, m.endOffset + CONTEXT)),
        matched: m.matched,
        exact: m.exact,
        explanation: m.explanation,
        ...(span ? { spanId: span.id, linked } : {}),
      });
    }
  }
  return { hits, documentsSearched: searched, complete: searched === ids.length && hits.length < limit };
}
