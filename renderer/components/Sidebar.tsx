import { Fragment, memo, useEffect, useRef, type ReactNode } from 'react';
import { COMMANDS } from '../commands/keymap';
import { useRegion } from '../commands/hooks';
import type { ProjectInfo } from '../../shared/api/contract';
import type { Entity } from '../../shared/entities';
import type { Note, Span } from '../../shared/model/span';
import type { ArticleEditor } from '../editor/createEditor';
import { Inspector, type InspectorActions } from '../inspector/Inspector';
import { DocumentNote } from '../inspector/NoteField';
import { GoldChanges } from '../review/GoldChanges';
import { useEntities, type EntityCache } from '../state/entities';
import type { LayerSession } from '../state/layerSession';
import { useLayerValue, useShared, type Shared } from '../state/useLayer';

/** The text's keys, listed beside it. */
const TEXT_KEYS = COMMANDS.filter((c) => c.context === 'text' || ['edit.undo', 'edit.redo', 'find.open', 'document.finished'].includes(c.id));

/**
 * The label palette, the selected span's inspector, undo/redo and the keys, beside the text.
 * Each part reads what it shows of the layer itself (useLayerValue, useShared) and is
 * memoised, so a tag re-renders the parts whose content it changed (the label's count, the
 * span now selected), not the whole side panel.
 */
export function Sidebar(props: {
  project: ProjectInfo;
  session: LayerSession;
  editor: ArticleEditor | null;
  /** The span selected in the text (its id), as shown once the frame is painted. */
  selected: Shared<string | null>;
  entities: EntityCache;
  actions: InspectorActions;
  onEditLabels: () => void;
  onFindMentions: (entity: Entity) => void;
  onLinkEntity: (span: Span, choice: { entity: Entity } | { create: string }) => void;
  /** Told, once the side panel shows the selected span (or none), which one it shows. */
  onSpanShown: (id: string | null) => void;
  /** The layer's note on the document, as opened. */
  documentNote?: Note | undefined;
  /** The recommenders' suggestions for this document (renderer/recommend/SuggestionPanel). */
  suggestionPanel?: ReactNode;
}) {
  const { project, session, editor } = props;
  // Read-only comes and goes with the layer's state (onState), which renders the editor pane and this.
  const readOnly = session.readOnlyReason !== null;
  const region = useRef<HTMLElement>(null);
  useRegion('side', region); // F6 reaches it

  return (
    <aside className="sidebar" aria-label="Labels and selected span" ref={region}>
      <LabelPalette project={project} session={session} editor={editor} selected={props.selected} readOnly={readOnly} onEditLabels={props.onEditLabels} />
      <SelectedSpan
        project={project}
        session={session}
        editor={editor}
        selected={props.selected}
        readOnly={readOnly}
        entities={props.entities}
        actions={props.actions}
        onFindMentions={props.onFindMentions}
        onLinkEntity={props.onLinkEntity}
        onSpanShown={props.onSpanShown}
      />

      {props.suggestionPanel}

      <section className="document-note-section">
        <DocumentNote key={`${session.docId}/${session.annotator}`} docId={session.docId} annotator={session.annotator} note={props.documentNote} disabled={readOnly} onLeave={() => editor?.view.focus()} />
      </section>

      <GoldChanges project={project} session={session} editor={editor} />

      <History session={session} />

      <Keys />
    </aside>
  );
}

/** The labels to tag with, each with its count in this layer and its key; the selected span's label is marked. */
const LabelPalette = memo(function LabelPalette(props: {
  project: ProjectInfo;
  session: LayerSession;
  editor: ArticleEditor | null;
  selected: Shared<string | null>;
  readOnly: boolean;
  onEditLabels: () => void;
}) {
  const { project, session, editor, readOnly } = props;
  const selectedId = useShared(props.selected);
  // The counts are not what the analyst looks at while tagging: they follow when the window is idle.
  const counts = useLayerValue(session, () => project.labels.map((l) => session.labelCounts.get(l.id) ?? 0).join(' '), { deferred: true }).split(' ');
  const activeLabel = useLayerValue(session, () => (selectedId ? session.spans.get(selectedId)?.label : undefined));
  return (
    <section>
      <div className="pane-title pane-title-row">
        Labels
        <button className="link-button" onClick={props.onEditLabels}>
          Edit
        </button>
      </div>
      <div className="palette" role="toolbar" aria-label="Tag with label">
        {project.labels.map((l, i) => (
          <button
            key={l.id}
            className={`palette-item swatch-${l.id}${activeLabel === l.id ? ' active' : ''}`}
            disabled={readOnly}
            // Keep the text selection: the palette must not take focus from the article.
            onMouseDown={(e) => e.preventDefault()}
            onClick={(e) => editor?.tag(l.id, e.altKey)}
            title={l.key ? `${l.description ?? l.name} (key ${l.key}; Alt+${l.key} tags the exact selection)` : `${l.description ?? l.name} (no key: click here, or find “tag as ${l.name}” in the command palette)`}
            data-label={l.id}
          >
            <span className="swatch" />
            <span className="palette-name">{l.name}</span>
            <span className="palette-count">{counts[i] ?? 0}</span>
            {l.key && <kbd>{l.key}</kbd>}
          </button>
        ))}
      </div>
    </section>
  );
});

