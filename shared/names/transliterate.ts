/**
 * Transliteration rules: spellings of one Arabic or Persian word in Latin script are brought to
 * one canonical spelling (English, French and German conventions, with Arabic's three vowels),
 * and to a consonant skeleton, which ignores vowels altogether.
 */

interface Rule {
  label: string;
  pattern: RegExp;
  to: string;
  /** The rule can only apply when the word contains this (a cheap test before the regex). */
  needs?: string;
}

const C = '[b-df-hj-np-tv-z]';

/** In order: each works on what the ones before left. */
const RULES: readonly Rule[] = [
  { label: 'dsch→j (German)', pattern: /dsch/g, to: 'j', needs: 'dsch' },
  { label: 'sch→sh (German)', pattern: /sch/g, to: 'sh', needs: 'sch' },
  { label: 'dj→j (French)', pattern: /dj/g, to: 'j', needs: 'dj' },
  { label: 'ch→sh (French)', pattern: /ch/g, to: 'sh', needs: 'ch' },
  { label: 'ph→f', pattern: /ph/g, to: 'f', needs: 'ph' },
  { label: 'ck→k', pattern: /ck/g, to: 'k', needs: 'ck' },
  { label: 'q→k', pattern: /q/g, to: 'k', needs: 'q' },
  { label: 'c→k', pattern: /c/g, to: 'k', needs: 'c' },
  { label: 'x→ks', pattern: /x/g, to: 'ks', needs: 'x' },
  { label: 'v→w', pattern: /v/g, to: 'w', needs: 'v' },
  { label: 'ou→u', pattern: /ou/g, to: 'u', needs: 'ou' },
  { label: 'oo→u', pattern: /oo/g, to: 'u', needs: 'oo' },
  { label: 'ee→i', pattern: /ee/g, to: 'i', needs: 'ee' },
  { label: 'ei/ey→i', pattern: new RegExp(`e[iy](?=${C}|$)`, 'g'), to: 'i', needs: 'e' },
  { label: 'aw→u (diphthong)', pattern: new RegExp(`aw(?=${C}|$)`, 'g'), to: 'u', needs: 'aw' },
  { label: 'ay/ai→i (diphthong)', pattern: new RegExp(`a[iy](?=${C}|$)`, 'g'), to: 'i', needs: 'a' },
  { label: 'ae→i', pattern: /ae/g, to: 'i', needs: 'ae' },
  { label: 'e→i', pattern: /e/g, to: 'i', needs: 'e' },
  { label: 'o→u', pattern: /o/g, to: 'u', needs: 'o' },
  { label: 'y→i', pattern: new RegExp(`(?<=${C})y(?=${C}|$)`, 'g'), to: 'i', needs: 'y' },
  { label: 'doubled letters', pattern: /([a-z])\1+/g, to: '$1' },
  { label: 'final -ah/-at → -a', pattern: new RegExp(`(?<=.{2})a[ht]$`, 'g'), to: 'a' },
  { label: 'final -ih → -i', pattern: /(?<=.{2})ih$/g, to: 'i', needs: 'ih' },
];

export interface Canonical {
  canon: string;
  /** Labels of the rules that changed the word. */
  rules: string[];
}

const memo = new Map<string, Canonical>();
const MEMO_LIMIT = 200_000;

/** The canonical spelling of one lower-case word ("thawrat" → "thura", "chaabi" → "shabi"). */
export function canonicalize(word: string): Canonical {
  const known = memo.get(word);
  if (known) return { canon: known.canon, rules: [...known.rules] };
  const result = applyRules(word);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, result);
  return { canon: result.canon, rules: [...result.rules] };
}

function applyRules(word: string): Canonical {
  let canon = word;
  const rules: string[] = [];
  for (const rule of RULES) {
    if (rule.needs !== undefined && !canon.includes(rule.needs)) continue;
    const next = canon.replace(rule.pattern, rule.to);
    if (next !== canon) {
      rules.push(rule.label);
      canon = next;
    }
  }
  return { canon, rules };
}

const CLASS: Readonly<Record<string, string>> = {
  b: 'b', p: 'b', t: 'T', d: 'T', z: 'T', k: 'k', g: 'k', q: 'k', c: 'k', s: 's', j: 'j', f: 'f',
  h: 'h', l: 'l', m: 'm', n: 'n', r: 'r', x: 'ks',
};

/**
 * The consonant skeleton of a canonical word: vowels, w and y dropped; sh → S; t, th, d, dh and z
 * → T; k, q, g and gh → k; kh → h; p → b; repeats collapsed. "thura" → "Tr", "shabi" → "Sb".
 */
export function skeleton(canon: string): string {
  const s = canon.replace(/sh/g, 'S').replace(/[td]h/g, 'T').replace(/kh/g, 'h').replace(/gh/g, 'k').replace(/zh/g, 'j');
  let out = '';
  for (const ch of s) {
    const c = ch === 'S' || ch === 'T' ? ch : (CLASS[ch] ?? (/[0-9]/.test(ch) ? ch : ''));
    if (c && !out.endsWith(c)) out += c;
  }
  return out;
}

/** The vowels of a canonical word, in order ("sayara" → "aaa"). */
export function vowels(canon: string): string {
  return canon.replace(/[^aiu]/g, '');
}

/** A skeleton for people to read: "Tr" → "t-r", "Srn" → "sh-r-n". */
export function showSkeleton(skel: string): string {
  return [...skel].map((c) => (c === 'S' ? 'sh' : c === 'T' ? 't' : c)).join('-') || '(no consonants)';
}
