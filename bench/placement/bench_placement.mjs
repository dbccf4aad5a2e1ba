// Placement as a link classifier, beside its peer, on the same 181 real article pages and the
// same frozen labels (tests/placement/labels.tsv.gz, made from the ground-truth article bodies
// with html5lib by tests/placement/make_labels.py):
//   - Linklens: `linklens inspect` on each page; a link is content when placement == content;
//   - Mozilla Readability 0.6.0 (Firefox's reader view) on jsdom 26.1.0, default options: every
//     HTML a[href] is marked with its index before parse(), and a link is content when its
//     element survives in parse().content.
// Links are matched to labels by href as written and occurrence (how many earlier a[href] of the
// page had that href), as the placement judge does. Prints precision, recall and F1 of the class
// "content" for each, per half of the pages and overall, then:
//   bench: placement_f1 X vs readability_f1 Y ratio Z
// Usage: node bench_placement.mjs LINKLENS_BINARY SHARED_DATA_DIR [LABELS]
// LINKLENS_BENCH_PAGES=N judges the first N pages only (CI's small run, tests/bench).
// (the pinned node: tools/node; its packages: scripts/install-node.sh runs npm ci here).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';

const here = path.dirname(fileURLToPath(import.meta.url));
const [binary, dataDir, labelsArg] = process.argv.slice(2);
if (!binary || !dataDir) {
  console.error('usage: node bench_placement.mjs LINKLENS_BINARY SHARED_DATA_DIR [LABELS]');
  process.exit(2);
}
const labelsPath = labelsArg || path.join(here, '..', '..', 'tests', 'placement', 'labels.tsv.gz');
const pagesDir = path.join(dataDir, 'html-pages', 'scrapinghub-article-extraction-benchmark');
const HTML_NS = 'http://www.w3.org/1999/xhtml';

// page (16 hex digits) -> Map("occurrence\thref" -> {content, half})
function readLabels(file) {
  const labels = new Map();
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(1);
  for (const line of lines) {
    const f = line.split('\t');
    if (f.length !== 8) continue;
    if (!labels.has(f[0])) labels.set(f[0], new Map());
    labels.get(f[0]).set(`${f[3]}\t${f[4]}`, { content: f[6] === 'content', half: f[1] });
  }
  return labels;
}

function tally() {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}
function add(t, predicted, truth) {
  if (predicted && truth) t.tp++;
  else if (predicted) t.fp++;
  else if (truth) t.fn++;
  else t.tn++;
}
function scores(t) {
  const precision = t.tp + t.fp ? t.tp / (t.tp + t.fp) : 0;
  const recall = t.tp + t.fn ? t.tp / (t.tp + t.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

// The inspector's verdicts: "occurrence\thref" -> content?
function linklensVerdicts(html, url) {
  const out = execFileSync(binary, ['inspect', '--url', url, '-'], { input: html, maxBuffer: 64 << 20 });
  const report = JSON.parse(out.toString('utf8'));
  const seen = new Map();
  const verdicts = new Map();
  for (const link of report.links) {
    if (link.kind !== 'text' && link.kind !== 'image') continue;
    const n = seen.get(link.href) || 0;
    seen.set(link.href, n + 1);
    verdicts.set(`${n}\t${link.href}`, link.placement === 'content');
  }
  return verdicts;
}

// Readability's verdicts, the same keys.
function readabilityVerdicts(html, url) {
  const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
  const doc = dom.window.document;
  const seen = new Map();
  const keyOf = [];
  let index = 0;
  for (const a of doc.querySelectorAll('a[href]')) {
    if (a.namespaceURI !== HTML_NS) continue;
    const href = a.getAttribute('href');
    const n = seen.get(href) || 0;
    seen.set(href, n + 1);
    a.setAttribute('data-ll-index', String(index));
    keyOf.push(`${n}\t${href}`);
    index++;
  }
  const article = new Readability(doc).parse();
  const kept = new Set();
  if (article && article.content) {
    for (const m of article.content.matchAll(/data-ll-index="(\d+)"/g)) kept.add(Number(m[1]));
  }
  const verdicts = new Map();
  keyOf.forEach((key, i) => verdicts.set(key, kept.has(i)));
  dom.window.close();
  return { verdicts, kept: kept.size };
}

const labels = readLabels(labelsPath);
const truth = JSON.parse(readFileSync(path.join(pagesDir, 'ground-truth.json'), 'utf8'));
const results = { linklens: {}, readability: {} };
for (const name of Object.keys(results)) for (const half of ['A', 'B', 'all']) results[name][half] = tally();
let pages = 0;
let judged = 0;
let unmatched = 0;
let readabilityKept = 0;
let linklensMs = 0;
let readabilityMs = 0;
const pageLimit = Number(process.env.LINKLENS_BENCH_PAGES || 0);
for (const sha of Object.keys(truth).sort().slice(0, pageLimit > 0 ? pageLimit : undefined)) {
  const pageLabels = labels.get(sha.slice(0, 16));
  if (!pageLabels) continue;
  const html = gunzipSync(readFileSync(path.join(pagesDir, 'html', `${sha}.html.gz`)));
  const url = truth[sha].url;
  let start = performance.now();
  const ours = linklensVerdicts(html, url);
  linklensMs += performance.now() - start;
  start = performance.now();
  const peer = readabilityVerdicts(html, url);
  readabilityMs += performance.now() - start;
  readabilityKept += peer.kept;
  pages++;
  for (const [key, label] of pageLabels) {
    if (!ours.has(key) || !peer.verdicts.has(key)) {
      unmatched++;
      continue;
    }
    judged++;
    for (const half of [label.half, 'all']) {
      add(results.linklens[half], ours.get(key), label.content);
      add(results.readability[half], peer.verdicts.get(key), label.content);
    }
  }
}

console.log(`${pages} pages, ${judged} labelled links judged, ${unmatched} labels not matched by both classifiers`);
console.log(`inputs read: pages ${pages}, labels ${[...labels.values()].reduce((n, m) => n + m.size, 0)}, ` +
            `links Readability kept ${readabilityKept}`);
console.log(`time: linklens inspect (a process per page) ${(linklensMs / 1000).toFixed(1)} s, ` +
            `readability + jsdom ${(readabilityMs / 1000).toFixed(1)} s`);
for (const half of ['A', 'B', 'all']) {
  const l = scores(results.linklens[half]);
  const r = scores(results.readability[half]);
  console.log(`half ${half}: linklens precision ${l.precision.toFixed(3)} recall ${l.recall.toFixed(3)} ` +
              `f1 ${l.f1.toFixed(3)} | readability precision ${r.precision.toFixed(3)} ` +
              `recall ${r.recall.toFixed(3)} f1 ${r.f1.toFixed(3)}`);
}
if (pages === 0 || judged === 0 || readabilityKept === 0) {
  console.error('bench_placement: an input yielded nothing (pages, judged links or links Readability kept)');
  process.exit(1);
}
const l = scores(results.linklens.all);
const r = scores(results.readability.all);
const ratio = (a, b) => (b ? a / b : 0).toFixed(3);
console.log(`bench: placement_precision ${l.precision.toFixed(3)} vs readability_precision ${r.precision.toFixed(3)} ` +
            `ratio ${ratio(l.precision, r.precision)}`);
console.log(`bench: placement_recall ${l.recall.toFixed(3)} vs readability_recall ${r.recall.toFixed(3)} ` +
            `ratio ${ratio(l.recall, r.recall)}`);
console.log(`bench: placement_f1 ${l.f1.toFixed(3)} vs readability_f1 ${r.f1.toFixed(3)} ratio ${ratio(l.f1, r.f1)}`);
