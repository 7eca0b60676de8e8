"""The practice page (practice.html, issue 16) driven in Debian's Chromium as a learner would:
the best and the worst path read back (score, out of, percent, outcome, path), keyboard only, a
phone's width, Chinese and English, the menu of several calls, the event the SCORM package
listens to, and a hostile course's text shown as text. Nothing is fetched.

The simulations are built by hand (the issue's example) and put into a parsed course's slide, so
the page is tested on its own; the end-to-end test builds the issue's Markdown with `build`."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from trainerkit.build import load
from trainerkit.errors import Diagnostics
from trainerkit.model import Turn, plain, text_of
from trainerkit.outputs import OUTPUTS
from trainerkit.simulation import Reply, Simulation, Step, best_walk, percent, worst_walk
from trainerkit.templates import Templates

from conftest import COURSES
from conftest import SIMULATION_EXAMPLE as ISSUE_EXAMPLE

ALERT = "<img src=x onerror=alert(1)>"
IMG = "<img src=x onerror=window.__pwned=1>"


def reply(text: str, target: str, score: float = 0, feedback: str = "") -> Reply:
    return Reply(text_of(text), target, score, text_of(feedback))


# The issue's example, as the parser will give it.
EXAMPLE = Simulation("第三次来电的车主", (
    Step("start", (Turn("客户", text_of("我已经打了三次电话了!你们到底管不管?")),), (
        reply("打了三次还没解决,确实让人着急。我马上帮您查。", "listen", 2),
        reply("系统显示您只打过两次。", "angry", -2, "不要纠正客户对事实的感受,先共情。"),
        reply("请您冷静一点。", "angry", -1))),
    Step("listen", (Turn("客户", text_of("定损员到现在都没来!")),), (
        reply("我现在就联系定损员,2 小时内给您回电。", "good", 2),
        reply("定损员很忙,您再等等。", "angry", -2))),
    Step("angry", (Turn("客户", text_of("你这什么态度?我要投诉你!")),), (
        reply("非常抱歉,我们重新来,我马上帮您查进度。", "listen", 1),
        reply("那您投诉吧。", "bad", -3))),
    Step("good", end=True, outcome=text_of("客户同意等待回电,情绪平稳。")),
    Step("bad", end=True, outcome=text_of("客户挂断并投诉。")),
), objective="1")

SECOND = Simulation("A caller who wants a refund", (
    Step("open", (Turn("Customer", text_of("I want my money back.")),), (
        reply("I understand. Let me check your order.", "done", 3, "Acknowledge, then act."),
        reply("That's not possible.", "done", -1))),
    Step("done", end=True, outcome=text_of("The call ends.")),
))


def course_with(tmp_path: Path, sims: list[Simulation], language: str = "en",
                title: str = "Complaint practice"):
    """The hello course in language, its first slide holding sims (as the parser puts them)."""
    root = tmp_path / f"course-{language}"
    shutil.copytree(COURSES / "hello", root)
    (root / "course.yml").write_text(f"title: {title!r}\nlanguage: {language}\n", encoding="utf-8")
    diags = Diagnostics()
    course = load(root, diags)
    assert not diags.errors, diags.sorted()
    module = course.modules[0]
    section = module.sections[0]
    first = dataclasses.replace(section.slides[0], blocks=section.slides[0].blocks + tuple(sims))
    section = dataclasses.replace(section, slides=(first,) + section.slides[1:])
    return dataclasses.replace(course, modules=(dataclasses.replace(module, sections=(section,)),))


def page_bytes(course) -> bytes:
    diags = Diagnostics()
    output = OUTPUTS["practice"]
    assert output.has_content(course)
    files = output.render(output.plan(course, Templates(course, diags)))
    assert not diags.items, diags.sorted()
    assert set(files) == {"practice.html"}
    return files["practice.html"]


def written(tmp_path: Path, course, name: str = "practice.html") -> Path:
    path = tmp_path / name
    path.write_bytes(page_bytes(course))
    return path


# Runs before the page's own script: records the results it tells, and what the policy refused.
LISTEN = """
window.__results = [];
window.__violations = [];
document.addEventListener("trainerkit:result", e => window.__results.push(e.detail));
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective));
"""


class Learner:
    """The page open in Chromium, and what went wrong on it (script errors, requests, dialogs)."""

    def __init__(self, browser, path: Path, width: int = 1100):
        self.page = browser.new_page(viewport={"width": width, "height": 800}, reduced_motion="reduce")
        self.problems: list[str] = []
        self.page.add_init_script(LISTEN)
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                     else self.problems.append(f"network: {r.url}"))
        self.page.goto(path.resolve().as_uri())

    def sim(self, ident: str | None = None):
        return self.page.locator(f"section#{ident}" if ident else "section.sim:not([hidden])")

    def pick(self, k: int, ident: str | None = None) -> None:
        self.sim(ident).locator(f"button.reply[data-reply='{k}']").click()

    def running(self, ident: str | None = None) -> str:
        return self.sim(ident).locator(".score-value").text_content()

    def result(self, ident: str | None = None) -> dict:
        box = self.sim(ident)
        r = box.locator(".ending .result")
        return {"score": float(r.get_attribute("data-score")), "best": float(r.get_attribute("data-best")),
                "percent": float(r.get_attribute("data-percent")), "text": r.text_content(),
                "outcome": box.locator(".ending .outcome").text_content(),
                "path": box.locator(".ending .route li").all_text_contents()}

    def results(self) -> list[dict]:
        return self.page.evaluate("window.__results")

    def focused(self) -> dict:
        return self.page.evaluate("""(() => { const e = document.activeElement;
            return {tag: e.tagName.toLowerCase(), cls: e.className, text: e.textContent,
                    reply: e.dataset.reply === undefined ? null : +e.dataset.reply}; })()""")

    def scroll_width(self) -> int:
        return self.page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


def expected_event(course, sim: Simulation, walk) -> dict:
    from trainerkit.quiz.practice import course_simulations

    ident = next(i for _m, s, i in course_simulations(course) if s is sim)
    best = best_walk(sim).score
    return {"kind": "simulation", "id": ident, "title": sim.title,
            "objective": "hello.1" if sim.objective else "", "path": list(walk.steps),
            "score": walk.score, "best": best, "percent": round(percent(sim, walk.score), 2)}


# -- playing -----------------------------------------------------------------------------------


def test_best_and_worst_paths_end_on_their_outcome_score_and_percent(browser, tmp_path: Path) -> None:
    course = course_with(tmp_path, [EXAMPLE])
    learner = Learner(browser, written(tmp_path, course))
    best, worst = best_walk(EXAMPLE), worst_walk(EXAMPLE)
    assert (best.steps, best.score) == (("start", "listen", "good"), 4)
    assert (worst.steps, worst.score) == (("start", "angry", "bad"), -5)
    # the call opens on the customer's first line, the replies offered, nothing scored yet
    box = learner.sim()
    assert box.locator(".chat .bubble.caller").all_text_contents() == ["客户我已经打了三次电话了!你们到底管不管?"]
    assert box.locator("button.reply").all_text_contents() == [plain(r.text) for r in EXAMPLE.start.replies]
    assert learner.running() == "0" and box.locator(".ending").is_hidden()
    for walk, outcome, text in ((best, "客户同意等待回电,情绪平稳。", "Score: 4 of 4 points (100%)"),
                                (worst, "客户挂断并投诉。", "Score: \u22125 of 4 points (0%)")):
        total = 0.0
        for name, k in zip(walk.steps, walk.replies):
            chosen = EXAMPLE.step(name).replies[k]
            learner.pick(k)
            total += chosen.score
            # the agent's reply, its points and feedback, then the customer's next lines
            assert box.locator(".chat .bubble.me").last.text_content() == "You" + plain(chosen.text)
            note = box.locator(".chat .note").last.text_content()
            assert note.startswith(("+" if chosen.score > 0 else "\u2212") + f"{abs(chosen.score):g} point")
            assert plain(chosen.feedback) in note
            nxt = EXAMPLE.step(chosen.target)
            for turn in nxt.turns:
                assert box.locator(".chat .bubble.caller").last.text_content() == turn.speaker + plain(turn.text)
            assert learner.running() == f"{total:g}".replace("-", "\u2212")
        got = learner.result()
        assert got == {"score": walk.score, "best": 4, "percent": percent(EXAMPLE, walk.score),
                       "text": text, "outcome": outcome, "path": list(walk.steps)}
        assert box.locator(".replies").is_hidden() and box.locator("button.reply").count() == 0
        assert learner.results()[-1] == expected_event(course, EXAMPLE, walk)
        box.locator("button.again").click()  # try again: the call from the start
        assert box.locator(".chat li").count() == 1 and learner.running() == "0"
        assert box.locator(".ending").is_hidden()
    assert [r["percent"] for r in learner.results()] == [100, 0]
    assert learner.problems == []


def test_a_call_that_goes_round_counts_every_reply(browser, tmp_path: Path) -> None:
    """start -> angry -> listen -> angry -> bad: steps may come again on the page (a path of
    trainerkit check's never does), each reply counted, the percent floored at 0."""
    course = course_with(tmp_path, [EXAMPLE])
    learner = Learner(browser, written(tmp_path, course))
    for k in (1, 0, 1, 1):
        learner.pick(k)
    got = learner.result()
    assert got["path"] == ["start", "angry", "listen", "angry", "bad"]
    assert got["score"] == -2 + 1 - 2 - 3 and got["percent"] == 0
    assert learner.results()[0]["path"] == got["path"]


def test_keyboard_only(browser, tmp_path: Path) -> None:
    """Tab reaches the replies in order, Enter picks one, the focus goes to what is new (read
    out by the live region), and the next Tab is on the next step's first reply."""
    course = course_with(tmp_path, [EXAMPLE])
    learner = Learner(browser, written(tmp_path, course))
    page = learner.page
    assert page.locator(".log[aria-live=polite]").count() == 1
    assert page.locator(".choices[role=group]").get_attribute("aria-labelledby")
    best = best_walk(EXAMPLE)
    for name, k in zip(best.steps, best.replies):
        for _ in range(k + 1):
            page.keyboard.press("Tab")
        assert learner.focused()["reply"] == k
        assert learner.focused()["text"] == plain(EXAMPLE.step(name).replies[k].text)
        page.keyboard.press("Enter")
        now = learner.focused()
        assert now["tag"] == "li" and "note" in now["cls"], now  # the points and feedback
    assert learner.result()["percent"] == 100
    page.keyboard.press("Tab")
    assert learner.focused()["cls"] == "again"
    page.keyboard.press("Enter")
    now = learner.focused()
    assert "bubble caller" in now["cls"] and "三次" in now["text"]  # the call from the start
    page.keyboard.press("Tab")
    assert learner.focused()["reply"] == 0
    # and by Space, as a button takes it
    page.keyboard.press("Tab")
    page.keyboard.press(" ")
    assert learner.running() == "\u22122"
    assert learner.problems == []


def test_a_phone_s_width_scrolls_no_way_but_down(browser, tmp_path: Path) -> None:
    long = reply("https://claims.example.com/" + "x" * 120 + " 请把这个链接发给客户" * 3, "done", 1,
                 "a-very-long-unbroken-feedback-" * 6)
    wide = dataclasses.replace(SECOND, title="A caller who wants a refund, " * 4,
                               steps=(dataclasses.replace(SECOND.steps[0], replies=SECOND.steps[0].replies + (long,)),
                                      SECOND.steps[1]))
    course = course_with(tmp_path, [EXAMPLE, wide], language="zh-CN")
    learner = Learner(browser, written(tmp_path, course), width=375)
    assert learner.scroll_width() <= 375
    for k in (1, 0, 0):
        learner.pick(k)
        assert learner.scroll_width() <= 375
    learner.page.locator(".menu button").nth(1).click()
    assert learner.scroll_width() <= 375
    learner.pick(2)
    assert learner.scroll_width() <= 375
    # every reply button as wide as the call, none past it
    for box in learner.page.locator("section.sim").all():
        for b in box.locator("button").all():
            r = b.bounding_box()
            assert r is None or r["x"] >= 0 and r["x"] + r["width"] <= 375
    learner.page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert learner.problems == []


@pytest.mark.parametrize("language, words", [
    ("en", {"lang": "en", "head": "How the call ended", "ask": "Your reply", "result": "Score: 4 of 4 points (100%)",
            "path": "Your path:", "again": "Try again", "me": "You", "note": "+2 points"}),
    ("zh-CN", {"lang": "zh-CN", "head": "通话结果", "ask": "你的回复", "result": "得分：4 / 4 分（100%）",
               "path": "你走过的路径：", "again": "再试一次", "me": "你", "note": "+2 分"}),
    ("zh-TW", {"lang": "zh-TW", "head": "通話結果", "ask": "你的回覆", "result": "得分：4 / 4 分（100%）",
               "path": "你走過的路徑：", "again": "再試一次", "me": "你", "note": "+2 分"}),
])
def test_the_page_speaks_the_course_s_language(browser, tmp_path: Path, language: str, words: dict) -> None:
    course = course_with(tmp_path, [EXAMPLE], language=language)
    learner = Learner(browser, written(tmp_path, course))
    page = learner.page
    assert page.evaluate("document.documentElement.lang") == words["lang"]
    assert page.locator(".replies-head span").first.text_content() == words["ask"]
    for k in best_walk(EXAMPLE).replies:
        learner.pick(k)
    box = learner.sim()
    assert box.locator(".chat .me .who").first.text_content() == words["me"]
    assert box.locator(".chat .note .delta").first.text_content() == words["note"]
    assert box.locator(".ending h3").text_content() == words["head"]
    assert learner.result()["text"] == words["result"]
    assert box.locator(".ending .route-head").text_content() == words["path"]
    assert box.locator("button.again").text_content() == words["again"]
    if language != "en":  # the objective line in the course's words
        assert box.locator(".meta").text_content().startswith("学习目标：" if language == "zh-CN" else "學習目標：")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert ("Noto Sans CJK TC" if language == "zh-TW" else "Noto Sans CJK SC") in font
    assert learner.problems == []


def test_the_menu_lists_the_calls_and_each_keeps_its_place(browser, tmp_path: Path) -> None:
    course = course_with(tmp_path, [EXAMPLE, SECOND])
    learner = Learner(browser, written(tmp_path, course))
    page = learner.page
    menu = page.locator("nav.menu button")
    assert menu.all_text_contents() == [EXAMPLE.title, SECOND.title]
    first, second = [s.get_attribute("id") for s in page.locator("section.sim").all()]
    assert (first, second) == ("sim-hello-1", "sim-hello-2")
    assert page.locator(f"#{second}").is_hidden() and menu.nth(0).get_attribute("aria-current") == "true"
    learner.pick(0, first)  # half-way through the first call
    menu.nth(1).click()
    assert page.locator(f"#{first}").is_hidden() and page.locator(f"#{second}").is_visible()
    assert learner.focused()["tag"] == "h2" and learner.focused()["text"] == SECOND.title
    learner.pick(0, second)
    assert learner.result(second)["text"] == "Score: 3 of 3 points (100%)"
    event = learner.results()[-1]
    assert event == {"kind": "simulation", "id": second, "title": SECOND.title, "objective": "",
                     "path": ["open", "done"], "score": 3, "best": 3, "percent": 100}
    menu.nth(0).click()
    assert learner.running(first) == "2"  # where it was left
    assert learner.problems == []
    # one call: no menu
    single = Learner(browser, written(tmp_path, course_with(tmp_path / "one", [SECOND]), "one.html"))
    assert single.page.locator("nav").count() == 0 and single.sim().is_visible()


def test_hostile_text_is_shown_as_text(browser, tmp_path: Path) -> None:
    hostile = Simulation(f"Call {ALERT}", (
        Step(ALERT, (Turn(IMG, text_of(f"Hello {ALERT} </script><script>window.__pwned=1</script>")),), (
            reply(ALERT, IMG, 1, f"feedback {IMG} <!--"),
            reply("fine", "end"))),
        Step(IMG, end=True, outcome=text_of(f"outcome {ALERT}")),
        Step("end", end=True, outcome=text_of("ok")),
    ))
    course = course_with(tmp_path, [hostile, SECOND], title=f"Course </title>{ALERT}")
    data = page_bytes(course).decode("utf-8")
    assert ALERT not in data and IMG not in data  # escaped in the HTML, \u003c in the data
    path = tmp_path / "hostile.html"
    path.write_text(data, encoding="utf-8")
    learner = Learner(browser, path)
    page = learner.page
    assert page.title() == f"Course </title>{ALERT} · Practice calls"
    assert page.locator("nav.menu button").first.text_content() == f"Call {ALERT}"
    box = learner.sim()
    assert box.locator("h2").text_content() == f"Call {ALERT}"
    assert box.locator(".bubble .who").first.text_content() == IMG
    assert box.locator("button.reply").first.text_content() == ALERT
    learner.pick(0)
    assert box.locator(".note .fb").text_content() == f"feedback {IMG} <!--"
    got = learner.result()
    assert got["path"] == [ALERT, IMG] and got["outcome"] == f"outcome {ALERT}"
    assert learner.results()[0]["path"] == [ALERT, IMG] and learner.results()[0]["title"] == f"Call {ALERT}"
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2  # the data and trainerkit's script
    assert not page.evaluate("typeof window.__pwned !== 'undefined'")
    assert learner.problems == [] and page.evaluate("window.__violations") == []


# -- the file ----------------------------------------------------------------------------------


def test_the_page_is_the_same_bytes_runs_only_its_script_and_fetches_nothing(tmp_path: Path) -> None:
    from trainerkit.quiz.practice import PRACTICE_SCRIPT

    course = course_with(tmp_path, [EXAMPLE, SECOND])
    data = page_bytes(course)
    assert data == page_bytes(course)
    text = data.decode("utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    assert scripts == [PRACTICE_SCRIPT]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert not re.search(r"(src|href)=\"?(https?:)?//", text)
    # the SCORM package's words, where its page says otherwise
    from trainerkit.quiz.practice import practice_page

    sent = practice_page(course, Templates(course, Diagnostics()),
                         labels={"practice_intro": "your results go to the learning platform."})
    assert "Practice calls: your results go to the learning platform." in sent
    assert "Nothing is sent anywhere" not in sent


def test_has_content_only_with_a_simulation(tmp_path: Path) -> None:
    from trainerkit import OUTPUT_NAMES
    from trainerkit.quiz.practice import practice_data

    assert "practice" in OUTPUT_NAMES and OUTPUTS["practice"].files == ("practice.html",)
    plain_course = course_with(tmp_path, [])
    assert not OUTPUTS["practice"].has_content(plain_course)
    sims = practice_data(course_with(tmp_path / "two", [EXAMPLE, SECOND]))
    assert [(s["id"], s["objective"], s["objective_text"], s["best"]) for s in sims] == [
        ("sim-hello-1", "hello.1", "Build a course with one command", 4), ("sim-hello-2", "", "", 3)]
    start = sims[0]["steps"][0]
    assert [(r["target"], r["score"]) for r in start["replies"]] == [(1, 2), (2, -2), (2, -1)]


def test_the_issue_s_markdown_plays_end_to_end(browser, tmp_path: Path) -> None:
    """The issue's example as a trainer writes it, built by `trainerkit build`."""
    from trainerkit.build import build

    root = tmp_path / "course"
    shutil.copytree(COURSES / "hello", root)
    (root / "course.yml").write_text("title: 投诉处理\nlanguage: zh-CN\n", encoding="utf-8")
    module = root / "modules" / "01-hello.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n## 模拟来电\n\n" + ISSUE_EXAMPLE, encoding="utf-8")
    out = tmp_path / "out"
    done = build(root, out, only=("practice",))
    assert "practice.html" in done.files
    learner = Learner(browser, out / "practice.html")
    for k in best_walk(EXAMPLE).replies:
        learner.pick(k)
    got = learner.result()
    assert got["text"] == "得分：4 / 4 分（100%）" and got["path"] == ["start", "listen", "good"]
    assert got["outcome"] == "客户同意等待回电,情绪平稳。"
    event = learner.results()[0]
    assert event["objective"] == "hello.1" and event["title"] == "第三次来电的车主"
    assert learner.problems == []


