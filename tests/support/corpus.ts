/**
 * Synthetic articles and spans for the benchmarks and the tests: a long, news-like article
 * (English with non-ASCII names, Arabic and emoji, so code points and UTF-16 units differ) and
 * a realistic layer of word-aligned spans
 * over it, nested and crossing as real coding is. Everything is drawn from a seeded generator,
 * so every run measures the same text and the same spans.
 */
import { CodePointIndex } from '../../shared/text/codePoints';
import { quoteOf } from '../../shared/model/quote';
import type { Span } from '../../shared/model/span';
import { seededRandom } from './random';

export type Rng = {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

/** A seeded generator with helpers, so the benchmark's corpus is the same every run. */
export function rng(seed: number): Rng {
  const next = seededRandom(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

const GROUPS = [
  'Saraya Thawrat al-Ashrin',
  'SarayaThorat al-Ashrin',
  'SarayaThurat Al-Ashrin',
  'the Popular Mobilization Forces',
  'Hashd al-Shaabi',
  'Hachd al-Chaabi',
  'the Interior Ministry',
  'the Defence Ministry',
  "Kata'ib Hezbollah",
  'the Peshmerga',
  'the Islamic State group',
  'local police',
  'a security source',
  'a provincial official',
  'the governor of Anbar',
  'the United Nations mission',
  'the coalition',
  'a spokesman for the army',
  'the Joint Operations Command',
  'a medical source',
  'الحشد الشعبي',
];
const PEOPLE = [
  'José Álvarez',
  'Zoë Müller',
  'Łukasz Wiśniewski',
  'Nguyễn Thị Hương',
  'Søren Ødegård',
  'Çağlar Öztürk',
  'Fatima al-Zahraa',
  'Ahmed Saleh',
  'Renée Dubois',
  'Björn Ångström',
  'Muqtada al-Sadr',
  'Hadi al-Amiri',
  'محمد الحسيني',
  'François Lefèvre',
];
const JOBS = ['shopkeeper', 'nurse', 'taxi driver', 'teacher', 'farmer', 'student', 'journalist', 'doctor', 'mechanic', 'tribal elder'];
const PLACES = [
  'Baghdad',
  'Mosul',
  'Kirkuk',
  'Basra',
  'Erbil',
  'Fallujah',
  'Ramadi',
  'Tikrit',
  'Samarra',
  'Baqubah',
  'Karbala',
  'Najaf',
  'Sinjar',
  'Tal Afar',
  'Ḥalabja',
  'Sulaymaniyah',
  'Diyala province',
  'the Green Zone',
];
const EVENTS = ['attack', 'bombing', 'rocket strike', 'drone strike', 'ambush', 'roadside bomb', 'car bomb', 'raid', 'shelling', 'clashes', 'explosion'];
const COUNTS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'eleven', 'several', 'dozens of', 'at least 12', 'about 62', 'more than 30', '14', '27', '103'];
const VICTIMS = ['people', 'civilians', 'soldiers', 'fighters', 'police officers', 'children', 'workers', 'members of the security forces', 'pilgrims', 'guards'];
const WHEN = ['on Monday', 'on Tuesday', 'on Wednesday', 'on Thursday', 'on Friday', 'on Saturday', 'on Sunday', 'late on Sunday', 'early on Friday', 'overnight', 'at dawn', 'last week'];
const TOPICS = ['the security plan', 'the elections', 'the budget', 'the checkpoints', 'the withdrawal of foreign troops', 'the detention of suspects', 'the oil revenue', 'the reconstruction fund'];
const ADJ = ['baseless', 'fabricated', 'politically motivated', 'absurd', 'false', 'a provocation'];
const EMOJI = ['🇮🇶', '👍🏽', '🔥', '😢', '💥', '📷', '🙏', '💔', '🚨', '🕊️', '🤲🏼'];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function sentence(r: Rng): string {
  const g = () => r.pick(GROUPS);
  const p = () => r.pick(PEOPLE);
  switch (r.int(0, 11)) {
    case 0:
      return `${cap(g())} said ${r.pick(COUNTS)} ${r.pick(VICTIMS)} were killed and ${r.pick(COUNTS)} others were injured in the ${r.pick(EVENTS)} near ${r.pick(PLACES)} ${r.pick(WHEN)}.`;
    case 1:
      return `${cap(g())} claimed responsibility for the ${r.pick(EVENTS)} in ${r.pick(PLACES)}, according to a statement posted on its channels ${r.pick(WHEN)}.`;
    case 2:
      return `${cap(g())} denied any involvement in the ${r.pick(EVENTS)}, calling the accusations ${r.pick(ADJ)} and saying that its fighters had not left their positions.`;
    case 3:
      return `A spokesman for ${g()} told reporters that ${g()} was behind the ${r.pick(EVENTS)} and that ${r.pick(COUNTS)} of its members had been detained.`;
    case 4:
      return `${p()}, a ${r.pick(JOBS)} in ${r.pick(PLACES)}, said the ${r.pick(EVENTS)} had left the neighbourhood in shock and that nobody had come to help.`;
    case 5:
      return `“We heard ${r.pick(COUNTS)} explosions and then the shooting started,” said ${p()}, who was at the market with his family.`;
    case 6:
      return `The ${r.pick(EVENTS)} came as ${g()} and ${g()} traded accusations over ${r.pick(TOPICS)}, which has divided parliament for months.`;
    case 7:
      return `Hospital officials in ${r.pick(PLACES)} put the toll at ${r.pick(COUNTS)} dead, while ${g()} said only ${r.pick(COUNTS)} ${r.pick(VICTIMS)} had been wounded.`;
    case 8:
      return `${p()} accused ${g()} of covering up the number of victims, a charge the group rejected as ${r.pick(ADJ)}.`;
    case 9:
      return `Prices of bread and fuel in ${r.pick(PLACES)} rose again this week, residents said, and many families have left for ${r.pick(PLACES)}.`;
    case 10:
      return `One resident wrote on social media: "${r.pick(PLACES)} ${r.pick(EMOJI)} again, we are tired ${r.pick(EMOJI)}", and the post was shared thousands of times.`;
    default:
      return `In a separate incident ${r.pick(WHEN)}, ${r.pick(COUNTS)} ${r.pick(VICTIMS)} were reported missing after a ${r.pick(EVENTS)} on the road between ${r.pick(PLACES)} and ${r.pick(PLACES)}.`;
  }
}

/** A long article: a headline, paragraphs of 60–200 words separated by "\n", and a source line. */
export function generateArticle(seed: number, targetWords: number): string {
  const r = rng(seed);
  const lines = ['Claims, denials and counts: a year of attacks across Iraq 🇮🇶'];
  let words = 0;
  while (words < targetWords) {
    const goal = r.int(60, 200);
    const parts: string[] = [];
    let n = 0;
    while (n < goal) {
      let s = sentence(r);
      if (r.chance(0.08)) s += ` ${r.pick(EMOJI)}`;
      parts.push(s);
      n += s.split(/\s+/).length;
    }
    lines.push(parts.join(' '));
    words += n;
  }
  lines.push('Source » Bench Wire');
  return `${lines.join('\n')}\n`;
}

/** A short second document. */
export function smallArticle(): string {
  return [
    'Brief: rocket strike near Erbil airport',
    'A rocket struck near Erbil airport late on Sunday, the Kurdistan region’s interior ministry said. No casualties were reported. 🚨',
    'No group has claimed responsibility; Saraya Awliya al-Dam denied any role.',
  ].join('\n');
}

/** A whitespace-separated token of one line, in UTF-16 indices into the whole text. */
interface Token {
  start: number;
  /** End of the token without trailing punctuation: where a word-aligned span may end. */
  wordEnd: number;
  /** A span may start here (the token starts with a letter or digit). */
  canStart: boolean;
  /** A span may end at wordEnd (the token ends, before punctuation, with a letter or digit). */
  canEnd: boolean;
}

export interface Line {
  /** Index of the line (the editor's paragraph). */
  index: number;
  /** UTF-16 index of its first character. */
  start: number;
  tokens: Token[];
}

/** The lines of a text with their tokens, for choosing word-aligned ranges. */
export function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  text.split('\n').forEach((content, index) => {
    const tokens: Token[] = [];
    for (const m of content.matchAll(/\S+/g)) {
      const tok = m[0];
      const trimmed = tok.replace(/[.,;:!?"'”“)]+$/u, '');
      tokens.push({
        start: start + m.index,
        wordEnd: start + m.index + trimmed.length,
        canStart: /^[\p{L}\p{N}]/u.test(tok),
        canEnd: trimmed.length > 0 && /[\p{L}\p{N}]$/u.test(trimmed),
      });
    }
    out.push({ index, start, tokens });
    start += content.length + 1;
  });
  return out;
}

export interface Range {
  /** UTF-16 indices into the whole text. */
  from: number;
  to: number;
}

/** A word-aligned range of about `words` tokens starting at token i, or null if none fits. */
export function rangeAt(line: Line, i: number, words: number): Range | null {
  const t = line.tokens;
  while (i < t.length && !t[i]!.canStart) i++;
  if (i >= t.length) return null;
  let j = Math.min(t.length - 1, i + words - 1);
  while (j >= i && !t[j]!.canEnd) j--;
  if (j < i) return null;
  return { from: t[i]!.start, to: t[j]!.wordEnd };
}

const LABEL_MIX: Array<{ label: string; weight: number; words: [number, number] }> = [
  { label: 'actor', weight: 0.42, words: [1, 4] },
  { label: 'casualty-figure', weight: 0.2, words: [2, 6] },
  { label: 'claim', weight: 0.26, words: [6, 24] },
  { label: 'denial', weight: 0.12, words: [5, 16] },
];

function pickLabel(r: Rng): (typeof LABEL_MIX)[number] {
  let x = r.next();
  for (const m of LABEL_MIX) if ((x -= m.weight) < 0) return m;
  return LABEL_MIX[0]!;
}

export const rangeKey = (label: string, start: number, end: number) => `${label}:${start}:${end}`;

/**
 * `count` spans over the text with ids `${prefix}${n}`: labels in a realistic mix, claims and
 * denials long, actors short and often nested at the start of a claim (its claimant), figures
 * inside claims, and, since starts are random, some crossing overlaps too.
 */
export function generateSpans(text: string, index: CodePointIndex, count: number, seed: number, prefix: string): Span[] {
  const r = rng(seed);
  const lines = linesOf(text).filter((l) => l.tokens.length >= 8);
  const seen = new Set<string>();
  const spans: Span[] = [];
  const add = (label: string, range: Range | null) => {
    if (!range || spans.length >= count) return;
    const start = index.toCodePoint(range.from);
    const end = index.toCodePoint(range.to);
    const key = rangeKey(label, start, end);
    if (end <= start || seen.has(key)) return;
    seen.add(key);
    spans.push({ id: `${prefix}${spans.length.toString(36).padStart(4, '0')}`, label, startOffset: start, endOffset: end, quote: quoteOf(index, start, end) });
  };
  while (spans.length < count) {
    const line = r.pick(lines);
    const mix = pickLabel(r);
    const i = r.int(0, line.tokens.length - 1);
    add(mix.label, rangeAt(line, i, r.int(mix.words[0], mix.words[1])));
    if (mix.label === 'claim' || mix.label === 'denial') {
      // The claimant or denier at its start, and now and then a figure inside.
      if (r.chance(0.35)) add('actor', rangeAt(line, i, r.int(1, 3)));
      if (r.chance(0.15)) add('casualty-figure', rangeAt(line, i + r.int(2, 4), r.int(2, 4)));
    }
  }
  return spans;
}

/** How many spans sit inside another and how many cross another (per line, so cheap). */
export function overlapStats(spans: Span[]): { nested: number; crossing: number } {
  const sorted = [...spans].sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  let nested = 0;
  let crossing = 0;
  const open: Span[] = [];
  for (const s of sorted) {
    for (let k = open.length - 1; k >= 0; k--) if (open[k]!.endOffset <= s.startOffset) open.splice(k, 1);
    if (open.some((o) => o.endOffset >= s.endOffset)) nested++;
    else if (open.length > 0) crossing++;
    open.push(s);
  }
  return { nested, crossing };
}
