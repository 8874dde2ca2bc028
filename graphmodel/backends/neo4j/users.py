"""The local server's one user: a random name made on its first start, in place of
Neo4j's initial ``neo4j``.

Neo4j locks a user name out for a few seconds after a few wrong passwords in a row.
Another local account looping wrong logins as ``neo4j`` would lock the owner out of
their own server; it cannot aim at a name it does not know. So the first start logs
in as ``neo4j`` (whose initial password is ours: see :mod:`.server`), creates a user
named ``gm_`` and 16 random hex digits with the same password, over that same login,
then logs in as it and drops ``neo4j``. The name is kept in ``DATA_DIR/user`` (0600).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ...errors import Neo4jServerError
from ...io.private import write_private

__all__ = ["INITIAL_USER", "USER_FILE", "login", "take_over", "user_name", "kept"]

#: Neo4j's initial user, which the first start replaces with one of a random name.
INITIAL_USER = "neo4j"
USER_FILE = "user"


def login(uri: str, user: str, password: str,
          create: str | None = None) -> tuple[str, str, list[dict]]:
    """Log in as ``user``; the server's version, ``user`` and the server's users. With
    ``create``: if ``user`` is the only user, create ``create`` with the same password,
    over the same login (another login as ``user`` could meet the lock-out that others'
    wrong passwords for that name cause)."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(uri, auth=(user, password), connection_timeout=5,
                              max_connection_lifetime=30) as driver:
        driver.verify_connectivity()
        agent = driver.get_server_info().agent  # e.g. "Neo4j/5.26.30"
        records, _, _ = driver.execute_query(
            "SHOW USERS YIELD user, passwordChangeRequired, suspended "
            "RETURN user, passwordChangeRequired AS change, suspended", database_="system")
        users = [r.data() for r in records]
        if create is not None and [u["user"] for u in users] == [user]:
            driver.execute_query("CREATE USER $user SET PASSWORD $password CHANGE NOT REQUIRED",
                                 user=create, password=password, database_="system")
    return agent.split("/", 1)[-1], user, users


def take_over(uri: str, logged_in_as: str, user: str, password: str, users: list[dict],
              data_dir: Path) -> None:
    """Make ``user`` the server's only user. Logged in as the initial user (whose
    password is ours, as the login proved), that user must have been the only one
    (``login`` then created ``user``); the initial user is dropped, logged in as
    ``user`` (a start stopped between the two finishes the second on the next start)."""
    from neo4j import GraphDatabase

    if logged_in_as != user:
        _check_users(users, data_dir, INITIAL_USER)
    if logged_in_as != user or INITIAL_USER in {r["user"] for r in users}:
        with GraphDatabase.driver(uri, auth=(user, password)) as driver:
            if INITIAL_USER in {r["user"] for r in users}:
                driver.execute_query("DROP USER $initial", initial=INITIAL_USER,
                                     database_="system")
            users = login(uri, user, password)[2]
    _check_users(users, data_dir, user)


def user_name(data_dir: Path) -> str:
    """The server's user name (made up, random, on first use): ``gm_`` and 16 hex
    digits, which Neo4j takes unquoted."""
    path = data_dir / USER_FILE
    name = kept(path)
    if name:
        return name
    name = f"gm_{secrets.token_hex(8)}"
    write_private(path, name + "\n")
    return name


def kept(path: Path) -> str | None:
    """The text kept in ``path`` (the user's name, the password), its mode narrowed to
    the owner's (a file from an older graphmodel may be wider); None if there is none."""
    if not path.exists():
        return None
    text = path.read_text().strip()
    if text:
        os.chmod(path, 0o600)
    return text or None


def _check_users(records: list[dict], data_dir: Path, user: str) -> None:
    """The server must have one user, ``user``, whose password is ours (the login
    proved it) and needs no change: anything else means someone else got in."""
    users = {r["user"]: r for r in records}
    if list(users) != [user] or users[user]["change"] or users[user]["suspended"]:
        names = ", ".join(sorted(users)) or "none"
        raise Neo4jServerError(
            f"the Neo4j in {data_dir} does not have the users graphmodel made (users: {names}): "
            "someone else may have changed it; it was stopped. Remove the directory to start "
            "afresh")
