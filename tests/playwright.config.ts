import { defineConfig } from '@playwright/test';

// The journeys run against the release builds served by nginx on loopback
// (scripts/site-server): ../dist at the root, and the build made with
// --public-url /xunzhen/ under that sub-path, as a static host would serve them.
// Debian's Chromium is used as installed; Playwright never downloads a browser.
const port = Number(process.env.XZ_TEST_PORT ?? 4173);
const origin = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 45_000,
  // CI runs on two busy cores, where compiling the 1.2 MB wasm alone can take
  // seconds: what must appear gets 10 s to appear (it still must).
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    // Journeys that swap responses with page.route need the page's own requests, not a service worker's.
    serviceWorkers: 'block',
    locale: 'zh-CN',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'root', use: { baseURL: `${origin}/` } },
    { name: 'xunzhen', use: { baseURL: `${origin}/xunzhen/` } },
  ],
  webServer: {
    command: `../scripts/site-server ${port}`,
    url: `${origin}/xunzhen/`,
    reuseExistingServer: false,
    stdout: 'ignore',
    timeout: 20_000,
  },
});
