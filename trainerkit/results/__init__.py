"""The class's results: its answers read back (paper score sheets, LMS exports, role-play
checklists, evaluations, the roster) and what they say (item analysis, mastery per objective).

  model.py       what is read: sittings, responses, observations, ratings, the roster
  items.py       the course's questions as results name them, and how an answer is scored
  sheet.py       the score sheet's columns for each printed version and role-play (written and read)
  files.py       CSV and xlsx files as rows with line numbers, any encoding Excel writes
  scoresheet.py  the filled-in score sheet, or the same columns as CSV
  roleplay.py    role-play checklists
  moodle.py      Moodle's quiz Responses report
  canvas.py      Canvas's Student Analysis report
  roster.py      results/roster.csv
  evaluation.py  the end-of-class evaluation's questions (templates/evaluation.yml, a course's own)
  read.py        every results file of the course, each to its reader, into cohorts
  stats.py       the statistics, as plain functions of numbers (formulas in docs/results.md)
  analysis.py    the figures and flags per learner, question, objective, test and cohort
  text.py        the analysis on the terminal
  paperwork.py   the roster's paperwork: sign-in sheets, evaluation forms, certificates
  report.py      the report of the analysis: a Word document and the page's plain data
  qa_card.py     the QA scorecard's items, from the course: points summing to 100, fatal items
  qa.py          filled-in QA scorecards of live calls (results/qa/), per agent and objective
  qa_report.py   the report's section on them, before and after the training
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..errors import Diagnostics
    from ..model import Course


def results_of(course: "Course", diags: "Diagnostics") -> dict | None:
    """What the course's results files say, as plain JSON-shaped data (analysis.py), or None
    when it has none. Every problem with the files is a located error in diags."""
    if not course.results_files:
        return None
    from .analysis import analyse
    from .read import read_results

    # Reading and analysing make hundreds of thousands of small objects and no cycles: the
    # collector's passes over them took half the time (10,000 learners: 9.1 s, 4.1 s without).
    collecting = gc.isenabled()
    gc.disable()
    try:
        results = read_results(course, diags)
        if results is None or diags.errors:
            return None
        return analyse(course, results)
    finally:
        if collecting:
            gc.enable()
