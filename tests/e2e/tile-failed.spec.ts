// The user's own area fails to load (issue 30): the real build as province
// tiles, the 重庆 tile that holds 大足 refused. What was loaded elsewhere is
// not "the nearest": the list, its heading, read aloud and the emergency
// buttons say first that the area around the user could not be loaded, and
// claim nothing about what lies beyond it. Retry, once the tile comes, gives
// the whole file's answer.
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import * as path from 'node:path';
import { DAZU, onlyLoopback, ready, resultNames, shot, speechStandIn, spoken, wholeNearest } from './helpers';

const REAL = path.resolve(__dirname, '../../dist/data');
const CHONGQING = /^shards\/500000\./;

/** The real build as tiles; 重庆's tile fails while `failing()` says so. */
async function withChongqingFailing(page: Page, failing: () => boolean) {
  await page.route(/\/data\/(manifest\.json|shards\/[^?]+)(\?|$)/, async (route) => {
    const file = /\/data\/([^?]+)/.exec(new URL(route.request().url()).pathname)![1];
    if (CHONGQING.test(file) && failing()) return route.fulfill({ status: 404, body: 'gone' });
    const type = file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return route.fulfill({ path: path.join(REAL, file), contentType: type });
  });
  await page.route('**/config.json', (route) => route.fulfill({ json: { loading: 'tiles' } }));
}

// On a phone, where what is said first must be on the screen.
test.use({ geolocation: DAZU, permissions: ['geolocation'], viewport: { width: 390, height: 844 } });

test('the own area fails: no "nearest" heading nor spoken claim, the failure said first; retry gives the exact answer', async ({ page }, testInfo) => {
  let failing = true;
  await speechStandIn(page, [{ lang: 'zh-CN', name: 'stand-in 普通话' }]);
  await onlyLoopback(page);
  await withChongqingFailing(page, () => failing);
  await page.goto('./');
  await ready(page, 15_000);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  const alert = page.locator('.coverage[role="alert"]');
  await expect(alert).toContainText('附近的数据没能下载', { timeout: 15_000 });
  await expect(alert).toContainText('shards/500000');
  await expect(alert).toBeInViewport();
  const heading = page.locator('#results-heading');
  await expect(heading).toContainText('不一定是最近的');
  await expect(heading).not.toContainText('离你最近');
  // The alert comes before the list, in reading order.
  const order = await page.evaluate(() => {
    const a = document.querySelector('.coverage[role="alert"]')!;
    const h = document.querySelector('#results-heading')!;
    return a.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
  await shot(page, testInfo, 'own-tile-failed');
  if ((await resultNames(page)).length > 0) {
    await page.locator('.results-section .read-aloud-button').click();
    await expect.poll(async () => (await spoken(page)).length).toBeGreaterThan(0);
    const first = (await spoken(page))[0].text;
    expect(first).toContain('不一定是最近的');
  }

  failing = false;
  await alert.getByRole('button', { name: '重试' }).click();
  await expect.poll(() => resultNames(page), { timeout: 15_000 }).toEqual(wholeNearest(path.join(REAL, 'manifest.json'), DAZU, []));
  await expect(heading).toContainText('离你最近');
  await expect(page.locator('.coverage')).toBeHidden();
});

test('an emergency tap with the own area failed: 120 first, the failure said, what is known offered', async ({ page }, testInfo) => {
  await speechStandIn(page, [{ lang: 'zh-CN', name: 'stand-in 普通话' }]);
  await onlyLoopback(page);
  await withChongqingFailing(page, () => true);
  await page.goto('./');
  await ready(page, 15_000);
  await page.getByRole('group', { name: /急救/ }).getByRole('button', { name: '胸痛中心' }).click();
  await expect(page.locator('.call-first')).toBeVisible();
  await expect(page.locator('.call-first a[href="tel:120"]')).toBeVisible();
  const alert = page.locator('.coverage[role="alert"]');
  await expect(alert).toContainText('附近的数据没能下载', { timeout: 15_000 });
  // 120 first, then what failed, both on the screen.
  await expect(page.locator('.call-first')).toBeInViewport();
  await expect(alert).toBeInViewport();
  const callFirst = await page.evaluate(() => {
    const call = document.querySelector('.call-first')!;
    return Boolean(call.compareDocumentPosition(document.querySelector('.coverage')!) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(callFirst).toBe(true);
  await expect(page.locator('#results-heading')).not.toContainText('离你最近');
  await shot(page, testInfo, 'emergency-own-tile-failed');
  // Something to read: the failure and 120, even when no centre could be listed.
  await page.locator('.results-section .read-aloud-button').click();
  await expect.poll(async () => (await spoken(page)).map((s) => s.text).join(' ')).toContain('120');
});
