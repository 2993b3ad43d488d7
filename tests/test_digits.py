"""nn.datasets.load_digits and the file it reads (nn/digits.py).

The data are checked against figures of the UCI set written out here (class counts, the
pixels of the first and last image) and, where scikit-learn is installed, against its
``load_digits`` value for value. The reader is fed damaged files: each must be refused
with a message saying what is wrong, before anything large is built."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

import nn
from nn import digits
from nn.datasets import load_digits

ROOT = Path(__file__).resolve().parent.parent

#: Images per digit in UCI's optdigits.tes, the 1,797 images load_digits returns.
UCI_CLASS_COUNTS = {0: 178, 1: 182, 2: 177, 3: 183, 4: 181, 5: 182, 6: 181, 7: 179, 8: 174, 9: 180}
#: The first and the last image of optdigits.tes as counts 0..16 (a 0 and an 8).
FIRST_IMAGE = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0,
               0, 4, 12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0,
               0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0]
LAST_IMAGE = [0, 0, 10, 14, 8, 1, 0, 0, 0, 2, 16, 14, 6, 1, 0, 0, 0, 0, 15, 15, 8, 15, 0, 0,
              0, 0, 5, 16, 16, 10, 0, 0, 0, 0, 12, 15, 15, 12, 0, 0, 0, 4, 16, 6, 4, 16, 6, 0,
              0, 8, 16, 10, 8, 16, 8, 0, 0, 1, 8, 12, 14, 12, 1, 0]


@pytest.fixture(scope="module")
def data():
    return load_digits()


def test_shape_types_and_range(data):
    X, y = data
    assert isinstance(X, list) and isinstance(y, list)
    assert len(X) == len(y) == 1797
    assert all(isinstance(row, list) and len(row) == 64 for row in X)
    assert all(type(v) is float and 0.0 <= v <= 1.0 for row in X for v in row)
    assert all(type(label) is int for label in y)
    assert min(v for row in X for v in row) == 0.0 and max(v for row in X for v in row) == 1.0


def test_class_counts_are_the_uci_test_set(data):
    assert Counter(data[1]) == UCI_CLASS_COUNTS
    assert data[1][:12] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]  # the file's own order


def test_known_pixels_are_counts_over_16(data):
    X, y = data
    assert X[0] == [count / 16 for count in FIRST_IMAGE] and y[0] == 0
    assert X[-1] == [count / 16 for count in LAST_IMAGE] and y[-1] == 8
    assert X[0][8 * 1 + 3] == 15 / 16  # row 1, column 3 of the first 0
    # Sum of all 1,797 x 64 counts in optdigits.tes, and how many are a full 16.
    assert sum(v * 16 for row in X for v in row) == 561_718
    assert sum(v == 1.0 for row in X for v in row) == 10_456


def test_equal_to_sklearn_exactly(data):
    sk_datasets = pytest.importorskip("sklearn.datasets")
    reference = sk_datasets.load_digits()
    images, labels = data
    assert images == (reference.data / 16).tolist()  # ÷16 is exact in floating point
    assert labels == reference.target.tolist()


def test_every_call_returns_new_lists():
    X1, y1 = load_digits()
    X1[0][0] = 99.0
    y1[0] = 99
    X2, y2 = load_digits()
    assert X2[0][0] == 0.0 and y2[0] == 0


def test_exported_by_nn_and_nn_datasets():
    assert nn.load_digits is nn.datasets.load_digits is digits.load_digits


def test_training_on_a_few_digits_learns_them():
    """The data is usable as is: a small model fits 100 digits of 3 classes."""
    X, y = load_digits()
    picked = [i for i in range(len(y)) if y[i] < 3][:60]
    Xs, ys = [X[i] for i in picked], [y[i] for i in picked]
    model = nn.MLP(64, [10, 3], seed=0)
    nn.fit(model, Xs, ys, loss="cross_entropy", optimizer=nn.Adam(model.parameters(), lr=0.02),
           epochs=15, batch_size=10, seed=0, progress=False)
    assert nn.evaluate(model, Xs, ys, loss="cross_entropy", metrics=["accuracy"])["accuracy"] > 0.95


# ---------------------------------------------------------------- the file, packaged and damaged


def test_pyproject_ships_every_data_file():
    """The wheel and sdist carry nn/data: pyproject's package-data names each file in it."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shipped = config["tool"]["setuptools"]["package-data"]["nn"]
    present = sorted(f"data/{p.name}" for p in (ROOT / "nn" / "data").iterdir())
    assert sorted(shipped) == present == ["data/NOTICE", "data/digits.gz"]
    notice = (ROOT / "nn" / "data" / "NOTICE").read_text()
    assert "CC BY 4.0" in notice and "Alpaydin" in notice


