"""The benchmark: the Hainan 2016 province, end to end, on this machine.

Run by hand (it takes a few minutes) and commit what it writes:

    .venv/bin/python bench/run.py                  # full province -> bench/RESULTS.md
    .venv/bin/python bench/run.py --smoke --out /tmp/RESULTS.md   # the demo, seconds
    .venv/bin/python bench/run.py --only employer_matching   # one part, on its own

A part run with ``--only`` writes its rows in a section of their own (with its own
date, commit and load), below the notes mark, so a later full run keeps it.

Each CLI step runs as a whole `graphmodel` process (start-up included) and is timed
with its peak memory (os.wait4). The processes keep Python's bytecode cache (in the
work folder, filled by a warm-up first), as an installed package has it, even where
PYTHONDONTWRITEBYTECODE is set. Neo4j runs locally, started here with
`graphmodel neo4j start`'s own code, unless NEO4J_URI names a server (whose
database is then emptied!). With `pip install -e '.[bench]'`, DuckDB's SQL over the
same CSV files (bench/yardstick/) is timed beside graphmodel as a yardstick. The notes
below the table in RESULTS.md are kept when the table is rewritten.
"""

from __future__ import annotations

import argparse
import csv
import json
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import graphmodel
from graphmodel.backends.neo4j import bulk as bulk_module, connection, digest, push as loading, server
from graphmodel.backends.neo4j.source import cypher_query
from graphmodel.backends.neo4j.statements import edge_statement, node_statement
from graphmodel.model.schema import EDGE_KINDS, NODE_KINDS

ROOT = Path(__file__).resolve().parent.parent
GRAPHMODEL = str(Path(sys.executable).with_name("graphmodel"))
NOTES_MARK = "<!-- notes: kept when the table is rewritten -->"
TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None  # GNU time: peak RSS


class Bench:
    def __init__(self, smoke: bool, work: Path):
        self.smoke = smoke
        self.rows: list[tuple[str, str, str, str]] = []  # step, measured, target, verdict
        # Every process compiles a module once, into this cache, and then reads it.
        self.env = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(work / "pycache")}
        self.on_record = lambda: None  # the results so far, written after each step
        self.last_cpu = 0.0  # CPU seconds (user + system) of the last process run

    def record(self, step: str, measured: str, target: str = "", ok: bool | None = None) -> None:
        # A smoke run on the demo says nothing about the targets, which are for the province.
        verdict = "" if ok is None or self.smoke else ("met" if ok else "**missed**")
        self.rows.append((step, measured, target, verdict))
        print(f"{step:55} {measured:32} {target:22} {verdict}", flush=True)
        self.on_record()  # a run killed half-way still leaves what it measured

    def run(self, args: list[str], env: dict | None = None, stdout=None) -> tuple[float, int, str]:
        """Run a process; return (seconds, peak RSS in MiB, stderr+stdout text)."""
        out = stdout or subprocess.PIPE
        # Linux hands a child started from this (big) process this process's peak RSS
        # as its own (the child is vforked: exec records the shared memory's peak). GNU
        # time starts the command from a small process and reports its real peak.
        peak_file = Path(self.env["PYTHONPYCACHEPREFIX"]).with_name("peak-rss.txt")
        wrapper = [TIME, "-f", "%M", "-o", str(peak_file)] if TIME else []
        started = time.perf_counter()
        proc = subprocess.Popen(wrapper + args, stdout=out, stderr=subprocess.PIPE,
                                env={**os.environ, **self.env, **(env or {})})
        text_out = proc.stdout.read().decode() if out is subprocess.PIPE else ""
        text_err = proc.stderr.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{text_err}")
        peak_kib = int(peak_file.read_text().split()[-1]) if TIME else usage.ru_maxrss
        self.last_cpu = usage.ru_utime + usage.ru_stime  # the process and its children
        return seconds, peak_kib // 1024, text_out + text_err


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")))
    import neo4j
    import numpy

    try:
        import duckdb

        duck = {"duckdb": duckdb.__version__}
    except ImportError:
        duck = {}

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "cpu": f"{os.cpu_count()} x {cpu}",
            "memory": f"{mem_kb / 1024 / 1024:.1f} GiB", "python": platform.python_version(),
            "graphmodel": f"{graphmodel.__version__} ({commit})", "numpy": numpy.__version__,
            "neo4j driver": neo4j.__version__, **duck,
            # Other work on the machine slows the processes measured, DuckDB's (which
            # uses every core) most: said beside the numbers.
            "load average at start (1, 5, 15 min)": _load()}


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def warm_up(bench: Bench) -> None:
    """Fill the bytecode cache: the modules every step imports, compiled once."""
    modules = ["graphmodel.cli", "graphmodel.io.dataset", "graphmodel.generate", "graphmodel.io.store",
               "graphmodel.questions.gaps", "graphmodel.questions.breakdowns", "graphmodel.questions.people",
               "graphmodel.questions.reference", "graphmodel.i18n", "graphmodel.backends.neo4j.source", "neo4j"]
    try:
        import duckdb  # noqa: F401

        modules.append("duckdb")
    except ImportError:
        pass
    bench.run([sys.executable, "-c", "import " + ", ".join(modules)])
    bench.run([GRAPHMODEL, "--help"])


