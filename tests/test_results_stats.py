"""The statistics of a class's results against hand-worked examples: every figure of a small class
worked out here by hand (the arithmetic in the comments), Moodle's definitions as
../shared/DESIGN.md states them; KR-20 against the textbook formula; the undefined cases; the
flags on data built to raise them. docs/results.md shows the same worked example."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from trainerkit.build import load
from trainerkit.errors import Diagnostics, Location
from trainerkit.results import stats
from trainerkit.results.analysis import analyse
from trainerkit.results.items import course_items, score_choices, score_text
from trainerkit.results.model import Cohort, Observation, Rating, Response, Results, Sitting

COURSE_YML = "title: Worked example\nlanguage: en\n"
MODULE = """---
title: Calls
duration: 10
objectives:
  - Greet the caller
  - Put a caller on hold
---

## Greeting

- Say the company's name

::: roleplay Angry caller
customer: third call
situation: a claim two weeks late
goal: calm the caller
observe:
- Listens first
- Shows empathy
- Agrees a next step
:::

```quiz
Title: Check
Objective: 1
1.  Which colour is the greeting card?
a)  Red
*b) Green
c)  Blue

Points: 2
Objective: 1
2.  Which two belong in the greeting?
[*] Company
[ ] Weather
[*] Name
[ ] Price

Objective: 2
3.  Ask before you put a caller on hold.
*a) True
b)  False

Objective: 2
4.  One word: what do you put a caller on?
*   hold
```
"""

# The class: each learner's picks on q1 (single: Red, *Green, Blue), q2 (multiple, 2 points:
# *Company, Weather, *Name, Price), q3 (true/false: *True, False) and their answer to q4 (short: hold).
CLASS = {
    "L1": ((1,), (0, 2), (0,), "hold"),  # 1 + 2 + 1 + 1 = 5
    "L2": ((1,), (0, 2), (0,), ""),      # 1 + 2 + 1 + 0 = 4 (q4 left blank)
    "L3": ((1,), (0,), (1,), "Hold"),    # 1 + 1 + 0 + 1 = 3 (one right of two on q2: half its 2 points)
    "L4": ((0,), (2,), (0,), "wait"),    # 0 + 1 + 1 + 0 = 2
    "L5": ((1,), (1,), (0,), ""),        # 1 + 0 + 1 + 0 = 2 (a wrong choice alone: 0, never below)
    "L6": ((0,), (0, 1), (1,), "no"),    # 0 + 0 + 0 + 0 = 0 (one right, one wrong on q2: 1 - 1 = 0)
}


def write_course(root: Path, module: str = MODULE) -> Path:
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "course.yml").write_text(COURSE_YML, encoding="utf-8")
    (root / "modules" / "01-calls.md").write_text(module, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    diags = Diagnostics()
    course = load(write_course(tmp_path_factory.mktemp("worked")), diags)
    assert not diags.errors, diags.sorted()
    return course


def sittings_of(course, answers: dict, cohort: str = "c1", version: str = "A") -> tuple[Sitting, ...]:
    """Sittings scored as the readers score them (items.py), from picks and typed answers."""
    items = course_items(course)
    out = []
    for n, (learner, given) in enumerate(answers.items()):
        responses = []
        for k, answer in enumerate(given):
            ident = f"calls.q{k + 1}"
            q = items[ident].question
            if isinstance(answer, str):
                responses.append(Response(ident, score_text(q, answer), answered=bool(answer), text=answer))
            else:
                responses.append(Response(ident, score_choices(q, answer), answered=bool(answer), picked=answer))
        out.append(Sitting(learner, f"Name {learner}", cohort, version, tuple(responses),
                           loc=Location(f"results/{cohort}.csv", n + 2)))
    return tuple(out)


OBSERVED = (("L1", (1, 1, 0)), ("L2", (1, 0, 0)), ("L3", (1, 1, None)), ("L4", (0, 1, 0)))


def worked(course) -> dict:
    observations = tuple(Observation(who, "", "c1", "Angry caller", ticks) for who, ticks in OBSERVED)
    cohort = Cohort("c1", (course.root / "results" / "c1.csv",), sittings_of(course, CLASS), observations)
    return analyse(course, Results((cohort,)))


def near(value, expected, places=2):
    """A figure equal to the hand-worked one to 2 decimals."""
    assert value is not None, f"expected {expected}, got None"
    assert round(value, places) == pytest.approx(expected, abs=0.5 * 10 ** -places + 1e-9), (value, expected)


def test_the_worked_example_learners(course):
    a = worked(course)
    rows = {r["id"]: r for r in a["learners"]}
    # totals of 5 points: 5, 4, 3, 2, 2, 0 -> 100, 80, 60, 40, 40, 0 percent; pass mark 80
    assert [(r["points"], r["max"], r["percent"], r["passed"]) for r in a["learners"]] == [
        (5, 5, 100, True), (4, 5, 80, True), (3, 5, 60, False), (2, 5, 40, False),
        (2, 5, 40, False), (0, 5, 0, False)]
    # objective 1 = q1 (1 point) + q2 (2 points): L3 earned 1 + 1 of 3 = 66.67; objective 2 = q3 + q4
    assert rows["L3"]["objectives"] == pytest.approx({"calls.1": 200 / 3, "calls.2": 50.0})
    assert rows["L6"]["objectives"] == {"calls.1": 0.0, "calls.2": 0.0}
    # the checklist: L1 ticked 2 of 3; L3 2 of the 2 observed (one left blank); L5 was not observed
    assert rows["L1"]["roleplay"] == pytest.approx({"Angry caller": 200 / 3})
    assert rows["L3"]["roleplay"] == {"Angry caller": 100.0}
    assert rows["L5"]["roleplay"] == {}
    assert rows["L2"]["loc"] == "results/c1.csv:3" and rows["L2"]["version"] == "A"


def test_the_worked_example_questions(course):
    """Totals T = 5, 4, 3, 2, 2, 0; each question's x, the rest R = T - x, and Moodle's figures.
    Variances and covariances divide by s - 1 = 5."""
    q = {row["id"]: row for row in worked(course)["questions"]}

    # q1 (single, 1 point): x = 1,1,1,0,1,0; mean 4/6 -> facility 66.67
    # V(x) = (4·(1/3)² + 2·(2/3)²)/5 = (4/9 + 8/9)/5 = 4/15; SD = √(4/15) = 0.5164 -> 51.64
    # R = 4,3,2,2,1,0; mean 2; V(R) = (4+1+0+0+1+4)/5 = 2
    # Cov = (⅓·2 + ⅓·1 + ⅓·0 − ⅔·0 + ⅓·(−1) − ⅔·(−2))/5 = (6/3)/5 = 0.4
    # discrimination = 100 · 0.4 / √(4/15 · 2) = 40 / 0.73030 = 54.77
    # sorted x 0,0,1,1,1,1 and sorted R 0,1,2,2,3,4: Cov_max = (⅔·2 + ⅔·1 + 0 + 0 + ⅓·1 + ⅓·2)/5 = 3/5
    # efficiency = 100 · 0.4 / 0.6 = 66.67; guess = 100/3 = 33.33
    near(q["calls.q1"]["facility"], 66.67)
    near(q["calls.q1"]["sd"], 51.64)
    near(q["calls.q1"]["discrimination"], 54.77)
    near(q["calls.q1"]["efficiency"], 66.67)
    near(q["calls.q1"]["guess"], 33.33)

    # q2 (multiple, 2 points): x = 2,2,1,1,0,0; mean 1 -> facility 1/2 = 50
    # V(x) = (1+1+0+0+1+1)/5 = 0.8; SD = √0.8 / 2 = 0.4472 -> 44.72
    # R = 3,2,2,1,2,0; mean 5/3; V(R) = (16+1+1+4+1+25)/9/5 = (48/9)/5 = 1.0667
    # Cov = (1·4/3 + 1·1/3 + 0 + 0 − 1·1/3 − 1·(−5/3))/5 = 3/5 = 0.6
    # discrimination = 100 · 0.6 / √(0.8 · 1.0667) = 60 / 0.92376 = 64.95
    # sorted x 0,0,1,1,2,2 and sorted R 0,1,2,2,2,3: Cov_max = (5/3 + 2/3 + 0 + 0 + 1/3 + 4/3)/5 = 0.8
    # efficiency = 100 · 0.6 / 0.8 = 75; no guess score for several right answers
    near(q["calls.q2"]["facility"], 50.00)
    near(q["calls.q2"]["sd"], 44.72)
    near(q["calls.q2"]["discrimination"], 64.95)
    near(q["calls.q2"]["efficiency"], 75.00)
    assert q["calls.q2"]["guess"] is None

    # q3 (true/false): x = 1,1,0,1,1,0; facility 66.67, SD 51.64 (as q1)
    # R = 4,3,3,1,1,0; mean 2; V(R) = (4+1+1+1+1+4)/5 = 2.4
    # Cov = (⅓·2 + ⅓·1 − ⅔·1 + ⅓·(−1) + ⅓·(−1) − ⅔·(−2))/5 = 1/5 = 0.2
    # discrimination = 100 · 0.2 / √(4/15 · 2.4) = 20 / 0.8 = 25
    # sorted R 0,1,1,3,3,4: Cov_max = (⅔·2 + ⅔·1 − ⅓·1 + ⅓·1 + ⅓·1 + ⅓·2)/5 = 3/5; efficiency 33.33
    near(q["calls.q3"]["facility"], 66.67)
    near(q["calls.q3"]["discrimination"], 25.00)
    near(q["calls.q3"]["efficiency"], 33.33)
    near(q["calls.q3"]["guess"], 50.00)

    # q4 (short): x = 1,0,1,0,0,0; mean 1/3 -> 33.33; V(x) = 4/15 -> SD 51.64
    # R = 4,4,2,2,2,0; mean 7/3; V(R) = (25+25+1+1+1+49)/9/5 = (102/9)/5 = 2.2667
    # Cov = (⅔·5/3 − ⅓·5/3 + ⅔·(−1/3) − ⅓·(−1/3) − ⅓·(−1/3) − ⅓·(−7/3))/5 = (12/9)/5 = 0.26667
    # discrimination = 100 · 0.26667 / √(0.26667 · 2.2667) = 26.667 / 0.77746 = 34.30
    # sorted x 0,0,0,0,1,1, sorted R 0,2,2,2,4,4: Cov_max = (7/9 + 1/9 + 1/9 + 1/9 + 10/9 + 10/9)/5 = 2/3
    # efficiency = 100 · 0.26667 / 0.66667 = 40; a typed answer: guess 0; L2 and L5 left it blank
    near(q["calls.q4"]["facility"], 33.33)
    near(q["calls.q4"]["sd"], 51.64)
    near(q["calls.q4"]["discrimination"], 34.30)
    near(q["calls.q4"]["efficiency"], 40.00)
    assert q["calls.q4"]["guess"] == 0 and q["calls.q4"]["unanswered"] == 2
    assert q["calls.q4"]["choices"] == {} and q["calls.q4"]["choice_detail"] == []

    # the choices picked, top half (L1 5, L2 4, L3 3) and bottom half (L4 2, L5 2, L6 0)
    assert q["calls.q1"]["choices"] == {"Red": 2, "Green": 4, "Blue": 0}
    assert [(c["text"], c["correct"], c["count"], c["top"], c["bottom"]) for c in q["calls.q2"]["choice_detail"]] == [
        ("Company", True, 4, 3, 1), ("Weather", False, 2, 0, 2), ("Name", True, 3, 2, 1), ("Price", False, 0, 0, 0)]
    assert q["calls.q3"]["choices"] == {"True": 4, "False": 2}
    assert q["calls.q1"]["loc"].endswith("01-calls.md:26") and q["calls.q1"]["objective"] == "calls.1"
    assert q["calls.q2"]["max"] == 2 and q["calls.q2"]["learners"] == 6


def test_the_worked_example_test_and_objectives(course):
    a = worked(course)
    t = a["test"]
    # percents 100, 80, 60, 40, 40, 0: mean 320/6 = 53.33; median (60 + 40)/2 = 50
    # SD: deviations 46.67, 26.67, 6.67, −13.33, −13.33, −53.33; squares add to 6133.33; /5 = 1226.67; √ = 35.02
    assert (t["learners"], t["questions"], t["max"], t["passed"]) == (6, 4, 5, 2)
    near(t["mean"], 53.33)
    near(t["median"], 50.00)
    near(t["sd"], 35.02)
    near(t["pass_rate"], 33.33)
    # alpha: ΣV(x_i) = 4/15 + 0.8 + 4/15 + 4/15 = 1.6; T = 5,4,3,2,2,0, mean 8/3,
    # V(T) = (49+16+1+4+4+64)/9/5 = 46/15 = 3.0667; alpha = 100 · 4/3 · (1 − 1.6/3.0667)
    # = 100 · 4/3 · 11/23 = 63.77; error ratio = 100 · √(1 − 0.6377) = 60.19;
    # standard error = 60.19 · 35.02 / 100 = 21.08
    near(t["alpha"], 63.77)
    near(t["error_ratio"], 60.19)
    near(t["standard_error"], 21.08)
    # under 30 learners: the margin of a correlation at s = 6 is 100 · tanh(1.96/√3) = 81.2
    assert t["cautions"] == ["low confidence: with 6 learners, a question's discrimination can be off by "
                             "±81.2; trust only clearly negative values"]

    o = {row["id"]: row for row in a["objectives"]}
    # objective 1: q1 + q2, 3 points each learner, 18 in all; earned 3+3+2+1+1+0 = 10 -> 55.56;
    # masters (at least 80%): L1 and L2
    near(o["calls.1"]["mastery"], 55.56)
    assert (o["calls.1"]["masters"], o["calls.1"]["learners"], o["calls.1"]["questions"]) == (2, 6, 2)
    assert o["calls.1"]["text"] == "Greet the caller" and o["calls.1"]["module"] == "calls"
    assert "only 2 questions assess it" in o["calls.1"]["caution"]
    # objective 2: q3 + q4, 2 points each, 12 in all; earned 2+1+1+1+1+0 = 6 -> 50; masters: L1
    near(o["calls.2"]["mastery"], 50.00)
    assert o["calls.2"]["masters"] == 1

    rp = a["roleplays"][0]
    # items: 3 of 4 observed; 3 of 4; 0 of 3 (one left blank); learners' shares 2/3, 1/3, 2/2, 1/3 -> mean 58.33
    assert rp["scenario"] == "Angry caller" and rp["learners"] == 4
    assert [(i["text"], i["done"], i["observed"], i["share"]) for i in rp["items"]] == [
        ("Listens first", 3, 4, 75.0), ("Shows empathy", 3, 4, 75.0), ("Agrees a next step", 0, 3, 0.0)]
    near(rp["mean"], 58.33)


def test_the_worked_example_flags(course):
    a = worked(course)
    q = {row["id"]: row for row in a["questions"]}
    assert [f["code"] for f in q["calls.q1"]["flags"]] == ["unused"]  # nobody picked Blue
    assert '"Blue"' in q["calls.q1"]["flags"][0]["message"]
    assert '"Price"' in q["calls.q2"]["flags"][0]["message"]
    assert q["calls.q3"]["flags"] == [] and q["calls.q4"]["flags"] == []
    # the top-level list: each flag with what it is about and where
    assert [(f["code"], f["kind"], f["id"]) for f in a["flags"]] == [
        ("unused", "question", "calls.q1"), ("unused", "question", "calls.q2"),
        ("missed", "roleplay", "Angry caller")]
    assert a["flags"][0]["loc"] == q["calls.q1"]["loc"]
    assert "Agrees a next step" in a["flags"][2]["message"]


def test_the_top_level_is_the_latest_cohort_and_overall_pools_them(course):
    first = Cohort("2026-10", (), sittings_of(course, {k: CLASS[k] for k in ("L1", "L2", "L3")}, "2026-10"),
                   date="2026-10-12")
    second = Cohort("2026-11", (), sittings_of(course, {k: CLASS[k] for k in ("L4", "L5", "L6")}, "2026-11"))
    empty = Cohort("2026-12")  # files with no answers yet: not the latest with answers
    a = analyse(course, Results((first, second, empty)))
    assert a["cohort"] == "2026-11"
    assert [c["name"] for c in a["cohorts"]] == ["2026-10", "2026-11", "2026-12"]
    assert a["cohorts"][0]["date"] == "2026-10-12"
    assert [r["id"] for r in a["learners"]] == ["L4", "L5", "L6"]
    # 2026-10: 100, 80, 60 -> mean 80; 2026-11: 40, 40, 0 -> mean 26.67; pooled: 53.33 as the whole class
    near(a["cohorts"][0]["test"]["mean"], 80.00)
    near(a["test"]["mean"], 26.67)
    near(a["overall"]["test"]["mean"], 53.33)
    near(a["overall"]["test"]["alpha"], 63.77)
    assert a["cohorts"][2]["test"]["learners"] == 0 and a["cohorts"][2]["test"]["mean"] is None


# -- the functions, one by one ---------------------------------------------------------------


def test_kr20_is_alpha_on_right_or_wrong_items():
    """KR-20 as textbooks write it: k/(k−1) · (1 − Σ p·q / σ²), p the share right, q = 1 − p and
    σ² the variance of the totals dividing by s; with 0/1 marks it is alpha, whichever divisor."""
    items = [[1, 1, 1, 0, 1], [1, 0, 1, 0, 0], [1, 1, 0, 0, 0], [1, 1, 1, 1, 0]]
    s, k = 5, len(items)
    totals = [sum(x[n] for x in items) for n in range(s)]  # 4, 3, 3, 1, 1
    p = [sum(x) / s for x in items]  # 0.8, 0.4, 0.4, 0.8
    pq = sum(v * (1 - v) for v in p)  # 0.16 + 0.24 + 0.24 + 0.16 = 0.8
    mean = sum(totals) / s  # 12/5 = 2.4
    sigma2 = sum((t - mean) ** 2 for t in totals) / s  # (2.56 + 0.36 + 0.36 + 1.96 + 1.96)/5 = 1.44
    kr20 = 100 * k / (k - 1) * (1 - pq / sigma2)  # 100 · 4/3 · (1 − 0.8/1.44) = 59.26
    assert kr20 == pytest.approx(59.259, abs=1e-3)
    assert stats.alpha(items) == pytest.approx(kr20)


def test_discriminative_efficiency_is_one_when_the_orders_agree():
    # x sorted as R is: Cov = Cov_max, efficiency 100; reversed: −100; Moodle flags under 15
    assert stats.efficiency([0, 0, 1, 1], [1, 2, 3, 4]) == pytest.approx(100)
    assert stats.efficiency([1, 1, 0, 0], [1, 2, 3, 4]) == pytest.approx(-100)
    # x = 0,1,0,1 with R = 1,2,3,4: Cov = (−½·−1.5 + ½·−0.5 − ½·0.5 + ½·1.5)/3 = 1/3;
    # Cov_max with x sorted 0,0,1,1: (0.75 + 0.25 + 0.25 + 0.75)/3 = 2/3; efficiency 50
    assert stats.efficiency([0, 1, 0, 1], [1, 2, 3, 4]) == pytest.approx(50)
    # its discrimination: 100 · (1/3) / √(1/3 · 5/3) = 44.72
    near(stats.discrimination([0, 1, 0, 1], [1, 2, 3, 4]), 44.72)


def test_the_halves_leave_the_middle_learner_out():
    assert stats.halves([40, 100, 60, 80]) == ([1, 3], [2, 0])
    top, bottom = stats.halves([40, 100, 60, 80, 20])  # 5 learners: 2 and 2, the 60 in neither
    assert (top, bottom) == ([1, 3], [0, 4])
    assert stats.halves([70, 70, 70]) == ([0], [2])  # ties: in the order given
    assert stats.halves([50]) == ([], [])


def test_the_plain_figures():
    assert stats.mean([]) is None and stats.median([]) is None
    assert stats.median([3, 1, 2]) == 2 and stats.median([4, 1, 3, 2]) == 2.5
    assert stats.variance([2, 4, 4, 4, 5, 5, 7, 9]) == pytest.approx(32 / 7)  # divides by s − 1
    assert stats.guess_score("single", 4) == 25 and stats.guess_score("true_false") == 50
    assert stats.guess_score("multiple", 4) is None and stats.guess_score("numerical") == 0
    assert stats.error_ratio(75) == pytest.approx(50) and stats.standard_error(50, 20) == 10
    assert stats.correlation_margin(20) == pytest.approx(100 * math.tanh(1.96 / math.sqrt(17)))
    assert stats.correlation_margin(3) is None and stats.percent(1, 0) is None


def test_undefined_figures_are_none_never_nan():
    one = [1.0]
    assert stats.variance(one) is None and stats.sd(one) is None and stats.covariance(one, one) is None
    assert stats.discrimination(one, [3.0]) is None and stats.efficiency(one, [3.0]) is None
    same = [1.0, 1.0, 1.0, 1.0]  # everyone right: no spread
    assert stats.variance(same) == 0
    assert stats.discrimination(same, [1, 2, 3, 4]) is None
    assert stats.efficiency(same, [1, 2, 3, 4]) is None
    assert stats.discrimination([1 / 3] * 3, [0.1, 0.2, 0.3]) is None  # rounding is no spread
    assert stats.alpha([[1, 0, 1]]) is None  # one question
    assert stats.alpha([[1, 0], [1, 1]]) is None  # two learners
    assert stats.alpha([[1, 1, 1], [0, 0, 0]]) is None  # every total the same
    assert stats.error_ratio(None) is None and stats.standard_error(None, 10) is None


def test_one_learner_gives_nones_and_cautions(course):
    a = analyse(course, Results((Cohort("c1", (), sittings_of(course, {"L1": CLASS["L3"]})),)))
    q = a["questions"][0]
    assert q["facility"] == 100 and q["sd"] is None and q["discrimination"] is None and q["efficiency"] is None
    t = a["test"]
    assert t["mean"] == 60 and t["sd"] is None and t["alpha"] is None and t["standard_error"] is None
    assert any("more than 2 learners" in c for c in t["cautions"])
    assert any("with 1 learner, no question's discrimination can be trusted" in c for c in t["cautions"])


# -- flags on purpose-built data -------------------------------------------------------------


def test_a_reversed_key_is_flagged_key_and_negative(course):
    """q1's key says Green, but the strong learners (who do well on q2-q4) all pick Red, the weak
    ones Green: the key is probably wrong."""
    answers = {
        "S1": ((0,), (0, 2), (0,), "hold"), "S2": ((0,), (0, 2), (0,), "hold"),
        "S3": ((0,), (0, 2), (1,), "hold"), "S4": ((1,), (0,), (1,), ""),
        "S5": ((1,), (1,), (1,), ""), "S6": ((1,), (3,), (0,), "no"),
    }
    a = analyse(course, Results((Cohort("c1", (), sittings_of(course, answers)),)))
    q1 = a["questions"][0]
    codes = [f["code"] for f in q1["flags"]]
    assert "key" in codes and "negative" in codes
    assert q1["discrimination"] < 0
    key = next(f for f in q1["flags"] if f["code"] == "key")
    assert '"Red"' in key["message"] and "check the key" in key["message"]
    # Blue still nobody's pick: unused; q2's Price was picked by S6 this time
    assert "unused" in codes
    assert [f["code"] for f in a["questions"][1]["flags"]] == []


def test_guess_easy_and_not_mastered(course):
    everyone_right = {f"E{n}": ((1,), (0, 2), (1,), "no") for n in range(4)}  # q3: everyone False
    a = analyse(course, Results((Cohort("c1", (), sittings_of(course, everyone_right)),)))
    q = {row["id"]: row for row in a["questions"]}
    assert [f["code"] for f in q["calls.q1"]["flags"]] == ["easy", "unused"]  # 100% > 95
    # q3: 0% is at or below the 50% of guessing, and the top half all picked False: check the key
    assert [f["code"] for f in q["calls.q3"]["flags"]] == ["guess", "key"]
    assert [f["code"] for f in q["calls.q4"]["flags"]] == ["guess"]  # nobody typed it: 0 <= 0
    o = {row["id"]: row for row in a["objectives"]}
    assert o["calls.2"]["masters"] == 0 and o["calls.2"]["mastery"] == 0
    flags = [(f["code"], f["id"]) for f in a["flags"] if f["kind"] == "objective"]
    assert flags == [("not_mastered", "calls.2")]
    assert a["test"]["alpha"] is None  # every total is 3 of 5
    assert any("every learner has the same total" in c for c in a["test"]["cautions"])


def test_unmarked_essays_count_in_no_figure(course, tmp_path):
    module = MODULE.replace("*   hold\n", "*   hold\n\n5.  Describe your greeting.\n____\n")
    diags = Diagnostics()
    c = load(write_course(tmp_path, module), diags)
    assert not diags.errors, diags.sorted()
    sittings = []
    for s in sittings_of(c, CLASS):
        essay = Response("calls.q5", 0.0, text="I say ...", marked=False)
        sittings.append(Sitting(s.learner, s.name, s.cohort, s.version, s.responses + (essay,), loc=s.loc))
    a = analyse(c, Results((Cohort("c1", (), tuple(sittings)),)))
    assert a["learners"][0]["max"] == 5  # the essay's points are not in it
    essay = a["questions"][-1]
    assert essay["id"] == "calls.q5" and essay["learners"] == 0 and essay["facility"] is None
    near(a["test"]["alpha"], 63.77)  # as without it
    assert any("6 essay answers are not marked yet" in c for c in a["test"]["cautions"])


def test_alpha_over_the_questions_every_learner_was_posed(course):
    """L1 posed q1-q3 only (a version drew differently): alpha is over q1-q3 for all six.
    Marks on q1-q3: L1 1,2,1 L2 1,2,1 L3 1,1,0 L4 0,1,1 L5 1,0,1 L6 0,0,0; totals 4,4,2,2,2,0.
    V(q1) = V(q3) = 4/15 (four 1s, two 0s), V(q2) = 4/5 (2,2,1,1,0,0 about 1), V(T) = 34/15
    (about 7/3: 2·(5/3)² + 3·(1/3)² + (7/3)² = 34/3, over 5). alpha = 3/2 · (1 − (4/3)/(34/15))
    = 3/2 · 7/17 = 21/34 = 61.76%."""
    sittings = list(sittings_of(course, CLASS))
    first = sittings[0]
    sittings[0] = Sitting(first.learner, first.name, first.cohort, "B", first.responses[:3], loc=first.loc)
    a = analyse(course, Results((Cohort("c1", (), tuple(sittings)),)))
    assert a["learners"][0]["max"] == 4  # posed q1-q3 only: 1 + 2 + 1
    assert a["questions"][3]["learners"] == 5
    near(a["test"]["alpha"], 61.76)
    assert any("alpha is over the 3 questions every learner was posed" in c for c in a["test"]["cautions"])


def test_the_evaluation_without_a_form_guesses_each_questions_kind(course):
    ratings = tuple(Rating(f"L{n}", "c1", (("learner", f"L{n}"), ("Overall", score), ("Pace", pace),
                                             ("Comments", comment)))
                    for n, (score, pace, comment) in enumerate(
                        [("5", "right", "Great role-plays"), ("4", "too fast", ""),
                         ("4", "right", "More calls please"), ("3", "right", "")]))
    a = analyse(course, Results((Cohort("c1", (), (), (), ratings),)))
    e = {q["id"]: q for q in a["evaluation"]["questions"]}
    assert a["evaluation"]["responses"] == 4 and "learner" not in e
    assert e["Overall"]["kind"] == "rating" and e["Overall"]["mean"] == 4.0  # (5 + 4 + 4 + 3)/4
    assert e["Overall"]["counts"] == {"5": 1, "4": 2, "3": 1}
    assert e["Pace"]["kind"] == "choice" and e["Pace"]["counts"] == {"right": 3, "too fast": 1}
    assert e["Comments"]["kind"] == "text" and e["Comments"]["comments"] == ["Great role-plays", "More calls please"]


def test_the_evaluation_reads_answers_by_the_forms_ids(course):
    """With the built-in form (templates/evaluation.yml, English): column 1 is its first rating
    question, 8 and 9 its comment questions; a rating's counts run over its whole scale."""
    pytest.importorskip("trainerkit.results.evaluation")
    ratings = tuple(Rating("", "c1", (("1", one), ("8", useful), ("9", "")))
                    for one, useful in (("5", "The role-plays"), ("4", ""), ("4", "The scripts")))
    e = analyse(course, Results((Cohort("c1", (), (), (), ratings),)))["evaluation"]
    q = {row["id"]: row for row in e["questions"]}
    assert q["1"]["text"] == "The content is relevant to my job." and q["1"]["kind"] == "rating"
    assert q["1"]["mean"] == pytest.approx(13 / 3)  # (5 + 4 + 4)/3 = 4.33
    assert q["1"]["counts"] == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1}
    assert q["8"]["kind"] == "text" and q["8"]["comments"] == ["The role-plays", "The scripts"]
    assert q["9"]["comments"] == [] and q["2"]["mean"] is None  # asked, not answered


