/**
 * `npm run bench:editor -- --profile`: where the renderer's time goes when opening the big
 * document and when tagging (Chromium trace and CPU profile, mapped to the original sources).
 * With BENCH_TRACE_DIR set, the tags' trace is also written there, for Chromium's DevTools.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CodePointIndex } from '../shared/text/codePoints';
import { linesOf } from '../tests/support/corpus';
import { BrokenRun, openDocument, planTags, selectRange, settle, tagOnce, type PlannedTag } from './editorPage';
import { loadSourceMaps, summarizeCpuProfile, summarizeTrace, type FunctionTime } from './profile';
import { mb, ms } from './stats';

/** Profiles opening the big document and 17 tags; prints where the time went through `ctx.out`. */
export async function profile(
  browser: Browser,
  page: Page,
  ctx: {
    /** The built renderer, for its source maps. */
    rendererDir: string;
    /** Span elements that count the big document as shown. */
    drawnAtOpen: number;
    bigId: string;
    smallId: string;
    text: string;
    index: CodePointIndex;
    taken: Set<string>;
    out: (s: string) => void;
  },
): Promise<void> {
  const { out } = ctx;
  const maps = await loadSourceMaps(ctx.rendererDir);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'];

  const report = async (title: string, action: () => Promise<void>) => {
    await browser.startTracing(page, { categories });
    await cdp.send('Profiler.start');
    await action();
    const { profile } = await cdp.send('Profiler.stop');
    const trace = summarizeTrace(await browser.stopTracing());
    const fns = summarizeCpuProfile({ nodes: profile.nodes, samples: profile.samples ?? [], timeDeltas: profile.timeDeltas ?? [] }, maps);
    const jsTotal = fns.filter((f) => !/^\((idle|program|garbage collector|root)\)$/.test(f.where)).reduce((a, f) => a + f.self, 0);
    out('');
    out(`profile: ${title}`);
    out(`  main thread busy ${ms(trace.total)} ms; self time by trace event:`);
    for (const r of trace.rows.slice(0, 12)) out(`    ${ms(r.self).padStart(7)} ms  ${r.name} (${r.count}×)`);
    const byFile = new Map<string, number>();
    for (const f of fns) {
      if (f.where === '(idle)') continue;
      const file = f.where.includes(':') ? f.where.replace(/:\d+ .*$/, '').replace(/^.*node_modules\//, '') : f.where;
      byFile.set(file, (byFile.get(file) ?? 0) + f.self);
    }
    out(`  JavaScript self time ${ms(jsTotal)} ms, by file:`);
    for (const [file, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 10)) out(`    ${ms(t).padStart(7)} ms  ${file}`);
    out('  by function (original source line):');
    printFunctions(fns, 18, out);
  };

  await openDocument(page, ctx.smallId, 0);
  await settle(page, 300);
  let open: { openToPaint: number } | undefined;
  await report('opening the 1 MB document with 20,000 spans', async () => {
    open = await openDocument(page, ctx.bigId, ctx.drawnAtOpen);
    await settle(page, 200);
  });
  out(`  (openToPaint of this profiled open: ${ms(open!.openToPaint)} ms)`);
  // The part of opening that is the service's answer: one openDocument call, fetched and parsed in the page.
  const answer = await page.evaluate(async (docId) => {
    const t0 = performance.now();
    const res = await fetch('/api/openDocument', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-standoff-token': sessionStorage.getItem('standoff-token') ?? '' },
      body: JSON.stringify({ docId }),
    });
    const body = await res.text();
    const t1 = performance.now();
    const parsed = JSON.parse(body) as { result: { layers: Array<{ annotator: string; spans: unknown[] }> } };
    const t2 = performance.now();
    return { bytes: new TextEncoder().encode(body).length, fetchMs: t1 - t0, parseMs: t2 - t1, layers: parsed.result.layers.map((l) => `${l.annotator} ${l.spans.length}`) };
  }, ctx.bigId);
  out(`  openDocument answer: ${mb(answer.bytes)} of JSON (text + layers ${answer.layers.join(', ')}), fetched in ${ms(answer.fetchMs)} ms, parsed in ${ms(answer.parseMs)} ms`);

  const extra = planTags(linesOf(ctx.text), ctx.index, ctx.taken, 20, 7);
  const cps = Array.from(ctx.text);
  const exact = (t: PlannedTag) => cps.slice(t.startOffset, t.endOffset).join('');
  // Three tags to warm up, then 17 traced; only what happens between a key press and its paint
  // is counted (selecting and scrolling lie outside the marks).
  for (const t of extra.slice(0, 3)) await tagOnce(page, t, exact(t));
  const rest = extra.slice(3);
  const first = await page.evaluate(() => window.__standoffPerf.tagLatencies.length);
  await browser.startTracing(page, { categories });
  await cdp.send('Profiler.start');
  for (const t of rest) {
    if ((await selectRange(page, t)) !== exact(t)) throw new BrokenRun('profile: the selection landed elsewhere');
    await settle(page);
    await page.evaluate(() => performance.mark('bench-tag'));
    const n = await page.evaluate(() => window.__standoffPerf.tagLatencies.length);
    await page.keyboard.press(t.key);
    await page.waitForFunction((k) => window.__standoffPerf.tagLatencies.length > k, n, { polling: 10, timeout: 15_000 });
    await page.evaluate(() => performance.mark('bench-tag-end'));
  }
  const { profile } = await cdp.send('Profiler.stop');
  const traceBuffer = await browser.stopTracing();
  // BENCH_TRACE_DIR=<folder> keeps the tags' trace, to open in Chromium's DevTools (Performance).
  if (process.env.BENCH_TRACE_DIR) await writeFile(path.join(process.env.BENCH_TRACE_DIR, 'editor-tags.trace.json'), traceBuffer);
  const traceEvents = (JSON.parse(traceBuffer.toString('utf8')) as { traceEvents: CpuTraceEvent[] }).traceEvents;
  const lat = await page.evaluate((f) => window.__standoffPerf.tagLatencies.slice(f), first);
  const marks = traceEvents.filter((e) => e.name === 'bench-tag' || e.name === 'bench-tag-end').sort((a, b) => a.ts - b.ts);
  const spans: Array<[number, number]> = [];
  for (let i = 0; i + 1 < marks.length; i++) if (marks[i]!.name === 'bench-tag' && marks[i + 1]!.name === 'bench-tag-end') spans.push([marks[i]!.ts, marks[i + 1]!.ts]);
  const inWindow = (ts: number) => spans.some(([a, b]) => ts >= a && ts <= b);
  const trace = summarizeTrace(Buffer.from(JSON.stringify({ traceEvents: traceEvents.filter((e) => e.ph === 'M' || inWindow(e.ts)) })));
  // CPU samples carry times on the same clock as the trace: keep those inside the windows.
  let t = profile.startTime;
  const keepSamples: number[] = [];
  const keepDeltas: number[] = [0];
  profile.samples!.forEach((id, i) => {
    t += profile.timeDeltas![i] ?? 0;
    if (inWindow(t)) {
      keepSamples.push(id);
      keepDeltas.push(profile.timeDeltas![i + 1] ?? 0);
    }
  });
  const useClip = keepSamples.length > 0;
  const fns = summarizeCpuProfile(
    useClip ? { nodes: profile.nodes, samples: keepSamples, timeDeltas: keepDeltas } : { nodes: profile.nodes, samples: profile.samples!, timeDeltas: profile.timeDeltas! },
    maps,
  );
  out('');
  out(`profile: ${rest.length} tags, key press to paint only (latencies ${lat.map(ms).join(', ')} ms)`);
  out(`  main thread busy ${ms(trace.total)} ms in ${spans.length} windows (${ms(trace.total / Math.max(1, spans.length))} ms per tag); self time by trace event:`);
  for (const r of trace.rows.slice(0, 12)) out(`    ${ms(r.self).padStart(7)} ms  ${r.name} (${r.count}×)`);
  const cpu = cpuPerPhase(traceEvents, spans);
  out(
    `  main thread CPU time per tag (thread time, which other processes on a busy machine do not inflate): ${ms(cpu.total / spans.length)} ms; by phase: ` +
      cpu.phases.map((p) => `${p.name} ${ms(p.cpu / spans.length)}`).join(', '),
  );
  out(`  JavaScript by function${useClip ? '' : ' (whole loop: samples could not be matched to the windows)'}:`);
  printFunctions(fns, 15, out);

  // What one walk over the editor's DOM costs, done the way React's commit walks the focused
  // contenteditable to save the selection as character offsets.
  const walk = await page.evaluate(() => {
    const root = document.querySelector('.ProseMirror')!;
    const times: number[] = [];
    let nodes = 0;
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      let length = 0;
      nodes = 0;
      let node: Node | null = root;
      while (node) {
        nodes++;
        if (node.nodeType === 3) length += (node as Text).nodeValue!.length;
        if (node.firstChild) node = node.firstChild;
        else {
          while (node && node !== root && !node.nextSibling) node = node.parentNode;
          node = node === root || !node ? null : node.nextSibling;
        }
      }
      times.push(performance.now() - t0);
      if (length < 0) times.push(0);
    }
    return { nodes, times };
  });
  // Selection.collapse alone (no DOM change before it), where ProseMirror puts the caret after a tag.
  const collapse = await page.evaluate(() => {
    const ps = document.querySelector('.ProseMirror')!.getElementsByTagName('p');
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const p = ps[Math.floor(((k + 0.5) * ps.length) / 5)]!;
      const text = document.createTreeWalker(p, NodeFilter.SHOW_TEXT).nextNode()!;
      const t0 = performance.now();
      window.getSelection()!.collapse(text, 1);
      times.push(performance.now() - t0);
    }
    return times;
  });
  out(`  Selection.collapse in the editor with no DOM change before it: ${collapse.map(ms).join(', ')} ms`);
  out(`  one walk over the editor DOM (${walk.nodes.toLocaleString('en-US')} nodes), as React's selection save does per commit: ${walk.times.map(ms).join(', ')} ms`);
}

