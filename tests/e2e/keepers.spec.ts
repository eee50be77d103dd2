// What keepers bring in (issue 29), as a resident meets it: a listing shows
// each feature (medical insurance, access) and its booking link with the
// source that states it, and the features filter offers what is sourced,
// with counts out of how many list any. Synthetic data (tests/fixtures/journey).
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { DAZU, journeyResults, onlyLoopback, resultNames, shot, useJourneyData, watchErrors } from './helpers';

test.use({ geolocation: DAZU, permissions: ['geolocation'], viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('a listing shows its features and booking link, each with its source', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.goto('./#/f/synthetic-dz-tcm-near');
  await expect(page.locator('#listing-name')).toHaveText('（合成）大足测试中医院', { timeout: 20_000 });
  const features = page.locator('section[aria-labelledby="features-heading"]');
  await expect(features.locator('h3')).toHaveText('医保与无障碍');
  await expect(features.locator('li .fact')).toHaveText(['医保定点', '无障碍通道', '网上预约挂号']);
  for (const item of await features.locator('li').all()) {
    await expect(item.locator('.citation')).toContainText('synthetic test data (tests only)');
  }
  const booking = features.getByRole('link', { name: '网上预约挂号' });
  await expect(booking).toHaveAttribute('href', 'https://booking.example.invalid/synthetic-dz-tcm-near');
  await expect(booking).toHaveAttribute('rel', 'noopener noreferrer');
  await features.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'listing-features');
  // A listing with none shows no such section.
  await page.goto('./#/f/synthetic-dz-tcm-far');
  await expect(page.locator('#listing-name')).toHaveText('（合成）大足测试中医诊所');
  await expect(page.locator('section[aria-labelledby="features-heading"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the features filter offers what a source states, and ticking one keeps only those that list it', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await journeyResults(page);
  await page.getByText('更多筛选').click();
  const group = page.locator('fieldset.group', { has: page.locator('legend', { hasText: '医保与无障碍' }) });
  // Only the features some institution lists, with their counts; never a zero row.
  const offered = await group.locator('label.check > span:first-of-type').allTextContents();
  expect(offered).toEqual(expect.arrayContaining(['医保定点', '无障碍通道']));
  expect(offered.filter((o) => !['医保定点', '无障碍通道', '网上预约挂号'].includes(o))).toEqual([]);
  await expect(group.locator('label.check', { hasText: '医保定点' }).locator('.count')).toHaveText('2');
  await expect(group.locator('.listed-only')).toContainText(/家机构中 2 家列出了此类项目（来源：synthetic test data \(tests only\)）/);
  await group.locator('label.check', { hasText: '无障碍通道' }).locator('input').check();
  await expect.poll(() => resultNames(page)).toEqual(['（合成）大足测试中医院']);
  await expect(page.locator('.data-note')).toContainText('1 家列出了“无障碍通道”');
  await group.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'features-filter');
  expect(errors).toEqual([]);
});
