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
    assert "投诉处理与标准话术" in out and "09:00–09:40" in out and "220 min" in out and "合计" in out
    assert "10:40–10:55" in out and "茶歇" in out  # the sample course's day (schedule: in course.yml)
    assert "✓ opening.1 使用标准开场白在 10 秒内完成问候与录音告知" in out
    assert "quizzes/final.txt: 16 questions" in out
    data = json.loads(CliRunner().invoke(main, ["info", str(COURSES / "complaint-handling"),
                                               "--format", "json"]).output)
    assert data["duration"] == 220 and len(data["modules"]) == 4 and data["uncovered_objectives"] == []
    assert [m["starts"] for m in data["modules"]] == [540, 580, 655, 700]  # minutes after midnight


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


FAKE_SOFFICE = """#!{python}
import sys
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
for name in args[args.index("--outdir") + 2:]:
    (out / (Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4 made of " + Path(name).name.encode())
"""


@pytest.fixture()
def fake_soffice(tmp_path: Path, monkeypatch) -> Path:
    """A stand-in for LibreOffice that writes NAME.pdf for each file it is given (quick; the real
    one is tried above): what is tested here is which PDFs the build keeps and removes."""
    from trainerkit import pdf

    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(pdf, "find_soffice", lambda: str(script))
    return script


def quiz_course(root: Path, versions: int) -> Path:
    """A one-module course with a quiz block, in `versions` printable versions."""
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "course.yml").write_text(f"title: T\nquiz:\n  versions: {versions}\n", encoding="utf-8")
    (root / "modules" / "01-a.md").write_text(
        "---\ntitle: A\n---\n\n## S\n\n- point\n\n```quiz\n1.  Which greeting is right?\n"
        "*a) Good morning, this is Anna\nb)  Yeah?\n```\n", encoding="utf-8")
    return root


