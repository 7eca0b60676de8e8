"""Every broken fixture course gets exactly the located errors its expected.txt lists: each of
them, and no follow-on error that only repeats one (a trainer fixes one mistake, not five)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainerkit.build import check
from trainerkit.cli import main

from conftest import FIXTURES

BROKEN = sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir())
NOT_YET: dict[str, str] = {}


def expected(course: Path) -> list[tuple[str, int, str]]:
    out = []
    for line in (course / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            where, phrase = line.split(": ", 1)
            path, lineno = where.rsplit(":", 1)
            out.append((path, int(lineno), phrase.strip()))
    return out


def relative(course: Path, path: str) -> str:
    return os.path.relpath(Path(path).resolve(), course.resolve())


@pytest.mark.parametrize("course", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_course_reports_located_errors(course: Path, request) -> None:
    if course.name in NOT_YET:
        request.applymarker(pytest.mark.xfail(reason=NOT_YET[course.name], strict=True))
    errors = [d for d in check(course) if d.severity == "error"]
    found = [(relative(course, d.location.path), d.location.line, d.message) for d in errors]
    for path, line, phrase in expected(course):
        assert any(p == path and n == line and phrase.lower() in m.lower() for p, n, m in found), \
            f"missing {path}:{line}: {phrase!r}; got {found}"
    assert len(found) == len(expected(course)), f"follow-on errors: {found}"


@pytest.mark.parametrize("course", BROKEN, ids=[p.name for p in BROKEN])
def test_cli_reports_every_error_without_traceback(course: Path, tmp_path: Path) -> None:
    if course.name in NOT_YET:
        pytest.skip(NOT_YET[course.name])
    result = CliRunner().invoke(main, ["build", str(course), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Build failed: ")
    assert len([ln for ln in lines if ": error: " in ln]) >= len(expected(course))
    out = tmp_path / "out"  # no output written; only the hidden cache may be there
    assert not out.exists() or not [p for p in out.iterdir() if not p.name.startswith(".")]


# -- what a trainer reads for mistakes that build, with a warning -------------------------------


def course_with(tmp_path: Path, modules: dict[str, str]) -> Path:
    """A small course folder of the given module files."""
    root = tmp_path / "course"
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: Complaint handling\nlanguage: en\n", encoding="utf-8")
    for name, text in modules.items():
        (root / "modules" / name).write_text(text, encoding="utf-8")
    return root


OPENING = ("---\ntitle: Opening the call\nduration: 10\nobjectives:\n  - Greet the caller\n---\n\n"
           "## The standard opening\n\nCompany name, agent number.\n")


def build_lines(root: Path, out: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["build", str(root), "-o", str(out)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.strip().splitlines()


def test_an_empty_module_is_a_warning_and_makes_no_blank_slide(tmp_path: Path, monkeypatch) -> None:
    from pptx import Presentation

    monkeypatch.chdir(tmp_path)  # paths are shown as the trainer's shell shows them

    root = course_with(tmp_path, {"01-opening.md": OPENING, "02-closing.md": " \n\n"})
    status, lines = build_lines(root, tmp_path / "out")
    assert status == 0
    assert "course/modules/02-closing.md:1: warning: this module file is empty, so it is left out " \
           "of the course (no slide, no agenda line); write its content, or delete the file" in lines
    (root / "modules" / "02-closing.md").unlink()
    build_lines(root, tmp_path / "without")
    slides = [len(Presentation(str(tmp_path / d / "deck.pptx")).slides) for d in ("out", "without")]
    assert slides[0] == slides[1]


def test_an_objective_that_swallowed_the_next_through_indentation_is_a_warning(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    module = OPENING.replace("  - Greet the caller\n",
                             "  - 使用标准开场白问候客户\n   - 以三项资料核实客户身份\n")
    root = course_with(tmp_path, {"01-opening.md": module})
    status, lines = build_lines(root, tmp_path / "out")
    assert status == 0
    assert "course/modules/01-opening.md:6: warning: this line is read as part of the value on " \
           "line 5, not as an item of its own, because it is indented more than that line; start " \
           'its "- " in the same column as the "- " above' in lines


def test_items_that_line_up_and_values_over_lines_are_no_warning(tmp_path: Path) -> None:
    module = OPENING.replace("  - Greet the caller\n", "  - 使用标准开场白问候客户 - 十秒内\n"
                             "  - Verify the caller,\n    with three details\n")
    root = course_with(tmp_path, {"01-opening.md": module})
    assert not [d for d in check(root) if "read as part of" in d.message]


def test_a_module_saved_as_utf16_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = course_with(tmp_path, {})
    (root / "modules" / "01-opening.md").write_bytes(OPENING.encode("utf-16"))
    status, lines = build_lines(root, tmp_path / "out")
    assert status == 1
    assert [ln for ln in lines if ": error: " in ln] == [
        'course/modules/01-opening.md:1: error: this file is UTF-16 text (what Notepad calls '
        '"Unicode"), not UTF-8; save it as UTF-8 in your editor']
