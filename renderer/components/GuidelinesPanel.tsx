import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Guidelines } from '../../shared/api/contract';
import { api } from '../api/client';

/**
 * The project's annotation guidelines (guidelines.md), beside the text. micromark renders
 * Markdown (with tables) to HTML and escapes any HTML written in the file, so what a project
 * brings cannot run script in the app.
 */
export function GuidelinesPanel({ onClose, revision = 0 }: { onClose: () => void; /** Bumped when guidelines.md changed on disk: read again. */ revision?: number }) {
  const [guidelines, setGuidelines] = useState<Guidelines | null>(null);
  const [error, setError] = useState<string | null>(null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    api.getGuidelines({}).then(
      (g) => {
        setGuidelines(g);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [revision]);
  // Focus once the guidelines are there; not again when they are read again (the analyst may be typing elsewhere).
  const focused = useRef(false);
  useEffect(() => {
    if (!guidelines || focused.current) return;
    focused.current = true;
    panel.current?.focus();
  }, [guidelines]);

  const html = useMemo(
    () => (guidelines?.markdown ? micromark(guidelines.markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] }) : ''),
    [guidelines],
  );

  return (
    <aside
      className="guidelines-panel"
      aria-label="Annotation guidelines"
      tabIndex={-1}
      ref={panel}
      onKeyDown={(e) => {
        if (e.key === 'Escape' || e.key === 'F1') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <div className="guidelines-bar">
        <span className="pane-title">Guidelines {guidelines && <span className="count">{guidelines.file}</span>}</span>
        <button onClick={onClose} aria-label="Close guidelines">
          ✕
        </button>
      </div>
      {error && <p className="error">{error}</p>}
      {guidelines && !guidelines.markdown && (
        <p className="hint">This project has no guidelines yet. Write them in Markdown in {guidelines.file} in the project folder.</p>
      )}
      {/* micromark escapes raw HTML in the Markdown (allowDangerousHtml is off). */}
      <div className="guidelines" dangerouslySetInnerHTML={{ __html: html }} />
    </aside>
  );
}
