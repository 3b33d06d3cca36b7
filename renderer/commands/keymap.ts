/**
 * The key map: every command of the window, with its title in words, its keys and where it
 * applies. It is pure data (no DOM, no React), read by the one window key listener
 * (renderer/commands/registry.ts), by the text editor's `handleKeyDown`
 * (renderer/editor/createEditor.ts), by the small fields that have keys of their own (the find
 * bar, the document list), by the command palette, and by a unit test that holds the README's
 * key tables to it (keymap.test.ts). To add a command: add an entry here, bind its run function
 * where it is implemented (`useCommand` for the window, the editor's table for the text), and
 * add its row to the README.
 *
 * Key specs: modifiers `Ctrl+` (Cmd on macOS), `Alt+`, `Shift+`, then a key: a letter or
 * digit, `]`, `F6`, `Enter`, `Tab`, `Esc`, `Delete`, `Backspace`, `Home`, `End`, arrows as
 * `←` `→` `↑` `↓`, `Space`; `←/→` is either arrow, `1–9` any label digit, `a–z` any letter.
 */

export type Context =
  /** wherever the focus is (not in a dialog; keys without Ctrl/Alt/F-key not in a typing field) */
  | 'anywhere'
  /** in the article text (annotating, or reviewing gold) */
  | 'text'
  /** while a relation is being made (after R) */
  | 'relation'
  /** a recommender's suggestion is the current one in the text (after ] or a click on it) */
  | 'suggestion'
  /** in the text of Review */
  | 'review'
  /** the Agreement figures are shown */
  | 'agreement'
  /** a dialog is open */
  | 'dialog'
  /** in the find bar (Ctrl+F) */
  | 'find'
  /** in the document list */
  | 'documents'
  /** in My queue (the documents assigned to you) */
  | 'queue'
  /** in the Team view's matrix of documents × annotators */
  | 'matrix';

export interface CommandDef {
  id: string;
  /** What it does, in words (the README's "does" column and the palette's line). */
  title: string;
  /** Its keys; none for a command reached only from the palette or a button. */
  keys: readonly string[];
  context: Context;
  /** Runs even while typing in a field (keys with Ctrl, Alt or an F-key do by default, except those that edit text). */
  inFields?: boolean;
}

/** Where a context applies, in words (the README's "where" column and the palette). */
export const CONTEXT_WORDS: Record<Context, string> = {
  anywhere: 'anywhere',
  text: 'in the text',
  relation: 'making a relation',
  suggestion: 'on a suggestion',
  review: 'in Review',
  agreement: 'in Agreement',
  dialog: 'in a dialog',
  find: 'in the find bar',
  documents: 'in the document list',
  queue: 'in My queue',
  matrix: 'in the team matrix',
};

/**
 * Every command. Order matters where two share a key in one context: the first that matches
 * and acts wins (Review's digits before the text's, R before the attribute letters).
 */
