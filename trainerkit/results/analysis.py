"""What a class's results say: the figures and flags per learner, question, objective, test,
role-play, call simulation (simulations.py says how one counts toward its objective) and
evaluation, for each cohort and for all of them pooled, as plain JSON-shaped data (the one dict
every later step reads: the report, the guide, check, the paperwork, the CLI).

The formulas are stats.py's (docs/results.md writes them out). A figure that cannot be computed
is None; every message is in the trainer's language.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

from ..messages import _, _n, text
from ..model import Course, plain
from . import simulations, stats
from .simulation_layout import simulation_columns
from .items import Item, course_items, normal
from .model import Cohort, Observation, Play, Rating, Results, Sitting
from .sheet import course_roleplays

LEARNERS_FOR_CONFIDENCE = 30  # under it, say "low confidence" (../shared/DESIGN.md)
QUESTIONS_FOR_OBJECTIVE = 3  # fewer assess an objective: say its mastery rests on little
EASY = 95  # facility above it: a question everyone gets right tells nobody apart
MISSED = 50  # a checklist item done by fewer than this share of the learners observed
CHOICE_KINDS = ("single", "true_false", "multiple")
FIGURES = ("learners", "questions", "objectives", "test", "roleplays", "simulations", "evaluation", "flags")


def analyse(course: Course, results: Results) -> dict:
    """The analysis of a course's results: the latest cohort's figures at the top level, each
    cohort's (oldest first) under "cohorts", all of them pooled under "overall"."""
    ctx = _Context(course)
    roster = [{"id": r.id, "name": r.name, "cohort": r.cohort, "team": r.team} for r in results.roster]
    names = {r.id: r.name for r in results.roster}
    cohorts = []
    for cohort in results.cohorts:
        figures = _figures(ctx, cohort.sittings, cohort.observations, cohort.ratings, names, cohort.plays)
        cohorts.append({"name": cohort.name, "date": cohort.date,
                        "files": [_relative(course.root, f) for f in cohort.files], **figures})
    latest = _latest(results.cohorts)
    every = results.cohorts
    overall = _figures(ctx, [s for c in every for s in c.sittings], [o for c in every for o in c.observations],
                       [r for c in every for r in c.ratings], names, [p for c in every for p in c.plays])
    top = cohorts[latest] if latest is not None else _figures(ctx, (), (), (), names)
    return {
        "course": course.title, "language": course.language, "pass_mark": float(course.quiz.pass_mark),
        "roster": roster,
        "cohort": results.cohorts[latest].name if latest is not None else None,
        **{key: top[key] for key in FIGURES},
        "cohorts": cohorts,
        "overall": overall,
    }


def _latest(cohorts: tuple[Cohort, ...]) -> int | None:
    """The latest cohort with answers to the quizzes; else the latest with anything at all."""
    for wanted in (lambda c: c.sittings, lambda c: c.sittings or c.observations or c.plays or c.ratings):
        for k in range(len(cohorts) - 1, -1, -1):
            if wanted(cohorts[k]):
                return k
    return None


