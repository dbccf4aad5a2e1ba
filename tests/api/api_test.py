#!/usr/bin/env python3
"""`linklens serve` over real HTTP on 127.0.0.1: every endpoint, filter, order and format.

1. The fixture crawl (tests/fixtures/make_fixture_crawl.py, two snapshots) where the answers are
   known by construction: modes, filters, new/lost, history, IPs and subnets, broken pages, CSV.
2. Every list endpoint paged with small limits never repeats or skips a row, for every order.
3. Every 200 JSON answer validates against its schema in GET /openapi.json, and every route and
   parameter the document names is served (the server's own list of parameters equals it).
4. The real samples in ../shared/data/warc: overview against the index's own tables, and paging
   through the strongest domain's backlinks.
5. Errors: unknown parameters named, bad values, bad cursors, bad bodies, 404s, oversized bodies,
   a quoted SQL payload as target; none is ever a 5xx.
6. Audit, disavow and gap: on the fixture, the toxic reasons and gap categories known by
   construction; on the real samples, every score is the sum of its reasons and the Venn counts
   add up.
Usage: api_test.py LINKLENS_BINARY DATA_DIR
"""
import csv
import io
import json
import os
import sqlite3
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from api_server import Server  # noqa: E402
from checks import Checks  # noqa: E402
from fixture_index import fixture_index, ingest  # noqa: E402

import jsonschema  # noqa: E402  (Debian python3-jsonschema)

BIN, DATA = sys.argv[1], sys.argv[2]
check = Checks()
ACME = 'acme-bikes.com'
ACME_REFDOMAINS = {'bikeblog.de', 'cyclingnews.co.uk', 'pbn-alpha.xyz', 'pbn-beta.xyz', 'pbn-gamma.top',
                   'free-links-directory.info', 'smallsite-a.com', 'smallsite-b.com', 'hidden-linker.com',
                   'reviews-site.com', 'gone-site.org', 'newcomer.io'}


def q(path, **params):
    items = []
    for k, v in params.items():
        for one in (v if isinstance(v, list) else [v]):
            items.append((k, one))
    return path + '?' + urllib.parse.urlencode(items)


def all_pages(server, path, key, limit, **params):
    """Every row of a paged list, following next_cursor (bounded)."""
    rows, cursor = [], None
    for _ in range(5000):
        extra = dict(params, limit=limit)
        if cursor:
            extra['cursor'] = cursor
        r = server.get(q(path, **extra))
        if r.status != 200:
            check(f'paging {path} {params}', False, r.text)
            return rows
        rows += r.json[key]
        cursor = r.json['next_cursor']
        if cursor is None:
            return rows
    check(f'paging {path} ends', False, 'more than 5000 pages')
    return rows


class SchemaChecker:
    def __init__(self, document):
        self.doc = document

    def __call__(self, name, method, path, answer):
        """Validates a 200 JSON answer against the document's schema for its route."""
        route = path.split('?')[0]
        schema = self.doc['paths'][route][method]['responses']['200']['content']['application/json']['schema']
        try:
            jsonschema.Draft202012Validator(schema).validate(answer)
            check(f'{name}: answer matches /openapi.json', True)
        except jsonschema.ValidationError as e:
            check(f'{name}: answer matches /openapi.json', False, f'{e.message} at {list(e.absolute_path)}')


