/**
 * The agreement worker: a worker thread that computes the project report from the documents
 * the service sends it, so the server's own thread stays free for requests while it runs.
 * Loaded through worker.mjs, which registers tsx first.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { SafeAccumulator } from './accumulate';
import { BatchReader } from '../../shared/agreement/report/packedBatch';
import type { FromWorker, ToWorker, WorkerStart } from './protocol';

const port = parentPort;
if (!port) throw new Error('backend/agreement/worker.ts runs as a worker thread');
const { schema, documentRows } = workerData as WorkerStart;
const acc = new SafeAccumulator(schema, documentRows);
let busy = 0;
let parse = 0;

const send = (message: FromWorker) => port.postMessage(message);

/** CPU time of this thread in ms (Linux: /proc/thread-self/stat, utime + stime in ticks of 10 ms); null elsewhere. */
function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
const cpuAtStart = threadCpuMs();

port.on('message', (message: ToWorker) => {
  let t0 = performance.now();
  try {
    if (message.type === 'documents') {
      const reader = new BatchReader(message.batch);
      const t1 = performance.now();
      parse += t1 - t0;
      t0 = t1;
      for (let d = 0; d < reader.size; d++) acc.addFrom(reader, d);
      send({ type: 'counted' });
    }
    else if (message.type === 'skip') for (const d of message.documents) acc.skip(d);
    else {
      const report = acc.result(message.context, { elapsedMs: 0, where: 'worker thread' });
      busy += performance.now() - t0;
      const cpu = threadCpuMs();
      send({ type: 'result', report, busyMs: busy, parseMs: parse, cpuMs: cpu === null || cpuAtStart === null ? null : cpu - cpuAtStart });
      port.close();
      return;
    }
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    port.close();
    return;
  }
  busy += performance.now() - t0;
});
send({ type: 'ready' });
