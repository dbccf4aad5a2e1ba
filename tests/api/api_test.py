#!/usr/bin/env python3
"""`linklens serve` over real HTTP on 127.0.0.1, against an index ingested from the real samples
and ranked by the CLI. The server is started here and stopped by its PID (SIGTERM, which it
answers by finishing in-flight requests and exiting 0).

Checks: /healthz; /v1/overview against the index's own tables; an unknown target answers 200
with indexed=false; /v1/backlinks pages through every backlink of a domain with the keyset cursor,
never repeating or skipping one; unknown parameters, bad limits and bad cursors are 400s that
say what is wrong; unknown routes are JSON 404s; a missing index fails to start, clearly.
Usage: api_test.py LINKLENS_BINARY DATA_DIR
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from checks import Checks, free_port, wait_for_port  # noqa: E402

BIN, DATA = sys.argv[1], sys.argv[2]
check = Checks()


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.status, r.headers.get('Content-Type'), json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get('Content-Type'), json.loads(e.read())


def main(tmp):
    warc = os.path.join(DATA, 'warc')
    if not os.path.isdir(warc):
        print(f'SKIPPED: {warc} is missing (the real data in ../shared/data)')
        return
    db = os.path.join(tmp, 'index.db')
    subprocess.run([BIN, 'ingest', '--quiet', '--db', db, warc], check=True, capture_output=True)
    subprocess.run([BIN, 'rank', '--db', db], check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([BIN, 'serve', '--db', db, '--listen', f'127.0.0.1:{port}', '--threads', '4'],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f'http://127.0.0.1:{port}'
    try:
        wait_for_port(port)  # bounded
        status, ctype, body = get(base, '/healthz')
        check('/healthz', status == 200 and body == {'status': 'ok'} and ctype.startswith('application/json'), body)

        with sqlite3.connect(db) as c:
            domain, backlinks, refdomains = c.execute(
                'SELECT domain, backlinks, referring_domains FROM domain_overview ORDER BY backlinks DESC LIMIT 1').fetchone()
            score = c.execute('SELECT score FROM domain_authority WHERE domain = ?', (domain,)).fetchone()[0]
        status, _, body = get(base, f'/v1/overview?target={domain.upper()}')
        check('overview answers from the index', status == 200 and body['indexed'] and body['backlinks'] == backlinks
              and body['referring_domains'] == refdomains and abs(body['authority_score'] - score) < 1e-9, body)
        check('overview lists top anchors', isinstance(body.get('top_anchors'), list) and body['top_anchors'], body)
        status, _, body = get(base, '/v1/overview?target=not-indexed.example')
        check('an unknown target is indexed=false, not an error', status == 200 and body['indexed'] is False, body)

        seen, cursor, pages = [], None, 0
        while pages < 10000:  # bounded
            path = f'/v1/backlinks?target={domain}&limit=7' + (f'&cursor={cursor}' if cursor else '')
            status, _, body = get(base, path)
            if status != 200:
                check('backlinks page', False, body)
                break
            seen += [(b['source_url'], b['target_url'], b['anchor'], b['kind']) for b in body['backlinks']]
            authorities = [b['source_authority'] for b in body['backlinks']]
            check('each page is sorted by source authority', authorities == sorted(authorities, reverse=True), authorities)
            pages += 1
            cursor = body['next_cursor']
            if cursor is None:
                break
        check('pagination returns every backlink once', len(seen) == backlinks and len(set(seen)) == len(seen),
              (len(seen), len(set(seen)), backlinks))
        print(f'  paged {len(seen)} backlinks of {domain} in {pages} pages of 7')

        status, _, body = get(base, '/v1/overview?target=a.com&mode=exact')
        check('an unknown parameter is a 400 that names it', status == 400 and "'mode'" in body['error']['message'], body)
        status, _, body = get(base, f'/v1/backlinks?target={domain}&limit=5000')
        check('a limit over 1000 is a 400', status == 400 and body['error']['code'] == 'bad_parameter', body)
        status, _, body = get(base, f'/v1/backlinks?target={domain}&cursor=garbage')
        check('a bad cursor is a 400', status == 400 and 'cursor' in body['error']['message'], body)
        status, _, body = get(base, '/v1/overview')
        check('a missing target is a 400', status == 400, body)
        status, ctype, body = get(base, '/v2/nothing')
        check('an unknown route is a JSON 404', status == 404 and body['error']['code'] == 'not_found', body)
    finally:
        os.kill(server.pid, signal.SIGTERM)
        try:
            code = server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            code = None
    check('SIGTERM stops the server cleanly', code == 0, code)
    r = subprocess.run([BIN, 'serve', '--db', os.path.join(tmp, 'missing.db'), '--listen', f'127.0.0.1:{port}'],
                       capture_output=True, text=True, timeout=30)
    check('a missing index fails to start, clearly', r.returncode == 1 and 'cannot read the index' in r.stderr, r.stderr)
    r = subprocess.run([BIN, 'serve', '--listen', 'nonsense'], capture_output=True, text=True, timeout=30)
    check('a bad --listen is a usage error', r.returncode == 2, r.stderr)


with tempfile.TemporaryDirectory() as tmp:
    main(tmp)
sys.exit(check.finish('api'))
