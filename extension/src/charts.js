// Small SVG charts for the panel, built with DOM calls (no HTML strings, no dependencies):
// a histogram, horizontal bars and a two-series timeline.
const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// bins: [{label, value}] as vertical bars.
export function histogram(bins, { width = 300, height = 110, colour = '#2563eb', title = '' } = {}) {
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  const max = Math.max(1, ...bins.map((b) => b.value));
  const w = (width - 10) / bins.length;
  bins.forEach((b, i) => {
    const h = (b.value / max) * (height - 30);
    const bar = el('rect', { x: 5 + i * w + 1, y: height - 16 - h, width: Math.max(1, w - 2), height: h, fill: colour });
    bar.append(el('title', {}, `${b.label}: ${b.value}`));
    svg.append(bar);
    if (b.value) svg.append(el('text', { x: 5 + i * w + w / 2, y: height - 19 - h, 'text-anchor': 'middle' }, String(b.value)));
    svg.append(el('text', { x: 5 + i * w + w / 2, y: height - 4, 'text-anchor': 'middle' }, b.label));
  });
  return svg;
}

// items: [{label, value}] as horizontal bars, largest first.
export function bars(items, { width = 300, colour = '#0891b2', title = '' } = {}) {
  const rows = [...items].sort((a, b) => b.value - a.value);
  const height = rows.length * 18 + 4;
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  const max = Math.max(1, ...rows.map((r) => r.value));
  rows.forEach((r, i) => {
    const y = 2 + i * 18;
    svg.append(el('text', { x: 0, y: y + 12 }, r.label));
    svg.append(el('rect', { x: 90, y, width: Math.max(1, (r.value / max) * (width - 130)), height: 14, fill: colour }));
    svg.append(el('text', { x: 94 + (r.value / max) * (width - 130), y: y + 12 }, String(r.value)));
  });
  return svg;
}

// points: [{label, up, down}]: new (up, green) and lost (down, red) per snapshot.
export function timeline(points, { width = 300, height = 120, title = '' } = {}) {
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  const max = Math.max(1, ...points.flatMap((p) => [p.up, p.down]));
  const mid = (height - 14) / 2;
  const w = (width - 10) / Math.max(1, points.length);
  svg.append(el('line', { x1: 0, x2: width, y1: mid, y2: mid, stroke: '#a1a1aa' }));
  points.forEach((p, i) => {
    const x = 5 + i * w + w * 0.2;
    const up = (p.up / max) * (mid - 4), down = (p.down / max) * (mid - 4);
    const a = el('rect', { x, y: mid - up, width: w * 0.6, height: up, fill: '#16a34a' });
    a.append(el('title', {}, `${p.label}: ${p.up} new`));
    const b = el('rect', { x, y: mid, width: w * 0.6, height: down, fill: '#dc2626' });
    b.append(el('title', {}, `${p.label}: ${p.down} lost`));
    svg.append(a, b, el('text', { x: x + w * 0.3, y: height - 2, 'text-anchor': 'middle' }, p.label));
  });
  return svg;
}

// subsets: [{targets: [names], value}] of 2 or 3 sets drawn as overlapping circles with each
// region's count; with 4 or 5 sets (no readable circles) as bars per subset.
export function venn(names, subsets, { width = 300, title = '' } = {}) {
  if (names.length > 3) {
    return bars(subsets.filter((s) => s.value > 0).map((s) => ({ label: s.targets.map((t) => t.split('.')[0]).join('+').slice(0, 14), value: s.value })),
      { width, colour: '#0d9488', title });
  }
  const height = names.length === 2 ? 150 : 210;
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  const r = 62;
  const centres = names.length === 2 ? [[110, 80], [190, 80]] : [[115, 75], [185, 75], [150, 135]];
  const colours = ['#2563eb', '#dc2626', '#16a34a'];
  names.forEach((n, i) => {
    svg.append(el('circle', { cx: centres[i][0], cy: centres[i][1], r, fill: colours[i], 'fill-opacity': 0.18, stroke: colours[i] }));
    svg.append(el('text', { x: centres[i][0] + (i === 0 ? -r : i === 1 ? r : 0), y: i === 2 ? centres[i][1] + r + 12 : 10,
      'text-anchor': i === 0 ? 'start' : i === 1 ? 'end' : 'middle' }, n));
  });
  for (const s of subsets) {
    const idx = s.targets.map((t) => names.indexOf(t));
    // The region's label sits at the mean of its circles' centres, pushed away from the others.
    let x = 0, y = 0;
    for (const i of idx) { x += centres[i][0]; y += centres[i][1]; }
    x /= idx.length; y /= idx.length;
    if (idx.length === 1 && names.length > 1) {
      const all = centres.reduce((a, c) => [a[0] + c[0] / names.length, a[1] + c[1] / names.length], [0, 0]);
      x += (x - all[0]) * 0.8; y += (y - all[1]) * 0.8;
    }
    const label = el('text', { x, y: y + 4, 'text-anchor': 'middle' }, String(s.value));
    label.dataset.region = s.targets.join('+');
    svg.append(label);
  }
  return svg;
}
