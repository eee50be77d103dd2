// "Open now" on China's calendar (issue 21): a clinic whose hours say
// `Mo-Fr 08:00-17:30; PH off` is closed on 国庆, open on the Sunday worked in
// its place (调休), and "holiday hours unknown" on a 国庆 beyond the years the
// calendar covers. The clock is fixed at each moment. Synthetic data (tests/fixtures/journey).
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { chooseLanguage, onlyLoopback, useJourneyData, watchErrors } from './helpers';

const CLINIC = '#/f/synthetic-dz-tcm-far';

const moments: [string, string, string][] = [
  ['2025-10-01T09:00:00+08:00', '国庆 (PH off)', '已关门'],
  ['2025-10-08T09:00:00+08:00', 'the last day of 国庆', '已关门,明天 8:00 开门'],
  ['2025-09-28T09:00:00+08:00', 'Sunday worked in place of a holiday', '营业中'],
  ['2025-10-12T09:00:00+08:00', 'an ordinary Sunday', '已关门,明天 8:00 开门'],
  ['2025-10-13T09:00:00+08:00', 'an ordinary Monday', '营业中'],
  ['2099-10-01T09:00:00+08:00', '国庆 in a year no notice covers yet', '节假日营业时间未知,请先致电确认'],
];

for (const [moment, what, says] of moments) {
  test(`the listing says "${says}" on ${what} (${moment})`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.clock.setFixedTime(new Date(moment));
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto(`./${CLINIC}`);
    await expect(page.locator('#listing-name')).toHaveText('（合成）大足测试中医诊所');
    const hours = page.locator('article.listing .raw-hours').locator('xpath=..');
    await expect(hours).toContainText('Mo-Fr 08:00-17:30; PH off');
    await expect(hours.locator('span').first()).toHaveText(says);
    expect(errors).toEqual([]);
  });
}

test('in English too: closed on 国庆', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2025-10-01T09:00:00+08:00'));
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.goto(`./${CLINIC}`);
  await expect(page.locator('#listing-name')).toHaveText('（合成）大足测试中医诊所');
  await chooseLanguage(page, 'en');
  await expect(page.locator('article.listing .raw-hours').locator('xpath=..').locator('span').first()).toHaveText('Closed');
});
