/**
 * One training of the learned recommender, as the worker thread runs it (or the service's own
 * thread where no worker can start): read what the project teaches (the gold layer and every
 * finished layer of every document; where an unfinished layer has lessons, the sentences the
 * annotator decided in), train, then measure how unsure the new model is of every document
 * (the "uncertainty" sort of the document list).
 */
import { parseManifest } from '../../../shared/format/manifest';
import { GOLD } from '../../../shared/format/annotationFile';
import { layout } from '../../../shared/format/layout';
import { predict, trainOn, type LearnedModel, type SpanPlace, type TrainingDocument } from '../../../shared/recommend/learned';
import { DocumentStore } from '../../project/documents';
import { EntityStore } from '../../project/entities';
import { insideProject, readUtf8 } from '../../project/files';
import { annotatorsOf, readLayerOnce } from '../../project/layerFiles';

/** An annotator's decision on suggestions, kept so the next training learns from it. */
export interface Lesson {
  kind: 'accept' | 'reject' | 'finish';
  docId: string;
  annotator: string;
  /** The suggestions decided on (accept, reject); none for finish. */
  places?: SpanPlace[];
}

export interface TrainingInput {
  root: string;
  lessons: readonly Lesson[];
  epochs?: number;
}

export interface TrainingOutput {
  model: LearnedModel;
  /** Per document, 0 (sure) to 1. */
  uncertainty: Record<string, number>;
  /** Documents with a whole layer taught (gold or finished), and with lessons only. */
  documents: number;
  partialDocuments: number;
  spans: number;
  /** Milliseconds: reading, training, measuring the uncertainty. */
  timings: { readMs: number; trainMs: number; uncertaintyMs: number };
}

export const SOURCE = 'gold and finished layers, and the suggestions accepted or rejected';

/**
 * Documents measured after a training, at most: active learning picks from a pool. Each costs
 * about 20 ms of CPU for a 4 KB article; a larger corpus is sampled (a different sample each
 * training), and documents not measured come last in the "least sure first" order.
 */
export const MEASURE_LIMIT = 5000;

/** Progress in three steps: reading documents, training passes, measuring documents. */
export type Progress = (done: number, total: number, step: 'reading' | 'training' | 'measuring') => void;

export async function runTraining(input: TrainingInput, progress: Progress = () => {}): Promise<TrainingOutput> {
  const t0 = performance.now();
  const { root } = input;
  const manifestRaw = await readUtf8(insideProject(root, layout.manifest), layout.manifest);
  if (manifestRaw === null) throw new Error('the project has no standoff.json');
  const manifest = parseManifest(manifestRaw, layout.manifest);
  const labels = manifest.labels.map((l) => l.id);

  // Names of the registry for the labels whose spans name an entity (actors).
  const names: Record<string, string[]> = {};
  const entityLabels = manifest.labels.filter((l) => l.attributes.some((a) => a.type === 'entity')).map((l) => l.id);
  if (entityLabels.length) {
    const registry = await new EntityStore(root).registry();
    const all = registry.all().flatMap((e) => [e.name, ...e.aliases]);
    for (const l of entityLabels) names[l] = all;
  }

  const lessonsOf = new Map<string, SpanPlace[]>();
  for (const l of input.lessons) {
    const key = `${l.docId}\n${l.annotator}`;
    lessonsOf.set(key, [...(lessonsOf.get(key) ?? []), ...(l.places ?? [])]);
  }

  const store = new DocumentStore(root);
  const ids = await store.ids();
  const docs: TrainingDocument[] = [];
  /** Documents with a whole layer taught: there is nothing left to ask about them. */
  const done = new Set<string>();
  let whole = 0;
  let partial = 0;
  for (let n = 0; n < ids.length; n++) {
    const id = ids[n]!;
    progress(n, ids.length, 'reading');
    let doc;
    try {
      doc = await store.peek(id);
    } catch {
      continue; // a document that cannot be read teaches nothing; validate says why
    }
    for (const annotator of await annotatorsOf(root, id)) {
      const { layer, exists } = await readLayerOnce(root, doc, annotator);
      if (!exists || layer.error) continue;
      const spans = layer.spans.map(({ label, startOffset, endOffset }) => ({ label, startOffset, endOffset }));
      // The gold layer teaches once it holds something (the curator's decisions); an annotator's once finished.
      if ((annotator === GOLD && (layer.spans.length || layer.finished)) || (annotator !== GOLD && layer.finished)) {
        docs.push({ id: `${id}/${annotator}`, text: doc.text, spans });
        done.add(id);
        whole++;
        continue;
      }
      const places = lessonsOf.get(`${id}\n${annotator}`);
      if (places?.length) {
        docs.push({ id: `${id}/${annotator}`, text: doc.text, spans, partial: places });
        partial++;
      }
    }
  }
  const t1 = performance.now();
  const model = trainOn(docs, labels, { epochs: input.epochs, names, onProgress: (done, total) => progress(done, total, 'training') });
  const t2 = performance.now();

  const uncertainty: Record<string, number> = {};
  const pool = sample(ids.filter((id) => !done.has(id)), MEASURE_LIMIT, Date.now());
  for (let n = 0; n < pool.length; n++) {
    progress(n, pool.length, 'measuring');
    try {
      uncertainty[pool[n]!] = predict(model, (await store.peek(pool[n]!)).text).uncertainty;
    } catch {
      // unreadable: left out of the sort's figures (sorted last)
    }
  }
  const t3 = performance.now();
  return {
    model,
    uncertainty,
    documents: whole,
    partialDocuments: partial,
    spans: model.trainedOn.spans,
    timings: { readMs: t1 - t0, trainMs: t2 - t1, uncertaintyMs: t3 - t2 },
  };
}

/** At most `limit` of the ids, chosen at random (seeded), in their order. */
function sample(ids: readonly string[], limit: number, seed: number): string[] {
  if (ids.length <= limit) return [...ids];
  let r = seed >>> 0 || 1;
  const keyed = ids.map((id) => ({ id, k: (r = (Math.imul(r, 1103515245) + 12345) >>> 0) }));
  keyed.sort((a, b) => a.k - b.k);
  const chosen = new Set(keyed.slice(0, limit).map((x) => x.id));
  return ids.filter((id) => chosen.has(id));
}
