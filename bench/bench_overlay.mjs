// The extension's overlay on a page of 5,000 links, in Debian's Chromium: time from trigger to
// painted overlay (content script: DOM walk, classification in the worker's WebAssembly core,
// drawing), and the part of it spent on the page's main thread, each beside a bare floor measured
// in the same run: outlining every a[href] with no classification at all.
//
// Usage: node bench/bench_overlay.mjs EXTENSION_DIR [RUNS]   (default 5; medians reported)
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = await import(path.join(repo, 'extension', 'node_modules', 'playwright-core', 'index.mjs'));
const [extensionDir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'linklens-bench-'));
const ext = path.join(tmp, 'ext');
cpSync(extensionDir, ext, { recursive: true });
const manifestPath = path.join(ext, 'manifest.json');
const manifest = JSON.parse((await import('node:fs')).readFileSync(manifestPath, 'utf8'));
manifest.host_permissions = ['http://localhost/*'];
(await import('node:fs')).writeFileSync(manifestPath, JSON.stringify(manifest));

const html = `<!doctype html><html><head><title>5000 links</title></head><body>${Array.from({ length: 5000 }, (_, i) =>
  `<a href="https://site-${i % 400}.example/p/${i}"${i % 7 === 0 ? ' rel="nofollow"' : ''}>link ${i}</a>`).join(' ')}</body></html>`;
const server = http.createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(html); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;

const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
  executablePath: '/usr/lib/chromium/chromium', headless: false, viewport: { width: 1280, height: 900 },
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--disable-extensions-except=${ext}`, `--load-extension=${ext}`] });
const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
const page = await context.newPage();
await page.goto(`http://localhost:${port}/`);
const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0].id, page.url());

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const total = [], mainThread = [], floor = [], parts = {};
for (let i = 0; i < runs + 1; i++) {
  const r = await worker.evaluate((t) => globalThis.linklens.toggleOverlay(t, { show: true }), tabId);
  await worker.evaluate((t) => globalThis.linklens.toggleOverlay(t, { show: false }), tabId);
  // The floor: outline every link, nothing else, then wait for the paint (two frames).
  const f = await page.evaluate(async () => {
    const t = performance.now();
    const layer = document.createElement('div');
    layer.style.cssText = 'position:absolute;left:0;top:0;pointer-events:none';
    for (const a of document.querySelectorAll('a[href]')) {
      const q = a.getBoundingClientRect();
      const d = document.createElement('div');
      d.style.cssText = `position:absolute;border:2px solid green;left:${q.left + scrollX}px;top:${q.top + scrollY}px;width:${q.width}px;height:${q.height}px`;
      layer.append(d);
    }
    document.documentElement.append(layer);
    const drawn = performance.now();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    layer.remove();
    return { total: performance.now() - t, draw: drawn - t, frames: performance.now() - drawn };
  });
  if (i === 0) continue;  // the first run warms the worker's WebAssembly and the page's JIT
  total.push(r.paint_ms);
  const t = r.timings;
  mainThread.push(t.collect_ms + t.stringify_ms + (t.classify_ms - t.round_trip_ms - t.stringify_ms) + t.draw_ms);
  for (const k of ['collect_ms', 'fetch_raw_ms', 'stringify_ms', 'round_trip_ms', 'worker_ms', 'classify_ms', 'draw_ms', 'frames_ms', 'raw_ms', 'complete_ms']) (parts[k] ??= []).push(t[k]);
  (parts.floor_draw_ms ??= []).push(f.draw);
  (parts.floor_frames_ms ??= []).push(f.frames);
  floor.push(f.total);
}
const fl = median(floor);
console.log(`overlay on 5,000 links in Chromium, median of ${runs} (after a warm-up run)`);
// Where the time goes (content script timings, medians): what to work on next. frames: from the
// drawn overlay to its paint (two animation frames); raw: trigger to the raw-HTML comparison in
// the legend, after the paint.
console.log(Object.entries(parts).map(([k, v]) => `${k.replace('_ms', '')} ${median(v).toFixed(1)} ms`).join(', '));
console.log(`bench: overlay_trigger_to_paint ${median(total).toFixed(1)} ms vs bare_outline ${fl.toFixed(1)} ms ratio ${(median(total) / fl).toFixed(2)}`);
console.log(`bench: overlay_main_thread ${median(mainThread).toFixed(1)} ms vs bare_outline ${fl.toFixed(1)} ms ratio ${(median(mainThread) / fl).toFixed(2)}`);
await context.close();
server.close();
rmSync(tmp, { recursive: true, force: true });
