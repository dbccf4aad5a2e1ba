#!/usr/bin/env python3
"""The server against confused and hostile clients, over real sockets on 127.0.0.1 (the server
hardening issue; each check failed before its fix):
  - a literal '=' inside a value keeps the whole value (cpp-httplib kept only the part after it);
  - a Host header that names another host is refused (DNS rebinding reaches a loopback server
    through a web page's own name), loopback names and allowed_hosts are answered;
  - a documented path asked with another method is a 405 with Allow, not a 404; an absolute-form
    target is routed by its path, its authority checked as the Host;
  - a chunked body is refused (411) before it is read, so it cannot pass max_body_bytes;
  - the disavow checker refuses domains that are no host names;
  - `serve` refuses to start on a damaged index, and says so (a small one quick_checked, a big one
    sampled: the root and the first and last leaves of every table, the first leaf of every index).
Usage: hardening_test.py LINKLENS_BINARY
"""
import http.client
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from api_server import Server  # noqa: E402
from checks import Checks  # noqa: E402
from fixture_index import fixture_index  # noqa: E402

BIN = sys.argv[1]
check = Checks()


def raw(port, method, path, headers=None, body=None):
    """One request with exactly these headers (http.client adds Host unless one is given)."""
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    c.putrequest(method, path, skip_host=headers is not None and 'Host' in headers)
    for k, v in (headers or {}).items():
        c.putheader(k, v)
    if body is not None:
        c.putheader('Content-Length', str(len(body)))
    c.endheaders(body)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data


def read_answer(sock):
    """One whole answer from a socket: its head, then Content-Length bytes of body (a single recv
    may return the head alone: the server writes the two separately). Bounded by the socket's
    timeout and by 64 reads."""
    data = b''
    for _ in range(64):
        head_end = data.find(b'\r\n\r\n')
        if head_end >= 0:
            length = 0
            for line in data[:head_end].split(b'\r\n')[1:]:
                name, _, value = line.partition(b':')
                if name.strip().lower() == b'content-length':
                    length = int(value.strip())
            if len(data) >= head_end + 4 + length:
                return data
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            return data
        if not chunk:
            return data
        data += chunk
    return data


