import { analyzeName, keyOf } from './analyze';

/**
 * A key for indexing and grouping: the consonant skeletons of the content words, articles left
 * out ("Hachd al-Chaabi" and "Hashd al-Shaabi" → "hST Sb"; "Sayara Thora Al-Ashrin" and
 * "Saraya Thawrat al-Ashrin" → "sr Tr Srn"). S stands for sh; T for t, th, d, dh and z.
 * Equal keys are strong candidates, not proof: compare with compareNames.
 */
export function nameKey(name: string): string {
  return keyOf(analyzeName(name));
}
