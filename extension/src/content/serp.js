// Linklens content script: badges on search result pages. On a Google, Bing or DuckDuckGo
// results page (src/serp_engines.json), each organic result gets a line under its title: the
// target's registrable domain, its Authority Score with the score's source, and whether the
// index knows backlinks to it. The scores come from one batch call through the service worker.
// Each line lives in a closed shadow root inserted after the result's title, so it takes its
// own place in the page's flow (never over the page's text) and page CSS cannot restyle it.
(() => {
  globalThis.linklensContent ??= {};
  if (globalThis.linklensContent.createSerp) return;  // injected again: already here
  const { MESSAGES, authoritySourceLabel } = globalThis.linklensProtocol;
  const { engineFor, resultTarget } = globalThis.linklensSerpRules;
  const TAG = 'linklens-serp-badge';

  const STYLE = `
    :host { all: initial; display: block; margin: 2px 0 4px; }
    .line { display: inline-flex; flex-wrap: wrap; column-gap: 6px; align-items: center; font: 12px/18px system-ui, sans-serif; color: #18181b;
            background: #ffffff; border: 1px solid #a1a1aa; border-radius: 9px; padding: 0 8px 0 2px; }
    .score { font-weight: 700; color: #ffffff; background: #1e3a8a; border-radius: 7px; padding: 0 5px; min-width: 16px; text-align: center; }
    .score.unknown { background: #52525b; }
    .domain { font-weight: 600; }
    .muted { color: #3f3f46; }`;

  // state: the overlay's shared state; serpLinks (the result links with a line, which the
  // overlay gives no floating badge) and serpSummary (a line for its legend) are set here.
  function createSerp(state) {
    let engine = null;
    let calls = 0;  // server calls made for this page's results
    const lines = new Map();  // result link -> { host, shadow, href, result }

    function organicLinks() {
      const found = new Set();
      for (const a of document.querySelectorAll(engine.resultLink)) {
        if (!a.closest(engine.notInside)) found.add(a);
      }
      return [...found];
    }

    function text(parent, className, content) {
      const span = document.createElement('span');
      span.className = className;
      span.textContent = content;
      parent.append(span);
    }

    // What a result's line says, from the worker's answer for its target.
    function describe(target, answer) {
      if (!target) return { domain: null, score: null, words: ['no web address behind this result'] };
      if (answer?.error) return { domain: null, score: null, words: [`no score: ${answer.error}`] };
      const r = answer?.results?.[target];
      if (!answer?.configured) return { domain: r?.domain ?? null, score: null, words: ['no Linklens server set (Options)'] };
      if (!r) return { domain: null, score: null, words: ['no registrable domain'] };
      const score = r.authority_score ?? null;
      const words = [score === null ? 'not in the web ranks or the index' : `Authority Score (${authoritySourceLabel(r.authority_source)})`];
      words.push(r.indexed ? `${r.backlinks.toLocaleString('en')} backlinks from ${r.referring_domains.toLocaleString('en')} referring domains in the index`
        : 'no backlinks in the index');
      return { domain: r.domain, score, source: r.authority_source ?? null, indexed: Boolean(r.indexed), backlinks: r.backlinks ?? 0, words };
    }

    // href: the link's href when its target was read (it may have changed since).
    function drawLine(a, href, target, answer) {
      let entry = lines.get(a);
      if (!entry) {
        const host = document.createElement(TAG);
        entry = { host, shadow: host.attachShadow({ mode: 'closed' }) };
        lines.set(a, entry);
      }
      // Placed again when the page re-rendered the result around its link and dropped the line.
      if (!entry.host.isConnected) (a.closest(engine.badgeAfter) ?? a).after(entry.host);
      const result = describe(target, answer);
      const style = document.createElement('style');
      style.textContent = STYLE;
      const line = document.createElement('div');
      line.className = 'line';
      text(line, result.score === null ? 'score unknown' : 'score', result.score === null ? '–' : String(Math.round(result.score)));
      if (result.domain) text(line, 'domain', result.domain);
      for (const w of result.words) text(line, 'muted', w);
      entry.shadow.replaceChildren(style, line);
      Object.assign(entry, { href, target, result, text: line.textContent });
    }

    // Lines for results not seen yet, whose link changed, or whose line the page removed: engines
    // add results as the user scrolls. One batch call for all of them. Calls made while one is
    // on its way wait for it and run once more after it (never two batches for the same links).
    let running = null, again = false;
    function update() {
      if (running) {
        again = true;
        return running;
      }
      running = updateOnce().finally(() => {
        running = null;
        if (again && engine) {
          again = false;
          update();
        }
      });
      return running;
    }

    async function updateOnce() {
      if (!engine) return;
      const links = organicLinks();
      state.serpLinks = new Set(links);
      const fresh = links.filter((a) => { const e = lines.get(a); return !e || e.href !== a.href || !e.host.isConnected; });
      if (fresh.length) {
        const hrefs = fresh.map((a) => a.href);
        const targets = hrefs.map((href) => resultTarget(href, engine));
        const urls = [...new Set(targets.filter(Boolean))];
        const answer = urls.length ? await chrome.runtime.sendMessage({ type: MESSAGES.serpScores, urls }) : { configured: true, results: {} };
        if (!engine) return;  // closed while the scores were on their way
        calls += answer?.calls ?? 0;
        fresh.forEach((a, i) => drawLine(a, hrefs[i], targets[i], answer));
      }
      for (const [a, entry] of lines) {  // results the engine took away
        if (!a.isConnected) { entry.host.remove(); lines.delete(a); }
      }
      const scored = links.filter((a) => lines.get(a)?.result.score !== null).length;
      state.serpSummary = `${engine.name}: ${links.length} organic results, ${scored} with an Authority Score`;
    }

    // engines: src/serp_engines.json's list. Does nothing on a page that is no results page.
    function show(engines) {
      engine = engineFor(location.href, engines ?? []);
      return update();
    }

    function remove() {
      engine = null;
      for (const { host } of lines.values()) host.remove();
      lines.clear();
      calls = 0;
      state.serpLinks = null;
      state.serpSummary = null;
    }

    const isOurs = (node) => node.localName === TAG;
    // The lines' boxes (viewport coordinates): the overlay's floating badges keep off them.
    const lineRects = () => [...lines.values()].filter((e) => e.host.isConnected).map((e) => e.host.getBoundingClientRect());

    // What the lines say, for tests and the panel: in the page's order.
    function serpState() {
      if (!engine) return null;
      return {
        engine: engine.id,
        calls,
        results: organicLinks().map((a) => {
          const e = lines.get(a);
          const box = e?.host.getBoundingClientRect();
          return { href: a.href, target: e?.target ?? null, ...(e?.result ?? {}), text: e?.text ?? null,
            box: box ? { left: box.left, top: box.top, right: box.right, bottom: box.bottom } : null };
        }),
      };
    }

    return { show, update, remove, isOurs, lineRects, serpState };
  }

  globalThis.linklensContent.createSerp = createSerp;
})();
