"""One count everywhere: the rules every view of the index shares, pinned on the fixture crawl
(tests/fixtures/make_fixture_crawl.py) over real HTTP and through the CLI.

1. Follow status is the effective one (rel, then meta robots / X-Robots-Tag) in the overview, the
   referring domains, the anchors and the backlinks filter (mtbforum.net: plain rel, page nofollow).
2. Referring domains are counted ever, live and lost (gone-site.org lost every link).
3. Anchors are counted per Unicode case-folded key, shown in their most common spelling
   ("Acme Bikes" twice, "ACME BIKES" once: one row "Acme Bikes").
4. Countries put each referring domain in one row, "unknown" included, so they add up.
5. POST /v1/disavow/parse reads the file sent as text/plain, as curl --data-binary sends it, and as
   one multipart file; another type is a 415 that says what to send.
6. One empty string in POST /v1/authority is one invalid entry, not a failed batch.
7. After `disavow --apply`, `linklens explain` no longer counts the disavowed domain.
8. `ingest` says why its two link counts differ.
9. Indexes of schema 5 and 8 (the last with a links table; tests/fixtures/schema-8-index.sql.gz)
   are refused with the command that migrates them; `linklens migrate` brings each to the current
   schema with the same answer as a fresh ingest at every endpoint.
Usage: consistency_test.py LINKLENS_BINARY SHARED_DATA
"""
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from api_exercise import (FIXTURE_MODES, backlink_fields, exercise_index, exercise_target,  # noqa: E402
                          without_commit_times)
from api_server import Server  # noqa: E402
from checks import Checks  # noqa: E402
from fixture_index import fixture_index  # noqa: E402

BIN = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
check = Checks()
ACME, RIVAL = 'acme-bikes.com', 'rival-one.com'


def q(path, **params):
    return path + '?' + urllib.parse.urlencode(params)


def rows(s, path, key, **params):
    """Every row of a list (one page: the fixture's lists are short)."""
    answer = s.get(q(path, limit=1000, **params)).json
    check(f'{path} {params}: one page holds it all', answer.get('next_cursor') is None, answer.get('next_cursor'))
    return answer[key]


def follow_rule(s):
    o = s.get(q('/v1/overview', target=RIVAL)).json
    check('follow: the overview counts effective follow (mtbforum.net is nofollow by meta robots)',
          o['follow'] == {'follow': 2, 'nofollow': 1, 'sponsored': 0, 'ugc': 0}, o['follow'])
    refdomains = rows(s, '/v1/refdomains', 'refdomains', target=RIVAL)
    forum = next((d for d in refdomains if d['domain'] == 'mtbforum.net'), {})
    check('follow: refdomains agree (mtbforum.net has no followed backlink)', forum.get('follow_backlinks') == 0, forum)
    check('follow: refdomains add up to the overview', sum(d['follow_backlinks'] for d in refdomains) == o['follow']['follow'],
          refdomains)
    anchors = rows(s, '/v1/anchors', 'anchors', target=RIVAL)
    check('follow: anchors add up to the overview', sum(a['follow_backlinks'] for a in anchors) == o['follow']['follow'],
          anchors)
    nofollow = rows(s, '/v1/backlinks', 'backlinks', target=RIVAL, select='source_domain',
                    where='effective_follow:eq:nofollow')
    check('follow: the backlinks filter agrees', [b['source_domain'] for b in nofollow] == ['mtbforum.net'], nofollow)
    host = s.get(q('/v1/overview', target=RIVAL, mode='host')).json
    check('follow: the live (host mode) overview counts the same way', host['follow'] == o['follow'], host['follow'])


def referring_domain_rule(s):
    o = s.get(q('/v1/overview', target=ACME)).json
    refdomains = rows(s, '/v1/refdomains', 'refdomains', target=ACME)
    live = sum(1 for d in refdomains if d['live_backlinks'] > 0)
    check('refdomains: ever = the list', o['referring_domains'] == len(refdomains), (o['referring_domains'], len(refdomains)))
    check('refdomains: live = those with a live backlink', o['live_referring_domains'] == live, (o['live_referring_domains'], live))
    check('refdomains: lost = ever - live (gone-site.org)', o['lost_referring_domains'] == 1 and
          o['live_referring_domains'] + o['lost_referring_domains'] == o['referring_domains'], o)
    for mode, target in (('host', ACME), ('prefix', 'acme-bikes.com/')):
        live_mode = s.get(q('/v1/overview', target=target, mode=mode)).json
        check(f'refdomains: mode={mode} says live and lost the same way', live_mode['lost_referring_domains'] == 1 and
              live_mode['live_referring_domains'] == live, live_mode)


