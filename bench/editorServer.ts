/**
 * The editor benchmark's server (bench/editor.ts), in a process of its own as the app's is
 * (`standoff serve`, or Electron's main process): the real service behind the loopback door,
 * timing the big document's openDocument and every applyEdits. In the benchmark's own process
 * the server shared its event loop with Playwright, which drives Chromium from there: each save
 * then waited behind the driver's messages (measured: 33–56 ms per save during tagging at load
 * 6–7, against 14–18 ms for the same save with the browser idle).
 *
 *   node --import tsx bench/editorServer.ts <project root> <big document id> <renderer folder>
 *
 * Spoken to over the IPC channel of child_process.fork: it sends { type: 'ready', url } once
 * listening, then answers each { id, op } with { id, value } (or { id, error }).
 */
import { performance } from 'node:perf_hooks';
import { startLoopbackServer } from '../backend/http/server';
import { collectSooner } from '../backend/heap';
import { StandoffService } from '../backend/service';
import type { StandoffApi } from '../shared/api/contract';
import type { Span } from '../shared/model/span';

/** What the benchmark asks of its server. */
export type ServerAsk = { id: number; op: 'timings' } | { id: number; op: 'alone'; annotator: string; spans: Span[] } | { id: number; op: 'close' };

/** Server times in ms: the big document's openDocument and every applyEdits, in order. */
export interface ServerTimings {
  openMs: number[];
  saveMs: number[];
}

/** What a save costs the service alone, the browser idle: the save, then the index's update that follows it. */
export interface AloneSaves {
  saveMs: number[];
  indexMs: number[];
  /** Process CPU (user + system, every thread) per save and update. */
  cpuMs: number;
}

const [root, bigId, rendererDir] = process.argv.slice(2) as [string, string, string];
collectSooner(); // as the app's server (backend/heap.ts)
const service = await StandoffService.open(root);
const timings: ServerTimings = { openMs: [], saveMs: [] };
const timed = async <T>(times: number[], call: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  try {
    return await call();
  } finally {
    times.push(performance.now() - t);
  }
};
// Every method of the contract goes to the service as it is; these two are timed on the way.
const door = new Proxy(service, {
  get(target, name, receiver) {
    if (name === 'openDocument') {
      return (i: Parameters<StandoffApi['openDocument']>[0]) => (i.docId === bigId ? timed(timings.openMs, () => target.openDocument(i)) : target.openDocument(i));
    }
    if (name === 'applyEdits') return (i: Parameters<StandoffApi['applyEdits']>[0]) => timed(timings.saveMs, () => target.applyEdits(i));
    return Reflect.get(target, name, receiver);
  },
}) as StandoffApi;
const server = await startLoopbackServer({ service: door, staticDir: rendererDir });

/**
 * One-span saves of the big layer straight to the service, each followed by the index's update
 * (which otherwise runs on its own a moment later, in the way of the next request): the part of
 * a save's time that is the server's own, without the browser's load.
 */
async function aloneSaves(annotator: string, spans: readonly Span[]): Promise<AloneSaves> {
  await service.index.settled();
  const saveMs: number[] = [];
  const indexMs: number[] = [];
  const cpu = process.cpuUsage();
  for (const span of spans) {
    const t = performance.now();
    await service.applyEdits({ docId: bigId, annotator, edits: [{ op: 'add', span }] });
    const saved = performance.now();
    await service.index.settled();
    saveMs.push(saved - t);
    indexMs.push(performance.now() - saved);
  }
  const used = process.cpuUsage(cpu);
  return { saveMs, indexMs, cpuMs: (used.user + used.system) / 1000 / spans.length };
}

async function answer(ask: ServerAsk): Promise<unknown> {
  switch (ask.op) {
    case 'timings':
      return timings;
    case 'alone':
      return aloneSaves(ask.annotator, ask.spans);
    case 'close':
      await server.close();
      await service.close();
      return null;
  }
}

process.on('message', (ask: ServerAsk) => {
  answer(ask).then(
    (value) => {
      process.send!({ id: ask.id, value });
      if (ask.op === 'close') process.disconnect();
    },
    (e: unknown) => process.send!({ id: ask.id, error: (e as Error).stack ?? String(e) }),
  );
});
process.send!({ type: 'ready', url: server.url });
