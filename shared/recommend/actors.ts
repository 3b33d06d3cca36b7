/**
 * The actors recommender: who acts, claims, denies or counts. Three sources, in this order of
 * trust:
 *  1. the project's entity registry: every name and alias of every entity, and the spellings
 *     close enough to them (transliterations, run-together words: shared/entities
 *     mentionFinder, shared/names), each linked to its entity (the label's entity attribute);
 *  2. unnamed speakers, as the guidelines ask them tagged: the whole description with any
 *     number that says how many ("two sources within the security services", "US officials",
 *     "a security source" without its article);
 *  3. named entities: runs of proper nouns from wink-nlp's tagger (tokens.ts), not linked
 *     unless the registry knows them.
 * A country or capital is an actor only when it acts ("Washington accused", "Iraq has denied"):
 * after "in", "near", "to"… or in front of a noun ("US base", "Iraqi forces") it is a place or a
 * word that qualifies another, and is not proposed.
 */
import { mentionFinder, type Mention } from '../entities/mentions';
import { NameIndex } from '../names/nameIndex';
import type { Entity } from '../entities/merge';
import type { Attributes, Label } from '../model/labels';
import type { Span } from '../model/span';
import { CodePointIndex } from '../text/codePoints';
import { foldCase } from '../text/foldCase';
import { labelFor } from './labels';
import { sentenceIndexAt, sentenceRanges, type TextRange } from './sentences';
import { firstWordAfter, wordsOf, type Word } from './tokens';
import type { Proposal, RecommendContext, Recommender } from './types';

const SCORE_EXACT = 0.9;
const SCORE_SPEAKER = 0.7;
const SCORE_NAME = 0.55;

/** A candidate in UTF-16 indices, before the offsets become code points. */
interface Candidate {
  from: number;
  to: number;
  score: number;
  entity?: Entity;
  kind?: string;
  why: string;
  source: 'registry' | 'speaker' | 'name';
  /** Registry mentions: the name or alias as written, or a spelling variant of it. */
  exact?: boolean;
  matched?: string;
}

// --- 1. The registry ----------------------------------------------------------------------------

/**
 * The registry, read once for as long as it is unchanged: one finder of every entity's name and
 * aliases as written (one target for them all, so the text is read once, not once per entity),
 * and a name index (shared/names) for the spellings that differ. Each spelling leads back to its
 * entity; a spelling two entities share goes to the first.
 *
 * Why spellings are looked up for the names the tagger finds, rather than by mentionFinder's own
 * variant pass over the whole text: that pass compares every run of capitalised words with every
 * alias, 12 s of CPU on the 1 MB article with a finder per entity and still about 1.5 s with
 * one; a tagged name is looked up once per distinct spelling.
 */
interface RegistryReader {
  key: string;
  exact: (text: string) => Mention[];
  index: NameIndex;
  owner: Map<string, Entity>;
  byId: Map<string, Entity>;
}

let registryReader: RegistryReader | undefined;

/** A description kept as an alias ("security source", "Iranian general"): its last word in lower case. */
const isDescription = (spelling: string) => {
  const last = spelling.trim().split(/\s+/u).at(-1) ?? '';
  return /^\p{Ll}/u.test(last) && !/^\p{Ll}{1,3}[-‐]\p{Lu}/u.test(last); // "al-Ashrin" is a name word
};

function readerFor(entities: readonly Entity[]): RegistryReader | undefined {
  const live = entities.filter((e) => !e.mergedInto);
  const owner = new Map<string, Entity>();
  for (const e of live) {
    for (const spelling of [e.name, ...e.aliases]) {
      const key = spelling.trim().normalize('NFC');
      if (key !== '' && !owner.has(key)) owner.set(key, e);
    }
  }
  const [first, ...rest] = owner.keys();
  if (first === undefined) return undefined;
  const key = [...owner].map(([k, e]) => `${k}\u0000${e.id}`).join('\u0001');
  if (registryReader?.key !== key) {
    // Spelling variants only of names: a description ("security source") is proposed as written.
    const names = live.map((e) => ({ id: e.id, name: e.name, aliases: e.aliases.filter((a) => !isDescription(a)) })).filter((e) => !isDescription(e.name) || e.aliases.length > 0);
    registryReader = {
      key,
      exact: mentionFinder({ name: first, aliases: rest }, { includeVariants: false }),
      index: new NameIndex(names.map((e) => (isDescription(e.name) ? { id: e.id, name: e.aliases[0] as string, aliases: e.aliases.slice(1) } : e))),
      owner,
      byId: new Map(live.map((e) => [e.id, e])),
    };
  }
  return registryReader;
}

