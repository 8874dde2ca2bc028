"""The per-installation key that personal numbers are hashed with.

An ID number is never stored: only its masked form (its last four characters, for
people to read) and an HMAC-SHA256 of it under a secret key (for matching: the same
person hashes the same in every dataset loaded with the same key).

The hash protects against someone who has the data but not the key, and no more: an
ID number has little entropy (region x birth date x sequence, some 10^11 candidates,
far fewer once the record checks' parts are known),
so whoever holds the key *and* a store recovers every number by trying them all. So
the key is kept apart from the data: 32 random bytes in a file of its own, 0600 in a
0700 folder, written atomically on first use; refused when other users may read it
(as ssh refuses a private key) and when it lies inside a folder of data (a dataset's,
a store's, the local Neo4j's), since those get copied, backed up and sent. The user
chooses where with ``GRAPHMODEL_KEY_FILE`` (default ``$XDG_CONFIG_HOME/graphmodel/key``,
normally ``~/.config/graphmodel/key``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import shlex
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import GraphmodelError
from .private import make_private_dir, others_can_reach, write_private

__all__ = ["KEY_ENV", "default_key_path", "load_key", "check_key_location", "keyed_hash"]

KEY_ENV = "GRAPHMODEL_KEY_FILE"


def default_key_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        return Path(env[KEY_ENV])
    config_home = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "graphmodel" / "key"


def load_key(path: str | Path | None = None, *,
             data_dirs: Iterable[str | Path] = ()) -> bytes:
    """The key in ``path`` (default: :func:`default_key_path`), created if missing.

    Raises :class:`~graphmodel.errors.GraphmodelError` when the key lies inside one of
    ``data_dirs`` (:func:`check_key_location`), when others may read it, or when it
    cannot be made or read.
    """
    path = Path(path) if path is not None else default_key_path()
    check_key_location(path, data_dirs)
    reason = others_can_reach(path)
    if reason is not None:
        raise GraphmodelError(f"refusing the personal-data key {path}: {reason}, so another "
                              f"user could read or replace it; keep it on a path of your own "
                              f"(set {KEY_ENV})")
    if not path.exists():
        _create(path)
    _check_private(path)
    try:
        key = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        raise GraphmodelError(f"{path}: not a graphmodel key (64 hex digits)") from None
    if len(key) < 16:
        raise GraphmodelError(f"{path}: the key is too short (at least 32 hex digits)")
    return key


def check_key_location(path: str | Path, data_dirs: Iterable[str | Path]) -> None:
    """Refuse a key inside a folder of data: whoever gets a copy of the data must not
    get the key with it.

    A home folder or a filesystem root holding a store (``--store store.gmz`` run from
    ``~``) does not make everything under it data: there only a key right beside the
    data is refused.
    """
    key = Path(path).resolve()
    for folder in data_dirs:
        if _inside(key, Path(folder).resolve()):
            raise GraphmodelError(
                f"{path}: the personal-data key lies inside {folder}, a folder of data that "
                f"gets copied and sent; keep it on a path of its own (set {KEY_ENV})")


def _inside(key: Path, folder: Path) -> bool:
    home = Path(os.path.expanduser("~")).resolve()
    if folder in (home, Path(folder.anchor)):
        return key.parent == folder
    return key.is_relative_to(folder)


def _create(path: Path) -> None:
    """Write a new key atomically (a full disk leaves no key, never an empty one that
    would break every later seed), keeping one another process made meanwhile."""
    try:
        make_private_dir(path.parent)
        staged = write_private(path.with_name(f".{path.name}.{os.getpid()}.new"),
                               secrets.token_hex(32) + "\n")
        try:
            os.link(staged, path)  # unlike a rename, never replaces a key made meanwhile
        except FileExistsError:  # another process made it first: use theirs
            pass
        except OSError:  # no hard links on this filesystem (FAT, some shares): rename
            if not path.exists():
                os.replace(staged, path)
        finally:
            staged.unlink(missing_ok=True)
    except OSError as exc:
        raise GraphmodelError(f"{path}: cannot create the personal-data key: "
                              f"{exc.strerror or exc}") from None


def _check_private(path: Path) -> None:
    """Refuse a key that other users may read or change, as ssh does a private key."""
    if os.name != "posix":
        return
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return  # reading it says what is wrong
    if mode & 0o077:
        raise GraphmodelError(f"{path}: other users may read the personal-data key "
                              f"(mode {mode:o}); run: chmod 600 {shlex.quote(str(path))}")


def keyed_hash(key: bytes, value: str) -> str:
    """HMAC-SHA256 of ``value`` under ``key``, as hex.

    >>> keyed_hash(b"k" * 32, "11010519491231002X")[:16]
    '6baaf2c3cf3a29a4'
    """
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
