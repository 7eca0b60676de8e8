"""`trainerkit new --system`: the starter training system in each language. Its courses check and
build without a warning; read back, both decks open the library module with its title slide, both
course.yml list it by its system path, trainerkit.yml's settings reach them and a course's own
override wins; the Chinese is Simplified or Taiwan's Traditional; a non-empty folder is refused."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pptx import Presentation

from conftest import IN_CI, ROOT
from trainerkit.build import build, check
from trainerkit.cli import main

LANGUAGES = ("zh-CN", "zh-TW", "en")
COURSES = ("new-hire", "refresher")
LIBRARY_MODULE = "library/opening.md"
STARTERS = ROOT / "templates" / "new" / "system"


def opencc_converter(config: str):
    try:
        import opencc
    except ImportError:
        if IN_CI:
            pytest.fail("OpenCC is not installed; CI must have it (pip install .[test])")
        pytest.skip("OpenCC is not installed (pip install opencc)")
    return opencc.OpenCC(config).convert


def make(tmp_path: Path, language: str) -> Path:
    system = tmp_path / "training"
    made = CliRunner().invoke(main, ["new", "--system", str(system), "--lang", language])
    assert made.exit_code == 0, made.output
    assert f"trainerkit build {system}" in made.output
    return system


def build_system(system: Path, out: Path) -> Path:
    """trainerkit build SYSTEM -o OUT --strict: every course and the catalogue, a warning
    failing it."""
    built = CliRunner().invoke(main, ["build", str(system), "-o", str(out), "--strict"])
    assert built.exit_code == 0, built.output
    assert "warning" not in built.output.lower(), built.output
    for name in sorted(p.name for p in (system / "courses").iterdir()):
        assert (out / name / "deck.pptx").is_file(), name
    return out


def catalogue_matrix(out: Path) -> dict[str, list[str]]:
    """catalog.html's module x course matrix: per library module (its path), each course's
    cell's class (used, copy, or none)."""
    from lxml import html

    page = html.fromstring((out / "catalog.html").read_bytes())
    rows = {}
    for tr in page.xpath('//section[@id="matrix"]//tbody/tr'):
        path = tr.xpath('string(./th//span[@class="path"])').strip()
        rows[path] = [td.get("class") or "none" for td in tr.xpath("./td")]
    return rows


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def slides(path: Path) -> list[tuple[str, str]]:
    """Each slide's title and the text of its other shapes."""
    out = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        rest = "\n".join(sh.text_frame.text for sh in slide.shapes
                         if sh.has_text_frame and sh != slide.shapes.title)
        out.append((title, rest))
    return out


def sources(folder: Path) -> dict[str, list[str]]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8").splitlines()
            for p in sorted(folder.rglob("*")) if p.suffix in (".yml", ".md", ".txt")}


def is_han(c: str) -> bool:
    return unicodedata.name(c, "").startswith("CJK UNIFIED")


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_system_makes_two_courses_sharing_the_library_module(tmp_path: Path, language: str) -> None:
    system = make(tmp_path, language)
    assert (system / "trainerkit.yml").is_file()
    settings = yaml.safe_load((system / "trainerkit.yml").read_text(encoding="utf-8"))
    assert settings["language"] == language and settings["title"] and settings["organization"]
    assert settings["quiz"]["versions"] == 2
    assert sorted(p.name for p in (system / "courses").iterdir()) == list(COURSES)
    assert (system / "library" / "opening-quiz.txt").is_file()
    library = front_matter(system / LIBRARY_MODULE)
    opening = (system / LIBRARY_MODULE).read_text(encoding="utf-8")
    assert re.search(r"^!\S", opening, re.M) and "::: model" in opening and "```quiz" in opening

    out = build_system(system, tmp_path / "out")
    assert catalogue_matrix(out) == {LIBRARY_MODULE: ["used", "used"]}  # both courses list it
    for name in COURSES:
        course = system / "courses" / name
        config = yaml.safe_load((course / "course.yml").read_text(encoding="utf-8"))
        assert config["modules"][0] == LIBRARY_MODULE and len(config["modules"]) == 2
        own = course / config["modules"][1]
        assert own.is_file() and own.parent == course / "modules"
        assert "library/opening-quiz.txt" in config["quizzes"]
        assert "language" not in config and config["audience"]  # the system's language

        deck = slides(out / name / "deck.pptx")
        titles = [t for t, _ in deck]
        assert titles[0] == config["title"]
        # the library module's title slide: its title, its objectives, then the course's module
        k = titles.index(library["title"])
        assert all(o in deck[k][1] for o in library["objectives"]), deck[k][1]
        assert titles.index(front_matter(own)["title"]) > k
        assert any(settings["footer"] in rest for _, rest in deck)  # trainerkit.yml's footer
        # trainerkit.yml prints two quiz versions; the refresher's course.yml says one
        assert (out / name / "quiz-B.docx").is_file() == (name == "new-hire")


