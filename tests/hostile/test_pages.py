"""Issue 10, pages: a shared course is untrusted. Whatever its titles, questions, answers, feedback
and labels say, the self-check page shows it as text, runs nothing of the course author's, and
still scores. The page is built by the real CLI and driven in Debian's Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT

from .conftest import trainerkit, write_course

IMG = "<img src=x onerror=window.__pwned=1>"
ALERT = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>window.__pwned=1</script>"
COMMENT = "<!--<script>"
LS = "\u2028"  # ends a line in old JavaScript
JS_LINK = "[click me](javascript:window.__pwned=1)"
ATTR = '"><img src=x onerror=window.__pwned=1>'
HOSTILE = f"{IMG} {SCRIPT} {COMMENT} {ALERT}"

COURSE_TITLE = f"Course </title>{SCRIPT} {ALERT}"
QUIZ_TITLE = f"Quiz {HOSTILE}"
SHORT_ANSWERS = [SCRIPT, f"{COMMENT} x{LS}y"]
LABELS = {  # the course's templates/labels.yml: every word the page or its script shows
    "self_check": f"Self-check </title>{SCRIPT}",
    "self_check_intro": f"intro {IMG}",
    "colon": f": {COMMENT}{LS}",
    "right": f"Right {IMG}",
    "wrong": f"Wrong {SCRIPT}",
    "correct_answer": f"Answer {ALERT}",
    "not_scored": f"Not scored {SCRIPT}",
    "score": f"Score {IMG}",
    "points": f"points {ALERT}",
    "check_answers": f"Check {IMG}",
    "try_again": f"Again {SCRIPT}",
    "your_answer": ATTR,
    "a_number": ATTR,
    "select_all": f"all {IMG}",
}
QUIZ = f"""Quiz title: {QUIZ_TITLE}
Quiz description: Read {IMG} {JS_LINK} <javascript:alert(1)>

Title: Single {IMG} {SCRIPT}
1.  Stem {HOSTILE} {JS_LINK} <div onmouseover=window.__pwned=1>div</div>
    ![a picture " onload="window.__pwned=1](../images/example.png)
... General {SCRIPT} {COMMENT}
+   Well done {IMG}
-   Not this {SCRIPT}
*a) Right one {IMG}
... Chose right {SCRIPT} {COMMENT}
b)  Wrong one {SCRIPT} {COMMENT}
... Chose wrong {ALERT}

Title: Many {COMMENT}
2.  Pick {IMG}
[*] Yes {SCRIPT}
[ ] No {IMG}
[*] Also {COMMENT}

3.  Short {SCRIPT}
*   {SHORT_ANSWERS[0]}
*   {SHORT_ANSWERS[1]}

Title: Number {ALERT}
4.  How many {COMMENT}
... Numbers {IMG}
=   45 +- 15

5.  Describe {SCRIPT}
____
"""
PAGE_SCRIPTS = 2  # the JSON data block and trainerkit's script


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar (JSON is YAML); \\u2028 stays an escape."""
    return json.dumps(value)


def hostile_course(root: Path, extra: dict[str, str] | None = None) -> Path:
    labels = "en:\n" + "".join(f"  {k}: {yaml_text(v)}\n" for k, v in LABELS.items())
    files = {"course.yml": f"title: {yaml_text(COURSE_TITLE)}\nlanguage: en\n",
             "quizzes/hostile.txt": QUIZ,
             "templates/labels.yml": labels,
             "images/example.png": (ROOT / "templates/new/en/images/example.png").read_bytes()}
    return write_course(root, files | (extra or {}))


def build_page(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    course = hostile_course(tmp_path / "course", extra)
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    return tmp_path / "out" / "quiz.html"




# Runs before the page's own script, outside its policy: records what the policy refused.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "")));
"""


class Page:
    """The page open in Chromium, with everything that went wrong on it recorded."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.page.add_init_script(WATCH)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.console.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
                     else self.errors.append(f"network: {r.url}"))
        self.page.goto(path.resolve().as_uri())

    def pwned(self) -> bool:
        return self.page.evaluate("typeof window.__pwned !== 'undefined'")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__violations")

    def text(self, selector: str) -> str:
        return self.page.locator(selector).text_content()

    def answer_all(self, right: bool) -> None:
        p = self.page
        p.check("#q1-0" if right else "#q1-1")
        for k, correct in enumerate((True, False, True)):
            if correct or not right:
                p.check(f"#q2-{k}")
        p.fill("input[name=q3]", SHORT_ANSWERS[1].replace(LS, " ").upper() if right else "nope")
        p.fill("input[name=q4]", "50" if right else "500")
        p.fill("textarea[name=q5]", f"free {SCRIPT}")
        p.click("#check-answers")

    def close(self) -> None:
        self.page.close()


def assert_nothing_ran(page: Page) -> None:
    page.page.mouse.move(5, 5)
    page.page.hover(".stem")  # the div onmouseover of question 1, had it been HTML
    assert not page.pwned(), "the course's script ran"
    assert page.dialogs == []
    assert page.errors == []


