import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ByCriterion, CriterionId, Estimate, LabelConfusion, ProjectAgreementReport } from '../../../shared/agreement';
import type { JobStatus, ProjectInfo } from '../../../shared/api/contract';
import type { DisagreementFilter } from '../../../shared/review';
import { api } from '../../api/client';
import { JobCancelledError, runJob } from '../../api/jobs';
import { useEntityNames, type EntityName } from '../../review/entityNames';
import type { ReviewFocus } from '../../review/focus';
import { ReviewPane } from '../../review/ReviewPane';
import { JobProgress } from '../JobProgress';
import { useKeyContext, useRegion } from '../../commands/hooks';
import './agreement.css';

/**
 * The agreement dashboard (issue 4): the service's agreement report (docs/AGREEMENT-REPORT.md)
 * for an analyst. Filters by annotator and label; a table per label with the counts behind every
 * number; a heat map of the annotator pairs; the label-confusion matrix; the documents ranked
 * worst first; and "n/a" always with its reason. The report is computed by the service off its
 * main thread as a job; meanwhile this stays usable and shows its progress, and Esc or Cancel
 * stops it.
 *
 * A number (a label's F1, a pair's cell, a document's row, …) opens the disagreements behind it
 * in Review, by click or Enter: `onReview` when the window gives one (it then switches to Review
 * mode), else Review within the dashboard, with the way back to the figures as they were.
 * `onOpenDocument` is kept for windows that only know how to open a document to annotate.
 */
