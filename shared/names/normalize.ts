/**
 * Spelling normalisation of a name in Latin script: what no transliteration question depends on.
 * Diacritics go ("Ḥashd" → "hashd"), the marks written for ʿayn and hamza go ("Sha'bi" → "shabi"),
 * words run together in CamelCase come apart ("SarayaThorat" → "saraya thorat"), hyphens and
 * other punctuation become spaces ("al-Ashrin" → "al ashrin"), and everything is lower case.
 */
export function normalizeName(name: string): string {
  return surfaceWords(name)
    .flatMap((w) => w.split('-'))
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase())
    .join(' ');
}

const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', ı: 'i',
  þ: 'th', Þ: 'Th', ð: 'dh', Ð: 'Dh', ħ: 'h', Ħ: 'H',
};

/** ʿayn, hamza and the apostrophes that stand for them, inside a word. */
const GLOTTAL = /[ʿʾʻʼ'’‘`´′]/gu;

/**
 * The words of a name as written, diacritics removed and CamelCase split, case kept; hyphenated
 * parts stay joined ("al-Ashrin"), so that an article can be told from a word.
 */
export function surfaceWords(name: string): string[] {
  const plain = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæÆœŒøØđĐłŁıþÞðÐħĦ]/g, (c) => LETTERS[c] ?? c)
    .replace(GLOTTAL, '')
    // "SarayaThorat" → "Saraya Thorat"; "IRGCQuds" → "IRGC Quds"; but not "McDonald"-style prefixes of two letters.
    .replace(/(\p{Ll}{2,})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu}{2,})(\p{Lu}\p{Ll})/gu, '$1 $2');
  return plain
    .split(/[^\p{L}\p{N}-]+/u)
    .map((w) => w.replace(/^-+|-+$/g, '').replace(/-{2,}/g, '-'))
    .filter((w) => w.length > 0);
}
