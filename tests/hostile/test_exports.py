"""Issue 10, exports: a shared course is untrusted. Whatever its titles, questions, answers,
objectives and labels say (line breaks, //, ::, {}, ~=#:, $CATEGORY:), quiz.gift holds exactly the
questions it has, as gift-pegjs reads them, and every XML file of quiz-qti.zip parses (lxml) and
gives back the texts as written."""

from __future__ import annotations

import html
import json
import re
import zipfile

import pytest
from lxml import etree

from .conftest import trainerkit, write_course

# Text with real line breaks, for YAML fields (course title, objectives, labels).
NASTY = "a\n// b\n$CATEGORY: evil\n\n::t::q{T} [id:evil] [tag:bad]\n~=#:{} \\n\r\u2028end"
# One line of Markdown (stems, choices, feedback): GIFT's marks, but nothing Markdown reads.
MD = r":: {x} // y ~=#: $CATEGORY: q \n #### -> %50% } \\"
SHOWN = MD.replace("\\\\", "\\")  # as Markdown reads it: \\ is one backslash
CTRL = "\x01"  # XML cannot hold it, not even as &#1;

COURSE_TITLE = f"Course {NASTY} x/y"
QUIZ_TITLE = f"/Quiz // c :: d {{e}} ~=#: $CATEGORY: z / w/"
OBJECTIVE = f"Obj {NASTY}"
LABELS = {"gift_note": f"note {NASTY}", "group": f"Gr/oup {NASTY}{CTRL}",
          "pick": f"pick {NASTY}", "points": f"pts {NASTY}", "objective": f"objective {NASTY}"}
ANSWERS = ["a -> b", "%50% sure", r"x = y {z} #w ~v :u \\ end // $CATEGORY: c"]

QUIZ = f"""Quiz title: {QUIZ_TITLE}
Quiz description: Desc {MD}

Title: T1 {MD}
Objective: a.1
1.  Stem {MD}
... General {MD}
+   Right {MD}
-   Wrong {MD}
*a) %50% first {MD}
... First {MD}
b)  ~ second {MD}

Title: T2 {MD}
2.  Many {MD}
[*] %25% one {MD}
[ ] = two -> {MD}
[*] }} three {{

GROUP
pick: 1

3.  Short {MD}
*   {ANSWERS[0]}
*   {ANSWERS[1]}
*   {ANSWERS[2]}

4.  Number {MD}
... Num {MD}
=   45 +- 15

END_GROUP

5.  Essay {MD}
____
"""


def one_line(text: str) -> str:
    return " ".join(text.split())


def page_text(markup: str) -> str:
    """What a person reads of HTML: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def yaml_text(value: str) -> str:
    return json.dumps(value)  # JSON is YAML: line breaks and U+2028 stay escapes


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    front = (f"---\ntitle: A\nduration: 10\nobjectives:\n  - {yaml_text(OBJECTIVE)}\n---\n\n"
             "# S\n\n## Slide\n\n- point\n")
    course = write_course(root / "course", {
        "course.yml": f"title: {yaml_text(COURSE_TITLE)}\nlanguage: en\n",
        "modules/01-a.md": front,
        "templates/labels.yml": "en:\n" + "".join(f"  {k}: {yaml_text(v)}\n" for k, v in LABELS.items()),
        "quizzes/hostile.txt": QUIZ,
    })
    run = trainerkit("build", str(course), "-o", str(root / "out"), cwd=root)
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    return root / "out", run


def moodle_category(path: str) -> list[str]:
    """A $CATEGORY: path's names as Moodle splits it: on a single /, with // a literal /."""
    return [name.replace("//", "/") for name in re.split(r"(?<!/)/(?!/)", path)]


def test_gift_holds_exactly_the_questions_written(built, gift_pegjs) -> None:
    out, _ = built
    items = gift_pegjs(out / "quiz.gift")
    assert [i["type"] for i in items] == ["Category", "MC", "MC", "Category", "Short", "Numerical",
                                          "Category", "Essay"]
    quiz = [one_line(COURSE_TITLE), one_line(QUIZ_TITLE).strip("/ ")]
    group = [*quiz, one_line(LABELS["group"].replace(CTRL, "") + " 1")]
    assert [moodle_category(i["title"]) for i in items if i["type"] == "Category"] == \
        [["$course$", *quiz], ["$course$", *group], ["$course$", *quiz]]
    q1, q2, q3, q4, q5 = (i for i in items if i["type"] != "Category")
    # nothing of a // comment line (titles, objectives, labels) became an id or a tag
    assert all(q["id"] is None and q["tags"] is None for q in (q1, q2, q3, q4, q5))
    assert [q["title"] for q in (q1, q2, q3, q4, q5)] == [f"T1 {MD}", f"T2 {MD}", "q3", "q4", "q5"]
    assert [page_text(q["stem"]["text"]) for q in (q1, q2, q3, q4, q5)] == \
        [f"Stem {SHOWN}", f"Many {SHOWN}", f"Short {SHOWN}", f"Number {SHOWN}", f"Essay {SHOWN}"]
    assert all(q["stem"]["format"] == "html" for q in (q1, q2, q3, q4, q5))

    choices = [(c["isCorrect"], page_text(c["text"]["text"]), page_text(c["feedback"]["text"]))
               for c in q1["choices"]]
    assert choices == [(True, f"%50% first {SHOWN}", f"First {SHOWN}"),
                       (False, f"~ second {SHOWN}", f"Wrong {SHOWN}")]
    assert page_text(q1["globalFeedback"]["text"]) == f"General {SHOWN}"
    many = [(c["weight"], page_text(c["text"]["text"])) for c in q2["choices"]]
    assert many == [(50, f"%25% one {SHOWN}"), (-100, f"= two -> {SHOWN}"), (50, "} three {")]
    # short answers are plain text in Moodle; the two GIFT cannot say come as entities (warned)
    assert [page_text(c["text"]["text"]) for c in q3["choices"]] == ANSWERS
    assert all(c["isCorrect"] for c in q3["choices"])
    assert [(c["text"]["number"], c["text"]["range"]) for c in q4["choices"]] == [(45, 15)]
    assert page_text(q4["globalFeedback"]["text"]) == f"Num {SHOWN}"


