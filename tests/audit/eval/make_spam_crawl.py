#!/usr/bin/env python3
"""Writes one generated crawl for the audit's evaluation (tests/audit/eval/evaluate.py): a target
shop and the sites that link to it, each made by a pattern whose expected verdict is known, with
names, IPs, anchors and topics drawn from the seed. Seeds 1, 2, 3 and 7 tune the audit; seed 11 is held out
(its audit was never printed while the weights and rules were chosen; seed 7 was printed once,
before any tuning, and is a tuning seed since).

Spam patterns (label spam), with the verdict a careful SEO would sign:
  link_farm     pages of 150+ links to unrelated sites, one with a money anchor     disavow
  pbn           4 small sites on one /24, interlinked, the same money anchor, on topic  disavow
  hidden        hacked pages with a display:none money-anchor link                   disavow
  comment_spam  money anchors in a blog's comments (rel=ugc nofollow)               keep|review
  sitewide      footer links with a money anchor on every page of unrelated sites   review
  redirect      generated names on spam-favoured suffixes redirecting (301) to the target  review
Benign look-alikes (label benign):
  shared_host   legitimate sites on one shared-hosting /24 (8 to 14 sites there)     keep
  partner       a partner's sitewide "Powered by <brand>" footer link                keep
  directory     a business directory page listing 150 sites, the target by name    keep|review
  relevant_blog a blog on the target's topic linking with a keyword anchor           keep
  editorial     news and blog articles linking with brand, URL or generic anchors    keep

Usage: make_spam_crawl.py --seed N OUT_DIR   (writes OUT_DIR/crawl.warc and OUT_DIR/expected.tsv)
"""
import argparse
import os
import random
import uuid

TOPICS = [
    ('mountain bikes', ['trail', 'suspension', 'frame', 'ride', 'enduro', 'gears']),
    ('garden tools', ['pruning', 'shears', 'soil', 'spade', 'compost', 'hedge']),
    ('coffee beans', ['roast', 'espresso', 'arabica', 'grind', 'brew', 'crema']),
    ('running shoes', ['marathon', 'cushioning', 'stride', 'trainers', 'pace', 'sole']),
    ('camping tents', ['outdoor', 'waterproof', 'pitch', 'hiking', 'shelter', 'backpacking']),
]
WORDS = ['river', 'maple', 'north', 'bright', 'stone', 'cedar', 'lumen', 'harbor', 'pixel', 'quartz', 'meadow',
         'summit', 'copper', 'orchid', 'falcon', 'willow', 'ember', 'atlas', 'nova', 'crest', 'birch', 'delta']
SPAM_WORDS = ['cheap', 'best', 'free', 'links', 'seo', 'deal', 'top', 'buy']
SPAM_TLDS = ['xyz', 'top', 'click', 'buzz', 'link']
DATE = '2026-05-01T10:00:00Z'


def page(title, body, head=''):
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f'<body>{body}</body></html>')


def a(href, text, rel=None, style=None):
    attrs = (f' rel="{rel}"' if rel else '') + (f' style="{style}"' if style else '')
    return f'<a href="{href}"{attrs}>{text}</a>'


def record(url, ip, html, status=200, location=None):
    body = html.encode('utf-8') if html else b''
    reason = {200: 'OK', 301: 'Moved Permanently'}[status]
    headers = f'HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n'
    if location:
        headers += f'Location: {location}\r\n'
    http = (headers + f'Content-Length: {len(body)}\r\n\r\n').encode() + body
    head = (f'WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n'
            f'WARC-Date: {DATE}\r\nWARC-Target-URI: {url}\r\nWARC-IP-Address: {ip}\r\n'
            f'Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n').encode()
    return head + http + b'\r\n\r\n'


