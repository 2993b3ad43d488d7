"""Writing a file whole or not at all, and reading one that may be too big to trust.

:func:`write_atomically` (and :func:`checked_path`) live in :mod:`autograd.files`, where
the engine's pictures use them too; they are importable from here, as they always were.
:func:`read_limited` reads a file whose size is not to be trusted.
"""

from __future__ import annotations

import os

from autograd.files import (
    STALE_SECONDS,
    TEMPORARY_SUFFIX,
    PathLike,
    checked_path,
    write_atomically,
)

__all__ = ["STALE_SECONDS", "TEMPORARY_SUFFIX", "PathLike", "checked_path", "read_limited",
           "write_atomically"]


def read_limited(path: PathLike, limit: int) -> bytes:
    """The bytes of the file at ``path``, or a ValueError if it holds more than ``limit``.

    The size is checked before reading (``stat``) and again while reading, so that a file
    that grows, or a device such as ``/dev/zero``, is never read past ``limit``.

    Raises:
        FileNotFoundError: there is no file at ``path``.
        ValueError: the file is larger than ``limit`` bytes.
    """
    given = checked_path(path)
    with open(given, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        content = file.read(limit + 1) if size <= limit else b""
    if size > limit or len(content) > limit:
        raise ValueError(
            f"{given} is larger than {limit:,} bytes ({max(size, len(content)):,} or more), "
            "more than this reader accepts"
        )
    return content
