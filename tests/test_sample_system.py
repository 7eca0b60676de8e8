"""The sample training system, systems/contact-centre/ (issue 17's "done when"): three courses of an
insurance contact centre share library/ modules; one command builds all three and the catalogue.
Read back: catalog.html's and catalog.docx's matrix (which library module each course uses, the
complaint desk's near copy of library/verify.md), the objectives with the questions, role-plays
and simulations that assess them, mastery rows for every course's cohorts (counted from the
results files by hand), the QA of live calls per objective (recomputed here from the filled-in
scorecards and the scorecard's points); each course's qa-scorecard.xlsx (points summing to 100,
the compliance lines fatal, the sections exactly the course's modules) and report (its QA
section); trainerkit check of the system: exit 0, the copy warning alone, at its file:line."""

from __future__ import annotations

import csv
import math
import re
import shutil
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from lxml import html
from openpyxl import load_workbook

from conftest import ROOT
from trainerkit.cli import main

SAMPLE = ROOT / "systems" / "contact-centre"
COURSES = ("complaint-desk", "new-hire", "refresher")  # the catalogue's order: folder names
LABELS = yaml.safe_load((ROOT / "templates" / "labels.yml").read_text(encoding="utf-8"))["zh-Hans"]
# course: each library module used (✓), copied (its copy's file) or not used ("")
MATRIX = {
    "library/calm.md": {"complaint-desk": "used", "new-hire": "used", "refresher": ""},
    "library/crm.md": {"complaint-desk": "", "new-hire": "used", "refresher": ""},
    "library/opening.md": {"complaint-desk": "used", "new-hire": "used", "refresher": "used"},
    "library/verify.md": {"complaint-desk": "modules/02-identity.md", "new-hire": "used",
                          "refresher": "used"},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, str]:
    """The sample copied (a build must not write into the repository), built by one command
    with a fixed date: (system, out, the command's output)."""
    root = tmp_path_factory.mktemp("sample")
    system = root / "contact-centre"
    shutil.copytree(SAMPLE, system)
    out = root / "out"
    run = CliRunner().invoke(main, ["build", str(system), "-o", str(out), "--date", "2026-12-01"])
    assert run.exit_code == 0, run.output
    return system, out, run.output


def titles(system: Path) -> dict[str, str]:
    return {name: yaml.safe_load((system / "courses" / name / "course.yml").read_text(encoding="utf-8"))["title"]
            for name in COURSES}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def cohorts(system: Path, name: str) -> dict[str, tuple[str, int]]:
    """A course's cohorts from its results files: each one's date and how many sat the papers."""
    out = {}
    for path in sorted((system / "courses" / name / "results").glob("20*.csv")):
        if "roleplay" not in path.stem:
            rows = read_csv(path)
            out[path.stem] = (rows[0]["date"], len(rows))
    return out


def section_rows(page, section: str) -> list[list]:
    return page.xpath(f'//section[@id="{section}"]//tbody/tr')


def test_one_command_builds_all_three_and_the_catalogue(built) -> None:
    system, out, output = built
    for name in COURSES:
        for made in ("deck.pptx", "handout.docx", "guide.docx", "qa-scorecard.xlsx", "qa-scorecard.docx",
                     "report.docx", "report.html"):
            assert (out / name / made).is_file(), (name, made)
    assert (out / "catalog.html").is_file() and (out / "catalog.docx").is_file()
    # the only warning of the build is the copy's
    warnings = [line for line in output.splitlines() if "warning:" in line]
    assert len(warnings) == 1 and "02-identity.md:1: warning:" in warnings[0], output


