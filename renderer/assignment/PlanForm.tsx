import { useState } from 'react';
import type { AssignmentPlan } from '../../shared/api/assignment';
import { annotatorId } from '../../shared/format/annotationFile';

/**
 * The plan form (issue 12): who receives documents, how many annotators on each, the share of
 * documents coded twice (or more) to measure agreement, random (seeded) or in order, and
 * whether documents already assigned stay as they are. **Preview** asks the service what the
 * plan would do (a dry run, nothing written) and the matrix shows it; **Apply** writes it.
 */
export function PlanForm(props: {
  /** Every annotator the project knows (layers, the assignment, the last plan). */
  known: string[];
  /** The last plan applied, to start from. */
  last: AssignmentPlan | null;
  readOnlyReason: string | null;
  busy: boolean;
  /** A preview is shown for the plan as it is in the form. */
  previewing: boolean;
  onPreview: (plan: AssignmentPlan) => void;
  onApply: (plan: AssignmentPlan) => void;
  /** The form changed: a preview shown is no longer this plan's. */
  onEdited: () => void;
}) {
  const { last } = props;
  const [chosen, setChosen] = useState<string[]>(() => last?.annotators ?? props.known);
  const [extra, setExtra] = useState('');
  const [perDocument, setPerDocument] = useState(String(last?.perDocument ?? 1));
  const [overlapPercent, setOverlapPercent] = useState(String(Math.round((last?.overlapShare ?? 0.2) * 100)));
  const [overlapPerDocument, setOverlapPerDocument] = useState(String(last?.overlapPerDocument ?? 2));
  const [order, setOrder] = useState<AssignmentPlan['order']>(last?.order ?? 'random');
  const [seed, setSeed] = useState(last?.seed ?? '');
  const [keepExisting, setKeepExisting] = useState(last?.keepExisting ?? true);

  const edited = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    props.onEdited();
  };
  const candidates = [...new Set([...props.known, ...chosen])];
  const typed = extra
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const annotators = [...new Set([...chosen, ...typed])];

  // The plan in the form, or why it is not one yet (in words, beside the buttons).
  const n = Number(perDocument);
  const share = Number(overlapPercent) / 100;
  const m = Number(overlapPerDocument);
  const invalidName = typed.find((t) => !annotatorId.safeParse(t).success);
  const problem =
    annotators.length === 0
      ? 'Choose at least one annotator.'
      : invalidName
        ? `“${invalidName}” cannot name an annotator: up to 64 letters, digits, “-”, “_” or “.”, and not “gold”.`
        : !Number.isInteger(n) || n < 1 || n > 50
          ? 'Annotators per document: a whole number from 1 to 50.'
          : !(share >= 0 && share <= 1)
            ? 'Coded by more: a share from 0 to 100 %.'
            : share > 0 && (!Number.isInteger(m) || m < 1 || m > 50)
              ? 'Annotators on those documents: a whole number from 1 to 50.'
              : n > annotators.length || (share > 0 && m > annotators.length)
                ? `Only ${annotators.length} annotator${annotators.length === 1 ? '' : 's'} chosen: fewer than asked for on one document.`
                : null;
  const plan: AssignmentPlan | null = problem
    ? null
    : {
        annotators,
        perDocument: n,
        overlapShare: share,
        overlapPerDocument: share > 0 ? m : n,
        order,
        ...(order === 'random' && seed.trim() ? { seed: seed.trim() } : {}),
        keepExisting,
      };
  const blocked = props.readOnlyReason ?? problem;

  return (
    <form
      className="plan-form"
      aria-label="Plan the assignment"
      onSubmit={(e) => {
        e.preventDefault();
        if (plan && !props.busy) props.onPreview(plan);
      }}
    >
      <fieldset className="plan-who">
        <legend>Annotators</legend>
        {candidates.map((a) => (
          <label key={a} className="plan-check">
            <input
              type="checkbox"
              checked={chosen.includes(a)}
              onChange={(e) => edited(setChosen)(e.target.checked ? [...chosen, a] : chosen.filter((x) => x !== a))}
            />
            {a}
          </label>
        ))}
        <label className="plan-extra">
          and
          <input value={extra} onChange={(e) => edited(setExtra)(e.target.value)} placeholder="new names, separated by commas" aria-label="More annotators (names separated by commas)" />
        </label>
      </fieldset>
      <div className="plan-numbers">
        <label>
          Annotators per document
          <input type="number" min={1} max={50} value={perDocument} onChange={(e) => edited(setPerDocument)(e.target.value)} />
        </label>
        <label>
          Documents coded by more, to measure agreement (%)
          <input type="number" min={0} max={100} step={5} value={overlapPercent} onChange={(e) => edited(setOverlapPercent)(e.target.value)} />
        </label>
        <label>
          Annotators on those documents
          <input type="number" min={1} max={50} value={overlapPerDocument} onChange={(e) => edited(setOverlapPerDocument)(e.target.value)} disabled={share === 0} />
        </label>
      </div>
      <fieldset className="plan-order">
        <legend>Order</legend>
        <label className="plan-check">
          <input type="radio" name="plan-order" checked={order === 'random'} onChange={() => edited(setOrder)('random')} />
          random
        </label>
        <label className="plan-check">
          <input type="radio" name="plan-order" checked={order === 'in-order'} onChange={() => edited(setOrder)('in-order')} />
          in order (documents dealt in turn)
        </label>
        {order === 'random' && (
          <label className="plan-seed">
            seed
            <input value={seed} onChange={(e) => edited(setSeed)(e.target.value)} placeholder="any words: the same seed, the same plan" />
          </label>
        )}
      </fieldset>
      <label className="plan-check plan-keep">
        <input type="checkbox" checked={keepExisting} onChange={(e) => edited(setKeepExisting)(e.target.checked)} />
        leave documents already assigned as they are (plan only the others)
      </label>
      <div className="plan-actions">
        <button type="submit" disabled={blocked !== null || props.busy} title="What the plan would do, shown in the matrix; nothing is written (Enter)">
          Preview
        </button>
        <button type="button" className="primary" disabled={blocked !== null || props.busy} onClick={() => plan && props.onApply(plan)} title="Write the plan into assignment.json">
          Apply plan
        </button>
        {blocked ? (
          <span className="plan-problem" role="note">
            {blocked}
          </span>
        ) : (
          !props.previewing && <span className="plan-hint">Preview first: the matrix shows each change before anything is written.</span>
        )}
      </div>
    </form>
  );
}
