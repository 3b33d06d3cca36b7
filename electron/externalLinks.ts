/**
 * Links the app hands to the system browser. A link reaches shell.openExternal only if it is a
 * well-formed web address (https: or http:) without a user name or password, and only after
 * the analyst has confirmed a dialog that names its host. Pure, so unit-tested in Node.
 */

/** Longer addresses are refused: no real link in guidelines needs more, and a dialog cannot show it. */
export const MAX_LINK_LENGTH = 2048;

export type LinkCheck =
  | { ok: true; href: string; host: string; encrypted: boolean }
  | {
      ok: false;
      /** Why, in words for the analyst. */
      reason: string;
      /** Whether the link looked like a web address, so the analyst should hear why nothing opened. */
      tell: boolean;
    };

export function checkExternalLink(raw: unknown): LinkCheck {
  if (typeof raw !== 'string' || raw === '') return { ok: false, reason: 'The link is empty.', tell: false };
  const web = /^https?:/i.test(raw);
  const refuse = (reason: string): LinkCheck => ({ ok: false, reason, tell: web });
  if (raw.length > MAX_LINK_LENGTH) return refuse(`The address is longer than ${MAX_LINK_LENGTH.toLocaleString('en')} characters.`);
  // Spaces, tabs, line breaks and other control characters: the URL parser would drop or
  // re-encode them silently, so what was shown would not be what opens.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f]/.test(raw)) return refuse('The address contains spaces or control characters.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('It is not a valid web address.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('Standoff opens only web links (https or http) in the browser.');
  if (url.username || url.password) return refuse('The address contains a user name or password.');
  if (!url.hostname) return refuse('It is not a valid web address.');
  return { ok: true, href: url.href, host: url.host, encrypted: url.protocol === 'https:' };
}
