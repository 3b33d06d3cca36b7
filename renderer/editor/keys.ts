/** The label key a keyboard event stands for ("1"–"9"), by physical key so Alt+1 still reads as 1. */
export function digitOf(event: KeyboardEvent): string | null {
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (m) return m[1]!;
  return /^[1-9]$/.test(event.key) ? event.key : null;
}

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
