import { useEffect, useMemo, useState } from 'react';
import type { EntityDuplicate, ProjectInfo } from '../../shared/api/contract';
import type { Entity } from '../../shared/entities';
import { foldCase } from '../../shared/text/foldCase';
import { api } from '../api/client';
import { useEntities, type EntityCache } from '../state/entities';

/**
 * The project's entity registry: every actor with its aliases, searchable by any of them;
 * editing one writes only this annotator's registry file. Below, pairs that look like one
 * actor under two spellings, with why, to merge once the analyst agrees.
 */
export function EntitiesPanel(props: { project: ProjectInfo; cache: EntityCache; annotator: string | null; onFindMentions: (entity: Entity) => void }) {
  const cache = useEntities(props.cache);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<EntityDuplicate[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void cache.refresh().catch((e: Error) => setError(e.message));
  }, [cache]);
  useEffect(() => {
    let live = true;
    api.entityDuplicates({ limit: 50 }).then((d) => live && setDuplicates(d), (e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [cache.revision]);

  const shown = useMemo(() => {
    const f = foldCase(filter.trim());
    const all = cache.entities.filter((e) => !e.mergedInto);
    return f ? all.filter((e) => [e.name, ...e.aliases].some((n) => foldCase(n).includes(f))) : all;
  }, [cache.entities, filter]);
  const entity = chosen ? cache.resolve(chosen) : undefined;
  const kinds = props.project.labels.flatMap((l) => l.attributes).find((a) => a.id === 'kind' && a.type === 'choice');

  const merge = async (d: EntityDuplicate) => {
    if (!props.annotator) return;
    try {
      // The one with fewer names goes into the other; its aliases join the survivor's.
      const [keep, drop] = d.a.aliases.length >= d.b.aliases.length ? [d.a, d.b] : [d.b, d.a];
      await cache.save(props.annotator, { id: keep.id, name: keep.name, aliases: [...keep.aliases, drop.name, ...drop.aliases], ...(keep.kind ?? drop.kind ? { kind: keep.kind ?? drop.kind } : {}), ...(keep.notes ? { notes: keep.notes } : {}) });
      await cache.save(props.annotator, { id: drop.id, name: drop.name, aliases: drop.aliases, mergedInto: keep.id, ...(drop.kind ? { kind: drop.kind } : {}) });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="entities-panel" data-testid="entities-panel">
      <div className="search-controls">
        <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Find an entity by any name" aria-label="Find an entity" />
        <div className="search-status" role="status">
          {error ?? `${shown.length} of ${cache.entities.filter((e) => !e.mergedInto).length} entities`}
          {cache.problems.length > 0 && <div className="problem">{cache.problems.map((p) => `${p.file}: ${p.problems.join('; ')}`).join(' · ')}</div>}
        </div>
      </div>
      <ul className="entity-list" aria-label="Entities">
        {shown.map((e) => (
          <li key={e.id}>
            <button className={e.id === chosen ? 'active' : ''} onClick={() => setChosen(e.id === chosen ? null : e.id)} aria-expanded={e.id === chosen}>
              <strong>{e.name}</strong>
              {e.kind && <span className="entity-kind">{kinds?.type === 'choice' ? (kinds.options.find((o) => o.id === e.kind)?.name ?? e.kind) : e.kind}</span>}
              {e.aliases.length > 0 && <div className="entity-aliases">{e.aliases.join(' · ')}</div>}
            </button>
            {e.id === chosen && entity && props.annotator && (
              <EntityEditor key={`${entity.id}:${cache.revision}`} entity={entity} kinds={kinds?.type === 'choice' ? kinds.options : []} onSave={(input) => cache.save(props.annotator!, { id: entity.id, ...input }).then(() => undefined, (err: Error) => setError(err.message))} onFindMentions={() => props.onFindMentions(entity)} />
            )}
          </li>
        ))}
      </ul>
      <section className="duplicates" aria-label="Possible duplicates">
        <div className="pane-title">Maybe the same actor</div>
        {duplicates === null ? (
          <p className="hint">Looking…</p>
        ) : duplicates.length === 0 ? (
          <p className="hint">No two entities look alike.</p>
        ) : (
          duplicates.map((d) => (
            <div key={`${d.a.id}|${d.b.id}`} className="duplicate">
              <div>
                <strong>{d.a.name}</strong> and <strong>{d.b.name}</strong>
              </div>
              <div className="proposal-why">
                “{d.matchedA}” ≈ “{d.matchedB}”: {d.explanation.join('; ')}
              </div>
              <button onClick={() => void merge(d)} disabled={!props.annotator}>
                Same actor: merge
              </button>
            </div>
          ))
        )}
      </section>
    </div>
  );
}

function EntityEditor(props: {
  entity: Entity;
  kinds: ReadonlyArray<{ id: string; name: string }>;
  onSave: (input: { name: string; kind?: string; aliases: string[]; notes?: string }) => Promise<void>;
  onFindMentions: () => void;
}) {
  const { entity } = props;
  const [name, setName] = useState(entity.name);
  const [kind, setKind] = useState(entity.kind ?? '');
  const [aliases, setAliases] = useState(entity.aliases.join('\n'));
  const [notes, setNotes] = useState(entity.notes ?? '');
  const save = () => {
    const newName = name.trim() || entity.name;
    const list = aliases.split('\n').map((a) => a.trim()).filter(Boolean);
    // A renamed entity keeps its old name as an alias: texts still spell it so.
    if (newName !== entity.name && !list.includes(entity.name)) list.push(entity.name);
    return props.onSave({
      name: newName,
      ...(kind ? { kind } : {}),
      aliases: list,
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    });
  };
  return (
    <form className="entity-editor" onSubmit={(e) => (e.preventDefault(), void save())}>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Kind{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">—</option>
          {props.kinds.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Aliases, one per line <textarea rows={4} value={aliases} onChange={(e) => setAliases(e.target.value)} />
      </label>
      <label>
        Notes <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <div className="entity-actions">
        <button type="submit">Save</button>
        <button type="button" onClick={props.onFindMentions}>
          Tag all mentions
        </button>
        <span className="hint">{entity.contributors.length ? `from ${entity.contributors.join(', ')}` : ''}</span>
      </div>
    </form>
  );
}
