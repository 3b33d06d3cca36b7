/**
 * Reading brat's `annotation.conf` (the other way from conf.ts, which writes it): the entity
 * types, the relation types with their argument types, and the attributes with their values,
 * as brat's own configuration reader understands them (brat server/src/projectconfig.py):
 *
 * - sections `[entities]`, `[relations]`, `[events]`, `[attributes]`; `#` starts a comment;
 * - a line is a type name, then (after a tab or spaces) comma-separated `Key:Value` arguments;
 * - `<NAME>=A|B` defines a macro, used as `<NAME>` in later arguments;
 * - indentation and `!Name` (a type that only groups others) make a hierarchy: the names inside
 *   are types as well; `!Name` itself is not;
 * - in `[relations]`, `<OVERLAP>` and `<REL-TYPE>:` arguments are settings, not types.
 *
 * Events are read only to know their names (Standoff has no events: brat's E lines are reported
 * by the .ann reader, never silently dropped). The special names `<ENTITY>`, `<EVENT>`, `<ANY>`
 * stay as they are in argument lists, for the caller to expand.
 */

export interface BratConfRelation {
  type: string;
  arg1: string[];
  arg2: string[];
}

export interface BratConfAttribute {
  name: string;
  /** The types it applies to (`Arg:`), macros expanded; may hold `<ENTITY>` or `<EVENT>`. */
  args: string[];
  /** Its values (`Value:`), or null for a yes/no flag. */
  values: string[] | null;
}

export interface BratConf {
  entities: string[];
  events: string[];
  relations: BratConfRelation[];
  attributes: BratConfAttribute[];
}

export function readBratConf(text: string): BratConf {
  const conf: BratConf = { entities: [], events: [], relations: [], attributes: [] };
  const macros = new Map<string, string>();
  let section = '';
  const expand = (value: string): string[] =>
    value
      .split('|')
      .flatMap((v) => (macros.has(v.trim()) ? (macros.get(v.trim()) as string).split('|') : [v]))
      .map((v) => v.trim())
      .filter(Boolean);
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trimEnd();
    if (line.trim() === '') continue;
    const head = /^\s*\[(\w+)\]\s*$/.exec(line);
    if (head) {
      section = (head[1] as string).toLowerCase();
      continue;
    }
    const macro = /^\s*(<[^>]+>)\s*=\s*(.+)$/.exec(line);
    if (macro) {
      macros.set(macro[1] as string, (macro[2] as string).trim());
      continue;
    }
    const m = /^\s*(\S+)(?:\s+(.*))?$/.exec(line);
    if (!m) continue;
    const name = m[1] as string;
    if (name.startsWith('!') || name.startsWith('<')) continue; // a grouping name, or a setting (<OVERLAP>)
    const args = new Map<string, string>();
    for (const piece of (m[2] ?? '').split(',')) {
      const kv = /^\s*([^:]+):(.*)$/.exec(piece);
      if (kv) args.set((kv[1] as string).trim(), (kv[2] as string).trim());
    }
    if (section === 'entities') conf.entities.push(name);
    else if (section === 'events') conf.events.push(name);
    else if (section === 'relations') {
      const arg1 = args.get('Arg1');
      const arg2 = args.get('Arg2');
      if (arg1 === undefined || arg2 === undefined) continue;
      const earlier = conf.relations.find((r) => r.type === name);
      // brat allows a relation on several lines (one per pair of argument types): united here.
      if (earlier) {
        for (const t of expand(arg1)) if (!earlier.arg1.includes(t)) earlier.arg1.push(t);
        for (const t of expand(arg2)) if (!earlier.arg2.includes(t)) earlier.arg2.push(t);
      } else conf.relations.push({ type: name, arg1: expand(arg1), arg2: expand(arg2) });
    } else if (section === 'attributes') {
      const value = args.get('Value');
      conf.attributes.push({ name, args: expand(args.get('Arg') ?? '<ANY>'), values: value === undefined ? null : expand(value) });
    }
  }
  return conf;
}
