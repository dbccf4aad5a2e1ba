#!/usr/bin/python3
"""Makes the frozen placement labels (tests/placement/labels.tsv.gz) from the 181 article pages
of the scrapinghub article-extraction benchmark (../shared/data/html-pages) and their ground-truth
article bodies, with html5lib: a parser independent of the inspector judged by these labels, so
changing the inspector never changes the truth.

Each <a href> of a page (HTML namespace, not inside <template>, in document order) is labelled
`content` or `other` from the article body, by one of these rules (the `rule` column):
  window        its anchor with up to 40 characters of its block's text on each side (the
                nearest block ancestor: p, li, td, div, ...; blocks are separated by a space) is
                at least 20 characters long and occurs in the article body: content;
  not_window    the same window does not occur in the body: other;
  alone         the window is shorter than 20 characters (a link alone in a small block): content
                when the anchor has at least 25 characters (a title, not a menu word that the
                article happens to use) and occurs in the body;
  not_alone     alone, and the anchor is shorter or not in the body: other.
A link with no text and no image alt has nothing to find in a body and is not labelled.
Text is compared lowercased with whitespace collapsed. Pages are split in two halves by their
name (a SHA-256): half A when its first hex digit is 0-7, else B; tune on A, report both.

Columns (tab-separated, one link per line, after a header line): page (the file name's first 16
hex digits), half, ordinal (the link's index among the page's a[href]), occurrence (how many
earlier links of the page have the same href), href (as written, entities decoded), anchor
(normalised, at most 100 characters), label, rule.

Usage: make_labels.py SHARED_DATA_DIR OUT.tsv.gz    (run once; the output is committed)
"""
import gzip
import json
import os
import re
import sys

import html5lib

HTML_NS = '{http://www.w3.org/1999/xhtml}'
INVISIBLE = {'script', 'style', 'template', 'title', 'textarea', 'noscript', 'iframe', 'noembed',
             'noframes', 'xmp', 'select', 'option', 'head'}
BLOCKS = {'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'dd', 'details', 'dialog', 'div',
          'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5',
          'h6', 'header', 'hgroup', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
          'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul'}
WINDOW = 40
MIN_WINDOW = 20
MIN_ALONE_ANCHOR = 25


def local(tag):
    return tag[len(HTML_NS):] if isinstance(tag, str) and tag.startswith(HTML_NS) else None


def norm(text):
    return re.sub(r'\s+', ' ', text).strip().lower()


class Stream:
    """The page's visible text as one string, a space at each block boundary and <br>, with the
    span of every a[href] and of its nearest block ancestor."""

    def __init__(self):
        self.parts, self.length = [], 0
        self.links = []  # [element, start, end, block_start, block_end(None until closed), alt]

    def add(self, text):
        if text:
            self.parts.append(text)
            self.length += len(text)

    def text(self):
        return ''.join(self.parts)


def walk(node, stream, blocks, open_links):
    name = local(node.tag)
    if name is None or name in INVISIBLE:
        return
    is_block = name in BLOCKS
    if is_block:
        stream.add(' ')
        blocks.append([stream.length, None])
    if name == 'br':
        stream.add(' ')
    link = None
    if name == 'a' and node.get('href') is not None:
        link = [node, stream.length, None, blocks[-1], '']
        stream.links.append(link)
        open_links.append(link)
    if name == 'img' and node.get('alt'):
        for open_link in open_links:
            if not open_link[4]:
                open_link[4] = node.get('alt')
    stream.add(node.text)
    for child in node:
        walk(child, stream, blocks, open_links)
        stream.add(child.tail)  # text after a child (even an invisible one) is the parent's
    if link is not None:
        link[2] = stream.length
        open_links.pop()
    if is_block:
        stream.add(' ')
        blocks.pop()[1] = stream.length


def decode(html):
    """The pages are stored as UTF-8 (as are their ground-truth bodies); html5lib's own sniffing
    falls back to windows-1252 on pages that declare no charset in their first 1024 bytes, which
    turned every quote and dash of 25 pages into mojibake that no body could match."""
    try:
        return html.decode('utf-8')
    except UnicodeDecodeError:
        return html  # not UTF-8: let html5lib sniff


def label_page(html, body):
    doc = html5lib.parse(decode(html), treebuilder='etree', namespaceHTMLElements=True)
    stream = Stream()
    root_block = [0, None]
    walk(doc, stream, [root_block], [])
    root_block[1] = stream.length
    text = stream.text()
    body = norm(body)
    seen = {}
    rows = []
    for ordinal, (element, start, end, block, alt) in enumerate(stream.links):
        href = element.get('href')
        occurrence = seen.get(href, 0)
        seen[href] = occurrence + 1
        anchor = norm(text[start:end]) or norm(alt)
        if not anchor:
            continue
        block_start, block_end = block[0], block[1] if block[1] is not None else len(text)
        window = norm(text[max(block_start, start - WINDOW):min(block_end, end + WINDOW)])
        if len(window) >= MIN_WINDOW:
            content = window in body
            rule = 'window' if content else 'not_window'
        else:
            content = len(anchor) >= MIN_ALONE_ANCHOR and anchor in body
            rule = 'alone' if content else 'not_alone'
        rows.append((ordinal, occurrence, href, anchor, 'content' if content else 'other', rule))
    return rows


def clean(field, limit):
    return re.sub(r'[\t\r\n]', ' ', field)[:limit]


def main(data_dir, out_path):
    base = os.path.join(data_dir, 'html-pages', 'scrapinghub-article-extraction-benchmark')
    with open(os.path.join(base, 'ground-truth.json')) as f:
        truth = json.load(f)
    lines = ['page\thalf\tordinal\toccurrence\thref\tanchor\tlabel\trule']
    counts = {}
    for sha in sorted(truth):
        with gzip.open(os.path.join(base, 'html', sha + '.html.gz'), 'rb') as f:
            html = f.read()
        half = 'A' if sha[0] in '01234567' else 'B'
        for ordinal, occurrence, href, anchor, label, rule in label_page(html, truth[sha]['articleBody']):
            lines.append(f'{sha[:16]}\t{half}\t{ordinal}\t{occurrence}\t{clean(href, 2000)}\t{clean(anchor, 100)}\t'
                         f'{label}\t{rule}')
            counts[(half, label)] = counts.get((half, label), 0) + 1
    with gzip.GzipFile(out_path, 'wb', mtime=0) as f:  # mtime 0: the same bytes on every run
        f.write(('\n'.join(lines) + '\n').encode('utf-8'))
    print(f'{len(truth)} pages, {len(lines) - 1} links labelled:',
          ', '.join(f'{h} {label} {n}' for (h, label), n in sorted(counts.items())))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
