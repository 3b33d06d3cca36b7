import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { focusables, focusRegion, openDialog } from '../commands/registry';

/**
 * A modal dialog: registers itself while open (so the window's keys know a dialog is open, from
 * state and not from the page), keeps the focus inside it (Tab and Shift+Tab go round its
 * controls), closes on Esc, and gives the focus back where it was when it closes. Every
 * backdrop of the window is one of these.
 */
export function Dialog(props: {
  /** The id of the dialog's title. */
  labelledBy: string;
  className?: string;
  /** Esc (null: Esc does nothing, as when the dialog must be answered). */
  onClose: (() => void) | null;
  /** Given: the dialog is a form, and Enter in a field submits it. */
  onSubmit?: (e: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
  testId?: string;
}) {
  const ref = useRef<HTMLFormElement & HTMLDivElement>(null);
  const escape = useRef<{ override: (() => void) | null; close: (() => void) | null }>({ override: null, close: props.onClose });
  escape.current.close = props.onClose;
  // Where the focus was, read before anything inside (autoFocus) takes it.
  const [cameFrom] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useLayoutEffect(() => {
    const unregister = openDialog({
      element: () => ref.current,
      escape: () => (escape.current.override ?? escape.current.close)?.(),
    });
    // Focus inside at once, unless a control of the dialog took it (autoFocus, an effect).
    const root = ref.current;
    if (root && !root.contains(document.activeElement)) (root.querySelector<HTMLElement>('[autofocus]') ?? focusables(root)[0] ?? root).focus();
    return () => {
      unregister();
      // Back where it was; if that is gone (the document was opened again), to the text.
      requestAnimationFrame(() => {
        if (document.activeElement && document.activeElement !== document.body) return; // something took it meanwhile
        if (cameFrom?.isConnected) cameFrom.focus();
        else focusRegion('text');
      });
    };
  }, []);
  const common = {
    ref,
    className: `dialog${props.className ? ` ${props.className}` : ''}`,
    role: 'dialog',
    'aria-modal': true,
    'aria-labelledby': props.labelledBy,
    tabIndex: -1,
    ...(props.testId ? { 'data-testid': props.testId } : {}),
  } as const;
  return (
    <div className="dialog-backdrop">
      <EscapeContext.Provider value={escape.current}>
        {props.onSubmit ? (
          <form {...common} onSubmit={props.onSubmit}>
            {props.children}
          </form>
        ) : (
          <div {...common}>{props.children}</div>
        )}
      </EscapeContext.Provider>
    </div>
  );
}

const EscapeContext = createContext<{ override: (() => void) | null } | null>(null);

/** Inside a Dialog: Esc does this instead of closing (cancel a running job, say). */
export function useDialogEscape(onEscape: () => void): void {
  const holder = useContext(EscapeContext);
  const latest = useRef(onEscape);
  latest.current = onEscape;
  useEffect(() => {
    if (!holder) return;
    const fn = () => latest.current();
    holder.override = fn;
    return () => {
      if (holder.override === fn) holder.override = null;
    };
  }, [holder]);
}
