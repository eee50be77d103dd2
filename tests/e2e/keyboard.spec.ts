// Keyboard only: search with suggestions, chips and filters, the results
// and the map, with focus visible all the way.
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { onlyLoopback, ready, resultNames, searchBox, shot, watchErrors } from './helpers';

test.use({ viewport: { width: 1280, height: 860 } });

test('search, filters and results work by keyboard alone', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./');
  await ready(page);

  // Tab to the search box: the skip link comes first.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '跳到查找结果' })).toBeFocused();
  const combobox = searchBox(page);
  for (let i = 0; i < 20 && !(await combobox.evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(combobox).toBeFocused();
  await page.keyboard.type('dzq');
  await page.keyboard.press('ArrowDown');
  await expect(combobox).toHaveAttribute('aria-activedescendant', 'suggestion-0');
  await shot(page, testInfo, 'suggestion-active');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('中医');
  await page.keyboard.press('Enter');
  await expect.poll(() => resultNames(page)).not.toContain('大足区人民医院');
  const tcm = await resultNames(page);
  expect(tcm.length).toBeGreaterThan(3);
  expect(tcm.every((n) => n.includes('中医'))).toBe(true);

  // A chip by keyboard: Tab until it has focus, then Space.
  const chip = page.getByRole('button', { name: '针灸', exact: true });
  for (let i = 0; i < 25 && !(await chip.evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(chip).toBeFocused();
  const outline = await chip.evaluate((e) => getComputedStyle(e).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Space');
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  // Near the home region no TCM hospital whose place is known lists acupuncture (沙坪坝区中医院
  // does, placed only at its district's seat): said in words, with what the lists leave out.
  await expect.poll(() => resultNames(page)).toEqual([]);
  await expect(page.locator('p.unplaced-count')).toContainText('1 家');
  await expect(page.locator('.data-note').first()).toContainText('未列出的机构也可能提供针灸');
  // Space again lets the chip go.
  await page.keyboard.press('Space');
  await expect(chip).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => resultNames(page)).toEqual(tcm);

  // Into the results and open one with Enter.
  const first = page.locator('ol.results .result-link').first();
  for (let i = 0; i < 35 && !(await first.evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(first).toBeFocused();
  await shot(page, testInfo, 'result-focused');
  await page.keyboard.press('Enter');
  await expect(page.locator('#listing-name')).toHaveText(tcm[0]);
  // A new screen puts focus on its heading, on the next frame: wait for it, or it would
  // take focus back from the map below.
  await expect(page.locator('#listing-name')).toBeFocused();

  // The map takes the keyboard too: plus zooms in.
  const canvas = page.locator('.map canvas.map-overlay');
  await canvas.focus();
  await expect(canvas).toBeFocused();
  const zoomOf = () => Number(/map=([\d.]+)/.exec(page.url())?.[1]);
  // The home view stays out of the link; the first move puts the view in it.
  await page.keyboard.press('+');
  await expect.poll(zoomOf).toBeGreaterThan(0);
  const before = zoomOf();
  await page.keyboard.press('+');
  await expect.poll(zoomOf).toBeGreaterThan(before);
  await page.keyboard.press('ArrowLeft');
  expect(errors).toEqual([]);
});
