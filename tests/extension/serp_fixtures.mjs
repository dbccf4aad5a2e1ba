// Hand-made search result pages in each engine's current markup (as of late 2026: the class
// names and attributes the engines ship), for the end-to-end test. Each page holds organic
// results (some behind the engine's redirect), ads, and links that are no results (navigation,
// a "People also ask" module, a site link), so the test sees that only organic results get a
// line. Served over https on 127.0.0.1 under the engines' own host names.
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const b64url = (s) => Buffer.from(s, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>` +
  '<style>body{font:14px/1.58 arial,sans-serif;margin:0 0 0 180px;max-width:652px}h2,h3{font-weight:400}</style></head>' +
  `<body>${body}</body></html>`;
const QUERY = 'trail running shoes';
const snippet = 'Trail shoes need grip, a rock plate and a fit that holds the heel on descents; we ran two hundred kilometres in each.';

// How each engine wraps a result link: every other result goes through the redirect.
const WRAP = {
  google: (url, i) => (i % 2 ? `/url?q=${encodeURIComponent(url)}&sa=U&ved=2ahUKEwi${i}&usg=AOvVaw${i}` : url),
  bing: (url, i) => `https://www.bing.com/ck/a?!&&p=${'a'.repeat(8 + i)}JmltdHM9MTc&ptn=3&ver=2&hsh=4&u=a1${b64url(url)}&ntb=1`,
  duckduckgo: (url, i) => (i % 2 ? `https://duckduckgo.com/l/?uddg=${encodeURIComponent(url)}&rut=${i}f00d` : url),
  'duckduckgo-html': (url) => `//duckduckgo.com/l/?uddg=${encodeURIComponent(url)}&rut=beef`,
};

function google(results) {
  const ad = '<div id="tvcap"><div id="tads" aria-label="Ads"><div data-text-ad="1" class="uEierd"><div class="v5yQqb">' +
    '<a class="sVXRqc" href="https://www.googleadservices.com/pagead/aclk?sa=L&amp;adurl=https://ad.example/"><div role="heading" aria-level="3">' +
    '<h3>Sponsored trail shoes, 30% off</h3></div></a></div></div></div></div>';
  const organic = results.map((r, i) => '<div class="MjjYud"><div class="g Ww4FFb vt6azd tF2Cxc asEBEc" data-hveid="CA' + i + 'QAA">' +
    '<div class="N54PNb BToiNc"><div class="kb0PBd A9Y9g jGGQ5e" data-snf="x5WNvb"><div class="yuRUbf"><div><span jscontroller="msmzHf">' +
    `<a jsname="UWckNb" href="${esc(WRAP.google(r.url, i))}" data-ved="2ahUKEwi${i}"><br><h3 class="LC20lb MBeuO DKV0Md">${esc(r.title)}</h3>` +
    `<div class="notranslate HGLrXd NJjxre iUh30 ojE3Fb"><div class="q0vns"><div><span class="VuuXrf">${esc(new URL(r.url).hostname)}</span>` +
    `<div class="byrV5b"><cite class="qLRx3b tjvcx GvPZzd cHaqb" role="text">${esc(r.url)}</cite></div></div></div></div></a></span></div></div></div>` +
    `<div class="kb0PBd A9Y9g" data-sncf="1"><div class="VwiC3b yXK7lf p4wth r025kc hJNv6b Hdw6tb"><span>${snippet}</span></div></div></div></div></div>`);
  // People also ask: questions that are no results, inside #rso.
  const ask = '<div class="MjjYud"><div class="cUnQKe"><div role="heading" aria-level="2"><span>People also ask</span></div>' +
    '<div class="related-question-pair"><a href="/search?q=are+trail+shoes+worth+it"><span>Are trail shoes worth it?</span></a></div></div></div>';
  return page(`${QUERY} - Google Search`, '<div id="searchform"><form action="/search" role="search"><textarea name="q">' + QUERY +
    '</textarea></form><a href="/search?q=x&amp;tbm=isch">Images</a> <a href="https://maps.google.com/">Maps</a></div>' +
    '<div id="main"><div id="cnt"><div id="rcnt"><div id="center_col">' + `<div id="taw">${ad}</div>` +
    '<div id="res" role="main"><div id="search"><div><h1 class="Uo8X3b OhScic zsYMMe">Search Results</h1><div id="rso">' +
    organic.slice(0, 2).join('') + ask + organic.slice(2).join('') +
    '</div></div></div></div><div id="bottomads"></div></div></div></div></div>');
}

