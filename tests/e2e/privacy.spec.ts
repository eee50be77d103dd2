// The user's location never leaves the device: every request the page makes
// during the location journeys is recorded, and none may carry the position.
import { expect, type Page, type Request } from '@playwright/test';
import { test } from './fixtures';
import { DAZU_TCM_ACUPUNCTURE, onlyLoopback, placeOption, ready, resultNames, resultsList, searchBox, shot, T, useJourneyData, watchErrors } from './helpers';

/** A position near the synthetic 大足 facilities, with digits no file name or size holds. */
const HERE = { latitude: 29.70137, longitude: 105.71468, accuracy: 25 };
/** The position as any code might write it: degrees to 2–7 places, microdegrees, either order. */
const LEAKS = [/29[.,]70\d*/, /105[.,]71\d*/, /2970\d{3}/, /10571\d{3}/, /29%2E70/i, /105%2E71/i];

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, geolocation: HERE, permissions: ['geolocation'] });

function record(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => {
    const headers = Object.entries(r.headers()).map(([k, v]) => `${k}: ${v}`).join('\n');
    seen.push(`${r.method()} ${r.url()}\n${headers}\n${r.postData() ?? ''}`);
  });
  return seen;
}

function leaks(requests: string[]): string[] {
  return requests.filter((r) => LEAKS.some((re) => re.test(r)));
}

for (const lang of ['zh', 'en'] as const) {
  test(`no request carries the location: locate, filter, listing, network, search here, a place (${lang})`, async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    const requests = record(page);
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto(lang === 'en' ? './#/?lang=en' : './');
    await ready(page);
    await page.getByRole('button', { name: T[lang].locate }).click();
    await expect(page.locator('#results-heading')).toContainText(T[lang].nearest);
    await page.getByRole('button', { name: T[lang].tcm, exact: true }).click();
    await page.getByRole('button', { name: T[lang].acupuncture, exact: true }).click();
    // Both filters applied before a result is picked, so the list no longer changes under the click.
    await expect.poll(() => resultNames(page)).toEqual(DAZU_TCM_ACUPUNCTURE);
    await resultsList(page).getByRole('link').first().click();
    await expect(page.locator('#listing-name')).toHaveText('（合成）大足测试中医院');
    // The network page, whose "nearest member" uses the position.
    await page.locator('.listing a[href*="/n/"]').first().click();
    await expect(page.locator('#network-name')).toBeVisible();
    await page.getByRole('button', { name: T[lang].back }).first().click();
    await ready(page);
    // Zoom the map in (more boundary files load), search at the map centre, then type a place.
    await page.getByRole('button', { name: lang === 'zh' ? '放大' : 'Zoom in' }).click();
    await page.getByRole('button', { name: lang === 'zh' ? '放大' : 'Zoom in' }).click();
    await page.getByRole('button', { name: lang === 'zh' ? '在地图中心查找' : 'Search at map centre' }).click();
    await searchBox(page).fill('大足');
    // The county, once the place index is in (until then the box offers only facilities).
    await placeOption(page, '大足区').click();
    await ready(page);
    await shot(page, testInfo, `privacy-${lang}`);

    expect(requests.length).toBeGreaterThan(5);
    expect(leaks(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('the link leaves the position out unless the user shares it; requests never carry it either way', async ({ page }) => {
  const requests = record(page);
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.goto('./');
  await ready(page);
  await page.getByRole('button', { name: T.zh.locate }).click();
  await expect(page.locator('#results-heading')).toContainText(T.zh.nearest);
  // Neither the point nor the map view (centred on the user) is in the address bar.
  await expect.poll(() => page.url()).toContain('#/');
  expect(LEAKS.filter((re) => re.test(page.url()))).toEqual([]);
  // Sharing is the user's choice: then the point is in the link, and still in no request.
  await page.getByRole('checkbox', { name: '分享链接时包含我的位置' }).check();
  await expect.poll(() => page.url()).toMatch(/at=29\.70/);
  await page.reload();
  await ready(page);
  expect(leaks(requests)).toEqual([]);
});
