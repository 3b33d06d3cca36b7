/**
 * Two annotators' work on the five sample articles, as data. `layla` is careful and thorough and
 * follows annotations/guidelines.md closely; `tom` is good but a little less thorough. Tom's
 * lists are Layla's with the differences written out, each one a disagreement of the kind real
 * annotators have (a boundary a word off, a missed mention, an attribute, a relation, a label,
 * an entity link), so that the project has something real to compare and adjudicate.
 *
 * Units are found in the text by their quotes (see units.ts for `after` / `before` /
 * `occurrence`); scripts/sample/generate.ts turns them into annotation and entity files.
 */
import { actor, claim, denial, derive, figure, type SharedEntity, type Unit } from './units';

export const ANNOTATORS = ['layla', 'tom'] as const;
export type Annotator = (typeof ANNOTATORS)[number];

export interface DocumentAnnotations {
  /** The document folder starts with this: "000" is 000_121e11c80b4a277e. */
  doc: string;
  layla: Unit[];
  tom: Unit[];
}

// ---------------------------------------------------------------------------------------------
// 000 — jpost, "A video of several burning trucks…"
// ---------------------------------------------------------------------------------------------

const layla000: Unit[] = [
  // Hard case 6.1: the claim is the content before "according to"; its claimant is the source.
  claim('video', 'A video of several burning trucks on Saturday night allegedly showed an attack on a convoy transporting vehicles to a US base in Iraq', 'event-report', ['socialMedia']),
  actor('socialMedia', 'social media with ties to pro-Iranian militias', 'social-media-000'),
  actor('us', 'US', 'us-government', { after: 'While the ' }),
  denial('usDenied', 'denied an attacked had taken place', { denier: ['us'], denies: ['video'] }),
  actor('fars', 'Fars News', 'fars-news'),
  claim('farsReport', 'reported the attack', 'event-report', ['fars'], { after: 'Fars News in Iran ' }),
  claim('fire', 'An armed group set fire to three US vehicles being transported by truck, a security source said', 'event-report', ['securitySource']),
  actor('armedGroup', 'armed group', 'armed-group-000', { after: 'An ' }),
  actor('securitySource', 'security source', 'security-source-000'),
  actor('defenseMinistry', 'Iraqi Ministry of Defense', 'iraqi-ministry-of-defense'),
  // No number, a hedge about the people: vague, civilians, given in the article's own voice.
  figure('injuredPeople', 'Injured people', { outcome: 'injured', vague: true, victims: 'civilians' }),
  actor('sayara', 'Sayara Thora Al-Ashrin', 'saraya-thawrat-al-ashrin'),
  actor('sarayaThani', 'SarayaAshreen Thani', 'saraya-thawrat-al-ashrin'),
  claim('responsibility', 'claimed responsibility', 'responsibility', ['sayara']),
  actor('sarayaThorat', 'SarayaThorat al-Ashrin', 'saraya-thawrat-al-ashrin'),
  actor('kataib1', 'Kataib Hezbollah', 'kataib-hezbollah', { occurrence: 1 }),
  // Hard case 6.8: two names run together, each tagged exactly (Alt+4).
  actor('usbat', 'Usbat al-Thaireen', 'usbat-al-thaireen', { partialWord: true }),
  actor('ashab', 'Ashab al-Kahaf', 'ashab-al-kahf', { partialWord: true }),
  actor('shuhada', 'SarayaShuhadaThawarAshreen al-Thani', 'saraya-shuhada-thawar-ashreen'),
  actor('mayadeen', 'Al-Mayadeen', 'al-mayadeen'),
  actor('otherMedia', 'other media in the region that lean toward Iran', 'other-media-000'),
  claim('incident', 'reported the incident', 'event-report', ['mayadeen', 'otherMedia']),
  actor('sarayaThurat', 'SarayaThurat Al-Ashrin', 'saraya-thawrat-al-ashrin'),
  claim('june', 'claimed it had carried out a similar attack in June', 'responsibility', ['sarayaThurat']),
  actor('kataib2', 'Kataib Hezbollah', 'kataib-hezbollah', { occurrence: 2 }),
];

const tom000 = derive(
  layla000,
  {
    // Missed the accused "armed group" inside the claim, and the second, unnamed reporter.
    omit: ['armedGroup', 'otherMedia'],
    edit: {
      // Stopped the description at the noun.
      socialMedia: { text: 'social media' },
      // Read the US denial as the military's (the convoy was going to a US base).
      us: { entity: 'us-military' },
      // Linked the denier but not the claim denied.
      usDenied: { denies: [] },
      // Took the run-together name for a spelling of Saraya Thawrat al-Ashrin.
      shuhada: { entity: 'saraya-thawrat-al-ashrin' },
    },
  },
  '000/tom',
);

// ---------------------------------------------------------------------------------------------
// 001 — AFP, "Information leaks and propaganda war"
// ---------------------------------------------------------------------------------------------

