"""Progress bars for long commands (seed, generate, push, export, neo4j import).

The library reports progress through plain callbacks, ``progress(step, done,
total)``, and knows nothing of terminals; this module turns them into a rich progress
bar on stderr when stderr is a terminal, and into nothing when it is piped or
captured, or with ``--quiet``: scripts and logs get only the command's own output.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Annotated

import typer

__all__ = ["QuietOption", "progress_bar", "Progress"]

#: ``progress(step, done, total)``, as the library calls it.
Progress = Callable[[str, int, int], None]

QuietOption = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress bar (there is none either when stderr is not a "
                          "terminal).")]


@contextlib.contextmanager
def progress_bar(quiet: bool = False) -> Iterator[Progress | None]:
    """A callback drawing one bar per step on stderr's terminal, or None (piped,
    captured, ``--quiet``): pass it as the library's ``progress``.

    >>> with progress_bar() as update:  # doctests capture stderr: no terminal, no bar
    ...     update is None
    True
    """
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar, TaskID,
                               TextColumn, TimeElapsedColumn)

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update