def anchor_rule(s):
    for params in ({'target': ACME}, {'target': ACME, 'mode': 'host'}):
        anchors = rows(s, '/v1/anchors', 'anchors', **params)
        keys = [a['anchor'].casefold() for a in anchors]
        check(f'anchors {params}: one row per case-folded anchor', len(keys) == len(set(keys)), anchors)
        acme = [a for a in anchors if a['anchor'].casefold() == 'acme bikes']
        # cyclingnews.co.uk and reviews-site.com say "Acme Bikes", newcomer.io "ACME BIKES"; gone-site.org is lost.
        check(f'anchors {params}: "Acme Bikes" and "ACME BIKES" are one anchor in its most common spelling',
              [(a['anchor'], a['backlinks'], a['referring_domains']) for a in acme] == [('Acme Bikes', 3, 3)], acme)
    o = s.get(q('/v1/overview', target=ACME)).json
    check('anchors: the overview\'s top anchors are the same rows', any(a['anchor'] == 'Acme Bikes' and a['backlinks'] == 3
                                                                       for a in o['top_anchors']), o['top_anchors'])


def country_rule(s):
    for params in ({'target': ACME}, {'target': ACME, 'mode': 'host'}, {'target': RIVAL}):
        o = s.get(q('/v1/overview', **params)).json
        countries = s.get(q('/v1/countries', **params)).json['countries']
        check(f'countries {params}: referring domains add up', sum(c['referring_domains'] for c in countries) ==
              o['referring_domains'], (countries, o['referring_domains']))
        check(f'countries {params}: backlinks add up', sum(c['backlinks'] for c in countries) == o['backlinks'],
              (countries, o['backlinks']))
        check(f'countries {params}: an "unknown" row for domains without a country',
              any(c['country'] == 'unknown' for c in countries), countries)


def disavow_upload_rule(s):
    text = 'domain:pbn-alpha.xyz\ndomain:pbn-beta.xyz\n# a comment\nhttps://hidden-linker.com/\n'
    path = q('/v1/disavow/parse', target=ACME)
    plain = s.post(path, text.encode(), headers={'Content-Type': 'text/plain; charset=utf-8'})
    check('disavow parse: text/plain', plain.status == 200 and plain.json['entries'] == 3 and
          plain.json['covered']['backlinks'] == 3, plain.text)
    form = s.post(path, text.encode(), headers={'Content-Type': 'application/x-www-form-urlencoded'})
    check('disavow parse: a raw body as curl --data-binary sends it', form.status == 200 and form.json == plain.json, form.text)
    boundary = uuid.uuid4().hex

    def multipart(*files):
        body = b''
        for name, content in files:
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="disavow.txt"\r\n'
                     f'Content-Type: text/plain\r\n\r\n').encode() + content.encode() + b'\r\n'
        return body + f'--{boundary}--\r\n'.encode()

    headers = {'Content-Type': f'multipart/form-data; boundary={boundary}'}
    upload = s.post(path, multipart(('file', text)), headers=headers)
    check('disavow parse: one multipart file as curl -F sends it', upload.status == 200 and upload.json == plain.json,
          upload.text)
    two = s.post(path, multipart(('a', text), ('b', text)), headers=headers)
    check('disavow parse: a multipart body that is not one file is a 415 that says what to send',
          two.status == 415 and 'exactly one file' in two.text and 'curl -F file=@disavow.txt' in two.text, two.text)
    other = s.post(path, json.dumps({'file': text}).encode(), headers={'Content-Type': 'application/json'})
    check('disavow parse: another type is a 415 that says what to send', other.status == 415 and
          other.json['error']['code'] == 'unsupported_media_type' and 'curl -F' in other.json['error']['message'], other.text)
    no_type = s.post(q('/v1/disavow/parse'), text.encode(), headers={'Content-Type': ''})
    check('disavow parse: the query string only, never the body, holds parameters', no_type.status == 200 and
          no_type.json['covered'] is None, no_type.text)


