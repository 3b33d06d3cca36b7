import { useState } from 'react';
import type { ProjectInfo } from '../../shared/api/contract';
import { labelSchemaSchema } from '../../shared/format/manifest';
import { ATTRIBUTE_KINDS, ATTRIBUTE_TYPES } from '../../shared/model/attributeKinds';
import { LABEL_KEYS, MAX_LABELS, type AttributeDef, type AttributeType, type Label, type RelationType } from '../../shared/model/labels';
import { slug } from '../../shared/text/slug';
import { api } from '../api/client';
import { Dialog } from './Dialog';

const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#f0e442', '#000000', '#999999'];

/** A label id from a typed name: "Casualty figure" → "casualty-figure". */
const idFromName = (name: string) => slug(name, { max: 40 });

/** Options as typed ("killed, injured"), keeping the ids of options that were there. */
function parseOptions(text: string, before: ReadonlyArray<{ id: string; name: string }>): Array<{ id: string; name: string }> {
  return text
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((name) => ({ id: before.find((o) => o.name === name || o.id === idFromName(name))?.id ?? idFromName(name), name }));
}

/** An attribute changed to another type: what it keeps (id, name, key, description). */
function retype(a: AttributeDef, type: AttributeType): AttributeDef {
  const base = { id: a.id, name: a.name, ...(a.key ? { key: a.key } : {}), ...(a.description ? { description: a.description } : {}) };
  return ATTRIBUTE_KINDS[type].retype(base, a);
}

/**
 * Edits the project's label schema: labels (name, key, colour), their attributes (name, type,
 * key, options) and relation types (which labels they join). An id never changes once
 * annotations may use it (it is what files store). The service refuses a schema that
 * annotations already made would not fit, and says what and where.
 */
