import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { textHash } from './hash';

describe('textHash', () => {
  it('is "sha256:" and the hex SHA-256 of the UTF-8 bytes', () => {
    const text = 'Sayara Thora Al-Ashrin 👍🏽\ncafe\u0301';
    const expected = createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
    expect(textHash(text)).toBe(`sha256:${expected}`);
    expect(textHash('')).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('changes when one character changes, including only its composition', () => {
    expect(textHash('café')).not.toBe(textHash('cafe\u0301'));
    expect(textHash('a\nb')).not.toBe(textHash('a\r\nb'));
  });
});
