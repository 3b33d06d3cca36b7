import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,backend,renderer,electron}/**/*.test.ts', 'tests/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
