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

/**
 * What `datakit query` says at a point: names of the ranked (place known), of the county's
 * seat-placed (`county`, its code), and of those known only to be in its city (`city`).
 */
function bundledAnswer(at: { latitude: number; longitude: number }, county = 500111, city = 500000) {
  const out = execFileSync(DATAKIT, ['query', '--dataset', BUNDLED, '--near', `${at.latitude},${at.longitude}`, '--k', '50', '--json']);
  const all = JSON.parse(out.toString()) as { name: string; placed: boolean; county_code: number; distance_m: number | null }[];
  const unplacedIn = (code: number) => all.filter((f) => !f.placed && f.county_code === code).map((f) => f.name);
  return { ranked: all.filter((f) => f.placed).map((f) => f.name), unplaced: unplacedIn(county), city: unplacedIn(city) };
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
  const group = page.locator('section.unplaced[data-county="500111"]');
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
  // Those known only to be in 重庆 (placed at the city's seat, 90 km off): apart too, after the county's.
  expect(expected.city.length, 'the data knows some only as in 重庆市').toBeGreaterThan(0);
  const city = page.locator('section.unplaced[data-county="500000"]');
  await expect(city.locator('h3')).toHaveText(`重庆市内，具体位置未列出（${expected.city.length} 家）`);
  await expect(city).not.toContainText(/\d+(\.\d+)? ?(米|公里)/);
  expect(await city.locator('li a').allTextContents()).toEqual(expected.city.slice(0, 12));
  await city.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'dazu-city-unplaced');

  // Read aloud: the placed ones with their distances, then the county's, with none.
  await page.getByRole('button', { name: /朗读/ }).first().click();
  await expect.poll(async () => (await spoken(page)).length).toBeGreaterThan(3);
  const said = (await spoken(page)).map((s) => s.text);
  for (const name of expected.unplaced) {
    expect(said.filter((line) => line.includes(name) && /米|公里/.test(line)), `${name} said with a distance`).toEqual([]);
  }
  expect(said[0]).toContain(expected.ranked[0]);
  expect(said.at(-2)).toMatch(/^大足区内，具体位置未列出的还有.+家，例如/);
  expect(said.at(-1)).toMatch(/^重庆市内，具体位置未列出的还有.+家，例如/);
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
    const group = page.locator('section.unplaced[data-county="500111"]');
    await expect(group.locator('h3')).toHaveText(heading);
    await expect(group).not.toContainText(/\d+(\.\d+)? ?(米|公里|公尺|km|metres)/);
    await page.getByRole('button', { name: lang === 'en' ? /Read aloud/ : /朗讀/ }).first().click();
    await expect.poll(async () => (await spoken(page)).length).toBeGreaterThan(3);
    expect((await spoken(page)).map((s) => s.text).at(-2)).toMatch(said);
    await group.scrollIntoViewIfNeeded();
    await shot(page, testInfo, `dazu-unplaced-${lang}`);
    expect(errors).toEqual([]);
  });
}

