/**
 * The rules worker: a worker thread that runs the rule recommenders (shared/recommend) and the
 * learned model's prediction on a large text, so that the service's own thread stays free to answer saves meanwhile. Loaded
 * through worker.mjs, which registers tsx first. One request at a time, in the order sent.
 */
import { parentPort } from 'node:worker_threads';
import { ruleRecommenders } from '../../shared/recommend';
import { predict, type LearnedModel } from '../../shared/recommend/learned';
import type { Proposal } from '../../shared/recommend/types';
import type { FromRulesWorker, ToRulesWorker } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('backend/recommend/worker.ts runs as a worker thread');
const recommenders = ruleRecommenders();
const send = (m: FromRulesWorker) => port.postMessage(m);
/** The learned model last sent, kept between requests. */
let learned: { version: number; model: LearnedModel } | null = null;
const LEARNED_ID = 'learned';

port.on('message', (m: ToRulesWorker) => {
  void (async () => {
    const answers: Extract<FromRulesWorker, { type: 'done' }>['answers'] = [];
    if (m.learned?.model) learned = { version: m.learned.version, model: m.learned.model };
    for (const id of m.recommenders) {
      if (id === LEARNED_ID) {
        if (!learned || learned.version !== m.learned?.version) {
          answers.push({ recommender: id, error: 'the worker does not have this learned model' });
          continue;
        }
        // As learnedRecommender does on the service's thread (backend/recommend/learned).
        const known = new Set(m.context.schema.labels.map((l) => l.id));
        const proposals: Proposal[] = predict(learned.model, m.context.text).proposals.filter((p) => known.has(p.label));
        answers.push({ recommender: id, proposals });
        continue;
      }
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
send({ type: 'ready', recommenders: [...recommenders.map((r) => r.id), LEARNED_ID] });
