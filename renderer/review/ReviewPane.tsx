import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OpenedDocument, ProjectInfo, ReviewProgress } from '../../shared/api/contract';
import type { ReviewChoice } from '../../shared/api/review';
import {
  autoMerge,
  choiceRule,
  chosenLayers,
  decide,
  isDisagreement,
  reopen,
  reviewUnits,
  standings,
  toggled,
  unitsBehind,
  type Decision,
  type GoldState,
  type ReviewUnit,
  type SourceLayer,
} from '../../shared/review';
import { TextPositions } from '../../shared/text/positions';
import { api } from '../api/client';
import { LabelStyles } from '../components/LabelStyles';
import { SaveIndicator } from '../components/SaveIndicator';
import { createArticleEditor, type ArticleEditor } from '../editor/createEditor';
import { digitOf, newRelationId, newSpanId } from '../editor/keys';
import type { CommandDef } from '../commands/keymap';
import { useRegion } from '../commands/hooks';
import { afterPaint } from '../state/afterPaint';
import { LayerSession } from '../state/layerSession';
import type { Seats } from '../state/seats';
import { RefusalAlert, SeatBanner } from '../components/LayerAlerts';
import { SaveProblemBanner } from '../components/SaveIndicator';
import { AnnotatorChoice } from './AnnotatorChoice';
import { useEntityNames } from './entityNames';
import { narrows, type ReviewFocus } from './focus';
import { reviewKey, reviewPlugin, STATUS, type ReviewMeta } from './reviewPlugin';
import { ReviewSidebar } from './ReviewSidebar';
import './review.css';

const ids = { span: () => `g${newSpanId().slice(1)}`, relation: newRelationId };

/**
 * Review mode for one document: the spans of the annotators compared on it (the curator's
 * choice, or the default: shared/review/choice.ts) at once, grouped into units that say how
 * the versions compare, and the gold layer, which the reviewer fills by settling each
 * disagreement from the keyboard. Gold is an ordinary layer (documents/<doc>/annotations/
 * gold.json) edited through a LayerSession, so every decision is one undoable, saved step.
 *
 * Opened from a number of the agreement dashboard, `focus` says which disagreements are behind
 * it: the first is selected, ] and [ go through them, and `onFocus` moves to the next document
 * with such disagreements; `onBack` returns to the figures.
 */
export function ReviewPane(props: {
  project: ProjectInfo;
  docId: string;
  onProgress: (p: ReviewProgress) => void;
  focus?: ReviewFocus | null;
  onFocus?: (focus: ReviewFocus | null) => void;
  onBack?: () => void;
  /** The curator changed who is compared on the document (Agreement's figures are then out of date). */
  onChoice?: () => void;
  /** Who may write the gold layer (shared with the annotate view). */
  seats?: Seats;
}) {
  const { project, docId } = props;
  const [opened, setOpened] = useState<{ doc: OpenedDocument; choice: ReviewChoice; positions: TextPositions; session: LayerSession } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let shownSession: LayerSession | null = null;
    setOpened(null);
    Promise.all([api.openDocument({ docId, gold: true }), api.reviewChoice({ docId })])
      .then(([doc, choice]) => {
        if (!live) return;
        const gold = doc.gold!;
        const reason = gold.error ? `${gold.error.file} could not be read (${gold.error.problems.join('; ')})` : null;
        const pending = LayerSession.pendingFor(docId, 'gold');
        let session: LayerSession;
        if (pending && pending.text === doc.text && !reason) {
          session = pending;
          session.revive();
          session.reload('outside');
        } else {
          session = new LayerSession({
            api,
            docId,
            annotator: 'gold',
            text: doc.text,
            spans: gold.spans,
            relations: gold.relations,
            orphans: gold.orphans,
            settled: gold.settled ?? [],
            labels: project.labels,
            relationTypes: project.relations,
            readOnlyReason: reason,
            ...(props.seats ? { seats: props.seats } : {}),
          });
        }
        shownSession = session;
        setOpened({ doc, choice, positions: new TextPositions(doc.text), session });
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
      // It goes on saving what it holds, then leaves.
      shownSession?.retire();
    };
  }, [docId, project.relations]);

  if (error) return <main className="editor-pane empty">{error}</main>;
  if (!opened) return <main className="editor-pane empty">Opening…</main>;
  const focus = props.focus?.docId === docId ? props.focus : null;
  return <ReviewDocument key={docId} project={project} {...opened} focus={focus} onFocus={props.onFocus} onBack={props.onBack} onChoice={props.onChoice} onProgress={props.onProgress} />;
}

