"""Tables and links that cost far more than their bytes: one line of pipes holds thousands of
cells (3,000 columns by 50 rows took 55 s and 525 MB; 20,000 columns ran out of memory while
parsing), and each distinct link made python-docx look through every relationship before it
(2,000 links in each of 3 modules took 25 s for the handout alone)."""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from trainerkit import limits

from .conftest import assert_clean_failure, assert_ended_cleanly, trainerkit, write_course

HDR = "---\ntitle: {title}\nduration: 10\nobjectives:\n  - X\n---\n\n# S\n\n## Slide\n\n"
TABLE_LINE = HDR.count("\n") + 1  # the table's first line, right after the header


def table(columns: int, rows: int) -> str:
    return ("|" + "|".join("h" for _ in range(columns)) + "|\n"
            + "|" + "|".join("-" for _ in range(columns)) + "|\n"
            + ("|" + "|".join("x" for _ in range(columns)) + "|\n") * rows)


def module(body: str, title: str = "A") -> str:
    return HDR.format(title=title) + body


def build(tmp_path: Path, course: Path, *args: str):
    return trainerkit("build", str(course), "-o", str(tmp_path / "out"), *args, cwd=tmp_path)


@pytest.mark.parametrize("columns, rows", [(3_000, 50), (20_000, 22)])
def test_a_table_with_thousands_of_columns(tmp_path: Path, columns: int, rows: int) -> None:
    course = write_course(tmp_path / "c", {"modules/01-a.md": module(table(columns, rows))})
    started = time.monotonic()
    run = build(tmp_path, course)
    assert_clean_failure(run, f"01-a.md:{TABLE_LINE}: error:", "MAX_TABLE_COLUMNS", f"{columns:,} columns")
    assert time.monotonic() - started < 10
    assert not (tmp_path / "out" / "deck.pptx").exists()


def test_one_column_over_the_limit_in_a_handout_block(tmp_path: Path) -> None:
    """What only the handout shows is held to the table limits too."""
    body = "- point\n\n::: handout\n" + table(limits.MAX_TABLE_COLUMNS + 1, 2) + ":::\n"
    course = write_course(tmp_path / "c", {"modules/01-a.md": module(body)})
    run = build(tmp_path, course)
    assert_clean_failure(run, f"01-a.md:{TABLE_LINE + 3}: error:", "MAX_TABLE_COLUMNS")


def test_a_table_just_over_the_cell_limit(tmp_path: Path) -> None:
    columns = limits.MAX_TABLE_COLUMNS
    rows = limits.MAX_TABLE_CELLS // columns  # with the header row: one row too many
    body = "- point\n\n::: handout\n" + table(columns, rows) + ":::\n"
    course = write_course(tmp_path / "c", {"modules/01-a.md": module(body)})
    run = build(tmp_path, course)
    assert_clean_failure(run, f"01-a.md:{TABLE_LINE + 3}: error:", "MAX_TABLE_CELLS")