def test_gift_warns_of_answers_moodle_would_misread(built) -> None:
    _, run = built
    warnings = [ln for ln in run.stderr.splitlines() if ": warning: the answer" in ln]
    assert len(warnings) == 2, run.stderr
    for line, text in zip(warnings, ANSWERS):
        assert re.match(r"^\S*quizzes/hostile\.txt:\d+: warning: the answer ", line), line
        assert f'"{text}"' in line and "reword the answer" in line


def test_gift_comments_stay_comments(built) -> None:
    """Every line of quiz.gift is a comment, a category, a question's first line, an answer line
    or a closing brace: no course text started a line of its own."""
    text = (out := built[0] / "quiz.gift").read_text(encoding="utf-8")
    for line in text.split("\n"):
        assert line == "" or re.match(r"^(// |\$CATEGORY: \$course\$/|::|\t[=~#]|\}$)", line), line
    assert "\r" not in text and "\u2028" not in text.replace("\\u2028", ""), out


def test_qti_parses_and_gives_back_every_text(built) -> None:
    out, _ = built
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    z = zipfile.ZipFile(out / "quiz-qti.zip")
    xml = {name: etree.fromstring(z.read(name)) for name in z.namelist() if name.endswith(".xml")}
    assert len(xml) == 3  # the manifest, the assessment and its settings
    manifest = xml["imsmanifest.xml"]
    assert manifest.findtext(".//{*}title/{*}string") == one_line(COURSE_TITLE)
    meta = next(root for name, root in xml.items() if name.endswith("assessment_meta.xml"))
    assert meta.findtext("{*}title") == one_line(QUIZ_TITLE)
    assert page_text(meta.findtext("{*}description")) == f"Desc {SHOWN}"
    test = next(root for name, root in xml.items() if name not in ("imsmanifest.xml",)
                and not name.endswith("assessment_meta.xml"))
    assert test.find("q:assessment", ns).get("title") == one_line(QUIZ_TITLE)
    items = test.findall(".//q:item", ns)
    assert [i.get("title") for i in items] == [f"T1 {MD}", f"T2 {MD}", "Question", "Question", "Question"]
    stems = [page_text(i.findtext("q:presentation/q:material/q:mattext", namespaces=ns)) for i in items]
    assert stems == [f"Stem {SHOWN}", f"Many {SHOWN}", f"Short {SHOWN}", f"Number {SHOWN}", f"Essay {SHOWN}"]
    first = [page_text(m.text) for m in items[0].iterfind(".//q:response_label/q:material/q:mattext", ns)]
    assert first == [f"%50% first {SHOWN}", f"~ second {SHOWN}"]
    feedback = {f.get("ident"): page_text(f.findtext(".//q:mattext", namespaces=ns))
                for f in items[0].iterfind("q:itemfeedback", ns)}
    assert set(feedback.values()) == {f"General {SHOWN}", f"Right {SHOWN}", f"Wrong {SHOWN}",
                                      f"First {SHOWN}"}
    short = items[2].find(".//q:respcondition[@continue='No']/q:conditionvar", ns)
    assert [v.text for v in short.findall("q:varequal", ns)] == ANSWERS
    group = test.find(".//q:section/q:section", ns)
    assert group.get("title") == one_line(LABELS["group"].replace(CTRL, ""))
    assert [i.get("ident") for i in group.findall("q:item", ns)] == \
        [items[2].get("ident"), items[3].get("ident")]
    # idents are names, never course text
    for root in xml.values():
        for e in root.iter():
            for attr in ("ident", "identifier", "identifierref", "linkrefid", "respident"):
                if e.get(attr) is not None:
                    assert re.fullmatch(r"[A-Za-z0-9_]+", e.get(attr)), (attr, e.get(attr))
