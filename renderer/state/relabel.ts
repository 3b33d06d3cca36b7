import { valueProblem } from '../../shared/schema/conformance';
import type { Attributes, Label } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';

/**
 * A span given another label: the attributes the new label does not have, and the values that
 * do not fit its definition of an attribute of the same id, are dropped. Returns the span and
 * the names of what was dropped (as the old label calls them), for the analyst's notice.
 */
export function relabelled(span: Span, to: Label, labels: readonly Label[]): { span: Span; dropped: string[] } {
  const { attributes, ...rest } = span;
  const from = labels.find((l) => l.id === span.label);
  const kept: Attributes = {};
  const dropped: string[] = [];
  for (const [id, value] of Object.entries(attributes ?? {})) {
    const def = to.attributes.find((a) => a.id === id);
    if (def && valueProblem(def, value) === null) kept[id] = value;
    else dropped.push(from?.attributes.find((a) => a.id === id)?.name ?? def?.name ?? id);
  }
  const next: Span = { ...rest, label: to.id };
  if (Object.keys(kept).length) next.attributes = kept;
  return { span: next, dropped };
}

/** "Entity", "Entity and Kind", "Outcome, Count and Vague". */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
