import { useEffect, useRef, useState } from 'react';
import type { AttributeDef, AttributeValue, RangeValue } from '../../shared/model/labels';
import { valueProblem } from '../../shared/schema/conformance';

/** Moves focus back to the article text (Esc or Enter in a field). */
export function focusText(): void {
  document.querySelector<HTMLElement>('.ProseMirror')?.focus();
}

const leaveOn = (e: React.KeyboardEvent) => {
  if (e.key === 'Escape' || (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement))) {
    e.preventDefault();
    (e.target as HTMLElement).blur();
    focusText();
  }
};

/** What every kind's editor is given (attributeEditors.tsx adds what an entity field needs). */
export interface FieldProps<D extends AttributeDef> {
  def: D;
  value: AttributeValue | undefined;
  disabled: boolean;
  /** The field's element id (the inspector's label points at it; an attribute key focuses it). */
  fieldId: string;
  /** Sets the value; `update` sees the value as it is when the change lands (two range ends may be committed in one frame). */
  onChange: (update: (current: AttributeValue | undefined) => AttributeValue | undefined) => void;
}

type Of<K extends AttributeDef['type']> = Extract<AttributeDef, { type: K }>;

/*
 * The kinds' editors in the inspector, one per kind (ATTRIBUTE_EDITORS in attributeEditors.tsx
 * puts them in a table keyed by kind). Fields commit on change (choices, yes/no) or when left
 * (numbers, text), each change one undoable edit. Esc or Enter returns to the text.
 */

/** One of a list: radio buttons; the chosen one again unsets it. */
export function ChoiceField({ def, value, disabled, fieldId, onChange }: FieldProps<Of<'choice'>>) {
  return (
    <div className="attr-options" role="radiogroup" aria-label={def.name} id={fieldId}>
      {def.options.map((o) => (
        <button
          key={o.id}
          role="radio"
          aria-checked={value === o.id}
          className={value === o.id ? 'on' : ''}
          disabled={disabled}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onChange(() => (value === o.id ? undefined : o.id))}
        >
          {o.name}
        </button>
      ))}
    </div>
  );
}

/** Several of a list: check buttons, kept in the schema's order. */
export function ChoicesField({ def, value, disabled, fieldId, onChange }: FieldProps<Of<'choices'>>) {
  const set = new Set(Array.isArray(value) ? value : []);
  return (
    <div className="attr-options" role="group" aria-label={def.name} id={fieldId}>
      {def.options.map((o) => (
        <button
          key={o.id}
          role="checkbox"
          aria-checked={set.has(o.id)}
          className={set.has(o.id) ? 'on' : ''}
          disabled={disabled}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            const next = def.options.map((x) => x.id).filter((id) => (id === o.id ? !set.has(id) : set.has(id)));
            onChange(() => (next.length ? next : undefined));
          }}
        >
          {o.name}
        </button>
      ))}
    </div>
  );
}

/** Yes / no: two radio buttons; the chosen one again unsets it. */
export function BooleanField({ def, value, disabled, fieldId, onChange }: FieldProps<Of<'boolean'>>) {
  return (
    <div className="attr-options" role="radiogroup" aria-label={def.name} id={fieldId}>
      {[true, false].map((b) => (
        <button key={String(b)} role="radio" aria-checked={value === b} className={value === b ? 'on' : ''} disabled={disabled} onMouseDown={(e) => e.preventDefault()} onClick={() => onChange(() => (value === b ? undefined : b))}>
          {b ? 'yes' : 'no'}
        </button>
      ))}
    </div>
  );
}

/** A whole number, checked against the attribute's bounds. */
export function IntegerAttributeField({ def, value, disabled, fieldId, onChange }: FieldProps<Of<'integer'>>) {
  return (
    <IntegerField
      id={fieldId}
      label={def.name}
      value={typeof value === 'number' ? value : null}
      disabled={disabled}
      check={(n) => (n === null ? null : valueProblem(def, n))}
      onCommit={(n) => onChange(() => n ?? undefined)}
    />
  );
}

/** A number range: two number fields. */
export function RangeAttributeField({ def, value, disabled, fieldId, onChange }: FieldProps<Of<'range'>>) {
  return <RangeField id={fieldId} name={def.name} value={asRange(value)} disabled={disabled} onChange={onChange} />;
}

/** Free text, committed when left. */
export function TextAttributeField({ def, value, disabled, fieldId, onChange }: FieldProps<Of<'text'>>) {
  return <TextField id={fieldId} label={def.name} value={typeof value === 'string' ? value : ''} disabled={disabled} onCommit={(t) => onChange(() => (t ? t : undefined))} />;
}

