#!/usr/bin/env python3
"""How `linklens serve` behaves around the answers, over real HTTP on 127.0.0.1:

1. Auth: API keys from a config file (stored as sha256, made by `linklens hash-key`), Bearer
   only; anonymous loopback refused when the config says so; bad configs refused at start.
2. Rate limit: a token bucket per key, 429 with Retry-After, refilled over time.
3. CORS: only configured extension origins get CORS headers; preflights from others are 403.
4. Hot swap under load: while clients query without pause, a second snapshot is ingested (and
   ranked, in the same transaction) into the served index, and then the served path, a symlink,
   is pointed at a different index; every answer is a 200 and each is wholly one of the indexes,
   never a mix; the new ones are served without a restart.
5. SIGTERM drains: requests in flight when the signal arrives are answered.
6. Bad query strings and bodies thrown at every route (disavow files too): never a 5xx, always
   a JSON error.
7. A query over the configured time budget is interrupted: a JSON 503, and the server goes on.
Usage: api_behaviour_test.py LINKLENS_BINARY
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from api_server import Server, request  # noqa: E402
from checks import Checks  # noqa: E402
from fixture_index import fixture_index, ingest  # noqa: E402

BIN = sys.argv[1]
check = Checks()
ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'


def new_key():
    out = subprocess.run([BIN, 'hash-key', '--new'], capture_output=True, text=True, check=True).stdout.split('\n')
    key = out[0].split()[1]
    digest = out[1].split()[1]
    again = subprocess.run([BIN, 'hash-key'], input=key + '\n', capture_output=True, text=True, check=True).stdout.strip()
    check('hash-key hashes a key from stdin the same way', again == digest, (again, digest))
    return key, digest


def write_config(path, **values):
    with open(path, 'w') as f:
        json.dump(values, f)
    return path


def auth_and_limits(tmp, db):
    key, digest = new_key()
    config = write_config(os.path.join(tmp, 'auth.json'), allow_anonymous_loopback=False, access_log='',
                          api_keys=[{'name': 'alice', 'sha256': digest, 'rate_per_second': 1, 'burst': 5}],
                          cors_origins=[ORIGIN])
    with Server(BIN, '--db', db, '--config', config) as s:
        path = '/v1/overview?target=acme-bikes.com'
        r = s.get(path)
        check('no key: 401 with WWW-Authenticate', r.status == 401 and r.headers.get('WWW-Authenticate') == 'Bearer'
              and r.json['error']['code'] == 'unauthorized', r.text)
        check('a wrong key: 401', s.get(path, headers={'Authorization': 'Bearer nope'}).status == 401)
        check('not Bearer: 401', s.get(path, headers={'Authorization': f'Basic {key}'}).status == 401)
        check('/healthz needs no key', s.get('/healthz').status == 200)
        auth = {'Authorization': f'Bearer {key}'}
        statuses = [s.get(path, headers=auth) for _ in range(8)]
        ok = [r.status for r in statuses]
        check('the right key: 200 up to the burst, then 429', ok[:5] == [200] * 5 and 429 in ok[5:], ok)
        limited = next((r for r in statuses if r.status == 429), None)
        check('429 says when to retry', limited is not None and int(limited.headers.get('Retry-After', '0')) >= 1 and
              limited.json['error']['code'] == 'rate_limited', limited and limited.text)
        time.sleep(1.2)
        check('the bucket refills', s.get(path, headers=auth).status == 200)

        time.sleep(2.5)
        r = s.get(path, headers=dict(auth, Origin=ORIGIN))
        check('CORS: a configured origin gets Access-Control-Allow-Origin',
              r.headers.get('Access-Control-Allow-Origin') == ORIGIN and 'Origin' in r.headers.get('Vary', ''), dict(r.headers))
        r = s.get(path, headers=dict(auth, Origin='https://evil.example'))
        check('CORS: another origin gets no CORS headers', r.headers.get('Access-Control-Allow-Origin') is None)
        r = request(s.base, '/v1/authority', method='OPTIONS',
                    headers={'Origin': ORIGIN, 'Access-Control-Request-Method': 'POST',
                             'Access-Control-Request-Headers': 'authorization, content-type'})
        check('CORS preflight from the extension: 204 with methods and headers', r.status == 204 and
              'POST' in r.headers.get('Access-Control-Allow-Methods', '') and
              'Authorization' in r.headers.get('Access-Control-Allow-Headers', ''), (r.status, dict(r.headers)))
        r = request(s.base, '/v1/authority', method='OPTIONS', headers={'Origin': 'https://evil.example'})
        check('CORS preflight from another origin: 403', r.status == 403 and r.json['error']['code'] == 'origin_not_allowed')
    check('the keyed server stops cleanly', s.exit_code == 0, s.exit_code)

    for bad, what in [({'api_kyes': []}, "unknown key 'api_kyes'"),
                      ({'api_keys': [{'name': 'x', 'sha256': 'plaintext-key'}]}, '64 lowercase hex'),
                      ({'threads': 0}, 'threads'), ({'cors_origins': ['*']}, 'not an origin')]:
        config = write_config(os.path.join(tmp, 'bad.json'), **bad)
        r = subprocess.run([BIN, 'serve', '--db', db, '--config', config, '--listen', '127.0.0.1:1'],
                           capture_output=True, text=True, timeout=30)
        check(f'a bad config ({what}) is refused at start', r.returncode == 2 and what in r.stderr, r.stderr)
    r = subprocess.run([BIN, 'serve', '--db', db, '--listen', '0.0.0.0:1'], capture_output=True, text=True, timeout=30)
    check('a public address without API keys is refused', r.returncode == 1 and 'without api_keys' in r.stderr, r.stderr)


def hot_swap(tmp):
    db, warcs = fixture_index(BIN, os.path.join(tmp, 'one'), snapshots=1)
    served_file = os.path.join(tmp, 'served.db')
    shutil.copy(db, served_file)
    served = os.path.join(tmp, 'current.db')  # what the server is given: a symlink, swapped atomically
    os.symlink(served_file, served)
    other = os.path.join(tmp, 'other.db')
    ingest(BIN, other, *warcs)  # both snapshots in one run: a third, different index
    # The time budget is out of the way, as in drain: with three clients, an ingest and a rank
    # sharing two cores with the other tests of a CI run, a lookup can wait past the default 2 s
    # wall-clock budget for a core, and a 503 query_timeout is not what this scenario is about.
    with Server(BIN, '--db', served, '--threads', '4', '--config',
                write_config(os.path.join(tmp, 'quiet.json'), access_log='', anonymous_rate_per_second=1e6,
                             anonymous_burst=1e6, query_time_budget_ms=120000)) as s:
        def overview():
            o = s.get('/v1/overview?target=acme-bikes.com').json
            return (o['backlinks'], o['referring_domains'], o['last_snapshot']['id'])

        before = overview()
        answers, failures, stop = [], [], threading.Event()

        def hammer():
            while not stop.is_set() and len(answers) < 200000:
                r = s.get('/v1/overview?target=acme-bikes.com')
                if r.status != 200:
                    failures.append((r.status, r.text[:200]))  # the body says which error it was
                    continue
                o = r.json
                answers.append((o['backlinks'], o['referring_domains'], o['last_snapshot']['id']))

        threads = [threading.Thread(target=hammer) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(0.3)
        ingest(BIN, served, warcs[1], crawl='fixture-2')  # ingest (and rank) into the served index
        time.sleep(0.3)
        after_ingest = overview()
        # A whole other index: re-point the symlink (rename is atomic). Moving a file over a
        # SQLite file in WAL mode is not safe (its -wal would outlive it), hence the symlink.
        os.symlink(other, served + '.next')
        os.replace(served + '.next', served)
        time.sleep(0.3)
        after_move = overview()
        stop.set()
        for t in threads:
            t.join(timeout=30)
        allowed = {before, after_ingest, after_move}
        mixed = [a for a in answers if a not in allowed]
        check(f'hot swap: {len(answers)} answers under load, all 200', not failures and len(answers) > 50,
              (failures[:5], len(answers)))
        check('hot swap: the ingested snapshot is served without a restart', after_ingest[2] == 2 and before[2] == 1,
              (before, after_ingest))
        check('hot swap: a re-pointed symlink is served without a restart', after_move[2] == 1 and after_move != before,
              (after_ingest, after_move))
        check('hot swap: no answer mixes two indexes', not mixed, mixed[:5])
        print(f'  hot swap: {len(answers)} answers, states seen {sorted(set(answers))}')


def drain(tmp, db):
    """Every request already sent when SIGTERM arrives is answered; the server then exits 0.
    The time budget is out of the way: under ASan, 24 batches of 1,000 lookups on 8 threads sharing
    2 busy cores can pass the default 2 s wall-clock budget, and a 503 query_timeout is not what
    this scenario is about (time_budget tests the budget)."""
    import http.client
    with Server(BIN, '--db', db, '--threads', '8', '--config',
                write_config(os.path.join(tmp, 'drain.json'), access_log='', anonymous_rate_per_second=1e6,
                             anonymous_burst=1e6, query_time_budget_ms=120000)) as s:
        body = json.dumps({'targets': [f'listed-{n}.com' for n in range(1000)]})
        clients = 24
        sent = threading.Barrier(clients + 1, timeout=30)
        results = []

        def one():
            conn = http.client.HTTPConnection('127.0.0.1', s.port, timeout=30)
            try:
                conn.request('POST', '/v1/authority', body=body, headers={'Content-Type': 'application/json'})
                sent.wait()  # the request is on the wire before SIGTERM
                response = conn.getresponse()
                answer = response.read()
                # Anything but a 200 is kept with its body, so a failure says which error it was.
                results.append(200 if response.status == 200 else (response.status, answer[:300].decode('utf-8', 'replace')))
            except Exception as e:  # noqa: BLE001 - any failure is a dropped request
                results.append(f'{type(e).__name__}: {e}')
                sent.abort()  # the scenario cannot be exact any more: fail now, not at the barrier's timeout
            finally:
                conn.close()

        threads = [threading.Thread(target=one) for _ in range(clients)]
        for t in threads:
            t.start()
        sent.wait()
        os.kill(s.process.pid, signal.SIGTERM)
        for t in threads:
            t.join(timeout=60)
        code = s.process.wait(timeout=30)
    check('SIGTERM drains: every request in flight is answered', results == [200] * clients, results)
    check('SIGTERM drains: exit 0', code == 0, code)
    print(f'  drain: {results.count(200)} of {clients} batches in flight at SIGTERM answered')


def fuzz_routes(tmp, db):
    rng = random.Random(20261123)
    pieces = ['target', 'mode', 'limit', 'cursor', 'where', 'select', 'order_by', 'format', 'one_per_domain', 'group',
              'bucket', 'broken_first', 'x', '', '%', '%00', '%ff%fe', '\u00e9', 'acme-bikes.com', '..', '-1', '1e400',
              'nan', ':', '::', 'follow:eq:', 'anchor:in:|||', 'source_authority:gte:1e308', '[]', '{}', "'", '"', ';',
              'desc', 'authority:asc', 'a' * 3000, 'http://[::1]/', 'xn--', 'exact', 'prefix', 'true', '0']
    routes = ['/v1/overview', '/v1/backlinks', '/v1/refdomains', '/v1/anchors', '/v1/tlds', '/v1/countries',
              '/v1/refips', '/v1/pages', '/v1/history', '/v1/authority-distribution', '/openapi.json', '/metrics',
              '/v1/audit', '/v1/disavow', '/v1/gap']
    pieces += ['targets', 'min_score', 'category', 'acme-bikes.com,rival-one.com', 'a,b,c,d,e,f', 'best', '1e9', '-0']
    bad = []
    with Server(BIN, '--db', db, '--config', write_config(os.path.join(tmp, 'fuzz.json'), access_log='',
                                                          anonymous_rate_per_second=1e6, anonymous_burst=1e6)) as s:
        for i in range(1500):
            route = rng.choice(routes)
            params = '&'.join(urllib.parse.quote(rng.choice(pieces), safe='%') + '=' +
                              urllib.parse.quote(rng.choice(pieces), safe='%') for _ in range(rng.randint(0, 5)))
            if rng.random() < 0.5:
                params = 'target=acme-bikes.com&' + params
            r = s.get(route + '?' + params)
            ctype = r.headers.get('Content-Type', '')
            if r.status >= 500 or (r.status >= 400 and not ctype.startswith('application/json')):
                bad.append((route, params, r.status))
        for i in range(200):  # disavow files: any bytes are a 200 with problems, or a 4xx
            body = bytes(rng.choice(b'domain:#/\n\r .example\xff\xc3\xa9http://x') for _ in range(rng.randint(0, 300)))
            r = s.post('/v1/disavow/parse?target=acme-bikes.com', body, headers={'Content-Type': 'text/plain'})
            if r.status >= 500 or 'problems' not in r.json and 'error' not in r.json:
                bad.append(('/v1/disavow/parse', body, r.status))
        for i in range(300):
            body = bytes(rng.choice(b'{}[]",:targets0123456789 \\u\x00\xff') for _ in range(rng.randint(0, 60)))
            if rng.random() < 0.5:
                body = b'{"targets": [' + body + b']}'
            r = s.post('/v1/authority', body)
            if r.status >= 500 or (r.status >= 400 and 'error' not in r.json):
                bad.append(('/v1/authority', body, r.status))
    check('2,000 malformed requests: never a 5xx, always a JSON error', not bad, bad[:5])


def time_budget(tmp, db):
    config = write_config(os.path.join(tmp, 'budget.json'), access_log='', query_time_budget_ms=0)
    with Server(BIN, '--db', db, '--config', config) as s:
        r = s.get('/v1/overview?target=acme-bikes.com&mode=host')
        check('a query over the time budget is a JSON 503 query_timeout', r.status == 503 and
              r.json['error']['code'] == 'query_timeout' and '/' not in r.json['error']['message'], r.text)
        check('the server still answers after a timeout', s.get('/healthz').status == 200)


def main(tmp):
    db, _ = fixture_index(BIN, tmp)
    # LINKLENS_BEHAVIOUR_ONLY=drain:20 runs one scenario 20 times (for hunting a rare failure).
    only, _, times = os.environ.get('LINKLENS_BEHAVIOUR_ONLY', '').partition(':')
    scenarios = {'time_budget': lambda: time_budget(tmp, db), 'auth_and_limits': lambda: auth_and_limits(tmp, db),
                 'hot_swap': lambda: hot_swap(tmp), 'drain': lambda: drain(tmp, db), 'fuzz_routes': lambda: fuzz_routes(tmp, db)}
    for name, run in scenarios.items():
        if not only or name == only:
            for _ in range(int(times or 1)):
                run()


with tempfile.TemporaryDirectory() as tmp:
    main(tmp)
sys.exit(check.finish('api behaviour'))
