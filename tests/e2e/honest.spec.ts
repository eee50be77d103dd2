// Honest answers (issue 28), with the real bundled data: a facility placed at
// its county's seat is never ranked or given a distance, on screen or read
// aloud; it is listed apart under its county. A filter on a service says how
// many institutions in the area state their services at all, and offers the
// ones that usually provide it, marked unconfirmed. The emergency buttons put
// 120 first and the nearest hospitals (unconfirmed) before a far designated centre.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import { chooseLanguage, DATAKIT, onlyLoopback, ready, resultNames, searchBox, shot, speechStandIn, spoken, watchErrors } from './helpers';

/** The bundled dataset's manifest, as scripts/test publishes it. */
const BUNDLED = path.resolve(__dirname, '../../public/data/manifest.json');

/** 大足区's centre, about 400 m from the seat where the import put the facilities it could not place. */
const DAZU_CENTRE = { latitude: 29.7069, longitude: 105.7206, accuracy: 30 };
const DEYANG = { latitude: 31.127, longitude: 104.398, accuracy: 30 };
const MAOXIAN = { latitude: 31.6817, longitude: 103.8531, accuracy: 50 };

/** What `datakit query` says at a point: names of the ranked (place known) and of the county's seat-placed. */
function bundledAnswer(at: { latitude: number; longitude: number }, flags: string[] = []) {
  const out = execFileSync(DATAKIT, ['query', '--dataset', BUNDLED, '--near', `${at.latitude},${at.longitude}`, '--k', '50', '--json', ...flags]);
  const all = JSON.parse(out.toString()) as { name: string; placed: boolean; distance_m: number | null }[];
  return { ranked: all.filter((f) => f.placed).map((f) => f.name), unplaced: all.filter((f) => !f.placed).map((f) => f.name) };
}

async function locatedAt(page: Page, at: { latitude: number; longitude: number; accuracy: number }) {
  await page.context().setGeolocation(at);
  await onlyLoopback(page);
  await page.goto('./');
  await ready(page, 20_000);
  await page.getByRole('button', { name: '使用我的位置' }).click();
}

test.use({ permissions: ['geolocation'], viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('at 大足\'s centre no seat-placed facility shows or speaks a distance, and the first result is placed', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  const expected = bundledAnswer(DAZU_CENTRE);
  expect(expected.unplaced.length, 'the data places some of 大足区 at its seat').toBeGreaterThan(0);
  await speechStandIn(page, [{ lang: 'zh-CN', name: 'Synthetic voice' }]);
  await locatedAt(page, DAZU_CENTRE);
  await expect.poll(() => resultNames(page), { timeout: 20_000 }).toEqual(expected.ranked);
  // Apart, under its county, with no distance.
  const group = page.locator('section.unplaced');
  await expect(group.locator('h3')).toHaveText(new RegExp(`^大足区内，具体位置未列出（${expected.unplaced.length} 家）$`));
  const listed = await group.locator('li a').allTextContents();
  expect(listed).toEqual(expected.unplaced.slice(0, listed.length));
  await expect(group).not.toContainText(/\d+(\.\d+)? ?(米|公里)/);
  for (const name of expected.unplaced) {
    await expect(page.locator('ol.results .result').filter({ hasText: name })).toHaveCount(0);
  }
  await page.locator('#results-heading').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'dazu-list');
  await group.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'dazu-unplaced');

  // Read aloud: the placed ones with their distances, then the county's, with none.
  await page.getByRole('button', { name: /朗读/ }).first().click();
  await expect.poll(async () => (await spoken(page)).length).toBeGreaterThan(3);
  const said = (await spoken(page)).map((s) => s.text);
  for (const name of expected.unplaced) {
    expect(said.filter((line) => line.includes(name) && /米|公里/.test(line)), `${name} said with a distance`).toEqual([]);
  }
  expect(said[0]).toContain(expected.ranked[0]);
  expect(said.at(-1)).toMatch(/^大足区内，具体位置未列出的还有.+家，例如/);
  expect(errors).toEqual([]);
});

