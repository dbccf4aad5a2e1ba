#!/usr/bin/env python3
"""The audit's settings (brand terms and keep lists) in the state database, over the CLI
(`linklens keep`, `linklens brand`, `audit --brand`) and over HTTP (GET /v1/audit/settings, POST
/v1/audit/keep and /v1/audit/brand), with the write model: an API key always, a JSON body, no
origin outside cors_origins, so that no web page can write (a cross-site form post is refused).
The index is never written: its bytes are the same after every write.
Usage: settings_test.py LINKLENS_BINARY
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from api_server import Server  # noqa: E402
from checks import Checks  # noqa: E402
from fixture_index import fixture_index  # noqa: E402

BIN = sys.argv[1]
check = Checks()
ACME = 'acme-bikes.com'
ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120)


def digest_of(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def audit_domains(db, *extra):
    r = run('audit', ACME, '--db', db, '--format', 'json', *extra)
    return json.loads(r.stdout) if r.returncode == 0 else {'error': r.stderr}


def cli(tmp, db):
    state = os.path.join(tmp, 'linklens-state.db')
    check('no state file before a write', not os.path.exists(state))
    r = run('keep', ACME, '--db', db)
    check('keep: an empty list before any write, and no file made', r.returncode == 0 and '0 domains' in r.stdout and
          not os.path.exists(state), r.stdout + r.stderr)
    before = digest_of(db)
    r = run('keep', ACME, 'pbn-alpha.xyz', 'https://www.hidden-linker.com/x', '--db', db)
    check('keep: adds registrable domains (a URL means its domain) to linklens-state.db beside the index',
          r.returncode == 0 and os.path.exists(state) and 'pbn-alpha.xyz' in r.stdout and
          'hidden-linker.com' in r.stdout, r.stdout + r.stderr)
    a = audit_domains(db)
    by = {d['domain']: d for d in a['domains']}
    check('audit: a kept domain is keep, marked kept, with the reason', by['pbn-alpha.xyz']['action'] == 'keep' and
          by['pbn-alpha.xyz']['kept'] and any(x['signal'] == 'kept' for x in by['pbn-alpha.xyz']['reasons']),
          by['pbn-alpha.xyz'])
    check('audit: the other PBN sites keep their verdict', by['pbn-beta.xyz']['action'] == 'disavow', by['pbn-beta.xyz'])
    check('audit: kept_domains lists the keep list', a['kept_domains'] == ['hidden-linker.com', 'pbn-alpha.xyz'],
          a['kept_domains'])
    d = run('disavow', ACME, '--db', db)
    check('disavow: a kept domain is never in the file', d.returncode == 0 and 'pbn-alpha.xyz' not in d.stdout and
          'domain:pbn-beta.xyz' in d.stdout, d.stdout)
    d = run('disavow', ACME, '--db', db, '--min-score', '0')
    check('disavow --min-score: kept domains left out too', d.returncode == 0 and 'pbn-alpha.xyz' not in d.stdout,
          d.stdout)
    r = run('keep', ACME, 'pbn-alpha.xyz', '--remove', '--db', db)
    check('keep --remove', r.returncode == 0 and 'pbn-alpha.xyz' not in r.stdout, r.stdout)
    check('audit after --remove: the verdict is back',
          {x['domain']: x['action'] for x in audit_domains(db)['domains']}['pbn-alpha.xyz'] == 'disavow')
    check('keep: a bad domain is a usage error', run('keep', ACME, 'not a domain', '--db', db).returncode == 2)
    # Brand terms: "cheap mountain bikes" is the PBN's money anchor; as a brand term it is branded.
    a = audit_domains(db, '--brand', 'cheap mountain bikes')
    by = {x['domain']: x for x in a['domains']}
    check('audit --brand: the term joins the brand terms', 'cheap mountain bikes' in a['brand_terms'], a['brand_terms'])
    check('audit --brand: a branded anchor is never over-optimised', not any(
        x['signal'] == 'anchor_overuse' for x in by['pbn-beta.xyz']['reasons']), by['pbn-beta.xyz']['reasons'])
    r = run('brand', ACME, 'Acme Trail', '--db', db)
    check('brand: adds a term', r.returncode == 0 and 'Acme Trail' in r.stdout, r.stdout + r.stderr)
    check('audit: stored brand terms are read', 'Acme Trail' in audit_domains(db)['brand_terms'])
    check('the index is never written by settings', digest_of(db) == before)
    r = run('keep', ACME, 'x.com', '--db', db, '--state', db)
    check('--state naming the index is refused, and the index is left as it was',
          r.returncode == 1 and 'not a Linklens state database' in r.stderr and digest_of(db) == before, r.stderr)
    return state


def http(tmp, db, state):
    key = 'settings-test-key'
    config = os.path.join(tmp, 'serve.json')
    with open(config, 'w') as f:
        json.dump({'api_keys': [{'name': 'alice', 'sha256': hashlib.sha256(key.encode()).hexdigest(),
                                 'rate_per_second': 100, 'burst': 100}],
                   'cors_origins': [ORIGIN], 'access_log': ''}, f)
    auth = {'Authorization': f'Bearer {key}', 'Content-Type': 'application/json'}
    before = digest_of(db)
    with Server(BIN, '--db', db, '--config', config, '--state', state) as s:
        r = s.get(f'/v1/audit/settings?target={ACME}')
        check('GET /v1/audit/settings: the CLI\'s writes', r.status == 200 and 'Acme Trail' in r.json['brand_terms'] and
              'hidden-linker.com' in r.json['keep'], r.text)
        body = {'target': ACME, 'domains': ['pbn-gamma.top']}
        r = s.post('/v1/audit/keep', body)
        check('POST /v1/audit/keep without a key: 401, even from loopback', r.status == 401 and
              r.json['error']['code'] == 'key_required', r.text)
        # What a web page can send without a preflight: a form post or text/plain, with its Origin.
        form = b'target=acme-bikes.com&domains=pbn-gamma.top'
        r = s.post('/v1/audit/keep', form, headers={'Content-Type': 'application/x-www-form-urlencoded',
                                                    'Origin': 'https://evil.example'})
        check('a cross-site form post is refused (403)', r.status == 403 and r.json['error']['code'] == 'origin_not_allowed',
              r.text)
        r = s.post('/v1/audit/keep', form, headers={'Content-Type': 'application/x-www-form-urlencoded',
                                                    'Authorization': f'Bearer {key}'})
        check('a form body is refused even with a key (415)', r.status == 415, r.text)
        r = s.post('/v1/audit/keep', json.dumps(body).encode(), headers={'Content-Type': 'text/plain',
                                                                          'Authorization': f'Bearer {key}'})
        check('a text/plain body is refused even with a key (415)', r.status == 415, r.text)
        r = s.post('/v1/audit/keep', body, headers={**auth, 'Origin': 'https://evil.example'})
        check('JSON with a key from a foreign origin is refused (403)', r.status == 403, r.text)
        after_refusals = s.get(f'/v1/audit/settings?target={ACME}').json
        check('nothing refused was written', 'pbn-gamma.top' not in after_refusals['keep'], after_refusals)
        r = s.post('/v1/audit/keep', body, headers={**auth, 'Origin': ORIGIN})
        check('POST /v1/audit/keep with a key from the extension\'s origin: 200 and the list',
              r.status == 200 and 'pbn-gamma.top' in r.json['keep'], r.text)
        a = s.get(f'/v1/audit?target={ACME}').json
        by = {d['domain']: d for d in a['domains']}
        check('GET /v1/audit: the kept domain is keep', by['pbn-gamma.top']['action'] == 'keep' and by['pbn-gamma.top']['kept'],
              by['pbn-gamma.top'])
        r = s.get(f'/v1/disavow?target={ACME}')
        check('GET /v1/disavow: the kept domain is left out', r.status == 200 and 'pbn-gamma.top' not in r.text, r.text)
        r = s.get(f'/v1/audit?target={ACME}&brand=cheap+mountain+bikes&brand=Acme')
        check('GET /v1/audit?brand=: repeatable, joins the brand terms', r.status == 200 and
              'cheap mountain bikes' in r.json['brand_terms'], r.text[:300])
        classes = {x['anchor'].lower(): x['anchor_class'] for x in s.get(f'/v1/anchors?target={ACME}').json['anchors']}
        check('GET /v1/anchors: each anchor with its class; the label and the stored terms make it branded',
              classes.get('acme bikes') == 'branded' and classes.get('acme trail 29') == 'branded' and
              classes.get('cheap mountain bikes') == 'other', classes)
        r = s.get(f'/v1/anchors?target={ACME}&brand=cheap+mountain+bikes')
        check('GET /v1/anchors?brand=: the request\'s terms too', {x['anchor'].lower(): x['anchor_class'] for x in
              r.json['anchors']}.get('cheap mountain bikes') == 'branded', r.text[:300])
        r = s.post('/v1/audit/brand', {'target': ACME, 'terms': ['Acme Trail'], 'remove': True}, headers=auth)
        check('POST /v1/audit/brand remove: true', r.status == 200 and 'Acme Trail' not in r.json['brand_terms'], r.text)
        for bad, why in (({'target': ACME}, 'no domains'), ({'domains': ['a.com']}, 'no target'),
                         ({'target': ACME, 'domains': 'a.com'}, 'domains not a list'),
                         ({'target': ACME, 'domains': ['a..b.com']}, 'an invalid domain'),
                         ({'target': ACME, 'domains': ['a.com'], 'extra': 1}, 'an unknown key'),
                         ({'target': ACME, 'domains': ['a.com'], 'remove': 'yes'}, 'remove not a boolean')):
            r = s.post('/v1/audit/keep', bad, headers=auth)
            check(f'POST /v1/audit/keep with {why}: 400 with a JSON error', r.status == 400 and 'error' in r.json, r.text)
        r = s.post('/v1/audit/keep', b'{not json', headers=auth)
        check('POST /v1/audit/keep with a broken body: 400', r.status == 400, r.text)
    check('the index is never written by HTTP writes', digest_of(db) == before)
    bad_state = os.path.join(tmp, 'bad-state.db')
    with open(bad_state, 'wb') as f:
        f.write(b'not sqlite' * 100)
    r = subprocess.run([BIN, 'serve', '--db', db, '--state', bad_state, '--listen', '127.0.0.1:1'],
                       capture_output=True, text=True, timeout=60)
    check('serve refuses a state file it cannot read, and says so', r.returncode != 0 and 'state' in r.stderr, r.stderr)


def main(tmp):
    db, _ = fixture_index(BIN, tmp)
    state = cli(tmp, db)
    copy = os.path.join(tmp, 'state-copy.db')
    shutil.copy(state, copy)
    http(tmp, db, copy)


with tempfile.TemporaryDirectory() as tmp:
    main(tmp)
sys.exit(check.finish('audit settings'))
