import type { RecommenderEvaluation } from '../../shared/api/recommend';

/** The F1 with overlapping boundaries a recommender measured on a label ("*": all its labels), or null when not measured. */
export function overlapF1(quality: RecommenderEvaluation | null | undefined, label: string): number | null {
  const row = quality?.rows.find((r) => r.label === label);
  return row && row.support + row.overlap.falsePositives > 0 ? row.overlap.f1 : null;
}

/** How far to trust a figure, in one word for the panel: the same thresholds everywhere. */
export function trustWords(f1: number | null): 'good' | 'fair' | 'poor' | 'unmeasured' {
  if (f1 === null) return 'unmeasured';
  return f1 >= 0.8 ? 'good' : f1 >= 0.6 ? 'fair' : 'poor';
}

/** "3 minutes ago", "2 days ago": when the figures or the model were made, as an analyst reads it. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} days ago`;
}
