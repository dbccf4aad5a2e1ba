// Linklens content script: walks the live DOM (open shadow roots and same-origin iframes
// included), sends compact link facts to the service worker (which classifies them with the
// WebAssembly core), and draws the overlay. Injected on demand (toolbar button, shortcut, panel);
// injecting it twice is harmless.
//
// Safety: the overlay lives in a closed shadow root, so page CSS cannot reach it and it cannot
// restyle the page; every page-derived string is set with textContent, never as HTML.
(() => {
  if (globalThis.__linklensContent) return;
  globalThis.__linklensContent = true;

  const BLOCK_SELECTOR = 'p,li,td,th,dd,dt,blockquote,h1,h2,h3,h4,h5,h6,figcaption,pre,address,div,section,article,aside,nav,header,footer,main,form,body';
  // Ancestors whose text length matters (content containers); measuring every ancestor would cost
  // a text walk per element.
  const MAYBE_CONTENT = /article|post|entry|story|blog|content|body|text|prose|main/i;

  let elements = [];      // link elements, by ordinal (the report's order)
  let frames = [];        // per link: the iframe offset {x, y} of its document
  let report = null;
  let authority = {};
  let overlayOn = false;
  let observer = null;
  let refreshTimer = null;

  // ---- collection ----

  function attr(el, name) {
    return el.getAttribute(name) ?? '';
  }

  function collapse(text) {
    return text.replace(/\s+/g, ' ').trim();
  }

  function linksIn(root, offset, flags, out) {
    const all = root.querySelectorAll('*');
    for (const el of all) {
      const name = el.localName;
      if ((name === 'a' || name === 'area') && el.namespaceURI === 'http://www.w3.org/1999/xhtml' && el.hasAttribute('href')) {
        out.push({ el, offset, flags });
      }
      if (el.shadowRoot) linksIn(el.shadowRoot, offset, { ...flags, inShadowRoot: true }, out);
      if (name === 'iframe' || name === 'frame') {
        let doc = null;
        try { doc = el.contentDocument; } catch { doc = null; }  // cross-origin: not ours to read
        if (doc && doc.documentElement) {
          const r = el.getBoundingClientRect();
          const inner = { x: offset.x + r.left + el.clientLeft, y: offset.y + r.top + el.clientTop };
          linksIn(doc, inner, { ...flags, inIframe: true }, out);
        }
      }
    }
  }

  function parentOf(el) {
    if (el.parentElement) return el.parentElement;
    const root = el.getRootNode();
    return root instanceof ShadowRoot ? root.host : null;  // across a shadow boundary
  }

  function collect() {
    const found = [];
    linksIn(document, { x: 0, y: 0 }, {}, found);
    const blockInfo = new WeakMap();
    const textChars = new WeakMap();
    const sx = window.scrollX, sy = window.scrollY;
    const links = [];
    const blocks = [];
    // Ancestors are shared by many links: each element is sent once, with its parent's index.
    const table = [];
    const indexOf = new WeakMap();
    const elementIndex = (a) => {
      if (!a) return -1;
      let i = indexOf.get(a);
      if (i !== undefined) return i;
      const entry = { tag: a.localName };
      const role = attr(a, 'role'), cls = typeof a.className === 'string' ? a.className : attr(a, 'class');
      const itemprop = attr(a, 'itemprop'), itemtype = attr(a, 'itemtype'), label = attr(a, 'aria-label');
      if (role) entry.role = role;
      if (a.id) entry.id = a.id;
      if (cls) entry.className = cls;
      if (itemprop) entry.itemprop = itemprop;
      if (itemtype) entry.itemtype = itemtype;
      if (label) entry.ariaLabel = label;
      if (MAYBE_CONTENT.test(`${entry.tag} ${cls} ${a.id} ${role} ${itemprop}`)) {
        if (!textChars.has(a)) textChars.set(a, collapse(a.textContent ?? '').length);
        entry.textChars = textChars.get(a);
      }
      i = table.length;
      indexOf.set(a, i);
      table.push(entry);
      entry.parent = elementIndex(parentOf(a));
      return i;
    };
    elements = [];
    frames = [];
    for (const { el, offset, flags } of found) {
      const rect = el.getBoundingClientRect();
      const visible = typeof el.checkVisibility === 'function'
        ? el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
        : rect.width > 0 || rect.height > 0;
      const img = el.querySelector('img, [role=img], svg, picture');
      const parent = elementIndex(parentOf(el));
      // Blocks are shared by their links: sent once, referred to by index.
      const block = el.parentElement?.closest(BLOCK_SELECTOR);
      let blockIndex = -1;
      if (block) {
        blockIndex = blockInfo.get(block) ?? -1;
        if (blockIndex < 0) {
          const text = collapse(block.innerText ?? block.textContent ?? '');
          let linkChars = 0;
          for (const l of block.querySelectorAll('a[href]')) linkChars += collapse(l.innerText ?? l.textContent ?? '').length;
          blockIndex = blocks.length;
          blocks.push({ text: text.slice(0, 240), chars: text.length, linkChars });  // context is ~200 bytes
          blockInfo.set(block, blockIndex);
        }
      }
      const inIframe = Boolean(flags.inIframe);
      // Only what differs from the defaults is sent (thousands of links cross to the worker).
      const link = { href: inIframe ? el.href : attr(el, 'href'), top: Math.round(rect.top + sy + offset.y), parent };
      // An iframe's links resolve against the iframe's document: hand over the browser's URL.
      if (el.localName === 'area') link.tag = 'area';
      const rel = attr(el, 'rel'), text = collapse(el.innerText ?? el.textContent ?? ''), title = attr(el, 'title');
      const target = attr(el, 'target'), label = attr(el, 'aria-label');
      if (rel) link.rel = rel;
      if (text) link.text = text;
      if (title) link.title = title;
      if (target) link.target = target;
      if (label) link.ariaLabel = label;
      if (img) {
        link.hasImage = true;
        link.imageAlt = attr(img, 'alt');
      }
      if (!visible || (rect.width === 0 && rect.height === 0)) link.hidden = true;
      if (blockIndex >= 0) link.block = blockIndex;
      if (flags.inShadowRoot) link.inShadowRoot = true;
      if (inIframe) link.inIframe = true;
      links.push(link);
      elements.push(el);
      frames.push(offset);
    }
    const canonical = document.querySelector('link[rel~="canonical" i][href]');
    const metas = [...document.querySelectorAll('meta[name][content]')].map((m) => [m.getAttribute('name'), m.getAttribute('content')]);
    const page = {
      url: document.URL,
      baseUrl: document.baseURI,
      title: document.title,
      lang: document.documentElement.lang ?? '',
      canonical: canonical ? canonical.getAttribute('href') : '',
      metas,
      height: Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0),
    };
    return { page, links, blocks, elements: table };
  }

  // The raw HTML a crawler gets and the response headers (X-Robots-Tag): same-origin, from the
  // HTTP cache when it can. Failing is fine: the report then says raw HTML was not compared.
  async function fetchRaw() {
    try {
      const r = await fetch(document.URL, { credentials: 'include', cache: 'force-cache' });
      const headers = {};
      const xrt = r.headers.get('x-robots-tag');
      if (xrt) headers['X-Robots-Tag'] = xrt;
      const type = r.headers.get('content-type') ?? '';
      if (!type.includes('html')) return { headers, status: r.status };
      return { html: await r.text(), headers, status: r.status };
    } catch {
      return null;
    }
  }

  const timings = {};
  async function refresh() {
    let t = performance.now();
    const dom = collect();
    timings.collect_ms = performance.now() - t;
    t = performance.now();
    const settings = await chrome.storage.local.get('compareRaw');
    const raw = settings.compareRaw === false ? null : await fetchRaw();
    timings.fetch_raw_ms = performance.now() - t;
    t = performance.now();
    // JSON text both ways: Chrome copies one string far faster than thousands of small objects.
    const domJson = JSON.stringify(dom);
    timings.stringify_ms = performance.now() - t;
    const answer = await chrome.runtime.sendMessage({ type: 'linklens:classify', domJson, raw });
    if (!answer || answer.error) throw new Error(answer?.error ?? 'no answer from the worker');
    timings.round_trip_ms = performance.now() - t - timings.stringify_ms;
    timings.bytes = [domJson.length, answer.json.length];
    report = JSON.parse(answer.json);
    report.links = report.links.map(fromOverlayRow);
    if (report.error) throw new Error(report.error);
    timings.classify_ms = performance.now() - t;
    timings.worker_ms = answer.worker_ms;
    if (overlayOn) {
      draw();
      requestAuthority();
    }
    return report;
  }

  async function requestAuthority() {
    const domains = [...new Set(report.links.filter((l) => l.scope === 'external' && l.domain).map((l) => l.domain))];
    if (!domains.length) return;
    const answer = await chrome.runtime.sendMessage({ type: 'linklens:authority', domains });
    if (answer?.scores) {
      authority = answer.scores;
      if (overlayOn) draw();
    }
  }

  // The worker sends each link as a row of OVERLAY_FIELDS (service_worker.js): a third of the bytes.
  const OVERLAY_FIELDS = ['url', 'href', 'domain', 'scope', 'rel', 'follow', 'effective_follow', 'kind', 'anchor', 'anchor_class',
    'placement', 'hidden', 'rendered_only', 'in_shadow_root', 'in_iframe'];
  function fromOverlayRow(row) {
    const link = {};
    OVERLAY_FIELDS.forEach((f, i) => { link[f] = row[i]; });
    return link;
  }

  // ---- overlay ----

  const host = document.createElement('linklens-overlay');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = `
    :host { all: initial; }
    .layer { position: absolute; left: 0; top: 0; pointer-events: none; z-index: 2147483646; }
    .box { position: absolute; box-sizing: border-box; border: 2px solid; border-radius: 2px; pointer-events: none; }
    .box.internal { border-style: dashed; }
    .follow { border-color: #16a34a; background: rgba(22,163,74,.08); }
    .nofollow { border-color: #dc2626; background: rgba(220,38,38,.10); }
    .sponsored { border-color: #ea580c; background: rgba(234,88,12,.10); }
    .ugc { border-color: #7c3aed; background: rgba(124,58,237,.10); }
    .badge { position: absolute; font: 600 10px/14px system-ui, sans-serif; color: #fff; background: #1e3a8a; padding: 0 3px; border-radius: 3px; transform: translateY(-100%); }
    .legend { position: fixed; top: 12px; right: 12px; z-index: 2147483647; background: #fff; color: #111; font: 13px/1.4 system-ui, sans-serif;
              border: 1px solid #d4d4d8; border-radius: 8px; padding: 10px 12px; box-shadow: 0 4px 16px rgba(0,0,0,.18); min-width: 210px; pointer-events: auto; }
    .legend h1 { font-size: 14px; margin: 0 0 6px; }
    .legend label { display: flex; gap: 6px; align-items: center; cursor: pointer; }
    .legend .swatch { width: 12px; height: 12px; border: 2px solid; border-radius: 2px; }
    .legend .warn { color: #b91c1c; font-weight: 600; margin-top: 6px; }
    .legend .muted { color: #52525b; font-size: 12px; }
    .legend button { margin-top: 8px; font: inherit; }
    .card { position: fixed; z-index: 2147483647; max-width: 360px; background: #18181b; color: #fafafa; font: 12px/1.45 system-ui, sans-serif;
            border-radius: 6px; padding: 8px 10px; pointer-events: none; box-shadow: 0 4px 16px rgba(0,0,0,.3); white-space: pre-wrap; word-break: break-all; }
    .hide-follow .follow, .hide-nofollow .nofollow, .hide-sponsored .sponsored, .hide-ugc .ugc,
    .hide-internal .internal, .hide-external .external { display: none; }
  `;
  const layer = document.createElement('div');
  layer.className = 'layer';
  const legend = document.createElement('div');
  legend.className = 'legend';
  const card = document.createElement('div');
  card.className = 'card';
  card.hidden = true;
  shadow.append(style, layer, legend, card);

  const hiddenClasses = new Set();

  function statusOf(link) {
    return link.effective_follow === 'follow' ? link.follow : (link.follow === 'follow' ? 'nofollow' : link.follow);
  }

  function line(parent, text, className) {
    const div = document.createElement('div');
    div.textContent = text;
    if (className) div.className = className;
    parent.append(div);
    return div;
  }

  function drawLegend(counts) {
    legend.replaceChildren();
    const h = document.createElement('h1');
    h.textContent = `Linklens: ${report.links.length} links`;
    legend.append(h);
    const colours = { follow: '#16a34a', nofollow: '#dc2626', sponsored: '#ea580c', ugc: '#7c3aed' };
    for (const key of ['follow', 'nofollow', 'sponsored', 'ugc', 'internal', 'external']) {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = !hiddenClasses.has(key);
      box.dataset.key = key;
      box.addEventListener('change', () => {
        if (box.checked) hiddenClasses.delete(key); else hiddenClasses.add(key);
        layer.className = ['layer', ...[...hiddenClasses].map((k) => `hide-${k}`)].join(' ');
      });
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.borderColor = colours[key] ?? '#52525b';
      if (key === 'internal') swatch.style.borderStyle = 'dashed';
      const text = document.createElement('span');
      text.textContent = `${key} ${counts[key] ?? 0}`;
      label.append(box, swatch, text);
      legend.append(label);
    }
    line(legend, `hidden ${counts.hidden} · rendered only ${counts.rendered_only} · other ${counts.other}`, 'muted');
    const robots = report.page.robots ?? {};
    if (robots.nofollow) line(legend, `Page nofollow (${(report.page.robots_sources ?? []).join('; ')}): no link passes equity`, 'warn');
    if (robots.noindex) line(legend, 'Page noindex', 'warn');
    if (!report.raw) line(legend, 'Raw HTML not compared', 'muted');
    const close = document.createElement('button');
    close.textContent = 'Close';
    close.addEventListener('click', () => setOverlay(false));
    legend.append(close);
  }

  function draw() {
    if (!report) return;
    const doc = document.documentElement;
    layer.style.width = `${doc.scrollWidth}px`;
    layer.style.height = `${doc.scrollHeight}px`;
    const sx = window.scrollX, sy = window.scrollY;
    const counts = { follow: 0, nofollow: 0, sponsored: 0, ugc: 0, internal: 0, external: 0, hidden: 0, rendered_only: 0, other: 0 };
    const fragment = document.createDocumentFragment();
    report.links.forEach((link, i) => {
      const el = elements[i];
      if (link.rendered_only) counts.rendered_only++;
      if (link.scope === 'other') { counts.other++; return; }
      const status = statusOf(link);
      counts[status]++;
      counts[link.scope === 'external' ? 'external' : 'internal']++;
      if (link.hidden || !el) { counts.hidden += link.hidden ? 1 : 0; return; }
      // One box per line box: a link wrapping over two lines gets two boxes, not one around both.
      const rects = [...el.getClientRects()].filter((q) => q.width > 0 || q.height > 0).slice(0, 4);
      if (!rects.length) return;
      const off = frames[i] ?? { x: 0, y: 0 };
      const kind = `${status} ${link.scope === 'external' ? 'external' : 'internal'}`;
      for (const q of rects) {
        const box = document.createElement('div');
        box.className = `box ${kind}`;
        box.dataset.ordinal = String(i);
        box.style.left = `${q.left + sx + off.x}px`;
        box.style.top = `${q.top + sy + off.y}px`;
        box.style.width = `${Math.max(q.width, 4)}px`;
        box.style.height = `${Math.max(q.height, 4)}px`;
        fragment.append(box);
      }
      const r = rects[0];
      const a = authority[link.domain];
      if (link.scope === 'external' && a?.indexed) {
        const badge = document.createElement('div');
        badge.className = `badge ${status} ${link.scope}`;
        badge.textContent = String(Math.round(a.authority_score));
        badge.style.left = `${r.left + sx + off.x}px`;
        badge.style.top = `${r.top + sy + off.y}px`;
        fragment.append(badge);
      }
    });
    layer.replaceChildren(fragment);
    drawLegend(counts);
    if (!host.isConnected) document.documentElement.append(host);
  }

  function cardText(i) {
    const link = report.links[i];
    const lines = [
      `${statusOf(link).toUpperCase()}${link.rel.length ? `  rel="${link.rel.join(' ')}"` : ''}${link.effective_follow !== 'follow' && link.follow === 'follow' ? '  (page-level nofollow)' : ''}`,
      `Anchor: ${link.anchor || '(empty)'}  [${link.anchor_class}]`,
      `Placement: ${link.placement} · ${link.scope} · ${link.kind}`,
      `Target: ${link.url || link.href}`,
    ];
    const a = authority[link.domain];
    if (link.scope === 'external' && a) {
      lines.push(a.indexed ? `Authority ${a.authority_score.toFixed(1)} · ${a.referring_domains} referring domains · ${a.backlinks} backlinks`
                           : 'Authority: not in the index');
    }
    if (link.rendered_only) lines.push('Rendered only: not in the raw HTML a crawler reads');
    if (link.hidden) lines.push('Hidden');
    if (link.in_shadow_root) lines.push('In a shadow root');
    if (link.in_iframe) lines.push('In an iframe');
    return lines.join('\n');
  }

  function onHover(event) {
    if (!overlayOn || !report) return;
    const path = event.composedPath();
    let i = -1;
    for (const node of path) {
      if (node instanceof Element && (node.localName === 'a' || node.localName === 'area')) {
        i = elements.indexOf(node);
        if (i >= 0) break;
      }
    }
    if (i < 0) { card.hidden = true; return; }
    card.textContent = cardText(i);
    card.dataset.ordinal = String(i);
    card.hidden = false;
    const x = Math.min(event.clientX + 14, window.innerWidth - 370);
    const y = Math.min(event.clientY + 14, window.innerHeight - 140);
    card.style.left = `${Math.max(4, x)}px`;
    card.style.top = `${Math.max(4, y)}px`;
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => refresh().catch(() => {}), 300);
  }

  async function setOverlay(on) {
    overlayOn = on;
    if (on) {
      const started = performance.now();
      await refresh();
      const t = performance.now();
      draw();
      timings.draw_ms = performance.now() - t;
      requestAuthority();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      lastPaintMs = performance.now() - started;
      document.addEventListener('mouseover', onHover, true);
      window.addEventListener('resize', draw);
      observer ??= new MutationObserver((records) => {
        // Our own host element changing is not the page changing.
        const ours = (r) => r.type === 'childList' && [...r.addedNodes, ...r.removedNodes].every((n) => n === host);
        if (records.every(ours)) return;
        scheduleRefresh();
      });
      observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href', 'rel'] });
    } else {
      observer?.disconnect();
      observer = null;
      document.removeEventListener('mouseover', onHover, true);
      window.removeEventListener('resize', draw);
      host.remove();
      card.hidden = true;
    }
    return { overlay: overlayOn, links: report?.links.length ?? 0, paint_ms: lastPaintMs, timings };
  }
  let lastPaintMs = null;

  // What the overlay shows, read back from its own DOM (for tests and for the panel).
  function overlayState(ordinal) {
    const boxes = [...new Map([...layer.querySelectorAll('.box')].map((b) => [b.dataset.ordinal, b])).values()];  // one per link
    const byStatus = {};
    for (const b of boxes) for (const c of ['follow', 'nofollow', 'sponsored', 'ugc']) if (b.classList.contains(c)) byStatus[c] = (byStatus[c] ?? 0) + 1;
    return {
      visible: overlayOn && host.isConnected,
      boxes: boxes.length,
      badges: [...layer.querySelectorAll('.badge')].map((b) => b.textContent),
      byStatus,
      legend: legend.textContent,
      card: card.hidden ? null : { ordinal: Number(card.dataset.ordinal), text: card.textContent },
      cardFor: ordinal === undefined || !report ? null : cardText(ordinal),
      paint_ms: lastPaintMs,
      unsafeElements: shadow.querySelectorAll('img, script, iframe, object, embed').length,
    };
  }

  chrome.runtime.onMessage.addListener((message, _sender, respond) => {
    const run = async () => {
      switch (message?.type) {
        case 'linklens:overlay': return setOverlay(message.show ?? !overlayOn);
        case 'linklens:collect': await refresh(); return { links: report.links.length };
        case 'linklens:overlay-state': return overlayState(message.ordinal);
        default: return undefined;
      }
    };
    if (!['linklens:overlay', 'linklens:collect', 'linklens:overlay-state'].includes(message?.type)) return false;
    run().then(respond, (e) => respond({ error: String(e?.message ?? e) }));
    return true;
  });
})();
