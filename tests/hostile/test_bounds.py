"""Issue 10: every input is bounded. Each attack fails in seconds, within the caps of conftest
(600 MB, 30 s CPU), with a located error naming the limit; a cleanable oddity builds with a
warning. Never a traceback or "This is a bug"."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from trainerkit import limits

from .conftest import assert_clean_failure, trainerkit, write_course

MODULE = "---\ntitle: A\nduration: 10\nobjectives:\n  - Do a thing\n---\n\n# S\n\n## Slide\n\n- point\n"


def bomb(levels: int = 9) -> str:
    """The billion laughs in YAML: about 1 KB, 9**levels values once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, levels):
        prev, name = chr(96 + k), chr(97 + k)
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\n"


def build(course: Path, tmp_path: Path, *extra: str):
    started = time.monotonic()
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), *extra, cwd=tmp_path)
    return run, time.monotonic() - started


def test_alias_bomb_in_course_yml(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"course.yml": "title: Bomb\n" + bomb()})
    run, seconds = build(course, tmp_path)
    assert_clean_failure(run, "course.yml:", "YAML_MAX_NODES")
    assert seconds < 20


def test_alias_bomb_in_front_matter(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"modules/01-a.md": "---\ntitle: A\n" + bomb() + "---\n\n## S\n\n- x\n"})
    run, seconds = build(course, tmp_path)
    assert_clean_failure(run, "01-a.md:", "YAML_MAX_NODES")
    assert seconds < 20


def test_alias_bomb_in_labels(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"templates/labels.yml": "en:\n  agenda: Agenda\n" + bomb()})
    run, seconds = build(course, tmp_path)
    assert_clean_failure(run, "labels.yml", "YAML_MAX_NODES")
    assert seconds < 20


def test_a_label_that_is_a_list_is_refused_not_expanded(tmp_path: Path) -> None:
    text = "en:\n  agenda: &x [a, b, c, d, e, f, g, h]\n  title: *x\n"
    course = write_course(tmp_path / "c", {"templates/labels.yml": text})
    run, _ = build(course, tmp_path)
    assert_clean_failure(run, "labels.yml", "agenda", "not a list")


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"course.yml": "title: &t Aliased\nsubtitle: *t\n"})
    run, _ = build(course, tmp_path)
    assert run.returncode == 0, run.output


def test_self_referring_anchor(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"course.yml": "title: T\nmodules: &m [*m]\n"})
    run, _ = build(course, tmp_path)
    assert_clean_failure(run, "course.yml:2", "refers to itself")


@pytest.mark.parametrize("escape, shown", [("\\x01", "U+0001"), ("\\ud800", "U+D800"), ("\\x0b", "U+000B")])
def test_yaml_escapes_that_office_cannot_hold(tmp_path: Path, escape: str, shown: str) -> None:
    course = write_course(tmp_path / "c", {
        "course.yml": f'title: "Course {escape} title"\nlanguage: en\n',
        "modules/01-a.md": MODULE.replace("title: A", f'title: "Module {escape} A"'),
        "templates/labels.yml": f'en:\n  agenda: "Agenda {escape}"\n',
    })
    run, _ = build(course, tmp_path)
    assert "Traceback" not in run.output and "This is a bug" not in run.output, run.output
    assert run.returncode == 0, run.output
    assert "course.yml:1: warning: removed characters" in run.stderr and shown in run.stderr
    assert "01-a.md:2: warning: removed characters" in run.stderr
    from pptx import Presentation
    deck = Presentation(str(tmp_path / "out" / "deck.pptx"))
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert "Course  title" in titles and "Agenda " in " ".join(titles) + " "


def test_yaml_escape_in_a_key(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"course.yml": 'title: T\n"zz\\ud800z": x\n'})
    run, _ = build(course, tmp_path)
    assert_clean_failure(run, 'course.yml:2: error: unknown key "zzz"')


