"""The real pages of ../shared/data as (page URL, UTF-8 HTML) pairs, for the differential test.

Sources: html-pages/ (gzipped HTML, URLs from ground-truth.json) and every HTML `response` record
of every WARC under warc/ (a small WARC reader: gzip members or plain, WARC/0.17 to 1.1, HTTP
chunked transfer and gzip/deflate content encodings undone). Bodies are decoded to UTF-8 with
the charset the headers or a <meta> declare (utf-8, then windows-1252 when undeclared and
invalid), so both parsers see the same text.
"""
import codecs
import gzip
import json
import os
import re
import zlib


def _decode(body, content_type):
    m = re.search(rb'charset=["\']?([A-Za-z0-9_.:-]+)', content_type or b'')
    if not m:
        m = re.search(rb'<meta[^>]+charset=["\']?([A-Za-z0-9_.:-]+)', body[:2048], re.I)
    label = m.group(1).decode('ascii', 'replace').lower() if m else ''
    try:
        if label:
            codecs.lookup(label)
    except LookupError:
        label = ''
    if label in ('iso-8859-1', 'latin1', 'us-ascii', 'ascii'):
        label = 'cp1252'
    if label in ('shift_jis', 'sjis', 'x-sjis'):
        label = 'cp932'
    if not label:
        try:
            return body.decode('utf-8')
        except UnicodeDecodeError:
            label = 'cp1252'
    return body.decode(label, 'replace')


def _dechunk(body):
    out, i = b'', 0
    while i < len(body):
        j = body.find(b'\r\n', i)
        if j < 0:
            break
        try:
            size = int(body[i:j].split(b';')[0].strip() or b'0', 16)
        except ValueError:
            return body
        if size == 0:
            break
        out += body[j + 2:j + 2 + size]
        i = j + 2 + size + 2
    return out


def _warc_records(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    pos = 0
    while True:
        start = data.find(b'WARC/', pos)
        if start < 0:
            return
        head_end = data.find(b'\r\n\r\n', start)
        if head_end < 0:
            return
        headers = {}
        for line in data[start:head_end].split(b'\r\n')[1:]:
            if b':' in line:
                k, v = line.split(b':', 1)
                headers[k.strip().lower()] = v.strip()
        try:
            length = int(headers.get(b'content-length', b'0'))
        except ValueError:
            length = 0
        block = data[head_end + 4:head_end + 4 + length]
        pos = head_end + 4 + max(length, 0)
        yield headers, block


def warc_pages(path):
    for headers, block in _warc_records(path):
        if headers.get(b'warc-type') != b'response':
            continue
        uri = headers.get(b'warc-target-uri', b'').decode('utf-8', 'replace').strip('<> ')
        if not uri.startswith('http') or not block.startswith(b'HTTP/'):
            continue
        sep = block.find(b'\r\n\r\n')
        if sep < 0:
            continue
        http_headers = {}
        for line in block[:sep].split(b'\r\n')[1:]:
            if b':' in line:
                k, v = line.split(b':', 1)
                http_headers[k.strip().lower()] = v.strip()
        ctype = http_headers.get(b'content-type', b'')
        if b'html' not in ctype.lower():
            continue
        body = block[sep + 4:]
        if b'chunked' in http_headers.get(b'transfer-encoding', b'').lower():
            body = _dechunk(body)
        enc = http_headers.get(b'content-encoding', b'').lower()
        if enc in (b'gzip', b'x-gzip', b'deflate'):
            try:
                body = zlib.decompress(body, 47)
            except zlib.error:
                pass
        yield uri, _decode(body, ctype)


def all_pages(data_dir):
    bench = os.path.join(data_dir, 'html-pages', 'scrapinghub-article-extraction-benchmark')
    with open(os.path.join(bench, 'ground-truth.json'), encoding='utf-8') as f:
        truth = json.load(f)
    for sha, entry in sorted(truth.items()):
        with gzip.open(os.path.join(bench, 'html', sha + '.html.gz'), 'rb') as f:
            yield entry['url'], _decode(f.read(), b'')
    warcs = []
    for root, _, files in os.walk(os.path.join(data_dir, 'warc')):
        warcs += [os.path.join(root, n) for n in files if n.endswith('.warc') or n.endswith('.warc.gz')]
    for path in sorted(warcs):
        yield from warc_pages(path)
