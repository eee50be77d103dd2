import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The dataset file the manifest names (`facilities.<hash>.xzd`, asked for with `?v=<hash>`). */
export const DATASET = /\/data\/facilities(\.[0-9a-f]{16})?\.xzd(\?|$)/;
export const MANIFEST = '**/data/manifest.json';
/** The county place index, which the search box loads on first use. */
export const PLACES = /\/data\/boundaries\/places\.xzb(\?|$)/;

/** The file a published dataset's manifest names (`datakit build` names it by its content). */
export function publishedDataset(dir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  return path.join(dir, manifest.whole.path);
}

/** The datakit scripts/test builds, for the whole dataset's own answers. */
export const DATAKIT = path.resolve(__dirname, '../../target/release/datakit');

/** The names of the 50 nearest `at` in the whole dataset behind `manifest` (a manifest.json), as `datakit query` answers, with its filter flags. */
export function wholeNearest(manifest: string, at: { latitude: number; longitude: number }, filter: string[] = []): string[] {
  const out = execFileSync(DATAKIT, ['query', '--dataset', manifest, '--near', `${at.latitude},${at.longitude}`, '--k', '50', '--json', ...filter]);
  // The ranked ones: the county's with no known place follow them, without a distance.
  return JSON.parse(out.toString())
    .filter((f: { placed: boolean }) => f.placed)
    .map((f: { name: string }) => f.name);
}

/** The synthetic journey dataset (tests/fixtures/journey) and its manifest, compiled by scripts/test. */
export const JOURNEY_MANIFEST = path.resolve(__dirname, '../../target/journey/manifest.json');
export const JOURNEY_DATASET = publishedDataset(path.dirname(JOURNEY_MANIFEST));

/** A point in 大足区, Chongqing, a few hundred metres from the synthetic facilities. */
export const DAZU = { latitude: 29.7, longitude: 105.715, accuracy: 30 };
/** In the journey dataset, the TCM facilities with acupuncture nearest DAZU, nearest first. */
export const DAZU_TCM_ACUPUNCTURE = ['（合成）大足测试中医院', '（合成）大足测试中医诊所'];

/** Serves the synthetic journey dataset and its manifest in place of the bundled ones. */
export async function useJourneyData(page: Page) {
  await page.route(MANIFEST, (route) => route.fulfill({ path: JOURNEY_MANIFEST, contentType: 'application/json' }));
  await page.route(DATASET, (route) => route.fulfill({ path: JOURNEY_DATASET, contentType: 'application/octet-stream' }));
}

/** The journey data's results at the user's (granted) location: network kept local, list shown. */
export async function journeyResults(page: Page) {
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.goto('./');
  await ready(page);
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await expect.poll(() => resultNames(page)).not.toHaveLength(0);
}

/** Holds the dataset's download until the returned function is called, to see the app while it loads. */
export async function holdDataset(page: Page): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(DATASET, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** Nothing but the test server answers: every other request fails, as tile servers do in tests. */
export async function onlyLoopback(page: Page) {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort('internetdisconnected'));
}

/** The search box (a combobox, as is the language chooser beside it). */
export function searchBox(page: Page) {
  return page.getByRole('combobox', { name: /^(搜索机构名称或地点|搜尋醫療機構名稱或地點|Search facilities or places)$/ });
}

/** A place (province, city or county) among the suggestions, not a facility whose name holds it. */
export function placeOption(page: Page, name: string) {
  return page.getByRole('option').and(page.locator('.place')).filter({ hasText: name }).first();
}

export function resultsList(page: Page) {
  // The confirmed answers; the list of those that usually offer what was asked is apart.
  return page.locator('ol.results:not(.usual-results)');
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

/** Colours in the top third of the map's base layer: a drawn basemap has outlines and names in many shades. */
export async function basemapShades(page: Page): Promise<number> {
  return page.locator('.map canvas.map-base').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, Math.floor(c.height / 3)).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  });
}

/** Waits for the app to be ready: the results heading is there (within `timeout` ms, the config's expect timeout unless said). */
export async function ready(page: Page, timeout?: number) {
  await expect(page.locator('#results-heading')).toBeVisible({ timeout });
}

/**
 * Every screen a journey shows: a screenshot in the test's output folder
 * (attached to the report, for a person to look at), and axe-core's audit of
 * it against WCAG 2.1 A and AA, which must find nothing serious or critical.
 */
export async function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  const audit = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = audit.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  await testInfo.attach(`${name}-axe.json`, { body: JSON.stringify(audit.violations, null, 2), contentType: 'application/json' });
  expect(serious, `axe on ${name}`).toEqual([]);
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

export type Lang = 'zh' | 'zh-Hant' | 'en';
export type Mode = Lang | 'elder';

/** The page's `lang` attribute in each language. */
const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', 'zh-Hant': 'zh-Hant', en: 'en' };

/** Chooses a language as a user would, in the top bar's language menu. */
export async function chooseLanguage(page: Page, lang: Lang) {
  await page.getByRole('combobox', { name: /^(语言|語言|Language)$/ }).selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', HTML_LANG[lang]);
}

