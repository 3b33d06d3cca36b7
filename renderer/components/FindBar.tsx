import { useEffect, useRef, useState } from 'react';
import type { ArticleEditor } from '../editor/createEditor';
import { findStep, setFindQuery } from '../editor/findPlugin';
import { commandsFor } from '../commands/keymap';

/** Ctrl+F: Enter / Shift+Enter step through matches and select them, ready to tag; Escape closes. */
export function FindBar({ editor, onClose, focusToken }: { editor: ArticleEditor; onClose: () => void; focusToken: number }) {
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [pos, setPos] = useState({ index: -1, total: 0 });
  // Clear the highlights when the bar closes. The editor may already be gone (another document,
  // Review, another annotator): its view is destroyed before this cleanup runs, and is left alone.
  useEffect(
    () => () => {
      if (!editor.view.isDestroyed) setFindQuery(editor.view, '');
    },
    [editor],
  );
  // Ctrl+F again, while the bar is open, comes back to it with the query selected.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusToken]);

  return (
    <div className="find-bar" role="search">
      <input
        ref={input}
        aria-label="Find in document"
        placeholder="Find in document"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setPos({ index: -1, total: setFindQuery(editor.view, e.target.value) });
        }}
        onKeyDown={(e) => {
          // The find bar's keys (find.* in the key map).
          const id = commandsFor(e.nativeEvent, ['find'])[0]?.id;
          if (id === 'find.next' || id === 'find.previous') {
            e.preventDefault();
            setPos(findStep(editor.view, id === 'find.previous' ? -1 : 1));
          } else if (id === 'find.close') {
            e.preventDefault();
            onClose();
          } else if (id === 'find.toText' && pos.index >= 0) {
            // Tab hands the selected match to the text, where a label key tags it.
            e.preventDefault();
            if (!editor.view.isDestroyed) editor.view.focus();
          }
        }}
      />
      <span className="find-count">{query ? (pos.total === 0 ? 'no matches' : `${pos.index + 1 > 0 ? pos.index + 1 : '–'} of ${pos.total}`) : ''}</span>
      <span className="find-hint">Enter: next · Shift+Enter: previous · Tab: to the text · Esc: close</span>
      <button onClick={onClose} aria-label="Close find">
        ✕
      </button>
    </div>
  );
}
