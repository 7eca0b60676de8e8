"""`::: simulation` read into trainerkit.simulation.Simulation, and its checks as `trainerkit check`
gives them to a trainer: each at its line, all at once, exit 1 for errors, no traceback; the line
per simulation with its best and worst paths. The syntax's corners are in
tests/fixtures/blocks/simulation.md."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from trainerkit import limits
from trainerkit.cli import main
from trainerkit.errors import Diagnostics, Location
from trainerkit.model import Span, Turn
from trainerkit.parse import parse_module
from trainerkit.simulation import Reply, Simulation, Step, best_walk, worst_walk

ROOT = Path(__file__).resolve().parents[1]

from conftest import SIMULATION_EXAMPLE as EXAMPLE
FRONT = "---\ntitle: 投诉处理\nduration: 30\nobjectives:\n  - 先共情再解决\n---\n\n## 练习\n\n"
FIRST = FRONT.count("\n") + 1  # the line of "::: simulation"


def simulations_of(tmp_path: Path, text: str) -> tuple[list[Simulation], list[str]]:
    path = tmp_path / "01-a.md"
    path.write_text(text, encoding="utf-8")
    diags = Diagnostics()
    module = parse_module(path, text, tmp_path, diags)
    sims = [b for s in module.sections for sl in s.slides for b in sl.blocks if isinstance(b, Simulation)]
    return sims, [f"{d.location.line}: {d.severity}: {d.message}" for d in diags.sorted()]


def test_the_issues_example_is_the_model_it_says(tmp_path: Path) -> None:
    (sim,), problems = simulations_of(tmp_path, FRONT + EXAMPLE)
    assert problems == []
    path = tmp_path / "01-a.md"

    def at(n: int) -> Location:
        return Location.of(path, FIRST + n)

    def t(s: str) -> tuple:
        return (Span(s),)

    def said(n: int, words: str) -> tuple:
        return (Turn("客户", t(words), False, at(n)),)

    assert sim == Simulation("第三次来电的车主", (
        Step("start", said(3, "我已经打了三次电话了!你们到底管不管?"), (
            Reply(t("打了三次还没解决,确实让人着急。我马上帮您查。"), "listen", 2, (), at(4)),
            Reply(t("系统显示您只打过两次。"), "angry", -2, t("不要纠正客户对事实的感受,先共情。"), at(5)),
            Reply(t("请您冷静一点。"), "angry", -1, (), at(7))), loc=at(2)),
        Step("listen", said(9, "定损员到现在都没来!"), (
            Reply(t("我现在就联系定损员,2 小时内给您回电。"), "good", 2, (), at(10)),
            Reply(t("定损员很忙,您再等等。"), "angry", -2, (), at(11))), loc=at(8)),
        Step("angry", said(13, "你这什么态度?我要投诉你!"), (
            Reply(t("非常抱歉,我们重新来,我马上帮您查进度。"), "listen", 1, (), at(14)),
            Reply(t("那您投诉吧。"), "bad", -3, (), at(15))), loc=at(12)),
        Step("good", end=True, outcome=t("客户同意等待回电,情绪平稳。"), loc=at(16)),
        Step("bad", end=True, outcome=t("客户挂断并投诉。"), loc=at(18)),
    ), objective="1", time=None, loc=at(0))
    assert sim.start.name == "start" and [s.name for s in sim.endings] == ["good", "bad"]
    assert best_walk(sim).steps == ("start", "listen", "good") and best_walk(sim).score == 4
    assert worst_walk(sim).steps == ("start", "angry", "bad") and worst_walk(sim).score == -5


def _without_locations(sim: Simulation) -> Simulation:
    """The simulation with every line at 0, to compare two spellings of one call."""
    from dataclasses import replace

    nowhere = Location("", 0)
    return replace(sim, loc=nowhere, steps=tuple(
        replace(s, loc=nowhere, turns=tuple(replace(t, loc=nowhere) for t in s.turns),
                replies=tuple(replace(r, loc=nowhere) for r in s.replies)) for s in sim.steps))


def test_arrows_colons_and_keywords_in_every_script_mean_the_same(tmp_path: Path) -> None:
    """→ and ->, ： and :, the Simplified, Traditional and English keywords, * and - replies."""
    simplified = ("::: simulation 退款\n目标: 1\n时间: 5\n[开始]\n客户: 退款呢?\n* 我查一下。 -> [好] +1\n"
                  "  先道歉。\n[好] 结束\n结局: 客户满意。\n:::\n")
    traditional = ("::: simulation 退款\n目標：1\n時間：5\n[开始]\n客户：退款呢?\n- 我查一下。 → [好] 1\n"
                   "  先道歉。\n[好] 結束\n結局：客户满意。\n:::\n")
    english = ("::: simulation 退款\nobjective: 1\ntime: 5m\n[开始]\n客户: 退款呢?\n* 我查一下。→[好]+1\n"
               "  先道歉。\n[好] end\noutcome: 客户满意。\n:::\n")
    made = []
    for text in (simplified, traditional, english):
        (sim,), problems = simulations_of(tmp_path, FRONT + text)
        assert problems == [], text
        made.append(_without_locations(sim))
    assert made[0] == made[1] == made[2]
    assert made[0].time == 5 and made[0].objective == "1"
    reply = made[0].start.replies[0]
    assert (reply.target, reply.score, reply.feedback) == ("好", 1, (Span("先道歉。"),))


def test_scores_are_numbers_with_decimals_and_default_zero(tmp_path: Path) -> None:
    text = ("::: simulation x\n[a]\n客户: ?\n* 一 -> [z] +0.5\n* 二 -> [z] -1.25\n* 三 -> [z]\n* 四 -> [z] 3\n"
            "[z] end\noutcome: 完\n:::\n")
    (sim,), problems = simulations_of(tmp_path, FRONT + text)
    assert problems == []
    assert [r.score for r in sim.start.replies] == [0.5, -1.25, 0, 3]


# -- trainerkit check ----------------------------------------------------------------------------

def course(tmp_path: Path, *modules: str) -> Path:
    root = tmp_path / "c"
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: T\nlanguage: zh-CN\n", encoding="utf-8")
    for n, text in enumerate(modules, 1):
        (root / "modules" / f"0{n}-m{n}.md").write_text(text, encoding="utf-8")
    return root


def check(root: Path) -> tuple[int, list[str], str]:
    """trainerkit check as a trainer runs it: the exit code, the problems as (line: severity:
    message) of module 1, and what it printed."""
    result = CliRunner().invoke(main, ["check", str(root)])
    assert "Traceback" not in result.output and not isinstance(result.exception, Exception) or \
        isinstance(result.exception, SystemExit), result.output
    found = re.findall(r"01-m1\.md:(\d+): (error|warning): (.*)", result.output)
    return result.exit_code, [f"{line}: {sev}: {msg}" for line, sev, msg in found], result.output


BROKEN = """::: simulation 坏的
objective: 4
[start]
客户: 喂?
* 好。 -> [lisen] +2
* 生气吧。 -> [angry] -1
[listen]
客户: 好的。
* 谢谢。 -> [good] +1
[start]
客户: 又一个开始
* 嗯。 -> [good]
[angry]
客户: 你们太慢了!
* 一 -> [loop]
* 二 -> [loop]
* 三 -> [loop]
* 四 -> [loop]
* 五 -> [loop]
* 六 -> [loop]
* 七 -> [stuck]
[loop]
客户: 又绕回来了。
* 绕 -> [loop2]
[loop2]
客户: 还在绕。
* 回 -> [loop]
[stuck]
客户: 然后呢?
[good] end
[bad] end
outcome: 客户挂断。
:::
"""


def test_every_check_at_its_line_all_at_once(tmp_path: Path) -> None:
    code, problems, output = check(course(tmp_path, FRONT + BROKEN))
    L = FIRST  # the ::: simulation line
    assert code == 1
    assert problems == [
        f"{L + 1}: error: objective 4 does not exist: module \"m1\" has 1 objective",
        f'{L + 4}: error: there is no step "[lisen]" in this simulation; did you mean "[listen]"?',
        f'{L + 6}: error: no reply leads to step "[listen]", so no call reaches it; point a reply '
        'at it with "-> [listen]", or delete it',
        f'{L + 9}: error: step "[start]" is already a step at line {L + 2}; give one of them '
        "another name",
        f"{L + 12}: error: from steps [angry], [loop], [loop2] no path leads to an ending: the "
        "call can only go round in a loop or stop; give one of them a reply that leads on towards "
        "an ending",
        f'{L + 12}: warning: step "[angry]" has 7 replies; more than 6 are hard to choose from on a '
        "slide or in a class vote: keep the telling ones",
        f'{L + 27}: error: step "[stuck]" has no replies and is not an ending; add the agent\'s '
        'replies ("* words -> [step] +1"), or write "[stuck] end" and its outcome',
        f'{L + 29}: error: no reply leads to step "[good]", so no call reaches it; point a reply at '
        'it with "-> [good]", or delete it',
        f'{L + 29}: warning: the ending "[good]" has no outcome; add a line "outcome: how the call '
        'ended" (or 结局:)',
        f'{L + 30}: error: no reply leads to step "[bad]", so no call reaches it; point a reply at '
        'it with "-> [bad]", or delete it',
    ]
    assert "Check failed: 8 errors, 2 warnings." in output


def test_a_score_that_is_no_number_and_a_target_with_no_close_name(tmp_path: Path) -> None:
    text = "::: simulation x\n[开始]\n客户: ?\n* 一 -> [好] 很好\n* 二 -> [结束了吗]\n[好] end\noutcome: 完\n:::\n"
    code, problems, _out = check(course(tmp_path, FRONT + text))
    assert code == 1
    assert problems == [
        f'{FIRST + 3}: error: the score after the target step must be a number, like +2, -1, 0 or '
        '0.5; not "很好"',
        f'{FIRST + 4}: error: there is no step "[结束了吗]" in this simulation; its steps are: '
        "[开始], [好]",
    ]


def test_no_steps_no_ending_and_the_start_as_an_ending(tmp_path: Path) -> None:
    text = ("::: simulation 空\n:::\n\n::: simulation 没有结局\n[a]\n客户: ?\n* 一 -> [a]\n:::\n\n"
            "::: simulation 一开始就结束\n[a] end\noutcome: 完\n:::\n")
    code, problems, _out = check(course(tmp_path, FRONT + text))
    assert code == 1
    assert problems == [
        f'{FIRST}: error: this simulation has no steps; start one with "[start]" on a line of its '
        "own, then the customer's words and the replies",
        f"{FIRST + 3}: error: this simulation has no ending, so no call can end; add one, like "
        '"[good] end" and its line "outcome: ..."',
        f'{FIRST + 10}: error: the first step is the start of the call, so it cannot be an ending; '
        'put "[a] end" after the steps that lead to it',
    ]


def test_an_objective_of_another_module_and_a_module_id_that_is_none(tmp_path: Path) -> None:
    other = "---\ntitle: B\nid: other\nduration: 10\nobjectives:\n  - 一\n  - 二\n---\n\n## B\n"
    text = ("::: simulation 好\n目标: other.2\n[a]\n客户: ?\n* 一 -> [z]\n[z] end\noutcome: 完\n:::\n\n"
            "::: simulation 坏\n目標：other.3\n[a]\n客户: ?\n* 一 -> [z]\n[z] end\noutcome: 完\n:::\n\n"
            "::: simulation 坏\n\n\nobjective: nobody.1\n[a]\n客户: ?\n* 一 -> [z]\n[z] end\noutcome: 完\n"
            ":::\n")
    code, problems, _out = check(course(tmp_path, FRONT + text, other))
    assert code == 1
    assert problems == [
        f'{FIRST + 10}: error: objective 3 does not exist: module "other" has 2 objectives',
        f'{FIRST + 21}: error: no module has the id "nobody" (Objective: nobody.1); the module ids '
        "are: m1, other",
    ]


def test_too_many_steps_is_an_error_at_the_step_over_the_limit(tmp_path: Path) -> None:
    most = limits.MAX_SIMULATION_STEPS
    steps = "".join(f"[s{i}]\n客户: {i}\n* 下一步 -> [s{i + 1}]\n" for i in range(most))
    text = f"::: simulation 长\n{steps}[s{most}] end\noutcome: 完\n:::\n"
    code, problems, _out = check(course(tmp_path, FRONT + text))
    assert code == 1
    assert problems == [f"{FIRST + 1 + 3 * most}: error: this simulation has more than {most} steps "
                        "(the limit MAX_SIMULATION_STEPS); split it into several simulations"]


def test_check_says_each_simulations_best_and_worst_path(tmp_path: Path) -> None:
    root = course(tmp_path, FRONT + EXAMPLE)
    code, problems, output = check(root)
    assert (code, problems) == (0, [])
    line = next(s for s in output.splitlines() if "第三次来电的车主" in s)
    assert line.endswith(f'01-m1.md:{FIRST}: simulation "第三次来电的车主": best path 4 (start → '
                         "listen → good), worst path -5 (start → angry → bad); 6 paths")


def test_a_walk_cut_short_is_a_warning_and_stays_quick(tmp_path: Path) -> None:
    """A dense loop that leads back to the start has billions of paths that end nowhere: check
    stops walking them (simulation.MAX_WALK_STEPS) and says so, in seconds."""
    import time

    n = 40
    steps = "[start]\n客户: ?\n* 结束 -> [end]\n" + "".join(f"* 去 -> [x{i}]\n" for i in range(5))
    for i in range(n):
        steps += f"[x{i}]\n客户: {i}\n* 回 -> [start]\n"
        steps += "".join(f"* 去 -> [x{(i + k) % n}]\n" for k in (1, 2, 3, 5))
    text = f"::: simulation 绕\n{steps}[end] end\noutcome: 完\n:::\n"
    started = time.monotonic()
    code, problems, output = check(course(tmp_path, FRONT + text))
    assert time.monotonic() - started < 20
    assert code == 0
    assert problems == [f"{FIRST}: warning: this simulation has more paths than trainerkit walks "
                        "(the limits MAX_PATHS and MAX_WALK_STEPS of trainerkit/simulation.py): its "
                        "best and worst paths are those of the 1 walked; fewer replies that lead "
                        "back make it easier to follow"]
    assert "best path 0 (start → end), worst path 0 (start → end); 1 path" in output


def test_format_md_shows_the_issues_example_and_the_line_check_prints(tmp_path: Path) -> None:
    """docs/format.md's example is the issue's, as written (tests/fixtures/format-examples builds
    it), and the line it shows is the one check prints for it."""
    doc = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Call simulations"):doc.index("\n## ", doc.index("### Call simulations"))]
    assert f"```markdown\n{EXAMPLE}```" in section
    shown = re.search(r"```text\n(\S+?):\d+: (.*)\n```", section)
    assert shown and shown.group(1).endswith(".md")
    _code, _problems, output = check(course(tmp_path, FRONT + EXAMPLE))
    assert output.splitlines()[0].endswith(": " + shown.group(2))
    heard = (ROOT / "tests" / "fixtures" / "format-examples" / "modules" / "02-heard.md").read_text(encoding="utf-8")
    assert EXAMPLE in heard
