// A national dataset loaded as tiles: the app fetches the manifest, the
// cluster summary for the zoomed-out map and only the tiles a question needs,
// never the whole file, and answers exactly as the whole dataset does.
// Synthetic national data (`datakit synth`, every record labelled
// synthetic), written by scripts/test into target/national; and the bundled
// real data with config.json asking for tiles (its province shards).
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { test } from './fixtures';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATAKIT, DAZU, onlyLoopback, ready, resultNames, searchBox, shot, watchErrors, wholeNearest } from './helpers';

const NATIONAL = path.resolve(__dirname, '../../target/national');
/** Another version of it (another seed): the new data a deployer publishes. */
const NEXT = path.resolve(__dirname, '../../target/national-next');
const REAL = path.resolve(__dirname, '../../dist/data');

/** Serves the files of the build in `dir` for data/…, and lists what was asked for. */
async function serveBuild(page: Page | BrowserContext, dir: string): Promise<string[]> {
  const asked: string[] = [];
  await page.route(/\/data\/(manifest\.json|shards\/[^?]+|facilities\.[0-9a-f]{16}\.xzd)(\?|$)/, (route) => {
    const file = /\/data\/([^?]+)/.exec(new URL(route.request().url()).pathname)![1];
    asked.push(file);
    const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return route.fulfill({ path: path.join(dir, file), contentType: type });
  });
  return asked;
}

/** The whole dataset's nearest 50 to 大足, as `datakit query` answers from the full file. */
function nearestNames(dir: string, filter: string[] = []): string[] {
  return wholeNearest(path.join(dir, 'manifest.json'), DAZU, filter);
}

test.use({ geolocation: DAZU, permissions: ['geolocation'] });

test('a national synthetic build: the nearest from the tiles near it, exact, never the whole file', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  const asked = await serveBuild(page, NATIONAL);
  const manifest = JSON.parse(fs.readFileSync(path.join(NATIONAL, 'manifest.json'), 'utf8'));
  expect(manifest.synthetic).toBe(true);
  expect(manifest.whole.bytes).toBeGreaterThan(8 * 1024 * 1024); // so `auto` loads tiles
  await page.goto('./');
  await ready(page, 15_000);
  // The zoomed-out map is drawn from the cluster summary alone.
  await expect.poll(() => page.locator('canvas[data-drawn]').last().getAttribute('data-drawn')).not.toBe('0');
  expect(asked.filter((f) => f.startsWith('shards/clusters-'))).not.toHaveLength(0);

  await page.getByRole('button', { name: '使用我的位置' }).click();
  const expected = nearestNames(NATIONAL);
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).toEqual(expected);
  await expect(page.locator('.coverage')).toBeHidden();
  // Over tiles the nation's count is not claimed: the heading has no total.
  await expect(page.locator('#results-heading')).not.toContainText('共');
  await shot(page, testInfo, 'national-nearest');
  expect(asked.some((f) => /^facilities\./.test(f)), 'the whole file is never fetched').toBe(false);
  const tiles = asked.filter((f) => /^shards\/t\d+-\d+\./.test(f));
  expect(tiles.length).toBeGreaterThan(0);
  expect(tiles.length).toBeLessThan(manifest.shards.length / 4);

  // A rare designation is answered from its layer: exact again.
  await page.locator('details.filters summary').click();
  await page.locator('fieldset.group').filter({ hasText: '五大救治中心' }).getByText('胸痛中心').click();
  const chest = nearestNames(NATIONAL, ['--designation', 'chest_pain_centre']);
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).toEqual(chest);
  expect(asked.some((f) => f.startsWith('shards/d-chest_pain_centre.'))).toBe(true);
  expect(errors).toEqual([]);
});

