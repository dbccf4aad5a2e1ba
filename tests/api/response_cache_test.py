#!/usr/bin/env python3
"""The server's response cache, over real HTTP on 127.0.0.1: a repeated lookup is answered from
memory with the same bytes (and headers) as the first, and never after the files it was read
from changed: a second snapshot ingested into the served index (directly, or through a symlink),
a ranks release imported, or the index swapped for another file. The anchors (which read the user's brand terms) are never
kept, and "response_cache_mb": 0 turns the cache off. Every answer is compared with a server
that keeps nothing.
Usage: response_cache_test.py LINKLENS_BINARY
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from api_server import Server  # noqa: E402
from checks import Checks  # noqa: E402
from fixture_index import ingest, make_fixture_crawl  # noqa: E402

BIN = sys.argv[1]
check = Checks()
TARGET = 'acme-bikes.com'
READS = [f'/v1/overview?target={TARGET}', f'/v1/backlinks?target={TARGET}&limit=3',
         f'/v1/backlinks?target={TARGET}&limit=2&format=csv', f'/v1/refdomains?target={TARGET}',
         f'/v1/history?target={TARGET}', f'/v1/authority-history?target={TARGET}']
BATCH = {'targets': [TARGET, 'www.acme-bikes.com', 'https://acme-bikes.com/x', 'unknown.example', '', 'not a domain']}


def config(tmp, name, **values):
    path = os.path.join(tmp, f'{name}.json')
    with open(path, 'w') as f:
        json.dump(dict(access_log='', **values), f)
    return path


def same(a, b):
    """Two answers alike: status, body and the handler's own headers."""
    return a.status == b.status and a.raw == b.raw and a.headers.get('X-Next-Cursor') == b.headers.get('X-Next-Cursor')


def kept_again(server, when):
    """Once the server has the changed file open, its answers are kept again (the token is read
    through SQLite's own descriptors: an answer read while opening a swapped-in file is not kept)."""
    answers = [server.get(READS[0]).headers.get('X-Linklens-Cache') for _ in range(3)]
    check(f'{when}: kept again', answers[-1] == 'hit', answers)


def compare_all(cached, fresh, when):
    """Every read twice from the caching server (the second from memory) against the fresh one."""
    for path in READS:
        first, second, truth = cached.get(path), cached.get(path), fresh.get(path)
        check(f'{when}: {path} is right', same(first, truth), (first.raw[:200], truth.raw[:200]))
        check(f'{when}: {path} again, from memory', second.headers.get('X-Linklens-Cache') == 'hit' and same(second, truth),
              (second.headers.get('X-Linklens-Cache'), second.raw[:200]))
    first, second, truth = cached.post('/v1/authority', BATCH), cached.post('/v1/authority', BATCH), fresh.post('/v1/authority', BATCH)
    check(f'{when}: the authority batch is right, twice', same(first, truth) and same(second, truth), (second.raw[:300], truth.raw[:300]))
    # A batch of kept results and new ones, interleaved and repeated: each keeps its place.
    mixed = {'targets': ['new-one.example', BATCH['targets'][2], 'new-two.example', BATCH['targets'][0], '',
                         'new-one.example', BATCH['targets'][0], 'rival-one.com']}
    first, truth = cached.post('/v1/authority', mixed), fresh.post('/v1/authority', mixed)
    check(f'{when}: a batch of kept and new results is right', same(first, truth), (first.raw[:300], truth.raw[:300]))


