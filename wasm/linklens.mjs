// The Linklens core in JavaScript (browsers, extension service workers, node).
//
//   import { createLinklens } from './linklens.mjs';
//   const ll = await createLinklens();            // in node: createLinklens({ wasmBinary })
//   ll.version()                                  // { core, publicSuffixList, idnaUnicode }
//   ll.resolveUrl('../x', 'https://a.com/b/c')    // { ok, href, protocol, host, ..., hostType } | { ok: false, error }
//   ll.registrableDomain('www.example.co.uk')     // { host, registrableDomain, publicSuffix, subdomain, section, isIp } | null
//   ll.inspectHtml(html, pageUrl, { headers, brand, keywords, scripting })
//                                                 // { page, links: [LinkRecord] } (docs/link-record.md)
//   ll.classifyLinks(domLinks, pageUrl, pageFacts, { headers, brand, keywords, rawHtml })
//                                                 // the same from the live DOM: domLinks as the extension's
//                                                 // content script collects them (docs/wasm-api.md)
//   const page = ll.classifyPage(domJson, { headers, brand, keywords })
//   page.rowsJson(['url', 'follow'])              // '{"page": {...}, "links": [["https://...", "follow"], ...]}'
//   page.compareRaw(rawHtml)                      // { links, rendered_only: [index...] } | null
//   page.reportJson()                             // classifyLinksJson's answer, with the raw comparison if made
//   page.dispose()                                // frees the page (WebAssembly memory is not collected)
//
// Each call crosses into WebAssembly once and returns plain objects.
import createModule from './linklens_core.mjs';

export async function createLinklens(moduleOptions = {}) {
  const core = await createModule(moduleOptions);
  const headerLines = (headers) => {
    if (!headers) return '';
    const pairs = Array.isArray(headers) ? headers : Object.entries(headers);
    return pairs.map(([name, value]) => `${name}: ${value}`).join('\n');
  };
  // options.rawHtml: the page's raw HTML; links only the rendered DOM has get rendered_only.
  const classifyJson = (domJson, { headers, brand = '', keywords = [], rawHtml } = {}) =>
    core.classifyLinksJson(domJson, rawHtml ?? '', typeof rawHtml === 'string', headerLines(headers), String(brand),
                           keywords.join('\n'));
  return {
    version: () => JSON.parse(core.versionJson()),
    resolveUrl: (input, base = '') => JSON.parse(core.resolveUrlJson(String(input), String(base ?? ''))),
    registrableDomain: (hostOrUrl, { includePrivate = true } = {}) =>
      JSON.parse(core.registrableDomainJson(String(hostOrUrl), includePrivate)),
    inspectHtml: (html, pageUrl, { headers, brand = '', keywords = [], scripting = false } = {}) => {
      const report = JSON.parse(core.inspectHtmlJson(String(html), String(pageUrl), headerLines(headers), String(brand),
                                                     keywords.join('\n'), Boolean(scripting)));
      if (report.error) throw new Error(`linklens: ${report.error}`);
      return report;
    },
    classifyLinks: (domLinks, pageUrl, pageFacts = {}, options = {}) => {
      // pageFacts.blockTree (the page's block elements, for the content scorer) travels beside
      // the page facts, as the content script sends it.
      const { blockTree, ...facts } = pageFacts;
      const page = { ...facts, url: String(pageUrl) };
      const report = JSON.parse(classifyJson(JSON.stringify({ page, links: domLinks, blockTree }), options));
      if (report.error) throw new Error(`linklens: ${report.error}`);
      return report;
    },
    // The same with JSON text in and out (no object copies: what the extension's worker uses for
    // pages of thousands of links). domJson is {"page": {...pageFacts, url}, "links": [...],
    // "blockTree": [...]} (wasm/dom_json.h).
    classifyLinksJson: (domJson, options = {}) => classifyJson(String(domJson), options),
    // One classification read several ways: the rows a view needs first, the raw-HTML comparison
    // and the whole report later (the extension paints its overlay before comparing).
    classifyPage: (domJson, { headers, brand = '', keywords = [] } = {}) => {
      const page = new core.ClassifiedPage(String(domJson), headerLines(headers), String(brand), keywords.join('\n'));
      const error = page.error();
      if (error) {
        page.delete();
        throw new Error(`linklens: ${error}`);
      }
      return {
        rowsJson: (fields) => page.rowsJson(fields.join('\n')),
        compareRaw: (rawHtml) => JSON.parse(page.compareRawJson(String(rawHtml))),
        reportJson: () => page.reportJson(),
        dispose: () => page.delete(),
      };
    },
  };
}
