/**
 * The rule recommenders the service registers (shared/recommend: casualty figures, actors,
 * claims and denials). One place, so the service, the CLI and the benchmark run the same set.
 */
import { actorsRecommender } from '../../shared/recommend/actors';
import { casualtyRecommender } from '../../shared/recommend/casualty';
import { claimsRecommender } from '../../shared/recommend/claims';
import type { Recommender } from '../../shared/recommend/types';

export function ruleRecommenders(): Recommender[] {
  return [casualtyRecommender(), actorsRecommender(), claimsRecommender()];
}