function asRange(value: AttributeValue | undefined): RangeValue {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : { min: null, max: null };
}

/**
 * What the analyst typed, read as a whole number: empty is null (no value); anything else that
 * is not a whole number ("-5x", "3.5", "1e3") is a problem, said in words, never dropped or
 * rounded without a word.
 */
export function parseWhole(text: string): { value: number | null } | { problem: string } {
  const t = text.trim().replace(/^\u2212/, '-'); // a typographic minus counts as one
  if (t === '') return { value: null };
  if (!/^-?\d+$/.test(t)) return { problem: `“${text.trim()}” is not a whole number` };
  const n = Number(t);
  if (!Number.isSafeInteger(n)) return { problem: `${t} is too large` };
  return { value: n };
}

/** A problem shown under a field, read out by screen readers as it appears. */
function FieldProblem({ id, problem }: { id: string; problem: string | null }) {
  if (!problem) return null;
  return (
    <div className="attr-problem" id={id} role="alert" data-testid="attr-problem">
      {problem}
    </div>
  );
}

/** A whole-number attribute: refused with a message when it is not one, or out of its bounds. */
function IntegerField(props: { id: string; label: string; value: number | null; disabled: boolean; check: (n: number | null) => string | null; onCommit: (n: number | null) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <NumberField
        id={props.id}
        label={props.label}
        value={props.value}
        disabled={props.disabled}
        problemId={problem ? `${props.id}-problem` : undefined}
        onProblem={setProblem}
        onCommit={(n) => {
          const p = props.check(n);
          if (p) return `${props.label} ${p}: not saved.`;
          props.onCommit(n);
          return null;
        }}
      />
      <FieldProblem id={`${props.id}-problem`} problem={problem} />
    </>
  );
}

/**
 * A number range (min–max), each end its own field and its own undoable step. A minimum above
 * the maximum is refused, saying so: nothing is "fixed" by moving the other end. Going from one
 * end straight to the other (Tab) lets the pair be typed in either order: "2", Tab, "4" on a
 * 1–1 count saves the maximum, then the minimum (two valid steps), and only what still does not
 * fit when the range is left is refused.
 */
function RangeField(props: {
  id: string;
  name: string;
  value: RangeValue;
  disabled: boolean;
  onChange: (update: (current: AttributeValue | undefined) => AttributeValue | undefined) => void;
}) {
  const [problems, setProblems] = useState<{ min: string | null; max: string | null }>({ min: null, max: null });
  /** An end typed out of order, held while the analyst moves on to the other end. */
  const pending = useRef<{ end: 'min' | 'max'; n: number | null } | null>(null);
  const maxId = `${props.id}-max`;

  /** Saves one end if the pair fits; returns why not, or null. */
  const apply = (end: 'min' | 'max', n: number | null): string | null => {
    let refused: string | null = null;
    props.onChange((current) => {
      const now = asRange(current);
      const next: RangeValue = end === 'min' ? { min: n, max: now.max } : { min: now.min, max: n };
      if (next.min !== null && next.max !== null && next.min > next.max) {
        refused = end === 'min' ? `Minimum ${next.min} is above the maximum ${next.max}` : `Maximum ${next.max} is below the minimum ${next.min}`;
        return current;
      }
      return next.min === null && next.max === null ? undefined : next;
    });
    return refused;
  };
  const refusal = (why: string, end: 'min' | 'max') => `${why}: not saved. Change the ${end === 'min' ? 'maximum' : 'minimum'} first, or Esc.`;

  const commit = (end: 'min' | 'max', n: number | null, to: Element | null): string | null => {
    const other = end === 'min' ? 'max' : 'min';
    const toOther = to?.id === (end === 'min' ? maxId : props.id);
    const why = apply(end, n);
    if (why) {
      if (!toOther) return refusal(why, end);
      // On to the other end: it may yet make room for this one.
      pending.current = { end, n };
      return `${why}: set the ${other === 'max' ? 'maximum' : 'minimum'} too, or it is not saved.`;
    }
    const held = pending.current;
    if (held && held.end === other) {
      pending.current = null;
      const heldWhy = apply(held.end, held.n);
      setProblems((p) => ({ ...p, [other]: heldWhy ? refusal(heldWhy, held.end) : null }));
    }
    return null;
  };
  const onProblem = (end: 'min' | 'max') => (p: string | null) => {
    if (p === null && pending.current?.end === end) pending.current = null;
    setProblems((now) => ({ ...now, [end]: p }));
  };
  const problem = problems.min ?? problems.max;
  return (
    <>
      <div className="attr-range">
        <NumberField
          id={props.id}
          label={`${props.name}: minimum`}
          placeholder="min"
          value={props.value.min}
          disabled={props.disabled}
          problemId={problems.min ? `${props.id}-problem` : undefined}
          onProblem={onProblem('min')}
          onCommit={(n, to) => commit('min', n, to)}
        />
        <span>–</span>
        <NumberField
          id={maxId}
          label={`${props.name}: maximum`}
          placeholder="max (open)"
          value={props.value.max}
          disabled={props.disabled}
          problemId={problems.max ? `${props.id}-problem` : undefined}
          onProblem={onProblem('max')}
          onCommit={(n, to) => commit('max', n, to)}
        />
      </div>
      <FieldProblem id={`${props.id}-problem`} problem={problem} />
    </>
  );
}

