// The built site as nginx serves it (deploy/nginx.conf): compression, caching
// and security headers, for the root deployment and under /xunzhen/.
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { cspViolations, DAZU, expectHygiene, ready, resultsList, T, useJourneyData, watchCsp, watchErrors } from './helpers';

test('hashed assets are compressed and cached for a year; the page, config and manifest are revalidated', async ({ request }) => {
  const index = await request.get('./');
  expect(index.status()).toBe(200);
  expect(index.headers()['cache-control']).toBe('no-cache');
  const html = await index.text();
  const wasm = /[\w/-]*app-[0-9a-f]{8,16}_bg\.wasm/.exec(html)![0];
  const js = /[\w/-]*app-[0-9a-f]{8,16}\.js/.exec(html)![0];

  for (const [encoding, expected] of [['br', 'br'], ['gzip', 'gzip']]) {
    const r = await request.get(wasm, { headers: { 'Accept-Encoding': encoding } });
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toBe('application/wasm');
    expect(r.headers()['content-encoding']).toBe(expected);
    expect(r.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  }
  expect((await request.get(js)).headers()['cache-control']).toContain('immutable');

  for (const path of ['./config.json', './data/manifest.json', './sw.js', './manifest.webmanifest']) {
    const r = await request.get(path);
    expect(r.status(), path).toBe(200);
    expect(r.headers()['cache-control'], path).toBe('no-cache');
    const etag = r.headers()['etag'];
    expect(etag, path).toBeTruthy();
    expect((await request.get(path, { headers: { 'If-None-Match': etag } })).status(), path).toBe(304);
  }
  // The dataset and shards are named by their content, so they never change: cached for a year.
  const manifest = await (await request.get('./data/manifest.json')).json();
  expect(manifest.whole.path).toMatch(/\.[0-9a-f]{16}\.xzd$/);
  expect((await request.get(`./data/${manifest.whole.path}`)).headers()['cache-control']).toContain('immutable');
  for (const shard of [...manifest.shards.slice(0, 3), ...manifest.layers.slice(0, 1)]) {
    expect(shard.path).toMatch(/\.[0-9a-f]{16}\.xzd$/);
    expect((await request.get(`./data/${shard.path}`)).headers()['cache-control']).toContain('immutable');
  }
  // And the cluster summaries, compressed.
  expect(manifest.clusters.length).toBe(2);
  for (const summary of manifest.clusters) {
    expect(summary.path).toMatch(/^shards\/clusters-z\d\.[0-9a-f]{16}\.json$/);
    const r = await request.get(`./data/${summary.path}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(r.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers()['content-encoding']).toBe('gzip');
  }
  // So are boundary files asked for by the build's boundary version.
  const versioned = await request.get('./data/boundaries/china.xzb?v=0123456789abcdef', { headers: { 'Accept-Encoding': 'gzip' } });
  expect(versioned.headers()['cache-control']).toContain('immutable');
  expect(versioned.headers()['content-encoding']).toBe('gzip');
  expect((await request.get('./data/boundaries/places.xzb')).headers()['cache-control']).toBe('no-cache');
});

test('the page carries its Content-Security-Policy as a header and in the page, and security headers', async ({ request }) => {
  const index = await request.get('./');
  const header = index.headers()['content-security-policy'];
  const meta = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(await index.text())![1];
  expect(header).toBe(`${meta}; frame-ancestors 'none'`);
  expect(meta).toContain("default-src 'none'");
  // Scripts: the app's own files, and the page's inline scripts by their hashes only.
  expect(meta).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/]+=*')+(;|$)/);
  expect(meta).not.toContain('unsafe-inline');
  expect(index.headers()['x-content-type-options']).toBe('nosniff');
  expect(index.headers()['referrer-policy']).toBe('no-referrer');
});

test('the sub-path without its slash redirects to it', async ({ request, baseURL }) => {
  test.skip(!baseURL!.endsWith('/xunzhen/'), 'only for the sub-path deployment');
  const r = await request.get('/xunzhen', { maxRedirects: 0 });
  expect(r.status()).toBe(301);
  expect(r.headers()['location']).toMatch(/\/xunzhen\/$/);
});

test.describe('under the policy', () => {
  test.use({ geolocation: DAZU, permissions: ['geolocation'] });

  test('a whole journey runs with no violation, and what the policy forbids is blocked', async ({ page }) => {
    const errors = watchErrors(page);
    await watchCsp(page);
    await useJourneyData(page);
    await page.goto('./');
    await ready(page);
    await page.getByRole('button', { name: T.zh.locate }).click();
    // The list is the nearest one before a result is picked: until then it may still change under the click.
    await expect(page.locator('#results-heading')).toContainText(T.zh.nearest);
    await resultsList(page).getByRole('link', { name: /大足测试中医院/ }).click();
    await expect(page.locator('#listing-name')).toHaveText('（合成）大足测试中医院');
    await expectHygiene(page);
    await page.locator('.listing a[href*="/n/"]').first().click();
    await expect(page.locator('#network-name')).toBeVisible();
    await expectHygiene(page);
    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    // An image from elsewhere and an inline script are refused.
    const refused = await page.evaluate(async () => {
      const img = document.createElement('img');
      img.src = 'https://example.org/pixel.png';
      document.body.append(img);
      const script = document.createElement('script');
      script.textContent = 'window.__xzInline = 1';
      document.body.append(script);
      await new Promise((r) => setTimeout(r, 200));
      return (window as unknown as { __xzInline?: number }).__xzInline;
    });
    expect(refused).toBeUndefined();
    const violations = await cspViolations(page);
    expect(violations.some((v) => v.startsWith('img-src https://example.org'))).toBe(true);
    expect(violations.some((v) => v.startsWith('script-src-elem inline'))).toBe(true);
  });
});

test('the web app manifest and its icons are there, so the site installs to a home screen', async ({ request }) => {
  const html = await (await request.get('./')).text();
  expect(html).toContain('<link rel="manifest" href="manifest.webmanifest"');
  const manifest = await (await request.get('./manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ short_name: '寻诊', start_url: './', scope: './', display: 'standalone' });
  const pngs = manifest.icons.filter((i: { type: string }) => i.type === 'image/png');
  expect(pngs.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(manifest.icons.some((i: { purpose?: string }) => i.purpose === 'maskable')).toBe(true);
  for (const icon of pngs) {
    const r = await request.get(`./${icon.src}`);
    expect(r.headers()['content-type'], icon.src).toBe('image/png');
    const png = await r.body();
    // The PNG's own width and height (IHDR) are the sizes the manifest states.
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }
});
