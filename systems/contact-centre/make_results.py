"""Make the sample system's results: each course's classes and the QA team's live calls.

Run from anywhere:  python systems/contact-centre/make_results.py
Writes into each course's results/ (run once; the files are committed):

  roster.csv                    every learner: learner, name, cohort, team (UTF-8 with BOM)
  <cohort>.csv                  a class's papers, typed in: learner, name, version, date, 1, 2 ...,
                                and the call simulation's points beside them when the course has one
  <cohort>-roleplay-<n>.csv     the observers' checklists, one file per role-play: learner, name,
                                cohort, scenario, then the checklist items (1 done, 0 missed)
  qa/<course>-calls.csv         the QA team's scorecards of live calls, filled in: agent, evaluator,
                                call, date, then the scorecard's item ids (Y, N, or empty: no
                                occasion on that call)

The learners, answers and calls are invented, and simulated so that the catalogue and the reports
have something to show (STORY). Deterministic: the same files every run. The printed order of
each version's questions and choices comes from trainerkit itself (version_sheets), and the QA
items from the scorecard the build makes (qa_sections), so what is written here means what the
papers and the scorecards print.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from pathlib import Path
from statistics import NormalDist

from trainerkit.build import load
from trainerkit.errors import Diagnostics
from trainerkit.results.items import course_items
from trainerkit.results.qa_card import qa_sections
from trainerkit.results.sheet import roleplay_sheets, version_sheets
from trainerkit.results.simulation_layout import simulation_columns

HERE = Path(__file__).resolve().parent
SEED = 1  # tried from 1 up: the first whose classes make trainerkit check warn of no question

STORY = """
- HEARD (calm.2) is hard for a course's first class, which had no drill on it (the first new-hire
  class and the complaint desk's); the trainer added the drill for the second new-hire class, which
  does much better: the catalogue's rows of calm.2 show it.
- The complaint desk's escalation matrix (escalation.1) is its weakest objective.
- On live calls, the refresher's and the complaint desk's agents meet more of the scorecard after
  their training than before it, and miss the recording notice (a fatal item) less often. The
  new hires take no live calls before their training: their calls are all after it.
"""

# course: (learner id prefix, [(cohort, date, mean ability, names)])
COURSES = {
    "new-hire": ("N", [
        ("2026-09-cohort1", "2026-09-07", 0.3,
         ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周婷", "吴昊", "徐敏", "孙悦"]),
        ("2026-10-cohort2", "2026-10-12", 0.6,
         ["胡晓燕", "郭强", "何佳", "林峰", "罗雪", "高源", "郑爽", "梁晨", "谢楠", "宋佳怡", "唐杰", "韩梅"]),
    ]),
    "refresher": ("R", [
        ("2026-10-refresh", "2026-10-20", 0.7,
         ["马超", "朱琳", "冯涛", "邓欣", "曹宇", "许静", "彭磊", "吕佳", "苏晴", "蒋峰"]),
    ]),
    "complaint-desk": ("C", [
        ("2026-11-desk1", "2026-11-02", 0.6,
         ["田甜", "董明", "潘婷", "袁野", "蔡琳", "杜鹏", "程雪", "魏东"]),
    ]),
}
TEAMS = ["车险组", "寿险组", "健康险组"]
EVALUATORS = ["质检 刘洁", "质检 孙浩"]

# How hard each objective's questions are (0: an average learner); a course's first class had no HEARD
# drill (STORY).
DIFFICULTY = {"calm.2": 0.2, "escalation.1": 0.6, "claims.2": 0.1, "verify.2": -0.3}
FIRST_CLASS_HARDER = {"calm.2": 0.9}
NOISE = 0.4


def gets_it(ability: float, difficulty: float, rng: random.Random) -> bool:
    return ability - difficulty + rng.gauss(0, NOISE) > 0


def course_without_results(folder: Path):
    """The course as the build reads it; its results/ are emptied first (this script makes them)."""
    for old in [*folder.glob("results/*.csv"), *folder.glob("results/qa/*.csv")]:
        old.unlink()
    d = Diagnostics()
    course = load(folder, d)
    if d.errors:
        raise SystemExit("\n".join(str(e) for e in d.errors))
    return course


class Learner:
    def __init__(self, ident: str, name: str, cohort: str, date: str, team: str, ability: float,
                 version: str):
        self.id, self.name, self.cohort, self.date, self.team = ident, name, cohort, date, team
        self.ability, self.version = ability, version


def learners_of(prefix: str, cohorts, versions: list[str], rng: random.Random) -> list[Learner]:
    out: list[Learner] = []
    for cohort, date, mean, names in cohorts:
        spread = [mean + 0.8 * NormalDist().inv_cdf((k + 0.5) / len(names)) for k in range(len(names))]
        rng.shuffle(spread)
        for k, (name, ability) in enumerate(zip(names, spread)):
            out.append(Learner(f"{prefix}{len(out) + 1:02d}", name, cohort, date, TEAMS[k % 3],
                               ability, versions[k % len(versions)]))
    return out


def answer_cell(x: Learner, col, item, first: bool, rng: random.Random) -> str:
    """What a learner wrote for one printed question: its letter(s) as printed on their version."""
    q = item.question
    if rng.random() < 0.03:
        return ""  # left blank
    d = DIFFICULTY.get(item.objective, 0.0) + (FIRST_CLASS_HARDER.get(item.objective, 0.0) if first else 0.0)
    right = [k for k, c in enumerate(q.choices) if c.correct]
    wrong = [k for k, c in enumerate(q.choices) if not c.correct]
    if q.kind == "multiple":
        picked = [k for k in range(len(q.choices))
                  if (gets_it(x.ability, d - 0.3, rng) if k in right else not gets_it(x.ability, d - 0.5, rng))]
        picked = picked or right[:1]
    else:
        picked = right if gets_it(x.ability, d, rng) else [rng.choice(wrong)]
    return ",".join(sorted(col.letters[col.order.index(k)] for k in picked))


def play(x: Learner, col, rng: random.Random) -> float:
    """A learner's points through a call simulation: the abler, the likelier the best reply."""
    sim = col.simulation
    step, score, steps = sim.start, 0.0, 0
    while not step.end:
        replies = sorted(step.replies, key=lambda r: -r.score)
        ending = [r for r in replies if sim.step(r.target).end]
        if steps > 4 and ending:
            reply = ending[0]
        else:
            reply = replies[0] if gets_it(x.ability, 0.2, rng) else rng.choice(replies)
        score += reply.score
        step = sim.step(reply.target)
        steps += 1
    return score


