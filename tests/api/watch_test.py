#!/usr/bin/env python3
"""Watches and alerts end to end, over real HTTP on 127.0.0.1: two fixture crawls ingested in a
row while webhook receivers listen on 127.0.0.1.

- Writes are refused without a key, from a foreign Origin, as text/plain or a form post; webhook
  addresses outside the allow rule (private, link-local, IPv6 loopback) and bad URLs are refused.
- The second snapshot is ingested while the server is stopped: the ingest writes the alerts to
  the state database's outbox, and the server delivers them when it starts again.
- Exactly the new and lost links (and referring domains) of the fixture arrive, once each, signed
  (HMAC-SHA256 of "timestamp.body" under the watch's secret); lost links carry lost_reason.
- A receiver that fails twice gets the alerts on the third try; a redirect is not followed.
- Re-ingesting the snapshot sends nothing.
- The Atom feed validates against RFC 4287's RELAX NG schema (Debian's jing) and
  python3-feedparser reads it with bozo == 0; its token is revocable.
- GET /v1/compare answers what `linklens compare --format json` prints.
Usage: watch_test.py LINKLENS_BINARY
"""
import hashlib
import hmac
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from api_server import Server, request  # noqa: E402
from checks import Checks  # noqa: E402
from fixture_index import ingest, make_fixture_crawl  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures'))
from make_fixture_crawl import record as fixture_record  # noqa: E402

BIN = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
ATOM_RNC = os.path.join(HERE, '..', 'fixtures', 'atom.rnc')
TARGET = 'acme-bikes.com'
ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'
check = Checks()


class Receiver:
    """Webhook receivers on one loopback port: /ok answers 204, /flaky 500 twice then 200,
    /redirect a 302 to /ok, /slow answers after 2 s, /drip sends its head a line every 0.3 s. Every request is recorded with its headers and body."""

    def __init__(self):
        self.requests = []
        self.flaky_seen = 0
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                with outer.lock:
                    outer.requests.append((self.path, dict(self.headers), body))
                    if self.path == '/flaky':
                        outer.flaky_seen += 1
                        status = 500 if outer.flaky_seen <= 2 else 200
                    elif self.path == '/redirect':
                        status = 302
                    elif self.path == '/slow':
                        status = 0
                    elif self.path == '/drip':
                        status = -1
                    else:
                        status = 204
                if status == 0:  # slower than the server's webhook timeout
                    time.sleep(2)
                    status = 200
                if status == -1:  # a head that drips, each line well within the timeout
                    self.wfile.write(b'HTTP/1.1 200 OK\r\n')
                    for n in range(12):
                        time.sleep(0.3)
                        try:
                            self.wfile.write(f'X-Drip-{n}: y\r\n'.encode())
                            self.wfile.flush()
                        except OSError:
                            return
                    self.wfile.write(b'Content-Length: 0\r\n\r\n')
                    return
                self.send_response(status)
                if status == 302:
                    self.send_header('Location', '/ok')
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path):
        return f'http://127.0.0.1:{self.port}{path}'

    def at(self, path):
        with self.lock:
            return [r for r in self.requests if r[0] == path]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def new_key():
    out = subprocess.run([BIN, 'hash-key', '--new'], capture_output=True, text=True, check=True).stdout.split('\n')
    return out[0].split()[1], out[1].split()[1]


def wait_until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def logged_watch(s, auth, watch_id, logged, seconds=10):
    """The watch as GET /v1/watches shows it once `logged(watch)` holds (bounded). A receiver
    sees a request before the server has its answer and writes the attempt to the delivery log,
    so a test that read the log straight after the receiver saw the request could see one attempt
    too few."""
    seen = []

    def holds():
        seen[:] = [s.get(f'/v1/watches?id={watch_id}', headers=auth).json['watches'][0]]
        return logged(seen[0])
    wait_until(holds, seconds)
    return seen[0]


