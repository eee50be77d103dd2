// What the offline basemap costs a phone: the bytes of the boundary files
// (outlines, township names) the first screen and a zoom-12 view download,
// and how long a frame that redraws the basemap takes.
//   node bench/basemap.mjs http://127.0.0.1:4173/ [frames]
// Headless Chromium at 390 × 844, no throttling, the service worker blocked.
// The frame time is each requestAnimationFrame callback the app runs while
// the map is panned by the arrow key (each pan redraws the basemap and the
// facilities), median and 90th percentile over `frames` pans, at 大足 and 德阳.
import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const url = process.argv[2];
const frames = Number(process.argv[3] ?? 40);
if (!url) throw new Error('usage: node bench/basemap.mjs URL [frames]');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});

/** Opens `fragment`, waits until the network is idle, and returns the boundary files' bytes (gzip -9). */
async function open(page, bodies, fragment) {
  bodies.length = 0;
  await page.goto(`${url}${fragment}`);
  await page.locator('#results-heading').waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1_000);
  const gz = (list) => list.reduce((s, b) => s + zlib.gzipSync(b.body, { level: 9 }).length, 0);
  const files = bodies.filter((b) => b.url.includes('/data/boundaries/'));
  const isDataset = (u) => /\/data\/(manifest\.json|[^/]*\.xzd)(\?|$)/.test(u);
  return {
    files: files.map((b) => new URL(b.url).pathname.replace(/.*\/data\/boundaries\//, '')),
    boundaries_gzip: gz(files),
    all_but_dataset_gzip: gz(bodies.filter((b) => !isDataset(b.url))),
  };
}

async function measure(fragment) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort('internetdisconnected'));
  // Times every animation-frame callback: the app draws its map in one.
  await page.addInitScript(() => {
    const times = [];
    window.__frames = times;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) =>
      raf((t) => {
        const start = performance.now();
        callback(t);
        times.push(performance.now() - start);
      });
  });
  const bodies = [];
  page.on('response', async (response) => {
    try {
      bodies.push({ url: response.url(), body: await response.body() });
    } catch {
      // aborted requests have no body
    }
  });
  const bytes = await open(page, bodies, fragment);
  await page.locator('.map canvas.map-overlay').focus();
  await page.evaluate(() => (window.__frames.length = 0));
  for (let i = 0; i < frames; i++) {
    await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  const times = (await page.evaluate(() => window.__frames)).filter((t) => t > 0.05).sort((a, b) => a - b);
  await context.close();
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { bytes, frame_ms: { median: +at(0.5).toFixed(2), p90: +at(0.9).toFixed(2), n: times.length } };
}

for (const [name, fragment] of [
  ['first screen', ''],
  ['大足 z12', '#/?map=12.00/29.70000,105.72000'],
  ['德阳 z12', '#/?map=12.00/31.13000,104.40000'],
]) {
  console.log(JSON.stringify({ view: name, ...(await measure(fragment)) }));
}
await browser.close();
