import { useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentSummary, ExportFormat, ExportInput, ExportSummary, ProjectInfo } from '../../../shared/api/contract';
import { EXPORT_LOSS_REASONS } from '../../../shared/api/contract';
import { FORMAT_ENTRIES, formatEntry, type ExportFormatOption, type FormatOption } from '../../../shared/interchange/formats';
import { JobState } from './JobState';
import { Dialog } from '../Dialog';
import { useDialogKeys, useJob, type JobView } from './useJob';
import './transfer.css';

type LayerChoice = 'gold' | 'all' | `annotator:${string}`;
type DocumentsChoice = 'all' | 'finished' | 'current';

/**
 * Exports a dataset: one format, one layer (gold, an annotator, or every annotator), some labels
 * and documents, to a file or folder on this machine, with a dataset card beside it. Runs as a
 * job with a progress bar (Esc cancels: nothing is left behind), then says what was written and
 * what the format could not hold.
 */
export function ExportDialog(props: { project: ProjectInfo; docs: DocumentSummary[]; currentId: string | null; onClose: () => void }) {
  const { project, docs } = props;
  const annotators = useMemo(() => [...new Set(docs.flatMap((d) => Object.keys(d.annotators)))].filter((a) => a !== 'gold').sort(), [docs]);
  const hasGold = docs.some((d) => 'gold' in d.annotators);
  const [format, setFormat] = useState<ExportFormat>('standoff');
  const [layer, setLayer] = useState<LayerChoice>(hasGold ? 'gold' : 'all');
  const [documents, setDocuments] = useState<DocumentsChoice>('all');
  const [labels, setLabels] = useState<string[] | null>(null); // null: every label
  const [overwrite, setOverwrite] = useState(false);
  const [agreement, setAgreement] = useState(true);
  // The formats' own options (shared/interchange/formats.ts): a ticked box's value, or a text field's text.
  const [values, setValues] = useState<Partial<Record<ExportFormatOption, string | boolean>>>({});
  const setValue = (key: ExportFormatOption, value: string | boolean | undefined) =>
    setValues((now) => {
      const next = { ...now };
      if (value === undefined) delete next[key];
      else next[key] = value;
      return next;
    });
  const spec = formatEntry(format);
  const w3cBase = typeof values.w3cBase === 'string' ? values.w3cBase : '';
  const layerName = layer === 'gold' ? 'gold' : layer === 'all' ? 'all-annotators' : layer.slice('annotator:'.length);
  const suggested = `${project.root.replace(/[\\/]+$/, '')}/exports/${format}-${layerName}${spec.extension}`;
  const [out, setOut] = useState<string | null>(null); // null: follow the suggestion
  const typed = out ?? suggested;
  // A relative path starts from the project folder, as in Import.
  const target = resolveFrom(project.root, typed);
  const baseProblem = format === 'w3c' && w3cBase.trim() !== '' && !/^[a-z][a-z0-9+.-]*:\S*$/i.test(w3cBase.trim()) ? 'The base must be an absolute IRI, such as https://example.org/news/' : null;
  // A field for a whole number (the Hugging Face window): said here, before the service refuses it.
  const wholeProblem =
    spec.options
      .map((o) => {
        const v = values[o.key];
        if (o.field.kind !== 'text' || !o.field.whole || typeof v !== 'string' || v.trim() === '') return null;
        const n = Number(v.trim());
        return Number.isInteger(n) && n >= o.field.whole.min && n <= o.field.whole.max ? null : `${o.field.name} must be a whole number from ${o.field.whole.min} to ${o.field.whole.max.toLocaleString('en-US')}`;
      })
      .find((p) => p !== null) ?? null;
  const job = useJob('exportDataset');
  const running = job.view.phase === 'running';
  useDialogKeys(running ? job.cancel : props.onClose);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const finishedCount = useMemo(() => {
    const layerId = layer === 'gold' ? 'gold' : layer === 'all' ? null : layer.slice('annotator:'.length);
    return docs.filter((d) => (layerId ? d.finished.includes(layerId) : d.finished.some((f) => f !== 'gold'))).length;
  }, [docs, layer]);

  const input = (): ExportInput => ({
    format,
    out: target,
    layer: layer === 'gold' ? { kind: 'gold' } : layer === 'all' ? { kind: 'all' } : { kind: 'annotator', annotator: layer.slice('annotator:'.length) },
    ...(labels ? { labels } : {}),
    documents: documents === 'current' && props.currentId ? { kind: 'list', docIds: [props.currentId] } : { kind: documents === 'finished' ? 'finished' : 'all' },
    overwrite,
    agreement,
    ...(Object.keys(options()).length ? { options: options() } : {}),
  });

  /** The chosen format's options, only those that differ from its defaults. */
  const options = (): NonNullable<ExportInput['options']> => {
    const out: Record<string, string | boolean | number> = {};
    for (const o of spec.options) {
      const v = values[o.key];
      if (o.field.kind === 'check' ? v === o.field.checked : typeof v === 'string' && v.trim() !== '') out[o.key] = typeof v === 'string' && o.field.kind === 'text' ? (o.field.whole ? Number(v.trim()) : v.trim()) : (v as string | boolean);
    }
    return out as NonNullable<ExportInput['options']>;
  };
  const checks = spec.options.filter((o): o is FormatOption & { field: { kind: 'check' } } => o.field.kind === 'check');
  const texts = spec.options.filter((o): o is FormatOption & { field: { kind: 'text' } } => o.field.kind === 'text');

  const toggleLabel = (id: string) =>
    setLabels((list) => {
      const all = project.labels.map((l) => l.id);
      const current = list ?? all;
      const next = current.includes(id) ? current.filter((x) => x !== id) : all.filter((x) => x === id || current.includes(x));
      return next.length === all.length ? null : next.length === 0 ? current : next;
    });

  return (
    <Dialog
      className="transfer-dialog"
      labelledBy="export-title"
      onClose={props.onClose}
      onSubmit={(e) => {
        e.preventDefault();
        if (!running) job.start(input());
      }}
    >
        <h2 id="export-title">Export a dataset</h2>
        <label>
          Format
          <select ref={first} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} disabled={running}>
            {FORMAT_ENTRIES.map(([id, f]) => (
              <option key={id} value={id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <p className="hint format-use">{spec.use}</p>
        <div className="transfer-grid">
          <label>
            Layer
            <select value={layer} onChange={(e) => setLayer(e.target.value as LayerChoice)} disabled={running}>
              <option value="gold">Gold (adjudicated)</option>
              <option value="all">Every annotator</option>
              {annotators.map((a) => (
                <option key={a} value={`annotator:${a}`}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <label>
            Documents
            <select value={documents} onChange={(e) => setDocuments(e.target.value as DocumentsChoice)} disabled={running}>
              <option value="all">All ({docs.length})</option>
              <option value="finished">Finished only ({finishedCount})</option>
              {props.currentId && <option value="current">This document only</option>}
            </select>
          </label>
        </div>
        <div className="transfer-labels" role="group" aria-label="Labels">
          <span className="transfer-field-title">Labels</span>
          {project.labels.map((l) => {
            const on = labels === null || labels.includes(l.id);
            return (
              <button type="button" key={l.id} className={on ? 'chip on' : 'chip'} aria-pressed={on} onClick={() => toggleLabel(l.id)} disabled={running}>
                <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
                {l.name}
              </button>
            );
          })}
        </div>
        <label>
          {spec.writes === 'folder' ? 'Folder to write' : 'File to write'}
          <input value={typed} onChange={(e) => setOut(e.target.value)} spellCheck={false} aria-label="Where to write" disabled={running} />
        </label>
        {target !== typed && (
          <p className="hint" data-testid="export-resolved">
            From the project folder: <code>{target}</code>
          </p>
        )}
        <p className="hint">
          The dataset card goes {spec.writes === 'folder' ? 'inside it as README.md' : 'beside it as .card.md'}. Offsets are Unicode code points
          {spec.offsets === 'UTF-16' ? `, converted to UTF-16 for ${format}` : ''}.
        </p>
        <div className="transfer-checks">
          <label className="check">
            <input type="checkbox" checked={agreement} onChange={(e) => setAgreement(e.target.checked)} disabled={running} /> Agreement figures in the card
          </label>
          <label className="check">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} disabled={running} /> Replace what is there
          </label>
          {checks.map((o) => (
            <label className="check" key={o.key}>
              <input type="checkbox" checked={values[o.key] === o.field.checked} onChange={(e) => setValue(o.key, e.target.checked ? o.field.checked : undefined)} disabled={running} /> {o.field.words}
            </label>
          ))}
        </div>
        {texts.map((o) => (
          <label key={o.key}>
            {o.field.words}
            <input
              value={typeof values[o.key] === 'string' ? (values[o.key] as string) : ''}
              onChange={(e) => setValue(o.key, e.target.value)}
              placeholder={o.field.placeholder}
              spellCheck={false}
              aria-label={o.field.name}
              aria-invalid={(o.key === 'w3cBase' && baseProblem) || (o.field.whole && wholeProblem) ? true : undefined}
              disabled={running}
            />
          </label>
        ))}
        {baseProblem && <p className="error">{baseProblem}</p>}
        {wholeProblem && <p className="error">{wholeProblem}</p>}
        <JobState view={failedInOurWords(job.view)} label="Exporting" onCancel={job.cancel} cancelled="Export cancelled: nothing was written." errorTestId="export-error" />
        {job.view.phase === 'done' && <ExportReport summary={job.view.result} labels={project.labels} />}
        <div className="actions">
          <button type="button" onClick={props.onClose} disabled={running}>
            {job.view.phase === 'done' ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" className="primary" disabled={running || typed.trim() === '' || baseProblem !== null || wholeProblem !== null}>
            Export
          </button>
        </div>
    </Dialog>
  );
}

function ExportReport({ summary, labels }: { summary: ExportSummary; labels: ProjectInfo['labels'] }) {
  const name = (id: string) => labels.find((l) => l.id === id)?.name ?? id;
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    <div className="transfer-report" data-testid="export-report" role="status">
      <p>
        <strong>
          {n(summary.spans)} spans and {n(summary.relations)} relations of {n(summary.documents)} document{summary.documents === 1 ? '' : 's'} written
        </strong>{' '}
        ({n(summary.fileCount)} file{summary.fileCount === 1 ? '' : 's'}, {formatBytes(summary.bytes)}, {(summary.elapsedMs / 1000).toFixed(1)} s)
      </p>
      <ul>
        <li className="ok">
          <code>{summary.out}</code>
        </li>
        <li className="ok">
          card: <code>{summary.card}</code>
        </li>
        <li className="ok">
          by label:{' '}
          {labels
            .filter((l) => summary.byLabel[l.id])
            .map((l) => `${name(l.id)} ${n(summary.byLabel[l.id]!)}`)
            .join(' · ') || 'none'}
        </li>
        {summary.notCarried.attributes > 0 && (
          <li className="skipped">
            {n(summary.notCarried.attributes)} attribute value{summary.notCarried.attributes === 1 ? '' : 's'} left out: the format has no place for them
          </li>
        )}
        {summary.notCarried.relations > 0 && (
          <li className="skipped">
            {n(summary.notCarried.relations)} relation{summary.notCarried.relations === 1 ? '' : 's'} left out: the format has no place for them
          </li>
        )}
        {(summary.notCarried.notes ?? 0) > 0 && (
          <li className="skipped">
            {n(summary.notCarried.notes!)} note{summary.notCarried.notes === 1 ? '' : 's'} left out: the format has no place for {summary.notCarried.notes === 1 ? 'it' : 'them'} (Standoff JSONL and CSV keep notes)
          </li>
        )}
        {summary.selection.notFinished > 0 && <li className="skipped">{n(summary.selection.notFinished)} layers left out: not finished</li>}
        {Object.entries(summary.dropped.byReason).map(([reason, count]) => (
          <li key={reason} className="skipped" title={reason}>
            {n(count)} {EXPORT_LOSS_REASONS[reason] ?? `left out or changed: ${reason}`}
          </li>
        ))}
        {summary.droppedList && (
          <li className="skipped">
            every one listed in <code>{summary.droppedList}</code>
          </li>
        )}
        {!summary.agreement.included && summary.agreement.reason && <li className="skipped">no agreement figures: {summary.agreement.reason}</li>}
      </ul>
    </div>
  );
}

/**
 * The service's refusal of an existing target, in the dialog's words: it asks to "ask to
 * overwrite", which here is the "Replace what is there" box.
 */
function failedInOurWords<R>(view: JobView<R>): JobView<R> {
  if (view.phase !== 'failed' || !view.message.includes('not replacing it unless asked to')) return view;
  return { phase: 'failed', message: view.message.replace(/\(ask to overwrite it, or choose another (name|folder)\)/, '(tick “Replace what is there”, or choose another $1)') };
}

/** A path as the service takes it: absolute as typed, or from the project folder when relative (as Import does). */
function resolveFrom(root: string, typed: string): string {
  const p = typed.trim();
  if (p === '' || /^([a-zA-Z]:[\\/]|[\\/])/.test(p)) return p;
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const parts = root.replace(/[\\/]+$/, '').split(/[\\/]/);
  for (const part of p.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 1) parts.pop();
    } else parts.push(part);
  }
  return parts.join(sep) || sep;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
