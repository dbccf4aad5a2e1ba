// The extension in a real Chromium (Debian's), driven by playwright-core, on fixture pages served
// on 127.0.0.1, with the real `linklens serve` over an index ingested from the real samples.
//
// Checked: every rel variant and case; meta robots and X-Robots-Tag nofollow; a page with CSP
// script-src 'self'; shadow DOM; a same-origin iframe; a link added 1 s after load (marked
// rendered_only); hidden links; image links; a page of 5,000 links (its overlay timing is
// reported, not asserted); the overlay's boxes, legend and hover card; page text never becomes
// markup in the overlay; the linklens:page-report message; the panel; the broken-link check; and
// with the server: authority badges from one CORS batch call, the panel's domain card, its audit
// summary and a backlink gap against two and against four competitors; result lines on Google,
// Bing and DuckDuckGo result pages (hand-made in each engine's markup, served under the engines'
// names); and real article pages of ../shared/data served under their own names. Every name the
// test does not serve is unresolvable in this browser, so no page loads anything from elsewhere.
// Badges are checked for contrast and for covering no line of the page's text.
// Screenshots of the overlay and the panel are saved under LINKLENS_ARTIFACTS.
//
// Environment: LINKLENS_EXTENSION_DIR (the unpacked build), LINKLENS_BIN (native linklens),
// LINKLENS_SHARED_DATA (../shared/data), LINKLENS_ARTIFACTS, LINKLENS_CHROMIUM.
import './tools_node.mjs';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { REL_CASES, fixturePages } from './fixture_pages.mjs';
import { realArticlePages, startLoopbackSites } from './loopback_sites.mjs';
import { serpPages } from './serp_fixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const { chromium } = await import(path.join(repo, 'extension', 'node_modules', 'playwright-core', 'index.mjs'));

const extensionBuild = process.env.LINKLENS_EXTENSION_DIR;
const bin = process.env.LINKLENS_BIN;
const data = process.env.LINKLENS_SHARED_DATA ?? path.join(repo, '..', 'shared', 'data');
const artifacts = process.env.LINKLENS_ARTIFACTS ?? path.join(repo, 'build', 'test-artifacts');
const chromiumPath = process.env.LINKLENS_CHROMIUM ?? '/usr/lib/chromium/chromium';
mkdirSync(artifacts, { recursive: true });

