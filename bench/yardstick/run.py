"""Answer one question with DuckDB's SQL over a dataset's CSV files, as JSON on stdout:
the benchmark's yardstick (`python bench/yardstick/run.py uncovered /tmp/prov`)."""

import sys
from pathlib import Path

import duckdb

HERE = Path(__file__).parent


def main() -> None:
    name, root = sys.argv[1], sys.argv[2]
    con = duckdb.connect()
    con.execute((HERE / "views.sql").read_text().replace("{root}", root))
    query = (HERE / f"{name}.sql").read_text()
    con.execute(f"COPY ({query}) TO '/dev/stdout' (FORMAT json, ARRAY true)")


if __name__ == "__main__":
    main()
