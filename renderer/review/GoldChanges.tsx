import { useEffect, useState } from 'react';
import type { Layer, ProjectInfo } from '../../shared/api/contract';
import { annotatorId } from '../../shared/format/annotationFile';
import type { Note } from '../../shared/model/span';
import { reviewUnits, type ReviewUnit } from '../../shared/review';
import { NoteView } from '../inspector/NoteField';
import { api } from '../api/client';
import type { ArticleEditor } from '../editor/createEditor';
import { describeValue } from '../inspector/attributeValues';
import { useEntityNames } from './entityNames';
import type { LayerSession } from '../state/layerSession';
import { useLayerValue } from '../state/useLayer';

/**
 * What the curator changed of this annotator's work in the gold layer: spans left out, added,
 * relabelled, with other boundaries or other attribute values. Each one is a click away in
 * the text, so annotators learn from the corrections.
 */
export function GoldChanges(props: { project: ProjectInfo; session: LayerSession; editor: ArticleEditor | null }) {
  const { project, session, editor } = props;
  const [gold, setGold] = useState<Layer | null>(null);
  const entityName = useEntityNames();
  const [notes, setNotes] = useState<CuratorNote[]>([]);
  useEffect(() => {
    let live = true;
    api.openDocument({ docId: session.docId, annotators: [], gold: true }).then(async (d) => {
      if (!live) return;
      setGold(d.gold ?? null);
      const placed = await placeCuratorNotes(session.docId, session.annotator, d.gold?.unitNotes ?? {});
      if (live) setNotes(placed);
    }, () => undefined);
    return () => {
      live = false;
    };
  }, [session.docId, session.annotator]);

  // Comparing the whole layer with gold is work in proportion to the document: it is done once
  // the annotator pauses, never in the frame of a tag. (The revision stands for the layer's spans.)
  const [changes, setChanges] = useState<ReviewUnit[] | null>(null);
  const comparing = gold !== null && !gold.error && (gold.spans.length > 0 || (gold.settled?.length ?? 0) > 0 || Object.keys(gold.unitNotes ?? {}).length > 0);
  // Read when the window is idle, and only when there is a gold layer to compare with: most documents have none.
  const revision = useLayerValue(session, () => (comparing ? session.revision : 0), { deferred: true });
  useEffect(() => {
    if (!comparing) return setChanges(null);
    const timer = setTimeout(() => {
      const units = reviewUnits([
        { annotator: 'mine', spans: [...session.spans.values()] },
        { annotator: 'gold', spans: gold!.spans },
      ]);
      setChanges(units.filter((u) => u.status !== 'agreed' || u.attributesDiffer.length > 0));
    }, changes === null ? 0 : 300);
    return () => clearTimeout(timer);
    // `changes` only chooses the delay: the first comparison is at once.
  }, [gold, comparing, session, revision]);

  if (!changes) return null;
  const labelName = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;
  const describe = (u: ReviewUnit): string => {
    const mine = u.versions.find((v) => v.annotator === 'mine')?.span;
    const theirs = u.versions.find((v) => v.annotator === 'gold')?.span;
    if (mine && !theirs) return `Not in gold: ${labelName(mine.label)} “${mine.quote.exact}”`;
    if (theirs && !mine) return `Gold adds: ${labelName(theirs.label)} “${theirs.quote.exact}”`;
    if (!mine || !theirs) return '';
    if (u.status === 'label') return `Gold relabels “${theirs.quote.exact}”: ${labelName(mine.label)} → ${labelName(theirs.label)}`;
    if (u.status === 'boundary') return `Gold boundaries: “${mine.quote.exact}” → “${theirs.quote.exact}”`;
    const defs = project.labels.find((l) => l.id === mine.label)?.attributes ?? [];
    return `Gold changes “${theirs.quote.exact}”: ${u.attributesDiffer
      .map((id) => {
        const def = defs.find((d) => d.id === id);
        return def ? `${def.name} ${describeValue(def, mine.attributes?.[id], entityName)} → ${describeValue(def, theirs.attributes?.[id], entityName)}` : id;
      })
      .join('; ')}`;
  };
  // The curator's notes go with the change they are about: the one holding your span of the
  // disagreement, or else the one at its place; a note on something gold did not change stands alone.
  const notesOf = new Map<string, CuratorNote[]>();
  const alone: CuratorNote[] = [];
  for (const n of notes) {
    const u =
      changes.find((c) => n.mine !== null && c.versions.some((v) => v.annotator === 'mine' && v.span.id === n.mine)) ??
      changes.find((c) => c.startOffset < n.endOffset && n.startOffset < c.endOffset);
    if (u) notesOf.set(u.key, [...(notesOf.get(u.key) ?? []), n]);
    else alone.push(n);
  }
  const noteCount = notes.length ? ` · ${notes.length} note${notes.length === 1 ? '' : 's'}` : '';
  return (
    <section className="gold-changes" data-testid="gold-changes">
      <div className="pane-title">
        What gold changed ({changes.length}{noteCount})
      </div>
      {changes.length === 0 && alone.length === 0 ? (
        <p className="hint">Gold keeps your spans as they are.</p>
      ) : (
        <ul>
          {changes.map((u) => (
            <li key={u.key}>
              <button onMouseDown={(e) => e.preventDefault()} onClick={() => editor?.reveal(u.startOffset, u.endOffset)}>
                {describe(u)}
              </button>
              {notesOf.get(u.key)?.map((n) => <NoteView key={n.unit} who="Curator" note={n.note} />)}
            </li>
          ))}
          {alone.map((n) => (
            <li key={n.unit}>
              <button onMouseDown={(e) => e.preventDefault()} onClick={() => editor?.reveal(n.startOffset, n.endOffset)}>
                Curator’s note on “{n.quote}”
              </button>
              <NoteView who="Curator" note={n.note} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A curator's note on a disagreement, placed in the text: at the annotators' spans its unit key names. */
interface CuratorNote {
  unit: string;
  note: Note;
  /** This annotator's span in the disagreement, if they had one. */
  mine: string | null;
  startOffset: number;
  endOffset: number;
  quote: string;
}

/**
 * Places the gold layer's notes on disagreements. A unit key is its versions' `annotator/spanId`
 * joined by "+" (shared/review/units.ts): the place is that of the first version found in the
 * annotators' layers; a note whose spans are all gone (changed since) is left out.
 */
async function placeCuratorNotes(docId: string, me: string, unitNotes: Record<string, Note>): Promise<CuratorNote[]> {
  const keys = Object.keys(unitNotes);
  if (keys.length === 0) return [];
  const parts = (key: string) => key.split('+').map((p) => ({ annotator: p.slice(0, p.indexOf('/')), spanId: p.slice(p.indexOf('/') + 1) }));
  const names = [...new Set(keys.flatMap((k) => parts(k).map((p) => p.annotator)))].filter((a) => annotatorId.safeParse(a).success);
  const doc = await api.openDocument({ docId, annotators: names }).catch(() => null);
  if (!doc) return [];
  const spans = new Map(doc.layers.flatMap((l) => l.spans.map((s) => [`${l.annotator}/${s.id}`, s] as const)));
  const out: CuratorNote[] = [];
  for (const key of keys.sort()) {
    const versions = parts(key);
    const span = versions.map((p) => spans.get(`${p.annotator}/${p.spanId}`)).find((s) => s !== undefined);
    if (!span) continue;
    const mine = versions.find((p) => p.annotator === me)?.spanId ?? null;
    out.push({ unit: key, note: unitNotes[key]!, mine, startOffset: span.startOffset, endOffset: span.endOffset, quote: span.quote.exact });
  }
  return out.sort((a, b) => a.startOffset - b.startOffset);
}
