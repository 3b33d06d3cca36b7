/**
 * Who is adjudicated on a document: the annotators whose layers Review compares and Agreement
 * measures. The curator may choose them per document (stored in documents/<doc>/review.json,
 * shared/review/choiceFile.ts); without a choice, the default is those who marked the document
 * finished, and if nobody did, every annotator who tagged something. An empty layer (no spans,
 * no relations) never counts, nor does a layer that could not be read: an annotator who tagged
 * and then undid everything has not "found nothing", they have not started.
 */

/** What the choice needs to know of a layer (a Layer of the contract has all of it). */
export interface ChoosableLayer {
  annotator: string;
  spans: readonly unknown[];
  relations: readonly unknown[];
  finished?: boolean;
  error?: unknown;
}

/** Why a layer cannot be chosen, or null when it can. */
export type NotChoosable = 'empty' | 'unreadable' | null;

/** One annotator of a document as the choice sees them: shown in Review with a checkbox. */
export interface AnnotatorStanding {
  annotator: string;
  spans: number;
  relations: number;
  /** Their file marks the document finished. */
  finished: boolean;
  /** Why this layer never counts (then it is never chosen), or null. */
  excluded: NotChoosable;
  /** Compared in Review and Agreement on this document. */
  chosen: boolean;
  /** Would be chosen without a stored choice. */
  byDefault: boolean;
}

/** Which rule chose the annotators: the curator's stored choice, or a default. */
export type ChoiceRule = 'curator' | 'finished' | 'not-empty';

export function notChoosable(layer: ChoosableLayer): NotChoosable {
  if (layer.error) return 'unreadable';
  if (layer.spans.length === 0 && layer.relations.length === 0) return 'empty';
  return null;
}

/**
 * The default: the annotators whose layer is finished (and not empty); if there are none, every
 * annotator whose layer is not empty. Sorted.
 */
export function defaultAnnotators(layers: readonly ChoosableLayer[]): string[] {
  const usable = layers.filter((l) => notChoosable(l) === null);
  const finished = usable.filter((l) => l.finished);
  return (finished.length ? finished : usable).map((l) => l.annotator).sort();
}

/**
 * The annotators compared on a document, sorted: the stored choice (`stored`, null when the
 * curator has not chosen) less the layers that never count, or else the default.
 */
export function chosenAnnotators(layers: readonly ChoosableLayer[], stored: readonly string[] | null): string[] {
  if (stored === null) return defaultAnnotators(layers);
  const wanted = new Set(stored);
  return layers
    .filter((l) => wanted.has(l.annotator) && notChoosable(l) === null)
    .map((l) => l.annotator)
    .sort();
}

/** The layers compared on a document, in the order given. */
export function chosenLayers<L extends ChoosableLayer>(layers: readonly L[], stored: readonly string[] | null): L[] {
  const chosen = new Set(chosenAnnotators(layers, stored));
  return layers.filter((l) => chosen.has(l.annotator));
}

/** Every annotator of a document with where they stand, sorted by name. */
export function standings(layers: readonly ChoosableLayer[], stored: readonly string[] | null): AnnotatorStanding[] {
  const chosen = new Set(chosenAnnotators(layers, stored));
  const byDefault = new Set(defaultAnnotators(layers));
  return [...layers]
    .sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : 0))
    .map((l) => ({
      annotator: l.annotator,
      spans: l.spans.length,
      relations: l.relations.length,
      finished: Boolean(l.finished) && !l.error,
      excluded: notChoosable(l),
      chosen: chosen.has(l.annotator),
      byDefault: byDefault.has(l.annotator),
    }));
}

/** Which rule gives the annotators compared. */
export function choiceRule(layers: readonly ChoosableLayer[], stored: readonly string[] | null): ChoiceRule {
  if (stored !== null) return 'curator';
  return layers.some((l) => notChoosable(l) === null && l.finished) ? 'finished' : 'not-empty';
}

/**
 * The choice after the curator ticks or unticks one annotator: a stored list, or null when it is
 * the default again (nothing needs storing then, and annotators who finish later still join).
 */
export function toggled(layers: readonly ChoosableLayer[], stored: readonly string[] | null, annotator: string, on: boolean): string[] | null {
  const now = new Set(chosenAnnotators(layers, stored));
  if (on) now.add(annotator);
  else now.delete(annotator);
  const usable = new Set(layers.filter((l) => notChoosable(l) === null).map((l) => l.annotator));
  const next = [...now].filter((a) => usable.has(a)).sort();
  const fallback = defaultAnnotators(layers);
  return next.length === fallback.length && next.every((a, i) => a === fallback[i]) ? null : next;
}

/**
 * Why a document is not compared, in words, when fewer than two of its layers count: "only
 * layla's layer counts: tom's is empty". Null when no layer was left out by the choice (then
 * the plain reasons apply: nobody or only one annotator has a layer).
 */
export function notComparedReason(all: readonly AnnotatorStanding[], rule: ChoiceRule): string | null {
  const chosen = all.filter((s) => s.chosen).map((s) => s.annotator);
  const left = all.filter((s) => !s.chosen && s.excluded !== 'unreadable');
  if (chosen.length >= 2 || left.length === 0) return null;
  const why = (s: AnnotatorStanding) =>
    s.excluded === 'empty' ? `${s.annotator}'s is empty` : rule === 'finished' ? `${s.annotator} has not marked it finished` : `the curator left ${s.annotator} out`;
  const head = chosen.length === 0 ? "no annotator's layer counts" : `only ${chosen[0]!}'s layer counts`;
  return `${head}: ${left.map(why).join(', ')}`;
}
