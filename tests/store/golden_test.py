#!/usr/bin/env python3
"""The API's answers do not change when the store's layout does. Every answer the ClickHouse parity
test compares (every endpoint, target mode, order in both directions, cursor walks, filters, CSV,
audit, disavow, gap, the authority batch) and the CLI's audit, gap and disavow output, on three
indexes: the fixture crawl (two snapshots: new and lost links), a generated crawl and the real
WARC samples in ../shared/data/warc. Each answer is compared with a digest recorded by the
previous layout (tests/store/golden/*.json: digests only, so no real data is copied into the tree;
a mismatch prints the answer given now).

`--record` writes the digests instead; it is run once before a layout change, never to make a
failing test pass.

Usage: golden_test.py LINKLENS_BINARY SHARED_DATA_DIR [--record]
"""
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'support'))
from api_exercise import (FIXTURE_MODES, backlink_fields, exercise_index, exercise_target, top_targets,  # noqa: E402
                          without_commit_times)
from api_server import Server  # noqa: E402
from checks import Checks  # noqa: E402
from fixture_index import ingest, make_fixture_crawl  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DATA = sys.argv[2] if len(sys.argv) > 2 else ''
RECORD = '--record' in sys.argv
GENERATOR = os.path.join(os.path.dirname(BIN), '..', 'bench', 'generate_warc')
GOLDEN = os.path.join(HERE, 'golden')
check = Checks()


def without_today(text):
    """A disavow file's header is dated: today's date is the other."""
    return text.replace(datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d'), '<today>')


def canonical(answer):
    if 'json' in answer.headers.get('Content-Type', ''):
        body = json.dumps(without_commit_times(answer.json), sort_keys=True, ensure_ascii=False)
    else:
        body = answer.text
    return without_today(f'{answer.status}\n{answer.headers.get("X-Next-Cursor", "")}\n{body}')


class Recorder:
    """Sends each request to one server and keeps the digest of its answer under the request."""

    def __init__(self, server):
        self.server, self.digests, self.texts = server, {}, {}

    def ask(self, path, method='GET', body=None, headers=None):
        a = self.server.get(path) if method == 'GET' else self.server.post(path, body, headers=headers)
        key = f'{method} {path}' + (f' {json.dumps(body, sort_keys=True)}' if body is not None else '')
        text = canonical(a)
        self.digests[key] = hashlib.sha256(text.encode()).hexdigest()
        self.texts[key] = text
        return a

    def cli(self, db, *command):
        r = subprocess.run([BIN, *command, '--db', db], capture_output=True, text=True)
        key = 'CLI ' + ' '.join(command)
        text = without_today(f'{r.returncode}\n{r.stdout}')
        self.digests[key] = hashlib.sha256(text.encode()).hexdigest()
        self.texts[key] = text


def exercise(db, targets, deep, modes=(), cli=()):
    config = os.path.join(os.path.dirname(db), 'serve.json')
    with open(config, 'w') as f:
        json.dump({'access_log': '', 'anonymous_rate_per_second': 1000000, 'anonymous_burst': 1000000}, f)
    with Server(BIN, '--db', db, '--config', config) as server:
        r = Recorder(server)
        unfinished = exercise_index(r.ask, server, targets, deep)
        fields = backlink_fields(server)
        for target, mode in modes:
            unfinished += exercise_target(r.ask, target, mode, fields, deep)
    check(f'{os.path.basename(db)}: every cursor walk ends within 200 pages', not unfinished, unfinished)
    for command in cli:
        r.cli(db, *command)
    return r


def compare(name, recorder):
    path = os.path.join(GOLDEN, f'{name}.json')
    if RECORD:
        with open(path, 'w') as f:
            json.dump(recorder.digests, f, indent=0, sort_keys=True)
            f.write('\n')
        print(f'{name}: {len(recorder.digests)} answers recorded in {path}')
        return
    with open(path) as f:
        golden = json.load(f)
    check(f'{name}: the same {len(golden)} requests were asked', sorted(golden) == sorted(recorder.digests),
          sorted(set(golden) ^ set(recorder.digests))[:10])
    differ = [k for k in golden if k in recorder.digests and golden[k] != recorder.digests[k]]
    for k in differ[:5]:
        print(f'  differs: {k}\n    now: {recorder.texts[k][:800]}')
    check(f'{name}: {len(golden) - len(differ)} of {len(golden)} answers as recorded', not differ, f'{len(differ)} differ')


def main():
    with tempfile.TemporaryDirectory() as tmp:
        fixture = os.path.join(tmp, 'fixture.db')
        warcs = make_fixture_crawl(os.path.join(tmp, 'crawl'))
        for n, warc in enumerate(warcs, 1):
            ingest(BIN, fixture, warc, crawl=f'fixture-{n}')
        targets = top_targets(fixture, 8)
        if 'acme-bikes.com' not in targets:
            targets.insert(0, 'acme-bikes.com')
        cli = (('audit', 'acme-bikes.com'), ('gap', 'acme-bikes.com', 'rival-one.com', 'rival-two.com'),
               ('disavow', 'acme-bikes.com', '--min-score', '25'))
        compare('fixture', exercise(fixture, targets, True, FIXTURE_MODES, cli))

        generated = os.path.join(tmp, 'generated.db')
        warc = os.path.join(tmp, 'generated.warc.gz')
        subprocess.run([GENERATOR, '--pages', '1500', '--seed', '7', '--out', warc], check=True, capture_output=True)
        ingest(BIN, generated, warc, crawl='generated')
        top = top_targets(generated, 5)
        compare('generated', exercise(generated, top, False, cli=[('audit', top[0]), ('gap', *top[:3])]))

        real = os.path.join(DATA, 'warc')
        if os.path.isdir(real):
            db = os.path.join(tmp, 'real.db')
            ingest(BIN, db, real, crawl='real-1')
            top = top_targets(db, 10)
            compare('real', exercise(db, top, False, cli=[('audit', top[0]), ('gap', *top[:3])]))
        elif os.environ.get('CI'):
            check(f'{real} exists (CI runs the real-data tests)', False)
        else:
            print(f'SKIPPED: {real} is missing (the real data in ../shared/data); golden answers on real crawls not compared')
    return check.finish('store.golden')


if __name__ == '__main__':
    sys.exit(main())
