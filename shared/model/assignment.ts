/**
 * Assigning documents to annotators (issue 12, docs/TEAM.md): the planning algorithm, manual
 * changes, and where an annotator stands on a document. Pure: the backend reads and writes
 * `assignment.json` (shared/format/assignmentFile.ts) around these functions.
 *
 * A plan gives `perDocument` annotators to each document, except a share of them
 * (`overlapShare`, rounded to the nearest whole document) which get `overlapPerDocument`, so
 * that agreement can be measured there. Annotators are dealt so that loads stay even (nobody
 * has two documents more than another, counting what they already hold when existing
 * assignments are kept), and on documents with several annotators the pairs vary (with four
 * annotators, not always the same two pairs), so that every pair's agreement can be measured.
 * "random" shuffles the documents and annotators with a generator seeded by `seed` (the same
 * seed, documents and annotators give the same plan); "in-order" deals in the list's order and
 * spreads the overlap documents evenly over the list.
 */
import { mulberry32 } from '../text/random';
import type { AssignmentPlan, WorkStatus } from '../api/assignment';
import type { z } from 'zod';
import type { assignmentPlanSchema } from '../format/assignmentFile';

// The file's plan and the contract's plan are one shape: this fails to compile if they drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const planShapesAgree: Same<z.infer<typeof assignmentPlanSchema>, AssignmentPlan> = true;
void planShapesAgree;

/** A plan or change that cannot be done as asked; the message says why in the curator's words. */
export class AssignmentProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssignmentProblem';
  }
}

export interface PlanOutcome {
  /** The whole assignment after the plan: docId → annotators (sorted). */
  documents: Record<string, string[]>;
  /** Documents whose annotators changed. */
  changed: number;
  /** Documents the plan dealt out. */
  planned: number;
  /** Documents already assigned and left as they were (keepExisting). */
  kept: number;
  /** Among the planned documents: how many got 1, 2, … annotators. */
  byCount: Record<number, number>;
  /** Documents each plan annotator holds after the plan (kept ones included), over the given documents. */
  perAnnotator: Record<string, number>;
}

/**
 * Deals `docIds` (the project's documents, in the project's order) out to the plan's
 * annotators. `existing`: the assignment now. Throws AssignmentProblem when the plan cannot be
 * done (more annotators per document than the plan names, an annotator named twice).
 */