function ReviewDocument(props: {
  project: ProjectInfo;
  doc: OpenedDocument;
  choice: ReviewChoice;
  positions: TextPositions;
  session: LayerSession;
  focus: ReviewFocus | null;
  onFocus: ((focus: ReviewFocus | null) => void) | undefined;
  onBack: (() => void) | undefined;
  onChoice: (() => void) | undefined;
  onProgress: (p: ReviewProgress) => void;
}) {
  const { project, doc, positions, session, focus } = props;
  const mount = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<ArticleEditor | null>(null);
  // The text is a region of the window (F6 comes back to it).
  const pane = useRef<HTMLElement>(null);
  useRegion('text', pane, () => editor?.view.focus());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [majority, setMajority] = useState(0);
  const [, setRevision] = useState(0);
  const entityName = useEntityNames();
  /** The curator's choice of annotators (null: the default); changed here, it counts at once and is saved. */
  const [stored, setStored] = useState<string[] | null>(props.choice.stored);
  const compared = useMemo(() => chosenLayers(doc.layers, stored), [doc, stored]);
  const annotators = compared.map((l) => l.annotator);
  const sources: SourceLayer[] = useMemo(() => compared.map((l) => ({ annotator: l.annotator, spans: l.spans, relations: l.relations })), [compared]);
  const units = useMemo(() => reviewUnits(sources), [sources]);
  const disagreements = useMemo(() => units.filter(isDisagreement), [units]);
  /** Opened from a number of the agreement report: only the disagreements behind it, until "show all". */
  const [narrowed, setNarrowed] = useState(focus !== null && narrows(focus));
  const behind = useMemo(() => (focus && narrows(focus) ? unitsBehind(units, focus.filter) : disagreements), [focus, units, disagreements]);
  const shown = narrowed ? behind : disagreements;
  const [currentKey, setCurrentKey] = useState<string | null>(null);
  const live = useRef({ currentKey, majority });
  live.current.currentKey = currentKey;
  live.current.majority = majority;
  const labelName = (id: string) => project.labels.find((l) => l.id === id)?.name ?? id;
  /** The names of the attributes a unit's versions differ on. */
  const attributeNames = (u: ReviewUnit) => {
    const defs = project.labels.find((l) => l.id === u.versions[0]!.span.label)?.attributes ?? [];
    return u.attributesDiffer.map((id) => defs.find((d) => d.id === id)?.name ?? id);
  };
  const attributeNamesRef = useRef(attributeNames);
  attributeNamesRef.current = attributeNames;

  const goldState = (): GoldState => ({ spans: session.spans, relations: session.relations, settled: session.settled });

  const refreshProgress = () => void api.reviewProgress({}).then(props.onProgress, () => undefined);

  useEffect(() => {
    const off = session.onChange(() =>
      afterPaint(() => {
        setRevision(session.revision);
        editor?.view.dispatch(editor.view.state.tr.setMeta(reviewKey, { settled: new Set(session.settled) } satisfies ReviewMeta));
      }),
    );
    const offStatus = session.onStatus(() => session.saveStatus.state === 'saved' && refreshProgress());
    return () => {
      off();
      offStatus();
    };
  }, [session, editor]);

  /** Makes a unit the current one: marked in the text, selected and scrolled to. */
  const goTo = (unit: ReviewUnit | undefined, ed = editor) => {
    if (!unit || !ed) return;
    setCurrentKey(unit.key);
    live.current.currentKey = unit.key;
    ed.view.dispatch(ed.view.state.tr.setMeta(reviewKey, { currentKey: unit.key } satisfies ReviewMeta));
    ed.reveal(unit.startOffset, unit.endOffset, undefined, true);
  };

  const step = (direction: 1 | -1) => {
    const list = shown;
    if (list.length === 0) return setNotice(narrowed ? 'No disagreements behind this number here: “Show all” lists the others.' : 'No disagreements in this document.');
    const at = list.findIndex((u) => u.key === live.current.currentKey);
    const next = list[at === -1 ? (direction === 1 ? 0 : list.length - 1) : (at + direction + list.length) % list.length];
    goTo(next);
  };

  const current = () => units.find((u) => u.key === live.current.currentKey);

  /** Settles the current unit; with `stay`, keeps it current with the new gold span selected for adjusting. */
  const settle = (decision: Decision, stay = false) => {
    const unit = current();
    if (!unit) return setNotice('Choose a disagreement first: ] or F8.');
    const edits = decide(unit, decision, goldState(), sources, ids);
    if (!session.apply(edits)) return setNotice(session.readOnlyReason ? `Read-only: ${session.readOnlyReason}` : 'Nothing to change.');
    const added = edits.find((e) => e.op === 'add');
    setNotice(decision.kind === 'neither' ? 'Settled: neither version goes into gold.' : `Settled: ${decision.annotators.join(' and ')}’s version in gold.`);
    if (stay) {
      if (added && added.op === 'add') editor?.selectSpan(added.span.id, true);
      return;
    }
    // On to the next disagreement not settled yet.
    const list = shown;
    const at = list.findIndex((u) => u.key === unit.key);
    const next = [...list.slice(at + 1), ...list.slice(0, at)].find((u) => !session.settled.has(u.key));
    if (next) goTo(next);
    else setNotice('Every disagreement in this document is settled.');
  };

  const reopenCurrent = () => {
    const unit = current();
    if (!unit) return;
    if (!session.settled.has(unit.key)) return setNotice('This disagreement is not settled.');
    session.apply(reopen(unit, goldState()));
    setNotice('Reopened: its gold spans are taken out.');
  };

  const merge = () => {
    const edits = autoMerge(units, goldState(), sources, ids, live.current.majority ? { majority: live.current.majority } : {});
    if (edits.length === 0) return setNotice('Nothing to merge: gold already holds every agreed span.');
    session.apply(edits);
    const spans = edits.filter((e) => e.op === 'add').length;
    const settled = edits.filter((e) => e.op === 'settle').length;
    setNotice(`Merged ${spans} span${spans === 1 ? '' : 's'} into gold${settled ? `, ${settled} by majority` : ''}.`);
  };

  /** Review's commands of the key map (renderer/commands/keymap.ts), seen before the text's own. */
  const onKey = (command: CommandDef, event: KeyboardEvent, selected: string | null): boolean => {
    const unit = current();
    switch (command.id) {
      case 'review.next':
        return step(1), true;
      case 'review.previous':
        return step(-1), true;
      case 'review.accept':
      case 'review.acceptStay': {
        // Digits choose a version while the current disagreement is open (or nothing of gold is
        // selected); on a settled one with a gold span selected they relabel it, as anywhere.
        if (!unit || (session.settled.has(unit.key) && selected)) return false;
        const annotator = annotators[Number(digitOf(event)) - 1];
        if (!annotator) return true;
        if (!unit.versions.some((v) => v.annotator === annotator)) {
          setNotice(`${annotator} has nothing here: X settles it with neither version.`);
          return true;
        }
        settle({ kind: 'accept', annotators: [annotator] }, event.shiftKey);
        return true;
      }
      case 'review.both':
        return unit ? (settle({ kind: 'accept', annotators }), true) : false;
      case 'review.neither':
        return unit ? (settle({ kind: 'neither' }), true) : false;
      case 'review.reopen':
        return unit ? (reopenCurrent(), true) : false;
      case 'review.merge':
        return selected ? false : (merge(), true);
      default:
        return false;
    }
  };
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;

  useLayoutEffect(() => {
    const ed = createArticleEditor({
      mount: mount.current!,
      positions,
      labels: project.labels,
      relationTypes: project.relations,
      snapToWords: project.settings.snapToWords,
      session,
      callbacks: {
        onSelectSpan: (id) => afterPaint(() => setSelectedId(id)),
        onNotice: setNotice,
        onCommand: (c, e, id) => onKeyRef.current(c, e, id),
      },
      contexts: ['review', 'text'],
      extraPlugins: [reviewPlugin(positions, labelName, (u) => attributeNamesRef.current(u))],
    });
    ed.view.dispatch(ed.view.state.tr.setMeta(reviewKey, { units, settled: new Set(session.settled), currentKey } satisfies ReviewMeta));
    setEditor(ed);
    ed.view.focus();
    // Opened from a number of the agreement report: its first disagreement, selected.
    if (focus) {
      const first = shown.find((u) => !session.settled.has(u.key)) ?? shown[0];
      if (first) goTo(first, ed);
    }
    refreshProgress();
    return () => ed.destroy();
  }, [session, positions, project]);

  // The curator changed who is compared: new units, drawn at once.
  useEffect(() => {
    if (!editor) return;
    const keep = units.some((u) => u.key === live.current.currentKey);
    if (!keep) setCurrentKey(null);
    editor.view.dispatch(editor.view.state.tr.setMeta(reviewKey, { units, ...(keep ? {} : { currentKey: null }) } satisfies ReviewMeta));
  }, [units, editor]);

  /** Ticks or unticks an annotator: the counts change at once, and the choice is saved with the project. */
  const choose = (next: string[] | null, what: string) => {
    const before = stored;
    setStored(next);
    api.setReviewChoice({ docId: doc.meta.id, annotators: next }).then(
      () => {
        setNotice(what);
        refreshProgress();
        props.onChoice?.();
      },
      (e: Error) => {
        setStored(before);
        setNotice(`The choice could not be saved: ${e.message}`);
      },
    );
  };
  const standing = useMemo(() => standings(doc.layers, stored), [doc, stored]);

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(t);
  }, [notice]);

  // A decision the service refused is taken back: say why until read. Read-only or not: re-render.
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => session.onEvent((e) => e.kind === 'refused' && setRefusal(e.message)), [session]);
  const [, setStateTick] = useState(0);
  useEffect(() => session.onState(() => setStateTick((n) => n + 1)), [session]);

  const settledHere = disagreements.filter((u) => session.settled.has(u.key)).length;
  return (
    <>
      <LabelStyles labels={project.labels} />
      <main className="editor-pane review-pane" data-testid="review-pane" ref={pane}>
        <div className="doc-heading">
          <h1 className={doc.meta.title ? '' : 'untitled'}>{doc.meta.title ?? 'Untitled article'}</h1>
          <div className="doc-sub">
            <span className="doc-id">{doc.meta.id}</span>
            <SaveIndicator session={session} />
            <span data-testid="doc-progress">
              {settledHere} of {disagreements.length} disagreements settled
            </span>
          </div>
          <AnnotatorChoice
            standings={standing}
            rule={choiceRule(doc.layers, stored)}
            problem={props.choice.problem ? `${props.choice.problem.file} could not be read, so the default applies: ${props.choice.problem.problems.join('; ')}` : null}
            onToggle={(a, on) => choose(toggled(doc.layers, stored, a, on), `${on ? 'Compared' : 'Left out'}: ${a}. Agreement uses the same choice.`)}
            onDefault={() => choose(null, 'Back to the default choice of annotators.')}
          />
          <div className="review-legend" aria-label="Legend">
            {(Object.keys(STATUS) as Array<keyof typeof STATUS>).map((s) => (
              <span key={s} className={`legend-item rv-${s}`}>
                <span className={`rv-glyph rv-glyph-${s}`}>{s === 'partial' ? '1/2' : STATUS[s].glyph}</span> {STATUS[s].name}
              </span>
            ))}
            <span className="legend-item">
              <span className="rv-glyph">≈</span> attributes differ
            </span>
          </div>
        </div>
        {focus && <FocusBar focus={focus} narrowed={narrowed} behind={behind} settled={session.settled} all={disagreements.length} onNarrow={setNarrowed} onFocus={props.onFocus} onBack={props.onBack} />}
        {annotators.length < 2 && (
          <div className="banner banner-warn">
            {annotators.length === 0 ? 'No annotator is compared' : `Only ${annotators[0]} is compared`} on this document: there is nothing to compare.
            {doc.layers.length > annotators.length && ' Tick another annotator above, if their layer is not empty.'}
          </div>
        )}
        <SeatBanner session={session} />
        <SaveProblemBanner session={session} />
        {refusal && <RefusalAlert message={refusal} onDismiss={() => (setRefusal(null), editor?.view.focus())} />}
        {session.readOnlyReason && !session.seatTaken && (
          <div className="banner banner-error" role="alert">
            The gold layer could not be read: {session.readOnlyReason}. Standoff will not write to it.
          </div>
        )}
        <div className="article-scroll">
          <div ref={mount} className="article-mount" />
        </div>
        <div className="notice" role="status" aria-live="polite">
          {notice}
        </div>
      </main>
      <ReviewSidebar
        project={project}
        annotators={annotators}
        units={shown}
        {...(narrowed && focus ? { listTitle: `Behind ${focus.what}` } : {})}
        entityName={entityName}
        attributeNames={attributeNames}
        current={units.find((u) => u.key === currentKey) ?? null}
        settled={session.settled}
        session={session}
        selectedId={selectedId}
        majority={majority}
        onMajority={setMajority}
        onGo={(u) => goTo(u)}
        onDecide={(d, stay) => settle(d, stay)}
        onReopen={reopenCurrent}
        onMerge={merge}
      />
    </>
  );
}

