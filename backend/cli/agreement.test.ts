import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { standoff } from '../../tests/support/cli';
import type { ProjectAgreementReport } from '../../shared/api/contract';
import { StandoffService } from '../service';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = path.join(REPO, 'annotations');


interface RawSpan {
  label: string;
  startOffset: number;
  endOffset: number;
}

/**
 * Exact-labelled span F1 of layla and tom computed straight from the annotation files, without
 * any of Standoff's agreement code: with exact boundaries and the same label, the one-to-one
 * matching pairs equal spans, so TP per document is the size of the multiset intersection of
 * (start, end, label).
 */
async function exactLabelledFromFiles(label?: string): Promise<{ tp: number; a: number; b: number }> {
  const totals = { tp: 0, a: 0, b: 0 };
  for (const doc of (await readdir(path.join(SAMPLE, 'documents'))).sort()) {
    const spans = async (who: string): Promise<RawSpan[]> => {
      const file = JSON.parse(await readFile(path.join(SAMPLE, 'documents', doc, 'annotations', `${who}.json`), 'utf8')) as { spans: RawSpan[] };
      return file.spans.filter((s) => !label || s.label === label);
    };
    const a = await spans('layla');
    const b = await spans('tom');
    const left = new Map<string, number>();
    for (const s of a) left.set(`${s.startOffset}:${s.endOffset}:${s.label}`, (left.get(`${s.startOffset}:${s.endOffset}:${s.label}`) ?? 0) + 1);
    for (const s of b) {
      const key = `${s.startOffset}:${s.endOffset}:${s.label}`;
      const n = left.get(key) ?? 0;
      if (n > 0) {
        left.set(key, n - 1);
        totals.tp++;
      }
    }
    totals.a += a.length;
    totals.b += b.length;
  }
  return totals;
}

let json: ProjectAgreementReport;
let text: string;

beforeAll(async () => {
  const [j, t] = await Promise.all([standoff('agreement', SAMPLE, '--json'), standoff('agreement', SAMPLE)]);
  expect(j.stderr).toBe('');
  expect(j.code).toBe(0);
  expect(t.code).toBe(0);
  json = JSON.parse(j.stdout) as ProjectAgreementReport;
  text = t.stdout;
});

describe('standoff agreement --json', () => {
  it('prints exactly the service’s report', async () => {
    const service = await StandoffService.open(SAMPLE);
    const report = await service.agreement({});
    expect({ ...json, computation: null }).toEqual({ ...report, computation: null });
    expect(json.computation.where).toBe('worker thread');
  });

  it('agrees with exact-labelled F1 computed by hand from the files', async () => {
    const hand = await exactLabelledFromFiles();
    expect(hand.a).toBeGreaterThan(100);
    const f1 = json.overall.spanF1['exact-labelled'];
    expect(f1.counts).toEqual({ truePositives: hand.tp, spansA: hand.a, spansB: hand.b });
    expect(f1.value).toBeCloseTo((2 * hand.tp) / (hand.a + hand.b), 12);
    for (const label of ['claim', 'casualty-figure']) {
      const byHand = await exactLabelledFromFiles(label);
      const row = json.byLabel.find((l) => l.label === label)!;
      expect(row.spanF1['exact-labelled'].counts).toEqual({ truePositives: byHand.tp, spansA: byHand.a, spansB: byHand.b });
      expect(row.spans).toEqual([
        { annotator: 'layla', count: byHand.a },
        { annotator: 'tom', count: byHand.b },
      ]);
    }
  });
});

describe('standoff agreement (table)', () => {
  it('prints the same figures, with their counts, as the JSON', async () => {
    const f1 = json.overall.spanF1['exact-labelled'];
    expect(text).toContain(`Agreement — ${json.project}`);
    expect(text).toContain(`span F1, exact boundaries, same label      ${f1.value!.toFixed(3)}  TP ${f1.counts.truePositives}; spans ${f1.counts.spansA} + ${f1.counts.spansB}`);
    const claim = json.byLabel.find((l) => l.label === 'claim')!;
    const c = claim.spanF1['overlap-labelled'];
    expect(text).toMatch(new RegExp(`\\n  Claim +${claim.spans[0]!.count} +${claim.spans[1]!.count} .*${c.value!.toFixed(3)}  ${c.counts.truePositives}/${c.counts.spansA}/${c.counts.spansB}`));
    expect(text).toContain(`α_U (characters)                           ${json.overall.unitizingAlpha.value!.toFixed(3)}`);
    for (const heading of ['OVERALL', 'PER LABEL', 'ATTRIBUTES', 'RELATIONS', 'ANNOTATOR PAIRS', 'LABEL CONFUSION', 'DOCUMENTS, worst first']) expect(text).toContain(heading);
    // The worst document is listed first.
    const worst = json.byDocument[0]!;
    expect(text).toMatch(new RegExp(`\\n  1  ${worst.docId}  `));
  });

  it('filters by annotators, labels and documents, and explains every n/a', async () => {
    const docs = json.byDocument.slice(0, 2).map((d) => d.docId);
    const run = await standoff('agreement', SAMPLE, '--labels', 'claim,denial', '--docs', docs.join(','), '--json');
    expect(run.code).toBe(0);
    const filtered = JSON.parse(run.stdout) as ProjectAgreementReport;
    expect(filtered.filters).toEqual({ annotators: null, labels: ['claim', 'denial'], docIds: docs });
    expect(filtered.byLabel.map((l) => l.label)).toEqual(['claim', 'denial']);
    expect(filtered.documents).toMatchObject({ selected: 2, compared: 2 });

    const alone = await standoff('agreement', SAMPLE, '--annotators', 'layla');
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('span F1, exact boundaries, same label      n/a[1]');
    expect(alone.stdout).toContain('[1] fewer than two annotators');
    expect(alone.stdout).toContain('not compared: 000_121e11c80b4a277e');
    expect(alone.stdout).toContain(': only layla has annotated it');
  });

  it('says clearly what it cannot find, with exit status 2', async () => {
    const run = await standoff('agreement', SAMPLE, '--docs', 'nope');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('standoff: no document "nope" in this project\n');
    const bad = await standoff('agreement', SAMPLE, '--annotators', 'gold');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('standoff: invalid filter: --annotators: "gold" is reserved for the adjudicated layer\n');
  });
});
