import { normalizeText } from '../text/normalize';
import { slug } from '../text/slug';

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
  const notes: string[] = [];
  const kept: string[] = [];
  normalizeText(raw)
    .split('\n')
    .forEach((line, i) => {
      if (MARKUP_LINE.test(line)) notes.push(`dropped line ${i + 1}, page markup: ${JSON.stringify(line.trim())}`);
      else kept.push(line.replace(/[ \t]+$/, ''));
    });
  while (kept.length && kept[0]?.trim() === '') kept.shift();
  while (kept.length && kept[kept.length - 1]?.trim() === '') kept.pop();
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

/** A folder-safe document id from a file name: "000_121e11c80b4a277e.txt" → "000_121e11c80b4a277e". */
export function documentIdFromFileName(fileName: string): string {
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return slug(stem, { max: 80 }) || 'document';
}
