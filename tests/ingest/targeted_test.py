#!/usr/bin/env python3
"""`linklens ingest --targets FILE`: a scan that keeps only the links to a few domains.

1. On the fixture crawl (two snapshots), a targeted index holds, for each target, exactly the
   backlinks a full index holds (same ids, pages, anchors, first and last seen, lost in), new and
   lost links included, and no link to anything else; its pages are the pages that hold them, with
   their count of external links as the full index has it (the audit's link-farm signal).
2. The same targets from "targets" in a config file (a list, or a file's path) give the same index.
3. Among several files one that cannot be read (not a WARC) is reported and skipped: exit status
   3, the others' links stored.
4. A scan killed part-way (SIGKILL, after its first file is committed) resumes when run again with
   the same --crawl NAME: the files already stored are skipped, and the result equals a scan that
   was never interrupted.
5. A targets file with a line that is not a domain is refused with the line's number.

Usage: targeted_test.py LINKLENS_BINARY SHARED_DATA_DIR
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'support'))
from checks import Checks  # noqa: E402
from fixture_index import make_fixture_crawl  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
GENERATOR = os.path.join(os.path.dirname(BIN), '..', 'bench', 'generate_warc')
check = Checks()
TARGETS = ['acme-bikes.com', 'rival-one.com']
LINK_FIELDS = ('id, source_id IS NOT NULL, target_url, anchor, href, rel, follow, effective_follow, kind, placement,'
               ' context, first_seen, last_seen, lost_in, hidden, position, weight')


def run(*args, expect=0):
    r = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=600)
    check(f'exit status of {" ".join(args[:6])} is {expect}', r.returncode == expect, r.stdout[-600:] + r.stderr[-600:])
    return r


def rows(db, sql, *params):
    with sqlite3.connect(db) as c:
        return c.execute(sql, params).fetchall()


def backlinks(db, domains):
    marks = ','.join('?' * len(domains))
    return rows(db, f'SELECT {LINK_FIELDS} FROM links WHERE target_domain IN ({marks}) ORDER BY id', *domains)


def same_as_full(label, targeted, full, domains):
    a, b = backlinks(targeted, domains), backlinks(full, domains)
    check(f'{label}: the same {len(b)} backlinks as the full index', a == b and len(b) > 0, (len(a), len(b)))
    others = rows(targeted, f'SELECT count(*) FROM links WHERE target_domain NOT IN ({",".join("?" * len(domains))})',
                  *domains)[0][0]
    check(f'{label}: no link to any other domain', others == 0, others)
    pages = rows(targeted, 'SELECT url, external_links, link_count, status, title FROM pages ORDER BY url')
    holders = {r[0] for r in rows(targeted, 'SELECT DISTINCT p.url FROM links l JOIN pages p ON p.id = l.source_id')}
    check(f'{label}: every page holds (or held) a link to a target', {p[0] for p in pages} == holders,
          sorted({p[0] for p in pages} ^ holders)[:5])
    full_pages = {r[0]: r for r in rows(full, 'SELECT url, external_links, link_count, status, title FROM pages')}
    differ = [p for p in pages if full_pages.get(p[0]) != p]
    check(f'{label}: its pages have the full index\'s facts and external link counts', not differ, differ[:3])


def fixture(tmp):
    warcs = make_fixture_crawl(os.path.join(tmp, 'crawl'))
    targets = os.path.join(tmp, 'targets.txt')
    with open(targets, 'w') as f:
        f.write('# my site and a rival\nacme-bikes.com\n\nhttps://www.rival-one.com/pricing\n')
    full, targeted = os.path.join(tmp, 'full.db'), os.path.join(tmp, 'targeted.db')
    for n, warc in enumerate(warcs, 1):
        run('ingest', '--quiet', '--db', full, '--crawl', f's{n}', warc)
        out = run('ingest', '--db', targeted, '--targets', targets, '--crawl', f's{n}', warc).stdout
        check(f'snapshot {n}: the output says what was kept', 'links to 2 domains kept' in out, out)
    same_as_full('fixture, 2 snapshots', targeted, full, TARGETS)
    lost = rows(targeted, 'SELECT count(*) FROM links WHERE lost_in = 2')[0][0]
    check('links lost in the second crawl are seen', lost > 0, lost)

    for label, value in (('a list', TARGETS), ('a file', targets)):
        config = os.path.join(tmp, f'config-{len(label)}.json')
        db = os.path.join(tmp, f'config-{len(label)}.db')
        with open(config, 'w') as f:
            json.dump({'db': db, 'targets': value}, f)
        for n, warc in enumerate(warcs, 1):
            run('ingest', '--quiet', '--config', config, '--crawl', f's{n}', warc)
        check(f'"targets" in the config as {label}: the same backlinks', backlinks(db, TARGETS) == backlinks(targeted, TARGETS))

    bad = os.path.join(tmp, 'not-a-warc.warc.gz')
    with open(bad, 'wb') as f:
        f.write(b'\x1f\x8b' + os.urandom(4000))
    junk = os.path.join(tmp, 'junk.warc')
    with open(junk, 'w') as f:
        f.write('not a WARC file\n' * 100)
    db = os.path.join(tmp, 'with-bad-files.db')
    r = run('ingest', '--db', db, '--targets', targets, '--crawl', 's1', warcs[0], bad, junk, expect=3)
    check('each unreadable file is named with why', 'skipped ' + bad in r.stdout and 'skipped ' + junk in r.stdout, r.stdout)
    full1 = os.path.join(tmp, 'full-1.db')
    run('ingest', '--quiet', '--db', full1, '--crawl', 's1', warcs[0])
    same_as_full('beside two unreadable files', db, full1, TARGETS)

    wrong = os.path.join(tmp, 'wrong-targets.txt')
    with open(wrong, 'w') as f:
        f.write('acme-bikes.com\nnot a domain at all\n')
    r = run('ingest', '--db', os.path.join(tmp, 'never.db'), '--targets', wrong, warcs[0], expect=1)
    check('a targets line that is not a domain is named by its number', 'line 2' in r.stderr, r.stderr)


def resumed_scan(tmp):
    """Three generated files; the scan is killed once the first is committed, then run again."""
    files = []
    for seed in (21, 22, 23):
        path = os.path.join(tmp, f'generated-{seed}.warc.gz')
        subprocess.run([GENERATOR, '--pages', '2500', '--seed', str(seed), '--out', path], check=True, capture_output=True)
        files.append(path)
    probe = os.path.join(tmp, 'probe.db')
    run('ingest', '--quiet', '--no-rank', '--db', probe, files[0])
    top = [r[0] for r in rows(probe, "SELECT target_domain, count(*) FROM links WHERE scope = 'external'"
                                      ' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3')]
    targets = os.path.join(tmp, 'generated-targets.txt')
    with open(targets, 'w') as f:
        f.write('\n'.join(top) + '\n')
    clean, resumed = os.path.join(tmp, 'clean.db'), os.path.join(tmp, 'resumed.db')
    run('ingest', '--quiet', '--db', clean, '--targets', targets, '--crawl', 'scan', *files)
    scan = subprocess.Popen([BIN, 'ingest', '--quiet', '--db', resumed, '--targets', targets, '--crawl', 'scan', *files],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killed, deadline = False, time.time() + 120
    while time.time() < deadline and scan.poll() is None:
        try:
            done = rows(resumed, 'SELECT count(*) FROM scanned_files')[0][0]
        except sqlite3.Error:
            done = 0
        if done >= 1:
            scan.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.01)
    scan.wait(timeout=60)
    scan.stdout.close()
    scan.stderr.close()
    if not killed:
        print('  (the scan finished before it could be killed: the resume is checked on a finished scan)')
    stored = rows(resumed, 'SELECT count(*) FROM scanned_files')[0][0]
    check('the killed scan kept the files it had committed', stored >= 1, stored)
    r = run('ingest', '--db', resumed, '--targets', targets, '--crawl', 'scan', *files)
    check('run again, it skips the files already stored', f'{stored} already in this snapshot' in r.stdout, r.stdout)
    check('the resumed scan equals one never interrupted', backlinks(resumed, top) == backlinks(clean, top)
          and len(backlinks(clean, top)) > 0, (len(backlinks(resumed, top)), len(backlinks(clean, top))))
    o1 = rows(clean, 'SELECT * FROM domain_overview ORDER BY domain')
    o2 = rows(resumed, 'SELECT * FROM domain_overview ORDER BY domain')
    check('... and its overview figures too', o1 == o2, (o1[:2], o2[:2]))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        fixture(tmp)
        resumed_scan(tmp)
    return check.finish('ingest.targeted')


if __name__ == '__main__':
    sys.exit(main())
