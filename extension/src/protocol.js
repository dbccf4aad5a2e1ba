// The extension's one protocol, defined once: the message types its parts send each other, the
// fields of an overlay row, link statuses and their colours.
//
// A classic script, because content scripts cannot be ES modules in MV3: the service worker
// injects it before the content scripts, and the service worker and the panel import it for its
// effect. Either way it sets globalThis.linklensProtocol once (injecting it again changes nothing).
globalThis.linklensProtocol =
  globalThis.linklensProtocol ||
  (() => {
    // Message types. `pageReport` is also the extension's public message (README).
    const MESSAGES = Object.freeze({
      // content script -> service worker
      classify: 'linklens:classify',
      rawComparison: 'linklens:raw-comparison',
      authority: 'linklens:authority',
      serpScores: 'linklens:serp-scores',
      // service worker -> content script
      overlay: 'linklens:overlay',
      collect: 'linklens:collect',
      overlayState: 'linklens:overlay-state',
      // panel (or another extension page) -> service worker
      pageReport: 'linklens:page-report',
      overview: 'linklens:overview',
      audit: 'linklens:audit',
      keepDomain: 'linklens:keep-domain',
      watchState: 'linklens:watch-state',
      watchDomain: 'linklens:watch-domain',
      gap: 'linklens:gap',
      toggle: 'linklens:toggle',
      checkLinks: 'linklens:check-links',
    });

    // The worker sends the content script each link as a row of DRAW_FIELDS at once (what the
    // boxes, badges and legend are drawn from), then, after the paint, as a row of CARD_FIELDS
    // (what the hover card adds), each in this order. On a page of 5,000 links the first rows
    // are 0.3 MB, a third of both kinds' and a twelfth of the whole report's bytes.
    const DRAW_FIELDS = Object.freeze(['domain', 'scope', 'follow', 'effective_follow', 'hidden', 'problem']);
    const CARD_FIELDS = Object.freeze([
      'url', 'href', 'rel', 'kind', 'anchor', 'anchor_class', 'placement', 'rendered_only', 'in_shadow_root', 'in_iframe',
    ]);

    // What a link counts as: its rel status, except that a page-level nofollow (meta robots,
    // X-Robots-Tag) turns a plain followed link into nofollow.
    const STATUSES = Object.freeze(['follow', 'nofollow', 'sponsored', 'ugc']);
    const STATUS_COLOURS = Object.freeze({ follow: '#16a34a', nofollow: '#dc2626', sponsored: '#ea580c', ugc: '#7c3aed' });
    const OTHER_COLOUR = '#52525b';

    function statusOf(link) {
      if (link.effective_follow === 'follow') return link.follow;
      return link.follow === 'follow' ? 'nofollow' : link.follow;
    }

    // Why a link is malformed, for people, or '' when it is not: the core's `problem` field
    // (shared/src/links/malformed.cpp), the same in the CLI's report and the browser's.
    function problemOf(link) {
      return link.problem ?? '';
    }

    // The page's totals, counted once here for the overlay's legend and the panel's summary, so
    // both say the same numbers for the same report. Statuses count every link; scopes split.
    function reportCounts(links) {
      const c = { links: links.length, follow: 0, nofollow: 0, sponsored: 0, ugc: 0, internal: 0, subdomain: 0, external: 0,
        other: 0, malformed: 0, hidden: 0, rendered_only: 0 };
      for (const l of links) {
        c[statusOf(l)]++;
        if (l.scope in c) c[l.scope]++;
        if (problemOf(l)) c.malformed++;
        if (l.hidden) c.hidden++;
        if (l.rendered_only) c.rendered_only++;
      }
      return c;
    }

    // "#16a34a" -> "rgba(22,163,74,0.1)": the tinted fill under a status colour.
    function tint(hex, alpha) {
      const n = Number.parseInt(hex.slice(1), 16);
      return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
    }

    // Where an Authority Score came from, for people: the server's authority_source
    // ("commoncrawl:<release>", "index" or "unknown"; README, "Authority Score").
    function authoritySourceLabel(source) {
      if (source?.startsWith('commoncrawl:')) return `Common Crawl ${source.slice('commoncrawl:'.length)}`;
      if (source === 'index') return 'this index';
      return 'unknown';
    }

    return Object.freeze({
      MESSAGES, DRAW_FIELDS, CARD_FIELDS, STATUSES, STATUS_COLOURS, OTHER_COLOUR, statusOf, problemOf, reportCounts, tint,
      authoritySourceLabel,
    });
  })();
