"""Filled-in QA scorecards (results/qa/*.xlsx or *.csv; issue 17), read back and turned into
figures per agent and per objective, before and after the agent's training.

A file holds one row per evaluated call, under a row of keys: `agent` (also 坐席, 工号, 客服人員
...), `evaluator`, `call`, `date`, then one column per item headed by its id (`opening.qa2`,
results/qa_card.py). The generated qa-scorecard.xlsx is such a file (the rows above its keys
describe the items and are skipped); a CSV of the same columns, or one row per file, reads
alike. Every sheet of a workbook with an `agent` column is read; other columns (the score,
notes) are left alone. A cell is Y (met; also yes, 1, ✓, 是, 达成, 達成) or N (not met; no, 0,
✗, 否, 未达成, 未達成); empty, N/A, - or 不适用/不適用 when the call gave no occasion.

A call's score: 0 when a fatal item is N, else 100 × the points of its Y items over the points
of its Y and N items (None when nothing is marked). An objective's figure: the points met over
the points marked on its items, over the calls (a fatal miss zeroes the call, not the
objective's other items). A call is before the training when its date is earlier than the
agent's training date, after it otherwise: the date of the agent's cohort (results/roster.csv
names it, the cohort's "date" column dates it), else course.yml `qa: trained:`. A call without
a date, or of an agent without a training date, counts in "unknown" (and in "all").
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from ..errors import Diagnostics
from ..messages import _
from ..model import Course
from . import stats
from .files import Row, Sheet, header_key, read_file
from .qa_card import QAItem, scorecard_items

AGENT, EVALUATOR, CALL, DATE = "agent", "evaluator", "call", "date"
PHASES = ("before", "after", "unknown")
WORDS: dict[str, tuple[str, ...]] = {
    AGENT: ("agent", "agent id", "learner", "employee id", "staff id", "id", "坐席", "坐席工号",
            "工号", "员工号", "员工编号", "客服", "客服代表", "客服人員", "坐席工號", "工號", "員工編號"),
    EVALUATOR: ("evaluator", "reviewer", "qa", "checker", "质检员", "质检", "评分人", "評核人員",
                "評核員", "品管", "評分人"),
    CALL: ("call", "call id", "recording", "call no", "通话编号", "录音编号", "通话", "通話編號",
           "錄音編號", "通話"),
    DATE: ("date", "call date", "日期", "通话日期", "通話日期"),
}
_KNOWN = {header_key(w): key for key, words in WORDS.items() for w in words}
MET = {header_key(w) for w in ("y", "yes", "1", "✓", "✔", "√", "是", "达成", "達成", "true", "pass")}
MISSED = {header_key(w) for w in ("n", "no", "0", "✗", "✘", "×", "x", "否", "未达成", "未達成", "false", "fail")}
NOT_MARKED = {header_key(w) for w in ("", "na", "n/a", "-", "—", "不适用", "不適用", "无", "無")}
_ITEM_ID = re.compile(r".+\.qa\d+", re.I)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")


def parse_date(text: str) -> datetime.date | None:
    """2026-12-01, 2026/12/1, 2026.12.1, 2026年12月1日 (a time after it is left off)."""
    m = _DATE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def mark(cell: str) -> bool | None | str:
    """True (met), False (not met), None (not marked), or the cell itself when it is none."""
    key = header_key(cell)
    if key in MET:
        return True
    if key in MISSED:
        return False
    if key in NOT_MARKED or cell.strip() in ("", "-", "—"):
        return None
    return cell


def _header(sheet: Sheet) -> tuple[Row, dict[str, int]] | None:
    """The row of keys (the first with an agent column) and the known columns in it."""
    for row in sheet.rows:
        found: dict[str, int] = {}
        for k, cell in enumerate(row.cells):
            key = _KNOWN.get(header_key(cell))
            if key and key not in found:
                found[key] = k
        if AGENT in found:
            return row, found
    return None


def read_calls(course: Course, diags: Diagnostics, items: dict[str, QAItem]) -> list[dict[str, Any]]:
    """Every evaluated call of the course's QA files: agent, evaluator, call, date (ISO, "" when
    none), marks (item id -> True/False, the marked ones), where it was read."""
    calls: list[dict[str, Any]] = []
    lower = {i.casefold(): i for i in items}
    for path in course.qa_files:
        file = read_file(path, course.root, diags)
        if file is None:
            continue
        read_any = reported = False
        for sheet in file.sheets:
            head = _header(sheet)
            if head is None:
                continue
            row, keys = head
            columns: dict[int, str] = {}
            for k, cell in enumerate(row.cells):
                ident = lower.get(cell.strip().casefold())
                if ident is not None and ident not in columns.values():
                    columns[k] = ident
                elif _ITEM_ID.fullmatch(cell.strip()) and ident is None:
                    sheet.warning(diags, row.line, _(
                        'column "{column}" is no item of the QA scorecard (the course changed since '
                        "it was printed?); its marks are left out", column=cell.strip()))
            if not columns:
                sheet.error(diags, row.line, _(
                    "this QA scorecard has no item columns; head them by the items' ids "
                    "({example}), as qa-scorecard.xlsx does", example=next(iter(items))))
                reported = True
                continue
            read_any = True
            for line in sheet.rows[sheet.rows.index(row) + 1:]:
                call = _call(sheet, line, keys, columns, diags)
                if call is not None:
                    calls.append(call)
        if not read_any and not reported:
            diags.error(file.sheets[0].loc() if file.sheets else None, _(
                'this QA scorecard has no "agent" column; its row of keys heads the columns: '
                "agent, evaluator, call, date, then the items' ids"))
    return calls


def _call(sheet: Sheet, row: Row, keys: dict[str, int], columns: dict[int, str],
          diags: Diagnostics) -> dict[str, Any] | None:
    agent = row.get(keys.get(AGENT))
    call = row.get(keys.get(CALL))
    marks: dict[str, bool] = {}
    for k, ident in columns.items():
        value = mark(row.get(k))
        if isinstance(value, str):
            sheet.error(diags, row.line, _(
                'item {item}: "{value}" is not a mark; type Y (met) or N (not met), or leave the '
                "cell empty when the call gave no occasion for it", item=ident, value=value[:40]))
        elif value is not None:
            marks[ident] = value
    if not agent:
        if marks:
            sheet.error(diags, row.line, _(
                'this call has marks but no agent; type the agent\'s id in the "agent" column'))
        return None
    text = row.get(keys.get(DATE))
    day = parse_date(text) if text else None
    if text and day is None:
        sheet.error(diags, row.line, _(
            'the date "{value}" is not a date; write it as 2026-12-01', value=text[:40]))
    if not marks:
        sheet.warning(diags, row.line, _(
            "call {call} of agent {agent} has no item marked Y or N; it counts in no figure",
            call=call or "?", agent=agent))
    return {"agent": agent, "evaluator": row.get(keys.get(EVALUATOR)), "call": call,
            "date": day.isoformat() if day else "", "marks": marks, "loc": str(sheet.loc(row.line))}


def score(marks: dict[str, bool], items: dict[str, QAItem]) -> tuple[float | None, bool]:
    """A call's score (0-100, None when nothing is marked) and whether a fatal item was missed."""
    fatal = any(not met and items[i].fatal for i, met in marks.items())
    marked = sum(items[i].points for i in marks)
    if not marks:
        return None, fatal
    if fatal:
        return 0.0, True
    earned = sum(items[i].points for i, met in marks.items() if met)
    return (100.0 * earned / marked if marked else None), False


