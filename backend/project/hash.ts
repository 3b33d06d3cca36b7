import { createHash } from 'node:crypto';

/**
 * The same hash as shared/text/hash.ts (SHA-256 of the UTF-8 bytes, "sha256:" and hex), by
 * Node's native crypto: the backend hashes every text of a project when it lists it, and the
 * pure implementation takes seconds on 10,000 documents.
 */
export function textHash(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
