import { expect, type Page, type TestInfo } from '@playwright/test';
import * as path from 'node:path';

export const DATASET = '**/data/facilities.xzd';

/** The synthetic journey dataset (tests/fixtures/journey), compiled by scripts/test. */
export const JOURNEY_DATASET = path.resolve(__dirname, '../../target/journey/facilities.xzd');

/** A point in 大足区, Chongqing, a few hundred metres from the synthetic facilities. */
export const DAZU = { latitude: 29.7, longitude: 105.715, accuracy: 30 };

/** Serves the synthetic journey dataset in place of the bundled one. */
export async function useJourneyData(page: Page) {
  await page.route(DATASET, (route) => route.fulfill({ path: JOURNEY_DATASET, contentType: 'application/octet-stream' }));
}

/** Nothing but the test server answers: every other request fails, as tile servers do in tests. */
export async function onlyLoopback(page: Page) {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort('internetdisconnected'));
}

export function resultsList(page: Page) {
  return page.locator('ol.results');
}

export async function resultNames(page: Page): Promise<string[]> {
  return resultsList(page).locator('.facility-name').allTextContents();
}

/** Distances as shown ("850 米", "1.2 km") in metres. */
export async function resultDistances(page: Page): Promise<number[]> {
  const texts = await resultsList(page).locator('.distance').allTextContents();
  return texts.map((t) => {
    const n = parseFloat(t);
    return /公里|km/.test(t) ? n * 1000 : n;
  });
}

/** Waits for the app to be ready: the results heading is there. */
export async function ready(page: Page) {
  await expect(page.locator('#results-heading')).toBeVisible();
}

/** A screenshot in the test's output folder, attached to the report, for a person to look at. */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** Collects uncaught page errors and console errors (failed loads of blocked hosts aside). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

export type Mode = 'zh' | 'en' | 'elder';

/** Puts the app in a language or elder mode as a user would, by the buttons. */
export async function chooseMode(page: Page, mode: Mode) {
  if (mode === 'en') {
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  if (mode === 'elder') {
    await page.getByRole('button', { name: '长辈模式' }).click();
    await expect(page.locator('html')).toHaveClass(/elder/);
  }
}

/** Interface strings the journeys look for, in each language. */
export const T = {
  zh: { locate: '使用我的位置', tcm: '中医', acupuncture: '针灸', nearest: /离你最近的机构/, back: /返回查找结果/, denied: '没有获得位置权限' },
  en: { locate: 'Use my location', tcm: 'TCM', acupuncture: 'Acupuncture', nearest: /Nearest facilities/, back: /Back to results/, denied: 'Location permission was not given' },
};
