import type { Label } from '../../shared/model/labels';

/** One CSS custom property per label, so every span and palette entry takes its colour from the schema. */
export function LabelStyles({ labels }: { labels: Label[] }) {
  const css = labels.map((l) => `.sp-${l.id}, .swatch-${l.id} { --label: ${l.color}; }`).join('\n');
  return <style>{css}</style>;
}
