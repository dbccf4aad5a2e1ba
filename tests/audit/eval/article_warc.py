"""Wraps the 181 article pages of ../shared/data/html-pages (scrapinghub's article-extraction
benchmark) into one WARC at run time, so that their outgoing links become real backlinks in an
index. The pages are never copied into the repository."""
import gzip
import json
import os
import uuid


def write_article_warc(pages_dir, out_path, date='2026-05-01T10:00:00Z'):
    """Writes `out_path` and answers how many pages went in."""
    with open(os.path.join(pages_dir, 'ground-truth.json'), encoding='utf-8') as f:
        truth = json.load(f)
    count = 0
    with open(out_path, 'wb') as out:
        for sha, entry in sorted(truth.items()):
            path = os.path.join(pages_dir, 'html', sha + '.html.gz')
            if not os.path.exists(path):
                continue
            with gzip.open(path, 'rb') as f:
                body = f.read()
            url = entry['url']
            # No charset in the header: the page's own <meta charset> decides, as for a crawler.
            http = (f'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n').encode() + body
            head = (f'WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n'
                    f'WARC-Date: {date}\r\nWARC-Target-URI: {url}\r\n'
                    f'Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n').encode()
            out.write(head + http + b'\r\n\r\n')
            count += 1
    return count