def median_run(bench: Bench, args: list[str], out: Path, times: int = 3,
               env: dict | None = None) -> tuple[float, int]:
    if bench.smoke:  # a smoke run checks that the step works: once is enough
        times = 1
    else:
        bench.run(args, env=env, stdout=subprocess.DEVNULL)  # warm-up: the files in the page cache
    runs = []
    for _ in range(times):
        with open(out, "wb") as fh:
            runs.append(bench.run(args, env=env, stdout=fh)[:2])
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def json_rows(path: Path) -> int:
    """Rows of a JSON answer, counted line by line: keeps this process small, as its
    children start as its copy."""
    with open(path, "rb") as fh:
        return sum(line.startswith(b'{"id"') for line in fh)


#: The CLI steps timed on each backend: label, arguments, target in seconds (embedded).
CLI_STEPS = [
    ("query uncovered --format json", ["query", "uncovered", "--format", "json"], 3.0),
    ("query uncovered --region {ledong} --min-members 3",
     ["query", "uncovered", "--region", "{ledong}", "--min-members", "3"], None),
    ("query isolated --format json", ["query", "isolated", "--format", "json"], None),
    ("report --format json", ["report", "--format", "json"], None),
    ("query coverage --by town --format json",
     ["query", "coverage", "--by", "town", "--format", "json"], 1.0),
    ("query members --no-org-life --format json",
     ["query", "members", "--no-org-life", "--format", "json"], 1.0),
    ("report --by county --format json", ["report", "--by", "county", "--format", "json"], 1.0),
    # The whole province's work plan: formations, stations, instructors and the effect.
    ("plan --summary --format json", ["plan", "--summary", "--format", "json"], 5.0),
    ("plan --region {ledong} --summary", ["plan", "--region", "{ledong}", "--summary"], None),
]


def cli_steps(bench: Bench, work: Path, source_args: list[str], env: dict | None = None,
              backend: str = "") -> dict[str, float]:
    """Time each of :data:`CLI_STEPS` as a process; their medians, by label."""
    ledong = "469027" if not bench.smoke else "R-DA"
    times = {}
    for label, args, target in CLI_STEPS:
        args = [a.replace("{ledong}", ledong) for a in args]
        if backend:  # Neo4j: the processes are timed, the targets are the embedded ones'
            args, target = args + ["--backend", backend], None
        seconds, rss = median_run(bench, [GRAPHMODEL, *args, *source_args], work / "out.txt",
                                  env=env)
        times[label] = seconds
        rows = json_rows(work / "out.txt")
        extra = f", {rows} rows" if rows else ""
        bench.record(f"{label.format(ledong=ledong)}{' --backend ' + backend if backend else ''}"
                     " (process)", f"{seconds:.2f} s (median of 3){extra}, {rss} MiB",
                     f"<= {target:g} s" if target else "", seconds <= target if target else None)
    return times


def embedded(bench: Bench, work: Path, seed: int) -> tuple[Path, str]:
    store = work / "store.gmz"
    if bench.smoke:
        source = "demo"
    else:
        source = str(work / "csv")
        seconds, rss, _ = bench.run([GRAPHMODEL, "generate", "hainan-2016", "--out", source,
                                     "--seed", str(seed)])
        bench.record("generate hainan-2016", f"{seconds:.1f} s (peak {rss} MiB)", "<= 20 s", seconds <= 20)
    seconds, rss, _ = bench.run([GRAPHMODEL, "seed", source, "--store", str(store)])
    bench.record("seed (validate, build, write the store)", f"{seconds:.1f} s, peak RSS {rss} MiB",
                 "<= 30 s, <= 2048 MiB", seconds <= 30 and rss <= 2048)
    bench.record("store size", f"{store.stat().st_size / 2**20:.0f} MiB")
    cli_steps(bench, work, ["--store", str(store)])
    exports(bench, work, store)
    against_duckdb(bench, work, store, source)
    employer_matching(bench, work, seed)
    record_checks(bench, work, seed, store)
    return store, source


#: Exports timed as processes: label, arguments ({out}: a fresh folder, {county}: Ding'an,
#: or the demo's R-DA in a smoke run), and a target in seconds (None: measured only).
EXPORT_STEPS: list[tuple[str, list[str], float | None]] = [
    ("export graphml (the province)", ["export", "graphml", "{out}/province.graphml"], None),
    ("export graphml --region {county}",
     ["export", "graphml", "{out}/county.graphml", "--region", "{county}"], None),
    ("export gexf --region {county}",
     ["export", "gexf", "{out}/county.gexf", "--region", "{county}"], None),
    ("export csv (the province)", ["export", "csv", "{out}/csv"], None),
    ("export csv --region {county}", ["export", "csv", "{out}/county-csv", "--region", "{county}"],
     None),
    ("export parquet (the province)", ["export", "parquet", "{out}/parquet"], None),
    ("export parquet --region {county}",
     ["export", "parquet", "{out}/county-parquet", "--region", "{county}"], None),
]


