// A network's page: members on the map and in a list, the lead marked, and
// the member nearest the user. Bundled data: 重医附一院医院集团, whose members
// include 大足区人民医院.
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { DAZU, onlyLoopback, ready, shot, watchErrors } from './helpers';

test.use({ geolocation: DAZU, permissions: ['geolocation'], viewport: { width: 1280, height: 860 } });

test('a consortium page lists its members, marks the lead, and finds the nearest member', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./');
  await ready(page);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await expect(page.locator('#results-heading')).toContainText('离你最近的机构');

  // Filter by the named network, then open a member and its network.
  await page.getByText('更多筛选').click();
  await page.getByLabel('某个专科联盟或医联体的成员').selectOption('mc-cqmu1-group');
  await expect(page.locator('ol.results .facility-name')).toHaveText(['大足区人民医院', '重庆医科大学附属第一医院']);
  await page.locator('ol.results .result-link').first().click();
  await page.getByRole('link', { name: '重庆医科大学附属第一医院医院集团' }).click();

  await expect(page).toHaveURL(/#\/n\/mc-cqmu1-group/);
  const network = page.locator('article.network');
  await expect(page.locator('#network-name')).toHaveText('重庆医科大学附属第一医院医院集团');
  await expect(network.locator('.member')).toHaveCount(2);
  const lead = network.locator('.member.lead');
  await expect(lead).toContainText('重庆医科大学附属第一医院');
  await expect(lead).toContainText('牵头单位');
  await expect(network.locator('.nearest-member')).toContainText('大足区人民医院');
  // The map draws the members only (clusters or markers for two facilities).
  await expect.poll(async () => Number(await page.locator('.map canvas.map-overlay').getAttribute('data-drawn'))).toBeGreaterThan(0);
  await shot(page, testInfo, 'network');

  // A member links to its listing.
  await network.getByRole('link', { name: '大足区人民医院' }).first().click();
  await expect(page.locator('#listing-name')).toHaveText('大足区人民医院');
  expect(errors).toEqual([]);
});