def training_dates(course: Course) -> dict[str, str]:
    """Each agent's training date (ISO) from the results: their cohort's date."""
    r = course.results or {}
    dated = {c.get("name"): c.get("date") or "" for c in r.get("cohorts") or ()}
    out: dict[str, str] = {}
    for c in r.get("cohorts") or ():
        for learner in c.get("learners") or ():
            day = parse_date(str(dated.get(c.get("name")) or ""))
            if day and learner.get("id") and learner["id"] not in out:
                out[learner["id"]] = day.isoformat()
    for learner in r.get("roster") or ():
        day = parse_date(str(dated.get(learner.get("cohort")) or ""))
        if day and learner.get("id"):
            out[learner["id"]] = day.isoformat()
    return out


def _tally(calls: list[dict[str, Any]]) -> dict[str, Any]:
    scores = [c["score"] for c in calls if c["score"] is not None]
    return {"calls": len(calls), "scored": len(scores), "mean": stats.mean(scores),
            "fatal": sum(1 for c in calls if c["fatal"])}


def _met(calls: list[dict[str, Any]], wanted: set[str], items: dict[str, QAItem]) -> dict[str, Any]:
    """Points met over points marked on the wanted items, over the calls."""
    earned = possible = 0.0
    n = 0
    for c in calls:
        hit = [i for i in c["marks"] if i in wanted]
        if hit:
            n += 1
        possible += sum(items[i].points for i in hit)
        earned += sum(items[i].points for i in hit if c["marks"][i])
    return {"calls": n, "earned": earned, "possible": possible,
            "percent": stats.percent(earned, possible) if possible else None}