def test_a_module_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    size = limits.MAX_TEXT_FILE_BYTES + 1
    body = (MODULE + "## t\n\n- x\n" * (size // 10))[: size + 100]
    course = write_course(tmp_path / "c", {"modules/01-a.md": body})
    run, seconds = build(course, tmp_path)
    assert_clean_failure(run, "01-a.md:1: error:", "MAX_TEXT_FILE_BYTES")
    assert seconds < 15


def test_a_50_mb_module_of_tiny_slides(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {})
    with open(course / "modules" / "02-huge.md", "w") as f:
        f.write("## s\n" * (50 * 2**20 // 5))
    run, seconds = build(course, tmp_path)
    assert_clean_failure(run, "02-huge.md:1: error:", "MAX_TEXT_FILE_BYTES")
    assert seconds < 15


def test_too_many_lines(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"modules/01-a.md": MODULE + "\n" * limits.MAX_TEXT_FILE_LINES})
    run, _ = build(course, tmp_path)
    assert_clean_failure(run, f"01-a.md:{limits.MAX_TEXT_FILE_LINES + 1}: error:", "MAX_TEXT_FILE_LINES")


def test_too_many_slides(tmp_path: Path) -> None:
    n = limits.MAX_SLIDES_PER_MODULE + 5
    body = MODULE + "".join(f"## s{k}\n" for k in range(n))
    course = write_course(tmp_path / "c", {"modules/01-a.md": body})
    run, seconds = build(course, tmp_path)
    first_over = 12 + limits.MAX_SLIDES_PER_MODULE  # the module's own slide is on line 11
    assert_clean_failure(run, f"01-a.md:{first_over}: error:", "MAX_SLIDES_PER_MODULE")
    assert run.stderr.count("MAX_SLIDES_PER_MODULE") == 1
    assert seconds < 30


@pytest.mark.parametrize("content", [
    "\n".join(f"- item {i}" for i in range(limits.MAX_SLIDE_ITEMS + 1)),
    "| a |\n|---|\n" + "\n".join(f"| {i} |" for i in range(limits.MAX_SLIDE_ITEMS + 1)),
    "```\n" + "\n".join(f"line {i}" for i in range(limits.MAX_SLIDE_ITEMS + 1)) + "\n```",
])
def test_a_slide_too_full_for_any_room_fails_before_it_is_paginated(tmp_path: Path, content: str) -> None:
    """Thousands of items under one heading would become hundreds of continuation slides."""
    module = "---\ntitle: A\nduration: 5\nobjectives: [x]\n---\n\n## Full\n\n" + content + "\n"
    course = write_course(tmp_path / "c", {"modules/01-a.md": module})
    started = time.monotonic()
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert_clean_failure(run, "modules/01-a.md:7: error:", "MAX_SLIDE_ITEMS")
    assert time.monotonic() - started < 20


def test_a_slide_at_the_limit_builds(tmp_path: Path) -> None:
    items = "\n".join(f"- item {i}" for i in range(300))
    module = "---\ntitle: A\nduration: 5\nobjectives: [x]\n---\n\n## Full\n\n" + items + "\n"
    course = write_course(tmp_path / "c", {"modules/01-a.md": module})
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), "--only", "deck", cwd=tmp_path)
    assert run.returncode == 0, run.output


def test_modules_over_the_course_text_limit(tmp_path: Path) -> None:
    each = limits.MAX_TEXT_FILE_BYTES - 1000
    n = limits.MAX_COURSE_TEXT_BYTES // each + 1
    files = {f"modules/{k:02d}-m.md": MODULE + "x" * (each - len(MODULE)) for k in range(n)}
    course = write_course(tmp_path / "c", files)
    run, seconds = build(course, tmp_path)
    assert_clean_failure(run, "course.yml:1: error:", "MAX_COURSE_TEXT_BYTES")
    assert seconds < 15


def test_a_course_over_the_total_size(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {})
    (course / "images").mkdir()
    for k in range(3):  # sparse: big by their size, nothing on the disk
        with open(course / "images" / f"big{k}.png", "wb") as f:
            f.truncate(limits.MAX_COURSE_BYTES // 3 + 2**20)
    run, seconds = build(course, tmp_path)
    assert_clean_failure(run, "course.yml:1: error:", "MAX_COURSE_BYTES", "big0.png")
    assert seconds < 15


def test_a_picture_over_the_size_limit(tmp_path: Path) -> None:
    from PIL import Image
    course = write_course(tmp_path / "c", {"modules/01-a.md": MODULE + "\n![x](../images/a.png)\n"})
    (course / "images").mkdir()
    Image.new("RGB", (10, 10)).save(course / "images" / "a.png")
    with open(course / "images" / "a.png", "ab") as f:
        f.truncate(limits.MAX_PICTURE_BYTES + 1)
    run, _ = build(course, tmp_path)
    assert_clean_failure(run, "01-a.md:", "MAX_PICTURE_BYTES")


def test_an_image_that_is_a_symlink_loop(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"modules/01-a.md": MODULE + "\n![x](../images/loop.png)\n"})
    (course / "images").mkdir()
    os.symlink("loop.png", course / "images" / "loop.png")
    run, _ = build(course, tmp_path)
    assert_clean_failure(run, "01-a.md:", "loop")


def test_a_theme_that_is_a_symlink_loop(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"course.yml": "title: T\ntheme:\n  pptx: templates/t.pptx\n"})
    (course / "templates").mkdir()
    os.symlink("t.pptx", course / "templates" / "t.pptx")
    run, _ = build(course, tmp_path)
    assert_clean_failure(run, "course.yml:3: error:", "loop")


