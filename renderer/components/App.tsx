import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DocumentSummary, FileProblem, OpenedDocument, ProjectInfo, ReviewProgress, SearchHit } from '../../shared/api/contract';
import { TextPositions } from '../../shared/text/positions';
import { api } from '../api/client';
import { perf } from '../editor/perf';
import { rememberAnnotator, rememberedAnnotator } from '../state/annotator';
import { afterPaint } from '../state/afterPaint';
import { LayerSession } from '../state/layerSession';
import { AnnotatorDialog } from './AnnotatorDialog';
import { DocumentList } from './DocumentList';
import { AgreementDashboard } from './agreement/AgreementDashboard';
import { ReviewPane } from '../review/ReviewPane';
import { EntitiesPanel } from './EntitiesPanel';
import type { Entity } from '../../shared/entities';
import { EntityCache } from '../state/entities';
import { EditorPane } from './EditorPane';
import { GuidelinesPanel } from './GuidelinesPanel';
import { ExportDialog } from './transfer/ExportDialog';
import { ImportDialog } from './transfer/ImportDialog';
import { LabelEditor } from './LabelEditor';
import { SearchPanel } from './SearchPanel';
import { SaveIndicator } from './SaveIndicator';

/** An open document: its text, positions, and the current annotator's layer session. */
export interface OpenDoc {
  doc: OpenedDocument;
  positions: TextPositions;
  session: LayerSession;
  /** Set when the annotator's file for this document could not be read. */
  problem: FileProblem | null;
  /** Called once the text and spans are painted (for the benchmark). */
  onPainted: () => void;
  /** Which opening of the document this is: the same document opened again (after an import) is drawn anew. */
  generation: number;
}

/** A place to show in a document: a search hit, with a nonce so the same hit can be shown again. */
export type Reveal = Pick<SearchHit, 'docId' | 'startOffset' | 'endOffset' | 'spanId'> & { nonce: number };

