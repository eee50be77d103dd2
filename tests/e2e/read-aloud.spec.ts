// Read aloud (朗读, issue 20): the results and a listing read by the device's
// voices, numbers as a person says them, only when asked, with pause and stop;
// a device without a voice is told so. A speech-synthesis stand-in injected
// into the page records each utterance (text, language, voice). Synthetic data
// (tests/fixtures/journey).
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import { chooseLanguage, DAZU, journeyResults, resultNames, speechStandIn as standIn, spoken, watchErrors } from './helpers';

/** The journey data's results near 大足, with the stand-in's `voices`. */
async function resultsWith(page: Page, voices: { lang: string; name: string }[] | null, hold = false) {
  await standIn(page, voices, hold);
  await journeyResults(page);
}


const VOICES = [
  { lang: 'zh-CN', name: 'stand-in 普通话' },
  { lang: 'en-GB', name: 'stand-in English' },
];

/** A number as said in Chinese (an oracle written apart from the app's). */
function zhNumber(n: number): string {
  const digits = '零一二三四五六七八九';
  if (n === 0) return '零';
  const units = ['千', '百', '十', ''];
  let out = '';
  let zero = false;
  String(n)
    .padStart(4, '0')
    .split('')
    .forEach((c, i) => {
      const d = Number(c);
      if (d === 0) {
        zero = out !== '';
        return;
      }
      if (zero) out += '零';
      zero = false;
      if (!(out === '' && i === 2 && d === 1)) out += digits[d];
      out += units[i];
    });
  return out;
}

/** "30 米" → "三十米", "1.7 公里" → "一点七公里", as shown on screen. */
function saidDistance(shown: string): string {
  const m = /([\d.]+)\s*(米|公里)/.exec(shown)!;
  const [whole, tenth] = m[1].split('.');
  return `${zhNumber(Number(whole))}${tenth ? `点${'零一二三四五六七八九'[Number(tenth)]}` : ''}${m[2]}`;
}

test.use({ geolocation: DAZU, permissions: ['geolocation'] });

test.describe('with a voice', () => {
  test.beforeEach(async ({ page }) => {
    await resultsWith(page, VOICES);
  });

  test('the results are read only when asked: the first three, with distances as said and whether they are open', async ({ page }) => {
    const errors = watchErrors(page);
    await page.locator('ol.results .result-link').first().click();
    await page.getByRole('button', { name: '← 返回查找结果' }).click();
    expect(await spoken(page), 'nothing read unasked, on the results or a listing').toEqual([]);
    await page.getByRole('button', { name: '朗读最近的几家' }).click();
    await expect.poll(async () => (await spoken(page)).length).toBe(3);
    const said = await spoken(page);
    const names = (await resultNames(page)).slice(0, 3);
    const distances = (await page.locator('ol.results .distance').allTextContents()).slice(0, 3);
    said.forEach((u, i) => {
      expect(u.text.startsWith(`${i + 1} ${names[i]},${saidDistance(distances[i])},`), u.text).toBe(true);
      expect(u.text, 'clock times are said, not written').not.toMatch(/\d:\d\d/);
      expect(u).toMatchObject({ lang: 'zh-CN', voice: 'stand-in 普通话' });
    });
    // Done reading: the button is ready again.
    await expect(page.getByRole('button', { name: '朗读最近的几家' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('a listing is read: name, distance, address, the phone digit by digit, hours, how to get there', async ({ page }) => {
    await page.locator('ol.results .result-link').first().click();
    const name = (await page.locator('#listing-name').textContent())!;
    await page.getByRole('button', { name: '朗读这家机构的信息' }).click();
    await expect.poll(async () => (await spoken(page)).length).toBe(6);
    const lines = (await spoken(page)).map((u) => u.text);
    expect(lines[0]).toBe(name);
    expect(lines[1]).toMatch(/^距离:[零一二三四五六七八九十百千万点]+(米|公里)$/);
    expect(lines[2]).toMatch(/^地址:/);
    const phone = (await page.locator('a.phone').first().textContent())!.replace(/[^\d-]/g, '');
    const digits = phone.split('-').map((g) => [...g].map((d) => '零一二三四五六七八九'[Number(d)]).join(''));
    expect(lines[3]).toBe(`电话:${digits.join(',')}`);
    expect(lines[4]).toMatch(/^营业时间:/);
    expect(lines[5]).toContain('导航前往');
  });

  test('in English, in an English voice: "kilometres" and digits', async ({ page }) => {
    await chooseLanguage(page, 'en');
    await page.getByRole('button', { name: 'Read aloud the nearest' }).click();
    await expect.poll(async () => (await spoken(page)).length).toBe(3);
    for (const u of await spoken(page)) {
      expect(u).toMatchObject({ lang: 'en-US', voice: 'stand-in English' });
      expect(u.text).toMatch(/\d+(\.\d)? (metres|kilometres)/);
    }
  });
});

test('pause, resume and stop', async ({ page }) => {
  await resultsWith(page, VOICES, true);
  await page.getByRole('button', { name: '朗读最近的几家' }).click();
  const pause = page.getByRole('button', { name: '暂停' });
  await expect(pause).toBeVisible();
  await pause.click();
  expect(await page.evaluate(() => (window as unknown as { __paused: boolean }).__paused)).toBe(true);
  await page.getByRole('button', { name: '继续' }).click();
  expect(await page.evaluate(() => (window as unknown as { __paused: boolean }).__paused)).toBe(false);
  const cancelled = await page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled);
  await page.getByRole('button', { name: '停止朗读' }).click();
  expect(await page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled)).toBeGreaterThan(cancelled);
  await expect(page.getByRole('button', { name: '朗读最近的几家' })).toBeVisible();
  await expect(page.getByRole('button', { name: '停止朗读' })).toBeHidden();
  // Leaving the screen stops what it was reading.
  await page.getByRole('button', { name: '朗读最近的几家' }).click();
  const before = await page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled);
  await page.locator('ol.results .result-link').first().click();
  await expect(page.locator('#listing-name')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled)).toBeGreaterThan(before);
});

for (const [what, voices, message] of [
  ['no Chinese voice', [{ lang: 'en-US', name: 'stand-in English' }], '这台设备没有中文朗读语音,无法朗读。'],
  ['no speech synthesis', null, '这个浏览器不能朗读。'],
] as const) {
  test(`a device with ${what}: the button says so, nothing fails silently`, async ({ page }) => {
    const errors = watchErrors(page);
    await resultsWith(page, voices === null ? null : [...voices]);
    await page.getByRole('button', { name: '朗读最近的几家' }).click();
    await expect(page.locator('.read-status')).toHaveText(message);
    expect(errors).toEqual([]);
  });
}
