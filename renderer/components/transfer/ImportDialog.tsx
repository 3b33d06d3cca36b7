import { useEffect, useRef, useState } from 'react';
import type { ArticleImportReport } from '../../../shared/api/contract';
import { uploadProblem, type UploadedFile } from '../../../shared/api/uploads';
import { AnnotationsImport } from './AnnotationsImport';
import { JobState } from './JobState';
import { useDialogKeys, useJob } from './useJob';
import { Dialog } from '../Dialog';
import './transfer.css';

/**
 * The Import dialog (Ctrl+O): articles as new documents, or annotations into a layer.
 *
 * Articles (.txt, .md, .html, or folders of them) into the project, with a progress bar
 * that can be cancelled, and then a report: each document made, and each file skipped with why.
 * Files are chosen with a file input ("Choose files…") or dropped on the drop zone, and sent
 * with their bytes (importUploads): the same path in Electron and in browser mode, as a file
 * input gives bytes in both. Typed paths stay for power users: on the machine where the service
 * runs (this one), one per line, relative ones from the project folder.
 */
export function ImportDialog(props: { onClose: () => void; onImported: () => void; annotator: string | null; annotators: string[]; root: string }) {
  const [what, setWhat] = useState<'articles' | 'annotations'>('articles');
  return (
    <Dialog className="transfer-dialog" labelledBy="import-title" onClose={props.onClose}>
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
    </Dialog>
  );
}

/** Accepted by the file input: what the importer reads. */
const ACCEPT = '.txt,.md,.html,.htm';

function ArticlesImport(props: { onClose: () => void; onImported: () => void }) {
  const [paths, setPaths] = useState('');
  // Documents were made: the list is read again.
  const onDone = (r: ArticleImportReport) => r.imported.length > 0 && props.onImported();
  const byPath = useJob('importArticles', onDone);
  const byUpload = useJob('importUploads', onDone);
  const [which, setWhich] = useState<'paths' | 'uploads'>('paths');
  const [reading, setReading] = useState<string | null>(null); // refused before sending, or reading the files
  const [over, setOver] = useState(false);
  const job = which === 'paths' ? byPath : byUpload;
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const chooseButton = useRef<HTMLButtonElement>(null);
  useEffect(() => chooseButton.current?.focus(), []);
  const list = paths
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const result = job.view.phase === 'done' ? job.view.result : null;

  const running = job.view.phase === 'running' || reading === 'reading';
  useDialogKeys(running ? job.cancel : props.onClose);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (result) close.current?.focus();
  }, [result]);

  const upload = async (files: File[]) => {
    if (running || files.length === 0) return;
    setReading('reading');
    let uploads: UploadedFile[];
    try {
      uploads = await Promise.all(files.map(async (f) => ({ name: f.name, base64: await toBase64(f) })));
    } catch (e) {
      setReading(`A file could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    // The service says the same; said here first, nothing is sent.
    const problem = uploadProblem(uploads);
    if (problem) {
      setReading(`Not imported: ${problem}.`);
      return;
    }
    setReading(null);
    setWhich('uploads');
    byUpload.start({ files: uploads });
  };

  return (
    <form
      aria-label="Import articles"
      onSubmit={(e) => {
        e.preventDefault();
        if (list.length && !running) {
          setReading(null);
          setWhich('paths');
          byPath.start({ paths: list });
        }
      }}
    >
      <p>Plain text, Markdown or HTML files, or folders of them. HTML keeps the article’s main text, without navigation or scripts. Line ends become LF.</p>
      <div
        className={over ? 'drop-zone over' : 'drop-zone'}
        data-testid="import-drop-zone"
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void upload([...e.dataTransfer.files]);
        }}
      >
        <span>Drop files here, or</span>
        <button type="button" ref={chooseButton} onClick={() => picker.current?.click()} disabled={running}>
          Choose files…
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          accept={ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Files to import"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = ''; // the same files may be chosen again
            void upload(files);
          }}
        />
        <span className="hint">.txt, .md, .html; up to 10 MB a file</span>
      </div>
      <div className="typed-paths">
        <label>
          Or type files or folders on this machine, one per line
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
      </div>
      {reading === 'reading' && (
        <p className="hint" role="status">
          Reading the files…
        </p>
      )}
      {reading !== null && reading !== 'reading' && (
        <p className="error" role="alert" data-testid="upload-error">
          {reading}
        </p>
      )}
      <JobState view={job.view} label="Importing articles" onCancel={job.cancel} cancelled="Import cancelled." failedPrefix="The import failed: " />
      {job.view.phase === 'done' && <ImportReport report={job.view.result} />}
      <div className="actions">
        <button type="button" ref={close} onClick={props.onClose} disabled={running}>
          {job.view.phase === 'done' ? 'Close' : 'Cancel'}
        </button>
        <button type="submit" className="primary" disabled={!list.length || running}>
          Import paths
        </button>
      </div>
    </form>
  );
}

/** A file's bytes as base64 (FileReader's data URL, without its prefix): no string of the whole file built by hand. */
function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error(`could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
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
