// Where the overlay puts an authority badge (extension/src/content/badge_layout.js), on made-up
// text lines: never over text or another badge, nearest the link first, in the block's margin
// when the link sits inside a dense paragraph, and nowhere when no place is free.
import './tools_node.mjs';
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
await import(path.join(repo, 'extension', 'src', 'content', 'badge_layout.js'));
const { createObstacles, placeBadge } = globalThis.linklensContent.badgeLayout;

const rect = (left, top, width, height) => ({ left, top, right: left + width, bottom: top + height });
const size = { width: 18, height: 14 };
const bounds = { width: 1000, height: 2000 };
const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
// A badge's rect with its ring, as the layout reserves it.
const drawn = (at) => ({ left: at.left - 3, top: at.top - 3, right: at.left + size.width + 3, bottom: at.top + size.height + 3 });

// A paragraph of five lines of text 18 px high, 2 px apart, from x 200 to 800.
const paragraph = Array.from({ length: 5 }, (_, i) => rect(200, 300 + i * 20, 600, 18));
const block = rect(200, 300, 600, 98);

test('free space above the link: the badge goes there', () => {
  const link = rect(300, 100, 80, 18);
  const at = placeBadge([link], [], size, createObstacles([link]), bounds);
  assert.deepEqual(at, { left: 300, top: 100 - 14 - 4 });
});

test('a link inside a dense paragraph: the badge goes to the margin beside its line', () => {
  const link = rect(400, 340, 80, 18);  // on the third line, text on both sides
  const obstacles = createObstacles(paragraph);
  const at = placeBadge([link], [block], size, obstacles, bounds);
  assert.ok(at, 'placed');
  assert.equal(at.left, 200 - 18 - 8, 'in the left margin');
  assert.equal(at.top, 340 + 2, 'centred on the link line');
  for (const line of paragraph) assert.ok(!overlaps(drawn(at), line), 'covers no text');
  // A second link on the same line finds the left margin taken, and takes the right one.
  const next = placeBadge([rect(600, 340, 50, 18)], [block], size, obstacles, bounds);
  assert.equal(next.left, 800 + 8);
  assert.ok(!overlaps(drawn(next), drawn(at)));
  // A third finds both margins of the paragraph taken, and takes the margin of the column
  // around it.
  const column = rect(100, 280, 800, 140);
  const third = placeBadge([rect(300, 340, 50, 18)], [block, column], size, obstacles, bounds);
  assert.equal(third.left, 100 - 18 - 8);
});

test('the last line of a paragraph with nothing after the link: beside it on its line', () => {
  const lines = [...paragraph.slice(0, 4), rect(200, 380, 280, 18)];  // a short last line
  const link = rect(400, 380, 80, 18);
  const obstacles = createObstacles([...lines, rect(200, 402, 600, 18)]);  // and text right below
  const at = placeBadge([link], [block], size, obstacles, bounds);
  assert.deepEqual(at, { left: 480 + 4, top: 380 + 2 });
});

test('a line box wrapped over two lines: above the first, below the last', () => {
  const first = rect(700, 100, 100, 18), last = rect(200, 120, 60, 18);
  const obstacles = createObstacles([first, last, rect(200, 80, 600, 18)]);  // text above the first line
  const at = placeBadge([first, last], [], size, obstacles, bounds);
  assert.deepEqual(at, { left: 200, top: 138 + 4 });
});

test('no free place: no badge, and nothing outside the document', () => {
  const wall = [rect(0, 0, 1000, 18), rect(0, 20, 1000, 18), rect(0, 40, 1000, 18)];
  const link = rect(0, 20, 80, 18);
  assert.equal(placeBadge([link], [rect(0, 0, 1000, 58)], size, createObstacles(wall), bounds), null);
  // At the very top of the page there is no room above.
  const top = rect(10, 0, 40, 18);
  const at = placeBadge([top], [], size, createObstacles([top]), bounds);
  assert.deepEqual(at, { left: 10, top: 18 + 4 });
});

test('many badges on one line never overlap each other', () => {
  const links = Array.from({ length: 8 }, (_, i) => rect(100 + i * 60, 500, 50, 18));
  const obstacles = createObstacles(links);
  const placed = links.map((l) => placeBadge([l], [], size, obstacles, bounds)).filter(Boolean);
  assert.ok(placed.length >= 8, `${placed.length} placed`);
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) assert.ok(!overlaps(drawn(placed[i]), drawn(placed[j])), `${i} and ${j}`);
    for (const l of links) assert.ok(!overlaps(drawn(placed[i]), l), `badge ${i} on a link`);
  }
});
