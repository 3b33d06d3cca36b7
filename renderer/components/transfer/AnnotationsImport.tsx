import { useEffect, useRef, useState } from 'react';
import { isAbsolutePath, type ImportAnnotationsInput, type ImportAnnotationsResult, type ImportFormat } from '../../../shared/api/contract';
import { formatEntry, IMPORT_FORMATS } from '../../../shared/interchange/formats';
import { JobState } from './JobState';
import { useDialogKeys, useJob } from './useJob';

/** The formats the import reads (shared/interchange/formats.ts), after "Recognise it". */
const FORMATS: Array<{ id: ImportFormat | 'auto'; name: string }> = [
  { id: 'auto', name: 'Recognise it' },
  ...IMPORT_FORMATS.map((id) => {
    const f = formatEntry(id);
    return { id, name: f.import?.hint ? `${f.name} (${f.import.hint})` : f.name };
  }),
];

/**
 * Annotations from another tool into one layer of the project's documents. "Check" reads and
 * validates everything and writes nothing; "Import" does the same and then writes every file or
 * none. Problems are listed with their file and line.
 */
export function AnnotationsImport(props: { onClose: () => void; onImported: () => void; annotator: string | null; annotators: string[]; root: string }) {
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<ImportFormat | 'auto'>('auto');
  const [layer, setLayer] = useState(props.annotator ?? '');
  const [mode, setMode] = useState<'refuse' | 'replace' | 'merge'>('refuse');
  const [skipUnmatched, setSkipUnmatched] = useState(false);
  // Files were written: the list and the open document are read again.
  const job = useJob('importAnnotations', (r) => r.ok && !r.dryRun && r.written.length > 0 && props.onImported());
  const running = job.view.phase === 'running';
  useDialogKeys(running ? job.cancel : props.onClose);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const result = job.view.phase === 'done' ? job.view.result : null;

  const absolute = (p: string) => (isAbsolutePath(p) ? p : `${props.root.replace(/[\\/]+$/, '')}/${p}`);
  const input = (dryRun: boolean): ImportAnnotationsInput => ({
    path: absolute(path.trim()),
    annotator: layer.trim(),
    ...(format !== 'auto' ? { format } : {}),
    ...(mode !== 'refuse' ? { mode } : {}),
    ...(skipUnmatched ? { unmatched: 'skip' as const } : {}),
    dryRun,
  });
  const ready = path.trim() !== '' && layer.trim() !== '' && !running;

  return (
    <form
      aria-label="Import annotations"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) job.start(input(false));
      }}
    >
      <p>Annotations made elsewhere, into one layer. Everything is checked first; then every file is written, or none.</p>
      <label>
        File or folder
        <input ref={first} value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/spans.jsonl" aria-label="File or folder of annotations" spellCheck={false} disabled={running} />
      </label>
      <div className="transfer-grid">
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as ImportFormat | 'auto')} disabled={running}>
            {FORMATS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Into the layer of
          <input value={layer} onChange={(e) => setLayer(e.target.value)} list="import-layers" aria-label="Layer to import into" spellCheck={false} disabled={running} />
          <datalist id="import-layers">
            {[...props.annotators, 'gold'].map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          If that layer has spans
          <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)} disabled={running}>
            <option value="refuse">Stop, change nothing</option>
            <option value="merge">Add to them (skip duplicates)</option>
            <option value="replace">Replace them</option>
          </select>
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={skipUnmatched} onChange={(e) => setSkipUnmatched(e.target.checked)} disabled={running} /> Skip records that match no document (and list
        them)
      </label>
      <JobState view={job.view} label="Importing annotations" onCancel={job.cancel} cancelled="Import cancelled: nothing was written." />
      {result && <ImportResult result={result} />}
      <div className="actions">
        <button type="button" onClick={props.onClose} disabled={running}>
          {result?.ok && !result.dryRun ? 'Close' : 'Cancel'}
        </button>
        <button type="button" onClick={() => ready && job.start(input(true))} disabled={!ready} title="Read and check everything, write nothing">
          Check
        </button>
        <button type="submit" className="primary" disabled={!ready}>
          Import
        </button>
      </div>
    </form>
  );
}

function ImportResult({ result }: { result: ImportAnnotationsResult }) {
  const where = (i: { file: string; line?: number }) => `${i.file}${i.line ? `:${i.line}` : ''}`;
  if (!result.ok) {
    return (
      <div className="transfer-report" data-testid="annotations-import-report" role="alert">
        <p>
          <strong>
            Nothing was imported: {result.problems.length + result.more} problem{result.problems.length + result.more === 1 ? '' : 's'}
          </strong>{' '}
          ({result.format}, into {result.annotator})
        </p>
        <ul>
          {result.problems.map((p, i) => (
            <li key={i} className="problem">
              <code>{where(p)}</code> {p.message}
            </li>
          ))}
          {result.more > 0 && <li className="problem">and {result.more} more</li>}
        </ul>
      </div>
    );
  }
  return (
    <div className="transfer-report" data-testid="annotations-import-report" role="status">
      <p>
        <strong>
          {result.dryRun ? 'Checked, nothing written: ' : ''}
          {result.spans} spans and {result.relations} relations {result.dryRun ? 'would go' : 'went'} into {result.annotator}’s layer of {result.documents.length} document
          {result.documents.length === 1 ? '' : 's'}
        </strong>{' '}
        ({result.format}{result.duplicates ? `, ${result.duplicates} duplicates skipped` : ''})
      </p>
      <ul>
        {result.documents.map((d) => (
          <li key={d.docId} className="ok">
            <code>{d.docId}</code>: {d.spans} spans, {d.relations} relations (from {where(d)}, matched by {d.matchedBy})
            {d.replaced ? `, replacing ${d.replaced.spans} spans` : ''}
          </li>
        ))}
        {result.unmatched.map((u, i) => (
          <li key={`u${i}`} className="skipped">
            <code>{where(u)}</code> {u.message}
          </li>
        ))}
        {result.warnings.map((w, i) => (
          <li key={`w${i}`} className="skipped">
            <code>{where(w)}</code> {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
