import type { LoadedDocument } from '../project/documents';

/** About how long a name made from a text's first words may be, in code points. */
const NAME_LENGTH = 60;

const names = new WeakMap<LoadedDocument, string>();

/**
 * The first words of a text, as a name for a document without a title: spaces and line ends
 * collapsed, cut at a word boundary after at most about 60 code points (never inside a
 * character), with "…" when cut. Empty for an empty text.
 */
export function firstWords(text: string, max = NAME_LENGTH): string {
  const head = Array.from(text.slice(0, max * 4).replace(/\s+/g, ' ').trim());
  if (head.length <= max) return head.join('');
  const cut = head.slice(0, max + 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space >= max / 2 ? cut.slice(0, space) : head.slice(0, max).join('')).replace(/[\s,;:.–—-]+$/u, '')}…`;
}

/** The name of an untitled document's text, kept per loaded document. */
export function documentExcerpt(doc: LoadedDocument): string {
  let name = names.get(doc);
  if (name === undefined) names.set(doc, (name = firstWords(doc.text)));
  return name;
}
