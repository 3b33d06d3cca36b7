import type { ReactNode } from 'react';
import type { Estimate, ProjectAgreementReport } from '../../../shared/agreement';
import type { DisagreementFilter } from '../../../shared/review';
import { Term } from './Glossary';
import { percent, readAlpha, readKappa, type Reading } from './reading';

/**
 * The dashboard's lead: one plain sentence per headline figure, each number a button that opens
 * the disagreements behind it in Review, each with its reading (good / tentative / weak) and
 * whose rule of thumb that is.
 */
export function PlainWords(props: {
  report: ProjectAgreementReport;
  labelName: (id: string) => string;
  /** Opens the disagreements behind a figure. */
  open: (filter: DisagreementFilter, what: string) => void;
  match: (id: 'overlap-labelled' | 'exact-labelled') => DisagreementFilter;
  /** Documents that span F1 and α_U rank far apart, explained further down; and how to go there. */
  apart: number;
  onApart: () => void;
}) {
  const { report, open, match } = props;
  const o = report.overall;
  const overlap = o.spanF1['overlap-labelled'];
  const exact = o.spanF1['exact-labelled'];
  const alphaU = o.unitizingAlpha;
  const labels = o.nominalAlpha.noneAsMissing;
  const relations = report.relations.overall;
  const weakest = report.attributes.fields
    .filter((f) => f.percentAgreement.value !== null)
    .sort((a, b) => a.percentAgreement.value! - b.percentAgreement.value! || (a.alpha.value ?? 1) - (b.alpha.value ?? 1))[0];
  return (
    <section className="ag-plain" aria-label="In plain words" data-testid="agreement-plain">
      <ul>
        <li data-testid="plain-f1">
          {overlap.value === null ? (
            <>Spans cannot be compared: {overlap.reason}.</>
          ) : (
            <>
              Annotators agree on{' '}
              <Figure e={overlap} text={percent(overlap.value)} what="span F1 (overlapping, same label)" onOpen={() => open(match('overlap-labelled'), 'span F1 (overlapping, same label)')} /> of spans when
              boundaries may differ
              {exact.value !== null && (
                <>
                  ; on exact boundaries,{' '}
                  <Figure e={exact} text={percent(exact.value)} what="span F1 (exact boundaries, same label)" onOpen={() => open(match('exact-labelled'), 'span F1 (exact boundaries, same label)')} />
                </>
              )}
              . <Standing reading={readKappa(overlap.value, true)} />
              <span className="ag-plain-how">
                A span agrees when the other annotator marked the same words with the same label (<Term id="f1">span F1</Term>).
              </span>
            </>
          )}
        </li>
        {alphaU.value !== null && (
          <li data-testid="plain-alpha-u">
            On where spans begin and end, long ones weighing more, <Term id="alpha-u">α_U</Term> is{' '}
            <Figure e={alphaU} text={alphaU.value.toFixed(3)} what="α_U" onOpen={() => open({ spans: true }, 'α_U')} />. <Standing reading={readAlpha(alphaU.value)} />
          </li>
        )}
        {labels.value !== null && (
          <li data-testid="plain-labels">
            Where both marked the same place, they chose the same label: <Term id="alpha">α</Term>{' '}
            <Figure e={labels} text={labels.value.toFixed(3)} what="α on labels" onOpen={() => open({ spans: true }, 'α on labels')} /> on {labels.counts.pairableUnits.toLocaleString('en-US')} places. <Standing reading={readAlpha(labels.value)} />
          </li>
        )}
        {weakest && (
          <li data-testid="plain-attributes">
            Of the attributes, they agree least on {props.labelName(weakest.label)} › {weakest.name}: the same value on{' '}
            <Figure
              e={weakest.percentAgreement}
              text={percent(weakest.percentAgreement.value!)}
              what={`${props.labelName(weakest.label)}, ${weakest.name}`}
              onOpen={() => open({ label: weakest.label, attribute: weakest.attribute }, `${props.labelName(weakest.label)}, ${weakest.name}`)}
            />{' '}
            of matched spans where both set it{weakest.alpha.value !== null && <> (α {weakest.alpha.value.toFixed(3)})</>}.{' '}
            {weakest.alpha.value !== null && <Standing reading={readAlpha(weakest.alpha.value)} />}
          </li>
        )}
        {props.apart > 0 && (
          <li data-testid="plain-apart">
            Span F1 and α_U rank {props.apart === 1 ? 'one document' : `${props.apart} documents`} far apart.{' '}
            <button type="button" className="linklike" onClick={props.onApart}>
              Why, document by document
            </button>
          </li>
        )}
        {relations.value !== null && (
          <li data-testid="plain-relations">
            Of the relations drawn, <span className="val">{percent(relations.value)}</span> were drawn by both, with the same type between matched spans. <Standing reading={readKappa(relations.value, true)} />
          </li>
        )}
      </ul>
    </section>
  );
}

/** A number of a sentence: a button that opens the disagreements behind it (click or Enter). */
function Figure({ e, text, what, onOpen }: { e: Estimate; text: string; what: string; onOpen: () => void }): ReactNode {
  return (
    <button type="button" className="ag-drill ag-figure" onClick={onOpen} title={`Open the disagreements behind ${what} in Review`} aria-label={`${text}: open the disagreements behind ${what} in Review`} data-value={e.value ?? ''}>
      {text}
    </button>
  );
}

/** The reading of a value, in the source's words, coloured; the source in the tooltip and for screen readers. */
export function Standing({ reading }: { reading: Reading }) {
  return (
    <span className={`ag-standing ${reading.standing}`} title={`${reading.standing}: ${reading.words} (${reading.source}); see “How to read these figures”`}>
      {reading.words}
      <span className="ag-source"> · {reading.by}</span>
    </span>
  );
}
