"""The launcher's classes, archived once for every later start (the JVM's class data
sharing, AppCDS).

A Neo4j start spends most of its first seconds reading, parsing and verifying some
thousands of classes from about two hundred jars. The JVM can write the classes it
loaded to an archive when it exits and map that archive on the next start: measured on
two cores, a start went from 9-10 s to 5-6 s and used a third less CPU.

The archive is made once per launcher build and Java installation, by a start and stop
of the launcher on an empty home of its own (about 25 s, under a lock, so parallel
starts wait for one), and kept beside the build. The JVM checks at every start that
the archive matches its classpath (jar sizes and times) and its own version; when it
does not, it warns in the server's log and loads the classes as before. So the archive
changes how fast a start is, never what runs. When it cannot be made (a JDK without
its base archive, a training start that fails), a marker says so and starts go on
without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ...io.private import make_private_dir, write_private
from ...io.processes import exclusive_lock

__all__ = ["archive_options", "ensure_archive", "loads"]

_DIR = "class-archive"
#: How long the training start may take before it is given up (the server's own timeout).
TRAINING_TIMEOUT = 180.0


def _key(java_path: str) -> str:
    """The Java installation, as the archive depends on it: the real path of the
    ``java`` binary, its size and time (a JDK upgraded in place gets a new archive)."""
    real = os.path.realpath(java_path)
    st = os.stat(real)
    return hashlib.sha256(f"{real}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()[:16]


def _paths(build_dir: Path, java_path: str) -> tuple[Path, Path]:
    folder = build_dir / _DIR
    key = _key(java_path)
    return folder / f"{key}.jsa", folder / f"{key}.failed"


def _has_base_archive(java_path: str) -> bool:
    """A dynamic archive sits on the JDK's own (``lib/server/classes.jsa``)."""
    home = Path(os.path.realpath(java_path)).parent.parent
    return any((home / "lib" / vm / "classes.jsa").is_file() for vm in ("server", "client"))


def archive_options(build_dir: Path, java_path: str) -> list[str]:
    """The JVM options that map the archive, or none when there is no archive."""
    archive, _ = _paths(build_dir, java_path)
    return [f"-XX:SharedArchiveFile={archive}"] if archive.is_file() else []


def ensure_archive(build_dir: Path, java_path: str, command: Sequence[str]) -> Path | None:
    """The archive for ``build_dir`` and ``java_path``, made first if there is none.

    ``command`` is the launcher's command line after ``java`` (options, classpath, main
    class), without ``--home`` and the files in it, which the training start makes.
    Returns None when no archive can be made; the reason is in the marker file.
    """
    archive, failed = _paths(build_dir, java_path)
    if archive.is_file():
        return archive
    if failed.is_file():
        return None
    folder = make_private_dir(archive.parent)
    with exclusive_lock(folder / ".lock"):
        if archive.is_file():  # another process made it while this one waited
            return archive
        if failed.is_file():
            return None
        if not _has_base_archive(java_path):
            write_private(failed, "the JDK has no base class archive (lib/server/classes.jsa)\n")
            return None
        reason = _train(folder, archive, java_path, command)
        if reason is not None:
            write_private(failed, reason + "\n")
            return None
        return archive


def _train(folder: Path, archive: Path, java_path: str, command: Sequence[str]) -> str | None:
    """Start the launcher on an empty home with the archive written at exit, stop it
    once it is ready, and put the archive in place; the reason it failed, or None."""
    home = Path(tempfile.mkdtemp(prefix=".training-", dir=folder))
    written = folder / f".{archive.name}.{os.getpid()}.tmp"
    try:
        password = secrets.token_urlsafe(24)
        write_private(home / "password", password + "\n")
        ready = home / "launcher.ready"
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cmd = [java_path, f"-XX:ArchiveClassesAtExit={written}", *command,
               "--home", str(home), "--bolt-port", str(port),
               "--password-file", str(home / "password"), "--ready-file", str(ready),
               "--pagecache-mb", "16"]
        with open(home / "training.log", "wb") as log:
            proc = subprocess.Popen(cmd, cwd=home, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True,
                                    umask=0o077)
        try:
            deadline = time.monotonic() + TRAINING_TIMEOUT
            while not ready.is_file() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.25)
            if not ready.is_file():
                return f"the training start did not become ready (exit code {proc.poll()})"
            _exercise(f"bolt://127.0.0.1:{port}", password)
            proc.send_signal(signal.SIGTERM)  # the archive is written as the JVM exits
            code = proc.wait(timeout=TRAINING_TIMEOUT)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if code not in (0, 128 + signal.SIGTERM) or not written.is_file() \
                or written.stat().st_size == 0:
            return f"the training start wrote no archive (exit code {code})"
        if not loads(java_path, written):
            return "the archive written did not load (java -version failed with it)"
        os.chmod(written, 0o600)
        os.replace(written, archive)
        return None
    except (OSError, subprocess.SubprocessError) as exc:
        return f"the training start failed: {exc}"
    finally:
        shutil.rmtree(home, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            written.unlink()


def loads(java_path: str, archive: Path) -> bool:
    """Whether a JVM starts with ``archive`` mapped: a cut-short or damaged archive
    makes every JVM that maps it abort, so one is tried before it is put in place."""
    # Run beside the archive: a JVM that aborts writes its crash log (hs_err_pid*.log)
    # into its working folder, which must not be the caller's.
    tried = subprocess.run([java_path, f"-XX:SharedArchiveFile={archive}", "-version"],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=120,
                           cwd=archive.parent)
    return tried.returncode == 0


def _exercise(uri: str, password: str) -> None:
    """Log in and ask what every start asks, and a small read, so that the classes of
    Bolt and of Cypher's planner are archived too (the first queries after a start
    then plan sooner). A failure here only makes the archive smaller."""
    from neo4j import GraphDatabase

    with contextlib.suppress(Exception), \
            GraphDatabase.driver(uri, auth=("neo4j", password), connection_timeout=10) as driver:
        driver.execute_query("SHOW USERS YIELD user, passwordChangeRequired, suspended "
                             "RETURN user, passwordChangeRequired AS change, suspended",
                             database_="system")
        driver.execute_query("UNWIND range(1, 3) AS i CREATE (:Probe {i: i})")
        driver.execute_query("MATCH (p:Probe) WHERE p.i > $i RETURN p.i AS i ORDER BY i", i=1)