function bing(results) {
  const ad = '<li class="b_ad b_adTop"><ul><li><div class="sb_add sb_adTA"><h2><a href="https://www.bing.com/aclk?ld=e8x&amp;u=aHR0cHM6Ly9hZC5leGFtcGxlLw">' +
    'Trail Shoes Sale - Free Delivery</a></h2><div class="b_caption"><p>Ad · ad.example</p></div></div></li></ul></li>';
  const organic = results.map((r, i) => `<li class="b_algo" data-id="" data-bm="${6 + i}"><div class="b_tpcn">` +
    `<a class="tilk" aria-label="${esc(new URL(r.url).hostname)}" href="${esc(WRAP.bing(r.url, i + 20))}" h="ID=SERP,5101.1"><div class="tptxt">` +
    `<div class="tptt">${esc(new URL(r.url).hostname)}</div><div class="b_attribution"><cite>${esc(r.url)}</cite></div></div></a></div>` +
    `<h2><a href="${esc(WRAP.bing(r.url, i))}" h="ID=SERP,5102.1">${esc(r.title)}</a></h2>` +
    `<div class="b_caption"><p class="b_lineclamp2">${snippet}</p></div></li>`);
  return page(`${QUERY} - Search`, '<header id="b_header"><form action="/search" id="sb_form"><input name="q" value="' + QUERY + '"></form>' +
    '<nav><a href="/images/search?q=x">Images</a> <a href="/videos/search?q=x">Videos</a></nav></header>' +
    `<main aria-label="Search Results"><ol id="b_results" class="">${ad}${organic.join('')}` +
    '<li class="b_ad b_adBottom"><ul><li><h2><a href="https://www.bing.com/aclk?ld=e9y">More trail shoes</a></h2></li></ul></li></ol></main>');
}

function duckduckgo(results) {
  const ad = '<li data-layout="ad"><div data-testid="ad"><article><h2><a data-testid="result-title-a" href="https://duckduckgo.com/y.js?ad_domain=ad.example&amp;u3=x">' +
    'Trail shoes | Official store</a></h2></article></div></li>';
  const organic = results.map((r, i) => `<li data-layout="organic" class="wLL07_0Xnd1QZpzpfR4W"><article id="r1-${i}" data-testid="result" data-nrn="result" class="yQDlj3B5DI5YO8c8Ulio CpkrTDP54mqzpuCSn1Fa SKlplDuh9FjtDprgoMxk">` +
    `<div class="OHr0VX9IuNcv6iakvT6A"><a href="https://${esc(new URL(r.url).hostname)}/" rel="noopener" data-testid="result-extras-url-link"><span>${esc(new URL(r.url).hostname)}</span></a></div>` +
    `<div class="ikg2IXiCD14iVX7AdZo1"><h2 class="LnpumSThxEWMIsDdAT17 CXMyPcQ6nDv47DKFeywM"><a href="${esc(WRAP.duckduckgo(r.url, i))}" rel="noopener" target="_self" data-testid="result-title-a" class="eVNpHGjtxRBq_gLOfGDr LQNqh2U1kzYxREs65IJu">` +
    `<span class="EKtkFWMYpwzMKOYr0GYm LQVY1Jpkk8nyJ6HBWKAk">${esc(r.title)}</span></a></h2></div><div data-result="snippet"><div><span>${snippet}</span></div></div></article></li>`);
  return page(`${QUERY} at DuckDuckGo`, '<header><form id="search_form" action="/"><input name="q" value="' + QUERY + '"></form>' +
    '<nav><a href="/?q=x&amp;iax=images&amp;ia=images">Images</a></nav></header>' +
    `<section data-testid="mainline"><ol class="react-results--main">${ad}${organic.join('')}</ol></section>`);
}

// The no-JavaScript edition (html.duckduckgo.com/html/): every result behind /l/?uddg=.
function duckduckgoHtml(results) {
  const organic = results.map((r) => '<div class="result results_links results_links_deep web-result"><div class="links_main links_deep result__body">' +
    `<h2 class="result__title"><a rel="nofollow" class="result__a" href="${esc(WRAP['duckduckgo-html'](r.url))}">${esc(r.title)}</a></h2>` +
    `<a class="result__snippet" href="${esc(WRAP['duckduckgo-html'](r.url))}">${snippet}</a></div></div>`);
  const ad = '<div class="result results_links results_links_deep result--ad"><div class="links_main links_deep result__body"><h2 class="result__title">' +
    '<a rel="nofollow" class="result__a" href="https://duckduckgo.com/y.js?ad_domain=ad.example">Trail shoes ad</a></h2></div></div>';
  return page(`${QUERY} at DuckDuckGo`, `<div id="links" class="results">${ad}${organic.join('')}</div>`);
}

// results: [{url, title}] -> {host, path, html, engine, organic} per engine page.
export function serpPages(results) {
  const q = encodeURIComponent(QUERY).replace(/%20/g, '+');
  return [
    { engine: 'google', host: 'www.google.com', path: `/search?q=${q}&hl=en`, html: google(results) },
    { engine: 'bing', host: 'www.bing.com', path: `/search?q=${q}&form=QBLH`, html: bing(results) },
    { engine: 'duckduckgo', host: 'duckduckgo.com', path: `/?q=${q}&ia=web`, html: duckduckgo(results) },
    // The no-JavaScript edition answers its form's POST at /html/ (no query in the address).
    { engine: 'duckduckgo-html', host: 'html.duckduckgo.com', path: '/html/', html: duckduckgoHtml(results) },
  ];
}
