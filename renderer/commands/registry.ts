import { COMMANDS, COMMANDS_BY_ID, commandsFor, typesInFields, matchesSpec, type CommandDef, type Context } from './keymap';

/**
 * The commands' run functions, the contexts active now, the open dialogs and the window's
 * regions: the state behind the key map. One window keydown listener (installKeyListener)
 * reads it; React components bind to it with the hooks in ./hooks.ts.
 */

interface Binding {
  run: () => void;
  /** Why it cannot run now, in words; null when it can. */
  unavailable?: () => string | null;
}

/** Runs a command of a context owned by a component that reads keys itself (the text): given the key spec to press. */
export type ContextRunner = (spec: string, digit?: string) => boolean;

export interface OpenDialog {
  element: () => HTMLElement | null;
  /** Esc: close the dialog (or cancel its running job). */
  escape: () => void;
}

export interface Region {
  name: RegionName;
  element: () => HTMLElement | null;
  /** Puts the focus in the region (default: where it was last, else `initial`, else its first control). */
  focus?: () => void;
  /** Where the focus goes the first time (the list itself, not the tabs above it). */
  initial?: () => HTMLElement | null;
}

export type RegionName = 'topbar' | 'documents' | 'text' | 'side';
export const REGION_ORDER: readonly RegionName[] = ['topbar', 'documents', 'text', 'side'];

const bindings = new Map<string, Binding[]>();
/** For a command whose key is a number or letter that chooses (a label, an attribute): the choices, for the palette. */
export interface Variant {
  title: string;
  /** The digit or letter its key is pressed with; absent for a choice with no key (a label beyond the ninth). */
  key?: string;
  /** What runs a choice that has no key (the palette calls it). */
  run?: () => void;
}
const variants = new Map<string, (() => Variant[])[]>();
const runners = new Map<Context, ContextRunner[]>();
const dialogs: OpenDialog[] = [];
const regions = new Map<RegionName, Region[]>();
const lastFocus = new Map<RegionName, HTMLElement>();
const listeners = new Set<() => void>();
let revision = 0;

const changed = () => {
  revision++;
  for (const l of listeners) l();
};

/** Called when bindings, contexts or dialogs change (the palette and the top bar follow). */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export const getRevision = (): number => revision;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): () => void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
  changed();
  return () => {
    const at = list.indexOf(value);
    if (at >= 0) list.splice(at, 1);
    changed();
  };
}

/** Binds a command's run function; the last bound wins until it is unbound. */
export function bindCommand(id: string, binding: Binding): () => void {
  if (!COMMANDS_BY_ID.has(id)) throw new Error(`No command ${id} in the key map (renderer/commands/keymap.ts)`);
  return push(bindings, id, binding);
}

/** Gives the palette the choices of a numbered or lettered command (labels to tag with, attributes to set). */
export function provideVariants(id: string, list: () => Variant[]): () => void {
  return push(variants, id, list);
}

export function variantsOf(id: string): Variant[] | null {
  const p = top(variants.get(id));
  return p ? p() : null;
}

/** Makes a context active (the text, a relation being made, Review, Agreement…), with what runs its commands. */
export function activateContext(context: Context, runner: ContextRunner): () => void {
  return push(runners, context, runner);
}

export function contextActive(context: Context): boolean {
  if (context === 'anywhere') return true;
  if (context === 'dialog') return dialogs.length > 0;
  return (runners.get(context)?.length ?? 0) > 0;
}

/** A dialog opened: modal until it closes. */
export function openDialog(dialog: OpenDialog): () => void {
  dialogs.push(dialog);
  changed();
  return () => {
    const at = dialogs.indexOf(dialog);
    if (at >= 0) dialogs.splice(at, 1);
    changed();
  };
}

export function dialogOpen(): boolean {
  return dialogs.length > 0;
}

export function registerRegion(region: Region): () => void {
  return push(regions, region.name, region);
}

const top = <V>(list: V[] | undefined): V | undefined => list?.[list.length - 1];

/** Whether a command can run now, and if not, why. */
export function commandState(c: CommandDef): { enabled: boolean; reason: string | null } {
  if (c.context === 'anywhere') {
    const b = top(bindings.get(c.id));
    if (!b) return { enabled: false, reason: NOT_BOUND[c.id] ?? 'not available here' };
    const reason = b.unavailable?.() ?? null;
    return { enabled: reason === null, reason };
  }
  if (c.context === 'dialog' || c.context === 'find' || c.context === 'documents' || c.context === 'queue' || c.context === 'matrix') return { enabled: false, reason: `press its key ${CONTEXT_REASON[c.context]}` };
  if (!contextActive(c.context)) return { enabled: false, reason: CONTEXT_REASON[c.context] };
  return { enabled: true, reason: null };
}

const CONTEXT_REASON: Record<Context, string> = {
  anywhere: '',
  text: 'open a document in Annotate or Review first',
  relation: 'only while a relation is being made (R on a span)',
  suggestion: 'go to a suggestion first (] in the text)',
  review: 'only in Review',
  agreement: 'only in Agreement',
  dialog: 'in a dialog',
  find: 'in the find bar (Ctrl+F)',
  documents: 'in the document list (F6 to reach it)',
  queue: 'in My queue (Alt+Q)',
  matrix: 'in the Team view’s matrix (Alt+M)',
};