def alerts_in(requests):
    """(alert ids in delivery order, {id: alert}) of the webhook bodies."""
    ids, by_id = [], {}
    for _, _, body in requests:
        for a in json.loads(body)['alerts']:
            ids.append(a['id'])
            by_id[a['id']] = a
    return ids, by_id


def link_key(d):
    return (d['source_url'], d['target_url'], d['anchor'], d['kind'])


def refusals(s, key):
    auth = {'Authorization': f'Bearer {key}'}
    body = {'target': TARGET}
    r = s.post('/v1/watches', body)
    check('a watch without a key: 401 key_required', r.status == 401 and r.json['error']['code'] == 'key_required',
          r.text[:200])
    r = s.post('/v1/watches', json.dumps(body).encode(), headers={**auth, 'Content-Type': 'text/plain'})
    check('a text/plain post (a cross-site page can send one): 415', r.status == 415, r.text[:200])
    r = s.post('/v1/watches', urllib.parse.urlencode(body).encode(),
               headers={**auth, 'Content-Type': 'application/x-www-form-urlencoded'})
    check('a form post: 415', r.status == 415, r.text[:200])
    r = s.post('/v1/watches', body, headers={**auth, 'Origin': 'https://evil.example'})
    check('a write from a foreign Origin: 403', r.status == 403 and r.json['error']['code'] == 'origin_not_allowed',
          r.text[:200])
    for url, why in [('http://10.1.2.3/hook', 'a private address'), ('http://169.254.169.254/latest', 'link-local'),
                     ('http://[::1]:9/hook', 'IPv6 loopback'), ('http://127.0.0.2:9/', 'loopback outside the rule'),
                     ('http://0.0.0.0:9/', 'the unspecified address')]:
        r = s.post('/v1/watches', {'target': TARGET, 'webhook_url': url}, headers=auth)
        check(f'a webhook to {why} is refused (422 webhook_not_allowed)',
              r.status == 422 and r.json['error']['code'] == 'webhook_not_allowed', (url, r.status, r.text[:200]))
    for url in ['ftp://127.0.0.1/x', 'http://user:pw@127.0.0.1/x', 'not a url']:
        r = s.post('/v1/watches', {'target': TARGET, 'webhook_url': url}, headers=auth)
        check(f'a bad webhook URL is refused: {url}', r.status == 422 and r.json['error']['code'] == 'invalid_webhook',
              (r.status, r.text[:200]))
    for bad in [{'target': TARGET, 'report': ['everything']}, {'target': TARGET, 'colour': 'red'},
                {'target': TARGET, 'authority_change': 0}, {'target': 'not a domain'}, {'target': TARGET, 'secret': 'short'}]:
        r = s.post('/v1/watches', bad, headers=auth)
        check(f'a bad watch is a 400 that says why: {bad}', r.status == 400 and r.json['error']['message'], r.text[:200])
    r = request(s.base, '/v1/watches', method='DELETE', body={'id': 1})
    check('DELETE without a key: 401', r.status == 401, r.text[:200])


def make_watch(s, key, **body):
    r = s.post('/v1/watches', dict(target=TARGET, **body), headers={'Authorization': f'Bearer {key}', 'Origin': ORIGIN})
    check(f'POST /v1/watches {body}: 201 with a secret and a feed URL',
          r.status == 201 and len(r.json['watch']['secret']) >= 16 and 'token=' in r.json['watch']['feed_url'],
          r.text[:300])
    return r.json['watch']


def signed(secret, headers, body):
    expected = 'sha256=' + hmac.new(secret.encode(), headers['X-Linklens-Timestamp'].encode() + b'.' + body,
                                    hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers.get('X-Linklens-Signature', ''))


def expected_changes(s):
    """The fixture's second snapshot, as /v1/backlinks shows it: (new links, lost links)."""
    rows = s.get(f'/v1/backlinks?target={TARGET}&limit=1000&select=source_url,target_url,anchor,kind,first_seen,'
                 'lost_in,lost_reason,source_status').json['backlinks']
    new = {link_key(r): r for r in rows if r['first_seen'] == 2}
    lost = {link_key(r): r for r in rows if r['lost_in'] == 2}
    return new, lost


