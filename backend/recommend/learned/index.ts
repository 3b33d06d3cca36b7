/**
 * The learned recommender (issue 15): a sequence tagger trained on this project's own work.
 *
 * Interface for the room (backend/recommend) and the app (through the room's service methods):
 *
 *   const trainer = createLearnedTrainer(root, { schema: () => schema, debounceMs?: 5000 });
 *   registry.add(learnedRecommender(trainer));      // kind "learned", id LEARNED_ID ("learned")
 *
 *   trainer.status(): TrainingStatus     untrained | training (progress: done/total epochs) |
 *                                        trained | failed (message); trainedAt, documents, spans,
 *                                        source ("gold and finished layers")
 *   trainer.train(): Promise<TrainingStatus>
 *                                        trains now in a worker thread (the main thread if no
 *                                        worker can start) on the gold layer and every finished
 *                                        annotator layer, plus the lessons; writes the model to
 *                                        .standoff/models/learned.json; a second call while
 *                                        training waits for a new run after the current one.
 *   trainer.lesson(lesson: Lesson): void an annotator accepted, rejected or finished: kept, and a
 *                                        retraining is scheduled (debounced, debounceMs).
 *   trainer.uncertainty(): ReadonlyMap<docId, number>
 *                                        per document, 0 (sure) to 1 (unsure), from the last
 *                                        model over every document: the "uncertainty" sort of the
 *                                        document list (least sure first).
 *   trainer.onStatus(listener): () => void   called on every status change (progress included).
 *   trainer.close(): Promise<void>       stops timers and a running worker.
 *
 * Cross-validation (the room's evaluate) uses the pure functions of shared/recommend/learned:
 *   trainOn(docs: TrainingDocument[], labels, options?) → LearnedModel (a JSON value)
 *   predict(model, text) → { proposals: Proposal[], uncertainty: number }
 */
export {};