const layla001: Unit[] = [
  // The headline's figure, in the article's voice: no reporter; the words do not say who died.
  figure('severalDead', 'several dead', { outcome: 'killed', count: [3, null], vague: true }),
  actor('hachd1', 'Hachd al-Chaabi', 'popular-mobilization-forces', { occurrence: 1 }),
  // The claimants stand between the content and the verb: they stay inside.
  claim('sourcesAttack', 'An attack targeted a vehicle belonging to the pro-Iranian armed group Hachd al-Chaabi near Baghdad on Tuesday, two sources within the security services told', 'event-report', ['twoSources']),
  actor('twoSources', 'two sources within the security services', 'security-sources-001'),
  actor('afp1', 'AFP', 'afp', { occurrence: 1 }),
  actor('unitedStates1', 'United States', 'us-government', { occurrence: 1 }),
  claim('usAnnounced', 'announced it was the origin and that they caused “several deaths”', 'responsibility', ['unitedStates1']),
  figure('severalDeaths', 'several deaths', { outcome: 'killed', count: [3, null], vague: true, reportedBy: ['unitedStates1'] }),
  actor('ryder', 'Pat Ryder', 'pat-ryder'),
  claim('inResponse', 'said the attack was in response to the previous day’s attack by a “short-range ballistic missile” on the Ain al-Assad base', 'event-report', ['ryder']),
  figure('eight', 'Eight people were injured', { outcome: 'injured', count: [8, 8], vague: false, reportedBy: ['spokesman'] }),
  actor('spokesman', 'spokesman', 'pat-ryder', { after: 'the ' }),
  claim('counterattack', 'claimed that the American counterattack was carried out “against the vehicle of an Iranian-backed militia,” in which “several” members were killed', 'responsibility', ['spokesman']),
  // Hard case 6.5: the span takes both quotation marks.
  figure('severalMembers', '“several” members were killed', { outcome: 'killed', count: [3, null], vague: true, victims: 'militants', reportedBy: ['spokesman'] }),
  actor('hachd2', 'Hachd al-Chaabi', 'popular-mobilization-forces', { occurrence: 2 }),
  actor('afp2', 'AFP', 'afp', { occurrence: 2 }),
  actor('hachdOfficial', 'Hachd al-Chaabi official', 'hachd-official-001'),
  actor('hachd3', 'Hachd al-Chaabi', 'popular-mobilization-forces', { occurrence: 3 }),
  claim('confirmed', 'confirmed the attack', 'event-report', ['hachdOfficial']),
  // A split figure: two spans, both fighters, both reported by the official.
  figure('oneFighter', 'one fighter was killed', { outcome: 'killed', count: [1, 1], vague: false, victims: 'militants', reportedBy: ['hachdOfficial'] }),
  figure('threeOthers', 'three others were injured', { outcome: 'injured', count: [3, 3], vague: false, victims: 'militants', reportedBy: ['hachdOfficial'] }),
  actor('ministryOfficial', 'Iraqi Interior Ministry official', 'interior-ministry-official-001'),
  actor('ministry1', 'Iraqi Interior Ministry', 'iraqi-interior-ministry'),
  claim('highway', 'told him that the vehicle had been attacked “on the highway near Abu Ghraib,”', 'event-report', ['ministryOfficial']),
  actor('twoOfficials', 'two officials', 'security-sources-001', { occurrence: 1 }),
  claim('drone', 'estimated that the attack was carried out by a drone', 'event-report', ['twoOfficials']),
  actor('pentagon', 'Pentagon', 'us-military', { after: 'before the ' }),
  claim('aircraft', 'announced that it was an American aircraft', 'responsibility', ['pentagon']),
  actor('ministry2', 'Interior Ministry', 'iraqi-interior-ministry', { after: 'According to the ' }),
  actor('singh1', 'Sabrina Singh', 'sabrina-singh', { occurrence: 1 }),
  actor('singh2', 'Sabrina Singh', 'sabrina-singh', { occurrence: 2 }),
  figure('sixtyTwo', 'about 62 American soldiers were injured', { outcome: 'injured', count: [62, 62], hedge: 'approximate', vague: false, victims: 'security-forces', reportedBy: ['singh2'] }),
  // "She clarified …": a figure with no number, reported by Singh (the pronoun is not tagged).
  figure('deathToll', 'death toll', { outcome: 'killed', vague: true, reportedBy: ['singh2'] }),
  actor('resistance1', 'Islamic Resistance in Iraq', 'islamic-resistance-in-iraq', { occurrence: 1 }),
  claim('telegram', 'most of the attacks on American soldiers and the coalition have been claimed', 'responsibility', ['resistance1']),
  actor('movement', 'movement', 'islamic-resistance-in-iraq', { after: 'The ' }),
  figure('oneOfItsFighters', 'one of its fighters had been killed', { outcome: 'killed', count: [1, 1], vague: false, victims: 'militants', reportedBy: ['movement'] }),
  actor('afpJournalist', 'AFP journalist', 'afp-journalist-001'),
  actor('afp3', 'AFP', 'afp', { occurrence: 3 }),
  actor('maksoussi', 'Fadel al-Maksoussi', 'fadel-al-maksoussi'),
  actor('hachd4', 'Hachd al-Chaabi', 'popular-mobilization-forces', { occurrence: 4 }),
  actor('brigades', 'Hezbollah Brigades', 'kataib-hezbollah'),
  actor('hachdGroup', 'influential Hachd group', 'kataib-hezbollah'),
  claim('attrition', 'asserted that the attacks by the “Islamic Resistance in Iraq” were part of a “strategy of attrition.”', 'statement', ['hachdGroup']),
  actor('resistance2', 'Islamic Resistance in Iraq', 'islamic-resistance-in-iraq', { occurrence: 2 }),
  actor('washington1', 'Washington', 'us-government', { before: ' bombed' }),
  actor('unitedStates2', 'United States', 'us-government', { occurrence: 2 }),
  actor('washington2', 'Washington', 'us-government', { before: ' has around' }),
];

