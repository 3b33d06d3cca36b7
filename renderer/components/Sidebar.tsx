import { Fragment, useRef, type ReactNode } from 'react';
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

/** The text's keys, listed beside it. */
const TEXT_KEYS = COMMANDS.filter((c) => c.context === 'text' || ['edit.undo', 'edit.redo', 'find.open', 'document.finished'].includes(c.id));

/** The label palette, the selected span's inspector, undo/redo and the keys, beside the text. */
export function Sidebar(props: {
  project: ProjectInfo;
  session: LayerSession;
  editor: ArticleEditor | null;
  selectedId: string | null;
  entities: EntityCache;
  actions: InspectorActions;
  onEditLabels: () => void;
  onFindMentions: (entity: Entity) => void;
  onLinkEntity: (span: Span, choice: { entity: Entity } | { create: string }) => void;
  /** The layer's note on the document, as opened. */
  documentNote?: Note | undefined;
  /** The recommenders' suggestions for this document (renderer/recommend/SuggestionPanel). */
  suggestionPanel?: ReactNode;
}) {
  const { project, session, editor, selectedId } = props;
  const entities = useEntities(props.entities);
  const selected = selectedId ? session.spans.get(selectedId) : undefined;
  const counts = session.labelCounts;
  const readOnly = session.readOnlyReason !== null;
  const labelName = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;
  const region = useRef<HTMLElement>(null);
  useRegion('side', region); // F6 reaches it

  return (
    <aside className="sidebar" aria-label="Labels and selected span" ref={region}>
      <section>
        <div className="pane-title pane-title-row">
          Labels
          <button className="link-button" onClick={props.onEditLabels}>
            Edit
          </button>
        </div>
        <div className="palette" role="toolbar" aria-label="Tag with label">
          {project.labels.map((l) => (
            <button
              key={l.id}
              className={`palette-item swatch-${l.id}${selected?.label === l.id ? ' active' : ''}`}
              disabled={readOnly}
              // Keep the text selection: the palette must not take focus from the article.
              onMouseDown={(e) => e.preventDefault()}
              onClick={(e) => editor?.tag(l.id, e.altKey)}
              title={l.key ? `${l.description ?? l.name} (key ${l.key}; Alt+${l.key} tags the exact selection)` : `${l.description ?? l.name} (no key: click here, or find “tag as ${l.name}” in the command palette)`}
              data-label={l.id}
            >
              <span className="swatch" />
              <span className="palette-name">{l.name}</span>
              <span className="palette-count">{counts.get(l.id) ?? 0}</span>
              {l.key && <kbd>{l.key}</kbd>}
            </button>
          ))}
        </div>
      </section>

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

      {props.suggestionPanel}

      <section className="document-note-section">
        <DocumentNote key={`${session.docId}/${session.annotator}`} docId={session.docId} annotator={session.annotator} note={props.documentNote} disabled={readOnly} onLeave={() => editor?.view.focus()} />
      </section>

      <GoldChanges project={project} session={session} editor={editor} revision={session.revision} />

      <section>
        <div className="pane-title">History</div>
        <div className="history">
          <button onMouseDown={(e) => e.preventDefault()} onClick={() => session.undo()} disabled={!session.canUndo}>
            Undo <kbd>Ctrl+Z</kbd>
          </button>
          <button onMouseDown={(e) => e.preventDefault()} onClick={() => session.redo()} disabled={!session.canRedo}>
            Redo <kbd>Ctrl+Shift+Z</kbd>
          </button>
        </div>
      </section>

      <section className="keys">
        <div className="pane-title">Keys</div>
        {/* From the key map, as the README's table and the palette (Ctrl+K) read it. */}
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
    </aside>
  );
}
