"""`::: simulation`: a branching practice call (the model: trainerkit/simulation.py).

    ::: simulation 第三次来电的车主
    objective: 1                                    <- or 目标: / 目標: (optional), as quizzes
    time: 10                                        <- or 时间: / 時間: minutes (optional)
    [start]                                         <- a step; the first one is the start
    客户: 我已经打了三次电话了!你们到底管不管?       <- script lines: "Speaker: words" or "：",
    * 打了三次还没解决,确实让人着急。 -> [listen] +2    "!Speaker: ..." a compliance line
    * 系统显示您只打过两次。 -> [angry] -2          <- "*" or "-" a reply; "->" or "→" its
      不要纠正客户对事实的感受,先共情。               target step; +n / -n / n its score
    [listen]                                           (default 0; 0.5 is fine); an indented
    ...                                                line after it, its feedback
    [good] end                                      <- an ending ("[name] 结束" / "結束")
    结局: 客户同意等待回电,情绪平稳。               <- outcome: / 结局: / 結局: how it ended
    :::

Before the first step come only the `objective:` and `time:` lines. A step holds what is said
first (lines without a speaker go on the turn above, as in a script), then its replies; an ending
may hold what is said and its outcome, no replies. Step names may be Chinese; inline Markdown
works in what is said, in replies, feedback and outcomes. The names' graph (targets that do not
exist, steps nothing reaches, loops, duplicates ...) is checked by check_simulations.py.
"""

from __future__ import annotations

import re

from .. import config, limits
from ..errors import Location
from ..messages import _
from ..model import Span, Turn
from ..simulation import Reply, Simulation, Step
from .lines import Context, Lines, split_label
from .markdown import parse_inline
from .script import read_turn

OBJECTIVE = ("objective", "目标", "目標")
TIME = ("time", "时间", "時間")
OUTCOME = ("outcome", "结局", "結局")
ENDS = ("end", "结束", "結束")
STEP = re.compile(r"^\[([^\[\]]*)\](.*)$")
TARGET = re.compile(r"(?:->|→)\s*\[([^\[\]]*)\]\s*(.*?)$")
SCORE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
# The signs a Chinese keyboard or a word processor types: full-width plus and minus, the minus sign.
SIGNS = str.maketrans({"＋": "+", "－": "-", "−": "-", "–": "-"})


def parse_simulation(title: str, lines: Lines, ctx: Context, loc: Location) -> Simulation:
    if not title:
        ctx.warning(loc.line - 1, _('this simulation has no title; write it after the block\'s name, '
                                    'like "::: simulation 第三次来电的车主"'))
    objective, time = "", None
    steps: list[_Step] = []
    feedback_open = False  # an indented line now is the last reply's feedback
    for n, raw in lines:
        line = raw.strip()
        if not line:
            continue
        step = steps[-1] if steps else None
        if step is not None and feedback_open and raw[:1] in " \t" and not (
                line[:2] in ("* ", "- ") and TARGET.search(line)):  # an indented reply is a reply
            step.feedback(n, parse_inline(line))
            continue
        feedback_open = False
        head = STEP.match(line)
        if head:
            name, rest = head.group(1).strip(), head.group(2).strip()
            if not name:
                ctx.error(n, _('a step needs a name inside the brackets, like "[start]" or "[生气]"'))
            if rest and rest.lower() not in ENDS:
                ctx.error(n, _('after a step\'s "[{name}]" only "end" may follow (or 结束 / 結束), '
                               'which makes it an ending; not "{rest}"', name=name, rest=rest))
            if len(steps) == limits.MAX_SIMULATION_STEPS:
                ctx.error(n, _("this simulation has more than {most} steps (the limit "
                               "MAX_SIMULATION_STEPS); split it into several simulations",
                               most=limits.MAX_SIMULATION_STEPS))
            steps.append(_Step(name, rest.lower() in ENDS, ctx.loc(n)))
            continue
        labelled = split_label(line)
        key = labelled[0].lower() if labelled else ""
        if step is None:
            if key in OBJECTIVE:
                objective = _objective(labelled[1], n, ctx)
            elif key in TIME:
                time = config.parse_minutes(labelled[1])
                if time is None:
                    ctx.error(n, _('simulation "time" must be minutes, like 10 or "10m"; not '
                                   '"{value}"', value=labelled[1]))
            else:
                ctx.error(n, _('a simulation starts with its first step, "[start]" on a line of its '
                               'own (before it only "objective:" and "time:" lines)'))
            continue
        if key in OBJECTIVE + TIME:
            ctx.error(n, _('"{key}:" comes before the first step, right under the '
                           '"::: simulation" line', key=labelled[0]))
            continue
        if line[:2] in ("* ", "- ") or line in ("*", "-"):
            if step.end:
                ctx.error(n, _('an ending has no replies; take "end" off "[{name}]" to make it a '
                               'step, or move the reply to a step', name=step.name))
                continue
            reply = _reply(line[1:].strip(), n, ctx)
            if reply is not None:
                step.replies.append(reply)
                feedback_open = True
            continue
        if key in OUTCOME:
            if not step.end:
                ctx.error(n, _('only an ending has an outcome; write "[{name}] end" to make this '
                               'step an ending', name=step.name))
            elif step.outcome:
                ctx.error(n, _('this ending already has its outcome; keep one "outcome:" line'))
            else:
                step.outcome = parse_inline(labelled[1])
                step.outcome_open = True
            continue
        if step.outcome_open and labelled is None and not line.startswith("!"):
            step.outcome = step.outcome + (Span("\n"),) + parse_inline(line)  # it goes on
            continue
        step.outcome_open = False
        if step.replies:
            ctx.error(n, _("what is said in a step comes before its replies; start a new step "
                           'with "[name]" on a line of its own, or indent the line to make it the '
                           "reply's feedback"))
            continue
        if labelled is None and not step.turns and not line.startswith("!"):
            ctx.error(n, _('this line of step "[{name}]" is no "Speaker: words" line, no reply '
                           '("* words -> [step] +1") and no outcome; write who says it, like '
                           '"客户: 你们到底管不管?"', name=step.name))
            continue
        read_turn(raw, n, step.turns, ctx)
    if not steps:
        ctx.error(loc.line - 1, _('this simulation has no steps; start one with "[start]" on a line '
                                  'of its own, then the customer\'s words and the replies'))
    return Simulation(title, tuple(s.made() for s in steps), objective, time, loc)


