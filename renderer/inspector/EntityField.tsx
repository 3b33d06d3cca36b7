import { useEffect, useRef, useState } from 'react';
import type { EntitySuggestion } from '../../shared/api/contract';
import type { Entity } from '../../shared/entities';
import { api } from '../api/client';
import { focusText } from './AttributeField';

export interface EntityFieldProps {
  fieldId: string;
  /** The linked entity id, if any. */
  value: string | undefined;
  entity: Entity | undefined;
  /** The span's text: what proposals are made for. */
  mention: string;
  disabled: boolean;
  /** Links an entity (accepting a proposal or a choice); `create` makes a new one named so first. */
  onLink: (choice: { entity: Entity } | { create: string }) => void;
  onUnlink: () => void;
  onFindMentions: (entity: Entity) => void;
  /** Tells the inspector which proposal A accepts (null: none). */
  onProposal: (accept: (() => void) | null) => void;
}

/**
 * The entity of an actor span. Unlinked, it proposes registry entities for the span's text,
 * each with why its spellings match, and links one only when the analyst accepts (A, or a
 * click); typing searches names and aliases, transliterations included, or creates a new one.
 */
export function EntityField(props: EntityFieldProps) {
  const { entity, mention, disabled } = props;
  const [proposals, setProposals] = useState<EntitySuggestion[] | null>(null);
  const [typed, setTyped] = useState('');
  const [results, setResults] = useState<EntitySuggestion[]>([]);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  // Proposals for the span's own text, when nothing is linked yet.
  useEffect(() => {
    setProposals(null);
    if (props.value || !mention.trim()) return;
    let live = true;
    api.suggestEntities({ text: mention, limit: 3 }).then((s) => live && setProposals(s.filter((x) => x.score >= 0.6)), () => live && setProposals([]));
    return () => {
      live = false;
    };
  }, [mention, props.value]);

  const first = proposals?.[0];
  useEffect(() => {
    props.onProposal(first && !props.value ? () => props.onLink({ entity: first.entity }) : null);
    return () => props.onProposal(null);
  }, [first, props.value]);

  useEffect(() => {
    if (!typed.trim()) return setResults([]);
    let live = true;
    const t = setTimeout(() => api.suggestEntities({ text: typed, limit: 8 }).then((s) => live && (setResults(s), setActive(0))), 80);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [typed]);

  const choose = (i: number) => {
    const hit = results[i];
    if (hit) props.onLink({ entity: hit.entity });
    else if (typed.trim()) props.onLink({ create: typed.trim() });
    setTyped('');
    focusText();
  };

  return (
    <div className="entity-field">
      {entity ? (
        <div className="entity-linked" data-testid="linked-entity">
          <strong>{entity.name}</strong>
          {entity.kind && <span className="entity-kind">{entity.kind}</span>}
          {entity.aliases.length > 0 && <div className="entity-aliases">also: {entity.aliases.slice(0, 6).join(' · ')}{entity.aliases.length > 6 ? ' …' : ''}</div>}
          <div className="entity-actions">
            <button onMouseDown={(e) => e.preventDefault()} onClick={() => props.onFindMentions(entity)} disabled={disabled}>
              All mentions <kbd>M</kbd>
            </button>
            <button onMouseDown={(e) => e.preventDefault()} onClick={props.onUnlink} disabled={disabled}>
              Unlink
            </button>
          </div>
        </div>
      ) : (
        proposals &&
        proposals.length > 0 && (
          <div className="entity-proposals" data-testid="entity-proposals">
            <div className="proposal-title">Proposed (not linked until you accept)</div>
            {proposals.map((p, i) => (
              <div key={p.entity.id} className="entity-proposal">
                <button className="link-entity" onMouseDown={(e) => e.preventDefault()} onClick={() => props.onLink({ entity: p.entity })} disabled={disabled}>
                  Link <strong>{p.entity.name}</strong>
                  {i === 0 && <kbd>A</kbd>}
                </button>
                <div className="proposal-why">
                  “{mention}” ≈ “{p.matched}”: {p.explanation.join('; ')}
                </div>
              </div>
            ))}
          </div>
        )
      )}
      {props.value === undefined && (
        <div className="entity-search">
          <input
            ref={input}
            id={props.fieldId}
            placeholder="Find or create an entity…"
            aria-label="Find or create an entity"
            value={typed}
            disabled={disabled}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length));
              else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
              else if (e.key === 'Enter') choose(active);
              else if (e.key === 'Escape') {
                setTyped('');
                focusText();
              } else return;
              e.preventDefault();
            }}
          />
          {typed.trim() && (
            <ul className="entity-results" role="listbox" aria-label="Entities">
              {results.map((r, i) => (
                <li key={r.entity.id} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseDown={(e) => (e.preventDefault(), choose(i))} title={r.explanation.join('; ')}>
                  <strong>{r.entity.name}</strong> {r.matched !== r.entity.name && <span className="muted">as “{r.matched}”</span>}
                  <div className="proposal-why">{r.explanation.join('; ')}</div>
                </li>
              ))}
              <li role="option" aria-selected={active === results.length} className={active === results.length ? 'active' : ''} onMouseDown={(e) => (e.preventDefault(), choose(results.length))}>
                New entity “{typed.trim()}”
              </li>
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
