/**
 * The registry of recommenders (issue 15): the one extension point through which a recommender
 * joins. The rules live in this folder (ruleRecommenders in index.ts); the service adds the
 * learned model, the external service and imported predictions for each project
 * (backend/recommend/). A recommender is asked for its suggestions only when the project has it
 * switched on (recommenders.json).
 */
import type { Recommender } from './types';

export class RecommenderRegistry {
  private readonly byId = new Map<string, Recommender>();

  constructor(recommenders: Iterable<Recommender> = []) {
    for (const r of recommenders) this.add(r);
  }

  /** Adds a recommender; a second one with the same id replaces the first (predictions imported again). */
  add(recommender: Recommender): this {
    this.byId.set(recommender.id, recommender);
    return this;
  }

  remove(id: string): boolean {
    return this.byId.delete(id);
  }

  get(id: string): Recommender | undefined {
    return this.byId.get(id);
  }

  /** In the order added: rules first, then learned, external, predictions. */
  all(): Recommender[] {
    return [...this.byId.values()];
  }
}
