#!/usr/bin/env python3
"""End-to-end tests of `linklens ingest` into a real SQLite file.

1. Real data: every WARC/WAT under ../shared/data/warc. The pages and statuses in the index must
   match an independent WARC reader (tests/differential/pages.py); hand-checked examples hold.
2. Re-ingesting the same files (a second snapshot) doubles nothing: no new links, no lost links.
3. WAT against WARC: the Common Crawl 2014 triple has both; their A-link targets must agree.
4. New and lost links across two crawls of a local fixture site written by `wget --warc-file`
   (served on 127.0.0.1 by python's http.server, stopped by its PID).
5. Crash safety: an ingest killed part-way (SIGKILL) leaves the index exactly as it was.
6. Bad input: truncated gzip, junk, missing paths: clear messages, right exit codes; a file that
   is not whole fails the run and leaves the index as it was.
7. A full disk is named as the cause and leaves the index as it was (root only: an 8 MB tmpfs).

Usage: ingest_test.py LINKLENS_BINARY DATA_DIR
Prints "ingest: N passed, N failed".
"""
import contextlib
import gzip
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from checks import Checks, free_port, wait_for_port  # noqa: E402
from fixture_index import make_fixture_crawl  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'differential'))
import pages as warc_pages  # noqa: E402

BIN, DATA = sys.argv[1], sys.argv[2]
check = Checks()


def ingest(db, *inputs, crawl=None, expect=0):
    cmd = [BIN, 'ingest', '--db', db, '--quiet'] + (['--crawl', crawl] if crawl else []) + list(inputs)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != expect:
        check(f'exit code of {" ".join(cmd[1:])}', False, f'{r.returncode}, want {expect}: {r.stdout}{r.stderr}')
    return r


def query(db, sql, *args):
    with contextlib.closing(sqlite3.connect(db)) as c:  # closed: the disk test unmounts its folder
        return c.execute(sql, args).fetchall()



