/**
 * Where the renderer's time goes, for `npm run bench -- --profile`: a Chromium trace (style,
 * layout, paint, script, GC on the page's main thread, by self time) and a V8 CPU profile
 * (JavaScript self time by function, mapped back through the build's source map to the
 * original file and line).
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

// ---- Chromium trace: self time per event name on the renderer main thread ----

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Self time (ms) of each trace event name on the renderer main threads, largest first. */
export function summarizeTrace(buffer: Buffer): { total: number; rows: Array<{ name: string; self: number; count: number }> } {
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mainThreads = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!mainThreads.has(key)) continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const self = new Map<string, { self: number; count: number }>();
  let total = 0;
  for (const list of byThread.values()) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const stack: Array<{ e: TraceEvent; end: number; child: number }> = [];
    const close = (upTo: number) => {
      while (stack.length && stack[stack.length - 1]!.end <= upTo) {
        const top = stack.pop()!;
        const row = self.get(top.e.name) ?? { self: 0, count: 0 };
        row.self += (top.e.dur! - top.child) / 1000;
        row.count++;
        self.set(top.e.name, row);
        if (stack.length) stack[stack.length - 1]!.child += top.e.dur!;
        else total += top.e.dur! / 1000;
      }
    };
    for (const e of list) {
      close(e.ts);
      stack.push({ e, end: e.ts + e.dur!, child: 0 });
    }
    close(Infinity);
  }
  const rows = [...self.entries()].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.self - a.self);
  return { total, rows };
}

// ---- Source maps (just enough to map a generated line/column to the original) ----

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface Mapping {
  col: number;
  source: number;
  line: number;
  name: number;
}

class SourceMap {
  private readonly lines: Mapping[][] = [];
  constructor(private readonly map: { sources: string[]; sourcesContent?: (string | null)[]; names: string[]; mappings: string }) {
    let source = 0;
    let origLine = 0;
    let name = 0;
    for (const lineText of map.mappings.split(';')) {
      const segs: Mapping[] = [];
      let col = 0;
      for (const seg of lineText.split(',')) {
        if (!seg) continue;
        const v: number[] = [];
        let shift = 0;
        let value = 0;
        for (const ch of seg) {
          const d = B64.indexOf(ch);
          value += (d & 31) << shift;
          if (d & 32) shift += 5;
          else {
            v.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
          }
        }
        col += v[0]!;
        if (v.length >= 4) {
          source += v[1]!;
          origLine += v[2]!;
          if (v.length >= 5) name += v[4]!;
          segs.push({ col, source, line: origLine, name: v.length >= 5 ? name : -1 });
        }
      }
      this.lines.push(segs);
    }
  }

  /** Original file, line (1-based) and the text of that line, for a 0-based generated position. */
  lookup(line: number, col: number): { file: string; line: number; text: string } | null {
    const segs = this.lines[line];
    if (!segs || !segs.length) return null;
    let best: Mapping | undefined;
    for (const s of segs) {
      if (s.col <= col) best = s;
      else break;
    }
    best ??= segs[0]!;
    const file = this.map.sources[best.source] ?? '?';
    const content = this.map.sourcesContent?.[best.source] ?? '';
    const text = content.split('\n')[best.line]?.trim() ?? '';
    return { file: file.replace(/^(\.\.\/)+/, ''), line: best.line + 1, text };
  }
}

/** The source maps of the built renderer, by script file name. */
export async function loadSourceMaps(rendererDir: string): Promise<Map<string, SourceMap>> {
  const maps = new Map<string, SourceMap>();
  const assets = path.join(rendererDir, 'assets');
  for (const f of await readdir(assets)) {
    if (f.endsWith('.js.map')) maps.set(f.slice(0, -4), new SourceMap(JSON.parse(await readFile(path.join(assets, f), 'utf8'))));
  }
  return maps;
}

// ---- V8 CPU profile: self time per function ----

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  where: string;
  self: number;
  /** Who called it, with the self time spent in it from each caller, largest first. */
  callers: Array<{ where: string; self: number }>;
}

/** Self time (ms) per function, mapped to original sources, largest first. */
export function summarizeCpuProfile(profile: CpuProfile, maps: Map<string, SourceMap>): FunctionTime[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + dt / 1000);
  });
  const whereOf = (id: number | undefined): string => {
    if (id === undefined) return '(top)';
    const frame = byNode.get(id)!.callFrame;
    if (!frame.url) return frame.functionName || '(anonymous)';
    const script = frame.url.replace(/^.*\//, '').replace(/[?#].*$/, '');
    const hit = maps.get(script)?.lookup(frame.lineNumber, frame.columnNumber);
    return hit ? `${hit.file}:${hit.line}  ${hit.text.slice(0, 70)}` : `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber + 1}`;
  };
  const byWhere = new Map<string, { self: number; callers: Map<string, number> }>();
  for (const [id, ms] of selfByNode) {
    const where = whereOf(id);
    const row = byWhere.get(where) ?? { self: 0, callers: new Map<string, number>() };
    row.self += ms;
    const caller = whereOf(parent.get(id));
    row.callers.set(caller, (row.callers.get(caller) ?? 0) + ms);
    byWhere.set(where, row);
  }
  return [...byWhere.entries()]
    .map(([where, r]) => ({
      where,
      self: r.self,
      callers: [...r.callers].map(([w, self]) => ({ where: w, self })).sort((a, b) => b.self - a.self),
    }))
    .sort((a, b) => b.self - a.self);
}
