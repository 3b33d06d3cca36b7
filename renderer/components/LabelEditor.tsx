import { useState } from 'react';
import type { ProjectInfo } from '../../shared/api/contract';
import { labelsSchema } from '../../shared/format/manifest';
import type { Label } from '../../shared/model/labels';
import { slug } from '../../shared/text/slug';
import { api } from '../api/client';

const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#f0e442', '#000000', '#999999'];

/** A label id from a typed name: "Casualty figure" → "casualty-figure". */
const idFromName = (name: string) => slug(name, { max: 40 });

/**
 * Edits the project's labels: name, key, colour, description; adds and removes labels. An id
 * never changes once annotations may use it (it is what files store). The service refuses to
 * remove a label in use and says where it is used.
 */
export function LabelEditor(props: { project: ProjectInfo; onSaved: (p: ProjectInfo) => void; onClose: () => void }) {
  const existing = new Set(props.project.labels.map((l) => l.id));
  const [labels, setLabels] = useState<Label[]>(props.project.labels.map((l) => ({ ...l })));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const change = (i: number, patch: Partial<Label>) =>
    setLabels((list) => list.map((l, k) => (k === i ? { ...l, ...patch, ...(patch.name !== undefined && !existing.has(l.id) ? { id: idFromName(patch.name) } : {}) } : l)));
  const freeKey = () => ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((k) => !labels.some((l) => l.key === k));
  const check = labelsSchema.safeParse(labels.map((l) => (l.description ? l : { id: l.id, name: l.name, key: l.key, color: l.color })));
  const problem = check.success ? null : (check.error.issues[0]?.message ?? 'not a valid schema');

  const save = async () => {
    if (!check.success) return;
    setSaving(true);
    try {
      props.onSaved(await api.updateLabels({ labels: check.data }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && props.onClose()}>
      <form
        className="dialog label-editor"
        role="dialog"
        aria-labelledby="labels-title"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id="labels-title">Labels</h2>
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Colour</th>
              <th>Stored as</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {labels.map((l, i) => (
              <tr key={i}>
                <td>
                  <input value={l.name} onChange={(e) => change(i, { name: e.target.value })} aria-label={`Name of label ${i + 1}`} autoFocus={i === 0} />
                </td>
                <td>
                  <select value={l.key} onChange={(e) => change(i, { key: e.target.value })} aria-label={`Key of ${l.name}`}>
                    {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => (
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
                  <button type="button" onClick={() => setLabels((list) => list.filter((_, k) => k !== i))} aria-label={`Remove ${l.name}`} disabled={labels.length === 1}>
                    ✕
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {freeKey() && (
          <button
            type="button"
            onClick={() => setLabels((list) => [...list, { id: '', name: '', key: freeKey()!, color: PALETTE[list.length % PALETTE.length]! }])}
          >
            Add a label
          </button>
        )}
        <p className="hint">
          {problem ? <span className="error">{problem}</span> : 'Names, keys and colours can change at any time; a label in use cannot be removed.'}
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
            Save labels
          </button>
        </div>
      </form>
    </div>
  );
}