# -- end to end: the worked example as a trainer types it ------------------------------------

ANSWERS_CSV = """learner,name,version,1,2,3,4
L1,Name L1,A,b,"a,c",a,hold
L2,Name L2,A,B,"A，C",A,
L3,Name L3,A,b,a,b,Hold
L4,Name L4,A,a,c,a,wait
L5,Name L5,A,b,b,a,
L6,Name L6,A,a,"a,b",b,no
"""
CHECKLIST_CSV = """learner,name,cohort,scenario,Listens first,Shows empathy,Agrees a next step
L1,Name L1,c1,Angry caller,1,1,0
L2,Name L2,c1,Angry caller,1,0,0
L3,Name L3,c1,Angry caller,1,1,
L4,Name L4,c1,Angry caller,0,1,0
"""


def test_the_worked_example_from_the_files_a_trainer_types(tmp_path):
    """The same class typed into results/c1.csv (letters as printed, any case, a full-width comma)
    and its checklist into a CSV of its own: `trainerkit build`'s load reads them and gives the
    hand-worked figures."""
    root = write_course(tmp_path / "calls")
    (root / "results").mkdir()
    (root / "results" / "c1.csv").write_text(ANSWERS_CSV, encoding="utf-8-sig")
    (root / "results" / "c1-roleplay.csv").write_text(CHECKLIST_CSV, encoding="utf-8")
    diags = Diagnostics()
    a = load(root, diags).results
    assert not diags.errors, diags.sorted()
    assert a["cohort"] == "c1" and len(a["cohorts"]) == 1
    assert a["cohorts"][0]["files"] == ["results/c1-roleplay.csv", "results/c1.csv"]
    assert [r["percent"] for r in a["learners"]] == [100, 80, 60, 40, 40, 0]
    assert a["learners"][1]["loc"].endswith("results/c1.csv:3")
    q = {row["id"]: row for row in a["questions"]}
    near(q["calls.q1"]["discrimination"], 54.77)
    near(q["calls.q2"]["discrimination"], 64.95)
    near(q["calls.q2"]["efficiency"], 75.00)
    near(q["calls.q3"]["discrimination"], 25.00)
    near(q["calls.q4"]["discrimination"], 34.30)
    assert q["calls.q4"]["unanswered"] == 2
    near(a["test"]["alpha"], 63.77)
    near(a["objectives"][0]["mastery"], 55.56)
    assert [(i["done"], i["observed"]) for i in a["roleplays"][0]["items"]] == [(3, 4), (3, 4), (0, 3)]
    assert [(f["code"], f["id"]) for f in a["flags"]] == [
        ("unused", "calls.q1"), ("unused", "calls.q2"), ("missed", "Angry caller")]
    assert [r["id"] for r in a["roster"]] == ["L1", "L2", "L3", "L4", "L5", "L6"]
