"""The report's section on the QA of live calls (issue 17): what the filled-in QA scorecards say
(course.qa_results, results/qa.py), as blocks report.py adds to report.docx and report.html:
the calls' mean score and fatal misses before and after the training, each objective's share
of points met before and after, each agent's, and the items most often missed."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..model import BulletList, DocBlock, Heading, ListItem, Paragraph, Span, Table, text_of

DASH = "—"
MISSED_MOST = 5  # the items listed as most often missed, at most


def _rounded(value: float, places: int = 0) -> str:
    step = Decimal(1).scaleb(-places)
    return str(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def _pct(value: float | None) -> str:
    return DASH if value is None else f"{_rounded(value)}%"


def _score(value: float | None) -> str:
    return DASH if value is None else _rounded(value, 1)


def _change(before: float | None, after: float | None, percent: bool) -> str:
    if before is None or after is None:
        return DASH
    d = float(Decimal(_rounded(after, 1)) - Decimal(_rounded(before, 1)))
    text = _rounded(d, 0 if percent else 1)
    sign = "+" if d > 0 else ""
    return f"{sign}{text}{' pp' if percent else ''}"


def _table(header: list[str], rows: list[list[str]], align: list[str | None]) -> Table:
    return Table(tuple(text_of(h) for h in header), tuple(tuple(text_of(c) for c in r) for r in rows),
                 tuple(align))


def qa_blocks(qa: dict[str, Any] | None, labels: dict[str, str]) -> list[DocBlock]:
    """The section's blocks, or none when no call was scored."""
    if not qa or not qa.get("all", {}).get("calls"):
        return []
    w = labels.__getitem__
    phases = ["before", "after"] + (["unknown"] if qa["unknown"]["calls"] else [])
    names = {"before": w("qa_before"), "after": w("qa_after"), "unknown": w("qa_unknown"), "all": w("qa_all")}

    def detail(value: str, calls: int) -> str:  # "83% (12 calls)", "83%（12 通）"
        return w("report_detail").format(value=value, detail=w("qa_calls_n").format(n=calls))

    out: list[DocBlock] = [Heading(1, text_of(w("qa_report"))),
                           Paragraph((Span(w("qa_intro").format(calls=qa["all"]["calls"],
                                                                agents=len(qa["agents"]))),))]
    cols = phases + ["all"]
    rows = [[w("qa_calls")] + [str(qa[p]["calls"]) for p in cols],
            [w("qa_mean")] + [_score(qa[p]["mean"]) for p in cols],
            [w("qa_fatal_calls")] + [str(qa[p]["fatal"]) for p in cols]]
    out.append(_table([""] + [names[p] for p in cols], rows, [None] + ["right"] * len(cols)))
    if qa["objectives"]:
        rows = []
        for o in qa["objectives"]:
            cells = [f"{o['id']} {o['text']}".strip()]
            for p in phases:
                f = o[p]
                cells.append(detail(_pct(f["percent"]), f["calls"]) if f["calls"] else DASH)
            cells.append(_change(o["before"]["percent"], o["after"]["percent"], True))
            rows.append(cells)
        out += [Heading(2, text_of(w("qa_by_objective"))),
                _table([w("qa_objective")] + [names[p] for p in phases] + [w("qa_change")],
                       rows, [None] + ["right"] * (len(phases) + 1))]
    rows = []
    for a in qa["agents"]:
        cells = [a["id"], a["name"] or DASH, a["trained"] or DASH]
        for p in phases:
            f = a[p]
            cells.append(detail(_score(f["mean"]), f["calls"]) if f["calls"] else DASH)
        cells.append(_change(a["before"]["mean"], a["after"]["mean"], False))
        rows.append(cells)
    out += [Heading(2, text_of(w("qa_by_agent"))),
            _table([w("qa_agent"), w("qa_name"), w("qa_trained")] + [names[p] for p in phases] + [w("qa_change")],
                   rows, [None, None, None] + ["right"] * (len(phases) + 1))]
    missed = sorted((i for i in qa["items"] if i["missed"]), key=lambda i: (-i["missed"], i["rate"] or 0))
    if missed:
        out += [Heading(2, text_of(w("qa_missed"))),
                BulletList(tuple(ListItem(text_of(
                    w("qa_missed_line").format(id=i["id"], text=i["text"], missed=i["missed"],
                                               met=_pct(i["rate"]))
                    + (f" · {w('qa_fatal')}" if i["fatal"] else "")))
                    for i in missed[:MISSED_MOST]))]
    return out