const NOT_BOUND: Record<string, string> = {
  'document.finished': 'open a document in Annotate first',
  'edit.undo': 'open a document first',
  'edit.redo': 'open a document first',
  'find.open': 'open a document in Annotate first',
  'recommenders.show': 'open a document in Annotate first',
  'region.text': 'no text is shown',
};

/** Runs a command now (from the palette or a key); false when it is not available. */
export function runCommand(id: string, digit?: string): boolean {
  const c = COMMANDS_BY_ID.get(id);
  if (!c || !commandState(c).enabled) return false;
  if (c.context === 'anywhere') {
    top(bindings.get(id))!.run();
    return true;
  }
  const runner = top(runners.get(c.context));
  return runner ? runner(c.keys[0]!, digit) : false;
}

// ---- Regions (F6) ----

/** The region holding an element: the innermost, where one region lies in another (Review inside Agreement). */
function regionOf(el: Element | null): RegionName | null {
  if (!el) return null;
  let found: { name: RegionName; root: HTMLElement } | null = null;
  for (const name of REGION_ORDER) {
    const root = top(regions.get(name))?.element();
    if (root && root.contains(el) && (!found || found.root.contains(root))) found = { name, root };
  }
  return found?.name ?? null;
}

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"], [contenteditable="plaintext-only"]';

export function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hidden && el.getClientRects().length > 0);
}

/** Focuses a region: its own focus, else where the focus was last in it, else its first control. */
export function focusRegion(name: RegionName): boolean {
  const r = top(regions.get(name));
  const root = r?.element();
  if (!r || !root || root.hidden || root.getClientRects().length === 0) return false;
  if (r.focus) {
    r.focus();
    return true;
  }
  const last = lastFocus.get(name);
  const target = last && last.isConnected && root.contains(last) && focusables(root).includes(last) ? last : (r.initial?.() ?? focusables(root)[0]);
  if (!target) return false;
  target.focus();
  return true;
}

/** F6 / Shift+F6: the next (previous) region shown, round the window. */
export function cycleRegion(direction: 1 | -1): void {
  const at = regionOf(document.activeElement);
  const start = at ? REGION_ORDER.indexOf(at) : direction === 1 ? -1 : 0;
  for (let i = 1; i <= REGION_ORDER.length; i++) {
    const name = REGION_ORDER[(((start + direction * i) % REGION_ORDER.length) + REGION_ORDER.length) % REGION_ORDER.length]!;
    if (focusRegion(name)) return;
  }
}

export function currentRegion(): RegionName | null {
  return regionOf(document.activeElement);
}

// ---- The one window listener ----

function inTypingField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'color', 'range', 'file'].includes(target.type);
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target.isContentEditable && !target.closest('.ProseMirror'));
}

/**
 * Runs the command a key stands for outside the text's own keys: the open dialog's, else
 * Agreement's and the window's. Returns whether it ran one (the caller prevents the default).
 * The window listener calls it, and so does the text's handleKeyDown for the keys it does not
 * take itself (ProseMirror stops Ctrl+Z, Enter and Esc from reaching the window).
 */
export function dispatchKey(e: KeyboardEvent): boolean {
  if (e.isComposing) return false;
  const dialog = dialogs[dialogs.length - 1];
  if (dialog) {
    // Modal: only the dialog's keys.
    const [c] = commandsFor(e, ['dialog']);
    const root = dialog.element();
    if (c?.id === 'dialog.close') {
      dialog.escape();
      return true;
    }
    if (c?.id === 'dialog.cycle' && root) {
      const list = focusables(root);
      if (list.length === 0) return true;
      const at = list.indexOf(document.activeElement as HTMLElement);
      // Round the dialog at its ends; inside, Tab moves as usual.
      if (at < 0 || (e.shiftKey && at === 0) || (!e.shiftKey && at === list.length - 1)) {
        list[at < 0 ? (e.shiftKey ? list.length - 1 : 0) : e.shiftKey ? list.length - 1 : 0]!.focus();
        return true;
      }
    }
    return false;
  }
  const typing = inTypingField(e.target);
  const contexts: Context[] = contextActive('agreement') ? ['agreement', 'anywhere'] : ['anywhere'];
  for (const c of commandsFor(e, contexts)) {
    const spec = c.keys.find((k) => matchesSpec(k, e))!;
    if (typing && (c.inFields === false || (c.inFields !== true && typesInFields(spec)))) continue;
    if (c.id === 'region.text' && regionOf(e.target as Element) === 'text') continue;
    if (c.context === 'agreement') {
      if (top(runners.get('agreement'))?.(spec)) return true;
      continue;
    }
    const b = top(bindings.get(c.id));
    if (!b || (b.unavailable?.() ?? null) !== null) continue;
    b.run();
    return true;
  }
  return false;
}

function onKeyDown(e: KeyboardEvent): void {
  if (!e.defaultPrevented && dispatchKey(e)) e.preventDefault();
}

function onFocusIn(e: FocusEvent): void {
  const name = regionOf(e.target as Element);
  if (name && e.target instanceof HTMLElement) lastFocus.set(name, e.target);
}

let installed = false;
/** Installs the window's one key listener (once). */
export function installKeyListener(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('keydown', onKeyDown);
  window.addEventListener('focusin', onFocusIn);
}

export { COMMANDS };
