// A long session on a phone over tiles (issue 30's probe, issue 31's bound):
// the user asks for the nearest at one county seat after another across China
// (a link's point and view, as a shared link or a search at a place sets them),
// each question settled before the next. After 1, 5, 10, 20 and 30 areas it
// prints the wasm linear memory (it never shrinks: its high-water mark), the JS
// heap, the data files fetched so far, the longest main-thread task and all
// long-task time (tasks over 50 ms, as the browser reports them). No network
// throttling: this measures memory and main-thread work, not transfer.
//   node bench/explore.mjs URL LABEL [AREAS]   (XZ_EVERY=1: a line after every area)
// Serve the site with a tiled dataset under data/ (scripts/bench does).
import { createRequire } from 'node:module';
import * as fs from 'node:fs';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const [url, label, areasArg] = process.argv.slice(2);
if (!url || !label) throw new Error('usage: node bench/explore.mjs URL LABEL [AREAS]');
const areas = Number(areasArg || 30);
const REPORT_AT = process.env.XZ_EVERY ? { has: () => true } : new Set([1, 5, 10, 20, 30, areas]);

// County seats spread over the country: every n-th of the gazetteer's, in its (adcode) order.
const seats = fs.readFileSync(new URL('../data/places/county_seats.csv', import.meta.url), 'utf8')
  .trim().split('\n').slice(1).map((line) => line.split(','))
  .map(([, name, lat, lon]) => ({ name, lat: Number(lat), lon: Number(lon) }));
const step = Math.floor(seats.length / areas);
const route = Array.from({ length: areas }, (_, i) => seats[i * step]);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--enable-precise-memory-info'],
});
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
const page = await context.newPage();
await page.addInitScript(() => {
  const w = window;
  w.__longest = 0;
  w.__longTotal = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      w.__longest = Math.max(w.__longest, e.duration);
      w.__longTotal += e.duration;
    }
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => (w.__memory = e.detail.wasm.memory));
});
let files = 0;
page.on('requestfinished', (r) => {
  if (/\/data\/shards\//.test(new URL(r.url()).pathname)) files += 1;
});
await page.goto(url);
await page.locator('.panel, #panel').first().waitFor({ timeout: 60_000 });
const started = Date.now();
for (let i = 0; i < route.length; i++) {
  const { lat, lon } = route[i];
  await page.evaluate(([lat, lon]) => (location.hash = `#/?at=${lat},${lon}&map=11.00/${lat},${lon}`), [lat.toFixed(5), lon.toFixed(5)]);
  // Settled: a list is up and no area is still downloading (or said to have failed).
  await page.waitForFunction(() => {
    const note = document.querySelector('.coverage');
    const list = document.querySelector('ol.results:not(.usual-results)');
    return list && list.children.length > 0 && note && note.hidden;
  }, null, { timeout: 120_000 });
  if (REPORT_AT.has(i + 1)) {
    const m = await page.evaluate(() => ({
      wasm: window.__memory ? window.__memory.buffer.byteLength : null,
      heap: performance.memory ? performance.memory.usedJSHeapSize : null,
      longest: window.__longest,
      longTotal: window.__longTotal,
    }));
    console.log(JSON.stringify({
      figure: 'explore', data: label, areas: i + 1, last: route[i].name,
      wasm_memory_mb: m.wasm && +(m.wasm / 1e6).toFixed(1), js_heap_mb: m.heap && +(m.heap / 1e6).toFixed(1),
      data_files: files, longest_task_ms: Math.round(m.longest), long_tasks_ms: Math.round(m.longTotal),
      seconds: +((Date.now() - started) / 1000).toFixed(1),
    }));
  }
}
await browser.close();
