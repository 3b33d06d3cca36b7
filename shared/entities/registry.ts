/**
 * The project's entity registry: every annotator's entities file merged into one view (see
 * merge.ts for the rules), with look-up by id, merges followed, suggestions for what an
 * analyst types, and proposals of entities that look like duplicates.
 */
import type { EntityFile, EntityRecord } from '../format/entityFile';
import { compareNames } from '../names/compare';
import { NameIndex } from '../names/nameIndex';
import { slug } from '../text/slug';
import { AliasSearch, foldAlias, type AliasMatch } from './aliasSearch';
import { mergeRecords, survivorsOf, type Entity } from './merge';
import { personRole, roleOfOrganisation } from './roles';

export type { Entity } from './merge';

export interface EntitySuggestion {
  /** The entity that survives (an entity merged into another is suggested as that other). */
  entity: Entity;
  /** The name or alias that matched (possibly one of an entity merged into `entity`). */
  matched: string;
  /**
   * 0 … 1. For typed-text matches, how much of the alias was typed (1: all of it); for spelling
   * variants, the compareNames score. The order of the list, not this number, is the ranking.
   */
  score: number;
  /** Which spellings matched and why, in words. */
  explanation: string[];
}

export interface EntityDuplicate {
  /** The pair's entity with the smaller id. */
  a: Entity;
  b: Entity;
  /** The name or alias of `a` (or of an entity merged into it) that matched. */
  matchedA: string;
  matchedB: string;
  score: number;
  explanation: string[];
}

/** Spelling variants scoring below this are not worth showing while typing. */
const VARIANT_MIN_SCORE = 0.6;
/**
 * The highest score of a person-role phrase suggested for its organisation, or the reverse
 * ("AFP journalist" and AFP): below VARIANT_MIN_SCORE, so it is listed but never proposed.
 */
const ROLE_SCORE = 0.5;
/** Suggestions looked at beyond the limit, to fill the places of those moved down. */
const ROLE_SPARE = 5;
/** How many other entities each name asks the name index about when looking for duplicates. */
const DUPLICATE_FANOUT = 8;

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** A name or alias, with the entity whose record holds it. */
interface OwnedName {
  owner: string;
  text: string;
}

export class EntityRegistry {
  private readonly survivor: Map<string, string>;
  private sorted: Entity[] | undefined;
  /** For each surviving id: the ids that resolve to it, itself first. */
  private members: Map<string, string[]> | undefined;
  private aliasIndex: { names: OwnedName[]; groups: Int32Array; search: AliasSearch } | undefined;
  private nameIndex: NameIndex | undefined;

  private constructor(private readonly entities: ReadonlyMap<string, Entity>) {
    this.survivor = survivorsOf(entities);
  }

  /** The registry the files describe together (in any order: the result is the same). */
  static fromFiles(files: readonly EntityFile[]): EntityRegistry {
    return new EntityRegistry(mergeRecords(files));
  }

  /** Number of entity ids, merged ones included. */
  get size(): number {
    return this.entities.size;
  }

  has(id: string): boolean {
    return this.entities.has(id);
  }

  /** The entity with this id as its records describe it, merged or not. */
  get(id: string): Entity | undefined {
    return this.entities.get(id);
  }

  /**
   * The entity `id` finally stands for: its mergedInto chain followed to the end (on a loop, the
   * loop's smallest id). Throws for an id the registry does not hold: check with has() or get().
   */
  resolve(id: string): Entity {
    const survivor = this.entities.get(this.survivor.get(id) ?? '');
    if (!survivor) throw new RangeError(`no entity "${id}" in the registry`);
    return survivor;
  }

  /** The entities not merged into another, by name (English collation, case and accents aside). */
  all(): Entity[] {
    this.sorted ??= [...this.entities.values()]
      .filter((e) => this.survivor.get(e.id) === e.id)
      .sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return [...this.sorted];
  }

