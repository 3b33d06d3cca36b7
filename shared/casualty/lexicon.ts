import type { CasualtyOutcome, HedgeClass, VictimGroup } from './types';

/**
 * How an outcome word can stand to its count:
 * - active:  the count follows ("killed 25 people", "wounding five members", "the deaths of 3")
 * - passive: the count comes first, as the subject ("8 people were injured", "several dead")
 * - noun:    the count modifies it ("several deaths", "12 bodies", "10 casualties")
 * - toll:    "death toll rose to 25", "a death toll of 25"
 */
export interface OutcomeWord {
  words: readonly string[];
  outcome: CasualtyOutcome | null;
  active?: boolean;
  passive?: boolean;
  noun?: boolean;
  toll?: boolean;
  /** Grammatically one victim ("death", "lost his life", "the life of"). */
  singular?: boolean;
}

const K: CasualtyOutcome = 'killed';
const I: CasualtyOutcome = 'injured';
const M: CasualtyOutcome = 'missing';

export const OUTCOME_WORDS: readonly OutcomeWord[] = [
  // killed
  { words: ['kill'], outcome: K, active: true },
  { words: ['kills'], outcome: K, active: true },
  { words: ['killed'], outcome: K, active: true, passive: true },
  { words: ['killing'], outcome: K, active: true },
  { words: ['killings'], outcome: K, active: true, noun: true },
  { words: ['dead'], outcome: K, passive: true },
  { words: ['death'], outcome: K, noun: true, active: true, singular: true },
  { words: ['deaths'], outcome: K, noun: true, active: true },
  { words: ['died'], outcome: K, passive: true },
  { words: ['die'], outcome: K, passive: true },
  { words: ['dies'], outcome: K, passive: true },
  { words: ['perished'], outcome: K, passive: true },
  { words: ['slain'], outcome: K, passive: true },
  { words: ['fatalities'], outcome: K, noun: true },
  { words: ['fatality'], outcome: K, noun: true, singular: true },
  { words: ['bodies'], outcome: K, noun: true },
  { words: ['lives'], outcome: K, noun: true, active: true },
  { words: ['life'], outcome: K, noun: true, active: true, singular: true },
  { words: ['lost', 'their', 'lives'], outcome: K, passive: true },
  { words: ['lost', 'his', 'life'], outcome: K, passive: true, singular: true },
  { words: ['lost', 'her', 'life'], outcome: K, passive: true, singular: true },
  { words: ['lost', 'their', 'life'], outcome: K, passive: true },
  { words: ['shot', 'dead'], outcome: K, active: true, passive: true },
  { words: ['fatally', 'wounded'], outcome: K, active: true, passive: true },
  { words: ['fatally', 'injured'], outcome: K, active: true, passive: true },
  { words: ['fatally', 'shot'], outcome: K, active: true, passive: true },
  { words: ['mortally', 'wounded'], outcome: K, active: true, passive: true },
  { words: ['death', 'toll'], outcome: K, toll: true },
  { words: ['toll'], outcome: K, toll: true },
  // injured
  { words: ['injured'], outcome: I, active: true, passive: true },
  { words: ['injuring'], outcome: I, active: true },
  { words: ['injure'], outcome: I, active: true },
  { words: ['injures'], outcome: I, active: true },
  { words: ['injury'], outcome: I, noun: true, singular: true },
  { words: ['injuries'], outcome: I, noun: true },
  { words: ['wounded'], outcome: I, active: true, passive: true },
  { words: ['wounding'], outcome: I, active: true },
  { words: ['wounds'], outcome: I, noun: true },
  { words: ['hurt'], outcome: I, active: true, passive: true },
  { words: ['hurting'], outcome: I, active: true },
  { words: ['maimed'], outcome: I, active: true, passive: true },
  { words: ['hospitalised'], outcome: I, passive: true },
  { words: ['hospitalized'], outcome: I, passive: true },
  { words: ['injury', 'toll'], outcome: I, toll: true },
  // missing
  { words: ['missing'], outcome: M, passive: true },
  { words: ['abducted'], outcome: M, active: true, passive: true },
  { words: ['abducting'], outcome: M, active: true },
  { words: ['kidnapped'], outcome: M, active: true, passive: true },
  { words: ['kidnapping'], outcome: M, active: true },
  { words: ['disappeared'], outcome: M, passive: true },
  { words: ['unaccounted', 'for'], outcome: M, passive: true },
  { words: ['unaccounted'], outcome: M, passive: true },
  { words: ['taken', 'hostage'], outcome: M, passive: true },
  // killed and injured together: the analyst chooses
  { words: ['casualties'], outcome: null, noun: true },
  { words: ['casualty', 'toll'], outcome: null, toll: true },
  { words: ['killed', 'or', 'wounded'], outcome: null, passive: true, active: true },
  { words: ['killed', 'or', 'injured'], outcome: null, passive: true, active: true },
  { words: ['dead', 'or', 'wounded'], outcome: null, passive: true },
  { words: ['dead', 'or', 'injured'], outcome: null, passive: true },
];

