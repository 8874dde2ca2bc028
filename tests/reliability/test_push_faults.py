"""Loading under faults, against real Neo4j servers and real processes killed with
real signals: whatever happens part-way, a re-run converges to the graph a clean
run gives, and nothing is ever duplicated."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from neo4j.exceptions import TransientError

import graphmodel
from graphmodel.errors import PushError
from graphmodel.model.schema import NODE_KINDS
from graphmodel.backends.neo4j import pull, push

from ..conftest import _empty
from ..datasets import random_dataset
from graphmodel.backends.neo4j.digest import digest
from .conftest import driver_for, env_for

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]



def push_process(store: Path, info, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).with_name("graphmodel")), "push",
                             "--store", str(store), *extra],
                            env={**os.environ, **env_for(info)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def node_count(driver) -> int:
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    return records[0]["n"]


def wait_for_nodes(driver, at_least: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while node_count(driver) < at_least:
        assert time.monotonic() < deadline, "the push made no progress"
        time.sleep(0.5)


@pytest.fixture(scope="module")
def store_20k(tmp_path_factory):
    """A store of about 20,000 rows (5,500 nodes, 15,000 relationships) for the
    module's pushes: ``(store, G)``."""
    root = tmp_path_factory.mktemp("store20k")
    store = root / "store.gmz"
    return store, graphmodel.seed(random_dataset(root / "ds", seed=11, size=2_500), store)


def clean_digest(store: Path, driver, batch_size: int) -> dict:
    """The digest of ``store`` pushed uninterrupted into the suite's (emptied) server,
    in batches of ``batch_size`` (the batch records follow it); the server is emptied
    again after."""
    push.push(graphmodel.open_store(store), driver, batch_size=batch_size)
    found = digest(driver)
    _empty(driver, None)
    return found


def test_push_killed_with_sigkill_then_rerun_equals_a_clean_run(store_20k, neo4j_driver,
                                                                neo4j_connection):
    # Only the push is killed, so the suite's server serves both runs. That a bulk
    # import gives what a push gives is tests/neo4j/test_bulk_import.py's; bench/run.py
    # --only killed_push checks the same on the province against a bulk import.
    store, G = store_20k
    expected = clean_digest(store, neo4j_driver, batch_size=100)
    total = sum(G.count(k.name) for k in NODE_KINDS)

    proc = push_process(store, neo4j_connection, "--batch-size", "100")
    wait_for_nodes(neo4j_driver, 1_000)            # part-way through the entities
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    assert 0 < node_count(neo4j_driver) < total
    rerun = push_process(store, neo4j_connection, "--batch-size", "100")
    assert rerun.wait() == 0, rerun.stderr.read()
    assert digest(neo4j_driver) == expected  # the batch records too: none twice
    assert expected["MarketEntity"][0] == G.count("entity")


def test_neo4j_stopped_part_way_fails_clearly_and_a_rerun_converges(private_neo4j, store_20k,
                                                                    neo4j_driver):
    store, _ = store_20k
    expected = clean_digest(store, neo4j_driver, batch_size=500)

    info, data_dir = private_neo4j("stopped")
    with driver_for(info) as driver:
        # Retried for 3 s, not the default 30: how long is the retry test's business.
        proc = push_process(store, info, "--batch-size", "500", "--retry-seconds", "3")
        wait_for_nodes(driver, 2_000)            # in the entities: 15,000 rows to go
    os.kill(info.pid, signal.SIGKILL)                # the server dies mid-load
    assert proc.wait(timeout=60) == 1
    err = proc.stderr.read()
    assert err.count("\n") == 1 and "cannot reach Neo4j at" in err and "is it running?" in err
    assert "Traceback" not in err and info.password not in err
    info, _ = private_neo4j("stopped")               # same data directory: recovers
    assert push_process(store, info, "--batch-size", "500").wait() == 0
    with driver_for(info) as driver:
        assert digest(driver) == expected


