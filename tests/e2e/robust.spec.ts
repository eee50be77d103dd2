// What a break-it probe found, each a journey that failed before its fix:
// the map on wide screens, requests that never answer, a missing or cut
// wasm or script, headings that said "near you" when it was not, a first
// view that changed from load to load, and CSV cells a spreadsheet would run.
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtSite, chooseLanguage, DATASET, DAZU, MANIFEST, onlyLoopback, ready, resultNames, shot, useJourneyData, watchErrors } from './helpers';

const HOSTILE = path.resolve(__dirname, '../../target/hostile');

/** A request that is never answered: the route is held and never fulfilled. */
async function neverAnswer(page: Page, url: string | RegExp) {
  await page.route(url, () => new Promise(() => {}));
}

for (const size of [{ width: 1280, height: 800 }, { width: 1920, height: 1080 }]) {
  test(`on a ${size.width}×${size.height} screen the map is the window's height and shows the facilities and you`, async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await page.setViewportSize(size);
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation(DAZU);
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto('./');
    await ready(page);
    const canvas = page.locator('.map canvas.map-overlay');
    const box = (await canvas.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(size.height + 1);
    expect(box.height).toBeGreaterThan(size.height / 2);
    // The page itself does not scroll: the panel scrolls inside.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(size.height + 1);
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await expect(page.locator('#results-heading')).toContainText('离你最近的机构');
    await expect.poll(async () => Number(await canvas.getAttribute('data-drawn'))).toBeGreaterThan(0);
    await shot(page, testInfo, `desktop-${size.width}`);
    // "Search at map centre" measures from a centre inside the visible map.
    await page.getByRole('button', { name: '在地图中心查找' }).click();
    await expect(page.locator('#results-heading')).toContainText('离你在地图上选的位置最近');
    expect(errors).toEqual([]);
  });
}

test('a 10 kB name does not make the map taller than the window', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await onlyLoopback(page);
  await page.route(MANIFEST, (route) => route.fulfill({ path: path.join(HOSTILE, 'manifest.json'), contentType: 'application/json' }));
  await page.route(DATASET, (route) => route.fulfill({ path: path.join(HOSTILE, 'facilities.xzd') }));
  await page.goto('./#/?at=29.70000,105.71500');
  await ready(page);
  await expect(page.locator('.facility-name').first()).toBeVisible();
  const box = (await page.locator('.map canvas.map-overlay').boundingBox())!;
  expect(box.height).toBeLessThanOrEqual(800);
});

test('a manifest that never answers is given up, retried and explained; the map is up meanwhile', async ({ page }) => {
  await page.clock.install();
  await onlyLoopback(page);
  await neverAnswer(page, MANIFEST);
  await page.goto('./');
  await expect(page.locator('.status.loading')).toContainText('正在加载机构数据');
  await expect(page.locator('.map canvas.map-overlay')).toBeVisible();
  // 10 s without a byte, a retry after 1 s, again, a retry after 3 s, again: then the explanation.
  await page.clock.runFor(15_000);
  await expect(page.locator('.status.loading')).toContainText(/第 2 次|attempt 2|重试/);
  await page.clock.runFor(60_000);
  const failed = page.locator('.status.error');
  await expect(failed).toContainText('秒没有收到数据');
  await expect(failed).toContainText('已尝试 3 次');
  await expect(failed.getByRole('button')).toBeVisible();
});

test('a dataset that never answers is retried, then explained with a retry that works', async ({ page }) => {
  await page.clock.install();
  await onlyLoopback(page);
  let held = true;
  await page.route(DATASET, (route) => (held ? new Promise(() => {}) : route.continue()));
  await page.goto('./');
  await expect(page.locator('.status.loading')).toBeVisible();
  await page.clock.runFor(90_000);
  const failed = page.locator('.status.error');
  await expect(failed).toContainText('秒没有收到数据');
  held = false;
  await failed.getByRole('button').click();
  await page.clock.runFor(5_000);
  await ready(page);
});

test('a config.json that never answers: the defaults, said so, and the map and data come up', async ({ page }) => {
  await page.clock.install();
  await onlyLoopback(page);
  await neverAnswer(page, '**/config.json');
  await page.goto('./');
  // The clock moves only once the app has started and asked for config.json: step it until the notice comes.
  await expect
    .poll(async () => {
      await page.clock.runFor(2_000);
      return page.locator('.notice').count();
    }, { timeout: 20_000 })
    .toBeGreaterThan(0);
  await expect(page.locator('.notice')).toContainText('config.json');
  await expect(page.locator('.notice')).toContainText('已使用默认设置');
  await ready(page);
});

