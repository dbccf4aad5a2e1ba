#!/usr/bin/env python3
"""`linklens rank` and `linklens explain` through the real CLI.

1. cnr-2000 (325,557 nodes, 3,216,152 arcs) ranked with `rank --edges`: the PageRank column
   against python-igraph's PRPACK (L1 < 1e-6), the harmonic column against the published
   HyperBall values (Spearman >= 0.99).
2. Common Crawl's web-graph text format (`--vertices` with reversed host names).
3. polblogs: host -> registrable-domain folding. With the Public Suffix List's private section
   every *.blogspot.com blog is its own registrable domain; folding the hosts to registrable
   domains must keep them apart, and folding without the private section merges them.
4. rank and explain over an ingested index; their errors.
Usage: rank_cli_test.py LINKLENS_BINARY DATA_DIR
"""
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from checks import Checks  # noqa: E402
from rank_stats import spearman  # noqa: E402

BIN, DATA = sys.argv[1], sys.argv[2]
check = Checks()


def run(*args, expect=0):
    r = subprocess.run([BIN] + list(args), capture_output=True, text=True)
    if r.returncode != expect:
        check(f'exit code of {" ".join(args)}', False, f'{r.returncode} (want {expect}): {r.stdout}{r.stderr}')
    return r


def read_output(path):
    rows = {}
    with open(path) as f:
        for line in f:
            if line.startswith('#'):
                continue
            node, pr, hc, score = line.rstrip('\n').split('\t')
            rows[node] = (float(pr), float(hc), float(score))
    return rows


def cnr(tmp):
    arcs = os.path.join(DATA, 'webgraph', 'cnr-2000', 'cnr-2000.arcs.tsv.gz')
    if not os.path.exists(arcs):
        print(f'SKIPPED: {arcs} is missing (the real data in ../shared/data)')
        return
    out = os.path.join(tmp, 'cnr.tsv')
    r = run('rank', '--edges', arcs, '--out', out)
    print(r.stdout.strip())
    rows = read_output(out)
    n = 325557
    check('every node is ranked', len(rows) == n, len(rows))
    pr = [rows[str(i)][0] for i in range(n)]
    import igraph
    edges = []
    with gzip.open(arcs, 'rt') as f:
        for line in f:
            u, v = line.split()
            edges.append((int(u), int(v)))
    g = igraph.Graph(n=n, edges=edges, directed=True)
    reference = g.pagerank(damping=0.85, implementation='prpack')
    l1 = sum(abs(a - b) for a, b in zip(pr, reference))
    print(f'  PageRank column vs python-igraph PRPACK: L1 {l1:.3e}')
    check('PageRank matches igraph (L1 < 1e-6)', l1 < 1e-6, l1)
    published = [0.0] * n
    with gzip.open(os.path.join(DATA, 'webgraph', 'cnr-2000', 'cnr-2000_hyperball_harmonic_centrality.tsv.gz'), 'rt') as f:
        for line in f:
            if not line.startswith('#'):
                node, value = line.split()
                published[int(node)] = float(value)
    # The CLI ranks by incoming distances (who reaches a node); the published values follow
    # out-links, so the comparison runs on the transposed graph.
    transposed = os.path.join(tmp, 'cnr-t.tsv')
    with open(transposed, 'w') as f:
        f.writelines(f'{v}\t{u}\n' for u, v in edges)
    out_t = os.path.join(tmp, 'cnr-t-out.tsv')
    run('rank', '--edges', transposed, '--out', out_t)
    rows_t = read_output(out_t)
    rho = spearman([rows_t[str(i)][1] for i in range(n)], published)
    print(f'  harmonic column (transposed graph) vs published HyperBall: Spearman {rho:.4f}')
    check('harmonic centrality matches the published values (Spearman >= 0.99)', rho >= 0.99, rho)


