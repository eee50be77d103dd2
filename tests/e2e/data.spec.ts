// Where the data comes from, said where it is used: distances to a point that
// stands for a township are "about", the listing says which list named it and
// when, old listings are marked, stacked points spread on the map so each can
// be tapped, and "about the data" names every source. Synthetic data (see
// tests/fixtures/journey: three records at the 龙水镇 seat, from a synthetic list).
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { chooseLanguage, onlyLoopback, ready, resultNames, shot, useJourneyData, watchErrors } from './helpers';

const STACK = ['（合成）龙水测试卫生院甲', '（合成）龙水测试卫生院乙', '（合成）龙水测试卫生院丙'];
/** The 龙水镇 seat, where the three stand. */
const LONGSHUI = { lat: 29.56555, lon: 105.76205 };

test('a point that stands for a township says so, in the list and on the listing', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.goto('./#/?kind=township&at=29.70000,105.71500');
  await ready(page);
  await expect.poll(() => resultNames(page)).toEqual(expect.arrayContaining(STACK));
  const row = page.locator('ol.results li').filter({ hasText: STACK[0] });
  await expect(row.locator('.distance')).toHaveText(/^约 1[45]\.\d 公里$/);
  await expect(row.locator('.placed')).toHaveText('位置为龙水镇中心');
  await shot(page, testInfo, 'approximate-results');

  await row.locator('.result-link').click();
  await expect(page.locator('#listing-name')).toHaveText(STACK[0]);
  const listing = page.locator('.listing');
  await expect(listing.locator('.distance-line')).toContainText('约 1');
  await expect(listing.locator('.distance-line')).toContainText('位置为龙水镇中心');
  await expect(listing.locator('.listed-by')).toHaveText('据合成测试，2021年6月');
  await expect(listing.locator('dd.placed')).toHaveText('位置为龙水镇中心');
  await expect(listing).toContainText('据名称判断，来源未写明');
  await expect(listing.locator('.stale')).toContainText('已超过');
  await shot(page, testInfo, 'approximate-listing');

  // The same in English.
  await chooseLanguage(page, 'en');
  await expect(listing.locator('.listed-by')).toHaveText('As listed by Synthetic test, June 2021');
  await expect(listing.locator('dd.placed')).toHaveText('Shown at the centre of 龙水镇');
  await expect(listing.locator('.distance-line')).toContainText('about 1');
  expect(errors).toEqual([]);
});

test('facilities stacked at one seat spread on the map, and each can be tapped', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`./#/?kind=township&map=15.00/${LONGSHUI.lat},${LONGSHUI.lon}`);
  await ready(page);
  const overlay = page.locator('.map canvas.map-overlay');
  // One hit area each: not a cluster of three.
  await expect(overlay).toHaveAttribute('data-drawn', '3');
  await shot(page, testInfo, 'spread-stack');
  // The link's point is the centre of the map the sheet leaves visible; the first of
  // a spread stands one spacing (2.3 marker radii) east of it.
  const box = (await overlay.boundingBox())!;
  const sheetTop = (await page.locator('#panel').boundingBox())!.y;
  const centre = { x: box.x + box.width / 2, y: (box.y + Math.min(sheetTop, box.y + box.height)) / 2 };
  await page.mouse.click(centre.x + 7.5 * 2.3, centre.y);
  await expect(page).toHaveURL(/#\/f\/synthetic-dz-stack-\d/);
  await expect(page.locator('#listing-name')).toHaveText(/（合成）龙水测试卫生院/);
  expect(errors).toEqual([]);
});

test('about the data names each list, its date, licence and count, and the gazetteers', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.goto('./');
  await ready(page);
  await page.getByRole('link', { name: /关于数据/ }).click();
  await expect(page).toHaveURL(/#\/about(\?|$)/);
  const about = page.locator('article.about');
  await expect(page.locator('#about-heading')).toHaveText('关于数据');
  const list = about.locator('li.source-list');
  await expect(list).toHaveCount(1);
  await expect(list.locator('h4')).toHaveText('（合成）测试用名单');
  await expect(list).toContainText('合成测试 · 2021年6月');
  await expect(list.locator('.listing-count')).toHaveText('3 条列表记录出自此处');
  await expect(list).toContainText('乡镇驻地 3');
  await expect(list).toContainText('synthetic test data');
  await expect(about).toContainText('另有 4 条记录由本项目据新闻报道和政府公开信息逐条整理');
  await expect(about.locator('.attributions')).toContainText('GeoNames (geonames.org), CC BY 4.0');
  await shot(page, testInfo, 'about');
  // A link to it comes back the same.
  await page.reload();
  await expect(page.locator('#about-heading')).toBeVisible();
  expect(errors).toEqual([]);
});
