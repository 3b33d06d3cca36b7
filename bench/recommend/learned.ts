/**
 * The learned recommender's figures on the sample project (issue 15), printed for
 * bench/recommend.ts (the room's): cross-validation over documents (each document predicted by
 * a model trained on the others) against one annotator's layer, precision / recall / F1 per
 * label with exact and overlapping boundaries, and the training time (wall and CPU of this
 * process: the machine may be shared, so CPU time is the figure to compare).
 *
 *   node --import tsx bench/recommend/learned.ts [project] [annotator]     (default: annotations/ layla)
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { predict, trainOn, type SpanPlace, type TrainingDocument } from '../../shared/recommend/learned';
import { generateArticle } from '../../tests/support/corpus';

interface Counts { tp: number; fp: number; fn: number }

/** Each reference span matched at most once: exact (same offsets) or overlapping, same label. */
function match(predicted: readonly SpanPlace[], reference: readonly SpanPlace[], overlap: boolean): Counts {
  const used = new Set<number>();
  let tp = 0;
  for (const p of predicted) {
    const k = reference.findIndex((r, i) => !used.has(i) && r.label === p.label &&
      (overlap ? r.startOffset < p.endOffset && p.startOffset < r.endOffset : r.startOffset === p.startOffset && r.endOffset === p.endOffset));
    if (k >= 0) {
      used.add(k);
      tp++;
    }
  }
  return { tp, fp: predicted.length - tp, fn: reference.length - tp };
}

const f1 = ({ tp, fp, fn }: Counts) => {
  const p = tp + fp ? tp / (tp + fp) : 0, r = tp + fn ? tp / (tp + fn) : 0;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
};

export async function readProject(root: string, annotator: string): Promise<{ docs: TrainingDocument[]; labels: string[] }> {
  const manifest = JSON.parse(await readFile(path.join(root, 'standoff.json'), 'utf8')) as { labels: Array<{ id: string }> };
  const docs: TrainingDocument[] = [];
  for (const id of (await readdir(path.join(root, 'documents'))).sort()) {
    const text = await readFile(path.join(root, 'documents', id, 'text.txt'), 'utf8');
    let layer: { spans: SpanPlace[] };
    try {
      layer = JSON.parse(await readFile(path.join(root, 'documents', id, 'annotations', `${annotator}.json`), 'utf8')) as { spans: SpanPlace[] };
    } catch {
      continue;
    }
    docs.push({ id, text, spans: layer.spans.map(({ label, startOffset, endOffset }) => ({ label, startOffset, endOffset })) });
  }
  return { docs, labels: manifest.labels.map((l) => l.id) };
}

export async function printLearnedFigures(root: string, annotator = 'layla', epochs = 20): Promise<void> {
  const { docs, labels } = await readProject(root, annotator);
  const exact = new Map<string, Counts>(), overlap = new Map<string, Counts>();
  const add = (m: Map<string, Counts>, label: string, c: Counts) => {
    const into = m.get(label) ?? { tp: 0, fp: 0, fn: 0 };
    m.set(label, { tp: into.tp + c.tp, fp: into.fp + c.fp, fn: into.fn + c.fn });
  };
  let trainWall = 0, trainCpu = 0, predictWall = 0;
  for (const held of docs) {
    const cpu0 = process.cpuUsage(), t0 = performance.now();
    const model = trainOn(docs.filter((d) => d !== held), labels, { epochs });
    trainWall += performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    trainCpu += (cpu.user + cpu.system) / 1000;
    const t1 = performance.now();
    const { proposals } = predict(model, held.text);
    predictWall += performance.now() - t1;
    for (const label of [...labels, '*']) {
      const p = proposals.filter((s) => label === '*' || s.label === label);
      const r = held.spans.filter((s) => label === '*' || s.label === label);
      add(exact, label, match(p, r, false));
      add(overlap, label, match(p, r, true));
    }
  }
  const fmt = (c: Counts) => { const s = f1(c); return `P ${s.p.toFixed(2)} R ${s.r.toFixed(2)} F1 ${s.f.toFixed(2)}`; };
  console.log(`learned (averaged perceptron, ${epochs} epochs), ${docs.length}-fold cross-validation against ${annotator}:`);
  for (const label of [...labels, '*']) {
    const o = overlap.get(label)!, e = exact.get(label)!;
    console.log(`  ${label.padEnd(16)} support ${String(o.tp + o.fn).padStart(3)}   overlap ${fmt(o)}   exact ${fmt(e)}`);
  }
  console.log(`  training: ${(trainWall / docs.length).toFixed(0)} ms wall, ${(trainCpu / docs.length).toFixed(0)} ms CPU per fold (on ${docs.length - 1} documents); prediction ${(predictWall / docs.length).toFixed(1)} ms per document (model made ready included)`);

  // Suggestion time of the model trained on every document: a ~5 KB article and the 1 MB benchmark article (bench/editor.ts's).
  const model = trainOn(docs, labels, { epochs });
  predict(model, 'warm up');
  const timed = (text: string) => {
    const cpu0 = process.cpuUsage(), t0 = performance.now();
    const { proposals } = predict(model, text);
    const cpu = process.cpuUsage(cpu0);
    return { wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000, n: proposals.length };
  };
  const small = docs.reduce((a, b) => (Math.abs(b.text.length - 5000) < Math.abs(a.text.length - 5000) ? b : a));
  const big = generateArticle(20_240_601, 170_000);
  for (const [name, text, target] of [[`${(small.text.length / 1000).toFixed(1)} KB article`, small.text, 200], [`${(big.length / 1e6).toFixed(2)} MB article`, big, 2000]] as const) {
    const runs = [timed(text), timed(text), timed(text)].sort((a, b) => a.wall - b.wall);
    const m = runs[1]!;
    console.log(`  suggestions, ${name}: ${m.wall.toFixed(0)} ms wall, ${m.cpu.toFixed(0)} ms CPU (median of 3; target < ${target} ms: ${m.wall < target ? 'met' : 'MISSED'}), ${m.n} proposals`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  await printLearnedFigures(process.argv[2] ?? path.join(here, '../../annotations'), process.argv[3] ?? 'layla');
}
