import { RelationIndex } from '../../shared/layers/relationIndex';
import type { EditResult, Layer, OpenedDocument, StandoffApi } from '../../shared/api/contract';
import { ApiError, type ApiErrorCode } from '../../shared/api/errors';
import type { EditConflict, MergeOutcome, SeatStatus } from '../../shared/api/live';
import type { Orphan } from '../../shared/format/annotationFile';
import { relationTypesFor, type Label, type RelationType } from '../../shared/model/labels';
import type { Relation, Span, SpanEdit } from '../../shared/model/span';
import { CLIENT_ID } from '../api/clientId';
import { afterPaint } from './afterPaint';
import { applyEdits, copyLayer, dataSink, layerData, sameItem, type LayerData, type LayerSink } from './layerEdits';
import { relabelled } from './relabel';
import type { Seats } from './seats';
import { capitalised, ioWords, reasonWords, stepWords, type Namer } from './words';

export type SaveStatus =
  | { state: 'saved' }
  | { state: 'saving'; pending: number }
  /**
   * Edits are waiting: a save failed and may pass if tried again (`retrying`: it is tried again
   * by itself), or another window holds the annotator's seat (`seat`). Nothing is lost.
   */
  | { state: 'error'; message: string; pending: number; kind: 'retrying' | 'seat'; /** Why, in a few words. */ short: string };

/** What changed in the layer, for the editor to draw: added spans and removed ids. */
export interface LayerChange {
  added: Span[];
  removed: string[];
  /** Whether any relation was added or removed. */
  relations: boolean;
}

/** Why the layer is read from the service again ('check': after a refusal said it differs from this window's). */
export type ReloadReason = 'outside' | 'merged' | 'seat' | 'check';

/** What the window should tell the analyst, or do. */
export type SessionEvent =
  /** An action the service refused was taken back, text and undo history both. */
  | { kind: 'refused'; message: string }
  /**
   * The layer was read again and is shown as the service has it. `undoDropped`: undo and redo
   * steps that no longer fit the layer as it now is (another program changed what they changed)
   * and were dropped from the history.
   */
  | { kind: 'reloaded'; reason: ReloadReason; added: number; removed: number; changed: number; undoDropped: number }
  /** Something to tell the analyst about an undo or redo that reached other documents. */
  | { kind: 'linked'; message: string }
  /** A save was merged onto a version changed outside; these edits could not be (see `conflicts`). */
  | { kind: 'conflicts'; conflicts: EditConflict[] }
  /** The text on disk is not the one shown: the document must be opened again. */
  | { kind: 'text-changed'; doc: OpenedDocument }
  /** The document is no longer in the project. */
  | { kind: 'gone'; message: string }
  /** The annotator's file can no longer be read. */
  | { kind: 'unreadable'; doc: OpenedDocument }
  /** The seat was lost (read-only) or taken again (editable). */
  | { kind: 'seat'; held: boolean; message: string | null };

interface UndoEntry {
  edits: SpanEdit[];
  inverse: SpanEdit[];
  /** What the same action wrote in other documents, undone and redone with it (see linkedEdits.ts). */
  linked?: LinkedEdits;
}

/**
 * The part of an action that went into other documents (tag all mentions across the project).
 * Undoing the action here calls `undo`, redoing it `redo`; they work through those documents'
 * own sessions and report what they did, in words, with `tell`.
 */
export interface LinkedEdits {
  undo(tell: (message: string) => void): void;
  redo(tell: (message: string) => void): void;
}

/** An action applied to a layer without entering its undo history: another document's part of a linked action. */
export interface DetachedEntry {
  readonly docId: string;
  /** Opaque to callers. */
  readonly entry: UndoEntry;
}

/** What undoing or redoing a detached entry did: edits applied, and the spans (by quote) left alone because they changed since. */
export interface DetachedOutcome {
  applied: number;
  changed: string[];
}

/** How reading a layer again went: 'ok', or why the session can no longer be used. */
export type RefreshOutcome = 'ok' | 'gone' | 'text-changed' | 'unreadable';

/** One annotation action on its way to the service: what it did, and the undo entry it did or undid. */
interface Step {
  edits: SpanEdit[];
  entry: UndoEntry | null;
  direction: 'do' | 'undo';
}

/** Errors that refuse the edits as they are: trying again cannot help. */
const REFUSED: ReadonlySet<ApiErrorCode> = new Set(['bad-request', 'conflict', 'not-found', 'unreadable-file']);
/** An internal error is tried again this many times, then counted as a refusal so later edits can pass. */
const INTERNAL_TRIES = 3;
const RETRY_MS = [2000, 3000, 5000];

export interface LayerSessionOptions {
  api: StandoffApi;
  docId: string;
  annotator: string;
  /** The text the layer's offsets point into: a layer read again for another text is not shown. */
  text: string;
  spans: Span[];
  relations: Relation[];
  orphans?: Orphan[];
  /** Gold layer only: the disagreements settled, by unit key. */
  settled?: readonly string[];
  labels: readonly Label[];
  relationTypes: readonly RelationType[];
  /** Set when the annotator's file could not be read: nothing may be changed or saved. */
  readOnlyReason?: string | null;
  /** Who may write: without the seat, the layer is read-only until it is free. */
  seats?: Seats;
  /** Time between attempts of a save that failed (tests shorten it). */
  retryMs?: readonly number[];
  /**
   * When to send the edits an action queued (see `sendAfterPaint`); tests pass their own. The
   * save status says "Saving…" from the action on, whatever this waits for.
   */
  sendAfter?: (send: () => void) => void;
}

