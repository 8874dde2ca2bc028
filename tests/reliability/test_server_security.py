"""The local Neo4j against a hostile local user and a careless analyst: the first
start never has a default password, a start checks who else is there, one query
cannot take the server down, and nothing of the server's is readable by others."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from graphmodel.errors import Neo4jServerError
from graphmodel.backends.neo4j import connection, server

from .conftest import driver_for, env_for

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

# Another local process: from the moment the Bolt port opens it logs in with Neo4j's
# default password as fast as it can; if it ever gets in it takes the server over.
ATTACKER = textwrap.dedent("""
    import json, socket, sys, time
    from neo4j import GraphDatabase
    port, report, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    import os
    tries = got_in = 0
    first_open = None
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not os.path.exists(stop):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        except OSError:
            time.sleep(0.002)
            continue
        first_open = first_open or time.monotonic()
        if time.monotonic() - first_open > 8:   # then let the real owner log in
            break
        tries += 1
        try:
            with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", "neo4j"),
                                      connection_timeout=1) as d:
                d.verify_connectivity()
                d.execute_query("ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO 'stolen-pass'",
                                database_="system")
                got_in += 1
        except Exception:
            pass
    json.dump({"tries": tries, "got_in": got_in}, open(report, "w"))
""")


def test_first_start_never_accepts_the_default_password(tmp_path):
    attacker_script = tmp_path / "attacker.py"
    attacker_script.write_text(ATTACKER, encoding="utf-8")
    port = server._free_port()
    report, stop_file = tmp_path / "report.json", tmp_path / "stop"
    attacker = subprocess.Popen([sys.executable, str(attacker_script), str(port), str(report),
                                 str(stop_file)])
    data_dir = tmp_path / "fresh"
    try:
        info = server.start(data_dir, port=port, cache_dir=connection.maven_cache_dir(),
                            timeout=180)
        stop_file.touch()
        assert attacker.wait(timeout=60) == 0
        outcome = json.loads(report.read_text())
        assert outcome["tries"] > 0, "the attacker never saw the port open"
        assert outcome["got_in"] == 0
        time.sleep(6)  # the attacker's failed logins lock the account for 5 s
        with driver_for(info) as driver:
            records, _, _ = driver.execute_query(
                "SHOW USERS YIELD user, passwordChangeRequired RETURN user, passwordChangeRequired",
                database_="system")
        assert [(r["user"], r["passwordChangeRequired"]) for r in records] == [(info.user, False)]
        assert info.user.startswith("gm_") and info.user == (data_dir / "user").read_text().strip()
    finally:
        stop_file.touch()
        attacker.kill()
        server.stop(data_dir)


def test_a_start_stops_a_server_someone_else_changed(private_neo4j):
    info, data_dir = private_neo4j("changed")
    with driver_for(info) as driver:
        driver.execute_query("CREATE USER intruder SET PASSWORD 'intruder-pass' CHANGE NOT REQUIRED",
                             database_="system")
    server.stop(data_dir)
    with pytest.raises(Neo4jServerError, match="intruder"):
        server.start(data_dir, cache_dir=connection.maven_cache_dir())
    assert server.status(data_dir) is None

    # A password changed behind graphmodel's back: refused, stopped, said so.
    info, data_dir = private_neo4j("password")
    with driver_for(info) as driver:
        driver.execute_query("ALTER CURRENT USER SET PASSWORD FROM $old TO 'someone-elses'",
                             old=info.password, database_="system")
    server.stop(data_dir)
    with pytest.raises(Neo4jServerError, match="rejected the password"):
        server.start(data_dir, cache_dir=connection.maven_cache_dir())
    assert server.status(data_dir) is None


def hammer(uri: str, names: list[str], seconds: float) -> threading.Thread:
    """Another local user: wrong passwords for ``names``, as fast as Bolt answers."""
    from neo4j import GraphDatabase

    def run():
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for name in names:
                try:
                    with GraphDatabase.driver(uri, auth=(name, "guess"), connection_timeout=2) as d:
                        d.verify_connectivity()
                except Exception:
                    pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_wrong_passwords_of_another_user_do_not_lock_the_owner_out(private_neo4j, cli):
    """Looping wrong logins as ``neo4j`` made every ``graphmodel cypher`` of the owner
    fail ("too many wrong passwords"): Neo4j locks a name out, and the owner's name
    was ``neo4j``. It is now a random one, which others do not know."""
    info, data_dir = private_neo4j("lockout")
    assert info.user != "neo4j"
    attacker = hammer(info.uri, ["neo4j", "admin"], seconds=8)
    answers = []
    while attacker.is_alive():
        answers.append(cli("cypher", "RETURN 1 AS one", "-f", "json", env=env_for(info)))
        time.sleep(0.5)
    assert len(answers) >= 3
    assert [(r.exit_code, r.stderr) for r in answers] == [(0, "")] * len(answers)


def test_a_directory_of_an_older_version_moves_to_a_user_of_its_own(private_neo4j):
    """A server made when the user was ``neo4j`` (no ``user`` file): its next start
    creates the private user and drops ``neo4j``; the data stays."""
    info, data_dir = private_neo4j("older")
    with driver_for(info) as driver:
        driver.execute_query("CREATE (:Marker {n: 1})")
        driver.execute_query("CREATE USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED",
                             p=info.password, database_="system")
    from neo4j import GraphDatabase

    with GraphDatabase.driver(info.uri, auth=("neo4j", info.password)) as driver:
        driver.execute_query("DROP USER $u", u=info.user, database_="system")
    server.stop(data_dir)
    (data_dir / "user").unlink()
    again = server.start(data_dir, cache_dir=connection.maven_cache_dir())
    assert again.user not in ("neo4j", info.user)
    with driver_for(again) as driver:
        users, _, _ = driver.execute_query("SHOW USERS YIELD user RETURN user", database_="system")
        marker, _, _ = driver.execute_query("MATCH (m:Marker) RETURN m.n AS n")
    assert [r["user"] for r in users] == [again.user] and [r["n"] for r in marker] == [1]


HUNGRY = [
    "RETURN size(reduce(s = 'x', i IN range(1, 31) | s + s)) AS n",   # one huge value
    "UNWIND range(1, 400000000) AS x RETURN size(collect(x)) AS n",     # tracked collect()
]


def test_a_memory_hungry_read_fails_alone_and_the_server_keeps_serving(private_neo4j, cli):
    info, data_dir = private_neo4j("hungry", heap="512m")
    env = env_for(info)
    for query in HUNGRY:
        started = time.monotonic()
        result = cli("cypher", query, "--timeout", "30", env=env)
        took = time.monotonic() - started
        assert result.exit_code == 1, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "needs more memory than allowed" in lines[0], result.stderr
        assert "--heap" in lines[0] and "Traceback" not in result.output
        assert took < 30
        assert server.status(data_dir) is not None
        ok = cli("cypher", "RETURN 1 AS one", "-f", "json", env=env)
        assert ok.exit_code == 0 and json.loads(ok.stdout) == [{"one": 1}]


def _loose(root) -> list[str]:
    out = []
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            if stat.S_IMODE(os.lstat(path).st_mode) & 0o077:
                out.append(f"{oct(stat.S_IMODE(os.lstat(path).st_mode))} {path}")
    return out


def test_the_servers_files_are_the_owners_only(private_neo4j, cli, seeded):
    info, data_dir = private_neo4j("private")
    assert cli("push", env=env_for(info)).exit_code == 0   # transaction logs with names
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert _loose(data_dir) == []
    # A directory left by an older graphmodel (0755, 0644 logs) is narrowed on start.
    server.stop(data_dir)
    os.chmod(data_dir, 0o755)
    (data_dir / "logs" / "old.log").write_text("names\n")
    os.chmod(data_dir / "logs" / "old.log", 0o644)
    server.start(data_dir, cache_dir=connection.maven_cache_dir())
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700 and _loose(data_dir) == []
