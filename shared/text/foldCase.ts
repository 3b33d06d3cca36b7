/**
 * Lower case with every UTF-16 index kept: a character whose lower case has another length
 * ("İ" becomes "i̇", two units) stays as it is, so a match found in the folded text is at the
 * same place in the original. For case-insensitive find and search.
 */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}