  /**
   * Every name and alias `id` stands for: those of the entity it resolves to, then those of the
   * entities merged into that one; without repeats. What to look for in a text (findMentions).
   * With `viewer`: without the aliases that annotator hid for themselves.
   */
  namesOf(id: string, viewer?: string): string[] {
    const names = this.ownedNames(this.resolve(id).id);
    // What the viewer hid for themselves (another annotator's alias) is not looked for on their behalf.
    const shown = viewer ? names.filter((n) => !this.entities.get(n.owner)?.hiddenBy?.[n.text]?.includes(viewer)) : names;
    return [...new Set(shown.map((n) => n.text))];
  }

  /**
   * Entities for what an analyst has typed, best first: names and aliases that are what was
   * typed or begin with it, then those with a word beginning with it, then those containing it
   * (case and accents aside), then spelling variants ("Hachd al-Chaabi" for "Hashd al-Shaabi").
   * Each surviving entity once. A person named by their role ("AFP journalist") and the
   * organisation it names (AFP) are never suggested as the same actor, whichever was typed, even
   * when one annotator filed the phrase as the organisation's alias: such an entity comes last,
   * with a score below what is proposed, and says why.
   */
  suggest(typed: string, limit = 10): EntitySuggestion[] {
    if (limit <= 0 || foldAlias(typed) === '') return [];
    const found = this.suggestByName(typed, limit);
    const apart = found.map((s) => this.roleApart(typed, s.entity));
    if (apart.every((why) => why === null)) return found;
    // Some move down: look a little further for what takes their places.
    const more = this.suggestByName(typed, limit + ROLE_SPARE);
    const same: EntitySuggestion[] = [];
    const after: EntitySuggestion[] = [];
    for (const s of more) {
      const why = this.roleApart(typed, s.entity);
      if (why) after.push({ ...s, score: Math.min(s.score, ROLE_SCORE), explanation: [...s.explanation, why] });
      else same.push(s);
    }
    return [...same, ...after].slice(0, limit);
  }

  /** suggest() by the names alone. */
  private suggestByName(typed: string, limit: number): EntitySuggestion[] {
    const out: EntitySuggestion[] = [];
    const taken = new Set<string>();
    const { names, groups, search } = this.aliases();
    const typedLength = foldAlias(typed).length;
    // Grouped by surviving entity: each entity once, with its best-matching name.
    for (const match of search.find(typed, limit, groups)) {
      const name = names[match.alias] as OwnedName;
      const entity = this.resolve(name.owner);
      taken.add(entity.id);
      out.push({
        entity,
        matched: name.text,
        score: match.kind === 'exact' ? 1 : round(typedLength / match.folded.length),
        explanation: [this.describeTextMatch(typed, name, match), ...this.mergeNote(name.owner)],
      });
    }
    if (out.length >= limit) return out;
    // The index answers per indexed entity: ask for more, as several may resolve to one.
    for (const s of this.names().suggest(typed, limit + 10)) {
      if (out.length >= limit || s.score < VARIANT_MIN_SCORE) break;
      const entity = this.resolve(s.id);
      if (taken.has(entity.id)) continue;
      taken.add(entity.id);
      out.push({ entity, matched: s.matched, score: s.score, explanation: [...s.explanation, ...this.mergeNote(s.id)] });
    }
    return out;
  }