def qa_of(course: Course, diags: Diagnostics) -> dict | None:
    """What the filled-in QA scorecards say, as plain JSON-shaped data, or None without any."""
    if not course.qa_files:
        return None
    items = scorecard_items(course)
    if not items:
        return None
    calls = read_calls(course, diags, items)
    trained = training_dates(course)
    default = course.qa.trained
    names = {r.get("id"): r.get("name") or "" for r in (course.results or {}).get("roster") or ()}
    for c in calls:
        c["score"], c["fatal"] = score(c["marks"], items)
        c["trained"] = trained.get(c["agent"], default)
        if c["date"] and c["trained"]:
            c["phase"] = "before" if c["date"] < c["trained"] else "after"
        else:
            c["phase"] = "unknown"
    by_phase = {p: [c for c in calls if c["phase"] == p] for p in PHASES}
    agents = []
    for agent in dict.fromkeys(c["agent"] for c in calls):
        mine = [c for c in calls if c["agent"] == agent]
        agents.append({"id": agent, "name": names.get(agent, ""), "trained": mine[0]["trained"],
                       "all": _tally(mine),
                       **{p: _tally([c for c in mine if c["phase"] == p]) for p in PHASES}})
    objectives = []
    texts = {m.id: m.objectives for m in course.modules}
    for ident in dict.fromkeys(i.objective for i in items.values() if i.objective):
        wanted = {i.id for i in items.values() if i.objective == ident}
        module, _dot, number = ident.rpartition(".")
        goals = texts.get(module, ())
        text = goals[int(number) - 1] if number.isdigit() and 0 < int(number) <= len(goals) else ""
        objectives.append({"id": ident, "module": module, "text": text, "all": _met(calls, wanted, items),
                           **{p: _met(by_phase[p], wanted, items) for p in PHASES}})
    rows = []
    for i in items.values():
        marked = [c["marks"][i.id] for c in calls if i.id in c["marks"]]
        rows.append({"id": i.id, "module": i.module, "kind": i.kind, "text": i.text, "points": i.points,
                     "objective": i.objective, "fatal": i.fatal, "met": sum(marked),
                     "missed": len(marked) - sum(marked),
                     "rate": stats.percent(sum(marked), len(marked)) if marked else None})
    return {"trained": default, "all": _tally(calls), **{p: _tally(by_phase[p]) for p in PHASES},
            "agents": agents, "objectives": objectives, "items": rows,
            "calls": [{k: v for k, v in c.items() if k != "marks"} | {"marks": dict(c["marks"])}
                      for c in calls],
            "files": [str(p.relative_to(course.root)) if p.is_relative_to(course.root) else str(p)
                      for p in course.qa_files]}