def test_docstring_and_readme_credit_the_source():
    for text in (load_digits.__doc__ or "", (ROOT / "README.md").read_text()):
        assert "Optical Recognition of Handwritten Digits" in text and "CC BY 4.0" in text


def test_the_packaged_file_is_small_and_reproducible():
    assert digits.DIGITS_PATH.stat().st_size < 50_000
    pixels, labels = digits.read(digits.DIGITS_PATH)
    images = [list(pixels[i : i + 64]) for i in range(0, len(pixels), 64)]
    rebuilt = gzip.compress(digits.encode(images, list(labels)), compresslevel=9, mtime=0)
    assert rebuilt == digits.DIGITS_PATH.read_bytes()


def _good_bytes() -> bytes:
    pixels, labels = digits.read(digits.DIGITS_PATH)
    return digits.MAGIC + pixels + labels


def _write(tmp_path: Path, data: bytes, compress: bool = True) -> Path:
    path = tmp_path / "digits.gz"
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d[:-1], "expected 116,830 bytes"),  # one label short
        (lambda d: d + b"\0", "expected 116,830 bytes"),  # one byte too many
        (lambda d: b"X" + d[1:], "starting b'gradschool digits"),  # wrong magic line
        (lambda d: d[:100] + b"\x11" + d[101:], "a pixel above 16: 17"),
        (lambda d: d[:-1] + b"\x0a", "a label above 9: 10"),
    ],
)
def test_damaged_contents_are_refused(tmp_path, damage, message):
    with pytest.raises(ValueError, match=message):
        digits.read(_write(tmp_path, damage(_good_bytes())))


def test_a_decompression_bomb_is_stopped_at_the_expected_size(tmp_path, monkeypatch):
    """20 MB of zeros (20 KB compressed): read stops one byte past the file's size."""
    path = _write(tmp_path, b"\0" * 20_000_000)
    asked = []
    real_open = gzip.open

    def recording_open(*args, **kwargs):
        stream = real_open(*args, **kwargs)
        real_read = stream.read
        stream.read = lambda n=-1: asked.append(n) or real_read(n)
        return stream

    monkeypatch.setattr(gzip, "open", recording_open)
    with pytest.raises(ValueError, match="not gradschool's digits file"):
        digits.read(path)
    assert asked == [116_830 + 1]


def test_a_file_too_large_or_not_gzip_is_refused(tmp_path):
    big = tmp_path / "big.gz"
    big.write_bytes(b"\0" * (2 << 20))
    with pytest.raises(ValueError, match="too large to be the digits file"):
        digits.read(big)
    with pytest.raises(ValueError, match="not a readable gzip file"):
        digits.read(_write(tmp_path, b"plain bytes", compress=False))
    with pytest.raises(ValueError, match="not a readable gzip file"):
        digits.read(_write(tmp_path, gzip.compress(_good_bytes())[:-20], compress=False))


def test_encode_refuses_what_the_file_cannot_hold():
    images, labels = [[0] * 64] * 1797, [0] * 1797
    with pytest.raises(ValueError, match="need 1797 images"):
        digits.encode(images[:-1], labels)
    with pytest.raises(ValueError, match="64 pixels"):
        digits.encode([[0] * 63] + images[1:], labels)
    with pytest.raises(ValueError, match="a pixel above 16"):
        digits.encode([[17] * 64] + images[1:], labels)

