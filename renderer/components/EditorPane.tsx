import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ProjectInfo } from '../../shared/api/contract';
import type { Entity } from '../../shared/entities';
import { relationTypesFor, type RelationType } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';
import { createArticleEditor, type ArticleEditor } from '../editor/createEditor';
import { digitOf, newRelationId } from '../editor/keys';
import type { CommandDef } from '../commands/keymap';
import { useCommand, useKeyContext, useRegion } from '../commands/hooks';
import { currentRegion, dialogOpen, provideVariants, type Variant } from '../commands/registry';
import type { InspectorActions } from '../inspector/Inspector';
import { setAttributes } from '../inspector/Inspector';
import { keyedValue, withValue } from '../inspector/attributeValues';
import type { EntityCache } from '../state/entities';
import { MentionsPanel } from './MentionsPanel';
import type { OpenDoc, Reveal } from './openDoc';
import { FindBar } from './FindBar';
import { Sidebar } from './Sidebar';
import { LabelStyles } from './LabelStyles';
import { afterPaint } from '../state/afterPaint';
import { Shared } from '../state/useLayer';
import { ConflictPanel, OrphanPanel, RefusalAlert, SeatBanner } from './LayerAlerts';
import { SaveProblemBanner } from './SaveIndicator';
import { useSuggestions } from '../recommend/useSuggestions';
import { SuggestionCard, SuggestionPanel } from '../recommend/SuggestionPanel';
import { RecommendersDialog } from '../recommend/RecommendersDialog';

/** Relation mode: R on a span starts it; a span chosen next ends it; a digit picks the type. */
type RelationMode = { from: string } | { from: string; to: string; types: RelationType[] };

/**
 * The open document: its text with spans and relations, a find bar, the palette and the
 * inspector of the selected span, and the mentions panel.
 */
