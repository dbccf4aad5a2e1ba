"""Starting, querying and stopping `linklens serve` in the Python end-to-end tests: real HTTP on
127.0.0.1, every server stopped by its own PID, every wait bounded."""
import json
import os
import signal
import subprocess
import urllib.error
import urllib.request

from checks import free_port, wait_for_port


class Answer:
    def __init__(self, status, headers, raw):
        self.status, self.headers, self.raw = status, headers, raw

    @property
    def json(self):
        return json.loads(self.raw)

    @property
    def text(self):
        return self.raw.decode('utf-8')


def request(base, path, method='GET', body=None, headers=None, timeout=30):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    if data is not None and 'Content-Type' not in (headers or {}):
        req.add_header('Content-Type', 'application/json')
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Answer(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Answer(e.code, e.headers, e.read())


class Server:
    """`linklens serve` on a free loopback port; a context manager that stops it by PID."""

    def __init__(self, binary, *args, env=None):
        self.port = free_port()
        self.base = f'http://127.0.0.1:{self.port}'
        self.args = [binary, 'serve', '--listen', f'127.0.0.1:{self.port}', *args]
        self.env = env
        self.process = None
        self.exit_code = None

    def __enter__(self):
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        if not wait_for_port(self.port, attempts=200):
            self.stop()
            raise RuntimeError(f'server did not start: {self.process.stderr.read().decode()}')
        return self

    def get(self, path, **kw):
        return request(self.base, path, **kw)

    def post(self, path, body, **kw):
        return request(self.base, path, method='POST', body=body, **kw)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.exit_code = self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
                self.exit_code = None
        elif self.process:
            self.exit_code = self.process.returncode
        return self.exit_code

    def __exit__(self, *exc):
        self.stop()
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()
