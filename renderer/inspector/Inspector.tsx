import { useMemo, useState } from 'react';
import type { ProjectInfo } from '../../shared/api/contract';
import { casualtyAttributes, parseCasualtyFigures } from '../../shared/casualty';
import { kindOf } from '../../shared/model/attributeKinds';
import type { Entity } from '../../shared/entities';
import type { Attributes, AttributeValue, Label } from '../../shared/model/labels';
import type { Note, Span } from '../../shared/model/span';
import { differingAttributes } from '../../shared/review/units';
import type { ArticleEditor } from '../editor/createEditor';
import type { EntityCache } from '../state/entities';
import type { LayerSession } from '../state/layerSession';
import { AttributeEditor } from './attributeEditors';
import { withValue } from './attributeValues';
import { CasualtyReading } from './CasualtyReading';
import { NoteField } from './NoteField';
import { RelationList } from './RelationList';

/** What the editor's keys can ask of the inspector. */
export interface InspectorActions {
  /** Accepts the proposal on show (a casualty reading, an entity), if any. */
  accept: (() => void) | null;
}

export interface InspectorProps {
  project: ProjectInfo;
  session: LayerSession;
  editor: ArticleEditor | null;
  span: Span;
  entities: EntityCache;
  annotator: string;
  actions: InspectorActions;
  onFindMentions: (entity: Entity) => void;
  onLinkEntity: (span: Span, choice: { entity: Entity } | { create: string }) => void;
}

/** Sets a span's attributes as one undoable edit, keeping it selected. */
export function setAttributes(session: LayerSession, editor: ArticleEditor | null, span: Span, attributes: Attributes | undefined): void {
  const { attributes: _old, ...rest } = span;
  // No change, no undo step (a field may commit on Enter and again as it loses focus).
  if (differingAttributes([span.attributes, attributes]).length === 0) return;
  session.apply([{ op: 'update', span: attributes ? { ...rest, attributes } : rest }]);
  editor?.selectSpan(span.id);
}

/** Sets or removes a span's note: an 'update' of the span, so one undoable, saved step. */
export function setNote(session: LayerSession, editor: ArticleEditor | null, span: Span, note: Note | undefined): void {
  const { note: _old, ...rest } = span;
  session.apply([{ op: 'update', span: note ? { ...rest, note } : rest }]);
  editor?.selectSpan(span.id);
}

/**
 * The selected span: its label, text, attributes (each with its key), relations, and the
 * proposals Standoff reads from its text (casualty counts, entities), which are applied only
 * when accepted.
 */
export function Inspector(props: InspectorProps) {
  const { project, session, editor, span, entities } = props;
  const label: Label | undefined = project.labels.find((l) => l.id === span.label);
  const readOnly = session.readOnlyReason !== null;
  // Read the span at the moment of the change: two fields may commit before this re-renders.
  const update = (id: string, next: (current: AttributeValue | undefined) => AttributeValue | undefined) => {
    const now = session.spans.get(span.id) ?? span;
    setAttributes(session, editor, now, withValue(now.attributes, id, next(now.attributes?.[id])));
  };

  // A casualty figure's reading, as attribute values; offered while it differs from what is set.
  const proposal = useMemo(() => {
    if (!label || !label.attributes.some((a) => a.id === 'count' || a.id === 'outcome')) return null;
    const [figure] = parseCasualtyFigures(span.quote.exact);
    if (!figure) return null;
    const values = casualtyAttributes(figure, label);
    const differs = Object.entries(values).some(([k, v]) => JSON.stringify(span.attributes?.[k]) !== JSON.stringify(v));
    return Object.keys(values).length && differs ? values : null;
  }, [label, span]);

  // A (the editor's key) accepts the casualty reading, or else the first entity proposal.
  const [entityAccept, setEntityAccept] = useState<(() => void) | null>(null);
  const acceptCasualty = proposal
    ? () => {
        const now = session.spans.get(span.id) ?? span;
        setAttributes(session, editor, now, { ...(now.attributes ?? {}), ...proposal });
      }
    : null;
  props.actions.accept = acceptCasualty ?? entityAccept;

  if (!label) return <p className="hint">This span’s label “{span.label}” is not in the schema.</p>;
  return (
    <div className="inspector" data-testid="inspector" data-span={span.id}>
      {label.id === 'casualty-figure' && (
        <CasualtyReading
          text={span.quote.exact}
          label={label}
          canAccept={proposal !== null && !readOnly}
          onAccept={() => acceptCasualty?.()}
        />
      )}
      {label.attributes.length > 0 && (
        <dl className="attributes">
          {label.attributes.map((def) => {
            const value = span.attributes?.[def.id];
            return (
              <div key={def.id} className="attribute" data-attr={def.id}>
                <dt>
                  <label htmlFor={`attr-${def.id}`} title={def.description}>
                    {def.name}
                  </label>
                  {def.key && <kbd title={kindOf(def).key?.does ?? 'goes to the field'}>{def.key.toUpperCase()}</kbd>}
                </dt>
                <dd>
                  <AttributeEditor
                    def={def}
                    value={value}
                    disabled={readOnly}
                    fieldId={`attr-${def.id}`}
                    onChange={(next) => update(def.id, next)}
                    entity={{
                      resolve: (id) => entities.resolve(id),
                      mention: span.quote.exact,
                      onLink: (choice) => props.onLinkEntity(span, choice),
                      onFindMentions: props.onFindMentions,
                      onProposal: (accept) => setEntityAccept(() => accept),
                    }}
                  />
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      <NoteField
        id="span-note"
        title="Note"
        note={span.note}
        disabled={readOnly}
        placeholder="A doubt, a question for the curator…"
        onSave={(note) => setNote(session, editor, session.spans.get(span.id) ?? span, note)}
        onLeave={() => {
          editor?.selectSpan(span.id);
          editor?.view.focus();
        }}
      />
      <RelationList project={project} session={session} editor={editor} span={span} entities={entities} />
    </div>
  );
}
