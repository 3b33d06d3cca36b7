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
import type { IndexEntry } from './entry';

export function summaryOf(e: IndexEntry): DocumentSummary {
  const annotators: Record<string, number> = {};
  for (const [who, l] of Object.entries(e.layers)) if (who !== GOLD && !l.problem) annotators[who] = l.spans;
  return { id: e.id, title: e.title, source: e.source, excerpt: e.excerpt, length: e.length, annotators, finished: e.finished, problems: e.problems };
}

/**
 * What the query reads of an entry, worked out once per entry (entries are replaced, never
 * changed) and kept small: 100,000 of them are held. Label sums, folded titles and words are
 * made only when a query asks for them.
 */
interface Derived {
  /** Spans over the annotators' layers (gold left out). */
  spans: number;
  /** Some annotator's layer holds a span or a finished mark. */
  worked: boolean;
  labels?: Record<string, number>;
  meta?: string;
  titleKey?: string;
}

const derivedOf = new WeakMap<IndexEntry, Derived>();

function derive(e: IndexEntry): Derived {
  let d = derivedOf.get(e);
  if (d) return d;
  let spans = 0;
  let worked = false;
  for (const who in e.layers) {
    if (who === GOLD) continue;
    const l = e.layers[who]!;
    spans += l.spans;
    if (l.spans > 0 || l.finished) worked = true;
  }
  d = { spans, worked };
  derivedOf.set(e, d);
  return d;
}

/** Span counts by label over the annotators' layers (gold left out). */
function labelsOf(e: IndexEntry): Record<string, number> {
  const d = derive(e);
  if (d.labels) return d.labels;
  const labels: Record<string, number> = {};
  for (const who in e.layers) {
    if (who === GOLD) continue;
    const l = e.layers[who]!;
    for (const label in l.labels) labels[label] = (labels[label] ?? 0) + l.labels[label]!;
  }
  return (d.labels = labels);
}

function metaOf(e: IndexEntry): string {
  const d = derive(e);
  return (d.meta ??= fold(`${e.id}\n${e.title ?? ''}\n${e.source ?? ''}`));
}

function titleKeyOf(e: IndexEntry): string {
  const d = derive(e);
  return (d.titleKey ??= fold(e.title ?? e.excerpt));
}

/** Where a document stands (shared/api/corpus.ts DocumentStatus). */
export function statusOf(e: IndexEntry, assigned: readonly string[] | undefined): DocumentStatus {
  if (e.finished.includes(GOLD)) return 'adjudicated';
  if (!derive(e).worked) return 'not-started';
  if (assigned?.length) return assigned.every((who) => e.layers[who]?.finished) ? 'finished' : 'in-progress';
  for (const who in e.layers) if (who !== GOLD && !e.layers[who]!.finished) return 'in-progress';
  return 'finished';
}

const RANK: Record<DocumentStatus, number> = { 'not-started': 0, 'in-progress': 1, finished: 2, adjudicated: 3 };

/** Lower case without accents, for looking up words as an analyst types them. */
export function fold(s: string): string {
  // eslint-disable-next-line no-control-regex -- plain ASCII needs no decomposition
  return (/^[\x00-\x7f]*$/.test(s) ? s : s.normalize('NFD').replace(/\p{M}/gu, '')).toLowerCase();
}

/** Texts read for the last words looked for, kept while the same words are asked again (paging). */
let textCache: { root: string; words: string; matches: Map<string, boolean> } | null = null;

async function textMatches(root: string, entries: IndexEntry[], words: string): Promise<Set<string>> {
  if (!textCache || textCache.root !== root || textCache.words !== words) textCache = { root, words, matches: new Map() };
  const cache = textCache.matches;
  const out = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const e = entries[next++]!;
      let hit = cache.get(e.id);
      if (hit === undefined) {
        try {
          hit = fold(await readFile(insideProject(root, layout.text(e.id)), 'utf8')).includes(words);
        } catch {
          hit = false;
        }
        cache.set(e.id, hit);
      }
      if (hit) out.add(e.id);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return out;
}

/** The last query's whole answer, by its filters and sort, for the index generation it was made at. */
export interface QueryCache {
  key: string;
  generation: number;
  order: IndexEntry[];
  statuses: Map<string, DocumentStatus>;
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
  entries: ReadonlyMap<string, IndexEntry>,
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
    answer = await answerOf(root, entries, assignment, filters, key, cache.generation, cache, uncertainty);
    cache.last = answer;
  }
  const { order, statuses } = answer;
  const rows = order.slice(offset, offset + limit).map((e): DocumentRow => {
    return { ...summaryOf(e), status: statuses.get(e.id)!, assigned: assignment[e.id] ?? [], labels: labelsOf(e), disagreements: e.disagreements, settled: e.settled };
  });
  return {
    total: order.length,
    all: entries.size,
    offset,
    rows,
    ...(focus !== undefined ? { position: order.findIndex((e) => e.id === focus) } : {}),
    statusCounts: answer.statusCounts,
    annotators: answer.annotators,
    labels: answer.labels,
  };
}