def authority_rule(s):
    r = s.post('/v1/authority', {'targets': [ACME, '', RIVAL]})
    results = r.json.get('results', []) if r.status == 200 else []
    check('authority: an empty target is one invalid entry; the rest are answered', r.status == 200 and
          [x['valid'] for x in results] == [True, False, True] and results[0]['indexed'] and results[2]['indexed'], r.text)


def explain_after_disavow(tmp, db):
    copy = os.path.join(tmp, 'disavowed.db')
    shutil.copy(db, copy)
    before = subprocess.run([BIN, 'explain', ACME, '--db', copy], capture_output=True, text=True, check=True).stdout
    check('explain: pbn-alpha.xyz counts before the disavow', 'pbn-alpha.xyz' in before.split('links that do not count')[0],
          before)
    disavow_file = os.path.join(tmp, 'disavow.txt')
    with open(disavow_file, 'w') as f:
        f.write('domain:pbn-alpha.xyz\n')
    subprocess.run([BIN, 'disavow', '--apply', disavow_file, '--target', ACME, '--db', copy], capture_output=True,
                   check=True)
    after = subprocess.run([BIN, 'explain', ACME, '--db', copy], capture_output=True, text=True, check=True).stdout
    counting, not_counting = after.split('links that do not count')
    check('explain: the disavowed domain no longer counts', 'pbn-alpha.xyz' not in counting, after)
    check('explain: its links are listed as disavowed', 'disavowed' in not_counting, after)


def ingest_output(tmp, warcs):
    out = subprocess.run([BIN, 'ingest', '--db', os.path.join(tmp, 'counts.db'), warcs[0]], capture_output=True,
                         text=True, check=True).stdout
    check('ingest: says what each link count is', 'links extracted' in out and 'distinct links' in out and
          'identical links on one page count' in out, out)


def load_schema_8(path):
    """tests/fixtures/schema-8-index.sql.gz: the fixture crawl's two snapshots as schema 8 (the last
    layout with a links table) stored them, dumped by that linklens before schema 9 replaced it."""
    with gzip.open(os.path.join(HERE, '..', 'fixtures', 'schema-8-index.sql.gz'), 'rt') as f:
        dump = f.read()
    with sqlite3.connect(path) as c:
        c.executescript(dump)
    return path


def migrated_answers_as_fresh(db, migrated, label):
    """Every endpoint (the parity test's walk, tests/support/api_exercise.py) answers from the
    migrated file as from a fresh ingest of the same crawl."""
    with Server(BIN, '--db', db) as fresh, Server(BIN, '--db', migrated) as old:
        differ, asked = [], [0]

        def ask(path, method='GET', body=None, headers=None):
            a = fresh.get(path) if method == 'GET' else fresh.post(path, body, headers=headers)
            b = old.get(path) if method == 'GET' else old.post(path, body, headers=headers)
            asked[0] += 1
            if a.status != b.status or a.raw != b.raw and (
                    'json' not in a.headers.get('Content-Type', '') or without_commit_times(a.json) != without_commit_times(b.json)):
                differ.append((path, a.raw[:200], b.raw[:200]))
            return a
        exercise_index(ask, fresh, [ACME, RIVAL, 'rival-two.com', 'gone-site.org'], deep=False)
        for target, mode in FIXTURE_MODES:
            exercise_target(ask, target, mode, backlink_fields(fresh), deep=False)
    print(f'migrate {label}: {asked[0]} answers compared with a fresh ingest, {len(differ)} differ')
    check(f'migrate {label}: all {asked[0]} answers as from a fresh ingest', not differ, differ[:3])


