/**
 * `npm run bench` section for the recommenders (issue 15), printed with each target:
 *  1. suggestions through the service (StandoffService.suggest: every enabled recommender — the
 *     rules and the learned model, trained on layla's layers of the sample project — ids,
 *     what the layer holds and what was rejected left out) for a 5 KB article and the 1 MB
 *     benchmark article (bench/recommend/rules.ts benchmarkArticles): the first request of the
 *     process and the next ones; and whether saves are still answered meanwhile: a save of
 *     another document is sent every 25 ms while the 1 MB suggestion runs, and its slowest
 *     answer printed (the service's thread must not be held for long);
 *  2. the evaluate figures on the sample project against layla (standoff recommend --evaluate):
 *     per recommender and label, overlapping boundaries, with issue 15's F1 targets;
 *  3. the rules' own section (bench/recommend/rules.ts) and the learned model's
 *     (bench/recommend/learned.ts).
 * Projects are made under /work/corpora/room/ (STANDOFF_BENCH_DIR to change), never in the
 * repository. Times are wall and CPU milliseconds; the load average is printed beside them.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { StandoffService } from '../backend/service';
import { formatEvaluations } from '../backend/cli/recommend';
import { median, ms, quantile, verdict } from './stats';
import { benchmarkArticles, F1_TARGETS, printRulesBench } from './recommend/rules';
import { printLearnedFigures } from './recommend/learned';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = path.join(REPO, 'annotations');
const BASE = process.env.STANDOFF_BENCH_DIR ?? path.join(tmpdir(), 'standoff-bench-recommend');
const TARGET_MS: Record<string, number> = { '5 KB article': 200, '1 MB article': 2000 };
/** How long a save may wait behind a suggestion before typing feels held up. */
const SAVE_TARGET_MS = 100;

const load = () => (loadavg()[0] ?? 0).toFixed(2);

async function freshProject(name: string, withLayers: boolean): Promise<string> {
  const root = path.join(BASE, name);
  await rm(root, { recursive: true, force: true });
  await mkdir(BASE, { recursive: true });
  await cp(SAMPLE, root, { recursive: true, filter: (src) => withLayers || !path.relative(SAMPLE, src).split(path.sep).includes('annotations') });
  return root;
}

async function suggestionTimes(): Promise<void> {
  // The sample project with layla's layers finished, so the learned model is trained and proposes too.
  const root = await freshProject('suggest', true);
  const service = await StandoffService.open(root);
  try {
    for (const d of await service.listDocuments()) await service.setFinished({ docId: d.id, annotator: 'layla', finished: true });
    const trained = await service.trainRecommender({ id: 'learned' });
    const articles = benchmarkArticles();
    const report = await service.importUploads({ files: articles.map((a, i) => ({ name: `bench-${i}.txt`, base64: Buffer.from(a.text).toString('base64') })) });
    const ids = report.imported.map((d) => d.docId);
    const other = (await service.listDocuments()).find((d) => !ids.includes(d.id))!.id;
    console.log(`recommenders, service: suggest (every enabled recommender: rules, and the learned model ${trained.state} on ${trained.documents} documents) — load ${load()}`);
    for (const [i, a] of articles.entries()) {
      const docId = ids[i]!;
      const once = async (annotator: string) => {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const set = await service.suggest({ docId, annotator });
        const cpu = process.cpuUsage(cpu0);
        return { wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000, n: set.suggestions.length, problems: set.problems };
      };
      // The first request of the process (models loaded, nothing kept), then three more for other annotators.
      const first = await once('bench-a');
      const rest = [await once('bench-b'), await once('bench-c'), await once('bench-d')];
      const target = TARGET_MS[a.name]!;
      const wall = median(rest.map((r) => r.wall));
      console.log(
        `  ${a.name} (${a.text.length.toLocaleString('en-US')} chars): first ${ms(first.wall)} ms wall / ${ms(first.cpu)} ms CPU; then median ${ms(wall)} ms wall / ${ms(median(rest.map((r) => r.cpu)))} ms CPU; ${first.n} suggestions — target < ${target} ms: ${verdict(wall < target)}`,
      );
      for (const p of first.problems) console.log(`    problem: ${p.recommender}: ${p.message}`);
    }
    // Saves of another document while the 1 MB article's suggestions are made.
    const large = ids[1]!;
    const waits: number[] = [];
    let going = true;
    const saver = (async () => {
      let k = 0;
      while (going) {
        const t0 = performance.now();
        const id = `bench${k++}`;
        await service.applyEdits({ docId: other, annotator: 'typist', edits: [{ op: 'add', span: { id, label: 'claim', startOffset: 0, endOffset: 1, quote: { prefix: '', exact: '', suffix: '' } } }] }).catch(() => undefined);
        await service.applyEdits({ docId: other, annotator: 'typist', edits: [{ op: 'remove', id }] }).catch(() => undefined);
        waits.push((performance.now() - t0) / 2);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const t0 = performance.now();
    await service.suggest({ docId: large, annotator: 'bench-e' });
    const took = performance.now() - t0;
    going = false;
    await saver;
    const slowest = Math.max(...waits);
    console.log(
      `  saves while the 1 MB article is suggested on (${ms(took)} ms): ${waits.length} saves, median ${ms(median(waits))} ms, p95 ${ms(quantile(waits, 0.95))} ms, slowest ${ms(slowest)} ms — target slowest < ${SAVE_TARGET_MS} ms: ${verdict(slowest < SAVE_TARGET_MS)}`,
    );
  } finally {
    await service.close();
  }
}

async function evaluateFigures(): Promise<void> {
  const root = await freshProject('evaluate', true);
  const service = await StandoffService.open(root);
  try {
    console.log(`recommenders, service: evaluate against layla on the sample project (standoff recommend --evaluate) — load ${load()}`);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const results = await service.evaluateRecommenders({ against: 'layla' });
    const cpu = process.cpuUsage(cpu0);
    console.log(`  took ${ms(performance.now() - t0)} ms wall / ${ms((cpu.user + cpu.system) / 1000)} ms CPU (5 folds for the learned model)`);
    for (const line of formatEvaluations(results, await service.listRecommenders({})).split('\n')) if (line) console.log(`  ${line}`);
    console.log('  targets (overlap F1, the best recommender of each label):');
    for (const [label, target] of Object.entries(F1_TARGETS)) {
      const best = results
        .map((e) => ({ id: e.recommender, row: e.rows.find((r) => r.label === label) }))
        .filter((x): x is { id: string; row: NonNullable<typeof x.row> } => !!x.row)
        .sort((a, b) => b.row.overlap.f1 - a.row.overlap.f1)[0];
      console.log(`    ${label}: ${best ? `${best.row.overlap.f1.toFixed(2)} (${best.id})` : 'no recommender'} — target ≥ ${target}: ${verdict(!!best && best.row.overlap.f1 >= target)}`);
    }
  } finally {
    await service.close();
  }
}

// One part alone: node --import tsx bench/recommend.ts suggest|evaluate|rules|learned
const only = process.argv[2];
if (!only || only === 'suggest') await suggestionTimes();
if (!only || only === 'evaluate') await evaluateFigures();
if (!only || only === 'rules') await printRulesBench();
if (!only || only === 'learned') await printLearnedFigures(SAMPLE);
