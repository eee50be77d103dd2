// The map in two layers: the basemap (outlines, names, tiles) is drawn again
// only when it changes; facilities, the highlight and the user's position are
// drawn over it on their own canvas.
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import { basemapShades, onlyLoopback, ready, watchErrors } from './helpers';

/** How many times each layer has been drawn: the base fills its background, the overlay clears itself. */
async function draws(page: Page): Promise<{ base: number; overlay: number }> {
  return page.evaluate(() => ({ ...(window as unknown as { __draws: { base: number; overlay: number } }).__draws }));
}

test('hovering results redraws only the facilities layer; moving the map redraws the basemap', async ({ page }) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.addInitScript(() => {
    const counts = { base: 0, overlay: 0 };
    (window as unknown as { __draws: typeof counts }).__draws = counts;
    const proto = CanvasRenderingContext2D.prototype;
    const fillRect = proto.fillRect;
    proto.fillRect = function (this: CanvasRenderingContext2D, ...args: [number, number, number, number]) {
      if (this.canvas.classList.contains('map-base')) counts.base++;
      return fillRect.apply(this, args);
    };
    const clearRect = proto.clearRect;
    proto.clearRect = function (this: CanvasRenderingContext2D, ...args: [number, number, number, number]) {
      if (this.canvas.classList.contains('map-overlay')) counts.overlay++;
      return clearRect.apply(this, args);
    };
  });
  await page.goto('./');
  await ready(page);
  await expect.poll(() => basemapShades(page)).toBeGreaterThan(20);
  const before = await draws(page);
  expect(before.base).toBeGreaterThan(0);

  const rows = page.locator('ol.results li');
  for (let i = 0; i < 3; i++) await rows.nth(i).hover();
  await expect.poll(async () => (await draws(page)).overlay).toBeGreaterThan(before.overlay);
  expect((await draws(page)).base).toBe(before.base);

  await page.locator('.map canvas.map-overlay').focus();
  await page.keyboard.press('+');
  await expect.poll(async () => (await draws(page)).base).toBeGreaterThan(before.base);
  expect(await basemapShades(page)).toBeGreaterThan(20);
  expect(errors).toEqual([]);
});