test('under 针灸 the coverage is said with its numbers, and the usual providers come marked unconfirmed', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await speechStandIn(page, [{ lang: 'zh-CN', name: 'Synthetic voice' }]);
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
  // Read aloud says the same: the coverage first, the list, then the usual providers under their heading.
  await page.getByRole('button', { name: /朗读/ }).first().click();
  await expect.poll(async () => (await spoken(page)).map((s) => s.text).join('\n')).toContain('通常提供针灸的机构（服务项目未列出，请先致电确认）');
  const said = (await spoken(page)).map((s) => s.text);
  expect(said[0]).toMatch(/^重庆市 \d+ 家机构中，\d+ 家列出了服务项目/);
  const usualAt = said.indexOf('通常提供针灸的机构（服务项目未列出，请先致电确认）');
  expect(said[usualAt + 1]).toMatch(/^1 大足区中医院[,，]约/);
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
  // How few list it is said too, after the hospitals and before the listed centres.
  const note = said.findIndex((line) => /^四川省 \d+ 家机构中，\d+ 家列出了胸痛中心/.test(line));
  expect(note).toBeGreaterThan(2);
  expect(note).toBeLessThan(said.indexOf('已列出胸痛中心的机构'));
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

/** The badges the map draws for institutions with no known place: adcode → where it stands on the canvas. */
async function badges(page: Page): Promise<Map<number, { x: number; y: number }>> {
  const attr = (await page.locator('canvas.map-overlay').getAttribute('data-county-badges')) ?? '';
  const found = new Map<number, { x: number; y: number }>();
  for (const badge of attr.split(' ').filter(Boolean)) {
    const [code, at] = badge.split('@');
    const [x, y] = at.split(',').map(Number);
    found.set(Number(code), { x, y });
  }
  return found;
}

async function tapBadge(page: Page, code: number) {
  await expect.poll(async () => (await badges(page)).has(code), { timeout: 20_000 }).toBe(true);
  const at = (await badges(page)).get(code)!;
  const box = (await page.locator('canvas.map-overlay').boundingBox())!;
  await page.touchscreen.tap(box.x + at.x, box.y + at.y);
}

for (const [where, view, code, heading] of [
  ['大足区', '10.00/29.55000,105.72000', 500111, /^大足区内，具体位置未列出（\d+ 家）$/],
  ['重庆市', '10.00/29.42000,106.55000', 500000, /^重庆市内，具体位置未列出（\d+ 家）$/],
] as const) {
  test(`a tap on ${where}'s badge lists the institutions only known to be in it, with no distance`, async ({ page }, testInfo) => {
    const errors = watchErrors(page);
    await onlyLoopback(page);
    await page.goto(`./#/?map=${view}`);
    await ready(page, 20_000);
    await tapBadge(page, code);
    const group = page.locator(`section.unplaced[data-county="${code}"]`);
    await expect(page.locator('#unplaced-heading')).toHaveText(heading, { timeout: 20_000 });
    await expect(group).toHaveCount(1);
    await expect(group).not.toContainText(/\d+(\.\d+)? ?(米|公里)/);
    const count = Number((await group.locator('h3').textContent())!.match(/（(\d+) 家）/)![1]);
    const expected = bundledAnswer({ latitude: 29.7069, longitude: 105.7206 });
    expect(count).toBe(code === 500000 ? expected.city.length : expected.unplaced.length);
    await shot(page, testInfo, `badge-${code}`);
    expect(errors).toEqual([]);
  });
}

test('a network\'s nearest member says 约 for a township seat, and names the members only known to be in your county', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await locatedAt(page, DAZU_CENTRE);
  await expect.poll(() => resultNames(page), { timeout: 20_000 }).not.toHaveLength(0);
  await page.goto('./#/n/dz-district-primary-cooperation');
  const nearest = page.locator('.nearest-member');
  await expect(nearest).toContainText(/· 约 \d+(\.\d+)? ?(米|公里)$/, { timeout: 20_000 });
  const apart = page.locator('.member-unplaced').filter({ hasText: '大足区内还有这些成员，具体位置未列出，不算距离' });
  await expect(apart.getByRole('link', { name: '大足区妇幼保健院', exact: true })).toBeVisible();
  await expect(apart.getByRole('link', { name: '双桥经开区人民医院', exact: true })).toBeVisible();
  await expect(apart).not.toContainText(/\d+(\.\d+)? ?(米|公里)/);
  await expect(nearest).not.toContainText(/大足区妇幼保健院|双桥经开区人民医院/);
  await apart.scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'network-nearest-member');
  expect(errors).toEqual([]);
});

test('检查检验结果互认 names each scope: in 重庆 the 川渝 list has no members, and 成都\'s members are not 重庆\'s', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  for (const [at, first] of [['30.65740,104.06580', /^[0-9.]+ ?(米|公里)$|^约/], ['29.56000,106.55000', null]] as const) {
    await page.goto(`./#/?nk=test_recognition&at=${at}`);
    await ready(page, 20_000);
    const note = page.locator('.data-note');
    await expect(note).toContainText(/成德眉资三级甲等医院检查检验结果互认：范围为成德眉资，列出 \d+ 家成员。/, { timeout: 20_000 });
    await expect(note).toContainText('川渝三甲医院检验检查结果互认（38家）：范围为川渝，成员名单未列出，这里无法说明哪些机构在内。');
    await expect(note).toContainText(/大足区二级及以上医院检验检查结果互认：范围为重庆市大足区/);
    if (first) {
      await expect(page.locator('ol.results .distance').first()).toHaveText(first);
    } else {
      // In 重庆 the listed members are 成德眉资's or 大足's: none near 渝中, and the note said so first.
      const names = await resultNames(page);
      expect(names.length).toBeGreaterThan(0);
      const first = (await page.locator('ol.results .distance').first().textContent())!;
      expect(Number(first.match(/([\d.]+) 公里/)![1]), first).toBeGreaterThan(50);
      await note.scrollIntoViewIfNeeded();
      await shot(page, testInfo, 'recognition-scope-chongqing');
    }
  }
  expect(errors).toEqual([]);
});

