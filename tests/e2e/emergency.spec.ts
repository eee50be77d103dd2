// Emergencies (issue 20, first part): 急救 120 one tap from every screen, and
// one tap from the first screen to the nearest emergency department, chest-pain
// or stroke centre, the position asked for at that moment. From a cold start
// with location granted, and refused. Synthetic data (tests/fixtures/journey).
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { chooseMode, DAZU, JOURNEY_MANIFEST, onlyLoopback, ready, resultNames, shot, useJourneyData, watchErrors, wholeNearest } from './helpers';

/** The whole journey dataset's nearest to `at` passing `filter` (datakit query flags). */
const nearest = (at: { latitude: number; longitude: number }, filter: string[]) => wholeNearest(JOURNEY_MANIFEST, at, filter);

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test.describe('location granted', () => {
  test.use({ geolocation: DAZU, permissions: ['geolocation'] });

  test('120 is a tel: link on every screen; one tap finds the nearest emergency department from the user', async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto('./');
    await ready(page);
    const call = page.getByRole('link', { name: /^拨打\s*急救 120$/ });
    await expect(call).toHaveAttribute('href', 'tel:120');
    await expect(call).toBeVisible();

    // Cold start: no position yet. One tap asks for it and lists the nearest with an emergency department.
    await page.getByRole('button', { name: '最近的急诊' }).click();
    await expect(page.locator('#results-heading')).toContainText('离你最近的机构');
    await expect.poll(() => resultNames(page)).toEqual(nearest(DAZU, ['--service', 'emergency']));
    await expect(page.getByRole('button', { name: '急诊', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await shot(page, testInfo, 'nearest-emergency');

    // The chest-pain centre: the filter replaces the last one, the position is kept.
    await page.getByRole('group', { name: /急救/ }).getByRole('button', { name: '胸痛中心' }).click();
    await expect.poll(() => resultNames(page)).toEqual(nearest(DAZU, ['--designation', 'chest_pain_centre']));

    // 120 on the listing and on the about page too.
    await page.locator('ol.results .result-link').first().click();
    await expect(page.locator('#listing-name')).toBeVisible();
    await expect(call).toBeVisible();
    await page.goto('./#/about');
    await expect(page.locator('#about-heading')).toBeVisible();
    await expect(call).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('in elder mode the 120 link is at least 60 by 60 and the emergency buttons too', async ({ page }) => {
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto('./');
    await ready(page);
    await chooseMode(page, 'elder');
    for (const target of [page.getByRole('link', { name: /^拨打\s*急救 120$/ }), ...(await page.locator('.emergency-button').all())]) {
      const box = (await target.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(60);
      expect(box.height).toBeGreaterThanOrEqual(60);
    }
    const size = await page.getByRole('link', { name: /^拨打\s*急救 120$/ }).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(24);
  });
});

test.describe('location refused', () => {
  test('one tap still lists the nearest emergency departments, from the map, and says the position was refused', async ({ page, context }) => {
    await context.clearPermissions();
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto('./');
    await ready(page);
    await page.getByRole('button', { name: '最近的急诊' }).click();
    await expect(page.locator('.locate-message')).toContainText('没有获得位置权限');
    await expect(page.getByRole('button', { name: '急诊', exact: true })).toHaveAttribute('aria-pressed', 'true');
    // Nearest the map's centre, with an emergency department each.
    const names = await resultNames(page);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names)).toEqual(new Set(nearest(DAZU, ['--service', 'emergency'])));
    await expect(page.getByRole('link', { name: /^拨打\s*急救 120$/ })).toHaveAttribute('href', 'tel:120');
  });
});
