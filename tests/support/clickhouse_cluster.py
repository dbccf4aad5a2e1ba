"""Real ClickHouse shards for the tests: each a clickhouse-server process with its own config,
data folder and ports, listening on 127.0.0.1 only, in one cluster ('linklens') defined in every
server's remote_servers. Every process is stopped by its own PID.

Usage:
    with ClickHouseCluster(tmp_dir, shards=2) as cluster:
        cluster.url  # clickhouse://127.0.0.1:H1,127.0.0.1:H2/linklens
"""
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

SERVER = shutil.which('clickhouse-server') or '/usr/bin/clickhouse-server'


def available():
    return os.path.exists(SERVER)


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


USERS = """<yandex>
  <profiles><default><max_memory_usage>{max_memory}</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
"""


class ClickHouseCluster:
    def __init__(self, base_dir, shards=2, database='linklens', max_memory_bytes=4 << 30):
        self.base_dir = os.path.abspath(base_dir)
        self.max_memory_bytes = max_memory_bytes
        self.database = database
        self.shards = []
        for i in range(shards):
            self.shards.append({'http': free_port(), 'tcp': free_port(), 'dir': os.path.join(self.base_dir, f'shard-{i + 1}'),
                                'process': None})

    @property
    def url(self):
        return 'clickhouse://' + ','.join(f"127.0.0.1:{s['http']}" for s in self.shards) + '/' + self.database

    def _write_config(self, shard):
        d = shard['dir']
        for sub in ('data', 'tmp', 'user_files', 'log'):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        replicas = ''.join(f"<shard><replica><host>127.0.0.1</host><port>{s['tcp']}</port></replica></shard>"
                           for s in self.shards)
        with open(os.path.join(d, 'users.xml'), 'w') as f:
            f.write(USERS.replace('{max_memory}', str(self.max_memory_bytes)))
        with open(os.path.join(d, 'config.xml'), 'w') as f:
            f.write(f"""<yandex>
  <logger><level>warning</level><log>{d}/log/server.log</log><errorlog>{d}/log/error.log</errorlog>
    <size>10M</size><count>2</count></logger>
  <http_port>{shard['http']}</http_port>
  <tcp_port>{shard['tcp']}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>{d}/data/</path>
  <tmp_path>{d}/tmp/</tmp_path>
  <user_files_path>{d}/user_files/</user_files_path>
  <users_config>{d}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <timezone>UTC</timezone>
  <remote_servers><linklens>{replicas}</linklens></remote_servers>
</yandex>
""")

    def start_shard(self, i):
        shard = self.shards[i]
        self._write_config(shard)
        log = open(os.path.join(shard['dir'], 'log', 'stdout.log'), 'ab')
        shard['process'] = subprocess.Popen([SERVER, f"--config-file={shard['dir']}/config.xml"], stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            if shard['process'].poll() is not None:
                raise RuntimeError(f'clickhouse-server of shard {i + 1} exited: see {shard["dir"]}/log')
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{shard['http']}/ping", timeout=2) as r:
                    if r.read().strip() == b'Ok.':
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f'clickhouse-server of shard {i + 1} did not answer /ping within 60 s')

    def start(self):
        for i in range(len(self.shards)):
            self.start_shard(i)
        return self

    def kill_shard(self, i):
        """SIGKILL, as a crashed machine: no clean shutdown."""
        p = self.shards[i]['process']
        if p and p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
            p.wait(timeout=30)

    def stop(self):
        for shard in self.shards:
            p = shard['process']
            if p and p.poll() is None:
                os.kill(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.kill(p.pid, signal.SIGKILL)
                    p.wait(timeout=30)
            shard['process'] = None

    def query(self, i, sql):
        req = urllib.request.Request(f"http://127.0.0.1:{self.shards[i]['http']}/", data=sql.encode())
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.read().decode()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
