/**
 * The claims and denials recommender: statements about an attack, found by the verbs that make
 * them (claimed responsibility, accused, said, reported, confirmed… denied, dismissed,
 * rejected, contradicted…), with the clause the verb governs as the span, as the guidelines ask:
 * the smallest stretch that holds the verb and what is claimed or denied, without helper words
 * in front of it (has, had), how it was said (in a video, on Twitter) or an "according to"
 * phrase. Three shapes:
 *  - verb first: "[claimed responsibility for the attack] in a published video";
 *  - content first: "[An armed group set fire to three US vehicles, a security source said]"
 *    (the speaker between the content and the verb stays inside);
 *  - according to: "[A video … showed an attack on a convoy], according to social media".
 * A said/told/reported statement is proposed only when it is about an attack (its clause names
 * one, or a strike, a blast, casualties…): most of what an article's sources say is not a claim.
 * Each proposal is linked to its claimant or denier: the nearest actor in the sentence (a span
 * of the layer, or one the actors rule proposes, then proposed with it); a denial is linked to
 * the claim it denies: the last one before it, in its sentence or the ten before.
 */
import type { Label, LabelSchema, RelationType } from '../model/labels';
import type { Span } from '../model/span';
import { CodePointIndex } from '../text/codePoints';
import { actorProposals } from './actors';
import { labelFor, relationFor } from './labels';
import { sentenceIndexAt, sentenceRanges, type TextRange } from './sentences';
import type { Proposal, RecommendContext, Recommender } from './types';

type ClaimType = 'responsibility' | 'accusation' | 'event-report' | 'statement';

interface Cue {
  kind: 'claim' | 'denial';
  type?: ClaimType;
  /** Only a claim when the clause is about an attack. */
  needsTopic: boolean;
  score: number;
}

const CUES: Array<[RegExp, Cue]> = [
  [/^(?:claim(?:s|ed|ing)?|took|take[sn]?|assum(?:ed|es|ing))\s+(?:full\s+)?responsibility\b/iu, { kind: 'claim', type: 'responsibility', needsTopic: false, score: 0.85 }],
  [/^claim(?:s|ed|ing)?\s+(?:that\s+)?(?:it|they|he|she|the\s+group)\s+(?:had\s+|has\s+|have\s+)?(?:carried\s+out|conducted|launched|was\s+behind|were\s+behind|targeted)\b/iu, { kind: 'claim', type: 'responsibility', needsTopic: false, score: 0.8 }],
  [/^(?:accus(?:ed|es|ing)|blam(?:ed|es|ing))\b/iu, { kind: 'claim', type: 'accusation', needsTopic: false, score: 0.75 }],
  [/^(?:den(?:ied|ies|y|ying)|dismiss(?:ed|es|ing)|reject(?:ed|s|ing)|refut(?:ed|es|ing)|contradict(?:ed|s|ing)|disput(?:ed|es|ing))\b/iu, { kind: 'denial', needsTopic: false, score: 0.7 }],
  [/^(?:announc(?:ed|es|ing)|confirm(?:ed|s|ing)|report(?:ed|s|ing)|estimat(?:ed|es|ing)|not(?:ed|es|ing)|stat(?:ed|es|ing)|assert(?:ed|s|ing)|claim(?:ed|s|ing)|insist(?:ed|s|ing)|said|says|say|told|tells|add(?:ed|s))\b/iu, { kind: 'claim', type: 'event-report', needsTopic: true, score: 0.55 }],
];

/** What makes a statement about an attack. */
const TOPIC = /\b(?:attack(?:s|ed|ing)?|counterattack|strikes?|struck|explosions?|blasts?|bomb(?:s|ing|ed)?|rockets?|missiles?|drones?|shell(?:s|ing|ed)|raids?|ambush(?:ed)?|assault|set\s+fire|fired|caused|responsib\w*|carried\s+out|behind|target(?:s|ed|ing)?|convoy|incident|destroy(?:ed)?|aircraft|militia|sophisticated)\b/iu;
/**
 * Not a claim: a statement whose only news is a casualty figure ("Eight people were injured,
 * the spokesman said") is tagged as the figure, with its reporter (the guidelines), so
 * casualty words alone do not make a statement about an attack.
 */