/** Person nouns: [singular, plural, group]. A count of these is a count of people. */
const PEOPLE: ReadonlyArray<readonly [string | null, string | null, VictimGroup | null]> = [
  ['person', 'persons', null], [null, 'people', null], ['individual', 'individuals', null], [null, 'others', null],
  [null, 'them', null], ['victim', 'victims', null], ['worker', 'workers', null], ['employee', 'employees', null],
  [null, 'staff', null], ['national', 'nationals', null], ['citizen', 'citizens', null], ['man', 'men', null],
  ['adult', 'adults', null], ['general', 'generals', null], ['commander', 'commanders', null], ['leader', 'leaders', null],
  ['official', 'officials', null], ['deputy', 'deputies', null], ['member', 'members', 'militants'],
  ['civilian', 'civilians', 'civilians'], ['woman', 'women', 'civilians'], ['child', 'children', 'civilians'],
  ['boy', 'boys', 'civilians'], ['girl', 'girls', 'civilians'], ['resident', 'residents', 'civilians'],
  ['villager', 'villagers', 'civilians'], ['pilgrim', 'pilgrims', 'civilians'], ['worshipper', 'worshippers', 'civilians'],
  ['worshiper', 'worshipers', 'civilians'], ['bystander', 'bystanders', 'civilians'], ['passer-by', 'passers-by', 'civilians'],
  ['journalist', 'journalists', 'civilians'], ['student', 'students', 'civilians'], ['farmer', 'farmers', 'civilians'],
  ['shepherd', 'shepherds', 'civilians'], ['passenger', 'passengers', 'civilians'], ['infant', 'infants', 'civilians'],
  ['protester', 'protesters', 'civilians'], ['protestor', 'protestors', 'civilians'], ['demonstrator', 'demonstrators', 'civilians'],
  ['pedestrian', 'pedestrians', 'civilians'], ['teenager', 'teenagers', 'civilians'], ['doctor', 'doctors', 'civilians'],
  ['medic', 'medics', 'civilians'], ['driver', 'drivers', 'civilians'], ['refugee', 'refugees', 'civilians'],
  ['soldier', 'soldiers', 'security-forces'], ['troop', 'troops', 'security-forces'],
  ['serviceman', 'servicemen', 'security-forces'], ['servicewoman', 'servicewomen', 'security-forces'],
  ['policeman', 'policemen', 'security-forces'], ['policewoman', 'policewomen', 'security-forces'], [null, 'police', 'security-forces'],
  ['officer', 'officers', 'security-forces'], ['guard', 'guards', 'security-forces'], ['marine', 'marines', 'security-forces'],
  ['airman', 'airmen', 'security-forces'], ['sailor', 'sailors', 'security-forces'], [null, 'personnel', 'security-forces'],
  ['recruit', 'recruits', 'security-forces'], ['cadet', 'cadets', 'security-forces'], ['force', 'forces', 'security-forces'],
  ['agent', 'agents', 'security-forces'], ['peacekeeper', 'peacekeepers', 'security-forces'],
  ['fighter', 'fighters', 'militants'], ['militant', 'militants', 'militants'], ['militiaman', 'militiamen', 'militants'],
  ['insurgent', 'insurgents', 'militants'], ['gunman', 'gunmen', 'militants'], ['jihadist', 'jihadists', 'militants'],
  ['combatant', 'combatants', 'militants'], ['rebel', 'rebels', 'militants'], ['paramilitary', 'paramilitaries', 'militants'],
  ['extremist', 'extremists', 'militants'], ['terrorist', 'terrorists', 'militants'],
  ['contractor', 'contractors', 'contractors'],
];

export interface PersonNoun {
  number: 'singular' | 'plural';
  group: VictimGroup | null;
}

export const PERSON_NOUNS: ReadonlyMap<string, PersonNoun> = new Map(
  PEOPLE.flatMap(([one, many, group]): Array<[string, PersonNoun]> => [
    ...(one ? [[one, { number: 'singular', group }] satisfies [string, PersonNoun]] : []),
    ...(many ? [[many, { number: 'plural', group }] satisfies [string, PersonNoun]] : []),
  ]),
);

/** Words that, inside a counted phrase, say who was counted (adjectives and nouns alike). */
export const GROUP_WORDS: ReadonlyMap<string, VictimGroup> = new Map([
  ...[...PERSON_NOUNS].flatMap(([w, p]) => (p.group ? [[w, p.group] as const] : [])),
  ...(['civilian', 'security', 'military', 'army', 'police', 'service', 'counter-terrorism', 'counterterrorism', 'naval', 'coalition'] as const)
    .map((w) => [w, w === 'civilian' ? 'civilians' : 'security-forces'] as const),
  ...(['militia', 'rebel', 'insurgent', 'jihadist', 'isis', 'militant'] as const).map((w) => [w, 'militants'] as const),
]);

/** "members" alone says militants only weakly: any other group word wins. */
export const WEAK_GROUP_WORDS: ReadonlySet<string> = new Set(['member', 'members']);