test('a tile that fails says which area could not be searched, and retry completes the answer', async ({ page }) => {
  await onlyLoopback(page);
  const asked = await serveBuild(page, NATIONAL);
  let failing = true;
  // Every tile fails until the retry; the summary and the manifest load.
  await page.route(/\/data\/shards\/t\d+-\d+\.[0-9a-f]{16}\.xzd/, (route) => (failing ? route.abort('failed') : route.fallback()));
  await page.goto('./');
  await ready(page, 15_000);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  const alert = page.locator('.coverage[role="alert"]');
  await expect(alert).toContainText('没能下载', { timeout: 15_000 });
  await expect(alert).toContainText(/shards\/t\d+-\d+/);
  // Never a silently incomplete "nearest": no result is listed as the nearest.
  expect(await resultNames(page)).toEqual([]);
  failing = false;
  await alert.getByRole('button', { name: '重试' }).click();
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).toEqual(nearestNames(NATIONAL));
  await expect(page.locator('.coverage')).toBeHidden();
  expect(asked.length).toBeGreaterThan(0);
});

test('the map says what it leaves out: a cluster summary that fails, with a retry; a filter too wide to load', async ({ page }, testInfo) => {
  await onlyLoopback(page);
  await serveBuild(page, NATIONAL);
  let failing = true;
  await page.route(/\/data\/shards\/clusters-/, (route) => (failing ? route.fulfill({ status: 404, body: 'gone' }) : route.fallback()));
  await page.goto('./');
  await ready(page, 15_000);
  const gap = page.locator('.map-gap');
  await expect(gap).toContainText('没能下载', { timeout: 15_000 });
  await shot(page, testInfo, 'map-summary-failed');
  failing = false;
  await gap.getByRole('button', { name: '重试' }).click();
  await expect(gap).toBeHidden({ timeout: 15_000 });
  await expect.poll(() => page.locator('canvas[data-drawn]').last().getAttribute('data-drawn')).not.toBe('0');

  // A filter at the country's zoom: no summary serves it, and its tiles are too many to load.
  await page.goto('./#/?kind=tcm&map=5.00/32.00000,108.00000');
  await expect(gap).toContainText('范围太大', { timeout: 15_000 });
  await shot(page, testInfo, 'map-too-wide');
  // Zoomed in, the view's tiles load: nothing left out, nothing said.
  await page.goto(`./#/?kind=tcm&map=11.00/${DAZU.latitude.toFixed(5)},${DAZU.longitude.toFixed(5)}`);
  await expect(gap).toBeHidden({ timeout: 15_000 });
  // A view whose tiles fail: said, not drawn as if empty.
  await page.route(/\/data\/shards\/t\d+-\d+\./, (route) => route.fulfill({ status: 503, body: 'busy' }));
  await page.goto('./#/?kind=tcm&map=11.00/45.75385,126.61106');
  await expect(gap).toContainText('没能下载', { timeout: 15_000 });
});

test('a redeploy while the page is open: its files gone, the page says the data was updated, and a reload takes the new version', async ({ page }, testInfo) => {
  await onlyLoopback(page);
  let dir = NATIONAL;
  // Like a static host: a file of the version published now, or 404.
  await page.route(/\/data\/(manifest\.json|shards\/[^?]+|facilities\.[0-9a-f]{16}\.xzd)(\?|$)/, (route) => {
    const file = /\/data\/([^?]+)/.exec(new URL(route.request().url()).pathname)![1];
    const at = path.join(dir, file);
    if (!fs.existsSync(at)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ path: at, contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
  });
  await page.goto('./');
  await ready(page, 15_000);
  dir = NEXT;
  // A place far from the first screen's region, whose tiles the open page has not loaded.
  const far = { latitude: 45.75385, longitude: 126.61106 };
  await page.goto(`./#/?at=${far.latitude},${far.longitude}`);
  const alert = page.locator('.coverage[role="alert"]');
  await expect(alert).toContainText('数据刚刚更新了', { timeout: 15_000 });
  await expect(alert.getByRole('button', { name: '重试' })).toBeHidden();
  await expect(page.locator('#results-heading')).toContainText('不一定是最近的');
  await shot(page, testInfo, 'redeployed');
  await alert.getByRole('button', { name: '刷新页面' }).click();
  await ready(page, 15_000);
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).toEqual(wholeNearest(path.join(NEXT, 'manifest.json'), far));
  await expect(page.locator('.coverage')).toBeHidden();
});

