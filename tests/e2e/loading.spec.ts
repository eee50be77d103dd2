// Loading with progress, and every way the dataset can fail.
import { expect, test } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DATASET, ready, resultNames, shot, watchErrors } from './helpers';

const BUNDLED = path.resolve(__dirname, '../../dist/data/facilities.xzd');

test('loading shows bytes, then the interface, without a panic', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(DATASET, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('./');
  const status = page.locator('.status.loading');
  await expect(status).toContainText('正在加载机构数据');
  await expect(status.locator('progress')).toBeVisible();
  await shot(page, testInfo, 'loading');
  release();
  await ready(page);
  expect((await resultNames(page)).length).toBeGreaterThan(5);
  await expect(page.locator('.status.loading')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a missing dataset shows an error with retry, and retry recovers', async ({ page }, testInfo) => {
  await page.route(DATASET, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('./');
  const alert = page.locator('.status.error');
  await expect(alert).toContainText('无法加载机构数据');
  await expect(alert).toContainText('404');
  await shot(page, testInfo, 'dataset-404');
  await page.unroute(DATASET);
  await alert.getByRole('button', { name: '重试' }).click();
  await ready(page);
  await expect(page.locator('.status.error')).toHaveCount(0);
});

test('a corrupted dataset is reported, not crashed on', async ({ page }) => {
  const errors = watchErrors(page);
  await page.route(DATASET, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>oops</title>' }));
  await page.goto('./');
  await expect(page.locator('.status.error')).toContainText('invalid dataset: not a Xunzhen dataset');
  await expect(page.getByRole('button', { name: '重试' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a dataset from a newer format version asks for a reload', async ({ page }, testInfo) => {
  const bytes = fs.readFileSync(BUNDLED);
  bytes.writeUInt16LE(999, 4); // the format version follows the four magic bytes
  await page.route(DATASET, (route) => route.fulfill({ status: 200, body: bytes }));
  await page.goto('./');
  const alert = page.locator('.status.error');
  await expect(alert).toContainText('请刷新页面');
  await expect(alert).toContainText('newer than this app understands');
  await expect(alert.getByRole('button', { name: '刷新页面' })).toBeVisible();
  await shot(page, testInfo, 'newer-version');
});

test('language and elder mode are remembered across visits', async ({ page }) => {
  await page.goto('./');
  await ready(page);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Elder mode' }).click();
  await page.reload();
  await ready(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveClass(/elder/);
  await expect(page.getByRole('button', { name: 'Elder mode' })).toHaveAttribute('aria-pressed', 'true');
});
