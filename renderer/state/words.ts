import type { Label, RelationType } from '../../shared/model/labels';
import type { Relation, Span, SpanEdit } from '../../shared/model/span';
import { describeValue } from '../inspector/attributeValues';

/** What the words need to name spans and relations the way the analyst sees them. */
export interface Namer {
  labels: readonly Label[];
  relationTypes: readonly RelationType[];
  /** A span by id, wherever it is known (the window's layer, what was saved, the edits at hand). */
  span(id: string): Span | undefined;
  relation(id: string): Relation | undefined;
}

export function quoted(text: string, max = 40): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `“${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
}

export function labelName(namer: Pick<Namer, 'labels'>, id: string): string {
  return namer.labels.find((l) => l.id === id)?.name ?? id;
}

/** `Actor “Fars News”`. */
export function spanWords(namer: Pick<Namer, 'labels'>, span: Span): string {
  return `${labelName(namer, span.label)} ${quoted(span.quote.exact)}`;
}

/** `Actor “Fars News” (Entity: Fars News Agency; Kind: media)`. */
export function spanVersionWords(namer: Pick<Namer, 'labels'>, span: Span, entityName?: (id: string) => string | undefined): string {
  const label = namer.labels.find((l) => l.id === span.label);
  const values = Object.entries(span.attributes ?? {}).map(([id, value]) => {
    const def = label?.attributes.find((a) => a.id === id);
    return def ? `${def.name}: ${describeValue(def, value, entityName)}` : `${id}: ${JSON.stringify(value)}`;
  });
  return `${spanWords(namer, span)}${values.length ? ` (${values.join('; ')})` : ''}`;
}

export function relationWords(namer: Namer, r: Relation): string {
  const type = namer.relationTypes.find((t) => t.id === r.type)?.name ?? r.type;
  const end = (id: string) => {
    const s = namer.span(id);
    return s ? spanWords(namer, s) : 'a span';
  };
  return `${type} from ${end(r.from)} to ${end(r.to)}`;
}

/** One edit as an action: "tagging “Fars News” as Actor". */
function editWords(namer: Namer, edit: SpanEdit, before: (id: string) => Span | undefined): string {
  switch (edit.op) {
    case 'add':
      return `tagging ${quoted(edit.span.quote.exact)} as ${labelName(namer, edit.span.label)}`;
    case 'remove': {
      const s = before(edit.id);
      return s ? `deleting the ${spanWords(namer, s)}` : 'deleting a span';
    }
    case 'update': {
      const old = before(edit.span.id);
      const now = edit.span;
      if (old && old.label !== now.label) return `relabelling ${quoted(old.quote.exact)} as ${labelName(namer, now.label)}`;
      if (old && (old.startOffset !== now.startOffset || old.endOffset !== now.endOffset)) return `moving the ends of the ${spanWords(namer, old)}`;
      return `changing the attributes of the ${spanWords(namer, now)}`;
    }
    case 'addRelation':
      return `adding the relation ${relationWords(namer, edit.relation)}`;
    case 'removeRelation': {
      const r = namer.relation(edit.id);
      return r ? `removing the relation ${relationWords(namer, r)}` : 'removing a relation';
    }
    case 'settle':
      return 'settling a disagreement';
    case 'unsettle':
      return 'reopening a disagreement';
  }
}

/**
 * An undo step as the analyst did it. Relations removed along with a span or a relabel are part
 * of that action, not named separately.
 */
export function stepWords(namer: Namer, edits: readonly SpanEdit[], before: (id: string) => Span | undefined): string {
  const main = edits.some((e) => e.op !== 'removeRelation') ? edits.filter((e) => e.op !== 'removeRelation') : edits;
  if (main.length === 0) return 'a change';
  if (main.length === 1) return editWords(namer, main[0]!, before);
  return `${main.length} changes made together (${editWords(namer, main[0]!, before)}, …)`;
}

/**
 * The service's reason, without the ids it uses to name things: `span "s-4f…": Denial has no
 * attribute "entity"` becomes `the Actor “Fars News”: Denial has no attribute “Entity”`.
 */
export function reasonWords(namer: Namer, message: string, about?: string): string {
  const attributeName = (id: string) => {
    for (const l of namer.labels) {
      const def = l.attributes.find((a) => a.id === id);
      if (def) return def.name;
    }
    return id;
  };
  const optionNames = (labelName: string, attrName: string, ids: string) => {
    const label = namer.labels.find((l) => l.name === labelName);
    const def = label?.attributes.find((a) => a.name === attrName);
    const options = def && 'options' in def ? def.options : [];
    return ids
      .split(/,\s*/)
      .map((id) => options.find((o) => o.id === id)?.name ?? id)
      .join(', ');
  };
  const text = message
    // "Actor › Kind: "media" is not one of its options (state, armed-group)"
    .replace(
      /([^\s:;›][^:;›]*?) › ([^:;]+): "([^"]+)" is not one of its options \(([^)]*)\)/g,
      (_m, label: string, attr: string, value: string, ids: string) =>
        `${attr} cannot be “${value}” for ${label.trim()} spans (the options are ${optionNames(label.trim(), attr, ids)})`,
    )
    .replace(/\s+in [a-z0-9][a-z0-9_-]*\/[A-Za-z0-9_-]+(?=[\s.;:,)]|$)/g, '')
    .replace(/relation "([^"]+)"(?: \([^)]*\))?/g, (_m, id: string) => {
      const r = namer.relation(id);
      return r ? `the relation ${relationWords(namer, r)}` : 'a relation';
    })
    .replace(/span "([^"]+)"/g, (_m, id: string) => {
      const s = namer.span(id);
      return s ? `the ${spanWords(namer, s)}` : 'a span';
    })
    .replace(/attribute "([^"]+)"/g, (_m, id: string) => `attribute “${attributeName(id)}”`)
    .replace(/label "([^"]+)"/g, (_m, id: string) => `label “${labelName(namer, id)}”`);
  // The action already names its span: "span "x": …" says nothing more.
  if (about) {
    const s = namer.span(about);
    for (const named of s ? [`the ${spanWords(namer, s)}: `, `${spanWords(namer, s)}: `] : []) {
      if (text.startsWith(named)) return text.slice(named.length);
    }
  }
  return text;
}

/**
 * A failed save in words: `short` says why in a few words (for the top bar), `full` also names
 * the file; neither carries the system's error code.
 */
export function ioWords(message: string): { short: string; full: string } {
  const codes: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EACCES: 'no permission to write there',
    EPERM: 'no permission to write there',
    EROFS: 'the disk is read-only',
    ENOTDIR: 'its folder was replaced by a file',
    ENOENT: 'its folder is missing',
    EISDIR: 'a folder is in the way',
    EIO: 'the disk reported an error',
    EBUSY: 'the file is busy',
    EMFILE: 'too many files are open',
  };
  /** Shorter still, for the top bar, where they differ. */
  const short: Record<string, string> = {
    ENOTDIR: 'its folder was replaced',
    EACCES: 'no permission',
    EPERM: 'no permission',
  };
  // The service's own words: "could not save <file>: the disk is full. Nothing was lost: …".
  const said = /^(could not save \S+): (.+?)\.(?:\s|$)/.exec(message);
  if (said) return { short: said[2]!, full: `${said[1]}: ${said[2]}` };
  const m = /^(.*?):?\s*\b(E[A-Z]{2,})\b[^]*$/.exec(message);
  const why = m ? codes[m[2]!] : undefined;
  if (m && why) return { short: short[m[2]!] ?? why, full: `${m[1]!.replace(/[\s(:]+$/, '')}: ${why}` };
  const unreachable = /cannot be reached|gave no answer|failed to fetch/i.test(message);
  if (unreachable) return { short: 'the Standoff service cannot be reached', full: message };
  return { short: message, full: message };
}

export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
