import type { Label } from '../../shared/model/labels';

/** One CSS custom property per label, so every span and palette entry takes its colour from the schema. */
export function LabelStyles({ labels }: { labels: Label[] }) {
  // Label ids may hold "." or "+" (PER.nam, B+C): escaped to be one class name in the selector.
  const css = labels.map((l) => `.sp-${CSS.escape(l.id)}, .swatch-${CSS.escape(l.id)} { --label: ${l.color}; }`).join('\n');
  return <style>{css}</style>;
}