def test_a_transient_error_inside_a_batch_is_retried_without_duplicates(private_neo4j, caplog):
    info, _ = private_neo4j("locks", lock_timeout_ms=1500)
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    with driver_for(info) as driver:
        push.push(G, driver)
        # Another transaction holds the lock on a region the push must write: the
        # push's batch times out waiting (a transient error) until it is released.
        holder = driver.session()
        tx = holder.begin_transaction()
        tx.run("MATCH (r:Region {id: 'HN'}) SET r.name = r.name").consume()
        with pytest.raises(TransientError):  # not retried: the lock timeout is the answer
            push.push(G, driver, rewrite=True, retry_seconds=0)
        threading.Timer(4.0, lambda: (tx.rollback(), holder.close())).start()
        with caplog.at_level(logging.WARNING, logger="graphmodel.backends.neo4j.push"):
            summary = push.push(G, driver, rewrite=True)  # unchanged: written all the same
        retried = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
        assert retried and "LockAcquisitionTimeout" in retried[0]
        assert summary.nodes_created == 0 and summary.relationships_created == 0
        assert _same(pull.pull(driver), graphmodel.to_networkx(G))


def test_a_batch_too_large_for_transaction_memory_is_split_not_retried(private_neo4j, tmp_path,
                                                                       caplog):
    info, _ = private_neo4j("memory", transaction_memory_mb=4)
    G = graphmodel.read_dataset(random_dataset(tmp_path / "ds", seed=5, size=6_000))
    with driver_for(info) as driver, caplog.at_level("WARNING", logger="graphmodel.backends.neo4j.push"):
        summary = push.push(G, driver, batch_size=6_000, workers=1)
        assert summary.splits > 0
        # Split at once, never retried unchanged (each retry is logged), whatever the
        # machine's speed.
        retried = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
        assert not [m for m in retried if "Memory" in m], retried
        assert _same(pull.pull(driver), graphmodel.to_networkx(G))


def test_a_constraint_error_fails_fast_and_names_the_rows(neo4j_driver, cli, seeded, neo4j_env):
    # An analyst's constraint that the data breaks: most members are 汉族.
    neo4j_driver.execute_query("CREATE CONSTRAINT test_one_per_ethnicity IF NOT EXISTS "
                               "FOR (n:PartyMember) REQUIRE n.ethnicity IS UNIQUE")
    try:
        started = time.monotonic()
        result = cli("push", "--batch-size", "3", "--workers", "1", env=neo4j_env)
        assert time.monotonic() - started < 20
        assert result.exit_code == 1
        assert re.search(r"PartyMember: a batch of \d+ rows \(ids P\d+.*\) refused", result.stderr)
        assert "ConstraintValidationFailed" in result.stderr and "Traceback" not in result.output
    finally:
        neo4j_driver.execute_query("DROP CONSTRAINT test_one_per_ethnicity IF EXISTS")


def test_a_syntax_error_fails_fast_and_names_the_rows(neo4j_driver):
    load = push._Load(neo4j_driver, None, 4, 1, push.PushSummary(), None)
    broken = push.Statement("broken", "", "UNWIND $rows AS row MERGE (n:X {id: row.id)")
    started = time.monotonic()
    with pytest.raises(PushError, match=r"broken: rows 1-4 refused: .*SyntaxError"):
        load.write(broken, [{"id": str(i)} for i in range(10)], "broken")
    assert time.monotonic() - started < 5


def test_two_pushes_at_the_same_time_duplicate_nothing(store_20k, neo4j_driver, neo4j_connection):
    store, G = store_20k
    first, second = push_process(store, neo4j_connection), push_process(store, neo4j_connection)
    assert (first.wait(), second.wait()) == (0, 0), first.stderr.read() + second.stderr.read()
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(r) AS n WHERE n > 1 "
        "RETURN count(*) AS duplicated")
    assert records[0]["duplicated"] == 0
    assert _same(pull.pull(neo4j_driver), graphmodel.to_networkx(G))


def _same(a, b) -> bool:
    import networkx as nx

    return nx.utils.graphs_equal(a, b) and \
        sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))
