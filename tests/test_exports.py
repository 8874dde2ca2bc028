"""Exports read back with the tools their users use: networkx's readers for GraphML,
GEXF and node-link JSON, ``graphmodel seed`` for the CSV dataset (digest equal)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

import graphmodel
from graphmodel.parts import region_part
from graphmodel.io.store import digest

from .datasets import entity, random_dataset, region, write_dataset


@pytest.fixture(scope="module")
def demo() -> graphmodel.Graph:
    return graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))


def _read(fmt: str, path: Path):
    if fmt == "graphml":
        return nx.read_graphml(path, force_multigraph=True)
    if fmt == "gexf":
        return nx.read_gexf(path)
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "nodelink"])
def test_graph_files_read_back_with_names_as_labels(fmt, demo, tmp_path):
    out = tmp_path / f"demo.{fmt}"
    done = graphmodel.export(demo, fmt, out)
    assert done.path == out and (out.stat().st_mode & 0o777) == 0o600
    back, mine = _read(fmt, out), graphmodel.to_networkx(demo)
    assert set(back.nodes) == set(mine.nodes)
    assert back.number_of_edges() == mine.number_of_edges()
    for node, data in mine.nodes(data=True):  # every attribute, as to_networkx has it
        assert back.nodes[node] == data, node
    member = back.nodes["PartyMember:P01"]
    assert member["label"] == "王海" and member["node_kind"] == "PartyMember"
    assert member["node_id"] == "P01" and member["id_number"] == "**************1230"
    assert member["last_org_life"] == "2016-05-20"  # dates as ISO text
    assert back.nodes["Region:R-DA"]["label"] == "定安县"
    if fmt != "gexf":  # GEXF keeps no graph attributes
        assert back.graph["as_of"] == "2016-06-16"
    if fmt == "graphml":  # flags stay booleans
        assert member["floating"] is False
    labels = {d["label"] for _, _, d in back.edges(data=True)}
    assert {"MEMBER_OF", "COVERS", "LOCATED_IN"} <= labels


def test_gexf_of_ids_shared_across_kinds_keeps_every_node(tmp_path):
    # A region and an entity with the same id: two nodes, each labelled with its name.
    root = write_dataset(tmp_path / "d", region=[region("X1", level="province", name="海南省")],
                         entity=[entity("X1", "X1", name="椰林小卖部", note='a & b <"c">')])
    G = graphmodel.read_dataset(root)
    graphmodel.export(G, "gexf", tmp_path / "x.gexf")
    text = (tmp_path / "x.gexf").read_text(encoding="utf-8")
    back = nx.read_gexf(tmp_path / "x.gexf")
    assert back.number_of_nodes() == 2 and back.number_of_edges() == 1
    assert {d["label"] for _, d in back.nodes(data=True)} == {"海南省", "椰林小卖部"}
    assert 'label="椰林小卖部"' in text  # what Gephi shows
    assert back.nodes["MarketEntity:X1"]["note"] == 'a & b <"c">'
    graphmodel.export(G, "graphml", tmp_path / "x.graphml")
    graphml = nx.read_graphml(tmp_path / "x.graphml")
    assert graphml.nodes["MarketEntity:X1"]["note"] == 'a & b <"c">'


def test_unknown_format_and_a_folder_for_a_file_are_refused(demo, tmp_path):
    with pytest.raises(graphmodel.ExportError, match="unknown export format 'svg'"):
        graphmodel.export(demo, "svg", tmp_path / "x.svg")
    with pytest.raises(graphmodel.ExportError, match="is a folder"):
        graphmodel.export(demo, "graphml", tmp_path)
    with pytest.raises(graphmodel.QueryError):
        graphmodel.export(demo, "graphml", tmp_path / "x.graphml", region="nowhere")
    assert not list(tmp_path.iterdir())


# --- a region's part -----------------------------------------------------------------


def test_a_region_part_holds_only_its_own(demo):
    part = region_part(demo, "469021")  # 定安县, by its code
    assert sorted(part.ids("region").tolist()) == ["HN", "R-DA", "R-DA-DC", "R-DA-LH"]
    entities = set(part.ids("entity").tolist())
    assert entities and all(
        part.ids("region")[r] in {"R-DA", "R-DA-DC", "R-DA-LH"}
        for r in part.column("entity", "region_id").tolist())
    assert "E05" not in entities  # in Sanya
    # References out of the part are left empty, never dangling.
    for kind in ("member", "organisation", "entity", "station"):
        for column in ("employer_id", "parent_id", "market_id", "agency_id"):
            if column in {e.column for e in graphmodel.model.schema.EDGE_KINDS if e.source == kind}:
                refs = part.column(kind, column)
                assert refs.max(initial=-1) < part.count(
                    next(e.target.kind for e in graphmodel.model.schema.EDGE_KINDS
                         if e.source == kind and e.column == column))
    # the part's report is the region's report
    assert graphmodel.report(part, region="R-DA") == graphmodel.report(demo, region="R-DA")


# --- csv: the dataset contract, seeded back ------------------------------------------


def _seed_export(cli, tmp_path: Path, name: str, *args: str) -> graphmodel.Graph:
    out = tmp_path / name
    result = cli("export", "csv", out, *args)
    assert result.exit_code == 0, result.output
    store = tmp_path / f"{name}.gmz"
    result = cli("seed", f"./{out.relative_to(Path.cwd())}" if out.is_relative_to(Path.cwd())
                 else out, "--store", store)
    assert result.exit_code == 0, result.output
    return graphmodel.open_store(store)


def test_csv_export_seeds_back_the_same_store(cli, seeded, tmp_path):
    G = graphmodel.open_store(seeded)
    whole = _seed_export(cli, tmp_path, "whole")
    assert digest(whole) == digest(G)
    part = _seed_export(cli, tmp_path, "dingan", "--region", "定安县")
    assert digest(part) == digest(region_part(G, "R-DA"))
    assert digest(part) != digest(G)


def test_csv_export_carries_numbers_only_masked_and_keeps_their_hashes(cli, seeded, tmp_path):
    raw = (Path(graphmodel.bundled_dataset("demo")) / "members.csv").read_text(encoding="utf-8")
    numbers = [row["id_number"] for row in csv.DictReader(raw.splitlines()) if row["id_number"]]
    assert numbers
    back = _seed_export(cli, tmp_path, "masked")
    text = "".join(p.read_text(encoding="utf-8-sig") for p in (tmp_path / "masked").iterdir())
    assert not any(n in text for n in numbers)
    G = graphmodel.open_store(seeded)
    assert back.column("member", "id_number_hash").tolist() == \
        G.column("member", "id_number_hash").tolist()
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in (tmp_path / "masked").iterdir())
    # and what the record checks use of a number comes back too: check finds the same
    assert list(graphmodel.check(back)) == list(graphmodel.check(G))
    assert back.column("member", "id_number_birth_year").tolist() == \
        G.column("member", "id_number_birth_year").tolist()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_csv_export_of_random_datasets_and_each_city_seeds_back(seed, tmp_path):
    G = graphmodel.read_dataset(random_dataset(tmp_path / "src", seed, size=30))
    for region_id in [None, *[r for r in G.ids("region").tolist() if r.startswith("C")]]:
        out = tmp_path / f"out-{region_id}"
        graphmodel.export(G, "csv", out, region=region_id)
        again = graphmodel.read_dataset(out)
        assert digest(again) == digest(region_part(G, region_id)), region_id


def test_an_exported_hash_goes_only_beside_a_masked_number(tmp_path):
    good = "ab" * 32
    cases = {
        "raw": ({"id_number": "469021198001011230", "id_number_hash": good}, "masked number"),
        "no number": ({"id_number_hash": good, "id_number": ""}, "needs its masked"),
        "bad hash": ({"id_number": "**************1230", "id_number_hash": "zz"}, "64 hex"),
        "part, no hash": ({"id_number": "469021198001011230", "id_number_province": "46"},
                          "comes only with id_number_hash"),
        "bad year": ({"id_number": "**************1230", "id_number_hash": good,
                      "id_number_birth_year": "80"}, "4 digits"),
    }
    for name, (cells, message) in cases.items():
        root = write_dataset(tmp_path / name.replace(" ", "-"),
                             region=[region("R", level="province")],
                             member=[{"id": "M1", "name": "王海", "region_id": "R", **cells}])
        with pytest.raises(graphmodel.DatasetError) as err:
            graphmodel.read_dataset(root)
        text = str(err.value.problems)
        assert message in text and "469021198001011230" not in text, name
    # instructors.csv declares no id_number: a hash column alone is refused
    root = write_dataset(tmp_path / "alone", region=[region("R", level="province")],
                         instructor=[{"id": "N1", "name": "李明", "id_number_hash": good}])
    with pytest.raises(graphmodel.DatasetError) as err:
        graphmodel.read_dataset(root)
    assert "comes only beside id_number" in str(err.value.problems)


def test_export_command_prints_what_it_wrote(cli, seeded, tmp_path):
    result = cli("export", "gexf", tmp_path / "d.gexf", "--region", "R-DA")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wrote gexf of ") and "d.gexf" in result.output
    result = cli("export", "gexf", tmp_path / "d.gexf", "--region", "nowhere")
    assert result.exit_code == 1 and result.output.startswith("error: ")
    result = cli("export", "parquet-or-not", tmp_path / "x")
    assert result.exit_code == 2