function registryCandidates(text: string, reader: RegistryReader | undefined, index: CodePointIndex): Candidate[] {
  if (!reader) return [];
  const out: Candidate[] = [];
  for (const m of reader.exact(text)) {
    const entity = reader.owner.get(m.matched.trim().normalize('NFC'));
    if (!entity) continue;
    out.push({
      from: index.toUtf16(m.startOffset),
      to: index.toUtf16(m.endOffset),
      score: SCORE_EXACT,
      entity,
      ...(entity.kind ? { kind: entity.kind } : {}),
      why: `${(m.explanation[0] ?? `'${m.text}' is '${m.matched}'`).replace(/ is the (?:name|alias) /u, ' is ')} (${entity.name})`,
      source: 'registry',
      exact: true,
      matched: m.matched,
    });
  }
  return out;
}

/**
 * A name the tagger found that the registry has under another spelling ("Sayara Thora
 * Al-Ashrin" for "Saraya Thawrat al-Ashrin"): linked, as a registry mention. Looked up once per
 * distinct spelling of the text.
 */
function linkNames(text: string, names: readonly Candidate[], reader: RegistryReader | undefined): Candidate[] {
  if (!reader) return [...names];
  const seen = new Map<string, { entity: Entity; matched: string; score: number; why: string } | null>();
  return names.map((c) => {
    const written = text.slice(c.from, c.to);
    let link = seen.get(written);
    if (link === undefined) {
      const best = DEMONYM.test(written) ? undefined : reader.index.suggest(written, 1)[0];
      const entity = best?.same ? reader.byId.get(best.id) : undefined;
      link = entity && best ? { entity, matched: best.matched, score: best.score, why: best.explanation[0] ?? `'${written}' ~ '${best.matched}'` } : null;
      seen.set(written, link);
    }
    if (!link) return c;
    return {
      ...c,
      score: Math.min(SCORE_EXACT, link.score * 0.85),
      entity: link.entity,
      ...(link.entity.kind ? { kind: link.entity.kind } : {}),
      why: `${link.why} (${link.entity.name})`,
      source: 'registry' as const,
      exact: false,
      matched: link.matched,
    };
  });
}

// --- 2. Unnamed speakers ------------------------------------------------------------------------

