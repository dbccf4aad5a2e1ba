#!/usr/bin/env python3
"""`linklens fetch-cc` against a local server on 127.0.0.1 that serves Common Crawl's layout:
crawl-data/<crawl>/warc.paths.gz listing segment files. The served files are copies of real
samples made at test time. Checks: the first N files arrive byte for byte and can be ingested,
files already present are skipped, an unknown crawl and bad arguments fail clearly.
Usage: fetch_cc_test.py LINKLENS_BINARY DATA_DIR
"""
import gzip
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from checks import Checks, free_port, wait_for_port  # noqa: E402

BIN, DATA = sys.argv[1], sys.argv[2]
check = Checks()


def main(tmp):
    samples = [os.path.join(DATA, 'warc', 'commoncrawl-2020-34', 'CC-MAIN-20200808165417-20200808195417-00395-sample.warc.gz'),
               os.path.join(DATA, 'warc', 'commoncrawl-2024-22-whirlwind', 'whirlwind.warc.gz')]
    if not all(os.path.exists(s) for s in samples):
        print('SKIPPED: the Common Crawl samples in ../shared/data are missing')
        return
    crawl = 'CC-MAIN-2099-01'
    root = os.path.join(tmp, 'server')
    paths = []
    for i, s in enumerate(samples):
        rel = f'crawl-data/{crawl}/segments/1.{i}/warc/part-{i}.warc.gz'
        os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
        shutil.copy(s, os.path.join(root, rel))
        paths.append(rel)
    with gzip.open(os.path.join(root, 'crawl-data', crawl, 'warc.paths.gz'), 'wt') as f:
        f.write('\n'.join(paths) + '\n')
    port = free_port()
    server = subprocess.Popen([sys.executable, '-m', 'http.server', str(port), '--bind', '127.0.0.1', '--directory', root],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)  # bounded
        base = f'http://127.0.0.1:{port}/'
        out = os.path.join(tmp, 'download')
        r = subprocess.run([BIN, 'fetch-cc', '--crawl', crawl, '--segments', '1', '--out', out, '--base-url', base],
                           capture_output=True, text=True, timeout=120)
        check('fetch-cc exits 0', r.returncode == 0, r.stdout + r.stderr)
        got = sorted(os.listdir(out)) if os.path.isdir(out) else []
        check('only the first segment is fetched', got == ['part-0.warc.gz'], got)
        if got:
            with open(os.path.join(out, 'part-0.warc.gz'), 'rb') as a, open(samples[0], 'rb') as b:
                check('the file arrives byte for byte', a.read() == b.read())
        r = subprocess.run([BIN, 'fetch-cc', '--crawl', crawl, '--segments', '2', '--out', out, '--base-url', base],
                           capture_output=True, text=True, timeout=120)
        check('a second run skips what is there and gets the rest',
              r.returncode == 0 and 'have ' in r.stdout and sorted(os.listdir(out)) == ['part-0.warc.gz', 'part-1.warc.gz'],
              r.stdout + r.stderr)
        r = subprocess.run([BIN, 'ingest', '--quiet', '--db', os.path.join(tmp, 'cc.db'), out], capture_output=True, text=True)
        check('the downloads ingest', r.returncode == 0 and 'pages' in r.stdout, r.stdout + r.stderr)
        r = subprocess.run([BIN, 'fetch-cc', '--crawl', 'CC-MAIN-2098-01', '--out', out, '--base-url', base],
                           capture_output=True, text=True, timeout=60)
        check('an unknown crawl fails with the HTTP status', r.returncode == 1 and 'HTTP 404' in r.stderr, r.stderr)
    finally:
        os.kill(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    r = subprocess.run([BIN, 'fetch-cc', '--crawl', 'latest'], capture_output=True, text=True)
    check('a bad crawl name is a usage error', r.returncode == 2 and 'CC-MAIN-2024-22' in r.stderr, r.stderr)
    r = subprocess.run([BIN, 'fetch-cc', '--crawl', crawl, '--base-url', f'http://127.0.0.1:{port}/', '--out',
                        os.path.join(tmp, 'x')], capture_output=True, text=True, timeout=60)
    check('a server that is gone fails clearly', r.returncode == 1 and 'cannot get' in r.stderr, r.stderr)


with tempfile.TemporaryDirectory() as tmp:
    main(tmp)
sys.exit(check.finish('fetch-cc'))
