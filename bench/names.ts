/**
 * `npm run bench` (names): entity suggestion for a typed name against a registry of 20,000
 * entities with 100,000 aliases; the target is under 20 ms. Queries are re-spellings
 * of registry names, as reports write them.
 */
import { EntityRegistry } from '../shared/entities';
import type { EntityFile } from '../shared/format/entityFile';
import { NameIndex, type NameEntity } from '../shared/names/index';
import { seededRandom as random } from '../tests/support/random';
import { median, quantile } from './stats';


const CONSONANTS = ['b', 't', 'th', 'j', 'h', 'kh', 'd', 'dh', 'r', 'z', 's', 'sh', 'f', 'q', 'k', 'l', 'm', 'n', 'gh', 'w', 'y'];
const VOWELS = ['a', 'i', 'u', 'aa', 'ee', 'ou', 'o', 'e', 'ai', 'a'];

function makeWord(r: () => number): string {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  let w = '';
  const syllables = 2 + Math.floor(r() * 2);
  for (let s = 0; s < syllables; s++) w += pick(CONSONANTS) + pick(VOWELS);
  if (r() < 0.6) w += pick(CONSONANTS);
  return w[0]?.toUpperCase() + w.slice(1);
}

/** Re-spells a name the way reports do: other transliterations, articles, words run together. */
function respell(name: string, r: () => number): string {
  const swaps: Array<[RegExp, string]> = [
    [/sh/g, 'ch'], [/u/g, 'ou'], [/i/g, 'ee'], [/q/g, 'k'], [/k(?!h)/g, 'q'], [/aa/g, 'a'], [/th/g, 't'], [/w/g, 'v'],
    [/al-/g, 'Al '], [/al-/g, 'el-'], [/dh/g, 'z'], [/ou/g, 'u'], [/ee/g, 'i'], [/a(?=[^aeiou])/, 'aa'],
  ];
  let s = name;
  for (const [pattern, to] of swaps) if (r() < 0.25) s = s.replace(pattern, to);
  if (r() < 0.2) s = s.replace(/ (\p{Lu})/u, '$1'); // "Saraya Thorat" → "SarayaThorat"
  return s;
}

const r = random(20_200);
const vocabulary = Array.from({ length: 6000 }, () => makeWord(r));
const word = () => vocabulary[Math.floor(r() * vocabulary.length)] as string;
const entities: NameEntity[] = [];
for (let e = 0; e < 20_000; e++) {
  const words = Array.from({ length: 2 + Math.floor(r() * 3) }, word);
  if (r() < 0.5) words[words.length - 1] = `al-${words[words.length - 1]}`;
  const name = words.join(' ');
  // Five distinct aliases: four re-spellings and an unrelated-looking name (a translation, say).
  const aliases = new Set<string>([Array.from({ length: 2 }, word).join(' ')]);
  for (let tries = 0; aliases.size < 5 && tries < 50; tries++) {
    const alias = respell(name, r);
    if (alias !== name) aliases.add(alias);
  }
  for (let n = 2; aliases.size < 5; n++) aliases.add(`${name} ${n}`);
  entities.push({ id: `e${e}`, name, aliases: [...aliases] });
}
const built = performance.now();
const index = new NameIndex(entities);
const buildMs = performance.now() - built;


const times: number[] = [];
let found = 0;
const queries = 300;
for (let q = 0; q < queries; q++) {
  const target = entities[Math.floor(r() * entities.length)] as NameEntity;
  const query = respell(target.name, r);
  const start = performance.now();
  const suggestions = index.suggest(query, 10);
  times.push(performance.now() - start);
  if (suggestions.slice(0, 5).some((s) => s.id === target.id)) found++;
}
const suggestMedian = median(times);
const p95 = quantile(times, 0.95);
console.log(
  `entity suggestion (target < 20 ms): NameIndex: ${index.size} entities, ${index.aliasCount} names and aliases, built in ${buildMs.toFixed(0)} ms; ` +
    `suggest() median ${suggestMedian.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms over ${queries} queries; ` +
    `respelled name found in the top 5 for ${found}/${queries}`,
);

// The registry the app asks (EntityRegistry.suggest): the same 20,000 entities spread over four
// annotators' files, queried as an analyst types (a prefix) and as a report spells (a variant).
const files: EntityFile[] = Array.from({ length: 4 }, (_, f) => ({
  format: 'standoff/entities',
  version: 1,
  annotator: `annotator${f}`,
  entities: entities
    .filter((_, i) => i % 4 === f)
    .map((e) => ({ id: e.id, name: e.name, aliases: [...(e.aliases ?? [])], updated: '2026-11-20T10:00:00.000Z' })),
}));
const registryBuilt = performance.now();
const registry = EntityRegistry.fromFiles(files);
registry.suggest('warm', 10); // builds the alias prefix search and the name index, once
const registryMs = performance.now() - registryBuilt;
const typed: number[] = [];
const variants: number[] = [];
let registryFound = 0;
for (let q = 0; q < queries; q++) {
  const target = entities[Math.floor(r() * entities.length)] as NameEntity;
  const prefix = target.name.slice(0, 3 + Math.floor(r() * 6));
  let t = performance.now();
  registry.suggest(prefix, 10);
  typed.push(performance.now() - t);
  const variant = respell(target.name, r);
  t = performance.now();
  const hits = registry.suggest(variant, 10);
  variants.push(performance.now() - t);
  if (hits.slice(0, 5).some((h) => h.entity.id === target.id)) registryFound++;
}
console.log(
  `entity suggestion (target < 20 ms): EntityRegistry of ${registry.size} entities from ${files.length} files, ready in ${registryMs.toFixed(0)} ms; ` +
    `typed prefix median ${median(typed).toFixed(2)} ms, p95 ${quantile(typed, 0.95).toFixed(2)} ms; ` +
    `respelled name median ${median(variants).toFixed(2)} ms, p95 ${quantile(variants, 0.95).toFixed(2)} ms; found in the top 5 for ${registryFound}/${queries}`,
);
