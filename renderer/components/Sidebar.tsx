import type { ProjectInfo } from '../../shared/api/contract';
import type { Entity } from '../../shared/entities';
import type { Note, Span } from '../../shared/model/span';
import type { ArticleEditor } from '../editor/createEditor';
import { Inspector, type InspectorActions } from '../inspector/Inspector';
import { DocumentNote } from '../inspector/NoteField';
import { GoldChanges } from '../review/GoldChanges';
import { useEntities, type EntityCache } from '../state/entities';
import type { LayerSession } from '../state/layerSession';

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
}) {
  const { project, session, editor, selectedId } = props;
  const entities = useEntities(props.entities);
  const selected = selectedId ? session.spans.get(selectedId) : undefined;
  const counts = session.labelCounts;
  const readOnly = session.readOnlyReason !== null;
  const labelName = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;

  return (
    <aside className="sidebar" aria-label="Labels and selected span">
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
              title={`${l.description ?? l.name} (key ${l.key}; Alt+${l.key} tags the exact selection)`}
              data-label={l.id}
            >
              <span className="swatch" />
              <span className="palette-name">{l.name}</span>
              <span className="palette-count">{counts.get(l.id) ?? 0}</span>
              <kbd>{l.key}</kbd>
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
        <dl>
          <dt>Shift+arrows</dt>
          <dd>select text (Ctrl+Shift: by word)</dd>
          <dt>1–{project.labels.length}</dt>
          <dd>tag the selection, snapped to words</dd>
          <dt>Alt+1–{project.labels.length}</dt>
          <dd>tag exactly what is selected</dd>
          <dt>Tab / Shift+Tab</dt>
          <dd>next / previous span</dd>
          <dt>Click again</dt>
          <dd>the next span under the pointer</dd>
          <dt>Del</dt>
          <dd>delete the selected span (and its relations)</dd>
          <dt>a–z</dt>
          <dd>set the selected span’s attributes (the key is shown beside each)</dd>
          <dt>R</dt>
          <dd>relation: then choose a span, then its type (1–9); the same again removes it</dd>
          <dt>A</dt>
          <dd>accept the proposal shown (count, entity)</dd>
          <dt>M</dt>
          <dd>all mentions of the linked entity</dd>
          <dt>F2</dt>
          <dd>the selected span’s note (none selected: the document’s); Enter or Esc saves it</dd>
          <dt>Esc</dt>
          <dd>clear the selection</dd>
          <dt>Ctrl+F</dt>
          <dd>find in the document</dd>
          <dt>Ctrl+Shift+F</dt>
          <dd>search the project</dd>
          <dt>Alt+↓ / Alt+↑</dt>
          <dd>next / previous document</dd>
          <dt>Ctrl+Shift+Enter</dt>
          <dd>mark the document finished (or not)</dd>
          <dt>Ctrl+O / Ctrl+Shift+E</dt>
          <dd>import / export</dd>
          <dt>F1</dt>
          <dd>the annotation guidelines</dd>
        </dl>
      </section>
    </aside>
  );
}
