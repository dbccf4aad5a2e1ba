// The side panel: the active tab's page report (summary, page-level directives, every link with
// filters, sort, search and export), the broken-link check, and the domain card from the
// Linklens server with its charts. Page-derived strings are only ever set as text.
import { bars, histogram, timeline, venn } from './charts.js';
import './protocol.js';

const { MESSAGES, STATUS_COLOURS, statusOf, problemOf, reportCounts, authoritySourceLabel } = globalThis.linklensProtocol;

const $ = (id) => document.getElementById(id);
// panel.html?tab=ID pins the panel to one tab (opened as a page); otherwise it follows the active tab.
const pinnedTab = Number(new URLSearchParams(location.search).get('tab')) || undefined;
let report = null;
let checks = {};
let sortKey = 'ordinal';
let sortAsc = true;

// The compact list's columns (the rest of a link's facts show when its row is opened).
const COLUMNS = [['status', 'Status'], ['anchor', 'Anchor'], ['host', 'Target'], ['placement', 'Placement']];
const expanded = new Set();  // ordinals of the opened rows

// Status pills take their colours from the protocol, like the overlay's boxes.
const pillStyle = document.createElement('style');
pillStyle.textContent = Object.entries(STATUS_COLOURS).map(([s, c]) => `.pill.${s} { background: ${c}; }`).join('\n');
document.head.append(pillStyle);

function text(tag, value, className) {
  const e = document.createElement(tag);
  e.textContent = value;
  if (className) e.className = className;
  return e;
}

// A grid of figures: [[label, value]...]; each cell carries data-key=label.
function statGrid(pairs) {
  const grid = document.createElement('div');
  grid.className = 'stats';
  for (const [k, v] of pairs) {
    const s = document.createElement('div');
    s.className = 'stat';
    s.dataset.key = k;
    s.append(text('b', String(v)), text('span', k));
    grid.append(s);
  }
  return grid;
}

function count(list, key) {
  const out = {};
  for (const l of list) out[key(l)] = (out[key(l)] ?? 0) + 1;
  return out;
}

function renderDirectives() {
  const box = $('directives');
  box.replaceChildren();
  const p = report.page;
  const robots = p.robots ?? {};
  box.append(text('h2', 'Page'));
  box.append(text('div', `URL: ${p.url}`));
  if (p.canonical) box.append(text('div', `Canonical: ${p.canonical}${p.canonical === p.url ? ' (self)' : ''}`));
  const sources = p.robots_sources ?? [];
  box.append(text('div', `Robots: ${sources.length ? sources.join('; ') : 'none (index, follow)'}`));
  if (robots.nofollow) box.append(text('div', 'This page is nofollow: none of its links pass equity.', 'warn'));
  if (robots.noindex) box.append(text('div', 'This page is noindex.', 'warn'));
  box.append(text('div', report.raw ? `Raw HTML compared: ${report.raw.links} links in the HTML a crawler reads`
                                    : 'Raw HTML not compared', 'muted'));
}

function renderSummary() {
  const box = $('summary');
  box.replaceChildren(text('h2', 'Summary'));
  const links = report.links;
  // The overlay's legend counts with the same function: one set of numbers for one report.
  const c = reportCounts(links);
  const stats = [['links', c.links]];
  for (const key of ['follow', 'nofollow', 'sponsored', 'ugc', 'internal', 'subdomain', 'external', 'other']) {
    if (c[key]) stats.push([key, c[key]]);
  }
  stats.push(['hidden', c.hidden], ['rendered only', c.rendered_only]);
  if (c.malformed) stats.push(['malformed', c.malformed]);
  box.append(statGrid(stats));
  box.append(text('h2', 'Placement'));
  box.append(bars(Object.entries(count(links, (l) => l.placement)).map(([label, value]) => ({ label, value })), { title: 'links by placement', xLabel: 'links', yLabel: 'placement' }));
  box.append(text('h2', 'Anchor classes'));
  box.append(bars(Object.entries(count(links, (l) => l.anchor_class)).map(([label, value]) => ({ label, value })), { colour: '#7c3aed', title: 'anchor classes', xLabel: 'links', yLabel: 'anchor class' }));
}

