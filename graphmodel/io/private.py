"""Files and folders only their owner can read.

graphmodel's files hold personal data (names, masked numbers, keyed hashes) and
secrets (the hashing key, the local Neo4j's password), so every folder it creates is
0700 and every file it writes is 0600. Writes go to a temporary file that is renamed
into place, so a full disk or a kill leaves the old file (or none), never a short one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["PRIVATE_DIR_MODE", "PRIVATE_FILE_MODE", "make_private_dir", "write_private",
           "private_file"]

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def make_private_dir(path: str | Path) -> Path:
    """Create ``path`` and any missing parents as 0700; return it.

    Folders that already exist keep their mode: a user's own ``~/.local/share``, or
    the folder they chose for a store, is theirs to set.

    >>> import tempfile, pathlib
    >>> d = make_private_dir(pathlib.Path(tempfile.mkdtemp()) / "a" / "b")
    >>> oct(d.stat().st_mode & 0o777), oct(d.parent.stat().st_mode & 0o777)
    ('0o700', '0o700')
    """
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            os.mkdir(folder, PRIVATE_DIR_MODE)
        os.chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def write_private(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` as a 0600 file, atomically (temporary file, fsync,
    rename): readers see the old content or the new, never a part."""
    with private_file(path) as f:
        f.write(data.encode() if isinstance(data, str) else data)
    return Path(path)


@contextlib.contextmanager
def private_file(path: str | Path):
    """A binary file to write ``path`` through, 0600, put in place atomically when the
    block ends (and removed if it fails): for writers too large to hold in memory.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with private_file(target) as f:
    ...     _ = f.write(b"hello")
    >>> target.read_bytes(), oct(target.stat().st_mode & 0o777)
    (b'hello', '0o600')
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
