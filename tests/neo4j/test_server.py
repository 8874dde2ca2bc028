"""The local Neo4j server: a real Neo4j Community over real Bolt, with the official driver.

Starting it takes ~10 s (plus a one-off Maven resolution of the jars, cached in
~/.cache/graphmodel/neo4j and ~/.m2), so the server is started once for the module.
Needs ``java`` (17+) and ``mvn`` on PATH: without them, skipped (a failure in CI).
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graphmodel.backends.neo4j import server

from ..conftest import _unavailable

CACHE_DIR = Path.home() / ".cache" / "graphmodel" / "neo4j"

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("neo4j-data")
    # A password kept from before, starting with "-" as one in 64 random ones does:
    # Neo4j's set-initial-password once took it for an option and the start failed.
    (path / "password").write_text("-dash-first-" + os.urandom(8).hex() + "\n")
    return path


@pytest.fixture(scope="module")
def info(data_dir):
    if shutil.which("java") is None or shutil.which("mvn") is None:
        _unavailable("needs java and mvn on PATH")  # a failure in CI, a skip elsewhere
    info = server.start(data_dir, cache_dir=CACHE_DIR)
    yield info
    server.stop(data_dir)


@pytest.fixture(scope="module")
def driver(info):
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as drv:
        yield drv


def _port(info: server.ServerInfo) -> int:
    return int(info.uri.rsplit(":", 1)[1])


def test_return_1(driver, info):
    records, _, _ = driver.execute_query("RETURN 1 AS x")
    assert records[0]["x"] == 1
    assert info.uri.startswith("bolt://127.0.0.1:")
    assert info.version.startswith("5.26.")


def test_write_then_read_a_node(driver):
    driver.execute_query("CREATE (:Probe {name: $name, n: $n})", name="alpha", n=42)
    records, _, _ = driver.execute_query(
        "MATCH (p:Probe {name: $name}) RETURN p.n AS n, count(*) AS c", name="alpha")
    assert [(r["n"], r["c"]) for r in records] == [(42, 1)]


def test_status_and_start_find_the_running_server(info, data_dir):
    found = server.status(data_dir)
    assert found is not None
    assert (found.pid, found.uri, found.user, found.password) == (
        info.pid, info.uri, info.user, info.password)
    again = server.start(data_dir, cache_dir=CACHE_DIR)  # already running: same server
    assert again.pid == info.pid


def test_secrets_are_private_files(info, data_dir):
    for name in ("password", "server.json"):
        assert (data_dir / name).stat().st_mode & 0o777 == 0o600
    assert info.password not in (data_dir / "server.json").read_text()


def test_password_not_in_repr_nor_command_line(info):
    assert info.password
    assert info.password not in repr(info)
    assert info.password not in str(info)
    cmdline = Path(f"/proc/{info.pid}/cmdline").read_bytes()
    assert b"io.graphmodel.launcher.Launcher" in cmdline
    assert info.password.encode() not in cmdline


def _listening_addresses(port: int) -> set[str]:
    """Local addresses of LISTEN sockets on ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            addr_hex, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A = LISTEN
                continue
            raw = bytes.fromhex(addr_hex)
            # the kernel prints each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            family = socket.AF_INET if len(raw) == 4 else socket.AF_INET6
            found.add(socket.inet_ntop(family, raw))
    return found


def test_listens_on_loopback_only(info):
    addresses = _listening_addresses(_port(info))
    assert addresses, "nothing listens on the Bolt port"
    assert addresses <= {"127.0.0.1", "::ffff:127.0.0.1"}, addresses


def test_the_server_maps_the_class_archive(info, data_dir, tmp_path):
    from graphmodel.backends.neo4j import class_archive

    args = Path(f"/proc/{info.pid}/cmdline").read_bytes().split(b"\0")
    [option] = [a.decode() for a in args if a.startswith(b"-XX:SharedArchiveFile=")]
    archive = Path(option.split("=", 1)[1])
    assert archive.is_file() and archive.stat().st_mode & 0o077 == 0
    log = (data_dir / "logs" / "launcher.log").read_text()
    assert "mismatch" not in log and "[error" not in log  # the JVM took the archive
    # One cut short would abort every JVM that maps it: it is tried before it is kept.
    java = shutil.which("java")
    short = tmp_path / "short.jsa"
    short.write_bytes(archive.read_bytes()[: archive.stat().st_size // 20])
    assert class_archive.loads(java, archive) and not class_archive.loads(java, short)


def test_a_class_archive_is_made_once_and_a_failed_one_is_not_retried(tmp_path):
    """What the first start on a machine does (the suite's own starts find the archive
    made): a training start and stop, the archive tried, then kept; a training that
    fails leaves a marker, and starts go on without an archive."""
    from graphmodel.backends.neo4j import class_archive

    java = shutil.which("java")
    launcher = ["-Xmx512m", *server.JVM_OPTIONS, "-cp",
                os.pathsep.join(server.ensure_built(CACHE_DIR)), server.MAIN_CLASS]
    made = class_archive.ensure_archive(tmp_path / "build", java, launcher)
    assert made is not None and made.parent == tmp_path / "build" / "class-archive"
    assert class_archive.loads(java, made) and made.stat().st_mode & 0o077 == 0
    assert class_archive.archive_options(tmp_path / "build", java) == \
        [f"-XX:SharedArchiveFile={made}"]
    assert class_archive.ensure_archive(tmp_path / "build", java, launcher) == made
    assert sorted(p.name for p in made.parent.iterdir()) == [".lock", made.name]

    broken = [*launcher[:-1], "no.such.Main"]  # the JVM exits at once
    assert class_archive.ensure_archive(tmp_path / "other", java, broken) is None
    [marker] = (tmp_path / "other" / "class-archive").glob("*.failed")
    assert "did not become ready" in marker.read_text()
    assert class_archive.archive_options(tmp_path / "other", java) == []


def test_stop_then_restart_keeps_password_and_data(info, data_dir):
    # last test of the module: it stops the shared server
    assert server.stop(data_dir) is True
    assert server.status(data_dir) is None
    assert not (data_dir / "server.json").exists()
    assert not _pid_running(info.pid)
    assert server.stop(data_dir) is False

    again = server.start(data_dir, cache_dir=CACHE_DIR)
    try:
        assert again.pid != info.pid
        assert again.password == info.password
        with GraphDatabase.driver(again.uri, auth=(again.user, again.password)) as drv:
            records, _, _ = drv.execute_query("MATCH (p:Probe {name: 'alpha'}) RETURN p.n AS n")
        assert [r["n"] for r in records] == [42]
    finally:
        assert server.stop(data_dir) is True


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
