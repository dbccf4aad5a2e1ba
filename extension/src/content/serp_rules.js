// Search result pages, as rules: which engine a page belongs to, and where each result link
// really goes. The engines themselves are data (src/serp_engines.json); this reads them. Pure
// (no DOM), so node's test runner checks it (tests/extension/serp_rules_test.mjs).
//
// A classic script like the rest of the content script: it sets globalThis.linklensSerpRules once.
globalThis.linklensSerpRules =
  globalThis.linklensSerpRules ||
  (() => {
    const patterns = new Map();
    const pattern = (source) => {
      if (!patterns.has(source)) patterns.set(source, new RegExp(source, 'i'));
      return patterns.get(source);
    };

    // The engine whose result page `pageUrl` is, or null. A results page has its query (q=) in
    // its address, unless the engine says it posts it (queryInUrl: false).
    function engineFor(pageUrl, engines) {
      let u;
      try { u = new URL(pageUrl); } catch { return null; }
      if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
      return engines.find((e) => pattern(e.host).test(u.hostname) && pattern(e.path).test(u.pathname) &&
        (e.queryInUrl === false || Boolean(u.searchParams.get('q')))) ?? null;
    }

    // Bing's u= value: "a1" then the target URL in unpadded base64url (UTF-8).
    function decodeBingA1(value) {
      if (!value.startsWith('a1')) return value;
      const b64 = value.slice(2).replace(/-/g, '+').replace(/_/g, '/');
      try {
        const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
        return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
      } catch {
        return null;
      }
    }

    const DECODERS = { plain: (v) => v, 'bing-a1': decodeBingA1 };

    function webUrl(text) {
      try {
        const u = new URL(text);
        return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
      } catch {
        return null;
      }
    }

    // Where a result link goes: the target inside the engine's redirect (Google /url?q=, Bing
    // /ck/a?u=a1..., DuckDuckGo /l/?uddg=), or the link itself. null when it leads nowhere on the
    // web (a javascript: link, a redirect without its target).
    function resultTarget(href, engine) {
      let u;
      try { u = new URL(href); } catch { return null; }
      for (const r of engine.redirects ?? []) {
        if (!pattern(r.host ?? engine.host).test(u.hostname) || !pattern(r.path).test(u.pathname)) continue;
        const decode = DECODERS[r.encoding ?? 'plain'];
        for (const name of r.params) {
          const value = u.searchParams.get(name);
          if (value) return webUrl(decode(value) ?? '');
        }
        return null;
      }
      return webUrl(u.href);
    }

    return Object.freeze({ engineFor, resultTarget });
  })();
