import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentSummary, IndexProgress, ProjectInfo, ReviewProgress } from '../../shared/api/contract';
import { DOCUMENT_ID } from '../../shared/format/documentMeta';
import { TextPositions } from '../../shared/text/positions';
import { api } from '../api/client';
import { CLIENT_ID } from '../api/clientId';
import { ApiError } from '../../shared/api/errors';
import { perf } from '../editor/perf';
import { rememberAnnotator, rememberedAnnotator } from '../state/annotator';
import { afterPaint } from '../state/afterPaint';
import { Shared } from '../state/useLayer';
import { LayerSession } from '../state/layerSession';
import { watchProjectChanges } from '../state/live';
import { Seats } from '../state/seats';
import { AnnotatorDialog } from './AnnotatorDialog';
import { DocumentList, type DocumentListHandle, type LiveCount } from './DocumentList';
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
import { SyncBar } from '../sync/SyncBar';
import { MyQueue, nextInQueue } from '../assignment/QueuePanel';
import { TeamView } from '../assignment/TeamView';
import type { OpenDoc, Reveal } from './openDoc';
import { CommandPalette } from '../commands/Palette';
import { useCommand, useRegion } from '../commands/hooks';
import { cycleRegion, focusRegion, installKeyListener } from '../commands/registry';

