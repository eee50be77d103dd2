// A screen left while its answer is still loading: the answer arrives to a
// screen that is gone. Nothing may be read or written through what that screen
// owned (a Leptos signal read after its owner was disposed panics, and a panic
// in wasm leaves the page dead; e2e/fixtures.ts fails every journey on
// one). The real build, as tiles, with the files a
// question needs held back until the screen has been left.
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import * as path from 'node:path';
import { DAZU, onlyLoopback, ready, resultNames, searchBox } from './helpers';

const REAL = path.resolve(__dirname, '../../dist/data');

/** Serves the real build as tiles; files matching `hold` wait until the returned release is called. */
async function heldBuild(page: Page, hold: RegExp): Promise<() => void> {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  await page.route(/\/data\/(manifest\.json|shards\/[^?]+)(\?|$)/, async (route) => {
    const file = /\/data\/([^?]+)/.exec(new URL(route.request().url()).pathname)![1];
    if (hold.test(file)) await gate;
    const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    await route.fulfill({ path: path.join(REAL, file), contentType: type }).catch(() => {});
  });
  await page.route('**/config.json', (route) => route.fulfill({ json: { loading: 'tiles' } }));
  return open;
}

test.use({ geolocation: DAZU, permissions: ['geolocation'] });

test('the about page opened while the results are loading: no panic, and the results come when asked again', async ({ page }) => {
  await onlyLoopback(page);
  // The first screen's tiles come; the 四川/重庆 ones a location at 大足 needs are held.
  const release = await heldBuild(page, /^shards\/(50|51)\d{4}\./);
  await page.goto('./');
  await ready(page, 15_000);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await page.getByRole('link', { name: /关于数据/ }).click();
  await expect(page.locator('#about-heading')).toBeVisible();
  release();
  await page.waitForTimeout(1500);
  await page.goBack();
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).not.toHaveLength(0);
  // (The journeys' fixture fails the test on any panic, here or anywhere.)
});

test('Enter then Escape while a name search is loading: no panic, and the box still searches', async ({ page }) => {
  await onlyLoopback(page);
  const release = await heldBuild(page, /^shards\/names-/);
  await page.goto('./');
  await ready(page, 15_000);
  const box = searchBox(page);
  await box.fill('华西医院');
  await box.press('Enter');
  await box.press('Escape');
  release();
  await page.waitForTimeout(1500);
  await box.fill('华西医院');
  await expect(page.locator('li.suggestion:not(.place) .title').first()).toHaveText('四川大学华西医院', { timeout: 15_000 });
  // (The journeys' fixture fails the test on any panic, here or anywhere.)
});
