// A hospital administrator finds their own listing by pinyin initials and
// checks it, then opens its permanent link in a fresh page. Bundled data.
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { onlyLoopback, ready, searchBox, shot, watchErrors } from './helpers';

test.use({ viewport: { width: 1280, height: 860 } });

test('a hospital finds its listing by pinyin initials and its permanent link works in a fresh page', async ({ page, browser }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./');
  await ready(page);

  const search = searchBox(page);
  await search.fill('dzqzyy');
  const suggestion = page.getByRole('option', { name: /大足区中医院/ });
  await expect(suggestion).toBeVisible();
  await shot(page, testInfo, 'suggestions');
  await suggestion.click();

  await expect(page).toHaveURL(/#\/f\/cq-dz-tcmh/);
  const listing = page.locator('article.listing');
  await expect(page.locator('#listing-name')).toHaveText('大足区中医院');
  // What it is, and what is not listed, plainly.
  await expect(listing).toContainText('中医医院');
  await expect(listing).toContainText('疼痛综合管理试点医院');
  // Each fact says who stated it and when.
  const pilot = listing.locator('li', { hasText: '疼痛综合管理试点医院' });
  await expect(pilot.locator('.citation')).toContainText('大足区卫生健康委');
  await expect(pilot.locator('.citation')).toContainText('2024年6月');
  await expect(listing.locator('.facts').first()).toContainText('未列出');
  // Where the record comes from.
  // Where the record comes from: the reports kept by hand, and the lists that name it, each with its month.
  await expect(listing.locator('.provenance')).toContainText('大足区卫生健康委');
  await expect(listing.locator('.listed-by')).toContainText('2021年6月：新冠疫苗接种点');
  await expect(listing.locator('.listed-by')).toContainText('据重庆市');
  await expect(listing.locator('.provenance dd.placed')).toHaveText(/^位置为.+中心$/);
  await expect(listing.locator('.provenance')).toContainText('2026-11-23');
  // Its networks, with its role, linked.
  await expect(listing.getByRole('link', { name: /大足区区级医院与基层医疗卫生机构技术合作/ })).toBeVisible();
  await expect(listing.locator('.network-list')).toContainText('牵头单位');
  await shot(page, testInfo, 'listing');

  // Suggest a correction: the mail/copy text carries field, current and proposed values and evidence.
  await listing.getByText('建议更正').click();
  await listing.getByLabel('哪一项不对?').selectOption('address');
  await listing.getByLabel('应改为').fill('重庆市大足区（合成测试地址）');
  await listing.getByLabel(/依据/).fill('医院官网(测试)');
  await expect(listing.getByRole('button', { name: '复制更正内容' })).toBeEnabled();

  // The permanent link, in a fresh browser context with nothing remembered.
  const link = page.url();
  const fresh = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const other = await fresh.newPage();
  await onlyLoopback(other);
  await other.goto(link.slice(link.indexOf('#')).replace(/^/, new URL(link).origin + '/'));
  await expect(other.locator('#listing-name')).toHaveText('大足区中医院');
  await expect(other.locator('article.listing .provenance')).toContainText('大足区卫生健康委');
  await shot(other, testInfo, 'permalink-fresh-page');
  await fresh.close();
  expect(errors).toEqual([]);
});

test('a township centre named after a township merged away says so on its listing', async ({ page }) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./#/f/sc-510113-lwwsy');
  await expect(page.locator('#listing-name')).toHaveText('成都市青白江区龙王镇卫生院', { timeout: 30_000 });
  await expect(page.locator('article.listing .notice-line.warning')).toHaveText(
    '该乡镇（龙王镇）已于2019—2020年撤并，卫生院名称或位置可能已变化。',
  );
  // A centre whose township is still there says nothing of the kind.
  await page.goto('./#/f/cq-dz-tcmh');
  await expect(page.locator('#listing-name')).toHaveText('大足区中医院');
  await expect(page.locator('article.listing')).not.toContainText('撤并');
  expect(errors).toEqual([]);
});

test('the correction goes by mail to the deployment address, fully composed', async ({ page }) => {
  await onlyLoopback(page);
  await page.route('**/config.json', (route) => route.fulfill({ json: { correction_email: 'data@example.org' } }));
  await page.goto('./#/f/cq-dz-tcmh');
  const listing = page.locator('article.listing');
  await listing.getByText('建议更正').click();
  await listing.getByLabel('哪一项不对?').selectOption('grade');
  await expect(listing.getByLabel('当前显示')).toHaveValue('等级未列出');
  await listing.getByLabel('应改为').fill('二级甲等');
  await expect(listing.getByRole('link', { name: '用邮件发送' })).toHaveCount(0); // evidence still missing
  await listing.getByLabel(/依据/).fill('区卫健委公告');
  const mail = await listing.getByRole('link', { name: '用邮件发送' }).getAttribute('href');
  expect(mail).toMatch(/^mailto:data@example\.org\?subject=/);
  const body = decodeURIComponent(mail!.split('&body=')[1]);
  expect(body).toContain('机构 Facility: 大足区中医院 (cq-dz-tcmh)');
  expect(body).toContain('字段 Field: 等级 [grade]');
  expect(body).toContain('当前值 Current value: 等级未列出');
  expect(body).toContain('建议值 Proposed value: 二级甲等');
  expect(body).toContain('依据 Evidence: 区卫健委公告');
});