const tom001 = derive(
  layla001,
  {
    // Did not read "estimated … by a drone" as a claim, nor the death toll as a figure; skipped
    // the ministry inside the official's description, the victim named at the funeral and the
    // second "United States".
    omit: ['twoOfficials', 'drone', 'deathToll', 'ministry1', 'afp3', 'maksoussi', 'unitedStates2'],
    edit: {
      // Ran the claim on to the addressee.
      sourcesAttack: { text: 'An attack targeted a vehicle belonging to the pro-Iranian armed group Hachd al-Chaabi near Baghdad on Tuesday, two sources within the security services told AFP' },
      // Forgot to mark "several" vague after typing the count.
      severalMembers: { vague: false },
      // "three others": left the group empty.
      threeOthers: { victims: undefined },
      // Left the hedge out.
      sixtyTwo: { text: '62 American soldiers were injured' },
      // The journalist linked to the agency itself.
      afpJournalist: { entity: 'afp' },
    },
  },
  '001/tom',
);

// ---------------------------------------------------------------------------------------------
// 002 — "On Monday evening, an explosion…"
// ---------------------------------------------------------------------------------------------

const layla002: Unit[] = [
  // Hard case 6.2: "whether … any injuries" is a question: only the actors.
  actor('forceMembers', 'three Iraqi force members', 'iraqi-force-members-002'),
  actor('reuters', 'Reuters', 'reuters'),
  actor('rigsbee', 'John Rigsbee', 'john-rigsbee'),
  actor('americanMilitary', 'American military', 'us-military', { after: 'that the ' }),
  actor('newGroup', 'new Iraqi Shi’ite militant group', 'ashab-al-kahf'),
  actor('site1', 'SITE Intelligence Group', 'site-intelligence-group'),
  actor('kahf1', 'Ashab Al-Kahf', 'ashab-al-kahf'),
  // Hard case 6.1: SITE passes the claim on; the claimant is Ashab Al-Kahf. The medium stays out.
  claim('kahfClaim', 'claimed responsibility for the attack', 'responsibility', ['kahf1']),
  actor('members', 'Members from the group', 'ashab-al-kahf'),
  claim('destroy', 'said that they were able to destroy “equipment and vehicles belonging to the American enemy” as well as a significant part of the border crossing just south of Basra', 'responsibility', ['members']),
  actor('ap', 'Associated Press', 'associated-press'),
  actor('site2', 'SITE', 'site-intelligence-group', { before: ' has referred' }),
  actor('kahf2', 'Ashab al-Kahf', 'ashab-al-kahf'),
  actor('companions', 'Companions of the Cave', 'ashab-al-kahf'),
  figure('soleimaniKilled', 'killed Iranian general Qassem Soleimani', { outcome: 'killed', count: [1, 1], vague: false, victims: 'security-forces' }),
  actor('soleimani', 'Qassem Soleimani', 'qassem-soleimani'),
  actor('tehran', 'Tehran', 'iran'),
  actor('wapo', 'The Washington Post', 'washington-post'),
  actor('militantGroup', 'militant group', 'ashab-al-kahf', { after: 'that the ' }),
  claim('salaheddin', 'claimed responsibility for a convoy attack that took place in July in Salaheddin', 'responsibility', ['militantGroup']),
  actor('iraq', 'Iraq', 'iraq', { before: ' has denied' }),
  // Hard case 6.4: denials of an attack nobody in their sentence claimed, linked to the claim
  // of the same event tagged in this article.
  denial('iraqDenied', 'denied that the incident on Monday had even occurred', { denier: ['iraq'], denies: ['kahfClaim'] }),
  actor('kuwaitForces', 'Kuwait’s Armed Forces', 'kuwait-armed-forces'),
  denial('kuwaitDenied', 'deny the attack on its northern border', { denier: ['kuwaitForces'], denies: ['kahfClaim'] }),
  actor('embassy', 'US Embassy in Kuwait', 'us-embassy-kuwait'),
  actor('securitySource', 'security source', 'security-source-002'),
  claim('securityClaim', 'said that the explosion was caused by militia targeting an American military base in the area by apparently smuggling an explosive, injuring some staff on the base', 'accusation', ['securitySource']),
  actor('militia', 'militia', 'militia-002', { after: 'caused by ' }),
  figure('someStaff', 'injuring some staff on the base', { outcome: 'injured', count: [2, null], vague: true, reportedBy: ['securitySource'] }),
  actor('otherSources', 'other sources', 'other-sources-002'),
  denial('contradicted', 'contradicted this story', { denier: ['otherSources'], denies: ['securityClaim'] }),
  claim('convoyConfirmed', 'confirmed that it was the convoy that had been attacked and not the base', 'event-report', ['otherSources']),
];

const tom002 = derive(
  layla002,
  {
    omit: ['companions', 'convoyConfirmed'],
    edit: {
      // Kept the medium in.
      kahfClaim: { text: 'claimed responsibility for the attack in a published video' },
      // Linked the deniers, not the claim denied.
      iraqDenied: { denies: [] },
      kuwaitDenied: { denies: [] },
      // Made the paper that passes the claim on its claimant (hard case 6.1).
      salaheddin: { claimant: ['wapo'] },
      // Read "some" like "several".
      someStaff: { count: [3, null] },
    },
    add: [
      // Read "… and not the base" as a second denial of the security source's account.
      denial('convoyConfirmed', 'confirmed that it was the convoy that had been attacked and not the base', { denier: ['otherSources'] }),
    ],
  },
  '002/tom',
);

// ---------------------------------------------------------------------------------------------
// 003 — Reuters, "How Qassem Suleimani provoked the US with covert attacks in Iraq"
// ---------------------------------------------------------------------------------------------

