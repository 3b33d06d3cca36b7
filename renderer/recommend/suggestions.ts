import type { EditorView } from 'prosemirror-view';
import { TextSelection } from 'prosemirror-state';
import type { StandoffApi } from '../../shared/api/contract';
import type { RecommenderInfo, Suggestion } from '../../shared/api/recommend';
import type { TextPositions } from '../../shared/text/positions';
import { CLIENT_ID } from '../api/clientId';
import { spanKey, type SpanMeta } from '../editor/spanPlugin';
import { domSelection } from '../editor/domSelection';
import type { LayerSession } from '../state/layerSession';
import { neighbourSuggestion, suggestionKey, suggestionsOver, suggestionPlugin, type SuggestionLook, type SuggestionMeta, type SuggestionState } from './suggestionPlugin';

/** What the side panel and the popover read: changes as suggestions come, go and are chosen. */
export interface SuggestionsView {
  /** null until the first answer. */
  loaded: boolean;
  /** The service is asking the recommenders. */
  loading: boolean;
  suggestions: readonly Suggestion[];
  current: Suggestion | null;
  /** Recommenders that could not answer, and a refusal of the whole request, in words. */
  problems: ReadonlyArray<{ recommender: string; message: string }>;
  /** How long the last answer took, in milliseconds (the service's figure). */
  tookMs: number | null;
  /** A decision on its way to the service. */
  busy: boolean;
  /** The project's recommenders as last read (names, kinds, measured quality). */
  recommenders: readonly RecommenderInfo[];
}

/** One letter or two that tell the recommender kinds apart in the text. */
const KIND_MARK: Record<RecommenderInfo['kind'], string> = { rules: 'R', learned: 'L', external: 'E', predictions: 'P' };

/**
 * The suggestions of one open layer: asks the service for them, draws them through the
 * suggestion plugin, moves between them and sends the analyst's decisions. Accepting is the
 * service's work (one save of the layer, as applyEdits does, which the layer session then reads
 * back); rejecting is remembered by the service for this annotator and document.
 */
export class SuggestionController {
  readonly plugin;
  private view: EditorView | null = null;
  private listeners = new Set<() => void>();
  private snapshot: SuggestionsView = { loaded: false, loading: false, suggestions: [], current: null, problems: [], tookMs: null, busy: false, recommenders: [] };
  private recommenders = new Map<string, RecommenderInfo>();
  private request = 0;
  private disposed = false;
  private stopSession: () => void;

  constructor(
    private readonly api: StandoffApi,
    private readonly session: LayerSession,
    private readonly positions: TextPositions,
    private readonly labels: { color(id: string): string | undefined; name(id: string): string },
    /** Something the analyst should read in the status line. */
    private readonly notice: (message: string) => void,
  ) {
    const look: SuggestionLook = {
      color: (label) => labels.color(label),
      labelName: (label) => labels.name(label),
      recommenderName: (id) => this.recommenderName(id),
      recommenderMark: (id) => this.recommenderMark(id),
    };
    this.plugin = suggestionPlugin(positions, look, () => this.refreshSnapshot());
    // A span the analyst makes by hand where a suggestion was (same label and boundaries) settles it.
    this.stopSession = session.onChange((change) => {
      if (!change.added.length || !this.view) return;
      const state = this.state();
      if (!state?.suggestions.length) return;
      // Looked up by place, not by going through every suggestion: this runs inside the key's handler.
      const gone = change.added.flatMap((span) => suggestionsOver(state, span.startOffset, span.endOffset).filter((s) => s.label === span.label).map((s) => s.id));
      if (gone.length) this.dispatch({ kind: 'remove', ids: gone });
    });
  }

  attach(view: EditorView): void {
    this.view = view;
    window.addEventListener('pointerdown', this.onPointerDown, true);
    window.addEventListener('pointerup', this.onPointerUp, true);
    this.refreshSnapshot();
  }

