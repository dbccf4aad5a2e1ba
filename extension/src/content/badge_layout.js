// Linklens content script: where an authority badge may go without covering text. A badge
// floats over the page, so it must find a place no text line of the page occupies: above the
// link, below it, beside it on its line, or in the margin beside its block. When none is free it
// is not drawn (the score stays in the link's hover card).
//
// The geometry is pure (rects in, a place out; tests/extension/badge_layout_test.mjs); only
// textLineRects() reads the page.
(() => {
  globalThis.linklensContent ??= {};
  if (globalThis.linklensContent.badgeLayout) return;  // injected again: already here

  const ROW = 32;  // px: obstacles are bucketed by rows of this height
  const RING = 3;  // px: the widest ring drawn around a badge (overlay.js), part of its place
  const GAP = 4;  // px between a badge and its link

  // Rects ({left, top, right, bottom}) a badge may not touch, bucketed by row.
  function createObstacles(rects = []) {
    const rows = new Map();
    const add = (r) => {
      for (let y = Math.floor(r.top / ROW); y <= Math.floor(r.bottom / ROW); y++) {
        if (!rows.has(y)) rows.set(y, []);
        rows.get(y).push(r);
      }
    };
    const hits = (r) => {
      for (let y = Math.floor(r.top / ROW); y <= Math.floor(r.bottom / ROW); y++) {
        for (const o of rows.get(y) ?? []) {
          if (r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom) return true;
        }
      }
      return false;
    };
    rects.forEach(add);
    return { add, hits };
  }

  // The first free place for a badge of `size` ({width, height}) beside a link whose line boxes
  // are `lines` (page coordinates, first to last) inside the blocks `blocks` (innermost first),
  // within `bounds` ({width, height} of the document); null when every place covers text or
  // another badge. The chosen place becomes an obstacle for the next badge.
  function placeBadge(lines, blocks, size, obstacles, bounds) {
    const first = lines[0], last = lines[lines.length - 1];
    const { width: w, height: h } = size;
    const middle = (line) => line.top + (line.bottom - line.top - h) / 2;
    const candidates = [
      [first.left, first.top - h - GAP],  // above the link's first line
      [last.left, last.bottom + GAP],  // below its last line
      [last.right + GAP, middle(last)],  // after it, on its line
      [first.left - w - GAP, middle(first)],  // before it, on its line
    ];
    for (const block of blocks) {  // the margins beside the link's line, nearest block first
      candidates.push([block.left - w - GAP * 2, middle(first)], [block.right + GAP * 2, middle(first)]);
    }
    for (const [left, top] of candidates) {
      // The ring counts as the badge's own.
      const r = { left: left - RING, top: top - RING, right: left + w + RING, bottom: top + h + RING };
      if (r.left < 0 || r.top < 0 || r.right > bounds.width || r.bottom > bounds.height) continue;
      if (obstacles.hits(r)) continue;
      obstacles.add(r);
      return { left, top };
    }
    return null;
  }

  // Every line of visible text on the page, in page coordinates (one rect per line a text node
  // spans), open shadow roots included. Text inside iframes is left out: a badge beside an
  // iframe's link may cover the iframe's text.
  function textLineRects() {
    const rects = [];
    const sx = window.scrollX, sy = window.scrollY;
    const range = document.createRange();
    const walk = (root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.nodeType === Node.ELEMENT_NODE) {
          if (n.shadowRoot) walk(n.shadowRoot);
          continue;
        }
        if (!/\S/.test(n.data)) continue;  // text that is not rendered (a script's) has no rects
        range.selectNodeContents(n);
        for (const q of range.getClientRects()) {
          if (q.width > 0 && q.height > 0) rects.push({ left: q.left + sx, top: q.top + sy, right: q.right + sx, bottom: q.bottom + sy });
        }
      }
    };
    walk(document.body ?? document.documentElement);
    return rects;
  }

  globalThis.linklensContent.badgeLayout = Object.freeze({ createObstacles, placeBadge, textLineRects });
})();