def fixture_checks(s, db, schema):
    r = s.get(q('/v1/overview', target=ACME))
    o = r.json
    schema('overview', 'get', '/v1/overview', o)
    with sqlite3.connect(db) as c:
        backlinks = c.execute("SELECT count(*) FROM links WHERE target_domain=? AND scope='external'", (ACME,)).fetchone()[0]
    check('overview counts the backlinks', o['indexed'] and o['backlinks'] == backlinks, (o['backlinks'], backlinks))
    check('overview counts the referring domains', o['referring_domains'] == len(ACME_REFDOMAINS), o['referring_domains'])
    check('overview: new and lost in the last snapshot (newcomer.io in, gone-site.org out)',
          o['last_snapshot'] == {'id': 2, 'new_backlinks': 1, 'lost_backlinks': 2}, o['last_snapshot'])
    check('overview: follow counts', o['follow']['sponsored'] == 1 and o['follow']['ugc'] == 1, o['follow'])
    check('overview: the PBN subnet is one subnet', o['referring_ips'] - o['referring_subnets'] == 2, o)
    check('overview: top TLDs', {'tld': 'xyz', 'referring_domains': 2, 'backlinks': 2} in o['top_tlds'], o['top_tlds'])
    check('overview: countries from ccTLDs', any(c['country'] == 'DE' for c in o['top_countries']) and
          any(c['country'] == 'GB' for c in o['top_countries']), o['top_countries'])
    check('overview: anchor classes', sum(o['anchor_classes'].values()) == o['live_backlinks'], o['anchor_classes'])

    # Live aggregation (narrow modes) and the rank-built tables (domain mode) agree.
    for mode in ('subdomains', 'host'):
        other = s.get(q('/v1/overview', target=ACME, mode=mode)).json
        same = {k: v for k, v in other.items() if k not in ('mode',)} == {k: v for k, v in o.items() if k != 'mode'}
        check(f'overview mode={mode} equals domain mode on a one-host domain', same, (other, o))
    exact = s.get(q('/v1/backlinks', target='https://acme-bikes.com/shop', mode='exact', select='source_domain')).json
    check('mode=exact', sorted(b['source_domain'] for b in exact['backlinks']) == ['bikeblog.de', 'reviews-site.com'], exact)
    check('mode=exact without a scheme matches http and https',
          len(s.get(q('/v1/backlinks', target='acme-bikes.com/shop', mode='exact')).json['backlinks']) == 2)
    prefix = s.get(q('/v1/backlinks', target='acme-bikes.com/old', mode='prefix', select='source_domain,lost')).json
    check('mode=prefix', prefix['backlinks'] == [{'source_domain': 'gone-site.org', 'lost': True}], prefix)
    none = s.get(q('/v1/overview', target='www.acme-bikes.com', mode='host')).json
    check('mode=host on a host without links', none['backlinks'] == 0 and none['indexed'], none)
    check('a bad mode is a 400', s.get(q('/v1/overview', target=ACME, mode='everything')).status == 400)

    def where(*conds, **extra):
        r = s.get(q('/v1/backlinks', target=ACME, where=list(conds), **extra))
        check(f'where {conds} answers', r.status == 200, r.text)
        return r.json['backlinks'] if r.status == 200 else []

    check('where follow eq sponsored', [b['source_url'] for b in where('follow:eq:sponsored')] ==
          ['https://reviews-site.com/acme'])
    check('where follow in ugc|sponsored', len(where('follow:in:ugc|sponsored')) == 2)
    check('where hidden is true', [b['source_domain'] for b in where('hidden:is:true', select='source_domain,hidden')] ==
          ['hidden-linker.com'])
    check('where anchor contains (case-insensitive)', sorted(b['source_domain'] for b in where('anchor:contains:CHEAP')) ==
          ['hidden-linker.com', 'pbn-alpha.xyz', 'pbn-beta.xyz', 'pbn-gamma.top'])
    check('where new is true', [b['source_domain'] for b in where('new:is:true')] == ['newcomer.io'])
    check('where lost is true', sorted(b['source_domain'] for b in where('lost:is:true')) == ['gone-site.org'] * 2)
    check('where placement eq footer', [b['source_domain'] for b in where('placement:eq:footer')] == ['gone-site.org'])
    check('where source_domain prefix + two conditions', len(where('source_domain:prefix:pbn-', 'source_subnet:eq:203.0.113.0/24')) == 3)
    check('where source_links gt 100 (the link farm)', [b['source_domain'] for b in where('source_links:gt:100')] ==
          ['free-links-directory.info'])
    strong = where('source_authority:gte:50', select='source_authority')
    check('where source_authority gte', strong and all(b['source_authority'] >= 50 for b in strong), strong)
    selected = where(select='anchor,rel,source_ip,first_seen')
    check('select returns exactly the fields asked', selected and all(list(b) == ['anchor', 'rel', 'source_ip', 'first_seen']
                                                                       for b in selected))
    per_domain = s.get(q('/v1/backlinks', target=ACME, one_per_domain='true', select='source_domain', limit=1000)).json
    names = [b['source_domain'] for b in per_domain['backlinks']]
    check('one_per_domain: one row per referring domain', sorted(names) == sorted(ACME_REFDOMAINS), names)
    by_first = where(order_by='first_seen:asc', select='first_seen')
    check('order_by first_seen:asc', [b['first_seen'] for b in by_first] == sorted(b['first_seen'] for b in by_first))
    for bad, what in [('where=nope:eq:1', 'unknown field'), ('where=follow:gt:1', 'does not apply'),
                      ('where=follow:eq', 'FIELD:OP:VALUE'), ('where=first_seen:eq:x', 'needs a number'),
                      ('where=hidden:is:maybe', 'true or false'), ('select=anchor,nope', 'unknown field'),
                      ('order_by=anchor', 'cannot order by'), ('order_by=authority:up', 'asc or desc'),
                      ('one_per_domain=yes', 'true or false'), ('format=xml', 'json or csv'), ('limit=0', 'limit'),
                      ('limit=2&limit=3', 'more than once')]:
        r = s.get(f'/v1/backlinks?target={ACME}&{bad}')
        check(f'{bad} is a 400 that says {what!r}', r.status == 400 and what in r.json['error']['message'], r.text)
    first = s.get(q('/v1/backlinks', target=ACME, limit=2)).json
    r = s.get(q('/v1/backlinks', target=ACME, limit=2, cursor=first['next_cursor'], order_by='first_seen'))
    check('a cursor from another order is a 400', r.status == 400 and 'order_by' in r.json['error']['message'], r.text)

    refdomains = all_pages(s, '/v1/refdomains', 'refdomains', 1000, target=ACME)
    check('refdomains lists every referring domain', {d['domain'] for d in refdomains} == ACME_REFDOMAINS, refdomains)
    gone = next((d for d in refdomains if d['domain'] == 'gone-site.org'), {})
    check('refdomains: a lost domain has no live backlinks', gone.get('live_backlinks') == 0 and gone.get('backlinks') == 2, gone)
    subnets = s.get(q('/v1/refips', target=ACME, group='subnet')).json['refips']
    pbn = next((x for x in subnets if x['subnet'] == '203.0.113.0/24'), {})
    check('refips by subnet: the PBN', pbn.get('ips') == 3 and pbn.get('domains') == ['pbn-alpha.xyz', 'pbn-beta.xyz', 'pbn-gamma.top'], pbn)
    ips = s.get(q('/v1/refips', target=ACME)).json['refips']
    check('refips by ip', len(ips) == len(ACME_REFDOMAINS) and all('ip' in x for x in ips), ips)
    pages = s.get(q('/v1/pages', target=ACME, broken_first='true')).json['pages']
    check('pages: broken first', pages and pages[0]['url'] == 'https://acme-bikes.com/old-model' and pages[0]['http_status'] == 404, pages[:2])
    plain = s.get(q('/v1/pages', target=ACME)).json['pages']
    check('pages: by backlinks', plain[0]['url'] == 'https://acme-bikes.com/' and plain[0]['http_status'] == 200, plain[:2])
    history = s.get(q('/v1/history', target=ACME)).json['history']
    check('history: two snapshots, with what each added and lost',
          [(h['snapshot'], h['new_backlinks'], h['lost_backlinks'], h['new_referring_domains'], h['lost_referring_domains'])
           for h in history] == [(1, o['backlinks'] - 1, 0, 11, 0), (2, 1, 2, 1, 1)], history)
    buckets = s.get(q('/v1/authority-distribution', target=ACME, bucket=25)).json['buckets']
    check('authority distribution: 4 buckets summing to the referring domains',
          len(buckets) == 4 and sum(b['referring_domains'] for b in buckets) == len(ACME_REFDOMAINS), buckets)
    check('a bad bucket is a 400', s.get(q('/v1/authority-distribution', target=ACME, bucket=7)).status == 400)
    anchors = s.get(q('/v1/anchors', target=ACME)).json['anchors']
    cheap = next((a for a in anchors if a['anchor'] == 'cheap mountain bikes'), {})
    check('anchors: the PBN anchor', cheap.get('referring_domains') == 4, anchors)

    # CSV is the same rows as JSON; the cursor travels in a header.
    r = s.get(q('/v1/backlinks', target=ACME, limit=5, format='csv', select='source_url,anchor,hidden,source_authority'))
    rows = list(csv.DictReader(io.StringIO(r.text)))
    js = s.get(q('/v1/backlinks', target=ACME, limit=5, select='source_url,anchor,hidden,source_authority')).json
    same = len(rows) == 5 and all(row['source_url'] == b['source_url'] and row['anchor'] == b['anchor'] and
                                  row['hidden'] == json.dumps(b['hidden']) for row, b in zip(rows, js['backlinks']))
    check('CSV rows equal the JSON rows', r.headers['Content-Type'].startswith('text/csv') and same, (rows, js))
    check('CSV carries the next cursor', r.headers.get('X-Next-Cursor') == js['next_cursor'])
    r = s.get(q('/v1/refdomains', target=ACME, format='csv'))
    check('every list answers CSV', r.status == 200 and r.text.startswith('domain,authority,'), r.text[:80])

    # Batch authority.
    targets = [ACME, 'https://rival-one.com/x', 'not-indexed.example', '::bad'] + [f'listed-{n}.com' for n in range(996)]
    r = s.post('/v1/authority', {'targets': targets})
    schema('authority', 'post', '/v1/authority', r.json)
    res = r.json['results']
    check('authority: 1000 targets, in order', len(res) == 1000 and [x['input'] for x in res] == targets)
    check('authority: indexed, unknown and invalid are told apart',
          res[0]['indexed'] and res[0]['referring_domains'] == len(ACME_REFDOMAINS) and res[1]['domain'] == 'rival-one.com'
          and not res[2]['indexed'] and res[2]['valid'] and not res[3]['valid'], res[:4])
    for body, what in [({'targets': targets + ['x.com']}, 'at most 1000'), ({'targets': 'x'}, 'array of strings'),
                       ({'targets': [1]}, 'array of strings'), ({'domains': []}, 'unknown body field'), (b'{', 'JSON'),
                       (b'{"targets": []} trailing', 'JSON'), ({}, 'needs targets')]:
        r = s.post('/v1/authority', body)
        check(f'authority body {str(body)[:40]} is a 400 saying {what!r}', r.status == 400 and what in r.json['error']['message'], r.text)
    r = s.post('/v1/authority?x=1', {'targets': []})
    check('authority takes no query parameters', r.status == 400, r.text)
    r = s.post('/v1/authority', b'{"targets": ["' + b'a' * (2 << 20) + b'"]}')
    check('an oversized body is a JSON 413', r.status == 413 and r.json['error']['code'] == 'body_too_large', r.status)
    r = s.get(q('/v1/overview', target="x.com' OR 1=1 --"))
    check('a quoted SQL payload is just a target', r.status in (200, 400) and (r.status == 400 or not r.json['indexed']), r.text)
    r = s.get(q('/v1/backlinks', target=ACME, where="anchor:eq:' OR 1=1 --"))
    check('a quoted SQL payload in where is just a value', r.status == 200 and r.json['backlinks'] == [], r.text)