for (const [what, fault] of [
  ['a missing wasm', (page: Page) => page.route(/_bg\.wasm$/, (r) => r.fulfill({ status: 404, body: 'not found' }))],
  [
    'a cut wasm',
    (page: Page, baseURL?: string) => {
      const dir = builtSite(baseURL);
      const file = fs.readdirSync(dir).find((f) => f.endsWith('_bg.wasm'))!;
      const bytes = fs.readFileSync(path.join(dir, file));
      return page.route(/_bg\.wasm$/, (r) => r.fulfill({ body: bytes.subarray(0, bytes.length >> 1), contentType: 'application/wasm' }));
    },
  ],
  ['a missing script', (page: Page) => page.route(/\/app-[0-9a-f]+\.js$/, (r) => r.fulfill({ status: 404, body: 'not found' }))],
] as const) {
  test(`${what} (a stale page after a redeploy) is said plainly, with a reload that works`, async ({ page, baseURL }, testInfo) => {
    await onlyLoopback(page);
    await fault(page, baseURL);
    await page.goto('./');
    const alert = page.locator('#shell-failed');
    await expect(alert).toBeVisible({ timeout: 10_000 });
    await expect(alert).toContainText('寻诊没能启动');
    await expect(page.locator('.shell-loading').first()).toBeHidden();
    await shot(page, testInfo, `start-failed-${what.replace(/ /g, '-')}`);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await onlyLoopback(page);
    await alert.getByRole('button', { name: /刷新页面/ }).click();
    await ready(page);
  });
}

test('the heading says where distances are measured from', async ({ page }) => {
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.goto('./#/?at=29.70000,105.71500');
  await ready(page);
  await expect(page.locator('#results-heading')).toContainText('离链接中的位置最近');
  await page.goto('./#/?at=29.70000,105.71500&atn=%E5%A4%A7%E8%B6%B3%E5%8C%BA');
  await expect(page.locator('#results-heading')).toContainText('离大足区最近的机构');
  await page.goto('./#/');
  // With no point in the link, a map moved by hand lists from its centre, and says so.
  await page.getByRole('button', { name: '地图向右看' }).click();
  await expect(page.locator('#results-heading')).toContainText('离地图中心最近的机构');
  await chooseLanguage(page, 'en');
  await expect(page.locator('#results-heading')).toContainText('Nearest the map centre');
  await chooseLanguage(page, 'zh-Hant');
  await expect(page.locator('#results-heading')).toContainText('離地圖中心最近的機構');
});

test('the same link gives the same first screen, load after load, on a phone and a desktop', async ({ browser }) => {
  test.setTimeout(90_000);
  const seen = new Set<string>();
  for (let i = 0; i < 8; i++) {
    const viewport = i % 2 ? { width: 1280, height: 800 } : { width: 390, height: 844 };
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await onlyLoopback(page);
    await page.goto('./#/');
    await ready(page);
    await expect.poll(async () => (await resultNames(page)).length).toBeGreaterThan(0);
    // Let the map settle and write its view, then read what the screen shows.
    await page.waitForTimeout(500);
    const view = new URL(page.url()).hash;
    seen.add(`${viewport.width} ${view} ${(await resultNames(page)).slice(0, 3).join(',')}`);
    await context.close();
  }
  expect([...seen]).toHaveLength(2);
});

test('cells a spreadsheet would run are exported as text', async ({ page }) => {
  await onlyLoopback(page);
  await page.route(MANIFEST, (route) => route.fulfill({ path: path.join(HOSTILE, 'manifest.json'), contentType: 'application/json' }));
  await page.route(DATASET, (route) => route.fulfill({ path: path.join(HOSTILE, 'facilities.xzd') }));
  await page.goto('./#/?at=29.70000,105.71500');
  await ready(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'CSV' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv).toContain(`"'=HYPERLINK(`);
  expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  // A website of only "https://" is not a link.
  await page.goto('./#/f/synthetic-hostile-formula');
  await expect(page.locator('#listing-name')).toContainText('=HYPERLINK');
  await expect(page.locator('.listing a[href="https://"]')).toHaveCount(0);
});

// After a new question the panel scrolls to the list's heading a moment later (250 ms).
// A tap begun on a row in that moment had the row moved out from under it: pressed on
// one thing, released on another, it opened nothing (seen on CI as a lost click).
test('a row tapped just after a filter opens its listing: the scroll to the answers waits for no one', async ({ page }) => {
  const errors = watchErrors(page);
  await page.clock.install();
  await onlyLoopback(page);
  await page.goto('./#/?at=29.70000,105.71500');
  await ready(page);
  await expect(page.locator('ol.results li.result').first()).toBeVisible();
  await page.getByText('更多筛选').click();
  // The clock stands still from here: the scroll's moment comes between press and release.
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.getByLabel('某个专科联盟或医联体的成员').selectOption('mc-cqmu1-group');
  const first = page.locator('ol.results .result-link').first();
  await expect(first.locator('.facility-name')).toHaveText('大足区人民医院');
  await first.scrollIntoViewIfNeeded();
  const box = (await first.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.clock.runFor(1_000);
  await page.mouse.up();
  await expect(page.locator('#listing-name')).toHaveText('大足区人民医院');
  expect(errors).toEqual([]);
});