def common_crawl_format(tmp):
    vertices = os.path.join(tmp, 'vertices.txt.gz')
    edges = os.path.join(tmp, 'edges.txt.gz')
    with gzip.open(vertices, 'wt') as f:
        f.write('0\tcom.example\n1\torg.example.www\n2\tuk.co.example\n')
    with gzip.open(edges, 'wt') as f:
        f.write('1\t0\n2\t0\n0\t1\n')
    out = os.path.join(tmp, 'cc.tsv')
    run('rank', '--edges', edges, '--vertices', vertices, '--out', out)
    rows = read_output(out)
    check('Common Crawl names are un-reversed', set(rows) == {'example.com', 'www.example.org', 'example.co.uk'}, rows)
    check('the most linked node scores highest', max(rows, key=lambda k: rows[k][2]) == 'example.com', rows)

    # The same graph as a release of a ranks file, served like Common Crawl's.
    ranks = os.path.join(tmp, 'own-ranks.db')
    r = run('rank', '--edges', edges, '--vertices', vertices, '--release', 'my-graph', '--date', '2026-07',
            '--ranks', ranks, '--graph', 'host')
    check('rank --release writes a release', 'release my-graph (host graph, 3 named nodes)' in r.stdout, r.stdout)
    r = run('rank', '--edges', edges, '--release', 'x', '--date', '2026-07', '--ranks', ranks, expect=2)
    check('rank --release without names is a usage error', '--vertices' in r.stderr, r.stderr)
    import sqlite3
    with sqlite3.connect(ranks) as c:
        names = {row[0]: row[1] for row in c.execute('SELECT name, score FROM scores')}
        release = c.execute('SELECT graph, nodes, excerpt FROM releases').fetchall()
    check('its names and scores: the most linked node first', set(names) ==
          {'example.com', 'www.example.org', 'example.co.uk'} and max(names, key=names.get) == 'example.com', names)
    check('a whole graph, 3 nodes, of the host kind', release == [('host', 3, 0)], release)


def polblogs(tmp):
    gml = os.path.join(DATA, 'webgraph', 'polblogs', 'polblogs.gml')
    if not os.path.exists(gml):
        return
    text = open(gml, encoding='utf-8').read()
    labels = dict((int(i), l.strip()) for i, l in re.findall(r'node \[\s*id (\d+)\s*label "([^"]*)"', text))
    edges = [(int(s), int(t)) for s, t in re.findall(r'edge \[\s*source (\d+)\s*target (\d+)', text)]
    check('polblogs has 1,490 blogs and 19,015 links', (len(labels), len(edges)) == (1490, 19015), (len(labels), len(edges)))

    order = sorted(labels)

    def domains(flag):  # node id -> registrable domain of its host, via `linklens url`
        args = ['url', '--json'] + (['--no-private'] if flag else []) + ['-']
        hosts = ['http://' + labels[i].split('/')[0] + '/' for i in order]
        r = subprocess.run([BIN] + args, input='\n'.join(hosts), capture_output=True, text=True)
        found = [d.get('registrable_domain') or d.get('hostname') or '' for d in json.loads(r.stdout)]
        return dict(zip(order, found))

    with_private, without_private = domains(False), domains(True)
    blogspot = sum(1 for h in labels.values() if h.split('/')[0].endswith('.blogspot.com'))
    check('blogspot blogs stay apart with the private section',
          sum(1 for d in with_private.values() if d.endswith('.blogspot.com')) == blogspot, blogspot)
    folded_blogspot = list(without_private.values()).count('blogspot.com')
    check('and fold into blogspot.com without it', folded_blogspot == blogspot, (folded_blogspot, blogspot))
    # Rank the folded domain graph through the CLI.
    ids = {}
    for i in order:
        ids.setdefault(without_private[i], len(ids))
    folded = os.path.join(tmp, 'polblogs-domains.tsv')
    with open(folded, 'w') as f:
        for s, t in edges:
            a, b = ids[without_private[s]], ids[without_private[t]]
            if a != b:
                f.write(f'{a}\t{b}\n')
    out = os.path.join(tmp, 'polblogs-out.tsv')
    run('rank', '--edges', folded, '--out', out)
    rows = read_output(out)
    names = {v: k for k, v in ids.items()}
    best = names[int(max(rows, key=lambda k: rows[k][2]))]
    print(f'  polblogs: {len(labels)} hosts fold into {len(ids)} registrable domains without private rules; top: {best}')
    check('polblogs folds hosts into fewer domains', len(ids) < len(labels), len(ids))