test('exploring past the memory cap: at each of 14 places across China the nearest are exact, and settle at once', async ({ page }) => {
  test.setTimeout(120_000);
  await onlyLoopback(page);
  await serveBuild(page, NATIONAL);
  // County seats spread over the gazetteer: more tiles than the app keeps loaded (40,000 of 60,000 facilities).
  const seats = fs.readFileSync(path.resolve(__dirname, '../../data/places/county_seats.csv'), 'utf8').trim().split('\n').slice(1);
  const places = Array.from({ length: 14 }, (_, i) => seats[Math.floor((i * seats.length) / 14)].split(','));
  await page.goto('./');
  await ready(page, 15_000);
  for (const [, name, lat, lon] of places) {
    // The point as the link carries it (five decimals), for the app and the oracle alike.
    const at = { latitude: Number(Number(lat).toFixed(5)), longitude: Number(Number(lon).toFixed(5)) };
    await page.goto(`./#/?at=${at.latitude.toFixed(5)},${at.longitude.toFixed(5)}&map=11.00/${at.latitude.toFixed(5)},${at.longitude.toFixed(5)}`);
    const want = wholeNearest(path.join(NATIONAL, 'manifest.json'), at);
    // Screens' questions must not let go of each other's tiles in turn: each settles within the wait.
    await expect.poll(() => resultNames(page), { timeout: 8_000, message: name }).toEqual(want);
    await expect(page.locator('.coverage')).toBeHidden();
  }
});

test('a shared link to a listing in a tile not yet loaded opens it: the map view in the link loads its tile', async ({ page }) => {
  await onlyLoopback(page);
  await serveBuild(page, NATIONAL);
  const out = execFileSync(DATAKIT, ['query', '--dataset', path.join(NATIONAL, 'manifest.json'), '--near', '45.753853,126.611056', '--k', '1', '--json']);
  const [far] = JSON.parse(out.toString()) as { id: string; name: string; lat: number; lon: number }[];
  await page.goto(`./#/f/${far.id}?map=14.00/${far.lat.toFixed(5)},${far.lon.toFixed(5)}`);
  await expect(page.locator('#listing-name')).toHaveText(far.name, { timeout: 15_000 });
  await expect(page.locator('.listing')).toBeVisible();
});

/** The real build, as province shards, at 大足 with the location known; returns what it asked for after that. */
async function realShardsAtDazu(page: Page): Promise<{ asked: string[]; after: number }> {
  await onlyLoopback(page);
  const asked = await serveBuild(page, REAL);
  await page.route('**/config.json', (route) => route.fulfill({ json: { loading: 'tiles' } }));
  await page.goto('./');
  await ready(page, 15_000);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).not.toHaveLength(0);
  return { asked, after: asked.length };
}

test('the real build, loaded by province shards, answers at 大足 as the whole file does', async ({ page }) => {
  const { asked } = await realShardsAtDazu(page);
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).toEqual(nearestNames(REAL));
  expect(asked.some((f) => /^facilities\./.test(f))).toBe(false);
});

/** The whole dataset's best text matches near 大足, as `datakit query --text` answers from the full file. */
function wholeSearch(dir: string, text: string, k: number): string[] {
  const out = execFileSync(DATAKIT, ['query', '--dataset', path.join(dir, 'manifest.json'), '--text', text, '--near', `${DAZU.latitude},${DAZU.longitude}`, '--k', `${k}`, '--json']);
  return JSON.parse(out.toString()).map((f: { name: string }) => f.name);
}

function facilitySuggestions(page: Page): Promise<string[]> {
  return page.locator('li.suggestion:not(.place) .title').allTextContents();
}

