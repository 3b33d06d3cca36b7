import { useEffect, useState } from 'react';
import { api } from '../api/client';

/** An entity's name by its id, following merges; undefined for an id the registry does not list. */
export type EntityName = (id: string) => string | undefined;

const none: EntityName = () => undefined;

/**
 * The registry's entity names, for showing a linked entity as "Agence France-Presse" rather
 * than "afp" (in review, gold changes and agreement). Read once when the pane opens: a name
 * changed meanwhile shows at the next opening.
 */
export function useEntityNames(): EntityName {
  const [lookup, setLookup] = useState<EntityName>(() => none);
  useEffect(() => {
    let live = true;
    api.listEntities({}).then(
      ({ entities }) => {
        if (!live) return;
        const byId = new Map(entities.map((e) => [e.id, e]));
        const name: EntityName = (id) => {
          let e = byId.get(id);
          for (let hops = 0; e?.mergedInto && hops < 20; hops++) e = byId.get(e.mergedInto) ?? e;
          return e?.name;
        };
        setLookup(() => name);
      },
      () => undefined, // without the registry, ids are shown: the Entities tab says why
    );
    return () => {
      live = false;
    };
  }, []);
  return lookup;
}
