import type { AnnotatorStanding, ChoiceRule } from '../../shared/review';

const RULE: Record<ChoiceRule, string> = {
  curator: 'chosen for this document',
  finished: 'by default: those who marked it finished',
  'not-empty': 'by default: everyone who tagged something',
};

/**
 * Whose layers review compares on this document: a checkbox per annotator (Tab and Space), with
 * their span count and whether they marked the document finished. An empty layer, or one that
 * cannot be read, is shown but cannot be ticked: it never counts. The choice is saved with the
 * project and drives Agreement too.
 */
export function AnnotatorChoice(props: { standings: readonly AnnotatorStanding[]; rule: ChoiceRule; onToggle: (annotator: string, on: boolean) => void; onDefault: () => void; problem: string | null }) {
  const { standings, rule } = props;
  if (standings.length === 0) return null;
  return (
    <fieldset className="rv-choice" data-testid="annotator-choice">
      <legend>Compare</legend>
      {standings.map((s) => {
        const note = s.excluded === 'empty' ? 'empty, never counts' : s.excluded === 'unreadable' ? 'cannot be read' : `${s.spans} span${s.spans === 1 ? '' : 's'}${s.finished ? ' · finished' : ''}`;
        return (
          <label key={s.annotator} className={`rv-choice-item${s.excluded ? ' rv-choice-out' : ''}`} title={s.excluded ? `${s.annotator}’s layer ${s.excluded === 'empty' ? 'is empty (nothing tagged, or everything undone)' : 'could not be read'}: it is never compared` : undefined}>
            <input type="checkbox" checked={s.chosen} disabled={s.excluded !== null} onChange={(e) => props.onToggle(s.annotator, e.target.checked)} />
            <span className="rv-choice-name">{s.annotator}</span> <span className="rv-choice-note">{note}</span>
          </label>
        );
      })}
      {' '}
      <span className="rv-choice-rule">{RULE[rule]}</span>
      {rule === 'curator' && (
        <button type="button" className="rv-choice-default" onClick={props.onDefault} title="Compare those who marked it finished, or else everyone who tagged something">
          Use the default
        </button>
      )}
      {props.problem && (
        <span className="rv-choice-problem" role="alert">
          {props.problem}
        </span>
      )}
    </fieldset>
  );
}
