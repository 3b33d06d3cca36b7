import type { ProjectInfo } from '../../shared/api/contract';
import type { Span } from '../../shared/model/span';
import type { ArticleEditor } from '../editor/createEditor';
import type { EntityCache } from '../state/entities';
import type { LayerSession } from '../state/layerSession';

/** The selected span's relations, both ways; each can be followed (click) or removed (×, undoable). */
export function RelationList(props: { project: ProjectInfo; session: LayerSession; editor: ArticleEditor | null; span: Span; entities: EntityCache }) {
  const { project, session, editor, span, entities } = props;
  const relations = session.relationsAt(span.id);
  const typeName = (id: string) => project.relations.find((r) => r.id === id)?.name ?? id;
  const labelName = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;
  const canStart = project.relations.some((r) => r.from.includes(span.label));
  const describe = (s: Span | undefined) => {
    if (!s) return '(missing span)';
    const entityId = s.attributes?.entity;
    const entity = typeof entityId === 'string' ? entities.resolve(entityId) : undefined;
    return `${labelName(s.label)} “${s.quote.exact.length > 40 ? `${s.quote.exact.slice(0, 40)}…` : s.quote.exact}”${entity && entity.name !== s.quote.exact ? ` (${entity.name})` : ''}`;
  };
  return (
    <div className="relations" data-testid="relations">
      <div className="relations-title">
        Relations {canStart && <span className="hint">— <kbd>R</kbd> starts one</span>}
      </div>
      {relations.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <ul>
          {relations.map((r) => {
            const outgoing = r.from === span.id;
            const other = session.spans.get(outgoing ? r.to : r.from);
            return (
              <li key={r.id} className={outgoing ? 'out' : 'in'}>
                <button className="relation-follow" onMouseDown={(e) => e.preventDefault()} onClick={() => other && editor?.selectSpan(other.id, true)} title="Go to that span">
                  {outgoing ? (
                    <>
                      <em>{typeName(r.type)}</em> → {describe(other)}
                    </>
                  ) : (
                    <>
                      ← <em>{typeName(r.type)}</em> of {describe(other)}
                    </>
                  )}
                </button>
                <button
                  className="relation-remove"
                  aria-label={`Remove relation ${typeName(r.type)}`}
                  disabled={session.readOnlyReason !== null}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => {
                    session.apply([{ op: 'removeRelation', id: r.id }]);
                    editor?.selectSpan(span.id);
                  }}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