function filtered() {
  const q = $('search').value.trim().toLowerCase();
  const f = $('f-follow').value, s = $('f-scope').value, p = $('f-placement').value, r = $('f-rendered').checked;
  const matchesStatus = (l) => (f === 'malformed' ? Boolean(problemOf(l)) : f === 'broken' ? checks[l.url]?.status === 'broken' : statusOf(l) === f);
  const rows = report.links.filter((l) => (!f || matchesStatus(l)) && (!s || l.scope === s) && (!p || l.placement === p) &&
    (!r || l.rendered_only) && (!q || l.anchor.toLowerCase().includes(q) || l.url.toLowerCase().includes(q)));
  const value = (l) => (sortKey === 'status' ? statusOf(l) : sortKey === 'check' ? checks[l.url]?.status ?? '' : l[sortKey] ?? '');
  rows.sort((a, b) => {
    const x = value(a), y = value(b);
    const c = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
    return sortAsc ? c : -c;
  });
  return rows;
}

// One link's facts, opened under its row.
function detailRow(l) {
  const row = document.createElement('tr');
  row.className = 'detail';
  const cell = document.createElement('td');
  cell.colSpan = COLUMNS.length;
  const list = document.createElement('dl');
  const c = checks[l.url];
  const facts = [['#', String(l.ordinal)], ['Target', l.url || l.href], ['Anchor', l.anchor || '(empty)'],
    ['Class', l.anchor_class], ['Scope', l.scope], ['Follow', `${l.follow}${l.effective_follow !== l.follow ? ` (effective ${l.effective_follow})` : ''}`],
    ['Kind', l.kind], ['Weight', l.weight.toFixed(2)]];
  if (l.context) facts.push(['Context', l.context]);
  if (c) facts.push(['Check', `${c.status}${c.http_status ? ` ${c.http_status}` : ''}`]);
  if (problemOf(l)) facts.push(['Malformed', problemOf(l)]);
  if (l.hidden) facts.push(['Hidden', 'yes']);
  if (l.rendered_only) facts.push(['Rendered only', 'yes: not in the raw HTML']);
  for (const [k, v] of facts) list.append(text('dt', k), text('dd', v));
  cell.append(list);
  row.append(cell);
  return row;
}

function renderTable() {
  const table = $('links');
  if (!table.querySelector('colgroup')) {
    const cols = document.createElement('colgroup');
    for (const [key] of COLUMNS) {
      const col = document.createElement('col');
      col.className = key;
      cols.append(col);
    }
    table.prepend(cols);
  }
  const head = table.tHead;
  head.replaceChildren();
  const tr = document.createElement('tr');
  for (const [key, label] of COLUMNS) {
    const th = text('th', label + (sortKey === key ? (sortAsc ? ' ▲' : ' ▼') : ''));
    th.addEventListener('click', () => {
      sortAsc = sortKey === key ? !sortAsc : true;
      sortKey = key;
      renderTable();
    });
    tr.append(th);
  }
  head.append(tr);
  const body = $('links').tBodies[0];
  const rows = filtered();
  const fragment = document.createDocumentFragment();
  for (const l of rows.slice(0, 2000)) {
    const row = document.createElement('tr');
    row.className = 'link';
    row.dataset.ordinal = String(l.ordinal);
    const status = statusOf(l);
    const cell = document.createElement('td');
    cell.className = 'clip';
    // A problem shows in place of the status (the status stays in the details).
    const c = checks[l.url];
    if (problemOf(l)) cell.append(text('span', 'malformed', 'pill malformed'));
    else if (c && c.status !== 'ok') cell.append(text('span', c.status, `pill check-${c.status}`));
    else cell.append(text('span', status, `pill ${status}`));
    const anchor = text('td', l.anchor || '(empty)', 'clip');
    anchor.title = l.anchor;
    const target = text('td', l.host || l.url || l.href, 'clip');
    target.title = l.url || l.href;
    row.append(cell, anchor, target, text('td', l.placement, 'clip'));
    if (l.rendered_only) row.title = 'only in the rendered page';
    const open = expanded.has(l.ordinal);
    row.setAttribute('aria-expanded', String(open));
    row.tabIndex = 0;  // reachable by keyboard: Enter or Space opens it
    const toggle = () => {
      if (expanded.has(l.ordinal)) expanded.delete(l.ordinal);
      else expanded.add(l.ordinal);
      renderTable();
      body.querySelector(`tr.link[data-ordinal="${l.ordinal}"]`)?.focus();
    };
    row.addEventListener('click', toggle);
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); }
    });
    fragment.append(row);
    if (open) fragment.append(detailRow(l));
  }
  body.replaceChildren(fragment);
  $('status').textContent = `${rows.length} of ${report.links.length} links shown${rows.length > 2000 ? ' (first 2000 drawn)' : ''}`;
}

