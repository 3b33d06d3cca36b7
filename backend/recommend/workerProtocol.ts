/** Messages between the service and the rules worker (worker.ts, rulesWorker.ts). */
import type { LearnedModel } from '../../shared/recommend/learned';
import type { Proposal, RecommendContext } from '../../shared/recommend/types';

/** What a rule reads, without the cancel callback (a function does not cross to a worker). */
export type WorkerContext = Omit<RecommendContext, 'cancelled'>;

/**
 * `learned`: the learned model to apply for the recommender "learned", by version; the model
 * itself is sent only when the worker does not have that version yet (it is large).
 */
export type ToRulesWorker = { type: 'run'; request: number; recommenders: string[]; context: WorkerContext; learned?: { version: number; model?: LearnedModel } };

export type FromRulesWorker =
  | { type: 'ready'; recommenders: string[] }
  | { type: 'done'; request: number; answers: Array<{ recommender: string; proposals?: Proposal[]; error?: string }> };