/**
 * One number field. Entering it (by key or click) selects what is in it, so typing replaces the
 * value rather than adding digits to it. It commits when left or on Enter; what cannot be saved
 * is refused with a message (`onProblem`), stays in the field to be corrected, and is never
 * saved. Enter on a refused value stays in the field; Esc puts back the saved value.
 */
function NumberField(props: {
  id: string;
  label: string;
  placeholder?: string;
  value: number | null;
  disabled: boolean;
  problemId: string | undefined;
  onProblem: (problem: string | null) => void;
  /** Saves the number, or returns why it cannot be saved; `to` is where focus is going, if anywhere. */
  onCommit: (n: number | null, to: Element | null) => string | null;
}) {
  const shown = (v: number | null) => (v === null ? '' : String(v));
  const [draft, setDraft] = useState(shown(props.value));
  const input = useRef<HTMLInputElement>(null);
  const selectOnMouseUp = useRef(false);
  /** Esc leaves without saving: the blur that follows must not commit the draft it threw away. */
  const reverting = useRef(false);
  // Follow the stored value, except under the analyst's cursor (the other end of a range may move it).
  useEffect(() => {
    if (document.activeElement !== input.current) {
      setDraft(shown(props.value));
      props.onProblem(null);
    }
  }, [props.value]);
  /** True when what is in the field is saved (or was already). */
  const commit = (to: Element | null = null): boolean => {
    const parsed = parseWhole(draft);
    if ('problem' in parsed) {
      props.onProblem(`${props.label}: ${parsed.problem}: not saved.`);
      return false;
    }
    // Committed even when unchanged: a range's other end may be waiting on this one.
    const problem = props.onCommit(parsed.value, to);
    props.onProblem(problem);
    return problem === null;
  };
  return (
    <input
      ref={input}
      id={props.id}
      className="attr-number"
      inputMode="numeric"
      aria-label={props.label}
      aria-invalid={props.problemId ? true : undefined}
      aria-describedby={props.problemId}
      placeholder={props.placeholder}
      value={draft}
      disabled={props.disabled}
      onChange={(e) => setDraft(e.target.value)}
      onFocus={(e) => {
        e.currentTarget.select();
        selectOnMouseUp.current = true;
      }}
      // A click that focuses the field would put the caret where it landed, undoing the selection.
      onMouseUp={(e) => {
        if (selectOnMouseUp.current) e.preventDefault();
        selectOnMouseUp.current = false;
      }}
      onMouseDown={() => {
        if (document.activeElement === input.current) selectOnMouseUp.current = false;
      }}
      onBlur={(e) => {
        if (reverting.current) reverting.current = false;
        else commit(e.relatedTarget);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          if (!commit()) {
            e.preventDefault();
            e.currentTarget.select(); // stay, with the refused value ready to be typed over
            return;
          }
        } else if (e.key === 'Escape') {
          reverting.current = true;
          setDraft(shown(props.value));
          props.onProblem(null);
        }
        leaveOn(e);
      }}
    />
  );
}

function TextField(props: { id: string; label: string; value: string; disabled: boolean; onCommit: (t: string) => void }) {
  const [draft, setDraft] = useState(props.value);
  useEffect(() => setDraft(props.value), [props.value]);
  const commit = () => draft.trim() !== props.value && props.onCommit(draft.trim());
  return (
    <input
      id={props.id}
      className="attr-text"
      aria-label={props.label}
      value={draft}
      disabled={props.disabled}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        leaveOn(e);
      }}
    />
  );
}
