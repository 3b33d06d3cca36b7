import type { LinkCheck } from './externalLinks';

/**
 * The shell's dialogs, as plain data for dialog.showMessageBox(Sync): texts in plain words,
 * and which button does what. Kept apart from main.ts so the wording and, above all, the
 * safe defaults (Esc or closing the dialog never leaves, never opens) are unit-tested.
 */
export interface Prompt {
  type: 'none' | 'info' | 'error' | 'question' | 'warning';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: true;
}

/** Opening a checked link in the system browser. */
export const LINK_OPEN = 0;
export function externalLinkPrompt(link: Extract<LinkCheck, { ok: true }>): Prompt {
  const shown = link.href.length > 300 ? `${link.href.slice(0, 300)}…` : link.href;
  return {
    type: 'question',
    title: 'Open link',
    message: `Open this link to ${link.host} in your web browser?`,
    detail: `${shown}${link.encrypted ? '' : '\n\nThe connection to this site is not encrypted (http).'}`,
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/** A link the check refused, when it looked like a web address (see LinkCheck.tell). */
export function refusedLinkPrompt(link: Extract<LinkCheck, { ok: false }>): Prompt {
  return {
    type: 'info',
    title: 'Link not opened',
    message: 'Standoff did not open this link.',
    detail: link.reason,
    buttons: ['OK'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}