def test_the_matrix_in_the_page_and_the_document(built) -> None:
    system, out, _ = built
    named = titles(system)
    page = html.fromstring((out / "catalog.html").read_bytes())
    header = [th.text_content().strip() for th in page.xpath('//section[@id="matrix"]//thead/tr/th')]
    assert header == [LABELS["catalog_library_module"], *(named[n] for n in COURSES)]
    seen = {}
    for tr in section_rows(page, "matrix"):
        path = tr.xpath('string(./th//span[@class="path"])').strip()
        cells = tr.xpath("./td")
        seen[path] = {}
        for name, td in zip(COURSES, cells):
            kind, text = td.get("class"), td.text_content().strip()
            if kind == "copy":
                assert re.fullmatch(r"近似副本（9\d%）modules/02-identity\.md", text), text
                seen[path][name] = "modules/02-identity.md"
            else:
                assert (kind, text) in (("used", "✓"), ("none", "")), (path, name, kind, text)
                seen[path][name] = "used" if kind == "used" else ""
    assert seen == MATRIX

    doc = Document(str(out / "catalog.docx"))
    [matrix] = [t for t in doc.tables if t.rows[0].cells[0].text.strip() == LABELS["catalog_library_module"]]
    assert [c.text.strip() for c in matrix.rows[0].cells] == header
    got = {}
    for row in matrix.rows[1:]:
        cells = [c.text.strip() for c in row.cells]
        path = cells[0].splitlines()[-1]
        got[path] = {name: ("used" if cell == "✓" else cell.splitlines()[-1] if cell else "")
                     for name, cell in zip(COURSES, cells[1:])}
        if path == "library/verify.md":
            assert "近似副本" in cells[1], cells
    assert got == MATRIX


def test_objectives_and_what_assesses_them(built) -> None:
    system, out, _ = built
    named = titles(system)
    page = html.fromstring((out / "catalog.html").read_bytes())
    table = {}
    for tr in section_rows(page, "objectives"):
        tds = tr.xpath("./td")
        ident = tds[0].text_content().split(tds[0].xpath('string(.//span[@class="path"])'))[0].strip()
        table[ident] = {"missing": tds[0].get("class") == "missing",
                        "taught": tds[1].text_content(),
                        "questions": [li.text_content() for li in tds[2].xpath(".//li")],
                        "roleplays": [li.text_content() for li in tds[3].xpath(".//li")],
                        "simulations": [li.text_content() for li in tds[4].xpath(".//li")]}
    # every objective of every course, each assessed by something
    taught = {name: [li.text_content().split()[0] for li in page.xpath(
        f'//section[@id="courses"]/h3[.="{named[name]}"]/following-sibling::ul[1]/li')] for name in COURSES}
    assert [len(taught[n]) for n in COURSES] == [8, 9, 6]
    assert set(table) == {o for os in taught.values() for o in os} and len(table) == 15
    assert not any(o["missing"] for o in table.values())
    # a library objective is taught in every course that lists its module
    assert all(named[n] in table["opening.1"]["taught"] for n in COURSES)
    assert named["complaint-desk"] not in table["verify.1"]["taught"]  # it keeps its own copy
    # the shared bank's question assesses opening.1 in each of the three courses: one line naming them
    [bank] = [q for q in table["opening.1"]["questions"] if q.startswith("opening-quiz.q1 ")]
    assert bank.rsplit("（", 1)[1].rstrip("）").split(LABELS["list_sep"]) == [named[n] for n in COURSES]
    assert any(q.startswith("desk.q1 ") for q in table["identity.2"]["questions"])
    assert [r.split("（")[0] for r in table["escalation.1"]["roleplays"]] == ["要找领导的客户"]
    assert [s.split("（")[0] for s in table["escalation.1"]["simulations"]] == ["第三次来电的车主"]
    assert [s.split("（")[0] for s in table["surrender.2"]["simulations"]] == ["坚持退保的客户"]
    assert all(r.startswith("代家人来电") for r in table["verify.2"]["roleplays"])