/**
 * Above the text when review was opened from a number of the agreement report: what the number
 * was, how many disagreements are behind it here, the other documents that have some, and the
 * way back to the figures.
 */
function FocusBar(props: {
  focus: ReviewFocus;
  narrowed: boolean;
  behind: readonly ReviewUnit[];
  settled: ReadonlySet<string>;
  all: number;
  onNarrow: (on: boolean) => void;
  onFocus: ((focus: ReviewFocus | null) => void) | undefined;
  onBack: (() => void) | undefined;
}) {
  const { focus, behind } = props;
  const docs = focus.documents ?? [];
  const at = docs.findIndex((d) => d.docId === focus.docId);
  const total = docs.reduce((n, d) => n + d.disagreements, 0);
  const go = (k: number) => props.onFocus?.({ ...focus, docId: docs[k]!.docId });
  const settled = behind.filter((u) => props.settled.has(u.key)).length;
  let where: ReactNode = null;
  if (docs.length > 1 && at >= 0) {
    where = (
      <span className="rv-focus-docs" title={`${total} disagreements behind it in ${docs.length} documents`}>
        document {at + 1} of {docs.length}
        <button type="button" onClick={() => go(at - 1)} disabled={at === 0 || !props.onFocus} title="The previous document with disagreements behind this number">
          ‹ Previous
        </button>
        <button type="button" onClick={() => go(at + 1)} disabled={at === docs.length - 1 || !props.onFocus} title="The next document with disagreements behind this number">
          Next ›
        </button>
      </span>
    );
  }
  return (
    <div className="rv-focus" role="region" aria-label="Opened from Agreement" data-testid="review-focus">
      {props.onBack && (
        <button type="button" className="rv-focus-back" onClick={props.onBack} title="Back to the agreement figures, as they were (Esc outside the text)">
          ← Back to Agreement
        </button>
      )}
      <span className="rv-focus-what">
        <strong>{focus.what}</strong>
        {narrows(focus) && (
          <>
            : {behind.length} disagreement{behind.length === 1 ? '' : 's'} behind it here, {settled} settled
          </>
        )}
      </span>
      {where}
      {narrows(focus) && (
        <button type="button" onClick={() => props.onNarrow(!props.narrowed)} aria-pressed={!props.narrowed}>
          {props.narrowed ? `Show all ${props.all} disagreements` : 'Only those behind the number'}
        </button>
      )}
    </div>
  );
}
