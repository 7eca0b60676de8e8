"""The build process and its output folder: one build at a time per folder (a lock held from the
up-to-date check to the manifest), and no worker process that outlives a killed build."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from .conftest import assert_clean_failure, start_trainerkit, trainerkit, write_course

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate import make_course  # noqa: E402

LOCK = ".trainerkit-lock"
OUTPUTS = ("deck.pptx", "handout.docx", "guide.docx")


def hold_lock(out: Path) -> int:
    """Take the output folder's lock as another build would, and write our process id in it."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def group(pgid: int) -> list[int]:
    """Live processes (not zombies) of a process group, from /proc."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(name))
    return found


def children(pid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] not in "ZX":
                found.append(int(name))
    return found


def version_in(path: Path) -> set[str]:
    """Which course versions (V1, V2) a .pptx or .docx was made from, by the title it shows."""
    with zipfile.ZipFile(path) as z:
        data = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    return {v for v in ("Marker V1", "Marker V2") if v.encode() in data}


pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@pytest.fixture(scope="module")
def big_course(tmp_path_factory) -> Path:
    """A course big enough that its workers run for a second or more."""
    return make_course(tmp_path_factory.mktemp("big") / "course", 30)


def test_a_second_build_waits_while_another_holds_the_folder(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    fd = hold_lock(out)
    try:
        build = start_trainerkit("build", str(course), "-o", str(out), cwd=tmp_path)
        time.sleep(3)
        assert build.poll() is None, build.communicate()  # still waiting
        assert not (out / "deck.pptx").exists() and not (out / ".trainerkit-manifest.json").exists()
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    stdout, stderr = build.communicate(timeout=90)
    assert build.returncode == 0, stderr
    assert (out / "deck.pptx").is_file()


def test_a_build_that_waited_too_long_is_refused_with_a_clear_message(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    fd = hold_lock(out)
    try:
        run = trainerkit("build", str(course), "-o", str(out), cwd=tmp_path,
                         env={"TRAINERKIT_LOCK_WAIT": "1"})
    finally:
        os.close(fd)
    assert_clean_failure(run, "another trainerkit build", f"process {os.getpid()}", "-o")
    assert not (out / "deck.pptx").exists()


def test_the_up_to_date_check_waits_for_the_lock_too(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert trainerkit("build", str(course), "-o", str(out), cwd=tmp_path).returncode == 0
    fd = hold_lock(out)
    try:
        run = trainerkit("build", str(course), "-o", str(out), cwd=tmp_path,
                         env={"TRAINERKIT_LOCK_WAIT": "1"})
    finally:
        os.close(fd)
    assert_clean_failure(run, "another trainerkit build")  # not "Up to date" from a manifest being replaced


def test_two_builds_into_one_folder_leave_one_whole_build(tmp_path: Path) -> None:
    courses = []
    for n in (1, 2):
        root = make_course(tmp_path / f"v{n}", 6, seed=n)
        (root / "course.yml").write_text(f"title: Marker V{n}\nlanguage: zh-CN\n", encoding="utf-8")
        courses.append(root)
    out = tmp_path / "shared"
    for round_ in range(2):
        builds = [start_trainerkit("build", str(c), "-o", str(out), cwd=tmp_path) for c in courses]
        for b in builds:
            stdout, stderr = b.communicate(timeout=120)
            assert b.returncode == 0, stderr
            assert "Traceback" not in stderr
        versions = [version_in(out / name) for name in OUTPUTS]
        assert all(len(v) == 1 for v in versions) and len(set.union(*versions)) == 1, versions
        (made,) = versions[0]
        assert not [p for p in out.iterdir() if p.name.startswith(".trainerkit-") and p.is_dir()
                    and p.name != ".trainerkit-cache"]  # no temporary folder left
        # The manifest vouches for exactly these files: the version they show is up to date, the
        # other one builds again.
        before = {name: (out / name).read_bytes() for name in OUTPUTS}
        same = courses[int(made[-1]) - 1]
        run = trainerkit("build", str(same), "-o", str(out), cwd=tmp_path)
        assert run.returncode == 0 and "Up to date" in run.stdout, run.output
        assert {name: (out / name).read_bytes() for name in OUTPUTS} == before
        other = courses[2 - int(made[-1])]
        run = trainerkit("build", str(other), "-o", str(out), cwd=tmp_path)
        assert run.returncode == 0 and "Built" in run.stdout, run.output
        assert all(version_in(out / name) == {f"Marker V{3 - int(made[-1])}"} for name in OUTPUTS)


def test_builds_one_after_another_in_one_process_let_go_of_the_lock(course: Path, tmp_path: Path) -> None:
    from trainerkit import output_folder
    from trainerkit.build import build

    out = tmp_path / "out"
    build(course, out)
    (course / "modules" / "01-a.md").write_text("---\ntitle: B\n---\n\n## Other\n\n- x\n", encoding="utf-8")
    assert not build(course, out).up_to_date  # as `trainerkit watch` does
    assert output_folder.held_locks() == ()
    fd = hold_lock(out)  # nobody holds it now
    os.close(fd)


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT],
                         ids=["SIGTERM", "SIGKILL", "SIGINT"])
def test_workers_end_with_a_killed_build(big_course: Path, tmp_path: Path, how: int) -> None:
    out = tmp_path / "out"
    build = start_trainerkit("build", str(big_course), "-o", str(out), "-j", "3", "--no-cache",
                             cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not children(build.pid) and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        workers = children(build.pid)
        assert workers and build.poll() is None, "the build ended before its workers could be seen"
        os.kill(build.pid, how)  # the build alone, not its group: as CI or a parent process would
        stdout, stderr = build.communicate(timeout=30)  # its pipes close: no worker keeps them open
        assert "Traceback" not in stderr, stderr
        if how == signal.SIGTERM:
            assert build.returncode == 143 and "Interrupted" in stderr, (build.returncode, stderr)
        elif how == signal.SIGINT:
            assert build.returncode == 130 and "Interrupted" in stderr, (build.returncode, stderr)
        else:
            assert build.returncode == -signal.SIGKILL
        deadline = time.monotonic() + 5
        while group(build.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert group(build.pid) == [], "workers outlived the build"
        assert not (out / "deck.pptx").exists()  # killed before writing: nothing half-made
    finally:
        try:
            os.killpg(build.pid, signal.SIGKILL)  # whatever is left of this test's build
        except (ProcessLookupError, PermissionError):
            pass
    # The folder's lock went with the build, and a build after it works and tidies up.
    run = trainerkit("build", str(big_course), "-o", str(out), "--only", "handout", cwd=tmp_path,
                     env={"TRAINERKIT_LOCK_WAIT": "5"})
    assert run.returncode == 0, run.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".trainerkit-c")) == \
        [".trainerkit-lock", ".trainerkit-manifest.json", "handout.docx"]
