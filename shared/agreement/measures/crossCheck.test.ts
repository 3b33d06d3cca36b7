/**
 * Independent cross-checks against Python: NLTK's AnnotationTask.alpha (Krippendorff's α with the
 * binary, i.e. nominal, distance) and scikit-learn's cohen_kappa_score. Skipped, saying why, on a
 * machine without /usr/bin/python3 and those packages (Debian: python3-nltk, python3-sklearn).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { seededRandom as rng } from '../../../tests/support/random';
import { cohenKappa } from './cohenKappa';
import { nominalAlpha, type NominalValue } from './nominalAlpha';
import { spanPositionAgreement, spanPositions } from './spanPositions';
import { NO_ANNOTATION, type AgreementDocument, type SpanLike } from '../types';

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import nltk, sklearn'], { encoding: 'utf8' });
const available = probe.status === 0;
const skipReason = available
  ? ''
  : ` (skipped: ${PYTHON} with nltk and scikit-learn is not available: ${probe.error?.message ?? probe.stderr.trim().split('\n').pop()})`;
if (!available) console.warn(`agreement cross-check${skipReason}`);

const SCRIPT = `
import json, sys, warnings
warnings.filterwarnings("ignore")
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
job = json.load(sys.stdin)
alphas = []
for triples in job["alpha"]:
    alphas.append(AnnotationTask(data=[tuple(t) for t in triples]).alpha())
kappas = [float(cohen_kappa_score(a, b)) for a, b in job["kappa"]]
print(json.dumps({"alpha": alphas, "kappa": kappas}))
`;

interface Job {
  alpha: [string, string, string][][];
  kappa: [string[], string[]][];
}

function python(job: Job): { alpha: number[]; kappa: number[] } {
  const out = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`python failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as { alpha: number[]; kappa: number[] };
}

/** A reliability matrix as NLTK's (coder, item, label) triples. */
function triples(units: readonly (readonly NominalValue[])[]): [string, string, string][] {
  const out: [string, string, string][] = [];
  units.forEach((row, u) => row.forEach((v, c) => v !== null && v !== undefined && out.push([`c${c}`, `u${u}`, v])));
  return out;
}

/** Two raters' labels, item by item, from a contingency table. */
function expand(table: number[][], categories: string[]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  table.forEach((row, i) => row.forEach((n, j) => {
    for (let k = 0; k < n; k++) {
      a.push(categories[i]!);
      b.push(categories[j]!);
    }
  }));
  return [a, b];
}


describe.skipIf(!available)(`cross-check with NLTK and scikit-learn${skipReason}`, () => {
  it('matches NLTK α and scikit-learn κ on the published vectors, random data and span positions', () => {
    const random = rng(99);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

    // α: Krippendorff (2004) p. 230, then random matrices with missing values.
    const p230 = 'B B · B | L L P L | P P P P | P P P P | L L L L | B L P C | C C C C | B B L B | L L L L | · F F F | · · B B | · · P ·'
      .split('|')
      .map((u) => u.trim().split(/\s+/).map((v) => (v === '·' ? null : v)));
    const matrices: NominalValue[][][] = [p230];
    for (let m = 0; m < 20; m++) {
      const coders = 2 + Math.floor(random() * 4);
      const cats = ['a', 'b', 'c', 'd'].slice(0, 2 + Math.floor(random() * 3));
      matrices.push(
        Array.from({ length: 10 + Math.floor(random() * 40) }, () => {
          const truth = pick(cats);
          return Array.from({ length: coders }, () => (random() < 0.25 ? null : random() < 0.7 ? truth : pick(cats)));
        }),
      );
    }

    // κ: Cohen (1960) example 2, then random tables.
    const tables: { table: number[][]; categories: string[] }[] = [
      { table: [[88, 14, 18], [10, 40, 10], [2, 6, 12]], categories: ['1', '2', '3'] },
    ];
    for (let t = 0; t < 20; t++) {
      const k = 2 + Math.floor(random() * 3);
      tables.push({
        table: Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => Math.floor(random() * (i === j ? 30 : 8)))),
        categories: Array.from({ length: k }, (_, i) => `k${i}`),
      });
    }

    // Span positions of a random two-annotator corpus: α both ways, and κ of the pair.
    const labels = ['claim', 'denial', 'actor'];
    let id = 0;
    const docs: AgreementDocument[] = Array.from({ length: 30 }, (_, d) => {
      const truth = Array.from({ length: 8 }, () => {
        const s = Math.floor(random() * 500);
        return { s, e: s + 3 + Math.floor(random() * 40), label: pick(labels) };
      });
      const layer = (): SpanLike[] =>
        truth
          .filter(() => random() < 0.85)
          .map((t) => ({ id: `s${id++}`, label: random() < 0.8 ? t.label : pick(labels), startOffset: t.s + Math.floor(random() * 3), endOffset: t.e }));
      return { documentId: `d${d}`, length: 600, layers: [{ annotator: 'ann', spans: layer() }, { annotator: 'bob', spans: layer() }] };
    });
    const positions = docs.flatMap((d) => spanPositions(d).positions.map((p) => p.spans.map((s) => s?.label ?? null)));
    matrices.push(positions, positions.map((row) => row.map((v) => v ?? NO_ANNOTATION)));
    const agreement = spanPositionAgreement(docs);
    const pairKappa = agreement.kappa[0]!;
    tables.push({ table: pairKappa.table, categories: pairKappa.categories });

    const py = python({ alpha: matrices.map(triples), kappa: tables.map((t) => expand(t.table, t.categories)) });

    matrices.forEach((units, k) => expect(nominalAlpha(units).value, `α of matrix ${k}`).toBeCloseTo(py.alpha[k]!, 10));
    expect(py.alpha[0]!.toFixed(3)).toBe('0.743');
    expect(agreement.noneAsMissing.value).toBeCloseTo(py.alpha[matrices.length - 2]!, 10);
    expect(agreement.noneAsCategory.value).toBeCloseTo(py.alpha[matrices.length - 1]!, 10);

    tables.forEach((t, k) => expect(cohenKappa(t.table, { categories: t.categories }).value, `κ of table ${k}`).toBeCloseTo(py.kappa[k]!, 10));
    expect(py.kappa[0]!.toFixed(3)).toBe('0.492');
    expect(pairKappa.value).toBeCloseTo(py.kappa[tables.length - 1]!, 10);
  });
});