def main(tmp):
    warcs = make_fixture_crawl(os.path.join(tmp, 'crawl'))
    served = os.path.join(tmp, 'served.db')
    ingest(BIN, served, warcs[0], crawl='fixture-1')
    keep = config(tmp, 'keep')
    off = config(tmp, 'off', response_cache_mb=0)
    with Server(BIN, '--db', served, '--config', keep) as cached, Server(BIN, '--db', served, '--config', off) as fresh:
        first = cached.get(READS[0])
        check('a first lookup is read from the index', first.headers.get('X-Linklens-Cache') == 'miss', dict(first.headers))
        compare_all(cached, fresh, 'one snapshot')
        anchors = cached.get(f'/v1/anchors?target={TARGET}')
        check('anchors are never kept (they read the brand terms)', anchors.status == 200 and
              'X-Linklens-Cache' not in anchors.headers, dict(anchors.headers))
        check('a cache of 0 MB keeps nothing', 'X-Linklens-Cache' not in fresh.get(READS[0]).headers)
        before = cached.get(READS[0]).raw

        # A second snapshot ingested (and ranked) into the served file, in place.
        ingest(BIN, served, warcs[1], crawl='fixture-2')
        after = cached.get(READS[0])
        check('after an ingest into the served index: read again, and different', after.headers.get('X-Linklens-Cache') != 'hit'
              and after.raw != before, after.raw[:200])
        compare_all(cached, fresh, 'two snapshots')

    # A ranks file (a one-line excerpt of a release) beside the index, then a second release.
    ranks_txt = os.path.join(tmp, 'ranks.txt')
    with open(ranks_txt, 'w') as f:
        f.write('#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev\t#n_hosts\n1\t1.0E7\t1\t0.01\tcom.acme-bikes\t3\n')
    ranks = os.path.join(tmp, 'ranks.db')
    subprocess.run([BIN, 'import-ranks', '--ranks', ranks, '--release', 'r1', '--date', '2026-01', '--nodes', '1000',
                    '--excerpt', ranks_txt], check=True, capture_output=True)
    keep_ranks = config(tmp, 'keep-ranks', ranks=ranks)
    off_ranks = config(tmp, 'off-ranks', ranks=ranks, response_cache_mb=0)
    with Server(BIN, '--db', served, '--config', keep_ranks) as cached, Server(BIN, '--db', served, '--config', off_ranks) as fresh:
        compare_all(cached, fresh, 'ranks r1')
        before = cached.get(READS[0]).json
        with open(ranks_txt, 'w') as f:
            f.write('#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev\t#n_hosts\n900\t1.0E3\t900\t0.0001\tcom.acme-bikes\t3\n')
        subprocess.run([BIN, 'import-ranks', '--ranks', ranks, '--release', 'r2', '--date', '2026-02', '--nodes', '1000',
                        '--excerpt', ranks_txt], check=True, capture_output=True)
        after = cached.get(READS[0])
        check('after a ranks import: read again, with the new release', after.headers.get('X-Linklens-Cache') != 'hit' and
              before['authority_source'] == 'commoncrawl:r1' and after.json['authority_source'] == 'commoncrawl:r2',
              (before['authority_source'], after.json['authority_source']))
        compare_all(cached, fresh, 'ranks r2')

    # A served path that is a symlink (docs/http-api.md's swap): SQLite keeps -wal and -shm beside
    # the file it names. An ingest through the link is seen.
    target = os.path.join(tmp, 'linked.db')
    ingest(BIN, target, warcs[0], crawl='fixture-1')
    linked = os.path.join(tmp, 'linked-path.db')
    os.symlink(target, linked)
    with Server(BIN, '--db', linked, '--config', keep) as cached:
        before = cached.get(READS[0])
        again = cached.get(READS[0])
        check('through a symlink: kept', again.headers.get('X-Linklens-Cache') == 'hit' and again.raw == before.raw)
        ingest(BIN, linked, warcs[1], crawl='fixture-2')
        after = cached.get(READS[0])
        with Server(BIN, '--db', linked, '--config', off) as fresh:
            check('through a symlink: an ingest through the link is seen', after.headers.get('X-Linklens-Cache') != 'hit'
                  and after.raw != before.raw and same(after, fresh.get(READS[0])), after.raw[:200])
        kept_again(cached, 'through a symlink, after the ingest')

    # The served path swapped for another index file (a new inode under the same name).
    other = os.path.join(tmp, 'other.db')
    ingest(BIN, other, warcs[1], crawl='only-2')
    link = os.path.join(tmp, 'link.db')
    os.symlink(served, link)
    with Server(BIN, '--db', link, '--config', keep) as cached:
        cached.get(READS[0])
        os.replace(os.path.join(tmp, 'link.db'), os.path.join(tmp, 'old-link.db'))
        os.symlink(other, link)
        swapped = cached.get(READS[0])
        with Server(BIN, '--db', other, '--config', off) as fresh:
            check('after a swap: the new file is read', swapped.headers.get('X-Linklens-Cache') != 'hit' and
                  same(swapped, fresh.get(READS[0])), swapped.raw[:200])
        kept_again(cached, 'after a swap')


tmp = tempfile.mkdtemp(prefix='linklens-cache-')
try:
    main(tmp)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
sys.exit(check.finish('api response cache'))
