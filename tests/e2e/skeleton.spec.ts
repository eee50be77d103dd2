import { expect, test, type Page } from '@playwright/test';

const DATASET = '**/data/facilities.xzd';

function results(page: Page) {
  return page.getByRole('list', { name: /离你最近的机构/ });
}

async function names(page: Page): Promise<string[]> {
  return results(page).locator('.facility-name').allTextContents();
}

async function setPoint(page: Page, lat: string, lon: string) {
  await page.getByLabel(/纬度/).fill(lat);
  await page.getByLabel(/经度/).fill(lon);
  await page.getByRole('button', { name: /从这里查找/ }).click();
}

test('loading gives way to the nearest list, which follows the point', async ({ page }, testInfo) => {
  // Hold the dataset back briefly so the loading state is observable.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(DATASET, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('./');
  await expect(page.getByRole('status')).toContainText('正在加载');
  release();

  await expect(results(page)).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
  await expect(results(page)).toContainText('四川大学华西医院');
  const inChengdu = await names(page);
  expect(inChengdu.length).toBeGreaterThan(5);
  expect(inChengdu.slice(0, 4)).toContain('四川大学华西医院');
  await page.screenshot({ path: testInfo.outputPath('chengdu.png'), fullPage: true });

  // Move to Dazu, Chongqing: its district hospitals come first now.
  await setPoint(page, '29.70', '105.72');
  await expect(results(page).locator('.facility-name').first()).toHaveText('大足区中医院');
  const inDazu = await names(page);
  expect(inDazu).not.toEqual(inChengdu);
  expect(inDazu.indexOf('四川大学华西医院')).toBeGreaterThan(inDazu.indexOf('大足区人民医院'));
  await expect(results(page).locator('.distance').first()).toHaveText(/^\d+ 米$/);
  await page.screenshot({ path: testInfo.outputPath('dazu.png'), fullPage: true });
});

test('an invalid point is refused with a message and the list stays', async ({ page }) => {
  await page.goto('./');
  await expect(results(page)).toContainText('四川大学华西医院');
  const before = await names(page);
  await setPoint(page, '123', '104');
  await expect(page.getByRole('alert')).toContainText('latitude 123');
  expect(await names(page)).toEqual(before);
});

test('a missing dataset shows an error with retry, and retry recovers', async ({ page }, testInfo) => {
  await page.route(DATASET, (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto('./');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('无法加载机构数据');
  await expect(alert).toContainText('404');
  await page.screenshot({ path: testInfo.outputPath('dataset-404.png'), fullPage: true });

  await page.unroute(DATASET);
  await alert.getByRole('button', { name: /重试/ }).click();
  await expect(results(page)).toContainText('四川大学华西医院');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a corrupted dataset is reported, not crashed on', async ({ page }) => {
  await page.route(DATASET, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>oops</title>' }),
  );
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByRole('alert')).toContainText('invalid dataset: not a Xunzhen dataset');
  await expect(page.getByRole('button', { name: /重试/ })).toBeVisible();
  expect(errors).toEqual([]);
});