def test_mastery_for_each_course_s_cohorts(built) -> None:
    system, out, _ = built
    named = titles(system)
    page = html.fromstring((out / "catalog.html").read_bytes())
    rows: dict[str, list[list[str]]] = defaultdict(list)
    ident = ""
    for tr in section_rows(page, "mastery"):
        cells = [c.text_content().strip() for c in tr]
        if tr.xpath("./td[@rowspan]"):
            ident = tr.xpath('./td[@rowspan]')[0].text_content().split(
                tr.xpath('string(./td[@rowspan]//span[@class="path"])'))[0].strip()
            cells = cells[1:]
        rows[ident].append(cells)
    # opening.1 is taught in all three courses: a row per cohort of each, then all of them pooled
    expected = [(named[n], c, k) for n in COURSES for c, (_d, k) in cohorts(system, n).items()]
    assert len(expected) == 4
    per_cohort = [r for r in rows["opening.1"] if len(r) == 5]
    assert [(r[0], r[1], int(r[2])) for r in per_cohort] == expected
    masters = [tuple(map(int, r[4].split("/"))) for r in per_cohort]
    assert all(m <= k for m, k in masters)
    [pooled] = [r for r in rows["opening.1"] if len(r) == 4]
    assert pooled[0] == LABELS["catalog_all"]
    assert int(pooled[1]) == sum(k for _c, _n, k in expected) == 42
    assert pooled[3] == f"{sum(m for m, _ in masters)}/42"
    assert all(re.fullmatch(r"\d+%", r[3]) for r in per_cohort)
    # every course's cohorts have a mastery figure
    for name in COURSES:
        for cohort in cohorts(system, name):
            assert any(r[:2] == [named[name], cohort] and re.fullmatch(r"\d+%", r[3])
                       for rs in rows.values() for r in rs), (name, cohort)


def scorecard(out: Path, name: str) -> dict[str, dict]:
    """qa-scorecard.xlsx's items by id: module, text, points, objective, fatal."""
    ws = load_workbook(out / name / "qa-scorecard.xlsx").worksheets[0]
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    [keys] = [k for k, r in enumerate(grid) if r[0] == "agent"]
    head = {row[3]: row for row in grid[:keys] if row[3]}
    module, items = "", {}
    for col, ident in enumerate(grid[keys]):
        if col < 4 or ident == "score" or not ident:
            continue
        module = head[LABELS["qa_module"]][col] or module
        items[ident] = {"module": module, "text": head[LABELS["qa_item"]][col],
                        "points": head[LABELS["qa_points"]][col],
                        "objective": head[LABELS["qa_objective"]][col],
                        "fatal": bool(head[LABELS["qa_fatal_row"]][col])}
    return items


def module_files(system: Path, name: str) -> list[Path]:
    """The course's modules in course.yml's order: its own, else the system's (library/)."""
    listed = yaml.safe_load((system / "courses" / name / "course.yml").read_text(encoding="utf-8"))["modules"]
    return [system / "courses" / name / p if (system / "courses" / name / p).is_file() else system / p
            for p in listed]


def module_titles(system: Path, name: str) -> list[str]:
    return [yaml.safe_load(f.read_text(encoding="utf-8").split("---\n")[1])["title"]
            for f in module_files(system, name)]


