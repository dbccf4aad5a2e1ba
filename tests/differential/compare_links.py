#!/usr/bin/env python3
"""Differential test: the links Linklens finds (linklens inspect) against an independent HTML5
parser (html5lib, hrefs resolved by Node's URL) on every real page of ../shared/data.

A link is compared as (resolved URL, rel tokens, anchor text with all whitespace removed; the
inspector puts spaces at <br> and block boundaries where textContent has none). Agreement is the
share of links matched one to one across both sides. The kinds of disagreement are listed.

Usage: compare_links.py LINKLENS_BINARY DATA_DIR MIN_AGREEMENT
Prints "differential: N passed, N failed" and exits 1 below MIN_AGREEMENT.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pages  # noqa: E402
import reference_links  # noqa: E402


def squash(s):
    return ''.join(s.split())


def main():
    binary, data_dir, minimum = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if not os.path.isdir(data_dir):
        print(f'SKIPPED: {data_dir} is missing (the real data in ../shared/data)')
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    resolver = subprocess.Popen(['node', os.path.join(here, 'resolve_links.mjs')], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
    matched = ours_only = theirs_only = 0
    kinds = collections.Counter()
    examples = collections.defaultdict(list)
    page_count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for url, text in pages.all_pages(data_dir):
            page_count += 1
            path = os.path.join(tmp, 'page.html')
            with open(path, 'w', encoding='utf-8', errors='surrogatepass') as f:
                f.write(text)
            out = subprocess.run([binary, 'inspect', '--url', url, '--header', 'Content-Type: text/html; charset=utf-8', path],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                print(f'linklens inspect failed on {url}: {out.stderr.strip()}')
                return 1
            ours = [l for l in json.loads(out.stdout)['links'] if l['kind'] in ('text', 'image', 'area')]
            base, ref = reference_links.links_of(text)
            resolver.stdin.write(json.dumps({'page': url, 'base': base, 'hrefs': [r['href'] for r in ref]}) + '\n')
            resolver.stdin.flush()
            urls = json.loads(resolver.stdout.readline())['urls']
            theirs = collections.Counter((u, r['rel'], squash(r['anchor'])) for u, r in zip(urls, ref))
            mine = collections.Counter((l['url'], ' '.join(sorted(set(l['rel']))), squash(l['anchor'])) for l in ours)
            common = theirs & mine
            matched += sum(common.values())
            only_mine, only_theirs = mine - common, theirs - common
            ours_only += sum(only_mine.values())
            theirs_only += sum(only_theirs.values())
            # Classify each unmatched reference link by what differs from its nearest own link.
            by_url = collections.defaultdict(list)
            for (u, rel, a), n in only_mine.items():
                by_url[u].append((rel, a))
            for (u, rel, a), n in only_theirs.items():
                if u in by_url:
                    rels = [r for r, _ in by_url[u]]
                    kind = 'rel differs' if rel not in rels else 'anchor text differs'
                else:
                    kind = 'link missing in linklens (or URL differs)'
                kinds[kind] += n
                if len(examples[kind]) < 4:
                    examples[kind].append(f'{url}: {u} rel={rel!r} anchor={a[:60]!r} ours={by_url.get(u, [])[:2]!r}'[:400])
            extra = sum(n for (u, _, _), n in only_mine.items() if u not in {k[0] for k in only_theirs})
            kinds['extra link in linklens (or URL differs)'] += extra
    resolver.stdin.close()
    resolver.wait()
    total = matched + max(ours_only, theirs_only)
    agreement = matched / total if total else 1.0
    print(f'differential vs html5lib on {page_count} pages: {matched} links agree, '
          f'{theirs_only} only in html5lib, {ours_only} only in linklens; agreement {agreement:.4f}')
    for kind, n in kinds.most_common():
        if n:
            print(f'  {kind}: {n}')
            for e in examples.get(kind, []):
                print(f'    e.g. {e}')
    ok = agreement >= minimum
    print(f'differential: {1 if ok else 0} passed, {0 if ok else 1} failed')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
