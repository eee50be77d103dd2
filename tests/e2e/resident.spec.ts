// The elderly resident's journey: near 大足, location granted, TCM with
// acupuncture, nearest first, then call and navigate. Run in Simplified and
// Traditional Chinese, in English and in elder mode. Synthetic data (see tests/fixtures/journey).
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { chooseMode, DAZU, DAZU_TCM_ACUPUNCTURE, onlyLoopback, ready, resultDistances, resultNames, shot, T, useJourneyData, watchErrors, type Mode } from './helpers';

test.use({ geolocation: DAZU, permissions: ['geolocation'], viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

for (const mode of ['zh', 'zh-Hant', 'en', 'elder'] as Mode[]) {
  test(`resident near 大足 finds TCM with acupuncture, calls and navigates (${mode})`, async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto('./');
    await ready(page);
    await chooseMode(page, mode);
    const t = mode === 'elder' ? T.zh : T[mode];

    await page.getByRole('button', { name: t.locate }).click();
    await expect(page.locator('#results-heading')).toContainText(t.nearest);
    await page.getByRole('button', { name: t.tcm, exact: true }).click();
    await page.getByRole('button', { name: t.acupuncture, exact: true }).click();
    await expect(page.getByRole('button', { name: t.acupuncture, exact: true })).toHaveAttribute('aria-pressed', 'true');

    // Only TCM facilities that do acupuncture, nearest first.
    await expect.poll(() => resultNames(page)).toEqual(DAZU_TCM_ACUPUNCTURE);
    const distances = await resultDistances(page);
    expect(distances[0]).toBeLessThan(distances[1]);
    expect(distances[0]).toBeGreaterThan(300);
    expect(distances[0]).toBeLessThan(1000);
    await shot(page, testInfo, `results-${mode}`);

    await page.locator('ol.results .result-link').first().click();
    await expect(page).toHaveURL(/#\/f\/synthetic-dz-tcm-near/);
    await expect(page.locator('#listing-name')).toHaveText('（合成）大足测试中医院');

    // Call: the number as published, dialled as digits.
    const phone = page.locator('a.phone');
    await expect(phone).toHaveAttribute('href', 'tel:02300000001');
    await expect(phone).toContainText('023-0000-0001');
    await expect(page.locator('.listing')).toContainText(t.open24);

    // Navigate: each app gets its own coordinate system (WGS-84 29.7060, 105.7200).
    const href = async (name: RegExp) => (await page.getByRole('link', { name }).getAttribute('href')) ?? '';
    const amap = new URL(await href(/高德地图|高德地圖|Amap/));
    const [amapLon, amapLat] = amap.searchParams.get('position')!.split(',').map(Number);
    expect(amapLon - 105.72).toBeGreaterThan(0.002); // GCJ-02 lies east of WGS-84 here
    expect(amapLon - 105.72).toBeLessThan(0.01);
    expect(Math.abs(amapLat - 29.706)).toBeLessThan(0.01);
    expect(amapLat).not.toBeCloseTo(29.706, 4);
    const baidu = new URL(await href(/百度地图|百度地圖|Baidu/));
    expect(baidu.searchParams.get('coord_type')).toBe('bd09ll');
    const [bdLat, bdLon] = baidu.searchParams.get('location')!.split(',').map(Number);
    expect(bdLon - amapLon).toBeGreaterThan(0.004); // BD-09 is shifted again from GCJ-02
    expect(bdLat - amapLat).toBeGreaterThan(0.003);
    const tencent = await href(/腾讯地图|騰訊地圖|Tencent/);
    expect(tencent).toContain(`coord:${amapLat.toFixed(6)},${amapLon.toFixed(6)}`);
    const apple = new URL(await href(/苹果地图|Apple 地圖|Apple Maps/));
    expect(apple.searchParams.get('ll')).toBe(`${amapLat.toFixed(6)},${amapLon.toFixed(6)}`);
    for (const link of await page.locator('.nav-links a').all()) {
      await expect(link).toHaveAttribute('rel', /noopener/);
    }
    await shot(page, testInfo, `listing-${mode}`);

    // Back to the same results.
    await page.getByRole('button', { name: t.back }).click();
    await expect.poll(() => resultNames(page)).toEqual(DAZU_TCM_ACUPUNCTURE);
    expect(errors).toEqual([]);
  });
}