export const COMMANDS: readonly CommandDef[] = [
  // Anywhere in the window.
  { id: 'palette.open', title: 'the command palette: every command and its key, found by typing', keys: ['Ctrl+K', 'Ctrl+Shift+P'], context: 'anywhere', inFields: true },
  { id: 'region.next', title: 'move to the next part of the window: top bar, document list, text, side panel', keys: ['F6'], context: 'anywhere' },
  { id: 'region.previous', title: 'move to the previous part of the window', keys: ['Shift+F6'], context: 'anywhere' },
  { id: 'region.text', title: 'back to the text (from the top bar, a list or the side panel)', keys: ['Esc'], context: 'anywhere' },
  { id: 'mode.annotate', title: 'Annotate: your own spans in the text', keys: ['Alt+T'], context: 'anywhere', inFields: true },
  { id: 'mode.review', title: 'Review: compare the annotators and settle their disagreements into gold', keys: ['Alt+R'], context: 'anywhere', inFields: true },
  { id: 'mode.agreement', title: 'Agreement: how far the annotators agree', keys: ['Alt+A'], context: 'anywhere', inFields: true },
  { id: 'mode.team', title: 'Team: who codes which document, how far each annotator is, and the assignment plan', keys: ['Alt+M'], context: 'anywhere', inFields: true },
  { id: 'queue.show', title: 'My queue: the documents assigned to you, done and left', keys: ['Alt+Q'], context: 'anywhere', inFields: true },
  { id: 'queue.next', title: 'open the next unfinished document of your queue', keys: ['Alt+N'], context: 'anywhere', inFields: true },
  { id: 'document.next', title: 'next document', keys: ['Alt+↓'], context: 'anywhere' },
  { id: 'document.previous', title: 'previous document', keys: ['Alt+↑'], context: 'anywhere' },
  { id: 'document.finished', title: 'mark the document finished for you (again: not finished)', keys: ['Ctrl+Shift+Enter'], context: 'anywhere' },
  { id: 'edit.undo', title: 'undo the last annotation action (in Review: the last decision)', keys: ['Ctrl+Z'], context: 'anywhere', inFields: false },
  { id: 'edit.redo', title: 'redo', keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], context: 'anywhere', inFields: false },
  { id: 'find.open', title: 'find in the document', keys: ['Ctrl+F'], context: 'anywhere', inFields: true },
  { id: 'search.project', title: 'search the project: text, spans of a label, with an attribute value, or linked to an entity; ↑↓ and Enter open a hit, selected', keys: ['Ctrl+Shift+F'], context: 'anywhere', inFields: true },
  { id: 'transfer.import', title: 'import articles or annotations (Esc cancels a running job)', keys: ['Ctrl+O'], context: 'anywhere', inFields: true },
  { id: 'transfer.export', title: 'export a dataset (Esc cancels a running job)', keys: ['Ctrl+Shift+E'], context: 'anywhere', inFields: true },
  { id: 'sync.now', title: 'sync a shared project: send your work, take in the others’', keys: ['Ctrl+Shift+S'], context: 'anywhere', inFields: true },
  { id: 'guidelines.toggle', title: "the project's annotation guidelines (`guidelines.md`), beside the text", keys: ['F1'], context: 'anywhere' },
  { id: 'labels.edit', title: 'edit the labels, their attributes and the relation types', keys: [], context: 'anywhere' },
  { id: 'annotator.switch', title: 'switch annotator', keys: [], context: 'anywhere' },
  { id: 'entities.show', title: "the Entities tab: the project's actors and their names", keys: [], context: 'anywhere' },
  { id: 'recommenders.show', title: 'the recommenders: switch each on or off, how good each has measured, the learned model’s training', keys: [], context: 'anywhere' },

  // Making a relation (after R): before the text's own keys.
  { id: 'relation.target', title: 'choose the span reached with Tab as the other end', keys: ['Enter'], context: 'relation' },
  { id: 'relation.type', title: 'the relation type of that number (Enter: the first); the same again removes it', keys: ['1–9'], context: 'relation' },
  { id: 'relation.cancel', title: 'cancel the relation', keys: ['Esc'], context: 'relation' },

  // A suggestion is current (after ] or a click on it): before the text's own keys. Shift+A
  // comes before A, which a bare letter spec also matches with Shift.
  { id: 'suggestion.acceptAll', title: 'accept every suggestion of its recommender in this document', keys: ['Shift+A'], context: 'suggestion' },
  { id: 'suggestion.accept', title: 'accept the suggestion: it becomes your span, with its attributes; on to the next', keys: ['Enter', 'A'], context: 'suggestion' },
  { id: 'suggestion.reject', title: 'reject the suggestion (remembered: never proposed again here); on to the next', keys: ['X', 'Backspace'], context: 'suggestion' },
  { id: 'suggestion.leave', title: 'leave the suggestions, the caret where it was', keys: ['Esc'], context: 'suggestion' },

  // Review: before the text's own keys.
  { id: 'review.next', title: 'next disagreement', keys: [']', 'F8'], context: 'review' },
  { id: 'review.previous', title: 'previous disagreement', keys: ['[', 'Shift+F8'], context: 'review' },
  { id: 'review.acceptStay', title: "accept it and stay, the gold span selected to adjust (Alt+arrows, attribute keys)", keys: ['Shift+1–9'], context: 'review' },
  { id: 'review.accept', title: "accept that annotator's version (numbered in the pane), go to the next open one", keys: ['1–9'], context: 'review' },
  { id: 'review.both', title: 'accept both (all) versions', keys: ['B'], context: 'review' },
  { id: 'review.neither', title: 'neither: settled, nothing in gold', keys: ['X', '0'], context: 'review' },
  { id: 'review.reopen', title: 'reopen a settled disagreement (its gold spans go)', keys: ['U'], context: 'review' },
  { id: 'review.merge', title: 'merge every span everyone agrees on into gold', keys: ['G'], context: 'review' },
  { id: 'review.note', title: 'the curator\'s note on the current disagreement (the annotators see it under "What gold changed")', keys: ['F2'], context: 'review' },

  // The text.
  { id: 'text.move', title: 'move the cursor, or select text with Shift (Ctrl: a word at a time)', keys: ['←/→', 'Shift+←/→', 'Ctrl+←/→', 'Ctrl+Shift+←/→'], context: 'text' },
  { id: 'span.tag', title: 'tag the selection with that label, widened to whole words (with a span selected: change its label)', keys: ['1–9'], context: 'text' },
  { id: 'span.tagExact', title: 'tag exactly what is selected', keys: ['Alt+1–9'], context: 'text' },
  { id: 'span.moveStart', title: "move the selected span's start one word", keys: ['Alt+←/→'], context: 'text' },
  { id: 'span.moveEnd', title: "move the selected span's end one word", keys: ['Alt+Shift+←/→'], context: 'text' },
  { id: 'span.previous', title: 'select the previous span (at the first, leave the text backwards)', keys: ['Shift+Tab'], context: 'text' },
  { id: 'span.next', title: 'select the next span (at the last span, or with none, Tab leaves the text for the side panel)', keys: ['Tab'], context: 'text' },
  { id: 'suggestion.next', title: 'go to the next suggestion of the recommenders (drawn dashed, not yet yours)', keys: [']'], context: 'text' },
  { id: 'suggestion.previous', title: 'go to the previous suggestion', keys: ['['], context: 'text' },
  { id: 'span.delete', title: 'delete the selected span and its relations', keys: ['Delete', 'Backspace'], context: 'text' },
  { id: 'span.clear', title: 'clear the selected span, then the text selection', keys: ['Esc'], context: 'text' },
  { id: 'span.relation', title: 'start a relation from the selected span: then a span (click, or Tab and Enter), then its type', keys: ['R'], context: 'text' },
  { id: 'span.accept', title: 'accept the proposal shown (a casualty reading, an entity)', keys: ['A'], context: 'text' },
  { id: 'span.mentions', title: 'all mentions of the linked entity, to tag at once', keys: ['M'], context: 'text' },
  { id: 'span.note', title: "the selected span's note (none selected: the document's note); Enter or Esc saves it and returns to the text", keys: ['F2'], context: 'text' },
  { id: 'span.attribute', title: "set the attribute shown with that letter (a choice cycles, Shift: backwards; a number, text or entity field such as an actor's E takes the cursor)", keys: ['a–z'], context: 'text' },

  // The find bar.
  { id: 'find.next', title: 'go to the next match, selected', keys: ['Enter'], context: 'find' },
  { id: 'find.previous', title: 'go to the previous match', keys: ['Shift+Enter'], context: 'find' },
  { id: 'find.toText', title: 'hand the selected match to the text, to tag it', keys: ['Tab'], context: 'find' },
  { id: 'find.close', title: 'close the find bar', keys: ['Esc'], context: 'find' },

  // The document list.
  { id: 'documents.move', title: 'open the next / previous, first / last document', keys: ['↑/↓', 'Home/End'], context: 'documents' },
  { id: 'documents.enter', title: 'go to the open document’s text', keys: ['Enter'], context: 'documents' },
  { id: 'documents.filter', title: 'find documents by words of their title, source or id (Enter: in their texts too; ↓ back to the list)', keys: ['/'], context: 'documents' },
  { id: 'documents.status', title: 'show only documents 1 not started, 2 in progress, 3 finished, 4 adjudicated (again: not only)', keys: ['1–9'], context: 'documents' },
  { id: 'documents.clear', title: 'clear every filter of the list: all documents', keys: ['0'], context: 'documents' },
  { id: 'documents.reverse', title: 'sort the list the other way round', keys: ['Shift+S'], context: 'documents' },
  { id: 'documents.sort', title: 'sort the list by the next key: id, title, status, spans, unsettled disagreements, length, a label’s spans, least sure first (by the learned model)', keys: ['S'], context: 'documents' },

  // My queue.
  { id: 'queue.move', title: 'open the next / previous, first / last document of your queue', keys: ['↑/↓', 'Home/End'], context: 'queue' },
  { id: 'queue.enter', title: 'go to the text of the document opened from your queue', keys: ['Enter'], context: 'queue' },

  // The team matrix (Team view).
  { id: 'matrix.move', title: 'move between documents (↑↓) and annotators (←→), to the first / last document', keys: ['↑/↓', '←/→', 'Home/End'], context: 'matrix' },
  { id: 'matrix.extend', title: 'take in the next / previous document too, to assign several at once', keys: ['Shift+↑/↓'], context: 'matrix' },
  { id: 'matrix.toggle', title: 'assign the chosen documents to that annotator, or take them back', keys: ['Space'], context: 'matrix' },
  { id: 'matrix.only', title: 'reassign the chosen documents to that annotator only', keys: ['O'], context: 'matrix' },
  { id: 'matrix.open', title: 'open the document in Review', keys: ['Enter'], context: 'matrix' },

  // Agreement.
  { id: 'agreement.close', title: 'back from the figures to the text (from Review opened on a number: back to the figures); stops a running computation', keys: ['Esc'], context: 'agreement' },

  // Any dialog.
  { id: 'dialog.close', title: 'close the dialog (cancel its running job), back where you were', keys: ['Esc'], context: 'dialog' },
  { id: 'dialog.cycle', title: 'the next / previous control; the focus stays in the dialog', keys: ['Tab', 'Shift+Tab'], context: 'dialog' },
];

