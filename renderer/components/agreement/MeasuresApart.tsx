import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ProjectAgreementReport } from '../../../shared/agreement';
import { alphaWithout, measuresApart, unitizingBreakdown, type MeasureRanks, type UnitizingBreakdown } from '../../../shared/agreement/report/explain';
import type { Span } from '../../../shared/model/span';
import { api } from '../../api/client';
import { Term } from './Glossary';
import { percent, place, shortQuote } from './reading';

type DocumentRow = ProjectAgreementReport['byDocument'][number];

/**
 * Where span F1 and α_U rank a document far apart, why, in words and computed from the
 * document's layers: F1 counts spans, one each; α_U weighs each disagreement by its length,
 * squared (docs/AGREEMENT.md §12). Each explanation opens the document's disagreements in Review.
 */
/** The documents to explain: those the two measures rank far apart (at most three). */
export function documentsApart(report: ProjectAgreementReport): MeasureRanks[] {
  return measuresApart(report.byDocument.map((d) => ({ docId: d.docId, f1: d.spanF1['overlap-labelled'].value, alpha: d.unitizingAlpha.value }))).slice(0, 3);
}

export function MeasuresApart(props: {
  report: ProjectAgreementReport;
  labelName: (id: string) => string;
  docName: (docId: string, title: string | null) => ReactNode;
  onOpen: (docId: string, title: string | null) => void;
}) {
  const { report } = props;
  const apart = useMemo(() => documentsApart(report), [report]);
  if (apart.length === 0) return null;
  return (
    <div className="ag-apart" data-testid="agreement-apart" id="ag-apart" tabIndex={-1}>
      <h3>Where F1 and α_U disagree</h3>
      {apart.map((r) => (
        <Explanation key={r.docId} ranks={r} row={report.byDocument.find((d) => d.docId === r.docId)!} labels={report.filters.labels} {...props} />
      ))}
    </div>
  );
}

function Explanation(props: {
  ranks: MeasureRanks;
  row: DocumentRow;
  labels: string[] | null;
  labelName: (id: string) => string;
  docName: (docId: string, title: string | null) => ReactNode;
  onOpen: (docId: string, title: string | null) => void;
}) {
  const { ranks, row, labelName } = props;
  const [breakdown, setBreakdown] = useState<UnitizingBreakdown<Span> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.openDocument({ docId: row.docId, annotators: row.annotators }).then(
      (doc) => {
        if (!live) return;
        const keep = (s: Span) => !props.labels || props.labels.includes(s.label);
        const layers = doc.layers.filter((l) => row.annotators.includes(l.annotator)).map((l) => ({ annotator: l.annotator, spans: l.spans.filter(keep) }));
        setBreakdown(unitizingBreakdown({ documentId: row.docId, length: [...doc.text].length, layers }));
      },
      (e: Error) => live && setFailed(e.message),
    );
    return () => {
      live = false;
    };
  }, [row, props.labels]);

  const f1 = row.spanF1['overlap-labelled'];
  const u = row.unitizingAlpha;
  const lead = (
    <>
      <button type="button" className="linklike" onClick={() => props.onOpen(row.docId, row.title)} title="Open its disagreements in Review">
        {props.docName(row.docId, row.title)}
      </button>{' '}
      is {place(ranks.byF1, ranks.of)} of {ranks.of} documents by <Term id="f1">span F1</Term> ({f1.value!.toFixed(3)}) and {place(ranks.byAlpha, ranks.of)} by{' '}
      <Term id="alpha-u">α_U</Term> ({u.value!.toFixed(3)}).
    </>
  );
  let why: ReactNode = failed ? <>Its layers could not be read to say why: {failed}</> : breakdown ? null : <>Reading its layers…</>;
  if (breakdown && breakdown.costs.length > 0) {
    const c = f1.counts;
    const unmatched = c.spansA + c.spansB - 2 * c.truePositives;
    const spanWords = (n: number) => `${n} span${n === 1 ? '' : 's'}`;
    if (ranks.byF1 < ranks.byAlpha) {
      // Few misses for F1, but a costly one for α_U: name the disagreements that make most of D_O.
      const top = [];
      let share = 0;
      for (const cost of breakdown.costs) {
        top.push(cost);
        share += cost.share;
        if (share >= 0.5 || top.length === 3) break;
      }
      why = (
        <>
          F1 counts spans, one each: {c.truePositives} pairs matched and {spanWords(unmatched)} without a partner. α_U weighs each disagreement by its length in characters,
          squared: {top.map((cost, k) => (
            <span key={k}>
              {k > 0 && (k === top.length - 1 ? ' and ' : ', ')}
              {costWords(cost, labelName)}
            </span>
          ))}{' '}
          {top.length === 1 ? 'makes' : 'make'} {percent(share)} of this document’s observed disagreement (<Term id="d-o">D_O</Term>); without{' '}
          {top.length === 1 ? 'it' : 'them'}, α_U here would be {alphaWithout(u.observedDisagreement!, u.expectedDisagreement!, share).toFixed(3)}.
        </>
      );
    } else {
      const longest = breakdown.costs[0]!;
      why = (
        <>
          F1 counts each of the {spanWords(unmatched)} without a partner as a whole miss, however short. α_U weighs disagreements by their length, squared, and here they are
          small: the largest is {costWords(longest, labelName)}.
        </>
      );
    }
  } else if (breakdown) {
    why = <>α_U finds no disagreement of place here; F1 counts label differences too.</>;
  }
  return (
    <p className="ag-apart-item" data-testid={`apart-${row.docId}`}>
      {lead} {why}
    </p>
  );
}

/** One disagreement of α_U in words: the span one annotator alone marked, or the two whose boundaries differ. */
function costWords(cost: UnitizingBreakdown<Span>['costs'][number], labelName: (id: string) => string): ReactNode {
  const label = labelName(cost.label);
  const [a, b] = cost.spans;
  if (cost.kind === 'alone') {
    const length = a!.endOffset - a!.startOffset;
    return (
      <>
        the {label} “{shortQuote(a!.quote.exact)}” ({length} characters) that only {cost.annotators[0]} marked
      </>
    );
  }
  const start = Math.abs(a!.startOffset - b!.startOffset);
  const end = Math.abs(a!.endOffset - b!.endOffset);
  return (
    <>
      the {label} “{shortQuote(a!.quote.exact, 40)}” ({cost.annotators[0]}) against “{shortQuote(b!.quote.exact, 40)}” ({cost.annotators[1]}), whose starts differ by {start} and ends
      by {end} characters
    </>
  );
}
