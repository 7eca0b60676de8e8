"""The results report: what a class's answers say, for a training manager, summary first. One
list of model blocks (headings, paragraphs, tables, lists and charts) is both the Word report
(a model Document, report.docx) and the page (report.html: the same blocks as plain data for
templates/report.html.j2, each chart drawn as SVG by the function the caller hands in, so this
module draws nothing).

Everything comes from the analysis (course.results, analysis.py): the numbers are already
computed there and are only rounded here for reading (whole percents, one decimal, counts as
"7/12"). Every word is a label in the course's language; the analysis' sentences (flags,
cautions) are said in it too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from .. import dates
from ..system import shown_path
from ..charts import Chart, Series
from ..model import (
    BulletList, Course, DocBlock, Document, Heading, ListItem, Paragraph, Span, Table, Text, plain,
    text_of,
)
from ..text import columns, page_font_family

DASH = "—"  # a figure that is not there (too few learners, no answer)
# The heat map's cells: at or above the pass mark, within BAND points below it, further below.
GOOD, NEAR, LOW = "C6EFCE", "FFEB9C", "FFC7CE"
BAND = 20
Draw = Callable[[Chart, str], str]  # a chart and its number on the page -> an <svg> element
# A column of short figures in a Word table: as wide as its widest text, in percent of the
# text's width (A4, 17 cm; about 0.18 cm per column of text and 0.5 cm of cell margins).
CM_PER_COLUMN, CM_MARGINS, TEXT_CM = 0.18, 0.5, 17.0


@dataclass(frozen=True)
class ReportPlan:
    """The report's two files: the Word document and the page's HTML."""

    document: Document
    page: str

    @property
    def documents(self) -> dict[str, Document]:
        """The documents, as the output registry looks for them (outputs._plan_values)."""
        return {"report.docx": self.document}


def has_answers(results: dict | None) -> bool:
    """Whether the analysis holds answers: some cohort with sittings, observations or
    evaluations."""
    if not results:
        return False
    for cohort in results.get("cohorts") or [results]:
        if cohort.get("learners") or any(r.get("learners") for r in cohort.get("roleplays") or ()):
            return True
        if any(s.get("learners") for s in cohort.get("simulations") or ()):
            return True
        if (cohort.get("evaluation") or {}).get("responses"):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Numbers as the report shows them


def rounded(value: float, places: int = 0) -> str:
    """A number rounded half up, as a hand calculation rounds (82.5 -> 83, not 82)."""
    step = Decimal(1).scaleb(-places)
    return str(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def pct(value: float | None) -> str:
    """A percentage as a whole percent ("83%"), or a dash."""
    return DASH if value is None else f"{rounded(value)}%"


def one(value: float | None) -> str:
    """A number to one decimal ("12.5"), or a dash."""
    return DASH if value is None else rounded(value, 1)


def whole(value: float | None) -> str:
    """A number as a whole one, e.g. discrimination on Moodle's -100..100 scale, or a dash."""
    return DASH if value is None else rounded(value)


def count(value: float | None) -> str:
    """Points as written: 18, 17.5."""
    if value is None:
        return DASH
    text = rounded(value, 1)
    return text[:-2] if text.endswith(".0") else text


def said(message: Any, language: str) -> str:
    """A sentence of the analysis in the course's language: a message (messages.Msg) is
    translated; anything else is shown as it is."""
    text = getattr(message, "text", None)
    return text(language) if callable(text) else str(message or "")


def day_text(value: str, language: str) -> str:
    """A cohort's date in the course's long form (2026年11月12日), or as written."""
    try:
        return dates.date_text(date.fromisoformat(value), language)
    except (TypeError, ValueError):
        return value or DASH


# ---------------------------------------------------------------------------------------------
# The report's blocks


