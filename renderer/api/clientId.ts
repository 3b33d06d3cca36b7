/**
 * This window's name for the service, made once when the page loads and sent with every
 * applyEdits: the service reports a layer change with the clientId of the window that made it,
 * so a window can tell its own saves from another window's or another program's.
 */
function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const CLIENT_ID: string = randomId();
