"""The local server's launcher processes: found by their record or, when a start was
cut short before it wrote one, by their command lines; stopped gently, then for good.

A launcher leads a session of its own (so a Ctrl-C meant for graphmodel does not reach
it), so it outlives a graphmodel process killed while it started it: :func:`orphans`
finds such a launcher of a data directory, and :func:`starting` tells one still being
started (its starter holds the start lock) from one left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import time
from pathlib import Path

from ...io.processes import pid_alive

__all__ = ["CHILDREN", "MAIN_CLASS", "START_LOCK", "alive", "is_our_launcher", "terminate",
           "orphans", "starting", "kill"]

MAIN_CLASS = "io.graphmodel.launcher.Launcher"
START_LOCK = ".server.lock"
#: Popen objects of servers started by this process, so they can be reaped (no zombies
#: that look alive, no "subprocess is still running" warnings).
CHILDREN: dict[int, subprocess.Popen] = {}


def alive(pid: int) -> bool:
    child = CHILDREN.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        del CHILDREN[pid]
        return False
    return pid_alive(pid)


def is_our_launcher(pid: int, data_dir: Path) -> bool:
    """Alive, and (where /proc exists) really the launcher for this data_dir (pid reuse)."""
    if not alive(pid):
        return False
    if not Path("/proc/self").exists():  # no procfs (not Linux): trust the pid
        return True
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return MAIN_CLASS.encode() in args and str(data_dir).encode() in args


def terminate(pid: int, timeout: float) -> None:
    """Stop the launcher ``pid``: SIGTERM (its shutdown hook closes the DBMS), then
    SIGKILL after ``timeout`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if alive(pid):
        kill(pid)


def orphans(data_dir: Path) -> list[int]:
    """Launchers whose home is ``data_dir``, found by their command lines (Linux)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    home = [b"--home", str(data_dir).encode()]
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if MAIN_CLASS.encode() in args and any(args[i:i + 2] == home for i in range(len(args))):
            found.append(int(entry.name))
    return sorted(pid for pid in found if alive(pid))


def starting(data_dir: Path) -> bool:
    """Whether a process holds the start lock (is starting a server) right now."""
    path = data_dir / START_LOCK
    if not path.exists():
        return False
    with open(path, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(f, fcntl.LOCK_UN)
    return False


def kill(pid: int) -> None:
    for kill in (os.killpg, os.kill):  # the launcher leads its own session/process group
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
