// Linklens content script, part 1 of 3: collection. Walks the live DOM (open shadow roots and
// same-origin iframes included) into the compact link facts the service worker classifies, and
// fetches the raw HTML a crawler would get. Reads the page; changes nothing.
(() => {
  globalThis.linklensContent ??= {};
  if (globalThis.linklensContent.collection) return;  // injected again: already here

  const BLOCK_SELECTOR = 'p,li,td,th,dd,dt,blockquote,h1,h2,h3,h4,h5,h6,figcaption,pre,address,div,section,article,aside,nav,header,footer,main,form,body';
  // Ancestors whose text length matters (content containers); measuring every ancestor would cost
  // a text walk per element.
  const MAYBE_CONTENT = /article|post|entry|story|blog|content|body|text|prose|main/i;

  // The block tree of the content scorer: the core's block elements (element_flags' kBlock in
  // shared/src/html/element_stack.cpp) and the text whose nearest block each is. The CLI builds
  // the same tree from raw HTML, so both score the page's main text alike.
  const BLOCK_TAGS = new Set(['address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details',
    'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'li', 'main',
    'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'ul']);
  // Text the core never counts as visible (element_flags' kInvisibleText, and noscript: scripts run here).
  const INVISIBLE_TEXT = new Set(['script', 'style', 'template', 'title', 'textarea', 'noscript', 'select', 'option',
    'iframe', 'noembed', 'noframes', 'xmp']);
  const HTML_NS = 'http://www.w3.org/1999/xhtml';

  // Characters as the core counts them: code points other than ASCII whitespace.
  function visibleChars(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 12 || c === 13 || (c >= 0xdc00 && c <= 0xdfff)) continue;
      n++;
    }
    return n;
  }

  function countCommas(s) {
    let n = 0;
    for (let i = s.indexOf(','); i >= 0; i = s.indexOf(',', i + 1)) n++;
    return n;
  }

  // One walk of the document: every block element, parents first, with its own text, link text,
  // commas and links (text inside a link counts for the link's block, as in the core).
  function blockTree() {
    const tree = [];
    const nodeOf = new Map();
    const visit = (el, block, linkBlock, depth) => {
      const name = el.localName;
      if (el.namespaceURI !== HTML_NS || INVISIBLE_TEXT.has(name) || depth > 2000) return;
      if (BLOCK_TAGS.has(name)) {
        const entry = { parent: block, tag: name, chars: 0, linkChars: 0, commas: 0, links: 0, ...signalAttributes(el) };
        block = tree.length;
        tree.push(entry);
        nodeOf.set(el, block);
      }
      if (name === 'a' && el.hasAttribute('href') && linkBlock === -2) {
        linkBlock = block;
        if (block >= 0) tree[block].links++;
      }
      for (let c = el.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === Node.ELEMENT_NODE) {
          visit(c, block, linkBlock, depth + 1);
        } else if (c.nodeType === Node.TEXT_NODE || c.nodeType === Node.CDATA_SECTION_NODE) {
          const target = linkBlock !== -2 ? linkBlock : block;
          if (target < 0) continue;
          const text = c.data, chars = visibleChars(text);
          const entry = tree[target];
          entry.chars += chars;
          if (linkBlock !== -2) entry.linkChars += chars;
          entry.commas += countCommas(text);
        }
      }
    };
    if (document.documentElement) visit(document.documentElement, -1, -2, 0);
    return { tree, nodeOf };
  }

  // The index in the block tree of an element's nearest block ancestor, or -1. A link in an open
  // shadow root takes its host's block (its own text is not in the tree, as it is not in the
  // raw HTML either).
  function nearestBlock(el, nodeOf) {
    for (let a = parentOf(el); a; a = parentOf(a)) {
      const i = nodeOf.get(a);
      if (i !== undefined) return i;
    }
    return -1;
  }

  // The attributes placement reads from an element (role, id, class, itemprop, itemtype,
  // aria-label), only those present. Attributes, not properties: a form's <input name=id>
  // shadows form.id, and an SVG element's className is an object.
  function signalAttributes(el) {
    const out = {};
    for (const [name, key] of [['role', 'role'], ['id', 'id'], ['class', 'className'], ['itemprop', 'itemprop'],
      ['itemtype', 'itemtype'], ['aria-label', 'ariaLabel']]) {
      const v = attr(el, name);
      if (v) out[key] = v;
    }
    return out;
  }

  function attr(el, name) {
    return el.getAttribute(name) ?? '';
  }

  function collapse(text) {
    return text.replace(/\s+/g, ' ').trim();
  }

  // Whether the page is still as it was when a collection read its line boxes: the overlay draws
  // from them only then. A change to the DOM of any document or shadow root walked (a search
  // results line, a script) or to the page's size (an image or a font that loaded) may have
  // moved links. Checked once; the first change or the next collection ends the watch.
  let stopWatch = null;
  function watchChanges(roots) {
    stopWatch?.();
    const doc = document.documentElement;
    const size = doc ? [doc.scrollWidth, doc.scrollHeight] : null;
    let changed = false;
    const watcher = new MutationObserver(() => {
      changed = true;
      watcher.disconnect();
    });
    for (const root of roots) watcher.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
    stopWatch = () => {
      changed ||= watcher.takeRecords().length > 0;
      watcher.disconnect();
      stopWatch = null;
    };
    return () => {
      stopWatch?.();
      const now = document.documentElement;
      return !changed && size !== null && now === doc && now.scrollWidth === size[0] && now.scrollHeight === size[1];
    };
  }

  // A link's boxes as the overlay draws them: one per line box (a link wrapping over two lines
  // gets two boxes, not one around both), at most four, in page coordinates. Each DOMRect is
  // read once, by index (its getters and a list's iterator are calls into the browser,
  // thousands of them on a big page).
  function lineBoxes(list, dx, dy) {
    const out = [];
    for (let k = 0; k < list.length && out.length < 4; k++) {
      const q = list[k];
      const x = q.x, y = q.y, width = q.width, height = q.height;  // client rects: width, height >= 0
      if (width === 0 && height === 0) continue;
      out.push({ left: x + dx, top: y + dy, right: x + width + dx, bottom: y + height + dy, width, height });
    }
    return out;
  }

  // out: the links found, each with the offset of its document and its flags; roots: every
  // document and shadow root walked.
  function linksIn(root, offset, flags, out, roots) {
    roots.push(root);
    const all = root.querySelectorAll('*');
    for (const el of all) {
      const name = el.localName;
      if ((name === 'a' || name === 'area') && el.namespaceURI === 'http://www.w3.org/1999/xhtml' && el.hasAttribute('href')) {
        out.push({ el, offset, flags });
      }
      if (el.shadowRoot) linksIn(el.shadowRoot, offset, { ...flags, inShadowRoot: true }, out, roots);
      if (name === 'iframe' || name === 'frame') {
        let doc;
        try { doc = el.contentDocument; } catch { doc = null; }  // cross-origin: not ours to read
        if (doc && doc.documentElement) {
          const r = el.getBoundingClientRect();
          const inner = { x: offset.x + r.left + el.clientLeft, y: offset.y + r.top + el.clientTop };
          linksIn(doc, inner, { ...flags, inIframe: true }, out, roots);
        }
      }
    }
  }

  function parentOf(el) {
    if (el.parentElement) return el.parentElement;
    const root = el.getRootNode();
    return root instanceof ShadowRoot ? root.host : null;  // across a shadow boundary
  }

  // The page's link facts for the worker (`dom`), with the link elements, the offset of the
  // document each is in and its line boxes (page coordinates), by ordinal (the overlay draws
  // from them), and linesCurrent() (watchChanges).
  function collect() {
    const found = [], roots = [];
    linksIn(document, { x: 0, y: 0 }, {}, found, roots);
    const { tree, nodeOf } = blockTree();
    const blockInfo = new WeakMap();
    const textChars = new WeakMap();
    const sx = window.scrollX, sy = window.scrollY;  // link positions are page offsets from the top
    const links = [];
    const blocks = [];
    // Ancestors are shared by many links: each element is sent once, with its parent's index.
    const table = [];
    const indexOf = new WeakMap();
    const elementIndex = (a) => {
      if (!a) return -1;
      let i = indexOf.get(a);
      if (i !== undefined) return i;
      const entry = { tag: a.localName, ...signalAttributes(a) };
      if (MAYBE_CONTENT.test(`${entry.tag} ${entry.className ?? ''} ${entry.id ?? ''} ${entry.role ?? ''} ${entry.itemprop ?? ''}`)) {
        if (!textChars.has(a)) textChars.set(a, collapse(a.textContent ?? '').length);
        entry.textChars = textChars.get(a);
      }
      i = table.length;
      indexOf.set(a, i);
      table.push(entry);
      entry.parent = elementIndex(parentOf(a));
      return i;
    };
    // A link's text, measured once: its own anchor and its block's link characters both need it.
    // A link holding one text node reads it directly: innerText lays the text out (the largest
    // cost of collection) to give the same words, except under CSS text-transform, where the
    // source text is what a crawler reads too.
    const texts = new Map();
    const textOf = (l) => {
      let t = texts.get(l);
      if (t === undefined) {
        const only = l.firstChild;
        const plain = only && only === l.lastChild && only.nodeType === Node.TEXT_NODE;
        t = collapse(plain ? only.data : l.innerText ?? l.textContent ?? '');
        texts.set(l, t);
      }
      return t;
    };
    const elements = [];
    const frames = [];
    const lines = [];
    for (const { el, offset, flags } of found) {
      // The line boxes are read once, for the link's facts and for the overlay; a link of one
      // box is its own bounding box.
      const boxes = el.getClientRects();
      const rect = boxes.length === 1 ? boxes[0] : el.getBoundingClientRect();
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
          for (const l of block.querySelectorAll('a[href]')) linkChars += textOf(l).length;
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
      const rel = attr(el, 'rel'), text = textOf(el), title = attr(el, 'title');
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
      // Links of the document and its open shadow roots have a place in its block tree (an
      // iframe is another document: its links keep the ancestor and block evidence).
      if (!inIframe) link.node = nearestBlock(el, nodeOf);
      if (flags.inShadowRoot) link.inShadowRoot = true;
      if (inIframe) link.inIframe = true;
      links.push(link);
      elements.push(el);
      // An iframe's document sits at a page offset; the page's own links move with its scroll.
      const frame = inIframe ? { x: sx + offset.x, y: sy + offset.y } : null;
      frames.push(frame);
      lines.push(lineBoxes(boxes, frame ? frame.x : sx, frame ? frame.y : sy));
    }
    const canonical = document.querySelector('link[rel~="canonical" i][href]');
    const metas = [...document.querySelectorAll('meta[name][content]')].map((m) => [m.getAttribute('name'), m.getAttribute('content')]);
    // og:site_name is a property, not a name: sent under its property (the audit's brand terms).
    const siteName = document.querySelector('meta[property="og:site_name" i][content]');
    if (siteName) metas.push(['og:site_name', siteName.getAttribute('content')]);
    const page = {
      url: document.URL,
      baseUrl: document.baseURI,
      title: document.title,
      lang: document.documentElement.lang ?? '',
      canonical: canonical ? canonical.getAttribute('href') : '',
      metas,
      height: Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0),
    };
    return { dom: { page, links, blocks, elements: table, blockTree: tree }, elements, frames, lines, linesCurrent: watchChanges(roots) };
  }

  // The raw HTML a crawler gets and the response headers (X-Robots-Tag): same-origin, from the
  // HTTP cache when it can. Failing is fine: the report then says raw HTML was not compared.
  // {headers, status, html}, as soon as the headers are in: the classification needs only them,
  // and `html` (a promise of the text, or of null) is read while the worker classifies.
  async function fetchRaw() {
    try {
      const r = await fetch(document.URL, { credentials: 'include', cache: 'force-cache' });
      const headers = {};
      const xrt = r.headers.get('x-robots-tag');
      if (xrt) headers['X-Robots-Tag'] = xrt;
      const type = r.headers.get('content-type') ?? '';
      const html = type.includes('html') ? r.text().catch(() => null) : Promise.resolve(null);
      return { html, headers, status: r.status };
    } catch {
      return null;
    }
  }

  globalThis.linklensContent.collection = Object.freeze({ collect, fetchRaw, lineBoxes });
})();
