"""The per-installation key that personal numbers are hashed with.

An ID number is never stored: only its masked form (for people to read) and an
HMAC-SHA256 of it under a secret key (for matching: the same person hashes the same
in every dataset loaded with the same key, and cannot be recovered from the hash
without the key). The key is 32 random bytes in a file only its owner can read,
created on first use; the user chooses where with ``GRAPHMODEL_KEY_FILE`` (default
``$XDG_CONFIG_HOME/graphmodel/key``, normally ``~/.config/graphmodel/key``), and
can share it between installations that must match the same people.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from .errors import GraphmodelError

__all__ = ["KEY_ENV", "default_key_path", "load_key", "keyed_hash"]

KEY_ENV = "GRAPHMODEL_KEY_FILE"


def default_key_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        return Path(env[KEY_ENV])
    config_home = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "graphmodel" / "key"


def load_key(path: str | Path | None = None) -> bytes:
    """The key in ``path`` (default: :func:`default_key_path`), created if missing."""
    path = Path(path) if path is not None else default_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32) + "\n")
    try:
        key = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        raise GraphmodelError(f"{path}: not a graphmodel key (64 hex digits)") from None
    if len(key) < 16:
        raise GraphmodelError(f"{path}: the key is too short (at least 32 hex digits)")
    return key


def keyed_hash(key: bytes, value: str) -> str:
    """HMAC-SHA256 of ``value`` under ``key``, as hex.

    >>> keyed_hash(b"k" * 32, "11010519491231002X")[:16]
    '6baaf2c3cf3a29a4'
    """
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
