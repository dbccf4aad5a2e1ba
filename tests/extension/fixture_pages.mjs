// The pages the extension's end-to-end test browses, served on 127.0.0.1 by a node http server
// started (and stopped) by the test. Each page is one case the issue names; `headers` are sent
// with it (CSP, X-Robots-Tag).
const page = (title, body, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

const prose = 'Trail shoes need grip, a rock plate and a fit that holds the heel on descents; we ran two hundred kilometres in each. ';

export const REL_CASES = [
  ['nofollow', 'nofollow'], ['NoFollow', 'nofollow'], ['nofollow noopener', 'nofollow'], ['sponsored', 'sponsored'],
  ['SPONSORED ugc', 'sponsored'], ['ugc', 'ugc'], ['noopener noreferrer', 'follow'], ['  nofollow\tUGC ', 'ugc'],
  ['external nofollow', 'nofollow'], ['', 'follow'],
];

export function fixturePages({ indexedDomain, badgeDomains }) {
  const pages = {};
  pages['/rel.html'] = {
    html: page('Rel variants', `<nav><a href="/">Home</a></nav><article><p>${prose.repeat(6)}</p>` +
      REL_CASES.map(([rel, _], i) => `<p>${prose}<a href="https://rel-${i}.example/page" rel="${rel}">case ${i}</a></p>`).join('') +
      `<p>${prose}<a href="/internal">an internal link</a> and <a href="https://evil.example/" id="xss">&lt;img src=x onerror="document.title='owned'"&gt;</a></p>` +
      `</article><footer><a href="https://partner.example/" rel="nofollow">Partner</a></footer>`),
  };
  // The content-block scorer's page: an article with links in its text, and furniture inside its
  // column (a skip link, related headlines one per paragraph, a share line, a list of section
  // links) and around it. The browser and the CLI must place every link alike.
  pages['/article.html'] = {
    html: page('Article', '<a href="#main" class="skip">Skip to main content</a>' +
      '<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>' +
      `<div class="page"><div class="column" id="main"><h1>Trail shoes</h1>` +
      `<p>${prose.repeat(3)}The <a href="https://grip.example/test">grip test we ran</a> is online. ${prose}</p>` +
      `<p>${prose.repeat(2)}<a href="https://maker.example/">The maker's notes</a> say more. ${prose.repeat(2)}</p>` +
      '<p>You may also like</p>' +
      '<p><a href="/related/a">Ten trail running shoes for wet winter mountains</a></p>' +
      '<p><a href="/related/b">How to pick a rock plate for long-distance races</a></p>' +
      '<div class="tools"><a href="https://social.example/share">Share</a> <a href="mailto:?body=x">Email</a></div>' +
      '<ul><li><a href="/trail">Trail</a></li><li><a href="/road">Road</a></li><li><a href="/gear">Gear</a></li></ul>' +
      `<p>${prose.repeat(3)}</p></div></div>` +
      '<footer><a href="/about">About us</a></footer>'),
  };
  // Links a user wants to see most: a typo'd scheme, an href that does not parse, beside mailto:,
  // tel:, a hidden link and a plain one.
  pages['/malformed.html'] = {
    html: page('Malformed', `<p>${prose}<a href="https://ok.example/">fine link</a> <a id="typo" href="ttps://typo.example/page">typo link</a> ` +
      '<a id="bad" href="http://[bad/">bad host</a> <a href="mailto:desk@ok.example">mail us</a> <a href="tel:+15550100">call us</a> ' +
      '<a href="www.partner.example/offer">www link</a> ' +
      '<a href="/gone" style="display:none">hidden one</a></p>'),
  };
  pages['/meta-nofollow.html'] = {
    html: page('Meta nofollow', `<p><a href="https://a.example/">A</a> <a href="https://b.example/" rel="ugc">B</a></p>`,
      '<meta name="robots" content="index, nofollow">'),
  };
  pages['/xrt.html'] = {
    headers: { 'X-Robots-Tag': 'googlebot: nofollow' },
    html: page('X-Robots-Tag', '<p><a href="https://a.example/">A</a></p>'),
  };
  pages['/csp.html'] = {
    headers: { 'Content-Security-Policy': "script-src 'self'; object-src 'none'" },
    html: page('CSP', `<p>${prose}<a href="https://csp.example/">strict page link</a></p>`),
  };
  pages['/shadow.js'] = {
    type: 'text/javascript',
    html: `customElements.define('x-card', class extends HTMLElement { constructor() { super();
      this.attachShadow({ mode: 'open' }).innerHTML = '<p><a href="https://shadow.example/in">in the shadow</a></p>'; } });`,
  };
  pages['/shadow.html'] = { html: page('Shadow DOM', '<x-card></x-card><p><a href="https://light.example/">light</a></p><script src="/shadow.js"></script>') };
  pages['/frame-inner.html'] = { html: page('Inner', '<p><a href="deeper/page.html">relative in frame</a> <a href="https://framed.example/">framed</a></p>') };
  pages['/frame.html'] = { html: page('Frame', '<p><a href="https://outer.example/">outer</a></p><iframe src="/sub/frame-inner.html" width="400" height="120"></iframe>') };
  pages['/sub/frame-inner.html'] = pages['/frame-inner.html'];
  pages['/late.js'] = {
    type: 'text/javascript',
    html: `setTimeout(() => { const a = document.createElement('a'); a.href = 'https://late.example/'; a.textContent = 'added later';
      a.id = 'late'; document.getElementById('slot').append(a); }, 1000);`,
  };
  pages['/late.html'] = { html: page('Late', '<p><a href="https://early.example/">early</a></p><p id="slot"></p><script src="/late.js"></script>') };
  pages['/hidden.html'] = {
    html: page('Hidden', '<p><a href="https://shown.example/">shown</a></p><div style="display:none"><a href="https://none.example/">display none</a></div>' +
      '<p><a href="https://vis.example/" style="visibility:hidden">visibility hidden</a></p><p><a href="https://hiddenattr.example/" hidden>hidden attr</a></p>'),
  };
  pages['/image.html'] = {
    html: page('Image', '<p><a href="https://img.example/"><img src="/pixel.png" alt="Acme logo" width="40" height="20"></a></p>'),
  };
  pages['/pixel.png'] = {
    type: 'image/png',
    body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
  };
  pages['/big.html'] = {
    html: page('5000 links', Array.from({ length: 5000 }, (_, i) =>
      `<a href="https://site-${i % 400}.example/p/${i}"${i % 7 === 0 ? ' rel="nofollow"' : ''}>link ${i}</a>`).join(' ')),
  };
  pages['/broken.html'] = {
    html: page('Broken', '<p><a href="/rel.html">fine</a> <a href="/missing.html">missing</a> <a href="http://localhost:1/">closed port</a></p>'),
  };
  if (indexedDomain) {
    pages['/indexed.html'] = {
      html: page('An indexed site', `<article><p>${prose}</p><p>` + badgeDomains.map((d) => `<a href="https://${d}/">${d}</a>`).join(' ') +
        ' <a href="https://not-in-the-index.example/">unknown</a></p></article>'),
    };
    // The same links inside a dense paragraph of a centred column: text above, below and beside
    // every link, so their badges must go to the column's margins (or, when those are full too,
    // stay in the hover card) rather than cover a line.
    pages['/indexed-dense.html'] = {
      html: page('An indexed site, dense text', '<div id="column" style="width:600px;margin:0 auto;font:16px/1.15 serif"><p>' +
        badgeDomains.map((d) => `${prose}<a href="https://${d}/">${d}</a> `).join('') + `${prose}</p></div>`),
    };
    // The same links on a dark and on a blue page: the badges must stay readable on both.
    for (const [name, background, colour] of [['dark', '#111111', '#e5e7eb'], ['blue', '#1d4ed8', '#ffffff']]) {
      pages[`/indexed-${name}.html`] = {
        html: page(`An indexed site, ${name}`, `<div style="background:${background};color:${colour};padding:40px 8px">` +
          `<p>${prose}</p><p style="line-height:2">` + badgeDomains.map((d) => `<a style="color:${colour}" href="https://${d}/">${d}</a>`).join(' ') +
          '</p></div>'),
      };
    }
  }
  return pages;
}
