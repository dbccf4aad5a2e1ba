"""The reference side of the differential test: html5lib builds the HTML5 tree of a page, and
its a[href] / area[href] elements (HTML namespace, not inside <template>) are listed with their
rel tokens and anchor text computed as Linklens defines it: visible text (script, style and
similar excluded), else an image's alt, else aria-label, else title. Resolution is left to
Node's URL (resolve_links.mjs)."""
import html5lib

HTML_NS = '{http://www.w3.org/1999/xhtml}'
INVISIBLE = {'script', 'style', 'template', 'title', 'textarea', 'noscript', 'iframe', 'noembed',
             'noframes', 'xmp', 'select', 'option'}


def _local(tag):
    return tag[len(HTML_NS):] if isinstance(tag, str) and tag.startswith(HTML_NS) else None


def _text_and_alt(el):
    parts, alts = [], []

    def walk(node):
        name = _local(node.tag)
        if name in INVISIBLE:
            return
        if name == 'img' and node.get('alt') is not None:
            alts.append(node.get('alt'))
        if node.text and name is not None:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
    if el.text:
        parts.append(el.text)
    for child in el:
        walk(child)
        if child.tail:
            parts.append(child.tail)
    has_img = any(_local(d.tag) == 'img' for d in el.iter())
    return ''.join(parts), (alts[0] if alts else ''), has_img


def links_of(html_text):
    doc = html5lib.parse(html_text, treebuilder='etree', namespaceHTMLElements=True)
    base = None
    out = []

    def walk(node, in_template):
        nonlocal base
        name = _local(node.tag)
        if name == 'template':
            in_template = True
        if name == 'base' and base is None and node.get('href') is not None and not in_template:
            base = node.get('href')
        if name in ('a', 'area') and node.get('href') is not None and not in_template:
            rel = ' '.join(sorted(set(t.lower() for t in (node.get('rel') or '').split())))
            if name == 'area':
                anchor = node.get('alt') or ''
            else:
                text, alt, has_img = _text_and_alt(node)
                anchor = text if text.strip() else (alt if has_img else '')
            if not anchor.strip():
                anchor = node.get('aria-label') or node.get('title') or ''
            out.append({'href': node.get('href'), 'rel': rel, 'anchor': anchor})
        for child in node:
            if isinstance(child.tag, str):
                walk(child, in_template)
    walk(doc, False)
    return base, out
