import { useRef } from 'react';
import { useRegion } from '../commands/hooks';
import type { ProjectInfo } from '../../shared/api/contract';
import type { Attributes } from '../../shared/model/labels';
import type { Decision, ReviewUnit } from '../../shared/review';
import { describeValue } from '../inspector/attributeValues';
import type { LayerSession } from '../state/layerSession';
import type { EntityName } from './entityNames';
import { glyphOf, STATUS } from './reviewPlugin';

/**
 * Beside the text in review mode: merging what everyone agrees on, the current disagreement
 * with each annotator's version and the keys that settle it, and every disagreement of the
 * document, settled or not.
 */
export function ReviewSidebar(props: {
  project: ProjectInfo;
  annotators: string[];
  units: readonly ReviewUnit[];
  /** The title of the list: every disagreement, or those behind a number of the agreement report. */
  listTitle?: string;
  /** A linked entity's name by its id (the id is shown for one the registry does not list). */
  entityName: EntityName;
  /** The names of the attributes a unit's versions differ on. */
  attributeNames: (unit: ReviewUnit) => string[];
  current: ReviewUnit | null;
  settled: ReadonlySet<string>;
  session: LayerSession;
  selectedId: string | null;
  majority: number;
  onMajority: (n: number) => void;
  onGo: (unit: ReviewUnit) => void;
  onDecide: (decision: Decision, stay: boolean) => void;
  onReopen: () => void;
  onMerge: () => void;
}) {
  const region = useRef<HTMLElement>(null);
  useRegion('side', region); // F6 reaches it
  const { project, annotators, units, current, settled } = props;
  const labelName = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;
  const attributesText = (label: string, attributes: Attributes | undefined) => {
    const defs = project.labels.find((l) => l.id === label)?.attributes ?? [];
    return defs
      .filter((d) => attributes?.[d.id] !== undefined)
      .map((d) => `${d.name}: ${describeValue(d, attributes![d.id], props.entityName)}`)
      .join(' · ');
  };
  const keep = (e: React.MouseEvent) => e.preventDefault(); // the text keeps the focus

  return (
    <aside className="sidebar review-sidebar" aria-label="Review" ref={region}>
      <section>
        <div className="pane-title">Gold layer</div>
        <div className="merge-row">
          <button onMouseDown={keep} onClick={props.onMerge} disabled={props.session.readOnlyReason !== null} title="Put into gold every span all annotators agree on (G)">
            Merge agreed <kbd>G</kbd>
          </button>
          {annotators.length > 2 && (
            <select value={props.majority} onChange={(e) => props.onMajority(Number(e.target.value))} aria-label="Majority merge">
              <option value={0}>all must agree</option>
              {annotators.map((_, i) => i + 1).filter((k) => k > annotators.length / 2 && k < annotators.length).map((k) => (
                <option key={k} value={k}>
                  or {k} of {annotators.length}
                </option>
              ))}
            </select>
          )}
        </div>
        <div className="history">
          <button onMouseDown={keep} onClick={() => props.session.undo()} disabled={!props.session.canUndo}>
            Undo <kbd>Ctrl+Z</kbd>
          </button>
          <button onMouseDown={keep} onClick={() => props.session.redo()} disabled={!props.session.canRedo}>
            Redo <kbd>Ctrl+Shift+Z</kbd>
          </button>
        </div>
      </section>

      <section className="current-unit" data-testid="current-unit">
        <div className="pane-title">Disagreement</div>
        {current ? (
          <>
            <div className={`unit-status rv-${current.status}`}>
              <span className={`rv-glyph rv-glyph-${current.status}`}>{glyphOf(current)}</span> {STATUS[current.status].name}
              {current.attributesDiffer.length > 0 && <> · attributes differ ({props.attributeNames(current).join(', ')})</>}
              {settled.has(current.key) && <strong className="settled-mark"> · settled ✓</strong>}
            </div>
            <ol className="versions">
              {annotators.map((a, i) => {
                const mine = current.versions.filter((v) => v.annotator === a);
                return (
                  <li key={a}>
                    <button onMouseDown={keep} onClick={(e) => props.onDecide({ kind: 'accept', annotators: [a] }, e.shiftKey)} disabled={mine.length === 0} title={`Accept ${a}’s version (${i + 1}; Shift+${i + 1} to adjust it after)`}>
                      <kbd>{i + 1}</kbd> <strong>{a}</strong>
                    </button>
                    {mine.length === 0 ? (
                      <span className="hint"> nothing here</span>
                    ) : (
                      mine.map((v) => (
                        <div key={v.span.id} className="version">
                          <span className={`hit-label swatch-${v.span.label}`}>{labelName(v.span.label)}</span> “{v.span.quote.exact}”
                          {v.span.attributes && <div className="hint">{attributesText(v.span.label, v.span.attributes)}</div>}
                        </div>
                      ))
                    )}
                  </li>
                );
              })}
            </ol>
            <div className="decide-row">
              <button onMouseDown={keep} onClick={() => props.onDecide({ kind: 'accept', annotators }, false)}>
                Both <kbd>B</kbd>
              </button>
              <button onMouseDown={keep} onClick={() => props.onDecide({ kind: 'neither' }, false)}>
                Neither <kbd>X</kbd>
              </button>
              <button onMouseDown={keep} onClick={props.onReopen} disabled={!settled.has(current.key)}>
                Reopen <kbd>U</kbd>
              </button>
            </div>
            <p className="hint">] or F8: next · [ or Shift+F8: previous. Shift+digit accepts and keeps the gold span selected to adjust (Alt+arrows, attribute keys).</p>
          </>
        ) : (
          <p className="hint">{units.length ? 'Press ] or F8 to go to the first disagreement.' : 'The annotators agree on everything here.'}</p>
        )}
      </section>

      <section className="unit-list-section">
        <div className="pane-title">
          {props.listTitle ?? 'All disagreements'} ({units.filter((u) => settled.has(u.key)).length}/{units.length} settled)
        </div>
        <ul className="unit-list" data-testid="unit-list">
          {units.map((u) => (
            <li key={u.key}>
              <button className={`${u.key === current?.key ? 'active' : ''}${settled.has(u.key) ? ' settled' : ''}`} onMouseDown={keep} onClick={() => props.onGo(u)}>
                <span className={`rv-glyph rv-glyph-${u.status}`}>{glyphOf(u)}</span>
                <span className="unit-text">{u.versions[0]!.span.quote.exact}</span>
                {settled.has(u.key) && <span className="settled-mark">✓</span>}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}