class Crawl:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.records, self.expected, self.used = [], [], set()
        self.subnets = set()

    def name(self, words=2, tld='com', spammy=False):
        while True:
            pool = SPAM_WORDS if spammy else WORDS
            parts = [self.r.choice(pool) for _ in range(words)]
            if spammy:
                parts.append(str(self.r.randint(10, 99)))
            d = '-'.join(parts) if spammy else ''.join(parts)
            d = f'{d}.{tld}'
            if d not in self.used:
                self.used.add(d)
                return d

    def subnet(self):
        while True:
            s = f'{self.r.randint(11, 99)}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}'
            if s not in self.subnets:
                self.subnets.add(s)
                return s

    def ip(self, subnet=None):
        return f'{subnet or self.subnet()}.{self.r.randint(2, 250)}'

    def add(self, url, ip, html, **kw):
        self.records.append(record(url, ip, html, **kw))

    def expect(self, domain, label, pattern, verdict):
        self.expected.append((domain, label, pattern, verdict))


def generate(seed):
    c = Crawl(seed)
    topic, topic_words = c.r.choice(TOPICS)
    brand_word = c.r.choice(WORDS).capitalize() + c.r.choice(['ly', 'io', 'hub', 'works'])
    target = brand_word.lower() + '.com'
    brand = brand_word + ' ' + topic.split()[1].capitalize()
    home = f'https://{target}/'
    inner = [f'https://{target}/{w}' for w in topic_words]
    money = [f'cheap {topic}', f'best {topic} online', f'buy {topic}']
    t_ip = c.ip()
    c.add(home, t_ip, page(f'{brand} | {topic.title()} shop', f'<main><h1>{brand}</h1><p>We sell {topic}.</p></main>',
                           head=f'<meta property="og:site_name" content="{brand}">'))
    for u, w in zip(inner, topic_words):
        c.add(u, t_ip, page(f'{w.title()} {topic} - {brand}', f'<main><p>All about {w} and {topic}.</p></main>'))

    def article(title, text):
        return page(title, f'<main><article><h1>{title}</h1><p>{text}</p></article></main>')

    # Spam: link farms.
    for _ in range(3):
        d = c.name(c.r.choice([1, 2]), tld=c.r.choice(['info', 'net', 'org']))
        listed = ' '.join(a(f'https://{c.name(3)}/', f'Listed site {n}') for n in range(c.r.randint(150, 260)))
        anchor = c.r.choice(money + [brand])  # a farm lists some sites by name
        c.add(f'https://{d}/list-{c.r.randint(1, 9)}', c.ip(), article('Links', listed + ' ' + a(home, anchor)))
        c.expect(d, 'spam', 'link_farm', 'disavow')
    # Spam: a private blog network on one /24.
    net = c.subnet()
    pbn = [c.name(2, tld=c.r.choice(['com', 'net', 'xyz'])) for _ in range(c.r.randint(3, 5))]
    interlinked = c.r.random() < 0.6
    for i, d in enumerate(pbn):
        other = pbn[(i + 1) % len(pbn)]
        w = c.r.sample(topic_words, 2)
        anchor = money[0] if c.r.random() < 0.75 else c.r.choice(money[1:])
        friend = f' and read {a(f"https://{other}/", "this friend")}' if interlinked else ''
        c.add(f'https://{d}/{w[0]}-guide', c.ip(net), article(
            f'{w[0].title()} {topic} guide', f'Our {w[1]} notes on {topic}. Look at {a(home, anchor)}{friend}.'))
        c.expect(d, 'spam', 'pbn', 'disavow')
    # Spam: hidden links on hacked pages.
    for _ in range(3):
        d = c.name(2, tld=c.r.choice(['com', 'org', 'net']))
        hidden = f'<div style="display:none">{a(home, c.r.choice(money))}</div>'
        html = article('About us', 'A small club.')
        # Injected inside the article, or after it, outside any page region.
        html = html.replace('</p>', '</p>' + hidden) if c.r.random() < 0.5 else html.replace('</body>', hidden + '</body>')
        c.add(f'https://{d}/about', c.ip(), html)
        c.expect(d, 'spam', 'hidden', 'disavow')
    # Spam: comment spam on a blog (the blog's own post links fine; the comments carry the spam).
    for _ in range(2):
        d = c.name(2)
        c.add(f'https://{d}/post', c.ip(), page('A post', '<main><article><p>A post about birds.</p></article>'
              '<section id="comments" class="comments"><div class="comment">Nice! ' +
              a(home, c.r.choice(money), rel='ugc nofollow') + '</div></section></main>'))
        c.expect(d, 'spam', 'comment_spam', 'keep|review')  # ugc nofollow passes nothing: review at most
    # Spam: sitewide footer links from unrelated sites.
    for _ in range(2):
        d = c.name(2)
        ip = c.ip()
        for n in range(6):
            c.add(f'https://{d}/page-{n}', ip, page(f'Recipes {n}', f'<main><p>Recipe {n}.</p></main>'
                  f'<footer>{a(home, money[1])}</footer>'))
        c.expect(d, 'spam', 'sitewide', 'review')
    # Spam: generated domains redirecting to the target.
    for _ in range(2):
        d = c.name(2, tld=c.r.choice(SPAM_TLDS), spammy=True)
        c.add(f'https://{d}/', c.ip(), '', status=301, location=home)
        c.expect(d, 'spam', 'redirect', 'review')

    # Benign: legitimate sites on one shared-hosting /24, most linking elsewhere.
    host = c.subnet()
    for i in range(c.r.randint(8, 14)):
        d = c.name(2)
        if i < 3:
            c.add(f'https://{d}/', c.ip(host), article(f'{d} news', f'We like {a(home, c.r.choice([brand, target, "their shop", money[2]]))}.'))
            c.expect(d, 'benign', 'shared_host', 'keep')
        else:
            c.add(f'https://{d}/', c.ip(host), article(f'{d} news', f'We like {a(f"https://{c.name(3)}/", "a friend")}.'))
    # Benign: a partner's sitewide footer credit.
    d = c.name(2)
    ip = c.ip()
    for n in range(6):
        c.add(f'https://{d}/p{n}', ip, page(f'Partner {n}', f'<main><p>Page {n}.</p></main><footer>Powered by {a(home, brand)}</footer>'))
    c.expect(d, 'benign', 'partner', 'keep')
    # Benign: a directory page.
    d = c.name(2, tld='org')
    listed = ' '.join(a(f'https://{c.name(3)}/', f'Business {n}') for n in range(150))
    c.add(f'https://{d}/shops', c.ip(), article('Local business directory', listed + ' ' + a(home, brand)))
    c.expect(d, 'benign', 'directory', 'keep|review')
    # Benign: relevant blogs with keyword anchors.
    for _ in range(c.r.randint(2, 4)):
        d = c.name(2)
        w = c.r.sample(topic_words, 3)
        c.add(f'https://{d}/{w[0]}-review', c.ip(), article(
            f'My {w[0]} and {w[1]} {topic} review',
            f'After a month of {w[1]} and {w[2]} tests, these {topic} stand out: {a(inner[0], money[2])}.'))
        c.expect(d, 'benign', 'relevant_blog', 'keep')
    # Benign: editorial links.
    for _ in range(8):
        d = c.name(c.r.choice([1, 2]), tld=c.r.choice(['com', 'co.uk', 'de', 'org']))
        anchor = c.r.choice([brand, target, home, 'read more', f'{brand} shop'])
        c.add(f'https://{d}/story', c.ip(), article('Weekly roundup', f'This week: {a(c.r.choice([home] + inner), anchor)}.'))
        c.expect(d, 'benign', 'editorial', 'keep')
    return target, c.records, c.expected


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, required=True)
    ap.add_argument('out')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    target, records, expected = generate(args.seed)
    with open(os.path.join(args.out, 'crawl.warc'), 'wb') as f:
        for r in records:
            f.write(r)
    with open(os.path.join(args.out, 'expected.tsv'), 'w') as f:
        f.write(f'# target\t{target}\n')
        for row in expected:
            f.write('\t'.join(row) + '\n')


if __name__ == '__main__':
    main()
