import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { cleanNote, flagName, NOTE_FLAGS, type Note } from '../../shared/model/span';

/**
 * A note: free text and a flag ("unsure", "check source", "discuss"), as brat's AnnotatorNotes
 * and INCEpTION's comments. Saved when the field is left (Tab, a click elsewhere), on Enter
 * (Shift+Enter: a new line) and on Esc, which also hands the keyboard back (`onLeave`); a
 * flag is saved as it is chosen. Nothing typed is ever thrown away.
 */
export function NoteField(props: {
  /** The text area's id, for F2 and the label. */
  id: string;
  title: string;
  note: Note | undefined;
  disabled?: boolean;
  placeholder: string;
  onSave: (note: Note | undefined) => void;
  /** Enter or Esc: back to the text. */
  onLeave?: () => void;
}) {
  const [text, setText] = useState(props.note?.text ?? '');
  const [flag, setFlag] = useState(props.note?.flag ?? '');
  const saved = useRef(props.note);
  // Another window or an undo changed the note: show it, unless something is being typed.
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    saved.current = props.note;
    if (document.activeElement !== area.current) {
      setText(props.note?.text ?? '');
      setFlag(props.note?.flag ?? '');
    }
  }, [props.note?.text, props.note?.flag]);

  const save = (nextText = text, nextFlag = flag) => {
    const note = cleanNote({ text: nextText, ...(nextFlag ? { flag: nextFlag } : {}) });
    const before = saved.current;
    if ((note?.text ?? '') === (before?.text ?? '') && (note?.flag ?? '') === (before?.flag ?? '')) return;
    saved.current = note;
    props.onSave(note);
  };
  const flags = flag && !NOTE_FLAGS.some((f) => f.id === flag) ? [...NOTE_FLAGS, { id: flag, name: flagName(flag) }] : NOTE_FLAGS;

  return (
    <div className={`note-field${props.note ? ' has-note' : ''}`} data-testid={props.id}>
      <div className="note-head">
        <label htmlFor={props.id}>{props.title}</label>
        <kbd title="goes to the note; Enter or Esc saves it and goes back to the text">F2</kbd>
        <select
          aria-label={`${props.title}: flag`}
          value={flag}
          disabled={props.disabled}
          onChange={(e) => {
            setFlag(e.target.value);
            save(text, e.target.value);
          }}
        >
          <option value="">no flag</option>
          {flags.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      <textarea
        ref={area}
        id={props.id}
        rows={2}
        maxLength={10_000}
        value={text}
        disabled={props.disabled}
        placeholder={props.placeholder}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => save()}
        onKeyDown={(e) => {
          if ((e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.metaKey) || e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            save();
            props.onLeave?.();
          }
        }}
      />
    </div>
  );
}

/** A note as read in a list: its flag as a tag, then its text. */
export function NoteView(props: { note: Note; who?: string }) {
  return (
    <div className="note-view" data-testid="note-view">
      {props.who && <span className="note-who">{props.who}: </span>}
      {props.note.flag && <span className={`note-flag flag-${props.note.flag}`}>{flagName(props.note.flag)}</span>}
      {props.note.text && <span className="note-text">{props.note.text}</span>}
    </div>
  );
}

/**
 * A layer's note on the whole document (an annotator's, or in review the curator's on gold),
 * saved on its own with setNote: a sentence about the article ("second half is a wire copy").
 */
export function DocumentNote(props: { docId: string; annotator: string; note: Note | undefined; disabled?: boolean; onLeave?: () => void }) {
  const [note, setNote] = useState(props.note);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setNote(props.note), [props.docId, props.annotator, props.note?.text, props.note?.flag]);
  return (
    <>
      <NoteField
        id="document-note"
        title="Document note"
        note={note}
        disabled={props.disabled}
        placeholder="About the whole article (a wire copy, a source to check)…"
        onSave={(next) => {
          const before = note;
          setNote(next);
          setProblem(null);
          api.setNote({ docId: props.docId, annotator: props.annotator, note: next ?? null }).catch((e: Error) => {
            setNote(before);
            setProblem(`The note could not be saved: ${e.message}`);
          });
        }}
        {...(props.onLeave ? { onLeave: props.onLeave } : {})}
      />
      {problem && (
        <p className="hint note-problem" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