/** Puts the app in a language or elder mode as a user would. */
export async function chooseMode(page: Page, mode: Mode) {
  if (mode !== 'elder' && mode !== 'zh') {
    await chooseLanguage(page, mode);
  }
  if (mode === 'elder') {
    await page.getByRole('button', { name: '长辈模式' }).click();
    await expect(page.locator('html')).toHaveClass(/elder/);
  }
}

/** Interface strings the journeys look for, in each language. */
export const T = {
  zh: { locate: '使用我的位置', tcm: '中医', acupuncture: '针灸', nearest: /离你最近的机构/, back: /返回查找结果/, denied: '没有获得位置权限', open24: '24 小时开放' },
  'zh-Hant': { locate: '使用我的位置', tcm: '中醫', acupuncture: '針灸', nearest: /離你最近的機構/, back: /返回搜尋結果/, denied: '沒有取得定位權限', open24: '24 小時開放' },
  en: { locate: 'Use my location', tcm: 'TCM', acupuncture: 'Acupuncture', nearest: /Nearest to you/, back: /Back to results/, denied: 'Location permission was not given', open24: 'Open 24 hours' },
};

/** The built site the test's project serves: ../dist at the root, target/dist-xunzhen under /xunzhen/. */
export function builtSite(baseURL: string | undefined): string {
  const sub = new URL(baseURL ?? 'http://x/').pathname.startsWith('/xunzhen/');
  return path.resolve(__dirname, sub ? '../../target/dist-xunzhen' : '../../dist');
}

/**
 * Deploys `config` as a deployer would: config.json changed and `datakit site`
 * run again, so index.html's Content-Security-Policy allows the hosts it names.
 * The page then gets that config.json and that index.html (meta and header).
 */
export async function deployConfig(page: Page, baseURL: string | undefined, config: object) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xz-site-'));
  fs.copyFileSync(path.join(builtSite(baseURL), 'index.html'), path.join(dir, 'index.html'));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  execFileSync(path.resolve(__dirname, '../../target/release/datakit'), ['site', dir], { stdio: 'pipe' });
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
  await page.route('**/config.json', (route) => route.fulfill({ json: config }));
  await page.route((url) => url.pathname.endsWith('/'), async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: html, headers: { ...response.headers(), 'content-security-policy': policy } });
  });
}

/**
 * Page hygiene: no inline event handler attribute anywhere, every link that
 * opens a new tab has rel="noopener", no javascript: link.
 */
export async function expectHygiene(page: Page) {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (/^on/i.test(a.name)) found.push(`${el.tagName} has ${a.name}`);
    }
    for (const a of document.querySelectorAll('a[target="_blank"]')) {
      if (!/\bnoopener\b/.test(a.getAttribute('rel') ?? '')) found.push(`${a.getAttribute('href')} opens a tab without rel=noopener`);
    }
    for (const a of document.querySelectorAll('a[href]')) {
      if (/^\s*javascript:/i.test(a.getAttribute('href')!)) found.push(`javascript: link ${a.textContent}`);
    }
    return found;
  });
  expect(problems).toEqual([]);
}

/** Records Content-Security-Policy violations from the first script on; read them with cspViolations(). */
export async function watchCsp(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __xzCsp: string[] }).__xzCsp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __xzCsp?: string[] }).__xzCsp ?? ['watchCsp was not called']);
}

export type Spoken = { text: string; lang: string; voice: string | null; rate: number };

/** Replaces the browser's speech synthesis with a recorder; `voices` are the device's, `hold` keeps each utterance speaking until stopped. */
export async function speechStandIn(page: Page, voices: { lang: string; name: string }[] | null, hold = false) {
  await page.addInitScript(
    ({ voices, hold }) => {
      const w = window as unknown as Record<string, unknown>;
      w.__spoken = [];
      w.__cancelled = 0;
      w.__paused = false;
      if (voices === null) {
        // A browser without speech synthesis at all.
        delete (window as unknown as Record<string, unknown>).speechSynthesis;
        delete (Window.prototype as unknown as Record<string, unknown>).speechSynthesis;
        return;
      }
      class Utterance {
        text: string;
        lang = '';
        voice: { name: string } | null = null;
        rate = 1;
        onend: ((e: Event) => void) | null = null;
        constructor(text: string) {
          this.text = text;
        }
      }
      const queue: Utterance[] = [];
      const end = (u: Utterance) => u.onend?.(new Event('end'));
      const synth = {
        getVoices: () => voices,
        speak(u: Utterance) {
          (w.__spoken as Spoken[]).push({ text: u.text, lang: u.lang, voice: u.voice?.name ?? null, rate: u.rate });
          queue.push(u);
          if (!hold) setTimeout(() => queue.splice(queue.indexOf(u), 1) && end(u), 5);
        },
        cancel() {
          w.__cancelled = (w.__cancelled as number) + 1;
          queue.splice(0).forEach(end);
        },
        pause() {
          w.__paused = true;
        },
        resume() {
          w.__paused = false;
        },
      };
      w.SpeechSynthesisUtterance = Utterance;
      Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    },
    { voices, hold },
  );
}


/** What the speech stand-in was asked to say, in order. */
export const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: Spoken[] }).__spoken);

