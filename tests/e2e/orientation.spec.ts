// A map a person can find their way on, and a first screen for the
// deployment's own region (issue 32), at phone size (390 × 844):
// - 大足 and 德阳 at zoom 12 on the offline basemap, in each language and in
//   elder mode (screenshots `dazu-z12-*`, `deyang-z12-*`);
// - with no position, the first view and list are in the home region
//   (成德眉资与重庆, the bundled config.json), headed by its name;
// - after an emergency tap and after a filter, the first answer is on screen
//   without scrolling; the map's buttons stay clear of its middle;
// - the correction form says when the deployment gave no address.
// The bundled real data, except where the synthetic journey data is named.
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { basemapShades, chooseMode, DATAKIT, DAZU, onlyLoopback, ready, resultNames, shot, useJourneyData, watchErrors, type Mode } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

const REAL = path.resolve(__dirname, '../../dist/data/manifest.json');
/** The cities and the province of the bundled home region, by adcode prefix. */
const HOME_PREFIXES = ['5101', '5106', '5114', '5120', '50'];

const PLACES = { dazu: { lat: 29.7, lon: 105.72 }, deyang: { lat: 31.13, lon: 104.4 } };

/** Whether the element's box lies inside the viewport. */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  const box = await page.locator(selector).first().boundingBox();
  const view = page.viewportSize()!;
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= view.height && box.x + box.width <= view.width;
}

/** The city (adcode) holding the named facility, one of the 300 nearest 成都's centre, as datakit places it. */
function cityOf(name: string): string {
  const near = JSON.parse(execFileSync(DATAKIT, ['query', '--dataset', REAL, '--near', '30.66,104.07', '--k', '300', '--json']).toString());
  const found = near.find((f: { name: string }) => f.name === name);
  expect(found, `${name} is near 成都`).toBeTruthy();
  const out = execFileSync(DATAKIT, ['locate', `${found.lat},${found.lon}`, '--level', 'city'], { cwd: path.resolve(__dirname, '../..') }).toString();
  return out.trim().split(/\s+/)[0];
}

for (const [place, at] of Object.entries(PLACES)) {
  for (const mode of ['zh', 'zh-Hant', 'en', 'elder'] as Mode[]) {
    test(`${place} at zoom 12 on the offline basemap (${mode})`, async ({ page }, testInfo) => {
      const errors = watchErrors(page);
      await onlyLoopback(page);
      await page.goto(`./#/?map=12.00/${at.lat},${at.lon}`);
      await ready(page);
      await chooseMode(page, mode);
      // The province's detailed outlines (and its township names) are in.
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1_500);
      await shot(page, testInfo, `${place}-z12-${mode}`);
      expect(errors).toEqual([]);
    });
  }
}

test('zoomed in, the offline basemap says it has no streets and how a deployer adds them', async ({ page }) => {
  await onlyLoopback(page);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`./#/?map=12.00/${PLACES.dazu.lat},${PLACES.dazu.lon}`);
  await ready(page);
  await expect(page.locator('.map-note')).toContainText('天地图');
  await expect(page.locator('.attribution')).toContainText('GeoNames');
  // On a phone the note is one short line and the sources fold behind "©": the small map stays clear.
  await expect(page.locator('.map-note')).toBeVisible();
  await expect(page.getByText('部署者可启用天地图')).toBeHidden();
  await expect(page.getByText(/GeoNames/)).toBeHidden();
  const corner = (await page.locator('.attribution').boundingBox())!;
  // (One line beside a button of the house's 44 px target.)
  expect(corner.height).toBeLessThanOrEqual(52);
  expect(corner.width).toBeLessThanOrEqual(200);
  const toggle = page.getByRole('button', { name: '地图来源' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText('部署者可启用天地图')).toBeVisible();
  await expect(page.getByText(/GeoNames/)).toBeVisible();
  // Folded again, then on a wide screen: there the sources are always in full, with no button.
  await toggle.click();
  await expect(page.getByText(/GeoNames/)).toBeHidden();
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByText(/GeoNames/)).toBeVisible();
  await expect(toggle).toBeHidden();
  await page.setViewportSize({ width: 390, height: 844 });
  // The township names of 大足 are loaded with its province's detailed outlines.
  await expect.poll(() => requested.some((u) => /\/data\/boundaries\/townships\/500000\.csv/.test(u))).toBe(true);
  // Zoomed out to the region, nothing is said: the outlines and names are what there is to see.
  await page.goto(`./#/?map=8.00/${PLACES.dazu.lat},${PLACES.dazu.lon}`);
  await expect(page.locator('.map-note')).toBeHidden();
});