export function AgreementDashboard(props: {
  project: ProjectInfo;
  onOpenDocument?: (docId: string) => void;
  onReview?: (focus: ReviewFocus) => void;
  onClose: () => void;
  /** Told what the dashboard shows: its figures, or Review opened from one of them (the top bar says which). */
  onShowing?: (showing: 'agreement' | 'review') => void;
  /** Bumped to go back from Review to the figures (the top bar's Agreement). */
  figuresToken?: number;
}) {
  const { project } = props;
  const [annotators, setAnnotators] = useState<string[] | null>(null); // null: all
  const [labels, setLabels] = useState<string[] | null>(null);
  // The last report of this project and filters, shown at once (marked as being recomputed) when the dashboard is opened again.
  const cacheKey = JSON.stringify([project.root, annotators, labels]);
  const [report, setReport] = useState<ProjectAgreementReport | null>(() => (lastReport?.key === cacheKey ? lastReport.report : null));
  const [error, setError] = useState<string | null>(null);
  /** The running computation: its job status for the progress bar, and how to cancel it. */
  const [computing, setComputing] = useState<{ status: JobStatus | null; cancel: () => void; cancelling: boolean } | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [nonce, setNonce] = useState(0);
  /** Every annotator seen in an unfiltered report: the annotator filter's choices. */
  const [known, setKnown] = useState<string[]>([]);
  const latest = useRef(0);
  /** The first words of each document, shown for those without a title. */
  const [excerpts, setExcerpts] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    void api.listDocuments({}).then(
      (docs) => setExcerpts(new Map(docs.map((d) => [d.id, d.excerpt]))),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    const request = ++latest.current;
    setError(null);
    setCancelled(false);
    const job = runJob('agreement', { ...(annotators ? { annotators } : {}), ...(labels ? { labels } : {}) }, (status) => {
      if (request === latest.current) setComputing((c) => c && { ...c, status });
    });
    const cancel = () => {
      job.cancel();
      setComputing((c) => c && { ...c, cancelling: true });
    };
    setComputing({ status: null, cancel, cancelling: false });
    job.result
      .then(
        (r) => {
          if (request !== latest.current) return;
          setReport(r);
          lastReport = { key: JSON.stringify([project.root, annotators, labels]), report: r };
          if (!annotators) setKnown(r.annotators.length ? r.annotators : [...new Set(r.documents.notCompared.flatMap((d) => d.annotators))].sort());
        },
        (e: unknown) => {
          if (request !== latest.current) return;
          if (e instanceof JobCancelledError) setCancelled(true);
          else setError(e instanceof Error ? e.message : String(e));
        },
      )
      .finally(() => request === latest.current && setComputing(null));
    // Filters changed, or the dashboard closed: the computation nobody will see is stopped.
    return () => job.cancel();
  }, [annotators, labels, nonce, project.root]);

  const labelIds = project.labels.map((l) => l.id);
  const toggle = (list: string[] | null, all: string[], id: string): string[] | null => {
    const current = list ?? all;
    const next = current.includes(id) ? current.filter((x) => x !== id) : all.filter((x) => x === id || current.includes(x));
    return next.length === all.length ? null : next.length === 0 ? current : next;
  };

  // Esc closes the dashboard, wherever the focus is, unless something over it (a dialog, the
  // guidelines, an open list) takes the key first.
  const { onClose } = props;
  // While it computes, Esc cancels the computation first.
  const cancelRunning = computing?.cancel;
  /** Review opened here from a number (when the window gives no onReview), and where the focus was. */
  const [drill, setDrill] = useState<ReviewFocus | null>(null);
  const cameFrom = useRef<HTMLElement | null>(null);
  /** Finding the documents behind a number, or why none were found. */
  const [finding, setFinding] = useState<{ what: string; done: boolean; message: string } | null>(null);
  /** The choice of annotators was changed in Review meanwhile: the figures are computed again on the way back. */
  const changedChoice = useRef(false);
  const back = () => {
    setDrill(null);
    if (changedChoice.current) {
      changedChoice.current = false;
      setNonce((n) => n + 1);
    }
    const el = cameFrom.current;
    requestAnimationFrame(() => el?.isConnected && el.focus());
  };
  const show = (focus: ReviewFocus) => {
    setFinding(null);
    if (props.onReview) return props.onReview(focus);
    cameFrom.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDrill(focus);
  };
  /** Opens the disagreements behind a number: on `docId`, or on the documents that have some. */
  const openReview = (filter: DisagreementFilter, what: string, docId?: string) => {
    if (docId) return show({ docId, filter, what });
    setFinding({ what, done: false, message: `Finding the disagreements behind ${what}…` });
    const { annotators, ...rest } = filter;
    api.findDisagreements({ ...rest, ...(annotators && annotators.length >= 2 ? { annotators: [...annotators] } : {}) }).then(
      (index) => {
        const first = index.documents[0];
        if (first) show({ docId: first.docId, filter, what, documents: index.documents });
        else setFinding({ what, done: true, message: `No disagreements behind ${what}: where the annotators compared both tagged, they agree.` });
      },
      (e: Error) => setFinding({ what, done: true, message: `The disagreements behind ${what} could not be found: ${e.message}` }),
    );
  };

  // Esc (agreement.close in the key map): back from Review to the figures, else stop the
  // computation, else close. A dialog or the guidelines over it take the key first.
  const escape = useRef(() => {});
  escape.current = () => {
    if (drill) back();
    else if (cancelRunning) cancelRunning();
    else onClose();
  };
  useKeyContext('agreement', () => (escape.current(), true));
  const { onShowing, figuresToken } = props;
  useEffect(() => onShowing?.(drill ? 'review' : 'agreement'), [drill, onShowing]);
  useEffect(() => () => onShowing?.('agreement'), [onShowing]);
  const lastToken = useRef(figuresToken);
  useEffect(() => {
    if (figuresToken === lastToken.current) return;
    lastToken.current = figuresToken;
    if (drill) back();
  }, [figuresToken]);
  const pane = useRef<HTMLElement>(null);
  const reviewBox = useRef<HTMLDivElement>(null);
  useRegion('text', drill ? reviewBox : pane);
  const entityName = useEntityNames();

  return (
    <>
    <main className="agreement-pane" data-testid="agreement-dashboard" aria-busy={computing !== null} hidden={drill !== null} ref={pane}>
      <header className="ag-header">
        <div className="ag-title">
          <h1>Agreement between annotators</h1>
          <span className="ag-sub">{project.name}</span>
        </div>
        <div className="ag-actions">
          {computing && <JobProgress status={computing.status} label="Computing agreement" onCancel={computing.cancel} cancelling={computing.cancelling} />}
          <button type="button" onClick={() => setNonce((n) => n + 1)} disabled={computing !== null} title="Read the files again and recompute">
            Recompute
          </button>
          <button type="button" onClick={props.onClose} title="Back to the text (Esc)">
            Close <kbd>Esc</kbd>
          </button>
        </div>
      </header>

      <section className="ag-filters" aria-label="Filters">
        <FilterGroup
          title="Annotators"
          all={known}
          chosen={annotators}
          name={(a) => a}
          onToggle={(a) => setAnnotators((list) => toggle(list, known, a))}
          onAll={() => setAnnotators(null)}
        />
        <FilterGroup
          title="Labels"
          all={labelIds}
          chosen={labels}
          name={(id) => project.labels.find((l) => l.id === id)?.name ?? id}
          color={(id) => project.labels.find((l) => l.id === id)?.color}
          onToggle={(l) => setLabels((list) => toggle(list, labelIds, l))}
          onAll={() => setLabels(null)}
        />
      </section>

      {error && (
        <div className="banner banner-error" role="alert">
          Agreement could not be computed: {error}
        </div>
      )}
      {cancelled && (
        <div className="banner" role="status" data-testid="agreement-cancelled">
          Computation cancelled{report ? '; the figures below are from the previous run' : ''}. <button type="button" onClick={() => setNonce((n) => n + 1)}>Compute again</button>
        </div>
      )}
      {!report && !error && !cancelled && <p className="ag-empty">Reading the annotators’ files…</p>}
      {finding && (
        <div className="ag-finding" role="status" data-testid="agreement-finding">
          {finding.message}
        </div>
      )}
      {report && (
        <div className={computing !== null ? 'ag-body stale' : 'ag-body'}>
          <Report report={report} project={project} excerpts={excerpts} entityName={entityName} onReview={openReview} />
        </div>
      )}
    </main>
    {drill && (
      <div className="ag-review" data-testid="agreement-review" ref={reviewBox}>
        <ReviewPane key={drill.docId} project={project} docId={drill.docId} onProgress={() => undefined} focus={drill} onFocus={(f) => (f ? setDrill(f) : back())} onBack={back} onChoice={() => (changedChoice.current = true)} />
      </div>
    )}
    </>
  );
}

