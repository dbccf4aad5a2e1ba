// Linklens content script, part 3 of 3: what runs it. Keeps the page's report, asks the service
// worker to classify what collection read (collect.js) and for authority scores, turns the
// overlay (overlay.js) on and off, redraws when the page changes, and answers the worker's
// messages. On a search results page it also runs the result lines (serp.js). Injected on demand
// (toolbar button, shortcut, panel) after the other parts (service_worker.js, CONTENT_SCRIPTS);
// injecting it twice is harmless.
(() => {
  if (globalThis.__linklensContent) return;
  globalThis.__linklensContent = true;
  const { MESSAGES, DRAW_FIELDS, CARD_FIELDS } = globalThis.linklensProtocol;
  const { collection, createOverlay, createSerp } = globalThis.linklensContent;

  // What the overlay draws from, by ordinal (the report's order); lines: each link's line boxes
  // as the collection read them, for the next draw if the page has not changed since.
  const state = { report: null, elements: [], frames: [], lines: null, linesCurrent: null, authority: {}, overlayOn: false, lastPaintMs: null };
  let observer = null;
  let refreshTimer = null;

  const timings = {};
  let lastSeq = 0;  // the latest classification asked for; a report of an earlier one is stale
  let newest = null;  // the latest refresh: an overtaken one answers with its report

  // draw: redraw the overlay (when on) with the new report; setOverlay draws itself.
  // finish: wait for the raw-HTML comparison too; setOverlay paints first and finishes after.
  function refresh(options = {}) {
    const run = refreshAs(++lastSeq, options);
    newest = run;
    return run;
  }

  async function refreshAs(seq, { draw = true, finish = true }) {
    let t = performance.now();
    // The raw HTML is on its way (the HTTP cache answers off this thread) while the DOM is walked;
    // it is dropped if the user turned the comparison off. Only its headers are waited for here.
    const fetching = collection.fetchRaw();
    const rawComing = chrome.storage.local.get('compareRaw').then((settings) => (settings.compareRaw === false ? null : fetching));
    const { dom, elements, frames, lines, linesCurrent } = collection.collect();
    timings.collect_ms = performance.now() - t;
    t = performance.now();
    const raw = await rawComing;
    timings.fetch_raw_ms = performance.now() - t;
    t = performance.now();
    // JSON text both ways: Chrome copies one string far faster than thousands of small objects.
    const domJson = JSON.stringify(dom);
    timings.stringify_ms = performance.now() - t;
    // The raw HTML's headers go with the DOM facts, its text right after the answer (sendRaw):
    // the overlay's rows do not wait for it to cross to the worker.
    const headers = raw && { headers: raw.headers };
    const answer = await chrome.runtime.sendMessage({ type: MESSAGES.classify, domJson, raw: headers, seq });
    if (!answer || answer.error) throw new Error(answer?.error ?? 'no answer from the worker');
    timings.round_trip_ms = performance.now() - t - timings.stringify_ms;
    const comparison = sendRaw(seq, raw?.html ?? null);
    timings.bytes = [domJson.length, answer.json.length];
    const report = JSON.parse(answer.json);
    if (report.error) throw new Error(report.error);
    report.links = mergeRows([], report.links, DRAW_FIELDS);
    report.rawPending = true;  // the worker compares the raw HTML and sends the cards next (finishRaw)
    if (seq !== lastSeq) return newest;  // a later refresh overtook this one: its report is the page's
    // The elements and the report change together: the overlay reads them by ordinal.
    Object.assign(state, { report, elements, frames, lines, linesCurrent, seq, comparison });
    timings.classify_ms = performance.now() - t;
    timings.worker_ms = answer.worker_ms;
    if (finish) await finishRaw(seq);
    if (state.overlayOn && draw) {
      overlay.draw();
      requestAuthority();
    }
    return state.report;
  }

  // Hands the worker the raw HTML of classification `seq` (html: a promise of its text, or null
  // when it could not be fetched) once it is read; the answer, which finishRaw waits for, is the
  // comparison and the hover cards' fields. The worker compares while the page draws. An
  // overtaken refresh's HTML would cross for nothing: its classification finishes without.
  function sendRaw(seq, html) {
    const answer = Promise.resolve(html).then((text) => chrome.runtime.sendMessage({
      type: MESSAGES.rawComparison, seq, html: seq === lastSeq && typeof text === 'string' ? text : null,
    }));
    answer.catch(() => {});  // read by finishRaw, if this classification is still the page's
    return answer;
  }

  // The raw-HTML comparison of classification `seq` and the hover cards' fields, from the
  // worker, into the report: its raw link count, and each link's CARD_FIELDS (rendered_only
  // among them). False when a later report replaced it.
  async function finishRaw(seq) {
    if (seq !== state.seq) return false;
    const answer = await state.comparison;
    if (seq !== state.seq || !state.report?.rawPending) return false;
    state.comparison = null;  // merged below: the card rows (a megabyte on a big page) are not kept twice
    const { report } = state;
    report.rawPending = false;
    report.raw = answer?.raw ? { links: answer.raw.links } : null;
    if (answer?.cards) mergeRows(report.links, JSON.parse(answer.cards).links, CARD_FIELDS);
    return true;
  }

  async function requestAuthority() {
    const domains = [...new Set(state.report.links.filter((l) => l.scope === 'external' && l.domain).map((l) => l.domain))];
    if (!domains.length) return;
    const answer = await chrome.runtime.sendMessage({ type: MESSAGES.authority, domains });
    if (answer?.scores) {
      // Drawn again only when a badge changes: with no server (or nothing new) a redraw would
      // double the cost of showing the overlay for nothing.
      const badge = (s) => (s ? `${s.authority_score ?? ''}|${s.authority_source ?? ''}` : '|');
      const changed = domains.some((d) => badge(answer.scores[d]) !== badge(state.authority[d]));
      state.authority = answer.scores;
      if (state.overlayOn && changed) overlay.draw();
    }
  }

  // The worker sends each link as rows of named fields (protocol.js), the fields a view needs
  // first, the others later: they go into the links' objects, by ordinal.
  function mergeRows(links, rows, fields) {
    rows.forEach((row, i) => {
      const link = (links[i] ??= {});
      for (let k = 0; k < fields.length; k++) link[fields[k]] = row[k];
    });
    return links;
  }

  const overlay = createOverlay(state, { onClose: () => setOverlay(false) });
  const serp = createSerp(state);
  state.serpLineRects = serp.lineRects;  // obstacles for the overlay's badges
  const redraw = () => { if (state.overlayOn) overlay.draw(); };

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    // The result lines first: they say which links get no floating badge.
    refreshTimer = setTimeout(() => Promise.all([serp.update(), refresh()]).then(redraw).catch(() => {}), 300);
  }

  let shows = 0;  // counts setOverlay calls: one that resumes after a later one stops there
  // engines: the search engines (src/serp_engines.json), sent by the worker with the toggle.
  async function setOverlay(on, engines) {
    state.overlayOn = on;
    const show = ++shows;
    const current = () => show === shows;
    if (on) {
      const started = performance.now();
      const serpReady = serp.show(engines);
      await refresh({ draw: false, finish: false });
      if (!current()) return overlayAnswer();  // hidden (or shown again) meanwhile
      const t = performance.now();
      overlay.draw();
      timings.draw_ms = performance.now() - t;
      requestAuthority();
      const drawn = performance.now();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      state.lastPaintMs = performance.now() - started;
      timings.frames_ms = performance.now() - drawn;
      if (!current()) return overlayAnswer();
      // Listening from the first paint on: a change while the rest arrives is drawn too.
      // On a results page, drawn again once the result lines are in (their links get no floating
      // badge; the legend says how many results have a score). Elsewhere nothing changed.
      serpReady.then(() => { if (state.serpSummary) redraw(); }).catch(() => {});
      document.addEventListener('mouseover', overlay.onHover, true);
      window.addEventListener('resize', redraw);
      observer ??= new MutationObserver((records) => {
        // Our own host element changing is not the page changing.
        // A result line the page removes is the page changing (it is drawn again).
        const ours = (r) => r.type === 'childList' && [...r.removedNodes].every((n) => n === overlay.host) &&
          [...r.addedNodes].every((n) => n === overlay.host || serp.isOurs(n));
        if (records.every(ours)) return;
        scheduleRefresh();
      });
      observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href', 'rel'] });
      // The boxes are on screen; the legend's rendered-only count follows (the worker compared
      // the raw HTML while the page drew), and the boxes of the page's other bands.
      if (await finishRaw(state.seq) && current()) overlay.drawLegend();
      timings.raw_ms = performance.now() - started;
      await overlay.complete();
      timings.complete_ms = performance.now() - started;
    } else {
      observer?.disconnect();
      observer = null;
      document.removeEventListener('mouseover', overlay.onHover, true);
      window.removeEventListener('resize', redraw);
      overlay.remove();
      serp.remove();
    }
    return overlayAnswer();
  }

  function overlayAnswer() {
    return { overlay: state.overlayOn, links: state.report?.links.length ?? 0, paint_ms: state.lastPaintMs, timings };
  }

  chrome.runtime.onMessage.addListener((message, _sender, respond) => {
    const run = async () => {
      switch (message?.type) {
        case MESSAGES.overlay: return setOverlay(message.show ?? !state.overlayOn, message.engines);
        case MESSAGES.collect: await refresh(); return { links: state.report.links.length };
        case MESSAGES.overlayState: return { ...(await overlay.overlayState(message.ordinal)), serp: serp.serpState() };
        default: return undefined;
      }
    };
    if (![MESSAGES.overlay, MESSAGES.collect, MESSAGES.overlayState].includes(message?.type)) return false;
    run().then(respond, (e) => respond({ error: String(e?.message ?? e) }));
    return true;
  });
})();
