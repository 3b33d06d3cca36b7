/** The label key a keyboard event stands for: see the key map. */
export { digitOf } from '../commands/keymap';

/** Ctrl on Linux and Windows, Cmd on macOS. */
export function isMod(event: KeyboardEvent | MouseEvent): boolean {
  return event.ctrlKey || event.metaKey;
}

export function newSpanId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `s${Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 14)}`;
}

export function newRelationId(): string {
  return `r${newSpanId().slice(1)}`;
}