def test_many_tables_within_the_table_limit_over_the_module_limit(tmp_path: Path) -> None:
    columns = limits.MAX_TABLE_COLUMNS
    one = table(columns, limits.MAX_TABLE_CELLS // columns - 1)  # exactly at MAX_TABLE_CELLS
    count = limits.MAX_MODULE_TABLE_CELLS // limits.MAX_TABLE_CELLS + 1
    body = "- point\n\n::: handout\n" + "\n".join([one] * count) + ":::\n"
    course = write_course(tmp_path / "c", {"modules/01-a.md": module(body)})
    started = time.monotonic()
    run = build(tmp_path, course)
    assert_clean_failure(run, "MAX_MODULE_TABLE_CELLS")
    assert "MAX_TABLE_CELLS" not in run.stderr.replace("MAX_MODULE_TABLE_CELLS", "")
    assert time.monotonic() - started < 15


def test_a_table_at_the_column_limit_builds(tmp_path: Path) -> None:
    body = table(limits.MAX_TABLE_COLUMNS, 3)
    course = write_course(tmp_path / "c", {"modules/01-a.md": module(body)})
    run = build(tmp_path, course, "--only", "handout")
    assert_ended_cleanly(run)
    assert run.returncode == 0, run.output
    tables = docx.Document(str(tmp_path / "out" / "handout.docx")).tables
    assert [len(t.columns) for t in tables] == [limits.MAX_TABLE_COLUMNS]


def test_a_table_in_a_quiz_question_is_held_to_the_limits(tmp_path: Path) -> None:
    body = ("- point\n\n```quiz\n1.  Which?\n\n    " + table(limits.MAX_TABLE_COLUMNS + 10, 1).replace("\n", "\n    ")
            + "\na)  yes\n*b) no\n```\n")
    course = write_course(tmp_path / "c", {"modules/01-a.md": module(body)})
    run = trainerkit("check", str(course), cwd=tmp_path)
    assert_clean_failure(run, f"01-a.md:{TABLE_LINE + 5}: error:", "MAX_TABLE_COLUMNS")


def links(n: int, prefix: str) -> str:
    return " ".join(f"[a{i}](https://example.com/{prefix}/{i})" for i in range(n)) + "\n"


@pytest.mark.parametrize("style", ["inline", "reference"])
def test_one_link_over_the_module_limit(tmp_path: Path, style: str) -> None:
    n = limits.MAX_LINKS_PER_MODULE + 1
    if style == "inline":
        body = links(n, "m")
    else:
        body = " ".join(f"[a][r{i}]" for i in range(n)) + "\n\n" + "".join(f"[r{i}]: /{i}\n" for i in range(n))
    course = write_course(tmp_path / "c", {"modules/01-a.md": module(body)})
    run = build(tmp_path, course)
    assert_clean_failure(run, f"01-a.md:{TABLE_LINE}: error:", "MAX_LINKS_PER_MODULE")


def test_links_in_a_handout_block_count_too(tmp_path: Path) -> None:
    n = limits.MAX_LINKS_PER_MODULE // 2 + 1
    items = "".join(f"- [a](/{i}) and [b](/{i}/b)\n" for i in range(n))
    course = write_course(tmp_path / "c", {"modules/01-a.md": module("- point\n\n::: handout\n" + items + ":::\n")})
    run = build(tmp_path, course)
    assert_clean_failure(run, f"01-a.md:{TABLE_LINE + 3 + n - 1}: error:", "MAX_LINKS_PER_MODULE")


def test_thousands_of_distinct_links_build_in_linear_time(tmp_path: Path) -> None:
    """2,000 links in each of 3 modules (each at the limit): the handout took 25 s when each new
    link looked through every relationship of the document; now about 1.5 s."""
    n = limits.MAX_LINKS_PER_MODULE
    names = ["a", "b", "c"]
    course = write_course(tmp_path / "c", {
        f"modules/0{k}-{name}.md": module(links(n, name), title=name.upper())
        for k, name in enumerate(names, 1)})
    started = time.monotonic()
    run = build(tmp_path, course, "--only", "handout", "-j", "1", "--no-cache")
    took = time.monotonic() - started
    assert_ended_cleanly(run)
    assert run.returncode == 0, run.output
    assert took < 10, took
    document = docx.Document(str(tmp_path / "out" / "handout.docx"))
    rels = document.part.rels
    targets = {rels[rid].target_ref for rid in rels if rels[rid].reltype == RT.HYPERLINK}
    wanted = {f"https://example.com/{name}/{i}" for name in names for i in range(n)}
    assert targets == wanted
    # Every w:hyperlink points at the relationship of its own address, in reading order.
    body = document.element.body
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    shown = [rels[h.get(r_id)].target_ref
             for h in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink")
             if h.get(r_id)]
    assert shown == [f"https://example.com/{name}/{i}" for name in names for i in range(n)]
    assert len(set(rels)) == len(rels)
