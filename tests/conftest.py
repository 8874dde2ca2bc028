"""Fixtures shared by the whole suite."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graphmodel
from graphmodel.cli import app


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled demo dataset, free to edit."""
    target = tmp_path / "demo"
    shutil.copytree(graphmodel.bundled_dataset("demo"), target)
    return target


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store path in a temporary directory (not yet written)."""
    return tmp_path / "store" / "graph.gmz"


@pytest.fixture
def cli(store: Path):
    """Run the CLI in-process against the temporary store: ``cli("query", "uncovered")``."""
    runner = CliRunner()

    def run(*args: str, env: dict | None = None):
        return runner.invoke(app, [str(a) for a in args],
                             env={"GRAPHMODEL_STORE": str(store), **(env or {})})

    return run


@pytest.fixture
def seeded(cli, store: Path) -> Path:
    """The temporary store, seeded with the demo dataset."""
    result = cli("seed", "demo")
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="session")
def province_dir(tmp_path_factory, worker_id) -> Path:
    """The generated Hainan 2016 province, once per run (shared by the workers):
    ``csv/`` (the dataset) and ``store.gmz`` (seeded from it). Read-only: tests that
    change data copy it."""
    import fcntl

    from graphmodel.dataset_names import dataset_dir

    # The workers' temporary folders share a parent: the first one there generates,
    # the other waits on the lock and finds it made.
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else \
        tmp_path_factory.getbasetemp().parent
    out = shared / "hainan"
    with open(shared / "hainan.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "store.gmz").is_file():
            # Through the name, as `graphmodel seed hainan-2016` takes it.
            with dataset_dir("hainan-2016") as generated:
                shutil.copytree(generated, out / "csv")
            graphmodel.seed(out / "csv", out / "store.gmz")
    return out


# --- a real Neo4j, shared by the whole run ------------------------------------------

def _neo4j_required() -> bool:
    """In CI (or when asked) a Neo4j that cannot start fails the tests instead of skipping."""
    return os.environ.get("CI", "").lower() == "true" or \
        os.environ.get("GRAPHMODEL_REQUIRE_NEO4J") == "1"


def _unavailable(reason: str):
    if _neo4j_required():
        pytest.fail(f"Neo4j is required (CI=true or GRAPHMODEL_REQUIRE_NEO4J=1) but {reason}",
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_connection(tmp_path_factory):
    """Connection settings of the Neo4j the suite uses.

    With NEO4J_URI set, that server (its database is wiped by the tests!); otherwise
    a local Neo4j started for this run in a temporary directory and stopped at the end.
    """
    from graphmodel.errors import Neo4jServerError
    from graphmodel.backends.neo4j import connection, server

    if os.environ.get("NEO4J_URI"):
        yield connection.resolve_connection(environ=os.environ)
        return
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            _unavailable(f"`{tool}` is not on PATH, so the local Neo4j cannot start")
    data_dir = tmp_path_factory.mktemp("neo4j")
    try:
        with _full_compiler():
            info = server.start(data_dir, cache_dir=connection.maven_cache_dir(), heap="1g")
    except Neo4jServerError as exc:
        _unavailable(f"the local Neo4j did not start: {exc}")
    try:
        yield connection.Connection(info.uri, info.user, info.password)
    finally:
        server.stop(data_dir)


@contextlib.contextmanager
def _full_compiler():
    """Start a JVM without the suite's quick-compiler-only flag (see pytest_configure):
    the session server plans hundreds of queries, which the full compiler does in
    about two thirds of the time, for a few seconds more at start."""
    saved = os.environ.get("JDK_JAVA_OPTIONS")
    if saved == _QUICK_COMPILER:
        del os.environ["JDK_JAVA_OPTIONS"]
    try:
        yield
    finally:
        if saved is not None:
            os.environ["JDK_JAVA_OPTIONS"] = saved


@pytest.fixture(scope="session")
def _session_driver(neo4j_connection):
    from neo4j import GraphDatabase

    with GraphDatabase.driver(neo4j_connection.uri,
                              auth=(neo4j_connection.user, neo4j_connection.password)) as driver:
        yield driver


@pytest.fixture
def neo4j_driver(_session_driver, neo4j_connection):
    """A driver to the suite's Neo4j, whose database is emptied before each test."""
    _empty(_session_driver, neo4j_connection.database)
    return _session_driver


def _env(neo4j_connection) -> dict:
    env = {"NEO4J_URI": neo4j_connection.uri, "NEO4J_USERNAME": neo4j_connection.user,
           "NEO4J_PASSWORD": neo4j_connection.password}
    if neo4j_connection.database:
        env["NEO4J_DATABASE"] = neo4j_connection.database
    return env


