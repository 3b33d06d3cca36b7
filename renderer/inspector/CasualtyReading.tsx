import { useMemo } from 'react';
import { parseCasualtyFigures, readingParts, type CasualtyFigure } from '../../shared/casualty';
import type { Label } from '../../shared/model/labels';

/** The bounds read, as the count field shows them ("62", "at least 31", "10–15"). */
function bounds(f: CasualtyFigure): string {
  if (f.minimum === null && f.maximum === null) return 'no number';
  if (f.minimum !== null && f.minimum === f.maximum) return String(f.minimum);
  if (f.maximum === null) return `at least ${f.minimum}`;
  if (f.minimum === null) return `at most ${f.maximum}`;
  return `${f.minimum}–${f.maximum}`;
}

/**
 * What Standoff reads in a casualty-figure span: count, outcome, hedge, vagueness and victims,
 * named as the label names them, with the reason. Only a proposal, shown for the analyst to
 * check: Accept (A) writes the first figure into the span's attributes, where it can still be
 * edited. A hedge or victim group the label has no attribute or option for is shown as read and
 * said not to be recorded.
 */
export function CasualtyReading({ text, label, canAccept, onAccept }: { text: string; label: Label; canAccept: boolean; onAccept: () => void }) {
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
          <strong>{f.outcome ?? 'outcome unclear'}</strong>: {bounds(f)}
          {f.vague && ' (vague)'}
          {readingParts(f, label).map((p) => (
            <span key={p.attribute} data-part={p.attribute} data-recorded={p.recorded}>
              {' · '}
              {p.attribute === 'hedge' ? `hedge: ${p.name}${p.words ? ` (“${p.words}”)` : ''}` : p.name}
              {!p.recorded && <em> (this label cannot record it)</em>}
            </span>
          ))}
          <div className="proposal-why">{f.explanation}</div>
        </div>
      ))}
    </div>
  );
}
