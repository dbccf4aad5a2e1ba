"""Helpers shared by the Python end-to-end tests: named checks with a closing
"LABEL: N passed, N failed" line, and loopback ports for the servers they start."""
import socket
import time


class Checks:
    """check(name, ok, detail): records one check, printing the detail of a failure."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, name, ok, detail=''):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f'FAIL {name}: {detail}')

    def finish(self, label):
        """Prints the closing line and returns the process exit code."""
        print(f'{label}: {self.passed} passed, {self.failed} failed')
        return 1 if self.failed else 0


def free_port():
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_for_port(port, attempts=100, delay=0.05):
    """Waits (bounded) until something accepts connections on 127.0.0.1:port."""
    for _ in range(attempts):
        try:
            socket.create_connection(('127.0.0.1', port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(delay)
    return False
