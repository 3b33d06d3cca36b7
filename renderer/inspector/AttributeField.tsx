import { useEffect, useRef, useState } from 'react';
import type { AttributeDef, AttributeValue, RangeValue } from '../../shared/model/labels';

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

/**
 * One attribute's editor in the inspector. Fields commit on change (choices, yes/no) or when
 * left (numbers, text), each change one undoable edit. Esc or Enter returns to the text.
 */
export function AttributeField(props: {
  def: AttributeDef;
  value: AttributeValue | undefined;
  disabled: boolean;
  /** Sets the value; `update` sees the value as it is when the change lands (two range ends may be committed in one frame). */
  onChange: (update: (current: AttributeValue | undefined) => AttributeValue | undefined) => void;
}) {
  const { def, value, disabled } = props;
  const onChange = (v: AttributeValue | undefined) => props.onChange(() => v);
  const fieldId = `attr-${def.id}`;
  switch (def.type) {
    case 'choice':
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
              onClick={() => onChange(value === o.id ? undefined : o.id)}
            >
              {o.name}
            </button>
          ))}
        </div>
      );
    case 'choices': {
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
                onChange(next.length ? next : undefined);
              }}
            >
              {o.name}
            </button>
          ))}
        </div>
      );
    }
    case 'boolean':
      return (
        <div className="attr-options" role="radiogroup" aria-label={def.name} id={fieldId}>
          {[true, false].map((b) => (
            <button key={String(b)} role="radio" aria-checked={value === b} className={value === b ? 'on' : ''} disabled={disabled} onMouseDown={(e) => e.preventDefault()} onClick={() => onChange(value === b ? undefined : b)}>
              {b ? 'yes' : 'no'}
            </button>
          ))}
        </div>
      );
    case 'integer':
      return <NumberField id={fieldId} label={def.name} value={typeof value === 'number' ? value : null} disabled={disabled} onCommit={(n) => onChange(n ?? undefined)} />;
    case 'range': {
      const r = asRange(value);
      // One end changes; the other is kept as it is now, and pulled along if they would cross.
      const commit = (end: 'min' | 'max', n: number | null) =>
        props.onChange((current) => {
          const now = asRange(current);
          const next: RangeValue =
            end === 'min' ? { min: n, max: now.max !== null && n !== null && now.max < n ? n : now.max } : { min: now.min !== null && n !== null && now.min > n ? n : now.min, max: n };
          return next.min === null && next.max === null ? undefined : next;
        });
      return (
        <div className="attr-range">
          <NumberField id={fieldId} label={`${def.name}: minimum`} placeholder="min" value={r.min} disabled={disabled} onCommit={(min) => commit('min', min)} />
          <span>–</span>
          <NumberField id={`${fieldId}-max`} label={`${def.name}: maximum`} placeholder="max (open)" value={r.max} disabled={disabled} onCommit={(max) => commit('max', max)} />
        </div>
      );
    }
    case 'text':
      return <TextField id={fieldId} label={def.name} value={typeof value === 'string' ? value : ''} disabled={disabled} onCommit={(t) => onChange(t ? t : undefined)} />;
    case 'entity':
      return null; // EntityField, which needs the registry
  }
}

function asRange(value: AttributeValue | undefined): RangeValue {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : { min: null, max: null };
}

function NumberField(props: { id: string; label: string; placeholder?: string; value: number | null; disabled: boolean; onCommit: (n: number | null) => void }) {
  const [draft, setDraft] = useState(props.value === null ? '' : String(props.value));
  const input = useRef<HTMLInputElement>(null);
  // Follow the stored value, except under the analyst's cursor (the other end of a range may move it).
  useEffect(() => {
    if (document.activeElement !== input.current) setDraft(props.value === null ? '' : String(props.value));
  }, [props.value]);
  const commit = () => {
    const t = draft.trim();
    const n = t === '' ? null : Number(t);
    if (n !== null && !Number.isInteger(n)) return setDraft(props.value === null ? '' : String(props.value));
    if (n !== props.value) props.onCommit(n);
  };
  return (
    <input
      ref={input}
      id={props.id}
      className="attr-number"
      inputMode="numeric"
      aria-label={props.label}
      placeholder={props.placeholder}
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
