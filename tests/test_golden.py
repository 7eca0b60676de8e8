"""Golden read-backs (issue 11's first step: freeze behaviour before the writers are split): what a
person gets from the sample courses, the starters and the format examples, as JSON snapshots under
tests/golden/, never zip bytes (zip members carry times).

- a deck: per slide its layout, title, body paragraphs with levels, tables, notes, pictures (box
  and the image's hash), links and shapes;
- a document: the body in order (paragraph style and text, tables with their cells) and the
  numbered and bulleted items with their levels and labels;
- quiz.gift and quiz.html: their text; quiz-qti.zip: each member's name and text;
- a workbook (scoresheet.xlsx): per sheet its header row with the comments, filled rows and checks.

A change to what trainerkit writes shows here as a diff of the snapshot. When the change is meant,
write the snapshots again and say why in the commit:

    TRAINERKIT_GOLDEN=update pytest tests/test_golden.py
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from trainerkit.build import build

from conftest import SOURCES
from readback import pptx_readback
from readback_docx import docx_list_items, docx_outline

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("TRAINERKIT_GOLDEN") == "update"


def plain(value):
    """Read-backs as JSON values: dataclasses and tuples become mappings and lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if hasattr(value, "value") and not isinstance(value, (str, int, float)):  # an enum
        return str(value)
    return value


def readback(name: str, data: bytes):
    if name.endswith(".pptx"):
        return plain(pptx_readback(data))
    if name.endswith(".docx"):
        return plain({"outline": docx_outline(data), "list_items": docx_list_items(data)})
    if name.endswith(".xlsx"):
        return xlsx_readback(data)
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {n: z.read(n).decode("utf-8") for n in sorted(z.namelist())}
    return data.decode("utf-8")


def xlsx_readback(data: bytes) -> list[dict]:
    """A workbook (the score sheet) per sheet: its name, frozen cell, header row with each
    header's comment, the filled rows below it, and its in-cell checks."""
    from openpyxl import load_workbook

    out = []
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        out.append({
            "name": ws.title, "frozen": ws.freeze_panes,
            "headers": [[c.value, c.comment.text if c.comment else None] for c in ws[1]],
            "rows": [_filled([c.value for c in row]) for row in ws.iter_rows(min_row=2)
                     if any(c.value is not None for c in row)],
            "checks": sorted(([str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2,
                               dv.errorStyle, dv.errorTitle, dv.error]
                              for dv in ws.data_validations.dataValidation), key=str)})
    return out


def _filled(values: list) -> list:
    """A row's values up to its last filled cell."""
    while values and values[-1] is None:
        values.pop()
    return values


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch) -> None:
    """The build date the covers and slides show (2026-12-01), fixed: a snapshot must not
    change with the day it is taken."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")


@pytest.mark.parametrize("course", sorted(SOURCES))
def test_what_a_person_gets_is_unchanged(course: str, tmp_path: Path) -> None:
    result = build(SOURCES[course], tmp_path / "out", use_cache=False)
    got = {name: readback(name, (tmp_path / "out" / name).read_bytes()) for name in result.files}
    folder = GOLDEN / course
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.json"):
            old.unlink()
        for name, value in got.items():
            (folder / f"{name}.json").write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
        return
    expected = {p.name[:-len(".json")]: json.loads(p.read_text(encoding="utf-8"))
                for p in sorted(folder.glob("*.json"))}
    assert sorted(got) == sorted(expected), "the outputs made are not the ones snapshotted"
    for name in sorted(got):
        assert json.loads(json.dumps(got[name], ensure_ascii=False)) == expected[name], \
            f"{course}/{name} differs from tests/golden/{course}/{name}.json"