def index(tmp):
    warc = os.path.join(DATA, 'warc')
    if not os.path.isdir(warc):
        return
    db = os.path.join(tmp, 'index.db')
    run('ingest', '--quiet', '--db', db, warc)
    r = run('rank', '--db', db)
    check('rank over the index reports its domains', 'ranked' in r.stdout and 'domains' in r.stdout, r.stdout)
    import sqlite3
    with sqlite3.connect(db) as c:
        scored, low, best = c.execute('SELECT count(authority), min(authority), max(authority) FROM pages').fetchone()
        total = c.execute('SELECT count(*) FROM pages').fetchone()[0]
        # 100 needs one page to lead on both PageRank and harmonic centrality; 0 is a page nobody links to.
        check('every page gets a page-level authority in 0..100', scored == total and low == 0 and 50 < best <= 100,
              (scored, total, low, best))
        # The pre-aggregated query tables agree with aggregating the links directly.
        direct = dict((r[0], r[1:]) for r in c.execute(
            "SELECT target_domain, count(*), count(DISTINCT source_domain), sum(effective_follow = 'nofollow'), sum(kind = 'image')"
            " FROM links WHERE scope = 'external' AND target_domain <> '' GROUP BY 1"))
        stored = dict((r[0], r[1:]) for r in c.execute(
            'SELECT domain, backlinks, referring_domains, nofollow, image FROM domain_overview'))
        check('domain_overview equals a direct aggregation', direct == stored and len(direct) > 100,
              (len(direct), len(stored)))
        rd_direct = c.execute("SELECT count(*), sum(n) FROM (SELECT count(*) n FROM links WHERE scope = 'external'"
                              " AND target_domain <> '' GROUP BY target_domain, source_domain)").fetchone()
        rd_stored = c.execute('SELECT count(*), sum(backlinks) FROM referring_domains').fetchone()
        check('referring_domains equals a direct aggregation', rd_direct == rd_stored, (rd_direct, rd_stored))
        # One row per case-folded anchor key (anchor_key), as the API counts anchors.
        an_direct = c.execute("SELECT count(DISTINCT target_domain || char(0) || anchor_key) FROM links WHERE scope = 'external'"
                              " AND target_domain <> '' AND lost_in IS NULL").fetchone()
        an_stored = c.execute('SELECT count(*) FROM anchors').fetchone()
        check('anchors equal a direct aggregation', an_direct == an_stored, (an_direct, an_stored))
        unset = c.execute('SELECT count(*) FROM links l JOIN pages p ON p.id = l.source_id'
                          ' WHERE l.source_authority <> p.authority').fetchone()[0]
        check('every link carries its source page authority', unset == 0, unset)
    r = run('explain', 'creativecommons.org', '--db', db)
    check('explain shows the formula and referring domains',
          'Authority Score' in r.stdout and '0.7 x PageRank part' in r.stdout and 'archive.org' in r.stdout, r.stdout)
    r = run('explain', 'no-such-domain.example', '--db', db, expect=1)
    check('explain names an unknown domain', 'not in the ranked index' in r.stderr, r.stderr)
    r = run('rank', '--edges', os.path.join(tmp, 'missing.tsv'), '--out', os.path.join(tmp, 'x'), expect=1)
    r = run('rank', '--edges', db, expect=2)  # no --out


with tempfile.TemporaryDirectory() as tmp:
    cnr(tmp)
    common_crawl_format(tmp)
    polblogs(tmp)
    index(tmp)
sys.exit(check.finish('rank'))
