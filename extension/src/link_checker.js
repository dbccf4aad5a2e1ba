// On-demand broken-link check. GET (many servers answer HEAD wrongly), redirects followed, at most
// one request at a time per host with a pause between them, and a distinct "unverified" status
// when the answer cannot be read (no host permission, CORS, network error, timeout): a link we
// could not check is not called broken.
const PER_HOST_GAP_MS = 250;

async function checkOne(url, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const r = await fetch(url, { method: 'GET', redirect: 'follow', signal: controller.signal, credentials: 'omit', cache: 'no-store' });
    r.body?.cancel().catch(() => {});
    if (r.type === 'opaque' || r.status === 0) return { status: 'unverified', reason: 'the answer could not be read (no host access)' };
    return { status: r.ok ? 'ok' : 'broken', http_status: r.status, final_url: r.url };
  } catch (e) {
    return { status: 'unverified', reason: controller.signal.aborted ? 'timed out' : `could not connect (${e.message})` };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkLinks(links, { timeoutMs = 8000 } = {}) {
  const urls = [...new Set(links.filter((l) => l.url.startsWith('http')).map((l) => l.url))];
  const byHost = new Map();
  for (const u of urls) {
    const host = new URL(u).host;
    if (!byHost.has(host)) byHost.set(host, []);
    byHost.get(host).push(u);
  }
  const results = {};
  await Promise.all([...byHost.values()].map(async (list) => {
    for (const u of list) {
      results[u] = await checkOne(u, timeoutMs ?? 8000);
      await new Promise((r) => setTimeout(r, PER_HOST_GAP_MS));
    }
  }));
  return { checked: urls.length, results };
}