/** How long a queued save waits at most for the frame (a hidden window paints no frames). */
const SEND_BACKSTOP_MS = 100;

/**
 * Sends a save once the frame that shows the edit has been painted: building and starting the
 * request (about a millisecond, more on a busy machine) then never delays the span appearing
 * under the key. A window that paints no frame (hidden, minimised) sends after
 * SEND_BACKSTOP_MS. Outside a browser (tests, Node) it sends at once.
 */
export function sendAfterPaint(send: () => void): void {
  if (typeof requestAnimationFrame !== 'function') return send();
  let sent = false;
  const once = () => {
    if (sent) return;
    sent = true;
    send();
  };
  afterPaint(once);
  setTimeout(once, SEND_BACKSTOP_MS);
}

/** Every session with edits not yet on disk, or still showing a document. */
const sessions = new Set<LayerSession>();
/**
 * Every layer opened in this window, by document and annotator, kept for the whole session
 * with its undo history: opening the document again takes it up where it was left.
 */
const kept = new Map<string, LayerSession>();
const keyOf = (docId: string, annotator: string) => `${docId}\u0000${annotator}`;

/**
 * One annotator's layer of one document while it is open: the spans, undo and redo of every
 * annotation action, and saving. Edits are applied here at once (the editor draws them in the
 * same frame) and sent to the service in order; edits made while a save is in flight go out
 * together in the next request, so saving never falls behind the keyboard.
 *
 * A save that fails but may pass later (a full disk, the service out of reach) keeps its edits
 * queued, says so and tries again by itself; later edits queue behind it. A save the service
 * refuses (an edit that does not fit the schema, a span changed outside) is narrowed down to the
 * actions refused, which are taken back here, text and undo history, saying why; the rest go on
 * being saved. What the service acknowledged is never taken back: the session keeps a copy of
 * the layer as acknowledged, and after a refusal shows that copy with the actions still queued
 * applied on top.
 */
export class LayerSession {
  readonly spans = new Map<string, Span>();
  readonly relations = new Map<string, Relation>();
  /** Gold layer only: the disagreements settled, by unit key. */
  readonly settled = new Set<string>();
  /** Spans of the file that could not be placed in the text (it changed since they were made). */
  orphans: Orphan[];
  /** Edits a merge could not apply, for the analyst to decide (see EditorPane). */
  conflicts: EditConflict[] = [];
  /** The relations above, found by the spans they join (the service's layer store keeps the same index). */
  private readonly relationIndex = new RelationIndex([], this.relations);
  /** Spans per label, kept as edits come (the palette shows them on every edit). */
  readonly labelCounts = new Map<string, number>();
  readonly docId: string;
  readonly annotator: string;
  readonly text: string;
  private labels: readonly Label[];
  private relationTypes: readonly RelationType[];
  private readonly api: StandoffApi;
  private readonly seats: Seats | undefined;
  private readonly retryMs: readonly number[];
  private readonly sendAfter: (send: () => void) => void;
  /** A send of the queue is waiting for the frame (see sendAfterPaint). */
  private sendWaiting = false;
  /** Waiting for the reading under way (refresh) to end. */
  private refreshWaiters: Array<(o: RefreshOutcome) => void> = [];
  /** Set when a reading found the layer can no longer be used (the document gone, its text changed). */
  private lastRefresh: RefreshOutcome = 'ok';
  /** The layer as the service has acknowledged it. */
  private acked: LayerData;
  private undoStack: UndoEntry[] = [];
  private redoStack: UndoEntry[] = [];
  private queue: Step[] = [];
  private inFlight: Step[] | null = null;
  /** After a refused batch of several actions: how many to send one at a time, to find the refused ones. */
  private singly = 0;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private status: SaveStatus = { state: 'saved' };
  private readonly fileProblem: string | null;
  private seatReason: string | null = null;
  private closingReason: string | null = null;
  /** Counts acknowledged saves: a layer read while one came back may predate it. */
  private ackSeq = 0;
  private reloadWanted: ReloadReason | null = null;
  private reloading = false;
  /** Conflicts of a merge, shown once the layer has been read again. */
  private conflictsWaiting: EditConflict[] = [];
  private idleWaiters: Array<() => void> = [];
  private retired = false;
  private discarded = false;
  private readonly unwatchSeat: () => void;
  private readonly changeListeners = new Set<(c: LayerChange) => void>();
  private readonly statusListeners = new Set<() => void>();
  private readonly stateListeners = new Set<() => void>();
  private readonly eventListeners = new Set<(e: SessionEvent) => void>();
  private version = 0;
  private relationVersion = 0;

