/**
 * `npm run bench` (agreement): the target is agreement for a project of 10,000
 * documents × 3 annotators × 40 spans in under 3 s. Prints the time of pairwise span F1 with
 * α_U, and of the whole report (F1 under the four predicates, label confusion, α_U, α and κ
 * on matched positions), on a synthetic corpus shaped like real annotations.
 */
import { DocumentMatcher } from '../shared/agreement/documentMatcher';
import { agreementReport } from '../shared/agreement/report';
import { SpanF1Accumulator } from '../shared/agreement/spanF1';
import { compareSpanLike } from '../shared/agreement/input';
import type { AgreementDocument, SpanLike } from '../shared/agreement/types';
import { UnitizingAlphaAccumulator } from '../shared/agreement/unitizingAlpha';
import { seededRandom as rng } from '../tests/support/random';

const LABELS = ['claim', 'denial', 'casualty-figure', 'actor'];

/**
 * A corpus like real data: per document ~40 "true" spans (claims and denials the length of a
 * clause, actors and casualty figures short and often nested in them, same-label spans of one
 * annotator not overlapping), which each annotator reproduces with some boundary jitter, a few
 * label changes, misses and extras. Layers are in document order, as annotation files store them.
 */
function syntheticCorpus(documents: number, annotators: number, spansPerAnnotator: number, seed = 1): AgreementDocument[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: AgreementDocument[] = [];
  for (let d = 0; d < documents; d++) {
    const truth: { start: number; end: number; label: string }[] = [];
    const lastEnd = new Map<string, number>();
    let pos = 0;
    for (let k = 0; k < spansPerAnnotator; k++) {
      const label = pick(LABELS);
      const long = label === 'claim' || label === 'denial';
      pos += 5 + Math.floor(random() * (long ? 120 : 40));
      const start = Math.max(pos, (lastEnd.get(label) ?? -10) + 10);
      const end = start + (long ? 40 + Math.floor(random() * 120) : 3 + Math.floor(random() * 25));
      lastEnd.set(label, end);
      truth.push({ start, end, label });
    }
    const length = Math.max(...truth.map((t) => t.end)) + 100;
    const layers = Array.from({ length: annotators }, (_, a) => {
      const spans: SpanLike[] = [];
      truth.forEach((t, i) => {
        if (random() < 0.08) return; // missed
        const jitter = () => (random() < 0.75 ? 0 : Math.floor(random() * 9) - 4);
        const startOffset = Math.max(0, t.start + jitter());
        const endOffset = Math.max(startOffset + 1, t.end + jitter());
        spans.push({ id: `d${d}-a${a}-s${i}`, label: random() < 0.92 ? t.label : pick(LABELS), startOffset, endOffset });
      });
      for (let extra = 0; random() < 0.3 && extra < 3; extra++) {
        const startOffset = Math.floor(random() * (length - 30));
        spans.push({ id: `d${d}-a${a}-x${extra}`, label: pick(LABELS), startOffset, endOffset: startOffset + 5 + Math.floor(random() * 20) });
      }
      return { annotator: `annotator-${a}`, spans: spans.sort(compareSpanLike) };
    });
    out.push({ documentId: `doc-${d}`, length, layers });
  }
  return out;
}

const TARGET_MS = 3000;
const f1Corpus = syntheticCorpus(10_000, 3, 40);
{
  const t0 = performance.now();
  const f1 = new SpanF1Accumulator({ boundary: 'overlap', labels: 'labelled' }, { keepDocuments: false });
  const alpha = new UnitizingAlphaAccumulator({ keepDocuments: false });
  for (const doc of f1Corpus) {
    f1.add(new DocumentMatcher(doc));
    alpha.add(doc);
  }
  const f1Result = f1.result();
  const alphaResult = alpha.result();
  const elapsed = performance.now() - t0;
  console.log(
    `agreement, 10,000 docs × 3 annotators × 40 spans: overlap-labelled span F1 + α_U in ${elapsed.toFixed(0)} ms ` +
      `(target < ${TARGET_MS} ms: ${elapsed < TARGET_MS ? 'met' : 'MISSED'}; F1 mean ${f1Result.mean.value?.toFixed(3)}, α_U ${alphaResult.overall.value?.toFixed(3)})`,
  );
}
{
  const corpus = syntheticCorpus(10_000, 3, 40, 2);
  const t0 = performance.now();
  const report = agreementReport(corpus, { keepDocuments: false });
  const elapsed = performance.now() - t0;
  console.log(
    `agreement, same corpus, whole report (F1 × 4 predicates, confusion, α_U, α and κ on positions) in ${elapsed.toFixed(0)} ms ` +
      `(target < ${TARGET_MS} ms: ${elapsed < TARGET_MS ? 'met' : 'MISSED'}; ${report.documents} documents)`,
  );
}