def test_the_sample_course_is_far_below_every_limit() -> None:
    """The limits leave a real course room: a tenth of each at most."""
    root = Path(__file__).resolve().parents[2] / "courses" / "complaint-handling"
    texts = list((root / "modules").glob("*.md")) + list((root / "quizzes").glob("*"))
    assert max(p.stat().st_size for p in texts) * 10 < limits.MAX_TEXT_FILE_BYTES
    assert sum(p.stat().st_size for p in texts) * 10 < limits.MAX_COURSE_TEXT_BYTES
    assert sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) * 10 < limits.MAX_COURSE_BYTES
    for p in texts:
        text = p.read_text(encoding="utf-8")
        assert text.count("\n") * 10 < limits.MAX_TEXT_FILE_LINES
        assert text.count("\n## ") * 10 < limits.MAX_SLIDES_PER_MODULE


def test_the_docx_cache_is_linear_in_table_rows(tmp_path: Path) -> None:
    """With an empty cache a 4,000-row table cost 25 s against 3 s without (quadratic); now the
    cache costs about what drawing does. benchmarks/docx_cache_rows.py measures 20,000 rows."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from docx_cache_rows import make_course, timed_build

    course = make_course(tmp_path / "c", 4_000)
    cached = timed_build(course, tmp_path / "cached")
    plain = timed_build(course, tmp_path / "plain", "--no-cache")
    assert cached < 2 * plain + 5, (cached, plain)


def test_a_course_of_modules_each_within_its_limits_is_bounded_as_a_whole(tmp_path: Path) -> None:
    """Tables within every per-table and per-module limit, in enough modules to take minutes."""
    cols, rows = 40, 240
    table = ("|" + "|".join(f"h{i}" for i in range(cols)) + "|\n|" + "|".join("-" * cols) + "|\n"
             + ("|" + "|".join(["x"] * cols) + "|\n") * rows)
    per_module = cols * (rows + 1)
    n = limits.MAX_COURSE_TABLE_CELLS // per_module + 1
    files = {f"modules/{k:02d}.md": f"---\ntitle: M{k}\nduration: 5\nobjectives: [x]\n---\n\n## T\n\n{table}"
             for k in range(n)}
    course = write_course(tmp_path / "c", files)
    started = time.monotonic()
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert_clean_failure(run, "course.yml:1: error:", "MAX_COURSE_TABLE_CELLS")
    assert time.monotonic() - started < 20


def test_the_benchmark_course_is_far_below_the_course_limits(tmp_path: Path) -> None:
    import sys

    from trainerkit.build import load
    from trainerkit.errors import Diagnostics

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from generate import make_course

    diags = Diagnostics()
    load(make_course(tmp_path / "b", 100), diags)
    assert not [d for d in diags.errors if "MAX_COURSE" in d.message]
