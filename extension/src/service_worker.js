// The extension's service worker: runs the WebAssembly core (a page's CSP may forbid wasm in a
// content script, never here), keeps each tab's latest report, and talks to the Linklens server.
// Service workers are stopped at any time: everything a later event needs is in
// chrome.storage.session (reports, authority cache) or chrome.storage.local (settings).
import { createLinklens } from '../core/linklens.mjs';
import {
  authorityFor, serverAudit, serverGap, serverKeep, serverOverview, serverWatch, serverWatchState, loadSettings,
} from './server_client.js';
import { checkLinks } from './link_checker.js';
import './protocol.js';

const { MESSAGES, DRAW_FIELDS, CARD_FIELDS } = globalThis.linklensProtocol;
// The content script, in order: the protocol and the search-result rules, then its parts
// (content/main.js runs them).
const CONTENT_SCRIPTS = ['src/protocol.js', 'src/content/serp_rules.js', 'src/content/collect.js', 'src/content/badge_layout.js',
  'src/content/overlay.js', 'src/content/serp.js', 'src/content/main.js'];

// The search engines whose result pages get result lines (data: src/serp_engines.json).
let enginesPromise = null;
function serpEngines() {
  enginesPromise ??= fetch(chrome.runtime.getURL('src/serp_engines.json')).then((r) => r.json()).then((d) => d.engines);
  return enginesPromise;
}

// Search results' targets -> their registrable domains (the core's PSL), scored in one batch:
// {configured, calls (server calls made: 0 when every domain was cached), results: {url: {domain,
// authority_score, authority_source, indexed, backlinks, referring_domains}}}.
async function serpScores(urls, settings) {
  const ll = await core();
  const domainOf = new Map();
  for (const u of urls) {
    const parts = ll.registrableDomain(u);
    if (parts) domainOf.set(u, parts.registrableDomain ?? parts.host);
  }
  const { configured, scores, calls = 0 } = await authorityFor([...domainOf.values()], settings);
  const results = {};
  for (const [u, domain] of domainOf) results[u] = { domain, indexed: false, authority_score: null, ...(scores[domain] ?? {}) };
  return { configured, calls, results };
}

let corePromise = null;
function core() {
  // An aborted module (the core has no exceptions: running out of memory on a huge page aborts)
  // answers nothing again: the next page gets a new one.
  const onAbort = () => { corePromise = null; };
  corePromise ??= fetch(chrome.runtime.getURL('core/linklens_core.wasm'))
    .then((r) => r.arrayBuffer())
    .then((wasmBinary) => createLinklens({ wasmBinary, onAbort }));
  return corePromise;
}
core();  // compiled while the worker starts, not when the first page asks

const reportKey = (tabId) => `report:${tabId}`;
const memoryReports = new Map();  // tabId -> report JSON text

// Reports are kept as JSON text: one string crosses messaging and storage far faster than an
// object of thousands of links.
// Storing costs the worker's thread about a quarter of a second per megabyte: small reports are
// stored (they survive the worker being stopped), large ones live in memory and are collected
// again if the worker restarts.
const STORED_REPORT_MAX = 1_000_000;
function saveReport(tabId, json) {
  memoryReports.set(tabId, json);
  if (json.length < STORED_REPORT_MAX) return chrome.storage.session.set({ [reportKey(tabId)]: json });
  return chrome.storage.session.remove(reportKey(tabId));
}

async function loadReport(tabId) {
  let json = memoryReports.get(tabId);
  if (json === undefined) json = (await chrome.storage.session.get(reportKey(tabId)))[reportKey(tabId)];
  return json === undefined ? null : JSON.parse(json);
}

// Each tab's latest classification: tabId -> { seq, settled, done, rawHtml }, done resolving once
// the whole report is kept to {raw: the raw-HTML comparison ({links, rendered_only: [index...]}
// or null), cards: each link as a row of CARD_FIELDS (JSON text)}, settled once it has; rawHtml
// (html) hands it the raw HTML to compare (null: none), once.
const finishing = new Map();
// How long a classification waits for its raw HTML (linklens:raw-comparison) before it finishes
// without the comparison: a content script that went away (the tab navigated) sends none. The
// wait starts with the classification; the content script sends the HTML once it is read.
const RAW_HTML_WAIT_MS = 10_000;

