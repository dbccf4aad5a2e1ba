// Small SVG charts for the panel, built with DOM calls (no HTML strings, no dependencies):
// a histogram, horizontal bars and a two-series timeline.
const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// Axes every chart shares: a baseline and a value axis with its top tick, and a title on each
// (class "axis-title", data-axis "x" or "y"), so a reader knows what is counted against what.
function axisTitles(svg, { xLabel, yLabel, width, height, left, bottom, yOnTop = false }) {
  const x = el('text', { class: 'axis-title', 'data-axis': 'x', x: left + (width - left) / 2, y: height - 2, 'text-anchor': 'middle' }, xLabel);
  // A category axis names itself above its labels; a value axis along its side.
  const y = yOnTop
    ? el('text', { class: 'axis-title', 'data-axis': 'y', x: 0, y: 10 }, yLabel)
    : el('text', { class: 'axis-title', 'data-axis': 'y', x: 0, y: 0, 'text-anchor': 'middle',
      transform: `translate(8 ${(height - bottom) / 2}) rotate(-90)` }, yLabel);
  svg.append(x, y);
}

// bins: [{label, value}] as vertical bars, with a value axis (0 and the largest value).
export function histogram(bins, { width = 300, height = 130, colour = '#2563eb', title = '', xLabel = '', yLabel = '' } = {}) {
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' });
  const left = 44, bottom = 30, top = 12;  // room for 5-digit ticks beside the axis title
  const max = Math.max(1, ...bins.map((b) => b.value));
  const plot = height - bottom - top;
  const w = (width - left - 4) / Math.max(1, bins.length);
  svg.append(el('line', { x1: left, x2: left, y1: top, y2: height - bottom, stroke: '#a1a1aa' }),
    el('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, stroke: '#a1a1aa' }),
    el('text', { class: 'tick', x: left - 3, y: top + 4, 'text-anchor': 'end' }, String(max)),
    el('text', { class: 'tick', x: left - 3, y: height - bottom, 'text-anchor': 'end' }, '0'));
  bins.forEach((b, i) => {
    const h = (b.value / max) * plot;
    const x = left + 2 + i * w;
    const bar = el('rect', { x: x + 1, y: height - bottom - h, width: Math.max(1, w - 2), height: h, fill: colour });
    bar.append(el('title', {}, `${b.label}: ${b.value}`));
    svg.append(bar);
    if (b.value) svg.append(el('text', { x: x + w / 2, y: height - bottom - h - 2, 'text-anchor': 'middle' }, String(b.value)));
    svg.append(el('text', { x: x + w / 2, y: height - bottom + 11, 'text-anchor': 'middle' }, b.label));
  });
  axisTitles(svg, { xLabel, yLabel, width, height, left, bottom });
  return svg;
}

// items: [{label, value}] as horizontal bars, largest first; the categories down the side, the
// counts along the bottom.
export function bars(items, { width = 300, colour = '#0891b2', title = '', xLabel = '', yLabel = '' } = {}) {
  const rows = [...items].sort((a, b) => b.value - a.value);
  const left = 104, bottom = 16, top = 14;
  const height = top + rows.length * 18 + 4 + bottom;
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' });
  const max = Math.max(1, ...rows.map((r) => r.value));
  const span = width - left - 40;
  svg.append(el('line', { x1: left - 2, x2: left - 2, y1: top, y2: height - bottom, stroke: '#a1a1aa' }));
  rows.forEach((r, i) => {
    const y = top + 2 + i * 18;
    svg.append(el('text', { x: 0, y: y + 12 }, r.label.length > 17 ? `${r.label.slice(0, 16)}…` : r.label));
    svg.append(el('rect', { x: left, y, width: Math.max(1, (r.value / max) * span), height: 14, fill: colour }));
    svg.append(el('text', { x: left + 4 + (r.value / max) * span, y: y + 12 }, String(r.value)));
  });
  axisTitles(svg, { xLabel, yLabel, width, height, left, bottom, yOnTop: true });
  return svg;
}

// points: [{label, up, down}]: new (up, green) and lost (down, red) per snapshot, each bar with
// its count, a legend, and the counts' axis.
export function timeline(points, { width = 300, height = 150, title = '', xLabel = 'snapshot', yLabel = '' } = {}) {
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart' });
  const left = 44, bottom = 30, top = 16;
  const max = Math.max(1, ...points.flatMap((p) => [p.up, p.down]));
  const mid = top + (height - bottom - top) / 2;
  const half = (height - bottom - top) / 2 - 8;
  const w = (width - left - 4) / Math.max(1, points.length);
  svg.append(el('line', { x1: left, x2: left, y1: top, y2: height - bottom, stroke: '#a1a1aa' }),
    el('line', { x1: left, x2: width, y1: mid, y2: mid, stroke: '#a1a1aa' }),
    el('text', { class: 'tick', x: left - 3, y: mid - half + 4, 'text-anchor': 'end' }, `+${max}`),
    el('text', { class: 'tick', x: left - 3, y: mid + 4, 'text-anchor': 'end' }, '0'),
    el('text', { class: 'tick', x: left - 3, y: mid + half + 4, 'text-anchor': 'end' }, `−${max}`));
  // The legend: what green and red mean.
  const legend = el('g', { class: 'legend' });
  legend.append(el('rect', { x: left + 4, y: 2, width: 9, height: 9, fill: '#16a34a' }), el('text', { x: left + 16, y: 10 }, 'new'),
    el('rect', { x: left + 50, y: 2, width: 9, height: 9, fill: '#dc2626' }), el('text', { x: left + 62, y: 10 }, 'lost'));
  svg.append(legend);
  points.forEach((p, i) => {
    const x = left + 2 + i * w + w * 0.2;
    const up = (p.up / max) * half, down = (p.down / max) * half;
    const a = el('rect', { x, y: mid - up, width: w * 0.6, height: up, fill: '#16a34a' });
    a.append(el('title', {}, `${p.label}: ${p.up} new`));
    const b = el('rect', { x, y: mid, width: w * 0.6, height: down, fill: '#dc2626' });
    b.append(el('title', {}, `${p.label}: ${p.down} lost`));
    svg.append(a, b, el('text', { x: x + w * 0.3, y: height - bottom + 11, 'text-anchor': 'middle' }, p.label));
    if (p.up) svg.append(el('text', { class: 'count', x: x + w * 0.3, y: mid - up - 2, 'text-anchor': 'middle' }, `+${p.up}`));
    if (p.down) svg.append(el('text', { class: 'count', x: x + w * 0.3, y: mid + down + 9, 'text-anchor': 'middle' }, `−${p.down}`));
  });
  axisTitles(svg, { xLabel, yLabel, width, height, left, bottom });
  return svg;
}

// subsets: [{targets: [names], value}] of 2 or 3 sets drawn as overlapping circles with each
// region's count; with 4 or 5 sets (no readable circles) as bars per subset.
export function venn(names, subsets, { width = 300, title = '' } = {}) {
  if (names.length > 3) {
    return bars(subsets.filter((s) => s.value > 0).map((s) => ({ label: s.targets.map((t) => t.split('.')[0]).join('+').slice(0, 14), value: s.value })),
      { width, colour: '#0d9488', title, xLabel: 'referring domains', yLabel: 'targets' });
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
