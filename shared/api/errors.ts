import type { FileProblem } from './common';

/**
 * Error codes that cross a door: the renderer shows `message`; `code` says what kind.
 * Whether trying again can help: 'io' (a disk full, a permission) and 'locked' (another window
 * holds the annotator's seat) may pass; 'bad-request', 'conflict' and 'not-found' refuse the
 * request as it is, and a window takes back the edit that was refused.
 */
export type ApiErrorCode = 'bad-request' | 'not-found' | 'unreadable-file' | 'conflict' | 'locked' | 'io' | 'internal';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly problem?: FileProblem,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface SerializedError {
  code: ApiErrorCode;
  message: string;
  problem?: FileProblem;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof ApiError) return { code: e.code, message: e.message, ...(e.problem ? { problem: e.problem } : {}) };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export function deserializeError(e: SerializedError): ApiError {
  return new ApiError(e.code, e.message, e.problem);
}
