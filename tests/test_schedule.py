"""A timed day (issue 14): course.yml's schedule: and a module's day: give clock times, breaks and
days, computed once (trainerkit/schedule.py) and shown by the deck's agenda, the guide's agenda,
`trainerkit info`; `trainerkit check` says where the day does not work out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from trainerkit.build import build, check, load
from trainerkit.cli import main
from trainerkit.errors import Diagnostics
from trainerkit.plan import module_starts
from trainerkit.schedule import timeline

from readback import pptx_open, pptx_tables, pptx_title
from readback_docx import docx_outline, docx_tables

# The worked example: from 09:00, modules of 40, 60, 45 and 90 minutes, then one of 30; a tea
# break of 15 after the first, lunch of 60 at 12:00, and a module on day 2.
SCHEDULE = """schedule:
  start: "09:00"
  end: "17:30"
  breaks:
    - after: a
      minutes: 15
      title: 茶歇
    - at: "12:00"
      minutes: 60
      title: 午餐
"""
TEA_ONLY = SCHEDULE.split("    - at:")[0]  # no lunch: for courses that end before it
MODULES = [("a", 40, None), ("b", 60, None), ("c", 45, None), ("d", 90, None), ("e", 30, None),
           ("f", 60, 2)]


def course(tmp: Path, schedule: str = SCHEDULE, modules=MODULES, language: str = "zh-CN") -> Path:
    """A course of modules (id, minutes or None, day or None), each with one slide."""
    root = tmp / "c"
    if root.exists():
        shutil.rmtree(root)
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text(f"title: 一天的课\nlanguage: {language}\n{schedule}", encoding="utf-8")
    for n, (mid, minutes, day) in enumerate(modules, 1):
        front = [f"title: 模块{mid.upper()}", f"id: {mid}", "objectives: [目标]"]
        front += [f"duration: {minutes}"] if minutes is not None else []
        front += [f"day: {day}"] if day is not None else []
        text = "---\n" + "\n".join(front) + "\n---\n\n## 第一页\n\n- 内容\n"
        (root / "modules" / f"0{n}-{mid}.md").write_text(text, encoding="utf-8")
    return root


def clock(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def day_by_day(root: Path) -> list[list[tuple[str, str, str]]]:
    """The timeline of a course: per day, each module (by id) and break (by title) with its times."""
    diags = Diagnostics()
    line = timeline(load(root, diags))
    assert not diags.errors, diags.items
    return [[(s.module.id if s.module else s.pause.title, clock(s.start), clock(s.end)) for s in day.slots]
            for day in line.days]


def test_the_worked_example_by_hand(tmp_path: Path) -> None:
    # Day 1: a 09:00-09:40, tea 15, b 60, c 45; d (90) is running at 12:00, 11:40-13:10, so lunch
    # follows it; e after lunch. Day 2: f from the start again.
    assert day_by_day(course(tmp_path)) == [
        [("a", "09:00", "09:40"), ("茶歇", "09:40", "09:55"), ("b", "09:55", "10:55"),
         ("c", "10:55", "11:40"), ("d", "11:40", "13:10"), ("午餐", "13:10", "14:10"),
         ("e", "14:10", "14:40")],
        [("f", "09:00", "10:00")],
    ]
    diags = Diagnostics()
    line = timeline(load(course(tmp_path), diags))
    assert [(d.number, clock(d.end)) for d in line.days] == [(1, "14:40"), (2, "10:00")]


def test_a_break_at_a_time_a_module_ends_starts_then_and_comes_every_day(tmp_path: Path) -> None:
    modules = [("a", 60, None), ("b", 120, None), ("c", 30, None), ("d", 200, 2), ("e", 30, None)]
    assert day_by_day(course(tmp_path, modules=modules)) == [
        [("a", "09:00", "10:00"), ("茶歇", "10:00", "10:15"), ("b", "10:15", "12:15"),
         ("午餐", "12:15", "13:15"), ("c", "13:15", "13:45")],
        [("d", "09:00", "12:20"), ("午餐", "12:20", "13:20"), ("e", "13:20", "13:50")],
    ]
    exact = SCHEDULE.replace("    - after: a\n      minutes: 15\n      title: 茶歇\n", "")
    assert day_by_day(course(tmp_path, exact, [("a", 60, None), ("b", 120, None), ("c", 30, None)])) == [
        [("a", "09:00", "10:00"), ("b", "10:00", "12:00"), ("午餐", "12:00", "13:00"),
         ("c", "13:00", "13:30")]]


def test_a_day_with_no_module_is_left_out_and_a_day_that_ends_early_has_no_lunch(tmp_path: Path) -> None:
    modules = [("a", 40, None), ("b", 30, 3)]
    assert day_by_day(course(tmp_path, modules=modules)) == [
        [("a", "09:00", "09:40"), ("茶歇", "09:40", "09:55")], [("b", "09:00", "09:30")]]
    diags = Diagnostics()
    assert [d.number for d in timeline(load(course(tmp_path, modules=modules), diags)).days] == [1, 3]


def test_a_course_without_a_schedule_is_timed_from_zero_as_before(tmp_path: Path) -> None:
    root = course(tmp_path, schedule="", modules=[("a", 40, None), ("b", 60, None), ("c", 45, None)])
    diags = Diagnostics()
    parsed = load(root, diags)
    assert module_starts(parsed) == [0, 40, 100]
    assert not timeline(parsed).timed
    build(root, tmp_path / "out", use_cache=False)
    slides = list(pptx_open((tmp_path / "out" / "deck.pptx").read_bytes()).slides)
    assert pptx_title(slides[1]) == "议程"
    assert pptx_tables(slides[1]) == [[["#", "模块", "时长"], ["1", "模块A", "40 分钟"], ["2", "模块B", "60 分钟"],
                                       ["3", "模块C", "45 分钟"], ["", "合计", "145 分钟"]]]
    rows = docx_tables((tmp_path / "out" / "guide.docx").read_bytes())[0]["rows"]
    assert rows == [["#", "模块", "开始时间", "时长"], ["1", "模块A", "0:00", "40 分钟"],
                    ["2", "模块B", "0:40", "60 分钟"], ["3", "模块C", "1:40", "45 分钟"],
                    ["", "合计", "", "145 分钟"]]
    assert not [d for d in check(root) if "day" in d.message or "break" in d.message]


# The worked example's first day as both agendas show it (the hand-computed times).
DAY_ONE = [
    ["1", "模块A", "09:00–09:40", "40 分钟"],
    ["", "茶歇", "09:40–09:55", "15 分钟"],
    ["2", "模块B", "09:55–10:55", "60 分钟"],
    ["3", "模块C", "10:55–11:40", "45 分钟"],
    ["4", "模块D", "11:40–13:10", "90 分钟"],
    ["", "午餐", "13:10–14:10", "60 分钟"],
    ["5", "模块E", "14:10–14:40", "30 分钟"],
    ["", "结束", "14:40", ""],
]


def test_the_deck_agenda_shows_clock_times_breaks_and_a_slide_per_day(tmp_path: Path) -> None:
    build(course(tmp_path), tmp_path / "out", use_cache=False)
    slides = list(pptx_open((tmp_path / "out" / "deck.pptx").read_bytes()).slides)
    assert [pptx_title(s) for s in slides[1:3]] == ["议程 · 第 1 天", "议程 · 第 2 天"]
    assert pptx_tables(slides[1]) == [[["#", "模块", "时间", "时长"], *DAY_ONE]]
    assert pptx_tables(slides[2]) == [[
        ["#", "模块", "时间", "时长"],
        ["6", "模块F", "09:00–10:00", "60 分钟"],
        ["", "结束", "10:00", ""],
        ["", "合计", "", "325 分钟"],
    ]]
    assert pptx_title(slides[3]) == "模块A"  # the modules follow the agenda


def test_one_day_has_one_agenda_slide_and_english_words(tmp_path: Path) -> None:
    one_day = [("a", 40, None), ("b", 60, None)]
    build(course(tmp_path, modules=one_day, language="en"), tmp_path / "out", use_cache=False)
    slides = list(pptx_open((tmp_path / "out" / "deck.pptx").read_bytes()).slides)
    assert pptx_title(slides[1]) == "Agenda" and pptx_title(slides[2]) != "Agenda"
    assert pptx_tables(slides[1]) == [[
        ["#", "Module", "Time", "Duration"], ["1", "模块A", "09:00–09:40", "40 min"],
        ["", "茶歇", "09:40–09:55", "15 min"], ["2", "模块B", "09:55–10:55", "60 min"],
        ["", "End of day", "10:55", ""], ["", "Total", "", "100 min"]]]


def test_the_guide_agenda_follows_the_day(tmp_path: Path) -> None:
    build(course(tmp_path), tmp_path / "out", use_cache=False)
    data = (tmp_path / "out" / "guide.docx").read_bytes()
    assert ["p", "Title", "议程"] in [list(x[:3]) for x in docx_outline(data)]
    assert docx_tables(data)[0]["rows"] == [
        ["#", "模块", "时间", "时长"],
        ["", "第 1 天", "", ""],
        *DAY_ONE,
        ["", "第 2 天", "", ""],
        ["6", "模块F", "09:00–10:00", "60 分钟"],
        ["", "结束", "10:00", ""],
        ["", "合计", "", "325 分钟"],
    ]


def test_a_course_template_of_the_old_agenda_still_works(tmp_path: Path) -> None:
    root = course(tmp_path)
    (root / "templates").mkdir()
    (root / "templates" / "guide-agenda.md.j2").write_text(
        "# {{ labels.agenda }}\n\n| # | {{ labels.module }} | {{ labels.start }} |\n|:-:|:--|:-:|\n"
        "{% for m in course.modules -%}\n| {{ loop.index }} | {{ m.title | md }} | "
        "{{ starts[loop.index0] | clock }} |\n{% endfor %}", encoding="utf-8")
    (root / "templates" / "deck-agenda.md.j2").write_text(
        "## {{ labels.agenda }}\n\n{% for m in course.modules %}- {{ m.title | md }}\n{% endfor %}",
        encoding="utf-8")
    build(root, tmp_path / "out", use_cache=False)
    rows = docx_tables((tmp_path / "out" / "guide.docx").read_bytes())[0]["rows"]
    assert [r[2] for r in rows] == ["开始时间", "9:00", "9:55", "10:55", "11:40", "14:10", "9:00"]
    slides = list(pptx_open((tmp_path / "out" / "deck.pptx").read_bytes()).slides)
    assert pptx_title(slides[1]) == "议程"


def test_info_shows_the_day(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["info", str(course(tmp_path))])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    at = lines.index("第 1 天")
    assert lines[at + 1:at + 9] == [
        "1 09:00–09:40 40 min 2 0 模块A [a]",
        "09:40–09:55 15 min 茶歇",
        "2 09:55–10:55 60 min 2 0 模块B [b]",
        "3 10:55–11:40 45 min 2 0 模块C [c]",
        "4 11:40–13:10 90 min 2 0 模块D [d]",
        "13:10–14:10 60 min 午餐",
        "5 14:10–14:40 30 min 2 0 模块E [e]",
        "14:40 结束",
    ]
    assert lines[at + 9:at + 12] == ["第 2 天", "6 09:00–10:00 60 min 2 0 模块F [f]", "10:00 结束"]
    data = json.loads(CliRunner().invoke(main, ["info", str(course(tmp_path)), "--format", "json"]).output)
    assert [(m["id"], m["day"], m["starts"]) for m in data["modules"]] == [
        ("a", 1, 540), ("b", 1, 595), ("c", 1, 655), ("d", 1, 700), ("e", 1, 850), ("f", 2, 540)]
    day1 = data["schedule"]["days"][0]
    assert data["schedule"]["timed"] and data["schedule"]["start"] == "09:00" and day1["end"] == "14:40"
    assert day1["entries"][1] == {"kind": "break", "title": "茶歇", "minutes": 15, "start": "09:40",
                                  "end": "09:55"}


# -- check ----------------------------------------------------------------------------------------


def found(root: Path) -> list[tuple[str, int, str, str]]:
    """What check says about the day: (file, line, severity, English message)."""
    return [(Path(d.location.path).name, d.location.line, d.severity, str(d.message)) for d in check(root)
            if d.location is not None and not d.message.startswith("objective")]


def test_a_day_past_its_end_is_told_at_the_break_or_module_that_crosses_it(tmp_path: Path) -> None:
    got = found(course(tmp_path, SCHEDULE.replace('"17:30"', '"14:00"')))
    assert got == [("course.yml", 10, "warning",
                    "day 1 ends at 14:40, 40 min after its planned end (14:00); it passes 14:00 in this "
                    "break (13:10–14:10): shorten the day, or move modules to another day with "
                    '"day: 2" in their front matter')]
    got = found(course(tmp_path, SCHEDULE.replace('"17:30"', '"11:00"')))
    assert got == [("03-c.md", 1, "warning",
                    "day 1 ends at 14:40, 220 min after its planned end (11:00); it passes 11:00 in this "
                    "module (10:55–11:40): shorten the day, or move modules to another day with "
                    '"day: 2" in their front matter')]
    one_day = [("a", 40, None), ("b", 60, None)]
    got = found(course(tmp_path, TEA_ONLY.replace('"17:30"', '"10:30"'), one_day))
    assert [(f, line, m.split(";")[0]) for f, line, _, m in got] == [
        ("02-b.md", 1, "the day ends at 10:55, 25 min after its planned end (10:30)")]


def test_a_module_without_a_duration_in_a_timed_course(tmp_path: Path) -> None:
    got = found(course(tmp_path, TEA_ONLY, [("a", 40, None), ("b", None, None), ("c", 30, None)]))
    assert got == [("02-b.md", 1, "warning",
                    "the day is timed (schedule: in course.yml), but this module has no duration: the "
                    "agenda gives it no time and every time after it comes too early; add "
                    '"duration: 30" (minutes) to its front matter')]  # said once, not twice
    untimed = found(course(tmp_path, "", [("a", 40, None), ("b", None, None)]))
    assert [m for *_, m in untimed] == ['this module has no duration; add "duration: 30" (minutes) to '
                                        "its front matter so the agenda can time it"]


def test_a_break_after_a_module_there_is_not_is_an_error_with_the_ids(tmp_path: Path) -> None:
    got = found(course(tmp_path, SCHEDULE.replace("after: a", "after: claims-call")))
    assert got == [("course.yml", 7, "error", 'this break comes after "claims-call", but no module has '
                                              "that id; the modules' ids are: a, b, c, d, e, f")]
    got = found(course(tmp_path, SCHEDULE.replace("after: a", "after: bb")))
    assert got[0][:3] == ("course.yml", 7, "error") and 'did you mean "b"?' in got[0][3]


def test_two_breaks_at_the_same_point(tmp_path: Path) -> None:
    two = SCHEDULE + "    - after: a\n      minutes: 10\n"
    got = found(course(tmp_path, two))
    assert [(f, line, severity) for f, line, severity, _ in got] == [("course.yml", 13, "warning")]
    assert got[0][3].startswith('this break comes right after another one ("茶歇", ')
    assert got[0][3].endswith("course.yml:7): the two run back to back, 09:40–10:05; make them one "
                              "break, or move one")
    # Lunch that falls right after the tea break: back to back too.
    modules = [("a", 180, None), ("b", 30, None)]
    got = found(course(tmp_path, modules=modules))
    assert [(f, line) for f, line, *_ in got] == [("course.yml", 10)]
    assert "12:00–13:15" in got[0][3]


def test_a_break_that_never_comes_and_a_day_that_goes_back(tmp_path: Path) -> None:
    early = SCHEDULE.replace('at: "12:00"', 'at: "08:30"')
    assert found(course(tmp_path, early)) == [("course.yml", 10, "warning", "this break is at 08:30, but the "
                                               "day starts at 09:00; give it a time later in the day")]
    short = [("a", 40, None), ("b", 30, None)]
    got = found(course(tmp_path, modules=short))
    assert [(f, line, m.split(":")[0]) for f, line, _, m in got] == [("course.yml", 10, "this break at 12")]
    back = [("a", 40, None), ("b", 30, 2), ("c", 30, 1)]
    got = found(course(tmp_path, modules=back))
    assert [(f, line) for f, line, *_ in got] == [("course.yml", 10), ("03-c.md", 1)]
    assert got[1][3].startswith('this module says "day: 1", but the module before it is already on day 2')
