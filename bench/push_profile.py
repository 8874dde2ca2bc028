"""Where `push`'s time goes: wall time, client CPU and server CPU per step.

Run by hand, on a quiet machine, as `bench/run.py` is:

    .venv/bin/python bench/push_profile.py --store STORE [--heap 4g] [--workers 2]

It starts a local Neo4j of its own in a temporary directory (the server the
benchmark starts: 1 GiB page cache), pushes the store into its empty database once
(the server just started, as in the benchmark's push row), and prints one line per
step (a label or a relationship kind): rows, wall seconds, this process's CPU
seconds and the server process's CPU seconds over that step. A step ends when its
last batch is in, so the seconds of one step include the packing of its first
batches. The server's CPU is read from /proc (Linux).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import graphmodel
from graphmodel.backends.neo4j import connection, server
from graphmodel.backends.neo4j.push import push


def server_cpu(pid: int) -> float:
    """User and system CPU seconds of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    G = graphmodel.open_store(args.store)
    home = Path(tempfile.mkdtemp(prefix="graphmodel-push-profile-"))
    try:
        info = server.start(home / "neo4j", cache_dir=connection.maven_cache_dir(),
                            heap=args.heap, pagecache_mb=1024)
        steps: dict[str, tuple[int, float, float, float]] = {}

        def now() -> tuple[float, float, float]:
            return time.perf_counter(), time.process_time(), server_cpu(info.pid)

        start = last = begun = now()
        current = ""

        def progress(step: str, done: int, total: int) -> None:
            nonlocal last, begun, current
            if step != current:  # a new step starts where the last one ended
                current, begun = step, last
            last = now()
            wall, client, srv = (b - a for a, b in zip(begun, last))
            steps[step] = (done, wall, client, srv)

        conn = connection.Connection(info.uri, info.user, info.password)
        with connection.connect(conn) as driver:
            start = last = now()
            summary = push(G, driver, workers=args.workers, progress=progress)
            end = now()
        wall, client, srv = (b - a for a, b in zip(start, end))
        print(f"push: {summary.total_rows:,} rows in {wall:.1f} s = {summary.total_rows / wall:,.0f} "
              f"rows/s; client CPU {client:.1f} s, server CPU {srv:.1f} s")
        print(f"{'step':40} {'rows':>9} {'wall s':>7} {'client s':>9} {'server s':>9} {'rows/s':>9}")
        for step, (rows, w, c, s) in steps.items():
            print(f"{step:40} {rows:>9,} {w:>7.1f} {c:>9.1f} {s:>9.1f} {rows / max(w, 1e-9):>9,.0f}")
    finally:
        server.stop(home / "neo4j")
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
