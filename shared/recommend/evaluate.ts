/**
 * How good a recommender is (issue 15): its proposals compared with a reference layer (gold or
 * an annotator), per label, with exact and with overlapping boundaries. Pure: the service
 * gathers the spans (backend/recommend/), this counts.
 *
 * Matching: a predicted span is a true positive when it finds a reference span of the same
 * label that no other predicted span has taken: exact, the same offsets; overlap, at least one
 * code point in common. Each reference span is matched at most once, so ten proposals over one
 * gold span count one hit and nine false positives. For overlap, the pairs that share the most
 * code points are matched first (then the earlier ones), which is what an analyst would pair by
 * eye.
 */
import type { QualityRow, Scores } from '../api/recommend';

/** What is compared: a label and code-point offsets (a Span, a Proposal and a Suggestion fit). */
export interface LabelledRange {
  label: string;
  startOffset: number;
  endOffset: number;
}

/** Precision, recall and F1 from counts; 0 where nothing was proposed or nothing was to find. */
export function scoresOf(truePositives: number, falsePositives: number, falseNegatives: number): Scores {
  const precision = truePositives + falsePositives === 0 ? 0 : truePositives / (truePositives + falsePositives);
  const recall = truePositives + falseNegatives === 0 ? 0 : truePositives / (truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePositives, falsePositives, falseNegatives };
}

/** Matches found between predicted and reference spans of one label (each used at most once). */
function countMatches(predicted: readonly LabelledRange[], reference: readonly LabelledRange[], mode: 'exact' | 'overlap'): number {
  if (mode === 'exact') {
    const left = new Map<string, number>();
    for (const r of reference) {
      const key = `${r.startOffset}-${r.endOffset}`;
      left.set(key, (left.get(key) ?? 0) + 1);
    }
    let hits = 0;
    for (const p of predicted) {
      const key = `${p.startOffset}-${p.endOffset}`;
      const n = left.get(key) ?? 0;
      if (n > 0) {
        hits++;
        left.set(key, n - 1);
      }
    }
    return hits;
  }
  // Every overlapping pair, most shared code points first. Reference spans sorted by start:
  // the scan for a prediction stops at the first that starts after it ends.
  const pairs: Array<{ p: number; r: number; shared: number }> = [];
  const rs = reference.map((s, i) => ({ s, i })).sort((a, b) => a.s.startOffset - b.s.startOffset);
  predicted.forEach((p, pi) => {
    for (const { s: r, i: ri } of rs) {
      if (r.startOffset >= p.endOffset && !(r.startOffset === p.startOffset)) break;
      const shared = Math.min(p.endOffset, r.endOffset) - Math.max(p.startOffset, r.startOffset);
      // Two empty spans at the same place overlap too (shared 0).
      if (shared > 0 || (r.startOffset === p.startOffset && r.endOffset === p.endOffset)) pairs.push({ p: pi, r: ri, shared });
    }
  });
  pairs.sort((a, b) => b.shared - a.shared || a.r - b.r || a.p - b.p);
  const usedP = new Set<number>();
  const usedR = new Set<number>();
  for (const pair of pairs) {
    if (usedP.has(pair.p) || usedR.has(pair.r)) continue;
    usedP.add(pair.p);
    usedR.add(pair.r);
  }
  return usedR.size;
}

function groupByLabel(spans: readonly LabelledRange[]): Map<string, LabelledRange[]> {
  const out = new Map<string, LabelledRange[]>();
  for (const s of spans) {
    const list = out.get(s.label);
    if (list) list.push(s);
    else out.set(s.label, [s]);
  }
  return out;
}

/**
 * Per-label precision, recall and F1 of `predicted` against `reference`, exact and overlapping,
 * then a "*" row: every label together (micro-averaged: the counts are summed, then divided).
 * `labels`: the labels to report, in that order (spans of other labels are left out of every
 * row); by default every label either side has, sorted. Spans of several documents may be
 * scored at once only if their offsets cannot meet: score each document and add the rows with
 * `addRows` instead.
 */
export function scoreSpans(predicted: readonly LabelledRange[], reference: readonly LabelledRange[], labels?: readonly string[]): QualityRow[] {
  const byPred = groupByLabel(predicted);
  const byRef = groupByLabel(reference);
  const wanted = labels ?? [...new Set([...byPred.keys(), ...byRef.keys()])].sort();
  const rows: QualityRow[] = [];
  for (const label of wanted) {
    const p = byPred.get(label) ?? [];
    const r = byRef.get(label) ?? [];
    const exact = countMatches(p, r, 'exact');
    const overlap = countMatches(p, r, 'overlap');
    rows.push({
      label,
      exact: scoresOf(exact, p.length - exact, r.length - exact),
      overlap: scoresOf(overlap, p.length - overlap, r.length - overlap),
      support: r.length,
    });
  }
  return [...rows, microRow(rows)];
}

function microRow(rows: readonly QualityRow[]): QualityRow {
  const sum = (pick: (r: QualityRow) => Scores) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of rows) {
      const s = pick(r);
      tp += s.truePositives;
      fp += s.falsePositives;
      fn += s.falseNegatives;
    }
    return scoresOf(tp, fp, fn);
  };
  return { label: '*', exact: sum((r) => r.exact), overlap: sum((r) => r.overlap), support: rows.reduce((n, r) => n + r.support, 0) };
}

/**
 * Rows of several documents (or folds) added up: the counts of each label are summed and the
 * scores computed again, and the "*" row made anew from the summed labels.
 */
export function addRows(perDocument: ReadonlyArray<readonly QualityRow[]>): QualityRow[] {
  const byLabel = new Map<string, { exact: [number, number, number]; overlap: [number, number, number]; support: number }>();
  for (const rows of perDocument) {
    for (const row of rows) {
      if (row.label === '*') continue;
      const acc = byLabel.get(row.label) ?? { exact: [0, 0, 0], overlap: [0, 0, 0], support: 0 };
      acc.exact[0] += row.exact.truePositives;
      acc.exact[1] += row.exact.falsePositives;
      acc.exact[2] += row.exact.falseNegatives;
      acc.overlap[0] += row.overlap.truePositives;
      acc.overlap[1] += row.overlap.falsePositives;
      acc.overlap[2] += row.overlap.falseNegatives;
      acc.support += row.support;
      byLabel.set(row.label, acc);
    }
  }
  const rows: QualityRow[] = [...byLabel].map(([label, a]) => ({
    label,
    exact: scoresOf(...a.exact),
    overlap: scoresOf(...a.overlap),
    support: a.support,
  }));
  return [...rows, microRow(rows)];
}

/** One fold of a cross-validation: the documents held out and those trained on. */
export interface Fold {
  test: string[];
  train: string[];
}

/**
 * k folds over documents for cross-validation: the ids sorted (so the same project always gives
 * the same folds), then dealt out in turn, so each document is held out exactly once and the
 * folds differ in size by one at most. k is brought within [2, number of documents]; with fewer
 * than two documents there is nothing to hold out and no fold is given.
 */
export function crossValidationFolds(docIds: readonly string[], k: number): Fold[] {
  const ids = [...new Set(docIds)].sort();
  if (ids.length < 2) return [];
  const n = Math.max(2, Math.min(Math.floor(k), ids.length));
  const tests: string[][] = Array.from({ length: n }, () => []);
  ids.forEach((id, i) => (tests[i % n] as string[]).push(id));
  return tests.map((test) => ({ test, train: ids.filter((id) => !test.includes(id)) }));
}
