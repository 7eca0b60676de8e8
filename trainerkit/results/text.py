"""The analysis on the terminal (`trainerkit results`): the summary, the objectives with their
mastery as small bars, the questions to review with why and where, the role-play items most
learners miss, the learners, and the cautions; in the trainer's language, 80 columns wide with
Chinese counted as two columns each."""

from __future__ import annotations

import re

from ..messages import _, _n, text
from ..text import columns

WIDTH = 80
BAR = 10  # a mastery bar's cells


def render(analysis: dict, width: int = WIDTH) -> str:
    """The analysis (analysis.analyse's dict) as lines of text for a terminal."""
    out: list[str] = []
    a = analysis
    t = a["test"]
    title = text(_("{course}: results", course=a["course"])) if a["cohort"] is None else \
        text(_("{course}: results of {cohort}", course=a["course"], cohort=a["cohort"]))
    out.append(title)
    out.extend(_wrap(_summary(t), width, "  "))
    if t["cautions"]:
        out += ["", text(_("Cautions"))]
        for c in t["cautions"]:
            out.extend(_wrap(c, width, "  ! ", "    "))
    out += _objectives(a, width)
    out += _questions(a, width)
    out += _roleplays(a, width)
    out += _simulations(a, width)
    out += _evaluation(a, width)
    out += _learners(a, width)
    out += _cohorts(a, width)
    return "\n".join(out) + "\n"


def _pct(value) -> str:
    return "–" if value is None else f"{value:.0f}%"


def _alpha(value) -> str:
    """Cronbach's alpha as it is quoted, and as the report shows it (0.78); held in percent."""
    return "–" if value is None else f"{value / 100:.2f}"


def _figure(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def _points(value: float) -> str:
    return format(round(value, 2), "g")


def _summary(t: dict) -> str:
    if not t["learners"]:
        return text(_("no quiz answers in this cohort"))
    parts = [
        text(_n("{n} learner", "{n} learners", t["learners"])),
        text(_("mean {value}", value=_pct(t["mean"]))),
        text(_("median {value}", value=_pct(t["median"]))),
        text(_("SD {value}", value=_pct(t["sd"]))),
        text(_("passed {passed} of {learners} ({rate})", passed=t["passed"], learners=t["learners"],
               rate=_pct(t["pass_rate"]))),
        text(_("alpha {value}", value=_alpha(t["alpha"]))),
    ]
    return " · ".join(parts)


def _objectives(a: dict, width: int) -> list[str]:
    rows = [o for o in a["objectives"] if o["learners"]]
    if not rows:
        return []
    mark = format(a["pass_mark"], "g")
    out = ["", text(_("Objectives (mastery; learners at the pass mark of {pass_mark}%)", pass_mark=mark))]
    ident = max(columns(o["id"]) for o in rows)
    count = max(columns(f"{o['masters']}/{o['learners']}") for o in rows)
    for o in rows:
        masters = _pad(f"{o['masters']}/{o['learners']}", count, right=True)
        head = f"  {_pad(o['id'], ident)}  {_bar(o['mastery'])} {_pct(o['mastery']):>4}  {masters}  "
        if width - columns(head) >= 24:
            out.append(head + _cut(o["text"], width - columns(head)))
        else:  # long ids: the objective's words on a line of their own
            out.append(head.rstrip())
            out.append("    " + _cut(o["text"], width - 4))
        if o["caution"]:
            out.extend(_wrap(o["caution"], width, "    ! ", "      "))
    return out


def _bar(value) -> str:
    if value is None:
        return "·" * BAR
    full = max(0, min(BAR, int(value / 100 * BAR + 0.5)))  # half a cell up
    return "█" * full + "░" * (BAR - full)


def _questions(a: dict, width: int) -> list[str]:
    flagged = [q for q in a["questions"] if q["flags"]]
    if not flagged:
        return ["", text(_("Questions: none to review."))] if a["questions"] else []
    out = ["", text(_("Questions to review"))]
    for q in flagged:
        figures = text(_("facility {facility} · discrimination {discrimination} · {n} answered",
                         facility=_pct(q["facility"]), discrimination=_figure(q["discrimination"]),
                         n=q["learners"] - q["unanswered"]))
        out.append(f"  {q['id']}  {q['loc']}")
        out.append("    " + _cut(q["text"], width - 4))
        out.append("    " + _cut(figures, width - 4))
        if q["choice_detail"]:
            picked = ", ".join(
                f"{'*' if c['correct'] else ''}{c['text']} {c['count']} ({c['top']}/{c['bottom']})"
                for c in q["choice_detail"])
            out.extend(_wrap(text(_("picked (top/bottom half): {choices}", choices=picked)), width, "    "))
        for f in q["flags"]:
            out.extend(_wrap(f["message"], width, "    - ", "      "))
    return out


def _roleplays(a: dict, width: int) -> list[str]:
    out: list[str] = []
    for rp in a["roleplays"]:
        if not out:
            out += ["", text(_("Role-plays (checklist items done)"))]
        out.append("  " + _cut(text(_n("{scenario}: {n} learner, mean {mean}",
                                       "{scenario}: {n} learners, mean {mean}", rp["learners"],
                                       scenario=rp["scenario"], mean=_pct(rp["mean"]))), width - 2))
        for item in rp["items"]:
            mark = "✗" if item["flags"] else "✓"
            count = f"{item['done']}/{item['observed']}"
            head = f"    {mark} {count:>5} {_pct(item['share']):>4}  "
            out.append(head + _cut(item["text"], width - columns(head)))
    return out


def _simulations(a: dict, width: int) -> list[str]:
    """Each call simulation played: learners, mean, the best path reached, the most common path."""
    out: list[str] = []
    for s in a.get("simulations") or ():
        if not out:
            out += ["", text(_("Call simulations"))]
        out.append("  " + _cut(text(_n("{title}: {n} learner, mean {mean}, {best} reached the best path",
                                       "{title}: {n} learners, mean {mean}, {best} reached the best path",
                                       s["learners"], title=s["title"], mean=_pct(s["mean"]),
                                       best=s["best"])), width - 2))
        if s.get("path"):
            out.extend(_wrap(text(_("most common path: {path} ({count})", path=" → ".join(s["path"]),
                                    count=s["path_count"])), width, "    "))
    return out


def _evaluation(a: dict, width: int) -> list[str]:
    e = a["evaluation"]
    if not e["responses"]:
        return []
    out = ["", text(_n("Evaluation ({n} response)", "Evaluation ({n} responses)", e["responses"]))]
    for q in e["questions"]:
        if q["kind"] == "rating":
            value = "–" if q["mean"] is None else f"{q['mean']:.1f}"
            out.append("  " + _cut(f"{value}  {q['text']}", width - 2))
        elif q["kind"] == "choice" and q["counts"]:
            counts = ", ".join(f"{k} {v}" for k, v in q["counts"].items())
            out.extend(_wrap(f"{q['text']}: {counts}", width, "  ", "    "))
        elif q["comments"]:
            out.append("  " + _cut(text(_n("{text}: {n} comment", "{text}: {n} comments", len(q["comments"]),
                                            text=q["text"])), width - 2))
    return out


def _learners(a: dict, width: int) -> list[str]:
    if not a["learners"]:
        return []
    head = (text(_("ID")), text(_("Name")), text(_("Version")), text(_("Points")), "%", text(_("Passed")))
    rows = [head] + [(r["id"], r["name"], r["version"] or "–",
                      f"{_points(r['points'])}/{_points(r['max'])}" if r["max"] else "–",
                      _figure(r["percent"]), "✓" if r["passed"] else "✗" if r["max"] else "–")
                     for r in a["learners"]]
    widths = [max(columns(r[k]) for r in rows) for k in range(len(head))]
    fixed = sum(widths) - widths[1] + 2 * (len(head) - 1) + 2
    widths[1] = max(4, min(widths[1], width - fixed))
    out = ["", text(_("Learners"))]
    for r in rows:
        cells = [_pad(_cut(c, widths[k]), widths[k], right=k in (3, 4)) for k, c in enumerate(r)]
        out.append(("  " + "  ".join(cells)).rstrip())
    return out


def _cohorts(a: dict, width: int) -> list[str]:
    if len(a["cohorts"]) < 2:
        return []
    out = ["", text(_("Cohorts (oldest first)"))]
    for c in a["cohorts"]:
        t = c["test"]
        name = f"{c['name']} ({c['date']})" if c["date"] else c["name"]
        line = text(_n("{cohort}: {n} learner, mean {mean}, passed {rate}, alpha {alpha}",
                       "{cohort}: {n} learners, mean {mean}, passed {rate}, alpha {alpha}",
                       t["learners"], cohort=name, mean=_pct(t["mean"]),
                       rate=_pct(t["pass_rate"]), alpha=_alpha(t["alpha"])))
        out.append("  " + _cut(line, width - 2))
    o = a["overall"]["test"]
    out.append("  " + _cut(text(_n("all cohorts: {n} learner, mean {mean}, passed {rate}",
                                   "all cohorts: {n} learners, mean {mean}, passed {rate}", o["learners"],
                                   mean=_pct(o["mean"]), rate=_pct(o["pass_rate"]))), width - 2))
    return out


# -- width in columns -------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                    r"\uffe0-\uffe6\U00020000-\U0003ffff]|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3"
                    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003ffff]+")


