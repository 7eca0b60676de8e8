"""scorm.zip, the SCORM 1.2 package: its manifest read with lxml, and the package run in Chromium
inside a host page where scorm-again's Scorm12API (the npm package, pinned in package.json)
stands in for the learning platform: the quiz answered and a call played, then the score, the
status, the session time and the interactions read back from the runtime. Outside a platform the
launch page opens from the unzipped folder and works offline.

A platform serves a package over http from its own origin, and a SCO reaches window.parent.API
only from that origin (file:// frames are of another origin to each other in Chromium); so the
host page, scorm-again and the package are served by Playwright's routing at http://lms.test/,
straight from the files, and every other request is refused: nothing goes to the network."""

from __future__ import annotations

import io
import json
import mimetypes
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import COURSES, FIXTURES, ROOT, SIMULATION_EXAMPLE, need_tool
from trainerkit.build import build

CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS = {"cp": CP, "adlcp": ADLCP}
TITLE = 'Calls <&> "basics" \'1\''

QUIZ = """Quiz title: Call basics

1.  What comes first on every call?
a)  Ask for the account number
*b) Greet the customer

2.  Which are part of a compliant opening?
[*] The company name
[*] Your agent ID
[ ] The customer's balance

3.  What does the D in HEARD stand for?
*   Diagnose

Points: 2
4.  How many seconds may a customer wait on hold?
=   45 +- 15
"""

SIMULATION = "\n## 练习\n\n" + SIMULATION_EXAMPLE

BEST = ["打了三次还没解决,确实让人着急。我马上帮您查。", "我现在就联系定损员,2 小时内给您回电。"]
# start -1-> angry +1-> listen +2-> good: 2 of the best path's 4 points, 50%
ROUNDABOUT = ["请您冷静一点。", "非常抱歉,我们重新来,我马上帮您查进度。", "我现在就联系定损员,2 小时内给您回电。"]


def make_course(tmp_path: Path, extra: str = "", simulation: bool = True, quiz: bool = True) -> Path:
    """The hello course with a quiz file of four questions (five points) and the issue's
    simulation on a slide of its own."""
    root = tmp_path / "course"
    shutil.copytree(COURSES / "hello", root)
    yml = f"title: {json.dumps(TITLE)}\n"
    if quiz:
        (root / "quizzes").mkdir()
        (root / "quizzes" / "check.txt").write_text(QUIZ, encoding="utf-8")
        yml += "quizzes:\n  - quizzes/check.txt\n"
    (root / "course.yml").write_text(yml + extra, encoding="utf-8")
    if simulation:
        module = root / "modules" / "01-hello.md"
        module.write_text(module.read_text(encoding="utf-8") + SIMULATION, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """The unzipped scorm.zip of the course, as `trainerkit build` writes it."""
    tmp = tmp_path_factory.mktemp("scorm")
    out = tmp / "out"
    build(make_course(tmp), out, only=["scorm"], jobs=1)
    return unzip(out / "scorm.zip", tmp / "package")


def unzip(path: Path, dest: Path) -> Path:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        zf.extractall(dest)
    return dest


# -- the package ---------------------------------------------------------------------------------


def test_the_manifest_is_scorm_1_2_with_one_sco_listing_every_file(package: Path) -> None:
    manifest = etree.parse(str(package / "imsmanifest.xml"))
    root = manifest.getroot()
    assert root.tag == f"{{{CP}}}manifest"
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "ADL SCORM"
    assert manifest.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.2"
    orgs = root.find("cp:organizations", NS)
    (org,) = orgs.findall("cp:organization", NS)
    assert orgs.get("default") == org.get("identifier")
    assert org.findtext("cp:title", namespaces=NS) == TITLE  # escaped, and read back as written
    (item,) = org.findall("cp:item", NS)
    assert item.findtext("cp:title", namespaces=NS) == TITLE
    assert item.findtext("adlcp:masteryscore", namespaces=NS) == "80"
    (resource,) = root.findall("cp:resources/cp:resource", NS)
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{ADLCP}}}scormtype") == "sco"  # lower-case t in 1.2
    assert resource.get("type") == "webcontent" and resource.get("href") == "index.html"
    listed = [f.get("href") for f in resource.findall("cp:file", NS)]
    files = sorted(p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file())
    assert sorted(listed) == [f for f in files if f != "imsmanifest.xml"]
    assert listed == ["index.html", "quiz.html", "practice.html"]
    ids = [e.get("identifier") for e in root.iter() if e.get("identifier")]
    assert len(ids) == len(set(ids)) == 4
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", i) for i in ids)