/** Claims verbs that do not report: a statement of this kind is a claim of what type. */
const STATEMENT = /^(?:assert|insist|claim)/iu;
/** The speaker says it did it: "that they were able to destroy…", "it was the origin". */
const SELF = /^\s*(?:that\s+)?(?:it|they|we)\s+(?:was|were|had|have|has|caused|carried|conducted|launched|are|did|targeted)\b/iu;
/** The speaker names who did it: "caused by militia", "pointed to Iranian-backed groups", "attacks by Iranian-backed groups". */
const NAMES_ATTACKER = /\b(?:(?:caused|carried\s+out|launched|conducted|behind)\s+by\s+(?!an?\s+(?:drone|rocket|missile|aircraft|explosive|bomb)\b)|pointed\s+to\b|attacks\s+by\b|\bpicked\b|\bbehind\s+the\b)/iu;

/** The type of a said/reported statement from its words: responsibility, accusation, statement or a report of the event. */
function reportType(cueWords: string, content: string): ClaimType {
  if (/responsibility/iu.test(content) || SELF.test(content)) return 'responsibility';
  if (NAMES_ATTACKER.test(content)) return 'accusation';
  return STATEMENT.test(cueWords) ? 'statement' : 'event-report';
}
/** Nothing was claimed: "No group claimed responsibility", "has not claimed". */
const NEGATED = /\b(?:no(?:\s+\w+)?|not(?:\s+yet)?|never|nobody|none|yet\s+to|declined\s+to|refused\s+to)\s+(?:has\s+|have\s+|had\s+)?$/iu;
/** A passive with nobody named ("an explosion was reported at…") is the writer's, not a source's. */
const PASSIVE = /\b(?:was|were|been|being|is|are)\s+(?:also\s+|\p{L}+ly\s+)?$/iu;
/** Verb forms that are also nouns, the subject of another verb ("The Iranian reports said…"). */
const NOUN_FORMS = /^(?:reports|claims|notes|states|adds|says)\s+(?:said|say|says|suggest|suggested|indicate|indicated|claimed|showed)\b/iu;
/** Words that begin another clause, where the statement's clause ends. */
const CLAUSE_BREAK = /^\s+(?:before|while|but|whereas|although|though|because|after)\s/iu;
/** How it was said, which the span leaves out ("in a published video", "on Twitter", "with photos"). */
const MEDIUM = /\s+(?:in\s+an?\s+(?:\w+\s+)?(?:video|statement|interview|post|message|tweet|communiqu[eé])|on\s+(?:Twitter|Telegram|X|Facebook|social\s+media|state\s+(?:TV|television))|with\s+(?:photos|pictures|images|video)|via\s+\w+|to\s+reporters)\b/iu;
/** Words after which a clause runs on past a comma ("…, injuring some staff", "…, in which…"). */
const RUNS_ON = /^,\s*(?:injuring|killing|wounding|leaving|in\s+which|notably|including)\b/iu;
/** A clause ends before another statement verb joined by "and" ("contradicted this story and confirmed…"). */
const AND_CUE = /^\s+and\s+(?:den|confirm|claim|said|accus|report|announc|reject|dismiss)/iu;

/** The end (UTF-16 index into the sentence) of the clause that starts at `from`. */
function clauseEnd(sentence: string, from: number): number {
  let quotes = 0;
  for (let i = from; i < sentence.length; i++) {
    const ch = sentence[i] as string;
    if (ch === '“') quotes++;
    else if (ch === '”') {
      quotes = Math.max(0, quotes - 1);
      // A quotation that ends with its comma ends the clause: “on the highway near Abu Ghraib,”
      if (quotes === 0 && sentence[i - 1] === ',') return i + 1;
    }
    else if ((ch === ',' || ch === ';' || ch === ':' || ch === '—' || ch === '(') && quotes === 0) {
      if (ch === ',' && RUNS_ON.test(sentence.slice(i))) continue;
      return trimEnd(sentence, from, i);
    } else if (ch === ' ' && i > from) {
      const rest = sentence.slice(i);
      const medium = MEDIUM.exec(rest);
      if (medium && medium.index === 0) return trimEnd(sentence, from, i);
      if (AND_CUE.test(rest) || CLAUSE_BREAK.test(rest)) return trimEnd(sentence, from, i);
    }
  }
  return trimEnd(sentence, from, sentence.length);
}

