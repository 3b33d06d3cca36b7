import type { StandoffApi } from '../../shared/api/contract';
import { relationTypesFor, type RelationType } from '../../shared/model/labels';
import type { Relation, Span, SpanEdit } from '../../shared/model/span';

export type SaveStatus =
  | { state: 'saved' }
  | { state: 'saving'; pending: number }
  | { state: 'error'; message: string };

/** What changed in the layer, for the editor to draw: added spans and removed ids. */
export interface LayerChange {
  added: Span[];
  removed: string[];
  /** Whether any relation was added or removed. */
  relations: boolean;
}

interface UndoEntry {
  edits: SpanEdit[];
  inverse: SpanEdit[];
}

/**
 * One annotator's layer of one document while it is open: the spans, undo and redo of every
 * annotation action, and saving. Edits are applied here at once (the editor draws them in the
 * same frame) and sent to the service in order; edits made while a save is in flight go out
 * together in the next request, so saving never falls behind the keyboard.
 */
export class LayerSession {
  readonly spans = new Map<string, Span>();
  readonly relations = new Map<string, Relation>();
  /** Gold layer only: the disagreements settled, by unit key. */
  readonly settled = new Set<string>();
  /** Relation ids by the ids of the spans they join. */
  private readonly relationsOf = new Map<string, Set<string>>();
  /** Spans per label, kept as edits come (the palette shows them on every edit). */
  readonly labelCounts = new Map<string, number>();
  private undoStack: UndoEntry[] = [];
  private redoStack: UndoEntry[] = [];
  private queue: SpanEdit[] = [];
  private inFlight: SpanEdit[] | null = null;
  private status: SaveStatus = { state: 'saved' };
  private readonly changeListeners = new Set<(c: LayerChange) => void>();
  private readonly statusListeners = new Set<() => void>();
  private version = 0;
  private relationVersion = 0;

  constructor(
    private readonly api: StandoffApi,
    readonly docId: string,
    readonly annotator: string,
    spans: Span[],
    relations: Relation[],
    private readonly relationTypes: readonly RelationType[],
    /** Set when the annotator's file could not be read: nothing may be changed or saved. */
    readonly readOnlyReason: string | null = null,
    settled: readonly string[] = [],
  ) {
    for (const s of spans) this.put(s);
    for (const r of relations) this.putRelation(r);
    for (const u of settled) this.settled.add(u);
  }

  /** The relations that start or end at a span. */
  relationsAt(spanId: string): Relation[] {
    return [...(this.relationsOf.get(spanId) ?? [])].map((id) => this.relations.get(id)!).filter(Boolean);
  }

  get saveStatus(): SaveStatus {
    return this.status;
  }

  /** Increases with every change; lets React re-render cheaply. */
  get revision(): number {
    return this.version;
  }