function download(name, type, content) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([content], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function csvCell(v) {
  let s = Array.isArray(v) ? v.join(' ') : String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;  // a spreadsheet must not run page text as a formula
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const CSV_FIELDS = ['ordinal', 'url', 'anchor', 'anchor_class', 'follow', 'effective_follow', 'rel', 'scope', 'placement', 'kind',
  'hidden', 'rendered_only', 'weight', 'position', 'title', 'target'];

function exportCsv() {
  const lines = [CSV_FIELDS.join(',')];
  for (const l of filtered()) lines.push(CSV_FIELDS.map((f) => csvCell(l[f])).join(','));
  download('linklens-links.csv', 'text/csv', `${lines.join('\r\n')}\r\n`);
}

async function renderDomainCard() {
  const box = $('domain-card');
  box.replaceChildren();
  if (!report.page.domain) return;
  let answer;
  try {
    answer = await chrome.runtime.sendMessage({ type: MESSAGES.overview, domain: report.page.domain });
  } catch (e) {
    answer = { error: e.message };
  }
  if (!answer?.configured) {
    box.append(text('p', answer?.error ? `Server: ${answer.error}` : 'Set a Linklens server in the options for authority and backlinks.', 'muted'));
    return;
  }
  const o = answer.overview;
  box.append(text('h2', `Domain: ${o.domain}`));
  box.append(watchRow(o.domain));
  const score = o.authority_score === null ? '–' : o.authority_score.toFixed(1);
  const source = text('p', `Authority Score from ${authoritySourceLabel(o.authority_source)}` +
    (o.index_authority_score !== null && o.authority_source !== 'index' ? ` (this index: ${o.index_authority_score.toFixed(1)})` : ''), 'muted');
  source.dataset.source = o.authority_source;
  const trend = () => {
    if (!answer.trend?.length) return;
    box.append(text('h2', 'Authority Score trend'));
    box.append(histogram(answer.trend.map((p) => ({ label: p.date.slice(0, 7), value: p.authority_score })), { colour: '#0891b2', title: 'Authority Score per web-graph release', xLabel: 'web-graph release', yLabel: 'score' }));
  };
  if (!o.indexed) {
    box.append(statGrid([['authority', score]]), source);
    box.append(text('p', 'Not in the index.', 'muted'));
    trend();
    return;
  }
  box.append(statGrid([['authority', score], ['backlinks', o.backlinks], ['referring domains', o.referring_domains],
    ['new (last snapshot)', o.last_snapshot.new_backlinks], ['lost (last snapshot)', o.last_snapshot.lost_backlinks]]));
  box.append(source);
  trend();
  box.append(text('h2', 'Top anchors'));
  const list = document.createElement('ol');
  for (const a of o.top_anchors.slice(0, 5)) list.append(text('li', `${a.anchor || '(empty)'} (${a.referring_domains} domains)`));
  box.append(list);
  box.append(text('h2', 'Referring domains by authority'));
  box.append(histogram(answer.buckets.map((b) => ({ label: String(b.from), value: b.referring_domains })), { title: 'referring domains by authority', xLabel: 'Authority Score (from)', yLabel: 'domains' }));
  box.append(text('h2', 'Anchor classes'));
  box.append(bars(Object.entries(o.anchor_classes).map(([label, value]) => ({ label, value })), { colour: '#7c3aed', title: 'anchor classes of backlinks', xLabel: 'backlinks', yLabel: 'anchor class' }));
  box.append(text('h2', 'New and lost per snapshot'));
  box.append(timeline(answer.history.map((h) => ({ label: `#${h.snapshot}`, up: h.new_backlinks, down: h.lost_backlinks })), { title: 'new and lost backlinks', xLabel: 'snapshot', yLabel: 'backlinks' }));
  if (answer.lost?.length) box.append(lostList(answer.lost, o.last_snapshot.lost_backlinks));
  const full = document.createElement('a');
  full.href = `${answer.serverUrl}/v1/overview?target=${encodeURIComponent(o.domain)}`;
  full.target = '_blank';
  full.textContent = 'Full report (JSON)';
  full.className = 'report-link';
  box.append(full);
}

const LOST_REASONS = {
  page_error: 'the page now answers an error',
  redirected: 'the page now redirects elsewhere',
  link_removed: 'the link was removed from the page',
};

// The backlinks lost in the latest snapshot (the first ten), each with why it was lost.
function lostList(lost, total) {
  const wrap = document.createElement('div');
  wrap.id = 'lost';
  wrap.append(text('h2', `Lost in the last snapshot (${total})`));
  const list = document.createElement('ul');
  for (const l of lost) {
    const item = text('li', `${l.source_url}${l.anchor ? ` ("${l.anchor}")` : ''}: ${LOST_REASONS[l.lost_reason] ?? l.lost_reason}`);
    item.dataset.reason = l.lost_reason;
    list.append(item);
  }
  wrap.append(list);
  return wrap;
}

// The watch state of the domain (the server's watches), with a button to watch it: new and lost
// backlinks and referring domains then reach its alerts feed (and a webhook set on the server).
function watchRow(domain) {
  const row = document.createElement('div');
  row.id = 'watch';
  row.className = 'row';
  const show = (w) => {
    const counts = w.alerts ?? {};
    const waiting = (counts.pending ?? 0) + (counts.feed ?? 0) + (counts.delivered ?? 0) + (counts.failed ?? 0);
    row.dataset.state = 'watched';
    const feed = document.createElement('a');
    feed.href = w.feed_url;
    feed.target = '_blank';
    feed.textContent = 'alerts feed';
    row.replaceChildren(text('span', `Watched since ${w.created_at.slice(0, 10)}: ${waiting} alerts` +
      (w.webhook_url ? ', with a webhook' : ''), 'muted'), feed);
  };
  const offer = (error) => {
    row.dataset.state = 'not-watched';
    const button = document.createElement('button');
    button.textContent = 'Watch this site';
    button.title = 'Be told of new and lost backlinks and referring domains (the server\'s alerts feed)';
    button.addEventListener('click', async () => {
      button.disabled = true;
      const made = await chrome.runtime.sendMessage({ type: MESSAGES.watchDomain, domain }).catch((e) => ({ error: e.message }));
      if (made?.watch) show(made.watch);
      else offer(made?.error ?? 'the server did not make the watch');
    });
    row.replaceChildren(button);
    if (error) row.append(text('span', error, 'warn'));
  };
  chrome.runtime.sendMessage({ type: MESSAGES.watchState, domain }).catch((e) => ({ error: e.message })).then((state) => {
    if (state?.watches?.length) show(state.watches[0]);
    else offer(state?.error);
  });
  return row;
}

async function renderAudit() {
  const box = $('audit');
  box.replaceChildren();
  if (!report.page.domain) return;
  const answer = await chrome.runtime.sendMessage({ type: MESSAGES.audit, domain: report.page.domain }).catch((e) => ({ error: e.message }));
  if (!answer?.configured || !answer.audit?.indexed) return;
  const a = answer.audit;
  box.append(text('h2', 'Backlink audit'));
  box.append(statGrid([['toxic share', `${(a.summary.toxic_share * 100).toFixed(0)}%`], ['to disavow', a.summary.by_action.disavow.referring_domains],
    ['to review', a.summary.by_action.review.referring_domains], ['referring domains', a.summary.referring_domains]]));
  if (a.summary.top_reasons.length) {
    box.append(text('div', 'Top reasons (referring domains to review or disavow):', 'muted'));
    box.append(bars(a.summary.top_reasons.map((r) => ({ label: r.signal, value: r.referring_domains })), { colour: '#dc2626', title: 'top reasons', xLabel: 'referring domains', yLabel: 'signal' }));
  }
  for (const f of a.findings) box.append(text('div', f.detail, f.severity === 'warning' ? 'warn' : 'muted'));
  box.append(auditDomainList(a));
}

// The referring domains with their verdicts, worst first, each with a Keep button: a kept domain
// is never reviewed or disavowed again (the server's keep list; writing needs the API key).
function auditDomainList(a) {
  const list = document.createElement('ul');
  list.className = 'audit-domains';
  for (const d of a.domains.slice(0, 30)) {
    const row = document.createElement('li');
    row.dataset.domain = d.domain;
    row.dataset.action = d.action;
    const reasons = d.reasons.filter((r) => r.contribution !== 0).map((r) => `${r.signal} ${r.contribution > 0 ? '+' : ''}${r.contribution}`);
    const verdict = text('span', d.action, `pill verdict-${d.action}`);
    row.append(verdict, text('span', d.domain, 'audit-domain'), text('span', String(Math.round(d.score)), 'muted'));
    row.title = d.reasons.map((r) => `${r.signal}: ${r.detail}`).join('\n');
    const keep = document.createElement('button');
    keep.textContent = d.kept ? 'Kept' : 'Keep';
    keep.disabled = d.kept;
    keep.title = 'Never review or disavow this domain for this site';
    keep.addEventListener('click', async () => {
      keep.disabled = true;
      const answer = await chrome.runtime.sendMessage({ type: MESSAGES.keepDomain, target: a.target, domain: d.domain })
        .catch((e) => ({ error: e.message }));
      if (answer?.settings?.keep?.includes(d.domain)) {
        keep.textContent = 'Kept';
        row.dataset.action = 'keep';
        verdict.textContent = 'keep';
        verdict.className = 'pill verdict-keep';
      } else {
        keep.disabled = false;
        row.append(text('div', answer?.error ?? 'the server did not keep it', 'warn'));
      }
    });
    row.append(keep);
    if (reasons.length) row.append(text('div', reasons.join('; '), 'muted audit-reasons'));
    list.append(row);
  }
  return list;
}

function gapTargets() {
  const others = $('competitors').value.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean).slice(0, 4);
  return [report.page.domain, ...others];
}

async function compare() {
  const box = $('gap-result');
  const targets = gapTargets();
  await chrome.storage.local.set({ competitors: targets.slice(1) });
  if (targets.length < 2) {
    box.replaceChildren(text('p', 'Name at least one competitor.', 'muted'));
    return;
  }
  const answer = await chrome.runtime.sendMessage({ type: MESSAGES.gap, targets }).catch((e) => ({ error: e.message }));
  box.replaceChildren();
  if (!answer?.configured) {
    box.append(text('p', answer?.error ?? 'Set a Linklens server in the options.', 'muted'));
    return;
  }
  const g = answer.gap;
  box.append(venn(g.targets, g.venn.map((v) => ({ targets: v.targets, value: v.referring_domains })), { title: 'referring domains shared' }));
  box.append(statGrid(Object.entries(g.categories)));
  const table = document.createElement('table');
  table.id = 'gap-table';
  const wrap = document.createElement('div');
  wrap.className = 'tablewrap scrollx';  // five targets' columns scroll inside their own box
  const head = document.createElement('tr');
  for (const h of ['Domain', 'Authority', 'Categories', ...g.targets]) head.append(text('th', h));
  table.append(head);
  for (const r of g.referring_domains.slice(0, 300)) {
    const row = document.createElement('tr');
    row.append(text('td', r.domain), text('td', r.authority.toFixed(1)), text('td', r.categories.join(', ')));
    for (const t of g.targets) row.append(text('td', String(r.backlinks[t])));
    table.append(row);
  }
  wrap.append(table);
  box.append(wrap);
}

async function load(fresh = false) {
  $('status').textContent = 'Reading the page…';
  expanded.clear();  // rows opened on another page stay closed here
  report = await chrome.runtime.sendMessage({ type: MESSAGES.pageReport, tabId: pinnedTab, fresh });
  if (!report || report.error) {
    $('status').textContent = `Cannot read this page: ${report?.error ?? 'no answer'}`;
    return;
  }
  $('page-title').textContent = report.page.title;
  renderDirectives();
  renderSummary();
  renderTable();
  renderDomainCard();
  renderAudit();
  const saved = await chrome.storage.local.get('competitors');
  if (saved.competitors?.length && !$('competitors').value) $('competitors').value = saved.competitors.join(', ');
}

for (const id of ['search', 'f-follow', 'f-scope', 'f-placement', 'f-rendered']) $(id).addEventListener('input', () => report && renderTable());
$('csv').addEventListener('click', exportCsv);
$('compare').addEventListener('click', compare);
$('gap-csv').addEventListener('click', async () => {
  const answer = await chrome.runtime.sendMessage({ type: MESSAGES.gap, targets: gapTargets(), csv: true });
  if (answer?.csv) download('linklens-gap.csv', 'text/csv', answer.csv);
});
$('json').addEventListener('click', () => download('linklens-report.json', 'application/json', JSON.stringify(report, null, 2)));
$('overlay').addEventListener('click', () => chrome.runtime.sendMessage({ type: MESSAGES.toggle, tabId: pinnedTab }));
$('reload').addEventListener('click', () => load(true));
$('check').addEventListener('click', async () => {
  // Reading other sites' answers needs host access: asked for here, on the user's click.
  await chrome.permissions.request({ origins: ['<all_urls>'] }).catch(() => false);
  $('status').textContent = 'Checking links…';
  const answer = await chrome.runtime.sendMessage({ type: MESSAGES.checkLinks, tabId: pinnedTab });
  checks = answer.results ?? {};
  const c = count(Object.values(checks), (r) => r.status);
  renderTable();
  $('status').textContent = `Checked ${answer.checked} URLs: ${c.ok ?? 0} ok, ${c.broken ?? 0} broken, ${c.unverified ?? 0} could not be verified`;
});

if (!pinnedTab) chrome.tabs.onActivated.addListener(() => load());
load();
