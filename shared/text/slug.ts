/**
 * A name made safe to use as a file or folder name or an id: accents dropped, lower case, runs
 * of anything else than the allowed characters become "-", no separator at either end.
 * "Ana María" → "ana-maria"; "000_121e11c80b4a277e.txt" keeps its underscores.
 */
export function slug(text: string, opts: { dots?: boolean; max: number }): string {
  const other = opts.dots ? /[^a-z0-9_.-]+/g : /[^a-z0-9_-]+/g;
  const ends = opts.dots ? /^[-_.]+|[-_.]+$/g : /^[-_]+|[-_]+$/g;
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(other, '-')
    .replace(ends, '')
    .slice(0, opts.max);
}
