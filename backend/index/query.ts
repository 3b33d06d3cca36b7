/**
 * The document list's query over the index: filter, sort, one page. Everything but the words
 * looked for in the texts is answered from the entries in memory; the texts are read from disk
 * (a bounded number at a time) only when asked for (`inText`), and only for documents whose
 * title, source and id do not match.
 *
 * A list scrolled through asks for page after page of the same query: the filtered, sorted
 * order is kept (`QueryCache`) until the index or the assignment changes, so a page costs its
 * rows, not the corpus.
 */
import { readFile } from 'node:fs/promises';
import type { DocumentSummary } from '../../shared/api/contract';
import { DOCUMENT_STATUSES, type DocumentPage, type DocumentQuery, type DocumentRow, type DocumentStatus } from '../../shared/api/corpus';
import { GOLD } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { insideProject } from '../project/files';
import type { IndexRows } from './table';

/** The summary of the entry at position i. */
export function summaryAt(rows: IndexRows, i: number): DocumentSummary {
  const annotators: Record<string, number> = {};
  rows.eachLayer(i, (who, spans, _finished, problem) => {
    if (who !== GOLD && !problem) annotators[who] = spans;
  });
  return { id: rows.id(i), title: rows.title(i), source: rows.source(i), excerpt: rows.excerpt(i), length: rows.length(i), annotators, finished: rows.finished(i), problems: rows.problems(i) };
}

/** Spans over the annotators' layers (gold left out). */
function spansAt(rows: IndexRows, i: number): number {
  let spans = 0;
  rows.eachLayer(i, (who, n) => {
    if (who !== GOLD) spans += n;
  });
  return spans;
}

/** A label's count over the annotators' layers (gold left out). */
function labelCountAt(rows: IndexRows, i: number, label: string): number {
  let n = 0;
  rows.eachLayer(i, (who, _spans, _finished, _problem, handle) => {
    if (who !== GOLD) n += rows.labelCount(handle, label);
  });
  return n;
}

/** Where a document stands (shared/api/corpus.ts DocumentStatus). */
export function statusAt(rows: IndexRows, i: number, assigned: readonly string[] | undefined): DocumentStatus {
  if (rows.finished(i).includes(GOLD)) return 'adjudicated';
  let worked = false;
  let allFinished = true;
  const finished = new Set<string>();
  rows.eachLayer(i, (who, spans, done) => {
    if (who === GOLD) return;
    // Some annotator's layer holds a span or a finished mark.
    if (spans > 0 || done) worked = true;
    if (done) finished.add(who);
    else allFinished = false;
  });
  if (!worked) return 'not-started';
  if (assigned?.length) return assigned.every((who) => finished.has(who)) ? 'finished' : 'in-progress';
  return allFinished ? 'finished' : 'in-progress';
}

const RANK: Record<DocumentStatus, number> = { 'not-started': 0, 'in-progress': 1, finished: 2, adjudicated: 3 };
const STATUS_CODE = new Map(DOCUMENT_STATUSES.map((s, k) => [s, k]));

/** Lower case without accents, for looking up words as an analyst types them. */
export function fold(s: string): string {
  // eslint-disable-next-line no-control-regex -- plain ASCII needs no decomposition
  return (/^[\x00-\x7f]*$/.test(s) ? s : s.normalize('NFD').replace(/\p{M}/gu, '')).toLowerCase();
}

/** Texts read for the last words looked for, kept while the same words are asked again (paging). */
let textCache: { root: string; words: string; matches: Map<string, boolean> } | null = null;

async function textMatches(root: string, ids: string[], words: string): Promise<Set<string>> {
  if (!textCache || textCache.root !== root || textCache.words !== words) textCache = { root, words, matches: new Map() };
  const cache = textCache.matches;
  const out = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      let hit = cache.get(id);
      if (hit === undefined) {
        try {
          hit = fold(await readFile(insideProject(root, layout.text(id)), 'utf8')).includes(words);
        } catch {
          hit = false;
        }
        cache.set(id, hit);
      }
      if (hit) out.add(id);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return out;
}

/** The last query's whole answer, by its filters and sort, for the index generation it was made at (positions are that generation's). */
export interface QueryCache {
  key: string;
  generation: number;
  /** Positions in the index, filtered and sorted. */
  order: Int32Array;
  /** Each position's status, as DOCUMENT_STATUSES' index. */
  statuses: Uint8Array;
  statusCounts: Record<DocumentStatus, number>;
  annotators: string[];
  labels: string[];
  /** The learned model's figures the order was made with (sort "uncertainty" only). */
  uncertainty?: ReadonlyMap<string, number>;
}

