/**
 * What import does to a text before it is stored: line ends become LF (so offsets mean the
 * same on every platform) and a leading byte-order mark goes. Nothing else is rewritten:
 * offsets are into the text exactly as stored.
 */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}