def real_data(tmp):
    warc_dir = os.path.join(DATA, 'warc')
    if not os.path.isdir(warc_dir):
        print(f'SKIPPED: {warc_dir} is missing (the real data in ../shared/data)')
        return
    db = os.path.join(tmp, 'real.db')
    r = ingest(db, warc_dir, crawl='first')
    print(r.stdout.strip())
    # 1. Pages and statuses against the independent reader (HTML responses it decodes).
    expected = {}
    for root, _, files in os.walk(warc_dir):
        for n in files:
            if n.endswith(('.warc', '.warc.gz')):
                for headers, block in warc_pages._warc_records(os.path.join(root, n)):
                    uri = headers.get(b'warc-target-uri', b'').decode('utf-8', 'replace').strip('<> ')
                    if headers.get(b'warc-type') == b'response' and uri.startswith('http') and block.startswith(b'HTTP/'):
                        expected[uri] = int(block.split(b' ', 2)[1][:3])
    stored = dict(query(db, 'SELECT url, status FROM pages'))
    missing = [u for u in expected if u not in stored and u.split('#')[0] not in stored]
    check('every HTTP response is a page', len(missing) <= len(expected) * 0.02, f'{len(missing)} missing, e.g. {missing[:3]}')
    agree = sum(1 for u, s in expected.items() if stored.get(u, stored.get(u.split('#')[0])) == s)
    check('statuses agree with the independent reader', agree >= len(expected) * 0.97, f'{agree} of {len(expected)}')
    print(f'  pages: {len(stored)} stored, {len(expected)} HTTP responses found independently, {agree} statuses agree')
    # Hand-checked examples.
    page = 'http://0pointer.de/photos/?gallery=Australia&photo=496'
    check('CC 2014 page is indexed with status 200', stored.get(page) == 200, stored.get(page))
    rows = query(db, "SELECT l.target_url, l.kind, l.scope FROM links l JOIN pages p ON p.id = l.source_id"
                     " WHERE p.url = ? AND l.anchor = 'Photo Gallery'", page)
    check('its "Photo Gallery" link (also in the WAT)', ('http://0pointer.de/photos/', 'text', 'internal') in rows, rows)
    wiki = query(db, "SELECT count(*) FROM links l JOIN pages p ON p.id = l.source_id WHERE p.url = 'https://an.wikipedia.org/wiki/Escopete'")
    check('the whirlwind Wikipedia page has its links', wiki[0][0] > 50, wiki)
    redirects = query(db, "SELECT count(*) FROM links l JOIN pages p ON p.id = l.source_id"
                          " WHERE l.kind = 'redirect' AND p.status BETWEEN 300 AND 399")[0][0]
    three_xx = query(db, "SELECT count(*) FROM pages WHERE status BETWEEN 300 AND 399")[0][0]
    check('3xx responses with Location become redirect links', 1 <= redirects <= three_xx, (redirects, three_xx))
    wget_pages = query(db, "SELECT count(*) FROM pages WHERE url LIKE 'https://www.semanticscholar.org/%' OR url LIKE 'https://www.cs.washington.edu/%'")[0][0]
    check("wget's <URI> form is read", wget_pages > 0, wget_pages)
    countries = query(db, "SELECT country_source, count(*) FROM pages WHERE country <> '' GROUP BY 1")
    by_source = dict(countries)
    check('pages with a WARC-IP-Address get a country from GeoIP', by_source.get('geoip', 0) > 0, countries)
    de = query(db, "SELECT country FROM pages WHERE url LIKE 'http://0pointer.de/%' AND (ip IS NULL OR ip = '') LIMIT 1")
    ip_de = query(db, "SELECT country, country_source FROM pages WHERE url LIKE 'http://0pointer.de/%' LIMIT 1")
    check('a .de page without an address falls back to its ccTLD (or has GeoIP)',
          (de and de[0][0] == 'DE') or (ip_de and ip_de[0][0] != ''), (de, ip_de))
    before = query(db, 'SELECT count(*), sum(last_seen) FROM links')[0]

    # 2. Re-ingest: nothing doubles, nothing is lost.
    ingest(db, warc_dir, crawl='second')
    after = query(db, 'SELECT count(*) FROM links')[0][0]
    check('re-ingest does not double links', after == before[0], (after, before))
    snap = query(db, "SELECT new_links, lost_links, links FROM snapshots WHERE name = 'second'")[0]
    check('re-ingest: no new, no lost', snap[0] == 0 and snap[1] == 0 and snap[2] == before[0], snap)

    # 3. WAT against WARC for the Common Crawl 2014 triple.
    triple = os.path.join(warc_dir, 'commoncrawl-2014-35-triple')
    if os.path.isdir(triple):
        warc_db, wat_db = os.path.join(tmp, 'warc.db'), os.path.join(tmp, 'wat.db')
        ingest(warc_db, *[os.path.join(triple, n) for n in os.listdir(triple) if n.endswith('.warc')])
        ingest(wat_db, *[os.path.join(triple, n) for n in os.listdir(triple) if n.endswith('.wat')])
        sql = ("SELECT p.url, l.target_url FROM links l JOIN pages p ON p.id = l.source_id WHERE l.kind IN ('text', 'image')")
        from_warc, from_wat = set(query(warc_db, sql)), set(query(wat_db, sql))
        common_pages = {p for p, _ in from_wat} & {p for p, _ in from_warc}
        a = {x for x in from_warc if x[0] in common_pages}
        b = {x for x in from_wat if x[0] in common_pages}
        agreement = len(a & b) / max(1, len(a | b))
        print(f'  WAT vs WARC on {len(common_pages)} pages: {len(a & b)} links in both, {len(a - b)} only in WARC, '
              f'{len(b - a)} only in WAT: agreement {agreement:.3f}')
        check('WAT and WARC links agree', len(common_pages) >= 1 and agreement >= 0.9, agreement)