  /** Increases when a relation, or a span that has relations, changes: what the arrows depend on. */
  get relationRevision(): number {
    return this.relationVersion;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  onChange(listener: (c: LayerChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Applies an annotation action (one undo step). Returns false if the layer is read-only.
   * Removing a span removes its relations, and relabelling one removes the relations its new
   * label may not have, in the same step: undo brings them all back.
   */
  apply(edits: SpanEdit[]): boolean {
    if (this.readOnlyReason || edits.length === 0) return false;
    edits = this.withCascade(edits);
    const inverse = this.run(edits);
    this.undoStack.push({ edits, inverse });
    this.redoStack = [];
    return true;
  }

  undo(): boolean {
    const entry = this.undoStack.pop();
    if (!entry || this.readOnlyReason) return false;
    this.run(entry.inverse);
    this.redoStack.push(entry);
    return true;
  }

  redo(): boolean {
    const entry = this.redoStack.pop();
    if (!entry || this.readOnlyReason) return false;
    this.run(entry.edits);
    this.undoStack.push(entry);
    return true;
  }

  /** Sends again what failed to save. */
  retry(): void {
    if (this.status.state === 'error') void this.flush();
  }

  private withCascade(edits: SpanEdit[]): SpanEdit[] {
    const out: SpanEdit[] = [];
    const gone = new Set<string>();
    for (const edit of edits) {
      const spanId = edit.op === 'remove' ? edit.id : edit.op === 'update' ? edit.span.id : null;
      if (spanId) {
        for (const r of this.relationsAt(spanId)) {
          if (gone.has(r.id)) continue;
          if (edit.op === 'update') {
            const from = r.from === spanId ? edit.span : this.spans.get(r.from);
            const to = r.to === spanId ? edit.span : this.spans.get(r.to);
            if (from && to && relationTypesFor(this.relationTypes, from.label, to.label).some((t) => t.id === r.type)) continue;
          }
          gone.add(r.id);
          out.push({ op: 'removeRelation', id: r.id });
        }
      }
      out.push(edit);
    }
    return out;
  }

  private putRelation(r: Relation): void {
    this.relations.set(r.id, r);
    for (const end of [r.from, r.to]) {
      let set = this.relationsOf.get(end);
      if (!set) this.relationsOf.set(end, (set = new Set()));
      set.add(r.id);
    }
  }

  private dropRelation(id: string): Relation | undefined {
    const r = this.relations.get(id);
    if (!r) return undefined;
    this.relations.delete(id);
    for (const end of [r.from, r.to]) this.relationsOf.get(end)?.delete(id);
    return r;
  }

  private put(span: Span): void {
    const old = this.spans.get(span.id);
    if (old) this.count(old.label, -1);
    this.spans.set(span.id, span);
    this.count(span.label, 1);
  }

  private drop(id: string): void {
    const old = this.spans.get(id);
    if (!old) return;
    this.spans.delete(id);
    this.count(old.label, -1);
  }

  private count(label: string, delta: number): void {
    this.labelCounts.set(label, (this.labelCounts.get(label) ?? 0) + delta);
  }

  /** Applies edits to the spans, tells the editor, queues the save; returns the inverse edits. */
  private run(edits: SpanEdit[]): SpanEdit[] {
    const inverse: SpanEdit[] = [];
    const applied: SpanEdit[] = [];
    const change: LayerChange = { added: [], removed: [], relations: false };
    for (const edit of edits) {
      const spanId = edit.op === 'remove' ? edit.id : edit.op === 'update' ? edit.span.id : null;
      if (spanId && this.relationsOf.get(spanId)?.size) change.relations = true;
      if (edit.op === 'addRelation') {
        if (this.relations.has(edit.relation.id)) continue;
        this.putRelation(edit.relation);
        inverse.unshift({ op: 'removeRelation', id: edit.relation.id });
        change.relations = true;
        applied.push(edit);
      } else if (edit.op === 'removeRelation') {
        const old = this.dropRelation(edit.id);
        if (!old) continue;
        inverse.unshift({ op: 'addRelation', relation: old });
        change.relations = true;
        applied.push(edit);
      } else if (edit.op === 'add') {
        this.put(edit.span);
        inverse.unshift({ op: 'remove', id: edit.span.id });
        change.added.push(edit.span);
        applied.push(edit);
      } else if (edit.op === 'remove') {
        const old = this.spans.get(edit.id);
        if (!old) continue;
        this.drop(edit.id);
        inverse.unshift({ op: 'add', span: old });
        change.removed.push(edit.id);
        applied.push(edit);
      } else if (edit.op === 'settle' || edit.op === 'unsettle') {
        const settle = edit.op === 'settle';
        if (this.settled.has(edit.unit) === settle) continue;
        if (settle) this.settled.add(edit.unit);
        else this.settled.delete(edit.unit);
        inverse.unshift({ op: settle ? 'unsettle' : 'settle', unit: edit.unit });
        applied.push(edit);
      } else {
        const old = this.spans.get(edit.span.id);
        if (!old) continue;
        this.put(edit.span);
        inverse.unshift({ op: 'update', span: old });
        change.removed.push(edit.span.id);
        change.added.push(edit.span);
        applied.push(edit);
      }
    }
    this.version++;
    if (change.relations) this.relationVersion++;
    for (const l of this.changeListeners) l(change);
    this.queue.push(...applied);
    void this.flush();
    return inverse;
  }

  private setStatus(status: SaveStatus): void {
    this.status = status;
    for (const l of this.statusListeners) l();
  }

  private async flush(): Promise<void> {
    if (this.inFlight) return;
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      this.inFlight = batch;
      this.setStatus({ state: 'saving', pending: batch.length });
      try {
        await this.api.applyEdits({ docId: this.docId, annotator: this.annotator, edits: batch });
      } catch (e) {
        // Keep the failed batch first in line: Retry sends it again, in order.
        this.queue = [...batch, ...this.queue];
        this.inFlight = null;
        this.setStatus({ state: 'error', message: (e as Error).message });
        return;
      }
      this.inFlight = null;
    }
    this.setStatus({ state: 'saved' });
  }
}