const layla003: Unit[] = [
  actor('titleSuleimani', 'Qassem Suleimani', 'qassem-soleimani', { occurrence: 1 }),
  actor('iranianGeneral', 'Iranian general', 'qassem-soleimani', { before: ' drew up' }),
  // The caption is story text; the photo credit after it is not tagged.
  actor('kataibCaption', 'Kataib Hezbollah', 'kataib-hezbollah', { before: ' Iraqi militia hold' }),
  actor('soleimaniCaption', 'Qassem Soleimani', 'qassem-soleimani'),
  figure('muhandisKilledCaption', 'Iraqi militia commander Abu Mahdi al-Muhandis, who was killed', { outcome: 'killed', count: [1, 1], vague: false, victims: 'militants' }),
  actor('muhandisCaption', 'Abu Mahdi al-Muhandis', 'abu-mahdi-al-muhandis'),
  figure('suleimaniKilled', 'Qassem Suleimani, the Iranian general killed', { outcome: 'killed', count: [1, 1], vague: false, victims: 'security-forces' }),
  actor('suleimani2', 'Qassem Suleimani', 'qassem-soleimani', { occurrence: 2 }),
  actor('suleimani3', 'Suleimani', 'qassem-soleimani', { after: 'mid-October, ' }),
  actor('muhandis2', 'Abu Mahdi Al Muhandis', 'abu-mahdi-al-muhandis'),
  actor('iranProvided', 'Iran', 'iran', { after: 'provided by ' }),
  actor('militiaCommanders', 'two militia commanders', 'militia-commanders-003'),
  actor('securitySources', 'two security sources', 'security-sources-003'),
  actor('reuters1', 'Reuters', 'reuters', { after: 'briefed on the gathering told ' }),
  actor('suleimani4', 'Suleimani', 'qassem-soleimani', { before: '’s plan' }),
  actor('us1', 'US', 'us-government', { after: 'when the ' }),
  actor('kataibMilitia', 'Kataib Hezbollah', 'kataib-hezbollah', { before: ' militia at' }),
  figure('twentyFive', 'killing 25 people', { outcome: 'killed', count: [25, 25], vague: false }),
  figure('contractor1', 'killed a US civilian contractor', { outcome: 'killed', count: [1, 1], vague: false, victims: 'contractors' }, { occurrence: 1 }),
  actor('suleimani5', 'Suleimani', 'qassem-soleimani', { before: '’s efforts' }),
  // One outcome, two people with no group in common: the group stays empty.
  figure('himAndMuhandis', 'killed him and Muhandis', { outcome: 'killed', count: [2, 2], vague: false }),
  actor('muhandis3', 'Muhandis', 'abu-mahdi-al-muhandis', { after: 'him and ' }),
  actor('kataibHead', 'Kataib Hezbollah', 'kataib-hezbollah', { after: 'the head of ' }),
  actor('suleimani6', 'Suleimani', 'qassem-soleimani', { before: ' operated' }),
  actor('suleimani7', 'Suleimani', 'qassem-soleimani', { before: ' ordered the Revolutionary' }),
  actor('guard', 'Revolutionary Guard', 'islamic-revolutionary-guard-corps', { before: ' to move' }),
  // Hard case 6.8: "Iraqi general" as written, linked to Soleimani.
  actor('iraqiGeneral', 'Iraqi general', 'qassem-soleimani'),
  actor('suleimani8', 'Suleimani', 'qassem-soleimani', { before: ' ordered Kataib' }),
  actor('kataibOrdered', 'Kataib Hezbollah', 'kataib-hezbollah', { after: 'ordered ' }),
  actor('muhandis4', 'Muhandis', 'abu-mahdi-al-muhandis', { after: 'founded by ' }),
  actor('militiaSource', 'one of the militia sources', 'militia-commanders-003'),
  actor('reuters2', 'Reuters', 'reuters', { after: 'militia sources told ' }),
  actor('suleimani9', 'Suleimani', 'qassem-soleimani', { before: ' was involved' }),
  actor('usOfficials', 'US officials', 'us-officials-003', { before: ' told Reuters Friday' }),
  actor('reuters3', 'Reuters', 'reuters', { before: ' Friday' }),
  actor('seniorOfficial', 'One senior US official', 'senior-us-official-003'),
  actor('suleimani10', 'Suleimani', 'qassem-soleimani', { before: ' had supplied' }),
  actor('kataibWeaponry', 'Kataib Hezbollah', 'kataib-hezbollah', { after: 'weaponry to ' }),
  actor('obrien', 'Robert O’Brien', 'robert-obrien'),
  actor('suleimani11', 'Suleimani', 'qassem-soleimani', { before: ' had just come' }),
  actor('usConcerned', 'US', 'us-government', { before: ' has grown' }),
  actor('suleimani12', 'Suleimani', 'qassem-soleimani', { before: ' was instrumental' }),
  actor('muhandis5', 'Muhandis', 'abu-mahdi-al-muhandis', { before: ', a former' }),
  actor('pmf', 'Popular Mobilisation Forces', 'popular-mobilization-forces'),
  actor('muhandis6', 'Muhandis', 'abu-mahdi-al-muhandis', { before: ', like' }),
  actor('suleimani13', 'Suleimani', 'qassem-soleimani', { before: ', had long' }),
  actor('usDeclared', 'US', 'us-government', { before: ', which had declared' }),
  actor('kuwaitiCourt', 'Kuwaiti court', 'kuwaiti-court'),
  // Who led the attacks, according to a militia commander: an attribution, claimant inside.
  claim('picked', 'Suleimani picked Kataib Hezbollah to lead the attacks on US forces in the region because it had the capability to use drones to scout targets for Katyusha rocket attacks, one of the militia commanders told', 'accusation', ['commanderTold']),
  actor('suleimani14', 'Suleimani', 'qassem-soleimani', { before: ' picked' }),
  actor('kataibPicked', 'Kataib Hezbollah', 'kataib-hezbollah', { after: 'picked ' }),
  actor('commanderTold', 'one of the militia commanders', 'militia-commanders-003'),
  actor('reuters4', 'Reuters', 'reuters', { after: 'militia commanders told ' }),
  actor('suleimani15', 'Suleimani', 'qassem-soleimani', { before: "'s forces" }),
  actor('commandersSaid', 'militia commanders', 'militia-commanders-003', { before: ' said' }),
  actor('kataibDrones', 'Kataib Hezbollah', 'kataib-hezbollah', { before: ' used the drones' }),
  actor('securityOfficials', 'two Iraqi security officials who monitor the movements of militias', 'iraqi-security-officials-003'),
  actor('seniorMilitaryOfficial', 'senior US military official', 'senior-us-military-official-003'),
  claim('increasing', 'said attacks by Iranian-backed groups on bases hosting US forces in Iraq were increasing and becoming more sophisticated', 'accusation', ['seniorMilitaryOfficial']),
  figure('counterTerrorism', "wounding five members of Iraq's elite Counter-Terrorism Service", { outcome: 'injured', count: [5, 5], vague: false, victims: 'security-forces' }),
  actor('cts', 'Counter-Terrorism Service', 'iraq-counter-terrorism-service'),
  actor('militaryOfficial', 'US military official', 'us-military-official-003', { after: 'but a ' }),
  claim('forensic', 'said intelligence and forensic analyses of the rockets and launchers pointed to Iranian-backed Shiite militia groups, notably Kataib Hezbollah and Asaib Ahl Al Haq', 'accusation', ['militaryOfficial']),
  actor('kataibNotably', 'Kataib Hezbollah', 'kataib-hezbollah', { after: 'notably ' }),
  actor('asaib', 'Asaib Ahl Al Haq', 'asaib-ahl-al-haq'),
  figure('contractor2', 'killed a US civilian contractor', { outcome: 'killed', count: [1, 1], vague: false, victims: 'contractors' }, { occurrence: 2 }),
  // One outcome over two groups that share one: a single span, 4 + 2, security forces.
  figure('servicemen', 'wounded four American and two Iraq servicemen', { outcome: 'injured', count: [6, 6], vague: false, victims: 'security-forces' }),
  actor('washington', 'Washington', 'us-government'),
  claim('accused', 'accused Kataib Hezbollah of carrying out the attack', 'accusation', ['washington']),
  actor('kataibAccused', 'Kataib Hezbollah', 'kataib-hezbollah', { after: 'accused ' }),
  denial('allegation', 'an allegation it denied', { denier: ['kataibAccused'], denies: ['accused'] }),
  actor('us2', 'US', 'us-government', { before: ' launched air strikes against the militia' }),
];

