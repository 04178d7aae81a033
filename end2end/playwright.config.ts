import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end suite for the support portal.
 *
 * The portal is started by `start-server.sh` (owned by the app, not by this
 * folder): it serves the app on 127.0.0.1:3100 with a fresh temporary
 * database seeded with the demo data the tests rely on.
 *
 * Set PORTAL_E2E_PORT to use another port (parallel checkouts on one machine),
 * or PORTAL_E2E_URL to run the tests against another address.
 */
const port = process.env.PORTAL_E2E_PORT ?? '3100';
process.env.PORTAL_E2E_PORT = port;
const baseURL = process.env.PORTAL_E2E_URL ?? `http://127.0.0.1:${port}`;

/** Debian's Chromium (browsers are not downloaded on this machine). */
const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: './tests',
  // The tests share one server and one database: run them one at a time.
  fullyParallel: false,
  workers: 1,
  // No retries: a test that fails once fails the run (a retry would hide a real fault, such as
  // a page that never finishes).
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],

  use: {
    baseURL,
  },

  webServer: {
    command: 'bash ./start-server.sh',
    url: `http://127.0.0.1:${port}/login`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },

  projects: [
    // `PORTAL_BENCH=1 npx playwright test --project=bench`: browser timings (end2end/bench), never
    // part of the normal run.
    ...(process.env.PORTAL_BENCH
      ? [{ name: 'bench', testDir: './bench', use: { ...chromium, locale: 'ru-RU' } }]
      : []),
    {
      name: 'chromium',
      testIgnore: /no-javascript\.spec\.ts/,
      use: {
        ...chromium,
        locale: 'ru-RU',
        screenshot: 'only-on-failure',
        trace: 'retain-on-failure',
      },
    },
    // The pages as the server sends them: before the wasm arrives, or where it never runs.
    {
      name: 'no-javascript',
      testMatch: /no-javascript\.spec\.ts/,
      use: {
        ...chromium,
        locale: 'ru-RU',
        javaScriptEnabled: false,
        screenshot: 'only-on-failure',
        trace: 'retain-on-failure',
      },
    },
  ],
});