def _relative(root: Path, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


class _Context:
    """What the course says once for every cohort: its questions, objectives and role-plays."""

    def __init__(self, course: Course):
        self.course = course
        self.pass_mark = float(course.quiz.pass_mark)
        self.items = course_items(course)
        self.order = {ident: k for k, ident in enumerate(self.items)}
        self.module_loc = {m.id: str(m.loc) for m in course.modules}
        modules = {m.id: (k, m) for k, m in enumerate(course.modules)}
        found: dict[str, tuple[tuple, str, str]] = {}  # id -> (order, text, module id)
        for item in self.items.values():
            o = item.question.objective
            if o is None or item.objective in found:
                continue
            k, m = modules.get(o.module, (len(modules), None))
            words = m.objectives[o.number - 1] if m and 0 < o.number <= len(m.objectives) else o.text
            found[item.objective] = ((k, o.number, item.objective), words or o.text, o.module)
        # and those the call simulations assess (results/simulations.py)
        self.simulations = {c.header: c for c in simulation_columns(course)}
        for col in self.simulations.values():
            module_id, _dot, number = col.objective.rpartition(".")
            if col.objective and col.objective not in found and number.isdigit():
                k, m = modules.get(module_id, (len(modules), None))
                n = int(number)
                words = m.objectives[n - 1] if m and 0 < n <= len(m.objectives) else ""
                found[col.objective] = ((k, n, col.objective), words, module_id)
        # the objectives the questions assess (id -> (text, module id)), in the modules' order
        self.objectives = {i: (t, m) for i, (_k, t, m) in sorted(found.items(), key=lambda kv: kv[1][0])}
        self.rank = {ident: k for k, ident in enumerate(self.objectives)}
        self.roleplays = {rp.title: rp for rp in course_roleplays(course)}


# -- the figures of a set of sittings ------------------------------------------------------------


def _figures(ctx: _Context, sittings: Iterable[Sitting], observations: Iterable[Observation],
             ratings: Iterable[Rating], names: dict[str, str], plays: Iterable[Play] = ()) -> dict:
    sittings, observations, plays = list(sittings), list(observations), list(plays)
    marked = [[(ctx.items[r.question], r) for r in s.responses if r.question in ctx.items and r.marked]
              for s in sittings]
    unmarked = sum(1 for s in sittings for r in s.responses if not r.marked)
    played = simulations.points_by_learner(ctx.simulations, plays)
    learners = [_learner(ctx, s, m, names, played.get((s.cohort, s.learner), {}))
                for s, m in zip(sittings, marked)]
    _add_roleplays(learners, observations, names)
    _add_simulations(ctx, learners, plays, names, played)
    scored = [k for k, s in enumerate(sittings) if learners[k]["max"] > 0]
    top, bottom = stats.halves([learners[k]["percent"] for k in scored])
    halves = ({scored[k] for k in top}, {scored[k] for k in bottom})
    questions = _questions(ctx, sittings, marked, learners, halves)
    objectives = _objectives(ctx, learners, marked, played)
    test = _test(ctx, learners, marked, scored, questions, unmarked)
    roleplays = _roleplays(ctx, observations)
    flags = ([{**f, "kind": "question", "id": q["id"], "loc": q["loc"]} for q in questions for f in q["flags"]]
             + [{**f, "kind": "objective", "id": o["id"], "loc": ctx.module_loc.get(o["module"], "")}
                for o in objectives for f in o["flags"]]
             + [{**f, "kind": "roleplay", "id": rp["scenario"], "loc": rp["loc"]}
                for rp in roleplays for item in rp["items"] for f in item["flags"]])
    for o in objectives:
        del o["flags"]
    for rp in roleplays:
        del rp["loc"]
    return {"learners": learners, "questions": questions, "objectives": objectives, "test": test,
            "roleplays": roleplays, "simulations": simulations.figures(ctx.simulations, plays),
            "evaluation": _evaluation(ctx.course, list(ratings)), "flags": flags}


def _learner(ctx: _Context, s: Sitting, marked: list[tuple[Item, object]], names: dict[str, str],
             played: dict[str, list[float]]) -> dict:
    points = sum(r.points for _i, r in marked)
    most = sum(item.max for item, _r in marked)
    share = stats.percent(points, most)
    earned = {o: list(e) for o, e in played.items()}  # the simulations' points, per objective
    for item, r in marked:
        if item.objective:
            e = earned.setdefault(item.objective, [0.0, 0.0])
            e[0] += r.points
            e[1] += item.max
    ordered = sorted(earned.items(), key=lambda kv: (ctx.rank.get(kv[0], len(ctx.rank)), kv[0]))
    objectives = {o: stats.percent(e[0], e[1]) for o, e in ordered}
    return {"id": s.learner, "name": s.name or names.get(s.learner, ""), "cohort": s.cohort,
            "version": s.version, "source": s.source, "points": points, "max": most, "percent": share,
            "passed": share is not None and share >= ctx.pass_mark - 1e-9,
            "objectives": objectives, "roleplay": {}, "simulation": {}, "loc": str(s.loc)}


def _add_roleplays(learners: list[dict], observations: list[Observation], names: dict[str, str]) -> None:
    """Each learner's checklist share per scenario (done / observed); a learner observed without
    answering a quiz gets a row of their own, with no points."""
    by_key = {(row["cohort"], row["id"]): row for row in learners}
    ticks: dict[tuple[str, str], dict[str, list[int]]] = {}
    for o in observations:
        key = (o.cohort, o.learner)
        if key not in by_key:
            row = {"id": o.learner, "name": o.name or names.get(o.learner, ""), "cohort": o.cohort,
                   "version": "", "source": "roleplay", "points": 0.0, "max": 0.0, "percent": None,
                   "passed": False, "objectives": {}, "roleplay": {}, "simulation": {}, "loc": str(o.loc)}
            by_key[key] = row
            learners.append(row)
        done = ticks.setdefault(key, {}).setdefault(o.scenario, [0, 0])
        done[0] += sum(1 for t in o.ticks if t == 1)
        done[1] += sum(1 for t in o.ticks if t is not None)
    for key, scenarios in ticks.items():
        by_key[key]["roleplay"] = {name: stats.percent(d, n) for name, (d, n) in scenarios.items()}


def _add_simulations(ctx: _Context, learners: list[dict], plays: list[Play], names: dict[str, str],
                     played: dict[tuple[str, str], dict[str, list[float]]]) -> None:
    """Each learner's percent per simulation; a learner who only played gets a row of their own,
    their objectives from their plays alone (results/simulations.py)."""
    by_key = {(row["cohort"], row["id"]): row for row in learners}
    for p in plays:
        key = (p.cohort, p.learner)
        row = by_key.get(key)
        if row is None:
            points = sorted(played.get(key, {}).items(), key=lambda kv: (ctx.rank.get(kv[0], len(ctx.rank)), kv[0]))
            row = by_key[key] = {
                "id": p.learner, "name": p.name or names.get(p.learner, ""), "cohort": p.cohort,
                "version": "", "source": "simulation", "points": 0.0, "max": 0.0, "percent": None,
                "passed": False, "objectives": {o: stats.percent(e[0], e[1]) for o, e in points},
                "roleplay": {}, "simulation": {}, "loc": str(p.loc)}
            learners.append(row)
        elif row["source"] == "roleplay" and not row["objectives"] and key in played:
            row["objectives"] = {o: stats.percent(e[0], e[1]) for o, e in played[key].items()}
        col = ctx.simulations.get(p.simulation)
        row["simulation"][p.simulation] = col.percent(p.score) if col else None


# -- questions -----------------------------------------------------------------------------------


def _questions(ctx: _Context, sittings: list[Sitting], marked: list[list], learners: list[dict],
               halves: tuple[set[int], set[int]]) -> list[dict]:
    posed: dict[str, list[tuple[int, object]]] = {}
    asked: set[str] = set()
    for k, s in enumerate(sittings):
        asked.update(r.question for r in s.responses if r.question in ctx.items)
        for item, r in marked[k]:
            posed.setdefault(item.id, []).append((k, r))
    out = []
    for ident in sorted(asked, key=ctx.order.__getitem__):
        out.append(_question(ctx, ctx.items[ident], posed.get(ident, []), learners, halves))
    return out


def _question(ctx: _Context, item: Item, posed: list[tuple[int, object]], learners: list[dict],
              halves: tuple[set[int], set[int]]) -> dict:
    q = item.question
    xs = [r.points for _k, r in posed]
    rest = [learners[k]["points"] - r.points for k, r in posed]
    guess = stats.guess_score(q.kind, len(q.choices))
    row = {
        "id": item.id, "text": item.text, "quiz": item.quiz.title, "kind": q.kind,
        "objective": item.objective, "max": item.max, "loc": str(q.loc),
        "learners": len(posed), "unanswered": sum(1 for _k, r in posed if not r.answered),
        "facility": stats.facility(xs, item.max), "sd": stats.sd_percent(xs, item.max),
        "discrimination": stats.discrimination(xs, rest), "efficiency": stats.efficiency(xs, rest),
        "guess": guess, "choices": {}, "choice_detail": [], "flags": [],
    }
    if q.kind in CHOICE_KINDS:
        top, bottom = halves
        for c, choice in enumerate(q.choices):
            pickers = [k for k, r in posed if c in r.picked]
            row["choice_detail"].append({
                "text": plain(choice.text), "correct": choice.correct, "count": len(pickers),
                "top": sum(1 for k in pickers if k in top), "bottom": sum(1 for k in pickers if k in bottom)})
        for d in row["choice_detail"]:
            row["choices"][d["text"]] = row["choices"].get(d["text"], 0) + d["count"]
    row["flags"] = _question_flags(row)
    return row


def _question_flags(q: dict) -> list[dict]:
    """What a trainer should do about a question, from its figures."""
    flags = []
    f, g, d = q["facility"], q["guess"], q["discrimination"]
    if f is not None and g is not None and f <= g + 1e-9:
        flags.append(_flag("guess", _("facility {facility}% is no better than guessing ({guess}%): "
                                      "check the key and the wording, or teach it again",
                                      facility=_num(f), guess=_num(g))))
    if f is not None and f > EASY:
        flags.append(_flag("easy", _("{facility}% got it right: it tells no one apart; make the wrong "
                                     "choices more plausible, or ask something harder", facility=_num(f))))
    if d is not None and d < 0:
        flags.append(_flag("negative", _("negative discrimination ({value}): learners who did well on the rest "
                                         "of the test did worse on this one; check the key and the wording",
                                         value=_num(d))))
    detail = q["choice_detail"]
    right = [c for c in detail if c["correct"]]
    if right:
        best = max(c["top"] for c in right)
        beaten = [c for c in detail if not c["correct"] and c["top"] > best]
        if beaten:
            c = max(beaten, key=lambda c: c["top"])
            flags.append(_flag("key", _('more of the top half picked "{choice}" ({wrong}) than the right '
                                        "answer ({right}): check the key",
                                        choice=c["text"], wrong=c["top"], right=best)))
    if q["kind"] in ("single", "multiple") and q["learners"] - q["unanswered"] > 0:
        unused = [c["text"] for c in detail if not c["correct"] and c["count"] == 0]
        if unused:
            flags.append(_flag("unused", _n('nobody picked {choices}: rewrite or drop that distractor',
                                            'nobody picked {choices}: rewrite or drop those distractors',
                                            len(unused), choices=", ".join(f'"{u}"' for u in unused))))
    return flags


def _flag(code: str, message) -> dict:
    return {"code": code, "message": text(message)}


def _num(value: float) -> str:
    """A figure in a message: a whole number when it is one, else one decimal."""
    r = round(value, 1)
    return str(int(r)) if r == int(r) else f"{r:.1f}"


# -- objectives and the test ---------------------------------------------------------------------


def _objectives(ctx: _Context, learners: list[dict], marked: list[list],
                played: dict[tuple[str, str], dict[str, list[float]]]) -> list[dict]:
    grouped: dict[str, list] = {}
    for m in marked:
        for item, r in m:
            if item.objective:
                grouped.setdefault(item.objective, []).append((item, r))
    played_by: dict[str, list[float]] = {}  # the simulations' points, per objective
    for theirs in played.values():
        for ident, (e, p) in theirs.items():
            total = played_by.setdefault(ident, [0.0, 0.0])
            total[0], total[1] = total[0] + e, total[1] + p
    assessing = Counter(c.objective for c in ctx.simulations.values() if c.objective)
    out = []
    for ident, (words, module) in ctx.objectives.items():
        theirs = grouped.get(ident, [])
        extra = played_by.get(ident, [0.0, 0.0])
        earned = sum(r.points for _item, r in theirs) + extra[0]
        possible = sum(item.max for item, _r in theirs) + extra[1]
        asked = {item.id for item, _r in theirs}
        shares = [row["objectives"][ident] for row in learners
                  if row["objectives"].get(ident) is not None]
        masters = sum(1 for v in shares if v >= ctx.pass_mark - 1e-9)
        caution = ""
        if 0 < len(asked) < QUESTIONS_FOR_OBJECTIVE:
            caution = text(_n("only {n} question assesses it: one answer more or less right moves its mastery "
                              "a lot; add questions before you rely on it",
                              "only {n} questions assess it: one answer more or less right moves its mastery "
                              "a lot; add questions before you rely on it", len(asked)))
        flags = []
        if shares and masters == 0:
            flags.append(_flag("not_mastered", _("no learner reached the pass mark ({pass_mark}%) on this "
                                                 "objective: teach it again, and check its questions",
                                                 pass_mark=_num(ctx.pass_mark))))
        out.append({"id": ident, "text": words, "module": module,
                    "mastery": stats.percent(earned, possible), "masters": masters,
                    "learners": len(shares), "questions": len(asked),
                    "simulations": assessing.get(ident, 0), "caution": caution, "flags": flags})
    return out


def _test(ctx: _Context, learners: list[dict], marked: list[list], scored: list[int],
          questions: list[dict], unmarked: int) -> dict:
    shares = [learners[k]["percent"] for k in scored]
    s = len(scored)
    passed = sum(1 for k in scored if learners[k]["passed"])
    maxes = {learners[k]["max"] for k in scored}
    cautions: list[str] = []
    cic = _alpha(marked, scored, cautions)
    spread = stats.sd(shares)
    ratio = stats.error_ratio(cic)
    if 0 < s < LEARNERS_FOR_CONFIDENCE:
        margin = stats.correlation_margin(s)
        if margin is None:
            cautions.append(text(_n("low confidence: with {n} learner, no question's discrimination can be "
                                    "trusted; read the choices picked instead",
                                    "low confidence: with {n} learners, no question's discrimination can be "
                                    "trusted; read the choices picked instead", s)))
        else:
            cautions.append(text(_n("low confidence: with {n} learner, a question's discrimination can be off "
                                    "by ±{margin}; trust only clearly negative values",
                                    "low confidence: with {n} learners, a question's discrimination can be off "
                                    "by ±{margin}; trust only clearly negative values", s, margin=_num(margin))))
    if unmarked:
        cautions.append(text(_n("{n} essay answer is not marked yet and counts in no figure; give it its "
                                "points in the score sheet",
                                "{n} essay answers are not marked yet and count in no figure; give them "
                                "their points in the score sheet", unmarked)))
    return {
        "learners": s, "questions": sum(1 for q in questions if q["learners"]),
        "max": max(maxes) if maxes else 0.0,
        "mean": stats.mean(shares), "sd": spread, "median": stats.median(shares),
        "passed": passed, "pass_rate": stats.percent(passed, s),
        "alpha": cic, "error_ratio": ratio, "standard_error": stats.standard_error(ratio, spread),
        "cautions": cautions,
    }


def _alpha(marked: list[list], scored: list[int], cautions: list[str]) -> float | None:
    """Cronbach's alpha when it means something: over the questions every learner was posed
    (all of them, unless versions drew different ones from a group or an essay is unmarked for
    some: then over those they share, said in a caution), with more than 2 learners and more
    than 1 question; else None, with a caution saying why."""
    if not scored:
        return None
    sets = [{item.id for item, _r in marked[k]} for k in scored]
    shared = set.intersection(*sets)
    ids = [item.id for item, _r in marked[scored[0]] if item.id in shared]  # in the order posed
    if len(scored) < 3 or len(ids) < 2:
        cautions.append(text(_("no alpha: it needs more than 2 learners and more than 1 question "
                               "that every learner was posed")))
        return None
    if any(len(s) != len(shared) for s in sets):
        cautions.append(text(_n("alpha is over the {n} question every learner was posed: the versions "
                                "drew different questions, or an essay is not marked for some",
                                "alpha is over the {n} questions every learner was posed: the versions "
                                "drew different questions, or an essay is not marked for some", len(ids))))
    marks = [{item.id: r.points for item, r in marked[k]} for k in scored]
    columns = [[m[ident] for m in marks] for ident in ids]
    cic = stats.alpha(columns)
    if cic is None:
        cautions.append(text(_("no alpha: every learner has the same total")))
    return cic


# -- role-plays and the evaluation ---------------------------------------------------------------


def _roleplays(ctx: _Context, observations: list[Observation]) -> list[dict]:
    scenarios: dict[str, list[Observation]] = {}
    for o in observations:
        scenarios.setdefault(o.scenario, []).append(o)
    titles = [t for t in ctx.roleplays if t in scenarios] + [t for t in scenarios if t not in ctx.roleplays]
    out = []
    for title in titles:
        obs = scenarios[title]
        rp = ctx.roleplays.get(title)
        length = max([len(rp.observe) if rp else 0] + [len(o.ticks) for o in obs])
        words = list(rp.observe) if rp else []
        words += [str(k + 1) for k in range(len(words), length)]
        items = []
        for k, words_k in enumerate(words):
            ticks = [o.ticks[k] for o in obs if k < len(o.ticks) and o.ticks[k] is not None]
            done = sum(1 for t in ticks if t == 1)
            share = stats.percent(done, len(ticks))
            flags = []
            if share is not None and share < MISSED:
                flags.append(_flag("missed", _('only {share}% did "{item}": practise it again, and brief '
                                               "the observers on it", share=_num(share), item=words_k)))
            items.append({"text": words_k, "done": done, "observed": len(ticks), "share": share, "flags": flags})
        people: dict[tuple[str, str], list[int]] = {}
        for o in obs:
            d = people.setdefault((o.cohort, o.learner), [0, 0])
            d[0] += sum(1 for t in o.ticks if t == 1)
            d[1] += sum(1 for t in o.ticks if t is not None)
        shares = [v for v in (stats.percent(d, n) for d, n in people.values()) if v is not None]
        out.append({"scenario": title, "learners": len(people), "mean": stats.mean(shares), "items": items,
                    "loc": str(rp.loc) if rp else str(obs[0].loc)})
    return out


_NOT_QUESTIONS = {"learner", "name", "cohort", "date", "team", "version"}


def _evaluation(course: Course, ratings: list[Rating]) -> dict:
    """The end-of-class evaluation: per question the mean rating, the answers counted, the comments.
    An answer's header names a question of the form by id or text; without the form, a question
    whose answers are all whole numbers 1-5 is a rating, one with few short answers a choice, the
    rest comments."""
    if not ratings:
        return {"responses": 0, "questions": []}
    form = _form(course)
    by_key: dict[str, dict] = {}
    for q in form:
        by_key.setdefault(normal(str(q.get("id", ""))), q)
        by_key.setdefault(normal(str(q.get("text", ""))), q)
    answers: dict[str, list[str]] = {}
    meta: dict[str, dict] = {}
    for q in form:
        key = str(q.get("id", "")) or str(q.get("text", ""))
        answers.setdefault(key, [])
        meta[key] = q
    for rating in ratings:
        for header, value in rating.answers:
            if normal(header) in _NOT_QUESTIONS:
                continue
            q = by_key.get(normal(header))
            key = (str(q.get("id", "")) or str(q.get("text", ""))) if q else header
            answers.setdefault(key, [])
            if value is not None and str(value).strip():
                answers[key].append(_as_choice(q, str(value).strip()))
    questions = []
    for key, given in answers.items():
        q = meta.get(key)
        kind = _kind(q.get("kind", "")) if q else _guess_kind(given)
        entry = {"id": key, "text": str(q.get("text", key)) if q else key, "kind": kind,
                 "mean": None, "counts": {}, "comments": []}
        if kind == "text":
            entry["comments"] = given
        else:
            entry["counts"] = _counts(q, kind, given)
            if kind == "rating":
                numbers = [n for n in (_number(a) for a in given) if n is not None]
                entry["mean"] = stats.mean(numbers)
        questions.append(entry)
    return {"responses": len(ratings), "questions": questions}


def _counts(q: dict | None, kind: str, given: list[str]) -> dict[str, int]:
    """The answers counted, in the form's order: a rating's every point of its scale, low to
    high, a choice question's every choice (0 when nobody gave it), then anything else given."""
    counted = Counter(given)
    order: list[str] = []
    if kind == "rating":
        scale = (q or {}).get("scale")
        if scale and len(scale) == 2:
            order = [str(v) for v in range(int(scale[0]), int(scale[1]) + 1)]
        numbered = sorted((a for a in counted if _number(a) is not None), key=lambda a: _number(a))
        order += [a for a in numbered if a not in order]
    elif q:
        order = [str(c) for c in q.get("choices") or ()]
    order += [a for a in counted if a not in order]
    return {a: counted.get(a, 0) for a in order}


def _as_choice(q: dict | None, answer: str) -> str:
    """A choice question's answer as its choice's text: given by its letter (B) or its text."""
    choices = [str(c) for c in (q or {}).get("choices") or ()]
    if not choices:
        return answer
    letter = normal(answer)
    if len(letter) == 1 and "a" <= letter <= "z" and ord(letter) - ord("a") < len(choices):
        return choices[ord(letter) - ord("a")]
    return next((c for c in choices if normal(c) == letter), answer)


def _form(course: Course) -> list[dict]:
    """The evaluation form's questions ({"id", "text", "kind", "choices"}), [] without one."""
    try:
        from .evaluation import form  # type: ignore[attr-defined]
    except ImportError:
        return []
    return list(form(course) or [])


def _kind(kind: str) -> str:
    k = str(kind).casefold()
    if k in ("rating", "scale", "likert", "score"):
        return "rating"
    return "choice" if k in ("choice", "single", "multiple", "yesno") else "text"


def _number(answer: str) -> float | None:
    from .items import parse_number

    return parse_number(answer)


def _guess_kind(given: list[str]) -> str:
    if given and all(_number(a) is not None and _number(a) == int(_number(a)) and 1 <= _number(a) <= 5
                     for a in given):
        return "rating"
    if given and len(set(given)) <= 6 and all(len(a) <= 20 for a in given) and len(set(given)) < len(given):
        return "choice"
    return "text"
