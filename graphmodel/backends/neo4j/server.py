"""A real, local Neo4j Community server that Python can start and stop.

Why it is done this way:

* There is no Docker (and no Neo4j tarball download) on the machines this project
  runs on, but there is a JDK, Maven and Maven Central.  Neo4j Community is
  published there as ordinary jars (``org.neo4j:neo4j``, which includes the Bolt
  server), so a ~100-line Java launcher (``launcher/``, next to this file) runs an
  embedded DBMS with a Bolt connector.  Clients use the official driver over Bolt
  exactly as they would against a packaged server.
* :func:`ensure_built` resolves the jars with Maven once and caches the result in a
  directory keyed by a hash of the launcher's pom and source, so an edited launcher
  rebuilds and everything else is reused (Maven's own ``~/.m2`` keeps the jars).
* The server listens on 127.0.0.1 only, with authentication on and HTTP off.
* The password is random, generated on first start and kept in
  ``DATA_DIR/password`` with mode 0600 (reused afterwards, because the auth
  database persists).  The launcher reads it from that file, so it never appears
  on a command line; :class:`ServerInfo` hides it from ``repr``.  On a first start
  the launcher makes it the ``neo4j`` user's initial password *before* the DBMS
  exists, so the server never accepts Neo4j's default ``neo4j``/``neo4j``.
* The user is not ``neo4j``: the first start replaces it with one of a random name,
  so that others' wrong passwords cannot lock the owner out (see :mod:`.users`).
* After every start we log in and check that our user is the only one and needs no
  password change, and stop the server otherwise.
* One transaction may use at most a quarter of the heap and all transactions
  together 70% of it (``db.memory.transaction.max``,
  ``dbms.memory.transaction.total.max``), so a query that would build a huge value
  fails on its own and the server keeps serving.  Size the heap with ``heap``.
* Every folder here is 0700 and the JVM runs with umask 077, so Neo4j's store and
  transaction logs (names, masked numbers) are readable by their owner only.

Layout of a data directory (it is also the Neo4j home)::

    DATA_DIR/password        0600, the user's password
    DATA_DIR/user            0600, the user's name (random)
    DATA_DIR/server.json     0600, pid/uri/user/version of the running server
    DATA_DIR/launcher.ready  written by the launcher once Bolt accepts connections
    DATA_DIR/logs/           launcher.log (stdout/stderr), debug.log, ...
    DATA_DIR/data/           the databases

Nothing here reads the environment; everything is passed in as arguments.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from ...errors import Neo4jServerError
from ...io.private import make_private_dir, others_can_reach, private_file, write_private
from ...io.processes import exclusive_lock

from . import class_archive, launchers, staging, users

__all__ = [
    "ServerInfo",
    "ensure_built",
    "start",
    "start_options",
    "status",
    "stop",
]

LAUNCHER_DIR = Path(__file__).resolve().parent / "launcher"
LAUNCHER_SOURCES = ("pom.xml", "src/main/java/io/graphmodel/launcher/Launcher.java")
MAIN_CLASS = launchers.MAIN_CLASS
HOST = "127.0.0.1"
DEFAULT_HEAP = "1g"
#: Shares of the heap that one transaction, and all transactions together, may take.
TRANSACTION_SHARE = 0.25
TOTAL_TRANSACTION_SHARE = 0.7

JVM_OPTIONS = (
    "-XX:+UseParallelGC",  # throughput over pause times: a local, single-user server
    "-Djava.net.preferIPv4Stack=true",
    # No -XX:+ExitOnOutOfMemoryError: a read query that builds a value too big for the
    # heap (values are not all tracked by the transaction memory limits) must fail
    # alone, as Neo4j reports an OutOfMemoryError to its client, not end the server.
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)

_PASSWORD_FILE = "password"
_SERVER_FILE = "server.json"
_READY_FILE = "launcher.ready"
_LOG_FILE = "launcher.log"



@dataclasses.dataclass(frozen=True)
class ServerInfo:
    """How to reach a running local server.  ``repr`` never shows the password."""

    uri: str
    user: str
    password: str = dataclasses.field(repr=False)
    pid: int
    data_dir: Path
    version: str
    started_at: str

    @property
    def auth(self) -> tuple[str, str]:
        return (self.user, self.password)


# --------------------------------------------------------------------------- build


def ensure_built(cache_dir: Path, *, mvn: str = "mvn") -> list[str]:
    """Return the launcher's classpath, building it with Maven on first use.

    The build lives in ``cache_dir/launcher-<hash>`` where the hash covers the pom and
    the Java source; Maven's output goes to ``build.log`` there.
    """
    cache_dir = Path(cache_dir).expanduser().resolve()
    digest = hashlib.sha256()
    for rel in LAUNCHER_SOURCES:
        digest.update(rel.encode() + b"\0" + (LAUNCHER_DIR / rel).read_bytes() + b"\0")
    build_dir = cache_dir / f"launcher-{digest.hexdigest()[:16]}"

    cached = _read_classpath(build_dir)
    if cached is not None:
        return cached

    make_private_dir(cache_dir)
    with exclusive_lock(cache_dir / ".build.lock"):
        cached = _read_classpath(build_dir)  # another process may have built it meanwhile
        if cached is not None:
            return cached
        mvn_path = shutil.which(mvn)
        if mvn_path is None:
            raise Neo4jServerError(f"Maven ({mvn!r}) is not on PATH; it is needed once to fetch Neo4j")
        work = Path(tempfile.mkdtemp(prefix=".build-", dir=cache_dir))
        try:
            for rel in LAUNCHER_SOURCES:
                (work / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(LAUNCHER_DIR / rel, work / rel)
            log = work / "build.log"
            cmd = [mvn_path, "-B", "--no-transfer-progress", "-Dstyle.color=never", "compile",
                   "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt"]
            with open(log, "wb") as out:
                rc = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT).returncode
            if rc != 0 or _read_classpath(work) is None:
                kept = cache_dir / "last-failed-build.log"
                shutil.copyfile(log, kept)
                raise Neo4jServerError(
                    f"building the Neo4j launcher failed (mvn exit {rc}); last lines of {kept}:\n"
                    + _tail(log))
            if build_dir.exists():  # a broken leftover
                shutil.rmtree(build_dir)
            work.rename(build_dir)
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
    classpath = _read_classpath(build_dir)
    if classpath is None:
        raise Neo4jServerError(f"the launcher build in {build_dir} is incomplete")
    return classpath


def _read_classpath(build_dir: Path) -> list[str] | None:
    classes = build_dir / "target" / "classes"
    cp_file = build_dir / "classpath.txt"
    if not (cp_file.is_file() and (classes / (MAIN_CLASS.replace(".", "/") + ".class")).is_file()):
        return None
    jars = [p for p in cp_file.read_text().strip().split(os.pathsep) if p]
    if not all(os.path.exists(j) for j in jars):  # e.g. ~/.m2 was cleaned
        return None
    return [str(_launcher_jar(build_dir, classes)), *jars]


def _launcher_jar(build_dir: Path, classes: Path) -> Path:
    """The launcher's classes as a jar (made once): the JVM archives classes from jars
    only (:mod:`.class_archive`)."""
    jar = build_dir / "launcher.jar"
    if not jar.is_file():
        with private_file(jar) as out, zipfile.ZipFile(out, "w") as z:
            for path in sorted(p for p in classes.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(path.relative_to(classes).as_posix(), (1980, 1, 1, 0, 0, 0))
                z.writestr(info, path.read_bytes())
    return jar


# --------------------------------------------------------------------------- run


def start(
    data_dir: Path,
    *,
    port: int | None = None,
    cache_dir: Path,
    java: str = "java",
    heap: str = DEFAULT_HEAP,
    pagecache_mb: int = 256,
    lock_timeout_ms: int = 0,
    transaction_memory_mb: int | None = None,
    timeout: float = 120,
) -> ServerInfo:
    """Start (or find already running) the server whose home is ``data_dir``.

    ``heap`` is the JVM's maximum heap (``512m``, ``2g``). ``transaction_memory_mb``
    bounds the memory of one transaction (default: a quarter of the heap; all
    transactions together get 70% of it); ``lock_timeout_ms`` how long a transaction
    waits for a lock (0: Neo4j's default).
    """
    heap_mb = parse_heap(heap)
    if transaction_memory_mb is None:
        transaction_memory_mb = max(16, int(heap_mb * TRANSACTION_SHARE))
    total_memory_mb = max(transaction_memory_mb, int(heap_mb * TOTAL_TRANSACTION_SHARE))
    data_dir = _own_dir(data_dir)
    make_private_dir(data_dir)
    _make_private_tree(data_dir)
    make_private_dir(data_dir / "logs")
    with exclusive_lock(data_dir / launchers.START_LOCK):
        running = _running(data_dir)
        if running is not None:
            _finish_import(running, data_dir)
            return running
        for orphan in launchers.orphans(data_dir):  # see status(): its start never finished
            launchers.terminate(orphan, 60)
        staging.recover(data_dir)  # a bulk import cut short: finished or removed
        _remove(data_dir / _SERVER_FILE)
        _remove(data_dir / _READY_FILE)

        classpath = ensure_built(cache_dir)
        java_path = shutil.which(java)
        if java_path is None:
            raise Neo4jServerError(f"Java ({java!r}) is not on PATH")
        password = _password(data_dir)
        user = users.user_name(data_dir)
        if port is None:
            port = _free_port()

        log_path = data_dir / "logs" / _LOG_FILE
        launcher = [*JVM_OPTIONS, "-cp", os.pathsep.join(classpath), MAIN_CLASS]
        build_dir = Path(classpath[0]).parent
        class_archive.ensure_archive(build_dir, java_path, ["-Xmx512m", *launcher])
        cmd = [java_path, *class_archive.archive_options(build_dir, java_path),
               "-Xms128m", f"-Xmx{heap}", *launcher,
               "--home", str(data_dir), "--bolt-port", str(port),
               "--password-file", str(data_dir / _PASSWORD_FILE),
               "--ready-file", str(data_dir / _READY_FILE),
               "--pagecache-mb", str(pagecache_mb),
               "--lock-timeout-ms", str(lock_timeout_ms),
               "--transaction-memory-mb", str(transaction_memory_mb),
               "--total-transaction-memory-mb", str(total_memory_mb)]
        log_fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(log_fd, "ab") as log:
            log.write(f"\n=== {_now()} starting Neo4j on {HOST}:{port}\n".encode())
            log.flush()
            # umask 077: every file Neo4j creates (store, transaction logs) is 0600.
            proc = subprocess.Popen(cmd, cwd=data_dir, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True,
                                    umask=0o077)
        launchers.CHILDREN[proc.pid] = proc

        uri = f"bolt://{HOST}:{port}"
        options = {"heap": heap, "pagecache_mb": pagecache_mb, "lock_timeout_ms": lock_timeout_ms,
                   "transaction_memory_mb": transaction_memory_mb}

        def record(info: dict) -> None:
            write_private(data_dir / _SERVER_FILE, json.dumps(
                {"pid": proc.pid, "uri": uri, "user": user, **info, "options": options},
                indent=2) + "\n")

        # Recorded at once, so that a process killed while it waits cannot leave a
        # server nobody knows of: stop() finds it by this record.
        record({"version": "", "started_at": _now(), "starting": True})
        try:
            version, login, accounts = _wait_until_ready(proc, data_dir, uri, user, password,
                                                         timeout)
            users.take_over(uri, login, user, password, accounts, data_dir)
        except BaseException as exc:
            launchers.kill(proc.pid)
            _remove(data_dir / _SERVER_FILE)
            if isinstance(exc, Neo4jServerError):
                raise Neo4jServerError(f"{exc}; last lines of {log_path}:\n{_tail(log_path)}") from None
            raise

        info = ServerInfo(uri=uri, user=user, password=password, pid=proc.pid,
                          data_dir=data_dir, version=version, started_at=_now())
        # The options too, so that a restart (the bulk import's) keeps them.
        record({"version": info.version, "started_at": info.started_at})
        _finish_import(info, data_dir)
        return info


def _finish_import(info: ServerInfo, data_dir: Path) -> None:
    """Make what a bulk import left to the start (see ``staging.unfinished``): the
    constraints and indexes and the dataset node, so a database is never served
    without them, even if the import was stopped just after the swap."""
    to_finish = staging.unfinished(data_dir)
    if to_finish is None:
        return
    import datetime as _dt

    from neo4j import GraphDatabase

    from .push import apply_schema
    from .statements import dataset_statement, delete_dataset_statement

    try:
        with GraphDatabase.driver(info.uri, auth=info.auth) as driver:
            apply_schema(driver)
            as_of = to_finish.get("as_of")
            if as_of:
                driver.execute_query(dataset_statement().text,
                                     {"as_of": _dt.date.fromisoformat(as_of)})
            else:
                driver.execute_query(delete_dataset_statement().text)
    except Exception as exc:
        raise Neo4jServerError(
            f"the database of {data_dir} is incomplete: the last import's schema and dataset "
            f"date could not be made ({str(exc).splitlines()[0] if str(exc) else exc!r}); "
            "start again, or import again") from None
    staging.finished(data_dir)


def status(data_dir: Path) -> ServerInfo | None:
    """The running server recorded in ``data_dir``, or ``None`` if there is none.

    Running means: the recorded pid is alive, is our launcher for this directory, and
    its Bolt port accepts TCP connections. A launcher of this directory that runs
    without a record of a finished start, while nothing is starting one (left by a
    process killed as it started the server, a bulk import's for instance), is an
    error that says so: :func:`stop` stops it, and :func:`start` replaces it.
    """
    data_dir = _own_dir(data_dir)
    info = _running(data_dir)
    if info is None and not launchers.starting(data_dir):
        orphans = launchers.orphans(data_dir)
        if orphans:
            raise Neo4jServerError(
                f"a Neo4j of {data_dir} is running (pid {orphans[0]}) but its start never "
                "finished (the process that started it was stopped): `graphmodel neo4j stop` "
                "stops it, `graphmodel neo4j start` starts it afresh")
    return info


def _running(data_dir: Path) -> ServerInfo | None:
    record = _read_record(data_dir)
    if record is None or record["starting"]:
        return None
    pid = record["pid"]
    if not launchers.is_our_launcher(pid, data_dir):
        return None
    try:
        with socket.create_connection((HOST, record["port"]), timeout=2):
            pass
    except OSError:
        return None
    try:
        password = (data_dir / _PASSWORD_FILE).read_text().strip()
    except OSError:
        return None
    return ServerInfo(uri=record["uri"], user=record["user"], password=password, pid=pid,
                      data_dir=data_dir, version=record["version"],
                      started_at=record["started_at"])


def start_options(data_dir: Path) -> dict:
    """The options the running server in ``data_dir`` was started with (``port``,
    ``heap``...: keyword arguments of :func:`start`); empty when none is running."""
    data_dir = Path(data_dir).expanduser().resolve()
    if status(data_dir) is None:
        return {}
    try:
        raw = json.loads((data_dir / _SERVER_FILE).read_text())
    except (OSError, ValueError):
        return {}
    options = raw.get("options") if isinstance(raw, dict) else None
    known = {"heap": str, "pagecache_mb": int, "lock_timeout_ms": int, "transaction_memory_mb": int}
    kept = {k: v for k, v in (options or {}).items() if isinstance(v, known.get(k, type(None)))}
    return {"port": int(raw["uri"].rsplit(":", 1)[1]), **kept}


def stop(data_dir: Path, *, timeout: float = 60) -> bool:
    """Stop the server recorded in ``data_dir``; ``True`` if one was running."""
    data_dir = Path(data_dir).expanduser().resolve()
    record = _read_record(data_dir)
    pids = [record["pid"]] if record is not None and \
        launchers.is_our_launcher(record["pid"], data_dir) else []
    pids += [pid for pid in launchers.orphans(data_dir) if pid not in pids]  # see status()
    for pid in pids:
        launchers.terminate(pid, timeout)
    _remove(data_dir / _SERVER_FILE)
    _remove(data_dir / _READY_FILE)
    return bool(pids)


# --------------------------------------------------------------------------- helpers


def _wait_until_ready(proc: subprocess.Popen, data_dir: Path, uri: str, user: str,
                      password: str, timeout: float) -> tuple[str, str, list[dict]]:
    """Wait for the ready file and a working Bolt login as ``user`` (or, before it
    exists, as Neo4j's initial user); return the server version, the user that logged
    in, and the server's users (asked over the same login: another process failing to
    log in at the same time can lock a name out for a few seconds, so logins that fail
    otherwise than for a wrong password are retried)."""
    from neo4j.exceptions import AuthError  # imported lazily: the driver is only needed here

    deadline = time.monotonic() + timeout
    ready = data_dir / _READY_FILE
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        code = proc.poll()
        if code is not None:
            raise Neo4jServerError(f"the Neo4j launcher exited with code {code} during startup")
        if ready.is_file():
            try:
                try:
                    return users.login(uri, user, password)
                except AuthError:  # not made yet (a first start, an older directory)
                    return users.login(uri, users.INITIAL_USER, password, create=user)
            except AuthError:  # retrying will not help
                raise Neo4jServerError(
                    f"Neo4j rejected the password in {data_dir / _PASSWORD_FILE}: someone else "
                    "may have changed it; the server was stopped") from None
            except Exception as exc:  # not up yet, or a real auth problem: retry until timeout
                last_error = exc
        time.sleep(0.25)
    detail = f" (last error: {last_error!r})" if last_error else ""
    raise Neo4jServerError(f"Neo4j did not become ready within {timeout:.0f}s{detail}")










def _own_dir(data_dir: str | Path) -> Path:
    """``data_dir`` resolved, once it is known that no other local user can read or
    replace what is in it (its password above all): a folder another user prepared,
    or reaches through a link or a folder above, is refused before anything is read."""
    path = Path(data_dir).expanduser()
    reason = others_can_reach(path) or others_can_reach(path / _PASSWORD_FILE)
    if reason is not None:
        raise Neo4jServerError(
            f"refusing the server directory {path}: {reason}, so another user could read "
            "or replace its password; use a folder of your own (--dir)")
    return path.resolve()


def _password(data_dir: Path) -> str:
    path = data_dir / _PASSWORD_FILE
    password = users.kept(path)
    if password:
        return password
    if (data_dir / "data" / "databases" / "system").exists():
        # The auth database exists and holds the password we lost: a new one would
        # not be Neo4j's, and setting it would need a login we cannot make.
        raise Neo4jServerError(
            f"{path} is missing but {data_dir} already holds a database whose password was "
            f"in it; restore the file, or remove {data_dir} to start afresh")
    password = secrets.token_urlsafe(24)
    write_private(path, password + "\n")
    return password


def parse_heap(heap: str) -> int:
    """A JVM heap size (``512m``, ``2g``, ``1024``k is refused) in MiB.

    >>> parse_heap("512m"), parse_heap("2G")
    (512, 2048)
    """
    text = str(heap).strip().lower()
    units = {"m": 1, "g": 1024}
    if len(text) < 2 or text[-1] not in units or not text[:-1].isdigit():
        raise Neo4jServerError(f"heap size {heap!r}: expected a number and m or g, e.g. 1g")
    mb = int(text[:-1]) * units[text[-1]]
    if not 256 <= mb <= 1024 * 1024:
        raise Neo4jServerError(f"heap size {heap!r}: expected between 256m and 1024g")
    return mb


def _make_private_tree(data_dir: Path) -> None:
    """Take group and other access off ``data_dir`` and everything under it (the
    server's own folder; one started by an older graphmodel has 0644 logs)."""
    os.chmod(data_dir, 0o700)
    for root, dirs, files in os.walk(data_dir):
        for name in dirs + files:
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):
                mode = os.lstat(path).st_mode
                if mode & 0o077 and not os.path.islink(path):
                    os.chmod(path, mode & 0o700)




def _read_record(data_dir: Path) -> dict | None:
    try:
        raw = json.loads((data_dir / _SERVER_FILE).read_text())
        record: dict = {k: str(raw[k]) for k in ("uri", "user", "version", "started_at")}
        record["pid"] = int(raw["pid"])
        record["starting"] = bool(raw.get("starting", False))
        record["port"] = int(record["uri"].rsplit(":", 1)[1])
        return record
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None














def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"<{path} unreadable: {exc}>"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
