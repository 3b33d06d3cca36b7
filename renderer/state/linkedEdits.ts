import type { DetachedEntry, DetachedOutcome, LayerSession, LinkedEdits, RefreshOutcome } from './layerSession';

/** One other document's part of a linked action. */
export interface LinkedPart {
  session: LayerSession;
  entry: DetachedEntry;
  /** The document as the analyst knows it (its title). */
  title: string;
}

/** How long an undo waits for other documents' saves before saying they are still being saved. */
const SAVE_WAIT_MS = 8000;

/**
 * What an action wrote in other documents (tag all mentions across the project), undone and
 * redone with the action in the document where it was started. Each document's part goes through
 * that document's own session: read again from disk first, saved like any edit (retried when it
 * fails, taken back when the service refuses it), and undone only as far as the layer still holds
 * what was written: a span changed since (by another program, or by the analyst) stays, and the
 * analyst is told which. Undo and redo run one after the other, in the order pressed.
 */
export class LinkedAction implements LinkedEdits {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly parts: readonly LinkedPart[],
    /** Each document's span count after an undo or redo (the document list shows it). */
    private readonly onCount?: (docId: string, spans: number) => void,
  ) {}

  undo(tell: (message: string) => void): void {
    this.chain = this.chain.then(() => this.replay('undo', tell));
  }

  redo(tell: (message: string) => void): void {
    this.chain = this.chain.then(() => this.replay('redo', tell));
  }

  /** Resolves when the undos and redos asked for so far are done (tests). */
  settled(): Promise<void> {
    return this.chain;
  }

  private async replay(direction: 'undo' | 'redo', tell: (message: string) => void): Promise<void> {
    const done: Array<{ title: string; n: number }> = [];
    const problems: string[] = [];
    let slow = false;
    for (const part of this.parts) {
      let fresh: RefreshOutcome;
      try {
        fresh = await part.session.refresh();
      } catch {
        fresh = 'gone';
      }
      if (fresh !== 'ok') {
        problems.push(`in “${part.title}” nothing could be ${direction === 'undo' ? 'undone' : 'redone'}: ${WHY[fresh]}`);
        continue;
      }
      const refused: string[] = [];
      const off = part.session.onEvent((e) => {
        if (e.kind === 'refused') refused.push(e.message);
      });
      let outcome: DetachedOutcome;
      try {
        outcome = direction === 'undo' ? part.session.undoDetached(part.entry) : part.session.redoDetached(part.entry);
        if (part.session.readOnlyReason) problems.push(`in “${part.title}” nothing could be changed: ${part.session.readOnlyReason}`);
        const saved = await Promise.race([part.session.whenSaved().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), SAVE_WAIT_MS))]);
        if (!saved) slow = true;
      } finally {
        off();
      }
      if (outcome.applied) done.push({ title: part.title, n: outcome.applied });
      if (outcome.changed.length) {
        const n = outcome.changed.length;
        problems.push(
          `${n === 1 ? 'one span' : `${n} spans`} in “${part.title}” (${quotes(outcome.changed)}) ${n === 1 ? 'was' : 'were'} changed or removed since, so ${n === 1 ? 'it was' : 'they were'} left as ${n === 1 ? 'it is' : 'they are'}`,
        );
      }
      for (const r of refused) problems.push(`in “${part.title}”: ${r}`);
      this.onCount?.(part.session.docId, part.session.spans.size);
    }
    const verb = direction === 'undo' ? 'Undone' : 'Redone';
    const total = done.reduce((a, d) => a + d.n, 0);
    const what = total
      ? `${verb} in ${done.length === 1 ? 'another document' : `${done.length} other documents`} too: ${done.map((d) => `${d.n} in “${d.title}”`).join(', ')}.`
      : `Nothing was ${direction === 'undo' ? 'undone' : 'redone'} in the other documents.`;
    const but = problems.length ? ` Not everything: ${problems.join('; ')}.` : '';
    const later = slow ? ' Some of it is still being saved; the top bar of that document says how it goes.' : '';
    tell(what + but + later);
  }
}

const WHY: Record<Exclude<RefreshOutcome, 'ok'>, string> = {
  gone: 'the document is no longer in the project',
  'text-changed': 'its text was changed by another program',
  unreadable: 'your annotation file for it can no longer be read',
};

function quotes(list: readonly string[]): string {
  const shown = list.slice(0, 3).map((q) => `“${q}”`);
  return list.length > 3 ? `${shown.join(', ')} and ${list.length - 3} more` : shown.join(', ');
}
