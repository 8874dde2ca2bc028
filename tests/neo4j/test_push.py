"""Loading into Neo4j: exact, idempotent, batched, and careful about what it deletes."""

from __future__ import annotations

import csv

import networkx as nx
import pytest

import graphmodel
from graphmodel.backends.neo4j import pull, push
from graphmodel.backends.neo4j.digest import digest

pytestmark = pytest.mark.neo4j


def counts(driver) -> dict:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) UNWIND labels(n) AS k RETURN k, count(*) AS c "
        "UNION ALL MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS c } "
        "RETURN k, sum(c) AS c ORDER BY k")
    return {r["k"]: r["c"] for r in records}


def same_graph(a, b) -> bool:
    return nx.utils.graphs_equal(a, b) and \
        sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def edit(path, match: str, column: str, value: str) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row[next(iter(row))] == match:
            row[column] = value
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def drop_rows(path, keep) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if keep(r))


def test_push_loads_exactly_the_graph(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    summary = push.push(G, neo4j_driver, batch_size=5)
    assert summary.nodes_created == 49 and summary.relationships_created == 95
    assert same_graph(pull.pull(neo4j_driver), graphmodel.to_networkx(G))
    assert counts(neo4j_driver)["MarketEntity"] == 10


def test_a_first_push_that_meets_another_push_s_node_merges_that_batch(neo4j_driver):
    # Into an empty label a push CREATEs; here "another push" makes one of the
    # entities after this push found the label empty: that batch is run as MERGE.
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    entity = G.ids("entity")[0]

    def meanwhile(step, done, total):
        if step == "Region" and done == total:
            neo4j_driver.execute_query("CREATE (:MarketEntity {id: $id})", id=entity)

    summary = push.push(G, neo4j_driver, batch_size=5, workers=1, progress=meanwhile)
    assert summary.nodes_created == 48  # the other push made one
    assert same_graph(pull.pull(neo4j_driver), graphmodel.to_networkx(G))


def test_pushing_twice_changes_no_counts(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    before = counts(neo4j_driver)
    again = push.push(G, neo4j_driver)
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert again.nodes_deleted == 0 and again.relationships_deleted == 0
    assert counts(neo4j_driver) == before


def test_pushing_an_edited_row_changes_exactly_that(neo4j_driver, demo_dir):
    push.push(graphmodel.read_dataset(demo_dir), neo4j_driver)
    edit(demo_dir / "entities.csv", "E02", "region_id", "R-DA-DC")   # moves an edge
    edit(demo_dir / "members.csv", "P05", "pocket", "no")            # a property
    edit(demo_dir / "members.csv", "P05", "found_via", "")           # a property removed
    edit(demo_dir / "entities.csv", "E05", "market_id", "")          # an edge removed
    edited = graphmodel.read_dataset(demo_dir)
    before = counts(neo4j_driver)
    push.push(edited, neo4j_driver)
    assert same_graph(pull.pull(neo4j_driver), graphmodel.to_networkx(edited))
    after = counts(neo4j_driver)
    assert after["TRADES_IN"] == before["TRADES_IN"] - 1
    assert {k: v for k, v in after.items() if k != "TRADES_IN"} == \
        {k: v for k, v in before.items() if k != "TRADES_IN"}


def test_deleted_rows_stay_unless_replace(neo4j_driver, demo_dir):
    neo4j_driver.execute_query("CREATE (:Unrelated {id: 'keep me'})")
    push.push(graphmodel.read_dataset(demo_dir), neo4j_driver)
    drop_rows(demo_dir / "memberships.csv", lambda r: r["member_id"] != "P10")
    drop_rows(demo_dir / "members.csv", lambda r: r["id"] != "P12")
    drop_rows(demo_dir / "registrations.csv", lambda r: r["member_id"] != "P12")
    smaller = graphmodel.read_dataset(demo_dir)

    push.push(smaller, neo4j_driver)
    assert counts(neo4j_driver)["PartyMember"] == 12 and counts(neo4j_driver)["MEMBER_OF"] == 8

    summary = push.push(smaller, neo4j_driver, replace=True)
    assert summary.nodes_deleted == 1
    pulled = pull.pull(neo4j_driver)
    pulled.remove_node("Unrelated:keep me") if "Unrelated:keep me" in pulled else None
    assert same_graph(pulled, graphmodel.to_networkx(smaller))
    # Nodes with other labels are never touched.
    records, _, _ = neo4j_driver.execute_query("MATCH (n:Unrelated) RETURN count(n) AS n")
    assert records[0]["n"] == 1


def test_constraints_exist_before_any_merge(neo4j_driver):
    push.push(graphmodel.read_dataset(graphmodel.bundled_dataset("demo")), neo4j_driver)
    records, _, _ = neo4j_driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type RETURN *")
    unique = {r["labelsOrTypes"][0] for r in records
              if r["type"] == "UNIQUENESS" and r["properties"] == ["id"]}
    assert unique == {k.label for k in graphmodel.model.schema.NODE_KINDS}


def test_pull_of_a_region_keeps_its_part(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    part = pull.pull(neo4j_driver, region="R-SY")
    labels = {d["node_kind"] for _, d in part.nodes(data=True)}
    assert "MarketEntity:E05" in part and "MarketEntity:E01" not in part
    assert "Instructor:I02" in part and "Instructor:I01" not in part
    assert "Region:HN" not in part and labels >= {"Region", "MarketEntity", "PartyMember"}
    assert part.has_edge("PartyOrganisation:O04", "MarketEntity:E08", key="COVERS")
    with pytest.raises(graphmodel.QueryError):
        pull.pull(neo4j_driver, region="nowhere")


def test_an_unchanged_push_writes_nothing_and_rewrite_writes_everything(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    first = push.push(G, neo4j_driver, batch_size=4)
    assert first.skipped == 0 and first.batches > 20
    again = push.push(G, neo4j_driver, batch_size=4)
    assert again.skipped == again.batches == first.batches
    assert again.properties_set == 0 and again.relationships_created == 0
    forced = push.push(G, neo4j_driver, batch_size=4, rewrite=True)
    assert forced.skipped == 0 and forced.properties_set > 0


def test_an_edited_row_rewrites_its_batch_only_and_equals_a_clean_push(neo4j_driver, demo_dir):
    push.push(graphmodel.read_dataset(demo_dir), neo4j_driver, batch_size=4)
    edit(demo_dir / "entities.csv", "E02", "region_id", "R-DA-DC")   # one reference
    edited = graphmodel.read_dataset(demo_dir)
    summary = push.push(edited, neo4j_driver, batch_size=4)
    assert summary.batches - summary.skipped == 1
    assert summary.relationships_deleted == 1 and summary.relationships_created == 1
    incremental = digest(neo4j_driver)
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    push.push(edited, neo4j_driver, batch_size=4)
    assert digest(neo4j_driver) == incremental


def test_a_batch_layout_that_changed_forgets_the_old_batches(neo4j_driver):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver, batch_size=4)
    summary = push.push(G, neo4j_driver, batch_size=1000)  # fewer, larger batches
    assert 0 < summary.skipped < summary.batches  # kinds of 1-4 rows: one batch either way
    assert summary.nodes_deleted == 0  # forgetting batches is no change to the data
    records, _, _ = neo4j_driver.execute_query("MATCH (b:GraphmodelBatch) RETURN count(b) AS n")
    assert records[0]["n"] == summary.batches


def test_pushes_at_once_record_one_dataset_node(neo4j_driver):
    """Three pushes recording their date at once left two or three dataset nodes: each
    MERGE found none. Here the first holds its transaction open while the other two
    record theirs; then it commits, and they follow."""
    import datetime as dt
    import threading

    from graphmodel.backends.neo4j.statements import DATASET_LABEL, dataset_statement

    push.apply_schema(neo4j_driver)
    text = dataset_statement().text
    merged, release = threading.Event(), threading.Event()

    def record(day: int, hold: bool) -> None:
        with neo4j_driver.session() as session, session.begin_transaction() as tx:
            tx.run(text, as_of=dt.date(2016, 5, day)).consume()
            if hold:
                merged.set()
                release.wait(30)
            tx.commit()

    first = threading.Thread(target=record, args=(29, True))
    first.start()
    assert merged.wait(30)
    others = [threading.Thread(target=record, args=(d, False)) for d in (30, 31)]
    for t in others:
        t.start()
    others[0].join(1.0)  # they wait for the first's lock (before: done at once, apart)
    release.set()
    for t in [first, *others]:
        t.join(60)
    records, _, _ = neo4j_driver.execute_query(f"MATCH (d:{DATASET_LABEL}) RETURN d.as_of AS as_of")
    assert len(records) == 1


def test_a_dataset_node_of_an_older_graphmodel_is_replaced(neo4j_driver):
    from graphmodel.backends.neo4j.statements import DATASET_LABEL

    neo4j_driver.execute_query(f"CREATE (:{DATASET_LABEL} {{as_of: date('2015-01-01')}})")
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    records, _, _ = neo4j_driver.execute_query(
        f"MATCH (d:{DATASET_LABEL}) RETURN d.as_of AS as_of, d.key AS key")
    assert [(r["as_of"].iso_format(), r["key"]) for r in records] == \
        [(G.meta["as_of"].isoformat(), "dataset")]