def _size(path: Path) -> int:
    if path.is_dir():  # a folder format: every file in it (Parquet's are in partitions)
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def exports(bench: Bench, work: Path, store: Path) -> None:
    """Each of :data:`EXPORT_STEPS` once, as a process: its time, peak memory and size."""
    county = "定安县" if not bench.smoke else "R-DA"
    for label, args, target in EXPORT_STEPS:
        out = work / "exports"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        args = [a.replace("{out}", str(out)).replace("{county}", county) for a in args]
        seconds, rss, _ = bench.run([GRAPHMODEL, *args, "--store", str(store)])
        written = Path(args[2])
        bench.record(label.format(county=county),
                     f"{seconds:.1f} s, peak RSS {rss} MiB, {_size(written) / 2**20:.1f} MiB",
                     f"<= {target:g} s" if target else "",
                     seconds <= target if target else None)
    shutil.rmtree(work / "exports", ignore_errors=True)


def employer_matching(bench: Bench, work: Path, seed: int) -> None:
    """graphmodel link on the province with noisy employer names: its time, and the
    precision and recall it prints against the generator's truth."""
    if bench.smoke:
        return
    noisy = work / "noisy"
    bench.run([GRAPHMODEL, "generate", "hainan-2016", "--out", str(noisy), "--seed", str(seed),
               "--noisy-employers"])
    seconds, rss, text = bench.run([GRAPHMODEL, "link", str(noisy), "--format", "csv",
                                    "--truth", str(noisy / "employer_truth.csv")],
                                   stdout=subprocess.DEVNULL)
    bench.record("link (employers by name, noisy province)", f"{seconds:.1f} s, peak RSS {rss} MiB")
    found = re.search(r"precision ([0-9.]+), recall ([0-9.]+)", text)
    precision, recall = (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)
    bench.record("link precision / recall", f"{precision:.4f} / {recall:.4f}",
                 ">= 0.98 / >= 0.95", precision >= 0.98 and recall >= 0.95)
    shutil.rmtree(noisy, ignore_errors=True)


def record_checks(bench: Bench, work: Path, seed: int, store: Path) -> None:
    """graphmodel check on the store (its time), then on the province with faults
    injected at 1%: the injected records found and the share of clean ones reported."""
    seconds, rss, _ = bench.run([GRAPHMODEL, "check", "--store", str(store), "--format", "json"],
                                stdout=subprocess.DEVNULL)
    bench.record("check (record checks, the store)", f"{seconds:.2f} s, peak RSS {rss} MiB",
                 "<= 5 s", seconds <= 5)
    if bench.smoke:
        return
    faulty, faulty_store = work / "faulty", work / "faulty.gmz"
    bench.run([GRAPHMODEL, "generate", "hainan-2016", "--out", str(faulty), "--seed", str(seed),
               "--faults", "0.01"])
    bench.run([GRAPHMODEL, "seed", str(faulty), "--store", str(faulty_store)])
    seconds, rss, text = bench.run([GRAPHMODEL, "check", "--store", str(faulty_store), "--format",
                                    "csv", "--truth", str(faulty / "faults_truth.csv")],
                                   stdout=subprocess.DEVNULL)
    bench.record("check (province with faults at 1%)", f"{seconds:.2f} s, peak RSS {rss} MiB")
    found = re.search(r"found ([0-9,]+) of ([0-9,]+) injected records; ([0-9,]+) of ([0-9,]+) "
                      r"clean records reported", text)
    hit, injected, flagged, clean = ([int(g.replace(",", "")) for g in found.groups()]
                                     if found else (0, 1, 1, 1))
    bench.record("check: injected records found", f"{hit:,} of {injected:,}", "all",
                 hit == injected)
    bench.record("check: clean records reported", f"{flagged:,} of {clean:,} = "
                 f"{flagged / clean:.2%}", "<= 2%", flagged / clean <= 0.02)
    for line in text.splitlines():  # per kind: where the false positives are
        kind = re.match(r"\s+clean (\w+) records reported: ([0-9,]+) of ([0-9,]+)", line)
        if kind:
            bench.record(f"check: clean {kind.group(1)} records reported",
                         f"{kind.group(2)} of {kind.group(3)}")
    shutil.rmtree(faulty, ignore_errors=True)


def _province_store(bench: Bench, work: Path, seed: int, given: Path | None) -> Path:
    """The store a part runs on: ``--store`` if given, else the province generated and
    seeded here (the demo in a smoke run)."""
    if given is not None:
        return given
    store, source = work / "store.gmz", work / "csv"
    if not bench.smoke:
        bench.run([GRAPHMODEL, "generate", "hainan-2016", "--out", str(source), "--seed", str(seed)])
    bench.run([GRAPHMODEL, "seed", "demo" if bench.smoke else str(source), "--store", str(store)])
    return store


