import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real renderer and the real service in browser mode, in Debian's
 * Chromium (Playwright's own browser downloads are not available here). Each test gets its
 * own copy of a project on disk; see e2e/fixtures.ts.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
    trace: 'off',
  },
});