export const COMMANDS_BY_ID: ReadonlyMap<string, CommandDef> = new Map(COMMANDS.map((c) => [c.id, c]));

/** The parts of a keyboard event a key spec is matched against (a KeyboardEvent has them). */
export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const NAMED: Record<string, string[]> = {
  '←': ['ArrowLeft'],
  '→': ['ArrowRight'],
  '↑': ['ArrowUp'],
  '↓': ['ArrowDown'],
  Esc: ['Escape'],
  Delete: ['Delete'],
  Backspace: ['Backspace'],
  Enter: ['Enter'],
  Tab: ['Tab'],
  Home: ['Home'],
  End: ['End'],
  Space: [' '],
};

/** The label digit a key stands for ("1"–"9"), by physical key so Alt+1 and Shift+1 still read as 1. */
export function digitOf(event: KeyLike): string | null {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (m) return m[1]!;
  return /^[1-9]$/.test(event.key) ? event.key : null;
}

/** The letter a key stands for: by physical key with Alt (macOS turns Alt+A into å), else by character. */
function letterOf(event: KeyLike): string | null {
  if (event.altKey) {
    const m = /^Key([A-Z])$/.exec(event.code);
    if (m) return m[1]!.toLowerCase();
  }
  return /^[a-z]$/i.test(event.key) ? event.key.toLowerCase() : null;
}