@pytest.mark.parametrize("name", COURSES)
def test_a_course_of_the_new_system_builds_on_its_own(tmp_path: Path, name: str) -> None:
    """trainerkit build SYSTEM/courses/NAME, as before systems: no warning either."""
    course = make(tmp_path, "zh-CN") / "courses" / name
    assert check(course) == []  # no errors, no warnings
    result = build(course, tmp_path / "out", use_cache=False, only=["deck", "handout"])
    assert result.warnings == [], [str(d) for d in result.warnings]


def test_new_system_zh_TW_is_taiwans_traditional(tmp_path: Path) -> None:
    s2twp = opencc_converter("s2twp")
    system = make(tmp_path, "zh-TW")
    texts = sources(system)
    assert len(texts) == 8
    from test_traditional import not_taiwanese  # the starter course's check: s2twp and mainland terms

    bad = not_taiwanese(texts, s2twp)
    assert bad == [], "\n".join(bad)
    opening = "\n".join(texts[LIBRARY_MODULE])
    assert "身分" in opening and "敝姓林" in opening and "身份" not in opening


def test_new_system_zh_CN_is_simplified(tmp_path: Path) -> None:
    t2s = opencc_converter("t2s")
    system = make(tmp_path, "zh-CN")
    bad = [f"{where}: {line!r}" for where, lines in sources(system).items() for line in lines
           if t2s(line) != line]
    assert bad == [], "\n".join(bad)
    assert "身份核实" in (system / LIBRARY_MODULE).read_text(encoding="utf-8")


def test_new_system_en_has_no_chinese(tmp_path: Path) -> None:
    system = make(tmp_path, "en")
    bad = [f"{where}: {line!r}" for where, lines in sources(system).items() for line in lines
           if any(is_han(c) for c in line)]
    assert bad == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_system_starters_quiz_banks_are_accepted_by_text2qti(language: str) -> None:
    """The banks a trainer copies from (library/ and the courses' quizzes/) go to text2qti as
    they are (the Objective: lines are trainerkit's, taken out first as test_quiz_parse does)."""
    from text2qti.config import Config
    from text2qti.quiz import Quiz as T2Quiz

    banks = sorted((STARTERS / language).rglob("*.txt"))
    assert len(banks) == 2
    for path in banks:
        text = re.sub(r"^Objective:.*\n", "", path.read_text(encoding="utf-8"), flags=re.M)
        T2Quiz(text, config=Config(), source_name=path.name)


