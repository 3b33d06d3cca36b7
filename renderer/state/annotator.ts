import { slug } from '../../shared/text/slug';

/** The annotator's name is remembered per machine (localStorage also persists in Electron). */
const KEY = 'standoff-annotator';

export function rememberedAnnotator(): string | null {
  return localStorage.getItem(KEY);
}

export function rememberAnnotator(id: string): void {
  localStorage.setItem(KEY, id);
}

/** A file-safe annotator id from a typed name: "Ana María" → "ana-maria". */
export function annotatorIdFromName(name: string): string {
  return slug(name, { dots: true, max: 64 });
}
