import { expect } from 'vitest';
import { ApiError } from '../../shared/api/errors';

/** Awaits a promise that must reject with an ApiError, and returns that error. */
export async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a rejection');
}
