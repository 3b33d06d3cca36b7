/**
 * The recommenders' room in the service (issue 15, shared/api/recommend.ts): which recommenders a
 * project has and which are on (recommenders.json), their suggestions for one annotator's layer,
 * accepting them (one save through the layer store, as applyEdits) and rejecting them
 * (remembered in documents/<docId>/suggestions/<annotator>.json), evaluating them, training
 * the learned one, and importing predictions made elsewhere.
 *
 * The registry (shared/recommend/registry.ts) holds the rules, the learned model, the external
 * service and one entry per imported predictions file. Proposals become suggestions in
 * suggest.ts: ids by suggestionKey, without what the layer holds or the annotator rejected.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { EditResult, SpanEditInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type {
  DecisionResult,
  PredictionImport,
  RecommenderEvaluation,
  RecommenderInfo,
  Suggestion,
  SuggestionSet,
  TrainingStatus,
} from '../../shared/api/recommend';
import type { LabelSchema } from '../../shared/model/labels';
import { layout } from '../../shared/format/layout';
import { quoteOf } from '../../shared/model/quote';
import type { Relation, Span } from '../../shared/model/span';
import { RecommenderRegistry } from '../../shared/recommend/registry';
import type { Proposal, Recommender, RecommendContext } from '../../shared/recommend/types';
import { attributeProblems, relationProblem } from '../../shared/schema/conformance';
import type { LoadedDocument } from '../project/documents';
import type { Project } from '../project/project';
import { unwatched, type JobContext } from '../jobs/context';
import { DecisionStore } from './decisions';
import { evaluate } from './evaluate';
import { learnedRecommender, type LearnedTrainer, type Lesson } from './learned';
import { EXTERNAL_ID, externalRecommender } from './external';
import { emptyRecommendersFile, parseRecommendersFile, serializeRecommendersFile, type ExternalSettings, type Rejection, type RecommendersFile } from './files';
import { importPredictions, predictionNames, predictionsName, predictionsRecommender } from './predictions';
import { RulesWorker, WORKER_FROM_CHARS } from './rulesWorker';
import { JsonFileStore } from './store';
import { compareSuggestions, heldPlaces, mergeSamePlace, placeKey, suggestionsOf } from './suggest';

export const RECOMMENDERS_FILE = layout.recommenders;
/** Suggestion sets kept for accepting by id (one per document and annotator recently asked). */
const KEPT_SETS = 32;

export interface RoomDeps {
  project: Project;
  /** The service's applyEdits: the seat, the save, the index and the other windows told. */
  applyEdits(input: { docId: string; annotator: string; edits: SpanEditInput[]; clientId?: string }): Promise<EditResult>;
  /** Takes (or checks) the annotator's seat before their decisions file is written. */
  ensureSeat(annotator: string): Promise<void>;
  /** The recommenders over the text (shared/recommend: ruleRecommenders()), and any other fixed ones. */
  recommenders?: readonly Recommender[];
  /** Where large texts' rules run (rulesWorker.ts); without it, on the service's thread. */
  rulesWorker?: RulesWorker;
  /** The learned model's trainer (backend/recommend/learned), when there is one. */
  learned?: LearnedTrainer;
}

interface Kept {
  textHash: string;
  byId: Map<string, Suggestion>;
}

export class RecommendRoom {
  readonly registry = new RecommenderRegistry();
  private readonly settings: JsonFileStore<RecommendersFile>;
  private readonly decisions: DecisionStore;
  /** The external service's address as last read from recommenders.json. */
  private external: ExternalSettings | null = null;
  private readonly kept = new Map<string, Kept>();
  /** The newest suggest per document and annotator: an older one still running stops early. */
  private readonly generation = new Map<string, number>();
  private readonly ownRules: ReadonlySet<Recommender>;
  /** The learned model's registry entry: its prediction may run in the worker too. */
  private readonly learnedEntry: Recommender | null;

