// A cold first visit over a throttled network (Lighthouse's slow 4G: 1.6 Mbps
// down, 750 kbps up, 150 ms round trip, applied by Chromium's DevTools
// protocol), at each point given, until the nearest results are exact (the
// list is up and no "downloading this area" note is left): the time, the
// data files fetched, their bytes (each gzip -9'd, as the server sends them)
// and the sequential rounds of data requests after the manifest.
//   node bench/national.mjs URL LABEL LAT,LON [LAT,LON …]
// XZ_LINK adds filters to the link as the app writes them (`des=chest_pain_centre`).
// XZ_TEXT instead types that text into the search box as soon as it is there,
// on the about page (the box is on every screen; there no results question
// loads tiles beside the text's, so its files and rounds are its own; the map's
// centre is the reference point, the point given only labels the line), and
// measures until the suggestions are final (the box no longer says it is
// searching). XZ_DEBUG=1 lists each data request's start, end and file.
// Prints one JSON line per point. Serve the site with the dataset under
// data/ (scripts/bench makes such sites and serves them with nginx).
import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const [url, label, ...points] = process.argv.slice(2);
if (!url || !label || points.length === 0) throw new Error('usage: node bench/national.mjs URL LABEL LAT,LON [LAT,LON …]');

const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) * 0.9, uploadThroughput: (750e3 / 8) * 0.9 };
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});

const extra = process.env.XZ_LINK ? `&${process.env.XZ_LINK}` : '';
const isData = (u) => /\/data\/(manifest\.json|shards\/|facilities\.)/.test(new URL(u).pathname);

async function visit(at) {
  const [latitude, longitude] = at.split(',').map(Number);
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: 'block',
    geolocation: { latitude, longitude, accuracy: 30 }, permissions: ['geolocation'],
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  const requests = [];
  page.on('requestfinished', async (request) => {
    try {
      const response = await request.response();
      const body = await response.body();
      const t = request.timing();
      requests.push({ url: request.url(), gzip: zlib.gzipSync(body, { level: 9 }).length, start: t.startTime + t.requestStart, end: t.startTime + t.responseEnd });
    } catch {
      // aborted or bodiless
    }
  });
  const start = Date.now();
  const text = process.env.XZ_TEXT;
  let names;
  let status = null;
  if (text) {
    void latitude, longitude;
    await page.goto(`${url}#/about`);
    const box = page.getByRole('combobox', { name: /^(搜索机构名称或地点|Search facilities or places)$/ });
    await box.fill(text, { timeout: 120_000 });
    // Final: suggestions with nothing still being searched, or the box saying how far it could search.
    await page.waitForFunction(() => {
      const status = document.querySelector('.search-status')?.textContent ?? '';
      if (/正在全国查找|Searching all of China/.test(status)) return false;
      return document.querySelector('li.suggestion:not(.place)') !== null || /Too common|more than a phone/.test(status);
    }, null, { timeout: 120_000 });
    names = await page.locator('li.suggestion:not(.place) .title').allTextContents();
    status = (await page.locator('.search-status').textContent()).trim();
  } else {
    await page.goto(`${url}#/?at=${latitude.toFixed(5)},${longitude.toFixed(5)}${extra}`);
    await page.locator('ol.results li').first().waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => {
      const note = document.querySelector('.coverage');
      return !note || note.hidden;
    }, null, { timeout: 120_000 });
    names = await page.locator('ol.results .facility-name').allTextContents();
  }
  const ms = Date.now() - start;
  await context.close();
  // Rounds: a data request that starts after every earlier one has ended waits on them.
  const data = requests.filter((r) => isData(r.url)).sort((a, b) => a.start - b.start);
  let rounds = 0;
  let lastEnd = -Infinity;
  // A text's rounds are its own files' (the name index, then tiles): the map's summary loads beside them.
  for (const r of data.filter((r) => !r.url.includes('manifest.json') && !(text && r.url.includes('/clusters-')))) {
    // (Within 50 ms: the page has a response a moment before DevTools stamps its end.)
    if (r.start >= lastEnd - 50) rounds += 1;
    lastEnd = Math.max(lastEnd, r.end);
  }
  if (process.env.XZ_DEBUG) for (const r of data) console.error(Math.round(r.start), Math.round(r.end), r.url.split("/").pop().slice(0, 30));
  const sum = (rs) => rs.reduce((s, r) => s + r.gzip, 0);
  const question = text ? { figure: 'text_search_slow_4g', text, ms_to_final_suggestions: ms, status } : { figure: 'cold_visit_slow_4g', filter: process.env.XZ_LINK ?? null, ms_to_exact_nearest: ms };
  return {
    ...question, data: label, at,
    data_files: data.length, data_gzip_bytes: sum(data), rounds_after_manifest: rounds,
    whole_file_fetched: data.some((r) => /\/facilities\./.test(r.url)),
    all_gzip_bytes: sum(requests), first: names[0] ?? null,
  };
}

for (const at of points) console.log(JSON.stringify(await visit(at)));
await browser.close();