const NO_FIGURES: ReadonlyMap<string, number> = new Map();

/** What is kept between queries: the last answer, and the filters' choices, for one generation of the index. */
export interface AnswerCache {
  last: QueryCache | null;
  generation: number;
  names?: { generation: number; annotators: string[]; labels: string[] };
}

export async function queryEntries(
  root: string,
  rows: IndexRows,
  assignment: Readonly<Record<string, string[]>>,
  q: DocumentQuery,
  cache: AnswerCache,
  uncertainty: ReadonlyMap<string, number> = NO_FIGURES,
): Promise<Omit<DocumentPage, 'checking'>> {
  const { offset, limit, focus, ...filters } = q;
  const key = JSON.stringify(filters);
  let answer = cache.last;
  // A new training gives a new map: an order by uncertainty is made again.
  if (!answer || answer.key !== key || answer.generation !== cache.generation || (q.sort === 'uncertainty' && answer.uncertainty !== uncertainty)) {
    answer = await answerOf(root, rows, assignment, filters, key, cache.generation, cache, uncertainty);
    cache.last = answer;
  }
  const { order, statuses } = answer;
  const page: DocumentRow[] = [];
  for (const i of order.subarray(offset, offset + limit)) {
    const id = rows.id(i);
    page.push({ ...summaryAt(rows, i), status: DOCUMENT_STATUSES[statuses[i]!]!, assigned: assignment[id] ?? [], labels: rows.labels(i), disagreements: rows.disagreements(i), settled: rows.settled(i) });
  }
  return {
    total: order.length,
    all: rows.size,
    offset,
    rows: page,
    ...(focus !== undefined ? { position: order.findIndex((i) => rows.id(i) === focus) } : {}),
    statusCounts: answer.statusCounts,
    annotators: answer.annotators,
    labels: answer.labels,
  };
}

/** Every annotator with a layer or an assignment, and every label used. */
function namesOf(rows: IndexRows, assignment: Readonly<Record<string, string[]>>): { annotators: string[]; labels: string[] } {
  const annotators = new Set<string>();
  const labels = new Set<string>();
  for (const doc in assignment) for (const who of assignment[doc]!) annotators.add(who);
  // The table's labels are marked by number, and named once at the end.
  const marks = new Uint8Array(rows.base.nameCount);
  for (let i = 0; i < rows.size; i++) {
    rows.eachLayer(i, (who, _spans, _finished, _problem, handle) => {
      if (who !== GOLD) annotators.add(who);
      if (typeof handle === 'number') rows.base.markLabels(handle, marks);
      else for (const label in handle.labels) labels.add(label);
    });
  }
  for (const label of rows.base.namesMarked(marks)) labels.add(label);
  return { annotators: [...annotators].sort(), labels: [...labels].sort() };
}

