// The search-result rules under node's test runner: which pages are result pages of which
// engine (src/serp_engines.json), and where each engine's redirect links really go.
import './tools_node.mjs';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
await import(path.join(repo, 'extension', 'src', 'content', 'serp_rules.js'));
const { engineFor, resultTarget } = globalThis.linklensSerpRules;
const { engines } = JSON.parse(readFileSync(path.join(repo, 'extension', 'src', 'serp_engines.json'), 'utf8'));
const engine = (id) => engines.find((e) => e.id === id);

test('every engine entry has what the content script reads', () => {
  assert.deepEqual(engines.map((e) => e.id), ['google', 'bing', 'duckduckgo', 'duckduckgo-html']);
  for (const e of engines) {
    for (const key of ['name', 'host', 'path', 'resultLink', 'notInside', 'badgeAfter']) assert.equal(typeof e[key], 'string', `${e.id}.${key}`);
    assert.ok(e.redirects.length > 0, `${e.id} redirects`);
    for (const r of e.redirects) assert.ok(['plain', 'bing-a1'].includes(r.encoding), `${e.id}: encoding ${r.encoding}`);
  }
});

test('result pages are recognised by host, path and query', () => {
  const cases = [
    ['https://www.google.com/search?q=trail+shoes', 'google'],
    ['https://www.google.co.uk/search?q=x&hl=en', 'google'],
    ['https://www.google.de/search?q=x', 'google'],
    ['https://www.google.com/maps?q=x', null],
    ['https://www.google.com/search', null],  // no query: not a results page
    ['https://mail.google.com/search?q=x', null],
    ['https://www.google.com.evil.example/search?q=x', null],
    ['https://www.bing.com/search?q=x&form=QBLH', 'bing'],
    ['https://bing.com/search?q=x', 'bing'],
    ['https://www.bing.com/images/search?q=x', null],
    ['https://duckduckgo.com/?q=x&ia=web', 'duckduckgo'],
    ['https://html.duckduckgo.com/html/?q=x', 'duckduckgo-html'],
    ['https://html.duckduckgo.com/html/', 'duckduckgo-html'],  // the no-JavaScript edition posts its form
    ['https://lite.duckduckgo.com/lite/', 'duckduckgo-html'],
    ['https://duckduckgo.com/', null],
    ['https://duckduckgo.com/about?q=x', null],
    ['ftp://www.google.com/search?q=x', null],
    ['not a url', null],
  ];
  for (const [url, id] of cases) assert.equal(engineFor(url, engines)?.id ?? null, id, url);
});

test("each engine's redirects are unwrapped to the result's real target", () => {
  const cases = [
    ['google', 'https://www.google.com/url?q=https://shoes.example/trail%3Fa%3D1&sa=U&ved=2ah', 'https://shoes.example/trail?a=1'],
    ['google', 'https://www.google.com/url?sa=t&url=https%3A%2F%2Fwww.example.org%2F&usg=AOv', 'https://www.example.org/'],
    ['google', 'https://www.google.com/url?sa=t', null],  // a redirect without its target
    ['google', 'https://www.google.com/url?q=javascript:alert(1)', null],
    ['google', 'https://shoes.example/direct', 'https://shoes.example/direct'],
    ['google', 'https://evil.example/url?q=https://elsewhere.example/', 'https://evil.example/url?q=https://elsewhere.example/'],
    ['bing', 'https://www.bing.com/ck/a?!&&p=abc&u=a1aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20v&ntb=1', 'https://www.example.com/'],
    ['bing', 'https://www.bing.com/ck/a?!&&p=abc&u=a1aHR0cHM6Ly9leMOkbXBsZS5kZS_DvD94PTEmeT0y&ntb=1', 'https://xn--exmple-cua.de/%C3%BC?x=1&y=2'],
    ['bing', 'https://www.bing.com/ck/a?u=a1aHR0cHM6Ly9hLmV4YW1wbGUvcGF0aC90aGF0LW1ha2VzLXBhZGRpbmcx', 'https://a.example/path/that-makes-padding1'],
    ['bing', 'https://www.bing.com/ck/a?u=a1%%%notbase64', null],
    ['bing', 'https://www.bing.com/ck/a?u=a1_w', null],  // decodes to bytes that are not UTF-8
    ['bing', 'https://www.bing.com/ck/a?u=https%3A%2F%2Fplain.example%2F', 'https://plain.example/'],
    ['duckduckgo', 'https://duckduckgo.com/l/?uddg=https%3A%2F%2Fduck.example%2Fpage%3Fx%3D1&rut=abc', 'https://duck.example/page?x=1'],
    ['duckduckgo', 'https://duckduckgo.com/l?uddg=http%3A%2F%2Fold.example%2F', 'http://old.example/'],
    ['duckduckgo', 'https://duck.example/direct', 'https://duck.example/direct'],
    ['duckduckgo-html', 'https://duckduckgo.com/l/?uddg=https%3A%2F%2Flite.example%2F&rut=1', 'https://lite.example/'],
    ['duckduckgo', 'mailto:x@example.com', null],
    ['duckduckgo', '', null],
  ];
  for (const [id, href, target] of cases) assert.equal(resultTarget(href, engine(id)), target, `${id}: ${href}`);
});
