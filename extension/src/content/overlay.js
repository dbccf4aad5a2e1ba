// Linklens content script, part 2 of 3: the overlay. Draws a box around every link (one per line
// box), coloured by status, an authority badge on external links, the legend with its toggles and
// the hover card, all in a closed shadow root: page CSS cannot reach it and it cannot restyle the
// page. Every page-derived string is set with textContent, never as HTML.
(() => {
  globalThis.linklensContent ??= {};
  if (globalThis.linklensContent.createOverlay) return;  // injected again: already here
  const { STATUSES, STATUS_COLOURS, OTHER_COLOUR, statusOf, problemOf, reportCounts, tint, authoritySourceLabel } =
    globalThis.linklensProtocol;
  const { createObstacles, placeBadge, textLineRects } = globalThis.linklensContent.badgeLayout;
  const { lineBoxes } = globalThis.linklensContent.collection;
  const MALFORMED_COLOUR = '#b91c1c';
  const BADGE_FILL = '#1e3a8a', BADGE_TEXT = '#ffffff';  // 11.7:1
  // A badge's size is set, not measured, so its place is known before it is drawn: 6 px a digit
  // at 600 10px system-ui, 3 px padding each side.
  const BADGE_HEIGHT = 14;
  const badgeWidth = (text) => 6 * text.length + 6;
  const BLOCK_SELECTOR = 'p,li,td,th,dd,dt,blockquote,h1,h2,h3,h4,h5,h6,figcaption,pre,div,section,article,main,aside,nav,header,footer,body';

  // WCAG relative luminance of [r, g, b] (0-255).
  function luminance([r, g, b]) {
    const c = [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  // The colour the page paints behind an element: the first ancestor (across shadow roots) with
  // an opaque-ish background colour, else the canvas (white); null when that colour is written
  // in a form this does not read (oklch(), lab()...). Remembered per element for one draw.
  function pageBackground(el, seen) {
    const path = [];
    let found = [255, 255, 255];
    for (let a = el; a && a.nodeType === Node.ELEMENT_NODE; a = a.parentElement ?? a.getRootNode()?.host) {
      if (seen.has(a)) { found = seen.get(a); break; }
      path.push(a);
      const bg = getComputedStyle(a).backgroundColor;
      const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(bg);
      if (m) {
        if (m[4] === undefined || Number(m[4]) >= 0.5) { found = [Number(m[1]), Number(m[2]), Number(m[3])]; break; }
      } else if (bg && bg !== 'transparent') {
        found = null;
        break;
      }
    }
    for (const a of path) seen.set(a, found);
    return found;
  }

  // state: { report, elements, frames, lines, authority, overlayOn, lastPaintMs }, shared with part 3;
  // onClose: what the legend's Close button does.
  function createOverlay(state, { onClose }) {
    const host = document.createElement('linklens-overlay');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `
      :host { all: initial; }
      .layer { position: absolute; left: 0; top: 0; pointer-events: none; z-index: 2147483646; }
      .box { position: absolute; box-sizing: border-box; border: 2px solid; border-radius: 2px; pointer-events: none; }
      .box.internal { border-style: dashed; }
      ${STATUSES.map((s) => `.${s} { border-color: ${STATUS_COLOURS[s]}; background: ${tint(STATUS_COLOURS[s], 0.1)}; }`).join('\n    ')}
      .box.other { border-color: ${OTHER_COLOUR}; background: ${tint(OTHER_COLOUR, 0.08)}; border-style: dotted; }
      .box.malformed { border: 3px double ${MALFORMED_COLOUR}; background: ${tint(MALFORMED_COLOUR, 0.12)}; }
      .badge { position: absolute; box-sizing: border-box; height: ${BADGE_HEIGHT}px; overflow: hidden; text-align: center; font: 600 10px/14px system-ui, sans-serif;
               color: ${BADGE_TEXT}; background: ${BADGE_FILL}; padding: 0 3px; border-radius: 3px; }
      .legend { position: fixed; top: 12px; right: 12px; z-index: 2147483647; background: #fff; color: #111; font: 13px/1.4 system-ui, sans-serif;
                border: 1px solid #d4d4d8; border-radius: 8px; padding: 10px 12px; box-shadow: 0 4px 16px rgba(0,0,0,.18); min-width: 210px; pointer-events: auto; }
      .legend h1 { font-size: 14px; margin: 0 0 6px; cursor: move; user-select: none; touch-action: none; display: flex; gap: 8px; align-items: center; }
      .legend h1 span { flex: 1; }
      .legend h1 button { margin: 0; padding: 0 6px; font: 600 13px/18px system-ui, sans-serif; cursor: pointer; }
      .legend.minimised > :not(h1) { display: none; }
      .legend.minimised h1 { margin: 0; }
      .legend label { display: flex; gap: 6px; align-items: center; cursor: pointer; }
      .legend .swatch { width: 12px; height: 12px; border: 2px solid; border-radius: 2px; }
      .legend .warn { color: #b91c1c; font-weight: 600; margin-top: 6px; }
      .legend .muted { color: #52525b; font-size: 12px; }
      .legend button { margin-top: 8px; font: inherit; }
      .card { position: fixed; z-index: 2147483647; max-width: 360px; background: #18181b; color: #fafafa; font: 12px/1.45 system-ui, sans-serif;
              border-radius: 6px; padding: 8px 10px; pointer-events: none; box-shadow: 0 4px 16px rgba(0,0,0,.3); white-space: pre-wrap; word-break: break-all; }
      .hide-follow .follow, .hide-nofollow .nofollow, .hide-sponsored .sponsored, .hide-ugc .ugc,
      .hide-internal .internal, .hide-external .external, .hide-other .other { display: none; }
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
    let badgesInCard = 0;  // badges with no free place beside their link

    // The legend's place on this site (dragged by its title, minimised with its button), kept in
    // the extension's storage per host so it stays off the content a user reads there.
    const placeKey = `legend:${location.host}`;
    let place = { x: null, y: null, minimised: false };
    const applyPlace = () => {
      legend.classList.toggle('minimised', place.minimised);
      if (place.x === null) return;
      const w = legend.offsetWidth || 220, h = legend.offsetHeight || 40;
      const x = Math.min(Math.max(0, place.x), Math.max(0, window.innerWidth - w));
      const y = Math.min(Math.max(0, place.y), Math.max(0, window.innerHeight - h));
      legend.style.left = `${x}px`;
      legend.style.top = `${y}px`;
      legend.style.right = 'auto';
    };
    const savePlace = () => {
      try {
        chrome.storage?.local?.set({ [placeKey]: place })?.catch(() => {});
      } catch {
        // the extension was reloaded under this page: the place is kept for this visit only
      }
    };
    try {
      chrome.storage?.local?.get(placeKey)?.then((stored) => {
        if (stored?.[placeKey]) place = { ...place, ...stored[placeKey] };
        applyPlace();
      }).catch(() => {});
    } catch {
      // no storage (extension reloaded): the default place
    }

    // The title bar captures the pointer, so the drag ends however the button is released (over
    // an iframe, outside the window, a cancelled touch).
    function startDrag(event) {
      if (event.button !== 0 || event.target.closest?.('button')) return;
      event.preventDefault();
      const bar = event.currentTarget;
      const r = legend.getBoundingClientRect();
      const dx = event.clientX - r.left, dy = event.clientY - r.top;
      const move = (e) => {
        if (e.buttons === 0) { end(); return; }
        place.x = e.clientX - dx;
        place.y = e.clientY - dy;
        applyPlace();
      };
      const end = () => {
        bar.removeEventListener('pointermove', move);
        bar.removeEventListener('pointerup', end);
        bar.removeEventListener('pointercancel', end);
        bar.removeEventListener('lostpointercapture', end);
        savePlace();
      };
      try { bar.setPointerCapture(event.pointerId); } catch { /* a synthetic event: window listeners still work */ }
      bar.addEventListener('pointermove', move);
      bar.addEventListener('pointerup', end);
      bar.addEventListener('pointercancel', end);
      bar.addEventListener('lostpointercapture', end);
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
      h.title = 'Drag to move';
      const title = document.createElement('span');
      title.textContent = `Linklens: ${state.report.links.length} links`;
      const minimise = document.createElement('button');
      minimise.className = 'minimise';
      minimise.textContent = place.minimised ? '+' : '–';
      minimise.title = place.minimised ? 'Show the legend' : 'Minimise the legend';
      minimise.addEventListener('click', () => {
        place.minimised = !place.minimised;
        drawLegend(counts);
        savePlace();
      });
      h.append(title, minimise);
      h.addEventListener('pointerdown', startDrag);
      legend.append(h);
      for (const key of [...STATUSES, 'internal', 'external', 'other']) {
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
        swatch.style.borderColor = STATUS_COLOURS[key] ?? OTHER_COLOUR;
        if (key === 'internal') swatch.style.borderStyle = 'dashed';
        if (key === 'other') swatch.style.borderStyle = 'dotted';
        const text = document.createElement('span');
        // internal counts the page's own subdomains too, as its boxes do.
        text.textContent = `${key} ${key === 'internal' ? counts.internal + counts.subdomain : counts[key] ?? 0}`;
        label.append(box, swatch, text);
        legend.append(label);
      }
      line(legend, `hidden ${counts.hidden} · rendered only ${counts.rendered_only}`, 'muted');
      if (counts.malformed) line(legend, `malformed ${counts.malformed} (double red box)`, 'warn');
      if (badgesInCard) line(legend, `${badgesInCard} scores in hover cards only (no free space beside the link)`, 'muted');
      if (state.serpSummary) line(legend, state.serpSummary);
      const robots = state.report.page.robots ?? {};
      if (robots.nofollow) line(legend, `Page nofollow (${(state.report.page.robots_sources ?? []).join('; ')}): no link passes equity`, 'warn');
      if (robots.noindex) line(legend, 'Page noindex', 'warn');
      if (state.report.rawPending) line(legend, 'Comparing with the raw HTML…', 'muted');
      else if (!state.report.raw) line(legend, 'Raw HTML not compared', 'muted');
      const close = document.createElement('button');
      close.textContent = 'Close';
      close.addEventListener('click', () => onClose());
      legend.append(close);
      applyPlace();
    }

    // Boxes are built a band of the page at a time: the bands on screen (and half a screen
    // around) before the first paint, the others in the tasks after it, nearest first, so a page of
    // thousands of links shows its overlay without building every box first.
    const BAND_PX = 512;
    const boxOrdinal = new WeakMap();  // box -> its link's ordinal
    let generation = 0;  // of the current draw; a later draw (or remove) stops an earlier fill
    let filled = Promise.resolve();  // every band of the current draw built

    function appendBoxes(parent, boxes) {
      for (const { i, kind, q } of boxes) {
        const box = document.createElement('div');
        box.className = kind;
        box.style.cssText = `left:${q.left}px;top:${q.top}px;width:${Math.max(q.width, 4)}px;height:${Math.max(q.height, 4)}px`;
        boxOrdinal.set(box, i);
        parent.append(box);
      }
    }

    // The bands (index -> boxes) not drawn yet, appended nearest to `centre` first, about 1,500
    // boxes a task, each task after a frame.
    function fillBands(rest, centre, drawn) {
      const order = [...rest.keys()].sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre));
      return new Promise((resolve) => {
        const step = () => {
          if (drawn !== generation) { resolve(); return; }
          const fragment = document.createDocumentFragment();
          for (let n = 0; order.length && n < 1500;) {
            const boxes = rest.get(order.shift());
            appendBoxes(fragment, boxes);
            n += boxes.length;
          }
          layer.append(fragment);
          if (order.length) setTimeout(step, 0); else resolve();
        };
        // After the next frame (a hidden tab has none: then at once).
        if (!order.length) resolve();
        else if (document.hidden) setTimeout(step, 0);
        else requestAnimationFrame(() => setTimeout(step, 0));
      });
    }

    function draw() {
      if (!state.report) return;
      const drawn = ++generation;
      const doc = document.documentElement;
      layer.style.width = `${doc.scrollWidth}px`;
      layer.style.height = `${doc.scrollHeight}px`;
      const sx = window.scrollX, sy = window.scrollY;
      const counts = reportCounts(state.report.links);  // the panel's numbers, from the same function
      const backgrounds = new WeakMap();
      const fragment = document.createDocumentFragment();
      const wanted = [];  // badges to place once every box is known
      const bands = new Map();  // band index -> [{ i, kind, q }]
      // The line boxes the collection read, when the page has not changed since (the first draw
      // after it); otherwise each link's are read again.
      const collected = state.lines && state.linesCurrent?.() ? state.lines : null;
      state.lines = null;
      state.report.links.forEach((link, i) => {
        const el = state.elements[i];
        const status = statusOf(link);
        if (link.hidden || !el) return;
        // Page coordinates, one box per line box (a link wrapping over two lines gets two): the
        // page's own links move with its scroll, an iframe's sit at its document's page offset.
        const frame = state.frames[i];
        const rects = collected?.[i] ?? lineBoxes(el.getClientRects(), frame ? frame.x : sx, frame ? frame.y : sy);
        if (!rects.length) return;
        // Every link gets a box: mailto:, tel: and the like as "other", and one whose href does not
        // parse (or names an unknown scheme, a "ttps://" typo) as "malformed", the one to fix.
        const scope = link.scope === 'external' || link.scope === 'other' ? link.scope : 'internal';
        const kind = `box ${status} ${scope}${problemOf(link) ? ' malformed' : ''}`;
        for (const q of rects) {
          const band = Math.floor(q.top / BAND_PX);
          if (!bands.has(band)) bands.set(band, []);
          bands.get(band).push({ i, kind, q });
        }
        const a = state.authority[link.domain];
        // A badge wherever a score is known, from the web graph or the index; none for unknown,
        // and none on a search result that has its own result badge (serp.js).
        if (link.scope === 'external' && a && a.authority_score !== null && a.authority_score !== undefined && !state.serpLinks?.has(el)) {
          const page = (q) => ({ left: q.left + sx, top: q.top + sy, right: q.right + sx, bottom: q.bottom + sy });
          wanted.push({ i, el, status, a, lines: rects, blocks: blockRects(el).map(page) });  // none in an iframe
        }
      });
      const margin = window.innerHeight / 2;
      const first = Math.floor((sy - margin) / BAND_PX), last = Math.floor((sy + window.innerHeight + margin) / BAND_PX);
      for (const [band, boxes] of bands) {
        if (band < first || band > last) continue;
        appendBoxes(fragment, boxes);
        bands.delete(band);
      }
      badgesInCard = wanted.length ? drawBadges(wanted, fragment, backgrounds) : 0;
      layer.replaceChildren(fragment);
      if (!host.isConnected) document.documentElement.append(host);  // attached first: the legend measures itself
      drawLegend(counts);
      filled = fillBands(bands, Math.floor(sy / BAND_PX), drawn);
    }

    // The boxes of a link's nearest blocks, innermost first (up to three of different widths):
    // their margins are where a badge goes when the link sits inside dense text. None for a link
    // inside an iframe (its blocks are the iframe's).
    function blockRects(el) {
      const found = [];
      if (el.ownerDocument !== document) return found;
      for (let b = el.parentElement?.closest(BLOCK_SELECTOR); b && found.length < 3; b = b.parentElement?.closest(BLOCK_SELECTOR)) {
        const r = b.getBoundingClientRect();
        if (!found.some((f) => f.left === r.left && f.right === r.right)) found.push(r);
      }
      return found;
    }

    // Each wanted badge where it covers no text line of the page and no other badge, or nowhere
    // (its score stays in the hover card). Returns how many found no place.
    function drawBadges(wanted, fragment, backgrounds) {
      const obstacles = createObstacles(textLineRects());
      // Search result lines (serp.js) are in closed shadow roots the text walk cannot see.
      for (const q of state.serpLineRects?.() ?? []) {
        obstacles.add({ left: q.left + window.scrollX, top: q.top + window.scrollY, right: q.right + window.scrollX, bottom: q.bottom + window.scrollY });
      }
      const bounds = { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight };
      let unplaced = 0;
      for (const { i, el, status, a, lines, blocks } of wanted) {
        const text = String(Math.round(a.authority_score));
        const size = { width: badgeWidth(text), height: BADGE_HEIGHT };
        const at = placeBadge(lines, blocks, size, obstacles, bounds);
        if (!at) { unplaced++; continue; }
        const badge = document.createElement('div');
        badge.className = `badge ${status} external`;
        badge.dataset.source = a.authority_source;
        badge.dataset.ordinal = String(i);
        badge.textContent = text;
        badge.style.left = `${at.left}px`;
        badge.style.top = `${at.top}px`;
        badge.style.width = `${size.width}px`;
        // Its ring stands out from whatever the page paints there: black on light pages, white
        // on dark or saturated ones (each at least 4.5:1 on the side it is chosen for).
        const bg = pageBackground(el, backgrounds);
        // A colour this cannot read gets both rings: white inside, black outside.
        const ring = bg === null ? '#000000' : luminance(bg) >= 0.18 ? '#000000' : '#ffffff';
        badge.style.boxShadow = bg === null ? '0 0 0 1px #ffffff, 0 0 0 3px #000000' : `0 0 0 2px ${ring}`;
        badge.dataset.ring = ring;
        badge.dataset.page = bg === null ? 'unknown' : `rgb(${bg.join(',')})`;
        fragment.append(badge);
      }
      return unplaced;
    }

    function cardText(i) {
      const link = state.report.links[i];
      const rel = link.rel ?? [];
      const lines = [
        `${statusOf(link).toUpperCase()}${rel.length ? `  rel="${rel.join(' ')}"` : ''}${link.effective_follow !== 'follow' && link.follow === 'follow' ? '  (page-level nofollow)' : ''}`,
      ];
      // The card's own fields come from the worker just after the overlay is painted (none if the
      // worker was restarted in between: showing the overlay again collects them).
      if (link.url === undefined) {
        lines.push(`${link.scope} · ${link.domain || 'no domain'} · ${state.report.rawPending ? 'details on their way…' : 'details lost: show the overlay again'}`);
      }
      else {
        lines.push(`Anchor: ${link.anchor || '(empty)'}  [${link.anchor_class}]`, `Placement: ${link.placement} · ${link.scope} · ${link.kind}`,
          `Target: ${link.url || link.href}`);
      }
      const problem = problemOf(link);
      if (problem) lines.unshift(`MALFORMED: ${problem}`);
      const a = state.authority[link.domain];
      if (link.scope === 'external' && a) {
        const known = a.authority_score !== null && a.authority_score !== undefined;
        const score = known ? `Authority ${a.authority_score.toFixed(1)} (${authoritySourceLabel(a.authority_source)})` : 'Authority: unknown (not in the web ranks or the index)';
        lines.push(a.indexed ? `${score} · ${a.referring_domains} referring domains · ${a.backlinks} backlinks` : score);
      }
      if (link.rendered_only) lines.push('Rendered only: not in the raw HTML a crawler reads');
      if (link.hidden) lines.push('Hidden');
      if (link.in_shadow_root) lines.push('In a shadow root');
      if (link.in_iframe) lines.push('In an iframe');
      return lines.join('\n');
    }

    function onHover(event) {
      if (!state.overlayOn || !state.report) return;
      const path = event.composedPath();
      let i = -1;
      for (const node of path) {
        if (node instanceof Element && (node.localName === 'a' || node.localName === 'area')) {
          i = state.elements.indexOf(node);
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

    const rectOf = (e) => (e ? (({ left, top, width, height }) => ({ left, top, width, height }))(e.getBoundingClientRect()) : null);

    // What the overlay shows once every band is built, read back from its own DOM (for tests and
    // for the panel).
    async function overlayState(ordinal) {
      for (let fill = null; fill !== filled;) {  // a draw may start while one is awaited
        fill = filled;
        await fill;
      }
      const boxes = [...new Map([...layer.querySelectorAll('.box')].map((b) => [boxOrdinal.get(b), b])).values()];  // one per link
      const byStatus = {};
      for (const b of boxes) for (const c of STATUSES) if (b.classList.contains(c)) byStatus[c] = (byStatus[c] ?? 0) + 1;
      return {
        visible: state.overlayOn && host.isConnected,
        boxes: boxes.length,
        badges: [...layer.querySelectorAll('.badge')].map((b) => b.textContent),
        // Where each badge is drawn (viewport coordinates, ring included), and how many scores
        // found no free place and are in hover cards only.
        badgeBoxes: [...layer.querySelectorAll('.badge')].map((b) => {
          const q = b.getBoundingClientRect();
          const ring = b.dataset.page === 'unknown' ? 3 : 2;
          return { ordinal: Number(b.dataset.ordinal), left: q.left - ring, top: q.top - ring, right: q.right + ring, bottom: q.bottom + ring };
        }),
        badgesInCard,
        // Each badge's colours as drawn, for contrast checks: its text and fill, its ring and the
        // page colour around it.
        badgeColours: [...layer.querySelectorAll('.badge')].map((b) => {
          const cs = getComputedStyle(b);
          return { text: cs.color, fill: cs.backgroundColor, ring: b.dataset.ring, page: b.dataset.page };
        }),
        byStatus,
        malformed: boxes.filter((b) => b.classList.contains('malformed')).length,
        other: boxes.filter((b) => b.classList.contains('other')).length,
        legend: legend.textContent,
        legendBox: (({ left, top, width, height }) => ({ left, top, width, height }))(legend.getBoundingClientRect()),
        legendMinimised: legend.classList.contains('minimised'),
        legendCounts: state.report ? reportCounts(state.report.links) : null,
        legendTitleBox: rectOf(legend.querySelector('h1 span')),
        legendMinimiseBox: rectOf(legend.querySelector('h1 button')),
        card: card.hidden ? null : { ordinal: Number(card.dataset.ordinal), text: card.textContent },
        cardFor: ordinal === undefined || !state.report ? null : cardText(ordinal),
        // The box of link `ordinal` (its first line's; viewport coordinates), or null.
        boxFor: ordinal === undefined ? null
          : rectOf([...layer.querySelectorAll('.box')].find((b) => boxOrdinal.get(b) === ordinal)),
        paint_ms: state.lastPaintMs,
        unsafeElements: shadow.querySelectorAll('img, script, iframe, object, embed').length,
      };
    }

    function remove() {
      ++generation;  // a fill in progress stops
      host.remove();
      card.hidden = true;
    }

    // The legend alone, when only the report's counts changed (the raw-HTML comparison arrived).
    const redrawLegend = () => {
      if (state.report && host.isConnected) drawLegend(reportCounts(state.report.links));
    };

    // Resolves when every box of the latest draw is built.
    const complete = () => filled;

    return { host, draw, complete, drawLegend: redrawLegend, onHover, overlayState, remove };
  }

  globalThis.linklensContent.createOverlay = createOverlay;
})();