def qa_calls(course_name: str, course, learners: list[Learner], rng: random.Random) -> list[list]:
    """The QA team's live calls: two before each agent's training (not for new hires, who take no
    calls before it) and two after (the last of them in November 2026), each item met more often
    after."""
    items = [it for s in qa_sections(course) for it in s.items]
    rows: list[list] = [["agent", "evaluator", "call", "date", *(it.id for it in items)]]
    before = [] if course_name == "new-hire" else [-30, -12]
    n = 0
    for x in learners:
        trained = datetime.date.fromisoformat(x.date)
        for offset in before + [10, 22]:
            after = offset > 0
            n += 1
            marks = []
            for it in items:
                if it.kind == "observe" and rng.random() < 0.35:
                    marks.append("")  # the call gave no occasion for it
                    continue
                if it.fatal:
                    p = 0.97 if after else 0.9
                elif it.kind == "avoid":
                    p = 0.92 if after else 0.7
                else:
                    p = (0.88 if after else 0.62) + 0.05 * x.ability
                marks.append("Y" if rng.random() < p else "N")
            day = trained + datetime.timedelta(days=offset + rng.randrange(0, 5))
            rows.append([x.id, EVALUATORS[n % 2], f"{course_name[0].upper()}-{2600 + n}", day.isoformat(), *marks])
    return rows


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # as Excel writes it
    for r in rows:
        writer.writerow(["" if v is None else v for v in r])
    return out.getvalue().encode("utf-8-sig")


def make_course(name: str, number: int) -> None:
    """A course's results; its answers and its live calls each drawn from their own seed, so that
    a change to one course, or to the scorecard, leaves the others' answers as they were."""
    rng = random.Random(SEED * 100 + number)
    folder = HERE / "courses" / name
    course = course_without_results(folder)
    prefix, cohorts = COURSES[name]
    items = course_items(course)
    sheets = {s.version: s for s in version_sheets(course)}
    sims = simulation_columns(course)
    learners = learners_of(prefix, cohorts, sorted(sheets), rng)
    results = folder / "results"
    (results / "qa").mkdir(parents=True, exist_ok=True)
    (results / "roster.csv").write_bytes(csv_bytes(
        [["learner", "name", "cohort", "team"]] + [[x.id, x.name, x.cohort, x.team] for x in learners]))
    width = max(len(s.columns) for s in sheets.values())
    for k, (cohort, _date, _mean, _names) in enumerate(cohorts):
        rows: list[list] = [["learner", "name", "version", "date", *map(str, range(1, width + 1)),
                             *(s.header for s in sims)]]
        for x in (x for x in learners if x.cohort == cohort):
            cells = [answer_cell(x, col, items[col.question], k == 0, rng) for col in sheets[x.version].columns]
            played = [play(x, s, rng) for s in sims]
            rows.append([x.id, x.name, x.version, x.date, *cells, *[""] * (width - len(cells)),
                         *(int(p) if float(p).is_integer() else p for p in played)])
        (results / f"{cohort}.csv").write_bytes(csv_bytes(rows))
        for n, rp in enumerate(roleplay_sheets(course), 1):
            rows = [["learner", "name", "cohort", "scenario", *rp.items]]
            for x in (x for x in learners if x.cohort == cohort):
                rows.append([x.id, x.name, cohort, rp.scenario,
                             *(1 if gets_it(x.ability, -0.4, rng) else 0 for _ in rp.items)])
            (results / f"{cohort}-roleplay-{n}.csv").write_bytes(csv_bytes(rows))
    calls = qa_calls(name, course, learners, random.Random(SEED * 100 + 50 + number))
    (results / "qa" / f"{name}-calls.csv").write_bytes(csv_bytes(calls))


def main() -> None:
    for number, name in enumerate(COURSES):
        make_course(name, number)


if __name__ == "__main__":
    main()
