#!/usr/bin/env python3
"""`linklens import-ranks` and the Authority Score from Common Crawl's web-graph ranks, end to end.

The real data (../shared/data/authority, MANIFEST.md section 7): the top 1000 domains and hosts of
48 Common Crawl web-graph releases, in a JSON form of the published columns. The test writes them
back in the published text format (domain files gzip, host files plain), imports every release as
an excerpt with the node count of graph-stats-domain.tsv / graph-stats-host.tsv, and checks:

1. GET /v1/authority-history?target=google.com: 48 points in date order, each equal to the score
   computed here from the documented formula (README, "Authority Score").
2. Where scores come from: a domain in the ranks (commoncrawl:<release>), one only in the local
   index (index), one known to neither (null, unknown); overview and POST /v1/authority agree.
3. talaugust.github.io is looked up in the host graph, never given github.io's score.
4. Re-importing a release changes nothing; a bad file or date is refused and the ranks file is
   left byte for byte as it was; a server picks up an import without a restart.
5. Agreement with the vendors' own metrics on the domains they share with the newest release:
   Spearman of the Authority Score against Majestic's RefSubNets and Moz's Domain Authority,
   printed beside PageRank alone and harmonic centrality alone; the score must do at least as
   well as the best single component on both.
Usage: import_ranks_test.py LINKLENS_BINARY DATA_DIR
"""
import calendar
import gzip
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from api_server import Server  # noqa: E402
from checks import Checks  # noqa: E402
from fixture_index import fixture_index  # noqa: E402
from rank_stats import spearman  # noqa: E402

BIN, DATA = sys.argv[1], sys.argv[2]
AUTHORITY = os.path.join(DATA, 'authority')
RANKS = os.path.join(AUTHORITY, 'commoncrawl-webgraph-ranks')
check = Checks()
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}


def run(*args, expect=0):
    r = subprocess.run([BIN, *args], capture_output=True, text=True)
    if r.returncode != expect:
        check(f'exit code of {" ".join(args[:3])}...', False, f'{r.returncode} (want {expect}): {r.stdout}{r.stderr}')
    return r


def graph_stats(kind):
    """release -> node count, in the file's (chronological) order."""
    out = {}
    with open(os.path.join(RANKS, f'graph-stats-{kind}.tsv')) as f:
        header = f.readline().rstrip('\n').split('\t')
        for line in f:
            row = dict(zip(header, line.rstrip('\n').split('\t')))
            out[row['release']] = int(row['nodes'])
    return out


def release_dates(releases):
    """A date per release: the year and month its name ends with (cc-main-2024-nov-feb-apr ends in
    April 2024; cc-main-2017-18-nov-dec-jan in January 2018), the day telling apart two releases
    that end in the same month, in graph-stats order."""
    dates, used = {}, {}
    for name in releases:
        parts = name.split('-')[2:]  # cc-main-2017-18-nov-dec-jan: 2017, 18, nov, dec, jan
        years = [p for p in parts if p.isdigit()]
        year = int(years[0][:2] + years[1]) if len(years) == 2 else int(years[0])
        month = MONTHS[parts[-1]]
        key = (year, month)
        used[key] = used.get(key, 0) + 1
        dates[name] = f'{year:04d}-{month:02d}-{used[key]:02d}'
    return dates


def unreverse(name):
    return '.'.join(reversed(name.split('.')))


def write_text(rows_json, path):
    data = json.load(open(rows_json))
    lines = ['\t'.join(data['header'])] + ['\t'.join(r) for r in data['rows']]
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'wt') as f:
        f.write('\n'.join(lines) + '\n')
    return data


def web_score(pr, hc, nodes, max_pr, max_hc):
    """README, "Authority Score": 100 * (0.5 P + 0.5 H)."""
    floor = 0.15 / nodes
    p = min(1.0, math.log(pr / floor) / math.log(max_pr / floor)) if pr > floor and max_pr > floor else 0.0
    h = min(1.0, hc / max_hc) if hc > 0 and max_hc > 0 else 0.0
    return round(100 * (0.5 * p + 0.5 * h), 2)


def sha(path):
    return hashlib.sha256(open(path, 'rb').read()).hexdigest()