_NO_LINE_START = set("，。、；：！？）」』”’》〉】,.;:!?)")


def _tokens(s: str) -> list[str]:
    """Words, single Chinese characters and spaces; a closing mark stays with what it closes."""
    out: list[str] = []
    for token in _TOKEN.findall(s):
        if out and token[0] in _NO_LINE_START and not out[-1].isspace():
            out[-1] += token
        else:
            out.append(token)
    return out


def _pad(s: str, width: int, right: bool = False) -> str:
    """s padded with spaces to width columns (on the left when right-aligned)."""
    space = " " * max(0, width - columns(s))
    return space + s if right else s + space


def _cut(s: str, width: int) -> str:
    """s cut to at most width columns, ending in … when cut."""
    if columns(s) <= width:
        return s
    out, used = "", 0
    for ch in s:
        w = columns(ch)
        if used + w > width - 1:
            break
        out += ch
        used += w
    return out + "…"


def _wrap(s: str, width: int, first: str = "", rest: str | None = None) -> list[str]:
    """s in lines of at most width columns: broken at spaces, or between two Chinese characters."""
    rest = first if rest is None else rest
    lines: list[str] = []
    line, prefix = "", first
    for token in _tokens(s):
        if token.isspace():
            if line:
                line += " "
            continue
        room = width - columns(prefix)
        if line and columns(line + token) > room:
            lines.append(prefix + line.rstrip())
            line, prefix = "", rest
            room = width - columns(prefix)
        while columns(token) > room:  # one word longer than a line: cut it
            piece = _cut(token, room + 1)[:-1] or token[0]
            lines.append(prefix + piece)
            token, prefix = token[len(piece):], rest
            room = width - columns(prefix)
        line += token
    if line or not lines:
        lines.append(prefix + line.rstrip())
    return lines