test('the real build as shards: 华西医院 typed at 大足 is found across the country from the name index, as the whole file finds it', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const { asked, after } = await realShardsAtDazu(page);
  const manifest = JSON.parse(fs.readFileSync(path.join(REAL, 'manifest.json'), 'utf8'));
  await searchBox(page).fill('华西医院');
  const expected = wholeSearch(REAL, '华西医院', 6);
  expect(expected[0]).toBe('四川大学华西医院');
  await expect.poll(() => facilitySuggestions(page), { timeout: 15_000 }).toEqual(expected);
  await expect(page.locator('.search-status')).toHaveText(/^\s*$/);
  await shot(page, testInfo, 'names-huaxi');
  const typed = asked.slice(after);
  expect(typed.some((f) => /^shards\/names-\d+\.[0-9a-f]{16}\.txt$/.test(f)), 'the name index is read').toBe(true);
  expect(typed.filter((f) => /^shards\/names-/.test(f)).length, 'a few of its buckets').toBeLessThanOrEqual(8);
  const provinces = typed.filter((f) => /^shards\/\d{6}\./.test(f));
  expect(provinces.length, 'only the provinces where a facility holds the words').toBeLessThanOrEqual(4);
  expect(asked.some((f) => /^facilities\./.test(f)), 'never the whole file').toBe(false);
  expect(errors).toEqual([]);
});

test('the real build as shards: hxyy matches in more areas than a phone should fetch; the nearest are searched, and the box says so', async ({ page }) => {
  const { asked, after } = await realShardsAtDazu(page);
  await searchBox(page).fill('hxyy');
  await expect(page.locator('.search-status')).toContainText(/有 \d+ 个地区含这几个字,一次下载太多:提示只来自最近的 12 个/, { timeout: 15_000 });
  await expect.poll(() => facilitySuggestions(page)).toContain('四川大学华西医院');
  // Every suggestion is a real match, of the whole file's best ones.
  const whole = wholeSearch(REAL, 'hxyy', 100);
  for (const name of await facilitySuggestions(page)) expect(whole).toContain(name);
  expect(asked.slice(after).filter((f) => /^shards\/\d{6}\./.test(f)).length).toBeLessThanOrEqual(12);
});

test('a national synthetic build: a name from across the country, typed at 大足, found from the name index as the whole file finds it', async ({ page }) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  const asked = await serveBuild(page, NATIONAL);
  const manifest = JSON.parse(fs.readFileSync(path.join(NATIONAL, 'manifest.json'), 'utf8'));
  await page.goto('./');
  await ready(page, 15_000);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).not.toHaveLength(0);
  const after = asked.length;
  // The facility nearest 东城 (北京), by its trade name and kind: 1,500 km from 大足.
  const beijing = JSON.parse(execFileSync(DATAKIT, ['query', '--dataset', path.join(NATIONAL, 'manifest.json'), '--near', '39.927,116.41', '--k', '1', '--json']).toString())[0].name;
  const text = beijing.replace(/^合成东城区/, '');
  expect(text).not.toBe(beijing);
  await searchBox(page).fill(text);
  const expected = wholeSearch(NATIONAL, text, 6);
  expect(expected).toContain(beijing);
  await expect.poll(() => facilitySuggestions(page), { timeout: 15_000 }).toEqual(expected);
  await expect(page.locator('.search-status')).toHaveText(/^\s*$/);
  const tiles = asked.slice(after).filter((f) => /^shards\/t\d+-\d+\./.test(f));
  expect(tiles.length, 'only the tiles holding such a name').toBeLessThanOrEqual(12);
  expect(tiles.length).toBeLessThan(manifest.shards.length / 4);
  expect(asked.some((f) => /^facilities\./.test(f))).toBe(false);
  expect(errors).toEqual([]);
});

test('a national synthetic build: a text too short for the name index, or held everywhere, says how far the suggestions reach', async ({ page }) => {
  await onlyLoopback(page);
  const asked = await serveBuild(page, NATIONAL);
  const manifest = JSON.parse(fs.readFileSync(path.join(NATIONAL, 'manifest.json'), 'utf8'));
  expect(manifest.names.length).toBeGreaterThan(0);
  await page.goto('./');
  await ready(page, 15_000);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).not.toHaveLength(0);
  const tiles = () => asked.filter((f) => /^shards\/t\d+-\d+\./.test(f)).length;
  const before = tiles();
  // One character: the index cannot narrow it; the areas downloaded answer, and no tile more is fetched.
  await searchBox(page).fill('合');
  await expect(page.locator('.search-status')).toContainText('这个词太常见或太短', { timeout: 15_000 });
  await expect.poll(() => facilitySuggestions(page)).toHaveLength(6);
  expect(tiles()).toBe(before);
  // Every synthetic name begins 合成 (synthetic): in every tile; the nearest 12 are searched, and the box says so.
  await searchBox(page).fill('合成');
  await expect(page.locator('.search-status')).toContainText(`有 ${manifest.shards.length} 个地区含这几个字`, { timeout: 15_000 });
  expect(tiles() - before).toBeLessThanOrEqual(12);
  expect(asked.some((f) => /^facilities\./.test(f))).toBe(false);
});

