"""The scaling curve: 1, 2, 4, 8 generated provinces, embedded against Spark.

Run by hand (the full curve takes an hour or more; 8 provinces need about 6 GiB for
the embedded seed) and commit what it writes:

    .venv/bin/python bench/scaling.py                       # N = 1 2 4 8
    .venv/bin/python bench/scaling.py --provinces 1 2 --work /tmp/scaling
    .venv/bin/python bench/scaling.py --provinces 4   # adds N=4 to the rows already there

For each N, every step is a whole process, timed with its peak resident memory by
GNU time (``/usr/bin/time``; the JVM Spark starts is a child and counted):

* ``generate``: ``graphmodel generate hainan-2016 --provinces N --format parquet``;
* ``seed``: ``graphmodel seed`` of the same provinces as CSV (converted from the
  Parquet beforehand, untimed; the masked personal numbers are left out, as a
  dataset may not carry them);
* ``embedded <question>``: the question's command on that store;
* ``spark``: one process that starts a ``local[2]`` session and asks each question
  over the Parquet; the session start and each question are timed inside it.

It writes ``bench/scaling.json``, ``bench/scaling.png`` (time and memory against N)
and the table's own section of ``bench/RESULTS.md`` (the rest of that file is kept),
unless ``--out`` names another folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TIME = "/usr/bin/time"
#: The questions timed on both backends (CLI arguments).
#: The Spark driver's heap (spark.driver.memory): room for the rows it collects.
DRIVER_MEMORY = "6g"
QUESTIONS = {"uncovered": ["query", "uncovered"], "isolated": ["query", "isolated"],
             "report": ["report"], "coverage": ["query", "coverage", "--by", "county"]}


def timed(args: list[str], stdout: Path | None = None) -> tuple[float, int, str]:
    """Run ``args``: wall seconds, peak RSS in MiB, and its output (written to the file
    ``stdout`` instead, if given, as a user would redirect a long list)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as peak, \
            (open(stdout, "w") if stdout else tempfile.TemporaryFile("w+")) as sink:
        started = time.perf_counter()
        proc = subprocess.run([TIME, "-f", "%M", "-o", peak.name, *args], stdout=sink,
                              stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        kib = int(Path(peak.name).read_text().split()[-1])
        text = ""
        if stdout is None:
            sink.seek(0)
            text = sink.read()
    return seconds, kib // 1024, text


def to_csv(parquet: Path, out: Path) -> None:
    """The provinces' tables as one dataset directory (the contract's CSV files)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.dataset as pds

    from graphmodel.io.dataset import DATASET_FILE
    from graphmodel.exports.parquet import layouts
    from graphmodel.model.schema import DERIVED_PERSONAL_COLUMNS, PERSONAL_COLUMNS

    out.mkdir(parents=True, exist_ok=True)
    dropped = {"province", *PERSONAL_COLUMNS, *DERIVED_PERSONAL_COLUMNS}
    for layout in layouts():
        data = pds.dataset(parquet / layout.name, format="parquet", partitioning="hive")
        columns = [c for c in data.schema.names if c not in dropped]
        schema = data.schema
        with pcsv.CSVWriter(out / f"{layout.name}.csv",
                            pa.schema([schema.field(c) for c in columns])) as w:
            for batch in data.to_batches(columns=columns):
                w.write_batch(batch)
    shutil.copy(parquet / DATASET_FILE, out / DATASET_FILE)


SPARK_SCRIPT = """
import json, sys, time
import graphmodel
from graphmodel.backends.spark import SparkDataset, spark_session
started = time.perf_counter()
# the driver holds every collected row (uncovered: ~430k per province)
spark = spark_session("local[2]", local_dir=sys.argv[2],
                      config={"spark.driver.memory": sys.argv[3]})
out = {"session": time.perf_counter() - started}
ds = SparkDataset(spark, sys.argv[1])
for name, kwargs in [("uncovered", {}), ("isolated", {}), ("report", {}),
                     ("coverage", {"by": "county"})]:
    started = time.perf_counter()
    graphmodel.answer(ds, name, **kwargs)
    out[name] = time.perf_counter() - started
spark.stop()
print(json.dumps(out))
"""


def measure(n: int, work: Path) -> dict:
    gm = str(BIN / "graphmodel")
    row: dict = {"provinces": n}
    pq, csv, store = work / f"pq{n}", work / f"csv{n}", work / f"store{n}.gmz"
    for path in (pq, csv):
        shutil.rmtree(path, ignore_errors=True)
    row["generate_s"], row["generate_mib"], _ = timed(
        [gm, "generate", "hainan-2016", "--provinces", str(n), "--format", "parquet",
         "--out", str(pq)])
    to_csv(pq, csv)
    row["seed_s"], row["seed_mib"], _ = timed([gm, "seed", str(csv), "--store", str(store)])
    for name, args in QUESTIONS.items():
        row[f"embedded_{name}_s"], row[f"embedded_{name}_mib"], _ = timed(
            [gm, *args, "--store", str(store), "-f", "json"], stdout=work / "answer.json")
    seconds, mib, out = timed([sys.executable, "-c", SPARK_SCRIPT, str(pq), str(work / "spark"),
                               DRIVER_MEMORY])
    spark = json.loads(out.strip().splitlines()[-1])
    row["spark_total_s"], row["spark_mib"] = seconds, mib
    row |= {f"spark_{k}_s": v for k, v in spark.items()}
    row["parquet_mib"] = sum(p.stat().st_size for p in pq.rglob("*.parquet")) // 2**20
    shutil.rmtree(csv, ignore_errors=True)
    store.unlink(missing_ok=True)
    return row


def table(rows: list[dict]) -> str:
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + " --- |" * len(keys)]
    for r in rows:
        lines.append("| " + " | ".join(f"{r[k]:.1f}" if isinstance(r[k], float) else str(r[k])
                                        for k in keys) + " |")
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # a file, no window
    import matplotlib.pyplot as plt

    n = [r["provinces"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for key, label in [("generate_s", "generate (Parquet)"), ("seed_s", "embedded seed"),
                       ("embedded_report_s", "embedded report"),
                       ("embedded_uncovered_s", "embedded uncovered"),
                       ("spark_report_s", "Spark report (local[2])"),
                       ("spark_uncovered_s", "Spark uncovered (local[2])")]:
        left.plot(n, [r[key] for r in rows], marker="o", label=label)
    left.set(xlabel="provinces", ylabel="seconds", title="time")
    left.legend(fontsize=8)
    for key, label in [("generate_mib", "generate"), ("seed_mib", "embedded seed"),
                       ("embedded_report_mib", "embedded report"),
                       ("spark_mib", "Spark process (driver + JVM)")]:
        right.plot(n, [r[key] for r in rows], marker="o", label=label)
    right.set(xlabel="provinces", ylabel="peak RSS (MiB)", title="memory")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provinces", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--work", type=Path, default=None, help="Scratch folder (kept).")
    parser.add_argument("--out", type=Path, default=ROOT / "bench",
                        help="Where scaling.json, scaling.png and RESULTS.md are.")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="graphmodel-scaling-"))
    work.mkdir(parents=True, exist_ok=True)
    for n in args.provinces:
        print(f"{n} provinces...", file=sys.stderr, flush=True)
        row = measure(n, work)
        print(json.dumps(row), file=sys.stderr, flush=True)
        write(args.out, row)  # after each size: a later failure keeps the rows measured


def write(out: Path, row: dict) -> None:
    """Add ``row`` to the rows already measured (other sizes are kept, so the curve can
    be built a size at a time) and rewrite the JSON, the plot and the table's section
    of RESULTS.md."""
    from run import replace_part  # bench/run.py, beside this file

    out.mkdir(parents=True, exist_ok=True)
    previous = out / "scaling.json"
    rows = [row]
    if previous.exists():
        rows += [r for r in json.loads(previous.read_text()) if r["provinces"] != row["provinces"]]
    rows.sort(key=lambda r: r["provinces"])
    previous.write_text(json.dumps(rows, indent=1) + "\n")
    plot(rows, out / "scaling.png")
    replace_part(out / "RESULTS.md", "scaling", [
        "### Scaling: N generated provinces (`bench/scaling.py`)", "",
        f"Written by `bench/scaling.py` ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} "
        "CPUs, load average at the end "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}). Seconds are wall time of the "
        "whole process (start-up included); MiB the peak resident memory (GNU time: the "
        "largest process of the step).", "", table(rows), "",
        "![time and memory against provinces](scaling.png)"])

if __name__ == "__main__":
    main()