/** The last report computed, for showing at once when the dashboard is opened again. */
let lastReport: { key: string; report: ProjectAgreementReport } | null = null;

function FilterGroup(props: {
  title: string;
  all: string[];
  chosen: string[] | null;
  name: (id: string) => string;
  color?: (id: string) => string | undefined;
  onToggle: (id: string) => void;
  onAll: () => void;
}) {
  return (
    <div className="ag-filter" role="group" aria-label={props.title}>
      <span className="ag-filter-title">{props.title}</span>
      <button type="button" className="chip" aria-pressed={props.chosen === null} onClick={props.onAll}>
        all
      </button>
      {props.all.map((id) => {
        const on = props.chosen === null || props.chosen.includes(id);
        const color = props.color?.(id);
        return (
          <button key={id} type="button" className="chip" aria-pressed={on} onClick={() => props.onToggle(id)} title={on ? `Leave out ${props.name(id)}` : `Include ${props.name(id)}`}>
            {color && <span className="swatch" style={{ background: color }} aria-hidden="true" />}
            {props.name(id)}
            <span className="chip-state" aria-hidden="true">{on ? '✓' : ''}</span>
          </button>
        );
      })}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

const F1_ROWS: readonly CriterionId[] = ['exact-labelled', 'overlap-labelled', 'exact-unlabelled', 'overlap-unlabelled'];
const SHORT: ByCriterion<string> = {
  'exact-labelled': 'exact, same label',
  'overlap-labelled': 'overlap, same label',
  'exact-unlabelled': 'exact, any label',
  'overlap-unlabelled': 'overlap, any label',
};

/** Opens the disagreements behind a number in Review: on one document, or on every document that has some. */
type OpenReview = (filter: DisagreementFilter, what: string, docId?: string) => void;

function Report(props: { report: ProjectAgreementReport; project: ProjectInfo; excerpts: ReadonlyMap<string, string>; entityName: EntityName; onReview: OpenReview }) {
  const { report, project } = props;
  const docName = (docId: string, title: string | null): ReactNode =>
    title ?? (props.excerpts.get(docId) ? <span className="untitled">{props.excerpts.get(docId)}</span> : <span className="untitled">{docId}</span>);
  // What the filters narrow every number to: the annotators chosen (two or more), the one label chosen.
  const scope: DisagreementFilter = {
    ...(report.filters.annotators && report.filters.annotators.length >= 2 ? { annotators: report.filters.annotators } : {}),
    ...(report.filters.labels?.length === 1 ? { label: report.filters.labels[0]! } : {}),
  };
  const open = (filter: DisagreementFilter, what: string) => () => props.onReview({ ...scope, ...filter }, what);
  /** What span F1 under a predicate counts as a disagreement. */
  const match = (id: CriterionId): DisagreementFilter => ({ match: report.criteria.find((c) => c.id === id)!.match });
  const openDocument = (docId: string, title: string | null) => props.onReview(scope, `document ${title ?? docId}`, docId);
  const names = useMemo(() => Object.fromEntries(report.criteria.map((c) => [c.id, c.name])) as ByCriterion<string>, [report]);
  const pairs = report.pairs.length;
  const docs = report.documents;
  const o = report.overall;
  return (
    <>
      {report.annotators.length < 2 ? (
        <p className="ag-scope ag-warn" role="note">
          {report.filters.annotators?.length === 1 ? `Only ${report.filters.annotators[0]} is chosen` : 'No document has two annotators’ layers'}: agreement needs two annotators on the same
          documents, so every value below is n/a.
        </p>
      ) : (
        <p className="ag-scope">
          {report.annotators.length} annotators ({report.annotators.join(', ')}) · {n(docs.compared)} of {n(docs.selected)} document{docs.selected === 1 ? '' : 's'} compared · counts
          pooled over {pairs} annotator pair{pairs === 1 ? '' : 's'} and the documents, never averaged · computed in {(report.computation.elapsedMs / 1000).toFixed(1)} s (
          {report.computation.where})
        </p>
      )}

      <section className="ag-cards" aria-label="Headline figures">
        <Card title={`Span F1, ${names['overlap-labelled']}`} e={o.spanF1['overlap-labelled']} counts={f1Counts(o.spanF1['overlap-labelled'].counts)} onOpen={open(match('overlap-labelled'), `span F1 (${names['overlap-labelled']})`)} />
        <Card title={`Span F1, ${names['exact-labelled']}`} e={o.spanF1['exact-labelled']} counts={f1Counts(o.spanF1['exact-labelled'].counts)} onOpen={open(match('exact-labelled'), `span F1 (${names['exact-labelled']})`)} />
        <Card title="Krippendorff’s α_U (characters)" e={o.unitizingAlpha} counts={`${n(o.unitizingAlpha.counts.units)} units over ${n(o.unitizingAlpha.counts.continuumLength)} characters`} onOpen={open({ spans: true }, 'α_U')} />
        <Card title="α on labels, no annotation = a category" e={o.nominalAlpha.noneAsCategory} counts={`${n(o.nominalAlpha.positions)} span positions`} onOpen={open({ spans: true }, 'α on labels')} />
      </section>

      <Section title="Overall" id="ag-overall">
        <table className="ag-table measures">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col">Counts behind it</th>
            </tr>
          </thead>
          <tbody>
            {F1_ROWS.map((id) => (
              <MeasureRow key={id} name={`Span F1, ${names[id]}`} e={o.spanF1[id]} counts={f1Counts(o.spanF1[id].counts)} onOpen={open(match(id), `span F1 (${names[id]})`)} />
            ))}
            {F1_ROWS.slice(0, 2).map((id) => (
              <MeasureRow key={`mean-${id}`} name={`Mean of the pairs’ F1, ${names[id]}`} e={o.meanOverPairs[id]} counts={`${o.meanOverPairs[id].counts.pairsWithValue} of ${o.meanOverPairs[id].counts.pairs} pairs with a value`} />
            ))}
            <MeasureRow name="Krippendorff’s α_U (characters)" e={o.unitizingAlpha} counts={unitizing(o.unitizingAlpha)} onOpen={open({ spans: true }, 'α_U')} />
            <MeasureRow name="Krippendorff’s α (nominal) on the labels of matched spans, no annotation = missing" e={o.nominalAlpha.noneAsMissing} counts={nominal(o.nominalAlpha.noneAsMissing)} onOpen={open({ spans: true }, 'α on labels')} />
            <MeasureRow name="Krippendorff’s α (nominal) on the labels of matched spans, no annotation = a category" e={o.nominalAlpha.noneAsCategory} counts={nominal(o.nominalAlpha.noneAsCategory)} onOpen={open({ spans: true }, 'α on labels')} />
            {report.pairs.map((p) => (
              <MeasureRow
                key={`k-${p.annotatorA}-${p.annotatorB}`}
                name={`Cohen’s κ, ${p.annotatorA} – ${p.annotatorB}, labels of matched spans`}
                e={p.kappa}
                counts={`N ${n(p.kappa.counts.items)} positions both marked; ${n(p.kappa.counts.excluded)} marked by one only, excluded; ${n(p.documents)} document${p.documents === 1 ? '' : 's'} compared`}
                onOpen={open({ annotators: [p.annotatorA, p.annotatorB], spans: true }, `${p.annotatorA} – ${p.annotatorB}, Cohen’s κ`)}
              />
            ))}
            <MeasureRow name="Relation F1 (same type, endpoints matched)" e={report.relations.overall} counts={relationCounts(report.relations.overall.counts)} />
          </tbody>
        </table>
      </Section>

      <Section title="By label" id="ag-labels" note="F1 = 2·TP / (spans A + spans B), counts summed over annotator pairs. “Any label”: of the spans each annotator gave this label, how many matched a span of the other (whatever its label).">
        <div className="ag-label-grid">
          {report.byLabel.map((l) => (
            <LabelCard key={l.label} label={l} report={report} project={project} entityName={props.entityName} onOpen={(what, filter) => open({ label: l.label, ...filter }, `${l.name}, ${what}`)()} />
          ))}
        </div>
      </Section>

      <div className="ag-two">
        <Section title="Annotator pairs" id="ag-pairs">
          <PairMatrix report={report} names={names} onOpen={(a, b, what, id) => open({ annotators: [a, b], ...match(id) }, `${a} – ${b}, ${what}`)()} />
        </Section>
        <Section title="Label confusion" id="ag-confusion" note="Spans matched by overlap, whatever their labels: rows are what the first annotator of a pair said, columns the second. Off the diagonal: mix-ups.">
          <Confusion report={report} project={project} />
        </Section>
      </div>

      <Section title="Documents, worst first" id="ag-documents" note={report.ranking}>
        <Documents report={report} names={names} docName={docName} onOpen={openDocument} />
      </Section>

      <Section title="Relations" id="ag-relations" note="Two relations match when their types are equal and both endpoints are matched spans (overlapping, same label, one to one).">
        <table className="ag-table">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                F1
              </th>
              <th scope="col" className="num">
                TP
              </th>
              <th scope="col" className="num">
                Relations A + B
              </th>
              <th scope="col" className="num" title="Relations that could not match because an endpoint matched no span of the other annotator">
                Endpoint unmatched A / B
              </th>
            </tr>
          </thead>
          <tbody>
            {report.relations.byType.map((t) => (
              <tr key={t.type}>
                <th scope="row">{project.relations.find((r) => r.id === t.type)?.name ?? t.type}</th>
                <td className="num">
                  <Value e={t} />
                </td>
                <td className="num">{t.counts.truePositives}</td>
                <td className="num">
                  {t.counts.relationsA} + {t.counts.relationsB}
                </td>
                <td className="num">
                  {t.counts.endpointUnmatchedA} / {t.counts.endpointUnmatchedB}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      {(docs.notCompared.length > 0 || report.problems.length > 0 || report.unitizingAdjustments.merged + report.unitizingAdjustments.skipped > 0) && (
        <Section title="Left out and adjusted" id="ag-left-out">
          <ul className="ag-list">
            {docs.notCompared.map((d) => (
              <li key={d.docId}>
                <button type="button" className="linklike" onClick={() => openDocument(d.docId, d.title)} title="Open it in Review: who is compared there, and why">
                  {docName(d.docId, d.title)}
                </button>{' '}
                not compared: {d.reason}
              </li>
            ))}
            {report.problems.map((p) => (
              <li key={p.file} className="ag-problem">
                {p.file} could not be read, so its layer is left out: {p.problems.join('; ')}
              </li>
            ))}
            {report.unitizingAdjustments.merged > 0 && (
              <li>
                α_U merged {report.unitizingAdjustments.merged} group{report.unitizingAdjustments.merged === 1 ? '' : 's'} of overlapping same-label spans of one annotator into one unit
                {report.unitizingAdjustments.mergedExamples[0] && ` (e.g. ${report.unitizingAdjustments.mergedExamples[0].annotator}’s ${report.unitizingAdjustments.mergedExamples[0].label} spans in ${report.unitizingAdjustments.mergedExamples[0].documentId})`}.
              </li>
            )}
            {report.unitizingAdjustments.skipped > 0 && <li>α_U skipped {report.unitizingAdjustments.skipped} empty or out-of-text spans.</li>}
          </ul>
        </Section>
      )}
    </>
  );
}

type LabelRow = ProjectAgreementReport['byLabel'][number];

/** One label: its spans, F1 under each predicate and α_U with their counts, and its attributes. */
function LabelCard({ label: l, report, project, entityName, onOpen }: { label: LabelRow; report: ProjectAgreementReport; project: ProjectInfo; entityName: EntityName; onOpen: (what: string, filter: DisagreementFilter) => void }) {
  const attributes = report.attributes.fields.filter((f) => f.label === l.label);
  const options = project.labels.find((x) => x.id === l.label)?.attributes ?? [];
  /** A compared value as the analyst reads it: an entity by its name, a choice by its option's name. */
  const valueName = (f: (typeof attributes)[number], v: string): string => {
    if (f.type === 'entity') return entityName(v) ?? v;
    const def = options.find((a) => a.id === f.attribute);
    if (def && (def.type === 'choice' || def.type === 'choices')) return v.split(' + ').map((id) => def.options.find((o) => o.id === id)?.name ?? id).join(' + ');
    return v;
  };
  return (
    <article className="ag-label" data-testid={`agreement-label-${l.label}`} aria-label={`Label ${l.name}`}>
      <h3>
        <span className="swatch" style={{ background: l.color ?? '#888' }} aria-hidden="true" />
        {l.name}
        <span className="ag-spans">spans: {l.spans.map((s) => `${s.annotator} ${n(s.count)}`).join(' · ')}</span>
      </h3>
      <div className="ag-label-body">
        <table className="ag-table measures">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col" className="num">
                Value
              </th>
              <th scope="col">Counts</th>
            </tr>
          </thead>
          <tbody>
            {F1_ROWS.map((id) => {
              const f = l.spanF1[id];
              const counts =
                'truePositives' in f.counts ? f1Counts(f.counts) : `matched ${n(f.counts.matchedA)} + ${n(f.counts.matchedB)} of ${n(f.counts.spansA)} + ${n(f.counts.spansB)}`;
              return <MeasureRow key={id} name={`F1, ${SHORT[id]}`} e={f} counts={counts} testId={`label-${l.label}-${id}`} onOpen={() => onOpen(`F1 (${SHORT[id]})`, { match: report.criteria.find((c) => c.id === id)!.match })} />;
            })}
            <MeasureRow name="α_U" e={l.unitizingAlpha} counts={unitizing(l.unitizingAlpha)} onOpen={() => onOpen('α_U', { spans: true })} />
          </tbody>
        </table>
        {attributes.length > 0 ? (
          <div className="ag-scroll">
            <table className="ag-table ag-attributes">
              <caption>Attributes of matched spans (overlapping, same label)</caption>
              <thead>
                <tr>
                  <th scope="col">Attribute</th>
                  <th scope="col" className="num" title="Matched pairs of spans where both annotators set it, of all matched pairs">
                    Both set
                  </th>
                  <th scope="col" className="num">
                    Agree
                  </th>
                  <th scope="col" className="num">
                    %
                  </th>
                  <th scope="col" className="num">
                    α
                  </th>
                  {report.pairs.map((p) => (
                    <th key={`${p.annotatorA}-${p.annotatorB}`} scope="col" className="num">
                      κ <span className="ag-pairname">{p.annotatorA}–{p.annotatorB}</span>
                    </th>
                  ))}
                  <th scope="col" className="num" title="Matched pairs where only one annotator set it / neither did (not compared)">
                    One / none
                  </th>
                  <th scope="col" title="The most frequent pairs of different values (first annotator's vs second's)">
                    Most frequent disagreements
                  </th>
                </tr>
              </thead>
              <tbody>
                {attributes.map((f) => (
                  <tr key={`${f.attribute}-${f.part ?? ''}`}>
                    <th scope="row">{f.name}</th>
                    <td className="num">
                      {n(f.counts.setByBoth)}
                      <span className="ag-of">of {n(f.counts.matchedPairs)}</span>
                    </td>
                    <td className="num">{n(f.counts.agreeing)}</td>
                    <td className="num">
                      <Drill e={f.percentAgreement} what={`${l.name}, ${f.name}`} onOpen={() => onOpen(f.name, { attribute: f.attribute })}>
                        <Value e={f.percentAgreement} percent />
                      </Drill>
                    </td>
                    <td className="num">
                      <Value e={f.alpha} />
                    </td>
                    {f.byPair.map((p) => (
                      <td key={`${p.annotatorA}-${p.annotatorB}`} className="num">
                        <Value e={p.kappa} />
                      </td>
                    ))}
                    <td className="num">
                      {n(f.counts.setByOne)} / {n(f.counts.setByNeither)}
                    </td>
                    <td className="ag-disagree">
                      {f.disagreements.length > 0
                        ? f.disagreements
                            .slice(0, 2)
                            .map((d) => `${valueName(f, d.valueA)} vs ${valueName(f, d.valueB)} (${d.count})`)
                            .join('; ')
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="ag-note">This label has no attributes.</p>
        )}
      </div>
    </article>
  );
}

function Section(props: { title: string; id: string; note?: string; children: ReactNode }) {
  return (
    <section className="ag-section" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.note && <p className="ag-note">{props.note}</p>}
      {props.children}
    </section>
  );
}

/** A value: the number, or "n/a" with its reason in words (inline, and as a tooltip). */
function Value({ e, percent, digits = 3 }: { e: Estimate; percent?: boolean; digits?: number }) {
  if (e.value === null) {
    return (
      <span className="na" title={e.reason}>
        n/a<span className="na-reason">{e.reason}</span>
      </span>
    );
  }
  return <span className="val">{percent ? `${(100 * e.value).toFixed(1)}%` : e.value.toFixed(digits)}</span>;
}

/**
 * A number that opens the disagreements behind it in Review (click or Enter). "n/a" is not a
 * button: there is nothing behind it.
 */
function Drill({ e, what, onOpen, children }: { e: Estimate; what: string; onOpen: (() => void) | undefined; children: ReactNode }) {
  if (!onOpen || e.value === null) return <>{children}</>;
  return (
    <button type="button" className="ag-drill" onClick={onOpen} title={`Open the disagreements behind ${what} in Review`} aria-label={`${e.value.toFixed(3)}: open the disagreements behind ${what} in Review`}>
      {children}
    </button>
  );
}

function Card({ title, e, counts, onOpen }: { title: string; e: Estimate; counts: string; onOpen?: () => void }) {
  return (
    <div className="ag-card">
      <div className="ag-card-title">{title}</div>
      <div className="ag-card-value">
        <Drill e={e} what={title} onOpen={onOpen}>
          <Value e={e} />
        </Drill>
      </div>
      <div className="ag-card-counts">{counts}</div>
    </div>
  );
}

function MeasureRow({ name, e, counts, testId, onOpen }: { name: string; e: Estimate; counts: string; testId?: string; onOpen?: () => void }) {
  return (
    <tr {...(testId ? { 'data-testid': testId } : {})}>
      <th scope="row">{name}</th>
      <td className="num">
        <Drill e={e} what={name} onOpen={onOpen}>
          <Value e={e} />
        </Drill>
      </td>
      <td className="counts">{counts}</td>
    </tr>
  );
}

/** A count with thousands separators. */
const n = (x: number) => x.toLocaleString('en-US');
const f1Counts = (c: { truePositives: number; spansA: number; spansB: number }) => `TP ${n(c.truePositives)} · spans ${n(c.spansA)} + ${n(c.spansB)}`;
const relationCounts = (c: { truePositives: number; relationsA: number; relationsB: number }) => `TP ${n(c.truePositives)} · relations ${n(c.relationsA)} + ${n(c.relationsB)}`;
const nominal = (a: ProjectAgreementReport['overall']['nominalAlpha']['noneAsMissing']) =>
  `${n(a.counts.pairableUnits)} of ${n(a.counts.units)} positions pairable · ${n(a.counts.pairableValues)} values` +
  (a.observedDisagreement === null ? '' : ` · D_o ${a.observedDisagreement.toFixed(3)}, D_e ${a.expectedDisagreement!.toFixed(3)}`);
const unitizing = (u: ProjectAgreementReport['overall']['unitizingAlpha']) =>
  `${n(u.counts.units)} units` + (u.observedDisagreement === null ? '' : ` · D_O ${u.observedDisagreement.toPrecision(3)}, D_E ${u.expectedDisagreement!.toPrecision(3)}`);

/** Background for an agreement in [0, 1]: a sequential blue scale (ColorBrewer Blues), darker is better. */
function heat(value: number): { background: string; color: string } {
  const v = Math.max(0, Math.min(1, value));
  // From #f7fbff (0) to #08306b (1), through #6baed6.
  const stops: [number, [number, number, number]][] = [
    [0, [247, 251, 255]],
    [0.5, [198, 219, 239]],
    [0.75, [107, 174, 214]],
    [0.9, [33, 113, 181]],
    [1, [8, 48, 107]],
  ];
  let k = 1;
  while (k < stops.length - 1 && v > stops[k]![0]) k++;
  const [x0, c0] = stops[k - 1]!;
  const [x1, c1] = stops[k]!;
  const t = x1 === x0 ? 0 : (v - x0) / (x1 - x0);
  const rgb = c0.map((c, i) => Math.round(c + (c1[i]! - c) * t));
  return { background: `rgb(${rgb.join(',')})`, color: v > 0.8 ? '#fff' : '#1d1d1f' };
}

function PairMatrix({ report, names, onOpen }: { report: ProjectAgreementReport; names: ByCriterion<string>; onOpen: (a: string, b: string, what: string, criterion: CriterionId) => void }) {
  const [criterion, setCriterion] = useState<CriterionId>('overlap-labelled');
  const who = report.annotators;
  if (who.length < 2) return <p className="ag-empty">Fewer than two annotators are compared: there is no pair.</p>;
  const find = (a: string, b: string) => report.pairs.find((p) => (p.annotatorA === a && p.annotatorB === b) || (p.annotatorA === b && p.annotatorB === a))!;
  return (
    <>
      <label className="ag-select">
        Span F1,{' '}
        <select value={criterion} onChange={(e) => setCriterion(e.target.value as CriterionId)}>
          {F1_ROWS.map((id) => (
            <option key={id} value={id}>
              {names[id]}
            </option>
          ))}
        </select>
      </label>
      <table className="ag-heat" data-testid="agreement-pairs">
        <thead>
          <tr>
            <td className="corner" />
            {who.map((b) => (
              <th key={b} scope="col">
                {b}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {who.map((a) => (
            <tr key={a}>
              <th scope="row">{a}</th>
              {who.map((b) => {
                if (a === b) return <td key={b} className="self" aria-label="same annotator" />;
                const p = find(a, b);
                const f = p.spanF1[criterion];
                const style = f.value === null ? undefined : heat(f.value);
                const tip = `${a} – ${b}: ${f.value === null ? `n/a (${f.reason})` : f.value.toFixed(3)}; TP ${f.counts.truePositives}, spans ${f.counts.spansA} + ${f.counts.spansB}; compared on ${p.documents} of ${report.documents.compared} documents (where both layers count); κ ${
                  p.kappa.value === null ? `n/a (${p.kappa.reason})` : p.kappa.value.toFixed(3)
                }${f.value === null ? '' : '. Click or Enter: their disagreements in Review'}`;
                const body = (
                  <>
                    <div className="heat-value">{f.value === null ? 'n/a' : f.value.toFixed(3)}</div>
                    <div className="heat-counts">{f.value === null ? f.reason : `${n(f.counts.truePositives)} / ${n(f.counts.spansA)} + ${n(f.counts.spansB)}`}</div>
                    <div className="heat-docs">
                      {n(p.documents)} of {n(report.documents.compared)} document{report.documents.compared === 1 ? '' : 's'}
                    </div>
                  </>
                );
                return (
                  <td key={b} style={style} className={f.value === null ? 'na-cell' : undefined} title={tip} data-testid={`pair-${a}-${b}`}>
                    {f.value === null ? (
                      body
                    ) : (
                      <button type="button" className="heat-open" onClick={() => onOpen(a, b, `span F1 (${names[criterion]})`, criterion)} aria-label={`${a} – ${b}: ${f.value.toFixed(3)}, on ${p.documents} documents. Open their disagreements in Review`}>
                        {body}
                      </button>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="ag-legend" aria-hidden="true">
        <span>0</span>
        <span className="ag-gradient" />
        <span>1</span>
        <span className="ag-note">cells: F1, TP / spans of each, and the documents where both were compared; a cell opens their disagreements</span>
      </div>
    </>
  );
}

function Confusion({ report, project }: { report: ProjectAgreementReport; project: ProjectInfo }) {
  const [pair, setPair] = useState<number>(-1); // −1: all pairs pooled
  const c: LabelConfusion | undefined = pair < 0 ? report.confusion.pooled : report.confusion.pairs[pair];
  if (!c || report.annotators.length < 2) return <p className="ag-empty">Fewer than two annotators are compared.</p>;
  const name = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;
  const fmt = (x: number) => x.toLocaleString('en-US');
  const max = Math.max(1, ...c.matched.flat(), ...c.unmatchedA, ...c.unmatchedB);
  const a = pair < 0 ? 'first annotator' : report.confusion.pairs[pair]!.annotatorA;
  const b = pair < 0 ? 'second annotator' : report.confusion.pairs[pair]!.annotatorB;
  const cell = (n: number, kind: 'same' | 'mix' | 'alone') => {
    const strength = n === 0 ? 0 : 0.15 + (0.6 * n) / max;
    const hue = kind === 'same' ? '30, 122, 60' : kind === 'mix' ? '213, 94, 0' : '107, 107, 114';
    return { background: n === 0 ? undefined : `rgba(${hue}, ${strength.toFixed(2)})` };
  };
  return (
    <>
      {report.confusion.pairs.length > 1 && (
        <label className="ag-select">
          Pair{' '}
          <select value={pair} onChange={(e) => setPair(Number(e.target.value))}>
            <option value={-1}>all pairs, pooled</option>
            {report.confusion.pairs.map((p, i) => (
              <option key={i} value={i}>
                {p.annotatorA} – {p.annotatorB}
              </option>
            ))}
          </select>
        </label>
      )}
      <table className="ag-confusion" data-testid="agreement-confusion">
        <thead>
          <tr>
            <td className="corner">
              {a} ↓ · {b} →
            </td>
            {c.labels.map((l) => (
              <th key={l} scope="col">
                {name(l)}
              </th>
            ))}
            <th scope="col" className="alone">
              no match
            </th>
          </tr>
        </thead>
        <tbody>
          {c.labels.map((l, i) => (
            <tr key={l}>
              <th scope="row">{name(l)}</th>
              {c.matched[i]!.map((n, j) => (
                <td key={j} style={cell(n, i === j ? 'same' : 'mix')} className={n === 0 ? 'zero' : i === j ? 'same' : 'mix'} title={`${name(l)} (${a}) matched ${name(c.labels[j]!)} (${b}): ${n}`}>
                  {fmt(n)}
                </td>
              ))}
              <td style={cell(c.unmatchedA[i]!, 'alone')} className={c.unmatchedA[i] === 0 ? 'zero' : 'alone'} title={`${name(l)} spans of ${a} that matched nothing: ${c.unmatchedA[i]}`}>
                {fmt(c.unmatchedA[i]!)}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row" className="alone">
              no match
            </th>
            {c.unmatchedB.map((n, j) => (
              <td key={j} style={cell(n, 'alone')} className={n === 0 ? 'zero' : 'alone'} title={`${name(c.labels[j]!)} spans of ${b} that matched nothing: ${n}`}>
                {fmt(n)}
              </td>
            ))}
            <td className="zero" />
          </tr>
        </tbody>
      </table>
      <p className="ag-note">
        {fmt(c.counts.pairs)} matched pairs: {fmt(c.counts.sameLabel)} with the same label, {fmt(c.counts.differentLabel)} with different labels.
      </p>
    </>
  );
}

const PAGE = 25;

function Documents(props: {
  report: ProjectAgreementReport;
  names: ByCriterion<string>;
  docName: (docId: string, title: string | null) => ReactNode;
  onOpen: (docId: string, title: string | null) => void;
}) {
  const { report, names, docName, onOpen } = props;
  const [shown, setShown] = useState(PAGE);
  const list = report.byDocument;
  if (list.length === 0) return <p className="ag-empty">No document has two annotators’ layers to compare.</p>;
  return (
    <>
      <table className="ag-table ag-docs" data-testid="agreement-documents">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">Document</th>
            <th scope="col">Spans</th>
            <th scope="col">F1, {names['overlap-labelled']}</th>
            <th scope="col">F1, {names['exact-labelled']}</th>
            <th scope="col" className="num">
              α_U
            </th>
          </tr>
        </thead>
        <tbody>
          {list.slice(0, shown).map((d) => {
            const o = d.spanF1['overlap-labelled'];
            const e = d.spanF1['exact-labelled'];
            return (
              <tr key={d.docId} onClick={() => onOpen(d.docId, d.title)} data-testid="agreement-document">
                <td className="num">{d.rank}</td>
                <td>
                  <button type="button" className="linklike" onClick={(ev) => (ev.stopPropagation(), onOpen(d.docId, d.title))} title={`Open the disagreements of ${d.title ?? d.docId} in Review`}>
                    {docName(d.docId, d.title)}
                  </button>
                  <div className="ag-doc-id">{d.docId}</div>
                </td>
                <td className="ag-doc-spans">{d.spans.map((s) => `${s.annotator} ${n(s.count)}`).join(' · ')}</td>
                <td>
                  <Bar e={o} />
                  <span className="ag-of">
                    {n(o.counts.truePositives)} / {n(o.counts.spansA)} + {n(o.counts.spansB)}
                  </span>
                </td>
                <td>
                  <Bar e={e} />
                  <span className="ag-of">
                    {n(e.counts.truePositives)} / {n(e.counts.spansA)} + {n(e.counts.spansB)}
                  </span>
                </td>
                <td className="num">
                  <Value e={d.unitizingAlpha} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown < list.length && (
        <button type="button" className="ag-more" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, list.length - shown)} more of {list.length - shown}
        </button>
      )}
    </>
  );
}

/** A value with a bar as long as it (the number is always written). */
function Bar({ e }: { e: Estimate }) {
  if (e.value === null) return <Value e={e} />;
  return (
    <span className="ag-bar">
      <span className="ag-bar-track" aria-hidden="true">
        <span className="ag-bar-fill" style={{ width: `${(100 * e.value).toFixed(1)}%`, ...heat(e.value) }} />
      </span>
      <span className="val">{e.value.toFixed(3)}</span>
    </span>
  );
}
