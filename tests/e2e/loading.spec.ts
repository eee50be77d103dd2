// Loading with progress, and every way the dataset can fail.
import { expect } from '@playwright/test';
import { test } from './fixtures';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { basemapShades, chooseLanguage, DATASET, holdDataset, JOURNEY_DATASET, MANIFEST, placeOption, PLACES, publishedDataset, ready, resultNames, searchBox, shot, watchErrors } from './helpers';

const BUNDLED = publishedDataset(path.resolve(__dirname, '../../dist/data'));
/** Three tries with waits of 1 s and 3 s come before a failure is shown. */
const GIVE_UP = { timeout: 15_000 };

test('while the dataset loads, the bytes show and the map and place search are up; then the results, without a panic', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const release = await holdDataset(page);
  await page.goto('./');
  const status = page.locator('.status.loading');
  await expect(status).toContainText('正在加载机构数据');
  await expect(status.locator('progress')).toBeVisible();
  // The basemap is drawn and a county can be found before any facility is in.
  await expect.poll(() => basemapShades(page)).toBeGreaterThan(20);
  await searchBox(page).fill('大足');
  await expect(placeOption(page, '大足区')).toBeVisible();
  await shot(page, testInfo, 'loading');
  await searchBox(page).fill('');
  release();
  await ready(page);
  expect((await resultNames(page)).length).toBeGreaterThan(5);
  await expect(page.locator('.status.loading')).toHaveCount(0);
  // The filters' fields are built when the panel is first opened, not with the results.
  const filters = page.locator('details.filters');
  await expect(filters.locator('input')).toHaveCount(0);
  await filters.locator('summary').click();
  await expect(filters.getByRole('checkbox').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('a missing dataset is tried three times, then shows an error with retry, and retry recovers', async ({ page }, testInfo) => {
  let tries = 0;
  await page.route(DATASET, (route) => {
    tries += 1;
    return route.fulfill({ status: 404, body: 'not found' });
  });
  await page.goto('./');
  await expect(page.locator('.status.loading .retrying')).toContainText('第 2 次尝试');
  const alert = page.locator('.status.error');
  await expect(alert).toContainText('无法加载机构数据', GIVE_UP);
  await expect(alert).toContainText('404');
  await expect(alert).toContainText('已尝试 3 次');
  expect(tries).toBe(3);
  await shot(page, testInfo, 'dataset-404');
  await page.unroute(DATASET);
  await alert.getByRole('button', { name: '重试' }).click();
  await ready(page);
  await expect(page.locator('.status.error')).toHaveCount(0);
});

test('a flaky network is retried with backoff and the data arrives without the user doing anything', async ({ page }) => {
  const errors = watchErrors(page);
  let tries = 0;
  await page.route(DATASET, (route) => {
    tries += 1;
    return tries < 3 ? route.abort('connectionreset') : route.continue();
  });
  await page.goto('./');
  await expect(page.locator('.status.loading .retrying')).toBeVisible();
  // Two waits (1 s, 3 s) and a third download of the whole national dataset: slow on a busy machine.
  await ready(page, 20_000);
  expect(tries).toBe(3);
  expect((await resultNames(page)).length).toBeGreaterThan(5);
  expect(errors.filter((e) => !/ERR_CONNECTION_RESET/.test(e))).toEqual([]);
});

test('a file that is not the one the manifest names is refused: an error page, a stale copy, a flipped byte', async ({ page }) => {
  test.setTimeout(60_000);
  const errors = watchErrors(page);
  const bundled = fs.readFileSync(BUNDLED);
  const flipped = Buffer.from(bundled);
  flipped[flipped.length - 1] ^= 1;
  for (const [body, expected] of [
    ['<!doctype html><title>oops</title>', 'does not match the manifest'],
    [fs.readFileSync(JOURNEY_DATASET), 'does not match the manifest'],
    [flipped, 'dataset is corrupted'],
  ] as const) {
    await page.unroute(DATASET);
    await page.route(DATASET, (route) => route.fulfill({ status: 200, body }));
    await page.goto('./');
    await expect(page.locator('.status.error')).toContainText(expected, GIVE_UP);
    await expect(page.getByRole('button', { name: '重试' })).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('a manifest for a newer app asks for a reload at once', async ({ page }) => {
  await page.route(MANIFEST, async (route) => {
    const manifest = await (await route.fetch()).json();
    await route.fulfill({ json: { ...manifest, format_version: 999 } });
  });
  await page.goto('./');
  const alert = page.locator('.status.error');
  await expect(alert).toContainText('请刷新页面');
  await expect(alert).toContainText('dataset format 999');
});

test('a dataset from a newer format version asks for a reload', async ({ page }, testInfo) => {
  const bytes = fs.readFileSync(BUNDLED);
  bytes.writeUInt16LE(999, 4); // the format version follows the four magic bytes
  await page.route(DATASET, (route) => route.fulfill({ status: 200, body: bytes }));
  await page.goto('./');
  const alert = page.locator('.status.error');
  await expect(alert).toContainText('请刷新页面');
  await expect(alert).toContainText('newer than this app understands');
  await expect(alert.getByRole('button', { name: '刷新页面' })).toBeVisible();
  await shot(page, testInfo, 'newer-version');
});

test('county names load on the first use of the search box; a failure says so, and focusing again retries', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  let tries = 0;
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(PLACES, async (route) => {
    tries += 1;
    if (tries === 1) {
      await held;
      return route.fulfill({ status: 503, body: 'busy' });
    }
    return route.continue();
  });
  await page.goto('./');
  await ready(page);
  expect(tries).toBe(0); // the first screen does without them
  const box = searchBox(page);
  const status = page.locator('.search-status');
  await box.fill('大足');
  await expect(status).toContainText('正在加载区县名称');
  release();
  await expect(status).toContainText('区县名称未能加载');
  await expect(status).toContainText('503');
  // Provinces and cities are in the overview, and typing does not hammer the server.
  await box.fill('重庆');
  await expect(placeOption(page, '重庆市')).toBeVisible();
  expect(tries).toBe(1);
  await shot(page, testInfo, 'places-failed');
  await box.blur();
  await box.focus();
  await box.fill('大足');
  // Past the moment a blur closes the list (150 ms): focus came back, so it stays open.
  await page.waitForTimeout(400);
  await expect(placeOption(page, '大足区')).toBeVisible();
  await expect(status).toBeEmpty();
  expect(tries).toBe(2);
  expect(errors.filter((e) => !/503/.test(e))).toEqual([]);
});

test('language and elder mode are remembered across visits', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await chooseLanguage(page, 'en');
  await page.getByRole('button', { name: 'Elder mode' }).click();
  await page.reload();
  await ready(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveClass(/elder/);
  await expect(page.getByRole('button', { name: 'Elder mode' })).toHaveAttribute('aria-pressed', 'true');
});