/** The selected span: its label, text, place, and its inspector (attributes, note, relations). */
const SelectedSpan = memo(function SelectedSpan(props: {
  project: ProjectInfo;
  session: LayerSession;
  editor: ArticleEditor | null;
  selected: Shared<string | null>;
  readOnly: boolean;
  entities: EntityCache;
  actions: InspectorActions;
  onFindMentions: (entity: Entity) => void;
  onLinkEntity: (span: Span, choice: { entity: Entity } | { create: string }) => void;
  onSpanShown: (id: string | null) => void;
}) {
  const { project, session, editor, readOnly } = props;
  const entities = useEntities(props.entities);
  const selectedId = useShared(props.selected);
  // The span as the layer has it now (an attribute set, a relabel, an undo make a new object),
  // and its relations (which change without it).
  const selected = useLayerValue(session, () => (selectedId ? session.spans.get(selectedId) : undefined));
  useLayerValue(session, () => session.relationRevision);
  const labelName = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;
  const { onSpanShown } = props;
  useEffect(() => onSpanShown(selectedId), [selectedId, onSpanShown]);
  return (
    <section className="selected-span" data-testid="selected-span">
      <div className="pane-title">Selected span</div>
      {selected ? (
        <>
          <div className={`selected-label swatch-${selected.label}`}>
            <span className="swatch" /> {labelName(selected.label)}
          </div>
          <blockquote className="selected-quote">
            <span className="ctx">…{selected.quote.prefix.slice(-20)}</span>
            <mark>{selected.quote.exact}</mark>
            <span className="ctx">{selected.quote.suffix.slice(0, 20)}…</span>
          </blockquote>
          <div className="selected-offsets" title="Unicode code points, start inclusive, end exclusive">
            characters {selected.startOffset}–{selected.endOffset}
          </div>
          <Inspector
            key={selected.id}
            project={project}
            session={session}
            editor={editor}
            span={selected}
            entities={entities}
            annotator={session.annotator}
            actions={props.actions}
            onFindMentions={props.onFindMentions}
            onLinkEntity={props.onLinkEntity}
          />
          <div className="selected-actions">
            <button onMouseDown={(e) => e.preventDefault()} onClick={() => editor?.removeSelected()} disabled={readOnly}>
              Delete <kbd>Del</kbd>
            </button>
          </div>
          <p className="hint">A label key changes its label; Alt+←/→ moves its start, Alt+Shift+←/→ its end, a word at a time. Letters set attributes; R starts a relation; A accepts a proposal.</p>
        </>
      ) : (
        <p className="hint">Click a span or press Tab to select one.</p>
      )}
    </section>
  );
});

/** Undo and redo of the layer's actions. */
const History = memo(function History({ session }: { session: LayerSession }) {
  const canUndo = useLayerValue(session, () => session.canUndo, { deferred: true });
  const canRedo = useLayerValue(session, () => session.canRedo, { deferred: true });
  return (
    <section>
      <div className="pane-title">History</div>
      <div className="history">
        <button onMouseDown={(e) => e.preventDefault()} onClick={() => session.undo()} disabled={!canUndo}>
          Undo <kbd>Ctrl+Z</kbd>
        </button>
        <button onMouseDown={(e) => e.preventDefault()} onClick={() => session.redo()} disabled={!canRedo}>
          Redo <kbd>Ctrl+Shift+Z</kbd>
        </button>
      </div>
    </section>
  );
});

/** The text's keys, from the key map (as the README's table and the palette, Ctrl+K, read it): never changes. */
const Keys = memo(function Keys() {
  return (
    <section className="keys">
      <div className="pane-title">Keys</div>
      <dl>
        {TEXT_KEYS.map((c) => (
          <Fragment key={c.id}>
            <dt>{c.keys.join(', ')}</dt>
            <dd>{c.title}</dd>
          </Fragment>
        ))}
      </dl>
      <p className="hint">
        <kbd>Ctrl+K</kbd> lists every command with its key; <kbd>F6</kbd> moves between the parts of the window.
      </p>
    </section>
  );
});
