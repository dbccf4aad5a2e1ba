// The WebAssembly module's JS API under node's test runner: the same answers as the native core
// (URL resolution, registrable domains, the LinkRecord contract from inspectHtml).
// LINKLENS_WASM_DIR: the folder with linklens.mjs, linklens_core.mjs and linklens_core.wasm.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

const dir = process.env.LINKLENS_WASM_DIR;
const { createLinklens } = await import(path.join(dir, 'linklens.mjs'));
// Node has fetch but cannot fetch a file path: hand the module its bytes.
const ll = await createLinklens({ wasmBinary: await readFile(path.join(dir, 'linklens_core.wasm')) });

test('version names the compiled-in data', () => {
  const v = ll.version();
  assert.match(v.core, /^\d+\.\d+\.\d+$/);
  assert.match(v.publicSuffixList, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(v.idnaUnicode, '14.0.0');
});

test('resolveUrl resolves as a browser does, and reports failures', () => {
  const u = ll.resolveUrl('../c?q#f', 'https://Www.Example.co.uk/a/b/x');
  assert.equal(u.ok, true);
  assert.equal(u.href, 'https://www.example.co.uk/a/c?q#f');
  assert.equal(u.hostType, 'domain');
  assert.equal(ll.resolveUrl('http://bücher.de/').hostname, 'xn--bcher-kva.de');
  assert.deepEqual(ll.resolveUrl('http://exa mple.com/'), { ok: false, error: 'invalid host' });
  assert.equal(ll.resolveUrl('no-scheme').ok, false);
});

test('registrableDomain folds hosts and URLs with the Public Suffix List', () => {
  assert.equal(ll.registrableDomain('www.example.co.uk').registrableDomain, 'example.co.uk');
  assert.equal(ll.registrableDomain('https://someone.blogspot.com/x').registrableDomain, 'someone.blogspot.com');
  assert.equal(ll.registrableDomain('someone.blogspot.com', { includePrivate: false }).registrableDomain, 'blogspot.com');
  assert.equal(ll.registrableDomain('192.168.0.1').isIp, true);
  assert.equal(ll.registrableDomain('a..b').registrableDomain, null);  // empty label: no registrable domain
  assert.equal(ll.registrableDomain('http://exa mple.com/'), null);  // a URL that does not parse
});

test('inspectHtml returns the LinkRecord contract in one call', () => {
  const html = '<meta name=robots content=nofollow><nav><a href=/home>Home</a></nav>' +
    '<p>Text <a href="https://other.org/x" rel="NoFollow sponsored">Partner</a></p>' +
    '<a href="https://www.example.com/"><img src=l.png alt="Logo"></a>';
  const report = ll.inspectHtml(html, 'https://www.example.com/page', {
    headers: { 'X-Robots-Tag': 'noarchive' }, keywords: ['partner'],
  });
  assert.equal(report.page.robots.nofollow, true);
  assert.equal(report.page.x_robots_tag.noarchive, true);
  assert.equal(report.links.length, 3);
  const [home, partner, logo] = report.links;
  assert.equal(home.placement, 'navigation');
  assert.equal(home.effective_follow, 'nofollow');
  assert.deepEqual(partner.rel, ['nofollow', 'sponsored']);
  assert.equal(partner.follow, 'sponsored');
  assert.equal(partner.scope, 'external');
  assert.equal(partner.anchor_class, 'exact');
  assert.equal(logo.kind, 'image');
  assert.equal(logo.anchor, 'Logo');
  for (const field of ['href', 'url', 'host', 'domain', 'scope', 'follow', 'effective_follow', 'kind', 'anchor',
                       'anchor_class', 'placement', 'ordinal', 'position', 'weight', 'hidden', 'rendered_only']) {
    assert.ok(field in partner, field);
  }
  assert.throws(() => ll.inspectHtml('<a href=x>', 'not a url'), /not an absolute URL/);
});

test('a page of 5,000 links is one call', () => {
  let html = '';
  for (let i = 0; i < 5000; i++) html += `<a href="/p${i}">Link ${i}</a>`;
  const report = ll.inspectHtml(html, 'https://www.example.com/');
  assert.equal(report.links.length, 5000);
  assert.equal(report.links[4999].url, 'https://www.example.com/p4999');
});

test('classifyLinks: DOM facts in, the same LinkRecords as inspectHtml out', () => {
  const prose = 'Trail shoes need grip, a rock plate and a fit that holds the heel on descents. '.repeat(3);
  const html = `<html><head><meta name=robots content=nofollow></head><body><nav><a href="/">Home</a></nav>` +
    `<p>${prose}<a href="https://b.example/x" rel="UGC">shoe</a></p></body></html>`;
  const raw = ll.inspectHtml(html, 'https://a.example/p');
  const dom = ll.classifyLinks([
    { href: '/', text: 'Home', ancestors: [{ tag: 'html' }, { tag: 'body' }, { tag: 'nav' }] },
    { href: 'https://b.example/x', rel: 'UGC', text: 'shoe', ancestors: [{ tag: 'html' }, { tag: 'body' }, { tag: 'p' }],
      blockText: `${prose}shoe`, blockChars: prose.length + 4, blockLinkChars: 4, top: 100 },
  ], 'https://a.example/p', { metas: [['robots', 'nofollow']], height: 1000 });
  assert.equal(dom.links.length, 2);
  for (const field of ['url', 'scope', 'follow', 'effective_follow', 'placement', 'anchor', 'anchor_class']) {
    assert.deepEqual(dom.links.map((l) => l[field]), raw.links.map((l) => l[field]), field);
  }
  assert.equal(dom.links[1].follow, 'ugc');
  assert.equal(dom.links[0].effective_follow, 'nofollow');
  assert.equal(dom.page.robots.nofollow, true);
  assert.throws(() => ll.classifyLinks([], 'not a url'), /linklens/);
});

test('classifyLinks with a block tree: the content scorer places links as inspectHtml does', () => {
  const prose = 'The river rose through the night, and by morning the lower town was under water. '.repeat(4);
  const related = 'Storm season begins with three named storms in one week';
  const html = `<body><div class=story><p>${prose}<a href="/rain">record rainfall</a></p><p>${prose}</p>` +
    `<p><a href="/a">${related}</a></p></div></body>`;
  const raw = ll.inspectHtml(html, 'https://news.example/flood');
  const visible = (s) => s.replace(/\s/g, '').length;
  const commas = (s) => s.split(',').length - 1;
  const blockTree = [
    { parent: -1, tag: 'body' },
    { parent: 0, tag: 'div', className: 'story' },
    { parent: 1, tag: 'p', chars: visible(prose) + visible('record rainfall'), linkChars: visible('record rainfall'), commas: commas(prose), links: 1 },
    { parent: 1, tag: 'p', chars: visible(prose), commas: commas(prose) },
    { parent: 1, tag: 'p', chars: visible(related), linkChars: visible(related), links: 1 },
  ];
  const dom = ll.classifyLinks([
    { href: '/rain', text: 'record rainfall', node: 2 },
    { href: '/a', text: related, node: 4 },
  ], 'https://news.example/flood', { height: 1000, blockTree });
  assert.deepEqual(dom.links.map((l) => l.placement), raw.links.map((l) => l.placement));
  assert.deepEqual(dom.links.map((l) => l.placement), ['content', 'other']);
});

test('classifyPage: rows of named fields at once, the raw-HTML comparison and the whole report after', () => {
  const html = '<html><body><p>Read <a href="/a">the first</a> and <a href="https://b.example/" rel="sponsored">the second</a>.</p></body></html>';
  const links = [
    { href: '/a', text: 'the first', top: 10 },
    { href: 'https://b.example/', rel: 'sponsored', text: 'the second', top: 10 },
    { href: 'https://late.example/', text: 'added by a script', top: 40 },
  ];
  const domJson = JSON.stringify({ page: { url: 'https://a.example/p', height: 100 }, links });
  const whole = JSON.parse(ll.classifyLinksJson(domJson, { rawHtml: html }));
  const page = ll.classifyPage(domJson);
  try {
    const fields = ['url', 'domain', 'scope', 'rel', 'follow', 'anchor', 'hidden', 'rendered_only', 'problem'];
    const rows = JSON.parse(page.rowsJson(fields));
    assert.deepEqual(rows.page, whole.page, 'the page facts as the whole report has them');
    // Before the comparison no link is rendered-only; otherwise each row is the report's fields.
    assert.deepEqual(rows.links, whole.links.map((l) => fields.map((f) => (f === 'rendered_only' ? false : l[f]))));
    assert.deepEqual(page.compareRaw(html), { links: 2, rendered_only: [2] });
    assert.deepEqual(page.compareRaw('ignored: compared once'), { links: 2, rendered_only: [2] });
    assert.equal(page.reportJson(), ll.classifyLinksJson(domJson, { rawHtml: html }), 'the same bytes as one classifyLinksJson call');
    assert.match(page.rowsJson(['url', 'no_such_field']), /"error"/);
  } finally {
    page.dispose();
  }
  const unread = ll.classifyPage(domJson);
  assert.equal(JSON.parse(unread.reportJson()).raw, null, 'not compared: raw is null');
  unread.dispose();
  assert.throws(() => ll.classifyPage('{"links": []}'), /linklens: classifyLinks takes/);
  assert.throws(() => ll.classifyPage('not json'), /linklens/);
});