def main(tmp):
    db, _ = fixture_index(BIN, tmp)
    config = os.path.join(tmp, 'serve.json')
    with open(config, 'w') as f:
        json.dump({'allowed_hosts': ['links.example.com'], 'access_log': ''}, f)
    with Server(BIN, '--db', db, '--config', config) as s:
        r = s.get('/v1/overview?target=https%3A%2F%2Facme-bikes.com%2Fshop%3Fcolour=red')
        check("a value with '=' inside is read whole (a URL target with a query)", r.status == 200 and
              r.json['domain'] == 'acme-bikes.com' and r.json['indexed'], r.text[:200])
        r = s.get("/v1/overview?target=a'%20OR%20'1'='1")
        check("an injection-shaped value is refused whole, not as its last part", r.status == 400 and
              "a' OR '1'='1" in r.json['error']['message'], r.text)
        r = s.get('/v1/overview?=x&target=acme-bikes.com&target=acme-bikes.com')
        check('a pair without a name is dropped, the same pair twice counts once (as before)', r.status == 200, r.text)
        r = s.get('/v1/anchors?target=acme-bikes.com&brand=a%3Db&brand=x+y')
        check('percent escapes and + decode in values', r.status == 200, r.text[:200])

        port = s.port
        for host, want in ((f'127.0.0.1:{port}', 200), (f'localhost:{port}', 200), ('LOCALHOST', 200),
                           (f'[::1]:{port}', 200), ('links.example.com', 200), ('evil.example', 403),
                           ('192.0.2.7:8787', 200), ('[2001:DB8::1]:80', 200),
                           (f'127.0.0.1.nip.io:{port}', 403), ('127.evil.example', 403)):
            status, _, body = raw(port, 'GET', '/healthz', {'Host': host})
            check(f'Host: {host} -> {want}', status == want and
                  (want == 200 or json.loads(body)['error']['code'] == 'host_not_allowed'), (status, body[:200]))

        # An absolute-form target (RFC 9112 3.2.2) is routed by its path; its authority is the Host.
        status, _, body = raw(port, 'GET', f'http://127.0.0.1:{port}/v1/overview?target=acme-bikes.com',
                              {'Host': 'evil.example'})
        check('an absolute-form target is answered by its path (was a 404)', status == 200 and
              json.loads(body)['indexed'], (status, body[:200]))
        status, _, body = raw(port, 'GET', 'http://evil.example/healthz', {'Host': f'127.0.0.1:{port}'})
        check("an absolute-form target's authority is checked as the Host", status == 403 and
              json.loads(body)['error']['code'] == 'host_not_allowed', (status, body[:200]))

        # A chunked body is refused before it is read: the answer comes with the body unfinished.
        sock = socket.create_connection(('127.0.0.1', port), timeout=10)
        sock.sendall(b'POST /v1/authority HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
                     b'Transfer-Encoding: chunked\r\n\r\n' + b'1000\r\n' + b'x' * 4096 + b'\r\n')
        answer = read_answer(sock)
        sock.close()
        check('a chunked body is refused unread: 411 before the body ends', answer.startswith(b'HTTP/1.1 411') and
              b'length_required' in answer, answer[:200])
        for head in (b'Transfer-Encoding: Chunked\r\n', b''):  # any case; and no length at all
            sock = socket.create_connection(('127.0.0.1', port), timeout=10)
            sock.sendall(b'POST /v1/authority HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
                         head + b'\r\n')
            answer = read_answer(sock)
            sock.close()
            check(f'a POST with {head.strip() or b"no Content-Length"}: 411 at once', answer.startswith(b'HTTP/1.1 411'),
                  answer[:200])
        status, headers, body = raw(port, 'PUT', '/v1/overview?target=acme-bikes.com', {}, b'{}')
        check('PUT on a GET endpoint: 405 with Allow: GET', status == 405 and headers.get('Allow') == 'GET' and
              json.loads(body)['error']['code'] == 'method_not_allowed', (status, headers, body[:200]))
        status, headers, body = raw(port, 'DELETE', '/v1/audit/keep', {})
        check('DELETE on a POST endpoint: 405 with Allow: POST', status == 405 and headers.get('Allow') == 'POST',
              (status, headers))
        status, _, _ = raw(port, 'PUT', '/v1/nothing-here', {}, b'')
        check('an unknown path is still a 404', status == 404, status)

        bad = ['domain:a..b.com', 'domain:-a-.com', 'domain:' + 'a' * 64 + '.com', 'domain:' + 'a.' * 130 + 'com',
               'domain:' + 'x' * 900_000 + '.com', 'domain:a_b.example']
        for line in bad:
            r = s.post('/v1/disavow/parse', (line + '\n').encode(), headers={'Content-Type': 'text/plain'})
            check(f'disavow checker refuses {line[:40]}...', r.status == 200 and not r.json['valid'] and
                  r.json['problems'] and 'not a domain name' in r.json['problems'][0]['message'], r.text[:300])
        r = s.post('/v1/disavow/parse', b'domain:example.com\ndomain:xn--bcher-kva.example\ndomain:a-b.co.uk.\n',
                   headers={'Content-Type': 'text/plain'})
        check('disavow checker keeps host names (punycode, hyphens, a trailing dot)', r.status == 200 and
              r.json['valid'] and r.json['entries'] == 3, r.text[:300])

    damaged = os.path.join(tmp, 'damaged.db')
    shutil.copy(db, damaged)
    for suffix in ('-wal', '-shm'):
        if os.path.exists(db + suffix):
            shutil.copy(db + suffix, damaged + suffix)
    size = os.path.getsize(damaged)
    with open(damaged, 'r+b') as f:  # overwrite pages in the middle, past the schema page
        f.seek(size // 2)
        f.write(b'\xde\xad\xbe\xef' * 4096)
    r = subprocess.run([BIN, 'serve', '--db', damaged, '--listen', '127.0.0.1:1'], capture_output=True, text=True,
                       timeout=60)
    check('serve refuses a damaged index at start and says so', r.returncode != 0 and 'damaged' in r.stderr, r.stderr)

    # A big index is sampled, not quick_checked (LINKLENS_FULL_CHECK_BYTES=0 makes this small one
    # "big"): an intact copy starts, a copy whose link_rows root page is overwritten is refused.
    sampled = dict(os.environ, LINKLENS_FULL_CHECK_BYTES='0')
    intact = os.path.join(tmp, 'intact.db')
    shutil.copy(db, intact)
    for suffix in ('-wal', '-shm'):
        if os.path.exists(db + suffix):
            shutil.copy(db + suffix, intact + suffix)
    with sqlite3.connect(intact) as c:  # every page in the main file, none in a -wal
        c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
        root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'link_rows'").fetchone()[0]
        page_size = c.execute('PRAGMA page_size').fetchone()[0]
    with Server(BIN, '--db', intact, env=sampled) as s:
        check('an intact index passes the sampled start check', s.get('/healthz').status == 200)
    root_damaged = os.path.join(tmp, 'root-damaged.db')
    shutil.copy(intact, root_damaged)
    with open(root_damaged, 'r+b') as f:
        f.seek((root - 1) * page_size)
        f.write(b'\xde\xad\xbe\xef' * (page_size // 4))
    r = subprocess.run([BIN, 'serve', '--db', root_damaged, '--listen', '127.0.0.1:1'], capture_output=True,
                       text=True, timeout=60, env=sampled)
    check('the sampled start check refuses a damaged table root, naming it', r.returncode != 0 and
          'damaged' in r.stderr and 'link_rows' in r.stderr and 'sampled' in r.stderr, r.stderr)


with tempfile.TemporaryDirectory() as tmp:
    main(tmp)
sys.exit(check.finish('api hardening'))