const tmp = mkdtempSync(path.join(os.tmpdir(), 'linklens-e2e-'));
const API_KEY = 'e2e-extension-key';
let context, worker, extensionId, pageServer, pagePort, apiServer, apiPort, apiLog;
let indexedDomain = null, domainCandidates = [], badgeScores = {}, overviewOfIndexed = null;
let webCandidates = [], webOnly = null;  // names of the newest web-graph release; one the index lacks
let sites = null, serpResults = [], serps = [], realPages = [];  // the https sites under their own names

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 200; i++) {  // bounded
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

// One WARC response record (the test's own second snapshot).
function warcResponse(url, status, html) {
  const body = Buffer.from(html);
  const http = Buffer.concat([Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
  const head = `WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:${createHash('md5').update(url).digest('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}>\r\nWARC-Date: 2026-07-01T00:00:00Z\r\n` +
    `WARC-Target-URI: ${url}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ${http.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), http, Buffer.from('\r\n\r\n')]);
}

async function api(pathAndQuery, init) {
  const r = await fetch(`http://127.0.0.1:${apiPort}${pathAndQuery}`, init);
  return r.json();
}

// An index of the real samples, served by the real server, for badges and the domain card.
async function startApiServer() {
  if (!existsSync(path.join(data, 'warc'))) {
    console.log(`SKIPPED (server part): ${path.join(data, 'warc')} is missing (the real data in ../shared/data)`);
    return;
  }
  const db = path.join(tmp, 'index.db');
  execFileSync(bin, ['ingest', '--quiet', '--db', db, path.join(data, 'warc')], { stdio: 'ignore' });
  const py = (sql) => execFileSync('python3', ['-c', `import sqlite3,sys,json; print(json.dumps([r[0] for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]))`, db, sql]).toString();
  // The browsed site must be an indexed domain, reached over plain http (mapped to the fixture
  // server); Chromium upgrades HSTS-preloaded names (twitter.com...) to https, so several
  // candidates are mapped and the first that loads over http is used.
  domainCandidates = JSON.parse(py('SELECT domain FROM domain_overview ORDER BY referring_domains DESC, backlinks DESC LIMIT 12'));
  const badgeDomains = JSON.parse(py(`SELECT domain FROM domain_authority ORDER BY score DESC LIMIT 4`));
  // A second snapshot: one page linking to each candidate crawled again, answering 404, so the
  // domain card has backlinks lost in the latest snapshot (and why) to show.
  const gone = new Set();
  for (const d of domainCandidates) {
    const [url] = JSON.parse(py(`SELECT p.url FROM links l JOIN pages p ON p.id = l.source_id WHERE l.target_domain = '${d}'` +
      ` AND l.source_domain <> '${d}' ORDER BY p.url LIMIT 1`));
    if (url) gone.add(url);
  }
  const goneWarc = path.join(tmp, 'gone.warc');
  writeFileSync(goneWarc, Buffer.concat([...gone].map((u) => warcResponse(u, 404, '<html><body><p>Not found</p></body></html>'))));
  execFileSync(bin, ['ingest', '--quiet', '--db', db, '--crawl', 'e2e-2', goneWarc], { stdio: 'ignore' });
  // The newest Common Crawl release of the real excerpts, imported beside the index (where serve
  // looks for linklens-ranks.db): google.com has a web score the index does not give it, and a
  // domain known to neither gets no badge.
  const ranksDir = path.join(data, 'authority', 'commoncrawl-webgraph-ranks');
  if (existsSync(ranksDir)) {
    const release = 'cc-main-2026-apr-may-jun';
    for (const graph of ['domain', 'host']) {
      const file = path.join(tmp, `${release}-${graph}-ranks.txt`);
      const json = JSON.parse(readFileSync(path.join(ranksDir, 'ranks', `${graph}-${release}.json`), 'utf8'));
      writeFileSync(file, [json.header, ...json.rows].map((r) => r.join('\t')).join('\n') + '\n');
      const stats = readFileSync(path.join(ranksDir, `graph-stats-${graph}.tsv`), 'utf8').split('\n').find((l) => l.startsWith(`${release}\t`));
      execFileSync(bin, ['import-ranks', '--ranks', path.join(tmp, 'linklens-ranks.db'), '--release', release, '--date', '2026-06',
        '--nodes', stats.split('\t')[1], '--excerpt', file], { stdio: 'ignore' });
    }
    const names = JSON.parse(readFileSync(path.join(ranksDir, 'ranks', `domain-${release}.json`), 'utf8')).rows
      .slice(0, 60).map((r) => r[4].split('.').reverse().join('.'));
    // Names that are registrable domains by the core's rules, so a link's domain is the name
    // looked up (googleapis.com and github.io are public suffixes of their own: no domain).
    const parts = JSON.parse(execFileSync(bin, ['url', '--json', ...names.map((n) => `https://${n}/`)]).toString());
    webCandidates = parts.filter((p) => p.ok && p.registrable_domain === p.hostname).map((p) => p.hostname);
    badgeDomains.push('never-seen-anywhere.example');
  } else {
    console.log(`SKIPPED (web ranks): ${ranksDir} is missing (the real data in ../shared/data)`);
  }
  apiPort = await freePort();
  apiLog = path.join(tmp, 'access.jsonl');
  // A key for the extension's writes (the audit's Keep button); reads stay anonymous on loopback.
  const keyHash = createHash('sha256').update(API_KEY).digest('hex');
  writeFileSync(path.join(tmp, 'serve.json'), JSON.stringify({
    cors_origins: [`chrome-extension://${extensionId}`], access_log: apiLog,
    api_keys: [{ name: 'extension', sha256: keyHash, rate_per_second: 1000, burst: 1000 }],
  }));
  apiServer = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${apiPort}`, '--config', path.join(tmp, 'serve.json'),
    '--state', path.join(tmp, 'state.db')], { stdio: 'ignore' });
  await waitForPort(apiPort);
  // A domain only the web graph knows (in the release, not in the index): its badge must come
  // from Common Crawl.
  if (webCandidates.length) {
    const known = await api('/v1/authority', { method: 'POST', body: JSON.stringify({ targets: webCandidates }) });
    webOnly = known.results.find((r) => !r.indexed && r.authority_source.startsWith('commoncrawl:'))?.domain ?? null;
    if (webOnly) badgeDomains.push(webOnly);
  }
  const answer = await api('/v1/authority', { method: 'POST', body: JSON.stringify({ targets: badgeDomains }) });
  for (const r of answer.results) badgeScores[r.domain] = r;
  return badgeDomains;
}

before(async () => {
  // The extension's id is fixed by its folder path; a first launch learns it, so the server's CORS
  // configuration can name it.
  const ext = path.join(tmp, 'extension');
  cpSync(extensionBuild, ext, { recursive: true });
  pagePort = await freePort();
  const args = (extra = []) => ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    `--disable-extensions-except=${ext}`, `--load-extension=${ext}`, ...extra];
  const launch = async (extra) => {
    const c = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
      executablePath: chromiumPath, headless: false, args: args(extra), viewport: { width: 1280, height: 900 } });
    const w = c.serviceWorkers()[0] ?? await c.waitForEvent('serviceworker', { timeout: 30000 });
    return [c, w];
  };
  // The test build may read pages on localhost (and the mapped indexed domain): a headless browser
  // cannot click the toolbar button that grants activeTab. The API server stays on 127.0.0.1,
  // outside these host permissions, so its calls go through CORS as in real use.
  const manifestPath = path.join(ext, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = ['http://localhost/*'];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  [context, worker] = await launch();
  extensionId = new URL(worker.url()).host;
  await context.close();

  const badgeDomains = await startApiServer() ?? [];
  for (const d of domainCandidates) manifest.host_permissions.push(`http://${d}/*`);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  // Search result pages whose organic results lead to the badge domains (a subdomain for the
  // first: its line names the registrable domain), and real article pages.
  serpResults = (badgeDomains.length ? badgeDomains : ['shoes.example', 'trail.example']).map((d, i) => ({
    url: i === 0 ? `https://blog.${d}/trail/shoes?ref=serp` : `https://www.${d}/reviews/trail-shoes`, title: `Trail shoes reviewed by ${d}`, domain: d }));
  serps = serpPages(serpResults);
  realPages = realArticlePages(data, 6).filter((p) => !domainCandidates.includes(p.host));
  if (!realPages.length) console.log(`SKIPPED (real pages): ${path.join(data, 'html-pages')} is missing (the real data in ../shared/data)`);
  sites = await startLoopbackSites([...serps, ...realPages], tmp);
  for (const h of sites.hosts) manifest.host_permissions.push(`https://${h}/*`);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const pages = fixturePages({ indexedDomain: domainCandidates.length > 0, badgeDomains });
  // A page whose answer takes 2 s: the page the tab is leaving stays up (and can classify) meanwhile.
  pages['/slow.html'] = { html: '<!doctype html><title>slow</title><p><a href="https://slow.example/">slow</a></p>', delayMs: 2000 };
  pageServer = http.createServer((req, res) => {
    const p = pages[new URL(req.url, 'http://x').pathname];
    if (!p) { res.writeHead(404, { 'Content-Type': 'text/html' }); res.end('<p>not found</p>'); return; }
    setTimeout(() => {
      res.writeHead(200, { 'Content-Type': p.type ?? 'text/html; charset=utf-8', ...(p.headers ?? {}) });
      res.end(p.body ?? p.html);
    }, p.delayMs ?? 0);
  }).listen(pagePort, '127.0.0.1');
  // Every name the test serves is mapped to its server; every other name does not resolve, so
  // nothing outside this machine is ever asked. The rules match IP literals too: 127.0.0.1 (the
  // API server) and localhost are left alone.
  const rules = [...domainCandidates.map((d) => `MAP ${d} 127.0.0.1:${pagePort}`),
    ...sites.hosts.map((h) => `MAP ${h} 127.0.0.1:${sites.port}`), 'MAP * ~NOTFOUND', 'EXCLUDE localhost', 'EXCLUDE 127.0.0.1'].join(', ');
  [context, worker] = await launch([`--host-resolver-rules=${rules}`, '--ignore-certificate-errors']);
  assert.equal(new URL(worker.url()).host, extensionId);
  if (apiPort) {
    await worker.evaluate(([url, key]) => chrome.storage.local.set({ serverUrl: url, apiKey: key }), [`http://127.0.0.1:${apiPort}`, API_KEY]);
  }
});

after(async () => {
  await context?.close();
  pageServer?.close();
  sites?.server.close();
  if (apiServer) {
    apiServer.kill('SIGTERM');
    await new Promise((r) => apiServer.once('exit', r));
  }
  rmSync(tmp, { recursive: true, force: true });
});

const url = (p) => `http://localhost:${pagePort}${p}`;

// A page in a new tab: a fixture path on localhost, or on a mapped name (http, or https for the
// loopback sites). `responses` collects the URL of every response the tab received.
async function open(p, host, { scheme = 'http', responses } = {}) {
  const page = await context.newPage();
  if (responses) page.on('response', (r) => responses.push(r.url()));
  await page.goto(host ? `${scheme}://${host}${p}` : url(p));
  const tabId = await worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, page.url());
  assert.ok(tabId, `tab of ${page.url()}`);
  return { page, tabId };
}

const overlay = (tabId, show = true) => worker.evaluate(([t, s]) => globalThis.linklens.toggleOverlay(t, { show: s }), [tabId, show]);
const report = (tabId, fresh = false) => worker.evaluate(([t, f]) => globalThis.linklens.pageReport(t, { fresh: f }), [tabId, fresh]);
const state = (tabId, ordinal) => worker.evaluate(([t, o]) => chrome.tabs.sendMessage(t, { type: 'linklens:overlay-state', ordinal: o }), [tabId, ordinal]);
// The panel reads at side-panel widths: nothing wider than the page at 360 and 480 px (tables
// that need more scroll inside their own box). A screenshot is kept at each width.
async function assertPanelFits(p, name) {
  // Every axis chart names both its axes (the Venn diagram names its circles instead).
  const charts = await p.evaluate(() => [...document.querySelectorAll('svg.chart')].map((svg) => ({
    label: svg.getAttribute('aria-label'),
    x: svg.querySelector('.axis-title[data-axis="x"]')?.textContent ?? '',
    y: svg.querySelector('.axis-title[data-axis="y"]')?.textContent ?? '',
  })));
  assert.ok(charts.length > 0, `${name}: charts drawn`);
  for (const c of charts) assert.ok(c.x && c.y, `${name}: chart "${c.label}" has labelled axes (x "${c.x}", y "${c.y}")`);
  for (const width of [360, 480]) {
    await p.setViewportSize({ width, height: 900 });
    await p.waitForTimeout(50);
    const o = await p.evaluate(() => {
      const client = document.documentElement.clientWidth;
      // Nothing may reach into the body's right padding either (a box cut at the window's edge);
      // inside a box that scrolls on its own (.scrollx, .tablewrap) content may be wider.
      const limit = document.body.getBoundingClientRect().right - parseFloat(getComputedStyle(document.body).paddingRight);
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > limit + 0.5 && !e.parentElement.closest('.scrollx, .tablewrap'))
        .map((e) => `${e.localName}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className}` : ''}`);
      return { scroll: document.documentElement.scrollWidth, client, wide: wide.slice(0, 5) };
    });
    assert.ok(o.scroll <= o.client && o.wide.length === 0, `${name} at ${width} px: scrollWidth ${o.scroll} > ${o.client}: ${o.wide.join(', ')}`);
    // The link list fits its box without scrolling sideways (only the gap table may).
    const list = await p.evaluate(() => { const w = document.querySelector('#links').closest('.tablewrap'); return { scroll: w.scrollWidth, client: w.clientWidth }; });
    assert.ok(list.scroll <= list.client, `${name} at ${width} px: the link list is ${list.scroll} px in a ${list.client} px box`);
    await p.screenshot({ path: path.join(artifacts, `${name}-${width}px.png`), fullPage: true });
  }
}

// WCAG contrast of two "rgb(r, g, b)" colours (or #rrggbb).
function contrast(a, b) {
  const rgb = (c) => (c.startsWith('#') ? [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16)) : c.match(/[\d.]+/g).slice(0, 3).map(Number));
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// Every badge: its number at least 4.5:1 on its fill, its ring at least 3:1 on the page colour
// measured around it, which must be the page's own (pageColour null: a real page, whose colours
// the test does not know).
function assertBadgeContrast(colours, pageColour, where) {
  assert.ok(colours.length > 0, `${where}: badges drawn`);
  for (const c of colours) {
    if (pageColour !== null) assert.equal(c.page, pageColour.replace(/ /g, ''), `${where}: the colour around the badge`);
    assert.ok(contrast(c.text, c.fill) >= 4.5, `${where}: badge text ${c.text} on ${c.fill}: ${contrast(c.text, c.fill).toFixed(2)}`);
    assert.ok(contrast(c.ring, c.page) >= 3, `${where}: badge ring ${c.ring} on ${c.page}: ${contrast(c.ring, c.page).toFixed(2)}`);
  }
}

// No badge covers a line of the page's text: every text line's box (one per line a text node
// spans, open shadow roots included), measured here, against every badge's box with its ring.
async function assertBadgesClearOfText(page, s, where) {
  const lines = await page.evaluate(() => {
    const rects = [];
    const range = document.createRange();
    const walk = (root) => {
      const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        if (n.nodeType === Node.ELEMENT_NODE) { if (n.shadowRoot) walk(n.shadowRoot); continue; }
        range.selectNodeContents(n);
        for (const q of range.getClientRects()) if (q.width > 0 && q.height > 0 && /\S/.test(n.data)) rects.push([q.left, q.top, q.right, q.bottom, n.data.trim().slice(0, 30)]);
      }
    };
    walk(document.body);
    return rects;
  });
  const covered = [];
  for (const b of s.badgeBoxes) {
    for (const [l, t, r, bottom, text] of lines) {
      if (b.left < r - 0.5 && l < b.right - 0.5 && b.top < bottom - 0.5 && t < b.bottom - 0.5) covered.push(`badge of link ${b.ordinal} on "${text}"`);
    }
  }
  assert.deepEqual(covered.slice(0, 5), [], `${where}: badges cover text`);
  return lines.length;
}

// Drags the legend by its title bar (s: the overlay's state before) by (dx, dy); it must land
// there. Returns its new box.
async function dragLegend(page, tabId, s, dx, dy, where) {
  const grip = s.legendTitleBox;
  await page.mouse.move(grip.left + 10, grip.top + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.left + 10 + dx, grip.top + grip.height / 2 + dy, { steps: 6 });
  await page.mouse.up();
  const moved = (await state(tabId)).legendBox;
  assert.ok(Math.abs(moved.left - (s.legendBox.left + dx)) < 3 && Math.abs(moved.top - (s.legendBox.top + dy)) < 3,
    `${where}: legend dragged to ${JSON.stringify(moved)} from ${JSON.stringify(s.legendBox)}`);
  return moved;
}

const statusOf = (l) => (l.effective_follow === 'follow' ? l.follow : (l.follow === 'follow' ? 'nofollow' : l.follow));

test('every rel variant and case, the overlay, its legend and hover card', async () => {
  const { page, tabId } = await open('/rel.html');
  const shown = await overlay(tabId);
  assert.equal(shown.overlay, true);
  const r = await report(tabId);
  const cases = r.links.filter((l) => l.host.startsWith('rel-'));
  assert.deepEqual(cases.map((l) => l.follow), REL_CASES.map(([, expected]) => expected));
  assert.deepEqual(cases[7].rel, ['nofollow', 'ugc']);
  assert.ok(cases.every((l) => l.placement === 'content'), JSON.stringify(cases.map((l) => l.placement)));
  assert.equal(r.links.find((l) => l.anchor === 'Home').placement, 'navigation');
  assert.equal(r.links.find((l) => l.anchor === 'Partner').placement, 'footer');
  assert.equal(r.links.find((l) => l.anchor === 'an internal link').scope, 'internal');
  assert.equal(r.raw.links, 14, 'the raw HTML was compared');
  assert.ok(r.links.every((l) => !l.rendered_only), 'a static page has no rendered-only links');

  // The browser's view agrees with the core's raw-HTML view of the same page.
  const html = await (await fetch(url('/rel.html'))).text();
  const raw = await worker.evaluate(async ([h, u]) => (await globalThis.linklens.core()).inspectHtml(h, u), [html, url('/rel.html')]);
  for (const field of ['url', 'follow', 'effective_follow', 'scope', 'placement', 'anchor_class']) {
    assert.deepEqual(r.links.map((l) => l[field]), raw.links.map((l) => l[field]), field);
  }

  const s = await state(tabId);
  assert.equal(s.visible, true);
  assert.equal(s.boxes, r.links.length);
  assert.equal(s.byStatus.sponsored, 2);
  assert.equal(s.byStatus.ugc, 2);
  assert.match(s.legend, /Linklens: 14 links/);
  assert.equal(s.unsafeElements, 0, 'page text never becomes markup in the overlay');

  await page.hover('#xss');
  await page.waitForTimeout(100);
  const hovered = await state(tabId);
  assert.ok(hovered.card, 'hovering a link shows its card');
  assert.match(hovered.card.text, /Anchor: <img src=x onerror="document.title='owned'">/);
  assert.match(hovered.card.text, /Target: https:\/\/evil\.example\//);
  assert.equal(await page.title(), 'Rel variants');
  await page.screenshot({ path: path.join(artifacts, 'overlay-rel.png'), fullPage: true });
  await overlay(tabId, false);
  assert.equal((await state(tabId)).visible, false);
  await page.close();
});

test('the content-block scorer: the browser places every link as the CLI does', async () => {
  const { page, tabId } = await open('/article.html');
  const r = await report(tabId, true);
  const html = await (await fetch(url('/article.html'))).text();
  const raw = await worker.evaluate(async ([h, u]) => (await globalThis.linklens.core()).inspectHtml(h, u), [html, url('/article.html')]);
  assert.deepEqual(r.links.map((l) => [l.anchor, l.placement]), raw.links.map((l) => [l.anchor, l.placement]));
  const placed = Object.fromEntries(r.links.map((l) => [l.anchor, l.placement]));
  assert.equal(placed['grip test we ran'], 'content');
  assert.equal(placed["The maker's notes"], 'content');
  assert.equal(placed['Ten trail running shoes for wet winter mountains'], 'other');
  assert.equal(placed.Share, 'other');
  assert.equal(placed.Trail, 'other');
  assert.equal(placed['Skip to main content'], 'other');
  assert.equal(placed.Home, 'navigation');
  assert.equal(placed['About us'], 'footer');
  await page.close();
});

test('malformed and mailto/tel links get boxes; the legend and the panel count alike', async () => {
  const { page, tabId } = await open('/malformed.html');
  await overlay(tabId);
  const r = await report(tabId, true);
  const s = await state(tabId);
  assert.equal(s.boxes, r.links.filter((l) => !l.hidden).length, 'every shown link has a box, other-scope ones too');
  assert.equal(s.malformed, 3, 'the ttps:// typo, the href that does not parse, the www. link without its scheme');
  assert.equal(s.other, 4, 'mailto:, tel:, the typo and the href that does not parse');
  const typo = r.links.findIndex((l) => l.anchor === 'typo link');
  assert.match((await state(tabId, typo)).cardFor, /^MALFORMED: unknown scheme "ttps:" \(a typo of https:\?\)/);
  const bad = r.links.findIndex((l) => l.anchor === 'bad host');
  assert.match((await state(tabId, bad)).cardFor, /^MALFORMED: the href does not parse as a URL/);
  const www = r.links.findIndex((l) => l.anchor === 'www link');
  assert.match((await state(tabId, www)).cardFor, /^MALFORMED: "www.partner.example\/offer" reads as a path on this site/);
  assert.match(s.legend, /Linklens: 7 links/);
  assert.match(s.legend, /hidden 1 · rendered only 0/);
  assert.match(s.legend, /malformed 3/);

  // The panel's summary says the legend's numbers.
  const ext = await context.newPage();
  await ext.goto(`chrome-extension://${extensionId}/src/panel.html?tab=${tabId}`);
  await ext.waitForSelector('#summary .stat[data-key="links"]');
  const stat = async (key) => Number(await ext.locator(`#summary .stat[data-key="${key}"] b`).textContent());
  assert.equal(await stat('links'), 7);
  assert.equal(await stat('hidden'), 1);
  assert.equal(await stat('malformed'), 3);
  for (const key of ['links', 'follow', 'internal', 'external', 'other', 'hidden', 'malformed']) {
    assert.equal(s.legendCounts[key], await stat(key), key);
  }
  assert.match(s.legend, new RegExp(`(^|[^o])follow ${s.legendCounts.follow}`), 'the legend shows the count it computed');
  assert.equal(await ext.locator('#links .pill.malformed').count(), 3);
  await ext.selectOption('#f-follow', 'malformed');
  assert.equal(await ext.locator('#links tbody tr.link').count(), 3, 'the status filter finds the malformed links');
  await ext.close();

  // The legend moves out of the way by its title bar and minimises; the site remembers both.
  const before = s.legendBox;
  const moved = await dragLegend(page, tabId, s, -300, 200, 'malformed.html');
  const button = (await state(tabId)).legendMinimiseBox;
  await page.mouse.click(button.left + button.width / 2, button.top + button.height / 2);
  await page.waitForTimeout(100);
  const small = await state(tabId);
  assert.equal(small.legendMinimised, true);
  assert.ok(small.legendBox.height < before.height / 2, `minimised to ${small.legendBox.height} px`);
  await page.screenshot({ path: path.join(artifacts, 'overlay-legend-moved.png') });
  await page.reload();
  await overlay(tabId);
  await page.waitForTimeout(200);
  const again = await state(tabId);
  assert.equal(again.legendMinimised, true, 'minimised on this site after a reload');
  assert.ok(Math.abs(again.legendBox.left - moved.left) < 3 && Math.abs(again.legendBox.top - moved.top) < 3, 'in the same place after a reload');
  await overlay(tabId, false);
  await page.close();
});

test('meta robots nofollow and X-Robots-Tag nofollow make every link nofollow', async () => {
  const meta = await open('/meta-nofollow.html');
  await overlay(meta.tabId);
  const r = await report(meta.tabId);
  assert.equal(r.page.robots.nofollow, true);
  assert.deepEqual(r.links.map((l) => [l.follow, l.effective_follow]), [['follow', 'nofollow'], ['ugc', 'ugc']]);
  assert.match((await state(meta.tabId)).legend, /Page nofollow/);
  await meta.page.close();

  const xrt = await open('/xrt.html');
  const x = await report(xrt.tabId);
  assert.equal(x.page.robots.nofollow, true, 'X-Robots-Tag read from the same-origin response');
  assert.ok(x.page.robots_sources.some((s) => s.startsWith('X-Robots-Tag')));
  assert.equal(x.links[0].effective_follow, 'nofollow');
  await xrt.page.close();
});

test("a page with CSP script-src 'self' still gets its overlay (the core runs in the worker)", async () => {
  const { page, tabId } = await open('/csp.html');
  await overlay(tabId);
  const r = await report(tabId);
  assert.equal(r.links.length, 1);
  assert.equal(r.links[0].placement, 'content');
  assert.equal((await state(tabId)).boxes, 1);
  await page.close();
});

test('shadow DOM, same-origin iframes, image links and hidden links', async () => {
  const shadow = await open('/shadow.html');
  await shadow.page.waitForFunction(() => customElements.get('x-card'));
  const s = await report(shadow.tabId, true);
  const inShadow = s.links.findIndex((l) => l.url === 'https://shadow.example/in');
  assert.ok(inShadow >= 0, 'the link inside an open shadow root is found');
  assert.equal(s.links[inShadow].in_shadow_root, true);
  await shadow.page.close();

  const frame = await open('/frame.html');
  await frame.page.waitForTimeout(200);
  const f = await report(frame.tabId, true);
  const relative = f.links.find((l) => l.anchor === 'relative in frame');
  assert.equal(relative?.url, url('/sub/deeper/page.html'), 'iframe links resolve against the iframe');
  assert.equal(relative.in_iframe, true);
  assert.ok(f.links.some((l) => l.url === 'https://framed.example/'));
  await frame.page.close();

  const image = await open('/image.html');
  const i = await report(image.tabId);
  assert.equal(i.links[0].kind, 'image');
  assert.equal(i.links[0].anchor, 'Acme logo');
  assert.equal(i.links[0].anchor_class, 'image');
  await image.page.close();

  const hidden = await open('/hidden.html');
  await overlay(hidden.tabId);
  const h = await report(hidden.tabId);
  assert.deepEqual(h.links.map((l) => l.hidden), [false, true, true, true]);
  assert.equal((await state(hidden.tabId)).boxes, 1, 'hidden links get no box');
  assert.match((await state(hidden.tabId)).legend, /hidden 3/);
  await hidden.page.close();
});

test('a link added 1 s after load appears, marked rendered-only', async () => {
  const { page, tabId } = await open('/late.html');
  await overlay(tabId);
  await page.waitForSelector('#late');
  let late = null;
  for (let i = 0; i < 50 && !late; i++) {  // bounded: the observer's debounce is 300 ms
    await page.waitForTimeout(100);
    late = (await report(tabId)).links.find((l) => l.url === 'https://late.example/');
  }
  assert.ok(late, 'the MutationObserver picked up the new link');
  assert.equal(late.rendered_only, true);
  assert.equal((await report(tabId)).links.find((l) => l.url === 'https://early.example/').rendered_only, false);
  assert.equal((await state(tabId)).boxes, 2);
  await page.close();
});

// Classifications that overtake each other: the worker keeps each tab's latest, and an earlier
// one that still waits for its raw HTML is abandoned (finishes at once, keeps nothing). The
// latest must still get its own raw HTML compared: with a lost handover it would finish only
// after the worker's 10 s wait, without the comparison (raw: null).
test('refreshes that overtake each other: the report is the latest one, its raw HTML compared', async () => {
  const { page, tabId } = await open('/rel.html');
  await report(tabId);  // the content script is in the page (pageReport injects it)
  const answers = await worker.evaluate((t) => Promise.all([1, 2, 3].map(() => chrome.tabs.sendMessage(t, { type: 'linklens:collect' }))), tabId);
  assert.deepEqual(answers.map((a) => a.links), [14, 14, 14], JSON.stringify(answers));
  const r = await report(tabId);
  assert.equal(r.links.length, 14);
  assert.equal(r.raw?.links, 14, 'the latest classification compared its raw HTML');
  assert.ok(r.links.every((l) => !l.rendered_only));
  await page.close();
});

// What a classification sent by a page just before its tab left it keeps: it can reach the worker
// after the worker forgot the tab, and keep the old page's report for the tab. The report is not
// given for the page the tab shows now (its URL says so): that page is collected.
test("a report kept for a page the tab has left is not given as the next page's", async () => {
  const { page, tabId } = await open('/rel.html');
  const old = await report(tabId);
  assert.equal(old.page.url, url('/rel.html'));
  await page.goto(url('/late.html'));
  await worker.evaluate(([t, json]) => chrome.storage.session.set({ [`report:${t}`]: json }), [tabId, JSON.stringify(old)]);
  const r = await report(tabId);
  assert.equal(r.page.url, url('/late.html'));
  assert.ok(r.links.some((l) => l.url === 'https://early.example/'), JSON.stringify(r.links.map((l) => l.url)));
  assert.ok(!r.links.some((l) => l.host?.startsWith('rel-')), 'nothing of the page the tab left');
  await page.close();
});

// The race in a real navigation: the tab starts loading the next page (the worker forgets the
// tab), and the page it is leaving, still shown while the next one's answer takes 2 s, classifies
// once more. The tab's report is still the next page's: the worker forgets the tab again when the
// next page commits, before anything of it is classified (the test above covers a report that
// arrives later still).
test('the page a tab is leaving classifies after the worker forgot the tab: the next page reports itself', async () => {
  const { page, tabId } = await open('/rel.html');
  await report(tabId);
  await report(tabId, true);  // rel.html's content script is at its second classification
  const leaving = page.goto(url('/slow.html'));
  const loading = await worker.evaluate(async (t) => {
    for (let i = 0; i < 150; i++) {  // bounded: 3 s
      if ((await chrome.tabs.get(t)).status === 'loading') return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }, tabId);
  assert.ok(loading, 'the tab started loading the next page');
  const late = await worker.evaluate((t) => chrome.tabs.sendMessage(t, { type: 'linklens:collect' }), tabId);
  assert.equal(late.links, 14, 'rel.html, still shown, classified');
  await leaving;
  const r = await report(tabId);
  assert.equal(r.page.url, url('/slow.html'));
  assert.deepEqual(r.links.map((l) => l.url), ['https://slow.example/']);
  await page.close();
});

test('5,000 links: report and overlay (timing reported)', async () => {
  const { page, tabId } = await open('/big.html');
  const started = Date.now();
  const shown = await overlay(tabId);
  const wall = Date.now() - started;
  const r = await report(tabId);
  assert.equal(r.links.length, 5000);
  assert.equal(r.links.filter((l) => l.follow === 'nofollow').length, Math.ceil(5000 / 7));
  const s = await state(tabId);
  assert.ok(s.boxes > 1000, `${s.boxes} boxes`);
  console.log(`  overlay on 5,000 links: ${shown.paint_ms.toFixed(0)} ms from trigger to painted (content script), ${wall} ms round trip`);
  await page.screenshot({ path: path.join(artifacts, 'overlay-5000.png') });
  await page.close();
});

test('5,000 links: every box is built, those built after the paint on their links too', async () => {
  const { page, tabId } = await open('/big.html');
  await overlay(tabId);
  const s = await state(tabId);
  assert.equal(s.boxes, 5000, 'a box for every link, on screen or not');
  // The first link is on screen at the paint; the last ones are far below it, built after.
  for (const ordinal of [0, 2500, 4999]) {
    const box = (await state(tabId, ordinal)).boxFor;
    const link = await page.evaluate((i) => {
      const q = document.querySelectorAll('a[href]')[i].getClientRects()[0];
      return { left: q.left, top: q.top, width: q.width, height: q.height };
    }, ordinal);
    for (const k of ['left', 'top', 'width', 'height']) {
      assert.ok(Math.abs(box[k] - link[k]) < 1, `link ${ordinal} ${k}: box ${JSON.stringify(box)} vs link ${JSON.stringify(link)}`);
    }
  }
  await page.close();
});

test('hiding the overlay while it is being shown keeps it hidden, through resizes and page changes', async () => {
  const { page, tabId } = await open('/big.html');
  // The hide is sent while the show still collects and classifies 5,000 links.
  const showing = overlay(tabId);
  await page.waitForTimeout(20);
  await overlay(tabId, false);
  await showing;
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('a'), { href: '/late', textContent: 'late' })));
  await page.waitForTimeout(800);  // past the observer's 300 ms debounce and a redraw
  assert.equal((await state(tabId)).visible, false, 'the overlay stays hidden');
  assert.equal(await page.evaluate(() => document.querySelector('linklens-overlay') !== null), false, 'nothing of it on the page');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.close();
});

