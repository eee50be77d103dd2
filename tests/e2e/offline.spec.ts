// The service worker: a second visit works with the network gone, and a new
// dataset is taken whole when online, never mixed with the old one.
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { test } from './fixtures';
import * as fs from 'node:fs';
import { DATASET, holdDataset, JOURNEY_DATASET, JOURNEY_MANIFEST, MANIFEST, placeOption, ready, resultNames, searchBox, watchErrors } from './helpers';

test.use({ serviceWorkers: 'allow' });

/** Waits until the worker has installed (the shell and data are cached) and controls the page. */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

/** Serves the synthetic journey dataset as "the new data", to the worker as well (context routes see its requests). */
async function publishJourneyData(context: BrowserContext) {
  await context.route(MANIFEST, (route) => route.fulfill({ path: JOURNEY_MANIFEST, contentType: 'application/json' }));
  await context.route(DATASET, (route) => route.fulfill({ path: JOURNEY_DATASET }));
}

test('the worker is registered once the first screen is up, not while start-up needs the cores', async ({ page }) => {
  const release = await holdDataset(page);
  await page.goto('./');
  await expect(page.locator('.status.loading')).toBeVisible();
  // The map is up and drawing, but nothing has registered a worker yet.
  await expect(page.locator('.map canvas.map-overlay')).toHaveAttribute('data-drawn', /.+/);
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r === undefined))).toBe(true);
  release();
  await ready(page);
  await controlled(page);
});

test('after one visit the app, its data and the basemap work offline', async ({ page, context }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await ready(page);
  await controlled(page);
  const online = await resultNames(page);
  expect(online.length).toBeGreaterThan(5);

  await context.setOffline(true);
  await page.reload();
  await ready(page);
  expect(await resultNames(page)).toEqual(online);
  await expect(page.locator('.map canvas.map-overlay')).toHaveAttribute('data-drawn', /.+/);
  // A facility page and back, still offline.
  await page.locator('ol.results a').first().click();
  await expect(page.locator('#listing-name')).toBeVisible();
  await expect(page.locator('.status.error')).toHaveCount(0);
  // County names for place search were cached at install, though this visit never searched.
  await searchBox(page).fill('大足');
  await expect(placeOption(page, '大足区')).toBeVisible();
  await expect(page.locator('.search-status')).toBeEmpty();
  await context.setOffline(false);
  expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
});

test('a new dataset is picked up when online; a broken or too-new one leaves the old pair in use', async ({ page, context }) => {
  await page.goto('./');
  await ready(page);
  await controlled(page);
  const bundled = await resultNames(page);

  // New data published: the next visit shows it, and keeps showing it offline.
  await publishJourneyData(context);
  await page.reload();
  await ready(page);
  await expect(page.locator('ol.results .facility-name').first()).toContainText('（合成）');
  const fresh = await resultNames(page);
  expect(fresh).not.toEqual(bundled);
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  expect(await resultNames(page)).toEqual(fresh);
  await context.setOffline(false);

  // The bundled data again, but its file cannot be downloaded: the worker keeps the journey pair whole.
  await context.unrouteAll();
  await context.route(DATASET, (route) => route.abort('connectionreset'));
  await page.reload();
  await ready(page);
  expect(await resultNames(page)).toEqual(fresh);

  // A manifest whose file is not what it says (a half-finished upload): refused, the pair stays.
  await context.unrouteAll();
  const manifest = JSON.parse(fs.readFileSync(JOURNEY_MANIFEST, 'utf8'));
  await context.route(MANIFEST, (route) => route.fulfill({ json: { ...manifest, whole: { ...manifest.whole, hash: '0123456789abcdef' } } }));
  await page.reload();
  await ready(page);
  expect(await resultNames(page)).toEqual(fresh);
});
