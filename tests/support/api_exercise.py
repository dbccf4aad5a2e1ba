"""Every API answer a store must give, asked in one fixed order: the request list the ClickHouse
parity test compares between backends and the golden-answer test (tests/store) compares with the
answers recorded before a storage change. `ask(path, method='GET', body=None, headers=None)` sends
one request wherever the caller wants it (both backends, or one server and a record) and returns
the answer the walk reads its cursors from."""
import sqlite3
import urllib.parse


def q(path, **params):
    items = []
    for k, v in params.items():
        for one in (v if isinstance(v, list) else [v]):
            items.append((k, one))
    return path + ('?' + urllib.parse.urlencode(items) if items else '')


def without_commit_times(value):
    """committed_at is the moment an ingest committed: the one field two runs (or two backends)
    differ in by construction. Each is checked to be a UTC time, then left out of comparisons."""
    if isinstance(value, dict):
        return {k: ('<time>' if k == 'committed_at' and isinstance(v, str) and v.endswith('Z') else without_commit_times(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [without_commit_times(v) for v in value]
    return value


def walk(ask, path, key, **params):
    """Pages of 3 by cursor; returns the rows, or None when 200 pages did not reach the end."""
    rows, cursor = [], None
    for _ in range(200):
        extra = dict(params, limit=3)
        if cursor:
            extra['cursor'] = cursor
        a = ask(q(path, **extra))
        if a.status != 200:
            return rows
        rows += a.json[key]
        cursor = a.json.get('next_cursor')
        if not cursor:
            return rows
    return None


def backlink_fields(server):
    doc = server.get('/openapi.json').json
    for p in doc['paths']['/v1/backlinks']['get']['parameters']:
        if p['name'] == 'select':
            return [f.strip() for f in p['description'].split('fields:')[1].split(',')]
    raise RuntimeError('no select parameter in /openapi.json')


WHERES = ['follow:eq:nofollow', 'anchor:contains:bike', 'lost:is:true', 'new:is:true', 'lost_in:ne:2',
          'source_status:gte:400', 'first_seen:in:1|2', 'anchor_class:in:branded|generic', 'hidden:is:false',
          'source_country:eq:', 'position:lt:0.5', 'anchor:prefix:A', 'kind:ne:text', 'source_authority:gt:10']


def exercise_target(ask, target, mode, fields, deep):
    base = {'target': target, 'mode': mode}
    for path in ('/v1/overview', '/v1/tlds', '/v1/countries', '/v1/history'):
        ask(q(path, **base))
    for bucket in (10, 25):
        ask(q('/v1/authority-distribution', bucket=bucket, **base))
    ask(q('/v1/backlinks', select=','.join(fields), limit=1000, **base))
    ask(q('/v1/backlinks', select=','.join(fields), limit=1000, format='csv', **base))
    # What changed between snapshots: the last two, and everything since before the first.
    ask(q('/v1/compare', **base))
    ask(q('/v1/compare', **{'from': '0'}, **base))
    lists = [('/v1/backlinks', 'backlinks', ['authority', 'first_seen', 'last_seen'], {}),
             ('/v1/backlinks', 'backlinks', ['authority'], {'one_per_domain': 'true'}),
             ('/v1/refdomains', 'refdomains', ['authority', 'backlinks', 'first_seen', 'last_seen'], {}),
             ('/v1/anchors', 'anchors', ['backlinks', 'referring_domains'], {}),
             ('/v1/refips', 'refips', ['referring_domains', 'backlinks'], {'group': 'ip'}),
             ('/v1/refips', 'refips', ['referring_domains', 'backlinks'], {'group': 'subnet'}),
             ('/v1/pages', 'pages', ['backlinks', 'referring_domains'], {}),
             ('/v1/pages', 'pages', ['backlinks'], {'broken_first': 'true'})]
    unfinished = []
    for path, key, orders, extra in lists:
        ask(q(path, limit=1000, **base, **extra))
        if deep:
            for order in orders:
                for direction in ('desc', 'asc'):
                    params = dict(order_by=f'{order}:{direction}', **base, **extra)
                    if walk(ask, path, key, **params) is None:
                        unfinished.append((path, params))
    for w in WHERES:
        ask(q('/v1/backlinks', where=w, select='id,anchor,first_seen,lost_in,source_status', limit=1000, **base))
    if deep:
        ask(q('/v1/backlinks', where=['follow:eq:follow', 'lost:is:false'], order_by='first_seen:asc', limit=1000, **base))
    return unfinished


def exercise_index(ask, server, targets, deep):
    """Every endpoint for each target, the audit, disavow at three thresholds, gaps and one
    authority batch. Returns the cursor walks that did not end within 200 pages."""
    fields = backlink_fields(server)
    unfinished = []
    for t in targets:
        unfinished += exercise_target(ask, t, 'domain', fields, deep)
        ask(q('/v1/audit', target=t))
        ask(q('/v1/audit', target=t, format='csv'))
        for score in (0, 25, 60):
            ask(q('/v1/disavow', target=t, min_score=score))
    for i in range(0, len(targets) - 1, 2):
        ask(q('/v1/gap', targets=','.join(targets[i:i + 3])))
        ask(q('/v1/gap', targets=','.join(targets[i:i + 2]), format='csv'))
    ask('/v1/authority', 'POST', {'targets': targets + ['not-indexed.example', 'https://' + targets[0] + '/x', '%%%']})
    return unfinished


# The fixture crawl's other target modes (acme-bikes.com is its main target).
FIXTURE_MODES = (('acme-bikes.com', 'subdomains'), ('acme-bikes.com', 'host'), ('https://acme-bikes.com/shop', 'prefix'),
                 ('https://acme-bikes.com/', 'exact'), ('acme-bikes.com/shop', 'prefix'))


def top_targets(db, n):
    """The n domains with the most backlinks, and one crawled domain nobody links to."""
    con = sqlite3.connect(db)
    rows = [r[0] for r in con.execute('SELECT domain FROM domain_overview ORDER BY backlinks DESC, domain LIMIT ?', (n,))]
    crawled = con.execute('SELECT domain FROM pages WHERE domain NOT IN (SELECT domain FROM domain_overview)'
                          ' AND domain <> "" ORDER BY domain LIMIT 1').fetchone()
    con.close()
    return rows + ([crawled[0]] if crawled else [])