const tom003 = derive(
  layla003,
  {
    // Missed the subhead's description, the commander killed in the caption, Iran as the
    // supplier, two of the many Suleimani mentions and one "US", and did not read the militia
    // commander's account as a claim.
    omit: ['iranianGeneral', 'muhandisKilledCaption', 'iranProvided', 'suleimani6', 'usDeclared', 'suleimani15', 'picked'],
    edit: {
      kataibMilitia: { text: 'Kataib Hezbollah militia', before: ' at' },
      suleimaniKilled: { text: 'Iranian general killed', after: 'the ' },
      // The 25 killed in strikes on Kataib Hezbollah: took them for fighters.
      twentyFive: { victims: 'militants' },
      // Hard case 6.8 the other way: kept the "Iraqi general" apart.
      iraqiGeneral: { entity: 'iraqi-general-003' },
      militiaSource: { text: 'militia sources', after: 'one of the ' },
      increasing: { type: 'event-report' },
      // The two US military officials (11 and 27 December) taken for one.
      militaryOfficial: { entity: 'senior-us-military-official-003' },
    },
    add: [
      // An accusation, but about weapons, not an attack: a claim for Tom only.
      claim('supplied', 'said Suleimani had supplied advanced weaponry to Kataib Hezbollah', 'accusation', ['seniorOfficial']),
    ],
  },
  '003/tom',
);

// ---------------------------------------------------------------------------------------------
// 004 — Inquisitr, "The Islamic State is growing bolder…"
// ---------------------------------------------------------------------------------------------

const layla004: Unit[] = [
  // "what experts claim to be Iranian weapons" is about weapons (hard case 6.7): not a claim.
  actor('islamicState1', 'Islamic State', 'islamic-state', { after: 'The ' }),
  actor('alMonitor', 'Al-Monitor', 'al-monitor'),
  actor('iraqiOfficials', 'Iraqi officials and analysts', 'iraqi-officials-004'),
  claim('concern', 'voice their concern about an increase in Islamic State attacks in Iraq’s Diyala province', 'event-report', ['iraqiOfficials']),
  actor('knights', 'Michael Knights', 'michael-knights'),
  claim('uptick', 'noted the uptick in attacks', 'event-report', ['knights']),
  actor('ghanmi', 'Othman al-Ghanmi', 'othman-al-ghanmi'),
  actor('diyalaOfficer', 'Diyala security officer', 'diyala-security-officer-004'),
  claim('bolder', 'claimed that the Islamic State fighters were also getting bolder in their attacks', 'statement', ['diyalaOfficer']),
  actor('islamicState2', 'Islamic State', 'islamic-state', { after: 'claimed that the ' }),
  actor('securityOfficer', 'security officer', 'diyala-security-officer-004', { after: 'the ' }),
  actor('islamicState3', 'Islamic State', 'islamic-state', { after: 'show the ' }),
  // Not clearly the Diyala officer: an entity of its own (section 4, "do not guess").
  actor('securityExpert', 'security expert', 'security-expert-004'),
  actor('pmu', 'Popular Mobilization Units', 'popular-mobilization-forces'),
  actor('pmuShort', 'PMU', 'popular-mobilization-forces'),
  actor('pmus', 'PMUs', 'popular-mobilization-forces'),
  actor('us', 'U.S.', 'us-government', { before: ' carried out' }),
  // Hard case 6.7: "claimed the life of" is a casualty figure, not a claim.
  figure('soleimaniLife', 'claimed the life of Quds Commander Qassem Soleimani', { outcome: 'killed', count: [1, 1], vague: false, victims: 'security-forces' }),
  actor('soleimani', 'Qassem Soleimani', 'qassem-soleimani'),
  actor('trump', 'Trump', 'donald-trump'),
  actor('islamicState4', 'Islamic State', 'islamic-state', { before: ' now has' }),
];

