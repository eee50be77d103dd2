// 长辈模式 to the rules (工业和信息化部《移动互联网应用(APP)适老化通用设计规范》, 2021;
// issue 20), measured in the browser: every control's box, the computed sizes
// and spacing of body text and of the call and navigate actions, the listing's
// call button the largest thing on it, axe; and at 200 % system text size, in
// both modes, nothing overlaps or runs off the screen. Synthetic data
// (tests/fixtures/journey).
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import { chooseMode, DAZU, journeyResults, onlyLoopback, ready, resultNames, shot, useJourneyData } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, geolocation: DAZU, permissions: ['geolocation'] });

/** Every visible control: its accessible label (or tag) and its box; `onScreen`: only those a finger can reach now (their centre is theirs). */
async function controls(page: Page, onScreen = false) {
  return page.evaluate((onScreen) => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=option], [role=combobox], [tabindex]:not([tabindex="-1"])';
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        if (box.width <= 0 || box.height <= 0 || style.visibility === 'hidden' || el.closest('[hidden], .visually-hidden, .skip-link, canvas')) return false;
        if (!onScreen) return true;
        const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
        return hit !== null && (hit === el || el.contains(hit));
      })
      .map((el) => {
        const box = el.getBoundingClientRect();
        const name = el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 24) || el.tagName;
        return { name, tag: el.tagName, x: box.x, y: box.y, width: box.width, height: box.height };
      });
  }, onScreen);
}

/** The page scrolled through: each control measured where it is (the panel scrolls inside itself). */
async function everyControl(page: Page) {
  const seen = new Map<string, { name: string; tag: string; width: number; height: number }>();
  const panel = page.locator('.panel-body');
  const height = await panel.evaluate((el) => el.scrollHeight);
  for (let top = 0; top <= height; top += 300) {
    await panel.evaluate((el, top) => el.scrollTo(0, top), top);
    for (const c of await controls(page)) seen.set(`${c.tag}:${c.name}`, c);
  }
  await panel.evaluate((el) => el.scrollTo(0, 0));
  return [...seen.values()];
}

async function elderAt(page: Page) {
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.goto('./');
  await ready(page);
  await chooseMode(page, 'elder');
  await page.getByRole('button', { name: '使用我的位置' }).click();
  await expect.poll(() => resultNames(page)).not.toHaveLength(0);
}

test('elder mode: every control on the results, a listing and the about page is at least 60 × 60, text 20 px and more, lines and paragraphs 1.3 apart and more', async ({ page }, testInfo) => {
  await elderAt(page);
  const screens: [string, () => Promise<void>][] = [
    ['results', async () => {}],
    ['listing', async () => {
      await page.locator('ol.results .result-link').first().click();
      await expect(page.locator('#listing-name')).toBeVisible();
    }],
    ['about', async () => {
      await page.goto('./#/about');
      await expect(page.locator('#about-heading')).toBeVisible();
    }],
  ];
  for (const [screen, open] of screens) {
    await open();
    const small = (await everyControl(page)).filter((c) => c.width < 60 || c.height < 60);
    expect(small, `controls under 60 × 60 on ${screen}`).toEqual([]);
    // With space between them: at least 8 px between any two controls in view.
    const inView = await controls(page, true);
    const close: string[] = [];
    inView.forEach((a, i) =>
      inView.slice(i + 1).forEach((b) => {
        const gapX = Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width));
        const gapY = Math.max(b.y - (a.y + a.height), a.y - (b.y + b.height));
        if (Math.max(gapX, gapY) < 8) close.push(`${a.name} / ${b.name}: ${Math.round(Math.max(gapX, gapY))} px`);
      }),
    );
    expect(close, `controls closer than 8 px on ${screen}`).toEqual([]);
    // Body text: at least 20 px, lines at least 1.3 × the size apart.
    const text = await page.locator('.panel-body p').evaluateAll((ps) =>
      ps
        .filter((p) => p.getBoundingClientRect().height > 0 && (p.textContent ?? '').trim().length > 0)
        .map((p) => {
          const s = getComputedStyle(p);
          return {
            text: (p.textContent ?? '').slice(0, 20),
            size: parseFloat(s.fontSize),
            line: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
            after: parseFloat(s.marginBlockEnd) / parseFloat(s.lineHeight),
          };
        }),
    );
    expect(text.length).toBeGreaterThan(0);
    for (const t of text) {
      expect(t.size, `${screen}: ${t.text}`).toBeGreaterThanOrEqual(20);
      expect(t.line, `${screen}: ${t.text}`).toBeGreaterThanOrEqual(1.3);
      // Paragraph spacing at least 1.3 times the line spacing.
      expect(t.after, `${screen}: ${t.text}`).toBeGreaterThanOrEqual(1.3 - 0.01);
    }
    await shot(page, testInfo, `elder-${screen}`);
  }
});

