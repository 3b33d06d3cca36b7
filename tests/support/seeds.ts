import { fileURLToPath } from 'node:url';

/** The seed articles as given (tests/fixtures/seeds), which the sample project was imported from. */
export const SEEDS = fileURLToPath(new URL('../fixtures/seeds', import.meta.url));