export function planDocuments(docIds: readonly string[], existing: Readonly<Record<string, readonly string[]>>, plan: AssignmentPlan): PlanOutcome {
  const annotators = plan.annotators;
  const twice = annotators.filter((a, i) => annotators.indexOf(a) !== i);
  if (twice.length) throw new AssignmentProblem(`The plan names ${[...new Set(twice)].join(', ')} more than once; name each annotator once.`);
  const need = Math.max(plan.perDocument, plan.overlapShare > 0 ? plan.overlapPerDocument : 0);
  if (need > annotators.length) {
    throw new AssignmentProblem(
      `Each document would need ${need} annotators, but the plan names ${annotators.length} (${annotators.join(', ')}): name more annotators, or ask for fewer per document.`,
    );
  }
  const keep = plan.keepExisting !== false;
  const targets = keep ? docIds.filter((d) => !existing[d]?.length) : [...docIds];
  const overlapCount = plan.overlapShare > 0 ? Math.round(plan.overlapShare * targets.length) : 0;

  const random = plan.order === 'random' ? seededRandom(`${plan.seed ?? ''}`) : null;
  // The order documents are dealt in, and which of them get the overlap.
  const dealt = random ? shuffle(targets, random) : targets;
  const overlap = new Set<string>();
  if (random) for (const d of dealt.slice(0, overlapCount)) overlap.add(d);
  else for (let i = 0; i < dealt.length; i++) if (Math.floor(((i + 1) * overlapCount) / dealt.length) > Math.floor((i * overlapCount) / dealt.length)) overlap.add(dealt[i]!);
  const cycle = random ? shuffle(annotators, random) : [...annotators];

  const load = new Map(cycle.map((a) => [a, 0]));
  const together = new Map<string, number>();
  const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const documents: Record<string, string[]> = {};
  for (const [docId, names] of Object.entries(existing)) if (names.length) documents[docId] = [...names].sort();
  if (keep) {
    const known = new Set(docIds);
    for (const [docId, names] of Object.entries(documents)) if (known.has(docId)) for (const a of names) if (load.has(a)) load.set(a, load.get(a)! + 1);
  }

  let turn = 0; // where the rotation stands: ties go to the annotator whose turn comes first
  const byCount: Record<number, number> = {};
  let changed = 0;
  for (const docId of dealt) {
    const n = overlap.has(docId) ? plan.overlapPerDocument : plan.perDocument;
    const chosen: string[] = [];
    for (let k = 0; k < n; k++) {
      let best: string | null = null;
      let bestKey: [number, number, number] | null = null;
      for (let j = 0; j < cycle.length; j++) {
        const a = cycle[j]!;
        if (chosen.includes(a)) continue;
        const withChosen = chosen.reduce((s, c) => s + (together.get(pairKey(a, c)) ?? 0), 0);
        const key: [number, number, number] = [load.get(a)!, withChosen, (j - turn + cycle.length) % cycle.length];
        if (!bestKey || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
          best = a;
          bestKey = key;
        }
      }
      chosen.push(best!);
      load.set(best!, load.get(best!)! + 1);
      turn = (cycle.indexOf(best!) + 1) % cycle.length;
    }
    for (let x = 0; x < chosen.length; x++) for (let y = x + 1; y < chosen.length; y++) together.set(pairKey(chosen[x]!, chosen[y]!), (together.get(pairKey(chosen[x]!, chosen[y]!)) ?? 0) + 1);
    const sorted = chosen.sort();
    if (!sameList(documents[docId] ?? [], sorted)) changed++;
    documents[docId] = sorted;
    byCount[n] = (byCount[n] ?? 0) + 1;
  }
  const perAnnotator: Record<string, number> = {};
  for (const a of annotators) perAnnotator[a] = load.get(a)!;
  return { documents: byDocument(documents), changed, planned: dealt.length, kept: docIds.length - targets.length, byCount, perAnnotator };
}

export interface ManualOutcome {
  documents: Record<string, string[]>;
  changed: number;
}

/**
 * A curator's change by hand: on each of `docIds`, `set` the annotators to exactly these (none:
 * unassigned), `add` them, or `remove` them.
 */
export function reassignDocuments(existing: Readonly<Record<string, readonly string[]>>, docIds: readonly string[], annotators: readonly string[], mode: 'set' | 'add' | 'remove'): ManualOutcome {
  if ((mode === 'add' || mode === 'remove') && annotators.length === 0) throw new AssignmentProblem(`Say whom to ${mode}: no annotator was given.`);
  const documents: Record<string, string[]> = {};
  for (const [docId, names] of Object.entries(existing)) if (names.length) documents[docId] = [...names].sort();
  let changed = 0;
  for (const docId of new Set(docIds)) {
    const before = documents[docId] ?? [];
    const after =
      mode === 'set' ? [...new Set(annotators)] : mode === 'add' ? [...new Set([...before, ...annotators])] : before.filter((a) => !annotators.includes(a));
    after.sort();
    if (!sameList(before, after)) changed++;
    if (after.length) documents[docId] = after;
    else delete documents[docId];
  }
  return { documents: byDocument(documents), changed };
}