export function EditorPane({
  project,
  open,
  reveal,
  entities,
  mentionsOf,
  setMentionsOf,
  onEditLabels,
  onSpanCount,
  finished,
  onFinished,
}: {
  project: ProjectInfo;
  open: OpenDoc;
  reveal: Reveal | null;
  entities: EntityCache;
  /** The entity whose mentions are listed (tag all mentions), or null. */
  mentionsOf: Entity | null;
  setMentionsOf: (entity: Entity | null) => void;
  onEditLabels: () => void;
  /** Spans were saved in another document (tag all mentions). */
  onSpanCount: (docId: string, count: number) => void;
  /** The annotator has marked this document finished (exports can take finished documents only). */
  finished: boolean;
  /** Rejects, saying why, when the mark could not be written. */
  onFinished: (finished: boolean) => Promise<void>;
}) {
  const mount = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<ArticleEditor | null>(null);
  /**
   * The span selected in the text, as the side panel shows it (set once the frame is painted).
   * Only the parts of the side panel that show it re-render when it changes; this pane does not.
   */
  const selected = useMemo(() => new Shared<string | null>(null), []);
  /**
   * What waits for the side panel to show a span (a key may come in the same frame as the tag
   * that selected it, before the panel has caught up): run once the selected span shown is it.
   */
  const whenShown = useRef<{ spanId: string; then: Array<() => void>; before: string | null } | null>(null);
  const shownId = useRef<string | null>(null);
  /** Runs `then` once the side panel shows the span; what waits for the same span runs in the order it came. */
  const whenInspectorShows = (spanId: string, then: () => void) => {
    if (shownId.current === spanId) then();
    else if (whenShown.current?.spanId === spanId) whenShown.current.then.push(then);
    else whenShown.current = { spanId, then: [then], before: shownId.current };
  };
  const onSpanShown = useCallback((id: string | null) => {
    shownId.current = id;
    const waiting = whenShown.current;
    if (!waiting) return;
    if (waiting.spanId === id || id !== waiting.before) whenShown.current = null;
    // Shown: run them. Another span selected meanwhile: they no longer apply.
    if (waiting.spanId === id) for (const then of waiting.then) then();
  }, []);
  const focusField = (fieldId: string, spanId: string) => whenInspectorShows(spanId, () => document.getElementById(fieldId)?.focus());
  const [relation, setRelationState] = useState<RelationMode | null>(null);
  const actions = useRef<InspectorActions>({ accept: null });
  // The key handler is made once with the editor; it reads what changes through this ref.
  const live = useRef({ relation, editor: null as ArticleEditor | null });
  live.current.editor = editor;
  /** Keys come faster than renders: the handler must see a mode change at once. */
  const setRelation = (mode: RelationMode | null) => {
    live.current.relation = mode;
    setRelationState(mode);
  };
  const [findOpen, setFindOpen] = useState(false);
  const [findFocus, setFindFocus] = useState(0);
  const openFind = () => {
    setFindOpen(true);
    setFindFocus((n) => n + 1);
  };
  const [notice, setNotice] = useState<string | null>(null);
  /** An action the service refused and that was taken back: shown until read. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const { session, doc, problem } = open;
  // The recommenders' suggestions over the text (renderer/recommend): their plugin joins the editor's.
  const suggestions = useSuggestions({ project, session, positions: open.positions, editor, notice: setNotice });
  const suggestionsNow = useRef(suggestions);
  suggestionsNow.current = suggestions;
  const [recommendersOpen, setRecommendersOpen] = useState(false);
  // The side panels follow the layer themselves, after the text has been painted (useLayerValue):
  // an edit does not render this pane. Read-only or not, orphans, conflicts (seldom) do.
  const [, setStateTick] = useState(0);
  useEffect(() => session.onState(() => setStateTick((n) => n + 1)), [session]);

  // What the layer has to say: refused actions, changes from outside, the seat.
  useEffect(
    () =>
      session.onEvent((e) => {
        if (e.kind === 'refused') setRefusal(e.message);
        else if (e.kind === 'linked') setNotice(e.message);
        else if (e.kind === 'seat' && !e.held) setNotice('Another window now writes your annotations: this one is read-only until it closes.');
        else if (e.kind === 'reloaded') {
          const parts = [
            e.added && `${e.added} added`,
            e.removed && `${e.removed} removed`,
            e.changed && `${e.changed} changed`,
          ].filter(Boolean);
          // Undo steps that no longer fit what another program wrote went from the history: say so.
          const dropped = e.undoDropped ? ` ${e.undoDropped === 1 ? 'One undo step no longer fits' : `${e.undoDropped} undo steps no longer fit`} and ${e.undoDropped === 1 ? 'was' : 'were'} dropped; the rest still undo.` : '';
          if (dropped && !parts.length) setNotice(`Your annotations of this document were changed by another program.${dropped}`);
          if (e.reason === 'seat') setNotice(`You can annotate again: the other window has closed.${parts.length ? ` Its changes are shown: ${parts.join(', ')}.` : ''}`);
          else if (e.reason === 'merged')
            setNotice(
              `Another program had changed your annotations of this document; your changes were saved onto its version${session.conflicts.length ? ', except those listed above' : ''}.`,
            );
          else if (e.reason === 'check') {
            if (parts.length) setNotice(`Your annotations were read again from disk after a refused change: ${parts.join(', ')}.`);
          } else if (parts.length) setNotice(`Your annotations of this document were changed by another program: ${parts.join(', ')}.${dropped}`);
        }
      }),
    [session],
  );

  // Opened again because its text changed on disk: say what became of the spans.
  useEffect(() => {
    if (!open.textChanged) return;
    const layer = open.doc.layers.find((l) => l.annotator === session.annotator);
    const moved = layer?.reanchored ?? 0;
    const lost = session.orphans.length;
    setNotice(
      `The text of this document was changed by another program and is shown as it is now.${moved ? ` ${moved === 1 ? 'One of your spans was' : `${moved} of your spans were`} moved with its words.` : ''}${lost ? ` ${lost === 1 ? 'One' : lost} could not be placed: see the list above.` : ''}`,
    );
  }, [open, session]);

  useLayoutEffect(() => {
    const ed = createArticleEditor({
      mount: mount.current!,
      positions: open.positions,
      labels: project.labels,
      relationTypes: project.relations,
      snapToWords: project.settings.snapToWords,
      session,
      extraPlugins: [suggestions.controller.plugin],
      callbacks: {
        onSelectSpan: (id, byClick) => {
          suggestionsNow.current.spanSelected(id);
          afterPaint(() => selected.set(id));
          const mode = live.current.relation;
          if (byClick && id && mode && !('to' in mode) && id !== mode.from) endRelation(mode.from, id);
        },
        onNotice: setNotice,
        onCommand: (command, event, id) => (command.id.startsWith('suggestion.') && !live.current.relation ? suggestionsNow.current.command(command) : spanKey(command, event, id)),
        contexts: () => (live.current.relation ? ['relation'] : suggestionsNow.current.contexts()),
      },
    });
    setEditor(ed);
    // Not from under a dialog (the document is opened again after an import, say), nor from a
    // list the analyst is going through with ↑/↓ (the documents, My queue): Enter goes to the text.
    if (!dialogOpen() && currentRegion() !== 'documents' && !document.activeElement?.closest('[role="listbox"]')) ed.view.focus();
    open.onPainted();
    return () => {
      setEditor(null); // nothing below (the find bar, the side panel) keeps a destroyed editor
      ed.destroy();
    };
  }, [open, project, session]);

  const spanName = (s: Span | undefined) => (s ? `${project.labels.find((l) => l.id === s.label)?.name ?? s.label} “${s.quote.exact.length > 30 ? `${s.quote.exact.slice(0, 30)}…` : s.quote.exact}”` : '');

  /** The second span of a relation is chosen: offer the types that may join them. */
  const endRelation = (fromId: string, toId: string) => {
    const from = session.spans.get(fromId);
    const to = session.spans.get(toId);
    if (!from || !to) return setRelation(null);
    if (fromId === toId) return setNotice('A relation joins two different spans: choose another one.');
    const types = relationTypesFor(project.relations, from.label, to.label);
    if (types.length === 0) {
      setNotice(`No relation type goes from ${spanName(from)} to ${spanName(to)}. Choose another span, or Esc.`);
      return;
    }
    setRelation({ from: fromId, to: toId, types });
  };

  /** Makes (or, if it is there already, removes) a relation of the chosen type; one undoable step. */
  const makeRelation = (mode: { from: string; to: string }, type: RelationType) => {
    const existing = session.relationsAt(mode.from).find((r) => r.from === mode.from && r.to === mode.to && r.type === type.id);
    if (existing) {
      session.apply([{ op: 'removeRelation', id: existing.id }]);
      setNotice(`Relation removed: ${type.name}.`);
    } else {
      session.apply([{ op: 'addRelation', relation: { id: newRelationId(), type: type.id, from: mode.from, to: mode.to } }]);
      setNotice(`${spanName(session.spans.get(mode.from))} — ${type.name} → ${spanName(session.spans.get(mode.to))}`);
    }
    setRelation(null);
    live.current.editor?.selectSpan(mode.from);
  };

  /**
   * Commands of the key map that act on the selected span, seen before the editor's own:
   * relation mode, R, A, M, and the attribute keys of its label (a choice cycles, yes/no
   * toggles, other types go to their field in the inspector).
   */
  const spanKey = (command: CommandDef, event: KeyboardEvent, id: string | null): boolean => {
    const mode = live.current.relation;
    if (mode) {
      if (command.id === 'relation.cancel') {
        setRelation(null);
        setNotice('Relation cancelled.');
        return true;
      }
      if ('to' in mode) {
        const digit = command.id === 'relation.type' ? digitOf(event) : null;
        const type = digit ? mode.types[Number(digit) - 1] : command.id === 'relation.target' ? mode.types[0] : undefined;
        if (type) makeRelation(mode, type);
        return true; // nothing else while the type is being chosen
      }
      if (command.id === 'relation.target' && id) {
        endRelation(mode.from, id);
        return true;
      }
      return false; // Tab, clicks and arrows choose the target as usual
    }
    if (command.id === 'span.note') {
      // The selected span's note, or the document's when none is selected.
      if (id) focusField('span-note', id);
      else document.getElementById('document-note')?.focus();
      return true;
    }
    if (!id) return false;
    const span = session.spans.get(id);
    const label = span && project.labels.find((l) => l.id === span.label);
    if (!span || !label) return false;
    switch (command.id) {
      case 'span.relation':
        if (!project.relations.some((r) => r.from.includes(span.label))) setNotice(`No relation type starts at a span labelled ${label.name}.`);
        else {
          setRelation({ from: id });
          setNotice(null);
        }
        return true;
      case 'span.accept':
        whenInspectorShows(id, () => {
          if (actions.current.accept) actions.current.accept();
          else setNotice('Nothing proposed to accept for this span.');
        });
        return true;
      case 'span.mentions': {
        const entityId = label.attributes.find((a) => a.type === 'entity' && typeof span.attributes?.[a.id] === 'string');
        const entity = entityId ? entities.resolve(span.attributes![entityId.id] as string) : undefined;
        if (entity) setMentionsOf(entity);
        else setNotice('Link this span to an entity first (E), then M finds its other mentions.');
        return true;
      }
      case 'span.attribute': {
        const def = label.attributes.find((a) => a.key === event.key.toLowerCase());
        if (!def) return false;
        if (session.readOnlyReason) return true;
        const { shiftKey } = event;
        // The span as it is when the key acts (a key before it may have changed it).
        const apply = () => {
          const now = session.spans.get(id);
          if (!now) return;
          const next = keyedValue(def, now.attributes?.[def.id], shiftKey);
          if (next === null) focusField(`attr-${def.id}`, id);
          else setAttributes(session, live.current.editor, now, withValue(now.attributes, def.id, next));
        };
        // After a key still waiting for the side panel (A accepts what it proposes), not before
        // it: A then V sets "vague" on the accepted reading, as typed.
        if (whenShown.current?.spanId === id) whenInspectorShows(id, apply);
        else apply();
        return true;
      }
      default:
        return false;
    }
  };

  const linkEntity = async (span: Span, choice: { entity: Entity } | { create: string }) => {
    const annotator = session.annotator;
    const kindNow = typeof span.attributes?.kind === 'string' ? span.attributes.kind : undefined;
    try {
      let entity = 'entity' in choice ? choice.entity : await entities.save(annotator, { name: choice.create, aliases: [], ...(kindNow ? { kind: kindNow } : {}) });
      // A new spelling joins the entity's aliases (in this annotator's registry file).
      const mention = span.quote.exact.trim();
      const known = [entity.name, ...entity.aliases].some((n) => n.toLowerCase() === mention.toLowerCase());
      if (!known && mention) {
        entity = await entities.save(annotator, { id: entity.id, name: entity.name, aliases: [...entity.aliases, mention], ...(entity.kind ? { kind: entity.kind } : {}), ...(entity.notes ? { notes: entity.notes } : {}) });
      }
      const current = session.spans.get(span.id) ?? span;
      const label = project.labels.find((l) => l.id === current.label);
      const entityAttr = label?.attributes.find((a) => a.type === 'entity');
      if (!entityAttr) return;
      let attributes = withValue(current.attributes, entityAttr.id, entity.id);
      if (entity.kind && label?.attributes.some((a) => a.id === 'kind') && current.attributes?.kind === undefined) attributes = withValue(attributes, 'kind', entity.kind);
      setAttributes(session, live.current.editor, current, attributes);
      setNotice(`Linked to ${entity.name}.`);
      live.current.editor?.view.focus();
    } catch (e) {
      setNotice(`Could not link: ${(e as Error).message}`);
    }
  };

  // A search hit to show: select it in the text once the editor is there.
  useEffect(() => {
    if (editor && reveal && reveal.docId === open.doc.meta.id) editor.reveal(reveal.startOffset, reveal.endOffset, reveal.spanId);
  }, [editor, reveal, open]);

  useEffect(() => {
    if (!notice) return;
    // Long enough to read.
    const t = setTimeout(() => setNotice(null), Math.max(4000, notice.length * 70));
    return () => clearTimeout(t);
  }, [notice]);

  // Mark finished, find, and the text as a region of the window (F6), through the key map.
  const onFinishedRef = useRef(() => {});
  onFinishedRef.current = () => void onFinished(!finished).catch((e: Error) => setNotice(`Could not mark the document: ${e.message}`));
  useCommand('document.finished', () => onFinishedRef.current());
  useCommand('find.open', openFind);
  useCommand('recommenders.show', () => setRecommendersOpen(true));
  // The palette's choices for the numbered and lettered keys: the labels, the selected span's attributes.
  useEffect(() => {
    // A label without a key (beyond the ninth) is a choice the palette runs directly: the text
    // takes the focus back first, with its selection, as a key pressed there would find it.
    const tagFromPalette = (labelId: string, exact: boolean) => {
      const editor = live.current.editor;
      if (!editor) return;
      editor.view.focus();
      editor.tag(labelId, exact);
    };
    const labels = (exact: boolean): Variant[] =>
      project.labels.map((l) => ({ title: `tag as ${l.name}${exact ? ', exactly the selection' : ''}`, ...(l.key ? { key: l.key } : { run: () => tagFromPalette(l.id, exact) }) }));
    const unprovide = [
      provideVariants('span.tag', () => labels(false)),
      provideVariants('span.tagExact', () => labels(true)),
      provideVariants('span.attribute', () => {
        const id = selected.get();
        const span = id ? session.spans.get(id) : undefined;
        const label = span && project.labels.find((l) => l.id === span.label);
        return (label?.attributes ?? []).filter((a) => a.key).map((a) => ({ title: `set ${a.name} of the selected span`, key: a.key! }));
      }),
    ];
    return () => unprovide.forEach((u) => u());
  }, [project, session, selected]);
  useKeyContext('relation', (spec, digit) => live.current.editor?.press(spec, digit) ?? false, relation !== null);
  useKeyContext('suggestion', (spec, digit) => live.current.editor?.press(spec, digit) ?? false, suggestions.view.current !== null);
  const pane = useRef<HTMLElement>(null);
  useRegion('text', pane, () => live.current.editor?.view.focus());

  return (
    <>
      <LabelStyles labels={project.labels} />
      <main className="editor-pane" ref={pane}>
        <div className="doc-heading">
          <h1 className={doc.meta.title ? '' : 'untitled'}>{doc.meta.title ?? 'Untitled article'}</h1>
          <div className="doc-sub">
            {doc.meta.source && <span>Source: {doc.meta.source}</span>}
            <span>{doc.meta.length.toLocaleString()} characters</span>
            <span>{doc.meta.id}</span>
            <button
              type="button"
              className={finished ? 'finish-toggle on' : 'finish-toggle'}
              aria-pressed={finished}
              onClick={() => onFinishedRef.current()}
              title="Mark this document finished for you, or not (Ctrl+Shift+Enter). Exports can take finished documents only."
            >
              {finished ? '✓ Finished' : 'Mark finished'} <kbd>Ctrl+Shift+Enter</kbd>
            </button>
          </div>
          {doc.meta.importNotes.length > 0 && (
            <div className="import-notes" title={doc.meta.importNotes.join('\n')}>
              Import: {doc.meta.importNotes.join('; ')}
            </div>
          )}
        </div>
        {problem && (
          <div className="banner banner-error" role="alert" data-testid="layer-error">
            <strong>Your annotations for this document could not be read.</strong> {problem.file}: {problem.problems.join('; ')}. Standoff will not
            write to this file: fix or remove it, then reopen the document. Tagging is off until then.
          </div>
        )}
        <SeatBanner session={session} />
        <SaveProblemBanner session={session} />
        {refusal && <RefusalAlert message={refusal} onDismiss={() => (setRefusal(null), live.current.editor?.view.focus())} />}
        <ConflictPanel project={project} session={session} entities={entities} onNotice={setNotice} />
        <OrphanPanel project={project} orphans={session.orphans} />
        {findOpen && editor && <FindBar editor={editor} focusToken={findFocus} onClose={() => (setFindOpen(false), !editor.view.isDestroyed && editor.view.focus())} />}
        <div className="article-scroll">
          <div ref={mount} className="article-mount" />
          <SuggestionCard
            editor={editor}
            positions={open.positions}
            suggestion={suggestions.view.current}
            labelName={(id) => project.labels.find((l) => l.id === id)?.name ?? id}
            recommenderName={(id) => suggestions.controller.recommenderName(id)}
          />
        </div>
        {relation && (
          <div className="mode-bar" role="status" data-testid="relation-mode">
            {'to' in relation ? (
              <>
                <strong>Relation type</strong> from {spanName(session.spans.get(relation.from))} to {spanName(session.spans.get(relation.to))}:{' '}
                {relation.types.map((t, i) => (
                  <button key={t.id} onMouseDown={(e) => e.preventDefault()} onClick={() => makeRelation(relation, t)}>
                    <kbd>{i + 1}</kbd> {t.name}
                  </button>
                ))}
                <span className="hint">Esc cancels</span>
              </>
            ) : (
              <>
                <strong>New relation</strong> from {spanName(session.spans.get(relation.from))}: click the other span, or Tab to it and press Enter.{' '}
                <span className="hint">Esc cancels</span>
              </>
            )}
          </div>
        )}
        <div className="notice" role="status" aria-live="polite">
          {notice}
        </div>
      </main>
      <Sidebar
        project={project}
        session={session}
        editor={editor}
        selected={selected}
        onSpanShown={onSpanShown}
        entities={entities}
        actions={actions.current}
        onEditLabels={onEditLabels}
        onFindMentions={setMentionsOf}
        onLinkEntity={(span, choice) => void linkEntity(span, choice)}
        documentNote={open.doc.layers.find((l) => l.annotator === session.annotator)?.note}
        suggestionPanel={
          <SuggestionPanel
            project={project}
            controller={suggestions.controller}
            view={suggestions.view}
            recommenders={suggestions.view.recommenders}
            readOnly={session.readOnlyReason !== null}
            entityName={(id) => entities.resolve(id)?.name}
            onOpenRecommenders={() => setRecommendersOpen(true)}
          />
        }
      />
      {recommendersOpen && (
        <RecommendersDialog
          project={project}
          annotator={session.annotator}
          onClose={(changed) => {
            setRecommendersOpen(false);
            // Switched: the suggestions again; measured or trained only: the figures shown.
            void suggestions.controller.reloadAll(changed);
          }}
        />
      )}
      {mentionsOf && (
        <MentionsPanel
          key={mentionsOf.id}
          project={project}
          entity={mentionsOf}
          session={session}
          entities={entities}
          text={doc.text}
          onClose={() => (setMentionsOf(null), editor?.view.focus())}
          onReveal={(hit) => editor?.reveal(hit.startOffset, hit.endOffset, hit.spanId, false)}
          onSavedElsewhere={onSpanCount}
        />
      )}
    </>
  );
}
