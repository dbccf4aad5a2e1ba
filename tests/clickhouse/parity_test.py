#!/usr/bin/env python3
"""The ClickHouse backend against the SQLite one, over real HTTP, with two real ClickHouse shards
(clickhouse-server processes on 127.0.0.1, stopped by PID):

1. Parity: the same crawls ingested into a SQLite file and into the cluster (`linklens ingest
   --store clickhouse://...`, ranked in both) give the same answer, byte for byte once parsed, at
   every endpoint: every target mode, list orders in both directions, pages of 3 walked by cursor,
   select of every field, where filters, CSV, audit, disavow, gap and the authority batch. Once
   on the project's fixture crawl (two snapshots: new and lost links) and once on the real WARC
   samples in ../shared/data/warc.
2. Values are data, never SQL: targets and filters carrying quotes, backslashes and comment
   markers are answered as on SQLite (no backlinks, or the same 400).
3. A shard killed part-way through an ingest: the ingest fails with a clear message, and once the
   shard is back the API serves exactly what it served before (nothing half-written is read);
   ingesting again then succeeds and parity holds.

Usage: parity_test.py LINKLENS_BINARY SHARED_DATA_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from api_exercise import (FIXTURE_MODES, backlink_fields, exercise_index, exercise_target, q, top_targets,  # noqa: E402
                          without_commit_times)
from api_server import Server  # noqa: E402
from checks import Checks  # noqa: E402
from clickhouse_cluster import ClickHouseCluster, available  # noqa: E402
from fixture_index import make_fixture_crawl  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = sys.argv[2] if len(sys.argv) > 2 else ''
GENERATOR = os.path.join(os.path.dirname(BIN), '..', 'bench', 'generate_warc')
check = Checks()
compared = [0]


CONFIG = []


def serve(*args):
    """A server without an access log (its stderr is a pipe nobody reads) or a rate limit (thousands
    of requests in a row)."""
    return Server(BIN, *args, '--config', CONFIG[0])


def ingest(store, warc, crawl, *extra):
    r = subprocess.run([BIN, 'ingest', '--quiet', '--store', store, '--crawl', crawl, *extra, warc],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f'ingest {crawl} into {store} failed: {r.stderr}')
    return r.stdout


def watches_alike(base_url, tmp, warcs):
    """A watch on each backend (the cluster's state database named with --state): the second
    snapshot's ingest writes the same alerts on both, and they are what /v1/compare answers."""
    digest_key = subprocess.run([BIN, 'hash-key', '--new'], capture_output=True, text=True, check=True).stdout.split('\n')
    key, digest = digest_key[0].split()[1], digest_key[1].split()[1]
    config = os.path.join(tmp, 'watch-serve.json')
    with open(config, 'w') as f:
        json.dump({'access_log': '', 'api_keys': [{'name': 'alice', 'sha256': digest}]}, f)
    sq_db, ch_store = os.path.join(tmp, 'watch', 'index.db'), base_url + '/linklens_watch'
    os.makedirs(os.path.dirname(sq_db))
    states = {'sqlite': os.path.join(tmp, 'watch', 'linklens-state.db'), 'clickhouse': os.path.join(tmp, 'watch', 'ch-state.db')}
    locations = {'sqlite': ['--db', sq_db], 'clickhouse': ['--store', ch_store]}
    alerts = {}
    for name, where in locations.items():
        subprocess.run([BIN, 'ingest', '--quiet', *where, '--crawl', 'fixture-1', warcs[0]], check=True, capture_output=True)
        with Server(BIN, *where, '--state', states[name], '--config', config) as s:
            made = s.post('/v1/watches', {'target': 'acme-bikes.com', 'report': ['new_links', 'lost_links', 'new_domains',
                                                                                  'lost_domains']},
                          headers={'Authorization': f'Bearer {key}'})
            check(f'{name}: a watch is made', made.status == 201, made.text[:300])
        out = subprocess.run([BIN, 'ingest', *where, '--state', states[name], '--crawl', 'fixture-2', warcs[1]],
                             capture_output=True, text=True)
        check(f'{name}: the ingest writes the alerts', out.returncode == 0 and 'alerts for the watches' in out.stdout,
              out.stdout[-300:] + out.stderr[-300:])
        with Server(BIN, *where, '--state', states[name], '--config', config) as s:
            got = s.get('/v1/alerts?watch=1&since=0&limit=1000', headers={'Authorization': f'Bearer {key}'}).json['alerts']
            alerts[name] = sorted((a['kind'], json.dumps(a['data'], sort_keys=True)) for a in got)
            c = s.get('/v1/compare?target=acme-bikes.com').json
            check(f'{name}: the alerts are what /v1/compare answers',
                  sorted(a[1] for a in alerts[name] if a[0] == 'link_new') ==
                  sorted(json.dumps(x, sort_keys=True) for x in c['links']['gained_list']) and
                  sorted(a[1] for a in alerts[name] if a[0] == 'link_lost') ==
                  sorted(json.dumps(x, sort_keys=True) for x in c['links']['lost_list']), (alerts[name], c))
    check('the same alerts from SQLite and ClickHouse', alerts['sqlite'] == alerts['clickhouse'] and alerts['sqlite'],
          alerts)


def body_of(answer):
    ctype = answer.headers.get('Content-Type', '')
    if 'json' in ctype:
        return without_commit_times(answer.json)
    return answer.text


def same(sq, ch, path, method='GET', body=None, headers=None):
    a = sq.get(path) if method == 'GET' else sq.post(path, body, headers=headers)
    b = ch.get(path) if method == 'GET' else ch.post(path, body, headers=headers)
    compared[0] += 1
    ok = a.status == b.status and body_of(a) == body_of(b) and a.headers.get('X-Next-Cursor') == b.headers.get('X-Next-Cursor')
    if not ok:
        da, db = json.dumps(body_of(a))[:600], json.dumps(body_of(b))[:600]
        check(f'{method} {path} same on both backends', False, f'\n  sqlite     {a.status} {da}\n  clickhouse {b.status} {db}')
    else:
        check(f'{method} {path}', True)
    return a


def compare_target(sq, ch, target, mode, fields, deep):
    unfinished = exercise_target(lambda *a, **k: same(sq, ch, *a, **k), target, mode, fields, deep)
    check(f'{target} {mode}: every cursor walk ends within 200 pages', not unfinished, unfinished)


def compare_index(sq, ch, targets, label, deep):
    unfinished = exercise_index(lambda *a, **k: same(sq, ch, *a, **k), sq, targets, deep)
    check(f'{label}: every cursor walk ends within 200 pages', not unfinished, unfinished)
    print(f'{label}: {compared[0]} answers compared so far')


def injections(sq, ch):
    nasty = ["x.com' OR 1=1 --", "acme-bikes.com' OR '1'='1", "acme-bikes.com\\' --", "a.com\"; DROP TABLE pages; --"]
    for t in nasty:
        a = same(sq, ch, q('/v1/overview', target=t))
        check(f'target {t!r} is refused or unknown, never an error', a.status in (200, 400), a.status)
    for t in ["https://acme-bikes.com/shop' OR '1'='1", "https://acme-bikes.com/a\\'b", "https://acme-bikes.com/x'--"]:
        a = same(sq, ch, q('/v1/backlinks', target=t, mode='prefix'))
        check(f'prefix {t!r}: no backlinks', a.status == 200 and a.json['backlinks'] == [], a.raw[:200])
    for w in ["anchor:eq:x' OR 1=1 --", "anchor:contains:'", "anchor:contains:\\", "anchor:prefix:\\'", "anchor:in:a'|b\\",
              "source_domain:eq:') UNION ALL SELECT 1 --"]:
        a = same(sq, ch, q('/v1/backlinks', target='acme-bikes.com', where=w))
        check(f'where {w!r}: answered, no rows', a.status == 200 and a.json['backlinks'] == [], a.raw[:200])
    same(sq, ch, '/v1/authority', 'POST', {'targets': ["x.com' OR 1=1 --", "acme-bikes.com", "'", "\\"]})


def links_rank(cluster, database):
    """The newest publication's links_rank: the link_current_local partition per-target reads use (0: none)."""
    return int(cluster.query(0, f'SELECT links_rank FROM {database}.publications ORDER BY seq DESC LIMIT 1').strip())


def current_links_alike(cluster, sq, ch, fx_db, fx_store, warc, database):
    """Per-target reads come from link_current_local after a rank, and from the events when an ingest
    published without ranking; both answer as SQLite does, and a rank brings the table back."""
    ranked = links_rank(cluster, database)
    check('a ranked ingest publishes a link_current_local partition', ranked > 0, ranked)
    for shard in range(2):
        rows = int(cluster.query(shard, f'SELECT count() FROM {database}.link_current_local WHERE rank = {ranked}').strip())
        check(f'shard {shard + 1} holds current links of that rank', rows > 0, rows)
    paths = [q('/v1/overview', target='acme-bikes.com'), q('/v1/backlinks', target='acme-bikes.com', limit=1000),
             q('/v1/refdomains', target='acme-bikes.com'), q('/v1/anchors', target='rival-one.com'),
             q('/v1/history', target='acme-bikes.com'), q('/v1/backlinks', target='acme-bikes.com', mode='domain',
                                                         one_per_domain='true')]
    ingest(fx_db, warc, 'fixture-3', '--no-rank')
    ingest(fx_store, warc, 'fixture-3', '--no-rank')
    check('an ingest without rank publishes no current links', links_rank(cluster, database) == 0,
          links_rank(cluster, database))
    # Not refdomains: SQLite's is a query table that only rank rebuilds (ClickHouse's events say
    # the new last_seen at once); after the rank below both say it.
    for path in paths:
        if not path.startswith('/v1/refdomains'):
            same(sq, ch, path)
    for store_args in (['--db', fx_db], ['--store', fx_store]):
        r = subprocess.run([BIN, 'rank', *store_args], capture_output=True, text=True)
        check(f'rank {store_args[0]}', r.returncode == 0, r.stderr)
    check('rank publishes current links again', links_rank(cluster, database) > ranked, links_rank(cluster, database))
    for path in paths:
        same(sq, ch, path)
    # A database written before publications had latest_snapshot and links_rank: a server reads it
    # the old way (from the events), and the next writer adds the columns back.
    for shard in range(2):
        cluster.query(shard, f'ALTER TABLE {database}.publications DROP COLUMN latest_snapshot, DROP COLUMN links_rank')
    with serve('--store', fx_store) as older:
        for path in paths:
            same(sq, older, path)
        r = subprocess.run([BIN, 'rank', '--store', fx_store], capture_output=True, text=True)
        subprocess.run([BIN, 'rank', '--db', fx_db], capture_output=True, text=True, check=True)
        check('a writer adds the publication columns to an older database',
              r.returncode == 0 and links_rank(cluster, database) > 0, r.stderr)
        # The server that started on the older database reads the tables now, and answers alike.
        for path in paths:
            same(sq, older, path)
    with serve('--store', fx_store) as upgraded:
        for path in paths:
            same(sq, upgraded, path)


def pages_rows(cluster, shard, database):
    try:
        return int(cluster.query(shard, f'SELECT count() FROM {database}.pages_local').strip() or 0)
    except OSError:
        return -1


def shard_killed_mid_ingest(cluster, tmp, sqlite_db, ch_store, database):
    warc = os.path.join(tmp, 'generated.warc.gz')
    subprocess.run([GENERATOR, '--pages', '3000', '--seed', '7', '--out', warc], check=True, capture_output=True)
    probes = [q('/v1/overview', target='acme-bikes.com'), q('/v1/backlinks', target='acme-bikes.com', limit=1000),
              q('/v1/refdomains', target='acme-bikes.com'), q('/v1/history', target='acme-bikes.com')]
    with serve('--store', ch_store) as ch:
        before = [ch.get(p).json for p in probes]
    baseline = pages_rows(cluster, 0, database)
    ingest_run = subprocess.Popen([BIN, 'ingest', '--quiet', '--store', ch_store, '--crawl', 'generated', '--batch-pages', '50', warc],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = False
    deadline = time.time() + 120
    while time.time() < deadline and ingest_run.poll() is None:
        if pages_rows(cluster, 0, database) > baseline:  # a batch has landed on shard 1
            cluster.kill_shard(1)
            killed = True
            break
        time.sleep(0.02)
    out, err = ingest_run.communicate(timeout=300)
    check('shard 2 was killed while the ingest was writing', killed, 'the ingest ended first')
    check('the ingest fails when a shard dies', ingest_run.returncode != 0, out)
    check('its message names the shard that stopped answering', 'shard 2 (127.0.0.1:' in err and 'does not answer' in err, err)
    check('... and that the index was left as it was', 'left as it was' in err, err)
    print('  the failed ingest said:', err.strip().splitlines()[0][:300] if err.strip() else '(nothing)')
    cluster.start_shard(1)
    with serve('--store', ch_store) as ch:
        after = [ch.get(p).json for p in probes]
    for p, a, b in zip(probes, before, after):
        check(f'after the failed ingest {p} is what it was', a == b, f'{json.dumps(a)[:300]} / {json.dumps(b)[:300]}')
    # Recovery: the same crawl again, into both backends; parity holds with the bigger index.
    ingest(ch_store, warc, 'generated')
    ingest(sqlite_db, warc, 'generated')
    with serve('--db', sqlite_db) as sq, serve('--store', ch_store) as ch:
        targets = top_targets(sqlite_db, 4)
        compare_index(sq, ch, targets + ['acme-bikes.com'], 'after recovery', deep=False)


def main():
    if not available():
        if os.environ.get('CI'):
            print('FAIL: clickhouse-server is not installed (scripts/install-deps.sh installs it)')
            return 1
        print('SKIPPED: clickhouse-server is not installed (apt-get install clickhouse-server); ClickHouse parity not tested')
        return 0
    with tempfile.TemporaryDirectory() as tmp, ClickHouseCluster(os.path.join(tmp, 'clickhouse'), shards=2) as cluster:
        base_url = cluster.url.rsplit('/', 1)[0]
        CONFIG.append(os.path.join(tmp, 'serve.json'))
        with open(CONFIG[0], 'w') as f:
            json.dump({'access_log': '', 'anonymous_rate_per_second': 1000000, 'anonymous_burst': 1000000}, f)
        fx_db, fx_store = os.path.join(tmp, 'fixture.db'), base_url + '/linklens_fixture'
        warcs = make_fixture_crawl(os.path.join(tmp, 'crawl'))
        for n, warc in enumerate(warcs, 1):
            ingest(fx_db, warc, f'fixture-{n}')
            ingest(fx_store, warc, f'fixture-{n}')
        for shard in range(2):
            rows = int(cluster.query(shard, 'SELECT count() FROM linklens_fixture.link_events_local').strip())
            check(f'shard {shard + 1} holds link events (the Distributed table spread them)', rows > 0, rows)
        with serve('--db', fx_db) as sq, serve('--store', fx_store) as ch:
            targets = top_targets(fx_db, 8)
            if 'acme-bikes.com' not in targets:
                targets.insert(0, 'acme-bikes.com')
            compare_index(sq, ch, targets, 'fixture', deep=True)
            fields = backlink_fields(sq)
            for target, mode in FIXTURE_MODES:
                compare_target(sq, ch, target, mode, fields, deep=True)
            injections(sq, ch)
            # The same crawl ingested again into its own snapshot changes no answer on either backend.
            before = [ch.get(p).json for p in (q('/v1/overview', target='acme-bikes.com'), q('/v1/history', target='acme-bikes.com'))]
            ingest(fx_db, warcs[1], 'fixture-2')
            ingest(fx_store, warcs[1], 'fixture-2')
            after = [ch.get(p).json for p in (q('/v1/overview', target='acme-bikes.com'), q('/v1/history', target='acme-bikes.com'))]
            check('re-ingesting a snapshot changes no ClickHouse answer', without_commit_times(before) == without_commit_times(after),
                  (before, after))
            for path in (q('/v1/overview', target='acme-bikes.com'), q('/v1/history', target='acme-bikes.com'),
                         q('/v1/backlinks', target='acme-bikes.com', limit=1000), q('/v1/pages', target='acme-bikes.com')):
                same(sq, ch, path)
            # The CLI reads either backend too; a disavow file applied to both re-ranks both alike.
            for command in (['audit', 'acme-bikes.com'], ['gap', 'acme-bikes.com', 'rival-one.com', 'rival-two.com'],
                            ['disavow', 'acme-bikes.com', '--min-score', '25']):
                a = subprocess.run([BIN, *command, '--db', fx_db], capture_output=True, text=True)
                b = subprocess.run([BIN, *command, '--store', fx_store], capture_output=True, text=True)
                check(f'linklens {" ".join(command)}: same output from both backends',
                      a.returncode == b.returncode == 0 and a.stdout == b.stdout and a.stdout, (a.stdout[:300], b.stdout[:300], b.stderr))
            disavow_file = os.path.join(tmp, 'disavow.txt')
            with open(disavow_file, 'w') as f:
                f.write(subprocess.run([BIN, 'disavow', 'acme-bikes.com', '--min-score', '25', '--db', fx_db],
                                       capture_output=True, text=True, check=True).stdout)
            for store_args in (['--db', fx_db], ['--store', fx_store]):
                r = subprocess.run([BIN, 'disavow', '--apply', disavow_file, '--target', 'acme-bikes.com', *store_args],
                                   capture_output=True, text=True)
                check(f'disavow --apply {store_args[0]}', r.returncode == 0 and 'applied' in r.stdout, r.stderr)
            for path in (q('/v1/overview', target='acme-bikes.com'), q('/v1/audit', target='acme-bikes.com'),
                         q('/v1/backlinks', target='acme-bikes.com', limit=1000), q('/v1/refdomains', target='rival-one.com')):
                same(sq, ch, path)
            lowered = sq.get(q('/v1/overview', target='acme-bikes.com'))
            check('the applied file lowered acme-bikes.com on both', lowered.json['authority_score'] < 95.5,
                  (lowered.json['authority_score'], lowered.headers.get('X-Linklens-Cache')))
            current_links_alike(cluster, sq, ch, fx_db, fx_store, warcs[1], 'linklens_fixture')

        real = os.path.join(DATA, 'warc')
        if os.path.isdir(real):
            real_db, real_store = os.path.join(tmp, 'real.db'), base_url + '/linklens_real'
            ingest(real_db, real, 'real-1')
            ingest(real_store, real, 'real-1')
            with serve('--db', real_db) as sq, serve('--store', real_store) as ch:
                compare_index(sq, ch, top_targets(real_db, 10), 'real WARC samples', deep=False)
        else:
            print(f'SKIPPED: {real} is missing (the real data in ../shared/data); parity on real crawls not tested')

        watches_alike(base_url, tmp, warcs)
        shard_killed_mid_ingest(cluster, tmp, fx_db, fx_store, 'linklens_fixture')
    print(f'parity: {compared[0]} answers compared between SQLite and a 2-shard ClickHouse cluster')
    return check.finish('clickhouse.parity')


if __name__ == '__main__':
    sys.exit(main())
