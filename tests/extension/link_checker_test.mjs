// The extension's broken-link checker under node's test runner, against a real HTTP server on
// 127.0.0.1: ok, broken (404, 500), redirects followed, a closed port and a timeout reported as
// "unverified" (never "broken"), one request at a time per host, each URL once.
import './tools_node.mjs';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { checkLinks } = await import(path.join(repo, 'extension', 'src', 'link_checker.js'));

let server, base, inFlight = 0, maxInFlight = 0, hits = {};
before(async () => {
  server = http.createServer((req, res) => {
    hits[req.url] = (hits[req.url] ?? 0) + 1;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const done = (status, headers = {}) => { inFlight--; res.writeHead(status, headers); res.end('x'); };
    if (req.url === '/ok') return setTimeout(() => done(200), 20);
    if (req.url === '/gone') return done(404);
    if (req.url === '/error') return done(500);
    if (req.url === '/moved') return done(301, { Location: '/ok' });
    if (req.url === '/slow') return setTimeout(() => done(200), 3000);
    return done(404);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

test('statuses: ok, broken, redirected, unverified', async () => {
  const links = ['/ok', '/gone', '/error', '/moved', '/slow', '/ok'].map((p) => ({ url: base + p }));
  links.push({ url: 'http://127.0.0.1:1/' }, { url: 'mailto:a@b.example' });
  const { checked, results } = await checkLinks(links, { timeoutMs: 1000 });
  assert.equal(checked, 6, 'each http(s) URL once; mailto is not checked');
  assert.equal(results[`${base}/ok`].status, 'ok');
  assert.deepEqual([results[`${base}/gone`].status, results[`${base}/gone`].http_status], ['broken', 404]);
  assert.equal(results[`${base}/error`].http_status, 500);
  assert.equal(results[`${base}/moved`].status, 'ok');
  assert.equal(results[`${base}/moved`].final_url, `${base}/ok`);
  assert.equal(results[`${base}/slow`].status, 'unverified');
  assert.match(results[`${base}/slow`].reason, /timed out/);
  assert.equal(results['http://127.0.0.1:1/'].status, 'unverified');
  assert.equal(maxInFlight, 1, 'one request at a time per host');
  assert.equal(hits['/gone'], 1);
});
