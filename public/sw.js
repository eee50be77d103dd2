// Xunzhen's service worker: after one visit the app works with the network
// gone, and a new dataset is taken only whole and only when this app can read it.
//
// - The page (index.html) and config.json: network first, the cached copy when offline.
// - Trunk's hashed files (app-<hash>.js/.wasm, style-<hash>.css): cache first; they never change.
// - data/boundaries/: cache first, filled as the map needs them; the overview and the
//   place index and the rivers at install. The app asks for them as ?v=<version> (?boundaries=N here),
//   so a new build's files are new entries, and the old version's go at activation.
// - data/manifest.json and the dataset it names: the manifest is fetched from the
//   network; the dataset it names is downloaded and checked (size, format version,
//   the content hash in its header against the manifest's) before the two replace
//   the cached pair together. Anything less, or a format newer than the app that
//   registered this worker reads (?format=N), keeps the old pair, so old and new never mix.
// - A dataset the app loads as tiles (it registers this worker with ?tiles=1): the
//   manifest network first; the tiles, layers, cluster summaries and name-index buckets it names cache
//   first, kept as the app asks for them, so the region already seen works offline.
//   What the first screen loaded before this worker was active, the app names in a
//   message ({keep: [addresses]}) once it is: each kept when the kept manifest names it.
//   A new manifest is taken into the cache only with the new files covering every
//   file already kept (same name, a new tile over the same ground, the bucket of the same
//   number, or every bucket when their number changed), all
//   downloaded and checked first; else the kept version stays whole.
// - Map tiles from a tile host (OpenStreetMap, 天地图, Amap, a deployer's own) are
//   never kept here: only this site's own files are. OpenStreetMap's tile policy
//   forbids bulk and offline copies, and no text of 天地图's terms that allows an
//   offline copy could be found, so the browser's HTTP cache keeps tiles only as
//   long as the host's own Cache-Control says, and offline the map is the bundled
//   basemap (docs/DEPLOY.md, "Tile layers").
'use strict';

const SHELL = 'xunzhen-shell-v1';
const DATA = 'xunzhen-data-v1';
const PARAMS = new URL(self.location.href).searchParams;
const FORMAT = Number(PARAMS.get('format') || 0);
const BOUNDARIES = PARAMS.get('boundaries') || '';
const TILES = PARAMS.get('tiles') === '1';
const SCOPE = new URL(self.registration.scope);
// Trunk names files by a 64-bit hash in hex without leading zeros: usually 16 digits, now and then fewer.
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/;
const MANIFEST_PATH = new URL('data/manifest.json', SCOPE).pathname;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    await refreshShell();
    for (const file of ['china.xzb', 'places.xzb', 'water.txt']) {
      await cacheFirst(new Request(new URL(`data/boundaries/${file}?v=${BOUNDARIES}`, SCOPE)), SHELL).catch(() => {});
    }
    await (TILES ? adoptManifest() : updateData()).catch(() => {});
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('xunzhen-') && name !== SHELL && name !== DATA) await caches.delete(name);
    }
    const shell = await caches.open(SHELL);
    for (const request of await shell.keys()) {
      const url = new URL(request.url);
      if (url.pathname.includes('/data/boundaries/') && url.searchParams.get('v') !== BOUNDARIES) await shell.delete(request);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(new Request(SCOPE), refreshShell));
  } else if (url.pathname === MANIFEST_PATH) {
    event.respondWith(TILES ? tiledManifest(event) : manifest());
  } else if (TILES && url.pathname.includes('/data/') && /\.(xzd|json|txt)$/.test(url.pathname)) {
    event.respondWith(tile(request));
  } else if (HASHED.test(url.pathname) || url.pathname.includes('/data/boundaries/') || url.pathname.includes('/icons/')) {
    event.respondWith(cacheFirst(request, SHELL));
  } else if (url.pathname.includes('/data/') && url.pathname.endsWith('.xzd')) {
    event.respondWith(caches.open(DATA).then((c) => c.match(request)).then((hit) => hit || fetch(request)));
  } else if (url.pathname.endsWith('/config.json') || url.pathname.endsWith('.webmanifest') || url.pathname.endsWith('.svg')) {
    event.respondWith(networkFirst(request));
  }
});

// The app's data files fetched before this worker controlled the page (see boot.rs, keep_fetched).
self.addEventListener('message', (event) => {
  const keep = event.data && event.data.keep;
  if (TILES && Array.isArray(keep)) event.waitUntil(keepFetched(keep.slice(0, 4096)).catch(() => {}));
});