def listing(out: Path) -> list[str]:
    """The output folder as a trainer sees it (trainerkit's hidden files aside)."""
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def built(*args: str) -> str:
    result = CliRunner().invoke(main, ["build", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_pdf_whose_source_is_gone_is_removed(tmp_path: Path, fake_soffice: Path) -> None:
    root, out = quiz_course(tmp_path / "c", versions=2), tmp_path / "out"
    output = built(root, "-o", out, "--pdf")
    assert "quiz-B.pdf" in output and "no PDFs" not in output
    assert {"deck.pdf", "quiz-A.pdf", "quiz-B.pdf", "quiz-B-key.pdf"} <= set(listing(out))
    (out / "my-slides.pdf").write_bytes(b"%PDF the trainer's own")  # never trainerkit's
    (out / "quiz-C.pdf").write_bytes(b"%PDF the trainer's own")
    quiz_course(root, versions=1)
    built(root, "-o", out)  # no --pdf: the PDFs of what is still made stay until made again
    after = listing(out)
    assert "quiz-B.pdf" not in after and "quiz-B-key.pdf" not in after and "quiz-B.docx" not in after
    assert {"deck.pdf", "quiz-A.pdf", "quiz-A-key.pdf", "my-slides.pdf", "quiz-C.pdf"} <= set(after)
    assert (out / "quiz-A.pdf").read_bytes() == b"%PDF-1.4 made of quiz-A.docx"


def test_a_pdf_outlives_an_only_build_and_goes_with_the_next_full_one(tmp_path: Path, fake_soffice: Path) -> None:
    root, out = quiz_course(tmp_path / "c", versions=2), tmp_path / "out"
    built(root, "-o", out, "--pdf")
    quiz_course(root, versions=1)
    built(root, "-o", out, "--only", "deck", "--pdf")
    assert {"quiz-B.docx", "quiz-B.pdf"} <= set(listing(out))  # the quiz was not built
    built(root, "-o", out, "--only", "quiz")
    after = listing(out)
    assert "quiz-B.pdf" not in after and "quiz-B.docx" not in after
    assert {"deck.pdf", "handout.pdf", "quiz-A.pdf"} <= set(after)


def test_pdfs_made_when_the_course_was_up_to_date_are_recorded(tmp_path: Path, fake_soffice: Path) -> None:
    root, out = quiz_course(tmp_path / "c", versions=2), tmp_path / "out"
    built(root, "-o", out)
    output = built(root, "-o", out, "--pdf")
    assert "Built" in output and "quiz-B.pdf" in listing(out)  # nothing to build, PDFs to make
    assert "Up to date" in built(root, "-o", out, "--pdf")  # made, and newer than their sources
    quiz_course(root, versions=1)
    built(root, "-o", out)
    assert "quiz-B.pdf" not in listing(out) and "quiz-A.pdf" in listing(out)


def test_a_quiz_b_pdf_made_by_libreoffice_goes_when_quiz_b_does(tmp_path: Path) -> None:
    need_tool("soffice")
    root, out = quiz_course(tmp_path / "c", versions=2), tmp_path / "out"
    built(root, "-o", out, "--only", "quiz", "--pdf")
    assert (out / "quiz-B.pdf").read_bytes().startswith(b"%PDF")
    quiz_course(root, versions=1)
    built(root, "-o", out)
    after = listing(out)
    assert "quiz-B.pdf" not in after and "quiz-B-key.pdf" not in after
    assert {"quiz-A.pdf", "quiz-A-key.pdf", "deck.pptx"} <= set(after)


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
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
            start_new_session=True)  # its own process group, which Ctrl-C in a terminal reaches
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
            os.killpg(self.proc.pid, signal.SIGINT)  # as Ctrl-C does: to every process of the group
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


EDITORS_TEMPORARIES = ["4913", "01-welcome.md~", ".01-welcome.md.swp", ".01-welcome.md.swx",
                       "#01-welcome.md#", ".#01-welcome.md", "01-welcome.md___jb_tmp___",
                       "01-welcome.md___jb_old___", "~$handout.docx", ".DS_Store",
                       ".~lock.deck.pptx#"]


@pytest.mark.parametrize("name", EDITORS_TEMPORARIES)
def test_editors_temporaries_are_not_course_changes(tmp_path: Path, name: str) -> None:
    from trainerkit.watch import is_course_change

    assert not is_course_change(tmp_path / "modules" / name, tmp_path, tmp_path / "build")


@pytest.mark.parametrize("name", ["modules/01-welcome.md", "course.yml", "images/logo.png",
                                  "modules/notes~draft.md", "quizzes/4913-calls.md"])
def test_course_files_are_course_changes(tmp_path: Path, name: str) -> None:
    """Even in a course kept under a hidden folder (~/.courses/...)."""
    from trainerkit.watch import is_course_change

    course = tmp_path / ".courses" / "intro"
    assert is_course_change(course / name, course, tmp_path / "build")
    assert not is_course_change(course / "build" / "deck.pptx", course, course / "build")
    assert not is_course_change(course / ".git" / "index", course, tmp_path / "build")


def test_watch_ignores_editors_temporaries_and_stops_quietly(tmp_path: Path) -> None:
    """A save whose only traces are an editor's temporaries builds nothing; Ctrl-C ends watching
    with its own line only: no traceback, no "KeyboardInterrupt" from watchfiles or click."""
    import shutil

    course = tmp_path / "course"
    shutil.copytree(COURSES / "hello", course)
    out = tmp_path / "out"
    module = next((course / "modules").glob("*.md"))
    w = Watcher(course, out)
    try:
        seen = w.wait_for("Watching")
        time.sleep(0.3)
        for name in EDITORS_TEMPORARIES:
            (module.parent / name).write_text("swap", encoding="utf-8")
        time.sleep(1.5)  # five times the debounce: a rebuild would have begun
        for name in EDITORS_TEMPORARIES:
            (module.parent / name).unlink()
        time.sleep(1.0)
        module.write_text(module.read_text(encoding="utf-8") + "\n## Saved for real\n", encoding="utf-8")
        w.wait_for("changed: Built", seen)
    finally:
        w.stop()
    w.reader.join(timeout=5)
    assert w.proc.returncode == 0
    after = w.lines[seen:]
    assert len(after) == 2, after
    assert f"] {module.name} changed: Built" in after[0]
    assert after[1] == "Stopped watching."
