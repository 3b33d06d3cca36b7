import { useEffect, useState } from 'react';
import type { Layer, ProjectInfo } from '../../shared/api/contract';
import { reviewUnits, type ReviewUnit } from '../../shared/review';
import { api } from '../api/client';
import type { ArticleEditor } from '../editor/createEditor';
import { describeValue } from '../inspector/attributeValues';
import { useEntityNames } from './entityNames';
import type { LayerSession } from '../state/layerSession';

/**
 * What the curator changed of this annotator's work in the gold layer: spans left out, added,
 * relabelled, with other boundaries or other attribute values. Each one is a click away in
 * the text, so annotators learn from the corrections.
 */
export function GoldChanges(props: { project: ProjectInfo; session: LayerSession; editor: ArticleEditor | null; revision: number }) {
  const { project, session, editor } = props;
  const [gold, setGold] = useState<Layer | null>(null);
  const entityName = useEntityNames();
  useEffect(() => {
    let live = true;
    api.openDocument({ docId: session.docId, annotators: [], gold: true }).then((d) => live && setGold(d.gold ?? null), () => undefined);
    return () => {
      live = false;
    };
  }, [session.docId]);

  // Comparing the whole layer with gold is work in proportion to the document: it is done once
  // the annotator pauses, never in the frame of a tag. (The revision stands for the layer's spans.)
  const [changes, setChanges] = useState<ReviewUnit[] | null>(null);
  useEffect(() => {
    if (!gold || gold.error || (gold.spans.length === 0 && (gold.settled?.length ?? 0) === 0)) return setChanges(null);
    const timer = setTimeout(() => {
      const units = reviewUnits([
        { annotator: 'mine', spans: [...session.spans.values()] },
        { annotator: 'gold', spans: gold.spans },
      ]);
      setChanges(units.filter((u) => u.status !== 'agreed' || u.attributesDiffer.length > 0));
    }, changes === null ? 0 : 300);
    return () => clearTimeout(timer);
    // `changes` only chooses the delay: the first comparison is at once.
  }, [gold, session, props.revision]);

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
  return (
    <section className="gold-changes" data-testid="gold-changes">
      <div className="pane-title">What gold changed ({changes.length})</div>
      {changes.length === 0 ? (
        <p className="hint">Gold keeps your spans as they are.</p>
      ) : (
        <ul>
          {changes.map((u) => (
            <li key={u.key}>
              <button onMouseDown={(e) => e.preventDefault()} onClick={() => editor?.reveal(u.startOffset, u.endOffset)}>
                {describe(u)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
