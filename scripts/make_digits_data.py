"""Write nn/data/digits.gz, the 8x8 digits that ``nn.datasets.load_digits`` reads.

The source is scikit-learn's copy of the UCI "Optical Recognition of Handwritten Digits"
test set (sklearn/datasets/data/digits.csv.gz: 1,797 rows of 64 pixels 0..16 and a label).
Run it where scikit-learn is installed; the output is byte-for-byte reproducible:

    python scripts/make_digits_data.py

Layout of the decompressed file (see :mod:`nn.digits`): the magic line, then every
image's 64 pixels (one byte each, 0..16, row by row), then every label (one byte, 0..9).
A pixel takes 17 values, so 4 bits cannot hold it; one byte per pixel, gzipped, came out
smaller than the 5-bit and nibble-plus-mask packings tried (44 KB against 46 KB).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nn.digits import DIGITS_PATH, encode  # noqa: E402


def main() -> None:
    import sklearn  # only the source of the data: gradschool never needs it

    source = Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz"
    with gzip.open(source, "rt") as text:
        rows = [[int(cell) for cell in row] for row in csv.reader(io.StringIO(text.read()))]
    images = [row[:64] for row in rows]
    labels = [row[64] for row in rows]
    data = gzip.compress(encode(images, labels), compresslevel=9, mtime=0)
    DIGITS_PATH.write_bytes(data)
    print(f"wrote {DIGITS_PATH.relative_to(ROOT)}: {len(images)} images, {len(data):,} bytes")


if __name__ == "__main__":
    main()
