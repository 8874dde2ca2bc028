"""The bulk import under faults, with real processes killed with real signals: the
previous database is kept until the new one is whole, a swap cut short is finished
by the next start, and a full disk is one line with nothing changed."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import graphmodel
from graphmodel.errors import Neo4jServerError
from graphmodel.backends.neo4j import bulk, connection, launchers, push, server, staging

from ..conftest import _unavailable
from ..datasets import random_dataset
from graphmodel.backends.neo4j.digest import digest
from graphmodel.backends.neo4j.source import Neo4jDatabase
from .conftest import driver_for

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def import_process(store: Path, data_dir: Path, **popen) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).with_name("graphmodel")), "neo4j", "import",
                             "--store", str(store), "--dir", str(data_dir)],
                            env={k: v for k, v in os.environ.items() if k != "NEO4J_URI"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **popen)


def importer_running(data_dir: Path) -> bool:
    """Neo4j's importer runs for ``data_dir`` (its NEO4J_HOME is the staging folder)."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if bulk.IMPORTER_CLASS.encode() in cmdline and str(data_dir).encode() in environ:
            return True
    return False


@pytest.fixture(scope="module")
def two_stores(tmp_path_factory):
    """The demo's store and a larger one's."""
    root = tmp_path_factory.mktemp("stores")
    small, large = root / "small.gmz", root / "large.gmz"
    graphmodel.seed(graphmodel.bundled_dataset("demo"), small)
    graphmodel.seed(random_dataset(root / "ds", seed=7, size=2_500), large)
    return small, large


@pytest.fixture(scope="module")
def local_server(tmp_path_factory, two_stores):
    """One local server for the module, started by importing the demo:
    ``local_server()`` is ``(info, data_dir)`` of it now."""
    data_dir = tmp_path_factory.mktemp("server")
    try:
        bulk.bulk_import(graphmodel.open_store(two_stores[0]), data_dir,
                         cache_dir=connection.maven_cache_dir())
    except Neo4jServerError as exc:
        _unavailable(f"a Neo4j for this test did not start: {exc}")
    yield lambda: (server.status(data_dir), data_dir)
    server.stop(data_dir)


def pushed(store: Path, driver) -> dict:
    """The digest of ``store`` pushed into the suite's (emptied) Neo4j."""
    push.push(graphmodel.open_store(store), driver)
    return digest(driver)


def test_a_swap_cut_short_is_finished_by_the_next_start(local_server, two_stores, neo4j_driver):
    _, large = two_stores
    _, data_dir = local_server()
    # The large graph staged and complete, the server stopped, and the swap killed
    # after the store folder moved in but before the transaction logs did.
    G = graphmodel.open_store(large)
    with staging.staging_lock(data_dir):
        stage = data_dir / staging.STAGING
        files = bulk.write_import_files(G, stage / "csv")
        bulk._run_importer(stage, files, server.ensure_built(connection.maven_cache_dir()),
                           "java", data_dir / "logs" / "import.log")
        staging.mark_complete(data_dir, {"as_of": None})  # a random dataset has no date
    server.stop(data_dir)
    store_part, _ = staging.DATABASE_PARTS
    os.rename(data_dir.joinpath(*store_part), data_dir / "old-store")
    os.rename(stage.joinpath(*store_part), data_dir.joinpath(*store_part))

    info = server.start(data_dir, cache_dir=connection.maven_cache_dir())  # recovers first
    assert staging.unfinished(data_dir) is None  # the start made the schema and dataset node
    with driver_for(info) as driver:
        bulk._finish(G, info)  # the batches' records
        assert digest(driver) == pushed(large, neo4j_driver)
    assert not stage.exists()


def test_killed_mid_import_keeps_the_previous_database_and_a_rerun_converges(
        local_server, two_stores, neo4j_driver):
    small, _ = two_stores
    info, data_dir = local_server()
    with driver_for(info) as driver:
        before = digest(driver)

    proc = import_process(small, data_dir)
    deadline = time.monotonic() + 120
    while not importer_running(data_dir):
        assert proc.poll() is None and time.monotonic() < deadline, "the importer never ran"
        time.sleep(0.2)
    time.sleep(1.0)  # inside the importer
    os.killpg(proc.pid, signal.SIGKILL)  # graphmodel and its importer
    assert proc.wait() == -signal.SIGKILL
    assert server.status(data_dir) is not None  # never stopped
    with driver_for(info) as driver:
        assert digest(driver) == before

    rerun = import_process(small, data_dir)
    assert rerun.wait() == 0, rerun.stderr.read()
    with driver_for(local_server()[0]) as driver:
        assert digest(driver) == pushed(small, neo4j_driver)
    assert not (data_dir / staging.STAGING).exists()


def test_a_full_disk_is_one_line_and_changes_nothing(local_server, two_stores):
    _, large = two_stores
    info, data_dir = local_server()
    with driver_for(info) as driver:
        before = digest(driver)

    def small_files():  # writes past 64 KiB fail as they do on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    proc = import_process(large, data_dir, preexec_fn=small_files)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    lines = [line for line in err.splitlines() if not line.endswith("...")]
    assert len(lines) == 1 and lines[0].startswith("error: cannot write the import files in")
    assert "File too large" in lines[0] and "the database was not changed" in lines[0]
    with driver_for(local_server()[0]) as driver:
        assert digest(driver) == before
    assert not (data_dir / staging.STAGING).exists()


def starting(data_dir: Path) -> bool:
    """The import swapped the database in and its server's launcher has been spawned."""
    try:
        record = json.loads((data_dir / "server.json").read_text())
    except (OSError, ValueError):
        return False
    return bool(record.get("starting")) and (data_dir / staging.UNFINISHED).exists()


def test_an_import_killed_as_its_server_starts_leaves_no_orphan_nor_a_bare_database(
        local_server, two_stores, neo4j_driver):
    """Killed after the swap, while the server started: the launcher it had spawned
    served on, unknown to status and stop, and the next start served the new data
    without constraints or dataset node (a report then used today as its date)."""
    small, large = two_stores
    _, data_dir = local_server()
    proc = import_process(small, data_dir)  # the demo: it has a date
    deadline = time.monotonic() + 180
    while not starting(data_dir):
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # graphmodel; the launcher has a session of its own
    assert proc.wait() == -signal.SIGKILL
    orphans = launchers.orphans(data_dir)
    assert orphans, "the launcher died with the import"

    with pytest.raises(Neo4jServerError, match="start never finished"):
        server.status(data_dir)
    assert server.stop(data_dir) is True and launchers.orphans(data_dir) == []
    assert server.status(data_dir) is None

    info = server.start(data_dir, cache_dir=connection.maven_cache_dir())
    assert staging.unfinished(data_dir) is None
    G = graphmodel.open_store(small)
    with driver_for(info) as driver:
        constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
        assert len(constraints) >= len(push.schema_statements()) // 2
        db = Neo4jDatabase(driver)
        assert db.dataset_as_of() == G.meta["as_of"]
        assert graphmodel.report(db) == graphmodel.report(G)

    # Killed the same way, then started again at once: the orphan is replaced.
    proc = import_process(large, data_dir)
    while not starting(data_dir):
        assert proc.poll() is None and time.monotonic() < deadline + 180, proc.stderr.read()
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    info = server.start(data_dir, cache_dir=connection.maven_cache_dir())
    assert launchers.orphans(data_dir) == [info.pid]
    with driver_for(info) as driver:
        assert Neo4jDatabase(driver).dataset_as_of() is None  # the random dataset has no date