/** No full stop, comma or space at the end; a quotation mark stays when its pair is inside. */
function trimEnd(sentence: string, from: number, to: number): number {
  while (to > from && /[\s.,;:!?…]/u.test(sentence[to - 1] as string)) to--;
  if (sentence[to] === '.' && sentence[to + 1] === '”') to += 2; // “strategy of attrition.”
  else if (sentence[to] === '”' || (sentence[to] === ',' && sentence[to + 1] === '”')) {
    const open = sentence.lastIndexOf('“', to);
    if (open >= from) to = sentence[to] === '”' ? to + 1 : to + 2;
  }
  return to;
}

interface Found {
  kind: 'claim' | 'denial';
  type?: ClaimType;
  /** UTF-16 indices into the text. */
  from: number;
  to: number;
  /** Where the verb is, to find the claimant before it. */
  cueAt: number;
  score: number;
  why: string;
}

const WORD_START = /(?<![\p{L}\p{N}’'-])\p{L}/gu;

/** Claims and denials of one sentence (UTF-16 indices into the text). */
function inSentence(text: string, s: TextRange): Found[] {
  const sentence = text.slice(s.from, s.to);
  const out: Found[] = [];
  // "an allegation it denied": the denial is the noun and its verb together.
  for (const m of sentence.matchAll(/\b(?:an?|the|this|that)\s+(?:allegation|accusation|claim|charge|report|account)s?\s+(?:that\s+|which\s+)?(?:it|they|he|she|the\s+\w+)\s+(?:has\s+|had\s+|have\s+)?(?:denied|rejected|dismissed)\b/giu)) {
    out.push({ kind: 'denial', from: s.from + m.index, to: s.from + m.index + m[0].length, cueAt: s.from + m.index, score: 0.75, why: `'${m[0]}': a denial of what was said before` });
  }
  // Content first: "…, a security source said." / "…, one of the militia commanders told Reuters."
  const inverted = /,\s+((?:[\p{L}\p{N}’'-]+\s+){1,8}?)(said|told|added|reported)(?:\s+[\p{Lu}][\p{L}]*)?\s*[.!]?\s*$/u.exec(sentence);
  if (inverted && inverted.index > 20 && TOPIC.test(sentence.slice(0, inverted.index)) && !/^(?:which|who|where|when|and|but|as|while|it|he|she|they)\b/iu.test(inverted[1] ?? '')) {
    const cue = (inverted[2] as string);
    const to = inverted.index + inverted[0].indexOf(cue, (inverted[1] ?? '').length) + cue.length;
    const from = /^(?:But|And|However|Meanwhile),?\s+/u.exec(sentence)?.[0].length ?? 0;
    out.push({ kind: 'claim', type: reportType(cue, sentence.slice(from, inverted.index)), from: s.from + from, to: s.from + to, cueAt: s.from + to - cue.length, score: 0.6, why: `content first, then '${cue}'` });
  }
  // According to: the content before ", according to …", or after "According to …,".
  const according = /,\s+according\s+to\b/iu.exec(sentence);
  if (according && TOPIC.test(sentence.slice(0, according.index)) && !out.some((f) => f.from - s.from < according.index)) {
    const from = /^(?:But|And|However|Meanwhile),?\s+/u.exec(sentence)?.[0].length ?? 0;
    out.push({ kind: 'claim', type: 'event-report', from: s.from + from, to: s.from + according.index, cueAt: s.from + according.index, score: 0.55, why: `what is said ', according to' a source` });
  }
  for (const w of sentence.matchAll(WORD_START)) {
    const at = w.index;
    if (out.some((f) => s.from + at >= f.from && s.from + at < f.to)) continue;
    const rest = sentence.slice(at);
    // Cues are verbs, in lower case: "States" is not "states".
    if (!/^\p{Ll}/u.test(rest)) continue;
    const hit = CUES.find(([re]) => re.test(rest));
    if (!hit) continue;
    const [re, cue] = hit;
    const before = sentence.slice(Math.max(0, at - 30), at);
    if (NEGATED.test(before) || (cue.needsTopic && PASSIVE.test(before)) || NOUN_FORMS.test(rest)) continue;
    // "told the assembled commanders to form…": an order, not a statement.
    if (/^(?:told|tells)\s+(?:[\p{L}’'-]+\s+){0,5}?to\s+(?!the\b|an?\b)\p{Ll}+/u.test(rest) && !/^told\s+\p{Lu}/u.test(rest)) continue;
    // "said" inside an "according to" or a relative clause about someone else is not this one's.
    const cueWords = (re.exec(rest) as RegExpExecArray)[0];
    const end = clauseEnd(sentence, at + cueWords.length);
    const clause = sentence.slice(at, Math.max(end, at + cueWords.length));
    const content = clause.slice(cueWords.length);
    if (cue.needsTopic && !TOPIC.test(content)) continue;
    if (cue.kind === 'claim' && content.trim() === '' && cue.type !== 'responsibility') continue;
    // Reported speech verbs used as nouns or adjectives ("the reported attack") are not cues.
    if (/^(?:reported|claimed|alleged)\s+(?:attack|incident|strike)/iu.test(rest) && /\b(?:the|an?|this)\s+$/iu.test(sentence.slice(Math.max(0, at - 6), at))) continue;
    let type = cue.type;
    if (type === 'event-report') type = reportType(cueWords, content);
    out.push({ kind: cue.kind, ...(type ? { type } : {}), from: s.from + at, to: s.from + at + clause.length, cueAt: s.from + at, score: cue.score, why: `cue '${cueWords}'` });
  }
  return out.sort((a, b) => a.from - b.from);
}

/** An actor to link to: a span of the layer (by id) or an actor proposal (UTF-16 indices). */
interface ActorAt {
  from: number;
  to: number;
  spanId?: string;
  proposal?: Proposal;
}

/** The claimant: the actor nearest before the verb in the sentence, else the nearest after it. */
function claimantOf(f: Found, s: TextRange, inSentence: readonly ActorAt[]): ActorAt | undefined {
  const before = inSentence.filter((a) => a.to <= f.cueAt && !(a.from >= f.from && a.to <= f.cueAt && f.cueAt > f.from && f.cueAt - a.to > 60));
  // Content first: the speaker stands just before the verb, inside the span.
  const nearestBefore = before.sort((a, b) => b.to - a.to)[0];
  if (nearestBefore) return nearestBefore;
  return inSentence.filter((a) => a.from >= f.to).sort((a, b) => a.from - b.from)[0];
}

export function claimsRecommender(): Recommender {
  return {
    id: 'claims',
    name: 'Claims and denials',
    description: 'Claims of responsibility, accusations and reports of an attack, and denials, by the verbs that make them, each linked to the nearest actor.',
    kind: 'rules',
    enabledByDefault: true,
    labels: (schema) => [labelFor(schema, 'claim'), labelFor(schema, 'denial')].flatMap((l) => (l ? [l.id] : [])),
    recommend: (context) => claimProposals(context),
  };
}

interface Relations {
  claimant?: RelationType;
  denier?: RelationType;
  denies?: RelationType;
}

function relationsOf(schema: LabelSchema, claim: Label | undefined, denial: Label | undefined, actor: Label | undefined): Relations {
  const out: Relations = {};
  if (claim && actor) {
    const r = relationFor(schema, claim.id, actor.id, /^claimant$/i);
    if (r) out.claimant = r;
  }
  if (denial && actor) {
    const r = relationFor(schema, denial.id, actor.id, /^denier$/i);
    if (r) out.denier = r;
  }
  if (denial && claim) {
    const r = relationFor(schema, denial.id, claim.id, /^denies$/i);
    if (r) out.denies = r;
  }
  return out;
}

function claimProposals(context: RecommendContext): Proposal[] {
  const claim = labelFor(context.schema, 'claim');
  const denial = labelFor(context.schema, 'denial');
  if (!claim && !denial) return [];
  const actor = labelFor(context.schema, 'actor');
  const relations = relationsOf(context.schema, claim, denial, actor);
  const { text } = context;
  const index = new CodePointIndex(text);
  const sentences = sentenceRanges(text);

  // The actors to link to: the layer's first, then the actors rule's where the layer has none.
  const layerActors: ActorAt[] = actor ? spansOf(context.spans, actor.id, index).map(({ span, from, to }) => ({ from, to, spanId: span.id })) : [];
  const proposedActors: ActorAt[] =
    actor && (relations.claimant || relations.denier)
      ? actorProposals(context, actor)
          .map((p) => ({ from: index.toUtf16(p.startOffset), to: index.toUtf16(p.endOffset), proposal: p }))
          .filter((p) => !layerActors.some((a) => a.from < p.to && p.from < a.to))
      : [];
  // By sentence, so each claim looks only at its own sentence's actors.
  const actorsBySentence = new Map<number, ActorAt[]>();
  for (const a of [...layerActors, ...proposedActors]) {
    const k = sentenceIndexAt(sentences, a.from);
    if (k < 0 || a.to > (sentences[k] as TextRange).to) continue;
    const list = actorsBySentence.get(k);
    if (list) list.push(a);
    else actorsBySentence.set(k, [a]);
  }
  const layerClaims = claim ? spansOf(context.spans, claim.id, index) : [];

  const out: Proposal[] = [];
  const actorIndex = new Map<Proposal, number>();
  const claimsSoFar: ClaimAt[] = layerClaims.map(({ span, from }) => ({
    from,
    spanId: span.id,
    sentence: sentenceIndexAt(sentences, from),
  }));
  claimsSoFar.sort((x, y) => x.from - y.from);
  sentences.forEach((s, sIndex) => {
    if (context.cancelled?.()) return;
    for (const f of inSentence(text, s)) {
      const label = f.kind === 'claim' ? claim : denial;
      if (!label) continue;
      const proposal: Proposal = {
        label: label.id,
        startOffset: index.toCodePoint(f.from),
        endOffset: index.toCodePoint(f.to),
        score: f.score,
        why: f.why,
      };
      const typeAttr = label.attributes.find((a) => a.id === 'type' && a.type === 'choice');
      if (f.type && typeAttr?.type === 'choice' && typeAttr.options.some((o) => o.id === f.type)) proposal.attributes = { [typeAttr.id]: f.type };
      const rel: NonNullable<Proposal['relations']> = [];
      const who = f.kind === 'claim' ? relations.claimant : relations.denier;
      const a = who ? claimantOf(f, s, actorsBySentence.get(sIndex) ?? []) : undefined;
      if (who && a?.spanId) rel.push({ type: who.id, end: 'from', spanId: a.spanId });
      else if (who && a?.proposal) {
        let k = actorIndex.get(a.proposal);
        if (k === undefined) {
          k = out.length;
          out.push(a.proposal);
          actorIndex.set(a.proposal, k);
        }
        rel.push({ type: who.id, end: 'from', proposalIndex: k });
      }
      if (f.kind === 'denial' && relations.denies) {
        const denied = lastClaimBefore(claimsSoFar, f.from, sIndex - DENIED_WITHIN);
        if (denied?.spanId) rel.push({ type: relations.denies.id, end: 'from', spanId: denied.spanId });
        else if (denied?.proposalIndex !== undefined) rel.push({ type: relations.denies.id, end: 'from', proposalIndex: denied.proposalIndex });
      }
      if (rel.length > 0) proposal.relations = rel;
      if (f.kind === 'claim') insertSorted(claimsSoFar, { from: f.from, proposalIndex: out.length, sentence: sIndex });
      out.push(proposal);
    }
  });
  return out;
}

/** How many sentences back a denial looks for the claim it denies. */
const DENIED_WITHIN = 10;

type ClaimAt = { from: number; proposalIndex?: number; spanId?: string; sentence: number };

/** The last claim starting before `from`, in sentence `fromSentence` or later (claims sorted by start). */
function lastClaimBefore(claims: readonly ClaimAt[], from: number, fromSentence: number): ClaimAt | undefined {
  for (let k = claims.length - 1; k >= 0; k--) {
    const c = claims[k] as ClaimAt;
    if (c.from >= from) continue;
    return c.sentence >= fromSentence ? c : undefined;
  }
  return undefined;
}

/** Claims are found in text order, so this appends but for the layer's own claims met on the way. */
function insertSorted(claims: ClaimAt[], c: ClaimAt): void {
  let k = claims.length;
  while (k > 0 && (claims[k - 1] as ClaimAt).from > c.from) k--;
  claims.splice(k, 0, c);
}

function spansOf(spans: readonly Span[], label: string, index: CodePointIndex): Array<{ span: Span; from: number; to: number }> {
  return spans.filter((s) => s.label === label).map((span) => ({ span, from: index.toUtf16(span.startOffset), to: index.toUtf16(span.endOffset) }));
}