/** The paths the worker's data cache holds. */
function kept(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await (await caches.open('xunzhen-data-v1')).keys()).map((r) => new URL(r.url).pathname));
}

/** Offline, a reload and "use my location" give `expected`, whole. */
async function offlineNearest(page: Page, context: BrowserContext, expected: string[]) {
  await context.setOffline(true);
  await page.reload();
  await ready(page, 15_000);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).toEqual(expected);
  await expect(page.locator('.coverage')).toBeHidden();
}

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('offline after one visit: the tiles the first screen loaded before the worker came are kept too', async ({ page, context }) => {
    // The worker's script is held until the answer is on screen: every tile of it came before the worker.
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    await context.route(/\/sw\.js(\?|$)/, async (route) => {
      await gate;
      await route.fallback();
    });
    await serveBuild(context, NATIONAL);
    await page.goto('./');
    await ready(page, 15_000);
    await page.getByRole('button', { name: '使用我的位置' }).click();
    const expected = nearestNames(NATIONAL);
    await expect.poll(() => resultNames(page), { timeout: 15_000 }).toEqual(expected);
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    open();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await kept(page)).filter((p) => /\/shards\/t\d+-\d+\./.test(p)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await kept(page)).filter((p) => /\/shards\/clusters-/.test(p)).length).toBeGreaterThan(0);
    await offlineNearest(page, context, expected);
    await context.setOffline(false);
  });

  test('the region already seen works offline: the worker keeps the tiles asked for, not the whole file', async ({ page, context }) => {
    // Context routes see the worker's requests as well as the page's.
    const asked = await serveBuild(context, NATIONAL);
    await page.goto('./');
    await ready(page, 15_000);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    expect(await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL)).toContain('tiles=1');
    // A visit through the worker: the tiles near 大足 are kept as they come.
    await page.reload();
    await ready(page, 15_000);
    await page.getByRole('button', { name: '使用我的位置' }).click();
    const expected = nearestNames(NATIONAL);
    await expect.poll(() => resultNames(page), { timeout: 15_000 }).toEqual(expected);
    await expect.poll(async () => (await kept(page)).filter((p) => /\/shards\/t\d+-\d+\./.test(p)).length).toBeGreaterThan(0);
    expect((await kept(page)).some((p) => /\/facilities\./.test(p)), 'the whole file is not kept').toBe(false);
    expect(asked.some((f) => /^facilities\./.test(f)), 'nor downloaded').toBe(false);
    // A name search: its buckets of the name index and the tiles they name are kept too.
    await searchBox(page).fill('合成');
    await expect(page.locator('.search-status')).toContainText('个地区含这几个字', { timeout: 15_000 });
    await expect.poll(async () => (await kept(page)).filter((p) => /\/shards\/names-\d+\./.test(p)).length).toBeGreaterThan(0);

    await offlineNearest(page, context, expected);
    await searchBox(page).fill('合成');
    await expect(page.locator('.search-status')).toContainText('个地区含这几个字', { timeout: 15_000 });
    await expect.poll(() => facilitySuggestions(page)).toHaveLength(6);
    await context.setOffline(false);

    // A new version whose tiles cannot all be downloaded: the kept version stays whole.
    await context.unrouteAll();
    await serveBuild(context, NEXT);
    await context.route(/\/data\/shards\/t\d+-\d+\.[0-9a-f]{16}\.xzd/, (route) => route.abort('connectionreset'));
    const keptManifest = () => page.evaluate(async () => (await (await caches.open('xunzhen-data-v1')).match('data/manifest.json'))?.text());
    const before = await keptManifest();
    await page.reload();
    await ready(page, 15_000);
    await page.waitForTimeout(1_000);
    expect(await keptManifest()).toBe(before);

    // Published whole: the worker takes the new manifest with new tiles over the ground it kept, and nothing old.
    await context.unrouteAll();
    await serveBuild(context, NEXT);
    await page.reload();
    await ready(page, 15_000);
    const next = fs.readFileSync(path.join(NEXT, 'manifest.json'), 'utf8');
    await expect.poll(keptManifest, { timeout: 15_000 }).toBe(next);
    const names = new Set(JSON.parse(next).shards.map((s: { path: string }) => `/data/${s.path}`));
    const keptTiles = (await kept(page)).filter((p) => /\/shards\/t\d+-\d+\./.test(p));
    expect(keptTiles.length).toBeGreaterThan(0);
    expect(keptTiles.filter((p) => !names.has(p.slice(p.indexOf('/data/')))), 'no tile of the old version is kept').toEqual([]);
    const buckets = new Set(JSON.parse(next).names.map((s: { path: string }) => `/data/${s.path}`));
    const keptBuckets = (await kept(page)).filter((p) => /\/shards\/names-\d+\./.test(p));
    expect(keptBuckets.length, 'the name index kept is the new one').toBeGreaterThan(0);
    expect(keptBuckets.filter((p) => !buckets.has(p.slice(p.indexOf('/data/'))))).toEqual([]);
    await offlineNearest(page, context, nearestNames(NEXT));
    await context.setOffline(false);
  });
});

