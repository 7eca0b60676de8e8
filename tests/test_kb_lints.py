"""The lints of kb cards and scripts (trainerkit/check_kb.py) as a trainer gets them from
`trainerkit check`: an over-long sentence (Chinese, English, mixed), a card of too many steps or
too deep a list, each at its line with the numbers in the message and silent just under the
limit; course.yml's and trainerkit.yml's lint: settings; a compliance line written two ways in
one course and across the courses of a training system."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from trainerkit.build import check, load
from trainerkit.check_kb import (
    Length, candidates, compliance_lints, latest_compliance, measure, sentences, similar, tokens,
)
from trainerkit.cli import main
from trainerkit.errors import Diagnostics, Location

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "lints" / "course"
KB = FIXTURE / "modules" / "01-kb.md"
SCRIPT = FIXTURE / "modules" / "02-script.md"
OURS = ("this sentence has", "this kb card has", "this list in a kb card", "this compliance line")


def line_of(path: Path, text: str, first: bool = False) -> int:
    """The 1-based line of path holding text (once; with first, the first of several)."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(lines) == 1 or first and lines, (text, lines)
    return lines[0]


RECORDED = "!坐席: 为保障服务质量，本次通话将被录音。"  # twice in 02-script.md, its variant once


def ours(found) -> list[tuple[str, int, str]]:
    """The kb and script lints among what check found: (file name, line, English message)."""
    return [(Path(d.location.path).name, d.location.line, str(d.message)) for d in found
            if d.severity == "warning" and str(d.message).startswith(OURS)]