#: The parts that can run on their own (``--only NAME``):
#: name -> function(bench, work, seed, store given with --store or None).
PARTS = {
    "employer_matching": lambda bench, work, seed, store: employer_matching(bench, work, seed),
    "record_checks": lambda bench, work, seed, store: record_checks(
        bench, work, seed, _province_store(bench, work, seed, store)),
    "exports": lambda bench, work, seed, store: exports(
        bench, work, _province_store(bench, work, seed, store)),
    "spark_neo4j": lambda bench, work, seed, store: spark_neo4j(
        bench, work, _province_store(bench, work, seed, store)),
    "killed_push": lambda bench, work, seed, store: killed_push(
        bench, work, _province_store(bench, work, seed, store)),
    "spark_parity": lambda bench, work, seed, store: spark_parity(bench, work, seed),
}

#: The questions spark_parity asks on the province (Ding'an 469021, Ledong 469027;
#: "province": the province's own region).
SPARK_PARITY = [("report", {}), ("uncovered", {"region": "469021"}),
                ("isolated", {"region": "469027"}),
                ("uncovered", {"region": "province", "min_members": 3}),
                ("coverage", {"by": "county"}), ("report_by", {"by": "county"}),
                ("members", {"region": "469021", "floating": True}),
                ("stations", {"by": "county"}), ("organisations", {"level": "branch"})]


def spark_parity(bench: Bench, work: Path, seed: int) -> None:
    """``generate --provinces 1 --format parquet`` (the path that scales to many
    provinces) against the province generated as CSV: Spark in local[2] answers each
    question of :data:`SPARK_PARITY` on the Parquet as the embedded backend does on the
    CSV. The test suite checks Spark's parity on the demo and random datasets."""
    if bench.smoke:
        bench.record("spark parity on the province", "skipped in a smoke run (the generator "
                     "makes whole provinces only)")
        return
    from graphmodel.backends.spark.session import spark_session
    from graphmodel.backends.spark.source import SparkDataset
    from graphmodel.generate.provinces import as_province, generate_provinces

    started = time.perf_counter()
    parquet = generate_provinces("hainan-2016", work / "provinces", 1, seed)
    bench.record("spark parity: generate --provinces 1 --format parquet",
                 f"{time.perf_counter() - started:.1f} s")
    csv_dir = work / "csv"
    bench.run([GRAPHMODEL, "generate", "hainan-2016", "--out", str(csv_dir), "--seed", str(seed)])
    G = as_province(graphmodel.read_dataset(csv_dir), "46")
    province = graphmodel.regions(G, level="province")[0]["id"]
    session = spark_session("local[2]", local_dir=work / "spark")
    try:
        ds = SparkDataset(session, parquet)
        for name, kwargs in SPARK_PARITY:
            if kwargs.get("region") == "province":
                kwargs = {**kwargs, "region": province}
            started = time.perf_counter()
            got = graphmodel.answer(ds, name, **kwargs)
            seconds = time.perf_counter() - started
            want = graphmodel.answer(G, name, **kwargs)
            same = got == want if isinstance(want, dict) else got.rows() == want.rows()
            args = " ".join(f"--{k.replace('_', '-')} {v}" for k, v in kwargs.items())
            bench.record(f"spark parity: {name} {args}".rstrip(),
                         f"{seconds:.1f} s; {'same' if same else '**different**'}", "same", same)
    finally:
        session.stop()


