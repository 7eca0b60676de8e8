"""Durations as trainers write them (issue 13): a Traditional Chinese trainer writes 1小時, 30分鐘,
1小時30分鐘 where a Simplified one writes 1小时, 30分钟, 1小时30分钟, and gets the same minutes."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainerkit.build import load
from trainerkit.config import parse_minutes
from trainerkit.errors import Diagnostics

# (Simplified, Traditional, minutes)
PAIRS = [
    ("1小时", "1小時", 60),
    ("30分钟", "30分鐘", 30),
    ("1小时30分钟", "1小時30分鐘", 90),
    ("1.5小时", "1.5小時", 90),
    ("2 小时 15 分钟", "2 小時 15 分鐘", 135),
    ("45分", "45分", 45),
    ("1小时5分", "1小時5分", 65),
]


@pytest.mark.parametrize("simplified, traditional, minutes", PAIRS)
def test_traditional_hours_and_minutes_are_the_simplified_ones(simplified, traditional, minutes):
    assert parse_minutes(simplified) == minutes
    assert parse_minutes(traditional) == minutes


@pytest.mark.parametrize("text", ["1小時半", "分鐘", "小時", "30秒", "1小時30分鐘鐘"])
def test_what_is_no_duration_stays_none(text):
    assert parse_minutes(text) is None


def test_a_traditional_module_duration_times_the_module(tmp_path: Path):
    root = tmp_path / "c"
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: 客戶服務\nlanguage: zh-TW\n", encoding="utf-8")
    for name, duration in (("01-a.md", "1小時30分鐘"), ("02-b.md", "45分鐘")):
        (root / "modules" / name).write_text(
            f"---\ntitle: 單元\nduration: {duration}\nobjectives:\n  - 一\n---\n\n## 投影片\n\n內容\n",
            encoding="utf-8")
    diags = Diagnostics()
    course = load(root, diags)
    assert diags.errors == []
    assert [m.duration for m in course.modules] == [90, 45]