  constructor(opts: LayerSessionOptions) {
    this.api = opts.api;
    this.docId = opts.docId;
    this.annotator = opts.annotator;
    this.text = opts.text;
    this.labels = opts.labels;
    this.relationTypes = opts.relationTypes;
    this.fileProblem = opts.readOnlyReason ?? null;
    this.seats = opts.seats;
    this.retryMs = opts.retryMs ?? RETRY_MS;
    this.sendAfter = opts.sendAfter ?? sendAfterPaint;
    this.orphans = opts.orphans ?? [];
    this.acked = layerData(opts.spans, opts.relations, opts.settled ?? []);
    const sink = this.localSink(null);
    for (const s of opts.spans) sink.setSpan(s.id, s);
    for (const r of opts.relations) sink.setRelation(r.id, r);
    for (const u of opts.settled ?? []) this.settled.add(u);
    const seat = opts.seats?.status(opts.annotator);
    if (seat && !seat.held) this.seatReason = seat.message;
    this.unwatchSeat = opts.seats?.watch(opts.annotator, (s) => this.onSeat(s)) ?? (() => {});
    sessions.add(this);
    // The newest session of a layer is the one kept (shown or not): a document opened again
    // before another one replaced it on screen still finds it.
    kept.set(keyOf(this.docId, this.annotator), this);
  }

  // ---- the window as a whole

  /** Whether any layer of this window has edits not yet on disk (queued, in flight, or failed). */
  static anyUnsaved(): boolean {
    for (const s of sessions) if (s.unsaved) return true;
    return false;
  }

  /**
   * The session this window keeps for a layer, with its undo history, if it is still good: not
   * discarded, not closed. The caller checks it still fits the text (see App).
   */
  static keptFor(docId: string, annotator: string): LayerSession | undefined {
    const s = kept.get(keyOf(docId, annotator));
    return s && !s.discarded && s.closingReason === null ? s : undefined;
  }

  /** A session of this layer that still has edits to save (the document was left and opened again). */
  static pendingFor(docId: string, annotator: string): LayerSession | undefined {
    for (const s of sessions) if (s.docId === docId && s.annotator === annotator && s.unsaved && !s.discarded) return s;
    return undefined;
  }

  /** Edits not yet acknowledged by the service: queued, in flight, or failed. */
  get unsaved(): boolean {
    return this.queue.length > 0 || this.inFlight !== null;
  }

  /** Actions not yet on disk. */
  get pendingCount(): number {
    return this.queue.length + (this.inFlight?.length ?? 0);
  }

  /** Why nothing can be changed now (the file cannot be read, another window holds the seat), or null. */
  get readOnlyReason(): string | null {
    return this.fileProblem ?? this.closingReason ?? this.seatReason;
  }

  /** Whether the layer is read-only because another window holds the annotator's seat. */
  get seatTaken(): boolean {
    return this.seatReason !== null && this.fileProblem === null;
  }

  /**
   * The session is no longer shown. It goes on saving what it holds (a failed save keeps being
   * tried) and leaves the window once everything is on disk.
   */
  retire(): void {
    this.retired = true;
    this.leaveIfDone();
  }

  /** Shown again (the same document opened again while edits were still being saved). */
  revive(): void {
    this.retired = false;
    sessions.add(this);
  }

  /** The document is gone: nothing more is saved or tried. Returns how many actions were not saved. */
  discard(): number {
    const lost = this.pendingCount;
    this.discarded = true;
    if (kept.get(keyOf(this.docId, this.annotator)) === this) kept.delete(keyOf(this.docId, this.annotator));
    this.queue = [];
    this.clearRetry();
    this.unwatchSeat();
    sessions.delete(this);
    this.setStatus({ state: 'saved' });
    this.resolveIdle();
    return lost;
  }

  /** No more changes: the document is about to be opened again (its text changed). */
  close(reason: string): void {
    this.closingReason = reason;
    this.notifyState();
  }

  /** The project's labels changed. */
  setSchema(labels: readonly Label[], relationTypes: readonly RelationType[]): void {
    this.labels = labels;
    this.relationTypes = relationTypes;
  }

  // ---- reading