def feed_checks(s, watch, alerts, tmp):
    r = s.get(watch['feed_url'])
    check('the Atom feed answers with its token, no key', r.status == 200 and
          r.headers.get('Content-Type', '').startswith('application/atom+xml'), (r.status, r.text[:200]))
    path = os.path.join(tmp, 'feed.xml')
    with open(path, 'wb') as f:
        f.write(r.raw)
    jing = subprocess.run(['jing', '-c', ATOM_RNC, path], capture_output=True, text=True)
    check('the feed validates against RFC 4287\'s RELAX NG schema (jing)', jing.returncode == 0 and not jing.stdout,
          jing.stdout[:500] + jing.stderr[-300:])
    import feedparser
    parsed = feedparser.parse(r.raw)
    check('feedparser reads the feed with bozo == 0', parsed.bozo == 0, getattr(parsed, 'bozo_exception', ''))
    check('the feed has one entry per alert', len(parsed.entries) == len(alerts) > 0, (len(parsed.entries), len(alerts)))
    check('each entry has a title a person reads', all(e.title for e in parsed.entries), [e.title for e in parsed.entries][:3])
    wrong = s.get(watch['feed_url'][:-4] + '0000')
    check('a wrong token: 404', wrong.status == 404, wrong.status)
    return r


def main(tmp):
    warcs = make_fixture_crawl(os.path.join(tmp, 'crawl'))
    db = os.path.join(tmp, 'index.db')
    ingest(BIN, db, warcs[0], crawl='fixture-1')
    key, digest = new_key()
    config = os.path.join(tmp, 'serve.json')
    with open(config, 'w') as f:
        json.dump({'access_log': '', 'api_keys': [{'name': 'alice', 'sha256': digest}], 'cors_origins': [ORIGIN],
                   'webhook_allow': ['127.0.0.1/32'], 'webhook_retry_base_ms': 200, 'alert_poll_ms': 100,
                   'webhook_timeout_ms': 500,
                   'response_cache_mb': 0}, f)
    auth = {'Authorization': f'Bearer {key}'}
    with Receiver() as hooks:
        with Server(BIN, '--db', db, '--config', config) as s:
            refusals(s, key)
            # A domain the audit says to disavow, kept by the user: a toxic watch does not report it
            # until it leaves the keep list.
            kept = s.post('/v1/audit/keep', {'target': TARGET, 'domains': ['pbn-alpha.xyz']}, headers=auth)
            check('pbn-alpha.xyz on the keep list', kept.status == 200, kept.text[:200])
            every = make_watch(s, key, webhook_url=hooks.url('/ok'))
            flaky = make_watch(s, key, webhook_url=hooks.url('/flaky'), report=['lost_links'])
            moved = make_watch(s, key, webhook_url=hooks.url('/redirect'), report=['new_domains'])
            slow = make_watch(s, key, webhook_url=hooks.url('/slow'), report=['new_domains'])
            drip = make_watch(s, key, webhook_url=hooks.url('/drip'), report=['new_domains'])
            feed_only = make_watch(s, key, report=['new_links', 'lost_links', 'new_domains', 'lost_domains',
                                                   'authority', 'toxic'], authority_change=0.1)
            check('GET /v1/watches needs a key even from loopback (webhook URLs, feed tokens)',
                  s.get('/v1/watches').status == 401 and s.get(f'/v1/alerts?watch={every["id"]}').status == 401, '')
            listed = s.get('/v1/watches', headers=auth).json['watches']
            check('GET /v1/watches lists the six, without secrets', [w['id'] for w in listed] ==
                  [every['id'], flaky['id'], moved['id'], slow['id'], drip['id'], feed_only['id']] and all('secret' not in w for w in listed),
                  listed)
            time.sleep(0.5)
            check('nothing is sent before a new snapshot', not hooks.requests, hooks.requests[:2])
        # The second crawl, ingested while no server runs: its alerts wait in the outbox.
        out = subprocess.run([BIN, 'ingest', '--db', db, '--crawl', 'fixture-2', warcs[1]], capture_output=True,
                             text=True)
        check('ingest writes the alerts to the outbox', out.returncode == 0 and 'alerts for the watches' in out.stdout,
              out.stdout[-400:] + out.stderr[-400:])
        with Server(BIN, '--db', db, '--config', config) as s:
            new, lost = expected_changes(s)
            check('the fixture has new and lost links to watch', new and lost, (new, lost))
            delivered = wait_until(lambda: hooks.at('/ok') and len(hooks.at('/flaky')) >= 3 and hooks.at('/redirect'))
            check('after a restart, the outbox is delivered', delivered, [r[0] for r in hooks.requests])
            ids, got = alerts_in(hooks.at('/ok'))
            check('every alert arrives once', len(ids) == len(set(ids)) and ids, ids)
            by_kind = {}
            for a in got.values():
                by_kind.setdefault(a['kind'], []).append(a)
            check('exactly the new links arrive', {link_key(a['data']) for a in by_kind.get('link_new', [])} == set(new),
                  (by_kind.get('link_new'), list(new)))
            check('exactly the lost links arrive', {link_key(a['data']) for a in by_kind.get('link_lost', [])} == set(lost),
                  (by_kind.get('link_lost'), list(lost)))
            check('new referring domain: newcomer.io',
                  [a['data']['domain'] for a in by_kind.get('domain_new', [])] == ['newcomer.io'], by_kind.get('domain_new'))
            check('lost referring domain: gone-site.org',
                  [a['data']['domain'] for a in by_kind.get('domain_lost', [])] == ['gone-site.org'], by_kind.get('domain_lost'))
            check('lost links say why (gone-site.org answers 404: page_error), as /v1/backlinks does',
                  all(a['data']['lost_reason'] == 'page_error' == lost[link_key(a['data'])]['lost_reason'] and
                      a['data']['source_status'] == 404 for a in by_kind.get('link_lost', [])), by_kind.get('link_lost'))
            check('every webhook body is signed with the watch\'s secret',
                  all(signed(every['secret'], h, b) for _, h, b in hooks.at('/ok')), [h for _, h, _ in hooks.at('/ok')])
            check('a tampered body fails the signature', not signed(every['secret'], hooks.at('/ok')[0][1],
                                                                    hooks.at('/ok')[0][2] + b' '), '')
            check('alerts name their snapshot', all(a['snapshot']['name'] == 'fixture-2' for a in got.values()), got)

            tries = hooks.at('/flaky')
            flaky_ids = [alerts_in([t])[0] for t in tries]
            check('a receiver failing twice gets the alerts on the third try, the same alerts each time',
                  len(tries) == 3 and flaky_ids[0] == flaky_ids[1] == flaky_ids[2] and flaky_ids[0],
                  (len(tries), flaky_ids))
            check('the retries are numbered in X-Linklens-Delivery',
                  [t[1]['X-Linklens-Delivery'].rsplit('-', 1)[1] for t in tries] == ['1', '2', '3'],
                  [t[1].get('X-Linklens-Delivery') for t in tries])
            check('the flaky watch got only lost links', all(a['kind'] == 'link_lost' for a in alerts_in(tries)[1].values()), '')
            w = logged_watch(s, auth, flaky['id'], lambda w: len(w['deliveries']) >= 3)
            check('the delivery log shows 500, 500, then 200', [d['status'] for d in w['deliveries']] == [200, 500, 500] and
                  w['alerts']['delivered'] == len(flaky_ids[0]) and w['alerts']['pending'] == 0, w)
            w = logged_watch(s, auth, moved['id'], lambda w: w['deliveries'])
            check('a redirect is not followed: the attempt failed with the 302 logged',
                  w['deliveries'] and w['deliveries'][-1]['status'] == 302 and 'not followed' in w['deliveries'][-1]['error']
                  and not any(json.loads(b)['watch']['id'] == moved['id'] for _, _, b in hooks.at('/ok')), w)

            w = logged_watch(s, auth, slow['id'], lambda w: w['deliveries'])
            check('a receiver slower than webhook_timeout_ms: the attempt fails (no status), to be retried',
                  w['deliveries'] and w['deliveries'][-1]['status'] == 0 and w['deliveries'][-1]['error'] and
                  w['alerts']['pending'] == 1, w)
            w = logged_watch(s, auth, drip['id'], lambda w: w['deliveries'])
            check('a receiver dripping its head line by line is cut off at twice the timeout',
                  w['deliveries'] and w['deliveries'][-1]['status'] == 0 and
                  'within twice' in w['deliveries'][-1]['error'], w)

            logged_watch(s, auth, every['id'], lambda w: w['alerts']['pending'] == 0)
            listed = s.get(f'/v1/alerts?watch={every["id"]}&since=0', headers=auth).json
            check('GET /v1/alerts lists what the webhook got, delivered', sorted(a['id'] for a in listed['alerts']) ==
                  sorted(ids) and all(a['state'] == 'delivered' for a in listed['alerts']), listed)
            tail = s.get(f'/v1/alerts?watch={every["id"]}&since={listed["next_since"]}', headers=auth).json
            check('since=next_since: nothing newer', tail['alerts'] == [] and tail['next_since'] == listed['next_since'], tail)

            feed_alerts = s.get(f'/v1/alerts?watch={feed_only["id"]}&since=0&limit=1000', headers=auth).json['alerts']
            check('the feed-only watch got the link and domain alerts, kept for its feed',
                  {'link_new', 'link_lost', 'domain_new', 'domain_lost'} <= {a['kind'] for a in feed_alerts} and
                  all(a['state'] == 'feed' for a in feed_alerts), [a['kind'] for a in feed_alerts])
            moves = [a for a in feed_alerts if a['kind'] == 'authority_change']
            check('an Authority Score move of at least 0.1 points raised one alert, from the baseline to now',
                  len(moves) == 1 and abs(moves[0]['data']['to'] - moves[0]['data']['from']) >= 0.1 and
                  moves[0]['data']['from'] == feed_only['baseline_authority_score'], (moves, feed_only))
            check('no toxic alert while the PBN domain is on the keep list',
                  not any(a['kind'] == 'toxic_domain' for a in feed_alerts), feed_alerts)
            feed_checks(s, feed_only, feed_alerts, tmp)
            rotated = s.post('/v1/watches/token', {'id': feed_only['id']}, headers={**auth, 'Origin': ORIGIN})
            check('POST /v1/watches/token gives a new feed URL', rotated.status == 200 and
                  rotated.json['feed_url'] != feed_only['feed_url'], rotated.text[:200])
            check('the old feed URL stops working', s.get(feed_only['feed_url']).status == 404, '')
            check('the new one works', s.get(rotated.json['feed_url']).status == 200, '')

            compared = s.get(f'/v1/compare?target={TARGET}&from=fixture-1&to=2')
            cli = subprocess.run([BIN, 'compare', TARGET, '--db', db, '--from', '1', '--to', 'fixture-2', '--format',
                                  'json'], capture_output=True, text=True)
            check('GET /v1/compare answers what `linklens compare` prints',
                  compared.status == 200 and cli.returncode == 0 and compared.json == json.loads(cli.stdout),
                  (compared.text[:300], cli.stdout[:300], cli.stderr))
            c = compared.json
            check('compare: the new and lost links and domains of the fixture',
                  {link_key(x) for x in c['links']['gained_list']} == set(new) and
                  {link_key(x) for x in c['links']['lost_list']} == set(lost) and
                  c['referring_domains']['gained_list'] == ['newcomer.io'] and
                  c['referring_domains']['lost_list'] == ['gone-site.org'], c)
            check('compare: unknown snapshot is a 404, from after to a 400',
                  s.get(f'/v1/compare?target={TARGET}&from=9').status == 404 and
                  s.get(f'/v1/compare?target={TARGET}&from=2&to=1').status == 400, '')

            # Off the keep list: the next change of the index raises the toxic verdict.
            s.post('/v1/audit/keep', {'target': TARGET, 'domains': ['pbn-alpha.xyz'], 'remove': True}, headers=auth)

            # The same snapshot again: nothing new is raised or sent.
            # (The redirecting, slow and dripping receivers' watches are still retrying: their posts are not counted.)
            before = (len(hooks.at('/ok')) + len(hooks.at('/flaky')), len(s.get(f'/v1/alerts?watch={every["id"]}&since=0&limit=1000', headers=auth).json['alerts']))
            ingest(BIN, db, warcs[1], crawl='fixture-2')
            ingest(BIN, db, warcs[1], crawl='fixture-2-again')
            time.sleep(1.5)
            after = (len(hooks.at('/ok')) + len(hooks.at('/flaky')), len(s.get(f'/v1/alerts?watch={every["id"]}&since=0&limit=1000', headers=auth).json['alerts']))
            check('re-ingesting the snapshot (and the same crawl again) sends nothing', before == after, (before, after))
            toxic = [a for a in s.get(f'/v1/alerts?watch={feed_only["id"]}&since=0&limit=1000', headers=auth).json['alerts']
                     if a['kind'] == 'toxic_domain']
            check('off the keep list, pbn-alpha.xyz raises one toxic_domain alert',
                  [a['data']['domain'] for a in toxic] == ['pbn-alpha.xyz'], toxic)

            r = request(s.base, '/v1/watches', method='DELETE', body={'id': every['id']}, headers={**auth, 'Origin': ORIGIN})
            check('DELETE /v1/watches removes a watch', r.status == 200 and r.json == {'deleted': every['id']}, r.text[:200])
            check('it is gone', s.get(f'/v1/watches?id={every["id"]}', headers=auth).status == 404, '')
            r = request(s.base, '/v1/watches', method='DELETE', body={'id': every['id']}, headers=auth)
            check('deleting it again: 404', r.status == 404, r.text[:200])


