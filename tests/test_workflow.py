"""The trainer's daily loop: new, watch, build --pdf, info, progress and quiet."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from trainerkit.build import check
from trainerkit.cli import main

from conftest import COURSES, need_tool


def deck_text(path: Path) -> str:
    prs = Presentation(str(path))
    return "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)


# -- new ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_new_course_checks_clean_and_builds_every_output(tmp_path: Path, language: str) -> None:
    course = tmp_path / "my-course"
    runner = CliRunner()
    made = runner.invoke(main, ["new", str(course), "--lang", language])
    assert made.exit_code == 0, made.output
    assert f"trainerkit watch {course}" in made.output
    assert check(course) == []  # no errors, no warnings
    built = runner.invoke(main, ["build", str(course), "-o", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    for name in ("deck.pptx", "handout.docx", "guide.docx", "quickref.docx", "roleplay.docx",
                 "quiz-A.docx", "quiz-A-key.docx", "quiz.html", "quiz.gift", "quiz-qti.zip"):
        assert (tmp_path / "out" / name).is_file(), name


def test_new_never_overwrites(tmp_path: Path) -> None:
    course = tmp_path / "existing"
    course.mkdir()
    (course / "course.yml").write_text("title: mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(course)])
    assert result.exit_code == 1 and "never overwrites" in result.output
    assert (course / "course.yml").read_text(encoding="utf-8") == "title: mine\n"
    assert sorted(p.name for p in course.iterdir()) == ["course.yml"]


def test_new_rejects_an_unknown_language(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["new", str(tmp_path / "x"), "--lang", "fr"]).exit_code == 2


# -- info ---------------------------------------------------------------------------------------


def test_info_shows_agenda_counts_and_coverage() -> None:
    result = CliRunner().invoke(main, ["info", str(COURSES / "complaint-handling")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "投诉处理与标准话术" in out and "0:40" in out and "220 min" in out and "合计" in out
    assert "✓ opening.1 使用标准开场白在 10 秒内完成问候与录音告知" in out
    assert "quizzes/final.txt: 16 questions" in out
    data = json.loads(CliRunner().invoke(main, ["info", str(COURSES / "complaint-handling"),
                                               "--format", "json"]).output)
    assert data["duration"] == 220 and len(data["modules"]) == 4 and data["uncovered_objectives"] == []
    assert [m["starts"] for m in data["modules"]] == [0, 40, 100, 145]


def test_info_names_uncovered_objectives(tmp_path: Path) -> None:
    course = tmp_path / "c"
    (course / "modules").mkdir(parents=True)
    (course / "course.yml").write_text("title: T\n", encoding="utf-8")
    (course / "modules" / "01-a.md").write_text(
        "---\ntitle: A\nduration: 20\nobjectives: [Greet, Verify]\n---\n\n## Q\n\n```quiz\n"
        "Objective: 1\n1.  Greet how?\n*a) Politely\nb)  Rudely\n```\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["info", str(course)]).output
    assert "✓ a.1 Greet  (1 question)" in out and "✗ a.2 Verify  (0 questions)" in out
    assert "1 objective not assessed" in out


# -- build: pdf, quiet, verbose ----------------------------------------------------------------


def test_build_pdf_writes_a_pdf_beside_each_office_file(tmp_path: Path) -> None:
    need_tool("soffice")
    result = CliRunner().invoke(main, ["build", str(COURSES / "hello"), "-o", str(tmp_path), "--pdf"])
    assert result.exit_code == 0, result.output
    for name in ("deck", "handout", "guide"):
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), name
    again = CliRunner().invoke(main, ["build", str(COURSES / "hello"), "-o", str(tmp_path), "--pdf"])
    assert "Up to date" in again.output  # nothing changed: no new conversion either


def test_build_pdf_without_libreoffice_says_so(tmp_path: Path, monkeypatch) -> None:
    from trainerkit import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = CliRunner().invoke(main, ["build", str(COURSES / "hello"), "-o", str(tmp_path), "--pdf"])
    assert result.exit_code == 0
    assert "warning: no PDFs written: LibreOffice was not found; install LibreOffice" in result.output
    assert (tmp_path / "deck.pptx").is_file() and not (tmp_path / "deck.pdf").exists()


def test_quiet_and_verbose(tmp_path: Path) -> None:
    runner = CliRunner()
    quiet = runner.invoke(main, ["build", str(COURSES / "hello"), "-o", str(tmp_path / "q"), "-q"])
    assert quiet.exit_code == 0 and quiet.output == ""
    loud = runner.invoke(main, ["build", str(COURSES / "hello"), "-o", str(tmp_path / "v"), "-v"])
    assert loud.exit_code == 0
    for needle in ("reading the course", "made deck", "writing", "deck.pptx:", "KB"):
        assert needle in loud.output, needle


def test_progress_shows_only_on_a_terminal_after_a_second(capsys) -> None:
    from trainerkit.cli import Status

    off = Status(enabled=False, delay=0)  # not a terminal: never
    off("making deck")
    quick = Status(enabled=True, delay=3600)  # a quick build: nothing yet
    quick("making deck")
    assert not off.shown and not quick.shown and capsys.readouterr().err == ""
    slow = Status(enabled=True, delay=0)
    slow("making deck (1/3)")
    assert slow.shown and "making deck (1/3)" in capsys.readouterr().err
    slow.clear()
    assert not slow.shown


# -- watch --------------------------------------------------------------------------------------


class Watcher:
    """trainerkit watch in a child process; its output lines read as they come."""

    def __init__(self, course: Path, out: Path):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "trainerkit.cli", "watch", str(course), "-o", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, needle: str, after: int = 0, timeout: float = 60) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for i, line in enumerate(self.lines[after:], after):
                if needle in line:
                    return i + 1
            time.sleep(0.05)
        raise AssertionError(f"no {needle!r} within {timeout} s; saw: {self.lines}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def test_watch_rebuilds_on_edit_and_survives_errors(tmp_path: Path) -> None:
    import shutil

    course = tmp_path / "course"
    shutil.copytree(COURSES / "hello", course)
    out = tmp_path / "out"
    module = next((course / "modules").glob("*.md"))
    w = Watcher(course, out)
    try:
        seen = w.wait_for("Watching")
        assert (out / "deck.pptx").is_file()
        time.sleep(0.3)
        module.write_text(module.read_text(encoding="utf-8") + "\n## Added while watching\n\n- yes\n",
                          encoding="utf-8")
        seen = w.wait_for("changed: Built", seen)
        assert "Added while watching" in deck_text(out / "deck.pptx")
        good = module.read_text(encoding="utf-8")
        module.write_text(good + "\n::: scirpt\n:::\n", encoding="utf-8")
        seen = w.wait_for("Build failed", seen)
        assert any(": error: unknown block" in line for line in w.lines)
        module.write_text(good + "\n## Fixed again\n", encoding="utf-8")
        w.wait_for("changed: Built", seen)
        assert "Fixed again" in deck_text(out / "deck.pptx")
    finally:
        w.stop()
    assert w.proc.returncode == 0
    w.reader.join(timeout=5)
    assert "Stopped watching." in w.lines
