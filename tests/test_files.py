"""autograd.files (the same functions in nn.files): atomic writes that keep modes and
symlinks, name the user's path, and clean up; and nn.files.read_limited."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import nn.files as files
from nn.files import TEMPORARY_SUFFIX, read_limited, write_atomically
from nn.module import MLP
from nn.serialize import save


def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(TEMPORARY_SUFFIX))


def test_a_failed_write_names_the_users_path_not_the_temporary(tmp_path: Path) -> None:
    path = tmp_path / "no_such_folder" / "m.json"
    with pytest.raises(FileNotFoundError) as info:
        save(MLP(2, [3, 1]), path)
    assert info.value.filename == str(path)
    assert TEMPORARY_SUFFIX not in str(info.value) and ".tmp" not in str(info.value)


def test_a_failure_without_errno_still_names_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match=r"cannot write '.*out\.txt': No space left") as info:
        write_atomically(tmp_path / "out.txt", b"new")
    assert TEMPORARY_SUFFIX not in str(info.value)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_saving_over_a_file_keeps_its_permissions(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "private.json"
    path.write_text("old")
    path.chmod(mode)
    save(MLP(2, [3, 1], seed=0), path)
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert path.read_text().startswith("{")


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomically(tmp_path / "new.txt", b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_saving_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "models" / "real.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "current.json"
    link.symlink_to(os.path.relpath(real, tmp_path))
    save(MLP(2, [3, 1], seed=0), link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text().startswith("{")
    assert temporaries(tmp_path) == [] and temporaries(real.parent) == []


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to("target.txt")
    write_atomically(link, b"data")
    assert link.is_symlink() and (tmp_path / "target.txt").read_bytes() == b"data"


def test_a_read_only_file_is_an_error_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "frozen.json"
    path.write_text("keep me")
    path.chmod(0o444)
    with pytest.raises(PermissionError, match="read-only") as info:
        save(MLP(2, [3, 1]), path)
    assert info.value.filename == str(path)
    assert path.read_text() == "keep me"
    assert os.listdir(tmp_path) == ["frozen.json"]


def test_a_directory_is_not_a_file_to_write(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as info:
        write_atomically(tmp_path, b"x")
    assert info.value.filename == str(tmp_path)


@pytest.mark.parametrize("bad, error", [("", ValueError), ("   ", ValueError), (None, TypeError),
                                        (3, TypeError)])
def test_a_path_that_names_no_file_is_refused(bad: object, error: type) -> None:
    with pytest.raises(error, match="path must"):
        write_atomically(bad, b"x")  # type: ignore[arg-type]


# A save that is killed (kill -9) while writing: the temporary stays, and the next save
# to the same target removes it.
KILLED_WRITER = """
import os, sys, time
import nn.files as files
def hang(fd):
    print("writing", flush=True)
    time.sleep(600)
files.os.fsync = hang
files.write_atomically(sys.argv[1], b"x" * 1_000_000)
"""


def test_the_leftover_of_a_killed_save_is_removed_by_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        left = temporaries(tmp_path)
        assert len(left) == 1 and left[0].startswith(".model.json.")
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert temporaries(tmp_path) == left  # killed: it could not clean up
    save(MLP(2, [3, 1], seed=0), path)
    assert os.listdir(tmp_path) == ["model.json"]


def test_only_stale_leftovers_of_the_same_target_are_removed(tmp_path: Path) -> None:
    alive = os.getppid()  # a process that exists: its fresh temporary is another save at work
    fresh = tmp_path / f".out.txt.{alive}.aaaa{TEMPORARY_SUFFIX}"
    old = tmp_path / f".out.txt.{alive}.bbbb{TEMPORARY_SUFFIX}"
    other_target = tmp_path / f".other.txt.999999999.cccc{TEMPORARY_SUFFIX}"
    unrelated = tmp_path / ".out.txt.notes"
    for leftover in (fresh, old, other_target, unrelated):
        leftover.write_bytes(b"partial")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    write_atomically(tmp_path / "out.txt", b"data")
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["out.txt", fresh.name, other_target.name, unrelated.name])


def test_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_write_puts_the_bytes_on_disk_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = files.os.fsync, files.os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "fsync", fsync)
    monkeypatch.setattr(files.os, "replace", replace)
    write_atomically(tmp_path / "out.txt", b"data")
    assert events == ["fsync", "replace"]  # a crash after the rename cannot lose the data


def test_a_write_failing_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def disk_full(fd: int) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_read_limited_refuses_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * 10)
    assert read_limited(path, 10) == b"x" * 10
    with pytest.raises(ValueError, match=r"data\.bin is larger than 9 bytes"):
        read_limited(path, 9)
