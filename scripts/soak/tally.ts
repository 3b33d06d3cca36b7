/**
 * The soak's counting, kept free of processes and files so that it can be tested on its own
 * (tests/soak/tally.test.ts): what a response says about a save, what a read says about a
 * file, which acknowledged spans are lost, and whether a scenario met the target.
 */

/** What became of one save, as its window saw it. */
export type SaveOutcome =
  /** HTTP 200 with `ok: true`: the service said the span is saved. */
  | { kind: 'acknowledged' }
  /** The service answered with an error code (`locked`, `io`, `not-found`, …): not saved. */
  | { kind: 'refused'; code: string; message: string }
  /** No answer that says either: the connection failed, timed out, or the reply made no sense. */
  | { kind: 'failed'; message: string };

/** Reads a service reply (its HTTP status and body) as a save outcome. */
export function outcomeOf(status: number, body: string): SaveOutcome {
  let reply: unknown;
  try {
    reply = JSON.parse(body);
  } catch {
    return { kind: 'failed', message: `HTTP ${status}, not JSON: ${body.slice(0, 80)}` };
  }
  const r = reply as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (status === 200 && r.ok === true) return { kind: 'acknowledged' };
  if (r.ok === false && typeof r.error?.code === 'string') {
    return { kind: 'refused', code: r.error.code, message: typeof r.error.message === 'string' ? r.error.message : '' };
  }
  return { kind: 'failed', message: `HTTP ${status}: ${body.slice(0, 80)}` };
}

export interface SaveCounts {
  sent: number;
  acknowledged: number;
  /** Refusals by error code. */
  refused: Record<string, number>;
  failed: number;
}

export function emptySaveCounts(): SaveCounts {
  return { sent: 0, acknowledged: 0, refused: {}, failed: 0 };
}

export function countSave(counts: SaveCounts, outcome: SaveOutcome): void {
  counts.sent += 1;
  if (outcome.kind === 'acknowledged') counts.acknowledged += 1;
  else if (outcome.kind === 'refused') counts.refused[outcome.code] = (counts.refused[outcome.code] ?? 0) + 1;
  else counts.failed += 1;
}

export function addSaveCounts(a: SaveCounts, b: SaveCounts): SaveCounts {
  const refused = { ...a.refused };
  for (const [code, n] of Object.entries(b.refused)) refused[code] = (refused[code] ?? 0) + n;
  return { sent: a.sent + b.sent, acknowledged: a.acknowledged + b.acknowledged, refused, failed: a.failed + b.failed };
}

