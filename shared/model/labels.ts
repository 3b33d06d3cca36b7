/** A label of the project's schema. `id` is what annotation files store. */
export interface Label {
  id: string;
  name: string;
  /** The key that tags a selection with this label ("1"–"9"). */
  key: string;
  /** CSS colour, #rrggbb. */
  color: string;
  description?: string;
}

/**
 * The default schema of DESIGN.md. Colours are from the Okabe–Ito palette, which stays
 * distinguishable for the common colour-vision deficiencies.
 */
export const DEFAULT_LABELS: Label[] = [
  { id: 'claim', name: 'Claim', key: '1', color: '#0072b2', description: 'An assertion of an event or of responsibility.' },
  { id: 'denial', name: 'Denial', key: '2', color: '#d55e00', description: 'A denial of a claim or of involvement.' },
  { id: 'casualty-figure', name: 'Casualty figure', key: '3', color: '#009e73', description: 'A reported count of killed, injured or missing.' },
  { id: 'actor', name: 'Actor', key: '4', color: '#cc79a7', description: 'Who acts, claims, denies, counts or is counted.' },
];
