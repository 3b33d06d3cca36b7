import { describe, expect, it } from 'vitest';
import { parseCount } from './index';
import { readNumber } from './numbers';
import { tokenize } from './tokens';

const number = (s: string) => readNumber(tokenize(s), 0)?.value ?? null;

describe('readNumber', () => {
  it('reads digits with separators and scales', () => {
    expect(number('2,500')).toBe(2500);
    expect(number('13,500')).toBe(13500);
    expect(number('13\u202f500')).toBe(13500);
    expect(number('1.5 million')).toBe(1_500_000);
    expect(number('2 dozen')).toBe(24);
  });

  it('reads number words', () => {
    expect(number('one')).toBe(1);
    expect(number('nineteen')).toBe(19);
    expect(number('ninety-nine')).toBe(99);
    expect(number('twenty five')).toBe(25);
    expect(number('a hundred')).toBe(100);
    expect(number('one hundred and twenty')).toBe(120);
    expect(number('two thousand five hundred')).toBe(2500);
    expect(number('a thousand')).toBe(1000);
    expect(number('a dozen')).toBe(12);
    expect(number('half a dozen')).toBe(6);
  });

  it('leaves alone what is not a number', () => {
    expect(number('an attack')).toBeNull();
    expect(number('hundreds')).toBeNull();
    expect(number('several')).toBeNull();
    expect(number('two-day')).toBeNull();
    expect(number('one two')).toBe(1);
  });
});

describe('parseCount', () => {
  it.each([
    ['about 62', { minimum: 62, maximum: 62, vague: false, hedge: 'about', hedgeClass: 'approximate' }],
    ['around 900', { minimum: 900, maximum: 900, hedge: 'around', hedgeClass: 'approximate' }],
    ['more than 30', { minimum: 31, maximum: null, hedge: 'more than', hedgeClass: 'more-than' }],
    ['at least 5', { minimum: 5, maximum: null, hedge: 'at least', hedgeClass: 'at-least' }],
    ['no fewer than 5', { minimum: 5, maximum: null, hedge: 'no fewer than', hedgeClass: 'at-least' }],
    ['up to 20', { minimum: null, maximum: 20, hedge: 'up to', hedgeClass: 'up-to' }],
    ['no more than 20', { minimum: null, maximum: 20, hedge: 'no more than', hedgeClass: 'at-most' }],
    ['less than 10', { minimum: null, maximum: 9, hedge: 'less than', hedgeClass: 'at-most' }],
    ['almost 2,500', { minimum: null, maximum: 2500, hedge: 'almost', hedgeClass: 'at-most' }],
    ['20 or more', { minimum: 20, maximum: null, hedge: 'or more', hedgeClass: 'at-least' }],
    ['20 or so', { minimum: 20, maximum: 20, hedge: 'or so', hedgeClass: 'approximate' }],
    ['between 10 and 15', { minimum: 10, maximum: 15, vague: false }],
    ['10–15', { minimum: 10, maximum: 15 }],
    ['ten to fifteen', { minimum: 10, maximum: 15 }],
    ['several', { minimum: 3, maximum: null, vague: true }],
    ['a few', { minimum: 2, maximum: null, vague: true }],
    ['a handful of', { minimum: 2, maximum: null, vague: true }],
    ['dozens', { minimum: 24, maximum: null, vague: true }],
    ['scores', { minimum: 40, maximum: null, vague: true }],
    ['hundreds', { minimum: 200, maximum: null, vague: true }],
    ['thousands', { minimum: 2000, maximum: null, vague: true }],
    ['several hundred', { minimum: 300, maximum: null, vague: true }],
    ['a few dozen', { minimum: 24, maximum: null, vague: true }],
    ['hundreds of thousands', { minimum: 200_000, maximum: null, vague: true }],
    ['more than dozens', { minimum: 25, maximum: null, vague: true, hedgeClass: 'more-than' }],
    ['none', { minimum: 0, maximum: 0, vague: false }],
  ])('%s', (text, expected) => {
    const count = parseCount(text);
    expect(count).toMatchObject(expected);
    expect(count?.explanation).toContain(`'${text}'`);
  });

  it('reads no hedge where the number is given plainly', () => {
    for (const text of ['62', 'between 10 and 15', 'several', 'none']) expect(parseCount(text)?.hedgeClass, text).toBeUndefined();
  });

  it('finds no count in words without one', () => {
    expect(parseCount('the attack')).toBeNull();
  });
});
