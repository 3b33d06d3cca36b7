import { useEffect, useRef, useState } from 'react';
import { annotatorId } from '../../shared/format/annotationFile';
import { annotatorIdFromName } from '../state/annotator';
import { Dialog } from './Dialog';

/** Asks who is annotating: the name becomes the annotator's file name in every document. */
export function AnnotatorDialog(props: {
  current: string | null;
  known: string[];
  onChoose: (id: string) => void;
  onCancel: (() => void) | null;
}) {
  const [name, setName] = useState(props.current ?? '');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const id = annotatorIdFromName(name);
  const check = annotatorId.safeParse(id);
  const problem = name.trim() === '' ? null : check.success ? null : (check.error.issues[0]?.message ?? 'not a valid name');

  return (
    <Dialog
      labelledBy="annotator-title"
      onClose={props.onCancel}
      onSubmit={(e) => {
        e.preventDefault();
        if (check.success) props.onChoose(id);
      }}
    >
        <h2 id="annotator-title">Who is annotating?</h2>
        <p>Your spans are saved in a file of your own for each document, so several people can annotate the same articles.</p>
        <label>
          Your name
          <input ref={input} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Amira" aria-label="Your name" />
        </label>
        <p className="hint">{problem ? <span className="error">{problem}</span> : id ? <>Saved as <code>{id}.json</code></> : '\u00a0'}</p>
        {props.known.length > 0 && (
          <div className="known">
            Annotators in this project:{' '}
            {props.known.map((k) => (
              <button type="button" key={k} onClick={() => props.onChoose(k)}>
                {k}
              </button>
            ))}
          </div>
        )}
        <div className="actions">
          {props.onCancel && (
            <button type="button" onClick={props.onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" className="primary" disabled={!check.success}>
            Start annotating
          </button>
        </div>
    </Dialog>
  );
}
