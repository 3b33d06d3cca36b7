/**
 * The learned recommender's pure part (issue 15): tokens, features and an averaged perceptron
 * over BIO tags, trained on a project's layers and applied to a text. The service side
 * (training in a worker thread, the model file, retraining) is backend/recommend/learned.
 */
export { trainOn, predict, predictInSteps, isLearnedModel, MODEL_FORMAT, type LearnedModel, type Prediction, type SpanPlace, type TrainingDocument, type TrainOptions } from './model';
export { tokenize, type Token } from './tokens';
