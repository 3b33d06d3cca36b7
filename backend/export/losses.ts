import type { ExportLoss } from '../../shared/api/contract';
import { DROPPED_HEADER } from './target';
import { Sink } from './sink';

/** How many losses the summary (and the card) list; all of them are in the dropped list. */
export const LISTED = 100;

/**
 * What an export left out or changed, as it goes: counted by reason, the first ones kept for the
 * summary and the card, and every one written to the dropped list (a TSV file, created when the
 * first loss comes, or at start()), so memory stays flat whatever is lost.
 */
export class Losses {
  total = 0;
  readonly byReason = new Map<string, number>();
  readonly first: ExportLoss[] = [];
  /** What formats have no place for, counted only. */
  readonly notCarried = { attributes: 0, relations: 0, notes: 0 };
  private sink: Sink | null = null;
  private opening: Promise<Sink> | null = null;

  constructor(private readonly file: string) {}

  /** Creates the list now, even if nothing is lost (a folder export always has one). */
  async start(): Promise<void> {
    await this.open();
  }

  private open(): Promise<Sink> {
    this.opening ??= Sink.create(this.file).then(async (sink) => {
      this.sink = sink;
      await sink.write(`${DROPPED_HEADER}\n`);
      return sink;
    });
    return this.opening;
  }

  /** Whether the dropped list was created. */
  get written(): boolean {
    return this.opening !== null;
  }

  get bytes(): number {
    return this.sink?.bytes ?? 0;
  }

  async add(loss: ExportLoss): Promise<void> {
    this.total++;
    this.byReason.set(loss.reason, (this.byReason.get(loss.reason) ?? 0) + 1);
    if (this.first.length < LISTED) this.first.push(loss);
    const sink = await this.open();
    await sink.write(`${[loss.docId, loss.annotator ?? '', loss.item ?? '', loss.kind, loss.reason, loss.detail].map(cell).join('\t')}\n`);
  }

  async close(): Promise<void> {
    if (this.opening) await (await this.opening).close();
  }

  async discard(): Promise<void> {
    if (this.opening) await (await this.opening.catch(() => null))?.discard();
  }
}

/** A TSV cell: tabs and line breaks would break the row, so they are written as \t, \n, \r (and a backslash as \\). */
function cell(value: string): string {
  return /[\t\n\r\\]/.test(value) ? value.replace(/[\t\n\r\\]/g, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\\\')) : value;
}
