import { kindOf } from '../../shared/model/attributeKinds';
import type { AttributeDef, AttributeValue, Attributes } from '../../shared/model/labels';

/**
 * The value an attribute key gives: a choice moves to the next option (Shift: the previous;
 * past the last it is unset again), yes/no toggles (its kind's `key`,
 * shared/model/attributeKinds.ts). Other kinds have no one-key value: null.
 */
export function keyedValue(def: AttributeDef, current: AttributeValue | undefined, backwards: boolean): AttributeValue | undefined | null {
  const key = kindOf(def).key;
  return key ? key.next(def, current, backwards) : null;
}

/** Attributes with one value set (or removed, for undefined). */
export function withValue(attributes: Attributes | undefined, id: string, value: AttributeValue | undefined): Attributes | undefined {
  const next: Attributes = { ...(attributes ?? {}) };
  if (value === undefined) delete next[id];
  else next[id] = value;
  return Object.keys(next).length ? next : undefined;
}

/** A value as the analyst reads it ("killed", "3–5", "at least 31", "yes"); "—" when it is not set. */
export function describeValue(def: AttributeDef, value: AttributeValue | undefined, entityName?: (id: string) => string | undefined): string {
  return value === undefined ? '—' : kindOf(def).describe(def, value, entityName);
}