def audit_checks(s, schema):
    """Audit, disavow and gap on the fixture crawl, where the expected reasons and categories are
    known by construction (tests/fixtures/make_fixture_crawl.py)."""
    r = s.get(q('/v1/audit', target=ACME))
    a = r.json
    schema('audit', 'get', '/v1/audit', a)
    by_domain = {d['domain']: d for d in a['domains']}
    signals = lambda d: {x['signal'] for x in by_domain.get(d, {}).get('reasons', [])}  # noqa: E731
    for pbn in ('pbn-alpha.xyz', 'pbn-beta.xyz', 'pbn-gamma.top'):
        check(f'audit: {pbn} is a PBN on one subnet, to disavow', by_domain[pbn]['action'] == 'disavow' and
              {'shared_subnet', 'anchor_overuse'} <= signals(pbn), by_domain[pbn])
    check('audit: the hidden link', 'hidden' in signals('hidden-linker.com'), by_domain['hidden-linker.com'])
    check('audit: the link farm', 'link_farm' in signals('free-links-directory.info'), by_domain['free-links-directory.info'])
    check('audit: the reciprocal link', 'reciprocal' in signals('smallsite-a.com'), by_domain['smallsite-a.com'])
    check('audit: a clean news site is kept', by_domain['cyclingnews.co.uk']['action'] == 'keep', by_domain['cyclingnews.co.uk'])
    check('audit: every score is the sum of its reasons (at most 100)',
          all(abs(d['score'] - min(100, sum(x['contribution'] for x in d['reasons']))) < 1e-9 for d in a['domains']))
    check('audit: the shared-subnet finding', any(f['kind'] == 'shared_subnets' for f in a['findings']), a['findings'])
    check('audit: toxic share', abs(a['summary']['toxic_share'] - a['summary']['by_action']['disavow']['referring_domains'] /
                                    a['summary']['referring_domains']) < 1e-9, a['summary'])
    r = s.get(q('/v1/audit', target=ACME, format='csv'))
    check('audit as CSV', r.status == 200 and r.text.startswith('domain,score,action,authority,backlinks,reasons'), r.text[:100])
    check('audit: unknown target', s.get(q('/v1/audit', target='nobody.example')).json['indexed'] is False)
    check('audit: a bad limit is a 400', s.get(q('/v1/audit', target=ACME, limit=0)).status == 400)

    r = s.get(q('/v1/disavow', target=ACME))
    lines = r.text.splitlines()
    entries = [x for x in lines if x and not x.startswith('#')]
    check('disavow: a text file of the domains to disavow', r.status == 200 and r.headers['Content-Type'].startswith('text/plain')
          and sorted(entries) == sorted(f"domain:{d['domain']}" for d in a['domains'] if d['action'] == 'disavow'), lines)
    check('disavow: each entry has its reasons above it', all(lines[i - 1].startswith('# toxic score') for i, x in enumerate(lines)
                                                               if x.startswith('domain:')), lines)
    only_header = s.get(q('/v1/disavow', target=ACME, min_score=100)).text.splitlines()
    check('disavow: min_score', all(x.startswith('#') for x in only_header), only_header)
    check('disavow: a bad min_score is a 400', s.get(q('/v1/disavow', target=ACME, min_score='lots')).status == 400)
    body = 'domain:pbn-alpha.xyz\n# mine\ndomain:example.com/blog\nhttps://hidden-linker.com/\nnot a url\n'.encode()
    r = s.post(q('/v1/disavow/parse', target=ACME), body, headers={'Content-Type': 'text/plain'})
    p = r.json
    schema('disavow parse', 'post', '/v1/disavow/parse', p)
    check('disavow parse: every invalid line by number', [x['line'] for x in p['problems']] == [3, 5] and not p['valid'], p)
    check('disavow parse: the backlinks it covers', p['covered']['backlinks'] == 2 and p['covered']['referring_domains'] == 2, p)

    r = s.get(q('/v1/gap', targets='acme-bikes.com,rival-one.com,rival-two.com'))
    g = r.json
    schema('gap', 'get', '/v1/gap', g)
    cats = {x['domain']: x['categories'] for x in g['referring_domains']}
    check('gap: best prospect (links to both rivals, not you)', cats.get('mtbforum.net') == ['best'], cats)
    check('gap: shared (links to all three)', cats.get('cyclingnews.co.uk') == ['shared'], cats)
    check('gap: strong (only you)', 'strong' in cats.get('pbn-alpha.xyz', []), cats)
    venn = {tuple(v['targets']): v['referring_domains'] for v in g['venn']}
    check('gap: Venn counts', venn[('acme-bikes.com', 'rival-one.com', 'rival-two.com')] == 1 and
          venn[('rival-one.com', 'rival-two.com')] == 1 and len(venn) == 7, venn)
    best = s.get(q('/v1/gap', targets='acme-bikes.com,rival-one.com,rival-two.com', category='best')).json
    check('gap: one category', [x['domain'] for x in best['referring_domains']] == ['mtbforum.net'], best)
    r = s.get(q('/v1/gap', targets='acme-bikes.com,rival-one.com', format='csv'))
    check('gap as CSV', r.text.startswith('domain,authority,categories,acme-bikes.com,rival-one.com'), r.text[:120])
    for bad in ['acme-bikes.com', 'a.com,b.com,c.com,d.com,e.com,f.com', 'a.com,A.com', 'a.com,,b.com']:
        check(f'gap: targets={bad} is a 400', s.get(q('/v1/gap', targets=bad)).status == 400)