class Writer:
    """The report's blocks, written in order, in the course's words."""

    def __init__(self, results: dict, course: Course, labels: dict[str, str]):
        self.r = results
        self.course = course
        self.labels = labels
        self.language = course.language
        self.mark = float(results.get("pass_mark", course.quiz.pass_mark))
        self.blocks: list[DocBlock] = []

    # -- words -------------------------------------------------------------------------------

    def word(self, key: str, **values: Any) -> str:
        text = self.labels[key]
        return text.format(**values) if values else text

    def detail(self, value: str, *details: str) -> str:
        """A value with its details in brackets: "58% (7/12; pass mark 80%)"."""
        shown = [d for d in details if d]
        if not shown:
            return value
        return self.word("report_detail", value=value, detail=self.labels["report_sep"].join(shown))

    def pass_line(self, chart: bool = False) -> str:
        """ "pass mark 80%" in a line of figures; "Pass mark 80%" on a chart."""
        return self.word("report_pass_chart" if chart else "report_pass_line", mark=pct(self.mark))

    # -- blocks --------------------------------------------------------------------------------

    def heading(self, level: int, text: str) -> None:
        self.blocks.append(Heading(level, text_of(text)))

    def para(self, *spans: Span) -> None:
        self.blocks.append(Paragraph(tuple(s for s in spans if s.text)))

    def table(self, header: list[str], rows: list[list[str]], align: list[str | None] | None = None,
              fills: list[list[str | None]] | None = None, free: tuple[int, ...] = (0,)) -> None:
        """A table; free: its columns of running text, which share what the others (as wide as
        their figures) leave."""
        self.blocks.append(Table(tuple(text_of(h) for h in header),
                                 tuple(tuple(text_of(c) for c in r) for r in rows), tuple(align or ()),
                                 widths=shares(header, rows, free),
                                 fills=tuple(tuple(f) for f in fills or ())))

    def bullets(self, items: list[str]) -> None:
        if items:
            self.blocks.append(BulletList(tuple(ListItem(text_of(i)) for i in items)))

    def chart(self, chart: Chart) -> None:
        self.blocks.append(chart)

    def caution(self, sentences: list[Any]) -> None:
        colon = self.labels["colon"]
        for sentence in sentences:
            if said(sentence, self.language):
                self.para(Span(f"{self.labels['report_caution']}{colon}", bold=True),
                          Span(said(sentence, self.language)))

    # -- the report, summary first -------------------------------------------------------------

    def write(self) -> list[DocBlock]:
        r, labels = self.r, self.labels
        self.heading(0, f"{self.course.title} · {labels['report']}")
        cohort = r.get("cohort") or ""
        latest = (r.get("cohorts") or [{}])[-1] if r.get("cohorts") else {}
        self.when = day_text(latest.get("date", ""), self.language) if latest.get("date") else ""
        self.para(Span(" · ".join(p for p in (cohort, self.when) if p), italic=True))
        if has_answers(r):  # a report of QA scorecards alone (issue 17) has their section only
            self.summary()
            self.mastery()
            self.learners()
            self.review()
            self.questions()
            self.roleplays()
            self.simulations()
            self.evaluation()
            self.trend()
        from .qa_report import qa_blocks

        self.blocks += qa_blocks(self.course.qa_results, labels)  # the QA of live calls
        return self.blocks

    def summary(self) -> None:
        r, labels = self.r, self.labels
        test = r.get("test") or {}
        self.heading(1, labels["report_summary"])
        n = test.get("learners", len(r.get("learners") or ()))
        rows = [[labels["report_cohort"], r.get("cohort") or DASH]]
        rows += [[labels["date"], self.when]] if self.when else []
        rows.append([labels["report_learners"], str(n)])
        if n:
            rows += [
                [labels["report_mean"], self.detail(
                    pct(test.get("mean")),
                    f"{labels['report_median']} {pct(test.get('median'))}",
                    f"{labels['report_sd']} {one(test.get('sd'))}")],
                [labels["report_pass_rate"], self.detail(
                    pct(test.get("pass_rate")), f"{test.get('passed', 0)}/{n}", self.pass_line())],
                [labels["report_alpha"], self.alpha(test.get("alpha"))],
            ]
        for play in r.get("roleplays") or ():
            if play.get("learners"):
                rows.append([f"{labels['report_roleplay_share']} · {play.get('scenario', '')}",
                             self.detail(pct(play.get("mean")),
                                         self.word("report_observed_n", n=play["learners"]))])
        responses = (r.get("evaluation") or {}).get("responses")
        if responses:
            rows.append([labels["report_evaluation"], self.word("report_responses_n", n=responses)])
        self.table([], rows, [None, None], free=(1,))
        self.caution(list(test.get("cautions") or ()))
        scores = [lr.get("percent") for lr in r.get("learners") or () if lr.get("percent") is not None]
        if scores:
            self.chart(self.distribution(scores))

    def alpha(self, value: float | None, why: bool = True) -> str:
        """Cronbach's alpha as it is quoted (0.78): the analysis holds it in percent. None: "not
        computed" (the test's cautions say why), or a dash in a table of figures."""
        if value is None:
            return self.labels["report_alpha_none"] if why else DASH
        return rounded(value / 100, 2)

    def distribution(self, scores: list[float]) -> Chart:
        """Learners per 10-point band of their score: 0-9, 10-19, ... 90-100."""
        bands = [0] * 10
        for score in scores:
            bands[min(9, max(0, int(score // 10)))] += 1
        names = tuple(f"{a}–{a + 9}" for a in range(0, 90, 10)) + ("90–100",)
        return Chart("column", self.labels["report_distribution"], names,
                     (Series(self.labels["report_learners"], tuple(float(b) for b in bands)),),
                     x_title=self.labels["report_score_axis"], y_title=self.labels["report_learners"],
                     y_min=0, language=self.language)

    def mastery(self) -> None:
        objectives = [o for o in self.r.get("objectives") or () if o.get("learners")]
        if not objectives:
            return
        labels = self.labels
        self.heading(1, labels["report_mastery"])
        self.chart(Chart("bar", labels["report_mastery"], tuple(o["id"] for o in objectives),
                         (Series(labels["report_mastery"], tuple(o.get("mastery") for o in objectives)),),
                         line=self.mark, line_label=self.pass_line(chart=True), percent=True, y_min=0, y_max=100,
                         language=self.language))
        self.table(["#", labels["objective"], labels["report_mastery_col"], labels["report_masters"]],
                   [[o["id"], o.get("text", ""), pct(o.get("mastery")),
                     f"{o.get('masters', 0)}/{o.get('learners', 0)}"] for o in objectives],
                   [None, None, "right", "right"], free=(1,))
        # one line per caution, with every objective it is said of
        cautions: dict[str, list[str]] = {}
        for o in objectives:
            if o.get("caution"):
                cautions.setdefault(said(o["caution"], self.language), []).append(o["id"])
        self.bullets([f"{labels['list_sep'].join(ids)}{labels['colon']}{caution}"
                      for caution, ids in cautions.items()])

    def learners(self) -> None:
        learners = list(self.r.get("learners") or ())
        if not learners:
            return
        labels = self.labels
        self.heading(1, labels["report_each_learner"])
        versions = len({lr.get("version", "") for lr in learners}) > 1  # one paper: no column
        plays = sorted({s for lr in learners for s in (lr.get("roleplay") or {})})
        header = [labels["report_learner"], labels["name"]] + ([labels["version"]] if versions else [])
        header += [labels["score"], "%", labels["report_result"]]
        header += [f"{labels['report_roleplay_share']} {k}" if len(plays) > 1 else
                   labels["report_roleplay_share"] for k, _s in enumerate(plays, 1)]
        rows = []
        for lr in learners:
            row = [lr.get("id", ""), lr.get("name", "")] + ([lr.get("version", "")] if versions else [])
            row += [f"{count(lr.get('points'))}/{count(lr.get('max'))}", pct(lr.get("percent")),
                    labels["report_passed"] if lr.get("passed") else labels["report_not_passed"]]
            row += [pct((lr.get("roleplay") or {}).get(s)) for s in plays]
            rows.append(row)
        align = [None, None] + ([None] if versions else []) + ["right", "right", None]
        self.table(header, rows, align + ["right"] * len(plays), free=(1,))
        if len(plays) > 1:
            self.para(Span(labels["report_sep"].join(
                f"{labels['report_roleplay_share']} {k}{labels['colon']}{s}" for k, s in enumerate(plays, 1)),
                italic=True))
        self.grid(learners)

    def grid(self, learners: list[dict]) -> None:
        """The learner × objective grid: each learner's mastery, shaded by the pass mark."""
        ids = [o["id"] for o in self.r.get("objectives") or () if o.get("learners")]
        if not ids:
            return
        labels = self.labels
        self.heading(2, labels["report_grid"])
        rows, fills = [], []
        for lr in learners:
            own = lr.get("objectives") or {}
            rows.append([lr.get("name") or lr.get("id", "")] + [pct(own.get(i)) for i in ids])
            fills.append([None] + [self.shade(own.get(i)) for i in ids])
        self.table([labels["report_learner"]] + ids, rows, [None] + ["center"] * len(ids), fills,
                   free=tuple(range(1, len(ids) + 1)))  # the objectives share the width alike
        self.para(Span(self.word("report_grid_key", mark=pct(self.mark), band=BAND), italic=True))

    def shade(self, value: float | None) -> str | None:
        if value is None:
            return None
        return GOOD if value >= self.mark else NEAR if value >= self.mark - BAND else LOW

    def review(self) -> None:
        """What a trainer acts on: each flagged question, objective and checklist item, why, and
        where it is written."""
        labels = self.labels
        self.heading(1, labels["report_review"])
        flags = list(self.r.get("flags") or ())
        if not flags:
            self.para(Span(labels["report_nothing"]))
            return
        questions = {q["id"]: q for q in self.r.get("questions") or ()}
        objectives = {o["id"]: o for o in self.r.get("objectives") or ()}
        grouped: dict[tuple[str, str], list[dict]] = {}
        for flag in flags:
            grouped.setdefault((flag.get("kind", ""), str(flag.get("id", ""))), []).append(flag)
        rows = []
        for (kind, ident), found in grouped.items():
            item = ident
            if kind == "question" and ident in questions:
                q = questions[ident]
                item = (f"{ident} · {q.get('text', '')}\n{labels['report_facility']} "
                        f"{pct(q.get('facility'))} · {labels['report_discrimination']} "
                        f"{whole(q.get('discrimination'))}")
            elif kind == "objective" and ident in objectives:
                o = objectives[ident]
                item = f"{ident} · {o.get('text', '')}\n{labels['report_mastery_col']} {pct(o.get('mastery'))}"
            where = self.where(found[0].get("loc", ""))
            if where:
                item += f"\n{labels['report_where']}{labels['colon']}{where}"
            rows.append([item, "\n".join(self.reason(f) for f in found)])
        self.table([labels["report_item"], labels["report_reason"]], rows, free=(0, 1))

    def where(self, loc: str) -> str:
        """A place as the course's folder names it (modules/01-opening.md:191), whatever folder
        the build ran in."""
        path, sep, line = str(loc).rpartition(":")
        if not sep or not line.isdigit():
            path, line = str(loc), ""
        shown = shown_path(self.course, path)
        if shown is None:
            return str(loc)
        return f"{shown}:{line}" if line else shown

    def reason(self, flag: dict) -> str:
        short = self.labels.get(f"report_flag_{flag.get('code', '')}", "")
        message = said(flag.get("message"), self.language)
        if short and message:
            return f"{short}{self.labels['colon']}{message}"
        return short or message

    def questions(self) -> None:
        questions = [q for q in self.r.get("questions") or () if q.get("learners")]
        if not questions:
            return
        labels = self.labels
        self.heading(1, labels["report_questions"])
        flagged = {str(f.get("id")) for f in self.r.get("flags") or () if f.get("kind") == "question"}
        flagged |= {q["id"] for q in questions if q.get("flags")}
        placed = [q for q in questions if q.get("facility") is not None and q.get("discrimination") is not None]
        if placed:
            xs = tuple(float(q["facility"]) for q in placed)
            self.chart(Chart(
                "scatter", labels["report_scatter"], tuple(q["id"] for q in placed),
                (Series(labels["report_fine"], tuple(None if q["id"] in flagged else float(q["discrimination"])
                                                     for q in placed), xs),
                 Series(labels["report_to_review"], tuple(float(q["discrimination"]) if q["id"] in flagged
                                                          else None for q in placed), xs)),
                x_title=labels["report_facility"], y_title=labels["report_discrimination"],
                x_min=0, x_max=100, y_min=-100, y_max=100, language=self.language))
        chosen = [q for q in questions if q.get("choice_detail")]
        if chosen:
            right = tuple(float(sum(c.get("count", 0) for c in q["choice_detail"] if c.get("correct")))
                          for q in chosen)
            wrong = tuple(float(sum(c.get("count", 0) for c in q["choice_detail"] if not c.get("correct")))
                          for q in chosen)
            none = tuple(float(q.get("unanswered") or 0) for q in chosen)
            self.chart(Chart("stacked", labels["report_choices"], tuple(q["id"] for q in chosen),
                             (Series(labels["report_right"], right), Series(labels["report_wrong"], wrong),
                              Series(labels["report_no_answer"], none)),
                             percent=True, language=self.language))
        self.table([labels["report_question"], labels["objective"], labels["report_facility"],
                    labels["report_discrimination"], labels["report_answered"]],
                   [[f"{q['id']} · {q.get('text', '')}", q.get("objective", ""), pct(q.get("facility")),
                     whole(q.get("discrimination")),
                     f"{q.get('learners', 0) - (q.get('unanswered') or 0)}/{q.get('learners', 0)}"]
                    for q in questions],
                   [None, None, "right", "right", "right"], free=(0,))

    def roleplays(self) -> None:
        plays = [p for p in self.r.get("roleplays") or () if p.get("learners")]
        if not plays:
            return
        labels = self.labels
        self.heading(1, labels["report_roleplays"])
        for play in plays:
            self.heading(2, play.get("scenario", ""))
            self.para(Span(f"{labels['report_observed']} {play['learners']} · "
                           f"{labels['report_mean_word']} {pct(play.get('mean'))}"))
            rows = []
            for item in play.get("items") or ():
                reasons = "\n".join(self.reason(f) for f in item.get("flags") or ())
                rows.append([item.get("text", ""), f"{item.get('done', 0)}/{item.get('observed', 0)}",
                             pct(item.get("share")), reasons])
            self.table([labels["report_item"], labels["report_done"], labels["report_share"],
                        labels["report_reason"]], rows, [None, "right", "right", None], free=(0, 3))

    def simulations(self) -> None:
        """The call simulations (results/simulations.py): per simulation its learners, mean
        percent, how many reached the best path's score, and the path most took."""
        played = [s for s in self.r.get("simulations") or () if s.get("learners")]
        if not played:
            return
        labels = self.labels
        self.heading(1, labels["report_simulations"])
        rows = []
        for s in played:
            path = " → ".join(s.get("path") or ()) or DASH
            if s.get("path"):
                path = self.detail(path, f"{s.get('path_count', 0)}/{s.get('paths', 0)}")
            rows.append([s.get("title", ""), str(s["learners"]), pct(s.get("mean")),
                         f"{s.get('best', 0)}/{s['learners']}", path])
        self.table([labels["report_simulation"], labels["report_learners"], labels["report_mean_word"],
                    labels["report_best_path"], labels["report_common_path"]], rows,
                   [None, "right", "right", "right", None], free=(0, 4))

    def evaluation(self) -> None:
        ev = self.r.get("evaluation") or {}
        if not ev.get("responses"):
            return
        labels = self.labels
        self.heading(1, labels["report_evaluation"])
        self.para(Span(f"{labels['report_responses']} {ev['responses']}"))
        rows, comments = [], []
        sep = labels["list_sep"]
        for q in ev.get("questions") or ():
            if q.get("kind") == "text":
                comments.append(q)
                continue
            counts = q.get("counts") or {}
            shown = sep.join(f"{answer} {n}" for answer, n in counts.items())
            if q.get("kind") == "rating" and q.get("mean") is not None:
                shown = self.detail(self.word("report_mean_of", mean=one(q["mean"])), shown)
            rows.append([q.get("text", ""), shown])
        if rows:
            self.table([labels["report_question"], labels["report_answers"]], rows, free=(0, 1))
        for q in comments:
            if q.get("comments"):
                self.heading(2, f"{labels['report_comments']} · {q.get('text', '')}")
                self.bullets([str(c) for c in q["comments"]])

    def trend(self) -> None:
        cohorts = [c for c in self.r.get("cohorts") or () if (c.get("test") or {}).get("learners")]
        if len(cohorts) < 2:
            return
        labels = self.labels
        self.heading(1, labels["report_trend"])
        dated = any(c.get("date") for c in cohorts)
        rows = []
        for c in cohorts + [dict(self.r.get("overall") or {}, name=labels["report_all_cohorts"], date="")]:
            t = c.get("test") or {}
            if not t.get("learners"):
                continue
            rows.append([c.get("name", "")]
                        + ([day_text(c["date"], self.language) if c.get("date") else ""] if dated else [])
                        + [str(t.get("learners", 0)), pct(t.get("mean")),
                           self.detail(pct(t.get("pass_rate")), f"{t.get('passed', 0)}/{t.get('learners', 0)}"),
                           self.alpha(t.get("alpha"), why=False)])
        self.table([labels["report_cohort"]] + ([labels["date"]] if dated else [])
                   + [labels["report_learners"], labels["report_mean"], labels["report_pass_rate"], "α"],
                   rows, [None] + ([None] if dated else []) + ["right"] * 4)
        names = tuple(c.get("name", "") for c in cohorts)
        self.chart(Chart("line", labels["report_trend_chart"], names, (
            Series(labels["report_mean"], tuple((c.get("test") or {}).get("mean") for c in cohorts)),
            Series(labels["report_pass_rate"], tuple((c.get("test") or {}).get("pass_rate") for c in cohorts))),
            line=self.mark, line_label=self.pass_line(chart=True), percent=True, language=self.language))
        ids: list[str] = []
        for c in cohorts:
            ids += [o["id"] for o in c.get("objectives") or () if o["id"] not in ids]
        if ids:
            def mastery(c: dict, ident: str) -> float | None:
                return next((o.get("mastery") for o in c.get("objectives") or () if o["id"] == ident), None)

            self.chart(Chart("line", labels["report_trend_mastery"], names,
                             tuple(Series(i, tuple(mastery(c, i) for c in cohorts)) for i in ids),
                             line=self.mark, line_label=self.pass_line(chart=True), percent=True,
                             language=self.language))


def shares(header: list[str], rows: list[list[str]], free: tuple[int, ...]) -> tuple[float | None, ...]:
    """Each column's share of a Word table's width in percent (model.Table.widths): a column of
    figures as wide as its widest line, header included; the free ones (None) share the rest."""
    n = max([len(header)] + [len(r) for r in rows] + [1])
    out: list[float | None] = []
    for c in range(n):
        if c in free:
            out.append(None)
            continue
        texts = ([header[c]] if c < len(header) else []) + [r[c] for r in rows if c < len(r)]
        widest = max((columns(line) for t in texts for line in t.split("\n")), default=1)
        out.append(min(30.0, max(6.0, 100 * (CM_PER_COLUMN * widest + CM_MARGINS) / TEXT_CM)))
    fixed = sum(v for v in out if v is not None)
    most = 100.0 - 25.0 * len([c for c in free if c < n])  # the running text keeps a quarter each
    if fixed > most > 0:
        out = [None if v is None else v * most / fixed for v in out]
    return tuple(out)


def report_blocks(course: Course, labels: dict[str, str]) -> list[DocBlock]:
    """The report's blocks from course.results, in the course's words (labels)."""
    return Writer(course.results or {}, course, labels).write()


# ---------------------------------------------------------------------------------------------
# The Word report and the page


def report_document(course: Course, labels: dict[str, str], blocks: list[DocBlock]) -> Document:
    return Document(kind="report", title=f"{course.title} · {labels['report']}",
                    language=course.language, blocks=tuple(blocks), reference=course.theme_docx,
                    labels=labels, author=course.author, footer=course.footer_line,
                    fixed_time=dates.stamp())


def _spans(text: Text) -> list[dict[str, Any]]:
    return [{"text": s.text, "bold": s.bold, "italic": s.italic} for s in text if s.text]


def _lines(text: Text) -> list[str]:
    return plain(text).split("\n")


def page_sections(blocks: list[DocBlock], draw: Draw) -> dict[str, Any]:
    """The blocks as the page's plain data: its title and subtitle, then a section per
    level-1 heading, each holding its blocks as mappings a template can show (kind: "p",
    "heading", "table", "list", "chart"); each chart drawn as SVG by draw."""
    page: dict[str, Any] = {"title": "", "subtitle": "", "sections": []}
    section: dict[str, Any] | None = None
    charts = 0
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 0:
            page["title"] = plain(block.text)
            continue
        if isinstance(block, Heading) and block.level == 1:
            section = {"id": f"s{len(page['sections']) + 1}", "title": plain(block.text), "blocks": []}
            page["sections"].append(section)
            continue
        if section is None:
            if isinstance(block, Paragraph):
                page["subtitle"] = plain(block.text)
            continue
        out: dict[str, Any]
        if isinstance(block, Heading):
            out = {"kind": "heading", "text": plain(block.text)}
        elif isinstance(block, Paragraph):
            out = {"kind": "p", "spans": _spans(block.text)}
        elif isinstance(block, Table):
            fills = block.fills
            columns = max([len(block.header)] + [len(r) for r in block.rows])
            out = {"kind": "table", "facts": not block.header,
                   "header": [plain(h) for h in block.header],
                   "rows": [[_lines(c) for c in r] for r in block.rows],
                   "align": ([a or "" for a in block.align] + [""] * columns)[:columns],
                   "fills": [[f"#{f}" if f else "" for f in r] for r in fills]}
        elif isinstance(block, BulletList):
            out = {"kind": "list", "entries": [plain(i.text) for i in block.items]}
        elif isinstance(block, Chart):
            charts += 1
            out = {"kind": "chart", "title": block.title, "svg": draw(block, str(charts)),
                   "tall": block.kind == "bar"}
        else:
            continue
        section["blocks"].append(out)
    return page


def page_start(language: str) -> str:
    """The page's first lines, written before the template's output (as the quiz page's): its
    Content-Security-Policy lets nothing be fetched and no script run, whatever a course's own
    report.html.j2 says after it."""
    from html import escape

    from ..quiz.html import html_lang

    policy = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
              "base-uri 'none'; form-action 'none'")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{escape(html_lang(language), quote=True)}">\n'
            "<head>\n"
            '<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n')


def plan_report(course: Course, templates: Any, draw: Draw) -> ReportPlan:
    """The report of course.results: the Word document, and the page made by report.html.j2
    from the same blocks (its charts drawn by draw). A template that fails is a located error
    in templates.diags (the page is then empty and the build stops)."""
    from ..quiz.html import html_lang

    labels = templates.labels
    blocks = report_blocks(course, labels)
    page = page_sections(blocks, draw)
    body = templates.text("report.html.j2", page=page, language=html_lang(course.language),
                          fonts=page_font_family(course.language))
    html = page_start(course.language) + body if body is not None else ""
    return ReportPlan(report_document(course, labels, blocks), html)
