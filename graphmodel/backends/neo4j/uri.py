"""Checking a Neo4j URI before anything connects, and keeping credentials out of it.

A URI must use a scheme the driver speaks over Bolt and name a host; anything else
is one line. ``user:password@`` inside a URI is taken out: the user name and
password become the credentials (unless given otherwise), and the URI that is kept,
connected to and printed has no userinfo left.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field

from ...errors import UriError

__all__ = ["SCHEMES", "ParsedUri", "parse_uri", "display_uri"]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_EXPECTED = "expected " + ", ".join(f"{s}://" for s in SCHEMES) + " and a host, e.g. " \
            "bolt://localhost:7687"
# Everything up to the last '@' after the scheme: what may hold a user and password.
_USERINFO = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.-]*:)?//)?.*@", re.DOTALL)


@dataclass(frozen=True)
class ParsedUri:
    """A checked URI without userinfo, and the credentials that were in it."""

    uri: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)


def display_uri(text: str) -> str:
    """``text`` with anything that could be a user or password removed (for messages).

    >>> display_uri("neo4j+s://alice:s3cret@db.example.com:7687"), display_uri("bolt://h:1")
    ('neo4j+s://db.example.com:7687', 'bolt://h:1')
    >>> display_uri("alice:p@ss/word@host")
    'host'
    """
    if "@" not in text:
        return text
    return _USERINFO.sub(lambda m: m.group(1) or "", text, count=1)


def parse_uri(text: str, source: str = "--uri") -> ParsedUri:
    """Check ``text`` (given as ``source``) and take any credentials out of it.

    >>> parse_uri("bolt://neo4j:pw%40x@127.0.0.1:7687")
    ParsedUri(uri='bolt://127.0.0.1:7687', user='neo4j')
    >>> parse_uri("http://alice:s3cret@localhost:7474")
    Traceback (most recent call last):
    ...
    graphmodel.errors.UriError: --uri 'http://localhost:7474': expected bolt://, \
bolt+s://, bolt+ssc://, neo4j://, neo4j+s://, neo4j+ssc:// and a host, e.g. bolt://localhost:7687
    """
    shown = repr(display_uri(text))
    if any(c.isspace() or not c.isprintable() for c in text):
        raise UriError(f"{source} {shown}: a URI has no spaces or control characters")
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError:  # a port that is no number from 0 to 65535, a bad [IPv6] host
        # (not the parser's message: it can quote part of a password)
        raise UriError(f"{source} {shown}: no valid host and port; {_EXPECTED}") from None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise UriError(f"{source} {shown}: {_EXPECTED}")
    if port == 0:
        raise UriError(f"{source} {shown}: the port must be from 1 to 65535")
    if "@" in parts.query:  # a password with an unencoded '?' in it
        raise UriError(f"{source} {shown}: an '@' after the host; percent-encode a user "
                       "name or password in a URI, or give them with --user and --password")
    if parts.path not in ("", "/") or parts.fragment:
        raise UriError(f"{source} {shown}: a Neo4j URI has no path or #fragment "
                       "(the database is chosen with --database)")
    host = parts.netloc.rpartition("@")[2]
    uri = urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, ""))
    user = urllib.parse.unquote(parts.username) if parts.username else None
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    return ParsedUri(uri, user, password)