  /**
   * Pairs of surviving entities that may be one: a name or alias of one and a name or alias of
   * the other compare as the same (compareNames). Each pair once, with the best-matching names,
   * by score (highest first). A person named by their role and their organisation ("AFP
   * journalist (001)" and AFP, even where AFP's record has the alias "AFP journalist") are never
   * proposed: they are two actors. Asks the name index about every name: O(names), about 1 ms a
   * name, so `budgetMs` stops the scan early on a large registry (the pairs found so far are
   * returned, from the entities first by name).
   */
  duplicates(limit = Infinity, budgetMs = Infinity): EntityDuplicate[] {
    const index = this.names();
    const deadline = Date.now() + budgetMs;
    const pairs = new Map<string, { a: Entity; b: Entity; ownerA: string; ownerB: string; matchedA: string; matchedB: string; score: number }>();
    for (const entity of this.all()) {
      if (Date.now() > deadline) break;
      const own = this.ownedNames(entity.id);
      const fanout = (this.memberIds().get(entity.id)?.length ?? 1) + DUPLICATE_FANOUT;
      for (const name of own) {
        for (const s of index.suggest(name.text, fanout)) {
          if (!s.same) break; // best first: the rest are not proposals either
          const other = this.resolve(s.id);
          if (other.id === entity.id) continue;
          // "Iraqi Interior Ministry official" is not "Iraqi Interior Ministry", however alike.
          if (roleOfOrganisation(name.text, s.matched) || roleOfOrganisation(s.matched, name.text)) continue;
          const mine = { e: entity, owner: name.owner, text: name.text };
          const theirs = { e: other, owner: s.id, text: s.matched };
          const [x, y] = entity.id < other.id ? [mine, theirs] : [theirs, mine];
          const key = `${x.e.id}\u0000${y.e.id}`;
          const known = pairs.get(key);
          if (known && (known.score > s.score || (known.score === s.score && `${known.matchedA}\u0000${known.matchedB}` <= `${x.text}\u0000${y.text}`))) continue;
          pairs.set(key, { a: x.e, b: y.e, ownerA: x.owner, ownerB: y.owner, matchedA: x.text, matchedB: y.text, score: s.score });
        }
      }
    }
    return [...pairs.values()]
      .filter(({ a, b }) => !this.roleOfEntity(a, b) && !this.roleOfEntity(b, a))
      .map(({ a, b, ownerA, ownerB, matchedA, matchedB }) => {
        // Compared again in the pair's order, so the explanation reads a → b.
        const { score, explanation } = compareNames(matchedA, matchedB);
        return { a, b, matchedA, matchedB, score, explanation: [...explanation, ...this.mergeNote(ownerA), ...this.mergeNote(ownerB)] };
      })
      .sort((p, q) => q.score - p.score || collator.compare(p.a.name, q.a.name) || collator.compare(p.b.name, q.b.name) || (p.a.id + p.b.id < q.a.id + q.b.id ? -1 : 1))
      .slice(0, limit);
  }

  /**
   * Why `person`, an entity named by a role ("AFP journalist (001)"), is not `organisation`, an
   * entity that one of whose names is the role's organisation (AFP); null when it is not so.
   * Another annotator's alias on the organisation that repeats the role phrase changes nothing.
   */
  private roleOfEntity(person: Entity, organisation: Entity): string | null {
    if (!personRole(person.name) || personRole(organisation.name)) return null;
    for (const n of this.ownedNames(organisation.id)) {
      const why = roleOfOrganisation(person.name, n.text);
      if (why) return why;
    }
    return null;
  }

  /** Why what was typed and `entity` are a person by their role and that person's organisation, or null. */
  private roleApart(typed: string, entity: Entity): string | null {
    const text = typed.trim();
    if (personRole(text)) {
      if (personRole(entity.name)) return null;
      for (const n of this.ownedNames(entity.id)) {
        const why = roleOfOrganisation(text, n.text);
        if (why) return why;
      }
      return null;
    }
    return personRole(entity.name) ? roleOfOrganisation(entity.name, text) : null;
  }

  /** The names of a surviving entity and of those merged into it, each with its owner. */
  private ownedNames(survivorId: string): OwnedName[] {
    const out: OwnedName[] = [];
    for (const owner of this.memberIds().get(survivorId) ?? [survivorId]) {
      const e = this.entities.get(owner);
      if (!e) continue;
      for (const text of [e.name, ...e.aliases]) out.push({ owner, text });
    }
    return out;
  }

