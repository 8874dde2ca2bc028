"""The launcher's class archive is an optimisation only: when none can be made, starts
go on without one, and it is not tried again at every start. (A server mapping the
archive: tests/neo4j/test_server.py.)"""

from __future__ import annotations

import os

from graphmodel.backends.neo4j import class_archive


def test_a_jdk_without_a_base_archive_gets_none_and_a_marker(tmp_path):
    java = tmp_path / "jdk" / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text("#!/bin/sh\nexit 1\n")  # never run: the JDK's own archive is missing
    os.chmod(java, 0o700)
    build = tmp_path / "build"
    assert class_archive.ensure_archive(build, str(java), ["-cp", "x", "Main"]) is None
    assert class_archive.archive_options(build, str(java)) == []
    [marker] = (build / "class-archive").glob("*.failed")
    assert "base class archive" in marker.read_text()
    assert class_archive.ensure_archive(build, str(java), ["-cp", "x", "Main"]) is None
