/**
 * Random agreement input for tests that compare whole reports: documents with two to four
 * annotators (some with one or none), spans in or out of document order, with shared boundaries,
 * same-label overlaps (α_U merges them), empty spans and spans past the end, labels outside the
 * schema, attributes of every type (some malformed), and relations with twins, dangling endpoints
 * and types outside the schema. Seeded, so a failing case can be made again.
 */
import type { AnnotatedDocument, ReportSchema } from '../../shared/agreement/report/projectReport';
import type { AttributedSpan } from '../../shared/agreement/measures/attributes';
import type { RelationLike } from '../../shared/agreement/types';
import { compareSpanLike } from '../../shared/agreement/input/check';
import { seededRandom } from './random';

/** A schema with an attribute of every type, and two relation types. */
export const TEST_SCHEMA: ReportSchema = {
  labels: [
    {
      id: 'claim',
      name: 'Claim',
      color: '#0072b2',
      attributes: [
        { id: 'type', name: 'Type', type: 'choice' },
        { id: 'tags', name: 'Tags', type: 'choices' },
        { id: 'note', name: 'Note', type: 'text' },
      ],
    },
    { id: 'denial', name: 'Denial', color: '#d55e00', attributes: [] },
    {
      id: 'figure',
      name: 'Figure',
      color: '#009e73',
      attributes: [
        { id: 'count', name: 'Count', type: 'range' },
        { id: 'dead', name: 'Dead', type: 'integer' },
        { id: 'vague', name: 'Vague', type: 'boolean' },
      ],
    },
    { id: 'actor', name: 'Actor', color: '#cc79a7', attributes: [{ id: 'entity', name: 'Entity', type: 'entity' }] },
  ],
  relations: [
    { id: 'claimant', name: 'Claimant' },
    { id: 'denier', name: 'Denier' },
  ],
};

const LABELS = ['claim', 'denial', 'figure', 'actor', 'rumour'];
const ANNOTATORS = ['ann', 'bob', 'cy', 'dan', 'eve'];

export interface RandomCorpusOptions {
  documents: number;
  /** Most annotators on one document (2–5). */
  maxAnnotators?: number;
  /** Mean spans per layer. */
  spans?: number;
}

/** Entities merged in a pretend registry: entity-1 into entity-0, entity-3 into entity-2. */
export function resolveTestEntity(id: string): string {
  return id === 'entity-1' ? 'entity-0' : id === 'entity-3' ? 'entity-2' : id;
}

export function randomAgreementCorpus(seed: number, options: RandomCorpusOptions): AnnotatedDocument[] {
  const random = seededRandom(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const maxAnnotators = options.maxAnnotators ?? 4;
  const spansPerLayer = options.spans ?? 12;
  let nextId = 0;

  const value = (attribute: string): unknown => {
    const r = random();
    if (r < 0.2) return undefined;
    if (r < 0.23) return null;
    if (r < 0.26) return { odd: true }; // what a hand-edited file may hold
    switch (attribute) {
      case 'type':
        return pick(['a', 'b', 'c']);
      case 'tags':
        return random() < 0.2 ? [] : Array.from({ length: 1 + int(3) }, () => pick(['x', 'y', 'z']));
      case 'note':
        return pick(['  some  note ', 'some note', 'other', '', '\tother\n']);
      case 'count':
        return { min: random() < 0.2 ? null : int(4), max: random() < 0.3 ? null : int(6) };
      case 'dead':
        return random() < 0.1 ? '3' : int(4);
      case 'vague':
        return random() < 0.1 ? 'yes' : random() < 0.5;
      case 'entity':
        return `entity-${int(5)}`;
      default:
        return int(3);
    }
  };
  const attributesOf = (label: string): Record<string, unknown> | undefined => {
    if (random() < 0.1) return undefined;
    const def = TEST_SCHEMA.labels.find((l) => l.id === label);
    const out: Record<string, unknown> = {};
    for (const a of def?.attributes ?? [{ id: 'other' }]) {
      const v = value(a.id);
      if (v !== undefined) out[a.id] = v;
    }
    return out;
  };

  const documents: AnnotatedDocument[] = [];
  for (let d = 0; d < options.documents; d++) {
    const length = 50 + int(400);
    // Some "true" spans the annotators copy with jitter, so that there is agreement to measure.
    const truth = Array.from({ length: spansPerLayer }, () => {
      const start = int(length);
      const label = pick(LABELS.slice(0, 4));
      return { start, end: Math.min(length, start + 1 + int(60)), label, attributes: attributesOf(label) };
    });
    const shuffled = [...ANNOTATORS];
    for (let k = shuffled.length - 1; k > 0; k--) {
      const j = int(k + 1);
      [shuffled[k], shuffled[j]] = [shuffled[j]!, shuffled[k]!];
    }
    let who = shuffled.slice(0, random() < 0.08 ? int(2) : Math.min(maxAnnotators, 2 + int(maxAnnotators - 1)));
    // eve only ever works with dan: her other pairs share no document.
    if (who.includes('eve')) who = who.length > 1 ? ['eve', 'dan'] : ['eve'];
    const layers = who.map((annotator) => {
      const spans: AttributedSpan[] = [];
      for (const t of truth) {
        if (random() < 0.15) continue;
        const jitter = () => (random() < 0.6 ? 0 : int(9) - 4);
        let startOffset = Math.max(0, t.start + jitter());
        let endOffset = Math.max(startOffset, t.end + jitter());
        if (random() < 0.03) endOffset = startOffset; // empty
        if (random() < 0.03) endOffset = length + int(20); // past the end
        if (random() < 0.02) startOffset = endOffset = length + 5; // outside
        const label = random() < 0.85 ? t.label : pick(LABELS);
        // Mostly the true values, so that there is agreement on attributes too.
        const attributes = label === t.label && random() < 0.7 ? t.attributes : attributesOf(label);
        spans.push({ id: `s${nextId++}`, label, startOffset, endOffset, ...(attributes ? { attributes } : {}) });
        if (random() < 0.05) {
          // A twin with the same boundaries (same or another label).
          spans.push({ id: `s${nextId++}`, label: random() < 0.5 ? label : pick(LABELS), startOffset, endOffset });
        }
      }
      for (let extra = int(4); extra > 0; extra--) {
        const startOffset = int(length);
        const label = pick(LABELS);
        const attributes = attributesOf(label);
        spans.push({ id: `s${nextId++}`, label, startOffset, endOffset: Math.min(length, startOffset + 1 + int(30)), ...(attributes ? { attributes } : {}) });
      }
      if (random() < 0.8) spans.sort(compareSpanLike);
      const relations: RelationLike[] = [];
      const actors = spans.filter((s) => s.label === 'actor');
      for (const s of spans) {
        if (s.label === 'actor' || !actors.length || random() < 0.3) continue;
        const type = random() < 0.1 ? 'mentions' : s.label === 'denial' ? 'denier' : 'claimant';
        const to = random() < 0.05 ? 'nowhere' : pick(actors).id;
        relations.push({ id: `r${nextId++}`, type, from: s.id, to });
        if (random() < 0.05) relations.push({ id: `r${nextId++}`, type, from: s.id, to });
      }
      return { annotator, spans, ...(relations.length || random() < 0.5 ? { relations } : {}) };
    });
    documents.push({ documentId: `doc-${String(d).padStart(4, '0')}`, ...(random() < 0.5 ? { title: `Document ${d}` } : {}), length, layers });
  }
  return documents;
}