class _Step:
    """A step while its lines are read."""

    def __init__(self, name: str, end: bool, loc: Location):
        self.name, self.end, self.loc = name, end, loc
        self.turns: list[Turn] = []
        self.replies: list[Reply] = []
        self.outcome: tuple = ()
        self.outcome_open = False  # a line without a label goes on the outcome

    def feedback(self, n: int, text: tuple) -> None:
        last = self.replies[-1]
        more = last.feedback + (Span("\n"),) + text if last.feedback else text
        self.replies[-1] = Reply(last.text, last.target, last.score, more, last.loc)

    def made(self) -> Step:
        return Step(self.name, tuple(self.turns), tuple(self.replies), self.end, self.outcome, self.loc)


def _reply(line: str, n: int, ctx: Context) -> Reply | None:
    """"words -> [step] +2" into a Reply; None (with an error) without its target."""
    found = None
    for found in TARGET.finditer(line):
        pass  # the last arrow: a reply's words may hold one
    if found is None:
        if "->" in line or "→" in line:
            ctx.error(n, _('write the reply\'s target step in brackets after the arrow, like '
                           '"-> [listen] +2"'))
        else:
            ctx.error(n, _('a reply needs the step it leads to: "* words -> [step]", and a score '
                           'if it has one, like "* 我马上帮您查。 -> [listen] +2"'))
        return None
    words, target, tail = line[:found.start()].strip(), found.group(1).strip(), found.group(2).strip()
    if not words:
        ctx.error(n, _("this reply has no words before its arrow; write what the agent says"))
    if not target:
        ctx.error(n, _('this reply\'s target is empty; name a step in the brackets, like "[listen]"'))
    score: float = 0
    if tail:
        written = tail.translate(SIGNS).replace(" ", "")
        if SCORE.match(written):
            value = float(written)
            score = int(value) if value.is_integer() else value
        else:
            ctx.error(n, _('the score after the target step must be a number, like +2, -1, 0 or '
                           '0.5; not "{value}"', value=tail))
    return Reply(parse_inline(words), target, score, (), ctx.loc(n))


def _objective(value: str, n: int, ctx: Context) -> str:
    """The objective as written, when it has the form of one: N, or module-id.N."""
    value = value.strip()
    module, dot, number = value.rpartition(".")
    if number.isdigit() and int(number) >= 1:
        return f"{module}{dot}{int(number)}"  # full-width digits as ASCII ones
    ctx.error(n, _('a simulation\'s objective must be the number of one of the module\'s '
                   'objectives, like "objective: 2" or "objective: module-id.2"; not "{value}"',
                   value=value))
    return ""