  dispose(): void {
    this.disposed = true;
    this.view = null;
    window.removeEventListener('pointerdown', this.onPointerDown, true);
    window.removeEventListener('pointerup', this.onPointerUp, true);
    this.stopSession();
    this.listeners.clear();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SuggestionsView => this.snapshot;

  recommenderName(id: string): string {
    return this.recommenders.get(id)?.name ?? id;
  }

  /** The mark drawn before its suggestions: the recommender's kind in one letter. */
  recommenderMark(id: string): string {
    const r = this.recommenders.get(id);
    return r ? KIND_MARK[r.kind] : id.slice(0, 1).toUpperCase();
  }

  setRecommenders(list: readonly RecommenderInfo[]): void {
    this.recommenders = new Map(list.map((r) => [r.id, r]));
    this.update({ recommenders: list });
  }

  /** Reads the recommenders again (switched, measured, trained), and then, if asked, the suggestions. */
  async reloadAll(suggestionsToo = true): Promise<void> {
    try {
      this.setRecommenders(await this.api.listRecommenders({}));
    } catch {
      // The suggestions' answer says what is wrong.
    }
    if (suggestionsToo) await this.load();
  }

  /** Asks the service for this layer's suggestions again (the enabled recommenders'). */
  async load(): Promise<void> {
    const mine = ++this.request;
    this.update({ loading: true });
    try {
      const set = await this.api.suggest({ docId: this.session.docId, annotator: this.session.annotator });
      if (mine !== this.request || this.disposed) return;
      // What the analyst tagged while the service was thinking is not proposed again.
      const held = new Set([...this.session.spans.values()].map((s) => `${s.label}:${s.startOffset}-${s.endOffset}`));
      const fresh = set.suggestions.filter((s) => !held.has(`${s.label}:${s.startOffset}-${s.endOffset}`));
      this.dispatch({ kind: 'set', suggestions: fresh });
      this.update({ loaded: true, loading: false, problems: set.problems, tookMs: set.tookMs });
    } catch (e) {
      if (mine !== this.request || this.disposed) return;
      this.dispatch({ kind: 'set', suggestions: [] });
      this.update({ loaded: true, loading: false, problems: [{ recommender: '', message: (e as Error).message }], tookMs: null });
    }
  }

  current(): Suggestion | null {
    const s = this.state();
    return s?.currentId ? (s.byId.get(s.currentId) ?? null) : null;
  }

  /** Makes a suggestion current: the text scrolls to it and no span stays selected. */
  choose(id: string | null, scroll = true): void {
    const view = this.view;
    const s = id ? this.state()?.byId.get(id) : undefined;
    if (!view) return;
    const tr = view.state.tr.setMeta(suggestionKey, { kind: 'current', id: s ? s.id : null } satisfies SuggestionMeta);
    if (s) {
      // One thing at a time is what the keys act on: no span stays selected.
      tr.setMeta(spanKey, { kind: 'select', id: null } satisfies SpanMeta);
      tr.setSelection(TextSelection.create(tr.doc, this.positions.toPos(s.startOffset)));
      if (scroll) tr.scrollIntoView();
    }
    view.dispatch(tr);
    this.refreshSnapshot();
  }

  /** The next (1) or previous (-1) suggestion after the current one or the caret; false when there is none. */
  step(direction: 1 | -1): boolean {
    const view = this.view;
    const state = this.state();
    if (!view || !state) return false;
    const caret = this.positions.toOffset(view.state.selection.from);
    const next = neighbourSuggestion(state, caret, direction);
    if (!next) {
      const count = state.suggestions.length;
      this.notice(count === 0 ? this.noneWords() : direction === 1 ? 'No suggestion after this one ([ goes back).' : 'No suggestion before this one.');
      return false;
    }
    this.choose(next.id);
    return true;
  }

  /** Accepts the current suggestion (or those given): they become the analyst's spans, in one save. */
  async accept(ids?: readonly string[]): Promise<void> {
    const state = this.state();
    const chosen = (ids ?? (state?.currentId ? [state.currentId] : [])).map((id) => state?.byId.get(id)).filter((s): s is Suggestion => !!s);
    if (!state || chosen.length === 0) return;
    if (this.session.readOnlyReason) return this.notice(`Read-only: ${this.session.readOnlyReason}`);
    const after = this.afterDeciding(chosen);
    this.dispatch({ kind: 'remove', ids: chosen.map((s) => s.id), current: after });
    this.update({ busy: true });
    try {
      // The service writes onto the layer as it is on disk: this window's own edits go first.
      await this.session.whenSaved();
      const result = await this.api.acceptSuggestions({
        docId: this.session.docId,
        annotator: this.session.annotator,
        suggestionIds: chosen.map((s) => s.id),
        clientId: CLIENT_ID,
      });
      await this.session.refresh();
      // One undo step, as a span tagged by hand: Ctrl+Z takes the accepted spans away again.
      this.session.adopt(result.spanIds);
      const what = chosen.length === 1 ? `${this.labels.name(chosen[0]!.label)} “${short(chosen[0]!.exact)}”` : `${result.accepted} suggestions`;
      const skipped = result.skipped.length ? ` Not taken: ${result.skipped.join('; ')}.` : '';
      this.notice(`Accepted ${what}: now your span${result.accepted === 1 ? '' : 's'} (Tab selects it; Ctrl+Z takes it back).${skipped}${this.leftWords()}`);
    } catch (e) {
      this.dispatch({ kind: 'restore', suggestions: chosen, current: chosen[0]!.id });
      this.notice(`Could not accept: ${(e as Error).message}`);
    } finally {
      this.update({ busy: false });
    }
  }

  /** Every suggestion of the current one's recommender in this document, accepted at once. */
  async acceptAllOf(recommender?: string): Promise<void> {
    const id = recommender ?? this.current()?.recommender;
    if (!id) return this.notice('Go to a suggestion first (]), then Shift+A accepts every suggestion of its recommender here.');
    const ids = (this.state()?.suggestions ?? []).filter((s) => s.recommender === id).map((s) => s.id);
    if (ids.length) await this.accept(ids);
  }

  /** Rejects the current suggestion: remembered by the service, not proposed again. */
  async reject(ids?: readonly string[]): Promise<void> {
    const state = this.state();
    const chosen = (ids ?? (state?.currentId ? [state.currentId] : [])).map((id) => state?.byId.get(id)).filter((s): s is Suggestion => !!s);
    if (!state || chosen.length === 0) return;
    const after = this.afterDeciding(chosen);
    this.dispatch({ kind: 'remove', ids: chosen.map((s) => s.id), current: after });
    this.update({ busy: true });
    try {
      await this.api.rejectSuggestions({ docId: this.session.docId, annotator: this.session.annotator, suggestionIds: chosen.map((s) => s.id) });
      const what = chosen.length === 1 ? `${this.labels.name(chosen[0]!.label)} “${short(chosen[0]!.exact)}”` : `${chosen.length} suggestions`;
      this.notice(`Rejected ${what}: it will not be proposed again.${this.leftWords()}`);
    } catch (e) {
      this.dispatch({ kind: 'restore', suggestions: chosen, current: chosen[0]!.id });
      this.notice(`Could not reject: ${(e as Error).message}`);
    } finally {
      this.update({ busy: false });
    }
  }

  // ---- inside

  /** Where the analyst goes once these are decided: the next suggestion after them, else the one before. */
  private afterDeciding(decided: readonly Suggestion[]): string | null {
    const list = this.state()?.suggestions ?? [];
    const gone = new Set(decided.map((s) => s.id));
    const last = list.indexOf(decided[decided.length - 1]!);
    for (let i = last + 1; i < list.length; i++) if (!gone.has(list[i]!.id)) return list[i]!.id;
    for (let i = list.indexOf(decided[0]!) - 1; i >= 0; i--) if (!gone.has(list[i]!.id)) return list[i]!.id;
    return null;
  }

  private leftWords(): string {
    const n = this.state()?.suggestions.length ?? 0;
    return n === 0 ? ' No suggestions left here.' : ` ${n} left.`;
  }

  private noneWords(): string {
    const p = this.snapshot.problems;
    if (p.length && !this.snapshot.suggestions.length) return `No suggestions: ${p.map((x) => x.message).join('; ')}`;
    return 'No suggestions in this document (the recommenders panel switches them on).';
  }

  private state(): SuggestionState | undefined {
    return this.view && !this.view.isDestroyed ? suggestionKey.getState(this.view.state) : undefined;
  }

  private dispatch(meta: SuggestionMeta): void {
    const view = this.view;
    if (!view || view.isDestroyed) return;
    // Nothing proposed before or now (recommenders off): no transaction, nothing redrawn.
    if (meta.kind === 'set' && meta.suggestions.length === 0 && !this.state()?.suggestions.length) return;
    // A new answer redraws the text around every suggestion: while the analyst is dragging a
    // selection it waits for the mouse button to come up, or the drag would lose its anchor.
    if (meta.kind === 'set' && this.pointerDown) {
      this.waiting = meta;
      return;
    }
    const tr = view.state.tr.setMeta(suggestionKey, meta);
    // Carry the selection the browser shows now, which ProseMirror may not have read yet.
    const live = domSelection(view);
    if (live) tr.setSelection(TextSelection.create(tr.doc, live.anchor, live.head));
    view.dispatch(tr);
    this.refreshSnapshot();
  }

  private pointerDown = false;
  private waiting: SuggestionMeta | null = null;
  private readonly onPointerDown = (e: PointerEvent) => {
    if (this.view && e.target instanceof Node && this.view.dom.contains(e.target)) this.pointerDown = true;
  };
  private readonly onPointerUp = () => {
    if (!this.pointerDown) return;
    this.pointerDown = false;
    const meta = this.waiting;
    this.waiting = null;
    // After the click's own handling (selection, span chosen) has run.
    if (meta) setTimeout(() => this.dispatch(meta), 0);
  };

  private update(part: Partial<SuggestionsView>): void {
    this.snapshot = { ...this.snapshot, ...part };
    this.emit();
  }

  /** Reads the plugin's state into the snapshot (after each transaction of ours or a click). */
  refreshSnapshot(): void {
    const s = this.state();
    const suggestions = s?.suggestions ?? [];
    const current = this.current();
    if (suggestions === this.snapshot.suggestions && current === this.snapshot.current) return;
    this.snapshot = { ...this.snapshot, suggestions, current };
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

const short = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