test.describe('a listing link with no map view, over the real build as tiles', () => {
  /** A real listing in 成都, as the whole file has it. */
  function chengdu(): { id: string; name: string } {
    const out = execFileSync(DATAKIT, ['query', '--dataset', path.join(REAL, 'manifest.json'), '--near', '30.6586,104.0648', '--k', '1', '--json']);
    return JSON.parse(out.toString())[0];
  }

  test('opens the listing: the name index says its tile, and only that tile is fetched', async ({ page }) => {
    await onlyLoopback(page);
    const asked = await serveBuild(page, REAL);
    await page.route('**/config.json', (route) => route.fulfill({ json: { loading: 'tiles' } }));
    const { id, name } = chengdu();
    await page.goto(`./#/f/${id}`);
    await expect(page.locator('#listing-name')).toHaveText(name, { timeout: 15_000 });
    expect(asked.filter((f) => /^shards\/names-/.test(f)).length, 'one name bucket').toBeGreaterThanOrEqual(1);
    expect(asked).toContain(asked.find((f) => f.startsWith('shards/510000.')));
    expect(asked.some((f) => /^facilities\./.test(f)), 'never the whole file').toBe(false);
  });

  test('an id the data does not hold is "not found" once the index says so, and a tile that fails is said with a retry', async ({ page }) => {
    await onlyLoopback(page);
    await serveBuild(page, REAL);
    await page.route('**/config.json', (route) => route.fulfill({ json: { loading: 'tiles' } }));
    await page.goto('./#/f/sc-510104-no-such-listing');
    await expect(page.locator('.status.error[role="alert"]')).toContainText('没有找到这家机构', { timeout: 15_000 });

    // 四川's tile fails: never "not found", the failure said, and retry opens it.
    let failing = true;
    await page.route(/\/data\/shards\/510000\./, (route) => (failing ? route.fulfill({ status: 404, body: 'gone' }) : route.fallback()));
    const { id, name } = chengdu();
    await page.goto(`./#/f/${id}`);
    const alert = page.locator('.coverage[role="alert"]');
    await expect(alert).toContainText('shards/510000', { timeout: 15_000 });
    await expect(page.getByText('没有找到这家机构')).toHaveCount(0);
    failing = false;
    await alert.getByRole('button', { name: '重试' }).click();
    await expect(page.locator('#listing-name')).toHaveText(name, { timeout: 15_000 });
  });
});
