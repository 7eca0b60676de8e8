"""The end-of-class evaluation's questions (a reaction survey, Kirkpatrick level 1): the
built-in templates/evaluation.yml in the course's language, or the course's own
templates/evaluation.yml, read with located errors. evaluation.docx prints them (paperwork.py);
the analysis reads the answers back by their ids.

The answers come back typed into `results/evaluation-<cohort>.csv`, one row per form handed in
and one column per question id, the ids the form prints before each question (1, 2, ... unless
the course's file gives its own):

    learner,1,2,3,4,5,6,7,8,9
    ,5,4,4,5,4,5,9,The role-plays,More time for calls
    L03,4,4,3,4,3,4,,,

- `learner` (optional, and usually left empty: the survey is anonymous);
- a rating question: the number ticked (4), empty when none;
- a choice question: the choice as printed, its letter (B) or its text;
- a text question: what the learner wrote.

The readers take such a file as Rating answers keyed by its header (results/model.py), and the
analysis matches each header to a question of form() by its id (or its text).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import config
from ..errors import Diagnostics, Location
from ..messages import Msg, _
from ..resources import builtin
from ..text import lookup_tags

if TYPE_CHECKING:
    from ..config import Node
    from ..model import Course

FILE = "evaluation.yml"
KINDS = ("rating", "choice", "text")
KEYS = ("id", "text", "kind", "scale", "choices", "optional")
# Columns of an evaluation file that are not answers: no question may take their name.
RESERVED = ("learner", "name", "cohort", "date", "team", "version")
DEFAULT_SCALE = (1, 5)
MOST_POINTS = 11  # a scale of 0-10 (the would-recommend question) is the widest a form prints
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


def own_file(course: "Course") -> Path | None:
    """The course's own templates/evaluation.yml, when it has one."""
    path = course.templates_dir / FILE
    return path if path.is_file() or path.is_symlink() else None


def form(course: "Course", diags: Diagnostics | None = None) -> list[dict[str, Any]]:
    """The evaluation's questions in the course's language, as plain data: each
    {"id", "text", "kind": "rating" | "choice" | "text", "scale": [low, high] (ratings; else
    None), "choices": [text, ...] (choice questions; else []), "optional": bool}, in the order
    the form prints them. The course's own file wins for a language it has (labels.yml's
    rule: the most exact tag first, and for one tag the course's file); its problems go to
    diags, each at its line, and a question with a problem is left out."""
    diags = diags if diags is not None else Diagnostics()
    tags = lookup_tags(course.language)
    own = own_file(course)
    tables = []
    if own is not None:
        from ..load import inside

        if inside(course.root, own):
            tables.append(_read(own, tags[0], diags))
        else:
            diags.error(Location.of(own), _("this evaluation file points outside the course "
                                            "folder; copy the file into templates/ instead of "
                                            "linking it"))
    tables.append(_read(builtin(FILE), tags[0], diags))
    for tag in tags:
        for table in tables:
            if tag in table:
                return table[tag]
    return []


def _read(path: Path, own_tag: str, diags: Diagnostics) -> dict[str, list[dict[str, Any]]]:
    """An evaluation file as {language tag: questions}; a plain list of questions is the
    course's language's (own_tag)."""
    from ..reading import read_text

    text = read_text(path, diags)
    root = config.read_yaml(text, path, 1, diags) if text is not None else None
    if root is None or root.value is None or root.value == {}:
        return {}
    if isinstance(root.value, list):
        return {own_tag: _questions(root, path, diags)}
    if not isinstance(root.value, dict):
        diags.error(Location.of(path, root.line), _(
            'an evaluation file is a list of questions, one a line starting with "- ", or '
            '"language:" groups of them (en:, zh-Hans:, zh-Hant:)'))
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    for tag, group in root.value.items():
        if not config.looks_like_language(tag):
            diags.error(Location.of(path, root.line_of(tag)), _(
                '"{tag}" is not a language tag; an evaluation file groups its questions under '
                "tags such as en, zh-Hans or zh-TW", tag=tag))
            continue
        if group.value is None:
            continue
        if not isinstance(group.value, list):
            diags.error(Location.of(path, group.line), _(
                '"{tag}" must be a list of questions, one a line starting with "- "', tag=tag))
            continue
        out[lookup_tags(tag)[0]] = _questions(group, path, diags)
    return out