def paging_checks(s, target):
    """Small pages, every order, both directions: never a repeat or a skip."""
    lists = [('/v1/backlinks', 'backlinks', ['authority', 'first_seen', 'last_seen'], {}),
             ('/v1/backlinks', 'backlinks', ['authority', 'first_seen'], {'one_per_domain': 'true'}),
             ('/v1/refdomains', 'refdomains', ['authority', 'backlinks', 'first_seen', 'last_seen'], {}),
             ('/v1/anchors', 'anchors', ['backlinks', 'referring_domains'], {}),
             ('/v1/refips', 'refips', ['referring_domains', 'backlinks'], {}),
             ('/v1/pages', 'pages', ['backlinks', 'referring_domains'], {'broken_first': 'true'})]
    for path, key, orders, extra in lists:
        for order in orders:
            for direction in ('desc', 'asc'):
                whole = all_pages(s, path, key, 1000, target=target, order_by=f'{order}:{direction}', **extra)
                paged = all_pages(s, path, key, 3, target=target, order_by=f'{order}:{direction}', **extra)
                check(f'{path} {extra} order_by={order}:{direction} pages of 3 = one page', paged == whole and whole,
                      (len(paged), len(whole)))


def openapi_checks(s):
    r = s.get('/openapi.json')
    doc = r.json
    check('/openapi.json is OpenAPI 3.1', r.status == 200 and doc['openapi'].startswith('3.1'), doc.get('openapi'))
    for path, methods in doc['paths'].items():
        for method, op in methods.items():
            names = sorted(p['name'] for p in op['parameters'])
            if method == 'get' and op.get('x-linklens-key-always'):
                # Reads that show capabilities (webhook URLs, feed tokens): a key even from loopback.
                probe = s.get(q(path, zz_unknown='1'))
                check(f'{path} needs a key, even from loopback', probe.status == 401 and
                      probe.json['error']['code'] == 'key_required', (probe.status, probe.text[:200]))
            elif method == 'get':
                probe = s.get(q(path, zz_unknown='1'))
                if names:
                    message = probe.json['error']['message']
                    served = sorted(message.split('this endpoint takes: ')[1].rstrip(')').split(', '))
                    check(f'{path}: the server takes exactly the documented parameters', served == names, (served, names))
                else:
                    check(f'{path} is served', probe.status != 404, probe.status)
            else:
                # Each POST is sent a small body of the first type its requestBody documents; a
                # write (documented with 415) refuses it without a key, even from loopback.
                body_type = next(iter(op['requestBody']['content']))
                if '415' in op['responses']:
                    probe = s.post(path, {'target': 'acme-bikes.com'})
                    check(f'{method} {path} is served and needs a key', probe.status == 401 and
                          probe.json['error']['code'] == 'key_required', (probe.status, probe.text[:200]))
                    continue
                probe = (s.post(path, {'targets': []}) if body_type == 'application/json' else
                         s.post(path, b'', headers={'Content-Type': body_type}))
                check(f'{method} {path} is served ({body_type})', probe.status == 200, (probe.status, probe.text[:200]))
    return SchemaChecker(doc)


