"""Every command, every option, fed hostile values from a seeded generator: each run
ends in a message and an exit code (0, 1, or Click's 2 for usage), never a traceback,
and writes nothing outside the temporary folder it is given (issue 23).

Everything runs inside ``tmp_path``: the working folder is four levels down (so
``../../../x`` stays inside), HOME and the XDG folders point into it, PATH holds no
``java`` or ``mvn`` (no server is built or started), and the "special" paths are
stand-ins made there (a 16 MiB sparse file for an endless input, a link to a folder
of the test's own, a name of 300 bytes). Devices, pipes and /proc are covered by their
own tests (test_written_files, test_tracebacks), never by paths outside the folder.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import click
import pytest
from typer.testing import CliRunner

import graphmodel
from graphmodel.cli import app

from ..test_cli_conventions import COMMANDS

ROOT = Path(__file__).resolve().parents[2]

#: Invocations per command.
TRIALS = 8

#: Options left alone: a real engine would start (Spark), and the shell's own.
_SKIP = {"backend", "master", "install_completion", "show_completion", "help", "version"}


def hostile_values(tmp: Path) -> list[str]:
    big = tmp / "zero.bin"
    with open(big, "wb") as f:
        f.truncate(16 << 20)  # sparse: 16 MiB of NULs
    (tmp / "own").mkdir()
    (tmp / "link").symlink_to(tmp / "own")
    (tmp / "dangling").symlink_to(tmp / "nowhere")
    return ["", " ", "\x00", "a\x00b", "x" * 10_000, "-1", "0", "-99999999999999999999",
            "99999999999999999999", "1e309", "nan", "inf", "\udcff\udcfe", "../../../x",
            str(big), str(tmp / "own"), str(tmp / "link"), str(tmp / "link" / "out.csv"),
            str(tmp / "dangling"), "n" * 300, "长" * 100, "$(touch pwned)", "%s%n",
            "\r\n=1", "=HYPERLINK(\"x\")", "💥", "-", "R-DA", "定安县", "demo",
            "2016-02-30", "9999-12-31", "0000-01-01"]


def leaf_commands():
    for path, command in COMMANDS:
        if not getattr(command, "commands", None) and path:
            yield path, command


def invocation(rng: random.Random, path: tuple[str, ...], command: click.Command,
               values: list[str]) -> list[str]:
    args = list(path)
    params = [p for p in command.params if p.name not in _SKIP]
    for p in params:
        if isinstance(p, click.Argument) and (p.required or rng.random() < 0.5):
            args.append(rng.choice(values))
    for p in rng.sample(params, k=min(len(params), rng.randint(1, 3))):
        if isinstance(p, click.Option):
            if p.is_flag:
                args.append(p.opts[0])
            else:
                args += [p.opts[0], rng.choice(values)]
    return args


def outside(tmp: Path) -> dict:
    """What a run could change outside ``tmp``: the repository's files, and the real
    home's graphmodel folders."""
    status = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=ROOT,
                            capture_output=True, text=True).stdout
    home = Path.home()
    seen = {}
    for base in (home / ".config" / "graphmodel", home / ".local" / "share" / "graphmodel"):
        if base.exists():
            for p in base.rglob("*"):
                seen[str(p)] = os.lstat(p).st_mtime_ns
    return {"git": status, "home": seen}


def test_hostile_values_for_every_option_of_every_command(tmp_path):
    rng = random.Random(23)
    work = tmp_path / "a" / "b" / "c" / "work"
    work.mkdir(parents=True)
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir()
    bin_dir.mkdir()
    store = tmp_path / "store.gmz"
    graphmodel.seed("demo", store)
    values = hostile_values(tmp_path)
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local" / "share"),
           "XDG_CACHE_HOME": str(home / ".cache"), "PATH": str(bin_dir),
           "GRAPHMODEL_STORE": str(store), "GRAPHMODEL_NEO4J_DIR": str(tmp_path / "neo4j"),
           "GRAPHMODEL_KEY_FILE": str(home / "key"), "NEO4J_URI": None, "NEO4J_PASSWORD": None,
           "NEO4J_USERNAME": None, "NEO4J_DATABASE": None, "JAVA_HOME": None}
    before = outside(tmp_path)
    runner = CliRunner()
    failures = []
    codes: dict[int, int] = {}
    cwd = os.getcwd()
    os.chdir(work)
    try:
        for path, command in leaf_commands():
            for _ in range(TRIALS):
                args = invocation(rng, path, command, values)
                result = runner.invoke(app, args, env=env)
                crashed = result.exception is not None and not isinstance(result.exception,
                                                                          SystemExit)
                codes[result.exit_code] = codes.get(result.exit_code, 0) + 1
                if crashed or "Traceback" in result.output or result.exit_code not in (0, 1, 2):
                    failures.append((args, result.exit_code, repr(result.exception),
                                     result.output[-500:]))
    finally:
        os.chdir(cwd)
    assert failures == []
    assert codes.get(0) and codes.get(1) and codes.get(2), codes  # ran, refused, misused
    assert outside(tmp_path) == before