def migration(tmp, db, warcs):
    old8 = load_schema_8(os.path.join(tmp, 'schema-8.db'))
    old = os.path.join(tmp, 'schema-5.db')
    shutil.copy(old8, old)
    with sqlite3.connect(old) as c:  # what a schema-5 index holds: no anchor keys, no live referring domains
        c.execute('ALTER TABLE links DROP COLUMN anchor_key')
        c.execute('ALTER TABLE domain_overview DROP COLUMN live_referring_domains')
        c.execute('ALTER TABLE domain_authority DROP COLUMN index_score')  # schema 6
        c.execute('ALTER TABLE domain_authority DROP COLUMN authority_source')
        c.execute('DROP INDEX pages_subnet')  # schema 7
        c.execute('ALTER TABLE pages DROP COLUMN site_name')
        c.execute('ALTER TABLE pages DROP COLUMN application_name')
        c.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    for version, path in ((5, old), (8, old8)):
        for command in (['serve', '--db', path, '--listen', '127.0.0.1:1'], ['audit', ACME, '--db', path],
                        ['ingest', '--db', path, warcs[1]], ['explain', ACME, '--db', path]):
            r = subprocess.run([BIN, *command], capture_output=True, text=True, timeout=60)
            check(f'schema {version}: `{command[0]}` refuses it with the command to run', r.returncode != 0 and
                  f'linklens migrate --db {path}' in r.stderr, r.stderr)
        r = subprocess.run([BIN, 'migrate', '--db', path], capture_output=True, text=True, timeout=120)
        check(f'migrate: {version} -> current', r.returncode == 0 and f'from schema version {version}' in r.stdout,
              (r.stdout, r.stderr))
        r = subprocess.run([BIN, 'migrate', '--db', path], capture_output=True, text=True, timeout=120)
        check(f'migrate {version}: again is nothing to do', r.returncode == 0 and 'nothing to do' in r.stdout, r.stdout)
        migrated_answers_as_fresh(db, path, f'{version} -> current')
    with sqlite3.connect(old8) as c:
        tables = {r[0]: r[1] for r in c.execute("SELECT name, type FROM sqlite_master WHERE name IN ('links', 'link_rows')")}
    check('migrate 8: links is a view over link_rows now', tables == {'links': 'view', 'link_rows': 'table'}, tables)
    for version, path in ((5, old), (8, old8)):
        with sqlite3.connect(path) as c:
            index = c.execute("SELECT sql FROM sqlite_master WHERE name = 'anchors_by_count'").fetchone()[0]
            plan = ' '.join(r[3] for r in c.execute(
                'EXPLAIN QUERY PLAN SELECT anchor, backlinks, referring_domains, follow_backlinks FROM anchors'
                " WHERE target_domain = 'acme-bikes.com' ORDER BY backlinks DESC, anchor DESC LIMIT 10"))
        check(f'migrate {version}: a page of anchors is read from anchors_by_count alone, with no sort (schema 10)',
              'anchor DESC' in index and 'COVERING INDEX anchors_by_count' in plan and 'TEMP B-TREE' not in plan,
              (index, plan))
    # Schema 11: the tables read by domain are kept in its order (WITHOUT ROWID: one B-tree search a
    # lookup), in a migrated index as in a fresh one.
    by_domain = ('domain_overview', 'domain_changes', 'domain_authority')
    for label, path in (('migrated from 5', old), ('migrated from 8', old8), ('fresh', db)):
        with sqlite3.connect(path) as c:
            clustered = {r[1]: r[4] for r in c.execute('PRAGMA table_list') if r[1] in by_domain}
            plan = ' '.join(r[3] for r in c.execute(
                "EXPLAIN QUERY PLAN SELECT backlinks FROM domain_overview WHERE domain = 'acme-bikes.com'"))
        check(f'{label}: {", ".join(by_domain)} are WITHOUT ROWID, a lookup one search (schema 11)',
              clustered == {t: 1 for t in by_domain} and 'PRIMARY KEY' in plan and 'autoindex' not in plan,
              (clustered, plan))
    garbage = os.path.join(tmp, 'not-an-index.db')
    with open(garbage, 'wb') as f:
        f.write(b'not sqlite at all' * 100)
    r = subprocess.run([BIN, 'migrate', '--db', garbage], capture_output=True, text=True, timeout=60)
    check('migrate: a file that is not an index is an error, left as it was', r.returncode == 1 and
          open(garbage, 'rb').read() == b'not sqlite at all' * 100, r.stderr)


def main(tmp):
    db, warcs = fixture_index(BIN, tmp)
    with Server(BIN, '--db', db) as s:
        follow_rule(s)
        referring_domain_rule(s)
        anchor_rule(s)
        country_rule(s)
        disavow_upload_rule(s)
        authority_rule(s)
    explain_after_disavow(tmp, db)
    ingest_output(tmp, warcs)
    migration(tmp, db, warcs)


with tempfile.TemporaryDirectory() as tmp:
    main(tmp)
sys.exit(check.finish('one count everywhere'))
