/** Messages between the service and the rules worker (worker.ts, rulesWorker.ts). */
import type { Proposal, RecommendContext } from '../../shared/recommend/types';

/** What a rule reads, without the cancel callback (a function does not cross to a worker). */
export type WorkerContext = Omit<RecommendContext, 'cancelled'>;

export type ToRulesWorker = { type: 'run'; request: number; recommenders: string[]; context: WorkerContext };

export type FromRulesWorker =
  | { type: 'ready'; recommenders: string[] }
  | { type: 'done'; request: number; answers: Array<{ recommender: string; proposals?: Proposal[]; error?: string }> };