// Rivers and lakes (Natural Earth 1:50m, water.txt) at the region's zooms, where their scale
// holds; zoomed in to a town they are not drawn (they would be kilometres off).
test('rivers and lakes are drawn at the region\'s zooms and left out close in', async ({ page }) => {
  await onlyLoopback(page);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  const base = page.locator('.map canvas.map-base');
  await page.goto(`./#/?map=7.00/29.9,106.0`);
  await ready(page);
  await expect.poll(() => requested.some((u) => /\/data\/boundaries\/water\.txt\?v=/.test(u))).toBe(true);
  // The Yangtze and the Jialing meet at 重庆: more than one river in view.
  await expect.poll(async () => Number(await base.getAttribute('data-water'))).toBeGreaterThan(1);
  await page.goto(`./#/?map=12.00/${PLACES.dazu.lat},${PLACES.dazu.lon}`);
  await ready(page);
  await expect(base).toHaveAttribute('data-water', '0');
});

test.describe('no position given', () => {
  test('the first view and list are in the home region, headed by its name, with "use my location" first', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await onlyLoopback(page);
    await page.goto('./');
    await ready(page);
    await expect(page.locator('#results-heading')).toContainText('离成德眉资与重庆最近的机构');
    const names = await resultNames(page);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names.slice(0, 3)) {
      const city = cityOf(name);
      expect(HOME_PREFIXES.some((p) => city.startsWith(p)), `${name} in ${city}`).toBe(true);
    }
    // After the search box (a place typed is the other way to say where), "use my location" comes first.
    await expect(page.locator('#panel button:not(.sheet-handle)').nth(1)).toHaveText('使用我的位置');
    // Neither the home point nor its view goes into the link: a reload, or the link shared, opens the same.
    expect(page.url()).not.toMatch(/[?&](at|map)=/);
    await shot(page, testInfo, 'home-region-first-screen');
    // Moved by hand, the list follows the map's centre again.
    const map = page.locator('.map canvas.map-overlay');
    const box = (await map.boundingBox())!;
    await page.mouse.move(box.x + 150, box.y + 150);
    await page.mouse.down();
    await page.mouse.move(box.x + 220, box.y + 200, { steps: 5 });
    await page.mouse.up();
    await expect(page.locator('#results-heading')).toContainText('离地图中心最近的机构');
    // The view was the region's: its centre, now in the link, lies in 四川's basin or 重庆, not in 甘肃.
    await expect.poll(() => page.url()).toMatch(/map=[\d.]+\/(2[89]|3[0-2])\.\d+,(10[3-9])\.\d+/);
    expect(errors).toEqual([]);
  });

  test('the correction form says plainly that this deployment gave no address', async ({ page }, testInfo) => {
    await onlyLoopback(page);
    await page.goto('./');
    await ready(page);
    await page.locator('ol.results .result-link').first().click();
    await page.locator('details.correction summary').click();
    const note = page.locator('details.correction .no-address');
    await expect(note).toContainText('本站没有设置接收更正的地址');
    await expect(note).not.toContainText('发给机构');
    await shot(page, testInfo, 'correction-no-address');
  });
});

