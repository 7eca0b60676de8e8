"""The course folder's tree is walked with a stack and within bounds: a deep tree, thousands of
modules or a folder of countless files end in one located error, in seconds, never a
RecursionError ("This is a bug") or a walk without end. The bounds are in trainerkit/limits.py."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from trainerkit import limits

from .conftest import assert_clean_failure, assert_ended_cleanly, trainerkit, write_course

MODULE = "---\ntitle: A\nduration: 10\nobjectives:\n  - Do a thing\n---\n\n# S\n\n## Slide\n\n- point\n"


def nest(folder: Path, levels: int) -> None:
    """levels folders, each in the one before, below folder (made through file descriptors:
    the path gets too long for os.makedirs' recursion)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)


def unnest(folder: Path) -> None:
    """Remove what nest made, a level at a time: shutil.rmtree recurses, so pytest's clean-up of
    old temporary folders would fail on it with a RecursionError."""
    top, spare = folder / "d", folder / "d.next"
    while top.is_dir():
        if (top / "d").is_dir():
            os.rename(top / "d", spare)
            os.rmdir(top)
            os.rename(spare, top)
        else:
            os.rmdir(top)


@pytest.fixture
def deep():
    """nest, undone after the test."""
    made: list[Path] = []

    def make(folder: Path, levels: int) -> None:
        made.append(folder)
        nest(folder, levels)

    yield make
    for folder in made:
        unnest(folder)


def empty_files(folder: Path, count: int, suffix: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"{n:06d}{suffix}").touch()


def errors(run) -> list[str]:
    """The error lines, line-0 ones ("path: error: ...", a whole folder meant) included."""
    return [line for line in run.stderr.splitlines() if ": error: " in line]


def timed(*args: str, cwd: Path):
    started = time.monotonic()
    run = trainerkit(*args, cwd=cwd)
    return run, time.monotonic() - started


@pytest.mark.parametrize("where", ["junk", "modules", "quizzes", "templates", "images"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_deep_folder_tree_is_a_located_error(tmp_path: Path, deep, where: str, command: str) -> None:
    """1,100 nested folders exhausted Python's recursion in load._course_within_limit (os.walk)
    or, under modules/, quizzes/ and templates/, in cache._below."""
    course = write_course(tmp_path / "c", {})
    deep(course / where, 1_100)
    extra = ["-o", str(tmp_path / "out")] if command == "build" else []
    run, seconds = timed(command, str(course), *extra, cwd=tmp_path)
    assert_clean_failure(run, "MAX_FOLDER_DEPTH", f"{where}/d/d/")
    assert len(errors(run)) == 1, run.stderr
    assert seconds < 20


def test_a_tree_as_deep_as_the_limit_builds(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {})
    nest(course / "junk", limits.MAX_FOLDER_DEPTH - 1)  # junk is 1 deep
    nest(course / "modules" / "old", limits.MAX_FOLDER_DEPTH - 2)
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert run.returncode == 0, run.output
    again = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert again.returncode == 0 and "up to date" in again.output.lower(), again.output


def test_a_deep_tree_in_a_hidden_folder_is_never_looked_into(tmp_path: Path, deep) -> None:
    course = write_course(tmp_path / "c", {})
    deep(course / ".git", 1_100)
    run = trainerkit("check", str(course), cwd=tmp_path)
    assert run.returncode == 0, run.output


@pytest.mark.parametrize("folder, suffix, limit", [
    ("modules", ".md", "MAX_MODULES"), ("quizzes", ".txt", "MAX_QUIZ_FILES")])
def test_too_many_modules_or_quiz_files_is_one_located_error(tmp_path: Path, folder: str,
                                                             suffix: str, limit: str) -> None:
    """20,000 tiny modules took 43 s to check, with errors blamed on built-in templates."""
    course = write_course(tmp_path / "c", {})
    empty_files(course / folder, getattr(limits, limit) + 1, suffix)
    run, seconds = timed("check", str(course), cwd=tmp_path)
    assert_clean_failure(run, limit, f"{folder}: error:")
    assert len(errors(run)) == 1, run.stderr
    assert seconds < 20


def test_too_many_modules_listed_in_course_yml_is_one_located_error(tmp_path: Path) -> None:
    names = [f"m{n}.md" for n in range(limits.MAX_MODULES + 1)]
    course = write_course(tmp_path / "c", {
        "course.yml": "title: T\nmodules:\n" + "".join(f"  - modules/{n}\n" for n in names)})
    for n in names:
        (course / "modules" / n).write_text(MODULE, encoding="utf-8")
    run, seconds = timed("check", str(course), cwd=tmp_path)
    assert_clean_failure(run, "course.yml:", "MAX_MODULES")
    assert len(errors(run)) == 1, run.stderr
    assert seconds < 20


def test_as_many_modules_as_the_limit_are_listed(tmp_path: Path) -> None:
    """In process: the folder's modules up to the limit are all found, sorted."""
    from trainerkit.errors import Diagnostics
    from trainerkit.load import load_course

    course = write_course(tmp_path / "c", {})
    for n in range(2, limits.MAX_MODULES + 1):
        (course / "modules" / f"{n:03d}-m.md").write_text(MODULE, encoding="utf-8")
    diags = Diagnostics()
    _, modules, _ = load_course(course, diags)
    assert not diags.errors, diags.sorted()
    assert len(modules) == limits.MAX_MODULES
    assert [m.path for m in modules] == sorted(m.path for m in modules)


@pytest.mark.parametrize("where", ["images", "junk"])
def test_a_folder_of_countless_files_is_one_located_error(tmp_path: Path, where: str) -> None:
    """150,000 empty pictures took 16 s to check and 20 s for a build that was up to date: the
    whole course was walked, each file stat-ed and resolved."""
    course = write_course(tmp_path / "c", {})
    empty_files(course / where, limits.MAX_COURSE_ENTRIES + 1, ".png")
    run, seconds = timed("check", str(course), cwd=tmp_path)
    assert_clean_failure(run, "MAX_COURSE_ENTRIES", "c: error:")
    assert len(errors(run)) == 1, run.stderr
    assert seconds < 20


def test_files_added_after_a_build_are_not_up_to_date_and_fail_quickly(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {})
    out = str(tmp_path / "out")
    assert trainerkit("build", str(course), "-o", out, cwd=tmp_path).returncode == 0
    empty_files(course / "images", limits.MAX_COURSE_ENTRIES + 1, ".png")
    run, seconds = timed("build", str(course), "-o", out, cwd=tmp_path)
    assert_clean_failure(run, "MAX_COURSE_ENTRIES")
    assert seconds < 20


def test_many_missing_modules_beside_many_files_fail_quickly(tmp_path: Path) -> None:
    """Each missing module's "did you mean" looked at every file of its folder."""
    course = write_course(tmp_path / "c", {
        "course.yml": "title: T\nmodules:\n" + "".join(
            f"  - images/gone{n}.md\n" for n in range(limits.MAX_MODULES))})
    empty_files(course / "images", limits.MAX_COURSE_ENTRIES // 2, ".png")
    run, seconds = timed("check", str(course), cwd=tmp_path)
    assert_ended_cleanly(run)
    assert run.returncode == 1 and "does not exist" in run.stderr, run.output
    assert seconds < 20


def test_the_benchmark_courses_are_far_below_the_walk_limits(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import make_course

    course = make_course(tmp_path / "bench", 100, slides=1)
    entries = sum(len(dirs) + len(files) for _, dirs, files in os.walk(course))
    assert len(list((course / "modules").glob("*.md"))) * 5 <= limits.MAX_MODULES
    assert entries * 100 < limits.MAX_COURSE_ENTRIES
    sample = Path(__file__).resolve().parents[2] / "courses" / "complaint-handling"
    depth = max(len(p.relative_to(sample).parts) for p in sample.rglob("*"))
    assert depth * 4 < limits.MAX_FOLDER_DEPTH
    assert len(list((sample / "quizzes").glob("*"))) * 10 < limits.MAX_QUIZ_FILES
