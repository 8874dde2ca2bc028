"""Replacing the local server's database with one built beside it, so that a killed
import leaves the previous database or the new one, never a mix.

The bulk import (:mod:`graphmodel.backends.neo4j.bulk`) builds the new database in a Neo4j home
of its own, ``DATA_DIR/.import``, while the old database is still served. Once the
importer has finished it writes ``.import/complete``; from then on the swap rolls
forward: with the server stopped, the database's store and transaction-log folders are
moved aside and the new ones moved in (each a rename), then the old ones removed. A
swap cut short is finished by the next :func:`recover`, which the server's start runs
first. A staging folder without ``complete`` is an import that never finished: the
previous database is untouched, and :func:`recover` removes the leftover (unless an
import still holds its lock).

What the database needs beside the imported rows (the schema, the dataset node) is
made once the server runs on it. The swap therefore leaves ``DATA_DIR/import.unfinished``
(what to make, as JSON) in place, and whoever makes it removes it: the import itself,
or, if it was stopped first, the server's next start.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from ...io.private import make_private_dir, write_private

__all__ = ["STAGING", "COMPLETE", "DATABASE_PARTS", "staging_lock", "mark_complete",
           "recover", "swap", "unfinished", "finished"]

STAGING = ".import"
COMPLETE = "complete"
UNFINISHED = "import.unfinished"
_PREVIOUS = ".import-previous"
_LOCK = ".import.lock"
#: The folders of the ``neo4j`` database under a Neo4j home.
DATABASE_PARTS = (("data", "databases", "neo4j"), ("data", "transactions", "neo4j"))


@contextlib.contextmanager
def staging_lock(data_dir: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold the import lock of ``data_dir``; yields ``False`` (without the lock) when
    ``wait`` is off and another process holds it."""
    make_private_dir(data_dir)
    fd = os.open(data_dir / _LOCK, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def mark_complete(data_dir: Path, to_finish: dict) -> None:
    """The staged database is whole: from now on the swap rolls forward. ``to_finish``
    (JSON values) is what the database still needs once served (see :func:`unfinished`)."""
    write_private(data_dir / STAGING / UNFINISHED, json.dumps(to_finish) + "\n")
    write_private(data_dir / STAGING / COMPLETE, "the import finished; the swap may proceed\n")


def unfinished(data_dir: Path) -> dict | None:
    """What a swapped-in database still needs (its schema, its dataset node), or None."""
    try:
        value = json.loads((data_dir / UNFINISHED).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # unreadable: the schema at least, which needs nothing
    return value if isinstance(value, dict) else {}


def finished(data_dir: Path) -> None:
    """The swapped-in database has what it needed."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(data_dir / UNFINISHED)


def swap(data_dir: Path) -> None:
    """Move the staged database in place of the live one (the server must be stopped).
    Safe to run again after being cut short at any point."""
    stage, previous = data_dir / STAGING, data_dir / _PREVIOUS
    for part in DATABASE_PARTS:
        staged, live, aside = stage.joinpath(*part), data_dir.joinpath(*part), previous.joinpath(*part)
        if not staged.exists():
            continue  # moved in by an earlier, interrupted swap
        if live.exists():
            shutil.rmtree(aside, ignore_errors=True)
            make_private_dir(aside.parent)
            os.rename(live, aside)
        make_private_dir(live.parent)
        os.rename(staged, live)
    if (stage / UNFINISHED).exists():
        os.replace(stage / UNFINISHED, data_dir / UNFINISHED)
    shutil.rmtree(previous, ignore_errors=True)
    shutil.rmtree(stage, ignore_errors=True)


def recover(data_dir: Path) -> None:
    """Finish a swap that was cut short, or remove an import that never finished."""
    stage = data_dir / STAGING
    if (stage / COMPLETE).exists():
        swap(data_dir)
    elif stage.exists():
        with staging_lock(data_dir, wait=False) as held:
            if held:  # no import is writing it
                shutil.rmtree(stage, ignore_errors=True)
    shutil.rmtree(data_dir / _PREVIOUS, ignore_errors=True)