  constructor(private readonly deps: RoomDeps) {
    const root = deps.project.root;
    this.settings = new JsonFileStore(root, RECOMMENDERS_FILE, {
      what: "the recommenders' settings",
      empty: emptyRecommendersFile,
      parse: parseRecommendersFile,
      serialize: serializeRecommendersFile,
    });
    this.decisions = new DecisionStore(root);
    for (const r of deps.recommenders ?? []) this.registry.add(r);
    // Only these very rules may run in the worker, which makes its own of the same ids.
    this.ownRules = new Set(deps.recommenders ?? []);
    this.learnedEntry = deps.learned ? learnedRecommender(deps.learned) : null;
    if (this.learnedEntry) this.registry.add(this.learnedEntry);
    this.registry.add(externalRecommender(() => this.external));
  }

  async close(): Promise<void> {
    await this.deps.rulesWorker?.close();
    await this.deps.learned?.close();
  }

  /** Where large texts' rules run, if anywhere but the service's thread. */
  get rulesWorker(): RulesWorker | undefined {
    return this.deps.rulesWorker;
  }

  /** Calls back with the learned model's per-document uncertainty after each training, and now for a model read from disk. */
  onTrained(listener: (uncertainty: ReadonlyMap<string, number>) => void): void {
    const trainer = this.deps.learned;
    if (!trainer) return;
    trainer.onStatus((s) => s.state === 'trained' && listener(trainer.uncertainty()));
    if (trainer.status().state === 'trained') listener(trainer.uncertainty());
  }

  /** An annotator accepted, rejected or finished: the learned model learns from it (retrains, debounced). */
  lesson(lesson: Lesson): void {
    this.deps.learned?.lesson(lesson);
  }

  private get schema(): LabelSchema {
    const { labels, relations } = this.deps.project.manifest;
    return { labels, relations };
  }

  /** The settings, or the defaults and why when the file cannot be read (it is then left alone). */
  private async readSettings(): Promise<{ file: RecommendersFile; problem?: string }> {
    try {
      const file = (await this.settings.read()).value;
      this.external = file.external;
      return { file };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.external = null;
      return { file: emptyRecommendersFile(), problem: `${e.message} Until then every recommender keeps its default switch.` };
    }
  }

  /** Every registered recommender, predictions files found on disk included. */
  private async all(): Promise<Recommender[]> {
    for (const name of await predictionNames(this.deps.project.root)) {
      const id = `predictions-${name}`;
      if (!this.registry.get(id)) this.registry.add(predictionsRecommender(this.deps.project.root, name));
    }
    return this.registry.all();
  }

  private static enabled(r: Recommender, file: RecommendersFile): boolean {
    return file.enabled[r.id] ?? r.enabledByDefault;
  }

  private info(r: Recommender, file: RecommendersFile, problem?: string): RecommenderInfo {
    const labels = r.labels(this.schema);
    const info: RecommenderInfo = { id: r.id, name: r.name, description: r.description, kind: r.kind, enabled: RecommendRoom.enabled(r, file), labels, quality: file.quality[r.id] ?? null };
    if (r.kind === 'learned' && this.deps.learned) info.training = this.deps.learned.status();
    if (r.id === EXTERNAL_ID && file.external) info.url = file.external.url;
    const why =
      problem ??
      (labels.length === 0
        ? 'none of this project’s labels is one it proposes'
        : r.id === EXTERNAL_ID && !file.external
          ? 'no address is set for the external service'
          : r.kind === 'learned' && info.training?.state === 'untrained'
            ? 'no model yet: it learns from gold and finished layers (Train)'
            : undefined);
    if (why) info.problem = why;
    return info;
  }

  async list(): Promise<RecommenderInfo[]> {
    const { file, problem } = await this.readSettings();
    return (await this.all()).map((r) => this.info(r, file, problem));
  }

