/**
 * Recommenders (issue 15), the pure part: what a recommender is (types.ts), the one registry
 * (registry.ts), suggestion ids (key.ts), the rules over the text, and the metrics that say how
 * good each is. The service (backend/recommend/) runs them and keeps what analysts decide.
 *
 * The rules, in the order the panel lists them:
 *  - casualty.ts: casualty figures with their count, outcome, hedge and victims;
 *  - actors.ts: registry names and aliases with their spellings, unnamed speakers, other names;
 *  - claims.ts: claims and denials by their verbs, linked to their claimant or denier.
 *
 * Importing this file loads wink-nlp's English model (about 4 MB, half a second of CPU on first
 * use): the renderer, which needs only ids and types, imports key.ts and types.ts directly.
 */
import { actorsRecommender } from './actors';
import { casualtyRecommender } from './casualty';
import { claimsRecommender } from './claims';
import type { Recommender } from './types';

/** Every rule recommender, new each call (they keep no state of a project). */
export function ruleRecommenders(): Recommender[] {
  return [casualtyRecommender(), actorsRecommender(), claimsRecommender()];
}

export { actorsRecommender, entitiesFromSpans, type ActorOptions } from './actors';
export { casualtyRecommender } from './casualty';
export { claimsRecommender } from './claims';
export { addRows, crossValidationFolds, scoreSpans, scoresOf, type Fold, type LabelledRange } from './evaluate';
export { labelFor, relationFor, type LabelRole } from './labels';
export { suggestionKey } from './key';
export { RecommenderRegistry } from './registry';
export type { Proposal, RecommendContext, Recommender } from './types';
