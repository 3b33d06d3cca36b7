/**
 * The agreement benchmark's synthetic corpora (seeded, so every run measures the same data) and the
 * schema the service would hand the computation; shared by bench/agreement.ts and
 * bench/agreementProfile.ts.
 */
import type { AnnotatedDocument, ReportSchema } from '../shared/agreement/report/projectReport';
import type { AttributedSpan } from '../shared/agreement/measures/attributes';
import { compareSpanLike } from '../shared/agreement/input/check';
import type { AgreementDocument, SpanLike } from '../shared/agreement/types';
import { DEFAULT_SCHEMA } from '../shared/model/labels';
import { seededRandom as rng } from '../tests/support/random';

const LABELS = ['claim', 'denial', 'casualty-figure', 'actor'];

/**
 * A corpus like real data: per document ~40 "true" spans (claims and denials the length of a
 * clause, actors and casualty figures short and often nested in them, same-label spans of one
 * annotator not overlapping), which each annotator reproduces with some boundary jitter, a few
 * label changes, misses and extras. Layers are in document order, as annotation files store them.
 */
export function syntheticCorpus(documents: number, annotators: number, spansPerAnnotator: number, seed = 1): AgreementDocument[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: AgreementDocument[] = [];
  for (let d = 0; d < documents; d++) {
    const truth: { start: number; end: number; label: string }[] = [];
    const lastEnd = new Map<string, number>();
    let pos = 0;
    for (let k = 0; k < spansPerAnnotator; k++) {
      const label = pick(LABELS);
      const long = label === 'claim' || label === 'denial';
      pos += 5 + Math.floor(random() * (long ? 120 : 40));
      const start = Math.max(pos, (lastEnd.get(label) ?? -10) + 10);
      const end = start + (long ? 40 + Math.floor(random() * 120) : 3 + Math.floor(random() * 25));
      lastEnd.set(label, end);
      truth.push({ start, end, label });
    }
    const length = Math.max(...truth.map((t) => t.end)) + 100;
    const layers = Array.from({ length: annotators }, (_, a) => {
      const spans: SpanLike[] = [];
      truth.forEach((t, i) => {
        if (random() < 0.08) return; // missed
        const jitter = () => (random() < 0.75 ? 0 : Math.floor(random() * 9) - 4);
        const startOffset = Math.max(0, t.start + jitter());
        const endOffset = Math.max(startOffset + 1, t.end + jitter());
        spans.push({ id: `d${d}-a${a}-s${i}`, label: random() < 0.92 ? t.label : pick(LABELS), startOffset, endOffset });
      });
      for (let extra = 0; random() < 0.3 && extra < 3; extra++) {
        const startOffset = Math.floor(random() * (length - 30));
        spans.push({ id: `d${d}-a${a}-x${extra}`, label: pick(LABELS), startOffset, endOffset: startOffset + 5 + Math.floor(random() * 20) });
      }
      return { annotator: `annotator-${a}`, spans: spans.sort(compareSpanLike) };
    });
    out.push({ documentId: `doc-${d}`, length, layers });
  }
  return out;
}

/**
 * The same kind of corpus with what annotators record beyond the span: claim types, casualty
 * outcomes, counts (some open-ended), vagueness and victims, actors' entities (some of them ids
 * merged in the registry) and kinds, and relations from claims, denials and figures to actors.
 * Each annotator copies the "true" value most of the time.
 */
export function annotatedCorpus(documents: number, annotators: number, spansPerAnnotator: number, seed = 3): AnnotatedDocument[] {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const entities = Array.from({ length: 400 }, (_, k) => `entity-${k}`);
  const truthAttributes = (label: string): Record<string, unknown> => {
    switch (label) {
      case 'claim':
        return { type: pick(['responsibility', 'event-report', 'accusation', 'statement']) };
      case 'casualty-figure': {
        const min = 1 + Math.floor(random() * 60);
        return {
          outcome: pick(['killed', 'injured', 'missing']),
          count: random() < 0.2 ? { min, max: null } : { min, max: min + (random() < 0.7 ? 0 : Math.floor(random() * 10)) },
          ...(random() < 0.3 ? { vague: random() < 0.5 } : {}),
          victims: pick(['civilians', 'security-forces', 'militants', 'contractors', 'unknown']),
        };
      }
      case 'actor':
        return { entity: pick(entities), kind: pick(['state', 'armed-group', 'official', 'media', 'civilians', 'other']) };
      default:
        return {};
    }
  };
  const copy = (label: string, truth: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(truth)) {
      const r = random();
      if (r < 0.06) continue; // left unset
      if (r < 0.14) {
        const other = truthAttributes(label)[k];
        if (other !== undefined) out[k] = other;
      } else out[k] = v;
    }
    return out;
  };
  const base = syntheticCorpus(documents, annotators, spansPerAnnotator, seed);
  return base.map((doc) => {
    // "Truth" attributes per true span index (ids end in -s<i>); extras get random ones.
    const truth = new Map<string, Record<string, unknown>>();
    const layers = doc.layers.map((layer) => {
      const spans: AttributedSpan[] = layer.spans.map((s) => {
        const key = s.id.slice(s.id.lastIndexOf('-') + 1);
        let t = truth.get(`${key}:${s.label}`);
        if (!t) truth.set(`${key}:${s.label}`, (t = truthAttributes(s.label)));
        return { ...s, attributes: copy(s.label, t) };
      });
      const actors = spans.filter((s) => s.label === 'actor');
      const relations: { id: string; type: string; from: string; to: string }[] = [];
      if (actors.length > 0) {
        spans.forEach((s, k) => {
          const type = s.label === 'claim' ? 'claimant' : s.label === 'denial' ? 'denier' : s.label === 'casualty-figure' ? 'reported-by' : null;
          if (!type || random() < 0.15) return;
          // The nearest actor before the span, as an annotator would link it (sometimes another one).
          const before = actors.filter((a) => a.startOffset <= s.startOffset);
          const to = random() < 0.9 && before.length ? before[before.length - 1]! : pick(actors);
          relations.push({ id: `${s.id}-r${k}`, type, from: s.id, to: to.id });
        });
      }
      return { annotator: layer.annotator, spans, relations };
    });
    return { documentId: doc.documentId, title: null, length: doc.length, layers };
  });
}

/** The schema the service hands the computation (shared/agreement ReportSchema). */
export const schema: ReportSchema = {
  labels: DEFAULT_SCHEMA.labels.map((l) => ({ id: l.id, name: l.name, color: l.color, attributes: l.attributes.map((a) => ({ id: a.id, name: a.name, type: a.type })) })),
  relations: DEFAULT_SCHEMA.relations.map((r) => ({ id: r.id, name: r.name })),
};
