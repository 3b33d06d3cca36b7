import { describe, expect, it } from 'vitest';
import { textHash as pureHash } from '../../shared/text/hash';
import { textHash } from './hash';

describe('the backend text hash', () => {
  it('is the same as the pure one, for ASCII, emoji, combining marks and Arabic', () => {
    for (const text of ['', 'abc', 'Praise 👍🏽 🇮🇶', 'cafe\u0301', 'السلام عليكم', 'line\nline\n']) {
      expect(textHash(text)).toBe(pureHash(text));
    }
  });
});
