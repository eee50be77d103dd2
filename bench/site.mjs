// The built site in headless Chromium, as a phone's first visit: what it
// downloads (each response gzip -9'd, budgets checked) and how long from
// navigation to the first list of nearest results on the bundled dataset.
//   node bench/site.mjs http://127.0.0.1:4173/xunzhen/ [runs]
// Prints one JSON line per figure. Budgets: wasm <= 400 KB gzip; everything
// the first screen loads except the dataset (manifest and .xzd) <= 600 KB gzip.
import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
if (!url) throw new Error('usage: node bench/site.mjs URL [runs]');
const WASM_BUDGET = 400 * 1024;
const FIRST_LOAD_BUDGET = 600 * 1024;
/** 大足, Chongqing: shared in the link, so the first list is the nearest results to it. */
const AT = '29.70000,105.71500';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});

async function visit() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
  const page = await context.newPage();
  const bodies = [];
  page.on('response', async (response) => {
    try {
      bodies.push({ url: response.url(), body: await response.body() });
    } catch {
      // redirects and aborted requests have no body
    }
  });
  const start = Date.now();
  await page.goto(`${url}#/?at=${AT}`);
  await page.locator('ol.results li').first().waitFor();
  const toResults = Date.now() - start;
  const heading = await page.locator('#results-heading').textContent();
  await page.waitForLoadState('networkidle');
  await context.close();
  return { toResults, heading, bodies };
}

const gz = (body) => zlib.gzipSync(body, { level: 9 }).length;
const times = [];
let first;
for (let i = 0; i < runs; i++) {
  const v = await visit();
  times.push(v.toResults);
  first ??= v;
}
await browser.close();

const isDataset = (u) => /\/data\/(manifest\.json|[^/]*\.xzd)(\?|$)/.test(u);
const assets = first.bodies.map(({ url: u, body }) => ({ url: new URL(u).pathname, gzip: gz(body), raw: body.length }));
const wasm = assets.filter((a) => a.url.endsWith('.wasm')).reduce((s, a) => s + a.gzip, 0);
const firstLoad = assets.filter((a) => !isDataset(a.url)).reduce((s, a) => s + a.gzip, 0);
for (const a of assets) console.log(JSON.stringify({ figure: 'first_load_asset', ...a }));
console.log(JSON.stringify({ figure: 'budget_wasm_gzip_bytes', bytes: wasm, budget: WASM_BUDGET, within: wasm <= WASM_BUDGET }));
console.log(JSON.stringify({ figure: 'budget_first_load_gzip_bytes_excluding_dataset', bytes: firstLoad, budget: FIRST_LOAD_BUDGET, within: firstLoad <= FIRST_LOAD_BUDGET }));
times.sort((a, b) => a - b);
console.log(JSON.stringify({
  figure: 'navigation_to_first_nearest_results_ms',
  median: times[Math.floor(times.length / 2)],
  min: times[0],
  max: times[times.length - 1],
  runs,
  heading: first.heading,
  conditions: 'headless Chromium, loopback nginx, no throttling, cold cache per run, bundled dataset',
}));
