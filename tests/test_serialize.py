"""nn.serialize: JSON save/load, atomic writes, clear errors for bad files."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

import autograd.pictures.render as render
import nn.serialize as serialize
from nn.module import MLP, Layer, Module, Neuron
from nn.serialize import from_state_dict, load, save


def values(model: Module) -> list[float]:
    return [p.data for p in model.parameters()]


@pytest.mark.parametrize(
    "model",
    [MLP(2, [16, 16, 1], seed=0), MLP(3, [4, 2], "leaky_relu", seed=1),
     Layer(2, 3, "tanh", seed=2), Neuron(4, "sigmoid", seed=3)],
    ids=repr,
)
def test_save_then_load_gives_the_same_model(tmp_path: Path, model: Module) -> None:
    path = tmp_path / "model.json"
    save(model, path)
    loaded = load(path)
    assert type(loaded) is type(model)
    assert repr(loaded) == repr(model)
    assert values(loaded) == values(model)  # exact: JSON keeps every digit of a float
    assert [p.label for p in loaded.parameters()] == [p.label for p in model.parameters()]
    x = [0.3, -0.2, 0.9, 1.1][: model.architecture()["nin"]]
    mine, theirs = model(x), loaded(x)
    as_list = lambda out: [v.data for v in out] if isinstance(out, list) else [out.data]  # noqa: E731
    assert as_list(mine) == as_list(theirs)


def test_the_file_is_readable_json_not_pickle(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    save(MLP(2, [3, 1], seed=0), str(path))  # a str path works as well as a Path
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "gradschool-model" and document["version"] == 1
    assert document["model"]["kind"] == "MLP"
    assert document["model"]["nouts"] == [3, 1]
    assert "L1.N1.w1" in document["model"]["parameters"]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf], ids=repr)
def test_a_diverged_model_is_refused_and_the_old_file_kept(tmp_path: Path, bad: float) -> None:
    path = tmp_path / "model.json"
    model = MLP(2, [2, 1], seed=0)
    save(model, path)
    old_bytes = path.read_bytes()
    model.parameters()[1].data = bad  # L1.N1.w2
    model.parameters()[4].data = math.nan  # a later one: the message names the first
    with pytest.raises(ValueError, match=r"parameter L1\.N1\.w2 is .*(nan|inf).*diverged"):
        save(model, path)
    assert path.read_bytes() == old_bytes
    with pytest.raises(ValueError, match="diverged"):
        save(model, tmp_path / "new.json")
    assert os.listdir(tmp_path) == ["model.json"]  # no new file, no temporary


def test_the_file_is_strict_json_without_nan_tokens(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    model = MLP(2, [3, 1], seed=0)
    model.parameters()[0].data = 1e308  # large, but finite: saved exactly
    save(model, path)

    def refuse(token: str) -> None:
        raise AssertionError(f"{token} is not JSON")

    document = json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)
    assert document["model"]["parameters"]["L1.N1.w1"] == 1e308


def test_save_writes_through_the_one_atomic_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    def spy(path: Path, content: bytes) -> None:
        calls.append(Path(path))
        render.write_atomically(path, content)

    monkeypatch.setattr(serialize, "write_atomically", spy)
    save(MLP(2, [3, 1], seed=0), tmp_path / "model.json")
    assert calls == [tmp_path / "model.json"]


def test_an_interrupted_save_leaves_the_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.json"
    old = MLP(2, [3, 1], seed=0)
    save(old, path)
    old_bytes = path.read_bytes()

    def disk_full(fd: int) -> None:  # the new file is written, not yet safely on disk...
        raise OSError("No space left on device")

    monkeypatch.setattr(render.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        save(MLP(2, [3, 1], seed=1), path)
    monkeypatch.undo()

    assert path.read_bytes() == old_bytes
    assert values(load(path)) == values(old)
    assert os.listdir(tmp_path) == ["model.json"]  # no temporary file left behind


def test_ctrl_c_during_save_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(render.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save(MLP(2, [3, 1]), tmp_path / "new.json")
    assert os.listdir(tmp_path) == []  # nothing: not the file, not a temporary


def test_a_failed_rename_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_rename(src: str, dst: str) -> None:
        raise PermissionError(f"cannot replace {dst}")

    monkeypatch.setattr(render.os, "replace", no_rename)
    with pytest.raises(PermissionError):
        save(MLP(2, [3, 1]), tmp_path / "model.json")
    assert os.listdir(tmp_path) == []


def test_save_rejects_something_that_is_not_a_module(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="save\\(\\) expects a Module"):
        save([1, 2, 3], tmp_path / "x.json")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"format": "gradschool-model", "version": 1, "model": {"kind"', "not valid JSON"),
        (b"\x80\x03}q\x00(X\x01\x00\x00\x00a", "not valid JSON"),  # a pickle, say
        (b"", "not valid JSON"),
        (b'{"kind": "MLP"}', "no \"format\""),
        (b"[1, 2, 3]", "no \"format\""),
        (b'{"format": "gradschool-model", "version": 99, "model": {}}', "version 99"),
        (b'{"format": "gradschool-model", "version": 1, "model": 3}', "invalid model"),
        (b'{"format": "gradschool-model", "version": 1, '
         b'"model": {"kind": "CNN", "nin": 2, "nouts": [1]}}', "unknown module kind='CNN'"),
        (b'{"format": "gradschool-model", "version": 1, '
         b'"model": {"kind": "MLP", "nin": 2, "nouts": [1], "activation": "swish"}}',
         "unknown activation 'swish'"),
        (b'{"format": "gradschool-model", "version": 1, "model": {"kind": "MLP", "nin": 1, '
         b'"nouts": [1], "activation": "relu", "parameters": {"L1.N1.w1": 1.0}}}',
         r"missing \['L1.N1.b'\]"),
        (b'{"format": "gradschool-model", "version": 1, "model": {"kind": "MLP", "nin": 1, '
         b'"nouts": [1], "activation": "relu", "parameters": {"L1.N1.w1": 1.0, '
         b'"L1.N1.b": 1' + b"0" * 400 + b"}}}", "L1.N1.b is too large for a float"),
        (b'{"format": "gradschool-model", "version": 1, "model": {"kind": "MLP", "nin": 1, '
         b'"nouts": [1], "activation": "relu", "parameters": {"L1.N1.w1": 1.0, '
         b'"L1.N1.b": 1' + b"0" * 5000 + b"}}}", "not valid JSON"),  # int() refuses the digits
    ],
)
def test_a_corrupt_or_foreign_file_raises_value_error_naming_the_path(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as info:
        load(path)
    assert str(path) in str(info.value)


def test_a_missing_file_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nothing_here.json")


def test_from_state_dict_rebuilds_each_kind() -> None:
    for model in (MLP(2, [3, 2], "tanh", seed=0), Layer(3, 2, seed=0), Neuron(2, seed=0)):
        rebuilt = from_state_dict(json.loads(json.dumps(model.state_dict())))
        assert repr(rebuilt) == repr(model) and values(rebuilt) == values(model)