def test_new_system_never_overwrites(tmp_path: Path) -> None:
    system = tmp_path / "existing"
    system.mkdir()
    (system / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", "--system", str(system), "--lang", "en"])
    assert result.exit_code == 1 and "never overwrites" in result.output
    assert sorted(p.name for p in system.iterdir()) == ["notes.txt"]
    assert (system / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / ".existing.new").exists()


def test_new_system_into_an_empty_folder(tmp_path: Path) -> None:
    system = tmp_path / "empty"
    system.mkdir()
    assert CliRunner().invoke(main, ["new", "--system", str(system), "--lang", "en"]).exit_code == 0
    assert (system / "trainerkit.yml").is_file()


def test_new_help_mentions_system() -> None:
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0 and "--system" in result.output
    assert "training system" in " ".join(result.output.split())


# -- docs/systems.md ---------------------------------------------------------------------------

DOC = ROOT / "docs" / "systems.md"
FENCE = re.compile(r"^(`{3,})\w+ file=(\S+)\n(.*?)^\1$", re.S | re.M)


def doc_example(folder: Path) -> Path:
    """The example system of docs/systems.md, each file as the page shows it (a fence whose info
    string names the file: ```yaml file=support/trainerkit.yml)."""
    files = FENCE.findall(DOC.read_text(encoding="utf-8"))
    assert len(files) >= 7, "docs/systems.md lost its example's files"
    for _, name, text in files:
        path = folder / name
        assert not path.exists(), f"{name} is shown twice"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder / "support"


def test_the_docs_example_system_builds_without_a_warning(tmp_path: Path) -> None:
    system = doc_example(tmp_path)
    assert (system / "trainerkit.yml").is_file()
    library = front_matter(system / LIBRARY_MODULE)
    build_system(system, tmp_path / "out")
    assert catalogue_matrix(tmp_path / "out") == {LIBRARY_MODULE: ["used", "used"]}
    for name in COURSES:
        deck = slides(tmp_path / "out" / name / "deck.pptx")
        assert library["title"] in [t for t, _ in deck]
        assert any("内部培训资料 · 请勿外传" in rest for _, rest in deck)  # trainerkit.yml's footer
    # the refresher's pass mark is its own, the new-hire course keeps the system's: the SCORM
    # package's mastery score says it
    import zipfile

    mastery = {}
    for name in COURSES:
        with zipfile.ZipFile(tmp_path / "out" / name / "scorm.zip") as z:
            manifest = z.read("imsmanifest.xml").decode("utf-8")
        mastery[name] = re.findall(r"<adlcp:masteryscore>(\d+)</adlcp:masteryscore>", manifest)
    assert mastery == {"new-hire": ["80"], "refresher": ["90"]}


def test_the_docs_snippets_are_the_examples(tmp_path: Path) -> None:
    """The page's other YAML (trainerkit.yml's keys, a course's lists) is real too: its
    trainerkit.yml checks clean in the example system, its course lists are the example's."""
    system = doc_example(tmp_path)
    snippets = [yaml.safe_load(m) for m in re.findall(r"^```yaml\n(.*?)^```$", DOC.read_text(encoding="utf-8"),
                                                       re.S | re.M)]
    settings = [s for s in snippets if "title" in s]
    lists = [s for s in snippets if "modules" in s]
    assert len(settings) == 1 and len(lists) == 1
    new_hire = yaml.safe_load((system / "courses" / "new-hire" / "course.yml").read_text(encoding="utf-8"))
    assert lists[0] == {"modules": new_hire["modules"], "quizzes": new_hire["quizzes"]}
    (system / "trainerkit.yml").write_text(yaml.safe_dump(settings[0], allow_unicode=True), encoding="utf-8")
    for name in COURSES:
        assert check(system / "courses" / name) == []


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, spaces to hyphens, other
    punctuation dropped (a heading seen again gets -1, -2 ...)."""
    seen: dict[str, int] = {}
    out = set()
    text = re.sub(r"^(`{3,}).*?^\1$", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    for heading in re.findall(r"^#{1,6} +(.+?) *$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower().replace("`", "")).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def test_every_link_of_the_systems_page_leads_somewhere() -> None:
    """Its pages, its picture of the catalogue and the sections of docs/format.md it names."""
    text = re.sub(r"^(`{3,}).*?^\1$", "", DOC.read_text(encoding="utf-8"), flags=re.S | re.M)
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert "images/catalog.png" in links and "systems-ci.md" in links
    for link in links:
        if link.startswith(("http://", "https://")):
            continue
        name, _, anchor = link.partition("#")
        page = (DOC.parent / name) if name else DOC
        assert page.is_file(), f"docs/systems.md links to {link}, which is not there"
        if anchor:
            assert anchor in anchors(page), f"docs/systems.md links to {link}: no such heading"
