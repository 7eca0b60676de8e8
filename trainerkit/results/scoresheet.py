"""The filled-in score sheet (scoresheet.xlsx: a sheet per printed version), or the same columns
as CSV: `learner,name,version,1,2,...`, one row per learner.

Each printed number and letter goes back through the version's layout (sheet.py) to the question
and choice trainerkit generated for it (Column.order: printed letter k is
question.choices[order[k]]), and is scored as items.py scores it:

- a choice question: its letters as printed, any case, full-width too, several for a
  multiple-answer question separated by `,` `，` `、` `;` a space, or nothing ("AC");
- a numerical question: a number (full-width digits, a decimal comma);
- a short-answer question: the text the learner wrote;
- an essay or upload: the points the trainer gives, 0 to the question's points;
- an empty cell: not answered (no points).

The version is the sheet's name, or a `version` column's (which a course of one version may
leave out). A row whose answer cells are all empty (a learner of the roster who did not sit)
is left out. Every problem is a located error, all of them at once; nothing is written.
"""

from __future__ import annotations

import re
import unicodedata

from ..config import suggest
from ..errors import Diagnostics
from ..messages import _, _n
from .files import (COHORT, DATE, LEARNER, NAME, TEAM, VERSION, Found, Layout, ResultsFile, Sheet,
                    column_of, header_key, plural_names)
from .items import parse_number, score_choices, score_text
from . import simulations
from .model import Response, Sitting
from .sheet import Column, VersionSheet

LEARNER_COLUMNS = (LEARNER, NAME, VERSION, COHORT, DATE, TEAM)
# What may stand between the letters of a multiple-answer question (after NFKC).
SEPARATORS = re.compile(r"[\s,，、;；/|+&]+")
# A header naming a printed question, as header_key() makes it: 3, Q3, question 3, 第3题, 3.
_NUMBER = re.compile(r"(?:q|question|no\.?|#|第|题|題)?(\d{1,4})(?:题|題|\.|、|:)?")
_VERSION_WORDS = re.compile(r"^(?:VERSION|PAPER|版本|试卷|試卷)|(?:卷|版)$")


def question_number(header: str) -> int | None:
    """The printed number a header names, None when it names none."""
    m = _NUMBER.fullmatch(header_key(header))
    return int(m.group(1)) if m else None


def version_name(text: str) -> str:
    """A version as typed ("a", "Ａ", "A卷", "Version B") as the course names it ("A")."""
    return _VERSION_WORDS.sub("", unicodedata.normalize("NFKC", text).strip().upper()).strip()


def span(letters: str) -> str:
    """The letters a question may be answered with, as a range: "A–C" ("A" for one)."""
    return letters if len(letters) < 2 else f"{letters[0]}–{letters[-1]}"