for (const [lang, heading, said] of [
  ['zh-Hant', /^大足区內，具體位置未列出（\d+ 家）$/, /^大足区內，具體位置未列出的還有.+家，例如/],
  ['en', /^In 大足区, exact place not listed \(\d+\)$/, /^In 大足区, \d+ more whose exact place is not listed, such as /],
] as const) {
  test(`in ${lang} the seat-placed are apart and said without a distance too`, async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    const expected = bundledAnswer(DAZU_CENTRE);
    await speechStandIn(page, [{ lang: lang === 'en' ? 'en-US' : 'zh-TW', name: 'Synthetic voice' }]);
    await page.context().setGeolocation(DAZU_CENTRE);
    await onlyLoopback(page);
    await page.goto('./');
    await ready(page, 20_000);
    await chooseLanguage(page, lang);
    await page.getByRole('button', { name: lang === 'en' ? 'Use my location' : '使用我的位置' }).click();
    await expect.poll(() => resultNames(page), { timeout: 20_000 }).toEqual(expected.ranked);
    const group = page.locator('section.unplaced');
    await expect(group.locator('h3')).toHaveText(heading);
    await expect(group).not.toContainText(/\d+(\.\d+)? ?(米|公里|公尺|km|metres)/);
    await page.getByRole('button', { name: lang === 'en' ? /Read aloud/ : /朗讀/ }).first().click();
    await expect.poll(async () => (await spoken(page)).length).toBeGreaterThan(3);
    expect((await spoken(page)).map((s) => s.text).at(-1)).toMatch(said);
    await group.scrollIntoViewIfNeeded();
    await shot(page, testInfo, `dazu-unplaced-${lang}`);
    expect(errors).toEqual([]);
  });
}

test('under 针灸 the coverage is said with its numbers, and the usual providers come marked unconfirmed', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await locatedAt(page, DAZU_CENTRE);
  await expect.poll(() => resultNames(page), { timeout: 20_000 }).not.toHaveLength(0);
  await page.getByRole('button', { name: '针灸', exact: true }).click();
  const note = page.locator('.data-note');
  await expect(note).toContainText(/重庆市 \d+ 家机构中，\d+ 家列出了服务项目/);
  await expect(note).toContainText('未列出的机构也可能提供针灸，请先致电确认');
  const usual = page.locator('section.usual');
  await expect(usual.locator('#usual-heading')).toHaveText('通常提供针灸的机构（服务项目未列出，请先致电确认）');
  const first = usual.locator('.result').first();
  await expect(first).toContainText('服务项目未列出');
  await expect(first.locator('.facility-name')).toHaveText('大足区中医院');
  await note.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'acupuncture-coverage');
  expect(errors).toEqual([]);
});

test('in 德阳 the chest-pain button puts 120 first and the nearest hospitals, unconfirmed, before far centres', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await speechStandIn(page, [{ lang: 'zh-CN', name: 'Synthetic voice' }]);
  await page.context().setGeolocation(DEYANG);
  await onlyLoopback(page);
  await page.goto('./');
  await ready(page, 20_000);
  await page.getByRole('button', { name: '胸痛中心' }).first().click();
  await expect(page.locator('.call-first')).toContainText('请先拨打 120');
  await expect(page.locator('.call-first a[href="tel:120"]')).toBeVisible();
  const usual = page.locator('section.usual');
  await expect(usual.locator('#usual-heading')).toHaveText('附近的医院（是否有胸痛中心未核实）');
  await expect(usual.locator('.result').first()).toContainText('是否有胸痛中心未核实');
  const near = await usual.locator('.distance').first().textContent();
  expect(near).toMatch(/米|^约?\s?[0-4]\.\d 公里/);
  await expect(page.locator('#results-heading')).toContainText('已列出胸痛中心的机构');
  // Read aloud in the same order: 120, the nearest hospitals (unconfirmed), then the listed centres.
  await page.getByRole('button', { name: /朗读/ }).first().click();
  await expect.poll(async () => (await spoken(page)).length).toBeGreaterThan(4);
  const said = (await spoken(page)).map((line) => line.text);
  expect(said[0]).toContain('120');
  expect(said[1]).toBe('附近的医院（是否有胸痛中心未核实）');
  expect(said[2]).toMatch(/^1 .+[,，]约?[零一二三四五六七八九十百点]+(米|公里)/);
  expect(said.indexOf('已列出胸痛中心的机构')).toBeGreaterThan(2);
  await page.locator('.call-first').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'deyang-chest-pain');
  expect(errors).toEqual([]);
});

