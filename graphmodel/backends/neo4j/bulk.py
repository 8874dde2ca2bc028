"""Loading a whole graph at import speed: Neo4j's offline importer (``neo4j-admin
database import full``), fed CSV files written straight from the store's columns.

Two uses:

* :func:`write_import_files` writes the importer's files (one per node kind and per
  edge kind, typed headers, an id space per label) and :func:`admin_command` the
  command that imports them, for a user's own Neo4j (``graphmodel export neo4j-admin``).
* :func:`bulk_import` replaces the database of the local server graphmodel manages
  (``graphmodel neo4j import``): the import runs into a Neo4j home of its own while the
  old database is still served; then the server is stopped, the new database swapped
  in (:mod:`~graphmodel.backends.neo4j.staging`), the server started with its options, and the
  constraints, indexes and dataset node that ``push`` makes are made the same way.

The result is the database ``push`` makes from the same graph: the same labels,
relationship types and properties, typed alike (strings, booleans, dates), missing
values absent, and the same schema.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ...io.csvtext import column_cells
from ...errors import BulkImportError
from ...model.graph import Graph
from ...io.private import make_private_dir, write_private
from ...model.schema import EDGE_KINDS, NODE_KINDS, EdgeKind, NodeKind, node_kind
from . import class_archive, server, staging
from .batches import all_batches
from .push import DEFAULT_BATCH_SIZE
from .statements import DATASET_LABEL, dataset_statement, schema_statements

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["ImportFiles", "ImportSummary", "write_import_files", "admin_arguments",
           "admin_command", "after_import_cypher", "bulk_import", "IMPORTER_CLASS"]

#: The entry point of ``neo4j-admin``, on the classpath the launcher resolves.
IMPORTER_CLASS = "org.neo4j.cli.AdminTool"
DATABASE = "neo4j"
#: The importer's JVM: its big structures are off-heap, bounded by the option below.
IMPORTER_HEAP = "2g"  # at 1g it warned that a province may not fit
IMPORTER_OFF_HEAP = "50%"  # of the free memory (the old server keeps running meanwhile)

#: progress(phase): "files", "import", "stop", "start", "schema".
Progress = Callable[[str], None]

# The importer's type of a store column, by numpy dtype kind (strings have none).
_TYPES = {"b": "boolean", "M": "date", "i": "long", "u": "long", "f": "double"}
_NEEDS_QUOTES = (",", '"', "\n", "\r")


@dataclass(frozen=True)
class ImportFiles:
    """The importer's files in ``directory``: ``(label, file name)`` per node kind and
    ``(type, file name)`` per edge kind."""

    directory: Path
    nodes: list[tuple[str, str]]
    relationships: list[tuple[str, str]]
    rows: int
    multiline: bool  # some value holds a line break: the importer must be told


@dataclass
class ImportSummary:
    """What :func:`bulk_import` loaded, and the seconds of each phase."""

    rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    info: server.ServerInfo | None = None

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def _texts(values: npt.NDArray) -> list[str]:
    """A column's CSV cells: missing values empty (the importer stores no property for
    an empty, unquoted cell), quoting only where a cell needs it."""
    cells = column_cells(values)
    if not any(mark in "".join(cells) for mark in _NEEDS_QUOTES):
        return cells
    return ['"' + c.replace('"', '""') + '"' if c and any(m in c for m in _NEEDS_QUOTES) else c
            for c in cells]


def _header(name: str, values: npt.NDArray) -> str:
    kind = _TYPES.get(values.dtype.kind)
    return f"{name}:{kind}" if kind else name


def _has_line_break(columns: list[list[str]]) -> bool:
    # A cell with a line break is quoted: the importer must be told to read such fields.
    return any("\n" in text or "\r" in text for text in map("".join, columns))


def _write_csv(path: Path, header: list[str], columns: list[list[str]]) -> None:
    lines = [",".join(header), *map(",".join, zip(*columns))] if columns else [",".join(header)]
    write_private(path, ("\n".join(lines) + "\n").encode("utf-8"))


def _node_file(G: Graph, kind: NodeKind, path: Path) -> tuple[int, bool]:
    names = G.shared_columns(kind.name)
    arrays = [G.column(kind.name, n) for n in names]
    header = [f"id:ID({kind.label})", *(_header(n, a) for n, a in zip(names, arrays))]
    columns = [_texts(G.ids(kind.name)), *map(_texts, arrays)]
    _write_csv(path, header, columns)
    return len(columns[0]), _has_line_break(columns)


def _edge_file(G: Graph, edge: EdgeKind, path: Path) -> tuple[int, bool]:
    src, dst = G.edges(edge)
    source, target = node_kind(edge.source).label, node_kind(edge.target.kind).label
    header = [f":START_ID({source})", f":END_ID({target})"]
    columns = [_texts(G.ids(edge.source)[src]), _texts(G.ids(edge.target.kind)[dst])]
    for prop in edge.properties:
        assert edge.link is not None  # only edges read from link files have properties
        values = G.column(edge.link, prop)
        header.append(_header(prop, values))
        columns.append(_texts(values))
    _write_csv(path, header, columns)
    return len(src), _has_line_break(columns)


def write_import_files(G: Graph, directory: str | Path) -> ImportFiles:
    """Write the importer's CSV files for ``G`` into ``directory`` (created, 0700; the
    files are 0600: they hold names and masked personal numbers).

    >>> import tempfile, graphmodel
    >>> G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    >>> files = write_import_files(G, tempfile.mkdtemp())
    >>> files.nodes[0], files.rows
    (('Region', 'nodes-region.csv'), 144)
    """
    directory = make_private_dir(Path(directory))
    nodes, relationships, rows, multiline = [], [], 0, False
    for kind in NODE_KINDS:
        name = f"nodes-{kind.name}.csv"
        n, lines = _node_file(G, kind, directory / name)
        nodes.append((kind.label, name))
        rows, multiline = rows + n, multiline or lines
    for edge in EDGE_KINDS:
        name = f"relationships-{edge.key.replace('.', '-')}.csv"
        n, lines = _edge_file(G, edge, directory / name)
        relationships.append((edge.type, name))
        rows, multiline = rows + n, multiline or lines
    return ImportFiles(directory, nodes, relationships, rows, multiline)


def admin_arguments(files: ImportFiles, *, database: str = DATABASE,
                    base: Path | None = None) -> list[str]:
    """The arguments of ``neo4j-admin`` that import ``files`` into ``database``
    (replacing it), file paths relative to ``base`` (default: absolute)."""
    def path(name: str) -> str:
        return name if base == files.directory else str((files.directory / name).resolve())

    args = ["database", "import", "full", database, "--overwrite-destination=true"]
    args += [f"--nodes={label}={path(name)}" for label, name in files.nodes]
    args += [f"--relationships={rtype}={path(name)}" for rtype, name in files.relationships]
    if files.multiline:
        args.append("--multiline-fields=true")
    return args


def admin_command(files: ImportFiles, *, database: str = DATABASE) -> str:
    """The shell command a user runs on their own (stopped) Neo4j to import ``files``."""
    return shlex.join(["neo4j-admin", *admin_arguments(files, database=database)])


def after_import_cypher(G: Graph) -> str:
    """What to run once the imported database is started (with ``cypher-shell -f``): the
    schema ``push`` creates and the dataset node with its as-of date."""
    lines = ["// Run once the imported database is started, e.g. cypher-shell -f THIS_FILE.",
             "// The constraints and indexes graphmodel push creates:"]
    lines += [f"{s.text};" for s in schema_statements()]
    as_of = G.meta.get("as_of")
    if as_of is not None:
        lines += [f"// The dataset's as-of date, on graphmodel's {DATASET_LABEL} node:",
                  f":param as_of => date('{as_of.isoformat()}');", f"{dataset_statement().text};"]
    lines += ["CALL db.awaitIndexes(300);"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the local server


def _check_directory(data_dir: Path) -> None:
    """``data_dir`` holds a local server graphmodel made, or nothing yet."""
    if data_dir.exists() and not data_dir.is_dir():
        raise BulkImportError(f"{data_dir} is not a directory")
    if data_dir.is_dir() and any(data_dir.iterdir()) and not (data_dir / "password").is_file():
        raise BulkImportError(f"{data_dir} is not the directory of a Neo4j graphmodel started "
                              "(no password file in it): graphmodel neo4j import only replaces "
                              "the database of its own local server")


def _run_importer(stage: Path, files: ImportFiles, classpath: list[str], java: str,
                  log_path: Path) -> None:
    (stage / "conf").mkdir(mode=0o700)
    (stage / "conf" / "neo4j.conf").write_text("")  # Neo4j's defaults, homed in the stage
    java_path = shutil.which(java)
    if java_path is None:
        raise BulkImportError(f"Java ({java!r}) is not on PATH")
    # The server's class archive, if made: the importer's classes are mostly its own.
    shared = class_archive.archive_options(Path(classpath[0]).parent, java_path)
    cmd = [java_path, *shared, f"-Xmx{IMPORTER_HEAP}", *server.JVM_OPTIONS, "-cp", os.pathsep.join(classpath),
           IMPORTER_CLASS, *admin_arguments(files, base=files.directory),
           f"--max-off-heap-memory={IMPORTER_OFF_HEAP}", f"--report-file={stage / 'import.report'}"]
    env = {**os.environ, "NEO4J_HOME": str(stage), "NEO4J_CONF": str(stage / "conf")}
    with open(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as log:
        rc = subprocess.run(cmd, cwd=files.directory, env=env, stdin=subprocess.DEVNULL,
                            stdout=log, stderr=subprocess.STDOUT, umask=0o077).returncode
    if rc != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-15:])
        raise BulkImportError(f"Neo4j's importer failed (exit {rc}); the database was not "
                              f"changed. Last lines of {log_path}:\n{tail}")


def bulk_import(G: Graph, data_dir: str | Path, *, cache_dir: str | Path, java: str = "java",
                progress: Progress | None = None) -> ImportSummary:
    """Replace the database of the local server in ``data_dir`` with ``G``, through
    Neo4j's offline importer; the server is left running, ready for queries.

    The server keeps its port and options (it is started with the defaults if none
    was running). The previous database is served until the new one is complete; a
    kill leaves the previous database, or the new one once the swap has begun (the
    next start finishes it).

    Parameters
    ----------
    G : Graph
    data_dir : path
        The local server's directory (see ``graphmodel neo4j start``).
    cache_dir : path
        Where the launcher's build is cached (the importer is on its classpath).
    progress : callable, optional
        Called with each phase's name as it begins.
    """
    data_dir = Path(data_dir).expanduser().resolve()
    _check_directory(data_dir)
    summary = ImportSummary()
    marks: list[tuple[str, float]] = []

    def phase(name: str) -> None:
        marks.append((name, time.perf_counter()))
        if progress:
            progress(name)

    try:
        make_private_dir(data_dir / "logs")
    except OSError as exc:
        raise BulkImportError(f"cannot write in {data_dir}: {exc.strerror or exc}") from None
    phase("files")
    classpath = server.ensure_built(Path(cache_dir))
    with staging.staging_lock(data_dir):
        stage = data_dir / staging.STAGING
        shutil.rmtree(stage, ignore_errors=True)
        try:
            make_private_dir(stage)
            files = write_import_files(G, stage / "csv")
        except OSError as exc:
            shutil.rmtree(stage, ignore_errors=True)
            raise BulkImportError(f"cannot write the import files in {stage}: "
                                  f"{exc.strerror or exc}; the database was not changed") from None
        summary.rows = files.rows
        phase("import")
        try:
            _run_importer(stage, files, classpath, java, data_dir / "logs" / "import.log")
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        shutil.rmtree(files.directory)  # the personal data in them is in the database now
        as_of = G.meta.get("as_of")
        staging.mark_complete(data_dir, {"as_of": as_of.isoformat() if as_of else None})
        phase("stop")
        options = server.start_options(data_dir)
        server.stop(data_dir)
        staging.swap(data_dir)
    phase("start")
    # The batches' fingerprints (about 3 s for a province) are hashed while the
    # server starts, which mostly waits.
    with ThreadPoolExecutor(max_workers=1) as pool:
        fingerprints = pool.submit(all_batches, G, DEFAULT_BATCH_SIZE)
        info = server.start(data_dir, cache_dir=Path(cache_dir), **options)
        phase("schema")
        _finish(G, info, fingerprints.result())
    marks.append(("", time.perf_counter()))
    summary.seconds = {name: end - begin for (name, begin), (_, end) in zip(marks, marks[1:])}
    summary.info = info
    return summary


def _finish(G: Graph, info: server.ServerInfo, fingerprints: dict[str, str] | None = None) -> None:
    """What ``push`` makes beside the data that the server's start has not made (it
    made the schema and the dataset node: see ``staging.unfinished``): the batches'
    fingerprints, so that a push of G then writes nothing."""
    from neo4j import GraphDatabase

    from .push import record_batches

    with GraphDatabase.driver(info.uri, auth=info.auth) as driver:
        record_batches(G, driver, fingerprints=fingerprints)
