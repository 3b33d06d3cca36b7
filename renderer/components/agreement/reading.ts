/**
 * How to read a figure of the agreement dashboard: the rules of thumb it shows beside a value,
 * with their sources (docs/AGREEMENT.md §12). A rule of thumb is a convention, not a test: the
 * dashboard says whose convention it is and never hides the number behind the word.
 */

/** good / tentative / weak: the dashboard's three colours. */
export type Standing = 'good' | 'tentative' | 'weak';

export interface Reading {
  standing: Standing;
  /** The band in the source's own words. */
  words: string;
  /** Who set the band. */
  source: string;
  /** The source, shortest: the author names. */
  by: string;
}

/**
 * Krippendorff (2004, p. 241): rely on α ≥ 0.800; 0.667 ≤ α < 0.800 only for tentative
 * conclusions; below, the data are not reliable enough. For α_U, nominal α and attribute α.
 */
export function readAlpha(value: number): Reading {
  const source = 'Krippendorff 2004, p. 241';
  const by = 'Krippendorff';
  if (value >= 0.8) return { standing: 'good', words: 'reliable', source, by };
  if (value >= 0.667) return { standing: 'tentative', words: 'tentative only', source, by };
  return { standing: 'weak', words: 'not reliable', source, by };
}

/**
 * Landis & Koch (1977): κ ≤ 0 poor, to 0.20 slight, to 0.40 fair, to 0.60 moderate, to 0.80
 * substantial, above almost perfect. Span F1 is read on the same scale, since it approaches κ
 * when the text nobody marked is large (Hripcsak & Rothschild 2005); the source says so.
 */
export function readKappa(value: number, f1 = false): Reading {
  const source = f1 ? 'Landis & Koch 1977, via Hripcsak & Rothschild 2005' : 'Landis & Koch 1977';
  const words = value <= 0 ? 'poor' : value <= 0.2 ? 'slight' : value <= 0.4 ? 'fair' : value <= 0.6 ? 'moderate' : value <= 0.8 ? 'substantial' : 'almost perfect';
  const standing: Standing = value > 0.8 ? 'good' : value > 0.6 ? 'tentative' : 'weak';
  return { standing, words, source, by: 'Landis & Koch' };
}

/** A share in [0, 1] as a percentage with one decimal: 0.945 → "94.5 %". */
export const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

/** 1 → "the best", n → "the worst", else "3rd of 5". */
export function place(index: number, of: number, best = 'the best', worst = 'the worst'): string {
  if (index === 0) return best;
  if (index === of - 1) return worst;
  const k = index + 1;
  const suffix = k % 10 === 1 && k % 100 !== 11 ? 'st' : k % 10 === 2 && k % 100 !== 12 ? 'nd' : k % 10 === 3 && k % 100 !== 13 ? 'rd' : 'th';
  return `${k}${suffix} of ${of}`;
}

/** A quote cut to `max` characters, with an ellipsis. */
export function shortQuote(text: string, max = 70): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}
