/**
 * The rule recommenders' section of `npm run bench` (bench/recommend.ts calls
 * `printRulesBench`; also runs alone: `node --import tsx bench/recommend/rules.ts`):
 *  - quality against layla's layer of the sample project (annotations/), per label, overlapping
 *    and exact boundaries, with issue 15's targets. The casualty and claims rules learn nothing
 *    from the project, so they are measured directly on the five documents. The actors rule
 *    uses the entity registry, which was built from these very documents: it is measured by
 *    cross-validation (each document held out in turn, the registry cut down to what the other
 *    documents' actor spans link to and quote: entitiesFromSpans), and, for comparison only,
 *    with the whole registry.
 *  - time to suggest (every rule, one after the other) for a 5 KB article and for the 1 MB
 *    benchmark article (made as bench/editor.ts makes it), CPU time and wall time: the first
 *    call of a process (it loads wink's model, about 0.5 s of CPU) and the calls after it.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { QualityRow } from '../../shared/api/recommend';
import type { Entity } from '../../shared/entities/merge';
import { addRows, entitiesFromSpans, ruleRecommenders, scoreSpans } from '../../shared/recommend';
import type { Recommender } from '../../shared/recommend/types';
import { generateArticle } from '../../tests/support/corpus';
import { readSampleLayers, type SampleLayers } from '../../tests/support/sampleLayers';
import { median, ms, verdict } from '../stats';

/** Issue 15's targets: overlap F1 per label, and time. */
export const F1_TARGETS: Readonly<Record<string, number>> = { 'casualty-figure': 0.9, actor: 0.8, claim: 0.6, denial: 0.6 };
const SMALL_TARGET_MS = 200;
const LARGE_TARGET_MS = 2000;

export interface RuleQuality {
  recommender: string;
  method: string;
  rows: QualityRow[];
}

/** Each rule against one annotator's layer of the sample project. */
export async function measureRuleQuality(sample: SampleLayers = readSampleLayers('layla')): Promise<RuleQuality[]> {
  const out: RuleQuality[] = [];
  const run = async (r: Recommender, entitiesFor: (docId: string) => readonly Entity[]) => {
    const labels = r.labels(sample.schema);
    const perDoc: QualityRow[][] = [];
    for (const d of sample.documents) {
      const proposals = await r.recommend({ docId: d.id, text: d.text, schema: sample.schema, entities: entitiesFor(d.id), spans: [], relations: [] });
      perDoc.push(scoreSpans(proposals, d.spans.filter((s) => labels.includes(s.label)), labels));
    }
    return addRows(perDoc);
  };
  const heldOut = new Map(
    sample.documents.map((d) => [d.id, entitiesFromSpans(sample.documents.filter((o) => o.id !== d.id).flatMap((o) => o.spans), sample.entities)]),
  );
  for (const r of ruleRecommenders()) {
    if (r.id === 'actors') {
      out.push({ recommender: r.id, method: `cross-validation, ${sample.documents.length} folds (registry of the other documents)`, rows: await run(r, (id) => heldOut.get(id) ?? []) });
      out.push({ recommender: r.id, method: 'whole registry (built from these documents: not a fair test)', rows: await run(r, () => sample.entities) });
    } else {
      out.push({ recommender: r.id, method: 'direct', rows: await run(r, (id) => heldOut.get(id) ?? []) });
    }
  }
  return out;
}

export interface LinkAgreement {
  /** What was compared: a relation type or an attribute. */
  what: string;
  /** Reference items whose spans a proposal overlaps (the proposal could have said it). */
  compared: number;
  /** …and the proposal says the same (relation to a span overlapping the reference's target; same attribute value). */
  same: number;
}

const overlapsSpan = (a: { startOffset: number; endOffset: number }, b: { startOffset: number; endOffset: number }) => a.startOffset < b.endOffset && b.startOffset < a.endOffset;

/**
 * How often the rules' relations and attributes agree with layla's where the span itself was
 * found: for each of her claimant / denier / denies relations whose "from" span a proposal of
 * the same label overlaps, whether that proposal's relation of the type leads to a span (or
 * proposal) overlapping her "to" span; for each attribute of her casualty-figure and claim
 * spans, whether the overlapping proposal has the same value.
 */