def read_answers(file: ResultsFile, sheet: Sheet, layout: Layout, diags: Diagnostics,
                 found: Found, version: VersionSheet | None = None) -> None:
    """A sheet of answers: to one printed version (the sheet named for it), or with version
    None to the version each row's `version` column names. Sittings go to found."""
    header = sheet.header
    if header is None:
        return
    versions = [version] if version is not None else list(layout.versions.values())
    if not versions:
        sheet.error(diags, header.line, _(
            "the course has no quiz questions, so these answers have nothing to go to; add the "
            'quiz, or, for a role-play checklist, a "scenario" column'))
        return
    printed = sorted({c.number for v in versions for c in v.columns})
    allowed = [LEARNER, NAME] + ([VERSION] if version is None else []) + [COHORT, DATE]
    columns: dict[str, int] = {}
    numbers: dict[int, int] = {}  # column index: the printed number it holds
    for k, cell in enumerate(header.cells):
        if not cell:
            continue
        kind = column_of(cell)
        if kind in LEARNER_COLUMNS and kind not in columns:
            columns[kind] = k
            continue
        if simulations.column_named(cell, layout.simulations) is not None:
            continue  # a simulation's results beside the answers (read.py reads them)
        number = question_number(cell)
        if number is not None and number in printed and number not in numbers.values():
            numbers[k] = number
        elif number is not None and number in printed:
            sheet.error(diags, header.line, _('question {number} has two columns; keep one',
                                              number=number))
        elif number is not None:
            sheet.error(diags, header.line, _(
                'column "{header}": there is no question {number} on the paper, which has '
                "questions {first}–{last}", header=cell, number=number,
                first=printed[0] if printed else 1, last=printed[-1] if printed else 0))
        else:
            known = allowed + [str(n) for n in printed]
            sheet.error(diags, header.line, _(
                'unknown column "{header}"{suggestion}', header=cell, suggestion=suggest(
                    cell, known, _("; the columns are {known}, then the question numbers as "
                                   "printed ({first}–{last})", known=", ".join(allowed),
                                   first=printed[0] if printed else 1,
                                   last=printed[-1] if printed else 0))))
    if LEARNER not in columns:
        sheet.error(diags, header.line, _(
            'this sheet has no "learner" column; its first row heads the columns: learner (the '
            "learner's id, 工号 or 学号), name, then the question numbers as printed"))
        return
    if version is None and VERSION not in columns and len(layout.versions) > 1:
        sheet.error(diags, header.line, _(
            'this sheet does not say which version each learner sat: add a "version" column '
            "({known}), or type each version's answers on its own sheet of scoresheet.xlsx",
            known=plural_names(layout.versions)))
        return
    missing_said: set[str] = set()
    for row in sheet.body:
        values = {n: row.get(k) for k, n in numbers.items()}
        if not any(values.values()):
            continue  # a blank row, or a learner of the roster who did not sit
        learner = row.get(columns[LEARNER])
        if not learner:
            sheet.error(diags, row.line, _(
                'this row has answers but no learner id; type the learner\'s id in the "learner" '
                "column"))
            continue
        sheet_of = version
        if sheet_of is None:
            typed = row.get(columns.get(VERSION))
            name = version_name(typed) if typed else (next(iter(layout.versions)) if len(layout.versions) == 1 else "")
            sheet_of = layout.versions.get(name)
            if sheet_of is None:
                known = plural_names(layout.versions)
                if not typed:
                    sheet.error(diags, row.line, _(
                        'learner {learner}: the "version" cell is empty; type the version they '
                        "sat ({known})", learner=learner, known=known))
                else:
                    sheet.error(diags, row.line, _n(
                        'learner {learner}: version "{version}" does not exist; the course '
                        "prints version {known}",
                        'learner {learner}: version "{version}" does not exist; the course '
                        "prints versions {known}", len(layout.versions),
                        learner=learner, version=typed, known=known or "-"))
                continue
        responses = _responses(sheet, row.line, learner, sheet_of, values, layout, diags)
        if responses is None:
            continue
        missing = [c.number for c in sheet_of.columns if c.number not in values.keys()]
        if missing and sheet_of.version not in missing_said:
            missing_said.add(sheet_of.version)
            sheet.warning(diags, header.line, _n(
                "no column for question {numbers} of version {version}: every learner's answer "
                "to it counts as not answered",
                "no column for questions {numbers} of version {version}: every learner's answers "
                "to them count as not answered", len(missing),
                numbers=", ".join(map(str, missing)), version=sheet_of.version))
        found.sittings.append(Sitting(
            learner=learner, name=row.get(columns.get(NAME)),
            cohort=found.cohort(file, row, columns), version=sheet_of.version,
            responses=responses, source="scoresheet", loc=sheet.loc(row.line)))


def _responses(sheet: Sheet, line: int, learner: str, version: VersionSheet,
               values: dict[int, str], layout: Layout, diags: Diagnostics
               ) -> tuple[Response, ...] | None:
    """A learner's answers to every question of their version, scored; None (each problem a
    located error) when any cell cannot be read."""
    ok = True
    on_paper = {c.number for c in version.columns}
    for number in sorted(n for n, v in values.items() if v and n not in on_paper):
        sheet.error(diags, line, _(
            "learner {learner} answered question {number}, which version {version} does not "
            "have; check the learner's version", learner=learner, number=number,
            version=version.version))
        ok = False
    out = []
    for column in version.columns:
        response = _response(column, values.get(column.number, ""), layout,
                             lambda message: sheet.error(diags, line, message),
                             {"learner": learner, "number": column.number,
                              "version": version.version})
        if response is None:
            ok = False
        else:
            out.append(response)
    return tuple(out) if ok else None


def _response(column: Column, value: str, layout: Layout, error, who: dict) -> Response | None:
    """One cell as a scored Response; None after error(message) when it cannot be read."""
    if not value:
        return Response(column.question, 0.0, answered=False)
    q = layout.items[column.question].question
    if column.letters:
        typed = unicodedata.normalize("NFKC", value).upper()
        letters = list(dict.fromkeys(SEPARATORS.sub("", typed)))
        if not letters or any(c not in column.letters for c in letters):
            error(_('learner {learner} answered "{answer}" to question {number} of version '
                    "{version}, which has choices {letters}", answer=value,
                    letters=span(column.letters), **who))
            return None
        if len(letters) > 1 and not column.multiple:
            error(_('learner {learner} answered "{answer}" to question {number} of version '
                    "{version}, which takes one letter ({letters})", answer=value,
                    letters=span(column.letters), **who))
            return None
        picked = tuple(sorted(column.order[column.letters.index(c)] for c in letters))
        return Response(column.question, score_choices(q, picked), picked=picked)
    if column.kind == "numerical":
        if parse_number(value) is None:
            error(_('learner {learner} answered "{answer}" to question {number} of version '
                    "{version}, which takes a number", answer=value, **who))
            return None
        return Response(column.question, score_text(q, value), text=value)
    if column.kind == "short":
        return Response(column.question, score_text(q, value), text=value)
    points = parse_number(value)
    if points is None or points < 0 or points > column.most + 1e-9:
        from ..quiz.numbers import number_text

        error(_('learner {learner} got "{answer}" points for question {number} of version '
                "{version}, which is worth {most}; give 0 to {most}", answer=value,
                most=number_text(column.most), **who))
        return None
    return Response(column.question, float(points))