// DOM facts as JSON text and the raw HTML's headers in (an X-Robots-Tag nofollow changes every
// link's status); the overlay's rows out at once, as JSON text: each link a row of DRAW_FIELDS
// (protocol.js), a twelfth of the whole report's bytes. The raw HTML itself comes next, with
// linklens:raw-comparison, which the content script sends once it has the rows and the text: on
// a page of 5,000 links it is a third of a megabyte that the rows no longer wait behind. The
// raw-HTML comparison (links only the rendered DOM has are marked rendered_only), the rows of
// CARD_FIELDS and the whole report are made then, while the page draws, and are that message's
// answer.
async function classify(tabId, seq, domJson, raw, settings) {
  const ll = await core();
  // The headers go in now: an X-Robots-Tag nofollow changes every link's effective status.
  const page = ll.classifyPage(domJson, { headers: raw?.headers ?? {}, brand: settings.brand ?? '', keywords: settings.keywords ?? [] });
  let rows;
  try {
    rows = page.rowsJson(DRAW_FIELDS);
  } catch (e) {
    page.dispose();
    throw e;
  }
  // A request that arrives after a later one of the same page (messages may overtake each other)
  // gets its rows, which the content script drops; the later one's report is the page's.
  if (finishing.get(tabId)?.seq > seq) {
    page.dispose();
    return rows;
  }
  const entry = { seq, settled: false };
  const rawHtml = new Promise((resolve) => {
    const waited = setTimeout(() => resolve(null), RAW_HTML_WAIT_MS);
    entry.rawHtml = (html) => {
      clearTimeout(waited);
      resolve(typeof html === 'string' ? html : null);
    };
  });
  entry.done = rawHtml.then((html) => new Promise((resolve, reject) => setTimeout(() => {
    try {
      // Replaced by a later classification, or its tab forgotten: nobody will read the rest.
      if (finishing.get(tabId) !== entry) {
        resolve({ stale: true });
        return;
      }
      const comparison = html !== null ? page.compareRaw(html) : null;
      const cards = page.rowsJson(CARD_FIELDS);
      saveReport(tabId, page.reportJson()).catch(() => {});  // the tab's latest (checked above)
      resolve({ raw: comparison, cards });
    } catch (e) {
      reject(e);
    } finally {
      entry.settled = true;
      page.dispose();
    }
  }, 0)));
  entry.done.catch(() => {});
  abandon(tabId);  // the classification this one replaces
  finishing.set(tabId, entry);
  return rows;
}

// The tab's classification that waits for its raw HTML gets none any more: it finishes now,
// frees its page and keeps nothing (a later one replaces it, or the tab is forgotten).
function abandon(tabId) {
  finishing.get(tabId)?.rawHtml?.(null);
}

// The raw-HTML comparison and the card rows of the tab's classification `seq`, given the page's
// raw HTML (null when the content script could not fetch it): {raw, cards}; {stale: true} when a
// later classification replaced it (or the worker was restarted in between). Answered once: the
// entry (a megabyte of card rows on a big page) goes with it.
async function rawComparison(tabId, seq, html) {
  const entry = finishing.get(tabId);
  if (!entry || entry.seq !== seq) return { stale: true };
  entry.rawHtml?.(html ?? null);
  try {
    return await entry.done;
  } finally {
    if (finishing.get(tabId) === entry) finishing.set(tabId, { seq, settled: true, done: Promise.resolve(null) });
  }
}

// Until the tab's latest report is kept (a later classification may start meanwhile).
async function reportsFinished(tabId) {
  for (let entry = finishing.get(tabId); entry && !entry.settled; entry = finishing.get(tabId)) {
    await entry.done.catch(() => {});
  }
}

async function injectContentScript(tabId) {
  await chrome.scripting.executeScript({ target: { tabId }, files: CONTENT_SCRIPTS });
}

// Toolbar button and keyboard shortcut: show or hide the overlay on the tab.
async function toggleOverlay(tabId, { show } = {}) {
  await injectContentScript(tabId);
  return chrome.tabs.sendMessage(tabId, { type: MESSAGES.overlay, show, engines: await serpEngines() });
}

async function activeTabId() {
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id;
}