def _questions(node: "Node", path: Path, diags: Diagnostics) -> list[dict[str, Any]]:
    """One language's questions, each checked; ids default to their number."""
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(node.value, 1):
        question = _question(item, number, path, diags)
        if question is None:
            continue
        ident = question["id"]
        if ident.lower() in seen:
            diags.error(Location.of(path, item.line), _(
                'question id "{id}" is already used by the question on line {line}; each question '
                "needs its own id (its column in the evaluation file)", id=ident,
                line=seen[ident.lower()]))
            continue
        seen[ident.lower()] = item.line
        out.append(question)
    return out


def _question(item: "Node", number: int, path: Path, diags: Diagnostics) -> dict[str, Any] | None:
    """One question as plain data, or None (with located errors) when it cannot be asked."""
    where = Location.of(path, item.line)
    if isinstance(item.value, (str, int, float)) and not isinstance(item.value, bool):
        text = str(item.value).strip()
        return {"id": str(number), "text": text, "kind": "rating", "scale": list(DEFAULT_SCALE),
                "choices": [], "optional": False} if text else None
    if not isinstance(item.value, dict):
        diags.error(where, _('each question is a group of "text:", "kind:" ... lines, or a '
                             "line of text (a rating question)"))
        return None
    config.check_keys(item, KEYS, path, _("an evaluation question"), diags)
    fields = item.value
    ok = True

    def problem(key: str, message: Msg) -> None:
        nonlocal ok
        ok = False
        diags.error(Location.of(path, fields[key].line if key in fields else item.line), message)

    text = config.as_text(fields.get("text"), path, "text", diags)
    if not text:
        problem("text", _('this question has no "text:"; write what the form asks'))
    kind = config.as_text(fields.get("kind"), path, "kind", diags, "rating")
    if kind not in KINDS:
        problem("kind", _('unknown kind "{kind}" of question{suggestion}', kind=kind,
                          suggestion=config.suggest(kind, KINDS, _("; kinds are: {known}",
                                                                     known=", ".join(KINDS)))))
    ident = str(number)
    if "id" in fields and fields["id"].value is not None:
        ident = str(fields["id"].value).strip()
        if isinstance(fields["id"].value, (dict, list, bool)) or not _ID.fullmatch(ident):
            problem("id", _('question id "{id}" must be a short name of letters, digits, "-", "_" '
                            'or "." (it heads a column of the evaluation file), such as 3 or '
                            "trainer-clear", id=ident))
        elif ident.lower() in RESERVED:
            problem("id", _('question id "{id}" is the name of a column the evaluation file has '
                            "besides the answers ({reserved}); choose another", id=ident,
                            reserved=", ".join(RESERVED)))
    scale = _scale(fields.get("scale"), path, diags) if kind == "rating" else None
    if kind == "rating" and scale is None:
        ok = False
    if kind != "rating" and fields.get("scale") is not None and fields["scale"].value is not None:
        problem("scale", _('"scale" is for rating questions; this one is a {kind} question',
                           kind=kind))
    choices = [c for c, _line in config.as_text_list(fields.get("choices"), path, "choices", diags)]
    if kind == "choice" and len(choices) < 2:
        problem("choices" if "choices" in fields else "kind",
                _('a choice question needs "choices:", at least two, one a line starting with "- "'))
    elif kind != "choice" and choices:
        problem("choices", _('"choices" is for choice questions; add "kind: choice" or remove '
                             "the choices"))
    optional = config.as_bool(fields.get("optional"), path, "optional", diags, False)
    if not ok:
        return None
    return {"id": ident, "text": text, "kind": kind, "scale": scale,
            "choices": choices if kind == "choice" else [], "optional": optional}


def _scale(node: "Node | None", path: Path, diags: Diagnostics) -> list[int] | None:
    """A rating's [low, high]: two whole numbers, low below high, at most MOST_POINTS points."""
    if node is None or node.value is None:
        return list(DEFAULT_SCALE)
    values = node.value if isinstance(node.value, list) else None
    numbers = [v.value for v in values] if values is not None else []
    if (len(numbers) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in numbers)
            or not 0 <= numbers[0] < numbers[1] or numbers[1] - numbers[0] + 1 > MOST_POINTS):
        diags.error(Location.of(path, node.line), _(
            '"scale" must be the lowest and the highest number a learner can tick, such as '
            "[1, 5] or [0, 10] (at most {most} points, from 0 up)", most=MOST_POINTS))
        return None
    return [numbers[0], numbers[1]]
