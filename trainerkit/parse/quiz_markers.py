"""The marker lines of text2qti's quiz syntax: which markers there are, in what order they win,
which take one line or many, and the patterns that find them (the grammar parse/quiz.py reads by)."""

from __future__ import annotations

import re

from ..messages import _

# The markers, in text2qti's order of precedence (the first that matches wins).
MARKERS: list[tuple[str, str]] = [
    ("question", r"\d+\."),
    ("single_correct", r"\*[a-zA-Z][)）]"),
    ("single_choice", r"[a-zA-Z][)）]"),
    ("multiple_correct", r"\[\*\]"),
    ("multiple_choice", r"\[ ?\]"),
    ("short_answer", r"\*"),
    ("feedback", r"\.\.\."),
    ("correct_feedback", r"\+"),
    ("incorrect_feedback", r"-"),
    ("solution", r"!"),
    ("essay", r"___+"),
    ("upload", r"\^\^\^+"),
    ("numerical", r"="),
    ("title", r"[Tt]itle[:：]"),
    ("points", r"[Pp]oints[:：]"),
    ("objective", r"[Oo]bjective[:：]"),
    ("text_title", r"[Tt]ext [Tt]itle[:：]"),
    ("text", r"[Tt]ext[:：]"),
    ("quiz_title", r"[Qq]uiz [Tt]itle[:：]"),
    ("quiz_description", r"[Qq]uiz [Dd]escription[:：]"),
    ("start_group", r"GROUP"),
    ("end_group", r"END_GROUP"),
    ("pick", r"[Pp]ick[:：]"),
    ("solutions_pick", r"[Ss]olutions [Pp]ick[:：]"),
    ("points_per_question", r"[Pp]oints [Pp]er [Qq]uestion[:：]"),
    ("code", r"```+.*"),
    ("shuffle_answers", r"[Ss]huffle [Aa]nswers[:：]"),
    ("show_correct_answers", r"[Ss]how [Cc]orrect [Aa]nswers[:：]"),
    ("one_question_at_a_time", r"[Oo]ne [Qq]uestion [Aa]t [Aa] [Tt]ime[:：]"),
    ("cant_go_back", r"[Cc]an['’]t [Gg]o [Bb]ack[:：]"),
    ("feedback_is_solution", r"[Ff]eedback [Ii]s [Ss]olution[:：]"),
    ("solutions_sample_groups", r"[Ss]olutions [Ss]ample [Gg]roups[:：]"),
    ("solutions_randomize_groups", r"[Ss]olutions [Rr]andomize [Gg]roups[:：]"),
]
NO_CONTENT = {"essay", "upload", "start_group", "end_group", "code"}
SINGLE_LINE = {"points", "objective", "pick", "solutions_pick", "points_per_question", "numerical",
               "short_answer", "shuffle_answers", "show_correct_answers", "one_question_at_a_time",
               "cant_go_back", "feedback_is_solution", "solutions_sample_groups",
               "solutions_randomize_groups"}
MULTI_PARAGRAPH = {"question", "single_correct", "single_choice", "multiple_correct",
                   "multiple_choice", "feedback", "correct_feedback", "incorrect_feedback",
                   "solution", "text", "quiz_description"}
QUIZ_OPTIONS = ("shuffle_answers", "show_correct_answers", "one_question_at_a_time", "cant_go_back")
IGNORED_OPTIONS = ("solutions_pick", "feedback_is_solution", "solutions_sample_groups",
                   "solutions_randomize_groups")


def _marker_re() -> re.Pattern[str]:
    parts = []
    for name, pattern in MARKERS:
        if name in NO_CONTENT:
            parts.append(rf"(?P<{name}>{pattern}\s*)$")
        elif pattern.endswith("[:：]"):  # a label: "Title: x", also "Title：x" (full-width colon)
            parts.append(rf"(?P<{name}>{pattern[:-4]}(?::[ \t]+|：[ \t]*)(?=\S))")
        else:
            parts.append(rf"(?P<{name}>{pattern}[ \t]+(?=\S))")
    return re.compile("|".join(parts))


START = _marker_re()
BARE = re.compile("|".join(rf"(?P<{n}>{p})" for n, p in MARKERS if n not in NO_CONTENT))
SYNTAX_HELP = _('a quiz line starts with a question number ("1."), a choice ("a)", "*a)", "[ ]", '
                '"[*]"), an answer ("*", "=", "____"), feedback ("...", "+", "-") or a label '
                '("Title:", "Points:", "Objective:"); a line that continues the one above is '
                "indented like its text")
KIND_WORDS = {"single": _("single answer (a), *b))"), "true_false": _("true/false"),
              "multiple": _("multiple answers ([ ], [*])"), "short": _("short answer (*)"),
              "numerical": _("numerical (=)"), "essay": _("essay (____)"),
              "upload": _("file upload (^^^^)")}
TRUE_FALSE = {"true", "false", "True", "False"}
