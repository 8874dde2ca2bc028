"""The HTML report is made from the questions' answers, so Neo4j gives the same page."""

from __future__ import annotations

import pytest

import graphmodel
from graphmodel.backends.neo4j import push
from graphmodel.backends.neo4j.source import Neo4jDatabase

pytestmark = pytest.mark.neo4j


def test_demo_page_is_the_same_from_neo4j(neo4j_driver, tmp_path):
    G = graphmodel.read_dataset(graphmodel.bundled_dataset("demo"))
    push.push(G, neo4j_driver)
    db = Neo4jDatabase(neo4j_driver)
    for options in ({"region": "定安县", "lang": "zh"}, {"types": "small_micro,individual"}):
        embedded = graphmodel.report_html(G, tmp_path / "embedded.html", **options)
        neo4j = graphmodel.report_html(db, tmp_path / "neo4j.html", **options)
        assert neo4j.read_bytes() == embedded.read_bytes(), options
