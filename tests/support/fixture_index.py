"""Builds indexes for the end-to-end tests with the real `linklens ingest` and `rank`: from the
project's fixture crawl (tests/fixtures/make_fixture_crawl.py, two snapshots) or from real WARCs."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def make_fixture_crawl(out_dir):
    subprocess.run([sys.executable, os.path.join(HERE, '..', 'fixtures', 'make_fixture_crawl.py'), out_dir], check=True)
    return [os.path.join(out_dir, f'snapshot-{n}.warc') for n in (1, 2)]


def ingest(binary, db, *inputs, crawl=None):
    """`linklens ingest`, which ranks the index before it commits."""
    args = [binary, 'ingest', '--quiet', '--db', db] + (['--crawl', crawl] if crawl else []) + list(inputs)
    subprocess.run(args, check=True, capture_output=True)


def fixture_index(binary, tmp, snapshots=2):
    """The fixture crawl's index with `snapshots` (1 or 2) snapshots ingested and ranked."""
    warcs = make_fixture_crawl(os.path.join(tmp, 'fixture-crawl'))
    db = os.path.join(tmp, f'fixture-{snapshots}.db')
    for n in range(snapshots):
        ingest(binary, db, warcs[n], crawl=f'fixture-{n + 1}')
    return db, warcs
