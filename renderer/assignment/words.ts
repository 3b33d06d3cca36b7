import type { WorkStatus } from '../../shared/api/assignment';

/**
 * How the assignment views say things: a work status in words and as a glyph (never colour
 * alone), a time since in words, and the matrix's changes of a plan preview. Pure, so the
 * unit tests read them without a page.
 */

export const STATUS_WORDS: Record<WorkStatus, string> = {
  'not-started': 'not started',
  'in-progress': 'in progress',
  finished: 'finished',
};

/** A glyph per status, read with its words: empty, half and full circles (plus a tick when finished). */
export const STATUS_GLYPH: Record<WorkStatus, string> = {
  'not-started': '○',
  'in-progress': '◐',
  finished: '✓',
};

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "12 minutes ago", "yesterday", "3 weeks ago"; `never` when there is no time. */
export function timeSince(iso: string | null, now: number, never = 'never'): string {
  if (!iso) return never;
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return never;
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 45) return 'just now';
  for (const [unit, size] of UNITS) if (seconds >= size) return relative.format(-Math.floor(seconds / size), unit);
  return relative.format(-1, 'minute');
}

/** One cell's change in a plan preview: added to the annotator, taken from them, or as it was. */
export type CellChange = 'added' | 'removed' | null;

/** What a preview changes in the matrix, per document and annotator (only the cells that change). */
export function previewChanges(before: Record<string, string[]>, after: Record<string, string[]>): Map<string, Map<string, CellChange>> {
  const changes = new Map<string, Map<string, CellChange>>();
  const note = (docId: string, who: string, change: CellChange) => {
    let row = changes.get(docId);
    if (!row) changes.set(docId, (row = new Map()));
    row.set(who, change);
  };
  for (const docId of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[docId] ?? []);
    const now = new Set(after[docId] ?? []);
    for (const who of now) if (!was.has(who)) note(docId, who, 'added');
    for (const who of was) if (!now.has(who)) note(docId, who, 'removed');
  }
  return changes;
}

/** "3 documents", "1 document". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