export function App() {
  const [project, setProjectState] = useState<ProjectInfo | null>(null);
  /**
   * The project as the service last said, kept the same object while its content is the same:
   * the editor is made anew when the project changes (its labels drive the key map and the
   * palette), and a schema event that changed nothing for this window (a reset of the change
   * feed, another program rewriting standoff.json unchanged) must not take the selection and
   * the focus away from the analyst.
   */
  const setProject = useCallback((p: ProjectInfo) => setProjectState((prev) => (prev && JSON.stringify(prev) === JSON.stringify(p) ? prev : p)), []);
  /** Bumped when the documents changed on disk or by an import: the list asks for its pages again. */
  const [listRevision, setListRevision] = useState(0);
  /** What the list last said: how many documents, and who annotates them. */
  const [docCount, setDocCount] = useState<number | null>(null);
  const [knownAnnotators, setKnownAnnotators] = useState<string[]>([]);
  /** The open layer's span count while annotating, and whether it is marked finished. */
  const liveCount = useMemo(() => new Shared<LiveCount | null>(null), []);
  const [openFinished, setOpenFinished] = useState(false);
  /** Every document's summary, for the export dialog only (a large project's list is not held here). */
  const [exportDocs, setExportDocs] = useState<DocumentSummary[] | null>(null);
  const list = useRef<DocumentListHandle>(null);
  const [annotator, setAnnotator] = useState<string | null>(rememberedAnnotator());
  const [askAnnotator, setAskAnnotator] = useState(annotator === null);
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [open, setOpen] = useState<OpenDoc | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [showGuidelines, setShowGuidelines] = useState(false);
  const [leftTab, setLeftTab] = useState<'documents' | 'queue' | 'search' | 'entities'>('documents');
  /** Bumped to put the focus in My queue (Alt+Q). */
  const [queueFocus, setQueueFocus] = useState(0);
  const entities = useMemo(() => new EntityCache(api), []);
  const [mentionsOf, setMentionsOf] = useState<Entity | null>(null);
  const [searchFocus, setSearchFocus] = useState(0);
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [editLabels, setEditLabels] = useState(false);
  /** What the middle of the window shows: the text to annotate, or the agreement dashboard. */
  const [view, setView] = useState<'annotate' | 'review' | 'agreement' | 'team'>('annotate');
  /** What the Agreement dashboard shows: its figures, or Review opened from one of them. */
  const [agreementShows, setAgreementShows] = useState<'agreement' | 'review'>('agreement');
  /** Bumped to take the dashboard from Review back to its figures. */
  const [figuresToken, setFiguresToken] = useState(0);
  /** The mode actually shown, for the top bar: Review opened from Agreement is Review. */
  const shownView = view === 'agreement' ? agreementShows : view;
  const showView = (next: 'annotate' | 'review' | 'agreement' | 'team') => {
    if (next === 'agreement' && view === 'agreement' && agreementShows === 'review') setFiguresToken((n) => n + 1);
    setView(next);
  };
  const [progress, setProgress] = useState<ReviewProgress | null>(null);
  const [transfer, setTransfer] = useState<'import' | 'export' | null>(null);
  /** Bumped when files changed under the open document (an import): it is opened again. */
  const [reopen, setReopen] = useState(0);
  /** Set when the next opening is because the text changed on disk. */
  const reopenForText = useRef(false);
  /** Who may write each annotator's files (see shared/api/live.ts). */
  const seats = useMemo(() => new Seats(api), []);
  /** What the middle of the window says when the open document was closed from outside. */
  const [closed, setClosed] = useState<string | null>(null);
  /** Bumped when guidelines.md changed on disk. */
  const [guidelinesRevision, setGuidelinesRevision] = useState(0);
  /** Bumped when assignment.json or team.json changed on disk (a sync, another window): the queue and Team read again. */
  const [assignmentRevision, setAssignmentRevision] = useState(0);
  /** The session shown; the one it replaces goes on saving what it holds, then leaves. */
  const shown = useRef<LayerSession | null>(null);
  const projectRef = useRef(project);
  projectRef.current = project;

  useEffect(() => {
    void entities.refresh().catch(() => undefined); // its problems show in the Entities tab
    const last = localStorage.getItem('standoff-last-document');
    const focus = last && DOCUMENT_ID.test(last) ? last : undefined;
    // The first document from the project index, never the whole list: a corpus may hold 100,000.
    Promise.all([api.getProject({}), api.queryDocuments({ offset: 0, limit: 1, ...(focus ? { focus } : {}) })])
      .then(([p, first]) => {
        setProject(p);
        setDocCount(first.all);
        setKnownAnnotators(first.annotators);
        document.title = `${p.name} — Standoff`;
        setCurrentId(focus && first.position !== undefined && first.position >= 0 ? focus : (first.rows[0]?.id ?? null));
      })
      .catch((e: Error) => setFatal(e.message));
  }, []);

  // While the project opens, how far its index is: the first opening on this computer reads every
  // document (a clone has no index), minutes at 100,000; the window says so rather than stay blank.
  const [indexing, setIndexing] = useState<IndexProgress | null>(null);
  useEffect(() => {
    if (project) return;
    let stopped = false;
    void (async () => {
      while (!stopped) {
        const now = await api.indexProgress({}).catch(() => null);
        if (stopped || !now || now.state === 'ready') break;
        setIndexing(now);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      setIndexing(null);
    })();
    return () => {
      stopped = true;
    };
  }, [project]);

  // The chosen annotator's seat: asked for when the annotator is chosen (and at start).
  useEffect(() => {
    if (annotator) void seats.claim(annotator);
  }, [annotator, seats]);

  // Open the chosen document for the current annotator.
  useEffect(() => {
    if (!currentId || !annotator) return;
    let cancelled = false;
    const done = perf.documentChosen();
    localStorage.setItem('standoff-last-document', currentId);
    const textChanged = reopenForText.current;
    reopenForText.current = false;
    const seat = seats.status(annotator) ? Promise.resolve() : seats.claim(annotator);
    Promise.all([api.openDocument({ docId: currentId, annotators: [annotator] }), seat])
      .then(([doc]) => {
        if (cancelled) return;
        const layer = doc.layers.find((l) => l.annotator === annotator);
        setOpenFinished(layer?.finished ?? false);
        const problem = layer?.error ?? null;
        const reason = problem ? `${problem.file} could not be read (${problem.problems.join('; ')})` : null;
        // The document was open before in this window: its session goes on, with its undo history
        // (and any edits still being saved); read again, it shows what changed on disk meanwhile.
        const pending = LayerSession.keptFor(doc.meta.id, annotator);
        let session: LayerSession;
        if (pending && pending.text === doc.text && !problem) {
          session = pending;
          session.revive();
          session.reload('outside');
        } else {
          const p = projectRef.current;
          session = new LayerSession({
            api,
            docId: doc.meta.id,
            annotator,
            text: doc.text,
            spans: layer?.spans ?? [],
            relations: layer?.relations ?? [],
            orphans: layer?.orphans ?? [],
            labels: p?.labels ?? [],
            relationTypes: p?.relations ?? [],
            readOnlyReason: reason,
            seats,
          });
        }
        if (shown.current && shown.current !== session) shown.current.retire();
        shown.current = session;
        setClosed(null);
        setOpen({ doc, positions: new TextPositions(doc.text), session, problem, onPainted: done, generation: reopen, textChanged });
      })
      .catch((e: Error) => {
        if (cancelled) return;
        // Removed meanwhile (by another program): say so, and let the analyst choose another.
        if (e instanceof ApiError && e.code === 'not-found') {
          setCurrentId(null);
          setClosed(`${e.message}`);
          refreshDocs();
        } else setFatal(e.message);
      });
    return () => {
      cancelled = true;
    };
  }, [currentId, annotator, reopen]);

  /** The document list, read again (span counts, new and removed documents); the open layer's own count stays live. */
  const refreshDocs = useMemo(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    return () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        setListRevision((n) => n + 1);
      }, 250);
    };
  }, []);

  /** The open document was removed from the project by another program: close it, never re-create it. */
  const documentRemoved = useCallback(
    (docId: string) => {
      const session = shown.current;
      if (!session || session.docId !== docId) return;
      const lost = session.discard();
      shown.current = null;
      setOpen(null);
      setCurrentId(null);
      localStorage.removeItem('standoff-last-document');
      setClosed(
        'This document was removed from the project by another program, so it has been closed. Standoff will not create it again.' +
          (lost ? ` ${lost === 1 ? 'One change' : `${lost} changes`} to it not yet saved could not be kept.` : ''),
      );
      refreshDocs();
    },
    [refreshDocs],
  );

  // What the open layer asks of the window: to be opened again (its text changed), or closed.
  useEffect(() => {
    if (!open) return;
    const { session } = open;
    return session.onEvent((e) => {
      if (e.kind === 'gone') documentRemoved(session.docId);
      else if (e.kind === 'text-changed' || e.kind === 'unreadable') {
        session.close('the text of this document changed on disk; it is being opened again');
        void session.whenSaved().then(() => {
          reopenForText.current = e.kind === 'text-changed';
          setReopen((n) => n + 1);
        });
      }
    });
  }, [open, documentRemoved]);

  // The labels may change while a document is open.
  useEffect(() => {
    if (project && open) open.session.setSchema(project.labels, project.relations);
  }, [project, open]);

  // Changes on disk made by other programs (another window, git, a sync client), for the window's whole life.
  const liveState = useRef({ open, annotator });
  liveState.current = { open, annotator };
  useEffect(
    () =>
      watchProjectChanges(api, (events, reset) => {
        const { open: now, annotator: who } = liveState.current;
        const openId = now?.doc.meta.id ?? null;
        let list = reset;
        let schema = reset;
        let registry = reset;
        let guidelines = reset;
        let assignment = reset;
        let reloadLayer = reset;
        let reopenText = false;
        for (const e of events) {
          if (e.kind === 'layer') {
            if (e.writer === CLIENT_ID) continue; // this window's own save
            list = true;
            if (e.docId === openId && e.annotator === now?.session.annotator) reloadLayer = true;
          } else if (e.kind === 'text') {
            list = true;
            if (e.docId === openId) reopenText = true;
          } else if (e.kind === 'document-removed') {
            list = true;
            if (e.docId === openId) documentRemoved(e.docId);
          } else if (e.kind === 'document-added' || e.kind === 'document-meta') list = true;
          else if (e.kind === 'schema') schema = true;
          else if (e.kind === 'entities') registry = true;
          else if (e.kind === 'guidelines') guidelines = true;
          else if (e.kind === 'assignment') assignment = true;
          else if (e.kind === 'seat') seats.askAgain(e.annotator);
        }
        const session = shown.current;
        // Reading the layer again finds a changed text too, and asks for the document to be opened again.
        if (session && (reloadLayer || reopenText)) session.reload('outside');
        if (list) refreshDocs();
        if (schema) api.getProject({}).then(setProject, () => undefined);
        if (registry) void entities.refresh().catch(() => undefined);
        if (guidelines) setGuidelinesRevision((n) => n + 1);
        if (assignment) setAssignmentRevision((n) => n + 1);
        if (reset && who) seats.askAgain(who);
      }),
    [],
  );

  // Warn before the window closes with edits not yet on disk.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!LayerSession.anyUnsaved()) return;
      e.preventDefault();
      e.returnValue = ''; // what older browsers and Electron look at
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  // Keep the document list's span counts in step with the open layer.
  useEffect(() => {
    if (!open) return;
    const { session } = open;
    // Only the open document's row of the list renders again, when the window is idle (DocumentList).
    const count = () => {
      const now = liveCount.get();
      if (now?.docId !== session.docId || now.annotator !== session.annotator || now.spans !== session.spans.size) liveCount.set({ docId: session.docId, annotator: session.annotator, spans: session.spans.size });
    };
    return session.onChange(() => afterPaint(count));
  }, [open, liveCount]);

  /** The next or previous document in the list's order and filters. */
  const step = useCallback(
    (direction: 1 | -1) => {
      void list.current?.neighbour(currentId, direction).then((id) => {
        if (id) setCurrentId(id);
      });
    },
    [currentId],
  );

  // The window's commands (renderer/commands/keymap.ts), read by its one key listener and the palette.
  useEffect(installKeyListener, []);
  const [palette, setPalette] = useState(false);
  const noProject = () => (project ? null : 'the project is still opening');
  useCommand('palette.open', () => setPalette(true));
  useCommand('region.next', () => cycleRegion(1));
  useCommand('region.previous', () => cycleRegion(-1));
  useCommand('region.text', () => focusRegion('text'));
  useCommand('mode.annotate', () => showView('annotate'), () => (shownView === 'annotate' ? 'Annotate is shown' : null));
  useCommand('mode.review', () => showView('review'), () => noProject() ?? (shownView === 'review' ? 'Review is shown' : currentId ? null : 'choose a document first'));
  useCommand('mode.agreement', () => showView('agreement'), () => noProject() ?? (shownView === 'agreement' ? 'Agreement is shown' : null));
  useCommand('mode.team', () => showView('team'), () => noProject() ?? (shownView === 'team' ? 'Team is shown' : null));
  const showQueue = () => {
    setLeftTab('queue');
    setQueueFocus((n) => n + 1);
  };
  useCommand('queue.show', showQueue, noProject);
  const openNext = () => {
    if (!annotator) return;
    nextInQueue(annotator, currentId).then(
      (next) => {
        if (next) {
          setCurrentId(next);
          if (view === 'team' || view === 'agreement') setView('annotate');
          requestAnimationFrame(() => focusRegion('text'));
        } else showQueue(); // it says that all are finished, or that nothing is assigned
      },
      () => showQueue(), // the queue says why it cannot be read
    );
  };
  useCommand('queue.next', openNext, () => noProject() ?? (annotator ? null : 'choose who is annotating first'));
  useCommand('document.next', () => step(1), () => (docCount ? null : 'there are no documents'));
  useCommand('document.previous', () => step(-1), () => (docCount ? null : 'there are no documents'));
  useCommand('search.project', () => {
    setLeftTab('search');
    setSearchFocus((n) => n + 1);
  });
  useCommand('transfer.import', () => setTransfer('import'), noProject);
  useCommand('transfer.export', () => setTransfer('export'), noProject);
  useCommand('guidelines.toggle', () => setShowGuidelines((v) => !v));
  useCommand('labels.edit', () => setEditLabels(true), noProject);
  useCommand('annotator.switch', () => setAskAnnotator(true));
  useCommand('entities.show', () => {
    setLeftTab('entities');
    requestAnimationFrame(() => focusRegion('documents'));
  }, noProject);
  const topbar = useRef<HTMLElement>(null);
  const leftPane = useRef<HTMLDivElement>(null);
  useRegion('topbar', topbar);
  // F6 lands in the list of the tab shown (the documents, search field, entities), not on the tabs.
  // In the Documents tab, the list itself (its find field is a / away), not the first filter.
  useRegion('documents', leftPane, undefined, () => leftPane.current?.querySelector<HTMLElement>('.doc-scroller') ?? leftPane.current?.querySelector<HTMLElement>('[role="listbox"], input, .entities-panel button') ?? null);

  const chooseAnnotator = (id: string) => {
    rememberAnnotator(id);
    setAnnotator(id);
    setAskAnnotator(false);
  };

  // The export dialog counts documents by layer and finished mark: it gets every summary when it opens.
  useEffect(() => {
    if (transfer !== 'export') return setExportDocs(null);
    void api.listDocuments({}).then(setExportDocs, (e: Error) => setFatal(e.message));
  }, [transfer]);

  /**
   * A document's name where a view has only its id: its title, else its first words, as the
   * list last showed it (the pages seen so far; a large project's list is not held here), else the id.
   */
  const names = useRef(new Map<string, string>());
  const nameOf = useCallback((docId: string) => names.current.get(docId) ?? docId, []);
  /** What the queue and Team views read again on: the document list read again, or the assignment changed. */
  const teamRevision = useMemo(() => ({ listRevision, assignmentRevision }), [listRevision, assignmentRevision]);

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
      <header className="topbar" ref={topbar} aria-label="Top bar">
        <span className="brand">Standoff</span>
        <span className="project-name">{project?.name ?? 'Opening…'}</span>
        <span className="spacer" />
        {open && shownView === 'annotate' && <SaveIndicator session={open.session} />}
        {view === 'review' && progress && (
          <span className="project-progress" data-testid="project-progress" title="Disagreements settled in the gold layer, over the whole project">
            Project: {progress.settled} of {progress.disagreements} settled
          </span>
        )}
        <div className="view-switch" role="tablist" aria-label="View">
          <button role="tab" aria-selected={shownView === 'annotate'} onClick={() => showView('annotate')} title="Annotate as yourself (Alt+T)">
            Annotate
          </button>
          <button role="tab" aria-selected={shownView === 'review'} onClick={() => showView('review')} title="Compare the annotators and settle their disagreements into gold (Alt+R)">
            Review
          </button>
          <button role="tab" aria-selected={shownView === 'agreement'} onClick={() => showView('agreement')} title="Agreement between annotators (Alt+A)">
            Agreement
          </button>
          <button role="tab" aria-selected={shownView === 'team'} onClick={() => showView('team')} title="Who codes which document, and how far each annotator is (Alt+M)">
            Team
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
        <SyncBar annotator={annotator} />
        <button className="annotator" onClick={() => setAskAnnotator(true)} title="Switch annotator">
          Annotator: <strong>{annotator ?? '—'}</strong>
        </button>
      </header>
      <div className="left-pane" ref={leftPane}>
        <div className="left-tabs" role="tablist">
          <button role="tab" aria-selected={leftTab === 'documents'} onClick={() => setLeftTab('documents')}>
            Documents
          </button>
          <button role="tab" aria-selected={leftTab === 'queue'} onClick={() => setLeftTab('queue')} title="My queue: the documents assigned to you (Alt+Q)">
            Queue
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
            ref={list}
            revision={listRevision}
            live={liveCount}
            onPage={(page) => {
              for (const row of page.rows) names.current.set(row.id, row.title ?? (row.excerpt || row.id));
              setDocCount(page.all);
              setKnownAnnotators((known) => (known.join() === page.annotators.join() ? known : page.annotators));
            }}
            currentId={currentId}
            annotator={annotator}
            onChoose={setCurrentId}
            {...(view === 'review' && progress ? { review: new Map(progress.documents.map((d) => [d.docId, d])) } : {})}
          />
        ) : leftTab === 'queue' ? (
          <MyQueue
            annotator={annotator}
            revision={teamRevision}
            currentId={currentId}
            onChoose={(docId) => {
              setCurrentId(docId);
              if (view === 'team' || view === 'agreement') setView('annotate');
            }}
            onNext={openNext}
            focusToken={queueFocus}
            nameOf={nameOf}
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
      {view === 'team' && project ? (
        <TeamView
          annotator={annotator}
          revision={teamRevision}
          known={knownAnnotators}
          nameOf={nameOf}
          onReview={(docId) => {
            setCurrentId(docId);
            setView('review');
          }}
        />
      ) : view === 'agreement' && project ? (
        <AgreementDashboard
          project={project}
          onOpenDocument={(docId) => {
            setCurrentId(docId);
            setView('annotate');
          }}
          onClose={() => setView('annotate')}
          onShowing={setAgreementShows}
          figuresToken={figuresToken}
        />
      ) : view === 'review' && project && currentId ? (
        <ReviewPane key={currentId} project={project} docId={currentId} onProgress={setProgress} seats={seats} />
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
          finished={openFinished}
          onFinished={(finished) =>
            api.setFinished({ docId: open.doc.meta.id, annotator, finished }).then((r) => {
              setOpenFinished(r.finished.includes(annotator));
              setListRevision((n) => n + 1);
            })
          }
          onSpanCount={(docId, count) => liveCount.set({ docId, annotator, spans: count })}
        />
      ) : (
        <main className="editor-pane empty">
          {closed ? (
            <p className="closed-message" role="alert">
              {closed}
            </p>
          ) : indexing && !project ? (
            <div className="indexing" role="status" aria-live="polite">
              <p>
                Making the document list: {indexing.done.toLocaleString('en-US')} of {indexing.total.toLocaleString('en-US')} documents read.
              </p>
              <progress max={indexing.total || 1} value={indexing.done} aria-label="Documents read" />
              <p className="indexing-why">The first time a project is opened on this computer, Standoff reads every document once to list it. Later openings take a moment.</p>
            </div>
          ) : docCount === 0 && project ? (
            'This project has no documents yet. Import articles with Import… (Ctrl+O).'
          ) : currentId ? (
            'Opening…'
          ) : (
            'Choose a document on the left.'
          )}
        </main>
      )}
      {showGuidelines && <GuidelinesPanel revision={guidelinesRevision} onClose={() => (setShowGuidelines(false), focusRegion('text'))} />}
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
      {transfer === 'export' && project && exportDocs && <ExportDialog project={project} docs={exportDocs} currentId={currentId} onClose={() => setTransfer(null)} />}
      {transfer === 'import' && project && (
        <ImportDialog
          root={project.root}
          annotator={annotator}
          annotators={knownAnnotators}
          onClose={() => setTransfer(null)}
          onImported={() => {
            setReopen((n) => n + 1);
            // A corpus import may have added labels: the palette and the editor take the new schema.
            void api.getProject({}).then(setProject, () => undefined);
            setListRevision((n) => n + 1);
            void api.queryDocuments({ offset: 0, limit: 1 }).then((first) => {
              setDocCount(first.all);
              setCurrentId((id) => id ?? first.rows[0]?.id ?? null);
            });
          }}
        />
      )}
      {palette && <CommandPalette onClose={() => setPalette(false)} />}
      {askAnnotator && (
        <AnnotatorDialog current={annotator} known={knownAnnotators} onChoose={chooseAnnotator} onCancel={annotator ? () => setAskAnnotator(false) : null} />
      )}
    </div>
  );
}