def schema_sweep(s, schema, target):
    for path in ['/healthz', '/v1/refdomains', '/v1/anchors', '/v1/tlds', '/v1/countries', '/v1/refips', '/v1/pages',
                 '/v1/history', '/v1/authority-distribution']:
        r = s.get(q(path, target=target) if path != '/healthz' else path)
        check(f'{path} answers 200', r.status == 200, r.text[:200])
        if r.status == 200:
            schema(path, 'get', path, r.json)
    every_field = s.get('/openapi.json').json['paths']['/v1/backlinks']['get']['responses']['200']['content'][
        'application/json']['schema']['properties']['backlinks']['items']['properties']
    r = s.get(q('/v1/backlinks', target=target, select=','.join(every_field), limit=50))
    check('every backlink field can be selected', r.status == 200 and r.json['backlinks'] and
          set(r.json['backlinks'][0]) == set(every_field), r.text[:300])
    if r.status == 200:
        schema('backlinks (every field)', 'get', '/v1/backlinks', r.json)
    r = s.get(q('/v1/refips', target=target, group='subnet'))
    schema('refips by subnet', 'get', '/v1/refips', r.json)


def real_data_checks(s, db):
    with sqlite3.connect(db) as c:
        domain, backlinks, refdomains = c.execute(
            'SELECT domain, backlinks, referring_domains FROM domain_overview ORDER BY backlinks DESC LIMIT 1').fetchone()
        score = c.execute('SELECT score FROM domain_authority WHERE domain = ?', (domain,)).fetchone()[0]
    o = s.get(q('/v1/overview', target=domain.upper())).json
    check('real data: overview answers from the index', o['indexed'] and o['backlinks'] == backlinks and
          o['referring_domains'] == refdomains and abs(o['authority_score'] - score) < 1e-9, o)
    seen = all_pages(s, '/v1/backlinks', 'backlinks', 7, target=domain, select='id,source_authority')
    check('real data: pages of 7 return every backlink once', len(seen) == backlinks and len({b['id'] for b in seen}) == backlinks,
          (len(seen), backlinks))
    authorities = [b['source_authority'] for b in seen]
    check('real data: strongest first', authorities == sorted(authorities, reverse=True))
    print(f'  real data: paged {len(seen)} backlinks of {domain} 7 at a time')
    check('real data: unknown target', s.get(q('/v1/overview', target='not-indexed.example')).json['indexed'] is False)