def state_versions(tmp):
    """A state database of schema 1 (brand terms and keep lists only) gains the watch tables and
    keeps what it held; one from a newer linklens is refused with a message."""
    import sqlite3
    warcs = make_fixture_crawl(os.path.join(tmp, 'crawl-v'))
    db = os.path.join(tmp, 'v', 'index.db')
    os.makedirs(os.path.dirname(db))
    ingest(BIN, db, warcs[0], crawl='fixture-1')
    state = os.path.join(tmp, 'v', 'linklens-state.db')
    con = sqlite3.connect(state)
    con.executescript("""
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE brand_terms(target TEXT NOT NULL, term TEXT NOT NULL, added_at TEXT NOT NULL,
          PRIMARY KEY(target, term)) WITHOUT ROWID;
        CREATE TABLE keep_domains(target TEXT NOT NULL, domain TEXT NOT NULL, added_at TEXT NOT NULL,
          added_by TEXT NOT NULL, PRIMARY KEY(target, domain)) WITHOUT ROWID;
        INSERT INTO meta VALUES('schema_version', '1'), ('kind', 'linklens-state');
        INSERT INTO keep_domains VALUES('acme-bikes.com', 'pbn-beta.xyz', '2026-01-01T00:00:00Z', 'alice');""")
    con.commit()
    con.close()
    key, digest = new_key()
    config = os.path.join(tmp, 'v', 'serve.json')
    with open(config, 'w') as f:
        json.dump({'access_log': '', 'api_keys': [{'name': 'alice', 'sha256': digest}]}, f)
    with Server(BIN, '--db', db, '--config', config) as s:
        made = s.post('/v1/watches', {'target': TARGET}, headers={'Authorization': f'Bearer {key}'})
        check('a schema-1 state database takes a watch', made.status == 201, made.text[:200])
        kept = s.get(f'/v1/audit/settings?target={TARGET}').json
        check('and keeps its keep list', kept.get('keep') == ['pbn-beta.xyz'], kept)
    con = sqlite3.connect(state)
    version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    check('its schema is now 2', version == '2', version)
    out = subprocess.run([BIN, 'serve', '--db', db, '--config', config, '--listen', '127.0.0.1:1'], capture_output=True,
                         text=True, timeout=30)
    check('a state database from a newer linklens is refused with a message', out.returncode != 0 and
          'newer linklens' in out.stderr, out.stderr[-300:])