SITE_V1 = {
    'index.html': '<html><body><nav><a href="/a.html">A</a> <a href="/gone.html">Gone</a></nav>'
                  '<p>Text <a href="https://partner.example.org/">Partner</a> and '
                  '<a href="https://old.example.net/" rel="nofollow">Old friend</a>.</p></body></html>',
    'a.html': '<html><body><a href="/index.html">Home</a> <a href="https://kept.example.com/">Kept</a></body></html>',
    'gone.html': '<html><body><a href="https://only-on-gone.example.com/">Gone link</a></body></html>',
}
SITE_V2 = {
    'index.html': '<html><body><nav><a href="/a.html">A</a> <a href="/gone.html">Gone</a></nav>'
                  '<p>Text <a href="https://partner.example.org/">Partner</a> and '
                  '<a href="https://new.example.com/" rel="sponsored">New sponsor</a>.</p></body></html>',
    'a.html': '<html><body><a href="/index.html">Home</a> <a href="https://kept.example.com/">Kept</a></body></html>',
}


def crawl(site, root, warc_base, port):
    """Puts `site` in place under the running server's root and crawls it with wget."""
    for name in os.listdir(root):
        os.remove(os.path.join(root, name))
    for name, body in site.items():
        with open(os.path.join(root, name), 'w') as f:
            f.write(body)
    urls = [f'http://127.0.0.1:{port}/{n}' for n in ('index.html', 'a.html', 'gone.html')]
    # Retries and a long timeout: under a loaded CI machine a page wget gives up on is a page missing
    # from the crawl, and every count below would be off (seen once: 3 new links instead of 1).
    subprocess.run(['wget', '--quiet', '--tries=3', '--timeout=30', '--no-proxy', '-e', 'robots=off',
                    f'--warc-file={warc_base}', '--delete-after', '-P', os.path.dirname(warc_base)] + urls,
                   timeout=60)
    return warc_base + '.warc.gz'


