import { impliedCount, type Implied } from './implied';
import { GROUP_NAMES, GROUP_PRIORITY, HEDGE_NAMES, WEAK_GROUP_WORDS } from './lexicon';
import type { Count } from './link';
import type { OutcomeMention } from './outcomes';
import { sliceText, type Token } from './tokens';
import type { CasualtyFigure, CasualtyOutcome, HedgeClass, VictimGroup } from './types';

type GroupWords = Array<{ group: VictimGroup; word: string }>;

interface Built {
  order: number;
  figure: CasualtyFigure;
  /** The count's head was "others": it takes the group of the figure before ("three others"). */
  others?: boolean;
}

const LABEL: Readonly<Record<CasualtyOutcome, string>> = { killed: 'Killed', injured: 'Injured', missing: 'Missing' };

const fmt = (n: number) => n.toLocaleString('en-US');

/** Turns outcome words and the counts tied to them into figures: one per outcome. */
export function buildFigures(source: string, tokens: readonly Token[], outcomes: readonly OutcomeMention[], counts: readonly Count[]): CasualtyFigure[] {
  const outcomeAt = new Map(outcomes.map((m) => [m.start, m]));
  const countsOf = new Map<OutcomeMention, Count[]>();
  for (const c of counts) if (c.link) countsOf.set(c.link, [...(countsOf.get(c.link) ?? []), c]);

  const keys: Array<CasualtyOutcome | null> = [];
  for (const m of outcomes) if (!keys.includes(m.word.outcome)) keys.push(m.word.outcome);

  const built: Built[] = [];
  for (const key of keys) {
    const mentions = outcomes.filter((m) => m.word.outcome === key);
    const counted = mentions.filter((m) => countsOf.has(m));
    if (counted.length > 0) {
      for (const m of counted) built.push(fromCounts(source, tokens, m, countsOf.get(m) ?? [], counted.length));
      continue;
    }
    // No number anywhere for this outcome: what the words imply ("he was killed" → 1), else no count.
    const implied = mentions.map((m) => ({ m, implied: impliedCount(tokens, m, outcomeAt) }));
    const chosen = implied.find((x) => x.implied.count !== null) ?? implied[0];
    if (chosen) built.push(fromImplied(source, tokens, chosen.m, chosen.implied));
  }

  // "casualties" with no count says nothing an outcome figure does not say better.
  const figures = built
    .filter((b) => !(b.figure.outcome === null && b.figure.minimum === null && b.figure.maximum === null && built.some((o) => o.figure.outcome !== null)))
    .sort((a, b) => a.order - b.order);
  figures.forEach((b, k) => {
    const before = figures[k - 1]?.figure;
    if (b.others && before?.victimGroup && b.figure.victimGroup === undefined) {
      b.figure.victimGroup = before.victimGroup;
      b.figure.explanation += ` Victims: ${GROUP_NAMES[before.victimGroup]} ('others' after the figure before).`;
    }
  });
  if (figures.length > 0) return figures.map((b) => b.figure);
  return withoutOutcome(source, tokens, counts);
}

function fromCounts(source: string, tokens: readonly Token[], m: OutcomeMention, list: readonly Count[], siblings: number): Built {
  const sorted = [...list].sort((a, b) => a.q.start - b.q.start);
  // An elided noun is the next one's: "four American and two Iraq servicemen".
  const groupsOf = sorted.map((c) => c.phrase.groups);
  for (let k = groupsOf.length - 2; k >= 0; k--) {
    if (groupsOf[k]?.length === 0 && sorted[k]?.phrase.kind === 'elided') groupsOf[k] = groupsOf[k + 1] ?? [];
  }
  const mins = sorted.map((c) => c.q.minimum);
  const maxs = sorted.map((c) => c.q.maximum);
  const minimum = mins.every((x) => x === null) ? null : mins.reduce<number>((s, x) => s + (x ?? 0), 0);
  const maximum = maxs.some((x) => x === null) ? null : maxs.reduce<number>((s, x) => s + (x ?? 0), 0);
  const vague = sorted.some((c) => c.q.vague);
  const hedges = [...new Set(sorted.flatMap((c) => (c.q.hedge ? [c.q.hedge] : [])))];

  const readings = sorted.map((c) => c.q.reading);
  let said = readings.join(' + ');
  if (sorted.length > 1) said += ` = ${bounds(minimum, maximum, vague)} in all`;
  const outcome = m.word.outcome;
  let explanation = outcome
    ? `${LABEL[outcome]}: ${said}. Outcome from '${m.text}'.`
    : `No outcome chosen: ${said}. '${m.text}' can mean killed and injured together: choose the outcome.`;
  if (siblings > 1) explanation += ` One of ${siblings} separate figures for this outcome in the span: they are not added up (they may be rival reports).`;

  const figure: CasualtyFigure = { minimum, maximum, vague, outcome, explanation };
  if (hedges.length > 0) figure.hedge = hedges.join(', ');
  withHedge(figure, sorted.flatMap((c) => (c.q.hedge && c.q.hedgeClass ? [{ words: c.q.hedge, kind: c.q.hedgeClass }] : [])));
  const victims = victimsOf(groupsOf);
  if (victims.group) figure.victimGroup = victims.group;
  figure.explanation += victims.text;
  const start = Math.min(m.start, ...sorted.map((c) => c.q.start));
  const end = Math.max(m.end, ...sorted.map((c) => c.phrase.end));
  figure.evidence = sliceText(source, tokens, start, end);
  const others = sorted.length === 1 && sorted[0]?.phrase.head?.toLowerCase() === 'others' && !victims.group;
  return { order: start, figure, ...(others ? { others } : {}) };
}