/** Whether one key spec ("Ctrl+Shift+Z", "Alt+←/→", "1–9") matches the event. */
/** A key spec taken apart once: every keystroke in the text is matched against the whole map. */
interface ParsedSpec {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  key: string;
  alternatives: string[];
}
const parsedSpecs = new Map<string, ParsedSpec>();

function parseSpec(spec: string): ParsedSpec {
  let parsed = parsedSpecs.get(spec);
  if (!parsed) {
    const parts = spec.split('+');
    let key = parts.pop()!;
    if (key === '' && spec.endsWith('+')) key = '+';
    const mods = new Set(parts);
    const alternatives = key.includes('/') && key.length > 1 ? key.split('/') : [key];
    parsed = { ctrl: mods.has('Ctrl'), alt: mods.has('Alt'), shift: mods.has('Shift'), key, alternatives };
    parsedSpecs.set(spec, parsed);
  }
  return parsed;
}

export function matchesSpec(spec: string, event: KeyLike): boolean {
  const { key, alternatives, ...mods } = parseSpec(spec);
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl !== mods.ctrl || event.altKey !== mods.alt) return false;
  const shiftMatters = mods.shift || !(key === '1–9' || key === 'a–z' || key === ']' || key === '[' || (/^[A-Z0]$/.test(key) && !ctrl && !event.altKey));
  if (shiftMatters && event.shiftKey !== mods.shift) return false;
  if (key === '1–9') return digitOf(event) !== null;
  if (key === 'a–z') return letterOf(event) !== null;
  return alternatives.some((k) => {
    if (NAMED[k]) return NAMED[k]!.includes(event.key);
    if (/^F\d+$/.test(k)) return event.key === k;
    if (/^[A-Z]$/.test(k)) return letterOf(event) === k.toLowerCase();
    if (/^[0-9]$/.test(k)) return event.key === k || event.code === `Digit${k}`;
    return event.key === k;
  });
}