test('the linklens:page-report message, the panel and the broken-link check', async () => {
  const { page, tabId } = await open('/broken.html');
  const ext = await context.newPage();
  await ext.goto(`chrome-extension://${extensionId}/src/panel.html?tab=${tabId}`);
  const answer = await ext.evaluate((t) => chrome.runtime.sendMessage({ type: 'linklens:page-report', tabId: t }), tabId);
  assert.deepEqual(Object.keys(answer).filter((k) => k === 'page' || k === 'links'), ['page', 'links']);
  assert.equal(answer.links.length, 3);
  await ext.waitForSelector('#links tbody tr.link');
  assert.equal(await ext.locator('#links tbody tr.link').count(), 3);
  await ext.fill('#search', 'missing');
  assert.equal(await ext.locator('#links tbody tr.link').count(), 1);
  await ext.fill('#search', '');
  // A row opens on click to the link's details; the list itself is one line per link.
  await ext.locator('#links tbody tr.link').first().click();
  assert.equal(await ext.locator('#links tbody tr.detail').count(), 1);
  await ext.keyboard.press('Enter');  // the opened row keeps the focus: Enter closes it
  assert.equal(await ext.locator('#links tbody tr.detail').count(), 0);
  await ext.keyboard.press('Enter');
  assert.equal(await ext.locator('#links tbody tr.detail').count(), 1);
  assert.match(await ext.locator('#links tbody tr.detail').textContent(), /Target.*Class.*Scope/s);
  await assertPanelFits(ext, 'panel-links');
  const checked = await ext.evaluate((t) => chrome.runtime.sendMessage({ type: 'linklens:check-links', tabId: t, timeoutMs: 3000 }), tabId);
  assert.equal(checked.results[url('/rel.html')].status, 'ok');
  assert.equal(checked.results[url('/missing.html')].status, 'broken');
  assert.equal(checked.results[url('/missing.html')].http_status, 404);
  assert.equal(checked.results['http://localhost:1/'].status, 'unverified', 'a connection failure is not "broken"');
  await ext.screenshot({ path: path.join(artifacts, 'panel-links.png'), fullPage: true });
  await ext.close();
  await page.close();
});