test('at 茂县 the first institution the list names is in 茂县', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await locatedAt(page, MAOXIAN);
  await expect.poll(() => resultNames(page), { timeout: 20_000 }).not.toHaveLength(0);
  // The first entry: a ranked facility, or the county's seat-placed ones before any beyond it.
  const first = page.locator('ol.results > li').first();
  await expect(first).toContainText('茂县');
  // The county's own hospital is there, under 茂县, not 243 km away in 阿坝县.
  const county = page.locator('section.unplaced', { hasText: '茂县内' });
  await expect(county.getByRole('link', { name: '茂县人民医院', exact: true })).toBeVisible();
  await first.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'maoxian-first');
  expect(errors).toEqual([]);
});

test('a name search near 大足 gives no distance to an institution placed at its county\'s seat', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await locatedAt(page, DAZU_CENTRE);
  await expect.poll(() => resultNames(page), { timeout: 20_000 }).not.toHaveLength(0);
  const search = searchBox(page);
  await search.fill('季家镇卫生院');
  const seat = page.getByRole('option', { name: /季家镇卫生院/ }).first();
  await expect(seat).toContainText('具体位置未列出');
  await expect(seat).not.toContainText(/\d+(\.\d+)? ?(米|公里)/);
  // A place known to its sub-district keeps its distance, with its 约.
  await search.fill('大足区中医院');
  await expect(page.getByRole('option', { name: /大足区中医院/ }).first()).toContainText(/约 \d+(\.\d+)? ?(米|公里)/);
  await shot(page, testInfo, 'search-seat-placed');
  expect(errors).toEqual([]);
});

test('in 成都, 儿科 and 现在营业 say the data cannot tell, never "共 0 家"', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./#/?svc=paediatrics&at=30.65740,104.06580');
  await ready(page, 20_000);
  const heading = page.locator('#results-heading');
  await expect(heading).toHaveText('数据中没有机构列出儿科：这不等于附近没有', { timeout: 20_000 });
  await page.goto('./#/?open=1&at=30.65740,104.06580');
  await expect(heading).toHaveText('附近没有列出营业时间的机构：不知道哪家正在营业，请先致电确认', { timeout: 20_000 });
  await expect(page.locator('.data-note')).toContainText('列出了营业时间');
  await shot(page, testInfo, 'chengdu-open-now');
  expect(errors).toEqual([]);
});

test('the listing of an institution known only at its county\'s seat gives no route and no distance to the seat', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await locatedAt(page, DAZU_CENTRE);
  await expect.poll(() => resultNames(page), { timeout: 20_000 }).not.toHaveLength(0);
  await page.goto('./#/f/cq-500111-jjwsy');
  const listing = page.locator('article.listing');
  await expect(page.locator('#listing-name')).toHaveText('季家镇卫生院', { timeout: 20_000 });
  await expect(listing.locator('.distance-line')).toHaveText(/^只知道在.+内，具体位置未列出，所以不显示距离。$/);
  await expect(listing.locator('.navigate')).toContainText('具体位置未列出，无法导航到门口');
  await expect(listing.locator('.navigate a')).toHaveCount(0);
  // A listing whose place is known keeps its routes.
  await page.goto('./#/f/cq-dz-tcmh');
  await expect(page.locator('#listing-name')).toHaveText('大足区中医院');
  await expect(page.locator('article.listing .navigate a').first()).toBeVisible();
  await shot(page, testInfo, 'seat-placed-listing');
  expect(errors).toEqual([]);
});
