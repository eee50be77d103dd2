// A shared link restores the same results: place, filters, radius, view.
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { onlyLoopback, placeOption, ready, resultNames, searchBox, shot, watchErrors } from './helpers';

test('a shared URL restores the same results in a fresh browser', async ({ page, browser }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./');
  await ready(page);

  // A place by name, the TCM chip, a 50 km radius.
  await searchBox(page).fill('大足');
  await placeOption(page, '大足区').click();
  await expect(page.locator('.origin')).toContainText('大足区');
  await page.getByRole('button', { name: '中医', exact: true }).click();
  await page.getByText('更多筛选').click();
  await page.getByLabel('范围').selectOption('50');
  // The TCM hospitals within 50 km of 大足 whose place is known, its own first (the bundled
  // lists name them); those placed only at their county's seat are counted, not ranked.
  await expect.poll(async () => (await resultNames(page))[0]).toBe('大足区中医院');
  const names = await resultNames(page);
  expect(names.every((n) => n.includes('中医'))).toBe(true);
  const unplacedCount = page.locator('p.unplaced-count');
  await expect(unplacedCount).toContainText('所在区县（或城市）的中心在此范围内，但具体位置未列出');
  const unplaced = await unplacedCount.textContent();
  const heading = await page.locator('#results-heading').textContent();
  const url = page.url();
  expect(url).toContain('kind=tcm');
  expect(url).toContain('r=50');
  expect(url).toMatch(/at=29\.\d+,105\.\d+/);
  await shot(page, testInfo, 'original');

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await onlyLoopback(other);
  await other.goto(url);
  await ready(other);
  await expect.poll(() => resultNames(other)).toEqual(names);
  await expect(other.locator('#results-heading')).toHaveText(heading!);
  await expect(other.locator('p.unplaced-count')).toHaveText(unplaced!);
  await expect(other.getByRole('button', { name: '中医', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await shot(other, testInfo, 'restored');
  await fresh.close();

  // Back and forward walk through the changes.
  await page.goBack();
  await expect.poll(() => page.url()).not.toContain('r=50');
  await page.goForward();
  await expect.poll(() => resultNames(page)).toEqual(names);
  expect(errors).toEqual([]);
});

test('unknown or malformed link parameters are ignored with a notice', async ({ page }) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./#/f/%3Cscript%3E?kind=dragon&svc=acupuncture&r=-5&at=95,500&foo=bar&q=%E4%B8%AD%E5%8C%BB');
  await ready(page);
  const notice = page.locator('.notice');
  await expect(notice).toContainText('链接中有无法识别的部分');
  await expect(notice).toContainText('kind=dragon');
  await expect(notice).toContainText('foo=bar');
  await expect(searchBox(page)).toBeVisible();
  expect(errors).toEqual([]);
});
