import { useMemo, useRef, useState } from 'react';
import { Dialog } from '../components/Dialog';
import { COMMANDS, CONTEXT_WORDS, type CommandDef } from './keymap';
import { commandState, runCommand, variantsOf } from './registry';

interface Entry {
  key: string;
  command: CommandDef;
  title: string;
  keys: readonly string[];
  enabled: boolean;
  reason: string | null;
  digit?: string;
  /** A choice without a key (a label beyond the ninth): run directly. */
  run?: () => void;
}

/** A key choosing among things (1–9, a–z): the palette can run it only for a named choice. */
const chooses = (c: CommandDef) => c.keys.some((k) => k.includes('1–9') || k.includes('a–z'));

/** Every command of the key map as the palette lists it now: enabled or not (and why). */
function entries(): Entry[] {
  const list: Entry[] = [];
  for (const c of COMMANDS) {
    const state = commandState(c);
    if (chooses(c)) {
      const choices = state.enabled ? variantsOf(c.id) : null;
      if (choices && choices.length > 0) {
        for (const v of choices) {
          if (v.key === undefined) {
            if (v.run) list.push({ key: `${c.id}:${v.title}`, command: c, title: v.title, keys: [], enabled: true, reason: null, run: v.run });
            continue;
          }
          const key = v.key;
          list.push({ key: `${c.id}:${key}`, command: c, title: v.title, keys: c.keys.map((k) => k.replace('1–9', key).replace('a–z', key.toUpperCase())), enabled: true, reason: null, digit: key });
        }
        continue;
      }
      list.push({ key: c.id, command: c, title: c.title, keys: c.keys, enabled: false, reason: state.reason ?? 'press its key in the text: the number or letter chooses' });
      continue;
    }
    list.push({ key: c.id, command: c, title: c.title, keys: c.keys, ...state });
  }
  // What can run now first, in the map's order.
  return [...list.filter((e) => e.enabled), ...list.filter((e) => !e.enabled)];
}

/** A title as a line of the palette: a capital, no Markdown. */
const sentence = (title: string) => `${title.charAt(0).toUpperCase()}${title.slice(1)}`.replace(/`/g, '');

const words = (e: Entry) => `${e.title} ${e.keys.join(' ')} ${CONTEXT_WORDS[e.command.context]} ${e.command.id.replace(/[.]/g, ' ')}`.toLowerCase();

/**
 * The command palette (Ctrl+K, Ctrl+Shift+P): every command of the key map with its key, found
 * by typing, run by Enter. Commands that cannot run where the focus was are greyed, with why.
 */
export function CommandPalette(props: { onClose: () => void }) {
  const all = useMemo(entries, []);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [why, setWhy] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const shown = useMemo(() => {
    const q = query.toLowerCase().split(/\s+/).filter(Boolean);
    return all.filter((e) => q.every((w) => words(e).includes(w)));
  }, [all, query]);
  const at = Math.min(active, Math.max(0, shown.length - 1));

  const run = (e: Entry | undefined) => {
    if (!e) return;
    if (!e.enabled) return setWhy(`“${e.title}” is not available now: ${e.reason}.`);
    props.onClose();
    // After the dialog has given the focus back where it was (the text, a list), as the key would run there.
    requestAnimationFrame(() => requestAnimationFrame(() => (e.run ? e.run() : runCommand(e.command.id, e.digit))));
  };
  const move = (to: number) => {
    const next = Math.max(0, Math.min(shown.length - 1, to));
    setActive(next);
    setWhy(null);
    list.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <Dialog className="palette-dialog" labelledBy="palette-title" onClose={props.onClose} testId="command-palette">
      <h2 id="palette-title" className="visually-hidden">
        Commands
      </h2>
      <input
        autoFocus
        className="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={shown[at] ? `palette-${at}` : undefined}
        aria-label="Find a command"
        placeholder="Type to find a command; Enter runs it"
        value={query}
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setWhy(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            move(at + (e.key === 'ArrowDown' ? 1 : -1));
          } else if (e.key === 'PageDown' || e.key === 'PageUp') {
            e.preventDefault();
            move(at + (e.key === 'PageDown' ? 8 : -8));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            run(shown[at]);
          }
        }}
      />
      <ul className="palette-list" id="palette-list" role="listbox" aria-label="Commands" ref={list}>
        {shown.map((e, i) => (
          <li
            key={e.key}
            id={`palette-${i}`}
            data-index={i}
            role="option"
            aria-selected={i === at}
            aria-disabled={!e.enabled}
            className={`palette-row${i === at ? ' active' : ''}${e.enabled ? '' : ' disabled'}`}
            title={e.enabled ? undefined : `Not available now: ${e.reason}`}
            onMouseDown={(ev) => ev.preventDefault()}
            onClick={() => (setActive(i), run(e))}
          >
            <span className="palette-title">{sentence(e.title)}</span>
            {!e.enabled && <span className="palette-why">{e.reason}</span>}
            <span className="palette-where">{CONTEXT_WORDS[e.command.context]}</span>
            <span className="palette-keys">
              {e.keys.length ? e.keys.map((k) => <kbd key={k}>{k}</kbd>) : <span className="palette-nokey">no key</span>}
            </span>
          </li>
        ))}
        {shown.length === 0 && <li className="palette-empty">No command has these words.</li>}
      </ul>
      <p className="palette-status" role="status" aria-live="polite">
        {why ?? `${shown.filter((e) => e.enabled).length} of ${shown.length} commands can run here · ↑↓ choose · Enter runs · Esc closes`}
      </p>
    </Dialog>
  );
}