const tom004 = derive(
  layla004,
  {
    edit: {
      // Kept the rank.
      ghanmi: { text: 'Lt. Gen. Othman al-Ghanmi' },
      // Took the "security expert" for the Diyala officer quoted just before.
      securityExpert: { entity: 'diyala-security-officer-004' },
    },
    add: [
      // The word "claimed", but the content is about weapons changing hands: Tom only.
      claim('seized', 'claimed that the prevailing belief was that terrorist group had managed to seize the weapons after a number of Iran-backed Popular Mobilization Units (PMU) had left their positions in the province in March', 'statement', ['securityExpert']),
    ],
  },
  '004/tom',
);

export const DOCUMENTS: DocumentAnnotations[] = [
  { doc: '000', layla: layla000, tom: tom000 },
  { doc: '001', layla: layla001, tom: tom001 },
  { doc: '002', layla: layla002, tom: tom002 },
  { doc: '003', layla: layla003, tom: tom003 },
  { doc: '004', layla: layla004, tom: tom004 },
];

// ---------------------------------------------------------------------------------------------
// The entity registry: one record per annotator per entity, the same ids for the same actors.
// Aliases are the spellings each annotator met (and, for Layla, a few she knows from elsewhere).
// ---------------------------------------------------------------------------------------------

export const ENTITIES: SharedEntity[] = [
  // Armed groups
  {
    id: 'saraya-thawrat-al-ashrin',
    name: 'Saraya Thawrat al-Ashrin',
    kind: 'armed-group',
    notes: '000 gives SarayaAshreen Thani as another name for it ("or").',
    layla: ['Sayara Thora Al-Ashrin', 'SarayaAshreen Thani', 'SarayaThorat al-Ashrin', 'SarayaThurat Al-Ashrin', 'Saraya Thawrat al-Ashrin'],
    tom: { aliases: ['Sayara Thora Al-Ashrin', 'SarayaThurat Al-Ashrin', 'SarayaAshreen Thani', 'SarayaThorat al-Ashrin', 'SarayaShuhadaThawarAshreen al-Thani'], notes: 'Many spellings in 000.' },
  },
  {
    id: 'saraya-shuhada-thawar-ashreen',
    name: 'Saraya Shuhada Thawar Ashreen al-Thani',
    kind: 'armed-group',
    notes: 'Named beside Saraya Thawrat al-Ashrin in 000; nothing says they are one group, so kept apart.',
    layla: ['SarayaShuhadaThawarAshreen al-Thani'],
    tom: null,
  },
  { id: 'usbat-al-thaireen', name: 'Usbat al-Thaireen', kind: 'armed-group', layla: ['Usbat al-Thaireen'], tom: ['Usbat al-Thaireen'] },
  {
    id: 'ashab-al-kahf',
    name: 'Ashab al-Kahf',
    kind: 'armed-group',
    notes: '002: "which translates to ‘Companions of the Cave’".',
    layla: ['Ashab Al-Kahf', 'Ashab al-Kahf', 'Ashab al-Kahaf', 'Companions of the Cave'],
    tom: ['Ashab Al-Kahf', 'Ashab al-Kahf', 'Ashab al-Kahaf'],
  },
  {
    id: 'kataib-hezbollah',
    name: 'Kataib Hezbollah',
    kind: 'armed-group',
    notes: 'Part of the Popular Mobilization Forces, but its own entity.',
    layla: ['Kataib Hezbollah', 'Hezbollah Brigades', 'Kata’ib Hizballah'],
    tom: { aliases: ['Kataib Hezbollah', 'Hezbollah Brigades', 'Kataib Hezbollah militia'], notes: undefined },
  },
  {
    id: 'popular-mobilization-forces',
    name: 'Popular Mobilization Forces (Hashd al-Shaabi)',
    kind: 'armed-group',
    layla: ['Hachd al-Chaabi', 'Hashd al-Shaabi', 'al-Hashd al-Shaabi', 'Popular Mobilisation Forces', 'Popular Mobilization Forces', 'Popular Mobilization Units', 'PMF', 'PMU', 'PMUs'],
    tom: { aliases: ['Hachd al-Chaabi', 'Hashd al-Shaabi', 'Popular Mobilisation Forces', 'Popular Mobilization Units', 'PMU', 'PMUs'], name: 'Popular Mobilization Forces' },
  },
  {
    id: 'islamic-resistance-in-iraq',
    name: 'Islamic Resistance in Iraq',
    kind: 'armed-group',
    notes: 'Not Kataib Hezbollah, although 001 connects them.',
    layla: ['Islamic Resistance in Iraq'],
    tom: { aliases: ['Islamic Resistance in Iraq'], notes: undefined },
  },
  { id: 'islamic-state', name: 'Islamic State', kind: 'armed-group', layla: ['Islamic State', 'IS', 'ISIS'], tom: ['Islamic State', 'IS'] },
  { id: 'asaib-ahl-al-haq', name: 'Asaib Ahl al-Haq', kind: 'armed-group', layla: ['Asaib Ahl Al Haq', 'Asa’ib Ahl al-Haq'], tom: ['Asaib Ahl Al Haq'] },

  // People
  {
    id: 'qassem-soleimani',
    name: 'Qassem Soleimani',
    kind: 'official',
    notes: 'Head of the IRGC Quds Force. 003 calls him "the Iraqi general" once (hard case 6.8).',
    layla: ['Qassem Soleimani', 'Qassem Suleimani', 'Suleimani', 'Soleimani', 'Qasem Soleimani'],
    tom: { aliases: ['Qassem Suleimani', 'Qassem Soleimani', 'Suleimani'], notes: undefined },
  },
  {
    id: 'abu-mahdi-al-muhandis',
    name: 'Abu Mahdi al-Muhandis',
    kind: 'armed-group',
    layla: ['Abu Mahdi al-Muhandis', 'Abu Mahdi Al Muhandis', 'Muhandis'],
    tom: ['Abu Mahdi al-Muhandis', 'Abu Mahdi Al Muhandis', 'Muhandis', 'al-Muhandis'],
  },
  { id: 'pat-ryder', name: 'Pat Ryder', kind: 'official', notes: 'Pentagon spokesman.', layla: ['Pat Ryder'], tom: { aliases: ['Pat Ryder'], notes: undefined } },
  { id: 'sabrina-singh', name: 'Sabrina Singh', kind: 'official', notes: 'Pentagon deputy spokeswoman.', layla: ['Sabrina Singh'], tom: ['Sabrina Singh'] },
  { id: 'john-rigsbee', name: 'John Rigsbee', kind: 'official', notes: 'US Army major, Central Command spokesman.', layla: ['John Rigsbee'], tom: ['John Rigsbee'] },
  { id: 'robert-obrien', name: 'Robert O’Brien', kind: 'official', notes: 'White House national security adviser.', layla: ['Robert O’Brien', "Robert O'Brien"], tom: ['Robert O’Brien'] },
  { id: 'michael-knights', name: 'Michael Knights', kind: 'other', notes: 'Fellow, Washington Institute for Near East Policy.', layla: ['Michael Knights'], tom: { aliases: ['Michael Knights'], kind: 'official', notes: undefined } },
  { id: 'othman-al-ghanmi', name: 'Othman al-Ghanmi', kind: 'official', notes: 'Iraqi Army Chief of Staff.', layla: ['Othman al-Ghanmi'], tom: ['Othman al-Ghanmi', 'Lt. Gen. Othman al-Ghanmi'] },
  { id: 'fadel-al-maksoussi', name: 'Fadel al-Maksoussi', kind: 'armed-group', notes: 'The fighter buried in Baghdad (001).', layla: ['Fadel al-Maksoussi'], tom: null },
  { id: 'donald-trump', name: 'Donald Trump', kind: 'official', layla: ['Trump', 'Donald Trump'], tom: ['Trump'] },

  // States, governments and their bodies
  {
    id: 'us-government',
    name: 'United States (government)',
    kind: 'state',
    layla: ['United States', 'US', 'U.S.', 'Washington'],
    tom: { aliases: ['US', 'U.S.', 'United States', 'Washington', 'USA'], name: 'United States' },
  },
  {
    id: 'us-military',
    name: 'US military',
    kind: 'state',
    notes: 'The Department of Defense and the forces under it.',
    layla: ['American military', 'Pentagon'],
    tom: { aliases: ['Pentagon', 'American military', 'US military', 'US'], name: 'US military (Pentagon)', notes: undefined },
  },
  { id: 'us-embassy-kuwait', name: 'US Embassy in Kuwait', kind: 'state', layla: ['US Embassy in Kuwait'], tom: ['US Embassy in Kuwait'] },
  { id: 'iraq', name: 'Iraq (government)', kind: 'state', layla: ['Iraq'], tom: ['Iraq', 'Iraqi government'] },
  { id: 'iraqi-interior-ministry', name: 'Iraqi Interior Ministry', kind: 'state', layla: ['Iraqi Interior Ministry', 'Interior Ministry'], tom: ['Interior Ministry'] },
  { id: 'iraqi-ministry-of-defense', name: 'Iraqi Ministry of Defense', kind: 'state', layla: ['Iraqi Ministry of Defense'], tom: ['Iraqi Ministry of Defense', 'Ministry of Defense'] },
  { id: 'iraq-counter-terrorism-service', name: 'Counter-Terrorism Service (Iraq)', kind: 'state', layla: ['Counter-Terrorism Service'], tom: ['Counter-Terrorism Service'] },
  { id: 'kuwait-armed-forces', name: 'Kuwait Armed Forces', kind: 'state', layla: ['Kuwait’s Armed Forces'], tom: ['Kuwait’s Armed Forces'] },
  { id: 'kuwaiti-court', name: 'Kuwaiti court', kind: 'state', layla: ['Kuwaiti court'], tom: ['Kuwaiti court'] },
  { id: 'iran', name: 'Iran (government)', kind: 'state', layla: ['Iran', 'Tehran'], tom: ['Tehran', 'Iran'] },
  { id: 'islamic-revolutionary-guard-corps', name: 'Islamic Revolutionary Guard Corps', kind: 'state', layla: ['Revolutionary Guard', 'IRGC'], tom: ['Revolutionary Guard'] },

  // News outlets
  { id: 'fars-news', name: 'Fars News', kind: 'media', layla: ['Fars News'], tom: ['Fars News', 'Fars'] },
  { id: 'al-mayadeen', name: 'Al-Mayadeen', kind: 'media', layla: ['Al-Mayadeen', 'Al Mayadeen'], tom: ['Al-Mayadeen'] },
  { id: 'afp', name: 'AFP', kind: 'media', layla: ['AFP', 'Agence France-Presse'], tom: ['AFP', 'AFP journalist'] },
  { id: 'reuters', name: 'Reuters', kind: 'media', layla: ['Reuters'], tom: ['Reuters'] },
  { id: 'site-intelligence-group', name: 'SITE Intelligence Group', kind: 'media', layla: ['SITE Intelligence Group', 'SITE'], tom: ['SITE Intelligence Group', 'SITE'] },
  { id: 'associated-press', name: 'Associated Press', kind: 'media', layla: ['Associated Press', 'AP'], tom: ['Associated Press'] },
  { id: 'washington-post', name: 'The Washington Post', kind: 'media', layla: ['The Washington Post', 'Washington Post'], tom: ['The Washington Post'] },
  { id: 'al-monitor', name: 'Al-Monitor', kind: 'media', layla: ['Al-Monitor'], tom: ['Al-Monitor'] },

  // Unnamed speakers: one entity per speaker per article (guidelines, section 4).
  { id: 'social-media-000', name: 'social media with ties to pro-Iranian militias (000)', kind: 'media', layla: ['social media with ties to pro-Iranian militias'], tom: { aliases: ['social media'], name: 'pro-Iranian social media (000)' } },
  { id: 'armed-group-000', name: 'armed group (000)', kind: 'armed-group', notes: 'The group that set fire to the vehicles, as the security source tells it.', layla: ['armed group'], tom: null },
  { id: 'security-source-000', name: 'security source (000)', kind: 'official', layla: ['security source'], tom: ['security source'] },
  { id: 'other-media-000', name: 'other media in the region that lean toward Iran (000)', kind: 'media', layla: ['other media in the region that lean toward Iran'], tom: null },
  { id: 'security-sources-001', name: 'two sources within the security services (001)', kind: 'official', notes: 'Also "the two officials".', layla: ['two sources within the security services', 'two officials'], tom: { aliases: ['two sources within the security services'], notes: undefined } },
  { id: 'hachd-official-001', name: 'Hachd al-Chaabi official (001)', kind: 'official', layla: ['Hachd al-Chaabi official'], tom: ['Hachd al-Chaabi official'] },
  { id: 'interior-ministry-official-001', name: 'Iraqi Interior Ministry official (001)', kind: 'official', layla: ['Iraqi Interior Ministry official'], tom: ['Iraqi Interior Ministry official'] },
  { id: 'afp-journalist-001', name: 'AFP journalist (001)', kind: 'media', layla: ['AFP journalist'], tom: null },
  { id: 'iraqi-force-members-002', name: 'three Iraqi force members (002)', kind: 'official', layla: ['three Iraqi force members'], tom: ['three Iraqi force members'] },
  { id: 'security-source-002', name: 'security source (002)', kind: 'official', layla: ['security source'], tom: ['security source'] },
  { id: 'militia-002', name: 'militia (002)', kind: 'armed-group', notes: 'Blamed by the security source; the account is later contradicted.', layla: ['militia'], tom: ['militia'] },
  { id: 'other-sources-002', name: 'other sources (002)', kind: 'other', layla: ['other sources'], tom: ['other sources'] },
  { id: 'militia-commanders-003', name: 'two militia commanders (003)', kind: 'armed-group', notes: 'Also "one of the militia sources", "one of the militia commanders".', layla: ['two militia commanders', 'one of the militia sources', 'one of the militia commanders', 'militia commanders'], tom: ['two militia commanders', 'militia sources', 'one of the militia commanders', 'militia commanders'] },
  { id: 'security-sources-003', name: 'two security sources (003)', kind: 'official', layla: ['two security sources'], tom: ['two security sources'] },
  { id: 'us-officials-003', name: 'US officials (003)', kind: 'official', layla: ['US officials'], tom: ['US officials'] },
  { id: 'senior-us-official-003', name: 'senior US official (003)', kind: 'official', layla: ['One senior US official'], tom: ['One senior US official'] },
  { id: 'senior-us-military-official-003', name: 'senior US military official (003)', kind: 'official', layla: ['senior US military official'], tom: { aliases: ['senior US military official', 'US military official'], name: 'US military official (003)' } },
  { id: 'us-military-official-003', name: 'US military official (003)', kind: 'official', notes: 'The official of 27 December; not clearly the one of 11 December.', layla: ['US military official'], tom: null },
  { id: 'iraqi-security-officials-003', name: 'two Iraqi security officials (003)', kind: 'official', layla: ['two Iraqi security officials who monitor the movements of militias'], tom: ['two Iraqi security officials who monitor the movements of militias'] },
  { id: 'iraqi-general-003', name: 'Iraqi general (003)', kind: 'official', layla: null, tom: { aliases: ['Iraqi general'], notes: 'The general at the Baghdad villa meeting.' } },
  { id: 'iraqi-officials-004', name: 'Iraqi officials and analysts (004)', kind: 'official', layla: ['Iraqi officials and analysts'], tom: ['Iraqi officials and analysts'] },
  { id: 'diyala-security-officer-004', name: 'Diyala security officer (004)', kind: 'official', layla: ['Diyala security officer', 'security officer'], tom: ['Diyala security officer', 'security officer', 'security expert'] },
  { id: 'security-expert-004', name: 'security expert (004)', kind: 'other', notes: 'Possibly the Diyala security officer; the article does not say.', layla: ['security expert'], tom: null },
];