  async configure(input: { id: string; enabled?: boolean; url?: string | null; timeoutMs?: number }): Promise<RecommenderInfo[]> {
    const r = (await this.all()).find((x) => x.id === input.id);
    if (!r) throw new ApiError('not-found', `no recommender "${input.id}" in this project`);
    if ((input.url !== undefined || input.timeoutMs !== undefined) && r.id !== EXTERNAL_ID) {
      throw new ApiError('bad-request', `only the external recommender has an address and a time limit; "${r.name}" has neither`);
    }
    await this.settings.update((current) => {
      const next: RecommendersFile = { ...current, enabled: { ...current.enabled } };
      if (input.enabled !== undefined) next.enabled[r.id] = input.enabled;
      if (input.url === null) next.external = null;
      else if (input.url !== undefined || input.timeoutMs !== undefined) {
        const url = input.url ?? current.external?.url;
        if (!url) throw new ApiError('bad-request', 'give the external service’s URL before its time limit');
        next.external = { url, timeoutMs: input.timeoutMs ?? current.external?.timeoutMs ?? 5000 };
      }
      return next;
    });
    return this.list();
  }

  /** The context a recommender reads for one layer of one document. */
  private async context(doc: LoadedDocument, spans: readonly Span[], relations: readonly Relation[], cancelled?: () => boolean): Promise<RecommendContext> {
    const entities = (await this.deps.project.entities.registry()).all();
    return { docId: doc.meta.id, text: doc.text, schema: this.schema, entities, spans, relations, ...(cancelled ? { cancelled } : {}) };
  }

  async suggest(input: { docId: string; annotator: string; recommenders?: string[] }): Promise<SuggestionSet> {
    const t0 = performance.now();
    const key = `${input.docId}\u0000${input.annotator}`;
    const generation = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, generation);
    const cancelled = () => this.generation.get(key) !== generation;

    const doc = await this.deps.project.documents.open(input.docId);
    const layer = await this.deps.project.layers.layer(doc, input.annotator);
    if (layer.error) throw new ApiError('unreadable-file', `${layer.error.file} could not be read, so nothing can be suggested for it: ${layer.error.problems.join('; ')}`, layer.error);
    const problems: SuggestionSet['problems'] = [];
    const { file, problem } = await this.readSettings();
    if (problem) problems.push({ recommender: '*', message: problem });
    let rejected = new Set<string>();
    try {
      rejected = await this.decisions.rejected(input.docId, input.annotator);
    } catch (e) {
      problems.push({ recommender: '*', message: `${(e as Error).message} Rejected suggestions may be proposed again until it is fixed.` });
    }