async function keepFetched(addresses) {
  const cache = await caches.open(DATA);
  const kept = await cache.match(MANIFEST_PATH);
  if (!kept) return;
  const named = new Map(files(await kept.json()).map((f) => [f.path, f.hash]));
  for (const address of addresses) {
    if (typeof address !== 'string') continue;
    const url = new URL(address, SCOPE);
    if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) continue;
    if (named.get(dataPath(url.href)) !== url.searchParams.get('v') || await cache.match(url.href)) continue;
    const response = await fetch(url.href).catch(() => null);
    if (response && response.ok) await cache.put(url.href, response);
  }
}

async function cacheFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** The network's answer (kept for next time), or the cached one when the network fails. */
async function networkFirst(request, afterUpdate) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request, { cache: 'no-cache' });
    if (response.ok) {
      await cache.put(request, response.clone());
      if (afterUpdate) afterUpdate(response.clone()).catch(() => {});
      return response;
    }
    return (await cache.match(request)) || response;
  } catch (error) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw error;
  }
}

/** Caches the page, the files it loads, and drops hashed files it no longer names. */
async function refreshShell(pageResponse) {
  const cache = await caches.open(SHELL);
  const page = pageResponse || await fetch(SCOPE, { cache: 'no-cache' });
  if (!page.ok) return;
  const html = await page.text();
  if (!pageResponse) await cache.put(new Request(SCOPE), new Response(html, { headers: page.headers }));
  const named = new Set();
  for (const match of html.matchAll(/["']([^"'\s]+-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css))["']/g)) {
    named.add(new URL(match[1], SCOPE).href);
  }
  for (const extra of ['config.json', 'favicon.svg', 'manifest.webmanifest', 'icons/icon-192.png']) {
    named.add(new URL(extra, SCOPE).href);
  }
  await Promise.all([...named].map((href) => cacheFirst(new Request(href), SHELL).catch(() => {})));
  for (const request of await cache.keys()) {
    if (HASHED.test(new URL(request.url).pathname) && !named.has(request.url)) await cache.delete(request);
  }
}

/**
 * The manifest from the network when its dataset could be taken whole (or is
 * too new for this app, which the app then says), else the cached pair's.
 */
async function manifest() {
  try {
    const { text, headers } = await updateData();
    return new Response(text, { headers });
  } catch (error) {
    const cached = await (await caches.open(DATA)).match(MANIFEST_PATH);
    if (cached) return cached;
    throw error;
  }
}

/** Fetches the manifest and, when new, its dataset; stores the two together or neither. */
async function updateData() {
  const response = await fetch(MANIFEST_PATH, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`manifest: ${response.status}`);
  const text = await response.text();
  const headers = { 'Content-Type': 'application/json' };
  const manifest = JSON.parse(text);
  const whole = manifest && manifest.whole;
  if (!whole || typeof whole.path !== 'string' || !/^[0-9a-f]{16}$/.test(whole.hash)) throw new Error('manifest names no dataset');
  // Too new for this app: the app reads it and asks for a reload; the cached pair stays.
  if (FORMAT && manifest.format_version > FORMAT) return { text, headers };
  const cache = await caches.open(DATA);
  const datasetUrl = new URL(`data/${whole.path}?v=${whole.hash}`, SCOPE).href;
  let dataset = await cache.match(datasetUrl);
  if (!dataset) {
    const fetched = await fetch(datasetUrl);
    if (!fetched.ok) throw new Error(`dataset: ${fetched.status}`);
    const bytes = new Uint8Array(await fetched.arrayBuffer());
    checkDataset(bytes, manifest);
    await cache.put(datasetUrl, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
  }
  await cache.put(MANIFEST_PATH, new Response(text, { headers }));
  for (const request of await cache.keys()) {
    if (request.url !== datasetUrl && new URL(request.url).pathname !== MANIFEST_PATH) await cache.delete(request);
  }
  return { text, headers };
}

/**
 * Size, format version (bytes 4–5) and header content hash (bytes 24–31) as the manifest says; the app checks the body.
 * The header's layout is engine/src/data/codec.rs's: its test the_service_worker_reads_the_header_as_the_codec_writes_it
 * fails when the two part.
 */
function checkDataset(bytes, manifest) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length !== manifest.whole.bytes || bytes.length < 32) throw new Error('dataset size differs from the manifest');
  if (view.getUint16(4, true) !== manifest.format_version) throw new Error('dataset format differs from the manifest');
  const hash = view.getBigUint64(24, true).toString(16).padStart(16, '0');
  if (hash !== manifest.whole.hash) throw new Error('dataset hash differs from the manifest');
}

