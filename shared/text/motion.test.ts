import { describe, expect, it } from 'vitest';
import { graphemeStep, wordEndStep, wordStartStep, wordStep } from './motion';

const text = 'Fars News in Iran 🇮🇶 reported it.';

describe('caret and boundary motion over the stored text', () => {
  it('steps over a whole flag or accented letter, never half of one', () => {
    const flag = text.indexOf('🇮🇶');
    expect(graphemeStep(text, flag, 1)).toBe(flag + 4);
    expect(graphemeStep(text, flag + 4, -1)).toBe(flag);
    const accented = 'cafe\u0301!';
    expect(graphemeStep(accented, 3, 1)).toBe(5);
  });

  it('moves by words as editors do', () => {
    expect(wordStep(text, 0, 1)).toBe(4); // end of "Fars"
    expect(wordStep(text, 4, 1)).toBe(9); // end of "News"
    expect(wordStep(text, 9, -1)).toBe(5); // start of "News"
  });

  it('moves a span start to the next or previous word start, and an end to the next or previous word end', () => {
    expect(wordStartStep(text, 0, 1)).toBe(5); // "News"
    expect(wordStartStep(text, 5, -1)).toBe(0);
    expect(wordEndStep(text, 9, 1)).toBe(12); // "in"
    expect(wordEndStep(text, 12, -1)).toBe(9);
    // Past the flag: the next word end is that of "reported".
    const reported = text.indexOf('reported');
    expect(wordEndStep(text, text.indexOf('Iran') + 4, 1)).toBe(reported + 'reported'.length);
    // Nowhere to go: stays.
    expect(wordStartStep(text, 0, -1)).toBe(0);
  });
});