def resumed_snapshot(tmp):
    """Links added to a snapshot after its first commit (an ingest resuming it, a targeted scan
    committing file by file) raise alerts; what the snapshot held when the watch was made does not."""
    warcs = make_fixture_crawl(os.path.join(tmp, 'crawl-r'))
    db = os.path.join(tmp, 'r', 'index.db')
    os.makedirs(os.path.dirname(db))
    ingest(BIN, db, warcs[0], crawl='fixture-1')
    key, digest = new_key()
    auth = {'Authorization': f'Bearer {key}'}
    config = os.path.join(tmp, 'r', 'serve.json')
    with open(config, 'w') as f:
        json.dump({'access_log': '', 'api_keys': [{'name': 'alice', 'sha256': digest}], 'alert_poll_ms': 100}, f)
    late = os.path.join(tmp, 'r', 'late.warc')
    with open(late, 'wb') as f:
        f.write(fixture_record('https://latecomer.example/p', '192.0.2.9', 200,
                               '<html><body><main><p>We ride <a href="https://acme-bikes.com/">Acme</a>.</p></main></body></html>',
                               '2026-01-16T10:00:00Z'))
    with Server(BIN, '--db', db, '--config', config) as s:
        made = s.post('/v1/watches', {'target': TARGET}, headers=auth).json['watch']
        time.sleep(0.5)
        check('a new watch raises nothing about the snapshot it was made at',
              s.get(f'/v1/alerts?watch={made["id"]}&since=0', headers=auth).json['alerts'] == [], '')
        ingest(BIN, db, late, crawl='fixture-1')  # resumes snapshot fixture-1
        wait_until(lambda: s.get(f'/v1/alerts?watch={made["id"]}&since=0', headers=auth).json['alerts'], 20)
        got = s.get(f'/v1/alerts?watch={made["id"]}&since=0', headers=auth).json['alerts']
        check('a link added to that snapshot later raises its alerts, and only those',
              sorted((a['kind'], a['data'].get('source_url') or a['data'].get('domain')) for a in got) ==
              [('domain_new', 'latecomer.example'), ('link_new', 'https://latecomer.example/p')], got)


