// The Linklens server, from the extension: settings, the per-page authority batch (one POST for
// every external domain of a page, cached), and the domain card's data.
const AUTHORITY_TTL_MS = 6 * 3600 * 1000;

export async function loadSettings() {
  const s = await chrome.storage.local.get(['serverUrl', 'apiKey', 'compareRaw', 'brand', 'keywords']);
  return {
    serverUrl: (s.serverUrl ?? '').replace(/\/+$/, ''),
    apiKey: s.apiKey ?? '',
    compareRaw: s.compareRaw ?? true,
    brand: s.brand ?? '',
    keywords: s.keywords ?? [],
  };
}

async function call(settings, path, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  if (settings.apiKey) headers.Authorization = `Bearer ${settings.apiKey}`;
  const response = await fetch(settings.serverUrl + path, { ...init, headers });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body?.error?.message ?? `HTTP ${response.status}`;
    throw new Error(`server: ${message}`);
  }
  return body;
}

// domains -> {domain: {authority_score, authority_source, referring_domains, backlinks, indexed}}
// (authority_score null: neither the web ranks nor the index know the domain); unknown servers
// answer {} (the overlay then shows no authority). Calls run one after another: each reads and
// writes the whole session cache, and a second call finds what the first one fetched.
let authorityQueue = Promise.resolve();
export function authorityFor(domains, settings) {
  const run = authorityQueue.then(() => fetchAuthority(domains, settings));
  authorityQueue = run.catch(() => {});
  return run;
}

async function fetchAuthority(domains, settings) {
  if (!settings.serverUrl) return { configured: false, scores: {} };
  const unique = [...new Set(domains.filter(Boolean))];
  const cache = (await chrome.storage.session.get('authority')).authority ?? {};
  const now = Date.now();
  const missing = unique.filter((d) => !(cache[d] && now - cache[d].at < AUTHORITY_TTL_MS));
  let calls = 0;
  for (let i = 0; i < missing.length; i += 1000) {
    calls++;
    const body = await call(settings, '/v1/authority', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ targets: missing.slice(i, i + 1000) }),
    });
    for (const r of body.results) {
      if (r.valid) {
        cache[r.domain] = {
          at: now, authority_score: r.authority_score ?? null, authority_source: r.authority_source ?? 'index',
          referring_domains: r.referring_domains, backlinks: r.backlinks, indexed: r.indexed,
        };
      }
    }
  }
  await chrome.storage.session.set({ authority: cache });
  const scores = {};
  for (const d of unique) if (cache[d]) scores[d] = cache[d];
  return { configured: true, scores, requested: missing.length, calls };
}

// What the panel's domain card draws: overview, authority histogram, history and the Authority
// Score trend (one point per imported web-graph release).
export async function serverOverview(domain, settings) {
  if (!settings.serverUrl) return { configured: false };
  const q = encodeURIComponent(domain);
  const [overview, distribution, history, trend] = await Promise.all([
    call(settings, `/v1/overview?target=${q}`),
    call(settings, `/v1/authority-distribution?target=${q}&bucket=10`),
    call(settings, `/v1/history?target=${q}`),
    call(settings, `/v1/authority-history?target=${q}`).catch(() => ({ history: [] })),  // an older server
  ]);
  // The backlinks lost in the latest snapshot, with why (lost_reason), when there are any.
  let lost = [];
  const last = overview.last_snapshot;
  if (overview.indexed && last?.lost_backlinks > 0) {
    const where = encodeURIComponent(`lost_in:eq:${last.id}`);
    lost = (await call(settings, `/v1/backlinks?target=${q}&where=${where}&select=source_url,anchor,lost_reason&limit=10`)
      .catch(() => ({ backlinks: [] }))).backlinks;  // an older server
  }
  return {
    configured: true, serverUrl: settings.serverUrl, overview, buckets: distribution.buckets, history: history.history,
    trend: trend.history ?? [], lost,
  };
}

// The audit summary of a domain (toxic share, top reasons, findings) for the panel.
export async function serverAudit(domain, settings) {
  if (!settings.serverUrl) return { configured: false };
  const audit = await call(settings, `/v1/audit?target=${encodeURIComponent(domain)}&limit=1`);
  return { configured: true, audit };
}

// Puts a referring domain on the target's keep list (the server's state database): its audit never
// reviews or disavows it again. A write: the server needs the API key set in the options, and
// this extension's origin in its cors_origins.
export async function serverKeep(target, domain, settings) {
  if (!settings.serverUrl) return { configured: false };
  const settingsAfter = await call(settings, '/v1/audit/keep', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ target, domains: [domain] }),
  });
  return { configured: true, settings: settingsAfter };
}

// Whether the server watches `domain` (a domain-mode watch of it): the watches with their alert
// counts and feed URLs (absolute), for the domain card.
export async function serverWatchState(domain, settings) {
  if (!settings.serverUrl) return { configured: false };
  const { watches } = await call(settings, '/v1/watches');
  const mine = watches.filter((w) => w.target === domain && w.mode === 'domain')
    .map((w) => ({ ...w, feed_url: settings.serverUrl + w.feed_url }));
  return { configured: true, watches: mine };
}

// Watches `domain` on the server: new and lost backlinks and referring domains, to its alerts
// feed (a webhook is set up over the API or in the server config). A write: the API key set in
// the options, and this extension's origin in the server's cors_origins.
export async function serverWatch(domain, settings) {
  if (!settings.serverUrl) return { configured: false };
  const { watch } = await call(settings, '/v1/watches', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ target: domain }),
  });
  return { configured: true, watch: { ...watch, feed_url: settings.serverUrl + watch.feed_url, secret: undefined } };
}

// A backlink gap of the browsed domain against competitors: JSON for the picture, CSV for export.
export async function serverGap(targets, settings, { csv = false } = {}) {
  if (!settings.serverUrl) return { configured: false };
  const q = `/v1/gap?targets=${encodeURIComponent(targets.join(','))}`;
  if (!csv) return { configured: true, gap: await call(settings, q) };
  const headers = settings.apiKey ? { Authorization: `Bearer ${settings.apiKey}` } : {};
  const r = await fetch(`${settings.serverUrl}${q}&format=csv`, { headers });
  if (!r.ok) throw new Error(`server: HTTP ${r.status}`);
  return { configured: true, csv: await r.text() };
}