#: This worker's count of emptyings of the suite's database, and the count when the
#: demo was last pushed for the readers (``neo4j_demo``).
#: The suite's JVM flag (see pytest_configure).
_QUICK_COMPILER = "-XX:TieredStopAtLevel=1"

_database = {"emptied": 0, "demo_at": -1}


def _empty(driver, database: str | None) -> None:
    """Delete everything in the suite's database (every test that writes starts so)."""
    # CALL { } IN TRANSACTIONS needs an implicit (auto-commit) transaction: session.run.
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    _database["emptied"] += 1


@pytest.fixture
def neo4j_env(neo4j_connection, neo4j_driver) -> dict:
    """Environment for CLI runs against the suite's (emptied) Neo4j."""
    return _env(neo4j_connection)


@pytest.fixture
def neo4j_demo(neo4j_connection, _session_driver) -> dict:
    """The demo in the suite's Neo4j for tests that only read it (the environment for
    CLI runs): pushed once, and again only when a test that writes has emptied the
    database since. Those tests take ``reading_driver``, which keeps the data; a test
    that writes takes ``neo4j_env`` or ``neo4j_driver`` (emptied each time)."""
    from graphmodel.backends.neo4j import push

    if _database["demo_at"] != _database["emptied"]:
        _empty(_session_driver, neo4j_connection.database)
        G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
        push.push(G, _session_driver, database=neo4j_connection.database)
        _database["demo_at"] = _database["emptied"]
    return _env(neo4j_connection)


@pytest.fixture
def reading_driver(_session_driver):
    """A driver to the suite's Neo4j that leaves its data as it is (with ``neo4j_demo``)."""
    return _session_driver


# --- one SparkSession in local[2] for every Spark test of the run ----------------------

@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    """The run's SparkSession (a session costs many seconds to start): its temporary
    files under pytest's own temporary folder."""
    pytest.importorskip("pyspark")  # the test extra installs it; without it, say so
    from graphmodel.backends.spark.session import spark_session
    from graphmodel.spark_to_neo4j import CONNECTOR_SETTINGS

    # With the Neo4j connector on the classpath (Spark fetches it from Maven Central
    # once): a run has one session, so every test gets the one that can load Neo4j.
    session = spark_session("local[2]", local_dir=tmp_path_factory.mktemp("spark"),
                            config=CONNECTOR_SETTINGS)
    yield session
    session.stop()


# --- two workers (make test runs pytest-xdist with --dist loadgroup) ----------------

#: Fixtures that start or use a Neo4j server, and the Spark session.
_SERVER_GROUPS = {"neo4j_connection": "neo4j", "private_neo4j": "neo4j", "neo4j_demo": "neo4j",
                  "spark": "spark"}

#: Modules whose Neo4j tests form a second group, on the other worker (with a session
#: server of its own): the ones that start, kill and import into servers of their own,
#: which take about as long as all the others together.
_SECOND_NEO4J_GROUP = ("tests/reliability/test_push_faults.py",
                       "tests/reliability/test_import_faults.py",
                       "tests/reliability/test_server_security.py",
                       "tests/neo4j/test_bulk_import.py", "tests/neo4j/test_server.py")


def pytest_configure(config):
    # The suite's JVMs (Neo4j servers, its importer, Spark) live for seconds to minutes:
    # the quick compiler alone saves them CPU that two cores do not have to spare. It
    # changes how fast Java code runs, not what it does. Set before any worker starts one.
    # The session servers start without it (_full_compiler): they plan many queries.
    os.environ.setdefault("JDK_JAVA_OPTIONS", _QUICK_COMPILER)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Keep the tests that need a Neo4j in two groups and Spark's in one, each on one
    worker, so that a server or a SparkSession starts once per group and the other worker
    runs the rest beside them. It runs first: xdist reads the groups in its own hook
    of this name, and a mark added after that is not seen (the ids then end in
    ``@neo4j``)."""
    root = Path(str(config.rootpath))
    for item in items:
        if "/tests/spark/" in str(item.path):
            item.add_marker(pytest.mark.spark)
        names = set(getattr(item, "fixturenames", ()))
        group = "neo4j" if item.get_closest_marker("neo4j") else \
            next((g for f, g in _SERVER_GROUPS.items() if f in names), None)
        # Spark's first: a Spark test that also writes to Neo4j (the connector's) uses
        # the Spark group's worker's session server, not a second SparkSession.
        if item.get_closest_marker("spark") or "spark" in names:
            group = "spark"
        if group == "neo4j" and \
                Path(str(item.path)).relative_to(root).as_posix() in _SECOND_NEO4J_GROUP:
            group = "neo4j-servers"
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