def lost_reasons(tmp):
    """Each way a link is lost, told apart: the page now redirects elsewhere, answers 5xx, or was
    crawled again without the link (the fixture crawl has only a 404)."""
    link = '<html><body><main><p>See <a href="https://acme-bikes.com/x">Acme</a> and more text.</p></main></body></html>'
    plain = '<html><body><main><p>Nothing to see any more.</p></main></body></html>'
    pages = {1: [('https://mover.example/a', 200, link, None), ('https://editor.example/b', 200, link, None),
                 ('https://broken.example/c', 200, link, None)],
             2: [('https://mover.example/a', 301, plain, 'https://elsewhere.example/'),
                 ('https://editor.example/b', 200, plain, None), ('https://broken.example/c', 503, plain, None)]}
    db = os.path.join(tmp, 'lost', 'index.db')
    os.makedirs(os.path.dirname(db))
    for n, date in ((1, '2026-01-01T00:00:00Z'), (2, '2026-02-01T00:00:00Z')):
        warc = os.path.join(tmp, 'lost', f'{n}.warc')
        with open(warc, 'wb') as f:
            for url, status, html, location in pages[n]:
                f.write(fixture_record(url, '192.0.2.1', status, html, date, location))
        ingest(BIN, db, warc, crawl=f'lost-{n}')
    out = subprocess.run([BIN, 'compare', TARGET, '--db', db, '--format', 'json'], capture_output=True, text=True)
    lost = {x['source_url']: x['lost_reason'] for x in json.loads(out.stdout)['links']['lost_list']} if out.returncode == 0 else out.stderr
    check('lost_reason tells a redirect, a server error and a removed link apart', lost == {
        'https://mover.example/a': 'redirected', 'https://broken.example/c': 'page_error',
        'https://editor.example/b': 'link_removed'}, lost)
    with Server(BIN, '--db', db) as s:
        rows = s.get(f'/v1/backlinks?target={TARGET}&select=source_url,lost_reason').json['backlinks']
        check('/v1/backlinks says the same', {r['source_url']: r['lost_reason'] for r in rows} == lost, rows)