def new_and_lost(tmp):
    if shutil.which('wget') is None:
        check('wget is installed (scripts/install-deps.sh)', False)
        return
    # One server for both crawls: the pages keep their URLs (same port), and no second bind can
    # lose the port to another test running in parallel.
    port = free_port()
    site = os.path.join(tmp, 'site')
    os.makedirs(site)
    server = subprocess.Popen([sys.executable, '-m', 'http.server', str(port), '--bind', '127.0.0.1', '--directory', site],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        check('the fixture site is served', wait_for_port(port))  # bounded
        first = crawl(SITE_V1, site, os.path.join(tmp, 'crawl1'), port)
        second = crawl(SITE_V2, site, os.path.join(tmp, 'crawl2'), port)
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    db = os.path.join(tmp, 'fixture.db')
    ingest(db, first, crawl='crawl-1')
    fetched = query(db, 'SELECT count(*) FROM pages WHERE status = 200')[0][0]
    check('crawl 1 fetched the three pages', fetched == 3, fetched)
    ingest(db, second, crawl='crawl-2')
    ids = dict(query(db, 'SELECT name, id FROM snapshots'))

    def link(target):
        rows = query(db, 'SELECT first_seen, last_seen, lost_in, follow FROM links WHERE target_url = ?', target)
        return rows[0] if rows else None

    check('a link in both crawls: first seen in 1, last seen in 2, not lost',
          link('https://partner.example.org/') == (ids['crawl-1'], ids['crawl-2'], None, 'follow'), link('https://partner.example.org/'))
    check('a link removed from a page is lost in crawl 2',
          link('https://old.example.net/') == (ids['crawl-1'], ids['crawl-1'], ids['crawl-2'], 'nofollow'), link('https://old.example.net/'))
    check('a new link is first seen in crawl 2',
          link('https://new.example.com/') == (ids['crawl-2'], ids['crawl-2'], None, 'sponsored'), link('https://new.example.com/'))
    check('links of a page that now answers 404 are lost',
          link('https://only-on-gone.example.com/') == (ids['crawl-1'], ids['crawl-1'], ids['crawl-2'], 'follow'),
          link('https://only-on-gone.example.com/'))
    status = query(db, "SELECT status FROM pages WHERE url LIKE '%/gone.html'")
    check('the gone page is recorded with its 404', status == [(404,)], status)
    snap = query(db, "SELECT new_links, lost_links FROM snapshots WHERE name = 'crawl-2'")[0]
    check('snapshot 2 counts 1 new and 2 lost links', snap == (1, 2), snap)


def crash_safety(tmp):
    warc_dir = os.path.join(DATA, 'warc')
    if not os.path.isdir(warc_dir):
        return
    db = os.path.join(tmp, 'crash.db')
    small = [os.path.join(warc_dir, 'commoncrawl-2020-34', n) for n in os.listdir(os.path.join(warc_dir, 'commoncrawl-2020-34'))]
    ingest(db, *small, crawl='before')
    before = query(db, 'SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM links), (SELECT count(*) FROM snapshots)')
    # A big input: many gzip members of real records, concatenated (a valid multi-member gzip).
    big = os.path.join(tmp, 'big.warc.gz')
    sources = []
    for root, _, files in os.walk(warc_dir):
        sources += [os.path.join(root, n) for n in files if n.endswith('.warc.gz')]
    with open(big, 'wb') as out:
        for _ in range(12):
            for s in sources:
                with open(s, 'rb') as f:
                    out.write(f.read())
    proc = subprocess.Popen([BIN, 'ingest', '--db', db, '--quiet', '--crawl', 'killed', big], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    killed = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    check('the ingest was still running when killed', killed)
    after = query(db, 'SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM links), (SELECT count(*) FROM snapshots)')
    check('a killed ingest leaves the index as it was', after == before, (before, after))
    check('the index is intact', query(db, 'PRAGMA integrity_check') == [('ok',)])


def bad_input(tmp):
    warc_dir = os.path.join(DATA, 'warc')
    db = os.path.join(tmp, 'bad.db')
    junk = os.path.join(tmp, 'junk.warc')
    with open(junk, 'wb') as f:
        f.write(os.urandom(100000))
    # A file that is not whole fails the run and leaves the index as it was: a snapshot stored from
    # part of a file would call every link after the cut lost.
    ingest(db, make_fixture_crawl(os.path.join(tmp, 'fixture-crawl'))[0])
    before = query(db, 'SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM links), (SELECT count(*) FROM snapshots)')
    r = ingest(db, junk, expect=1)
    check('junk is an error that says what is wrong', 'no WARC record' in r.stderr and 'left as it was' in r.stderr, r.stderr)
    zero = os.path.join(tmp, 'zero.warc.gz')
    open(zero, 'wb').close()
    r = ingest(db, zero, expect=1)
    check('a zero-byte file is an error', 'zero.warc.gz' in r.stderr, r.stderr)
    src = os.path.join(warc_dir, 'commoncrawl-2020-34', 'CC-MAIN-20200808165417-20200808195417-00395-sample.warc.gz')
    if os.path.exists(src):
        cut = os.path.join(tmp, 'cut.warc.gz')
        with open(src, 'rb') as f:
            data = f.read()
        with open(cut, 'wb') as f:
            f.write(data[:len(data) // 2])
        r = ingest(db, cut, expect=1)
        check('a truncated gzip is an error', 'truncated' in r.stderr or 'cut short' in r.stderr, r.stderr)
        plain = os.path.join(tmp, 'cut.warc')
        with gzip.open(src, 'rb') as f:
            whole = f.read()
        with open(plain, 'wb') as f:
            f.write(whole[:len(whole) - 1000])
        r = ingest(db, plain, expect=1)
        check('a record cut short by the end of the file is an error', 'cut short' in r.stderr, r.stderr)
    after = query(db, 'SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM links), (SELECT count(*) FROM snapshots)')
    check('after each bad file the index is as it was', after == before, (before, after))
    # A bad file among good ones costs them nothing: it is taken back alone and named (exit 3).
    second = make_fixture_crawl(os.path.join(tmp, 'fixture-crawl'))[1]
    r = ingest(db, second, junk, zero, crawl='mixed', expect=3)
    check('bad files among good ones are named', f'skipped {junk}' in r.stdout and f'skipped {zero}' in r.stdout, r.stdout)
    stored = query(db, "SELECT count(*) FROM links WHERE last_seen = (SELECT id FROM snapshots WHERE name = 'mixed')")[0][0]
    check('... and the good file is stored', stored > 0, stored)
    if os.path.exists(src):
        # --allow-partial keeps what was read before a cut, and says so.
        pages_before = query(db, 'SELECT count(*) FROM pages')[0][0]
        cmd = [BIN, 'ingest', '--db', db, '--quiet', '--allow-partial', '--crawl', 'partial', cut]
        r = subprocess.run(cmd, capture_output=True, text=True)
        check('--allow-partial: a truncated file is kept', r.returncode == 0 and 'kept what was read before the cut'
              in r.stdout, r.stdout + r.stderr)
        pages_after = query(db, 'SELECT count(*) FROM pages')[0][0]
        check('... with the records before the cut', pages_after >= pages_before + 3, (pages_before, pages_after))
        r = ingest(db, cut, junk, crawl='partial-2', expect=1)
        check('without it a truncated file is bad too: no file readable, nothing stored', 'no file could be read'
              in r.stderr and 'truncated' in r.stderr, r.stderr)
    r = ingest(db, os.path.join(tmp, 'no-such-file.warc'), expect=1)
    check('a missing path is named', 'no such file' in r.stderr, r.stderr)
    empty = os.path.join(tmp, 'empty-dir')
    os.makedirs(empty)
    r = ingest(db, empty, expect=1)
    check('a folder without crawl files is an error', 'no .warc' in r.stderr, r.stderr)
    r = ingest(os.path.join(tmp, 'no-such-dir', 'x.db'), junk, expect=1)
    check('an index that cannot be created is an error', 'cannot open index' in r.stderr, r.stderr)
    r = ingest(db, expect=2)


def disk_full(tmp):
    """An ingest that fills the disk says so and leaves the index as it was: an index on an 8 MB
    tmpfs (mounted for the test; root only, else skipped with a message) holding the fixture
    crawl, then a generated crawl far bigger than the space left."""
    generator = os.path.join(os.path.dirname(os.path.abspath(BIN)), '..', 'bench', 'generate_warc')
    small = os.path.join(tmp, 'small-disk')
    os.makedirs(small)
    mounted = os.geteuid() == 0 and os.path.exists(generator) and subprocess.run(
        ['mount', '-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', small], capture_output=True).returncode == 0
    if not mounted:
        print('SKIPPED: a full disk is not tested (it needs root to mount an 8 MB tmpfs, and the bench generator)')
        return
    try:
        big = os.path.join(tmp, 'big.warc.gz')
        subprocess.run([generator, '--pages', '3000', '--seed', '9', '--out', big], check=True, capture_output=True)
        db = os.path.join(small, 'index.db')
        ingest(db, make_fixture_crawl(os.path.join(tmp, 'full-disk-crawl'))[0])
        before = query(db, 'SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM links), (SELECT count(*) FROM snapshots)')
        r = ingest(db, big, expect=1)
        check('a full disk is named as the cause', 'disk is full' in r.stderr and 'left as it was' in r.stderr, r.stderr)
        after = query(db, 'SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM links), (SELECT count(*) FROM snapshots)')
        check('after a full disk the index is as it was', after == before, (before, after))
        check('... and intact', query(db, 'PRAGMA integrity_check') == [('ok',)])
    finally:
        subprocess.run(['umount', small], capture_output=True)


with tempfile.TemporaryDirectory() as tmp:
    real_data(tmp)
    new_and_lost(tmp)
    crash_safety(tmp)
    bad_input(tmp)
    disk_full(tmp)
sys.exit(check.finish('ingest'))