function fromImplied(source: string, tokens: readonly Token[], m: OutcomeMention, implied: Implied): Built {
  const outcome = m.word.outcome;
  const count = implied.count;
  const head = outcome ? `${LABEL[outcome]}: ` : 'No outcome chosen: ';
  let explanation = `${head}${implied.reading}.`;
  if (outcome && count !== null) explanation += ` Outcome from '${m.text}'.`;
  if (!outcome) explanation += ` '${m.text}' can mean killed and injured together: choose the outcome.`;
  const figure: CasualtyFigure = { minimum: count, maximum: count, vague: count === null, outcome, explanation };
  const victims = victimsOf([implied.groups]);
  if (victims.group) figure.victimGroup = victims.group;
  figure.explanation += victims.text;
  figure.evidence = sliceText(source, tokens, Math.min(implied.start, m.start), Math.max(implied.end, m.end));
  return { order: Math.min(implied.start, m.start), figure };
}

/** No outcome word: counts of people stand as figures with no outcome; otherwise say what was ignored. */
function withoutOutcome(source: string, tokens: readonly Token[], counts: readonly Count[]): CasualtyFigure[] {
  const none = 'No casualty outcome found (no word such as killed, injured or missing)';
  const people = counts.filter((c) => !c.notPeople && (c.q.kind === 'number' || c.q.kind === 'vague'));
  if (people.length > 0) {
    return people.map((c) => {
      const figure: CasualtyFigure = {
        minimum: c.q.minimum, maximum: c.q.maximum, vague: c.q.vague, outcome: null,
        explanation: `${none}. ${c.q.reading}, counting people${c.phrase.head ? ` ('${c.phrase.head}')` : ''}: choose the outcome if this is a casualty figure.`,
      };
      if (c.q.hedge) figure.hedge = c.q.hedge;
      if (c.q.hedge && c.q.hedgeClass) withHedge(figure, [{ words: c.q.hedge, kind: c.q.hedgeClass }]);
      const victims = victimsOf([c.phrase.groups]);
      if (victims.group) figure.victimGroup = victims.group;
      figure.explanation += victims.text;
      figure.evidence = sliceText(source, tokens, c.q.start, Math.max(c.q.end, c.phrase.end));
      return figure;
    });
  }
  const ignored = counts.flatMap((c) => (c.notPeople ? [c.notPeople] : [])).slice(0, 4);
  const notes = ignored.length > 0 ? ` Ignored: ${ignored.join('; ')}.` : '';
  return [{ minimum: null, maximum: null, vague: false, outcome: null, explanation: `${none}, and no count of people.${notes}` }];
}

/**
 * Sets what the hedges say of the figure's number, and says so: one kind of hedge ("at least 7
 * soldiers and 3 civilians" is at least 10); hedges of different kinds are left open.
 */
function withHedge(figure: CasualtyFigure, hedges: ReadonlyArray<{ words: string; kind: HedgeClass }>): void {
  const kinds = [...new Set(hedges.map((h) => h.kind))];
  const [kind] = kinds;
  if (kinds.length === 1 && kind) {
    figure.hedgeClass = kind;
    const words = [...new Set(hedges.map((h) => h.words))].filter((w) => w !== HEDGE_NAMES[kind]);
    figure.explanation += ` Hedge: ${HEDGE_NAMES[kind]}${words.length ? ` (${words.map((w) => `'${w}'`).join(', ')})` : ''}.`;
  } else if (kinds.length > 1) {
    figure.explanation += ` Hedge: ${hedges.map((h) => `'${h.words}' ${HEDGE_NAMES[h.kind]}`).join(', ')}: they differ, left open.`;
  }
}

/** The victim group the words name: one group, or none when they disagree or say nothing. */
function victimsOf(perCount: readonly GroupWords[]): { group?: VictimGroup; text: string } {
  const picks = perCount.map(pickGroup).filter((p) => p !== undefined);
  if (picks.length === 0) return { text: '' };
  const distinct = [...new Set(picks.map((p) => p.group))];
  if (distinct.length === 1 && picks.length === perCount.length && distinct[0]) {
    const words = [...new Set(picks.map((p) => `'${p.word}'`))].join(', ');
    return { group: distinct[0], text: ` Victims: ${GROUP_NAMES[distinct[0]]} (${words}).` };
  }
  const parts = picks.map((p) => `'${p.word}': ${GROUP_NAMES[p.group]}`).join('; ');
  return { text: ` Victims: mixed or partly unnamed (${parts}): left open.` };
}

function pickGroup(groups: GroupWords): { group: VictimGroup; word: string } | undefined {
  const strong = groups.filter((g) => !WEAK_GROUP_WORDS.has(g.word.toLowerCase()));
  for (const group of GROUP_PRIORITY) {
    const hit = strong.find((g) => g.group === group);
    if (hit) return hit;
  }
  return groups[0];
}

function bounds(min: number | null, max: number | null, vague: boolean): string {
  if (min !== null && max !== null) return min === max ? fmt(min) : `between ${fmt(min)} and ${fmt(max)}`;
  if (min !== null) return `at least ${fmt(min)}${vague ? ' (vague)' : ''}`;
  if (max !== null) return `at most ${fmt(max)}`;
  return 'no count';
}
