import { describe, expect, it } from 'vitest';
import { spanOver } from '../../tests/support/spans';
import { quoteOf } from '../model/quote';
import type { Span } from '../model/span';
import { CodePointIndex } from '../text/codePoints';
import { anchorSpan } from './reanchor';

const ORIGINAL =
  'On Monday evening, an explosion was reported at the border crossing. ' +
  'Saraya Thawrat al-Ashrin claimed responsibility for the attack on the convoy. ' +
  'The US denied that any soldiers were hurt.';

/** A span on `text` over an occurrence of `exact` (code-point offsets, real quote). */
const spanOn = (text: string, exact: string, occurrence = 0, id = 's1'): Span => spanOver(text, exact, id, 'claim', occurrence);
const cps = (s: string) => Array.from(s);

describe('anchorSpan', () => {
  it('keeps a span on an unchanged text where it is (position)', () => {
    const span = spanOn(ORIGINAL, 'claimed responsibility');
    const outcome = anchorSpan(span, new CodePointIndex(ORIGINAL));
    expect(outcome.kind).toBe('position');
    expect(outcome.span).toEqual(span);
  });

  it('moves a span after an insertion before it to the new offsets (quote)', () => {
    const span = spanOn(ORIGINAL, 'claimed responsibility');
    const changed = `BREAKING 👍🏽 🇮🇶: ${ORIGINAL}`;
    const index = new CodePointIndex(changed);
    const outcome = anchorSpan(span, index);
    expect(outcome.kind).toBe('quote');
    const inserted = cps('BREAKING 👍🏽 🇮🇶: ').length;
    expect(outcome.span.startOffset).toBe(span.startOffset + inserted);
    expect(outcome.span.endOffset).toBe(span.endOffset + inserted);
    expect(index.slice(outcome.span.startOffset, outcome.span.endOffset)).toBe('claimed responsibility');
    // The quote is refreshed from the new text: its prefix is what now precedes the span.
    expect(outcome.span.quote).toEqual(quoteOf(index, outcome.span.startOffset, outcome.span.endOffset));
    expect(outcome.span.id).toBe(span.id);
    expect(outcome.span.label).toBe(span.label);
  });

  it('finds a quote with a typo corrected inside it (fuzzy)', () => {
    const span = spanOn(ORIGINAL, 'Saraya Thawrat al-Ashrin');
    const changed = `Update. ${ORIGINAL.replace('Saraya Thawrat al-Ashrin', 'Saraya Thawrat al-Ashreen')}`;
    const index = new CodePointIndex(changed);
    const outcome = anchorSpan(span, index);
    expect(outcome.kind).toBe('fuzzy');
    const found = index.slice(outcome.span.startOffset, outcome.span.endOffset);
    expect(found).toMatch(/^Saraya Thawrat al-Ashre/);
    expect(found.length).toBeGreaterThanOrEqual('Saraya Thawrat al-Ashree'.length);
    expect(outcome.span.startOffset).toBe(cps(changed).indexOf('S'));
  });

  it('reports a span whose quote was deleted as an orphan, with a reason, unchanged', () => {
    const span = spanOn(ORIGINAL, 'claimed responsibility for the attack');
    const changed = ORIGINAL.replace(' claimed responsibility for the attack', ' was seen near');
    const outcome = anchorSpan(span, new CodePointIndex(changed));
    expect(outcome.kind).toBe('orphan');
    if (outcome.kind !== 'orphan') return;
    expect(outcome.reason).toContain('claimed responsibility for the attack');
    expect(outcome.reason).toMatch(/not found/);
    expect(outcome.span).toEqual(span); // kept as it was, not moved
  });

  it('reports a span past the end of a shortened text as an orphan, not a crash', () => {
    const span = spanOn(ORIGINAL, 'soldiers were hurt');
    const outcome = anchorSpan(span, new CodePointIndex('On Monday evening.'));
    expect(outcome.kind).toBe('orphan');
  });

  it('does not fuzzy-match a short quote to something else', () => {
    const span = spanOn(ORIGINAL, 'US');
    const outcome = anchorSpan(span, new CodePointIndex(ORIGINAL.replace('The US', 'Iraq')));
    expect(outcome.kind).toBe('orphan');
  });

  it('chooses the occurrence of a repeated quote whose prefix and suffix match, not the nearest', () => {
    const text =
      'Kataib Hezbollah denied the attack on Monday. ' +
      'Later Washington accused Kataib Hezbollah of the attack on the embassy.';
    const first = cps(text).join('').indexOf('the attack');
    const span = spanOn(text, 'the attack', 1);
    const gap = span.startOffset - first;
    // After this insertion the FIRST occurrence sits 4 code points from the span's old offset,
    // the second much further: only the context can tell them apart.
    const changed = `${'N'.repeat(gap + 3)} ${text}`;
    const index = new CodePointIndex(changed);
    const occurrences = [changed.indexOf('the attack'), changed.lastIndexOf('the attack')].map((u) => index.toCodePoint(u));
    expect(Math.abs((occurrences[0] as number) - span.startOffset)).toBeLessThan(Math.abs((occurrences[1] as number) - span.startOffset));
    const outcome = anchorSpan(span, index);
    expect(outcome.kind).toBe('quote');
    expect(outcome.span.startOffset).toBe(occurrences[1]);
    expect(outcome.span.quote.suffix.startsWith(' on the embassy')).toBe(true);
    expect(outcome.span.quote.prefix.endsWith('Hezbollah of ')).toBe(true);
  });

  it('uses the suffix when the prefixes are the same', () => {
    const filler = 'Officials in Baghdad told reporters that ';
    const text = `${filler}the attack failed. ${filler}the attack succeeded.`;
    const span = spanOn(text, 'the attack', 1);
    expect(span.quote.prefix).toBe(filler.slice(-32)); // same context before both occurrences
    const first = text.indexOf('the attack');
    // Move the first occurrence next to the span's old offset: position alone would pick it.
    const changed = `${'N'.repeat(span.startOffset - first - 2)} ${text}`;
    const index = new CodePointIndex(changed);
    const outcome = anchorSpan(span, index);
    expect(outcome.kind).toBe('quote');
    expect(index.slice(outcome.span.endOffset, outcome.span.endOffset + 10)).toBe(' succeeded');
  });

  it('uses the prefix when the suffixes are the same', () => {
    const filler = ' said officials in Baghdad on Monday evening.';
    const text = `Kataib Hezbollah denied the attack${filler} Washington blamed the attack${filler}`;
    const span = spanOn(text, 'the attack', 1);
    expect(span.quote.suffix).toBe(filler.slice(0, 32));
    const first = text.indexOf('the attack');
    const changed = `${'N'.repeat(span.startOffset - first - 2)} ${text}`;
    const index = new CodePointIndex(changed);
    const outcome = anchorSpan(span, index);
    expect(outcome.kind).toBe('quote');
    expect(index.slice(outcome.span.startOffset - 7, outcome.span.startOffset)).toBe('blamed ');
  });

  it('counts offsets in code points when the text has emoji before the span', () => {
    const text = 'Reaction 👍🏽👍🏽 online; officials said several dead.';
    const span = spanOn(text, 'several dead');
    const changed = `🇮🇶 ${text}`;
    const index = new CodePointIndex(changed);
    const outcome = anchorSpan(span, index);
    expect(outcome.kind).toBe('quote');
    expect(outcome.span.startOffset).toBe(span.startOffset + 3);
    expect(cps(changed).slice(outcome.span.startOffset, outcome.span.endOffset).join('')).toBe('several dead');
  });

  it('does not keep a span where the same words now stand in another context', () => {
    const text = 'Officials said the convoy was hit. Nobody saw the convoy again.';
    const span = spanOn(text, 'the convoy', 1);
    // In the changed text, other words "the convoy" stand exactly at the span's old offsets.
    const shifted = 'Nobody saw the convoy again. Later that night the convoy was hit. Officials said.';
    const shiftedIndex = new CodePointIndex(shifted);
    // Same words at the old offsets but a different context: re-anchored by quote and context.
    expect(shiftedIndex.slice(span.startOffset, span.endOffset)).toBe('the convoy');
    const outcome = anchorSpan(span, shiftedIndex);
    expect(outcome.kind).toBe('quote');
    expect(outcome.span.startOffset).toBe(shifted.indexOf('the convoy'));
  });

  it('never matches a quote shorter than ten characters approximately', () => {
    const text = 'None of them were hurt in the attack.';
    const span = spanOn(text, 'hurt');
    const outcome = anchorSpan(span, new CodePointIndex('Short of the convoy, nothing happened.'));
    expect(outcome.kind).toBe('orphan');
  });
});
