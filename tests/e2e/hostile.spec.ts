// Hostile data and hostile URLs: shown as inert text, never run, never a crash.
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import * as path from 'node:path';
import { DATASET, DAZU, expectHygiene, MANIFEST, onlyLoopback, ready, resultsList, shot, watchErrors } from './helpers';

/** Written by `cargo run -p engine --example hostile_dataset -- target/hostile` (scripts/test). */
const HOSTILE = path.resolve(__dirname, '../../target/hostile');

async function useHostileData(page: Page) {
  await page.route(MANIFEST, (route) => route.fulfill({ path: path.join(HOSTILE, 'manifest.json'), contentType: 'application/json' }));
  await page.route(DATASET, (route) => route.fulfill({ path: path.join(HOSTILE, 'facilities.xzd') }));
}

/** Nothing from the data ran, nothing put markup or a script link in the page, nothing widened it. */
async function expectInert(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xz_pwned?: number }).__xz_pwned)).toBeUndefined();
  await expect(page.locator('body script, body img[src="x"], body iframe, main b, main i')).toHaveCount(0);
  await expectHygiene(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, geolocation: DAZU, permissions: ['geolocation'] });

test('names, addresses and links with HTML, script, javascript: and RTL overrides render as text; 10 kB names wrap', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    return d.dismiss();
  });
  await onlyLoopback(page);
  await useHostileData(page);
  await page.goto('./');
  await ready(page);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  const names = resultsList(page).locator('.facility-name');
  await expect(names).toHaveCount(5);
  await expect(names.filter({ hasText: '<script>window.__xz_pwned=1</script>' })).toHaveCount(1);
  // A right-to-left override stays inside its own name.
  expect(await names.first().evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe('isolate');
  await expectInert(page);
  await shot(page, testInfo, 'hostile-results');

  for (const id of ['synthetic-hostile-url', 'synthetic-hostile-long', 'synthetic-hostile-script']) {
    await page.goto(`./#/f/${id}`);
    await expect(page.locator('#listing-name')).toContainText('（合成）');
    await expectInert(page);
  }
  // The website is a javascript: link in the data: shown as text, not a link; so are phones that are not plain numbers.
  await page.goto('./#/f/synthetic-hostile-script');
  await expect(page.locator('.listing')).toContainText('javascript:window.__xz_pwned=1');
  // (The header's 急救 120 is the page's own; the listing's hostile numbers must not dial.)
  const dials = await page.locator('.listing a[href^="tel:"]').evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')))]);
  expect(dials).toEqual([]);
  await expect(page.locator('.listing .phone').first()).toContainText('javascript:');
  await shot(page, testInfo, 'hostile-listing');
  // The network page with its hostile name, and the page still answers: back to the results, a filter.
  await page.goto('./#/n/synthetic-hostile-net');
  await expect(page.locator('#network-name')).toContainText('<script>');
  await expectInert(page);
  await page.getByRole('button', { name: /返回查找结果/ }).first().click();
  await ready(page);
  await page.getByRole('button', { name: '针灸' }).click();
  await expect(names).toHaveCount(5);
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
});

/** A small seeded generator, so a failure names a URL that fails again. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const PIECES = [
  'q=', 'kind=', 'grade=', 'svc=', 'des=', 'net=', 'nk=', 'r=', 'open=', 'at=', 'view=', 'lang=', 'sel=', '/f/', '/n/', '#/', '?', '&', '=',
  '%', '%E4%B8%AD', '%ZZ', '%00', '\u202e', '<script>', '"', "'", 'javascript:alert(1)', '..', '//', ',', ';', '-1', '1e309', 'NaN',
  '90.0000001', '-180', '999999999999999999999', 'tcm', 'acupuncture', 'zh', 'en', '中医', '\ud83d\ude00', ' ', '+', '\\',
];

test('fuzzed query strings and fragments never crash the app', async ({ page }) => {
  // 300 URLs, 12 of them fresh loads: about a minute on two busy cores, once 80 s in CI.
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./');
  await ready(page);
  const next = lcg(20261124);
  const pick = () => PIECES[Math.floor(next() * PIECES.length)];
  const tried: string[] = [];
  for (let i = 0; i < 300; i++) {
    let s = '';
    for (let n = 1 + Math.floor(next() * 12); n > 0; n--) s += pick();
    if (next() < 0.3) s += 'x'.repeat(Math.floor(next() * 5000));
    tried.push(s);
    // Mostly in place (hashchange, as a link or the back button would); sometimes a fresh load with a query string.
    if (i % 25 === 0) {
      await page.goto(`./?${encodeURI(s)}#/${encodeURI(s)}`);
    } else {
      await page.evaluate((h) => (location.hash = h), `#/${s}`);
    }
  }
  await expect(page.locator('#results-heading, #listing-name, #network-name, .not-found').first()).toBeVisible();
  // The app still works after all of it.
  await page.goto('./#/');
  await ready(page);
  await page.getByRole('button', { name: '中医' }).click();
  await expect(resultsList(page).locator('li').first()).toBeVisible();
  expect(errors, `after ${tried.length} URLs`).toEqual([]);
});
