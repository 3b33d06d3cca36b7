import { buildFigures } from './figures';
import { findCounts } from './link';
import { findOutcomes } from './outcomes';
import { readQuantity } from './quantity';
import { tokenize } from './tokens';
import type { CasualtyFigure } from './types';

/**
 * Reads a casualty-figure span into proposals, one per outcome ("one fighter was killed and three
 * others were injured" → killed 1, injured 3). Never empty: when no outcome word is found the one
 * figure has outcome null and says so. Counts tied to one outcome word are added up ("wounded four
 * American and two Iraq servicemen" → 6); separate reports of one outcome stay separate figures.
 */
export function parseCasualtyFigures(text: string): CasualtyFigure[] {
  const tokens = tokenize(text);
  const outcomes = findOutcomes(tokens);
  const counts = findCounts(tokens, outcomes);
  return buildFigures(text, tokens, outcomes, counts);
}

/** Just the count of a phrase ("about 62", "between 10 and 15", "several hundred"), for an edit box; null if none. */
export function parseCount(text: string): Pick<CasualtyFigure, 'minimum' | 'maximum' | 'vague' | 'hedge' | 'hedgeClass' | 'explanation'> | null {
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    const q = readQuantity(tokens, i);
    if (!q) continue;
    return { minimum: q.minimum, maximum: q.maximum, vague: q.vague, ...(q.hedge ? { hedge: q.hedge } : {}), ...(q.hedgeClass ? { hedgeClass: q.hedgeClass } : {}), explanation: q.reading };
  }
  return null;
}