  private memberIds(): Map<string, string[]> {
    if (this.members) return this.members;
    const members = new Map<string, string[]>();
    for (const id of [...this.entities.keys()].sort()) {
      const survivor = this.survivor.get(id) ?? id;
      const list = members.get(survivor) ?? [survivor];
      if (id !== survivor) list.push(id);
      members.set(survivor, list);
    }
    this.members = members;
    return members;
  }

  /** Built on the first suggestion, not with the registry: most readers never ask. */
  private aliases(): { names: OwnedName[]; groups: Int32Array; search: AliasSearch } {
    if (!this.aliasIndex) {
      const names: OwnedName[] = [];
      const survivors: string[] = [];
      const groupOf = new Map<string, number>();
      for (const e of this.entities.values()) for (const text of [e.name, ...e.aliases]) names.push({ owner: e.id, text });
      // Aliases are grouped by the entity they finally stand for, numbered for the search.
      const groups = Int32Array.from(names, ({ owner }) => {
        const survivor = this.survivor.get(owner) ?? owner;
        let g = groupOf.get(survivor);
        if (g === undefined) {
          g = survivors.length;
          survivors.push(survivor);
          groupOf.set(survivor, g);
        }
        return g;
      });
      this.aliasIndex = { names, groups, search: new AliasSearch(names.map((n) => n.text)) };
    }
    return this.aliasIndex;
  }

  /** Every entity, merged ones too (a variant of a merged entity's alias finds its survivor). */
  private names(): NameIndex {
    this.nameIndex ??= new NameIndex(this.entities.values());
    return this.nameIndex;
  }

  private describeTextMatch(typed: string, name: OwnedName, match: AliasMatch): string {
    const what = this.entities.get(name.owner)?.name === name.text ? 'the name' : 'the alias';
    const shown = typed.trim();
    switch (match.kind) {
      case 'exact':
        return shown === name.text ? `'${shown}' is ${what} '${name.text}'` : `'${shown}' is ${what} '${name.text}' (case, accents and punctuation aside)`;
      case 'prefix':
        return `${what} '${name.text}' begins with '${shown}'`;
      case 'word':
        return `a word of ${what} '${name.text}' begins with '${shown}'`;
      case 'substring':
        return `${what} '${name.text}' contains '${shown}'`;
    }
  }

  /** A line saying which entity a merged one now counts as; nothing when `owner` was not merged. */
  private mergeNote(owner: string): string[] {
    const survivor = this.resolve(owner);
    if (survivor.id === owner) return [];
    return [`'${this.entities.get(owner)?.name ?? owner}' was merged into '${survivor.name}'`];
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The file with `record` in place of the record with its id, or added at the end. Pure. */
export function withRecord(file: EntityFile, record: EntityRecord): EntityFile {
  const at = file.entities.findIndex((e) => e.id === record.id);
  const entities = at < 0 ? [...file.entities, record] : file.entities.map((e, i) => (i === at ? record : e));
  return { ...file, entities };
}

/** Longest id the entity file format accepts. */
const ID_MAX = 64;

/**
 * A readable id for a new entity, not yet `taken`: "Saraya Thawrat al-Ashrin" →
 * "saraya-thawrat-al-ashrin", then "…-2", "…-3". A name with no Latin letters or digits
 * (Arabic script, say) gives "entity", "entity-2", ….
 */
export function newEntityId(name: string, taken: (id: string) => boolean): string {
  // Apostrophes standing for ʿayn and hamza vanish rather than split the word: "Kata'ib" → "kataib".
  const base =
    slug(name.replace(/[ʿʾʻʼ'’‘`´]/gu, ''), { max: ID_MAX })
      .replace(/-{2,}/g, '-')
      .replace(/^[-_]+|[-_]+$/g, '') || 'entity';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const id = base.slice(0, ID_MAX - suffix.length).replace(/[-_]+$/, '') + suffix;
    if (!taken(id)) return id;
  }
}
