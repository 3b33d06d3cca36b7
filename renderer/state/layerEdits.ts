import type { Relation, Span, SpanEdit } from '../../shared/model/span';

/**
 * Where edits are applied: a layer's spans, relations and (gold only) settled disagreements.
 * The window's own layer draws each change as it is made; plain copies stand for what the
 * service has acknowledged and for what the window should show after a refused edit is taken
 * back. One function applies edits to either, so they cannot drift apart.
 */
export interface LayerSink {
  span(id: string): Span | undefined;
  setSpan(id: string, span: Span | undefined): void;
  relation(id: string): Relation | undefined;
  setRelation(id: string, relation: Relation | undefined): void;
  isSettled(unit: string): boolean;
  setSettled(unit: string, settled: boolean): void;
}

/** A layer as plain data. */
export interface LayerData {
  spans: Map<string, Span>;
  relations: Map<string, Relation>;
  settled: Set<string>;
}

export function layerData(spans: Iterable<Span>, relations: Iterable<Relation>, settled: Iterable<string> = []): LayerData {
  return {
    spans: new Map([...spans].map((s) => [s.id, s])),
    relations: new Map([...relations].map((r) => [r.id, r])),
    settled: new Set(settled),
  };
}

export function copyLayer(data: LayerData): LayerData {
  return { spans: new Map(data.spans), relations: new Map(data.relations), settled: new Set(data.settled) };
}

export function dataSink(data: LayerData): LayerSink {
  return {
    span: (id) => data.spans.get(id),
    setSpan: (id, span) => (span ? data.spans.set(id, span) : data.spans.delete(id)),
    relation: (id) => data.relations.get(id),
    setRelation: (id, r) => (r ? data.relations.set(id, r) : data.relations.delete(id)),
    isSettled: (unit) => data.settled.has(unit),
    setSettled: (unit, on) => (on ? data.settled.add(unit) : data.settled.delete(unit)),
  };
}

/**
 * Applies edits in order. An edit that has nothing to act on (removing what is not there,
 * settling what is settled) is skipped. Returns the edits that did something and the edits
 * that undo them, in the order to apply them.
 */
export function applyEdits(sink: LayerSink, edits: readonly SpanEdit[]): { applied: SpanEdit[]; inverse: SpanEdit[] } {
  const applied: SpanEdit[] = [];
  const inverse: SpanEdit[] = [];
  for (const edit of edits) {
    switch (edit.op) {
      case 'addRelation': {
        if (sink.relation(edit.relation.id)) continue;
        sink.setRelation(edit.relation.id, edit.relation);
        inverse.unshift({ op: 'removeRelation', id: edit.relation.id });
        break;
      }
      case 'removeRelation': {
        const old = sink.relation(edit.id);
        if (!old) continue;
        sink.setRelation(edit.id, undefined);
        inverse.unshift({ op: 'addRelation', relation: old });
        break;
      }
      case 'add': {
        const old = sink.span(edit.span.id);
        sink.setSpan(edit.span.id, edit.span);
        inverse.unshift(old ? { op: 'update', span: old } : { op: 'remove', id: edit.span.id });
        break;
      }
      case 'remove': {
        const old = sink.span(edit.id);
        if (!old) continue;
        sink.setSpan(edit.id, undefined);
        inverse.unshift({ op: 'add', span: old });
        break;
      }
      case 'update': {
        const old = sink.span(edit.span.id);
        if (!old) continue;
        sink.setSpan(edit.span.id, edit.span);
        inverse.unshift({ op: 'update', span: old });
        break;
      }
      case 'settle':
      case 'unsettle': {
        const settle = edit.op === 'settle';
        if (sink.isSettled(edit.unit) === settle) continue;
        sink.setSettled(edit.unit, settle);
        inverse.unshift({ op: settle ? 'unsettle' : 'settle', unit: edit.unit });
        break;
      }
    }
    applied.push(edit);
  }
  return { applied, inverse };
}

/** Whether two spans or relations are the same, value for value (in whatever order their keys come). */
export function sameItem(a: Span | Relation | undefined, b: Span | Relation | undefined): boolean {
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