/** Where a data file is, relative to the manifest (`shards/t510000-003.<hash>.xzd`). */
function dataPath(href) {
  return new URL(href).pathname.slice(new URL('data/', SCOPE).pathname.length);
}

/** Every file a manifest names besides the whole dataset. */
function files(manifest) {
  return [...(manifest.shards || []), ...(manifest.layers || []), ...(manifest.clusters || []), ...(manifest.names || [])];
}

/** The manifest from the network (taken into the cache in the background), the kept one offline. */
async function tiledManifest(event) {
  try {
    const response = await fetch(MANIFEST_PATH, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`manifest: ${response.status}`);
    const text = await response.text();
    event.waitUntil(adoptManifest(text).catch(() => {}));
    return new Response(text, { headers: { 'Content-Type': 'application/json' } });
  } catch (error) {
    const kept = await (await caches.open(DATA)).match(MANIFEST_PATH);
    if (kept) return kept;
    throw error;
  }
}

/** A tile, layer or summary: kept first; from the network kept when the kept manifest names it. */
async function tile(request) {
  const cache = await caches.open(DATA);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  const kept = await cache.match(MANIFEST_PATH);
  if (response.ok && kept) {
    const named = files(await kept.json()).some((f) => f.path === dataPath(request.url) && new URL(request.url).searchParams.get('v') === f.hash);
    if (named) await cache.put(request, response.clone());
  }
  return response;
}

/**
 * Whether new file `g` stands where kept file `f` stood: the same designation's layer, the same
 * zoom's summary, a tile over the same ground, or a name bucket of the same number (any bucket
 * when `rehashed`: their number changed, so keys moved between them).
 */
function covers(f, g, rehashed) {
  if (f.designation || g.designation) return f.designation === g.designation;
  const summary = (p) => (/(clusters-z\d+)\./.exec(p) || [])[1];
  if (summary(f.path) || summary(g.path)) return summary(f.path) === summary(g.path);
  const bucket = (p) => (/(names-\d+)\./.exec(p) || [])[1];
  if (bucket(f.path) || bucket(g.path)) return Boolean(bucket(f.path) && bucket(g.path)) && (rehashed || bucket(f.path) === bucket(g.path));
  return g.south <= f.north && f.south <= g.north && g.west <= f.east && f.west <= g.east;
}

/**
 * Takes a new manifest (fetched now when not given) into the cache with the
 * new files covering every kept one, downloaded and checked first; any
 * failure keeps the kept manifest and its files as they are.
 */
async function adoptManifest(text) {
  if (text === undefined) {
    const response = await fetch(MANIFEST_PATH, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`manifest: ${response.status}`);
    text = await response.text();
  }
  const next = JSON.parse(text);
  if (FORMAT && next.format_version > FORMAT) return;
  const cache = await caches.open(DATA);
  const keptResponse = await cache.match(MANIFEST_PATH);
  const keptText = keptResponse ? await keptResponse.text() : '';
  if (keptText === text) return;
  const requests = await cache.keys();
  const keptPaths = new Set(requests.map((r) => dataPath(r.url)));
  const kept = keptText ? files(JSON.parse(keptText)).filter((f) => keptPaths.has(f.path)) : [];
  const rehashed = keptText !== '' && (JSON.parse(keptText).names || []).length !== (next.names || []).length;
  const wanted = new Map();
  for (const f of kept) {
    for (const g of files(next)) if (g.path === f.path || covers(f, g, rehashed)) wanted.set(g.path, g);
  }
  const fetched = [];
  for (const g of wanted.values()) {
    const url = new URL(`data/${g.path}?v=${g.hash}`, SCOPE).href;
    if (keptPaths.has(g.path)) continue;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${g.path}: ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length !== g.bytes) throw new Error(`${g.path}: size differs from the manifest`);
    if (g.path.endsWith('.xzd') && new DataView(bytes.buffer).getBigUint64(24, true).toString(16).padStart(16, '0') !== g.hash) {
      throw new Error(`${g.path}: hash differs from the manifest`);
    }
    fetched.push([url, bytes]);
  }
  for (const [url, bytes] of fetched) await cache.put(url, new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } }));
  await cache.put(MANIFEST_PATH, new Response(text, { headers: { 'Content-Type': 'application/json' } }));
  for (const request of requests) {
    const path = dataPath(request.url);
    if (new URL(request.url).pathname !== MANIFEST_PATH && !wanted.has(path)) await cache.delete(request);
  }
}
