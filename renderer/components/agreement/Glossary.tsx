import { createContext, useContext, type ReactNode } from 'react';

/**
 * The reading guide and the glossary of the agreement dashboard: what is good and what is weak,
 * with whose rule of thumb it is, and what each abbreviation of the counts means. A term in the
 * counts (TP, D_O, …) is a link: click or Enter moves the focus to its entry, and the entry's
 * "Back" button (or Enter on it) returns to where the analyst was.
 */

export type TermId = 'f1' | 'tp' | 'alpha-u' | 'd-o' | 'd-e' | 'alpha' | 'd-o-nominal' | 'kappa' | 'position' | 'pooled' | 'percent' | 'na';

/** Opens the glossary at a term (or at the reading guide). */
export const GlossaryContext = createContext<(term: TermId | 'guide') => void>(() => undefined);

/** An abbreviation in the counts: a link to its entry in the glossary (click or Enter; the focus goes there). */
export function Term({ id, children }: { id: TermId; children: ReactNode }) {
  const open = useContext(GlossaryContext);
  return (
    <a
      href={`#ag-term-${id}`}
      className="ag-term"
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        open(id);
      }}
      title={`What is ${TERMS.find((t) => t.id === id)?.term ?? id}? (Enter: the glossary)`}
    >
      {children}
    </a>
  );
}

interface Entry {
  id: TermId;
  term: string;
  meaning: string;
}

/** The glossary, in the order an analyst meets the words. */
export const TERMS: readonly Entry[] = [
  {
    id: 'f1',
    term: 'Span F1',
    meaning:
      'The share of all spans marked that have a partner in the other annotator’s layer: 2 × TP ÷ (spans of A + spans of B). 0.945 means 94.5 % of the spans were matched. “Overlapping” lets the boundaries differ; “exact” needs the same first and last character; “same label” needs the same label too.',
  },
  { id: 'tp', term: 'TP (true positives)', meaning: 'Matched pairs: a span of one annotator paired with one span of the other, each span used at most once.' },
  {
    id: 'alpha-u',
    term: 'α_U (Krippendorff’s unitizing alpha)',
    meaning:
      'Did the annotators cut the text into the same stretches? 1 − D_O ÷ D_E. Each disagreement is weighed by its length in characters, squared: one long span that only one annotator marked weighs far more than several short ones. 1 is perfect; 0 is what chance would give; below 0 is worse than chance.',
  },
  {
    id: 'd-o',
    term: 'D_O (observed disagreement of α_U)',
    meaning: 'The squared differences of where the annotators’ spans begin and end, and the squared lengths of spans only one of them marked, summed over labels and scaled by the length of the text.',
  },
  {
    id: 'd-e',
    term: 'D_E (expected disagreement of α_U)',
    meaning: 'The disagreement to expect if the same spans had been placed at random in the text. α_U compares D_O with it.',
  },
  {
    id: 'alpha',
    term: 'α (Krippendorff’s alpha, nominal), the report’s other α',
    meaning:
      'Agreement on the labels given to the same places, corrected for chance: 1 − D_o ÷ D_e. “No annotation = missing” asks only whether two annotators who marked the same place gave it the same label; “no annotation = a category” also counts a place one of them left unmarked. For attributes, the same on the values of matched spans.',
  },
  {
    id: 'd-o-nominal',
    term: 'D_o and D_e (of the nominal α)',
    meaning: 'The share of pairs of labels given to the same place that differ (observed), and the share that would differ if the same labels were handed out at random (expected).',
  },
  {
    id: 'kappa',
    term: 'κ (Cohen’s kappa)',
    meaning: 'Agreement of two annotators on the labels of the places both marked, corrected for chance. Places only one marked are left out and counted as excluded.',
  },
  { id: 'position', term: 'Span position', meaning: 'A place where one or more annotators marked a span, found by matching overlapping spans.' },
  {
    id: 'pooled',
    term: 'Pooled',
    meaning: 'Counts are added up over the pairs of annotators and the documents first, and the figure is taken once from the sums; figures of documents are never averaged.',
  },
  { id: 'percent', term: '% (percent agreement)', meaning: 'Matched pairs that gave an attribute the same value, of those where both set it. Not corrected for chance: read the α beside it.' },
  { id: 'na', term: 'n/a', meaning: 'The figure cannot be computed (for example, nobody marked a span of the label); the reason is written beside it. It is never shown as 0 or 1.' },
];

/** The reading guide: the rules of thumb the dashboard colours its figures by, with their sources. */
export function ReadingGuide({ onBack }: { onBack: (() => void) | null }) {
  return (
    <section className="ag-section ag-guide" aria-labelledby="ag-guide-title" id="ag-guide" tabIndex={-1} data-testid="agreement-guide">
      <h2 id="ag-guide-title">How to read these figures</h2>
      <table className="ag-table ag-guide-table">
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">
              <span className="ag-standing good">good</span>
            </th>
            <th scope="col">
              <span className="ag-standing tentative">tentative</span>
            </th>
            <th scope="col">
              <span className="ag-standing weak">weak</span>
            </th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">α_U, α (nominal), α of an attribute</th>
            <td>0.800 and above: reliable</td>
            <td>0.667 to 0.800: tentative conclusions only</td>
            <td>below 0.667: not reliable</td>
            <td>Krippendorff 2004, Content Analysis, p. 241</td>
          </tr>
          <tr>
            <th scope="row">κ</th>
            <td>above 0.80: almost perfect</td>
            <td>0.61 to 0.80: substantial</td>
            <td>0.60 and below: moderate, fair, slight, poor</td>
            <td>Landis &amp; Koch 1977, Biometrics 33, p. 165</td>
          </tr>
          <tr>
            <th scope="row">Span F1</th>
            <td colSpan={3}>read as κ: F1 approaches κ when most of the text is marked by nobody</td>
            <td>Hripcsak &amp; Rothschild 2005, JAMIA 12</td>
          </tr>
          <tr>
            <th scope="row">% agreement</th>
            <td colSpan={3}>no threshold: not corrected for chance; a label with few values agrees often by luck</td>
            <td>Artstein &amp; Poesio 2008</td>
          </tr>
        </tbody>
      </table>
      <p className="ag-note">
        These are conventions, not tests: Landis and Koch call their bands arbitrary, and Krippendorff asks for higher α where a wrong reading is costly. Where F1 and α_U
        disagree about a document, the documents section says why. Full references: docs/AGREEMENT.md §12.
      </p>
      {onBack && (
        <button type="button" className="ag-back" onClick={onBack}>
          ↩ Back to the figure
        </button>
      )}
    </section>
  );
}

export function Glossary({ onBack, current }: { onBack: (() => void) | null; current: TermId | null }) {
  return (
    <section className="ag-section ag-glossary" aria-labelledby="ag-glossary-title" data-testid="agreement-glossary">
      <h2 id="ag-glossary-title">Glossary</h2>
      <dl>
        {TERMS.map((t) => (
          <div key={t.id} className={current === t.id ? 'ag-entry current' : 'ag-entry'} id={`ag-term-${t.id}`} tabIndex={-1} data-testid={`glossary-${t.id}`}>
            <dt>{t.term}</dt>
            <dd>{t.meaning}</dd>
            {current === t.id && onBack && (
              <button type="button" className="ag-back" onClick={onBack}>
                ↩ Back to the figure
              </button>
            )}
          </div>
        ))}
      </dl>
    </section>
  );
}