/** The same entries, in document order (as the file stores them). */
function byDocument(documents: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(documents).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What a plan did, in words: "42 documents assigned: 34 to one annotator, 8 to two; 10 already assigned were kept." */
export function describePlan(outcome: PlanOutcome, dryRun = false): string {
  const counts = Object.entries(outcome.byCount)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([n, docs]) => `${docs} to ${numberWord(Number(n))}${Number(n) === 1 ? ' annotator' : ''}`);
  const verb = dryRun ? 'would be assigned' : 'assigned';
  let text = outcome.planned
    ? `${outcome.planned} document${outcome.planned === 1 ? '' : 's'} ${verb}: ${counts.join(', ')}`
    : `No document ${dryRun ? 'would be' : 'was'} assigned: every document already has its annotators`;
  if (outcome.kept && outcome.planned) text += `; ${outcome.kept} already assigned ${outcome.kept === 1 ? 'was' : 'were'} kept`;
  const loads = Object.entries(outcome.perAnnotator).map(([a, n]) => `${a} ${n}`);
  if (loads.length && outcome.planned) text += ` (documents each: ${loads.join(', ')})`;
  return `${text}.`;
}

/** A manual change in words: "tom added to 3 documents", "2 documents set to layla and tom". */
export function describeReassign(changed: number, asked: number, annotators: readonly string[], mode: 'set' | 'add' | 'remove'): string {
  const who = annotators.length ? listWords(annotators) : 'nobody (unassigned)';
  const docs = (n: number) => `${n} document${n === 1 ? '' : 's'}`;
  const head = mode === 'set' ? `${docs(asked)} set to ${who}` : mode === 'add' ? `${who} added to ${docs(asked)}` : `${who} removed from ${docs(asked)}`;
  const unchanged = asked - changed;
  return `${head}${unchanged ? `; ${docs(unchanged)} already ${unchanged === 1 ? 'was' : 'were'} so` : ''}.`;
}

/** What Review and the queue need to know of one annotator's layer of one document. */
export interface LayerState {
  spans: number;
  relations: number;
  finished: boolean;
}

/**
 * Where an annotator stands on a document: "finished" once their layer is marked finished (an
 * empty layer marked finished found nothing, and is done), "in-progress" once it holds a span or
 * a relation, "not-started" otherwise (no file, or an empty one).
 */
export function workStatus(layer: LayerState | null): WorkStatus {
  if (!layer) return 'not-started';
  if (layer.finished) return 'finished';
  return layer.spans > 0 || layer.relations > 0 ? 'in-progress' : 'not-started';
}

/** One row of a queue, before ordering. */
export interface QueueEntry {
  docId: string;
  title: string | null;
  status: WorkStatus;
  spans: number;
}

/**
 * An annotator's queue from their documents in assignment order (the project's order):
 * unfinished first, then finished; `next` is the first unfinished document after `after` in
 * assignment order, going round to the start (so `after` itself comes last), or null when all
 * are finished.
 */
export function buildQueue(annotator: string, entries: readonly QueueEntry[], after?: string): { annotator: string; items: QueueEntry[]; done: number; left: number; next: string | null } {
  const unfinished = entries.filter((e) => e.status !== 'finished');
  const finished = entries.filter((e) => e.status === 'finished');
  let next: string | null = null;
  if (unfinished.length) {
    const from = after === undefined ? -1 : entries.findIndex((e) => e.docId === after);
    for (let k = 1; k <= entries.length && next === null; k++) {
      const e = entries[(from + k + entries.length) % entries.length]!;
      if (e.status !== 'finished') next = e.docId;
    }
  }
  return { annotator, items: [...unfinished, ...finished], done: finished.length, left: unfinished.length, next };
}

/** "layla", "layla and tom", "amira, layla and tom". */
export function listWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function numberWord(n: number): string {
  return ['none', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][n] ?? String(n);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A Fisher–Yates shuffle with the given generator; the input is not changed. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A generator of numbers in [0, 1) seeded by a string: the string is hashed (FNV-1a, 32 bits)
 * and drives mulberry32. Hand-written because a plan must give the same result on every
 * machine and version for the same seed, which a library could change under us; it needs no
 * cryptographic quality, only an even spread.
 */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mulberry32(h);
}
