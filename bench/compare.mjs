// Times Xunzhen's engine (compiled to wasm) beside kdbush and geokdbush, in
// one Node process, on the same points and the same filters. Prints one JSON
// line per figure with both sides and their ratio (engine / peer; lower is better).
// Usage: node compare.mjs DATASET.xzd [--quick]   (made by `datakit synth`; synthetic data)
// Exits 1 if the two sides ever return different nearest facilities.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import KDBush from 'kdbush';
import { around } from 'geokdbush';

const require = createRequire(import.meta.url);
const { Engine } = require('../target/bench-node/engine_bench_wasm.js');

const bytes = readFileSync(process.argv[2]);
const quick = process.argv.includes('--quick');
const REPEATS = quick ? 1 : 5;
const QUERIES = quick ? 200 : 2000;

/** Median wall time in ms of `fn` over `repeats` runs (after one warm-up). */
function median(fn, repeats = REPEATS) {
  fn();
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** One JSON line; `target` is the ratio issue 3 asks for, or null where it sets none. */
function report(figure, engineMs, peer, peerMs, target, extra = {}) {
  const ratio = engineMs / peerMs;
  const verdict = target === null ? {} : { target_ratio: target, meets_target: ratio <= target };
  console.log(JSON.stringify({
    figure, n: engine.len(), engine_ms: +engineMs.toFixed(4), peer, peer_ms: +peerMs.toFixed(4),
    ratio: +ratio.toFixed(3), ...verdict, data: 'synthetic', ...extra,
  }));
}

// Load until queryable, against kdbush's build over the same points.
let engine = Engine.load(bytes);
const loadMs = median(() => { engine.free(); engine = Engine.load(bytes); });
const lonLat = engine.lon_lat();
const n = engine.len();
let index;
const buildMs = median(() => {
  index = new KDBush(n);
  for (let i = 0; i < n; i++) index.add(lonLat[2 * i], lonLat[2 * i + 1]);
  index.finish();
});
report('load_until_queryable', loadMs, 'kdbush build', buildMs, 0.5);

// Query points: a fixed pseudo-random sequence over the globe's inhabited band.
let seed = 12345;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const queries = Array.from({ length: QUERIES }, () => [random() * 120 - 60, random() * 360 - 180]);

for (const [name, target] of [['none', null], ['common', 0.25], ['rare', 0.25]]) {
  const flags = engine.matches(name);
  engine.set_filter(name);
  const predicate = name === 'none' ? undefined : (id) => flags[id] === 1;
  // Same answers first: slot ids coincide because kdbush was fed index order.
  let differing = 0;
  for (const [lat, lon] of queries.slice(0, 200)) {
    const mine = Array.from(engine.nearest(lat, lon, 10)).sort((a, b) => a - b).join();
    const theirs = around(index, lon, lat, 10, Infinity, predicate).sort((a, b) => a - b).join();
    if (mine !== theirs) differing++;
  }
  const engineMs = median(() => { for (const [lat, lon] of queries) engine.nearest(lat, lon, 10); }) / QUERIES;
  const peerMs = median(() => { for (const [lat, lon] of queries) around(index, lon, lat, 10, Infinity, predicate); }) / QUERIES;
  report(`knn10_filter_${name}`, engineMs, 'geokdbush around', peerMs, target, { queries_with_other_answer_of_200: differing });
  if (differing > 0) {
    console.error(`filter ${name}: ${differing} of 200 queries answered differently from geokdbush`);
    process.exitCode = 1;
  }
}