/** Group order when a phrase names several: the most specific first. */
export const GROUP_PRIORITY: readonly VictimGroup[] = ['contractors', 'security-forces', 'militants', 'civilians'];

/** The default schema's names of the victim groups. */
export const GROUP_NAMES: Readonly<Record<VictimGroup, string>> = {
  civilians: 'civilians',
  'security-forces': 'security forces',
  militants: 'militants',
  contractors: 'contractors',
};

/** The default schema's names of the hedges. */
export const HEDGE_NAMES: Readonly<Record<HedgeClass, string>> = {
  approximate: 'approximate',
  'at-least': 'at least',
  'more-than': 'more than',
  'up-to': 'up to',
  'at-most': 'at most',
};

/** Between a counted subject and its outcome: "were", "have been", "reportedly", "feared". */
export const AUXILIARIES: ReadonlySet<string> = new Set([
  'were', 'was', 'are', 'is', 'be', 'been', 'being', 'have', 'has', 'had', 'may', 'might', 'could', 'would', 'will',
  'reportedly', 'allegedly', 'also', 'all', 'both', 'later', 'subsequently', 'since', 'feared', 'believed', 'reported',
  'confirmed', 'thought', 'said', 'to', 'remain', 'remains', 'remained', 'still', 'seriously', 'critically', 'lightly',
  'slightly', 'badly', 'severely', 'gravely', 'apparently', 'presumably', 'now', 'left', 'found', 'listed', 'declared',
  'pronounced', 'officially', 'either', 'each',
]);

/** Words that may stand between a count and the noun it counts. */
export const NOUN_FILLERS: ReadonlySet<string> = new Set([
  'the', 'its', 'their', 'his', 'her', 'our', 'these', 'those', 'other', 'more', 'additional', 'further', 'innocent',
  'local', 'foreign', 'unarmed', 'armed', 'young', 'elderly', 'senior', 'junior', 'elite', 'suspected', 'alleged',
  'unidentified', 'unnamed', 'off-duty', 'fellow', 'american', 'iraqi', 'iranian', 'syrian', 'kurdish', 'turkish',
  'british', 'french', 'us', 'pro-iranian', 'government', 'state', 'special', 'border', 'federal',
  'own', 'female', 'male', 'christian', 'muslim', 'shia', 'shiite', 'sunni', 'yazidi', 'kuwaiti',
]);

/** Words after which a count cannot go on as a noun phrase. */
export const PHRASE_BREAKS: ReadonlySet<string> = new Set([
  'and', 'or', 'but', 'in', 'on', 'at', 'of', 'from', 'near', 'with', 'by', 'to', 'for', 'during', 'after', 'before',
  'while', 'including', 'among', 'inside', 'aboard', 'as', 'when', 'who', 'which', 'that', 'than', 'according',
  'since', 'into', 'across', 'outside',
]);

/** Month names: a number beside one (capitalised) is a date, not a count. */
export const MONTHS: ReadonlySet<string> = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);
/** Units after a number that make it a time or a rate, not a count. */
export const TIME_UNITS: ReadonlySet<string> = new Set(['am', 'pm', 'a.m', 'p.m', 'gmt', 'utc', "o'clock", 'hrs', 'h', '%', 'percent', 'per']);

/** Nouns that are never people: a count of these is never a casualty figure, whatever follows. */
export const THINGS: ReadonlySet<string> = new Set([
  'rocket', 'rockets', 'missile', 'missiles', 'shell', 'shells', 'mortar', 'mortars', 'round', 'rounds', 'bomb', 'bombs',
  'drone', 'drones', 'vehicle', 'vehicles', 'car', 'cars', 'truck', 'trucks', 'attack', 'attacks', 'strike', 'strikes',
  'incident', 'incidents', 'time', 'times', 'second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days',
  'week', 'weeks', 'month', 'months', 'year', 'years', 'kilometer', 'kilometers', 'kilometre', 'kilometres', 'km', 'mile',
  'miles', 'meter', 'meters', 'metre', 'metres', 'mm', 'percent', 'building', 'buildings', 'house', 'houses', 'home',
  'homes', 'base', 'bases', 'site', 'sites', 'location', 'locations', 'convoy', 'convoys', 'explosion', 'explosions',
  'aircraft', 'helicopter', 'helicopters', 'plane', 'planes', 'ship', 'ships', 'boat', 'boats', 'weapon', 'weapons',
  'device', 'devices', 'ied', 'ieds', 'tank', 'tanks', 'group', 'groups', 'video', 'videos', 'report', 'reports',
]);

/** Singular pronouns and relatives before a passive outcome ("he was killed", "who was killed"). */
export const SINGULAR_SUBJECTS: ReadonlySet<string> = new Set(['he', 'she', 'who', 'him', 'her']);
/** Object pronouns after an active outcome ("killed him"). */
export const SINGULAR_OBJECTS: ReadonlySet<string> = new Set(['him', 'her']);