async function answerOf(
  root: string,
  rows: IndexRows,
  assignment: Readonly<Record<string, string[]>>,
  q: Omit<DocumentQuery, 'offset' | 'limit' | 'focus'>,
  key: string,
  generation: number,
  cache: AnswerCache,
  uncertainty: ReadonlyMap<string, number>,
): Promise<QueryCache> {
  // The filters' choices: the same for every query of one generation of the index.
  const names = cache.names?.generation === generation ? cache.names : (cache.names = { generation, ...namesOf(rows, assignment) });
  const statuses = new Uint8Array(rows.size);
  // Positions kept, in id order, in a column (a JS array grown to 100,000 numbers is copied as it grows).
  const picked = new Int32Array(rows.size);
  let count = 0;
  const minCount = Math.max(1, q.minCount ?? 1);
  for (let i = 0; i < rows.size; i++) {
    const id = rows.id(i);
    const assigned = assignment[id];
    if (q.annotator) {
      let has = false;
      rows.eachLayer(i, (who) => !(has = who === q.annotator));
      if (!has && !assigned?.includes(q.annotator)) continue;
    }
    if (q.assignment === 'unassigned' && assigned?.length) continue;
    if (q.assignment === 'assigned' && !(q.annotator ? assigned?.includes(q.annotator) : assigned?.length)) continue;
    const disagreements = rows.disagreements(i);
    if (q.disagreement === 'some' && disagreements === 0) continue;
    if (q.disagreement === 'unsettled' && rows.settled(i) >= disagreements) continue;
    if (q.disagreement === 'none' && disagreements > 0) continue;
    if (q.label && labelCountAt(rows, i, q.label) < minCount) continue;
    statuses[i] = STATUS_CODE.get(statusAt(rows, i, assigned))!;
    picked[count++] = i;
  }
  let candidates = picked.subarray(0, count);
  const words = q.text ? fold(q.text.trim()) : '';
  if (words) {
    const meta = (i: number) => fold(`${rows.id(i)}\n${rows.title(i) ?? ''}\n${rows.source(i) ?? ''}`).includes(words);
    const rest = candidates.filter((i) => !meta(i));
    // The texts are on disk, not in the index: read only when asked for (every text of a large corpus takes seconds).
    const inText = q.inText ? await textMatches(root, Array.from(rest, (i) => rows.id(i)), words) : new Set<string>();
    candidates = candidates.filter((i) => inText.has(rows.id(i)) || meta(i));
  }
  const statusCounts = Object.fromEntries(DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<DocumentStatus, number>;
  for (const i of candidates) statusCounts[DOCUMENT_STATUSES[statuses[i]!]!]++;
  if (q.status?.length) {
    const wanted = new Set(q.status.map((s) => STATUS_CODE.get(s)));
    candidates = candidates.filter((i) => wanted.has(statuses[i]!));
  }
  const sort = q.sort ?? 'id';
  // A copy at its size: `picked` is let go.
  const order = candidates.slice();
  if (sort !== 'id' || q.descending) sortPositions(order, rows, sort, q.sortLabel, statuses, uncertainty, q.descending === true);
  return { key, generation, order, statuses, statusCounts, annotators: names.annotators, labels: names.labels, ...(sort === 'uncertainty' ? { uncertainty } : {}) };
}

/**
 * Sorts positions (in id order) by the query's key, ties kept in id order. At 100,000 documents
 * every allocation kept through the sort is promoted and raises the server's peak: the keys are
 * made once into a column by position (numbers in a typed array, strings in one array), and the
 * positions sorted in place, with no object per document.
 */
function sortPositions(
  order: Int32Array,
  rows: IndexRows,
  sort: NonNullable<DocumentQuery['sort']>,
  label: string | undefined,
  statuses: Uint8Array,
  uncertainty: ReadonlyMap<string, number>,
  descending: boolean,
): void {
  const sign = descending ? -1 : 1;
  if (sort === 'title' || sort === 'id') {
    // String keys, by place in `order` (ascending positions: the place breaks ties as the id did).
    const keys = new Array<string>(order.length);
    for (let k = 0; k < order.length; k++) keys[k] = sort === 'title' ? fold(rows.title(order[k]!) ?? rows.excerpt(order[k]!)) : rows.id(order[k]!);
    const places = new Int32Array(order.length);
    for (let k = 0; k < places.length; k++) places[k] = k;
    places.sort((a, b) => {
      const x = keys[a]!;
      const y = keys[b]!;
      return sign * (x < y ? -1 : x > y ? 1 : 0) || a - b;
    });
    const positions = order.slice();
    for (let k = 0; k < places.length; k++) order[k] = positions[places[k]!]!;
    return;
  }
  const keyOf = numericKey(rows, sort, label, statuses, uncertainty);
  const keys = new Float64Array(rows.size);
  for (const i of order) keys[i] = keyOf(i);
  // Positions are in id order: the position breaks ties as the id did.
  order.sort((a, b) => {
    const x = keys[a]!;
    const y = keys[b]!;
    return sign * (x < y ? -1 : x > y ? 1 : 0) || a - b;
  });
}

type NumericSort = Exclude<NonNullable<DocumentQuery['sort']>, 'id' | 'title'>;

function numericKey(rows: IndexRows, sort: NumericSort, label: string | undefined, statuses: Uint8Array, uncertainty: ReadonlyMap<string, number>): (i: number) => number {
  switch (sort) {
    case 'status':
      return (i) => RANK[DOCUMENT_STATUSES[statuses[i]!]!];
    case 'spans':
      return (i) => spansAt(rows, i);
    case 'label':
      return (i) => (label ? labelCountAt(rows, i, label) : 0);
    case 'disagreements':
      return (i) => rows.disagreements(i) - rows.settled(i);
    case 'length':
      return (i) => rows.length(i);
    case 'uncertainty':
      // Least sure first; documents without a figure (no model yet, added since) last.
      return (i) => -(uncertainty.get(rows.id(i)) ?? -Infinity);
  }
}