def test_hostile_course_shows_as_text_and_scores(browser, tmp_path: Path) -> None:
    page = Page(browser, build_page(tmp_path))
    p = page.page
    # every text as the trainer wrote it, never as markup
    assert p.title() == f"{COURSE_TITLE} · {LABELS['self_check']}"
    assert page.text("h1") == COURSE_TITLE
    assert page.text("h2") == QUIZ_TITLE
    assert page.text("header p") == LABELS["self_check"] + LABELS["colon"] + LABELS["self_check_intro"]
    assert page.text("#q1 .qtitle") == f"Single {IMG} {SCRIPT}"
    stem = page.text("#q1 .stem")
    assert f"Stem {HOSTILE} {JS_LINK} <div onmouseover=window.__pwned=1>div</div>" in stem
    assert page.text("#q1-0-label") == f"A. Right one {IMG}"
    assert page.text("#q2-2-label") == f"C. Also {COMMENT}"
    assert p.get_attribute("input[name=q3]", "placeholder") == ATTR
    assert page.text("#check-answers") == LABELS["check_answers"]
    # only trainerkit's elements: its two scripts, no handlers, no script links; the picture shows
    assert p.locator("script").count() == PAGE_SCRIPTS
    handlers = p.evaluate("""[...document.querySelectorAll('*')].flatMap(e =>
        [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))""")
    assert handlers == []
    assert p.evaluate("[...document.links].map(a => a.href)") == []
    assert p.locator("img").count() == 1
    assert p.evaluate("document.querySelector('.stem img').naturalWidth") > 0
    assert p.get_attribute(".stem img", "alt") == 'a picture " onload="window.__pwned=1'

    # all wrong: nothing scored, every word and feedback shown literally
    page.answer_all(right=False)
    assert p.get_attribute("#score", "data-score") == "0"
    assert p.get_attribute("#score", "data-total") == "4"  # the essay is not scored
    assert page.text("#score") == f"{LABELS['score']}{LABELS['colon']}0 / 4"
    colon = LABELS["colon"]
    q1 = [d.text_content() for d in p.locator("#q1 .result > div").all()]
    assert q1 == [f"✘ {LABELS['wrong']}", f"{LABELS['correct_answer']}{colon}A",
                  f"B. Chose wrong {ALERT}", f"Not this {SCRIPT}", f"General {SCRIPT} {COMMENT}"]
    q3 = [d.text_content() for d in p.locator("#q3 .result > div").all()]
    assert q3 == [f"✘ {LABELS['wrong']}",
                  f"{LABELS['correct_answer']}{colon}{' / '.join(SHORT_ANSWERS)}"]
    q4 = [d.text_content() for d in p.locator("#q4 .result > div").all()]
    assert q4[0] == f"✘ {LABELS['wrong']}" and q4[2] == f"Numbers {IMG}", q4
    assert q4[1].startswith(f"{LABELS['correct_answer']}{colon}") and "45" in q4[1], q4
    assert page.text("#q5 .result") == LABELS["not_scored"]
    assert "wrong" in p.get_attribute("#q2", "class")

    # all right: full marks, and the feedback for a right answer, as text
    p.click("#start-again")
    assert page.text("#score") == ""
    page.answer_all(right=True)
    assert p.get_attribute("#score", "data-score") == "4"
    assert page.text("#score") == f"{LABELS['score']}{colon}4 / 4"
    q1 = [d.text_content() for d in p.locator("#q1 .result > div").all()]
    assert q1 == [f"✔ {LABELS['right']}", f"A. Chose right {SCRIPT} {COMMENT}",
                  f"Well done {IMG}", f"General {SCRIPT} {COMMENT}"]
    assert "right" in p.get_attribute("#q3", "class")  # an answer with </script> and U+2028

    assert_nothing_ran(page)
    # the escaping held on its own: the policy never had to refuse anything
    assert page.violations() == []
    assert not [m for m in page.console if "Content Security Policy" in m]
    page.close()


def test_policy_stops_script_that_got_into_the_page(browser, tmp_path: Path) -> None:
    """The second wall: markup planted in the built page (as if an escape were missed) does not
    run, and the page still scores."""
    path = build_page(tmp_path)
    html = path.read_text(encoding="utf-8")
    planted = ('<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
               '<a id="planted" href="javascript:window.__pwned=1">link</a>'
               '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>'
               '<div id="over" onmouseover="window.__pwned=1">over</div>')
    path.write_text(html.replace('<div class="stem">', '<div class="stem">' + planted, 1),
                    encoding="utf-8")
    page = Page(browser, path)
    p = page.page
    p.click("#planted")
    p.hover("#over")
    page.answer_all(right=True)
    assert p.get_attribute("#score", "data-score") == "4"
    assert not page.pwned()
    assert page.dialogs == [] and page.errors == []
    refused = page.violations()
    assert any(v.startswith("script-src") for v in refused), refused
    assert len(refused) >= 3, refused  # the inline script, the handlers, the javascript: link
    page.close()


def test_own_page_template_cannot_add_script(browser, tmp_path: Path) -> None:
    """A course's own templates/quiz.html.j2 may restyle the page, but its scripts do not run:
    trainerkit writes the policy before anything the template says."""
    own = (ROOT / "templates" / "quiz.html.j2").read_text(encoding="utf-8")
    own = own.replace("<style>", "<script>window.__pwned=1</script><style>", 1)
    own = own.replace("<main>", '<main><img src=x onerror="window.__pwned=1">', 1)
    own = re.sub(r"(--accent: )#\w+", r"\1#aa0000", own)
    path = build_page(tmp_path, {"templates/quiz.html.j2": own})
    page = Page(browser, path)
    p = page.page
    color = p.evaluate("getComputedStyle(document.getElementById('check-answers')).backgroundColor")
    assert color == "rgb(170, 0, 0)"  # its style applies
    page.answer_all(right=True)
    assert p.get_attribute("#score", "data-score") == "4"
    assert not page.pwned()
    assert page.dialogs == [] and page.errors == []
    assert len(page.violations()) >= 2
    page.close()