test.describe('location granted', () => {
  test.use({ geolocation: DAZU, permissions: ['geolocation'] });

  for (const mode of ['zh', 'elder'] as Mode[]) {
    test(`the first answer of an emergency tap is on screen, the map framing it (${mode})`, async ({ page }, testInfo) => {
      const errors = watchErrors(page);
      await onlyLoopback(page);
      await useJourneyData(page);
      await page.goto('./');
      await ready(page);
      await chooseMode(page, mode);
      await page.getByRole('group', { name: /急救/ }).getByRole('button', { name: '胸痛中心' }).click();
      await expect(page.locator('#results-heading')).toContainText('离你最近的机构');
      await expect.poll(() => resultNames(page)).not.toEqual([]);
      await expect.poll(() => inViewport(page, 'ol.results .facility-name'), { timeout: 5_000 }).toBe(true);
      await shot(page, testInfo, `emergency-first-answer-${mode}`);
      expect(errors).toEqual([]);
    });
  }

  // The scroll to the answers waits for a press under way; it used to be cancelled by any
  // press, so a double tap (common with older hands) left the answers below the fold.
  test('a second tap on an emergency button does not keep its answers out of view', async ({ page }) => {
    const errors = watchErrors(page);
    await page.clock.install();
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto('./');
    await ready(page);
    // The clock stands still: the scroll's moment comes only when it is run.
    await page.clock.pauseAt(Date.now() + 60_000);
    const button = page.getByRole('group', { name: /急救/ }).getByRole('button', { name: '胸痛中心' });
    const box = (await button.boundingBox())!;
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.click(x, y);
    await expect(page.locator('#results-heading')).toContainText('离你最近的机构');
    await expect.poll(() => resultNames(page)).not.toEqual([]);
    expect(await inViewport(page, 'ol.results .facility-name')).toBe(false);
    // The second tap: pressed when the scroll's moment comes, released after.
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.clock.runFor(400);
    await page.mouse.up();
    await page.clock.runFor(100);
    await expect.poll(() => inViewport(page, 'ol.results .facility-name'), { timeout: 5_000 }).toBe(true);
    expect(errors).toEqual([]);
  });

  test('the first answer of a filter is on screen without scrolling', async ({ page }, testInfo) => {
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto('./');
    await ready(page);
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await expect(page.locator('#results-heading')).toContainText('离你最近的机构');
    await page.getByRole('button', { name: '中医', exact: true }).click();
    await expect(page.getByRole('button', { name: '中医', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => inViewport(page, 'ol.results .facility-name'), { timeout: 5_000 }).toBe(true);
    await shot(page, testInfo, 'filter-first-answer');
  });
});

for (const mode of ['zh', 'elder'] as Mode[]) {
  test(`the map's buttons are one group at the edge, clear of the middle (${mode})`, async ({ page }) => {
    await onlyLoopback(page);
    await page.goto('./');
    await ready(page);
    await chooseMode(page, mode);
    const map = (await page.locator('.map').boundingBox())!;
    const sheet = (await page.locator('#panel').boundingBox())!;
    const group = (await page.locator('.map-buttons').boundingBox())!;
    // The middle of the part of the map the sheet leaves.
    const middle = { x: map.x + map.width / 2, y: (map.y + sheet.y) / 2 };
    const covers = group.x <= middle.x && middle.x <= group.x + group.width && group.y <= middle.y && middle.y <= group.y + group.height;
    expect(covers, JSON.stringify({ group, middle })).toBe(false);
    expect(group.x + group.width).toBeGreaterThan(map.x + map.width - 20);
    expect(group.y + group.height).toBeLessThanOrEqual(sheet.y);
    const buttons = page.locator('.map-buttons button');
    await expect(buttons).toHaveCount(6);
    const min = mode === 'elder' ? 60 : 44;
    for (const b of await buttons.all()) {
      const box = (await b.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(min);
      expect(box.height).toBeGreaterThanOrEqual(min);
    }
  });
}
