import path from 'node:path';
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

/** Closing or reloading the window while the renderer says edits are not saved yet. */
export const UNLOAD_LEAVE = 0;
export function unloadPrompt(): Prompt {
  return {
    type: 'warning',
    title: 'Edits not saved',
    message: 'Some of your edits are not saved yet.',
    detail:
      'If you leave now, they will be lost. Stay to let Standoff finish saving them, or to retry a save that failed (the top bar says what went wrong).',
    buttons: ['Leave anyway', 'Stay'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
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

/**
 * Standoff was started again (a second instance) naming another project than the one open.
 * One window, one project: the running window is brought forward and says so. Null when the
 * second start named no project or the same one.
 */
export function secondInstancePrompt(openProject: string, requested: string | null, same: (a: string, b: string) => boolean): Prompt | null {
  if (!requested || same(openProject, requested)) return null;
  const name = (dir: string) => path.basename(dir) || dir;
  return {
    type: 'info',
    title: 'Standoff is already open',
    message: `Standoff is already open on the project “${name(openProject)}”, so “${name(requested)}” was not opened.`,
    detail: `Standoff works on one project at a time, in one window. To work on ${requested}, close this window, then start Standoff again with that folder.\n\nOpen now: ${openProject}`,
    buttons: ['OK'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}