def lints_of(course_dir: Path) -> list[tuple[str, int, str]]:
    diags = Diagnostics()
    load(course_dir, diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    return ours(diags.sorted())


def test_every_lint_of_the_fixture_at_its_line_with_its_numbers() -> None:
    found = ours(check(FIXTURE))
    kb, script = KB.name, SCRIPT.name
    expected = [
        (kb, line_of(KB, "确认无误后在工单写明"), "this sentence has 41 Chinese characters, more than 40"),
        (kb, line_of(KB, "在 CRM 里打开 Orders"), "this sentence has 41 Chinese characters, more than 40"),
        (kb, line_of(KB, "Open the 理赔 page"), "this sentence has 26 words, more than 25"),
        (kb, line_of(KB, "open a ticket and call them back"), "this sentence has 26 words, more than 25"),
        (kb, line_of(KB, "::: kb 理赔报案八步"), "this kb card has 8 steps (its top-level list items), more than 7"),
        (kb, line_of(KB, "高速公路报桩号"), "this list in a kb card nests 3 levels deep, more than 2"),
        (kb, line_of(KB, "每月 5 日扣款"), "this list in a kb card nests 4 levels deep, more than 2"),
        (kb, line_of(KB, "::: kb 退保须知"), "this kb card has 8 steps (its paragraphs), more than 7"),
        # the turn's second line, where the long sentence is
        (script, line_of(SCRIPT, "请您报一下身份证后四位"), "this sentence has 42 Chinese characters, more than 40"),
        (script, line_of(SCRIPT, "本次通话将会录音"), "this compliance line differs from the same line at "
         f"{Location.of(SCRIPT, line_of(SCRIPT, RECORDED, first=True))}: "),
        (script, line_of(SCRIPT, "I am sorry, I can see"), "this sentence has 33 words, more than 25"),
    ]
    assert [(f, n, m[:len(e)]) for (f, n, m), (_f, _n, e) in zip(found, expected)] == expected
    assert len(found) == len(expected)
    # What each says to do, and the sentence it means.
    assert found[0][2].endswith('(lint: sentence_chars): "客户反映保单信息有误时，先核对…"; split it '
                                "into shorter sentences, one point each")
    assert found[2][2].endswith('(lint: sentence_words): "Open the 理赔 page in the CRM…"; split it '
                                "into shorter sentences, one point each")
    assert "split it into two cards" in found[4][2] and "(lint: card_steps)" in found[4][2]
    assert "(lint: list_depth)" in found[5][2]
    assert found[9][2].endswith('copy the wording used most (2 of the 3 times this line is written): '
                                '"坐席: 为保障服务质量，本次通话将被录音。"')


def test_just_under_the_limits_nothing_fires() -> None:
    """The fixture's sentences of 40 characters and 25 words, a mixed one under both, two short
    sentences in one item, the card of 7 steps, the list 2 deep: no warning on their lines."""
    lines = {n for f, n, _m in ours(check(FIXTURE)) if f == KB.name}
    for text in ("确认后在工单里写明修改原因和完成时间", "先核对客户身份和保单号码", "Claims > New claim",
                 "open a ticket and call back.", "Read the last update", "::: kb 理赔报案七步",
                 "   - 具体到路口"):
        for n, line in enumerate(KB.read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                assert n not in lines, (text, n)
    assert line_of(KB, "问出险时间、地点、经过") + 1 not in lines


def test_how_sentences_are_cut_and_counted() -> None:
    """Hand-counted: Han characters and other words apart; 。！？；!?; a full stop before a
    space and a line end end a sentence, a comma and a decimal point do not."""
    assert [s for _n, s in sentences("先核对身份，再查询。如果失败！再试？好；行\n下一行")] == [
        "先核对身份，再查询。", "如果失败！", "再试？", "好；", "行", "下一行"]
    assert sentences("Check it. Then call back! Rate 3.5 today")[2] == (0, "Rate 3.5 today")
    assert sentences("第一行\n第二行很长")[1] == (1, "第二行很长")
    assert measure("先核对身份，再查询。") == Length(8, 0)
    assert measure("Check the customer's e-mail address.") == Length(0, 5)
    assert measure("在 CRM 里打开 Orders > Tracking 页面，2 小时内回电") == Length(11, 4)  # 在里打开页面小时内回电


def test_course_yml_lint_settings_are_respected(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    (root / "course.yml").write_text("title: T\nlanguage: zh-CN\nlint:\n  sentence_chars: 41\n"
                                     "  sentence_words: 30\n  card_steps: 8\n  list_depth: 3\n",
                                     encoding="utf-8")
    found = lints_of(root)
    assert [(n, m.split(" (")[0]) for _f, n, m in found] == [
        (line_of(KB, "余额不足顺延一天"), "this list in a kb card nests 4 levels deep, more than 3"),
        (line_of(SCRIPT, "请您报一下身份证后四位"), "this sentence has 42 Chinese characters, more than 41"),
        (line_of(SCRIPT, "本次通话将会录音"), "this compliance line differs from the same line at "
         f"{Location.of(root / 'modules' / '02-script.md', line_of(SCRIPT, RECORDED, first=True))}: "
         "a compliance line is said word for word, so it must be written the same everywhere; copy "
         "the wording used most"),
        (line_of(SCRIPT, "I am sorry, I can see"), "this sentence has 33 words, more than 30"),
    ]
    (root / "course.yml").write_text("title: T\nlanguage: zh-CN\nlint:\n  sentence_chars: 20\n"
                                     "  card_steps: 2\n  list_depth: 1\n", encoding="utf-8")
    found = lints_of(root)
    seven = line_of(KB, "::: kb 理赔报案七步")
    assert (KB.name, seven, "this kb card has 7 steps (its top-level list items), more than 2") in \
        [(f, n, m.split(" (lint")[0]) for f, n, m in found]
    assert (KB.name, line_of(KB, "先核对客户身份和保单号码"),
            "this sentence has 23 Chinese characters, more than 20") in \
        [(f, n, m.split(" (lint")[0]) for f, n, m in found]
    assert (KB.name, seven + 2, "this list in a kb card nests 3 levels deep, more than 1") in \
        [(f, n, m.split(" (lint")[0]) for f, n, m in found]


def test_similar_compliance_lines() -> None:
    """A changed word, a mark, a dropped phrase is the same line; two different lines are not."""
    assert similar("为保障服务质量，本次通话将被录音。", "为保障服务质量，本次通话将会录音。")
    assert similar("为保障服务质量，本次通话将被录音。", "为保障服务质量,本次通话将被录音。")  # half-width comma
    assert similar("为保障服务质量，本次通话将被录音。", "为保障服务质量，本次通话将被录音")
    assert similar("This call is recorded for quality and training purposes.",
                   "This call is recorded for training and quality purposes.")
    assert similar("This call is recorded for quality and training purposes.",
                   "This call is recorded for quality purposes.")
    assert not similar("为保障服务质量，本次通话将被录音。", "为保障服务质量，本次通话将被录音。")  # equal
    assert not similar("为保障服务质量，本次通话将被录音。", "请问还有其他可以帮您的吗？")
    assert not similar("This call is recorded for quality and training purposes.",
                       "Thank you for calling, have a nice day.")
    assert not similar("为保障服务质量，本次通话将被录音。", "为保护您的信息安全，需要跟您核对几项信息。")


def test_the_prefix_filter_misses_no_similar_pair() -> None:
    """candidates() against trying every pair, on lines of a few characters each changed, added
    or dropped here and there (seeded), so that many pairs are near the threshold."""
    import itertools
    import random

    rng = random.Random(17)
    for _trial in range(40):
        alphabet = "为保障服务质量本次通话将被录音请问还有其他可以帮您的吗，。"[:rng.randint(3, 28)]
        lines = []
        for _base in range(6):
            base = [rng.choice(alphabet) for _ in range(rng.randint(1, 14))]
            for _copy in range(5):
                line = list(base)
                for _edit in range(rng.randint(0, 3)):
                    k = rng.randrange(len(line) + 1)
                    roll = rng.random()
                    if roll < 0.4:
                        line.insert(k, rng.choice(alphabet))
                    elif line:
                        del line[min(k, len(line) - 1)]
                        if roll < 0.7:
                            line.insert(min(k, len(line)), rng.choice(alphabet))
                lines.append("".join(line) or "好")
        lines = list(dict.fromkeys(lines))
        every = {(x, y) for x, y in itertools.combinations(range(len(lines)), 2) if similar(lines[x], lines[y])}
        found = {(x, y) for x, y in candidates([tokens(t) for t in lines]) if similar(lines[x], lines[y])}
        assert found == every
        assert every  # the lines do come near each other


SYSTEM_OPENING = """---
title: 开场
id: opening
duration: 10
objectives:
  - 标准开场
---

## 开场

::: script 开场
坐席: 您好，XX保险客服中心，很高兴为您服务。
!坐席: 为保障服务质量，本次通话将被录音。
客户: 你们这个处理进度也太慢了吧，我已经等了两个多星期了，到现在都没人给我打电话说明一下情况啊。
:::
"""


def own_module(line: str, mid: str) -> str:
    return f"""---
title: 本课模块
id: {mid}
duration: 10
objectives:
  - 本课目标
---

## 练习

::: script 练习
{line}
客户: 好的。
:::
"""


def make_system(tmp_path: Path) -> Path:
    """A training system of two courses sharing library/opening.md: course a repeats its
    compliance line word for word, course b writes it another way; the system's lint: sets 40
    characters, course b its own 50."""
    root = tmp_path / "sys"
    (root / "library").mkdir(parents=True)
    (root / "trainerkit.yml").write_text("title: 客服培训体系\nlanguage: zh-CN\nlint:\n  sentence_chars: 40\n",
                                         encoding="utf-8")
    (root / "library" / "opening.md").write_text(SYSTEM_OPENING, encoding="utf-8")
    for name, line, extra in (("a", "!坐席: 为保障服务质量，本次通话将被录音。", ""),
                              ("b", "!坐席: 为了保障服务质量，本次通话将被录音。", "lint:\n  sentence_chars: 50\n")):
        (root / "courses" / name / "modules").mkdir(parents=True)
        (root / "courses" / name / "course.yml").write_text(
            f"title: 课程 {name}\nmodules: [library/opening.md, modules/own.md]\n{extra}", encoding="utf-8")
        (root / "courses" / name / "modules" / "own.md").write_text(own_module(line, f"own{name}"),
                                                                     encoding="utf-8")
    return root


def test_compliance_across_the_courses_of_a_system(tmp_path: Path) -> None:
    root = make_system(tmp_path)
    library = root / "library" / "opening.md"
    b_own = root / "courses" / "b" / "modules" / "own.md"
    diags = Diagnostics()
    a = load(root / "courses" / "a", diags)
    b = load(root / "courses" / "b", diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    # The library's customer line is 42 characters: over the system's 40 in course a, under
    # course b's own 50 (the library module is the same parsed module in both).
    long_line = Location.of(library, 14)
    assert [str(d.message)[:50] for d in diags.items if d.location == long_line] == [
        "this sentence has 42 Chinese characters, more than"]
    assert "more than 40" in str(next(d.message for d in diags.items if d.location == long_line))
    # Course b alone: its own line against the library's, one each: the first read wins.
    variant = Location.of(b_own, 12)
    alone = [d for d in diags.items if str(d.message).startswith("this compliance line")]
    assert [(d.location, str(d.message).split(": a compliance")[0]) for d in alone] == [
        (variant, f"this compliance line differs from the same line at {Location.of(library, 13)}")]
    assert "(1 of the 2 times" in str(alone[0].message)
    # The system: the library's line in both courses and course a's copy make 3 of 4; what
    # course b's own check said is replaced, not said twice.
    compliance_lints([a, b], diags)
    said = [d for d in diags.items if str(d.message).startswith("this compliance line")]
    assert [(d.location, d.severity) for d in said] == [(variant, "warning")]
    assert str(said[0].message) == (
        f"this compliance line differs from the same line at {Location.of(library, 13)}: a "
        "compliance line is said word for word, so it must be written the same everywhere; copy "
        'the wording used most (3 of the 4 times this line is written): "坐席: 为保障服务质量，'
        '本次通话将被录音。"')
    # Collected apart (a course's build, then the system's step), the system's stays.
    apart = Diagnostics()
    load(root / "courses" / "b", apart)
    system = Diagnostics()
    compliance_lints([a, b], system)
    kept = [d for d in latest_compliance(apart.items + system.items)
            if str(d.message).startswith("this compliance line")]
    assert [(d.location, "(3 of the 4 times" in str(d.message)) for d in kept] == [(variant, True)]
    # Course a holds no variant: alone it is quiet.
    quiet = Diagnostics()
    a = load(root / "courses" / "a", quiet)
    compliance_lints([a], quiet)
    assert not [d for d in quiet.items if str(d.message).startswith("this compliance line")]


def test_trainerkit_check_shows_them() -> None:
    result = CliRunner().invoke(main, ["check", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    want = (f"{Location.of(KB, line_of(KB, '确认无误后在工单写明'))}: warning: this sentence has 41 "
            'Chinese characters, more than 40 (lint: sentence_chars): "客户反映保单信息有误时，先核对…"; '
            "split it into shorter sentences, one point each")
    assert want in lines
    assert any(line.startswith(f"{Location.of(KB, line_of(KB, '::: kb 退保须知'))}: warning: this kb "
                               "card has 8 steps (its paragraphs), more than 7") for line in lines)
    assert any(line.startswith(f"{Location.of(SCRIPT, line_of(SCRIPT, '本次通话将会录音'))}: warning: "
                               "this compliance line differs") for line in lines)
    # --strict: they stop the build like errors.
    strict = CliRunner().invoke(main, ["check", "--strict", str(FIXTURE)])
    assert strict.exit_code == 1


def test_the_lint_block_format_md_shows_is_read(tmp_path: Path) -> None:
    """docs/format.md's lint: example, in a course.yml, gives the settings it says (the defaults)."""
    import re

    from trainerkit.settings import LintSettings

    text = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    section = text[text.index("\n### Lints for kb cards and scripts\n"):]
    yml = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    (root / "course.yml").write_text("title: T\nlanguage: zh-CN\n" + yml, encoding="utf-8")
    diags = Diagnostics()
    course = load(root, diags)
    assert not diags.errors, [str(d) for d in diags.errors]
    assert (course.lint.sentence_chars, course.lint.sentence_words, course.lint.card_steps,
            course.lint.list_depth) == (40, 25, 7, 2) == tuple(
        getattr(LintSettings(), k) for k in ("sentence_chars", "sentence_words", "card_steps", "list_depth"))
    assert len(lints_of(root)) == len(ours(check(FIXTURE)))
