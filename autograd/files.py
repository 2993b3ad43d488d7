"""Writing a file whole or not at all.

:func:`write_atomically` is how everything gradschool saves reaches the disk: drawings and
step pages (:mod:`autograd.pictures`), models, run logs and the command line's pictures
(:mod:`nn`, which imports it from :mod:`nn.files`). The bytes go to a temporary file next
to the target, which then replaces it in one step (``os.replace``), so nobody ever sees
half a file. Around that one step:

* The target keeps what the user gave it: its permission bits (a private ``0600`` file
  stays private) and, if the path is a symlink, the link itself; the file the link points
  to is what gets replaced, atomically.
* A read-only target is an error (``PermissionError``), never silently replaced.
* Errors name the path the user gave, not the hidden temporary file.
* Temporary files are named ``.NAME.PID.RANDOM.gradschool-tmp``. A failed write removes its
  own; a write killed outright (``kill -9``, power cut) cannot, so every write first removes
  the leftovers of earlier writes to the same target whose process is gone or which are
  older than :data:`STALE_SECONDS`.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import time
from pathlib import Path

PathLike = str | os.PathLike[str]

#: The suffix of every temporary file :func:`write_atomically` makes.
TEMPORARY_SUFFIX = ".gradschool-tmp"

#: A temporary file older than this (in seconds) is a leftover whatever its process.
STALE_SECONDS = 15 * 60


def checked_path(path: object, name: str = "path") -> Path:
    """``path`` as a :class:`~pathlib.Path`, if it can name a file.

    Raises:
        TypeError: ``path`` is not a ``str`` or ``os.PathLike``.
        ValueError: it is empty (``""`` names no file).
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a file name (str or Path), got {type(path).__name__}: "
                        f"{path!r:.80}")
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{name} must name a file, got {text!r}")
    return Path(text)


def write_atomically(path: PathLike, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder.

    Raises:
        ValueError: ``path`` is empty.
        IsADirectoryError: ``path`` is a directory.
        PermissionError: ``path`` is a read-only file, or its folder cannot be written.
        OSError: anything else the system refuses (disk full, ...); the message names
            ``path``, and a file already there is left as it was.
    """
    given = checked_path(path)
    target = Path(os.path.realpath(given))  # through symlinks: the link itself stays
    try:
        mode = _existing_mode(target)
        _remove_leftovers(target)
        temporary = target.with_name(
            f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")
        try:
            # "x": a fresh file that is ours. It is created with the usual permissions
            # (the umask), then given the old file's mode if there was one.
            with open(temporary, "xb") as file:
                file.write(content)
                file.flush()
                if mode is not None:
                    os.chmod(file.fileno(), mode)
                os.fsync(file.fileno())  # on disk before the rename makes it the real file
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)  # gone already after a successful replace
    except OSError as error:
        raise _naming(error, given) from error


def _existing_mode(target: Path) -> int | None:
    """The permission bits of the file at ``target`` (``None`` if there is none), or an
    error if it must not be replaced."""
    try:
        status = target.stat()
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory, not a file")
    # os.access says what this user may do; the owner's write bit catches a read-only file
    # even for root, whom access() lets write anything.
    if not os.access(target, os.W_OK) or not status.st_mode & stat.S_IWUSR:
        raise PermissionError(errno.EACCES, "the file is read-only; make it writable "
                                  "(chmod u+w) or save under another name")
    return stat.S_IMODE(status.st_mode)


def _remove_leftovers(target: Path) -> None:
    """Remove the temporary files earlier writes to ``target`` left behind when killed."""
    prefix = f".{target.name}."
    try:
        names = os.listdir(target.parent)
    except OSError:
        return  # the write itself will say what is wrong with the folder
    now = time.time()
    for name in names:
        if not (name.startswith(prefix) and name.endswith(TEMPORARY_SUFFIX)):
            continue
        pid_text = name[len(prefix):-len(TEMPORARY_SUFFIX)].split(".")[0]
        leftover = target.parent / name
        try:
            old = now - leftover.lstat().st_mtime > STALE_SECONDS
            if old or not (pid_text.isdigit() and _alive(int(pid_text))):
                leftover.unlink()
        except OSError:
            continue  # removed meanwhile, or not ours to remove: not this write's business


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (on this machine)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # someone else's process; or no such number
        return pid > 0
    return True


def _naming(error: OSError, path: Path) -> OSError:
    """``error`` again, but naming ``path`` (the user's) instead of a temporary file."""
    if error.errno is None:
        return type(error)(f"cannot write {str(path)!r}: {error}")
    return OSError(error.errno, error.strerror, os.fspath(path))  # picks the subclass by errno
