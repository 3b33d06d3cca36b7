/**
 * Spans the soak windows save: each an add of a new span with a unique id, at a random place
 * in a document's text, its offsets and quote in Unicode code points as the format requires
 * (docs/FORMAT.md). Made here from the text alone, as another program would, not with the
 * service's own helpers.
 */

/** Code points of quote context either side, as the format has it (shared/model/span.ts). */
const CONTEXT = 32;

export interface SoakSpan {
  id: string;
  label: string;
  startOffset: number;
  endOffset: number;
  quote: { prefix: string; exact: string; suffix: string };
}

/** A document's text split into code points, so that offsets are code-point offsets. */
export interface SoakText {
  docId: string;
  codePoints: string[];
}

export function soakText(docId: string, text: string): SoakText {
  return { docId, codePoints: Array.from(text) };
}

/** The span [start, end) of a text, in code points, with its quote. */
export function spanAt(text: SoakText, start: number, end: number, id: string, label: string): SoakSpan {
  const cp = text.codePoints;
  if (!(start >= 0 && start <= end && end <= cp.length)) throw new Error(`span ${start}–${end} is outside the text (${cp.length} code points)`);
  return {
    id,
    label,
    startOffset: start,
    endOffset: end,
    quote: {
      prefix: cp.slice(Math.max(0, start - CONTEXT), start).join(''),
      exact: cp.slice(start, end).join(''),
      suffix: cp.slice(end, Math.min(cp.length, end + CONTEXT)).join(''),
    },
  };
}

/** A span of 1 to 40 code points at a random place (`random` gives numbers in [0, 1)). */
export function randomSpan(text: SoakText, id: string, labels: readonly string[], random: () => number): SoakSpan {
  const n = text.codePoints.length;
  if (n === 0) throw new Error(`document ${text.docId} has no text to tag`);
  const start = Math.floor(random() * n);
  const length = 1 + Math.floor(random() * Math.min(40, n - start));
  const label = labels[Math.floor(random() * labels.length)] ?? labels[0];
  if (!label) throw new Error('the project has no labels');
  return spanAt(text, start, start + length, id, label);
}

/** Span ids the soak makes: a window's letter and a six-digit count ("a000042"). */
export function soakSpanId(window: string, n: number): string {
  return `${window}${String(n).padStart(6, '0')}`;
}

/**
 * The id an outside program gives a span when it renames it in place, keeping the file's
 * length: the first letter becomes "z" (no window is called z).
 */
export function renamedId(id: string): string {
  return `z${id.slice(1)}`;
}
