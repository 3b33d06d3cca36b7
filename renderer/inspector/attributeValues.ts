import type { AttributeDef, AttributeValue, Attributes, RangeValue } from '../../shared/model/labels';

/**
 * The value an attribute key gives: a choice moves to the next option (Shift: the previous;
 * past the last it is unset again), yes/no toggles. Other types have no one-key value: null.
 */
export function keyedValue(def: AttributeDef, current: AttributeValue | undefined, backwards: boolean): AttributeValue | undefined | null {
  if (def.type === 'boolean') return current === true ? false : true;
  if (def.type !== 'choice') return null;
  const ids = def.options.map((o) => o.id);
  const at = typeof current === 'string' ? ids.indexOf(current) : -1;
  // Cycle through the options and "unset": -1 → 0 → … → n-1 → -1.
  const next = at === -1 ? (backwards ? ids.length - 1 : 0) : at + (backwards ? -1 : 1);
  return next < 0 || next >= ids.length ? undefined : ids[next];
}

/** Attributes with one value set (or removed, for undefined). */
export function withValue(attributes: Attributes | undefined, id: string, value: AttributeValue | undefined): Attributes | undefined {
  const next: Attributes = { ...(attributes ?? {}) };
  if (value === undefined) delete next[id];
  else next[id] = value;
  return Object.keys(next).length ? next : undefined;
}

/** A value as the analyst reads it ("killed", "3–5", "at least 31", "yes"). */
export function describeValue(def: AttributeDef, value: AttributeValue | undefined, entityName?: (id: string) => string | undefined): string {
  if (value === undefined) return '—';
  switch (def.type) {
    case 'choice':
      return def.options.find((o) => o.id === value)?.name ?? String(value);
    case 'choices':
      return (value as string[]).map((v) => def.options.find((o) => o.id === v)?.name ?? v).join(', ');
    case 'range':
      return describeRange(value as RangeValue);
    case 'boolean':
      return value ? 'yes' : 'no';
    case 'entity':
      return entityName?.(value as string) ?? String(value);
    default:
      return String(value);
  }
}

export function describeRange(r: RangeValue): string {
  if (r.min !== null && r.min === r.max) return String(r.min);
  if (r.min !== null && r.max !== null) return `${r.min}–${r.max}`;
  if (r.min !== null) return `at least ${r.min}`;
  if (r.max !== null) return `at most ${r.max}`;
  return '—';
}