def config_watches(tmp):
    """Watches in the server config: stored once (not again at the next start), shown as from the
    config, and not removable over the API; a config watch with a webhook must carry its secret."""
    warcs = make_fixture_crawl(os.path.join(tmp, 'crawl-c'))
    db = os.path.join(tmp, 'c', 'index.db')
    os.makedirs(os.path.dirname(db))
    ingest(BIN, db, warcs[0], crawl='fixture-1')
    key, digest = new_key()
    config = os.path.join(tmp, 'c', 'serve.json')
    watches = [{'target': TARGET, 'report': ['lost_links']},
               {'target': 'rival-one.com', 'webhook_url': 'http://127.0.0.1:9/hook', 'secret': 's' * 32}]
    with open(config, 'w') as f:
        json.dump({'access_log': '', 'api_keys': [{'name': 'alice', 'sha256': digest}], 'watches': watches,
                   'webhook_allow': ['127.0.0.1/32']}, f)
    auth = {'Authorization': f'Bearer {key}'}
    for start in (1, 2):
        with Server(BIN, '--db', db, '--config', config) as s:
            listed = s.get('/v1/watches', headers=auth).json['watches']
            check(f'start {start}: the config\'s two watches, once each, from the config',
                  [(w['target'], w['from_config'], w['created_by']) for w in listed] ==
                  [(TARGET, True, 'config'), ('rival-one.com', True, 'config')], listed)
            r = request(s.base, '/v1/watches', method='DELETE', body={'id': listed[0]['id']},
                        headers={'Authorization': f'Bearer {key}'})
            check('a config watch cannot be removed over the API (409)', r.status == 409, r.text[:200])
    # The config changed: the first watch reports more, the second is gone.
    with open(config, 'w') as f:
        json.dump({'access_log': '', 'api_keys': [{'name': 'alice', 'sha256': digest}],
                   'watches': [{'target': TARGET, 'report': ['lost_links', 'new_links', 'toxic']}]}, f)
    with Server(BIN, '--db', db, '--config', config) as s:
        listed = s.get('/v1/watches', headers=auth).json['watches']
        check('a changed config: its watches follow it (one updated in place, one removed)',
              [(w['target'], w['report']) for w in listed] == [(TARGET, ['new_links', 'lost_links', 'toxic'])], listed)
        time.sleep(1.5)
        alerts = s.get(f'/v1/alerts?watch={listed[0]["id"]}&since=0', headers=auth).json['alerts']
        check('verdicts newly reported start from today\'s (no flood of the domains already to disavow)',
              alerts == [], alerts)
    with open(config, 'w') as f:
        json.dump({'watches': [{'target': TARGET, 'webhook_url': 'http://127.0.0.1:9/'}]}, f)
    out = subprocess.run([BIN, 'serve', '--db', db, '--config', config, '--listen', '127.0.0.1:1'], capture_output=True,
                         text=True, timeout=30)
    check('a config watch with a webhook and no secret is refused at the start', out.returncode != 0 and
          'needs its secret' in out.stderr, out.stderr[-300:])


tmp = tempfile.mkdtemp(prefix='linklens-watch-')
try:
    main(tmp)
    state_versions(tmp)
    config_watches(tmp)
    lost_reasons(tmp)
    resumed_snapshot(tmp)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(check.finish('api watches'))