export function App() {
  const [project, setProject] = useState<ProjectInfo | null>(null);
  const [docs, setDocs] = useState<DocumentSummary[]>([]);
  const [annotator, setAnnotator] = useState<string | null>(rememberedAnnotator());
  const [askAnnotator, setAskAnnotator] = useState(annotator === null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [open, setOpen] = useState<OpenDoc | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [showGuidelines, setShowGuidelines] = useState(false);
  const [leftTab, setLeftTab] = useState<'documents' | 'search' | 'entities'>('documents');
  const entities = useMemo(() => new EntityCache(api), []);
  const [mentionsOf, setMentionsOf] = useState<Entity | null>(null);
  const [searchFocus, setSearchFocus] = useState(0);
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [editLabels, setEditLabels] = useState(false);
  /** What the middle of the window shows: the text to annotate, or the agreement dashboard. */
  const [view, setView] = useState<'annotate' | 'review' | 'agreement'>('annotate');
  const [progress, setProgress] = useState<ReviewProgress | null>(null);
  const [transfer, setTransfer] = useState<'import' | 'export' | null>(null);
  /** Bumped when files changed under the open document (an import): it is opened again. */
  const [reopen, setReopen] = useState(0);

  useEffect(() => {
    void entities.refresh().catch(() => undefined); // its problems show in the Entities tab
    Promise.all([api.getProject({}), api.listDocuments({})])
      .then(([p, d]) => {
        setProject(p);
        setDocs(d);
        document.title = `${p.name} — Standoff`;
        const last = localStorage.getItem('standoff-last-document');
        setCurrentId(d.find((x) => x.id === last)?.id ?? d[0]?.id ?? null);
      })
      .catch((e: Error) => setFatal(e.message));
  }, []);

  // Open the chosen document for the current annotator.
  useEffect(() => {
    if (!currentId || !annotator) return;
    let cancelled = false;
    const done = perf.documentChosen();
    localStorage.setItem('standoff-last-document', currentId);
    api
      .openDocument({ docId: currentId, annotators: [annotator] })
      .then((doc) => {
        if (cancelled) return;
        const layer = doc.layers.find((l) => l.annotator === annotator);
        const problem = layer?.error ?? null;
        const reason = problem ? `${problem.file} could not be read (${problem.problems.join('; ')})` : null;
        const session = new LayerSession(api, doc.meta.id, annotator, layer?.spans ?? [], layer?.relations ?? [], project?.relations ?? [], reason);
        setOpen({ doc, positions: new TextPositions(doc.text), session, problem, onPainted: done, generation: reopen });
      })
      .catch((e: Error) => !cancelled && setFatal(e.message));
    return () => {
      cancelled = true;
    };
  }, [currentId, annotator, reopen]);

  // Keep the document list's span counts in step with the open layer.
  useEffect(() => {
    if (!open) return;
    const { session } = open;
    return session.onChange(() =>
      afterPaint(() =>
        setDocs((list) =>
          list.map((d) => (d.id === session.docId ? { ...d, annotators: { ...d.annotators, [session.annotator]: session.spans.size } } : d)),
        ),
      ),
    );
  }, [open]);

  const step = useCallback(
    (direction: 1 | -1) => {
      const i = docs.findIndex((d) => d.id === currentId);
      const next = docs[i + direction];
      if (next) setCurrentId(next.id);
    },
    [docs, currentId],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        step(e.key === 'ArrowDown' ? 1 : -1);
      } else if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        setLeftTab('search');
        setSearchFocus((n) => n + 1);
      } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        setTransfer('import');
      } else if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'e') {
        e.preventDefault();
        setTransfer('export');
      } else if (e.key === 'F1' && !e.defaultPrevented) {
        e.preventDefault();
        setShowGuidelines((v) => !v);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);

  const chooseAnnotator = (id: string) => {
    rememberAnnotator(id);
    setAnnotator(id);
    setAskAnnotator(false);
  };

  const knownAnnotators = useMemo(() => [...new Set(docs.flatMap((d) => Object.keys(d.annotators)))].sort(), [docs]);

  if (fatal) {
    return (
      <div className="fatal" role="alert">
        <h1>Standoff cannot open this project</h1>
        <p>{fatal}</p>
      </div>
    );
  }

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Standoff</span>
        <span className="project-name">{project?.name ?? 'Opening…'}</span>
        <span className="spacer" />
        {open && view === 'annotate' && <SaveIndicator session={open.session} />}
        {view === 'review' && progress && (
          <span className="project-progress" data-testid="project-progress" title="Disagreements settled in the gold layer, over the whole project">
            Project: {progress.settled} of {progress.disagreements} settled
          </span>
        )}
        <div className="view-switch" role="tablist" aria-label="View">
          <button role="tab" aria-selected={view === 'annotate'} onClick={() => setView('annotate')} title="Annotate as yourself">
            Annotate
          </button>
          <button role="tab" aria-selected={view === 'review'} onClick={() => setView('review')} title="Compare the annotators and settle their disagreements into gold">
            Review
          </button>
          <button role="tab" aria-selected={view === 'agreement'} onClick={() => setView('agreement')} title="Agreement between annotators">
            Agreement
          </button>
        </div>
        <button className="topbar-button" onClick={() => setTransfer('import')} title="Import articles or annotations (Ctrl+O)">
          Import…
        </button>
        <button className="topbar-button" onClick={() => setTransfer('export')} title="Export a dataset (Ctrl+Shift+E)">
          Export…
        </button>
        <button className="topbar-button" onClick={() => setShowGuidelines((v) => !v)} title="Annotation guidelines (F1)" aria-pressed={showGuidelines}>
          Guidelines <kbd>F1</kbd>
        </button>
        <button className="annotator" onClick={() => setAskAnnotator(true)} title="Switch annotator">
          Annotator: <strong>{annotator ?? '—'}</strong>
        </button>
      </header>
      <div className="left-pane">
        <div className="left-tabs" role="tablist">
          <button role="tab" aria-selected={leftTab === 'documents'} onClick={() => setLeftTab('documents')}>
            Documents
          </button>
          <button role="tab" aria-selected={leftTab === 'search'} onClick={() => (setLeftTab('search'), setSearchFocus((n) => n + 1))} title="Search the project (Ctrl+Shift+F)">
            Search <kbd>Ctrl+Shift+F</kbd>
          </button>
          <button role="tab" aria-selected={leftTab === 'entities'} onClick={() => setLeftTab('entities')} title="The project's actors and their names">
            Entities
          </button>
        </div>
        {leftTab === 'documents' || !project ? (
          <DocumentList
            docs={docs}
            currentId={currentId}
            annotator={annotator}
            onChoose={setCurrentId}
            {...(view === 'review' && progress ? { review: new Map(progress.documents.map((d) => [d.docId, d])) } : {})}
          />
        ) : leftTab === 'entities' ? (
          <EntitiesPanel project={project} cache={entities} annotator={annotator} onFindMentions={setMentionsOf} />
        ) : (
          <SearchPanel
            project={project}
            currentId={currentId}
            annotator={annotator}
            entities={entities}
            focusToken={searchFocus}
            onReveal={(hit) => {
              setCurrentId(hit.docId);
              setReveal({ docId: hit.docId, startOffset: hit.startOffset, endOffset: hit.endOffset, spanId: hit.spanId, nonce: Date.now() });
            }}
          />
        )}
      </div>
      {view === 'agreement' && project ? (
        <AgreementDashboard
          project={project}
          onOpenDocument={(docId) => {
            setCurrentId(docId);
            setView('annotate');
          }}
          onClose={() => setView('annotate')}
        />
      ) : view === 'review' && project && currentId ? (
        <ReviewPane key={currentId} project={project} docId={currentId} onProgress={setProgress} />
      ) : project && open && annotator ? (
        <EditorPane
          key={`${open.doc.meta.id}/${annotator}/${open.generation}`}
          project={project}
          open={open}
          reveal={reveal}
          entities={entities}
          mentionsOf={mentionsOf}
          setMentionsOf={setMentionsOf}
          onEditLabels={() => setEditLabels(true)}
          finished={docs.find((d) => d.id === open.doc.meta.id)?.finished.includes(annotator) ?? false}
          onFinished={(finished) =>
            api
              .setFinished({ docId: open.doc.meta.id, annotator, finished })
              .then((r) => setDocs((list) => list.map((d) => (d.id === r.docId ? { ...d, finished: r.finished } : d))))
          }
          onSpanCount={(docId, count) => setDocs((list) => list.map((d) => (d.id === docId ? { ...d, annotators: { ...d.annotators, [annotator]: count } } : d)))}
        />
      ) : (
        <main className="editor-pane empty">{docs.length === 0 && project ? 'This project has no documents yet. Import articles with Import… (Ctrl+O).' : 'Opening…'}</main>
      )}
      {showGuidelines && <GuidelinesPanel onClose={() => (setShowGuidelines(false), document.querySelector<HTMLElement>('.ProseMirror')?.focus())} />}
      {editLabels && project && (
        <LabelEditor
          project={project}
          onClose={() => setEditLabels(false)}
          onSaved={(p) => {
            setProject(p);
            setEditLabels(false);
          }}
        />
      )}
      {transfer === 'export' && project && <ExportDialog project={project} docs={docs} currentId={currentId} onClose={() => setTransfer(null)} />}
      {transfer === 'import' && project && (
        <ImportDialog
          root={project.root}
          annotator={annotator}
          annotators={knownAnnotators}
          onClose={() => setTransfer(null)}
          onImported={() => {
            setReopen((n) => n + 1);
            void api.listDocuments({}).then((d) => {
              setDocs(d);
              setCurrentId((id) => id ?? d[0]?.id ?? null);
            });
          }}
        />
      )}
      {askAnnotator && (
        <AnnotatorDialog current={annotator} known={knownAnnotators} onChoose={chooseAnnotator} onCancel={annotator ? () => setAskAnnotator(false) : null} />
      )}
    </div>
  );
}