@pytest.mark.parametrize("name", COURSES)
def test_the_qa_scorecard_checks_what_the_course_taught(built, name: str) -> None:
    system, out, _ = built
    items = scorecard(out, name)
    assert sum(it["points"] for it in items.values()) == 100
    # a section per module of the course with something to check on a call, in its order: the
    # library's and its own (library/crm.md's shortcuts and kb card are not checked on calls)
    files = module_files(system, name)
    checked = [re.search(r"^!|^::: (phrases|model|roleplay)", f.read_text(encoding="utf-8"), re.M) is not None
               for f in files]
    modules = list(dict.fromkeys(it["module"] for it in items.values()))
    assert modules == [t for t, c in zip(module_titles(system, name), checked) if c]
    assert (name == "new-hire") == (not all(checked))
    # every compliance line the course's modules write is a fatal item, word for word
    lines = {m.group(1) for f in files for m in re.finditer(r"^!坐席: (.+)$", f.read_text(encoding="utf-8"), re.M)}
    fatal = {it["text"] for it in items.values() if it["fatal"]}
    assert fatal == lines and len(lines) >= 2
    # nothing the course did not teach: the items are those of its modules (the complaint desk's
    # identity.qa*, from its own copy of verification, and no verify.qa*), each with its module's
    # objective
    ids = [re.sub(r"^\d+-", "", f.stem) for f, c in zip(files, checked) if c]
    assert list(dict.fromkeys(i.split(".qa")[0] for i in items)) == ids
    assert all(it["objective"].split(".")[0] == i.split(".qa")[0] for i, it in items.items())
    assert ("identity" in ids, "verify" in ids) == ((True, False) if name == "complaint-desk" else (False, True))

    report = Document(str(out / name / "report.docx"))
    headings = [p.text for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert LABELS["qa_report"] in headings
    page = html.fromstring((out / name / "report.html").read_bytes())
    assert LABELS["qa_report"] in [h.text_content().strip() for h in page.xpath("//h2")]


def test_the_catalogue_s_qa_figures_by_hand(built) -> None:
    """Per objective and course: the points of its items met over those marked, on the calls
    before the agent's cohort's date and after it, from results/qa/ and the scorecard."""
    system, out, _ = built
    named = titles(system)
    page = html.fromstring((out / "catalog.html").read_bytes())
    shown: dict[tuple[str, str], list[str]] = {}
    ident = ""
    for tr in section_rows(page, "qa"):
        cells = [c.text_content().strip() for c in tr]
        if tr.xpath("./td[@rowspan]"):
            ident = tr.xpath('./td[@rowspan]')[0].text_content().split(
                tr.xpath('string(./td[@rowspan]//span[@class="path"])'))[0].strip()
            cells = cells[1:]
        shown[(ident, cells[0])] = cells[1:]
    checked = 0
    for name in COURSES:
        items = scorecard(out, name)
        results = system / "courses" / name / "results"
        dated = {c: d for c, (d, _k) in cohorts(system, name).items()}
        trained = {r["learner"]: dated[r["cohort"]] for r in read_csv(results / "roster.csv")}
        calls = [r for f in sorted((results / "qa").glob("*.csv")) for r in read_csv(f)]
        for objective in sorted({it["objective"] for it in items.values()}):
            mine = [i for i, it in items.items() if it["objective"] == objective]
            figures = []
            for phase in ("before", "after", "all"):
                met = marked = n = 0
                for call in calls:
                    before = call["date"] < trained[call["agent"]]
                    if phase != "all" and before != (phase == "before"):
                        continue
                    marks = [(call[i], items[i]["points"]) for i in mine if call[i] in ("Y", "N")]
                    if marks:
                        n += 1
                        marked += sum(p for _m, p in marks)
                        met += sum(p for m, p in marks if m == "Y")
                half_up = math.floor(Fraction(100 * met, marked) + Fraction(1, 2)) if marked else 0
                figures.append(f"{half_up}%（{n} 通）" if marked else "—")
            assert shown[(objective, named[name])] == figures, (name, objective)
            checked += 1
    assert checked == 11
    # the new hires take no live calls before their training; the others do, and do better after
    assert shown[("opening.1", named["new-hire"])][0] == "—"
    before, after = (int(f.split("%")[0]) for f in shown[("verify.1", named["refresher"])][:2])
    assert after > before


def test_check_the_system(built) -> None:
    system, _out, _ = built
    run = CliRunner().invoke(main, ["check", str(system)])
    assert run.exit_code == 0, run.output
    warnings = [line for line in run.output.splitlines() if ": warning:" in line]
    copy = system / "courses" / "complaint-desk" / "modules" / "02-identity.md"
    assert warnings == [w for w in warnings if w.startswith(f"{copy}:1: warning: ")] and len(warnings) == 1, run.output
    assert "library/verify.md" in warnings[0]
    assert ": error:" not in run.output and "no errors" in run.output
