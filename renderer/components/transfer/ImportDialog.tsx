import { useEffect, useRef, useState } from 'react';
import type { ArticleImportReport } from '../../../shared/api/contract';
import { AnnotationsImport } from './AnnotationsImport';
import { JobState } from './JobState';
import { useDialogKeys, useJob } from './useJob';
import './transfer.css';

/**
 * The Import dialog (Ctrl+O): articles as new documents, or annotations into a layer.
 *
 * Articles (.txt, .md, .html, or folders of them) into the project, with a progress bar
 * that can be cancelled, and then a report: each document made, and each file skipped with why.
 * Paths are on the machine where the service runs (this one); one per line.
 */
export function ImportDialog(props: { onClose: () => void; onImported: () => void; annotator: string | null; annotators: string[]; root: string }) {
  const [what, setWhat] = useState<'articles' | 'annotations'>('articles');
  return (
    <div className="dialog-backdrop">
      <div className="dialog transfer-dialog" role="dialog" aria-labelledby="import-title">
        <h2 id="import-title">Import</h2>
        <div className="transfer-switch" role="tablist" aria-label="What to import">
          <button type="button" role="tab" aria-selected={what === 'articles'} onClick={() => setWhat('articles')}>
            Articles
          </button>
          <button type="button" role="tab" aria-selected={what === 'annotations'} onClick={() => setWhat('annotations')}>
            Annotations
          </button>
        </div>
        {what === 'articles' ? (
          <ArticlesImport onClose={props.onClose} onImported={props.onImported} />
        ) : (
          <AnnotationsImport onClose={props.onClose} onImported={props.onImported} annotator={props.annotator} annotators={props.annotators} root={props.root} />
        )}
      </div>
    </div>
  );
}

function ArticlesImport(props: { onClose: () => void; onImported: () => void }) {
  const [paths, setPaths] = useState('');
  // Documents were made: the list is read again.
  const job = useJob('importArticles', (r) => r.imported.length > 0 && props.onImported());
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  const list = paths
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const result = job.view.phase === 'done' ? job.view.result : null;

  const running = job.view.phase === 'running';
  useDialogKeys(running ? job.cancel : props.onClose);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (result) close.current?.focus();
  }, [result]);
  return (
    <form
      aria-label="Import articles"
      onSubmit={(e) => {
        e.preventDefault();
        if (list.length && !running) job.start({ paths: list });
      }}
    >
      <p>Plain text, Markdown or HTML files, or folders of them. HTML keeps the article’s main text, without navigation or scripts. Line ends become LF.</p>
      <label>
        Files or folders, one per line
        <textarea
          ref={input}
          rows={3}
          value={paths}
          onChange={(e) => setPaths(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          placeholder="/home/me/articles"
          aria-label="Files or folders to import"
          disabled={running}
          spellCheck={false}
        />
      </label>
      <p className="hint">Relative paths start from the project folder. Ctrl+Enter imports.</p>
      <JobState view={job.view} label="Importing articles" onCancel={job.cancel} cancelled="Import cancelled." failedPrefix="The import failed: " />
      {job.view.phase === 'done' && <ImportReport report={job.view.result} />}
      <div className="actions">
        <button type="button" ref={close} onClick={props.onClose} disabled={running}>
          {job.view.phase === 'done' ? 'Close' : 'Cancel'}
        </button>
        <button type="submit" className="primary" disabled={!list.length || running}>
          Import
        </button>
      </div>
    </form>
  );
}

function ImportReport({ report }: { report: ArticleImportReport }) {
  return (
    <div className="transfer-report" data-testid="import-report" role="status">
      <p>
        <strong>
          {report.imported.length} imported, {report.skipped.length} skipped
        </strong>
        {report.cancelled ? ' — the import was cancelled; what was imported before stays.' : ''}
      </p>
      <ul>
        {report.imported.map((d) => (
          <li key={d.docId} className="ok">
            {basename(d.file)} → <code>{d.docId}</code>
            {d.title ? ` “${d.title}”` : ''}
            {d.notes.length > 0 && <span className="note"> ({d.notes.join('; ')})</span>}
          </li>
        ))}
        {report.skipped.map((s) => (
          <li key={s.file} className="skipped">
            {basename(s.file)}: {s.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

const basename = (file: string) => file.split(/[\\/]/).pop() ?? file;
