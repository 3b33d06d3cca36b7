import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ProjectInfo } from '../../shared/api/contract';
import { createArticleEditor, type ArticleEditor } from '../editor/createEditor';
import type { OpenDoc, Reveal } from './App';
import { FindBar } from './FindBar';
import { Sidebar } from './Sidebar';
import { LabelStyles } from './LabelStyles';
import { afterPaint } from '../state/afterPaint';

/** The open document: its text with spans, a find bar, and the palette / selected-span sidebar. */
export function EditorPane({ project, open, reveal, onEditLabels }: { project: ProjectInfo; open: OpenDoc; reveal: Reveal | null; onEditLabels: () => void }) {
  const mount = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<ArticleEditor | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [findOpen, setFindOpen] = useState(false);
  const [findFocus, setFindFocus] = useState(0);
  const openFind = () => {
    setFindOpen(true);
    setFindFocus((n) => n + 1);
  };
  const [notice, setNotice] = useState<string | null>(null);
  const { session, doc, problem } = open;
  // The side panels follow the layer after the text has been painted (see afterPaint).
  const [, setRevision] = useState(0);
  useEffect(() => session.onChange(() => afterPaint(() => setRevision(session.revision))), [session]);

  useLayoutEffect(() => {
    const ed = createArticleEditor({
      mount: mount.current!,
      positions: open.positions,
      labels: project.labels,
      snapToWords: project.settings.snapToWords,
      session,
      callbacks: { onSelectSpan: (id) => afterPaint(() => setSelectedId(id)), onFind: openFind, onNotice: setNotice },
    });
    setEditor(ed);
    ed.view.focus();
    open.onPainted();
    return () => ed.destroy();
  }, [open, project, session]);

  // A search hit to show: select it in the text once the editor is there.
  useEffect(() => {
    if (editor && reveal && reveal.docId === open.doc.meta.id) editor.reveal(reveal.startOffset, reveal.endOffset, reveal.spanId);
  }, [editor, reveal, open]);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(t);
  }, [notice]);

  // Undo and redo work wherever focus is, except while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if (!(e.ctrlKey || e.metaKey) || e.defaultPrevented) return;
      const k = e.key.toLowerCase();
      if (k === 'f' && !e.shiftKey) {
        e.preventDefault();
        openFind();
      } else if (!inField && (k === 'z' || k === 'y')) {
        e.preventDefault();
        if (k === 'z' && !e.shiftKey) session.undo();
        else session.redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);

  return (
    <>
      <LabelStyles labels={project.labels} />
      <main className="editor-pane">
        <div className="doc-heading">
          <h1 className={doc.meta.title ? '' : 'untitled'}>{doc.meta.title ?? 'Untitled article'}</h1>
          <div className="doc-sub">
            {doc.meta.source && <span>Source: {doc.meta.source}</span>}
            <span>{doc.meta.length.toLocaleString()} characters</span>
            <span>{doc.meta.id}</span>
          </div>
          {doc.meta.importNotes.length > 0 && (
            <div className="import-notes" title={doc.meta.importNotes.join('\n')}>
              Import: {doc.meta.importNotes.join('; ')}
            </div>
          )}
        </div>
        {problem && (
          <div className="banner banner-error" role="alert" data-testid="layer-error">
            <strong>Your annotations for this document could not be read.</strong> {problem.file}: {problem.problems.join('; ')}. Standoff will not
            write to this file: fix or remove it, then reopen the document. Tagging is off until then.
          </div>
        )}
        {open.doc.layers.find((l) => l.annotator === session.annotator && l.orphans.length > 0) && (
          <div className="banner banner-warn" role="status">
            Some of your spans could not be placed in this text, which changed since they were made; they are kept in the file as orphans.
          </div>
        )}
        {findOpen && editor && <FindBar editor={editor} focusToken={findFocus} onClose={() => (setFindOpen(false), editor.view.focus())} />}
        <div className="article-scroll">
          <div ref={mount} className="article-mount" />
        </div>
        <div className="notice" role="status" aria-live="polite">
          {notice}
        </div>
      </main>
      <Sidebar project={project} session={session} editor={editor} selectedId={selectedId} onEditLabels={onEditLabels} />
    </>
  );
}