/** Nouns that make a description of an unnamed speaker ("a security source", "US officials"). */
const SPEAKERS = 'sources?|officials?|spokes(?:man|men|woman|women|person|people)|commanders?|officers?|experts?|analysts?|journalists?|diplomats?|witness(?:es)?|residents?|members|authorities';
const COUNT = '(?:[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther|\\d+)';
/** Words that say whose speaker it is: a capitalised name word (not a determiner) or one of these. */
const QUALIFIER = "(?:(?!(?:A|An|The|This|That|These|Those|But|And|Or|No|Some|Any|Its|His|Her|Their|Our|When|While|If|As|In|On|At|For|With)\\s)[\\p{Lu}][\\p{L}’'\\-]*|[Ss]enior|[Ss]ecurity|[Mm]ilitary|[Mm]ilitia|[Gg]overnment|[Ii]ntelligence|[Dd]efen[cs]e|[Pp]olice|[Aa]rmy|[Ll]ocal|[Pp]rovincial|[Ff]ederal|[Tt]ribal|[Mm]edical|[Hh]ealth|[Hh]ospital|[Ii]nterior|[Ff]oreign|[Dd]iplomatic|[Ww]estern|[Tt]op|[Hh]igh-ranking|[Ff]ormer|[Ii]nformed|[Ff]orce|[Ss]tate)";
/** [count [of the]] [qualifiers] speaker [within/from/of the qualifiers speaker|services]. */
const SPEAKER_RE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${COUNT}\\s+(?:of\\s+the\\s+)?)?(?:${QUALIFIER}\\s+){0,4}(?:${SPEAKERS})(?:\\s+(?:within|from|of|in)\\s+the\\s+(?:${QUALIFIER}\\s+){0,3}(?:${SPEAKERS}|services|forces|ministry|army|government))?(?![\\p{L}\\p{N}])`,
  'gu',
);

function speakerCandidates(text: string, sentences: readonly TextRange[]): Candidate[] {
  const out: Candidate[] = [];
  for (const s of sentences) {
    const sentence = text.slice(s.from, s.to);
    for (const m of sentence.matchAll(SPEAKER_RE)) {
      const words = m[0].split(/\s+/u);
      // A plural alone ("sources said", "members") says nothing of who: it needs a count or a qualifier.
      if (words.length === 1 && /s$/u.test(m[0]) && !/^spokes/iu.test(m[0])) continue;
      const from = s.from + m.index;
      const to = from + m[0].length;
      // A title in front of a name ("Pentagon spokeswoman Sabrina Singh") or a description in
      // apposition to one ("John Rigsbee, a Central Command spokesman,"): the name is the actor.
      if (/^\s+(?:\p{Lu}\p{Ll}+\s+)*\p{Lu}\p{Ll}+/u.test(text.slice(to, Math.min(s.to, to + 40))) && !/^\s+(?:said|told|says)\b/u.test(text.slice(to, to + 8))) {
        const next = /^\s+(\p{Lu}[\p{L}’'-]*)/u.exec(text.slice(to, s.to))?.[1] ?? '';
        if (!/^(?:AFP|Reuters|The|A|An|In|On)$/u.test(next)) continue;
      }
      if (/\p{Lu}[\p{L}’'.-]*,\s+(?:a|an|the)\s+$/u.test(text.slice(Math.max(s.from, from - 40), from))) continue;
      // A speaker speaks: the description must stand near a speech verb, or it is just a noun.
      if (!nearSpeech(text, s, from, to)) continue;
      out.push({ from, to, score: SCORE_SPEAKER, kind: 'official', why: `'${m[0]}' describes a speaker`, source: 'speaker' });
    }
  }
  return out;
}

const SPEECH = /(?<![\p{L}])(?:said|says|say|told|tells|claimed|claims|denied|denies|deny|accused|accuses|announced|confirmed|reported|reports|stated|added|asserted|estimated|noted|warned|blamed|according|insisted|explained|contradicted|dismissed|rejected|quoted|spoke|speaking|declined)(?![\p{L}])/iu;

function nearSpeech(text: string, sentence: TextRange, from: number, to: number): boolean {
  const before = text.slice(Math.max(sentence.from, from - 40), from);
  const after = text.slice(to, Math.min(sentence.to, to + 40));
  return SPEECH.test(after) || /according to\s+(?:the\s+)?$/iu.test(before) || /(?:by|to|told|from)\s+(?:the\s+|a\s+|an\s+)?$/iu.test(before) && SPEECH.test(text.slice(sentence.from, sentence.to));
}

// --- 3. Named entities (runs of proper nouns) ---------------------------------------------------

/** Lower-case words allowed inside a name ("Islamic Resistance in Iraq", "Companions of the Cave"). */
const NAME_PARTICLES = new Set(['of', 'in', 'for', 'de', 'la']);
/** Titles and ranks left out in front of a name (the guidelines), and words that start a sentence. */
const TITLES = /^(?:general|gen|maj|major|col|colonel|lt|lieutenant|sgt|sergeant|capt|captain|commander|cmdr|adm|admiral|brig|brigadier|president|prime|minister|ayatollah|sheikh|imam|mr|mrs|ms|dr|prof|king|prince|emir|sen|senator|gov|governor|secretary|spokesman|spokeswoman|major-general|quds|army|chief|the|a|an)$/i;
/** Proper nouns that are not actors: days, months, words for places, events and weapons. */
const NOT_ACTORS = /^(?:also|however|meanwhile|further|furthermore|moreover|worse|still|yet|then|later|earlier|instead|indeed|islamic|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|source|photo|pm|am|gmt|utc|street|road|province|base|airport|city|route|highway|border|crossing|war|east|west|north|south|middle|gulf|sea|river|valley|region|governorate|district|division|[\p{L}]*\d[\p{L}\d]*)$/iu;
const PLACE_PREPOSITIONS = /(?:^|\s)(?:in|near|at|to|into|from|across|toward|towards|outside|inside|around|over|through|of|between|on|against|via|for|like|than|under|beyond|within)\s*$/iu;
const PLACE_NOUNS = /^(?:base|bases|province|airport|city|border|crossing|area|region|district|governorate|camp|highway|road|town|village|neighbou?rhood|strip|house|palace)$/iu;
/** Before a name of several words, only these say it is a place ("to" does not: "referred to Ashab al-Kahf"). */
const IN_A_PLACE = /(?:^|\s)(?:in|near|at|into|across|toward|towards|outside|inside|around|through|within)\s*$/iu;
/** A nationality or demonym: a qualifier or a people, not an actor of its own ("Iraqi MP", "Americans"). */
const DEMONYM = /^(?:\p{Lu}\p{Ll}{2,}(?:ian|ians|ean|eans|ese|ish|ican|icans)|Iraqi|Israeli|Saudi|Kuwaiti|Omani|Yemeni|Pakistani|Afghani|Qatari|Emirati|Bahraini|Shi[’']?ite|Sunni|Kurdish|Arab|Western)$/u;

/** A word as the eye sees it: tokens written together ("al-Ghanmi", "Kuwait’s", "O’Brien"), UTF-16 indices. */
interface Chunk {
  text: string;
  from: number;
  to: number;
  proper: boolean;
  /** The part of speech of its last token (what follows a name says whether it acts). */
  pos: string;
}

const JOINERS = /^[-‐'’]$/u;
/** Parts of speech that are never part of a name, capital or not ("The", "He", "When"). */
const CLOSED_CLASS = new Set(['DET', 'PRON', 'ADP', 'CCONJ', 'SCONJ', 'AUX', 'PART', 'PUNCT', 'NUM', 'SYM', 'INTJ']);

/** The sentence's words as chunks: tokens joined by a hyphen or apostrophe with no space are one. */
function chunksOf(words: readonly Word[], from: number, to: number): Chunk[] {
  const out: Chunk[] = [];
  let i = firstWordAfter(words, from);
  while (i < words.length && (words[i] as Word).from < to) {
    let j = i;
    while (
      j + 2 < words.length &&
      (words[j + 1] as Word).from === (words[j] as Word).to &&
      JOINERS.test((words[j + 1] as Word).text) &&
      (words[j + 2] as Word).from === (words[j + 1] as Word).to &&
      /^\p{L}/u.test((words[j + 2] as Word).text)
    )
      j += 2;
    // A possessive stays out of the chunk ("Kuwait" of "Kuwait’s"); it joins a run below.
    const first = words[i] as Word;
    const last = words[j] as Word;
    const parts = words.slice(i, j + 1);
    const text = parts.map((w) => w.text).join('');
    // A proper noun with its capital ("Reuters"), a capitalised word inside a sentence (the
    // tagger reads "Associated" in "the Associated Press" as a verb), or a name word written
    // with its article ("al-Chaabi", "Al-Mayadeen").
    const capital = /^\p{Lu}/u.test(text);
    const proper =
      (capital && (parts.some((w) => w.pos === 'PROPN') || (out.length > 0 && !CLOSED_CLASS.has(first.pos)) || /^\p{Lu}{2,}$/u.test(text))) ||
      /^\p{L}{1,3}[-‐]\p{Lu}/u.test(text);
    // "Iran-backed", "Islamic State-related": a word made from a name is not one.
    const derived = /[-‐]\p{Ll}+$/u.test(text) && !/^\p{L}{1,3}[-‐]/u.test(text);
    out.push({ text, from: first.from, to: last.to, proper: proper && !derived && /^\p{L}/u.test(text), pos: last.pos });
    i = j + 1;
  }
  return out;
}

/** The last word of a name without its article, to know it again alone ("Suleimani", "Muhandis"). */
function surnameKey(name: string): string {
  const last = name.trim().split(/\s+/u).at(-1) ?? '';
  return foldCase(last.replace(/^\p{L}{1,3}[-‐]/u, '').replace(/['’]s$/u, ''));
}

/**
 * `known`: names found elsewhere (registry mentions of several words): a lone word that is the
 * last word of one of them, or of a name of several words this text has, is that name again
 * ("Suleimani" after "Qassem Suleimani") and is proposed without needing to act.
 */
function nameCandidates(text: string, words: readonly Word[], sentences: readonly TextRange[], known: ReadonlySet<string>): Candidate[] {
  const runs: Array<{ s: TextRange; first: Chunk; last: Chunk; next: Chunk | undefined; single: boolean }> = [];
  for (const s of sentences) {
    const chunks = chunksOf(words, s.from, s.to);
    let i = 0;
    while (i < chunks.length) {
      if (!(chunks[i] as Chunk).proper) {
        i++;
        continue;
      }
      let j = i;
      // A run of proper chunks, with particles and possessives inside it, never at either end.
      for (;;) {
        const next = chunks[j + 1];
        if (next?.proper && /^\s+$/u.test(text.slice((chunks[j] as Chunk).to, next.from))) j++;
        else if (next && (NAME_PARTICLES.has(next.text) || /^['’]s$/u.test(next.text)) && chunks[j + 2]?.proper) j += 2;
        else if (next?.text === 'of' && chunks[j + 2]?.text === 'the' && chunks[j + 3]?.proper) j += 3;
        else break;
      }
      let a = i;
      while (a <= j && (TITLES.test((chunks[a] as Chunk).text.replace(/\.$/u, '')) || !(chunks[a] as Chunk).proper)) a++;
      let b = j;
      while (b >= a && (NOT_ACTORS.test((chunks[b] as Chunk).text) || TITLES.test((chunks[b] as Chunk).text) || !(chunks[b] as Chunk).proper)) b--;
      while (a < b && (DEMONYM.test((chunks[a] as Chunk).text) || !(chunks[a] as Chunk).proper)) a++;
      while (b > a && DEMONYM.test((chunks[b] as Chunk).text)) b--;
      if (a <= b) runs.push({ s, first: chunks[a] as Chunk, last: chunks[b] as Chunk, next: chunks[b + 1], single: a === b });
      i = j + 1;
    }
  }
  const surnames = new Set(known);
  // Only names that read as a person's: two to four words, none of them "of", "in", "the"…
  for (const r of runs) {
    const name = text.slice(r.first.from, r.last.to);
    if (!r.single && !/\s\p{Ll}+\s/u.test(name) && name.split(/\s+/u).length <= 4) surnames.add(surnameKey(r.last.text));
  }
  const out: Candidate[] = [];
  for (const { s, first, last, next, single } of runs) {
    const name = text.slice(first.from, last.to);
    if (NOT_ACTORS.test(name) || /^\p{Lu}$/u.test(name) || (single && DEMONYM.test(name))) continue;
    if (!notAPlace(text, s, first.from, next, single ? PLACE_PREPOSITIONS : IN_A_PLACE)) continue;
    // One word alone is too often a place or a sentence's first word: it must act, or be a name seen whole.
    const again = single && surnames.has(surnameKey(name));
    if (single && !again && !acts(text, s, first.from, next)) continue;
    out.push({ from: first.from, to: last.to, score: SCORE_NAME, why: again ? `'${name}' is the last word of a name found whole` : `'${name}' is a name (proper nouns)`, source: 'name' });
  }
  return out;
}

/** Not after a preposition of place ("in Iraq"), and not in front of a noun it qualifies ("US base"). */
function notAPlace(text: string, s: TextRange, from: number, next: Chunk | undefined, prepositions = PLACE_PREPOSITIONS): boolean {
  const before = text.slice(Math.max(s.from, from - 14), from).replace(/[‘“"']\s*$/u, '');
  if (prepositions.test(before) && !/according\s+to\s*$/iu.test(before)) return false;
  // A name of several words may qualify a noun ("Islamic State fighters"), but not a place's ("Ain al-Assad base").
  if (prepositions !== PLACE_PREPOSITIONS) return !(next && PLACE_NOUNS.test(next.text));
  return !(next && (next.pos === 'NOUN' || next.pos === 'ADJ' || next.pos === 'NUM'));
}

/** The name does something here: a verb follows ("Washington accused", "Iraq has denied"), or it is the source of what is said. */
function acts(text: string, s: TextRange, from: number, next: Chunk | undefined): boolean {
  // A verb follows ("Washington accused", "Iraq has denied"); "is" or "are" only says what it is
  // ("Diwaniyah is on a road"), unless a verb of its own follows ("was quoted as saying").
  if (next && (next.pos === 'VERB' || next.pos === 'AUX') && !/ing$/u.test(next.text)) {
    if (!/^(?:is|are|was|were|be|been)$/iu.test(next.text)) return true;
    if (/^\s+(?:\p{L}+ly\s+)?\p{L}+ed\b/u.test(text.slice(next.to, s.to))) return true;
  }
  if (next && /^['’]s$/u.test(next.text)) return false;
  // The first of two subjects: "Al-Mayadeen and other media in the region … reported".
  if (next?.text === 'and' && /^[^,;.]{0,80}?\b(?:reported|said|claimed|denied|accused|announced|confirmed)\b/iu.test(text.slice(next.to, s.to))) return true;
  const before = text.slice(Math.max(s.from, from - 20), from);
  return /(?:according\s+to|told|by|quoted|via)\s+$/iu.test(before) || (next?.text === ',' && /,\s*$/u.test(before) === false && SPEECH.test(text.slice(from, Math.min(s.to, from + 60))) && /^[^,]*,\s*(?:said|told|added|according)/iu.test(text.slice(from, s.to)));
}

/**
 * Whether a registry mention stands as an actor here. A description the registry keeps as an
 * alias ("militia", "spokesman", "Iranian general": its last word in lower case) only near a
 * speech verb, as a speaker; a one-word state ("US", "Iraq") only where it acts, not as a place
 * or a qualifier; a spelling variant only of a name, never of a description.
 */
function registryMentionActs(text: string, words: readonly Word[], c: Candidate, s: TextRange | undefined, exact: boolean, matched: string): boolean {
  if (!s || !c.entity) return true;
  const inner = text.slice(c.from, c.to);
  if (isDescription(matched)) return exact && nearSpeech(text, s, c.from, c.to) && notAPlace(text, s, c.from, chunksOf(words, c.to, s.to)[0]);
  const next = chunksOf(words, c.to, s.to)[0];
  // A state's name of several words ("United States") as a place or a qualifier is no actor either.
  if (/\s/u.test(inner.trim())) return c.kind !== 'state' || notAPlace(text, s, c.from, next);
  if (inner === inner.toUpperCase() && matched !== matched.toUpperCase()) return false; // "REUTERS" in a dateline
  if (c.kind !== 'state' && !/^\p{Lu}{2,}$/u.test(inner.replace(/\./g, ''))) return true;
  return notAPlace(text, s, c.from, next) && acts(text, s, c.from, next);
}

// --- Together -----------------------------------------------------------------------------------

function sentenceOf(sentences: readonly TextRange[], at: number): TextRange | undefined {
  return sentences[sentenceIndexAt(sentences, at)];
}

/**
 * The candidates that stand: registry mentions first; a speaker description may hold a mention
 * ("Hachd al-Chaabi official" and "Hachd al-Chaabi" in it, as the guidelines want both); a name
 * from the tagger only where nothing else is.
 */
function settle(candidates: readonly Candidate[], sentences: readonly TextRange[]): Candidate[] {
  // Candidates of different sentences never meet: settle each sentence's few among themselves.
  const bySentence = new Map<number, Candidate[]>();
  for (const c of candidates) {
    const key = sentenceOf(sentences, c.from)?.from ?? -1;
    const list = bySentence.get(key);
    if (list) list.push(c);
    else bySentence.set(key, [c]);
  }
  const chosen: Candidate[] = [];
  for (const list of bySentence.values()) chosen.push(...settleSentence(list));
  return chosen.sort((x, y) => x.from - y.from || y.to - x.to);
}

function settleSentence(candidates: readonly Candidate[]): Candidate[] {
  const chosen: Candidate[] = [];
  const overlaps = (c: Candidate, d: Candidate) => c.from < d.to && d.from < c.to;
  const same = (c: Candidate, d: Candidate) => c.from === d.from && c.to === d.to;
  for (const source of ['registry', 'speaker', 'name'] as const) {
    const mine = candidates.filter((c) => c.source === source).sort((x, y) => y.to - y.from - (x.to - x.from) || x.from - y.from);
    for (const c of mine) {
      if (chosen.some((d) => same(c, d))) continue;
      if (source !== 'speaker' && chosen.some((d) => overlaps(c, d))) continue;
      if (source === 'speaker' && chosen.some((d) => d.source === 'speaker' && overlaps(c, d))) continue;
      chosen.push(c);
    }
  }
  return chosen;
}

function attributesFor(label: Label, c: Candidate): Attributes {
  const out: Attributes = {};
  const entityAttr = label.attributes.find((a) => a.type === 'entity');
  if (entityAttr && c.entity) out[entityAttr.id] = c.entity.id;
  const kindAttr = label.attributes.find((a) => a.id === 'kind' && a.type === 'choice');
  if (kindAttr?.type === 'choice' && c.kind && kindAttr.options.some((o) => o.id === c.kind)) out[kindAttr.id] = c.kind;
  return out;
}

export interface ActorOptions {
  /** Named entities from the tagger (default true); false: the registry and speaker descriptions only. */
  names?: boolean;
}

/**
 * The last answer, kept: the service asks the actors rule and the claims rule (which links to
 * actors) about the same document one after the other.
 */
let lastAnswer: { text: string; entities: readonly Entity[]; label: Label; names: boolean; proposals: Proposal[] } | undefined;

/** The actor proposals of a text (code points), as the actors rule gives them. */
export function actorProposals(context: RecommendContext, label: Label, opts: ActorOptions = {}): Proposal[] {
  const names = opts.names ?? true;
  const l = lastAnswer;
  if (l && l.text === context.text && l.entities === context.entities && l.label === label && l.names === names) return l.proposals;
  const proposals = findActors(context, label, names);
  if (!context.cancelled?.()) lastAnswer = { text: context.text, entities: context.entities, label, names, proposals };
  return proposals;
}

function findActors(context: RecommendContext, label: Label, names: boolean): Proposal[] {
  const { text } = context;
  const cancelled = context.cancelled ?? (() => false);
  const index = new CodePointIndex(text);
  const sentences = sentenceRanges(text);
  const words = wordsOf(text);
  const reader = readerFor(context.entities);
  const candidates = registryCandidates(text, reader, index).filter((c) =>
    registryMentionActs(text, words, c, sentenceOf(sentences, c.from), c.exact ?? true, c.matched ?? ''),
  );
  if (cancelled()) return [];
  candidates.push(...speakerCandidates(text, sentences));
  if (names) {
    const known = new Set(
      candidates.filter((c) => /\s/u.test(text.slice(c.from, c.to).trim()) && !/\s\p{Ll}+\s/u.test(text.slice(c.from, c.to))).map((c) => surnameKey(text.slice(c.from, c.to))),
    );
    // Names the registry knows exactly are already there; the others may be its spellings.
    const taken = new Set(candidates.map((c) => `${c.from}-${c.to}`));
    const found = nameCandidates(text, words, sentences, known).filter((n) => !taken.has(`${n.from}-${n.to}`));
    candidates.push(...linkNames(text, found, reader));
  }
  return settle(candidates, sentences).map((c) => ({
    label: label.id,
    startOffset: index.toCodePoint(c.from),
    endOffset: index.toCodePoint(c.to),
    score: c.score,
    attributes: attributesFor(label, c),
    why: c.why,
  }));
}

export function actorsRecommender(opts: ActorOptions = {}): Recommender {
  return {
    id: 'actors',
    name: 'Actors',
    description: 'Names and aliases of the entity registry and their spellings, unnamed speakers ("a security source"), and other names, linked to the registry where they match.',
    kind: 'rules',
    enabledByDefault: true,
    labels: (schema) => {
      const label = labelFor(schema, 'actor');
      return label ? [label.id] : [];
    },
    recommend(context) {
      const label = labelFor(context.schema, 'actor');
      return label ? actorProposals(context, label, opts) : [];
    },
  };
}

/**
 * The registry as the given spans know it, for evaluating the actors rule without knowing the
 * document held out: the sample project's registry was built from the very documents it is
 * measured on. Each entity a span links to (through any attribute whose value is an entity id)
 * is kept, with only the spellings those spans quote as its name and aliases: the first quoted
 * spelling is its name. Entities no span links to are left out.
 */
export function entitiesFromSpans(spans: readonly Span[], registry: readonly Entity[]): Entity[] {
  const byId = new Map(registry.map((e) => [e.id, e]));
  const quoted = new Map<string, string[]>();
  for (const span of spans) {
    for (const value of Object.values(span.attributes ?? {})) {
      if (typeof value !== 'string' || !byId.has(value)) continue;
      const list = quoted.get(value) ?? [];
      const exact = span.quote.exact.trim();
      if (exact !== '' && !list.includes(exact)) list.push(exact);
      quoted.set(value, list);
    }
  }
  const out: Entity[] = [];
  for (const [id, spellings] of quoted) {
    const entity = byId.get(id) as Entity;
    const [name, ...aliases] = spellings;
    if (name === undefined) continue;
    out.push({
      id,
      name,
      aliases,
      contributors: entity.contributors,
      updated: entity.updated,
      ...(entity.kind ? { kind: entity.kind } : {}),
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
