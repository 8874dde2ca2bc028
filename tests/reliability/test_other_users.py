"""Another local user cannot hand graphmodel a folder or a key of theirs.

A server directory, its password file, the personal-data key, every folder above
them and every link on the way must be the caller's (folders above may be root's) and
writable by no one else (a sticky folder such as /tmp excepted). Another user is made
by ownership where the suite runs as root (chown to ``nobody``), else by modes alone.
All refused before a file is read or a process started, in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graphmodel.backends.neo4j import server
from graphmodel.errors import Neo4jServerError
from graphmodel.io.private import make_private_dir, others_can_reach

OTHER_UID = 65534  # nobody
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="making another user's files needs root")


def _planted(tmp_path: Path, *, owner: int | None) -> Path:
    """The folder of `mkdir -m777 D; echo attacker-pass > D/password`."""
    d = tmp_path / "D"
    d.mkdir()
    (d / "password").write_text("attacker-pass\n")
    os.chmod(d, 0o777)
    os.chmod(d / "password", 0o666)
    if owner is not None:
        os.chown(d, owner, owner)
        os.chown(d / "password", owner, owner)
    return d


def _refused_start(d: Path, cache: Path) -> str:
    with pytest.raises(Neo4jServerError) as refused:
        server.start(d, cache_dir=cache)
    message = str(refused.value)
    assert "\n" not in message and "refusing the server directory" in message
    assert "attacker-pass" not in message
    return message


@as_root
def test_a_server_directory_another_user_prepared_is_refused(tmp_path):
    d = _planted(tmp_path, owner=OTHER_UID)
    message = _refused_start(d, tmp_path / "cache")
    assert "belongs to another user (uid 65534)" in message
    # Nothing was started, built or changed: the planted files are as they were.
    assert sorted(p.name for p in d.iterdir()) == ["password"]
    assert (d / "password").read_text() == "attacker-pass\n"
    assert not (tmp_path / "cache").exists()
    with pytest.raises(Neo4jServerError, match="refusing the server directory"):
        server.status(d)  # and no command connects to a server recorded there


def test_a_server_directory_others_can_write_is_refused(tmp_path):
    d = _planted(tmp_path, owner=None)
    assert "is writable by other users (mode 777)" in _refused_start(d, tmp_path / "cache")
    assert (d / "password").read_text() == "attacker-pass\n"


@as_root
def test_a_link_another_user_owns_is_refused_even_to_a_private_folder(tmp_path):
    mine = make_private_dir(tmp_path / "mine")
    link = tmp_path / "link"
    link.symlink_to(mine)
    assert others_can_reach(link) is None  # my own link to my own folder
    os.lchown(link, OTHER_UID, OTHER_UID)
    assert "link owned by another user" in others_can_reach(link)
    assert "link owned by another user" in _refused_start(link, tmp_path / "cache")


def test_a_link_to_a_folder_others_can_write_is_refused(tmp_path):
    d = _planted(tmp_path, owner=None)
    link = tmp_path / "link"
    link.symlink_to(d)
    assert "writable by other users" in _refused_start(link, tmp_path / "cache")


def test_a_folder_above_that_others_can_write_is_refused_a_sticky_one_is_not(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)  # anyone may rename my folder away and put theirs instead
    mine = make_private_dir(shared / "neo4j")
    assert f"{shared} is writable by other users" in others_can_reach(mine)
    os.chmod(shared, 0o1777)  # as /tmp: others cannot rename what is not theirs
    assert others_can_reach(mine) is None
    assert others_can_reach(shared / "not-yet" / "made") is None  # made private later


@as_root
def test_a_password_file_of_another_user_in_my_folder_is_refused(tmp_path):
    d = make_private_dir(tmp_path / "D")
    (d / "password").write_text("attacker-pass\n")
    os.chown(d / "password", OTHER_UID, OTHER_UID)
    assert "password belongs to another user" in _refused_start(d, tmp_path / "cache")


def test_the_cli_says_it_in_one_line_and_changes_nothing(tmp_path, cli):
    d = _planted(tmp_path, owner=OTHER_UID if os.geteuid() == 0 else None)
    for args in (["neo4j", "start", "--dir", d], ["neo4j", "status", "--dir", d],
                 ["push", "--from", "demo"]):
        result = cli(*args, env={"GRAPHMODEL_NEO4J_DIR": str(d), "NEO4J_URI": ""})
        assert result.exit_code == 1, (args, result.output)
        [error] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert "refusing the server directory" in error
        assert "Traceback" not in result.output and "attacker-pass" not in result.output
    assert sorted(p.name for p in d.iterdir()) == ["password"]


def test_a_key_file_others_can_replace_is_refused(tmp_path, cli, store):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    result = cli("seed", "demo", env={"GRAPHMODEL_KEY_FILE": str(shared / "key")})
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "refusing the personal-data key" in result.stderr and "writable by other users" in result.stderr
    assert list(shared.iterdir()) == [] and not store.exists()
    if os.geteuid() == 0:  # a key another user wrote, in a folder of mine
        mine = make_private_dir(tmp_path / "config")
        (mine / "key").write_text("00" * 32 + "\n")
        os.chmod(mine / "key", 0o600)
        os.chown(mine / "key", OTHER_UID, OTHER_UID)
        result = cli("seed", "demo", env={"GRAPHMODEL_KEY_FILE": str(mine / "key")})
        assert result.exit_code == 1 and "belongs to another user" in result.stderr
