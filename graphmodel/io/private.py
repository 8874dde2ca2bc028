"""Files and folders only their owner can read.

graphmodel's files hold personal data (names, masked numbers, keyed hashes) and
secrets (the hashing key, the local Neo4j's password), so every folder it creates is
0700 and every file it writes is 0600. Writes go to a temporary file that is renamed
into place, so a full disk or a kill leaves the old file (or none), never a short one.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from pathlib import Path

__all__ = ["PRIVATE_DIR_MODE", "PRIVATE_FILE_MODE", "make_private_dir", "write_private",
           "private_file", "private_text", "others_can_reach", "check_replaceable"]

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


def check_replaceable(path: str | Path) -> None:
    """Raise :class:`OSError` if ``path`` holds something a written file must not
    replace: a device (``/dev/null``), a pipe, a socket or a folder. Files are put in
    place by a rename, which would replace such a node, as root even ``/dev/null``. A
    regular file, a link (replaced, never followed) or nothing is fine.

    >>> check_replaceable("/dev/null")
    Traceback (most recent call last):
    ...
    FileExistsError: [Errno 17] not a regular file, so it is not replaced: '/dev/null'
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise OSError(errno.EEXIST, "not a regular file, so it is not replaced", str(path))


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
    check_replaceable(path)
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


@contextlib.contextmanager
def private_text(path: str | Path, *, encoding: str = "utf-8", newline: str = ""):
    r""":func:`private_file` as text: every file graphmodel writes (exports, plans, review
    files, generated datasets, pages) goes through this one 0600, atomic path, whose
    temporary file is created exclusively, so a link planted there is never followed.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
    >>> with private_text(target, encoding="utf-8-sig") as f:
    ...     _ = f.write("名称\n")
    >>> target.read_bytes(), oct(target.stat().st_mode & 0o777)
    (b'\xef\xbb\xbf\xe5\x90\x8d\xe7\xa7\xb0\n', '0o600')
    """
    with private_file(path) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline=newline)
        try:
            yield text
        finally:
            text.flush()
            text.detach()  # private_file closes the file itself


def others_can_reach(path: str | Path) -> str | None:
    """Why another local user could read or replace ``path`` (a secret file or the
    folder of one), or None when only its owner and root can.

    ``path`` (if it exists), every folder above it, and every symbolic link on the way
    must belong to the caller (folders above also to root), and none may be writable
    by others, except a folder with the sticky bit such as ``/tmp``, where others
    cannot rename or remove what is not theirs. A path through a link that another
    user owns is refused, since they may point it elsewhere later. Checked as ssh
    checks a private key's folder: by ownership and mode, before anything is read.

    >>> import tempfile, pathlib
    >>> others_can_reach(make_private_dir(pathlib.Path(tempfile.mkdtemp()) / "d")) is None
    True
    """
    if os.name != "posix":
        return None
    me = os.geteuid()
    path = Path(os.path.abspath(path))
    seen: set[Path] = set()
    return _reach(path, me, seen, leaf=True)


def _reach(path: Path, me: int, seen: set[Path], *, leaf: bool) -> str | None:
    """Walk ``path`` from the root, following links (each checked, then its target)."""
    current = Path(path.anchor)
    parts = path.parts[1:]
    for i, name in enumerate(parts):
        current = current / name
        last = i == len(parts) - 1
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            return None  # it will be made, by the caller, private
        except OSError as exc:
            return f"{current}: {exc.strerror or exc}"
        if stat.S_ISLNK(st.st_mode):
            if st.st_uid not in (me, 0):
                return f"{current} is a link owned by another user (uid {st.st_uid})"
            if current in seen:
                return f"{current}: a loop of links"
            seen.add(current)
            target = Path(os.path.join(current.parent, os.readlink(current)))
            rest = Path(*parts[i + 1:]) if not last else None
            return _reach(Path(os.path.abspath(target / rest if rest else target)), me, seen,
                          leaf=leaf)
        owner_ok = st.st_uid == me or (st.st_uid == 0 and not (last and leaf))
        if not owner_ok:
            return f"{current} belongs to another user (uid {st.st_uid})"
        if st.st_mode & 0o022 and not (stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_ISVTX
                                       and not last):
            return f"{current} is writable by other users (mode {stat.S_IMODE(st.st_mode):o})"
    return None
