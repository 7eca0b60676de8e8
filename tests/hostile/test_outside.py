"""Nothing outside the course and the output folder is read or written: symbolic links a course
ships (course.yml, build/, the cache), output folders inside the course's own folders, odd
things where an output goes, and paths too long for the system."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import assert_clean_failure, trainerkit, write_course


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the course that nothing may touch."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine\n", encoding="utf-8")
    return folder


def untouched(folder: Path) -> bool:
    return sorted(p.name for p in folder.rglob("*")) == ["keep.txt"] and \
        (folder / "keep.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_symlinked_course_yml_is_refused(course: Path, outside: Path) -> None:
    (outside / "course.yml").write_text("title: Elsewhere\nlanguage: en\n", encoding="utf-8")
    (course / "course.yml").unlink()
    (course / "course.yml").symlink_to(outside / "course.yml")
    run = trainerkit("build", str(course), "-o", "out", cwd=course.parent)
    assert_clean_failure(run, "course.yml", "symbolic link")
    assert not (course.parent / "out" / "deck.pptx").exists()
    assert_clean_failure(trainerkit("check", str(course), cwd=course.parent), "symbolic link")


def test_a_shipped_build_folder_that_is_a_symlink_is_refused(course: Path, outside: Path) -> None:
    (course / "build").symlink_to(outside, target_is_directory=True)
    run = trainerkit("build", ".", cwd=course)  # default output: build/course, inside the link
    assert_clean_failure(run, "build", "symbolic link")
    run = trainerkit("build", ".", "-o", "build/mine", cwd=course)
    assert_clean_failure(run, "symbolic link")
    assert untouched(outside)


def test_an_output_folder_that_is_a_symlink_is_refused(course: Path, outside: Path, tmp_path: Path) -> None:
    (tmp_path / "out").symlink_to(outside, target_is_directory=True)
    assert_clean_failure(trainerkit("build", str(course), "-o", "out", cwd=tmp_path), "symbolic link")
    assert untouched(outside)


def test_a_real_output_folder_inside_the_course_is_fine(course: Path) -> None:
    run = trainerkit("build", ".", cwd=course)
    assert run.returncode == 0, run.output
    assert (course / "build" / "course" / "deck.pptx").is_file()


@pytest.mark.parametrize("where", [".trainerkit-cache", ".trainerkit-cache/parsed",
                                   ".trainerkit-cache/rendered", ".trainerkit-cache/parsed/ab"])
def test_a_symlinked_cache_folder_is_refused(course: Path, outside: Path, tmp_path: Path, where: str) -> None:
    out = tmp_path / "out"
    link = out / where
    link.parent.mkdir(parents=True)
    link.symlink_to(outside, target_is_directory=True)
    run = trainerkit("build", str(course), "-o", str(out), cwd=tmp_path)
    assert_clean_failure(run, "symbolic link", ".trainerkit-cache")
    assert untouched(outside)
    assert not (out / "deck.pptx").exists()


def test_a_symlinked_cache_entry_or_manifest_is_refused(course: Path, outside: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".trainerkit-cache" / "parsed" / "ab").mkdir(parents=True)
    (out / ".trainerkit-cache" / "parsed" / "ab" / ("0" * 64)).symlink_to(outside / "keep.txt")
    assert_clean_failure(trainerkit("build", str(course), "-o", str(out), cwd=tmp_path), "symbolic link")
    (out / ".trainerkit-cache" / "parsed" / "ab" / ("0" * 64)).unlink()
    (out / ".trainerkit-manifest.json").symlink_to("/dev/zero")  # read, it would never end
    run = trainerkit("build", str(course), "-o", str(out), cwd=tmp_path)
    assert_clean_failure(run, ".trainerkit-manifest.json", "symbolic link")
    assert untouched(outside)


def test_a_symlinked_leftover_folder_is_not_followed(course: Path, outside: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".trainerkit-abcd1234").symlink_to(outside, target_is_directory=True)
    (out / ".trainerkit-wxyz5678").mkdir()  # what a killed build leaves: removed
    run = trainerkit("build", str(course), "-o", str(out), cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert untouched(outside) and not (out / ".trainerkit-wxyz5678").exists()


@pytest.mark.parametrize("where", ["modules", "modules/sub", "quizzes/x", "images", "templates/a/b",
                                   "lessons", "lessons/sub", "themes/out", ".", "modules/.."])
def test_an_output_folder_among_the_course_files_is_refused(tmp_path: Path, where: str) -> None:
    course = write_course(tmp_path / "course", {
        "course.yml": "title: T\nlanguage: en\nmodules:\n  - lessons/01-a.md\n"
                      "theme:\n  pptx: themes/corp.pptx\n",
        "lessons/01-a.md": "---\ntitle: A\n---\n\n## S\n\n- a\n",
        "quizzes/.keep": "", "images/.keep": "", "templates/.keep": "",
    })
    import shutil

    from trainerkit.resources import builtin_dir

    (course / "themes").mkdir()
    shutil.copy(builtin_dir() / "reference.pptx", course / "themes" / "corp.pptx")
    before = sorted(p.relative_to(course) for p in course.rglob("*"))
    run = trainerkit("build", str(course), "-o", str(course / where), cwd=tmp_path)
    assert_clean_failure(run, "output folder")
    assert sorted(p.relative_to(course) for p in course.rglob("*")) == before  # nothing written


def test_a_folder_where_an_output_goes_has_its_own_message(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "deck.pptx").mkdir(parents=True)
    run = trainerkit("build", str(course), "-o", str(out), cwd=tmp_path)
    assert_clean_failure(run, "deck.pptx", "folder")
    assert "PowerPoint" not in run.stderr
    assert not (out / "handout.docx").exists()  # all or nothing


def test_a_pipe_where_an_output_goes_is_refused_without_waiting(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "handout.docx")  # opened to check it, it would wait for a writer for good
    run = trainerkit("build", str(course), "-o", str(out), cwd=tmp_path, timeout=60)
    assert_clean_failure(run, "handout.docx", "not an ordinary file")
    assert "PowerPoint" not in run.stderr


def test_a_symlink_where_an_output_goes_is_replaced_not_followed(course: Path, outside: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "deck.pptx").symlink_to(outside / "keep.txt")
    run = trainerkit("build", str(course), "-o", str(out), cwd=tmp_path)
    assert run.returncode == 0, run.output
    assert untouched(outside) and not (out / "deck.pptx").is_symlink()


def long_path(size: int) -> str:
    """A relative path of exactly size bytes, in folders of 50 letters."""
    parts = ["d" * 50] * (size // 51)
    rest = size - 51 * len(parts)
    return "/".join(parts + (["e" * rest] if rest else []))


def test_an_output_path_longer_than_the_system_allows_is_a_located_error(course: Path, tmp_path: Path) -> None:
    path_max = os.pathconf(tmp_path, "PC_PATH_MAX")
    deep = long_path(path_max + 10)
    run = trainerkit("build", str(course), "-o", deep, cwd=tmp_path)
    assert_clean_failure(run, "too long")
    near = long_path(path_max - 40 - len(str(tmp_path)) - 1)  # fits, but the files below it do not
    run = trainerkit("build", str(course), "-o", near, cwd=tmp_path)
    assert_clean_failure(run, "too long")
    assert not (tmp_path / ("d" * 50)).exists()  # refused before making anything


def test_a_folder_name_longer_than_the_system_allows_is_a_located_error(course: Path, tmp_path: Path) -> None:
    name_max = os.pathconf(tmp_path, "PC_NAME_MAX")
    run = trainerkit("build", str(course), "-o", "x" * (name_max + 1), cwd=tmp_path)
    assert_clean_failure(run, "too long")
    run = trainerkit("build", str(course), "-o", "长" * (name_max // 3 + 1), cwd=tmp_path)  # bytes, not characters
    assert_clean_failure(run, "too long")


def test_a_lock_file_hard_linked_to_a_file_elsewhere_is_never_written(course: Path, outside: Path,
                                                                         tmp_path: Path) -> None:
    """Someone who can write to a shared output folder links its lock file to a file of yours."""
    victim = outside / "victim.txt"
    victim.write_text("your own file", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.link(victim, out / ".trainerkit-lock")
    run = trainerkit("build", str(course), "-o", str(out), cwd=tmp_path)
    assert_clean_failure(run, ".trainerkit-lock", "hard link")
    assert victim.read_text(encoding="utf-8") == "your own file"


def test_a_file_name_with_a_line_break_cannot_fake_a_line_of_problems(course: Path, tmp_path: Path) -> None:
    (course / "modules" / "02-a\n03-x.md:1: error: FAKE.md").write_text(
        "---\ntitle: B\n---\n\n## S\n", encoding="utf-8")
    run = trainerkit("check", str(course), cwd=tmp_path)
    assert "Traceback" not in run.output
    problems = [line for line in run.stderr.splitlines() if line and not line.startswith("Check")]
    assert problems and all("02-a\\n03-x.md" in line for line in problems), run.stderr
    assert not any(line.startswith("03-x.md") for line in run.stderr.splitlines())