def main(tmp):
    domain_nodes, host_nodes = graph_stats('domain'), graph_stats('host')
    releases = [r for r in domain_nodes if os.path.exists(os.path.join(RANKS, 'ranks', f'domain-{r}.json'))]
    dates = release_dates(releases)
    check('48 releases in the real data', len(releases) == 48, len(releases))
    ranks_file = os.path.join(tmp, 'ranks.db')
    golden, newest_rows = {}, {}
    files = {}
    for release in releases:
        domain_txt = os.path.join(tmp, f'cc-main-{release}-domain-ranks.txt.gz')
        host_txt = os.path.join(tmp, f'cc-main-{release}-host-ranks.txt')
        data = write_text(os.path.join(RANKS, 'ranks', f'domain-{release}.json'), domain_txt)
        write_text(os.path.join(RANKS, 'ranks', f'host-{release}.json'), host_txt)
        files[release] = (domain_txt, host_txt)
        max_pr = max(float(r[3]) for r in data['rows'])
        max_hc = max(float(r[1]) for r in data['rows'])
        by_name = {unreverse(r[4]): r for r in data['rows']}
        newest_rows = by_name
        if 'google.com' in by_name:
            r = by_name['google.com']
            golden[release] = web_score(float(r[3]), float(r[1]), domain_nodes[release], max_pr, max_hc)
    print(f'  converted {len(releases)} releases ({2 * len(releases)} files) to the published text format')

    # Every release but the newest before a server starts; the newest while it runs.
    for release in releases[:-1]:
        domain_txt, host_txt = files[release]
        run('import-ranks', '--ranks', ranks_file, '--release', release, '--date', dates[release], '--nodes',
            str(domain_nodes[release]), '--excerpt', domain_txt)
        run('import-ranks', '--ranks', ranks_file, '--release', release, '--date', dates[release], '--nodes',
            str(host_nodes[release]), '--excerpt', host_txt)

    newest = releases[-1]
    db, _ = fixture_index(BIN, os.path.join(tmp, 'fixture'), snapshots=1)
    with Server(BIN, '--db', db, '--ranks', ranks_file) as s:
        before = s.get('/v1/authority-history?target=google.com').json['history']
        check('history before the last import: 47 points', len(before) == 47, len(before))
        domain_txt, host_txt = files[newest]
        r = run('import-ranks', '--ranks', ranks_file, '--release', newest, '--date', dates[newest], '--nodes',
                str(domain_nodes[newest]), '--excerpt', domain_txt, host_txt)
        check('import-ranks reports both graphs', 'domain graph: 1000 rows' in r.stdout and
              'host graph: 1000 rows' in r.stdout, r.stdout)

        history = s.get('/v1/authority-history?target=google.com').json
        points = history['history']
        check('history of google.com: 48 points after an import, without a restart', len(points) == 48, len(points))
        check('history in date order', [p['date'] for p in points] == sorted(p['date'] for p in points))
        check('history releases are the 48, oldest first', [p['release'] for p in points] == releases)
        wrong = [(p['release'], p['authority_score'], golden[p['release']]) for p in points
                 if abs(p['authority_score'] - golden[p['release']]) > 0.006]
        check('every point equals the documented formula', not wrong, wrong[:5])
        print(f'  google.com: {points[0]["authority_score"]} ({points[0]["release"]}) ... '
              f'{points[-1]["authority_score"]} ({points[-1]["release"]})')

        o = s.get('/v1/overview?target=google.com').json
        check('overview of google.com: from the newest release', o['authority_source'] == f'commoncrawl:{newest}' and
              abs(o['authority_score'] - golden[newest]) < 0.006, o)
        o = s.get('/v1/overview?target=acme-bikes.com').json
        check('overview of a domain only the index knows: the index\'s score', o['authority_source'] == 'index' and
              o['authority_score'] == o['index_authority_score'] and o['authority_score'] is not None, o)
        o = s.get('/v1/overview?target=never-seen-anywhere.example').json
        check('overview of a domain known to neither: null, unknown', o['authority_score'] is None and
              o['authority_source'] == 'unknown' and o['index_authority_score'] is None, o)

        answers = {a['input']: a for a in s.post('/v1/authority', {'targets': [
            'google.com', 'https://www.wikipedia.org/wiki/X', 'acme-bikes.com', 'never-seen-anywhere.example',
            'talaugust.github.io', 'github.io', 'not a domain']}).json['results']}
        check('authority: google.com from the ranks', answers['google.com']['authority_source'] ==
              f'commoncrawl:{newest}', answers['google.com'])
        check('authority: a URL is scored as its domain', answers['https://www.wikipedia.org/wiki/X']['domain'] ==
              'wikipedia.org' and answers['https://www.wikipedia.org/wiki/X']['authority_source'].startswith('commoncrawl:'))
        check('authority: the index\'s domain keeps its score and says so',
              answers['acme-bikes.com']['authority_source'] == 'index')
        check('authority: unknown is null, never 0', answers['never-seen-anywhere.example']['authority_score'] is None
              and answers['never-seen-anywhere.example']['authority_source'] == 'unknown')
        check('authority: an invalid entry is unknown', answers['not a domain']['authority_source'] == 'unknown' and
              answers['not a domain']['authority_score'] is None, answers['not a domain'])
        gh, tal = answers['github.io'], answers['talaugust.github.io']
        check('github.io itself is in the domain graph', gh['authority_source'].startswith('commoncrawl:'), gh)
        check('talaugust.github.io is not given github.io\'s score (host graph, or unknown)',
              tal['authority_source'] == 'unknown' and tal['authority_score'] is None, tal)
        h = s.get('/v1/authority-history?target=talaugust.github.io').json
        check('talaugust.github.io is looked up as a host', h['graph'] == 'host' and
              h['looked_up'] == ['talaugust.github.io', 'www.talaugust.github.io'] and h['history'] == [], h)
        h = s.get('/v1/authority-history?target=https://en.wikipedia.org/wiki/X').json
        check('a host under an ICANN suffix is scored as its domain, from the domain graph',
              h['graph'] == 'domain' and h['domain'] == 'wikipedia.org' and len(h['history']) == 48, h['looked_up'])
        h = s.get('/v1/authority-history?target=fonts.googleapis.com').json
        check('a name under a private suffix (googleapis.com is one) answers from the host graph',
              h['graph'] == 'host' and h['history'] and h['history'][-1]['listed'], h['looked_up'])

        # Vendors' metrics on the domains they share with the newest release.
        shared = sorted(newest_rows)
        scores = {}
        for i in range(0, len(shared), 1000):
            for a in s.post('/v1/authority', {'targets': shared[i:i + 1000]}).json['results']:
                scores[a['domain']] = a['authority_score']
        majestic = {}
        with open(os.path.join(AUTHORITY, 'majestic-million-top15k', 'majestic_million_top15000.csv')) as f:
            head = f.readline().strip().split(',')
            for line in f:
                row = dict(zip(head, line.strip().split(',')))
                majestic[row['Domain']] = float(row['RefSubNets'])
        moz = {}
        for r in json.load(open(os.path.join(AUTHORITY, 'moz-top500', 'top-sites.json'))):
            d = r['rootDomain'][4:] if r['rootDomain'].startswith('www.') else r['rootDomain']
            moz[d] = float(r['domainAuthority'])
        for label, vendor, aim in [('Majestic RefSubNets', majestic, 0.80), ('Moz Domain Authority', moz, 0.58)]:
            common = [d for d in shared if d in vendor and scores.get(d) is not None]
            theirs = [vendor[d] for d in common]
            ours = spearman([scores[d] for d in common], theirs)
            pr = spearman([float(newest_rows[d][3]) for d in common], theirs)
            hc = spearman([float(newest_rows[d][1]) for d in common], theirs)
            print(f'  Spearman against {label} on {len(common)} domains: Authority Score {ours:.3f}, '
                  f'PageRank alone {pr:.3f}, harmonic centrality alone {hc:.3f} (aim {aim})')
            check(f'{label}: the score does at least as well as the best single component',
                  ours >= max(pr, hc) - 1e-9 and ours >= aim, (ours, pr, hc))

    # Re-import, bad input: the ranks file is left as it was.
    releases_before = subprocess.run(['sqlite3', ranks_file, 'SELECT count(*) FROM releases'], capture_output=True,
                                     text=True).stdout.strip() if os.path.exists('/usr/bin/sqlite3') else None
    run('import-ranks', '--ranks', ranks_file, '--release', newest, '--date', dates[newest], '--nodes',
        str(domain_nodes[newest]), '--excerpt', files[newest][0])
    with Server(BIN, '--db', db, '--ranks', ranks_file) as s:
        points = s.get('/v1/authority-history?target=google.com').json['history']
        check('re-importing a release changes nothing', len(points) == 48 and
              abs(points[-1]['authority_score'] - golden[newest]) < 0.006, len(points))
    if releases_before is not None:
        after = subprocess.run(['sqlite3', ranks_file, 'SELECT count(*) FROM releases'], capture_output=True,
                               text=True).stdout.strip()
        check('re-import: still 96 release graphs', releases_before == after == '96', (releases_before, after))
    import sqlite3
    with sqlite3.connect(ranks_file) as c:
        full = c.execute('SELECT r.name, r.graph FROM scores s JOIN releases r ON r.id = s.release'
                         ' WHERE s.pagerank IS NOT NULL GROUP BY 1, 2').fetchall()
    check('only the newest release of each graph keeps its values; older ones keep scores alone',
          sorted(full) == [(newest, 'domain'), (newest, 'host')], full)
    kept = sha(ranks_file)
    bad = os.path.join(tmp, 'bad.txt')
    with open(bad, 'w') as f:
        f.write('#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev\n1\t2.0E7\t1\t0.01\tcom.example\n2\tx\t2\n')
    r = run('import-ranks', '--ranks', ranks_file, '--release', 'broken', '--date', '2030-01', bad, expect=1)
    check('a malformed row is refused with its line', 'bad.txt:3' in r.stderr and 'left as it was' in r.stderr,
          r.stderr)
    with open(bad, 'w') as f:
        f.write('domain\tscore\nexample.com\t5\n')
    r = run('import-ranks', '--ranks', ranks_file, '--release', 'broken', '--date', '2030-01', bad, expect=1)
    check('a file without the published header is refused', 'not a Common Crawl rank file' in r.stderr, r.stderr)
    r = run('import-ranks', '--ranks', ranks_file, '--release', 'x', '--date', 'June 2030', files[newest][0], expect=2)
    check('a bad --date is a usage error', '--date is YYYY-MM' in r.stderr, r.stderr)
    r = run('import-ranks', '--ranks', ranks_file, '--release', 'x', '--date', '2030-01', '--nodes', '5',
            files[newest][0], expect=1)
    check('--nodes below the row count is refused', 'fewer than' in r.stderr, r.stderr)
    r = run('import-ranks', '--ranks', ranks_file, '--release', 'x', '--date', '2030-01', files[newest][0],
            os.path.join(tmp, 'missing.txt.gz'), expect=1)
    check('a missing file is refused before anything is written', 'cannot open' in r.stderr, r.stderr)
    check('the ranks file is byte for byte as it was after every refusal', sha(ranks_file) == kept)
    leftovers = [n for n in os.listdir(tmp) if '.importing-' in n]
    check('no half-built ranks file is left behind', not leftovers, leftovers)
    r = subprocess.run([BIN, 'serve', '--db', db, '--ranks', bad, '--listen', '127.0.0.1:1'], capture_output=True,
                       text=True, timeout=30)
    check('serve refuses a --ranks file that is not one', r.returncode == 1 and 'ranks file' in r.stderr, r.stderr)
    r = run('explain', 'google.com', '--db', db, '--ranks', ranks_file)
    check('explain: a domain only the web graph knows', 'not in the local index' in r.stdout and
          f'answers carry {golden[newest]:.2f}, from {newest}' in r.stdout, r.stdout)
    r = run('explain', 'acme-bikes.com', '--db', db, '--ranks', ranks_file)
    check('explain: no release covers a domain only the index knows', 'no imported release covers' in r.stdout,
          r.stdout)
    audit_with_a_complete_release(tmp, db)


