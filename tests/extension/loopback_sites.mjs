// Sites under their own host names, served over https on 127.0.0.1 for the end-to-end test:
// the search engines' fixture pages and real article pages of ../shared/data. Chromium reaches
// them through --host-resolver-rules (each name mapped to this server, every other name
// unresolvable) and accepts the server's throwaway certificate with --ignore-certificate-errors,
// so the run needs no network and no page can load anything from elsewhere.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import zlib from 'node:zlib';

// Real article pages (html-pages/scrapinghub-article-extraction-benchmark), `count` of them from
// distinct hosts, in the order of their file names: [{host, path, url, html}]. None when the
// data is missing.
export function realArticlePages(dataDir, count) {
  const dir = path.join(dataDir, 'html-pages', 'scrapinghub-article-extraction-benchmark');
  if (!existsSync(path.join(dir, 'ground-truth.json'))) return [];
  const truth = JSON.parse(readFileSync(path.join(dir, 'ground-truth.json'), 'utf8'));
  const pages = [];
  const hosts = new Set();
  for (const sha of Object.keys(truth).sort()) {
    const u = new URL(truth[sha].url);
    if (hosts.has(u.hostname) || u.hostname === 'localhost') continue;
    hosts.add(u.hostname);
    const html = zlib.gunzipSync(readFileSync(path.join(dir, 'html', `${sha}.html.gz`)));
    // Served over https whatever the page's own scheme: one server answers every mapped name.
    pages.push({ host: u.hostname, path: u.pathname + u.search, url: `https://${u.hostname}${u.pathname}${u.search}`, html, sha });
    if (pages.length === count) break;
  }
  return pages;
}

// An https server on 127.0.0.1 answering `pages` ([{host, path, html}]) by Host header and
// path; anything else is a 404. `requests` records every request it got (host + path).
export async function startLoopbackSites(pages, tmpDir) {
  const key = path.join(tmpDir, 'sites-key.pem'), cert = path.join(tmpDir, 'sites-cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=linklens-e2e-sites'], { stdio: 'ignore' });
  const byUrl = new Map(pages.map((p) => [`${p.host}${p.path}`, p]));
  const requests = [];
  const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    requests.push(`${host}${req.url}`);
    const p = byUrl.get(`${host}${req.url}`);
    if (!p) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found'); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(p.html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: server.address().port, requests, hosts: [...new Set(pages.map((p) => p.host))] };
}
