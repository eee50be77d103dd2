// What the map's canvas drawing costs in this Chromium, on a phone-sized
// canvas at 1.75 device pixels per CSS pixel: 4,000 line segments at the
// basemap's widths, and 30 city names with and without a stroked halo. Each
// figure is the median of 5 fresh pages: time to record the drawing, then to
// rasterize it (getImageData forces the raster).
//   node bench/canvas.mjs
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const PAGE = `<!doctype html><meta charset=utf-8>
<p style="font:12px system-ui, sans-serif">寻诊 成都市 德阳市</p>
<canvas id=c width=721 height=1440 style="width:412px;height:823px"></canvas>`;

/** Runs in the page: draws one case and returns [record ms, raster ms]. */
function draw([kind, value]) {
  const ctx = document.getElementById('c').getContext('2d');
  ctx.setTransform(1.75, 0, 0, 1.75, 0, 0);
  ctx.fillStyle = '#f3f1ea';
  ctx.fillRect(0, 0, 412, 823);
  const names = ['成都市', '德阳市', '绵阳市', '眉山市', '资阳市', '乐山市', '雅安市', '内江市', '自贡市', '宜宾市', '泸州市', '遂宁市', '南充市', '广安市', '达州市',
    '巴中市', '广元市', '阿坝藏族羌族自治州', '甘孜藏族自治州', '凉山彝族自治州', '攀枝花市', '重庆市', '大足区', '永川区', '万州区', '涪陵区', '黔江区', '綦江区', '江津区', '合川区'];
  const start = performance.now();
  if (kind === 'lines') {
    let seed = 1;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    ctx.lineWidth = value;
    ctx.strokeStyle = '#a39a8a';
    ctx.beginPath();
    let x = 0, y = 0;
    for (let i = 0; i < 4000; i++) {
      if (i % 200 === 0) ctx.moveTo((x = rnd() * 412), (y = rnd() * 823));
      ctx.lineTo((x += (rnd() - 0.5) * 6), (y += (rnd() - 0.5) * 6));
    }
    ctx.stroke();
  } else {
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < 30; i++) {
      const [x, y] = [40 + ((i * 97) % 330), 30 + ((i * 53) % 760)];
      if (value === 'halo') {
        ctx.lineWidth = 3;
        ctx.strokeStyle = '#f3f1ea';
        ctx.strokeText(names[i], x, y);
      } else if (value === 'offsets') {
        ctx.fillStyle = '#f3f1ea';
        for (const [dx, dy] of [[-1, -1], [1, -1], [-1, 1], [1, 1]]) ctx.fillText(names[i], x + dx, y + dy);
      }
      ctx.fillStyle = '#3d3a33';
      ctx.fillText(names[i], x, y);
    }
  }
  const recorded = performance.now();
  ctx.getImageData(0, 0, 1, 1);
  return [recorded - start, performance.now() - recorded];
}

const cases = [
  ['lines', 1.6, 'province width, 2.8 device px'],
  ['lines', 1.0, 'the old city width, 1.75 device px'],
  ['lines', 1 / 1.75, 'one device pixel: the city and county width now'],
  ['labels', 'plain', 'names, first time on the canvas'],
  ['labels', 'halo', 'names with a 3 px stroked halo, first time'],
  ['labels', 'offsets', 'names with a halo of four offset fills, first time'],
];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [kind, value, what] of cases) {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage();
    await page.setContent(PAGE);
    runs.push(await page.evaluate(draw, [kind, value]));
    await page.close();
  }
  console.log(JSON.stringify({
    figure: `canvas_${kind}`, case: what, record_ms: +median(runs.map((r) => r[0])).toFixed(1), raster_ms: +median(runs.map((r) => r[1])).toFixed(1),
  }));
}
await browser.close();