def audit_with_a_complete_release(tmp, db):
    """A complete release (not an excerpt) that lists two of the fixture's linking domains: they
    are scored from it and lose low_authority; a linking domain it does not list scores 0 from it
    (below the release's floor), and low_authority says where that came from."""
    ranks_file = os.path.join(tmp, 'complete.db')
    path = os.path.join(tmp, 'complete-domain-ranks.txt')
    with open(path, 'w') as f:
        f.write('#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev\t#n_hosts\n')
        f.write('1\t9.0E6\t1\t0.02\tuk.co.cyclingnews\t40\n2\t8.5E6\t2\t0.01\tde.bikeblog\t12\n')
        f.write('3\t1.0E6\t3\t1.0E-6\tcom.example\t1\n')
    run('import-ranks', '--ranks', ranks_file, '--release', 'fixture-release', '--date', '2026-06', path)
    audit = json.loads(run('audit', 'acme-bikes.com', '--db', db, '--ranks', ranks_file, '--format', 'json').stdout)
    rows = {d['domain']: d for d in audit['domains']}
    for name in ('cyclingnews.co.uk', 'bikeblog.de'):
        d = rows[name]
        check(f'audit: {name} is scored from the complete release, without low_authority',
              d['authority_source'] == 'commoncrawl:fixture-release' and d['authority'] > 40 and
              all(r['signal'] != 'low_authority' for r in d['reasons']), d)
    pbn = rows['pbn-alpha.xyz']
    low = [r for r in pbn['reasons'] if r['signal'] == 'low_authority']
    check('audit: a domain a complete release does not list scores 0 from it',
          pbn['authority_source'] == 'commoncrawl:fixture-release' and pbn['authority'] == 0 and low and
          'commoncrawl:fixture-release' in low[0]['detail'], pbn)
    local = json.loads(run('audit', 'acme-bikes.com', '--db', db, '--format', 'json').stdout)
    check('audit without ranks: every score is the index\'s', all(d['authority_source'] == 'index'
                                                                  for d in local['domains']))
    # `rank` with the ranks file: the referring domains' lists carry the same scores, in their order.
    ranked = os.path.join(tmp, 'ranked-with-web.db')
    shutil.copy(db, ranked)
    r = run('rank', '--db', ranked, '--ranks', ranks_file)
    ranked_n = re.search(r'ranked (\d+) domains', r.stdout)
    check('rank: a complete release scores every domain (0 below its floor)', ranked_n and
          f'{ranked_n.group(1)} domains scored from the web graph' in r.stdout, r.stdout)
    with Server(BIN, '--db', ranked, '--ranks', ranks_file) as s:
        refdomains = s.get('/v1/refdomains?target=acme-bikes.com&order_by=authority:desc').json['refdomains']
        by_name = {d['domain']: d for d in refdomains}
        check('refdomains after rank --ranks: the web score of a listed domain',
              abs(by_name['cyclingnews.co.uk']['authority'] - rows['cyclingnews.co.uk']['authority']) < 0.01,
              (by_name['cyclingnews.co.uk'], rows['cyclingnews.co.uk']))
        check('refdomains after rank --ranks: ordered by the score they show',
              [d['authority'] for d in refdomains] == sorted((d['authority'] for d in refdomains), reverse=True))
        o = s.get('/v1/overview?target=cyclingnews.co.uk').json
        check('overview after rank --ranks: the web score, the index\'s own beside it',
              o['authority_source'] == 'commoncrawl:fixture-release' and o['index_authority_score'] is not None and
              o['index_authority_score'] != o['authority_score'], o)
    r = run('explain', 'cyclingnews.co.uk', '--db', ranked, '--ranks', ranks_file)
    check('explain after rank --ranks: the local score is explained, the web score named',
          'Authority Score' in r.stdout and 'from fixture-release' in r.stdout, r.stdout)
    with Server(BIN, '--db', db, '--ranks', ranks_file) as s:
        api_rows = {d['domain']: d for d in s.get('/v1/audit?target=acme-bikes.com').json['domains']}
        check('the API\'s audit scores as the CLI\'s', all(api_rows[k]['authority'] == rows[k]['authority'] and
                                                            api_rows[k]['authority_source'] == rows[k]['authority_source']
                                                            for k in rows))
        gap = s.get('/v1/gap?targets=acme-bikes.com,rival-one.com').json['referring_domains']
        check('gap: rows ordered by the score they show', [g['authority'] for g in gap] ==
              sorted((g['authority'] for g in gap), reverse=True) and
              any(g['authority_source'] == 'commoncrawl:fixture-release' for g in gap), gap[:3])


if not os.path.isdir(RANKS):
    print(f'SKIPPED: {RANKS} is missing (the real data in ../shared/data)')
    sys.exit(0)
with tempfile.TemporaryDirectory() as tmp:
    main(tmp)
sys.exit(check.finish('import-ranks'))
