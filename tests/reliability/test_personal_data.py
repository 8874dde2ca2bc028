"""ID numbers: stored only as a keyed hash and a masked form; the raw number reaches
no store, no Neo4j, no output, no error, no log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

import graphmodel
from graphmodel.keys import keyed_hash, load_key

RAW = ["469021198001011230", "469021197503152346", "460200198807203451", "469021199009094565"]


def leaks(text: str | bytes) -> list[str]:
    if isinstance(text, bytes):
        return [n for n in RAW if n.encode() in text or n.encode("utf-32-le") in text]
    return [n for n in RAW if n in text]


def test_the_store_holds_a_mask_and_a_keyed_hash_only(tmp_path):
    key = load_key(tmp_path / "key")
    G = graphmodel.seed("demo", tmp_path / "store.gmz")
    assert not leaks((tmp_path / "store.gmz").read_bytes())
    H = graphmodel.open_store(tmp_path / "store.gmz")
    assert H.column("member", "id_number")[0] == "469021***********0"
    assert H.column("member", "id_number_hash")[0] == keyed_hash(load_key(), RAW[0])
    assert H.column("member", "id_number_hash")[0] != keyed_hash(key, RAW[0])  # another key
    assert G.columns["member"][-1] == "id_number_hash"


def test_the_same_person_hashes_the_same_in_two_datasets(tmp_path, demo_dir):
    first = graphmodel.read_dataset(demo_dir)
    members = demo_dir / "members.csv"
    text = members.read_text(encoding="utf-8").replace("P01,", "Q77,").replace("P01", "Q77")
    members.write_text(text, encoding="utf-8")
    for file in ("memberships.csv",):
        path = demo_dir / file
        path.write_text(path.read_text(encoding="utf-8").replace("P01", "Q77"), encoding="utf-8")
    second = graphmodel.read_dataset(demo_dir)
    h1 = dict(zip(first.ids("member").tolist(), first.column("member", "id_number_hash").tolist()))
    h2 = dict(zip(second.ids("member").tolist(), second.column("member", "id_number_hash").tolist()))
    assert h1["P01"] == h2["Q77"] and h1["P01"] != ""
    other_key = graphmodel.read_dataset(demo_dir, key=b"another key, 32 bytes long......")
    assert other_key.column("member", "id_number_hash")[0] != h2["Q77"]


def test_no_output_or_error_shows_a_raw_number(cli, seeded, demo_dir, caplog):
    outputs = []
    with caplog.at_level(logging.DEBUG):
        for args in [("query", "isolated", "-f", "json"), ("query", "uncovered", "-f", "csv"),
                     ("report", "-f", "json"), ("validate", demo_dir)]:
            outputs.append(cli(*args).output)
        members = demo_dir / "members.csv"
        members.write_text(members.read_text(encoding="utf-8").replace(RAW[0], RAW[0][:-1] + "9")
                           .replace("P02,陈丽,R-DA-DC,E01,汉族,no", "P02,陈丽,R-DA-DC,E01,汉族,maybe"),
                           encoding="utf-8")
        bad = cli("seed", demo_dir)
        assert bad.exit_code == 1 and "id_number" in bad.stderr
        outputs.append(bad.output)
        with pytest.raises(graphmodel.DatasetError) as error:
            graphmodel.read_dataset(demo_dir)
    outputs += [str(error.value), repr(error.value), *map(str, error.value.problems), caplog.text]
    assert not leaks("\n".join(outputs))
    assert (RAW[0][:-1] + "9") not in "\n".join(outputs)


@pytest.mark.neo4j
def test_neo4j_gets_no_raw_number(cli, seeded, neo4j_env, neo4j_driver):
    assert cli("push", env=neo4j_env).exit_code == 0
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (n) RETURN collect(properties(n)) AS p")
    assert not leaks(repr(records[0]["p"]))
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (m:PartyMember {id: 'P01'}) RETURN m.id_number AS masked, m.id_number_hash AS h")
    assert records[0]["masked"] == "469021***********0" and len(records[0]["h"]) == 64


def test_an_unexpected_error_shows_no_local_variables(tmp_path):
    # A real crash inside a real command of the real app: the traceback must not
    # print locals (a password would be one of them).
    script = tmp_path / "crash.py"
    script.write_text(
        "import os, sys\n"
        "from graphmodel.cli import app\n"
        "@app.command('crash')\n"
        "def crash():\n"
        "    password = os.environ['THE_PASSWORD']  # a local, as in the neo4j commands\n"
        "    raise RuntimeError('boom')\n"
        "sys.argv = ['graphmodel', 'crash']\n"
        "app()\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "200", "THE_PASSWORD": "hunter2-secret"})
    assert result.returncode == 1 and "RuntimeError" in result.stderr
    assert "hunter2-secret" not in result.stderr + result.stdout