// Whether a kept report is of the page the tab shows now (pageUrl: the tab's URL, fragment aside,
// read once per page report; null when it cannot be read). forget() runs
// when a navigation starts and when it commits, but a classification the old page sent just
// before can still arrive after both and keep that page's report for the tab; and a page that
// changes its URL itself (history.pushState) is another page for the report. True when the tab's
// URL cannot be read (no host permission, and no activeTab grant for this page): then nothing
// says otherwise.
function reportOfPage(report, pageUrl) {
  const kept = withoutFragment(report?.page?.url);
  return pageUrl === null || kept === null || kept === pageUrl;
}

function withoutFragment(u) {
  try {
    const url = new URL(u);
    url.hash = '';
    return url.href;
  } catch {
    return null;  // none, or not a URL
  }
}

// The message contract (README, "Extension"): linklens:page-report answers {page, links} for the
// given or active tab, collecting the page first when nothing is known of it (or what is known is
// of a page the tab has left).
async function pageReport(tabId, { fresh = false } = {}) {
  tabId ??= await activeTabId();
  if (tabId === undefined) return { error: 'no active tab' };
  await reportsFinished(tabId);
  const [kept, tab] = await Promise.all([fresh ? null : loadReport(tabId), chrome.tabs.get(tabId).catch(() => null)]);
  const pageUrl = withoutFragment(tab?.url);
  let report = kept && reportOfPage(kept, pageUrl) ? kept : null;
  if (!report) {
    await injectContentScript(tabId);
    await chrome.tabs.sendMessage(tabId, { type: MESSAGES.collect });
    // Still another page's when the collection failed: nothing, rather than that page's report.
    const collected = await loadReport(tabId);
    report = collected && reportOfPage(collected, pageUrl) ? collected : null;
  }
  return report ?? { error: 'the page could not be read' };
}

chrome.runtime.onMessage.addListener((message, sender, respond) => {
  const handle = async () => {
    const settings = await loadSettings();
    switch (message?.type) {
      case MESSAGES.classify: {
        const started = performance.now();
        const json = await classify(sender.tab.id, message.seq, message.domJson, message.raw, settings);
        return { json, worker_ms: performance.now() - started };
      }
      case MESSAGES.rawComparison: return rawComparison(sender.tab.id, message.seq, message.html);
      case MESSAGES.pageReport: return pageReport(message.tabId, { fresh: Boolean(message.fresh) });
      case MESSAGES.authority: return authorityFor(message.domains, settings);
      case MESSAGES.serpScores: return serpScores(message.urls ?? [], settings);
      case MESSAGES.overview: return serverOverview(message.domain, settings);
      case MESSAGES.audit: return serverAudit(message.domain, settings);
      case MESSAGES.keepDomain: return serverKeep(message.target, message.domain, settings);
      case MESSAGES.watchState: return serverWatchState(message.domain, settings);
      case MESSAGES.watchDomain: return serverWatch(message.domain, settings);
      case MESSAGES.gap: return serverGap(message.targets, settings, { csv: Boolean(message.csv) });
      case MESSAGES.toggle: return toggleOverlay(message.tabId ?? (await activeTabId()), { show: message.show });
      case MESSAGES.overlayState: {
        const tabId = message.tabId ?? (await activeTabId());
        return chrome.tabs.sendMessage(tabId, { type: MESSAGES.overlayState, ordinal: message.ordinal });
      }
      case MESSAGES.checkLinks: {
        const report = await pageReport(message.tabId);
        return checkLinks(report.links ?? [], { timeoutMs: message.timeoutMs });
      }
      default: return { error: `unknown message ${String(message?.type)}` };
    }
  };
  handle().then(respond, (e) => respond({ error: String(e?.message ?? e) }));
  return true;  // answered asynchronously
});

chrome.action.onClicked.addListener(async (tab) => {
  chrome.sidePanel.open({ tabId: tab.id }).catch(() => {});  // needs the click's user gesture
  await toggleOverlay(tab.id);
});

chrome.commands.onCommand.addListener(async (command, tab) => {
  if (command === 'toggle-overlay' && tab?.id !== undefined) await toggleOverlay(tab.id);
});

function forget(tabId) {
  memoryReports.delete(tabId);
  abandon(tabId);
  finishing.delete(tabId);
  chrome.storage.session.remove(reportKey(tabId));
}
chrome.tabs.onRemoved.addListener(forget);
chrome.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') forget(tabId);  // a new page: the old report is not its
});

// For the end-to-end tests (and power users in the worker console): the same functions the
// toolbar button and messages use.
globalThis.linklens = { toggleOverlay, pageReport, core };
