/**
 * What every recommender is (issue 15): an entry of the registry (registry.ts) that reads a
 * document and proposes spans. Pure of input and output: the service (backend/recommend/) gives
 * it the text, the project's labels and relations, the entity registry and the annotator's
 * current layer, and decides what becomes of its proposals (ids, rejections, acceptance).
 */
import type { RecommenderKind, SuggestedRelation } from '../api/recommend';
import type { Entity } from '../entities/merge';
import type { Attributes, Label, LabelSchema } from '../model/labels';
import type { Relation, Span } from '../model/span';

/** What a recommender reads. Offsets everywhere are code points, as in Span. */
export interface RecommendContext {
  docId: string;
  text: string;
  /** The project's labels and relation types. */
  schema: LabelSchema;
  /** The merged entity registry (every annotator's part), for actors and their aliases. */
  entities: readonly Entity[];
  /** The annotator's layer as it stands: what not to propose again, and what relations may point to. */
  spans: readonly Span[];
  relations: readonly Relation[];
  /** True once the answer is no longer wanted (a newer request replaced this one): stop early. */
  cancelled?: () => boolean;
}

/** One proposal, before the service gives it an id and drops what the layer has or the annotator rejected. */
export interface Proposal {
  label: string;
  startOffset: number;
  endOffset: number;
  score: number;
  attributes?: Attributes;
  /**
   * Relations: the other end is a span of the layer (`spanId`) or another proposal of the same
   * recommender, by its index in the returned array (`proposalIndex`).
   */
  relations?: Array<Omit<SuggestedRelation, 'suggestionId'> & { proposalIndex?: number }>;
  why?: string;
}

export interface Recommender {
  /** Registry id, lowercase: "casualty", "actors", "claims", "learned", "external", "predictions-<name>". */
  id: string;
  name: string;
  /** One sentence an analyst reads in the recommenders panel. */
  description: string;
  kind: RecommenderKind;
  /** Project labels it can propose (it finds its labels by id, name or meaning in the schema; none: it does not apply). */
  labels(schema: LabelSchema): string[];
  /** Whether a new project has it switched on. */
  enabledByDefault: boolean;
  recommend(context: RecommendContext): Promise<Proposal[]> | Proposal[];
}

export type { Label };
