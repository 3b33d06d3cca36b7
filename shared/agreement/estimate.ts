/** Making and printing `Estimate`s: a number, or n/a with its reason. */
import type { Available, Estimate, NotAvailable, NotAvailableCode } from './types';

export function available(value: number): Available {
  if (!Number.isFinite(value)) throw new RangeError(`agreement: a defined value must be finite, got ${value}`);
  return { value };
}

export function notAvailable(code: NotAvailableCode, reason: string): NotAvailable {
  return { value: null, code, reason };
}

export function isAvailable(e: Estimate): e is Available {
  return e.value !== null;
}

/** "0.492", or "n/a (no spans: neither annotator marked a span)". */
export function formatEstimate(e: Estimate, digits = 3): string {
  return e.value === null ? `n/a (${e.reason})` : e.value.toFixed(digits);
}


/** A result with its value replaced by another estimate (value, code and reason all go). */
export function withEstimate<T extends Estimate>(result: T, estimate: Estimate): Omit<T, 'value' | 'code' | 'reason'> & Estimate {
  const { value: _value, code: _code, reason: _reason, ...rest } = result as T & { code?: unknown; reason?: unknown };
  return { ...rest, ...estimate } as Omit<T, 'value' | 'code' | 'reason'> & Estimate;
}
