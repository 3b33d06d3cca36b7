import { useMemo } from 'react';
import { parseCasualtyFigures, type CasualtyFigure } from '../../shared/casualty';

const GROUPS: Record<string, string> = {
  civilians: 'civilians',
  'security-forces': 'security forces',
  fighters: 'militants',
  contractors: 'contractors',
};

function range(f: CasualtyFigure): string {
  if (f.minimum === null && f.maximum === null) return 'no number';
  if (f.minimum !== null && f.minimum === f.maximum) return `${f.hedge ? `${f.hedge} ` : ''}${f.minimum}`;
  if (f.maximum === null) return `at least ${f.minimum}`;
  if (f.minimum === null) return `at most ${f.maximum}`;
  return `${f.minimum}–${f.maximum}`;
}

/**
 * What Standoff reads in a casualty-figure span: count, outcome, vagueness and victims, with
 * the reason. Only a proposal, shown for the analyst to check: Accept (A) writes it into the
 * span's attributes, where it can still be edited.
 */
export function CasualtyProposal({ text, canAccept, onAccept }: { text: string; canAccept: boolean; onAccept: () => void }) {
  const figures = useMemo(() => parseCasualtyFigures(text), [text]);
  return (
    <div className="casualty-proposal" data-testid="casualty-proposal">
      <div className="proposal-title">
        Read from the text {canAccept ? '(a proposal, not recorded)' : '(matches what is recorded)'}
        {canAccept && (
          <button className="accept" onMouseDown={(e) => e.preventDefault()} onClick={onAccept}>
            Accept <kbd>A</kbd>
          </button>
        )}
      </div>
      {figures.map((f, i) => (
        <div key={i} className="proposal-figure" title={f.explanation}>
          <strong>{f.outcome ?? 'outcome unclear'}</strong>: {range(f)}
          {f.vague && ' (vague)'}
          {f.victimGroup && <> · {GROUPS[f.victimGroup] ?? f.victimGroup}</>}
          <div className="proposal-why">{f.explanation}</div>
        </div>
      ))}
    </div>
  );
}
