"""The 8x8 handwritten digits that ship with gradschool, and the small file they live in.

The data: the test set of the UCI "Optical Recognition of Handwritten Digits" data set
(E. Alpaydin and C. Kaynak, 1998; licensed CC BY 4.0;
https://archive.ics.uci.edu/ml/datasets/Optical+Recognition+of+Handwritten+Digits), the
same 1,797 images scikit-learn's ``load_digits`` returns. Each image is an 8x8 grid of
counts 0..16: a 32x32 black-and-white scan cut into 4x4 blocks, each block's count of ink.

The file, ``nn/data/digits.gz`` (made by ``scripts/make_digits_data.py``), is gzip over
:data:`MAGIC`, then the 64 pixels of every image in turn (one byte each, row by row), then
every label (one byte). It is read like any file from outside: its sizes are checked before
anything is decompressed past them or built from it.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DIGITS_PATH", "N_CLASSES", "N_IMAGES", "N_PIXELS", "decode", "encode", "load_digits", "read",
]

DIGITS_PATH = Path(__file__).parent / "data" / "digits.gz"
MAGIC = b"gradschool digits 8x8 v1\n"
N_IMAGES = 1797
N_PIXELS = 64  # 8 rows of 8
N_CLASSES = 10
MAX_PIXEL = 16  # a pixel counts the inked dots of a 4x4 block: 0..16
_SIZE = len(MAGIC) + N_IMAGES * N_PIXELS + N_IMAGES
_MAX_COMPRESSED = 1 << 20  # the file is about 44 KB; anything past 1 MB is not it
_SCALED = [v / MAX_PIXEL for v in range(MAX_PIXEL + 1)]  # pixel -> [0, 1], exact (÷16)


def encode(images: Sequence[Sequence[int]], labels: Sequence[int]) -> bytes:
    """The uncompressed file for ``images`` (each 64 ints 0..16) and ``labels`` (0..9)."""
    if len(images) != N_IMAGES or len(labels) != N_IMAGES:
        raise ValueError(f"need {N_IMAGES} images and labels, got {len(images)}, {len(labels)}")
    if any(len(image) != N_PIXELS for image in images):
        raise ValueError(f"every image must have {N_PIXELS} pixels")
    pixels = bytes(p for image in images for p in image)  # bytes() refuses values > 255
    data = MAGIC + pixels + bytes(labels)
    decode(data, "the encoded digits")  # the same checks the reader makes
    return data


def decode(data: bytes, source: str) -> tuple[bytes, bytes]:
    """Check the uncompressed file and split it into ``(pixels, labels)``.

    Raises:
        ValueError: the size, the magic line, a pixel above 16 or a label above 9 is not
            what the file must hold; the message names ``source`` and what was found.
    """
    if len(data) != _SIZE or not data.startswith(MAGIC):
        found = f"{len(data):,} bytes starting {data[: len(MAGIC)]!r}"
        raise ValueError(f"{source} is not gradschool's digits file: expected {_SIZE:,} bytes "
                         f"starting {MAGIC!r}, found {found}")
    pixels = data[len(MAGIC) : len(MAGIC) + N_IMAGES * N_PIXELS]
    labels = data[len(MAGIC) + N_IMAGES * N_PIXELS :]
    # translate(None, allowed) deletes the allowed byte values: whatever is left is out of range
    if pixels.translate(None, bytes(range(MAX_PIXEL + 1))):
        raise ValueError(f"{source} holds a pixel above {MAX_PIXEL}: {max(pixels)}")
    if labels.translate(None, bytes(range(N_CLASSES))):
        raise ValueError(f"{source} holds a label above {N_CLASSES - 1}: {max(labels)}")
    return pixels, labels


def read(path: Path) -> tuple[bytes, bytes]:
    """Read and check a digits file: ``(pixels, labels)`` as :func:`decode` returns them.

    At most one byte more than the file must hold is decompressed, so a damaged or hostile
    file cannot fill the memory before it is refused.

    Raises:
        ValueError: the file is too large, not gzip, or not the digits (see :func:`decode`).
        OSError: the file cannot be read (for example, it is missing).
    """
    size = path.stat().st_size
    if size > _MAX_COMPRESSED:
        raise ValueError(f"{path} is {size:,} bytes: too large to be the digits file")
    try:
        with gzip.open(path, "rb") as stream:
            data = stream.read(_SIZE + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(f"{path} is not a readable gzip file: {error}") from None
    return decode(data, str(path))


@lru_cache(maxsize=1)
def _packaged() -> tuple[bytes, bytes]:
    return read(DIGITS_PATH)


def load_digits() -> tuple[list[list[float]], list[int]]:
    """The 1,797 handwritten digits: 8x8 images as 64 numbers in [0, 1], labels 0-9.

    From the UCI "Optical Recognition of Handwritten Digits" data set (E. Alpaydin and
    C. Kaynak, 1998), licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/):
    its test set, written by 13 people, as in scikit-learn's ``load_digits``. Each pixel is
    the number of inked dots (0 to 16) in a 4x4 block of a 32x32 scan, divided by 16.

    The images come in the data set's order, not shuffled: split them with
    :func:`nn.datasets.train_test_split`, which shuffles. Every call returns new lists.

    Returns:
        ``(X, y)``: 1,797 rows of 64 floats (row by row: pixel ``8 * r + c`` is row ``r``,
        column ``c``) and 1,797 int labels; 174 to 183 images of each digit.

    Example:
        >>> X, y = load_digits()
        >>> len(X), len(X[0]), sorted(set(y)) == list(range(10))
        (1797, 64, True)
    """
    pixels, labels = _packaged()
    scaled = [_SCALED[p] for p in pixels]
    X = [scaled[i : i + N_PIXELS] for i in range(0, len(scaled), N_PIXELS)]
    return X, list(labels)