test('with the server: authority badges (one CORS batch) and the domain card', async (t) => {
  if (!domainCandidates.length) {
    t.skip('no real data: ../shared/data/warc is missing');
    return;
  }
  let opened = null;
  for (const d of domainCandidates) {
    const candidate = await context.newPage();
    try {
      await candidate.goto(`http://${d}/indexed.html`);
      if (candidate.url().startsWith('http://')) {
        indexedDomain = d;
        opened = candidate;
        break;
      }
    } catch {
      // upgraded to https (HSTS preload): not reachable here
    }
    await candidate.close();
  }
  assert.ok(opened, `one of ${domainCandidates.join(', ')} loads over http`);
  await opened.close();
  overviewOfIndexed = await api(`/v1/overview?target=${indexedDomain}`);
  const { page, tabId } = await open('/indexed.html', indexedDomain);
  await overlay(tabId);
  let s = null;
  for (let i = 0; i < 50; i++) {  // bounded
    s = await state(tabId);
    if (s.badges.length) break;
    await page.waitForTimeout(100);
  }
  // Links to the browsed site's own domain are internal: no badge.
  // A badge wherever a score is known (the web ranks or the index), none for an unknown domain.
  const expected = Object.values(badgeScores).filter((b) => b.authority_score !== null && b.domain !== indexedDomain)
    .map((b) => String(Math.round(b.authority_score)));
  assert.deepEqual([...s.badges].sort(), [...expected].sort(), 'one badge per external link with a known score');
  const links = (await report(tabId)).links;
  const external = Object.keys(badgeScores).find((d) => d !== indexedDomain && badgeScores[d].indexed);
  assert.match((await state(tabId, links.findIndex((l) => l.domain === external))).cardFor,
    /Authority \d+\.\d \((this index|Common Crawl cc-main-[a-z0-9-]+)\) · \d+ referring domains/);
  if (webCandidates.length) {
    assert.ok(webOnly, 'a domain of the newest release is not in the index');
    assert.equal(badgeScores[webOnly].authority_source, 'commoncrawl:cc-main-2026-apr-may-jun');
    assert.ok(s.badges.includes(String(Math.round(badgeScores[webOnly].authority_score))), 'its badge is drawn');
    assert.match((await state(tabId, links.findIndex((l) => l.domain === webOnly))).cardFor,
      /^Authority \d+\.\d \(Common Crawl cc-main-2026-apr-may-jun\)$/m, 'a web score says where it came from');
    assert.equal(badgeScores['never-seen-anywhere.example'].authority_score, null);
    assert.match((await state(tabId, links.findIndex((l) => l.domain === 'never-seen-anywhere.example'))).cardFor,
      /Authority: unknown/, 'an unknown domain has no score, not 0');
  }
  await page.screenshot({ path: path.join(artifacts, 'overlay-badges.png') });
  assertBadgeContrast(s.badgeColours, 'rgb(255, 255, 255)', 'light page');
  await assertBadgesClearOfText(page, s, 'light page');

  // In dense text every badge goes to a margin of the column (or into the hover card only, when
  // the margins beside its line are taken): never over a line.
  const dense = await open('/indexed-dense.html', indexedDomain);
  await overlay(dense.tabId);
  let d = null;
  for (let i = 0; i < 50; i++) {  // bounded
    d = await state(dense.tabId);
    if (d.badges.length + d.badgesInCard >= expected.length) break;
    await dense.page.waitForTimeout(100);
  }
  assert.equal(d.badges.length + d.badgesInCard, expected.length, 'each known score drawn or in its hover card');
  assert.ok(d.badges.length > 0, 'badges drawn in the margins');
  const column = await dense.page.evaluate(() => { const r = document.getElementById('column').getBoundingClientRect(); return { left: r.left, right: r.right }; });
  assert.ok(d.badgeBoxes.every((b) => b.right <= column.left || b.left >= column.right), `in the margins: ${JSON.stringify(d.badgeBoxes)}`);
  if (d.badgesInCard) assert.match(d.legend, new RegExp(`${d.badgesInCard} scores in hover cards only`));
  await assertBadgesClearOfText(dense.page, d, 'dense page');
  await dense.page.screenshot({ path: path.join(artifacts, 'overlay-badges-dense.png') });
  await dense.page.close();
  for (const [name, background] of [['dark', 'rgb(17, 17, 17)'], ['blue', 'rgb(29, 78, 216)']]) {
    const variant = await open(`/indexed-${name}.html`, indexedDomain);
    await overlay(variant.tabId);
    let v = null;
    for (let i = 0; i < 50; i++) {  // bounded
      v = await state(variant.tabId);
      if (v.badges.length) break;
      await variant.page.waitForTimeout(100);
    }
    assert.ok(v.badges.length > 0, `badges on the ${name} page`);
    assertBadgeContrast(v.badgeColours, background, `${name} page`);
    await assertBadgesClearOfText(variant.page, v, `${name} page`);
    await variant.page.screenshot({ path: path.join(artifacts, `overlay-badges-${name}.png`) });
    await variant.page.close();
  }

  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/src/panel.html?tab=${tabId}`);
  await panel.waitForSelector('#domain-card .stat[data-key="backlinks"]', { timeout: 15000 });
  const backlinks = await panel.locator('#domain-card .stat[data-key="backlinks"] b').textContent();
  assert.equal(Number(backlinks), overviewOfIndexed.backlinks);
  const refdomains = await panel.locator('#domain-card .stat[data-key="referring domains"] b').textContent();
  assert.equal(Number(refdomains), overviewOfIndexed.referring_domains);
  const trend = await api(`/v1/authority-history?target=${indexedDomain}`);
  assert.equal(await panel.locator('#domain-card svg').count(), 3 + (trend.history.length ? 1 : 0),
    'histogram, anchor classes, timeline (and the Authority Score trend when a release covers the domain)');
  assert.equal(await panel.locator('#domain-card p[data-source]').getAttribute('data-source'), overviewOfIndexed.authority_source);
  await panel.screenshot({ path: path.join(artifacts, 'panel-domain-card.png'), fullPage: true });
  // The backlinks lost in the latest snapshot, each with why (the test's second snapshot: 404s).
  assert.ok(overviewOfIndexed.last_snapshot.lost_backlinks > 0, 'the second snapshot lost backlinks');
  const lostRows = (await api(`/v1/backlinks?target=${indexedDomain}&where=lost_in:eq:${overviewOfIndexed.last_snapshot.id}` +
    '&select=source_url,lost_reason&limit=10')).backlinks;
  await panel.waitForSelector('#lost li', { timeout: 15000 });
  assert.deepEqual(await panel.locator('#lost li').evaluateAll((items) => items.map((i) => i.dataset.reason)),
    lostRows.map((r) => r.lost_reason), 'one row per lost backlink, with its reason');
  assert.ok(lostRows.every((r) => r.lost_reason === 'page_error'), 'the pages answer 404');
  assert.match(await panel.locator('#lost li').first().textContent(), /the page now answers an error/);
  // The watch state, and the button that watches the site (a write with the extension's key).
  await panel.waitForSelector('#watch[data-state="not-watched"] button', { timeout: 15000 });
  assert.equal((await api('/v1/watches', { headers: { Authorization: `Bearer ${API_KEY}` } })).watches.length, 0, 'no watch yet');
  await panel.click('#watch button');
  await panel.waitForSelector('#watch[data-state="watched"]', { timeout: 15000 });
  const watches = (await api('/v1/watches', { headers: { Authorization: `Bearer ${API_KEY}` } })).watches;
  assert.deepEqual(watches.map((w) => [w.target, w.mode, w.created_by]), [[indexedDomain, 'domain', 'extension']],
    'the server watches the site, made with the extension\'s key');
  assert.equal(await panel.locator('#watch a').getAttribute('href'), `http://127.0.0.1:${apiPort}${watches[0].feed_url}`);
  const feed = await fetch(`http://127.0.0.1:${apiPort}${watches[0].feed_url}`);
  assert.ok(feed.ok && feed.headers.get('content-type').startsWith('application/atom+xml'), 'its alerts feed answers');
  await panel.reload();
  await panel.waitForSelector('#watch[data-state="watched"]', { timeout: 15000 });
  assert.match(await panel.locator('#watch').textContent(), /Watched since \d{4}-\d\d-\d\d: 0 alerts/);

  // The audit summary and a gap against two competitors, from the server.
  const audit = await api(`/v1/audit?target=${indexedDomain}&limit=1`);
  await panel.waitForSelector('#audit .stat[data-key="referring domains"]', { timeout: 15000 });
  assert.equal(Number(await panel.locator('#audit .stat[data-key="referring domains"] b').textContent()), audit.summary.referring_domains);
  assert.equal(await panel.locator('#audit .stat[data-key="toxic share"] b').textContent(), `${(audit.summary.toxic_share * 100).toFixed(0)}%`);
  // Each referring domain with its verdict and a Keep button that writes the server's keep list.
  await panel.waitForSelector('#audit .audit-domains li', { timeout: 15000 });
  assert.equal(await panel.locator('#audit .audit-domains li').count(), Math.min(30, audit.domains.length));
  const first = panel.locator('#audit .audit-domains li').first();
  const kept = await first.getAttribute('data-domain');
  assert.equal(await first.getAttribute('data-action'), audit.domains[0].action);
  await first.locator('button').click();
  await panel.waitForSelector(`#audit .audit-domains li[data-domain="${kept}"][data-action="keep"]`, { timeout: 15000 });
  assert.equal(await first.locator('button').textContent(), 'Kept');
  assert.ok((await api(`/v1/audit/settings?target=${indexedDomain}`)).keep.includes(kept), 'the server kept it');
  assert.equal((await api(`/v1/audit?target=${indexedDomain}&limit=1`)).domains.find((d) => d.domain === kept).action, 'keep');
  await panel.locator('#audit').screenshot({ path: path.join(artifacts, 'panel-audit.png') });
  const competitors = Object.keys(badgeScores).filter((d) => d !== indexedDomain).slice(0, 2);
  await panel.fill('#competitors', competitors.join(', '));
  await panel.click('#compare');
  await panel.waitForSelector('#gap-result svg', { timeout: 15000 });
  const gap = await api(`/v1/gap?targets=${[indexedDomain, ...competitors].join(',')}`);
  for (const [category, n] of Object.entries(gap.categories)) {
    assert.equal(Number(await panel.locator(`#gap-result .stat[data-key="${category}"] b`).textContent()), n, category);
  }
  const full = gap.venn.find((v) => v.targets.length === 3);
  assert.equal(await panel.locator(`#gap-result svg text[data-region="${full.targets.join('+')}"]`).textContent(), String(full.referring_domains));
  assert.equal(await panel.locator('#gap-table tr').count(), Math.min(300, gap.referring_domains.length) + 1);
  await panel.locator('#gap').screenshot({ path: path.join(artifacts, 'panel-gap.png') });
  await assertPanelFits(panel, 'panel-server');
  // Five targets: the subsets as labelled bars, every target a column of the table, which
  // scrolls inside its own box; the panel itself never wider than the window.
  const four = Object.keys(badgeScores).filter((x) => x !== indexedDomain).slice(0, 4);
  assert.equal(four.length, 4, 'four competitors');
  await panel.setViewportSize({ width: 1280, height: 900 });
  await panel.fill('#competitors', four.join(', '));
  await panel.click('#compare');
  await panel.waitForFunction((n) => document.querySelectorAll('#gap-table tr:first-child th').length === n, 3 + 5, { timeout: 15000 });
  const gap5 = await api(`/v1/gap?targets=${[indexedDomain, ...four].join(',')}`);
  assert.deepEqual(await panel.locator('#gap-table tr:first-child th').allTextContents(), ['Domain', 'Authority', 'Categories', ...gap5.targets]);
  for (const [category, n] of Object.entries(gap5.categories)) {
    assert.equal(Number(await panel.locator(`#gap-result .stat[data-key="${category}"] b`).textContent()), n, `5 targets: ${category}`);
  }
  await assertPanelFits(panel, 'panel-gap-5-targets');
  await panel.close();
  await page.close();

  const log = readFileSync(apiLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const batches = log.filter((l) => l.route === '/v1/authority' && l.method === 'POST');
  assert.ok(batches.length >= 2 && batches.every((l) => l.status === 200), 'the batch went through (test + extension)');
  assert.ok(log.some((l) => l.method === 'OPTIONS' && l.status === 204), 'the extension origin passed the CORS preflight');
});

test('search results: a line per organic result with its domain, Authority Score and backlinks, from one batch', async () => {
  const batches = () => (apiLog && existsSync(apiLog) ? readFileSync(apiLog, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((l) => l.route === '/v1/authority' && l.method === 'POST').length : 0);
  for (const sp of serps) {
    // A fresh cache: the page's result scores must come from the server, in one call.
    await worker.evaluate(() => chrome.storage.session.remove('authority'));
    const before = batches();
    const { page, tabId } = await open(sp.path, sp.host, { scheme: 'https' });
    await overlay(tabId);
    let s = null;
    for (let i = 0; i < 50; i++) {  // bounded
      s = await state(tabId);
      if (s.serp?.results.length && s.serp.results.every((r) => r.text) && /organic results/.test(s.legend)) break;
      await page.waitForTimeout(100);
    }
    const where = `${sp.host}${sp.path}`;
    assert.equal(s.serp?.engine, sp.engine, `${where}: recognised`);
    // Organic results only (no ad, no module, no site link), in the page's order, each unwrapped
    // from the engine's redirect.
    assert.deepEqual(s.serp.results.map((r) => r.target), serpResults.map((r) => r.url), where);
    for (const [i, r] of s.serp.results.entries()) {
      const want = serpResults[i];
      if (!apiPort) {
        assert.match(r.text, /no Linklens server set/, `${where}: without a server`);
        continue;
      }
      const known = badgeScores[want.domain];
      assert.equal(r.domain, want.domain, `${where}: the registrable domain of ${want.url}`);
      assert.equal(r.score, known.authority_score, `${where}: ${want.domain}'s score`);
      assert.equal(r.indexed, known.indexed, `${where}: ${want.domain} in the index`);
      if (known.authority_score === null) {
        assert.match(r.text, /^–.*not in the web ranks or the index/, where);
      } else {
        assert.ok(r.text.startsWith(`${Math.round(known.authority_score)}${want.domain}Authority Score (`), `${where}: ${r.text}`);
        assert.match(r.text, known.authority_source === 'index' ? /\(this index\)/ : /\(Common Crawl cc-main-[a-z0-9-]+\)/, where);
      }
      assert.match(r.text, known.indexed ? new RegExp(`${known.backlinks.toLocaleString('en')} backlinks from ${known.referring_domains.toLocaleString('en')} referring domains in the index`)
        : /no backlinks in the index/, where);
      // Each line sits under its result's title, in the page's flow.
      assert.ok(r.box && r.box.bottom > r.box.top, `${where}: line drawn`);
    }
    if (apiPort) {
      assert.equal(s.serp.calls, 1, `${where}: the results' scores in one batch call`);
      // That call and the overlay's own batch for the page's other links; nothing per result.
      assert.ok(batches() - before <= 2, `${where}: ${batches() - before} batch calls`);
      const scored = serpResults.filter((r) => badgeScores[r.domain].authority_score !== null).length;
      assert.match(s.legend, new RegExp(`${s.serp.results.length} organic results, ${scored} with an Authority Score`));
    }
    // A result's title link gets its line, not also a floating badge.
    const links = (await report(tabId)).links;
    const hrefs = new Set(s.serp.results.map((r) => r.href));
    assert.deepEqual(s.badgeBoxes.filter((b) => hrefs.has(links[b.ordinal].url)), [], `${where}: no floating badge on a result`);
    await assertBadgesClearOfText(page, s, where);
    // Nor over a result's line (in a closed shadow root: no text the page can see).
    const onLines = s.badgeBoxes.filter((b) => s.serp.results.some(({ box: q }) => q && b.left < q.right && q.left < b.right && b.top < q.bottom && q.top < b.bottom));
    assert.deepEqual(onLines, [], `${where}: a badge over a result line`);
    await page.screenshot({ path: path.join(artifacts, `serp-${sp.host.replace(/\./g, '-')}.png`) });
    if (sp.engine === 'google') {
      // More results arrive as the user scrolls (Google's continuous scrolling): they get lines too.
      const more = `https://www.${serpResults[1].domain}/more/trail-shoes`;
      await page.evaluate((href) => {
        const copy = document.querySelector('#rso > .MjjYud').cloneNode(true);
        copy.querySelector('a:has(> h3)').href = href;
        copy.querySelector('linklens-serp-badge')?.remove();
        document.getElementById('rso').append(copy);
      }, more);
      let added = null;
      for (let i = 0; i < 50 && !added?.text; i++) {  // bounded: the observer's debounce is 300 ms
        await page.waitForTimeout(100);
        added = (await state(tabId)).serp.results.find((r) => r.target === more);
      }
      assert.ok(added?.text, `${where}: a result added later gets its line`);
      if (apiPort) assert.equal(added.domain, serpResults[1].domain);
    }
    await overlay(tabId, false);
    assert.equal((await state(tabId)).serp, null, `${where}: the lines go with the overlay`);
    assert.equal(await page.evaluate(() => document.querySelectorAll('linklens-serp-badge').length), 0);
    await page.close();
  }
});

test('real article pages under their own names, nothing else reachable: overlay, badges, one count, the panel', async (t) => {
  if (!realPages.length) {
    t.skip('no real data: ../shared/data/html-pages is missing');
    return;
  }
  let checked = 0;
  for (const rp of realPages) {
    const responses = [];
    const { page, tabId } = await open(rp.path, rp.host, { scheme: 'https', responses });
    await overlay(tabId);
    let s = null;
    for (let i = 0; i < 30; i++) {  // bounded: wait for the authority answer to settle
      await page.waitForTimeout(100);
      s = await state(tabId);
      if (!apiPort || s.badges.length + s.badgesInCard > 0) break;
    }
    // Drawn once more at the page's final layout, then measured at once.
    await overlay(tabId, false);
    await overlay(tabId);
    s = await state(tabId);
    const r = await report(tabId);
    const where = rp.url;
    const shown = r.links.filter((l) => !l.hidden).length;
    if (shown === 0) {
      // Some pages stay hidden until their own scripts (blocked here) run.
      console.log(`  ${rp.host}: ${r.links.length} links, none shown without the page's scripts: not checked`);
      await page.screenshot({ path: path.join(artifacts, `real-${rp.host}.png`), fullPage: true });
      await page.close();
      continue;
    }
    checked++;
    assert.ok(r.links.length > 0 && s.boxes > 0 && s.boxes <= shown, `${where}: ${s.boxes} boxes for ${shown} shown links`);
    assert.match(s.legend, new RegExp(`Linklens: ${r.links.length} links`));
    // Where the page's colour is known; an unknown one gets both rings (white in, black out).
    const measured = s.badgeColours.filter((c) => c.page !== 'unknown');
    if (measured.length) assertBadgeContrast(measured, null, where);
    const lines = await assertBadgesClearOfText(page, s, where);
    // Everything the tab received came from the page's own name on this machine.
    const elsewhere = responses.filter((u) => /^https?:/.test(u) && new URL(u).hostname !== rp.host);
    assert.deepEqual(elsewhere, [], `${where}: loaded from elsewhere`);
    assert.ok(sites.requests.includes(`${rp.host}${rp.path}`), `${where}: served on loopback`);
    if (checked === 1) {
      await dragLegend(page, tabId, s, -200, 300, where);  // off the article, by its title bar
      await page.screenshot({ path: path.join(artifacts, `real-${rp.host}-legend-moved.png`) });
    }
    // The whole page last: a full-page capture resizes the window for a moment.
    await page.screenshot({ path: path.join(artifacts, `real-${rp.host}.png`), fullPage: true });

    // The panel says the legend's numbers, and reads at 360 and 480 px.
    const ext = await context.newPage();
    await ext.goto(`chrome-extension://${extensionId}/src/panel.html?tab=${tabId}`);
    await ext.waitForSelector('#summary .stat[data-key="links"]');
    for (const key of ['links', 'follow', 'internal', 'external', 'other', 'hidden', 'malformed']) {
      const stat = ext.locator(`#summary .stat[data-key="${key}"] b`);
      const shownCount = (await stat.count()) ? Number(await stat.textContent()) : 0;  // a zero may be left out
      assert.equal(shownCount, s.legendCounts[key], `${where}: ${key}`);
    }
    await assertPanelFits(ext, `real-${rp.host}-panel`);
    console.log(`  ${rp.host}: ${r.links.length} links, ${s.boxes} boxes, ${s.badges.length} badges (${s.badgesInCard} in hover cards only), ` +
      `${lines} text lines clear, ${responses.length} responses all from ${rp.host}`);
    await ext.close();
    await overlay(tabId, false);
    await page.close();
  }
  assert.ok(checked >= 4, `${checked} of ${realPages.length} real pages show their links`);
});