test('standard mode: every control on the results, a listing and the about page is at least 44 × 44', async ({ page }) => {
  await journeyResults(page);
  for (const screen of ['results', 'listing', 'about']) {
    if (screen === 'listing') await page.locator('ol.results .result-link').first().click();
    if (screen === 'about') await page.goto('./#/about');
    await expect(page.locator(screen === 'about' ? '#about-heading' : screen === 'listing' ? '#listing-name' : '#results-heading')).toBeVisible();
    const small = (await everyControl(page)).filter((c) => c.width < 44 || c.height < 44);
    expect(small, `controls under 44 × 44 on ${screen}`).toEqual([]);
  }
});

test('elder mode: on a listing, call and navigate are at 30 pt (40 px), and the call button is the largest thing on the page', async ({ page }) => {
  await elderAt(page);
  await page.locator('ol.results .result-link').first().click();
  await expect(page.locator('#listing-name')).toBeVisible();
  const call = page.locator('a.phone').first();
  const callSize = await call.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(callSize).toBeGreaterThanOrEqual(40);
  for (const nav of await page.locator('.nav-links a').all()) {
    expect(await nav.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(40);
  }
  const callBox = (await call.boundingBox())!;
  const largest = await page.locator('.panel-body').evaluate((panel) => {
    let area = 0;
    for (const el of panel.querySelectorAll<HTMLElement>('a, button, summary, input, select, h2')) {
      if (el.classList.contains('phone')) continue;
      const b = el.getBoundingClientRect();
      area = Math.max(area, b.width * b.height);
    }
    return area;
  });
  expect(callBox.width * callBox.height).toBeGreaterThan(largest);
});

for (const mode of ['standard', 'elder'] as const) {
  test(`at 200 % system text size (${mode}): nothing overlaps, nothing runs off the screen`, async ({ page }, testInfo) => {
    // The system's text size: Chromium's default font size, as a phone's setting would set it.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    await onlyLoopback(page);
    await useJourneyData(page);
    await page.goto('./');
    await ready(page);
    if (mode === 'elder') await chooseMode(page, 'elder');
    expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeGreaterThanOrEqual(mode === 'elder' ? 40 : 32);
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await expect.poll(() => resultNames(page)).not.toHaveLength(0);
    for (const screen of ['results', 'listing']) {
      if (screen === 'listing') {
        await page.locator('ol.results .result-link').first().click();
        await expect(page.locator('#listing-name')).toBeVisible();
      }
      // Nothing wider than the screen (no sideways scrolling, nothing cut at the edge).
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll<HTMLElement>('.panel-body *, .topbar *')]
          .filter((el) => el.getBoundingClientRect().width > 0 && !el.closest('.visually-hidden'))
          .filter((el) => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'hidden')
          .map((el) => `${el.tagName}.${el.className}: ${(el.textContent ?? '').slice(0, 20)}`);
      });
      expect(overflow, `${screen}: past the screen's edge`).toEqual([]);
      // No two controls a finger can reach on top of each other, and the map's zoom buttons reachable.
      const boxes = await controls(page, true);
      expect(boxes.map((b) => b.name)).toEqual(expect.arrayContaining(['放大', '缩小']));
      const overlaps: string[] = [];
      boxes.forEach((a, i) =>
        boxes.slice(i + 1).forEach((b) => {
          const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
          const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
          if (w > 1 && h > 1) overlaps.push(`${a.name} / ${b.name}`);
        }),
      );
      expect(overlaps, `${screen}: controls overlapping`).toEqual([]);
      await shot(page, testInfo, `text-200-${mode}-${screen}`);
    }
  });
}

test('everything the map does by gesture has a button: zoom in and out, and pan each way', async ({ page }) => {
  // No location given: a view centred on the user's position stays out of the link (privacy), this one is in it.
  await onlyLoopback(page);
  await useJourneyData(page);
  await page.goto('./#/?map=12.00/29.70000,105.71500');
  await ready(page);
  await chooseMode(page, 'elder');
  const view = () => {
    const [, zoom, lat, lon] = (/map=([\d.]+)\/([\d.-]+),([\d.-]+)/.exec(page.url()) ?? [0, NaN, NaN, NaN]).map(Number);
    return { zoom, lat, lon };
  };
  await expect.poll(() => view().zoom).toBe(12);
  for (const [name, changes] of [
    ['放大', (a: ReturnType<typeof view>, b: ReturnType<typeof view>) => b.zoom > a.zoom],
    ['缩小', (a: ReturnType<typeof view>, b: ReturnType<typeof view>) => b.zoom < a.zoom],
    ['地图向左看', (a: ReturnType<typeof view>, b: ReturnType<typeof view>) => b.lon < a.lon],
    ['地图向右看', (a: ReturnType<typeof view>, b: ReturnType<typeof view>) => b.lon > a.lon],
    ['地图向上看', (a: ReturnType<typeof view>, b: ReturnType<typeof view>) => b.lat > a.lat],
    ['地图向下看', (a: ReturnType<typeof view>, b: ReturnType<typeof view>) => b.lat < a.lat],
  ] as const) {
    const before = view();
    const button = page.getByRole('button', { name, exact: true });
    const box = (await button.boundingBox())!;
    expect(Math.min(box.width, box.height), `${name} in elder mode`).toBeGreaterThanOrEqual(60);
    await button.click();
    await expect.poll(() => changes(before, view()), name).toBe(true);
  }
});
