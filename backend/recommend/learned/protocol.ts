/** Messages between the service and the learned recommender's training worker (worker.ts). */
import type { Progress, TrainingInput, TrainingOutput } from './job';

export type ToTrainingWorker = TrainingInput;

export type FromTrainingWorker =
  | { type: 'progress'; done: number; total: number; step: Parameters<Progress>[2] }
  | { type: 'result'; output: TrainingOutput }
  | { type: 'error'; message: string };
