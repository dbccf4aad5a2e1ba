#!/usr/bin/env python3
"""`linklens audit`, `disavow` and `gap` on the fixture crawl (known by construction), and the
disavow checker against crafted files at and just over every one of Google's limits.
Usage: audit_cli_test.py LINKLENS_BINARY [DATA_DIR]
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from checks import Checks  # noqa: E402
from fixture_index import fixture_index  # noqa: E402

BIN = sys.argv[1]
check = Checks()


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=120)


def write(path, data):
    with open(path, 'wb') as f:
        f.write(data)
    return path


def main(tmp):
    db, _ = fixture_index(BIN, tmp)
    r = run('audit', 'acme-bikes.com', '--db', db, '--format', 'json')
    a = json.loads(r.stdout)
    actions = {d['domain']: d['action'] for d in a['domains']}
    check('audit --format json: the PBN is to disavow', r.returncode == 0 and
          all(actions[d] == 'disavow' for d in ('pbn-alpha.xyz', 'pbn-beta.xyz', 'pbn-gamma.top')), actions)
    r = run('audit', 'https://www.acme-bikes.com/x', '--db', db)
    check('audit table: a URL target means its domain; reasons are listed', r.returncode == 0 and
          'shared_subnet +30' in r.stdout and 'acme-bikes.com' in r.stdout, r.stdout)
    thresholds = write(os.path.join(tmp, 't.json'), json.dumps({'disavow_at': 99, 'w_hidden': 50}).encode())
    r = run('audit', 'acme-bikes.com', '--db', db, '--format', 'json', '--thresholds', thresholds)
    hidden = next(d for d in json.loads(r.stdout)['domains'] if d['domain'] == 'hidden-linker.com')
    check('audit --thresholds: weights and cut-offs from a file', hidden['action'] == 'review' and
          any(x['signal'] == 'hidden' and x['contribution'] == 50 for x in hidden['reasons']), hidden)
    bad = write(os.path.join(tmp, 'bad.json'), b'{"w_hiden": 1}')
    r = run('audit', 'acme-bikes.com', '--db', db, '--thresholds', bad)
    check('audit: an unknown threshold is a usage error', r.returncode == 2 and 'w_hiden' in r.stderr, r.stderr)

    out = os.path.join(tmp, 'disavow.txt')
    r = run('disavow', 'acme-bikes.com', '--db', db, '--out', out)
    text = open(out).read()
    check('disavow --out writes the file', r.returncode == 0 and 'domain:pbn-alpha.xyz' in text, (r.stderr, text))
    r = run('disavow', '--check', out, '--target', 'acme-bikes.com', '--db', db)
    check('disavow --check: our own file is valid and covers the toxic backlinks', r.returncode == 0 and
          '0 problems' in r.stdout and 'covers 4 of the 12 live backlinks' in r.stdout, r.stdout)

    cases = [
        ('at 100,000 lines', b'#\n' * 100000, 0, None),
        ('over 100,000 lines', b'#\n' * 100001, 1, 'more than 100000 lines'),
        ('at 2 MB', b'#' * (2 * 1024 * 1024), 0, None),
        ('over 2 MB', b'#' * (2 * 1024 * 1024 + 1), 1, 'bytes'),
        ('a URL of 2,048 characters', b'https://a.example/' + b'x' * 2030 + b'\n', 0, None),
        ('a URL of 2,049 characters', b'https://a.example/' + b'x' * 2031 + b'\n', 1, 'longer than 2048'),
        ('not UTF-8', b'domain:a.example\n# caf\xe9\n', 1, 'not UTF-8'),
        ('a domain: entry with a path', b'# ok\n\ndomain:example.com/blog\n', 1, ':3: a domain: entry cannot name a path'),
        ('a bare word', b'domain:ok.example\nspam\n', 1, ':2:'),
    ]
    for name, data, code, message in cases:
        path = write(os.path.join(tmp, 'case.txt'), data)
        r = run('disavow', '--check', path)
        check(f'disavow --check {name}', r.returncode == code and (message is None or message in r.stdout), (r.returncode, r.stdout[-300:]))

    # Applying the file: the covered links are marked in the audit and stop counting for authority.
    def authority():
        first = run('explain', 'acme-bikes.com', '--db', db).stdout.splitlines()[1]  # "= 100 x (0.7 x PageRank part P + ...)"
        return float(first.split('PageRank part ')[1].split()[0])
    def page_edges():  # "page authority: N pages over M links between crawled pages"
        line = next(x for x in run('rank', '--db', db).stdout.splitlines() if 'page authority' in x)
        return int(line.split(' over ')[1].split()[0])
    before = authority()
    edges_before = page_edges()
    r = run('disavow', '--apply', out, '--target', 'acme-bikes.com', '--db', db)
    check('disavow --apply stores the file and re-ranks', r.returncode == 0 and 'cover 4 of its 12 live backlinks' in r.stdout, r.stdout + r.stderr)
    check('disavowed links stop counting for the target (its PageRank part falls)', authority() < before, (before, authority()))
    check('... and leave the page graph (the 3 PBN links; the hidden one never counted)',
          page_edges() == edges_before - 3, (edges_before, page_edges()))
    a = json.loads(run('audit', 'acme-bikes.com', '--db', db, '--format', 'json').stdout)
    marked = {d['domain'] for d in a['domains'] if d['disavowed']}
    check('the audit marks the applied file\'s domains and leaves them out of the toxic share',
          marked == {'pbn-alpha.xyz', 'pbn-beta.xyz', 'pbn-gamma.top', 'hidden-linker.com'} and a['summary']['toxic_share'] == 0,
          (marked, a['summary']))
    check('explain says a disavow file applies', 'its disavow file (4 entries)' in run('explain', 'acme-bikes.com', '--db', db).stdout)
    invalid = write(os.path.join(tmp, 'invalid.txt'), b'domain:example.com/blog\n')
    r = run('disavow', '--apply', invalid, '--target', 'acme-bikes.com', '--db', db)
    check('an invalid file is not applied, and says why', r.returncode == 1 and ':1:' in r.stderr, r.stderr)
    check('... and the applied file is unchanged', 'its disavow file (4 entries)' in run('explain', 'acme-bikes.com', '--db', db).stdout)
    r = run('disavow', '--apply', write(os.path.join(tmp, 'empty.txt'), b''), '--target', 'acme-bikes.com', '--db', db)
    check('an empty file clears it, and the authority comes back', r.returncode == 0 and abs(authority() - before) < 1e-9, (before, authority()))

    r = run('gap', 'acme-bikes.com', 'rival-one.com', 'rival-two.com', '--db', db, '--format', 'csv')
    rows = r.stdout.strip().splitlines()
    check('gap --format csv', r.returncode == 0 and rows[0] == 'domain,authority,categories,acme-bikes.com,rival-one.com,rival-two.com'
          and any(x.startswith('mtbforum.net,') and ',best,' in x for x in rows), rows)
    r = run('gap', 'acme-bikes.com', 'rival-one.com', 'rival-two.com', '--db', db, '--category', 'best')
    check('gap table --category best', r.returncode == 0 and 'mtbforum.net' in r.stdout and 'cyclingnews' not in r.stdout, r.stdout)
    check('gap with one domain is a usage error', run('gap', 'acme-bikes.com', '--db', db).returncode == 2)
    check('gap with a bad category is a usage error', run('gap', 'a.com', 'b.com', '--db', db, '--category', 'good').returncode == 2)
    check('audit on a missing index fails clearly', run('audit', 'a.com', '--db', os.path.join(tmp, 'none.db')).returncode == 1)


with tempfile.TemporaryDirectory() as tmp:
    main(tmp)
sys.exit(check.finish('audit cli'))
