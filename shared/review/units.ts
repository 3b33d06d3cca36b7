import { MATCH_CRITERIA, matchSpans } from '../agreement/matching/spanMatching';
import type { Attributes } from '../model/labels';
import type { Span } from '../model/span';
import { UnionFind } from '../agreement/matching/unionFind';

/**
 * How the annotators' versions of one unit compare:
 * - agreed: everyone has it, same boundaries, same label;
 * - boundary: everyone has it with the same label, boundaries differ;
 * - label: everyone has it, labels differ (boundaries may differ too);
 * - partial: some annotators have nothing there (with two annotators: only one has it).
 */
export type UnitStatus = 'agreed' | 'boundary' | 'label' | 'partial';

export interface UnitVersion {
  annotator: string;
  span: Span;
}

export interface ReviewUnit {
  /** Stable while the annotators' spans stay as they are: their "annotator/spanId", sorted, joined by "+". */
  key: string;
  /** The extent of every version, code points. */
  startOffset: number;
  endOffset: number;
  status: UnitStatus;
  /** Boundaries differ (also true for some `label` and `partial` units). */
  boundaryDiffers: boolean;
  /** Everyone agrees on the span but not on some attribute: ids of those attributes. */
  attributesDiffer: string[];
  /** In annotator order, then document order. */
  versions: UnitVersion[];
  /** Annotators with no span in this unit. */
  missing: string[];
}

export interface ReviewLayer {
  annotator: string;
  spans: readonly Span[];
}

const OVERLAP_LABELLED = MATCH_CRITERIA[2]!;
const OVERLAP_UNLABELLED = MATCH_CRITERIA[3]!;

/**
 * The units a reviewer looks at: the annotators' spans grouped where they are versions of one
 * annotation. Each pair of annotators is matched one to one (docs/AGREEMENT.md §2): first spans of
 * the same label that overlap, then what is left, whatever its label; matched spans join one
 * unit. A span nobody else has is a unit of its own. Units come in document order.
 */
export function reviewUnits(layers: readonly ReviewLayer[]): ReviewUnit[] {
  const annotators = layers.map((l) => l.annotator).sort();
  const all: UnitVersion[] = [];
  // Each layer's spans by object, to their index in `all`: per layer, since two layers may
  // hold the very same span objects (a copied layer) and must still be told apart.
  const indexIn = new Map<ReviewLayer, Map<Span, number>>();
  for (const layer of [...layers].sort((a, b) => (a.annotator < b.annotator ? -1 : 1))) {
    const index = new Map<Span, number>();
    for (const span of layer.spans) {
      index.set(span, all.length);
      all.push({ annotator: layer.annotator, span });
    }
    indexIn.set(layer, index);
  }
  const groups = new UnionFind(all.length);
  for (let i = 0; i < layers.length; i++) {
    for (let j = i + 1; j < layers.length; j++) {
      const a = layers[i]!;
      const b = layers[j]!;
      const ia = indexIn.get(a)!;
      const ib = indexIn.get(b)!;
      const labelled = matchSpans(a.spans, b.spans, OVERLAP_LABELLED);
      for (const p of labelled.pairs) groups.union(ia.get(p.a)!, ib.get(p.b)!);
      const rest = matchSpans(labelled.unmatchedA, labelled.unmatchedB, OVERLAP_UNLABELLED);
      for (const p of rest.pairs) groups.union(ia.get(p.a)!, ib.get(p.b)!);
    }
  }
  const byRoot = new Map<number, UnitVersion[]>();
  all.forEach((v, i) => {
    const root = groups.find(i);
    const list = byRoot.get(root);
    if (list) list.push(v);
    else byRoot.set(root, [v]);
  });
  const units = [...byRoot.values()].map((versions) => describe(versions, annotators));
  return units.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset || (a.key < b.key ? -1 : 1));
}

function describe(versions: UnitVersion[], annotators: readonly string[]): ReviewUnit {
  versions.sort((a, b) => (a.annotator < b.annotator ? -1 : a.annotator > b.annotator ? 1 : a.span.startOffset - b.span.startOffset));
  const present = new Set(versions.map((v) => v.annotator));
  const missing = annotators.filter((a) => !present.has(a));
  const first = versions[0]!.span;
  const boundaryDiffers = versions.some((v) => v.span.startOffset !== first.startOffset || v.span.endOffset !== first.endOffset);
  const labelDiffers = versions.some((v) => v.span.label !== first.label);
  const oneEach = versions.length === present.size;
  const status: UnitStatus = missing.length > 0 || !oneEach ? 'partial' : labelDiffers ? 'label' : boundaryDiffers ? 'boundary' : 'agreed';
  const attributesDiffer = status === 'agreed' && versions.length > 1 ? differingAttributes(versions.map((v) => v.span.attributes)) : [];
  return {
    key: versions.map((v) => `${v.annotator}/${v.span.id}`).sort().join('+'),
    startOffset: Math.min(...versions.map((v) => v.span.startOffset)),
    endOffset: Math.max(...versions.map((v) => v.span.endOffset)),
    status,
    boundaryDiffers,
    attributesDiffer,
    versions,
    missing,
  };
}

/** Attribute ids whose values are not the same in every version (unset counts as a value). */
export function differingAttributes(all: ReadonlyArray<Attributes | undefined>): string[] {
  const ids = new Set(all.flatMap((a) => Object.keys(a ?? {})));
  return [...ids].filter((id) => new Set(all.map((a) => JSON.stringify(a?.[id] ?? null))).size > 1).sort();
}

/** A unit the reviewer has to settle: anything but full agreement on span and attributes. */
export function isDisagreement(unit: ReviewUnit): boolean {
  return unit.status !== 'agreed' || unit.attributesDiffer.length > 0;
}
