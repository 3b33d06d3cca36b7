import { useEffect, useMemo, useState } from 'react';
import type { EntityDuplicate, ProjectInfo } from '../../shared/api/contract';
import { visibleAliases, type Entity } from '../../shared/entities';
import type { EntityInput } from '../../shared/api/contract';
import { foldCase } from '../../shared/text/foldCase';
import { api } from '../api/client';
import { useEntities, type EntityCache } from '../state/entities';

/**
 * The project's entity registry: every actor with its aliases, searchable by any of them;
 * editing one writes only this annotator's registry file. Each alias says whose it is: one's own
 * can be removed; another annotator's stays in their file (only they change it) and can be
 * hidden for oneself, which is kept in one's own file. Below, pairs that look like one actor
 * under two spellings, with why, to merge once the analyst agrees.
 */
export function EntitiesPanel(props: { project: ProjectInfo; cache: EntityCache; annotator: string | null; onFindMentions: (entity: Entity) => void }) {
  const cache = useEntities(props.cache);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<EntityDuplicate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** What the last alias action did, in words (shown in the open editor). */
  const [aliasNote, setAliasNote] = useState<string | null>(null);

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
    return f ? all.filter((e) => [e.name, ...visibleAliases(e, props.annotator)].some((n) => foldCase(n).includes(f))) : all;
  }, [cache.entities, filter, props.annotator]);
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
            <button className={e.id === chosen ? 'active' : ''} onClick={() => (setChosen(e.id === chosen ? null : e.id), setAliasNote(null))} aria-expanded={e.id === chosen}>
              <strong>{e.name}</strong>
              {e.kind && <span className="entity-kind">{kinds?.type === 'choice' ? (kinds.options.find((o) => o.id === e.kind)?.name ?? e.kind) : e.kind}</span>}
              {visibleAliases(e, props.annotator).length > 0 && <div className="entity-aliases">{visibleAliases(e, props.annotator).join(' · ')}</div>}
            </button>
            {e.id === chosen && entity && props.annotator && (
              <EntityEditor
                key={`${entity.id}:${cache.revision}`}
                entity={entity}
                annotator={props.annotator}
                note={aliasNote}
                kinds={kinds?.type === 'choice' ? kinds.options : []}
                onSave={(input) => cache.save(props.annotator!, { id: entity.id, ...input }).then(() => undefined, (err: Error) => setError(err.message))}
                onAliases={(aliases, hidden, note) =>
                  cache
                    .save(props.annotator!, { id: entity.id, ...stored(entity), aliases, hiddenAliases: hidden })
                    .then(() => setAliasNote(note), (err: Error) => setError(err.message))
                }
                onFindMentions={() => props.onFindMentions(entity)}
              />
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

/** The entity's own fields as stored (what an alias action leaves as it is). */
function stored(entity: Entity): Omit<EntityInput, 'aliases'> {
  return { name: entity.name, ...(entity.kind ? { kind: entity.kind } : {}), ...(entity.notes ? { notes: entity.notes } : {}), ...(entity.mergedInto ? { mergedInto: entity.mergedInto } : {}) };
}

/** Whose an alias is, in words: "yours", "layla's", "yours and layla's". */
function ownerWords(owners: readonly string[], me: string): string {
  const names = [...owners].sort((a, b) => (a === me ? -1 : b === me ? 1 : a < b ? -1 : 1)).map((o) => (o === me ? 'yours' : `${o}'s`));
  return names.length <= 1 ? (names[0] ?? 'yours') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function others(owners: readonly string[], me: string): string[] {
  return owners.filter((o) => o !== me);
}

function EntityEditor(props: {
  entity: Entity;
  annotator: string;
  /** What the last alias action did, in words. */
  note: string | null;
  kinds: ReadonlyArray<{ id: string; name: string }>;
  onSave: (input: { name: string; kind?: string; aliases: string[]; notes?: string }) => Promise<void>;
  /** Saves at once the aliases shown and those hidden for this annotator; `note` says what was done. */
  onAliases: (aliases: string[], hidden: string[], note: string) => Promise<void>;
  onFindMentions: () => void;
}) {
  const { entity, annotator: me } = props;
  const [name, setName] = useState(entity.name);
  const [kind, setKind] = useState(entity.kind ?? '');
  const [added, setAdded] = useState('');
  const [notes, setNotes] = useState(entity.notes ?? '');
  const shown = visibleAliases(entity, me);
  const hidden = entity.aliases.filter((a) => !shown.includes(a));
  const ownersOf = (alias: string) => entity.aliasOwners?.[alias] ?? [];
  const save = () => {
    const newName = name.trim() || entity.name;
    const list = [...shown];
    for (const a of added.split('\n').map((x) => x.trim()).filter(Boolean)) if (!list.includes(a)) list.push(a);
    // A renamed entity keeps its old name as an alias: texts still spell it so.
    if (newName !== entity.name && !list.includes(entity.name)) list.push(entity.name);
    return props.onSave({
      name: newName,
      ...(kind ? { kind } : {}),
      aliases: list,
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    });
  };
  const remove = (alias: string) => {
    const rest = others(ownersOf(alias), me);
    const note = rest.length
      ? `“${alias}” was taken out of your registry file, but ${ownerWords(rest, me)} file still lists it, so it stays: only ${rest.join(' and ')} can remove it from there. Hide it to stop seeing it yourself.`
      : `“${alias}” was removed.`;
    return props.onAliases(
      shown.filter((a) => a !== alias),
      hidden,
      note,
    );
  };
  const hide = (alias: string) =>
    props.onAliases(
      shown.filter((a) => a !== alias),
      [...hidden, alias],
      `“${alias}” is hidden for you: it is gone from your list and from your “Tag all mentions”, and stays for everyone else. Your choice is kept in your registry file.`,
    );
  const unhide = (alias: string) => props.onAliases(shown, hidden.filter((a) => a !== alias), `“${alias}” is shown again.`);
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
      <div className="alias-block">
        <div className="alias-heading">Aliases</div>
        {shown.length === 0 && <div className="hint">None yet.</div>}
        <ul className="alias-list" aria-label="Aliases">
          {shown.map((alias) => {
            const owners = ownersOf(alias);
            const mine = owners.length === 0 || owners.includes(me);
            const theirs = others(owners, me);
            return (
              <li key={alias} data-testid="alias">
                <span className="alias-label">
                  <span className="alias-text">{alias}</span> <span className={`alias-owner${theirs.length ? ' theirs' : ''}`}>{ownerWords(owners.length ? owners : [me], me)}</span>
                </span>
                <span className="alias-buttons">
                  {mine && (
                    <button type="button" onClick={() => void remove(alias)} aria-label={`Remove “${alias}”`} title={theirs.length ? `Takes it out of your file; ${ownerWords(theirs, me)} file still lists it` : 'Removes it from your registry file'}>
                      Remove
                    </button>
                  )}
                  {theirs.length > 0 && (
                    <button
                      type="button"
                      onClick={() => void hide(alias)}
                      aria-label={`Hide “${alias}” for me`}
                      title={`“${alias}” is in ${ownerWords(theirs, me)} registry file, which only ${theirs.join(' and ')} changes, so you cannot remove it; hiding it takes it out of what you see.`}
                    >
                      Hide for me
                    </button>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
        {shown.some((a) => others(ownersOf(a), me).length > 0) && (
          <p className="hint alias-why">
            An alias from another annotator&rsquo;s registry file cannot be removed by you: only they change their file, and the registry everyone sees
            joins all the files. You can hide it for yourself; they still see it.
          </p>
        )}
        {hidden.length > 0 && (
          <div className="alias-hidden" data-testid="hidden-aliases">
            Hidden for you:{' '}
            {hidden.map((alias) => (
              <span key={alias} className="alias-hidden-one">
                {alias} <span className="alias-owner theirs">{ownerWords(others(ownersOf(alias), me), me)}</span>{' '}
                <button type="button" onClick={() => void unhide(alias)} aria-label={`Show “${alias}” again`}>
                  Show
                </button>
              </span>
            ))}
          </div>
        )}
        {props.note && (
          <p className="alias-note" role="status">
            {props.note}
          </p>
        )}
      </div>
      <label>
        Add aliases, one per line <textarea rows={2} value={added} onChange={(e) => setAdded(e.target.value)} />
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