export function LabelEditor(props: { project: ProjectInfo; onSaved: (p: ProjectInfo) => void; onClose: () => void }) {
  const existing = new Set(props.project.labels.map((l) => l.id));
  const [labels, setLabels] = useState<Label[]>(props.project.labels.map((l) => ({ ...l, attributes: l.attributes.map((a) => ({ ...a })) })));
  const [relations, setRelations] = useState<RelationType[]>(props.project.relations.map((r) => ({ ...r })));
  const [open, setOpen] = useState<number | null>(null);
  const existingAttributes = new Set(props.project.labels.flatMap((l) => l.attributes.map((a) => `${l.id}/${a.id}`)));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const change = (i: number, patch: Partial<Label>) =>
    setLabels((list) => list.map((l, k) => (k === i ? { ...l, ...patch, ...(patch.name !== undefined && !existing.has(l.id) ? { id: idFromName(patch.name) } : {}) } : l)));
  const freeKey = () => LABEL_KEYS.find((k) => !labels.some((l) => l.key === k));
  const changeAttribute = (i: number, k: number, next: AttributeDef) => change(i, { attributes: labels[i]!.attributes.map((a, j) => (j === k ? next : a)) });
  const check = labelSchemaSchema.safeParse({ labels: labels.map((l) => (l.description ? l : { id: l.id, name: l.name, ...(l.key ? { key: l.key } : {}), color: l.color, attributes: l.attributes })), relations });
  const firstIssue = check.success ? null : check.error.issues[0];
  const problem = firstIssue ? `${firstIssue.path.length ? `${describePath(firstIssue.path, labels, relations)}: ` : ''}${firstIssue.message}` : null;

  const save = async () => {
    if (!check.success) return;
    setSaving(true);
    try {
      props.onSaved(await api.updateSchema(check.data));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      className="label-editor"
      labelledBy="labels-title"
      onClose={props.onClose}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
        <h2 id="labels-title">Label schema</h2>
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Colour</th>
              <th>Stored as</th>
              <th>Attributes</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {labels.map((l, i) => [
              <tr key={i}>
                <td>
                  <input value={l.name} onChange={(e) => change(i, { name: e.target.value })} aria-label={`Name of label ${i + 1}`} autoFocus={i === 0} />
                </td>
                <td>
                  {/* Nine keys; a label without one is tagged from the palette beside the text or the command palette. */}
                  <select value={l.key ?? ''} onChange={(e) => change(i, { key: e.target.value || undefined })} aria-label={`Key of ${l.name}`}>
                    <option value="">none</option>
                    {LABEL_KEYS.map((k) => (
                      <option key={k}>{k}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <input type="color" value={l.color} onChange={(e) => change(i, { color: e.target.value })} aria-label={`Colour of ${l.name}`} />
                </td>
                <td>
                  <code>{l.id || '—'}</code>
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i} aria-label={`Attributes of ${l.name}`}>
                    {l.attributes.length} {open === i ? '▾' : '▸'}
                  </button>
                </td>
                <td>
                  <button type="button" onClick={() => setLabels((list) => list.filter((_, k) => k !== i))} aria-label={`Remove ${l.name}`} disabled={labels.length === 1}>
                    ✕
                  </button>
                </td>
              </tr>,
              open === i && (
                <tr key={`${i}-attributes`} className="attribute-rows">
                  <td colSpan={6}>
                    <table className="attribute-table">
                      <thead>
                        <tr>
                          <th>Attribute</th>
                          <th>Type</th>
                          <th>Key</th>
                          <th>Options (comma-separated)</th>
                          <th />
                        </tr>
                      </thead>
                      <tbody>
                        {l.attributes.map((a, k) => (
                          <tr key={k}>
                            <td>
                              <input
                                value={a.name}
                                aria-label={`Name of attribute ${k + 1} of ${l.name}`}
                                onChange={(e) => changeAttribute(i, k, { ...a, name: e.target.value, ...(existingAttributes.has(`${l.id}/${a.id}`) ? {} : { id: idFromName(e.target.value) }) })}
                              />
                            </td>
                            <td>
                              <select value={a.type} aria-label={`Type of ${a.name}`} onChange={(e) => changeAttribute(i, k, retype(a, e.target.value as AttributeType))}>
                                {ATTRIBUTE_TYPES.map((t) => (
                                  <option key={t.type} value={t.type}>
                                    {t.name}
                                  </option>
                                ))}
                              </select>
                            </td>
                            <td>
                              <input
                                className="key-input"
                                value={a.key ?? ''}
                                maxLength={1}
                                aria-label={`Key of ${a.name}`}
                                onChange={(e) => {
                                  const { key: _k, ...rest } = a;
                                  const key = e.target.value.toLowerCase();
                                  changeAttribute(i, k, (key ? { ...rest, key } : rest) as AttributeDef);
                                }}
                              />
                            </td>
                            <td>
                              {'options' in a ? (
                                <OptionsInput value={a.options} label={`Options of ${a.name}`} onChange={(options) => changeAttribute(i, k, { ...a, options })} />
                              ) : (
                                <span className="hint">—</span>
                              )}
                            </td>
                            <td>
                              <button type="button" aria-label={`Remove attribute ${a.name}`} onClick={() => change(i, { attributes: l.attributes.filter((_, j) => j !== k) })}>
                                ✕
                              </button>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    <button type="button" onClick={() => change(i, { attributes: [...l.attributes, { id: '', name: '', type: 'choice', options: [{ id: 'yes', name: 'yes' }] }] })}>
                      Add an attribute to {l.name || 'this label'}
                    </button>
                  </td>
                </tr>
              ),
            ])}
          </tbody>
        </table>
        {labels.length < MAX_LABELS && (
          <button
            type="button"
            onClick={() => {
              const key = freeKey();
              setLabels((list) => [...list, { id: '', name: '', ...(key ? { key } : {}), color: PALETTE[list.length % PALETTE.length]!, attributes: [] }]);
            }}
          >
            Add a label
          </button>
        )}
        <h3>Relation types</h3>
        <table className="relation-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>From</th>
              <th>To</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {relations.map((r, i) => (
              <tr key={i}>
                <td>
                  <input
                    value={r.name}
                    aria-label={`Name of relation type ${i + 1}`}
                    onChange={(e) => setRelations((list) => list.map((x, k) => (k === i ? { ...x, name: e.target.value, ...(props.project.relations.some((p) => p.id === x.id) ? {} : { id: idFromName(e.target.value) }) } : x)))}
                  />
                </td>
                {(['from', 'to'] as const).map((end) => (
                  <td key={end} className="label-checks">
                    {labels.map((l) => (
                      <label key={l.id}>
                        <input
                          type="checkbox"
                          checked={r[end].includes(l.id)}
                          onChange={(e) =>
                            setRelations((list) => list.map((x, k) => (k === i ? { ...x, [end]: e.target.checked ? [...x[end], l.id] : x[end].filter((id) => id !== l.id) } : x)))
                          }
                        />
                        {l.name}
                      </label>
                    ))}
                  </td>
                ))}
                <td>
                  <button type="button" aria-label={`Remove relation type ${r.name}`} onClick={() => setRelations((list) => list.filter((_, k) => k !== i))}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => setRelations((list) => [...list, { id: '', name: '', from: [], to: [] }])}>
          Add a relation type
        </button>
        <p className="hint">
          {problem ? <span className="error">{problem}</span> : 'Names, keys and colours can change at any time; what annotations use cannot be removed.'}
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!check.success || saving}>
            Save schema
          </button>
        </div>
    </Dialog>
  );
}

/** A comma-separated options field that parses when left, so typing a comma does not fight the cursor. */
function OptionsInput(props: { value: ReadonlyArray<{ id: string; name: string }>; label: string; onChange: (options: Array<{ id: string; name: string }>) => void }) {
  const [text, setText] = useState(props.value.map((o) => o.name).join(', '));
  return <input value={text} aria-label={props.label} onChange={(e) => setText(e.target.value)} onBlur={() => props.onChange(parseOptions(text, props.value))} />;
}

/** A validation path in words: "Casualty figure › Outcome" rather than labels[2].attributes[0]. */
function describePath(path: PropertyKey[], labels: Label[], relations: RelationType[]): string {
  const [top, i, kind, k] = path;
  if (top === 'labels' && typeof i === 'number') {
    const l = labels[i];
    const name = l?.name || `label ${i + 1}`;
    if (kind === 'attributes' && typeof k === 'number') return `${name} › ${l?.attributes[k]?.name || `attribute ${k + 1}`}`;
    return name;
  }
  if (top === 'relations' && typeof i === 'number') return `relation ${relations[i]?.name || i + 1}`;
  return path.join('.');
}
