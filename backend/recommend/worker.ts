/**
 * The rules worker: a worker thread that runs the rule recommenders (shared/recommend) on a
 * large text, so that the service's own thread stays free to answer saves meanwhile. Loaded
 * through worker.mjs, which registers tsx first. One request at a time, in the order sent.
 */
import { parentPort } from 'node:worker_threads';
import { ruleRecommenders } from '../../shared/recommend';
import type { FromRulesWorker, ToRulesWorker } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('backend/recommend/worker.ts runs as a worker thread');
const recommenders = ruleRecommenders();
const send = (m: FromRulesWorker) => port.postMessage(m);

port.on('message', (m: ToRulesWorker) => {
  void (async () => {
    const answers: Extract<FromRulesWorker, { type: 'done' }>['answers'] = [];
    for (const id of m.recommenders) {
      const r = recommenders.find((x) => x.id === id);
      if (!r) {
        answers.push({ recommender: id, error: `no rule "${id}" in the worker` });
        continue;
      }
      try {
        answers.push({ recommender: id, proposals: await r.recommend(m.context) });
      } catch (e) {
        answers.push({ recommender: id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    send({ type: 'done', request: m.request, answers });
  })();
});
send({ type: 'ready', recommenders: recommenders.map((r) => r.id) });