/** "locked 12, io 3" (codes by count, most first), or "none". */
export function describeRefusals(refused: Record<string, number>): string {
  const parts = Object.entries(refused)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => `${code} ${n}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** "1,234 acknowledged, refused: locked 56, failed 0". */
export function describeSaves(c: SaveCounts): string {
  return `${n(c.acknowledged)} acknowledged, refused: ${describeRefusals(c.refused)}, failed ${n(c.failed)}`;
}

/** A count with thousands separated. */
export function n(x: number): string {
  return x.toLocaleString('en-US');
}

/** What one read of an annotation file found. */
export type ReadKind = 'ok' | 'corrupt' | 'empty' | 'missing';

/**
 * A read's kind: `null` content is a file that was listed but could not be found; zero bytes
 * is empty; content that is not JSON, or not an annotation file's shape, is corrupt.
 */
export function classifyRead(content: string | null): ReadKind {
  if (content === null) return 'missing';
  if (content.length === 0) return 'empty';
  try {
    const data = JSON.parse(content) as { format?: unknown; spans?: unknown };
    return data !== null && typeof data === 'object' && data.format === 'standoff/annotations' && Array.isArray(data.spans) ? 'ok' : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

export interface ReadCounts {
  reads: number;
  corrupt: number;
  empty: number;
  missing: number;
  /** A few of the bad reads, "file: what", each once, to say where. */
  examples: string[];
}

export function emptyReadCounts(): ReadCounts {
  return { reads: 0, corrupt: 0, empty: 0, missing: 0, examples: [] };
}

export function countRead(counts: ReadCounts, kind: ReadKind, file: string): void {
  counts.reads += 1;
  if (kind === 'ok') return;
  counts[kind] += 1;
  const example = `${file}: ${kind}`;
  if (counts.examples.length < 5 && !counts.examples.includes(example)) counts.examples.push(example);
}

/** An acknowledged span: which document its save went to. */
export interface AcknowledgedSpan {
  id: string;
  docId: string;
}

export interface DiskCounts {
  acknowledged: number;
  /** Acknowledged spans found in an annotation file at the end. */
  onDisk: number;
  /**
   * Acknowledged spans that are in no annotation file at the end and that no outside program
   * took away on purpose.
   */
  lost: number;
  lostIds: string[];
  /**
   * Acknowledged spans an outside program took away on purpose (renamed them, checked out a
   * version without them, deleted their document): its choice, not a loss.
   */
  takenOutside: number;
  /** Of those, spans that are on disk again at the end: the outside change was undone. */
  backAfterOutside: string[];
  /** Spans whose save was not acknowledged (refused or failed) and that are on disk anyway. */
  unacknowledgedOnDisk: number;
}

/**
 * Which acknowledged spans are on disk and which are lost. `onDisk` holds every span id found
 * in the annotation files at the end; `takenOutside` the ids an outside program removed on
 * purpose; `unacknowledged` the ids of saves that were refused or failed (and not acknowledged
 * by a later re-send).
 */
export function countOnDisk(input: {
  acknowledged: Iterable<AcknowledgedSpan>;
  onDisk: ReadonlySet<string>;
  takenOutside: ReadonlySet<string>;
  unacknowledged: Iterable<string>;
}): DiskCounts {
  const counts: DiskCounts = { acknowledged: 0, onDisk: 0, lost: 0, lostIds: [], takenOutside: 0, backAfterOutside: [], unacknowledgedOnDisk: 0 };
  const seen = new Set<string>();
  for (const span of input.acknowledged) {
    if (seen.has(span.id)) continue; // a re-send of the same span counts once
    seen.add(span.id);
    counts.acknowledged += 1;
    const there = input.onDisk.has(span.id);
    if (there) counts.onDisk += 1;
    if (input.takenOutside.has(span.id)) {
      counts.takenOutside += 1;
      if (there) counts.backAfterOutside.push(span.id);
    } else if (!there) {
      counts.lost += 1;
      counts.lostIds.push(span.id);
    }
  }
  for (const id of new Set(input.unacknowledged)) if (!seen.has(id) && input.onDisk.has(id)) counts.unacknowledgedOnDisk += 1;
  return counts;
}

/** A scenario's own expectation beyond the counts, such as "the outside change was kept". */
export interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

/** What the final table needs from a scenario that ran. */
export interface ScenarioFigures {
  disk: DiskCounts;
  files: { parse: number; corrupt: number };
  reads: ReadCounts;
  validateClean: boolean;
  checks: Check[];
}

/**
 * Why a scenario missed the target, in words; empty when it met it. The target: no
 * acknowledged save lost, no corrupt file (at the end or in any read), no empty or missing
 * read, and the scenario's own checks passed. What `standoff validate` says is shown beside,
 * not part of it, as issue 9 has it: after a kill -9 during a save, validate rightly reports
 * the temporary file left behind, which loses nothing.
 */
export function shortfalls(f: ScenarioFigures): string[] {
  const out: string[] = [];
  if (f.disk.lost) out.push(`${f.disk.lost} acknowledged save${f.disk.lost === 1 ? '' : 's'} lost`);
  if (f.files.corrupt) out.push(`${f.files.corrupt} corrupt file${f.files.corrupt === 1 ? '' : 's'} at the end`);
  if (f.reads.corrupt) out.push(`${f.reads.corrupt} corrupt read${f.reads.corrupt === 1 ? '' : 's'}`);
  if (f.reads.empty) out.push(`${f.reads.empty} empty read${f.reads.empty === 1 ? '' : 's'}`);
  if (f.reads.missing) out.push(`${f.reads.missing} read${f.reads.missing === 1 ? '' : 's'} of a file gone missing`);
  for (const c of f.checks) if (!c.ok) out.push(`${c.what}: ${c.detail}`);
  return out;
}
