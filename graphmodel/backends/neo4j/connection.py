"""Connection settings for Neo4j, and errors a user can act on.

Settings come from explicit arguments, else the conventional ``NEO4J_URI``,
``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` variables (passed in as
a mapping, never read at import), else the local server that ``graphmodel neo4j
start`` runs. Any Bolt URI the driver accepts works: ``bolt://``, ``neo4j://``,
``neo4j+s://`` (a cluster or Aura); it is checked before anything connects, and a
user and password inside it are taken out (see :mod:`graphmodel.backends.neo4j.uri`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from ...errors import Neo4jConnectionError
from .uri import ParsedUri, display_uri, parse_uri

__all__ = ["Connection", "resolve_connection", "check_database_name", "connect", "translate_errors",
           "local_server_dir", "maven_cache_dir"]


@dataclasses.dataclass(frozen=True)
class Connection:
    """Where and as whom to connect. ``repr`` never shows the password."""

    uri: str
    user: str
    password: str = dataclasses.field(repr=False)
    database: str | None = None


def local_server_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The local server's directory: ``$GRAPHMODEL_NEO4J_DIR``, else
    ``$XDG_DATA_HOME/graphmodel/neo4j`` (normally ``~/.local/share/graphmodel/neo4j``)."""
    env = os.environ if environ is None else environ
    if env.get("GRAPHMODEL_NEO4J_DIR"):
        return Path(env["GRAPHMODEL_NEO4J_DIR"])
    data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "graphmodel" / "neo4j"


def maven_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the built launcher is cached: ``$XDG_CACHE_HOME/graphmodel/neo4j``."""
    env = os.environ if environ is None else environ
    cache_home = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache_home) / "graphmodel" / "neo4j"


def resolve_connection(uri: str | None = None, user: str | None = None,
                       password: str | None = None, database: str | None = None, *,
                       environ: Mapping[str, str] | None = None,
                       local_dir: Path | None = None) -> Connection:
    """Settings from the arguments, else the environment, else the local server."""
    env = os.environ if environ is None else environ
    source = "--uri" if uri else "NEO4J_URI"
    uri = uri or env.get("NEO4J_URI")
    in_uri = ParsedUri("")
    if uri:
        # Checked before anything connects. A user and password inside the URI are
        # taken out of it (never kept, shown or sent in it) and used, unless --user
        # or --password are given; they win over NEO4J_USERNAME / NEO4J_PASSWORD.
        in_uri = parse_uri(uri, source)
        uri = in_uri.uri
    user = user or in_uri.user or env.get("NEO4J_USERNAME")
    if password is None:
        password = in_uri.password if in_uri.password is not None else env.get("NEO4J_PASSWORD")
    database = database or env.get("NEO4J_DATABASE") or None
    if database is not None:
        check_database_name(database, "--database" if database != env.get("NEO4J_DATABASE")
                            else "NEO4J_DATABASE")
    if not uri:
        from .server import status

        local = status(local_dir or local_server_dir(env))
        if local is None:
            raise Neo4jConnectionError("no Neo4j to connect to: start the local one with "
                                       "`graphmodel neo4j start`, or give --uri (or "
                                       "NEO4J_URI)")
        return Connection(local.uri, user or local.user,
                          password if password is not None else local.password, database)
    return Connection(uri, user or "neo4j", password or "", database)


#: Neo4j's rule for a database name or alias (ASCII letters first, then letters,
#: digits, dots, dashes and underscores, at most 63), so a name the driver cannot send
#: is refused here, in one line, before anything connects.
_DATABASE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,62}")


def check_database_name(name: str, option: str = "--database") -> str:
    """``name`` if Neo4j could have a database of that name, else a one-line error.

    >>> check_database_name("neo4j")
    'neo4j'
    >>> check_database_name("my db")
    Traceback (most recent call last):
    ...
    graphmodel.errors.Neo4jConnectionError: --database: not a database name (ASCII letters first, then letters, digits, '.', '-' or '_', at most 63)
    """
    if not _DATABASE_NAME.fullmatch(name):
        raise Neo4jConnectionError(f"{option}: not a database name (ASCII letters first, then "
                                   "letters, digits, '.', '-' or '_', at most 63)")
    return name


@contextlib.contextmanager
def translate_errors(conn: Connection) -> Iterator[None]:
    """Turn the driver's connection failures into one-line
    :class:`~graphmodel.errors.Neo4jConnectionError`."""
    from neo4j import exceptions as ex

    where = display_uri(conn.uri)  # never a user name or password inside the URI
    try:
        yield
    except ex.AuthError:
        raise Neo4jConnectionError(f"Neo4j at {where} refused user {conn.user!r}: "
                                   "wrong user name or password") from None
    except (ex.ServiceUnavailable, ex.SessionExpired) as exc:
        raise Neo4jConnectionError(f"cannot reach Neo4j at {where} ({_first_line(exc)}): "
                                   "is it running? (`graphmodel neo4j status`)") from None
    except ex.ConfigurationError as exc:
        raise Neo4jConnectionError(f"bad Neo4j connection settings for {where}: "
                                   f"{_first_line(exc).replace(conn.uri, where)}") from None
    except ex.Neo4jError as exc:
        if exc.code == "Neo.ClientError.Security.AuthenticationRateLimit":
            raise Neo4jConnectionError(f"Neo4j at {where} refused user {conn.user!r} for now: "
                                       "too many wrong passwords in a row; wait a few "
                                       "seconds and check the password") from None
        if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
            raise Neo4jConnectionError(f"Neo4j at {where} has no database "
                                       f"{conn.database!r}") from None
        raise Neo4jConnectionError(f"Neo4j refused: {_first_line(exc.message or exc)} "
                                   f"({exc.code})") from None


def _first_line(exc: BaseException | str) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@contextlib.contextmanager
def connect(conn: Connection) -> Iterator:
    """A verified driver for ``conn``, closed on exit."""
    from neo4j import GraphDatabase

    with translate_errors(conn):
        driver = GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password))
        try:
            driver.verify_connectivity()
            if conn.database:
                driver.execute_query("RETURN 1", database_=conn.database)
            yield driver
        finally:
            driver.close()
