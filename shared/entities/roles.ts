/**
 * Person-role noun phrases: "AFP journalist", "a Reuters reporter", "Hezbollah spokesman", "the
 * army's spokesperson", "a spokesman for Hezbollah". Such a phrase names a person by their role
 * at an organisation; it is not the organisation (guidelines §4: "A spokesman is not his
 * ministry"). The registry uses this so that it never proposes the two as the same actor, even
 * when their names share every other word or one annotator filed the phrase as an alias of the
 * organisation.
 */
import { analyzeName } from '../names/analyze';
import { compareNames } from '../names/compare';

export interface PersonRole {
  /** The role word as written ("journalist", "spokesperson"). */
  role: string;
  /** The organisation as written, without article, possessive or rank ("AFP", "army"). */
  organisation: string;
}

/** Nouns that name a person (or people) by what they do for an organisation. Lower case. */
const ROLE_NOUNS: ReadonlySet<string> = new Set(
  [
    'journalist', 'reporter', 'correspondent', 'photographer', 'photojournalist', 'cameraman', 'cameramen', 'editor',
    'columnist', 'stringer', 'spokesman', 'spokesmen', 'spokeswoman', 'spokeswomen', 'spokesperson', 'spokespeople',
    'official', 'officer', 'source', 'commander', 'leader', 'member', 'chief', 'director', 'minister', 'envoy',
    'ambassador', 'diplomat', 'representative', 'adviser', 'advisor', 'aide', 'analyst', 'expert', 'researcher',
    'lawyer', 'employee', 'staffer', 'president', 'secretary', 'negotiator', 'mediator', 'operative', 'militiaman',
    'militiamen',
  ].flatMap((w) => (w.endsWith('men') || w.endsWith('people') ? [w] : [w, `${w}s`])),
);

/** Words before a role that say its rank or kind, not the organisation ("a senior Hezbollah official"). */
const RANKS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'one', 'two', 'three', 'several', 'some', 'other', 'another', 'senior', 'junior', 'top', 'chief', 'deputy', 'former',
  'local', 'regional', 'unnamed', 'anonymous', 'high-ranking', 'veteran', 'leading', 'press', 'acting', 'assistant',
]);
/** Articles and numbers: what may stand before a role with nothing of the organisation. */
const DETERMINERS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'one', 'two', 'three', 'several', 'some', 'other', 'another']);

/** Prepositions that join a role to its organisation after it ("spokesman for Hezbollah"). */
const LINKS: ReadonlySet<string> = new Set(['for', 'of', 'at', 'from', 'with', 'within', 'in']);
/** Words that cannot end an organisation before a role ("Council of Representatives"). */
const NOT_BEFORE_ROLE: ReadonlySet<string> = new Set([...LINKS, 'to', 'and', 'or', 'the', 'a', 'an', 'by', 'without']);

/** "army's" → "army", "Reuters'" → "Reuters". */
const unpossessive = (w: string) => w.replace(/['’]s$/u, '').replace(/(s)['’]$/u, '$1');

/** The words of a name, without a closing note in brackets ("AFP journalist (001)") or edge punctuation. */
function wordsOf(name: string): string[] {
  return name
    .replace(/\s*\([^()]*\)\s*$/u, '')
    .split(/\s+/u)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}'’]+$/gu, ''))
    .filter((w) => w.length > 0);
}

/**
 * The organisation's words: articles and ranks left out at the start ("a senior Hezbollah"),
 * ranks at the end ("Pentagon deputy"), and a possessive taken off ("the army's"). Empty when
 * nothing is left ("the", "a senior").
 */
function organisationOf(words: readonly string[]): string {
  const isRank = (w: string | undefined) => w !== undefined && RANKS.has(w.toLowerCase());
  let start = 0;
  let end = words.length;
  // "one of the militia commanders": a partitive "of" goes with the number before it.
  while (start < end && (isRank(words[start]) || (start > 0 && words[start]?.toLowerCase() === 'of'))) start++;
  while (end > start && isRank(words[end - 1]) && !DETERMINERS.has((words[end - 1] as string).toLowerCase())) end--;
  return words
    .slice(start, end)
    .map((w, i, all) => (i === all.length - 1 ? unpossessive(w) : w))
    .join(' ');
}

/**
 * The role and organisation of a person-role noun phrase, or null when the name is not one.
 * "AFP journalist" → journalist of AFP; "the army's spokesperson" → spokesperson of army;
 * "a spokesman for Hezbollah" → spokesman of Hezbollah. "the spokesman" names no organisation:
 * null. Names of organisations that end in such a noun are not roles: the noun is then plural
 * and capitalised ("Committee to Protect Journalists"), or follows a preposition ("Council of
 * Representatives").
 */
export function personRole(name: string): PersonRole | null {
  const words = wordsOf(name);
  // "spokesman for Hezbollah", "a journalist with AFP", "sources within the security services"
  for (let i = 0; i < words.length - 2; i++) {
    const word = words[i] as string;
    if (!ROLE_NOUNS.has(word.toLowerCase()) || !LINKS.has((words[i + 1] as string).toLowerCase())) continue;
    if (words.slice(0, i).some((w) => !RANKS.has(w.toLowerCase()))) continue;
    // "two sources within the security services": the whole of what follows.
    const organisation = organisationOf(words.slice(i + 2));
    if (organisation) return { role: word, organisation };
  }
  // "AFP journalist", "Hezbollah spokesman", "the army's spokesperson"
  const last = words.at(-1);
  if (last === undefined || words.length < 2 || !ROLE_NOUNS.has(last.toLowerCase())) return null;
  if (/^\p{Lu}/u.test(last) && /s$/u.test(last) && words.every((w) => /^\p{Lu}/u.test(w) || NOT_BEFORE_ROLE.has(w.toLowerCase()))) return null;
  const before = words.slice(0, -1);
  if (before.some((w) => w.toLowerCase() === 'to') || NOT_BEFORE_ROLE.has((before.at(-1) as string).toLowerCase())) return null;
  const organisation = organisationOf(before);
  return organisation ? { role: last, organisation } : null;
}

/** The content words of a name in canonical spelling (transliterations alike). */
function contentWords(name: string): string[] {
  return analyzeName(name).tokens.map((t) => t.canon);
}

/**
 * Whether `name` names `organisation`, or a body its words are part of: the same name as
 * compareNames judges it, or one's content words all among the other's ("Hezbollah" and
 * "Kataib Hezbollah", "US military" and "US").
 */
export function namesOrganisation(organisation: string, name: string): boolean {
  if (compareNames(organisation, name).same) return true;
  const a = contentWords(organisation);
  const b = contentWords(name);
  if (a.length === 0 || b.length === 0) return false;
  return a.every((w) => b.includes(w)) || b.every((w) => a.includes(w));
}

/**
 * Why a person-role phrase is not the same actor as an organisation named `organisationName`:
 * "'AFP journalist' is a journalist of 'AFP', not the same actor". Null when `roleName` is not
 * a role phrase, `organisationName` is one itself, or it is not the role's organisation.
 */
export function roleOfOrganisation(roleName: string, organisationName: string): string | null {
  const role = personRole(roleName);
  if (!role || personRole(organisationName)) return null;
  if (!namesOrganisation(role.organisation, organisationName)) return null;
  const noun = role.role.toLowerCase();
  const itself = wordsOf(organisationName).join(' ') === role.organisation ? `${role.organisation} itself` : `'${organisationName}'`;
  return `'${roleName}' names ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun} of '${role.organisation}', not ${itself}: not the same actor`;
}