def error_checks(s):
    check('unknown route: JSON 404', s.get('/v2/nothing').json['error']['code'] == 'not_found')
    check('missing target: 400', s.get('/v1/overview').status == 400)
    r = s.get('/v1/overview?target=a.com&bogus=1&other=2')
    check('unknown parameters are named', r.status == 400 and "'bogus, other'" in r.json['error']['message'], r.text)
    r = s.get(q('/v1/backlinks', target='a.com', cursor='garbage!'))
    check('a foreign cursor is a 400', r.status == 400 and 'cursor' in r.json['error']['message'], r.text)
    r = s.get('/metrics')
    check('/metrics counts requests and errors by route', r.status == 200 and
          'linklens_http_requests_total{route="/v1/overview",status="200"}' in r.text and
          'linklens_http_errors_total{route="unmatched"}' in r.text and
          'linklens_http_request_duration_seconds_bucket{route="/v1/backlinks",le="+Inf"}' in r.text, r.text[:300])


def main(tmp):
    db, _ = fixture_index(BIN, tmp)
    log = os.path.join(tmp, 'access.jsonl')
    config = os.path.join(tmp, 'serve.json')
    with open(config, 'w') as f:
        json.dump({'access_log': log, 'threads': 4}, f)
    with Server(BIN, '--db', db, '--config', config) as s:
        schema = openapi_checks(s)
        fixture_checks(s, db, schema)
        audit_checks(s, schema)
        paging_checks(s, ACME)
        schema_sweep(s, schema, ACME)
        error_checks(s)
    check('SIGTERM stops the server with exit 0', s.exit_code == 0, s.exit_code)
    with open(log) as f:
        lines = [json.loads(line) for line in f]
    check('the access log is JSON lines with route, status and time', len(lines) > 100 and
          all({'time', 'method', 'path', 'route', 'status', 'ms', 'who'} <= set(x) for x in lines), lines[:2])

    warc = os.path.join(DATA, 'warc')
    if not os.path.isdir(warc):
        print(f'SKIPPED: {warc} is missing (the real data in ../shared/data)')
        return
    real_db = os.path.join(tmp, 'real.db')
    ingest(BIN, real_db, warc)
    with Server(BIN, '--db', real_db, '--threads', '4') as s:
        real_data_checks(s, real_db)
        schema = SchemaChecker(s.get('/openapi.json').json)
        a = s.get(q('/v1/audit', target='twitter.com')).json
        schema('real data: audit', 'get', '/v1/audit', a)
        check('real data: every audit score is the sum of its reasons',
              a['domains'] and all(abs(d['score'] - min(100, sum(x['contribution'] for x in d['reasons']))) < 1e-9
                                   for d in a['domains']), a['summary'])
        g = s.get(q('/v1/gap', targets='twitter.com,facebook.com,google.com')).json
        schema('real data: gap', 'get', '/v1/gap', g)
        check('real data: gap rows and Venn agree', sum(v['referring_domains'] for v in g['venn']) == len(g['referring_domains']), g['venn'])
        print(f"  real data: audit of twitter.com: {a['summary']['referring_domains']} referring domains, "
              f"toxic share {a['summary']['toxic_share']:.2f}, top reasons {a['summary']['top_reasons'][:3]}; "
              f"gap twitter/facebook/google: {g['categories']}")



with tempfile.TemporaryDirectory() as tmp:
    main(tmp)
sys.exit(check.finish('api'))
