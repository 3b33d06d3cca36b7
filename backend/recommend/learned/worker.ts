/**
 * The learned recommender's training worker: trains in a worker thread so the service's own
 * thread keeps answering saves while it runs. Loaded through worker.mjs, which registers tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runTraining } from './job';
import type { FromTrainingWorker, ToTrainingWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('backend/recommend/learned/worker.ts runs as a worker thread');
const send = (m: FromTrainingWorker) => port.postMessage(m);
let last = 0;
try {
  const output = await runTraining(workerData as ToTrainingWorker, (done, total, step) => {
    // At most every 100 ms, and at the end of each step.
    const now = performance.now();
    if (now - last < 100 && done + 1 < total) return;
    last = now;
    send({ type: 'progress', done, total, step });
  });
  send({ type: 'result', output });
} catch (e) {
  send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
port.close();