    const all = await this.all();
    if (input.recommenders) for (const id of input.recommenders) if (!all.some((r) => r.id === id)) throw new ApiError('not-found', `no recommender "${id}" in this project`);
    // A learned model not trained yet is left out unless named (the panel says why: RecommenderInfo.problem).
    const untrained = (r: Recommender) => r.kind === 'learned' && this.deps.learned?.model() === null;
    const chosen = all.filter((r) => (input.recommenders ? input.recommenders.includes(r.id) : RecommendRoom.enabled(r, file) && !untrained(r)) && r.labels(this.schema).length > 0);
    const context = await this.context(doc, layer.spans, layer.relations, cancelled);
    const held = heldPlaces(layer.spans);
    // A large text's rules (and the learned model) run in the worker thread, in one request (rulesWorker.ts).
    let inWorker: Promise<Map<string, Proposal[] | Error>> | null = null;
    const workerIds = doc.text.length >= WORKER_FROM_CHARS && this.deps.rulesWorker ? await this.deps.rulesWorker.ids() : null;
    const model = this.deps.learned?.model() ?? undefined;
    const viaWorker = new Set(chosen.filter((r) => workerIds?.has(r.id) && (this.ownRules.has(r) || (r === this.learnedEntry && model))).map((r) => r.id));
    if (viaWorker.size) {
      const { cancelled: _omit, ...plain } = context;
      inWorker = this.deps.rulesWorker!.run([...viaWorker], plain, viaWorker.has(this.learnedEntry?.id ?? '') ? model : undefined);
    }
    const answers = await Promise.all(
      chosen.map(async (r) => {
        try {
          let proposals: Proposal[];
          if (viaWorker.has(r.id)) {
            const answer = (await inWorker!).get(r.id);
            if (!answer || answer instanceof Error) throw answer ?? new Error('no answer from the worker');
            proposals = answer;
          } else proposals = await r.recommend(context);
          const made = suggestionsOf(r.id, proposals, doc.index, this.schema, held, rejected);
          if (made.dropped.length) problems.push({ recommender: r.id, message: `${made.dropped.length} proposal(s) left out: ${made.dropped.slice(0, 3).join('; ')}` });
          return made.suggestions;
        } catch (e) {
          problems.push({ recommender: r.id, message: `${r.name}: ${(e as Error).message}` });
          return [];
        }
      }),
    );
    const suggestions = mergeSamePlace(answers.flat()).sort(compareSuggestions);
    this.keep(key, doc.hash, suggestions);
    return { docId: input.docId, annotator: input.annotator, suggestions, problems, tookMs: Math.round(performance.now() - t0) };
  }

  private keep(key: string, textHash: string, suggestions: readonly Suggestion[]): void {
    this.kept.delete(key);
    this.kept.set(key, { textHash, byId: new Map(suggestions.map((s) => [s.id, s])) });
    while (this.kept.size > KEPT_SETS) this.kept.delete(this.kept.keys().next().value!);
  }

  /** The suggestions with these ids, from the last answer for this layer, or asked again when it is gone. */
  private async find(docId: string, annotator: string, ids: readonly string[], doc: LoadedDocument): Promise<Map<string, Suggestion>> {
    const key = `${docId}\u0000${annotator}`;
    let kept = this.kept.get(key);
    if (!kept || kept.textHash !== doc.hash || ids.some((id) => !kept!.byId.has(id))) {
      const recommenders = [...new Set(ids.map((id) => parseSuggestionId(id)?.recommender).filter((r): r is string => !!r && !!this.registry.get(r)))];
      if (recommenders.length) await this.suggest({ docId, annotator, recommenders });
      const fresh = this.kept.get(key);
      // The fresh answer holds only those recommenders: keep what the older one had of the others.
      if (kept && fresh && kept.textHash === fresh.textHash) for (const [id, s] of kept.byId) if (!fresh.byId.has(id)) fresh.byId.set(id, s);
      kept = fresh;
    }
    return new Map(ids.flatMap((id) => (kept?.byId.has(id) ? [[id, kept.byId.get(id)!] as const] : [])));
  }

  async accept(input: { docId: string; annotator: string; suggestionIds: string[]; clientId?: string }): Promise<DecisionResult> {
    const doc = await this.deps.project.documents.open(input.docId);
    const layer = await this.deps.project.layers.layer(doc, input.annotator);
    if (layer.error) throw new ApiError('unreadable-file', `${layer.error.file} could not be read, so nothing is added to it: ${layer.error.problems.join('; ')}`, layer.error);
    const found = await this.find(input.docId, input.annotator, input.suggestionIds, doc);
    const schema = this.schema;
    const skipped: string[] = [];
    const held = heldPlaces(layer.spans);
    const spanById = new Map(layer.spans.map((s) => [s.id, s]));
    const taken = new Set([...layer.spans.map((s) => s.id), ...layer.relations.map((r) => r.id)]);
    const newId = (prefix: string) => {
      for (;;) {
        const id = `${prefix}${randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12)}`;
        if (id.length > 6 && !taken.has(id)) return taken.add(id), id;
      }
    };

    // Spans first: each accepted suggestion becomes a span with a new id.
    const made = new Map<string, Span>();
    const order: string[] = [];
    for (const id of new Set(input.suggestionIds)) {
      const s = found.get(id);
      if (!s) {
        const p = parseSuggestionId(id);
        const there = p && held.has(placeKey(p)) ? doc.index.slice(p.startOffset, p.endOffset) : null;
        skipped.push(there !== null ? `“${there}”: already in the layer` : `${id}: no longer proposed (the text or the recommenders changed); ask for suggestions again`);
        continue;
      }
      const label = schema.labels.find((l) => l.id === s.label);
      if (!label) {
        skipped.push(`“${s.exact}”: the label ${s.label} is no longer in the schema`);
        continue;
      }
      if (doc.index.slice(s.startOffset, s.endOffset) !== s.exact) {
        skipped.push(`“${s.exact}”: the text there changed`);
        continue;
      }
      if (held.has(placeKey(s))) {
        skipped.push(`“${s.exact}”: already in the layer as ${label.name}`);
        continue;
      }
      const span: Span = { id: newId('s'), label: s.label, startOffset: s.startOffset, endOffset: s.endOffset, quote: quoteOf(doc.index, s.startOffset, s.endOffset) };
      // Attributes the label cannot hold are left out, saying so; the span is still made.
      const attributes = Object.fromEntries(
        Object.entries(s.attributes ?? {}).filter(([k, v]) => {
          const p = attributeProblems({ attributes: { [k]: v } }, label);
          if (p.length) skipped.push(`“${s.exact}”: ${p.join('; ')} (left out)`);
          return p.length === 0;
        }),
      );
      if (Object.keys(attributes).length) span.attributes = attributes;
      made.set(id, span);
      held.set(placeKey(s), span.id);
      spanById.set(span.id, span);
      order.push(id);
    }

    // Then relations: to a span of the layer, or to another suggestion accepted now (or before).
    const relations: Relation[] = [];
    const have = new Set(layer.relations.map((r) => `${r.type}:${r.from}>${r.to}`));
    for (const id of order) {
      const s = found.get(id)!;
      for (const r of s.relations ?? []) {
        let other: string | undefined;
        if (r.spanId) other = spanById.has(r.spanId) ? r.spanId : undefined;
        else if (r.suggestionId) {
          const o = parseSuggestionId(r.suggestionId);
          other = made.get(r.suggestionId)?.id ?? (o ? held.get(placeKey(o)) : undefined);
        }
        if (!other) continue; // the other end was not accepted: no relation (Suggestion.relations)
        const self = made.get(id)!.id;
        const [from, to] = r.end === 'from' ? [self, other] : [other, self];
        const k = `${r.type}:${from}>${to}`;
        if (have.has(k)) continue;
        const relation: Relation = { id: newId('r'), type: r.type, from, to };
        const p = relationProblem(relation, spanById.get(from), spanById.get(to), schema);
        if (p) {
          skipped.push(`relation from “${s.exact}”: ${p} (left out)`);
          continue;
        }
        have.add(k);
        relations.push(relation);
      }
    }

    const edits: SpanEditInput[] = [...[...made.values()].map((span) => ({ op: 'add' as const, span })), ...relations.map((relation) => ({ op: 'addRelation' as const, relation }))];
    if (edits.length === 0) return { accepted: 0, rejected: 0, spanIds: [], skipped };
    const saved = await this.deps.applyEdits({ docId: input.docId, annotator: input.annotator, edits, ...(input.clientId ? { clientId: input.clientId } : {}) });
    const kept = this.kept.get(`${input.docId}\u0000${input.annotator}`);
    for (const id of order) kept?.byId.delete(id);
    this.lesson({ kind: 'accept', docId: input.docId, annotator: input.annotator, places: order.map((id) => found.get(id)!) .map(({ label, startOffset, endOffset }) => ({ label, startOffset, endOffset })) });
    return { accepted: order.length, rejected: 0, spanIds: order.map((id) => made.get(id)!.id), spanCount: saved.spanCount, skipped };
  }

  async reject(input: { docId: string; annotator: string; suggestionIds: string[] }): Promise<DecisionResult> {
    const doc = await this.deps.project.documents.open(input.docId);
    const skipped: string[] = [];
    const at = new Date().toISOString();
    const rejections: Rejection[] = [];
    const shown = this.kept.get(`${input.docId}\u0000${input.annotator}`);
    for (const id of new Set(input.suggestionIds)) {
      const p = parseSuggestionId(id);
      if (!p || p.endOffset > doc.index.length) {
        skipped.push(`${id}: not a suggestion of this document`);
        continue;
      }
      const exact = doc.index.slice(p.startOffset, p.endOffset);
      rejections.push({ ...p, exact, at });
      // The same place proposed by other recommenders (shown as one): rejected with it.
      for (const other of shown?.byId.get(id)?.alsoBy ?? []) rejections.push({ ...p, recommender: other, exact, at });
    }
    if (rejections.length === 0) return { accepted: 0, rejected: 0, spanIds: [], skipped };
    await this.deps.ensureSeat(input.annotator);
    await this.decisions.reject(input.docId, input.annotator, rejections);
    const kept = this.kept.get(`${input.docId}\u0000${input.annotator}`);
    for (const r of rejections) kept?.byId.delete(`${r.recommender}:${r.label}:${r.startOffset}-${r.endOffset}`);
    this.lesson({ kind: 'reject', docId: input.docId, annotator: input.annotator, places: rejections.map(({ label, startOffset, endOffset }) => ({ label, startOffset, endOffset })) });
    return { accepted: 0, rejected: new Set(input.suggestionIds).size - skipped.length, spanIds: [], skipped };
  }

  /**
   * Measures the recommenders named (default: every one that applies; the external service only
   * when it has an address) against a layer, and keeps each evaluation in recommenders.json.
   */
  async evaluate(input: { against: string; recommenders?: string[]; folds?: number; docIds?: string[] }, ctx: JobContext = unwatched): Promise<RecommenderEvaluation[]> {
    // The file must be writable before the work is done: never measure for nothing.
    const { file } = await this.settings.read().then((r) => ({ file: r.value }));
    this.external = file.external;
    const all = await this.all();
    for (const id of input.recommenders ?? []) if (!all.some((r) => r.id === id)) throw new ApiError('not-found', `no recommender "${id}" in this project`);
    const chosen = all.filter((r) => (input.recommenders ? input.recommenders.includes(r.id) : r.labels(this.schema).length > 0 && (r.id !== EXTERNAL_ID || file.external !== null)));
    const registry = (await this.deps.project.entities.registry()).all();
    const results = await evaluate(this.deps.project, chosen, registry, { against: input.against, ...(input.docIds ? { docIds: input.docIds } : {}), ...(input.folds ? { folds: input.folds } : {}) }, ctx);
    await this.settings.update((current) => ({ ...current, quality: { ...current.quality, ...Object.fromEntries(results.map((e) => [e.recommender, e])) } }));
    return results;
  }

  async train(input: { id: string }): Promise<TrainingStatus> {
    const r = this.registry.get(input.id);
    if (!r) throw new ApiError('not-found', `no recommender "${input.id}" in this project`);
    if (r.kind !== 'learned' || !this.deps.learned) throw new ApiError('bad-request', `“${r.name}” is not trained: only the learned model is`);
    return this.deps.learned.train();
  }

  async importPredictions(input: { path: string; name?: string }): Promise<PredictionImport> {
    const base = input.name ?? path.basename(input.path).replace(/\.[^.]*$/, '');
    const name = predictionsName(base);
    if (!name) throw new ApiError('bad-request', `“${base}” cannot name predictions: give --name with letters or digits`);
    let result: PredictionImport;
    try {
      result = await importPredictions(this.deps.project, input.path, name);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError('bad-request', (e as Error).message);
    }
    this.registry.add(predictionsRecommender(this.deps.project.root, name));
    return result;
  }
}

/** A suggestion id taken apart (suggestionKey: recommender:label:start-end); null when it is not one. */
export function parseSuggestionId(id: string): { recommender: string; label: string; startOffset: number; endOffset: number } | null {
  const m = /^([a-z0-9][a-z0-9-]*):([A-Za-z0-9][A-Za-z0-9_.+-]*):(\d+)-(\d+)$/.exec(id);
  if (!m) return null;
  const startOffset = Number(m[3]);
  const endOffset = Number(m[4]);
  return endOffset > startOffset ? { recommender: m[1]!, label: m[2]!, startOffset, endOffset } : null;
}