def killed_push(bench: Bench, work: Path, store: Path) -> None:
    """The province pushed into a server of the default size, the push killed with
    SIGKILL part-way through the entities, then run again: the database must equal a
    bulk import of the same store (every node, relationship and typed property). The
    test suite checks the same on 20,000 rows; this is the province-scale check."""
    clean_dir, killed_dir = work / "neo4j-clean", work / "neo4j-killed"
    # The digest reads every node and property back: 2 GiB of heap for the province.
    sizing = {"heap": "512m", "pagecache_mb": 128} if bench.smoke else \
        {"heap": "2g", "pagecache_mb": 1024}
    try:
        started = time.perf_counter()
        server.start(clean_dir, cache_dir=connection.maven_cache_dir(), **sizing)
        clean = bulk_module.bulk_import(graphmodel.open_store(store), clean_dir,
                                        cache_dir=connection.maven_cache_dir()).info
        with connection.connect(_conn(clean)) as driver:
            expected = digest.digest(driver)
        server.stop(clean_dir)
        bench.record("killed push: the clean database (neo4j import)",
                     f"{time.perf_counter() - started:.1f} s")
        info = server.start(killed_dir, cache_dir=connection.maven_cache_dir(), **sizing)
        env = {**os.environ, "NEO4J_URI": info.uri, "NEO4J_USERNAME": info.user,
               "NEO4J_PASSWORD": info.password}
        total = sum(expected[k.label][0] for k in NODE_KINDS)
        with connection.connect(_conn(info)) as driver:
            proc = subprocess.Popen([GRAPHMODEL, "push", "--store", str(store)], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            at = _nodes_when_killed(driver, proc, min(200_000, total // 3))
            bench.record("killed push: SIGKILL part-way", f"{at:,} of {total:,} nodes written",
                         "part-way", 0 < at < total)
            seconds, _, _ = bench.run([GRAPHMODEL, "push", "--store", str(store)], env=env)
            same = digest.digest(driver) == expected
            bench.record("killed push: the re-run, then the database against the clean one",
                         f"{seconds:.1f} s; {'same' if same else '**different**'}", "same", same)
    finally:
        for data_dir in (clean_dir, killed_dir):
            server.stop(data_dir)


def _conn(info: server.ServerInfo) -> connection.Connection:
    return connection.Connection(info.uri, info.user, info.password)


def _nodes_when_killed(driver, proc: subprocess.Popen, at_least: int) -> int:
    """Kill ``proc`` with SIGKILL once the database holds ``at_least`` nodes; the
    number of nodes then."""
    import signal

    def nodes() -> int:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
        return records[0]["n"]

    deadline = time.monotonic() + 600
    while nodes() < at_least and proc.poll() is None:
        if time.monotonic() > deadline:
            raise RuntimeError("the push made no progress in 10 minutes")
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return nodes()


#: One process: a local[2] Spark session with the Neo4j connector loads the Parquet
#: folder argv[1] into the Neo4j of NEO4J_URI/... (the password stays out of argv).
CONNECTOR_SCRIPT = """
import json, os, sys, time
from graphmodel.backends.neo4j.connection import resolve_connection
from graphmodel.backends.spark import spark_session
from graphmodel.spark_to_neo4j import CONNECTOR_SETTINGS, load_neo4j
spark = spark_session("local[2]", local_dir=sys.argv[2], config=CONNECTOR_SETTINGS)
started = time.perf_counter()
loaded = load_neo4j(spark, sys.argv[1], resolve_connection(environ=os.environ))
print(json.dumps({"rows": loaded.rows, "seconds": time.perf_counter() - started}))
spark.stop()
"""


def spark_neo4j(bench: Bench, work: Path, store: Path) -> None:
    """The three ways into Neo4j on one server, each into an empty database: ``push``,
    ``neo4j import`` (the bulk importer) and the Neo4j Connector for Apache Spark over
    ``export parquet``; the connector's graph is compared with the push's."""
    model = {k.label for k in NODE_KINDS} | {e.type for e in EDGE_KINDS}
    parquet = work / "parquet"
    bench.run([GRAPHMODEL, "export", "parquet", str(parquet), "--store", str(store)])
    local = work / "neo4j"
    info = server.start(local, cache_dir=connection.maven_cache_dir(),
                        heap="4g" if not bench.smoke else "512m",
                        pagecache_mb=1024 if not bench.smoke else 128)
    env = {"NEO4J_URI": info.uri, "NEO4J_USERNAME": info.user, "NEO4J_PASSWORD": info.password}
    try:
        conn = connection.Connection(info.uri, info.user, info.password)
        with connection.connect(conn) as driver:
            seconds, _, text = bench.run([GRAPHMODEL, "push", "--store", str(store)], env=env)
            rows, loader_s = _pushed(text)
            bench.record("push (process, empty database)", f"{seconds:.1f} s; {rows} rows in "
                         f"{loader_s:.1f} s = {rows / loader_s:,.0f} rows/s")
            pushed = {k: v for k, v in digest.digest(driver).items() if k in model}
            bulk_import(bench, driver, store, local, env)
        with connection.connect(conn) as driver:  # a new driver: the database was replaced
            empty_database(driver)
            seconds, _, text = bench.run([sys.executable, "-c", CONNECTOR_SCRIPT, str(parquet),
                                            str(work / "spark")], env=env)
            result = json.loads(next(line for line in text.splitlines()
                                     if line.startswith('{"rows"')))
            bench.record("Neo4j Connector for Apache Spark, local[2] (process, empty database)",
                         f"{seconds:.1f} s; {result['rows']} rows in "
                         f"{result['seconds']:.1f} s = {result['rows'] / result['seconds']:,.0f} "
                         "rows/s")
            loaded = {k: v for k, v in digest.digest(driver).items() if k in model}
            bench.record("connector's graph = push's (every label and type, typed properties)",
                         "same" if loaded == pushed else "**different**", "same",
                         loaded == pushed)
    finally:
        server.stop(local)


#: graphmodel's commands against DuckDB's SQL over the same CSV files (bench/yardstick/),
#: both whole processes giving the same JSON rows, and the ratio each may reach.
DUCKDB_PAIRS = [
    ("query uncovered --format json", ["query", "uncovered", "--format", "json"], "uncovered", 1.5),
    ("query coverage --by county --format json",
     ["query", "coverage", "--by", "county", "--format", "json"], "coverage_county", 1.0),
]


def against_duckdb(bench: Bench, work: Path, store: Path, source: str) -> None:
    try:
        import duckdb  # noqa: F401  (a benchmark-only dependency: pip install '.[bench]')
    except ImportError:
        bench.record("DuckDB comparison", "skipped: duckdb is not installed "
                     "(pip install -e '.[bench]')")
        return
    csv_dir = str(graphmodel.bundled_dataset("demo")) if source == "demo" else source
    duck = [sys.executable, str(ROOT / "bench" / "yardstick" / "run.py")]
    for label, args, sql, ratio in DUCKDB_PAIRS:
        ours_args = [GRAPHMODEL, *args, "--store", str(store)]
        theirs_args = [*duck, sql, csv_dir]
        for warm in (ours_args, theirs_args):  # files in the page cache for both
            bench.run(warm, stdout=subprocess.DEVNULL)
        ours, theirs, ours_cpu, theirs_cpu = [], [], [], []
        for _ in range(1 if bench.smoke else 5):  # alternated: both meet the same machine
            with open(work / "ours.json", "wb") as fh:
                ours.append(bench.run(ours_args, stdout=fh)[0])
                ours_cpu.append(bench.last_cpu)
            with open(work / "theirs.json", "wb") as fh:
                theirs.append(bench.run(theirs_args, stdout=fh)[0])
                theirs_cpu.append(bench.last_cpu)
        # Compared in a process of its own: this one stays small (its children start as
        # its copy, and their peak memory is measured).
        same = subprocess.run([sys.executable, "-c", "import json, sys; a, b = (json.load(open("
                               "p, encoding='utf-8')) for p in sys.argv[1:]); sys.exit(a != b)",
                               str(work / "ours.json"), str(work / "theirs.json")]).returncode == 0
        a, b = statistics.median(ours), statistics.median(theirs)
        # DuckDB works on every core, graphmodel on one: their CPU seconds are said too.
        ca, cb = statistics.median(ours_cpu), statistics.median(theirs_cpu)
        bench.record(f"{label} vs DuckDB SQL (processes)",
                     f"{a:.2f} s vs {b:.2f} s = {a / b:.2f}x (medians of 5; CPU {ca:.2f} s "
                     f"vs {cb:.2f} s); {'same rows' if same else '**different rows**'}",
                     f"<= {ratio:g}x", a / b <= ratio and same)


def edited_store(work: Path, source: str) -> Path:
    """A store of the dataset with one entity's name changed (seeded untimed)."""
    origin = Path(source) if Path(source).is_dir() else graphmodel.bundled_dataset(source)
    shutil.copytree(origin, work / "edited")
    path = work / "edited" / "entities.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("name")] += "（改）"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    graphmodel.seed(work / "edited", work / "edited.gmz")
    return work / "edited.gmz"


def neo4j_part(bench: Bench, work: Path, store: Path, source: str, sample: int) -> None:
    local = None
    if os.environ.get("NEO4J_URI"):
        conn = connection.resolve_connection()
    else:
        local = work / "neo4j"
        started = time.perf_counter()
        info = server.start(local, cache_dir=connection.maven_cache_dir(),
                            # 4g: a transaction may use a quarter of the heap, and the
                            # whole province's uncovered list with its names needs ~600 MiB.
                            heap="4g" if not bench.smoke else "512m",
                            pagecache_mb=1024 if not bench.smoke else 128)
        bench.record(f"neo4j start (Neo4j {info.version}, jars cached)",
                     f"{time.perf_counter() - started:.1f} s")
        conn = connection.Connection(info.uri, info.user, info.password)
    env = {"NEO4J_URI": conn.uri, "NEO4J_USERNAME": conn.user, "NEO4J_PASSWORD": conn.password}
    try:
        with connection.connect(conn) as driver:
            per_row = one_transaction_per_row(driver, graphmodel.open_store(store), sample)
            seconds, rss, text = bench.run([GRAPHMODEL, "push", "--store", str(store)], env=env)
            rows, loader_s = _pushed(text)
            rate = rows / loader_s
            bench.record("push (graphmodel push process, empty database, server just started)",
                         f"{seconds:.1f} s; {rows} rows in {loader_s:.1f} s = {rate:,.0f} rows/s",
                         ">= 80,000 rows/s", rate >= 80_000)
            bench.record(f"one transaction per row ({sample} sample rows)", f"{per_row:,.0f} rows/s; "
                         f"batched is {rate / per_row:.0f}x", ">= 50x", rate / per_row >= 50)
            seconds, _, _ = bench.run([GRAPHMODEL, "push", "--store", str(store)], env=env)
            bench.record("push again (nothing changes)", f"{seconds:.1f} s", "<= 10 s",
                         seconds <= 10)
            edited = edited_store(work, source)
            seconds, _, text = bench.run([GRAPHMODEL, "push", "--store", str(edited)], env=env)
            skipped = re.search(r"\d+ of \d+ batches unchanged", text)
            bench.record("push with one entity's name edited",
                         f"{seconds:.1f} s ({skipped.group(0) if skipped else '?'})",
                         "<= 15 s", seconds <= 15)
            seconds, _, _ = bench.run([GRAPHMODEL, "push", "--store", str(store)], env=env)
            bench.record("push the original back (that row again)", f"{seconds:.1f} s")
            empty_database(driver)
            seconds, _, text = bench.run([GRAPHMODEL, "push", "--store", str(store)], env=env)
            rows, loader_s = _pushed(text)
            bench.record("push again into the emptied database (server warm)",
                         f"{seconds:.1f} s; {rows} rows in {loader_s:.1f} s = "
                         f"{rows / loader_s:,.0f} rows/s", ">= 80,000 rows/s",
                         rows / loader_s >= 80_000)
            server_seconds = neo4j_queries_warm(bench, driver)
            processes = cli_steps(bench, work, [], env=env, backend="neo4j")
            process = processes["query uncovered --format json"]
            bench.record("query uncovered --format json --backend neo4j (process) against the "
                         "server's own time for the query (`CALL { <query> } RETURN count(*)`)",
                         f"{process:.2f} s vs {server_seconds:.2f} s = "
                         f"{process / server_seconds:.2f}x", "<= 1.5x",
                         process / server_seconds <= 1.5)
            if local is not None:
                bulk_import(bench, driver, store, local, env)
    finally:
        if local is not None:
            server.stop(local)


def _pushed(text: str) -> tuple[int, float]:
    """Rows and seconds from ``graphmodel push``'s last line."""
    found = re.search(r"pushed (\d+) rows .* in ([\d.]+) s", text)
    assert found, text
    return int(found.group(1)), float(found.group(2))


def empty_database(driver) -> None:
    """Delete every node, entities first (few relationships each, so that no
    transaction holds a region's thousands of relationships at once)."""
    entity = next(k for k in NODE_KINDS if k.name == "entity").label
    with driver.session() as session:
        session.run(f"MATCH (n:{entity}) CALL (n) {{ DETACH DELETE n }} "
                    "IN TRANSACTIONS OF 10000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS").consume()


def bulk_import(bench: Bench, driver, store: Path, local: Path, env: dict) -> None:
    """``graphmodel neo4j import`` over the pushed database, as a process; then the
    database it made is compared with the push's (every property, with its type)."""
    pushed = digest.digest(driver), digest.schema(driver)
    seconds, rss, text = bench.run([GRAPHMODEL, "neo4j", "import", "--store", str(store),
                                    "--dir", str(local)], env=env)
    found = re.search(r"imported (\d+) rows .* in [\d.]+ s \((.*)\)", text)
    rows, phases = int(found.group(1)), dict(
        (name, float(value)) for name, value in re.findall(r"(\w+) ([\d.]+) s", found.group(2)))
    rate = rows / phases["import"]
    bench.record("neo4j import (process: store to a server ready for queries)",
                 f"{seconds:.1f} s ({found.group(2)}), peak {rss} MiB", "<= 25 s", seconds <= 25)
    bench.record("neo4j import: the importer's phase", f"{rows} rows in {phases['import']:.1f} s = "
                 f"{rate:,.0f} rows/s", ">= 200,000 rows/s", rate >= 200_000)
    # A new driver: the old one's bookmarks name transactions of the replaced database.
    conn = connection.resolve_connection(env["NEO4J_URI"], env["NEO4J_USERNAME"],
                                         env["NEO4J_PASSWORD"], None)
    with connection.connect(conn) as fresh:
        imported = digest.digest(fresh), digest.schema(fresh)
    bench.record("neo4j import = push (nodes, relationships, typed properties, schema)",
                 "same" if imported == pushed else "**different**", "same", imported == pushed)


def one_transaction_per_row(driver, G, sample: int) -> float:
    """Load ``sample`` rows (entity nodes, then their LOCATED_IN edges) one write
    transaction each, with the same statements as push; rows per second."""
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    for statement in loading.schema_statements():
        driver.execute_query(statement.text)
    entity = next(k for k in NODE_KINDS if k.name == "entity")
    region = next(k for k in NODE_KINDS if k.name == "region")
    located = next(e for e in EDGE_KINDS if e.source == "entity" and e.type == "LOCATED_IN")
    half = sample // 2
    nodes = loading.node_rows(G, entity)[:half]
    edges = loading.edge_rows(G, located)[:half]
    bulk = loading._Load(driver, None, 10_000, 1, loading.PushSummary(), None)
    bulk.write(node_statement(region), loading.node_rows(G, region), "regions")
    per_row = loading._Load(driver, None, 1, 1, loading.PushSummary(), None)  # one tx per row
    started = time.perf_counter()
    per_row.write(node_statement(entity), nodes, "nodes")
    per_row.write(edge_statement(located), edges, "edges")
    seconds = time.perf_counter() - started
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    return (len(nodes) + len(edges)) / seconds


def neo4j_queries_warm(bench: Bench, driver) -> float:
    """Time the library's Neo4j queries in this process, warm; return the server's own
    time for the whole-province uncovered query (counted on the server, nothing sent)."""
    smoke = bench.smoke
    db = graphmodel.Neo4jDatabase(driver)
    counted = f"CALL () {{\n{cypher_query('uncovered')}\n}}\nRETURN count(*) AS rows"
    params = {"region": None, "types": None, "industry": None, "min_members": 0}
    driver.execute_query(counted, params)  # warm-up
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        [[rows]], _, _ = driver.execute_query(counted, params)
        runs.append(time.perf_counter() - started)
    server_seconds = statistics.median(runs)
    bench.record("neo4j uncovered (all), counted on the server, warm",
                 f"{server_seconds:.2f} s (median of 3), {rows} rows")
    ledong, wenchang = ("R-DA", "R-SY") if smoke else ("469027", "469005")
    for label, call in [
        ("uncovered (all)", lambda: graphmodel.uncovered(db)),
        (f"uncovered --region {ledong} --min-members 3",
         lambda: graphmodel.uncovered(db, region=ledong, min_members=3)),
        ("isolated (all)", lambda: graphmodel.isolated(db)),
        ("report (province)", lambda: graphmodel.report(db)),
        (f"report --region {wenchang} --type small_micro",
         lambda: graphmodel.report(db, region=wenchang, types=["small_micro"])),
        ("coverage --by town", lambda: graphmodel.coverage(db, by="town")),
        ("members --no-org-life", lambda: graphmodel.members(db, no_org_life=True)),
        ("report --by county", lambda: graphmodel.report_by(db, by="county")),
    ]:
        call()                                   # warm-up: plans cached, pages in memory
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            result = call()
            runs.append(time.perf_counter() - started)
        size = f", {len(result)} rows" if isinstance(result, list) else ""
        seconds = statistics.median(runs)
        if label == "uncovered (all)":  # its target is on the process, below
            bench.record(f"neo4j {label}, warm", f"{seconds:.2f} s (median of 3){size}")
        else:
            bench.record(f"neo4j {label}, warm", f"{seconds:.2f} s (median of 3){size}",
                         "<= 0.5 s", seconds <= 0.5)
    return server_seconds


def write_results(bench: Bench, facts: dict[str, str], out: Path) -> None:
    notes = ""
    if out.exists() and NOTES_MARK in out.read_text(encoding="utf-8"):
        notes = out.read_text(encoding="utf-8").split(NOTES_MARK, 1)[1]
    mode = "smoke run on the demo dataset" if bench.smoke else "the full Hainan 2016 province"
    lines = ["# Benchmark results", "",
             f"Written by `bench/run.py{' --smoke' if bench.smoke else ''}` ({mode}).", ""]
    lines += [f"- {k}: {v}" for k, v in facts.items()]
    lines += ["", "| step | measured | target | |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in bench.rows]
    lines += ["", NOTES_MARK]
    out.write_text("\n".join(lines) + (notes or "\n"), encoding="utf-8")


PART_MARK = "<!-- part: {name} -->"
END_PART = "<!-- end part -->"


def write_part(bench: Bench, facts: dict[str, str], out: Path, name: str) -> None:
    """Put (or replace) a part's own section just below the notes mark."""
    block = [f"### `bench/run.py --only {name}`", ""]
    block += [f"- {k}: {v}" for k, v in facts.items()]
    block += ["", "| step | measured | target | |", "| --- | --- | --- | --- |"]
    block += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in bench.rows]
    replace_part(out, name, block)


def replace_part(out: Path, name: str, lines: list[str]) -> None:
    """Put ``lines`` in the section of ``out`` marked ``name`` (replacing what a previous
    run wrote there), or in a new one just below the notes mark; the rest is kept."""
    text = out.read_text(encoding="utf-8") if out.exists() else NOTES_MARK + "\n"
    if NOTES_MARK not in text:
        text += "\n" + NOTES_MARK + "\n"
    head, notes = text.split(NOTES_MARK, 1)
    mark = PART_MARK.format(name=name)
    if mark in notes:  # the previous run of this part goes
        before, rest = notes.split(mark, 1)
        after = rest.split(END_PART, 1)[1] if END_PART in rest else ""
        notes = before.rstrip("\n") + "\n" + after.lstrip("\n")
    block = [mark, "", *lines, "", END_PART, ""]
    out.write_text(head + NOTES_MARK + "\n\n" + "\n".join(block) + "\n" + notes.lstrip("\n"),
                   encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="the demo dataset: checks the script works")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--sample", type=int, default=2000, help="rows loaded one transaction each")
    parser.add_argument("--no-neo4j", action="store_true", help="only the embedded part")
    parser.add_argument("--only", choices=sorted(PARTS), help="run this part alone, in a section of its own")
    parser.add_argument("--store", type=Path, help="with --only: a store to run it on (else the "
                        "province is generated and seeded)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="graphmodel-bench-"))
    bench = Bench(args.smoke, work)
    facts = machine()
    if args.only:
        bench.on_record = lambda: write_part(bench, facts, args.out, args.only)
        try:
            warm_up(bench)
            PARTS[args.only](bench, work, args.seed, args.store)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            facts["load average at end (1, 5, 15 min)"] = _load()
            write_part(bench, facts, args.out, args.only)
        print(f"wrote {args.out}")
        return
    bench.on_record = lambda: write_results(bench, facts, args.out)
    try:
        warm_up(bench)
        store, source = embedded(bench, work, args.seed)
        if not args.no_neo4j:
            neo4j_part(bench, work, store, source, 20 if args.smoke else args.sample)
            facts["neo4j server"] = "local, started by the benchmark" \
                if not os.environ.get("NEO4J_URI") else os.environ["NEO4J_URI"]
    except Exception as exc:  # what was measured is still written, with the failure
        bench.record("**stopped**", str(exc).splitlines()[0][:200])
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
        facts["load average at end (1, 5, 15 min)"] = _load()
        write_results(bench, facts, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