/** Every annotator with a layer or an assignment, and every label used. */
function namesOf(entries: ReadonlyMap<string, IndexEntry>, assignment: Readonly<Record<string, string[]>>): { annotators: string[]; labels: string[] } {
  const annotators = new Set<string>();
  const labels = new Set<string>();
  for (const doc in assignment) for (const who of assignment[doc]!) annotators.add(who);
  for (const e of entries.values()) {
    for (const who in e.layers) {
      if (who !== GOLD) annotators.add(who);
      for (const label in e.layers[who]!.labels) labels.add(label);
    }
  }
  return { annotators: [...annotators].sort(), labels: [...labels].sort() };
}

async function answerOf(
  root: string,
  entries: ReadonlyMap<string, IndexEntry>,
  assignment: Readonly<Record<string, string[]>>,
  q: Omit<DocumentQuery, 'offset' | 'limit' | 'focus'>,
  key: string,
  generation: number,
  cache: AnswerCache,
  uncertainty: ReadonlyMap<string, number>,
): Promise<QueryCache> {
  // The filters' choices: the same for every query of one generation of the index.
  const names = cache.names?.generation === generation ? cache.names : (cache.names = { generation, ...namesOf(entries, assignment) });
  const statuses = new Map<string, DocumentStatus>();
  let candidates: IndexEntry[] = [];
  const minCount = Math.max(1, q.minCount ?? 1);
  for (const e of entries.values()) {
    const assigned = assignment[e.id];
    if (q.annotator && !(q.annotator in e.layers) && !assigned?.includes(q.annotator)) continue;
    if (q.assignment === 'unassigned' && assigned?.length) continue;
    if (q.assignment === 'assigned' && !(q.annotator ? assigned?.includes(q.annotator) : assigned?.length)) continue;
    if (q.disagreement === 'some' && e.disagreements === 0) continue;
    if (q.disagreement === 'unsettled' && e.settled >= e.disagreements) continue;
    if (q.disagreement === 'none' && e.disagreements > 0) continue;
    if (q.label && (labelsOf(e)[q.label] ?? 0) < minCount) continue;
    statuses.set(e.id, statusOf(e, assigned));
    candidates.push(e);
  }
  const words = q.text ? fold(q.text.trim()) : '';
  if (words) {
    const rest = candidates.filter((e) => !metaOf(e).includes(words));
    // The texts are on disk, not in the index: read only when asked for (every text of a large corpus takes seconds).
    const inText = q.inText ? await textMatches(root, rest, words) : new Set<string>();
    candidates = candidates.filter((e) => inText.has(e.id) || metaOf(e).includes(words));
  }
  const statusCounts = Object.fromEntries(DOCUMENT_STATUSES.map((s) => [s, 0])) as Record<DocumentStatus, number>;
  for (const e of candidates) statusCounts[statuses.get(e.id)!]++;
  if (q.status?.length) {
    const wanted = new Set(q.status);
    candidates = candidates.filter((e) => wanted.has(statuses.get(e.id)!));
  }
  const sort = q.sort ?? 'id';
  if (sort !== 'id' || q.descending) {
    const sortOf = sortKey(sort, q.sortLabel, statuses, uncertainty);
    const keyed = candidates.map((e) => ({ e, k: sortOf(e) }));
    const sign = q.descending ? -1 : 1;
    keyed.sort((a, b) => {
      const c = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      return sign * c || (a.e.id < b.e.id ? -1 : 1);
    });
    candidates = keyed.map((x) => x.e);
  }
  return { key, generation, order: candidates, statuses, statusCounts, annotators: names.annotators, labels: names.labels, ...(sort === 'uncertainty' ? { uncertainty } : {}) };
}

function sortKey(
  sort: NonNullable<DocumentQuery['sort']>,
  label: string | undefined,
  statuses: Map<string, DocumentStatus>,
  uncertainty: ReadonlyMap<string, number>,
): (e: IndexEntry) => string | number {
  switch (sort) {
    case 'title':
      return titleKeyOf;
    case 'status':
      return (e) => RANK[statuses.get(e.id)!];
    case 'spans':
      return (e) => derive(e).spans;
    case 'label':
      return (e) => (label ? (labelsOf(e)[label] ?? 0) : 0);
    case 'disagreements':
      return (e) => e.disagreements - e.settled;
    case 'length':
      return (e) => e.length;
    case 'uncertainty':
      // Least sure first; documents without a figure (no model yet, added since) last.
      return (e) => -(uncertainty.get(e.id) ?? -Infinity);
    default:
      return (e) => e.id;
  }
}
