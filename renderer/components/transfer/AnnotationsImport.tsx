import { useEffect, useRef, useState } from 'react';
import { isAbsolutePath, type ImportAnnotationsInput, type ImportAnnotationsResult, type ImportFormat } from '../../../shared/api/contract';
import { formatEntry, IMPORT_FORMATS } from '../../../shared/interchange/formats';
import { parseLabelMap } from '../../../shared/model/labels';
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
 * A corpus from another tool — texts and annotations together (docs/IMPORT.md) — into one layer
 * of the project: records that match no document become documents (their text exactly as
 * given), or are skipped, or stop the import; labels the schema lacks are added or mapped.
 * "Check" reads and validates everything and writes nothing; "Import" does the same and then
 * writes every file or none. Problems are listed with their file and line.
 */
export function AnnotationsImport(props: { onClose: () => void; onImported: () => void; annotator: string | null; annotators: string[]; root: string }) {
  const [path, setPath] = useState('');
  const [format, setFormat] = useState<ImportFormat | 'auto'>('auto');
  const [layer, setLayer] = useState(props.annotator ?? '');
  const [mode, setMode] = useState<'refuse' | 'replace' | 'merge'>('refuse');
  const [unmatched, setUnmatched] = useState<'create' | 'skip' | 'error'>('create');
  const [addLabels, setAddLabels] = useState(false);
  const [map, setMap] = useState('');
  // Files were written: the list and the open document are read again.
  const job = useJob('importAnnotations', (r) => r.ok && !r.dryRun && r.written.length > 0 && props.onImported());
  const running = job.view.phase === 'running';
  useDialogKeys(running ? job.cancel : props.onClose);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const result = job.view.phase === 'done' ? job.view.result : null;

  const absolute = (p: string) => (isAbsolutePath(p) ? p : `${props.root.replace(/[\\/]+$/, '')}/${p}`);
  const parsedMap = parseLabelMap(map);
  const labelMap = { map: parsedMap.map, problem: parsedMap.problems[0] ?? null };
  const input = (dryRun: boolean): ImportAnnotationsInput => ({
    path: absolute(path.trim()),
    annotator: layer.trim(),
    ...(format !== 'auto' ? { format } : {}),
    ...(mode !== 'refuse' ? { mode } : {}),
    ...(unmatched !== 'error' ? { unmatched } : {}),
    ...(addLabels || Object.keys(labelMap.map).length ? { labels: { ...(addLabels ? { add: true } : {}), ...(Object.keys(labelMap.map).length ? { map: labelMap.map } : {}) } } : {}),
    dryRun,
  });
  const ready = path.trim() !== '' && layer.trim() !== '' && !running && labelMap.problem === null;

  return (
    <form
      aria-label="Import annotations"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) job.start(input(false));
      }}
    >
      <p>A corpus made elsewhere — texts and annotations — or annotations for documents already here, into one layer. Everything is checked first; then every file is written, or none.</p>
      <label>
        File or folder
        <input ref={first} value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/corpus (brat folder), spans.jsonl, train.conll" aria-label="File or folder of annotations" spellCheck={false} disabled={running} />
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
      <div className="transfer-grid">
        <label>
          Records that match no document
          <select value={unmatched} onChange={(e) => setUnmatched(e.target.value as typeof unmatched)} disabled={running} aria-label="Records that match no document">
            <option value="create">Make a document of each (its text exactly)</option>
            <option value="skip">Skip them, and list them</option>
            <option value="error">Stop, change nothing</option>
          </select>
        </label>
        <label>
          Read labels as
          <input value={map} onChange={(e) => setMap(e.target.value)} placeholder="PER=actor, ORG=actor" aria-label="Read labels as (label map)" spellCheck={false} disabled={running} aria-invalid={labelMap.problem !== null} />
        </label>
      </div>
      {labelMap.problem && <p className="problem">{labelMap.problem}</p>}
      <label className="check">
        <input type="checkbox" checked={addLabels} onChange={(e) => setAddLabels(e.target.checked)} disabled={running} /> Add labels the schema lacks (with colours; keys 1–9 while free,
        the rest from the palettes)
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
          {result.warnings.map((w, i) => (
            <li key={`w${i}`} className="skipped">
              <code>{where(w)}</code> {w.message}
            </li>
          ))}
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
      {result.schema.labels.length > 0 && (
        <p>
          {result.dryRun ? 'Labels to add' : 'Labels added'}: {result.schema.labels.join(', ')}
          {result.schema.relations.length ? `; relation types: ${result.schema.relations.join(', ')}` : ''}
          {result.schema.attributes.length ? `; attributes: ${result.schema.attributes.join(', ')}` : ''}
        </p>
      )}
      {(result.skipped.reject > 0 || result.skipped.ignore > 0) && (
        <p>
          Left out: {result.skipped.reject} task{result.skipped.reject === 1 ? '' : 's'} answered reject, {result.skipped.ignore} answered ignore (Prodigy: not annotations).
        </p>
      )}
      <ul>
        {result.documents.map((d) => (
          <li key={d.docId} className="ok">
            <code>{d.docId}</code>: {d.spans} spans, {d.relations} relations (from {where(d)}, {d.matchedBy === 'new' ? (result.dryRun ? 'a new document' : 'new document') : `matched by ${d.matchedBy}`})
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