export async function measureLinks(sample: SampleLayers = readSampleLayers('layla')): Promise<LinkAgreement[]> {
  const tally = new Map<string, LinkAgreement>();
  const count = (what: string, same: boolean) => {
    const t = tally.get(what) ?? { what, compared: 0, same: 0 };
    t.compared++;
    if (same) t.same++;
    tally.set(what, t);
  };
  const [casualty, , claims] = ruleRecommenders();
  for (const d of sample.documents) {
    const entities = entitiesFromSpans(sample.documents.filter((o) => o.id !== d.id).flatMap((o) => o.spans), sample.entities);
    const context = { docId: d.id, text: d.text, schema: sample.schema, entities, spans: [], relations: [] };
    const proposals = [...(await (casualty as Recommender).recommend(context)), ...(await (claims as Recommender).recommend(context))];
    const claimsOut = await (claims as Recommender).recommend(context);
    const byId = new Map(d.spans.map((s) => [s.id, s]));
    for (const rel of d.relations) {
      if (!['claimant', 'denier', 'denies'].includes(rel.type)) continue;
      const from = byId.get(rel.from);
      const to = byId.get(rel.to);
      if (!from || !to) continue;
      const p = claimsOut.find((x) => x.label === from.label && overlapsSpan(x, from));
      if (!p) continue;
      const link = p.relations?.find((r) => r.type === rel.type);
      const target = link?.proposalIndex !== undefined ? claimsOut[link.proposalIndex] : undefined;
      count(`relation ${rel.type}`, target !== undefined && overlapsSpan(target, to));
    }
    for (const span of d.spans) {
      if (span.label !== 'casualty-figure' && span.label !== 'claim') continue;
      const p = proposals.find((x) => x.label === span.label && overlapsSpan(x, span));
      if (!p) continue;
      for (const [attr, value] of Object.entries(span.attributes ?? {})) {
        if (attr === 'vague') continue;
        count(`${span.label} ${attr}`, JSON.stringify(p.attributes?.[attr]) === JSON.stringify(value));
      }
    }
  }
  return [...tally.values()];
}

export interface RuleTiming {
  article: string;
  chars: number;
  firstCpuMs: number;
  firstWallMs: number;
  cpuMs: number;
  wallMs: number;
  proposals: number;
}

/** The 1 MB benchmark article (bench/editor.ts) and its first 5 KB, cut at a sentence's end. */
export function benchmarkArticles(): Array<{ name: string; text: string }> {
  const large = generateArticle(20_240_601, 170_000);
  const cut = large.lastIndexOf('. ', 5000);
  return [
    { name: '5 KB article', text: `${large.slice(0, cut + 1)}\n` },
    { name: '1 MB article', text: large },
  ];
}

/** Every rule on an article, the first call of the process and then `runs` more (medians). */
export async function timeRules(sample: SampleLayers = readSampleLayers('layla'), runs = 3): Promise<RuleTiming[]> {
  const out: RuleTiming[] = [];
  const once = async (text: string) => {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    let proposals = 0;
    // New context and new recommenders each time, as a request gets; the entity array is the
    // project's (the service keeps it between requests).
    for (const r of ruleRecommenders()) proposals += (await r.recommend({ docId: 'bench', text, schema: sample.schema, entities: sample.entities, spans: [], relations: [] })).length;
    const cpu = process.cpuUsage(cpu0);
    return { cpu: (cpu.user + cpu.system) / 1000, wall: performance.now() - wall0, proposals };
  };
  for (const { name, text } of benchmarkArticles()) {
    const first = await once(text);
    const rest: Array<{ cpu: number; wall: number }> = [];
    // A space more each time: the rules keep their last answer for the same text.
    for (let k = 1; k <= runs; k++) rest.push(await once(text + ' '.repeat(k)));
    out.push({
      article: name,
      chars: text.length,
      firstCpuMs: first.cpu,
      firstWallMs: first.wall,
      cpuMs: median(rest.map((x) => x.cpu)),
      wallMs: median(rest.map((x) => x.wall)),
      proposals: first.proposals,
    });
  }
  return out;
}

const f2 = (x: number) => x.toFixed(2);

export async function printRulesBench(out: (line: string) => void = console.log): Promise<void> {
  const load0 = loadavg()[0] ?? 0;
  out('recommenders, rules: quality against layla on the sample project (P / R / F1, overlap; exact F1)');
  for (const q of await measureRuleQuality()) {
    out(`  ${q.recommender} (${q.method})`);
    for (const row of q.rows) {
      const target = F1_TARGETS[row.label];
      const mark = target === undefined || q.method.startsWith('whole') ? '' : `  target ≥ ${f2(target)}: ${verdict(row.overlap.f1 >= target)}`;
      out(`    ${row.label.padEnd(16)} ${f2(row.overlap.precision)} / ${f2(row.overlap.recall)} / ${f2(row.overlap.f1)}  exact ${f2(row.exact.f1)}  (${row.support} spans)${mark}`);
    }
  }
  out('recommenders, rules: links and attributes, where the span was found (same as layla / compared)');
  out(`  ${(await measureLinks()).map((l) => `${l.what} ${l.same}/${l.compared}`).join(', ')}`);
  out('recommenders, rules: time to suggest (casualty, actors, claims together)');
  for (const t of await timeRules()) {
    const target = t.chars < 100_000 ? SMALL_TARGET_MS : LARGE_TARGET_MS;
    out(
      `  ${t.article} (${t.chars.toLocaleString('en-US')} chars, ${t.proposals} proposals): ${ms(t.cpuMs)} ms CPU, ${ms(t.wallMs)} ms wall ` +
        `(target < ${target} ms: ${verdict(t.wallMs < target)}; CPU ${verdict(t.cpuMs < target)}); first call of the process ${ms(t.firstCpuMs)} ms CPU, ${ms(t.firstWallMs)} ms wall`,
    );
  }
  out(`  load average ${f2(load0)} at start, ${f2(loadavg()[0] ?? 0)} at end (wall times grow with the load; CPU time less so)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await printRulesBench();