  /** The relations that start or end at a span. */
  relationsAt(spanId: string): Relation[] {
    return this.relationIndex.at(spanId);
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

  /** The save status changed (on every edit: keep listeners cheap). */
  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** The read-only state, the orphans or the conflicts changed (seldom). */
  onState(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onEvent(listener: (e: SessionEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  // ---- annotation actions

  /**
   * Applies an annotation action (one undo step). Returns false if the layer is read-only.
   * Removing a span removes its relations, and relabelling one removes the relations and
   * attributes its new label may not have, in the same step: undo brings them all back.
   */
  apply(edits: SpanEdit[], linked?: LinkedEdits): boolean {
    if (this.readOnlyReason || (edits.length === 0 && !linked)) return false;
    edits = this.withCascade(edits);
    const entry: UndoEntry = { edits, inverse: [], ...(linked ? { linked } : {}) };
    entry.inverse = this.run(edits, entry, 'do');
    this.undoStack.push(entry);
    this.redoStack = [];
    return true;
  }

  undo(): boolean {
    if (this.readOnlyReason) return false;
    const entry = this.undoStack.pop();
    if (!entry) return false;
    entry.edits = this.run(entry.inverse, entry, 'undo');
    this.redoStack.push(entry);
    entry.linked?.undo((message) => this.emit({ kind: 'linked', message }));
    return true;
  }

  redo(): boolean {
    if (this.readOnlyReason) return false;
    const entry = this.redoStack.pop();
    if (!entry) return false;
    entry.inverse = this.run(entry.edits, entry, 'do');
    this.undoStack.push(entry);
    entry.linked?.redo((message) => this.emit({ kind: 'linked', message }));
    return true;
  }

  /**
   * Takes into the undo history an action the service already made on disk and this session
   * has read back (accepting suggestions writes the spans service-side, in one save): Ctrl+Z then
   * removes what it added, through the usual saves, and Ctrl+Shift+Z adds it again. Only spans
   * and relations the layer holds are taken; nothing is sent now.
   */
  adopt(spanIds: readonly string[]): boolean {
    if (this.readOnlyReason) return false;
    const made = new Set(spanIds.filter((id) => this.spans.has(id)));
    if (made.size === 0) return false;
    const relations = [...this.relations.values()].filter((r) => made.has(r.from) || made.has(r.to));
    const edits: SpanEdit[] = [...[...made].map((id): SpanEdit => ({ op: 'add', span: this.spans.get(id)! })), ...relations.map((relation): SpanEdit => ({ op: 'addRelation', relation }))];
    const inverse: SpanEdit[] = [...relations.map((r): SpanEdit => ({ op: 'removeRelation', id: r.id })), ...[...made].map((id): SpanEdit => ({ op: 'remove', id }))];
    this.undoStack.push({ edits, inverse });
    this.redoStack = [];
    this.notifyState();
    return true;
  }

  /** How many steps undo and redo can go back and forward. */
  get historySize(): { undo: number; redo: number } {
    return { undo: this.undoStack.length, redo: this.redoStack.length };
  }

  /**
   * Applies an action that belongs to another document's history (tag all mentions started
   * there): saved as any other, but not undone by this layer's Ctrl+Z. Returns null when the
   * layer is read-only or nothing was to be done.
   */
  applyDetached(edits: SpanEdit[]): DetachedEntry | null {
    if (this.readOnlyReason || edits.length === 0) return null;
    edits = this.withCascade(edits);
    const entry: UndoEntry = { edits, inverse: [] };
    entry.inverse = this.run(edits, entry, 'do');
    if (entry.inverse.length === 0) return null;
    return { docId: this.docId, entry };
  }

  /**
   * Undoes a detached action as far as the layer still holds what it made: an edit whose span
   * or relation was changed or removed since (by another program, or by the analyst) is left
   * alone and counted in `changed`.
   */
  undoDetached(d: DetachedEntry): DetachedOutcome {
    return this.replayDetached(d.entry, 'undo');
  }

  /** Redoes a detached action undone before, as far as the layer is still as the undo left it. */
  redoDetached(d: DetachedEntry): DetachedOutcome {
    return this.replayDetached(d.entry, 'do');
  }

  /**
   * The same annotator's layer of another document, for an action started here that writes
   * there too (tag all mentions across the project): the session this window keeps for it, read
   * again from disk, or a new one, kept (not shown) with the same seat and schema. Rejects,
   * saying why, when that layer cannot be written.
   */
  async sibling(docId: string): Promise<LayerSession> {
    const doc = await this.api.openDocument({ docId, annotators: [this.annotator] });
    const layer = doc.layers.find((l) => l.annotator === this.annotator);
    if (layer?.error) throw new Error(`${layer.error.file} could not be read (${layer.error.problems.join('; ')})`);
    const known = LayerSession.keptFor(docId, this.annotator);
    if (known && known.text === doc.text && (await known.refresh()) === 'ok') return known;
    const s = new LayerSession({
      api: this.api,
      docId,
      annotator: this.annotator,
      text: doc.text,
      spans: layer?.spans ?? [],
      relations: layer?.relations ?? [],
      orphans: layer?.orphans ?? [],
      labels: this.labels,
      relationTypes: this.relationTypes,
      ...(this.seats ? { seats: this.seats } : {}),
      retryMs: this.retryMs,
    });
    s.retire(); // kept for the window's session, not shown
    return s;
  }

  /**
   * Reads the layer from the service again and resolves once it is shown (after this window's
   * own edits are saved). Says whether the session can still be used.
   */
  refresh(): Promise<RefreshOutcome> {
    if (this.discarded) return Promise.resolve('gone');
    const done = new Promise<RefreshOutcome>((resolve) => this.refreshWaiters.push(resolve));
    this.reload('outside');
    return done;
  }

  /** Sends again now what failed to save (or asks for the seat again). */
  retry(): void {
    if (this.status.state !== 'error') return;
    if (this.seatReason) this.seats?.askAgain(this.annotator);
    else void this.flush();
  }

  /** A conflict decided: it leaves the list. */
  dismissConflict(conflict: EditConflict): void {
    this.conflicts = this.conflicts.filter((c) => c !== conflict);
    this.notifyState();
  }

  /** Resolves once nothing is queued or in flight (at once for a read-only layer with nothing to save). */
  whenSaved(): Promise<void> {
    if (!this.unsaved || this.discarded) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Reads the layer from the service again and shows it (after this window's own edits are
   * saved). Several asks while one is under way make one more reading.
   */
  reload(reason: ReloadReason): void {
    if (this.discarded) return;
    // A merge or a new seat says more than "changed outside", which says more than a check.
    const rank: Record<ReloadReason, number> = { check: 0, outside: 1, seat: 2, merged: 3 };
    if (this.reloadWanted === null || rank[reason] > rank[this.reloadWanted]) this.reloadWanted = reason;
    void this.runReload();
  }

  // ---- inside

  private replayDetached(entry: UndoEntry, direction: Step['direction']): DetachedOutcome {
    if (this.readOnlyReason) return { applied: 0, changed: [] };
    // Undo expects what the action made; redo expects what the undo left.
    const [expect, edits] = direction === 'undo' ? [entry.edits, entry.inverse] : [entry.inverse, entry.edits];
    const still = expectations(expect);
    const now = this.current();
    const fit: SpanEdit[] = [];
    const changed: string[] = [];
    for (const e of edits) {
      const target = targetOf(e);
      if (matchesOne(now, target, still)) fit.push(e);
      else if (target.kind === 'span') changed.push(this.spans.get(target.id)?.quote.exact ?? spanIn(expect, target.id)?.quote.exact ?? target.id);
    }
    const inverse = fit.length ? this.run(fit, entry, direction) : [];
    if (direction === 'undo') {
      entry.edits = inverse;
      entry.inverse = fit;
    } else {
      entry.inverse = inverse;
      entry.edits = fit;
    }
    return { applied: fit.length, changed };
  }

  /** The layer as shown, as plain data (shared maps: read only). */
  private current(): LayerData {
    return { spans: this.spans, relations: this.relations, settled: this.settled };
  }

  /**
   * Keeps in the history only the steps that still fit the layer as shown: undo steps whose
   * spans and relations are still as the step left them (walking back from the newest, as undo
   * would), redo steps whose are still as their undo left them. Another program's change to
   * what a step changed makes that step (and older ones that depend on it) go. Returns how many
   * went.
   */
  private pruneHistory(): number {
    let dropped = 0;
    const walk = (stack: UndoEntry[], expectOf: (e: UndoEntry) => SpanEdit[], stepOf: (e: UndoEntry) => SpanEdit[]): UndoEntry[] => {
      const sim = copyLayer(this.current());
      const sink = dataSink(sim);
      const keep: UndoEntry[] = [];
      for (let i = stack.length - 1; i >= 0; i--) {
        const e = stack[i]!;
        if (matchesAll(sim, expectations(expectOf(e)))) {
          applyEdits(sink, stepOf(e));
          keep.unshift(e);
        } else dropped++;
      }
      return keep;
    };
    this.undoStack = walk(this.undoStack, (e) => e.edits, (e) => e.inverse);
    this.redoStack = walk(this.redoStack, (e) => e.inverse, (e) => e.edits);
    return dropped;
  }

  private withCascade(edits: SpanEdit[]): SpanEdit[] {
    const out: SpanEdit[] = [];
    const gone = new Set<string>();
    for (let edit of edits) {
      if (edit.op === 'update') {
        // A relabel drops what the new label does not have (the editor says what).
        const next = edit.span;
        const old = this.spans.get(next.id);
        const to = this.labels.find((l) => l.id === next.label);
        if (old && to && old.label !== next.label) {
          const { span, dropped } = relabelled(next, to, this.labels);
          if (dropped.length) edit = { op: 'update', span };
        }
      }
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

  /** A sink onto the window's own layer, keeping the indexes and noting what to redraw. */
  private localSink(change: LayerChange | null): LayerSink {
    return {
      span: (id) => this.spans.get(id),
      setSpan: (id, span) => {
        const old = this.spans.get(id);
        if (old) {
          this.spans.delete(id);
          this.count(old.label, -1);
          change?.removed.push(id);
        }
        if (change && this.relationIndex.idsAt(id).size) change.relations = true;
        if (span) {
          this.spans.set(id, span);
          this.count(span.label, 1);
          change?.added.push(span);
        }
      },
      relation: (id) => this.relations.get(id),
      setRelation: (id, r) => {
        if (r) this.relationIndex.set(r);
        else this.relationIndex.delete(id);
        if (change) change.relations = true;
      },
      isSettled: (unit) => this.settled.has(unit),
      setSettled: (unit, on) => (on ? this.settled.add(unit) : this.settled.delete(unit)),
    };
  }

  private count(label: string, delta: number): void {
    this.labelCounts.set(label, (this.labelCounts.get(label) ?? 0) + delta);
  }

  private changed(change: LayerChange): void {
    this.version++;
    if (change.relations) this.relationVersion++;
    for (const l of this.changeListeners) l(change);
  }

  /** Applies edits to the layer, tells the editor, queues the save; returns the inverse edits. */
  private run(edits: SpanEdit[], entry: UndoEntry | null, direction: Step['direction']): SpanEdit[] {
    const change: LayerChange = { added: [], removed: [], relations: false };
    const { applied, inverse } = applyEdits(this.localSink(change), edits);
    this.changed(change);
    if (applied.length) this.queue.push({ edits: applied, entry, direction });
    this.flushSoon();
    return inverse;
  }

  /**
   * Sends what is queued once the edit is on screen (see sendAfterPaint). "Saved" never shows
   * meanwhile: the status says "Saving…" now. Actions made before the send go in one request.
   */
  private flushSoon(): void {
    if (this.sendWaiting) return;
    if (this.queue.length && !this.inFlight && !this.discarded && !this.seatReason && this.status.state === 'saved') {
      this.setStatus({ state: 'saving', pending: this.pendingCount });
    }
    this.sendWaiting = true;
    this.sendAfter(() => {
      this.sendWaiting = false;
      void this.flush();
    });
  }

  private setStatus(status: SaveStatus): void {
    this.status = status;
    this.notifyStatus();
  }

  private notifyStatus(): void {
    for (const l of this.statusListeners) l();
  }

  private notifyState(): void {
    for (const l of this.stateListeners) l();
  }

  private emit(event: SessionEvent): void {
    for (const l of this.eventListeners) l(event);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async flush(): Promise<void> {
    if (this.inFlight || this.discarded) return;
    this.clearRetry();
    while (this.queue.length && !this.seatReason && !this.discarded) {
      const steps = this.queue.splice(0, this.singly > 0 ? 1 : this.queue.length);
      if (this.singly > 0) this.singly--;
      this.inFlight = steps;
      // While a failed save is tried again, it stays "not saved" (no flicker to "Saving…" and back).
      const status = this.status;
      if (status.state === 'error' && status.kind === 'retrying') this.setStatus({ ...status, pending: this.pendingCount });
      else this.setStatus({ state: 'saving', pending: this.pendingCount });
      let result: EditResult;
      try {
        result = await this.api.applyEdits({ docId: this.docId, annotator: this.annotator, edits: steps.flatMap((s) => s.edits), clientId: CLIENT_ID });
      } catch (e) {
        this.inFlight = null;
        if (this.discarded) return;
        // A failure that is not the service's answer (the network, the IPC channel) may pass later.
        const code: ApiErrorCode = e instanceof ApiError ? e.code : 'io';
        const message = e instanceof Error ? e.message : String(e);
        const refused = REFUSED.has(code) || (code === 'internal' && this.failures + 1 >= INTERNAL_TRIES);
        if (!refused) {
          this.queue.unshift(...steps);
          if (code === 'locked') {
            this.loseSeat(message);
            return;
          }
          this.failures++;
          const delay = this.retryMs[Math.min(this.failures, this.retryMs.length) - 1]!;
          const words = ioWords(message);
          this.setStatus({ state: 'error', kind: 'retrying', message: words.full, short: words.short, pending: this.pendingCount });
          this.retryTimer = setTimeout(() => void this.flush(), delay);
          return;
        }
        this.failures = 0;
        if (steps.length > 1) {
          // Which of these actions was refused? Send them one at a time.
          this.queue.unshift(...steps);
          this.singly = steps.length;
          continue;
        }
        // "Already there": an earlier try was written though its answer was lost. That is a save.
        if (code === 'conflict' && (await this.alreadyOnDisk(steps[0]!))) {
          applyEdits(dataSink(this.acked), steps[0]!.edits);
          this.ackSeq++;
          continue;
        }
        this.takeBack(steps[0]!, message);
        // The service's layer is not what this window thought (a span already there, or gone):
        // read it again once the rest is saved, so the window shows what is on disk.
        if (code === 'conflict') this.reload('check');
        continue;
      }
      this.inFlight = null;
      this.failures = 0;
      const sink = dataSink(this.acked);
      for (const s of steps) applyEdits(sink, s.edits);
      this.ackSeq++;
      if (result.merged) this.merged(result.merged);
    }
    if (this.discarded) return;
    if (this.queue.length && this.seatReason) {
      this.setStatus({ state: 'error', kind: 'seat', message: this.seatReason, short: 'another window writes your annotations', pending: this.pendingCount });
      return;
    }
    if (!this.queue.length) {
      this.setStatus({ state: 'saved' });
      this.resolveIdle();
      this.leaveIfDone();
    }
  }

  private resolveIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private leaveIfDone(): void {
    if (this.retired && !this.unsaved) {
      sessions.delete(this);
      this.clearRetry();
      // A session kept for its history goes on following its seat: it may be shown again.
      if (kept.get(keyOf(this.docId, this.annotator)) !== this) this.unwatchSeat();
    }
  }

  /** Names things for messages: from this window's layer, from what was saved, from the edits at hand. */
  private namer(extra: readonly SpanEdit[] = []): Namer {
    const spans = new Map<string, Span>();
    const relations = new Map<string, Relation>();
    for (const e of extra) {
      if (e.op === 'add' || e.op === 'update') spans.set(e.span.id, e.span);
      if (e.op === 'addRelation') relations.set(e.relation.id, e.relation);
    }
    return {
      labels: this.labels,
      relationTypes: this.relationTypes,
      span: (id) => this.spans.get(id) ?? this.acked.spans.get(id) ?? spans.get(id),
      relation: (id) => this.relations.get(id) ?? this.acked.relations.get(id) ?? relations.get(id),
    };
  }

  /** Whether the service's layer already holds what an action makes (asked after it was refused as a conflict). */
  private async alreadyOnDisk(step: Step): Promise<boolean> {
    let layer: Layer | undefined;
    try {
      const doc = await this.api.openDocument(this.annotator === 'gold' ? { docId: this.docId, annotators: [], gold: true } : { docId: this.docId, annotators: [this.annotator] });
      if (doc.text !== this.text) return false;
      layer = this.annotator === 'gold' ? doc.gold : doc.layers.find((l) => l.annotator === this.annotator);
    } catch {
      return false;
    }
    if (!layer || layer.error) return false;
    const disk = layerData(layer.spans, layer.relations, layer.settled ?? []);
    return step.edits.every((e) => {
      switch (e.op) {
        case 'add':
        case 'update':
          return sameItem(disk.spans.get(e.span.id), e.span);
        case 'remove':
          return !disk.spans.has(e.id);
        case 'addRelation':
          return sameItem(disk.relations.get(e.relation.id), e.relation);
        case 'removeRelation':
          return !disk.relations.has(e.id);
        case 'settle':
          return disk.settled.has(e.unit);
        case 'unsettle':
          return !disk.settled.has(e.unit);
      }
    });
  }

  /**
   * The service refused one action: take it back (and anything queued that redoes or undoes
   * it), show the layer as acknowledged with the rest of the queue on top, and say why.
   */
  private takeBack(step: Step, reason: string): void {
    const namer = this.namer(step.edits);
    const before = (id: string) => this.acked.spans.get(id) ?? this.spans.get(id);
    const action = stepWords(namer, step.edits, before);
    const main = [...step.edits].reverse().find((e) => e.op !== 'removeRelation');
    const about = main?.op === 'remove' ? main.id : main?.op === 'add' || main?.op === 'update' ? main.span.id : undefined;
    // The document is named by the window already; its id says nothing more.
    const why = reasonWords(namer, reason, about).replace(` (${this.docId})`, '');
    const { entry } = step;
    if (entry) {
      this.forget(entry);
      this.queue = this.queue.filter((s) => s.entry !== entry);
    }
    const { emptied: dependants } = this.rebase();
    const more = dependants ? `, with ${dependants === 1 ? 'a later change that depended on it' : `${dependants} later changes that depended on it`}` : '';
    this.emit({ kind: 'refused', message: `${capitalised(action)} was not saved: ${why.replace(/\.$/, '')}. It has been taken back${more}.` });
  }

  private forget(entry: UndoEntry): void {
    this.undoStack = this.undoStack.filter((e) => e !== entry);
    this.redoStack = this.redoStack.filter((e) => e !== entry);
  }

  /**
   * Shows the layer as acknowledged with the queued actions applied on top of it, again. An
   * action left with nothing to do (it changed a span a refused action had added) goes, with its
   * undo entry. Returns how many went, and what changed on screen.
   */
  private rebase(): { emptied: number; shown: { added: number; removed: number; changed: number } } {
    const target = copyLayer(this.acked);
    const sink = dataSink(target);
    let emptied = 0;
    const kept: Step[] = [];
    for (const step of [...(this.inFlight ?? []), ...this.queue]) {
      const { applied, inverse } = applyEdits(sink, step.edits);
      if (applied.length === 0) {
        emptied++;
        if (step.entry) this.forget(step.entry);
        continue;
      }
      step.edits = applied;
      if (step.entry) {
        if (step.direction === 'do') step.entry.inverse = inverse;
        else step.entry.edits = inverse;
      }
      kept.push(step);
    }
    this.queue = kept.filter((s) => !this.inFlight?.includes(s));
    return { emptied, shown: this.show(target) };
  }

  /** Makes the window's layer this one, redrawing only what differs. Returns the counts. */
  private show(target: LayerData): { added: number; removed: number; changed: number } {
    const change: LayerChange = { added: [], removed: [], relations: false };
    const sink = this.localSink(change);
    let added = 0;
    let removed = 0;
    let changedCount = 0;
    for (const id of [...this.spans.keys()]) {
      if (!target.spans.has(id)) {
        sink.setSpan(id, undefined);
        removed++;
      }
    }
    for (const [id, span] of target.spans) {
      const old = this.spans.get(id);
      if (old === span) continue;
      if (old && sameItem(old, span)) {
        target.spans.set(id, old); // keep the object the editor knows
        continue;
      }
      if (old) changedCount++;
      else added++;
      sink.setSpan(id, span);
    }
    for (const id of [...this.relations.keys()]) if (!target.relations.has(id)) sink.setRelation(id, undefined);
    for (const [id, r] of target.relations) {
      const old = this.relations.get(id);
      if (old !== r && !sameItem(old, r)) sink.setRelation(id, r);
    }
    for (const unit of [...this.settled]) if (!target.settled.has(unit)) this.settled.delete(unit);
    for (const unit of target.settled) this.settled.add(unit);
    this.changed(change);
    return { added, removed, changed: changedCount };
  }

  /** A save went onto a version changed outside: read the layer again, then show the conflicts. */
  private merged(outcome: MergeOutcome): void {
    this.conflictsWaiting.push(...outcome.conflicts);
    this.reload('merged');
  }

  private async runReload(): Promise<void> {
    if (this.reloading) return;
    this.reloading = true;
    try {
      while (this.reloadWanted && !this.discarded) {
        await this.whenSaved();
        if (this.discarded) return;
        const reason = this.reloadWanted;
        this.reloadWanted = null;
        const seq = this.ackSeq;
        let doc: OpenedDocument;
        try {
          doc = await this.api.openDocument(this.annotator === 'gold' ? { docId: this.docId, annotators: [], gold: true } : { docId: this.docId, annotators: [this.annotator] });
        } catch (e) {
          if (e instanceof ApiError && e.code === 'not-found') {
            this.lastRefresh = 'gone';
            this.emit({ kind: 'gone', message: e.message });
            return;
          }
          this.reloadWanted ??= reason;
          await new Promise((r) => setTimeout(r, this.retryMs[this.retryMs.length - 1]));
          continue;
        }
        if (this.discarded) return;
        // Saved meanwhile: what was read may predate it; read again.
        if (this.ackSeq !== seq || this.unsaved) {
          this.reloadWanted ??= reason;
          continue;
        }
        if (doc.text !== this.text) {
          this.lastRefresh = 'text-changed';
          this.emit({ kind: 'text-changed', doc });
          return;
        }
        const layer: Layer | undefined = this.annotator === 'gold' ? doc.gold : doc.layers.find((l) => l.annotator === this.annotator);
        if (layer?.error && !this.fileProblem) {
          this.lastRefresh = 'unreadable';
          this.emit({ kind: 'unreadable', doc });
          return;
        }
        this.acked = layerData(layer?.spans ?? [], layer?.relations ?? [], layer?.settled ?? []);
        const { shown } = this.rebase();
        const undoDropped = this.pruneHistory();
        this.orphans = layer?.orphans ?? [];
        if (this.conflictsWaiting.length) {
          this.conflicts = [...this.conflicts, ...this.conflictsWaiting];
          this.emit({ kind: 'conflicts', conflicts: this.conflictsWaiting });
          this.conflictsWaiting = [];
        }
        this.notifyState();
        this.lastRefresh = 'ok';
        this.emit({ kind: 'reloaded', reason, ...shown, undoDropped });
      }
    } finally {
      this.reloading = false;
      const waiters = this.refreshWaiters;
      this.refreshWaiters = [];
      for (const w of waiters) w(this.discarded ? 'gone' : this.lastRefresh);
    }
  }

  private loseSeat(message: string): void {
    if (this.seats) this.seats.lost(this.annotator, message);
    else this.onSeat({ annotator: this.annotator, held: false, holder: null, message });
  }

  private onSeat(s: SeatStatus): void {
    if (this.discarded) return;
    if (!s.held) {
      if (this.seatReason === s.message) return;
      this.seatReason = s.message;
      if (this.unsaved && !this.inFlight) this.setStatus({ state: 'error', kind: 'seat', message: s.message, short: 'another window writes your annotations', pending: this.pendingCount });
      else this.notifyStatus();
      this.notifyState();
      this.emit({ kind: 'seat', held: false, message: s.message });
      return;
    }
    if (this.seatReason === null) return;
    this.seatReason = null;
    this.notifyStatus();
    this.notifyState();
    this.emit({ kind: 'seat', held: true, message: null });
    void this.flush();
    this.reload('seat');
  }
}

type Target = { kind: 'span' | 'relation' | 'unit'; id: string };

function targetOf(e: SpanEdit): Target {
  switch (e.op) {
    case 'add':
    case 'update':
      return { kind: 'span', id: e.span.id };
    case 'remove':
      return { kind: 'span', id: e.id };
    case 'addRelation':
      return { kind: 'relation', id: e.relation.id };
    case 'removeRelation':
      return { kind: 'relation', id: e.id };
    case 'settle':
    case 'unsettle':
      return { kind: 'unit', id: e.unit };
  }
}

/** What a layer holds after `edits`, for each thing they touch (null: absent, or not settled). */
interface Expected {
  spans: Map<string, Span | null>;
  relations: Map<string, Relation | null>;
  units: Map<string, boolean>;
}

function expectations(edits: readonly SpanEdit[]): Expected {
  const out: Expected = { spans: new Map(), relations: new Map(), units: new Map() };
  for (const e of edits) {
    if (e.op === 'add' || e.op === 'update') out.spans.set(e.span.id, e.span);
    else if (e.op === 'remove') out.spans.set(e.id, null);
    else if (e.op === 'addRelation') out.relations.set(e.relation.id, e.relation);
    else if (e.op === 'removeRelation') out.relations.set(e.id, null);
    else out.units.set(e.unit, e.op === 'settle');
  }
  return out;
}

function matchesOne(data: LayerData, t: Target, x: Expected): boolean {
  if (t.kind === 'span') {
    const want = x.spans.get(t.id);
    return want === undefined || (want === null ? !data.spans.has(t.id) : sameItem(data.spans.get(t.id), want));
  }
  if (t.kind === 'relation') {
    const want = x.relations.get(t.id);
    return want === undefined || (want === null ? !data.relations.has(t.id) : sameItem(data.relations.get(t.id), want));
  }
  const want = x.units.get(t.id);
  return want === undefined || data.settled.has(t.id) === want;
}

function matchesAll(data: LayerData, x: Expected): boolean {
  for (const id of x.spans.keys()) if (!matchesOne(data, { kind: 'span', id }, x)) return false;
  for (const id of x.relations.keys()) if (!matchesOne(data, { kind: 'relation', id }, x)) return false;
  for (const id of x.units.keys()) if (!matchesOne(data, { kind: 'unit', id }, x)) return false;
  return true;
}

function spanIn(edits: readonly SpanEdit[], id: string): Span | undefined {
  for (const e of edits) if ((e.op === 'add' || e.op === 'update') && e.span.id === id) return e.span;
  return undefined;
}
