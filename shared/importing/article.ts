import { normalizeText } from '../text/normalize';
import { DOCUMENT_ID } from '../format/documentMeta';

/** What import makes of one article file. */
export interface Article {
  text: string;
  title: string | null;
  source: string | null;
  /** What import dropped or changed, in words, kept in the document's metadata. */
  notes: string[];
}

/**
 * A line that is page markup, not prose: an HTML comment or a lone tag, including the
 * truncated kind left by copy-and-paste from a browser ("!-- Google tag (gtag.js) -->").
 */
const MARKUP_LINE = /^\s*(?:<?!--.*?-->|<\/?[a-zA-Z][^<>]*>|<!DOCTYPE[^>]*>)\s*$/;
/** A closing credit like "Source » jpost" or "Source: Reuters". */
const SOURCE_LINE = /^\s*Source\s*[»:]\s*(\S.*?)\s*$/i;
const MAX_TITLE = 160;

/**
 * Plain text as an article: line ends normalised to LF; lines that are only page markup are
 * dropped (each one noted); blank lines at the start and end trimmed. The title is the first
 * line when it is short and reads as a headline (no closing full stop); the source is taken
 * from a closing "Source » …" line, which stays in the text.
 */
export function articleFromPlainText(raw: string): Article {
  // Every change to a character is noted (docs/IMPORT.md): the text is what annotations count in.
  const notes: string[] = [];
  if (/\r/.test(raw)) notes.push(`made ${/\r\n/.test(raw) ? 'CRLF' : 'CR'} line ends LF`);
  const kept: string[] = [];
  const trimmedLines: number[] = [];
  normalizeText(raw)
    .split('\n')
    .forEach((line, i) => {
      if (MARKUP_LINE.test(line)) notes.push(`dropped line ${i + 1}, page markup: ${JSON.stringify(line.trim())}`);
      else {
        const trimmed = line.replace(/[ \t]+$/, '');
        if (trimmed !== line) trimmedLines.push(i + 1);
        kept.push(trimmed);
      }
    });
  if (trimmedLines.length) notes.push(`removed spaces or tabs at the end of ${trimmedLines.length} line${trimmedLines.length === 1 ? '' : 's'} (line${trimmedLines.length === 1 ? '' : 's'} ${listed(trimmedLines)})`);
  let leading = 0;
  while (kept.length && kept[0]?.trim() === '') (kept.shift(), leading++);
  let trailing = 0;
  while (kept.length && kept[kept.length - 1]?.trim() === '') (kept.pop(), trailing++);
  if (leading) notes.push(`removed ${leading} blank line${leading === 1 ? '' : 's'} at the start`);
  // A file ending in a line break splits into a last empty line: that is the final line break.
  if (trailing === 1) notes.push('removed the line break at the end');
  else if (trailing > 1) notes.push(`removed ${trailing - 1} blank line${trailing === 2 ? '' : 's'} and the line break at the end`);
  const text = kept.join('\n');
  const first = kept[0]?.trim() ?? '';
  const title = first && first.length <= MAX_TITLE && !/[.!?…,;]$/.test(first) && kept.length > 1 ? first : null;
  let source: string | null = null;
  for (let i = kept.length - 1; i >= 0 && i >= kept.length - 3; i--) {
    const m = SOURCE_LINE.exec(kept[i] as string);
    if (m) {
      source = m[1] as string;
      break;
    }
  }
  return { text, title, source, notes };
}

/**
 * The document id for a file name: its name without the folder and the last extension
 * ("esp.train-doc-46.txt" → "esp.train-doc-46"), then documentIdFor.
 */
export function documentIdFromFileName(fileName: string): string {
  return documentIdFor(fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, ''));
}

/**
 * The id rule (docs/IMPORT.md): a name that is a valid document id (DOCUMENT_ID: letters of
 * either case, digits, "-", "_", "." inside, at most 100) is the id as it is: `PMID-9888390`,
 * `esp.train-doc-46`. Any other name: accents dropped, each run of other characters made "-",
 * separators and dots at either end dropped, cut to 100; "document" when nothing is left.
 * "Café Report (2)" → "Cafe-Report-2". Whoever creates documents also makes an id that differs
 * from a taken one only in case unique (uniqueId), as such names are one folder on macOS and Windows.
 */
export function documentIdFor(name: string): string {
  if (DOCUMENT_ID.test(name)) return name;
  const id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '')
    .slice(0, 100)
    .replace(/[-_.]+$/, '');
  if (id === '') return 'document';
  return DOCUMENT_ID.test(id) ? id : id.replace(/\./g, '-');
}

/** `id`, or `id-2`, `id-3`… : the first whose lower case is not in `takenLower` (ids taken, lower-cased). */
export function uniqueId(id: string, takenLower: ReadonlySet<string>): string {
  if (!takenLower.has(id.toLowerCase())) return id;
  for (let n = 2; ; n++) {
    const next = `${id.slice(0, 95)}-${n}`;
    if (!takenLower.has(next.toLowerCase())) return next;
  }
}

/** Line numbers as "3, 7, 12" (the first ten, then how many more). */
function listed(lines: number[]): string {
  return lines.length <= 10 ? lines.join(', ') : `${lines.slice(0, 10).join(', ')} and ${lines.length - 10} more`;
}