def test_the_zip_is_the_same_bytes_for_the_same_course(tmp_path: Path) -> None:
    course = make_course(tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    build(course, first, only=["scorm"], jobs=1)
    build(course, second, only=["scorm"], jobs=1, use_cache=False)
    data = (first / "scorm.zip").read_bytes()
    assert data == (second / "scorm.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist()[0] == "imsmanifest.xml"
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_package_needs_questions_or_simulations(tmp_path: Path) -> None:
    from trainerkit.build import load
    from trainerkit.errors import Diagnostics
    from trainerkit.outputs import OUTPUTS

    def has(**kinds) -> bool:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        diags = Diagnostics()
        return OUTPUTS["scorm"].has_content(load(make_course(folder, **kinds), diags))

    assert has(quiz=True, simulation=False) and has(quiz=False, simulation=True)
    assert not has(quiz=False, simulation=False)
    out = tmp_path / "out"  # course.yml's outputs: without scorm leaves it out
    build(make_course(tmp_path / "listed", extra="outputs: [quiz, practice]\n"), out, jobs=1)
    assert (out / "quiz.html").is_file() and not (out / "scorm.zip").exists()


def test_a_course_of_questions_only_packages_the_quiz_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(make_course(tmp_path, simulation=False), out, only=["scorm"], jobs=1)
    package = unzip(out / "scorm.zip", tmp_path / "package")
    assert sorted(p.name for p in package.iterdir()) == ["imsmanifest.xml", "index.html", "quiz.html"]
    index = (package / "index.html").read_text(encoding="utf-8")
    assert 'role="tab"' not in index and 'src="quiz.html"' in index


# -- in a SCORM runtime: scorm-again as the learning platform ---------------------------------------


@pytest.fixture(scope="session")
def scorm_again() -> Path:
    """scorm-again's SCORM 1.2 build, installed by `npm ci` from package-lock.json when
    node_modules lacks it; skipped without npm (failed under CI)."""
    import fcntl

    npm = need_tool("npm")
    script = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
    with open(Path(tempfile.gettempdir()) / "trainerkit-npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test session may be installing right now
        if not script.is_file():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True,
                           capture_output=True, timeout=300)
    assert script.is_file(), "npm ci did not install scorm-again (package-lock.json)"
    return script


LMS = "http://lms.test/"


def open_in_lms(browser, package: Path, scorm_again: Path):
    """The host page with the package in its frame; returns the page, the package's launch
    frame and the problems seen (script errors, console errors, requests that left the host)."""
    files = {"host.html": FIXTURES / "scorm-host.html", "scorm-again/scorm12.js": scorm_again}
    files.update({f"sco/{p.relative_to(package).as_posix()}": p for p in package.rglob("*") if p.is_file()})
    problems: list[str] = []

    def serve(route) -> None:
        url = route.request.url
        name = url[len(LMS):].split("?")[0] if url.startswith(LMS) else None
        if name in files:
            route.fulfill(status=200, body=files[name].read_bytes(),
                          content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
        else:
            problems.append(f"network: {url}")
            route.abort()

    context = browser.new_context(viewport={"width": 1024, "height": 800})
    context.route("**/*", serve)
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.goto(LMS + "host.html")
    sco = page.frame_locator("#sco")
    sco.locator("#scorm-status").filter(has_text=re.compile(".")).wait_for()
    return page, sco, problems


def answer_quiz(quiz, right: dict[int, bool]) -> None:
    """Answer the four questions, each rightly or wrongly, and check."""
    quiz.locator("#q1-1" if right[1] else "#q1-0").check()
    for k in ((0, 1) if right[2] else (0, 2)):
        quiz.locator(f"#q2-{k}").check()
    quiz.locator("input[name=q3]").fill(" DIAGNOSE " if right[3] else "Decide")
    quiz.locator("input[name=q4]").fill("50" if right[4] else "90")
    quiz.locator("#check-answers").click()


def play(page, sco, replies: list[str]) -> None:
    """Play the call on the practice tab, reply by reply, to its ending."""
    sco.get_by_role("tab", name="Practice calls").click()
    practice = sco.frame_locator("#page-2")
    for reply in replies:
        practice.get_by_role("button", name=reply).click()
    page.wait_for_function("() => CALLS.some(c => c.args[0] === 'cmi.interactions.4.id')")


def finish(page, sco) -> dict:
    """Press Finish; what the runtime holds then (write-only elements too), and the calls made."""
    sco.locator("#scorm-finish").click()
    page.wait_for_function("() => CALLS.some(c => c.name === 'LMSFinish')")
    return {"cmi": page.evaluate("API.getFlattenedCMI()"), "calls": page.evaluate("CALLS")}


def interactions(cmi: dict) -> list[dict]:
    found: dict[int, dict] = {}
    for key, value in cmi.items():
        m = re.fullmatch(r"cmi\.interactions\.(\d+)\.(\w+)", key)
        if m:
            found.setdefault(int(m.group(1)), {})[m.group(2)] = value
    return [found[n] for n in sorted(found)]


def check_the_calls(calls: list[dict]) -> None:
    """The runtime accepted every call, in SCORM 1.2's order, and the session time was sent as
    HHHH:MM:SS.SS."""
    names = [c["name"] for c in calls]
    assert names[0] == "LMSInitialize" and names[-1] == "LMSFinish" and names[-2] == "LMSCommit"
    assert names.count("LMSInitialize") == names.count("LMSFinish") == 1
    refused = [c for c in calls if c["result"] == "false" or c["error"] != "0"]
    assert refused == []
    sent = [c["args"][1] for c in calls if c["name"] == "LMSSetValue" and c["args"][0] == "cmi.core.session_time"]
    assert sent and all(re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", t) for t in sent), sent


def test_a_passing_attempt_is_recorded_by_the_runtime(browser, scorm_again, package: Path) -> None:
    page, sco, problems = open_in_lms(browser, package, scorm_again)
    assert sco.locator("#scorm-status").inner_text() == "Your learning platform records your results."
    answer_quiz(sco.frame_locator("#page-1"), {1: True, 2: True, 3: True, 4: True})
    play(page, sco, BEST)
    got = finish(page, sco)
    cmi = got["cmi"]
    assert cmi["cmi.core.score.raw"] == "100"
    assert (cmi["cmi.core.score.min"], cmi["cmi.core.score.max"]) == ("0", "100")
    assert cmi["cmi.core.lesson_status"] == "passed"
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", cmi["cmi.core.session_time"])
    check_the_calls(got["calls"])
    found = interactions(cmi)
    assert len(found) == 4 + 1  # the questions, then the call
    assert [(i["id"], i["type"], i["student_response"], i["result"], i["weighting"]) for i in found] == [
        ("q1", "choice", "b", "correct", "1"), ("q2", "choice", "a,b", "correct", "1"),
        ("q3", "fill-in", "DIAGNOSE", "correct", "1"), ("q4", "numeric", "50", "correct", "2"),
        ("sim-hello-1", "performance", "start → listen → good", "100", "4")]
    assert all(re.fullmatch(r"\d{2}:\d{2}:\d{2}", i["time"]) for i in found)
    assert problems == []
    page.context.close()


def test_a_failing_attempt_is_failed_against_the_pass_mark(browser, scorm_again, package: Path) -> None:
    page, sco, problems = open_in_lms(browser, package, scorm_again)
    answer_quiz(sco.frame_locator("#page-1"), {1: False, 2: True, 3: True, 4: False})  # 2 of 5 points
    play(page, sco, ROUNDABOUT)  # 50%
    got = finish(page, sco)
    cmi = got["cmi"]
    assert cmi["cmi.core.score.raw"] == "45"  # (40 + 50) / 2: the quiz and the call count alike
    assert cmi["cmi.core.lesson_status"] == "failed"  # under 80
    check_the_calls(got["calls"])
    found = interactions(cmi)
    assert [(i["id"], i["student_response"], i["result"]) for i in found] == [
        ("q1", "a", "wrong"), ("q2", "a,b", "correct"), ("q3", "DIAGNOSE", "correct"),
        ("q4", "90", "wrong"), ("sim-hello-1", "start → angry → listen → good", "50")]
    assert problems == []
    page.context.close()


def test_the_status_waits_for_every_part_and_follows_the_course_s_pass_mark(
        browser, scorm_again, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(make_course(tmp_path, extra="quiz:\n  pass_mark: 45\n"), out, only=["scorm"], jobs=1)
    package = unzip(out / "scorm.zip", tmp_path / "package")
    page, sco, problems = open_in_lms(browser, package, scorm_again)
    answer_quiz(sco.frame_locator("#page-1"), {1: False, 2: True, 3: True, 4: False})
    # the quiz checked, the call not played yet: incomplete, no score
    page.wait_for_function("() => CALLS.filter(c => c.name === 'LMSCommit').length >= 2")
    assert page.evaluate("API.cmi.core.lesson_status") == "incomplete"
    assert page.evaluate("API.cmi.core.score.raw") == ""
    assert len(interactions(page.evaluate("API.getFlattenedCMI()"))) == 4
    play(page, sco, ROUNDABOUT)
    cmi = finish(page, sco)["cmi"]
    assert (cmi["cmi.core.score.raw"], cmi["cmi.core.lesson_status"]) == ("45", "passed")  # at the mark
    assert problems == []
    page.context.close()


def test_finishing_before_the_call_leaves_the_attempt_incomplete(browser, scorm_again, package: Path) -> None:
    page, sco, problems = open_in_lms(browser, package, scorm_again)
    answer_quiz(sco.frame_locator("#page-1"), {1: True, 2: True, 3: True, 4: True})
    got = finish(page, sco)
    assert got["cmi"]["cmi.core.lesson_status"] == "incomplete"
    assert got["cmi"]["cmi.core.score.raw"] == ""
    check_the_calls(got["calls"])
    assert sco.locator("#scorm-finish").is_hidden()
    assert sco.locator("#scorm-status").inner_text() == "Your results are sent. You may close this page."
    assert problems == []
    page.context.close()


def test_leaving_the_page_finishes_the_session(browser, scorm_again, package: Path) -> None:
    """A learner who closes the platform's player without pressing Finish: the launch page's
    unload commits and finishes."""
    page, sco, problems = open_in_lms(browser, package, scorm_again)
    answer_quiz(sco.frame_locator("#page-1"), {1: True, 2: True, 3: True, 4: True})
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("() => CALLS.some(c => c.name === 'LMSFinish')")
    calls = page.evaluate("CALLS")
    check_the_calls(calls)
    assert problems == []
    page.context.close()


# -- outside a platform ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1024, 375])
def test_the_launch_page_works_offline_without_a_platform(browser, package: Path, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 740})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
            else problems.append(f"network: {r.url}"))
    page.goto((package / "index.html").as_uri())
    assert page.locator("#scorm-status").inner_text() == "Not opened in a learning platform, so nothing is recorded."
    assert page.locator("#scorm-finish").is_hidden()
    assert page.title() == TITLE and page.locator("h1").inner_text() == TITLE  # as text, not markup
    quiz = page.frame_locator("#page-1")
    answer_quiz(quiz, {1: True, 2: True, 3: False, 4: True})
    assert quiz.locator("#score").inner_text() == "Score: 4 / 5"
    page.focus("#tab-1")
    page.keyboard.press("ArrowRight")  # the tabs by keyboard
    assert page.evaluate("document.activeElement.id") == "tab-2"
    assert page.locator("#page-2").is_visible() and page.locator("#page-1").is_hidden()
    practice = page.frame_locator("#page-2")
    for reply in BEST:
        practice.get_by_role("button", name=reply).click()
    practice.get_by_text("客户同意等待回电,情绪平稳。").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(package.parent / f"launch-{width}.png"))
    assert problems == []
    page.close()


def test_the_package_s_pages_open_on_their_own(browser, package: Path) -> None:
    for name in ("quiz.html", "practice.html"):
        page = browser.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
        page.goto((package / name).as_uri())
        assert page.locator("h1").inner_text() == TITLE
        assert problems == []
        page.close()
    for name in ("quiz.html", "practice.html"):  # in the package, the pages say results are sent
        text = (package / name).read_text(encoding="utf-8")
        assert "In a learning platform, your result is recorded." in text
        assert "Nothing is sent anywhere" not in text


def test_the_launch_page_in_chinese(browser, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(make_course(tmp_path, extra="language: zh-TW\n"), out, only=["scorm"], jobs=1)
    package = unzip(out / "scorm.zip", tmp_path / "package")
    page = browser.new_page()
    page.goto((package / "index.html").as_uri())
    assert page.get_attribute("html", "lang") == "zh-TW"
    assert [t.inner_text() for t in page.get_by_role("tab").all()] == ["自我評量", "通話練習"]
    assert page.locator("#scorm-status").inner_text() == "未在學習平臺中開啟，不會記錄成績。"
    assert "在學習平臺中開啟時，成績會被記錄。" in page.frame_locator("#page-1").locator("header").inner_text()
    page.close()


def test_the_sample_course_s_package_in_the_runtime(browser, scorm_again, tmp_path: Path) -> None:
    """The sample course (Chinese, groups that pose some of their questions, an essay, a quiz file
    and a module's quiz, its 第三次来电的车主): the quiz checked unanswered, the call played on its
    best path. Every question posed and the call are an interaction; the score is (0 + 100) / 2."""
    from trainerkit.build import load
    from trainerkit.errors import Diagnostics
    from trainerkit.model import plain
    from trainerkit.quiz.practice import course_simulations
    from trainerkit.simulation import best_walk

    out = tmp_path / "out"
    build(COURSES / "complaint-handling", out, only=["scorm"], jobs=1)
    package = unzip(out / "scorm.zip", tmp_path / "package")
    ((module, sim, ident),) = list(course_simulations(load(COURSES / "complaint-handling", Diagnostics())))
    walk = best_walk(sim)
    replies = [plain(sim.step(name).replies[k].text) for name, k in zip(walk.steps, walk.replies)]
    page, sco, problems = open_in_lms(browser, package, scorm_again)
    assert [t.inner_text() for t in sco.get_by_role("tab").all()] == ["自测", "通话练习"]
    quiz = sco.frame_locator("#page-1")
    posed = quiz.locator("fieldset.question:not([hidden])").evaluate_all("boxes => boxes.map(b => b.id)")
    essays = quiz.locator("fieldset.question:not([hidden])[data-kind=essay]").count()
    quiz.locator("#check-answers").click()
    sco.get_by_role("tab", name="通话练习").click()
    practice = sco.frame_locator("#page-2")
    for reply in replies:
        practice.get_by_role("button", name=reply).click()
    page.wait_for_function(f"() => CALLS.some(c => c.args[0] === 'cmi.interactions.{len(posed)}.id')")
    got = finish(page, sco)
    cmi = got["cmi"]
    assert (cmi["cmi.core.score.raw"], cmi["cmi.core.lesson_status"]) == ("50", "failed")
    check_the_calls(got["calls"])
    found = interactions(cmi)
    assert [i["id"] for i in found] == posed + [ident]
    assert [i["result"] for i in found[:-1]].count("neutral") == essays >= 1
    assert {i["result"] for i in found[:-1]} == {"wrong", "neutral"}
    assert found[-1]["student_response"] == " → ".join(walk.steps) and found[-1]["result"] == "100"
    assert problems == []
    page.context.close()