test('a listing says what it lacks, each with a correction at hand, and how old its newest list is', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./#/f/cq-500111-jjwsy');
  await expect(page.locator('#listing-name')).toHaveText('季家镇卫生院', { timeout: 20_000 });
  const lacks = page.locator('.lacks-list li');
  await expect(lacks.locator('span')).toHaveText(['具体位置未列出', '营业时间未列出', '服务项目未列出']);
  await expect(page.locator('.source-age')).toHaveText('名单日期 2021年6月，可能已有变化。');
  await lacks.filter({ hasText: '营业时间未列出' }).getByRole('button', { name: '补充或更正' }).click();
  const form = page.locator('details.correction');
  await expect(form).toHaveAttribute('open', '');
  await expect(form.locator('select')).toHaveValue('opening_hours');
  await page.locator('.lacks').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'listing-lacks');
  // One that lists its phone and address does not say it lacks them.
  await expect(lacks.filter({ hasText: /电话未列出|地址未列出/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the coverage the app says under 针灸 is the count `datakit report` gives for the same area', async ({ page }) => {
  const errors = watchErrors(page);
  const report = JSON.parse(execFileSync(DATAKIT, ['report', '--region', '500000', '--json', '--dataset', BUNDLED]).toString());
  const services = report.completeness.find((c: { field: string }) => c.field === 'services');
  await locatedAt(page, DAZU_CENTRE);
  await expect.poll(() => resultNames(page), { timeout: 20_000 }).not.toHaveLength(0);
  await page.getByRole('button', { name: '针灸', exact: true }).click();
  await expect(page.locator('.data-note')).toContainText(`重庆市 ${report.institutions} 家机构中，${services.with} 家列出了服务项目`);
  expect(report.institutions).toBeGreaterThan(1000);
  expect(errors).toEqual([]);
});

test('every filter group on a fact the data rarely states says how many list it, and who', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./#/?at=29.70690,105.72060');
  await ready(page, 20_000);
  await page.getByText('更多筛选').click();
  const note = (legend: string) => page.locator('fieldset.group', { has: page.locator('legend', { hasText: legend }) }).locator('.listed-only');
  for (const legend of ['专科与服务', '其他资质']) {
    await expect(note(legend)).toHaveText(/^只计列出了该项的机构：重庆市 \d+ 家机构中 \d+ 家列出了此类项目(（来源：.+）)?。没列出的不等于没有。$/, { timeout: 20_000 });
  }
  // The designations in 重庆 come from a dated list: its publisher is named.
  await expect(note('其他资质')).toContainText('（来源：');
  await expect(note('联网与互认')).toHaveText(/^成员只来自各网络公布的名单：\d+ 个网络中 \d+ 个列出了成员。不在名单上不等于不是成员。$/);
  await note('其他资质').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'filter-notes');
  expect(errors).toEqual([]);
});

test('the about page says, for the area on the map, how many list a grade and a network, and how old their sources are', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await onlyLoopback(page);
  await page.goto('./#/about?map=10.00/29.70000,105.72000');
  const section = page.locator('section.completeness');
  await expect(section.locator('p').first()).toHaveText(/^地图上这片区域有 \d+ 家机构。/, { timeout: 20_000 });
  const total = Number((await section.locator('p').first().textContent())!.match(/有 (\d+) 家/)![1]);
  expect(total).toBeGreaterThan(50);
  const row = (what: string) => section.locator('tr', { has: page.locator('th', { hasText: what }) }).locator('td');
  await expect(row('等级')).toHaveText(/^\d+ 家（\d+%）$/);
  await expect(row('联网与互认')).toHaveText(/^[1-9]\d* 家（\d+%）$/);
  // Every institution falls in one band of its newest source's age.
  const ages = await section.locator('table.source-ages td').allTextContents();
  expect(ages).toHaveLength(5);
  expect(ages.map((a) => Number(a.match(/^(\d+) 家/)![1])).reduce((a, b) => a + b, 0)).toBe(total);
  await section.locator('table.source-ages').scrollIntoViewIfNeeded();
  await shot(page, testInfo, 'about-completeness');
  expect(errors).toEqual([]);
});
