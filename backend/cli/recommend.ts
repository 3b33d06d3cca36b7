/**
 * `standoff recommend <project>`: the project's recommenders (docs/RECOMMEND.md). Without
 * options, each one with its switch and its last measured quality; `--evaluate` measures them
 * against a layer (gold or an annotator) and prints precision, recall and F1 per recommender and
 * label, with exact and with overlapping boundaries (the learned model by cross-validation over
 * documents); `--import <file>` loads predictions made elsewhere as a suggestion source.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { inputSchemas, type PredictionImport, type QualityRow, type RecommenderEvaluation, type RecommenderInfo } from '../../shared/api/contract';
import { describeIssues } from '../../shared/format/errors';
import { JobCancelled } from '../jobs/context';
import { StandoffService } from '../service';
import { terminalJob } from './progress';

const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

interface RecommendOptions {
  evaluate?: boolean;
  against?: string;
  folds?: string;
  docs?: string[];
  only?: string[];
  import?: string;
  name?: string;
  json?: boolean;
}

export function addRecommendCommands(program: Command): void {
  program
    .command('recommend')
    .argument('<project>', 'project folder')
    .option('--evaluate', 'measure the recommenders: precision, recall and F1 per label, exact and overlapping boundaries')
    .option('--against <layer>', 'with --evaluate: the layer measured against, gold or an annotator (default gold)')
    .option('--folds <n>', 'with --evaluate: folds of the cross-validation over documents (default 5)')
    .option('--docs <ids>', 'with --evaluate: only these documents, comma-separated', list)
    .option('--only <ids>', 'with --evaluate: only these recommenders, comma-separated', list)
    .option('--import <file>', 'load predictions made elsewhere (Standoff JSONL with scores, spaCy or Prodigy JSONL) as suggestions')
    .option('--name <name>', 'with --import: the name they are kept under (default: the file’s name)')
    .option('--json', 'print JSON (the contract’s shapes: shared/api/recommend.ts)')
    .description('recommenders: list them, measure them (--evaluate), or import predictions (--import)')
    .action(async (projectDir: string, opts: RecommendOptions) => {
      if (opts.evaluate && opts.import) throw new Error('--evaluate and --import are two commands: run them one after the other');
      if (!opts.evaluate) for (const o of ['against', 'folds', 'docs', 'only'] as const) if (opts[o] !== undefined) throw new Error(`--${o} goes with --evaluate`);
      if (opts.name !== undefined && !opts.import) throw new Error('--name goes with --import');
      const service = await StandoffService.open(projectDir, { app: 'the command standoff recommend' });
      try {
        if (opts.import) {
          const result = await service.importPredictions({ path: path.resolve(opts.import), ...(opts.name ? { name: opts.name } : {}) });
          process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatImport(result));
          return;
        }
        if (opts.evaluate) {
          const input = {
            against: opts.against ?? 'gold',
            ...(opts.folds !== undefined ? { folds: Number(opts.folds) } : {}),
            ...(opts.docs ? { docIds: opts.docs } : {}),
            ...(opts.only ? { recommenders: opts.only } : {}),
          };
          const parsed = inputSchemas.evaluateRecommenders.safeParse(input);
          if (!parsed.success) {
            const option: Record<string, string> = { against: '--against', folds: '--folds', docIds: '--docs', recommenders: '--only' };
            throw new Error(`invalid option: ${describeIssues(parsed.error.issues.map((i) => ({ ...i, path: [option[String(i.path[0])] ?? String(i.path[0])] }))).join('; ')}`);
          }
          const ctx = terminalJob(!opts.json);
          let results: RecommenderEvaluation[];
          try {
            results = await service.evaluateRecommenders(parsed.data, ctx);
          } catch (e) {
            if (e instanceof JobCancelled) throw new Error('evaluation cancelled; nothing was written');
            throw e;
          } finally {
            ctx.end();
          }
          const infos = await service.listRecommenders({});
          process.stdout.write(opts.json ? `${JSON.stringify(results, null, 2)}\n` : formatEvaluations(results, infos));
          return;
        }
        const infos = await service.listRecommenders({});
        process.stdout.write(opts.json ? `${JSON.stringify(infos, null, 2)}\n` : formatRecommenders(infos));
      } finally {
        await service.close();
      }
    });
}

const f2 = (x: number) => x.toFixed(2);

/** A table per recommender: label, then P R F1 exact, P R F1 overlapping, and the reference spans. */
export function formatEvaluations(results: readonly RecommenderEvaluation[], infos: readonly RecommenderInfo[] = []): string {
  if (results.length === 0) return 'No recommender was measured.\n';
  const first = results[0]!;
  const lines = [`Measured against ${first.against === 'gold' ? 'the gold layer' : `${first.against}'s layer`} on ${first.documents} document${first.documents === 1 ? '' : 's'}.`, ''];
  for (const e of results) {
    const info = infos.find((i) => i.id === e.recommender);
    const how = e.method === 'cross-validation' ? `cross-validation over ${e.folds} folds of documents` : e.folds ? `run on each document; the entity registry from the other ${e.folds - 1} folds only` : 'run on each document';
    lines.push(`${e.recommender}${info ? ` — ${info.name}` : ''} (${how})`);
    lines.push(...table(e.rows));
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

function table(rows: readonly QualityRow[]): string[] {
  const width = Math.max(8, ...rows.map((r) => labelOf(r).length));
  const head = `  ${'label'.padEnd(width)}   exact: P     R     F1    overlap: P     R     F1    spans`;
  return [
    head,
    ...rows.map((r) => `  ${labelOf(r).padEnd(width)}          ${f2(r.exact.precision)}  ${f2(r.exact.recall)}  ${f2(r.exact.f1)}           ${f2(r.overlap.precision)}  ${f2(r.overlap.recall)}  ${f2(r.overlap.f1)}  ${String(r.support).padStart(5)}`),
  ];
}

const labelOf = (r: QualityRow) => (r.label === '*' ? 'all labels' : r.label);

export function formatRecommenders(infos: readonly RecommenderInfo[]): string {
  const lines: string[] = [];
  for (const r of infos) {
    const quality = r.quality?.rows.find((row) => row.label === '*');
    lines.push(`${r.enabled ? 'on ' : 'off'}  ${r.id} — ${r.name} (${r.kind}; labels: ${r.labels.join(', ') || 'none'})`);
    if (r.url) lines.push(`     asks ${r.url}`);
    if (r.training) lines.push(`     training: ${r.training.state}${r.training.trainedAt ? `, last ${r.training.trainedAt} on ${r.training.documents} documents (${r.training.spans} spans)` : ''}`);
    if (quality && r.quality) lines.push(`     last measured against ${r.quality.against} (${r.quality.evaluated.slice(0, 16).replace('T', ' ')}): F1 ${f2(quality.overlap.f1)} overlapping, ${f2(quality.exact.f1)} exact`);
    if (r.problem) lines.push(`     ${r.problem}`);
  }
  lines.push('', 'Measure them: standoff recommend <project> --evaluate --against <annotator>');
  return `${lines.join('\n')}\n`;
}

function formatImport(r: PredictionImport): string {
  const lines = [`Imported ${r.suggestions} prediction${r.suggestions === 1 ? '' : 's'} on ${r.documents} document${r.documents === 1 ? '' : 's'} as the recommender ${r.recommender}.`];
  for (const p of r.problems) lines.push(`  left out: ${p}`);
  return `${lines.join('\n')}\n`;
}