export function matchesCommand(command: CommandDef, event: KeyLike): boolean {
  return command.keys.some((spec) => matchesSpec(spec, event));
}

/** The commands of these contexts whose keys match the event, in the map's order (then by the order of the contexts given). */
export function commandsFor(event: KeyLike, contexts: readonly Context[]): CommandDef[] {
  const found: CommandDef[] = [];
  for (const context of contexts) for (const c of COMMANDS) if (c.context === context && matchesCommand(c, event)) found.push(c);
  return found;
}

/** Whether a key spec is one that could type into a field (no Ctrl or Alt, not an F-key). */
export function typesInFields(spec: string): boolean {
  return !/(^|\+)(Ctrl|Alt)\+/.test(`+${spec}`) && !/^(Shift\+)?F\d+$/.test(spec);
}

/** The event a key spec stands for, for running a text command from the palette (`1–9` takes `digit`). */
export function eventInitFor(spec: string, digit = '1'): KeyboardEventInit {
  const parts = spec.split('+');
  let key = parts.pop()!;
  const mods = new Set(parts);
  if (key === '1–9') key = digit;
  if (key === 'a–z') key = digit;
  if (key.includes('/') && key.length > 1) key = key.split('/')[1]!;
  const named = NAMED[key]?.[0];
  const k = named ?? (/^[A-Z]$/.test(key) ? key.toLowerCase() : key);
  const code = k === ' ' ? 'Space' : /^[0-9]$/.test(k) ? `Digit${k}` : /^[a-z]$/.test(k) ? `Key${k.toUpperCase()}` : k;
  return { key: k, code, ctrlKey: mods.has('Ctrl'), altKey: mods.has('Alt'), shiftKey: mods.has('Shift'), bubbles: true, cancelable: true };
}