interface CpuTraceEvent {
  name: string;
  ts: number;
  ph: string;
  dur?: number;
  tdur?: number;
  pid?: number;
  tid?: number;
  args?: { name?: string; data?: { type?: string } };
}

/**
 * Main-thread CPU time (trace thread time, `tdur`) inside the windows, by what each task did:
 * the key's handler (with the layout the new caret forces), the frame (animation frame
 * callbacks, style, layout, paint, commit), other events, microtasks and script calls (the
 * save's answer, the panels' React render after the paint, the benchmark's polling), and
 * "other" (task time outside any named event). Thread time is what the renderer itself spent,
 * whatever else the machine runs, so it compares runs made under different loads.
 */
function cpuPerPhase(events: CpuTraceEvent[], windows: Array<[number, number]>): { total: number; phases: Array<{ name: string; cpu: number }> } {
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const inWindow = (ts: number) => windows.some(([a, b]) => ts >= a && ts <= b);
  const phaseOf = (e: CpuTraceEvent): string => {
    if (e.name === 'EventDispatch') return e.args?.data?.type === 'keydown' ? 'key handler' : `event ${e.args?.data?.type ?? '?'}`;
    if (/^(FireAnimationFrame|UpdateLayoutTree|Layout|PrePaint|Paint|Layerize|Commit|UpdateLayer|HitTest|ScrollLayer|IntersectionObserverController::computeIntersections|Animation Frame Fired)$/.test(e.name)) return 'frame';
    if (/^V8\.GC|^MinorGC|^MajorGC|GC_/.test(e.name)) return 'garbage collection';
    return e.name;
  };
  // Each top-level task's thread time goes to the phase of its first-level event that names
  // what it did (a layout forced inside the key's handler is the handler's).
  const phases = new Map<string, number>();
  let total = 0;
  const list = events.filter((e) => e.ph === 'X' && e.tdur !== undefined && main.has(`${e.pid}:${e.tid}`) && inWindow(e.ts)).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  let taskEnd = -1;
  let childEnd = -1;
  let taskCpu = 0;
  let childCpu = 0;
  const closeTask = () => {
    if (taskCpu > childCpu) phases.set('other', (phases.get('other') ?? 0) + taskCpu - childCpu);
    taskCpu = childCpu = 0;
  };
  for (const e of list) {
    if (e.ts >= taskEnd) {
      closeTask();
      taskEnd = e.ts + (e.dur ?? 0);
      taskCpu = e.tdur! / 1000;
      total += taskCpu;
      if (!/RunTask$/.test(e.name)) {
        phases.set(phaseOf(e), (phases.get(phaseOf(e)) ?? 0) + taskCpu);
        childCpu = taskCpu;
      }
      continue;
    }
    if (e.ts < childEnd) continue; // nested deeper: its time is in its parent's
    childEnd = e.ts + (e.dur ?? 0);
    const cpu = e.tdur! / 1000;
    childCpu += cpu;
    phases.set(phaseOf(e), (phases.get(phaseOf(e)) ?? 0) + cpu);
  }
  closeTask();
  return { total, phases: [...phases].map(([name, cpu]) => ({ name, cpu })).sort((a, b) => b.cpu - a.cpu).slice(0, 9) };
}

/** The functions with the most self time; for the biggest few, who called them. */
function printFunctions(fns: FunctionTime[], count: number, out: (s: string) => void): void {
  fns
    .filter((f) => f.where !== '(idle)')
    .slice(0, count)
    .forEach((f, i) => {
      out(`    ${ms(f.self).padStart(7)} ms  ${f.where}`);
      if (i < 8 && !f.where.startsWith('(')) {
        for (const c of f.callers.slice(0, 2)) out(`               ${ms(c.self).padStart(6)} ms from ${c.where}`);
      }
    });
}

