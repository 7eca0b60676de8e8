"""Building a training system (issue 17): courses/*/ built into OUT/<course>/ from one library,
each library module parsed once, confined to the system's folder, every course's problems at
once, a library edit rebuilding exactly the courses that use it, --course, and the CLI on a
system. Fixtures are made in tmp_path; the decks and documents are read back."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree
from pptx import Presentation

from trainerkit.build import build, load
from trainerkit.build_system import SystemBuildError, build_system, check_system
from trainerkit.cache import MANIFEST
from trainerkit.cli import main
from trainerkit.errors import Diagnostics, TrainerkitError
from trainerkit.watch import courses_changed


def module(title: str, objective: str = "Greet the caller", slides: tuple[str, ...] = ("A point",),
           extra: str = "") -> str:
    body = "".join(f"## {s}\n\n- {s}, said plainly\n\n" for s in slides)
    return (f"---\ntitle: {title}\nduration: 10\nobjectives:\n  - {objective}\n---\n"
            f"# {title}\n\n{body}{extra}"
            f"```quiz\nObjective: 1\n1. What does {title} start with?\n*a) The greeting\nb) The goodbye\n```\n")


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SYSTEM_YML = "title: Contact centre programme\nlanguage: en\noutputs: [deck, handout]\nquiz:\n  pass_mark: 70\n"


@pytest.fixture
def system(tmp_path) -> Path:
    """Three courses: a and b use library/shared.md, c uses library/other.md; a has a module
    of its own."""
    return write(tmp_path / "sys", {
        "trainerkit.yml": SYSTEM_YML,
        "library/shared.md": module("Shared opening"),
        "library/other.md": module("Other opening"),
        "courses/a/course.yml": "title: Course A\nmodules: [library/shared.md, modules/own.md]\n",
        "courses/a/modules/own.md": module("A's closing", "Close the call"),
        "courses/b/course.yml": "title: Course B\nmodules: [library/shared.md]\n",
        "courses/c/course.yml": "title: Course C\nmodules: [library/other.md]\n",
    })


def slide_titles(deck: Path) -> list[str]:
    titles = []
    for slide in Presentation(str(deck)).slides:
        if slide.shapes.title is not None:
            titles.append(slide.shapes.title.text_frame.text)
    return titles


def handout_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def manifest_times(out: Path) -> dict[str, int]:
    return {d.name: (d / MANIFEST).stat().st_mtime_ns for d in sorted(out.iterdir())
            if (d / MANIFEST).is_file()}


def errors_of(e: TrainerkitError) -> list[tuple[str, int, str]]:
    """(path relative to the system, line, message) of each error."""
    return [(str(d.location.path), d.location.line, d.text())
            for d in e.diagnostics if d.severity == "error"]


def test_every_course_built_into_its_folder_with_library_modules(system, tmp_path):
    out = tmp_path / "out"
    result = build_system(system, out)
    assert list(result.courses) == ["a", "b", "c"] and result.built == ["a", "b", "c"]
    assert not result.failed
    assert "Shared opening" in slide_titles(out / "a" / "deck.pptx")
    assert "A's closing" in slide_titles(out / "a" / "deck.pptx")
    assert "Shared opening" in slide_titles(out / "b" / "deck.pptx")
    assert "Shared opening" not in slide_titles(out / "c" / "deck.pptx")
    assert "Other opening" in handout_text(out / "c" / "handout.docx")
    assert sorted(os.listdir(out / "b")) == sorted(["deck.pptx", "handout.docx", MANIFEST,
                                                    ".trainerkit-cache", ".trainerkit-lock"])
    # nothing of the courses in the system's folder
    assert sorted(os.listdir(system)) == ["courses", "library", "trainerkit.yml"]


def test_a_path_is_looked_up_in_the_course_first_then_in_the_system(system, tmp_path):
    write(system, {"courses/a/library/shared.md": module("A's own opening")})
    out = tmp_path / "out"
    build_system(system, out)
    a, b = slide_titles(out / "a" / "deck.pptx"), slide_titles(out / "b" / "deck.pptx")
    assert "A's own opening" in a and "Shared opening" not in a
    assert "Shared opening" in b and "A's own opening" not in b


def test_each_library_module_is_parsed_once_for_all_courses(system, tmp_path, monkeypatch):
    import trainerkit.parse as parse

    parsed: list[str] = []
    real = parse.parse_module

    def counting(path, *args, **kwargs):
        parsed.append(Path(path).relative_to(system).as_posix())
        return real(path, *args, **kwargs)

    monkeypatch.setattr(parse, "parse_module", counting)
    result = build_system(system, tmp_path / "out", jobs=1, use_cache=False)
    assert result.built == ["a", "b", "c"]
    # shared.md serves two courses, parsed once; so is every other module
    assert sorted(parsed) == ["courses/a/modules/own.md", "library/other.md", "library/shared.md"]


def test_paths_are_confined_to_the_system_and_every_course_reports_at_once(system, tmp_path):
    outside = write(tmp_path / "elsewhere", {"outside.md": module("Outside")})
    (system / "library" / "link.md").symlink_to(outside / "outside.md")
    write(system, {
        "courses/a/course.yml": "title: Course A\nmodules:\n  - library/shared.md\n  - ../../../elsewhere/outside.md\n",
        "courses/b/course.yml": "title: Course B\nmodules:\n  - library/link.md\n",
    })
    out = tmp_path / "out"
    with pytest.raises(SystemBuildError) as caught:
        build_system(system, out)
    errors = errors_of(caught.value)
    assert len(errors) == 2, errors
    (a_path, a_line, a_text), (b_path, b_line, b_text) = sorted(errors)
    assert a_path.endswith("courses/a/course.yml") and a_line == 4
    assert '"../../../elsewhere/outside.md" is outside the training system' in a_text
    assert b_path.endswith("courses/b/course.yml") and b_line == 3
    assert '"library/link.md" is outside the training system' in b_text
    result = caught.value.result
    assert sorted(result.failed) == ["a", "b"] and list(result.courses) == ["c"]
    assert (out / "c" / "deck.pptx").is_file()  # the course without problems is built
    assert not (out / "a" / "deck.pptx").exists() and not (out / "b" / "deck.pptx").exists()
    assert not (out / "catalog.html").exists()  # no catalogue of a system with broken courses


def test_a_picture_left_behind_when_a_module_moved_to_the_library_says_where_it_is(system, tmp_path):
    """A module moved from a course's modules/ into library/, its picture into library/images/,
    still says ../images/: the error names the file of that name and the path to write, in the
    trainer's language, and never a place outside the system."""
    from PIL import Image

    write(system, {"library/shared.md": module("Shared opening", extra="![流程](../images/flow.png)\n\n")})
    (system / "library" / "images").mkdir()
    Image.new("RGB", (40, 20), "#2E74B5").save(system / "library" / "images" / "flow.png")
    with pytest.raises(SystemBuildError) as caught:
        build_system(system, tmp_path / "out", courses=["b"])
    ((path, line, text),) = errors_of(caught.value)
    assert path.endswith("library/shared.md") and line == 13  # the picture's line
    assert 'library/images/flow.png has that name: write "images/flow.png"' in text, text
    assert str(tmp_path / "images") not in text and ".." not in text.split("looked for")[1], text
    (error,) = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert "是同名文件：请写成“images/flow.png”" in error.message.text("zh-CN")
    assert "是同名檔案：請寫成「images/flow.png」" in error.message.text("zh-TW")
    write(system, {"library/shared.md": module("Shared opening", extra="![流程](images/flow.png)\n\n")})
    assert build_system(system, tmp_path / "out", courses=["b"]).courses


def test_a_module_id_used_by_the_library_and_the_course_is_a_located_error(system, tmp_path):
    write(system, {
        "courses/a/modules/shared.md": module("A's copy"),
        "courses/a/course.yml": "title: Course A\nmodules: [library/shared.md, modules/shared.md]\n",
    })
    with pytest.raises(SystemBuildError) as caught:
        build_system(system, tmp_path / "out")
    [(path, line, message)] = errors_of(caught.value)
    assert path.endswith("courses/a/modules/shared.md") and line == 1
    assert 'module id "shared" is already used by' in message and "library/shared.md" in message
    assert list(caught.value.result.courses) == ["b", "c"]


def test_a_library_edit_rebuilds_exactly_the_courses_that_use_it(system, tmp_path):
    out = tmp_path / "out"
    build_system(system, out)
    before = manifest_times(out)
    decks = {n: (out / n / "deck.pptx").read_bytes() for n in "abc"}
    catalogue = {f: (out / f).stat().st_mtime_ns for f in os.listdir(out) if f.startswith("catalog.")}

    again = build_system(system, out)
    assert again.built == [] and manifest_times(out) == before and again.system_up_to_date

    write(system, {"library/shared.md": module("Shared opening", slides=("A point", "An added slide"))})
    result = build_system(system, out)
    assert result.built == ["a", "b"]
    after = manifest_times(out)
    assert after["c"] == before["c"] and after["a"] != before["a"] and after["b"] != before["b"]
    assert (out / "c" / "deck.pptx").read_bytes() == decks["c"]
    for n in "ab":
        assert "An added slide" in slide_titles(out / n / "deck.pptx")
        assert (out / n / "deck.pptx").read_bytes() != decks[n]
    assert not result.system_up_to_date
    for name, mtime in catalogue.items():  # made again from the courses as they are now
        assert (out / name).stat().st_mtime_ns != mtime

    write(system, {"library/other.md": module("Other opening", slides=("Another point",))})
    assert build_system(system, out).built == ["c"]


def test_watch_rebuilds_the_courses_a_saved_file_is_part_of(system, tmp_path):
    out = tmp_path / "out"
    build_system(system, out)
    names = ["a", "b", "c"]

    def hit(*files: str, retry=frozenset()) -> list[str]:
        return courses_changed([system / f for f in files], system, out, names, set(retry))

    assert hit("library/shared.md") == ["a", "b"]
    assert hit("library/other.md") == ["c"]
    assert hit("courses/b/course.yml") == ["b"]
    assert hit("courses/a/modules/own.md", "library/other.md") == ["a", "c"]
    assert hit("trainerkit.yml") == names and hit("templates/reference.pptx") == names
    assert hit("library/unused.md") == [] and hit("README.md") == []
    assert hit("README.md", retry={"b"}) == ["b"]  # its last build failed: try it again


def test_course_option_builds_only_those_courses(system, tmp_path):
    out = tmp_path / "out"
    result = build_system(system, out, courses=["c", "a"])
    assert sorted(result.courses) == ["a", "c"] and not result.catalogue
    assert sorted(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")) == ["a", "c"]
    assert not (out / "catalog.docx").exists()


def test_an_unknown_course_is_a_located_error_and_nothing_is_built(system, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(TrainerkitError) as caught:
        build_system(system, out, courses=["a", "d"])
    [(path, _line, message)] = errors_of(caught.value)
    assert Path(path) == system / "courses"
    assert message.endswith('there is no course "d" in courses/; the courses are: a, b, c')
    assert not out.exists()


def test_a_failed_course_keeps_its_earlier_outputs_and_the_others_are_built(system, tmp_path):
    out = tmp_path / "out"
    build_system(system, out)
    kept = {n: (out / n / "deck.pptx").read_bytes() for n in "ab"}
    write(system, {
        "courses/a/modules/own.md": module("A's closing", "Close the call", extra="::: nosuchblock\nx\n:::\n\n") + "\n[broken](",
        "courses/b/course.yml": "title: Course B\nmodules: [library/shared.md, modules/missing.md]\n",
        "library/other.md": module("Other opening", slides=("Changed",)),
    })
    with pytest.raises(SystemBuildError) as caught:
        build_system(system, out)
    result = caught.value.result
    assert sorted(result.failed) == ["a", "b"] and result.built == ["c"]
    located = {Path(p).relative_to(system).as_posix() for p, _l, _m in errors_of(caught.value)}
    assert {"courses/a/modules/own.md", "courses/b/course.yml"} <= located
    for n in "ab":
        assert (out / n / "deck.pptx").read_bytes() == kept[n]
    assert "Changed" in slide_titles(out / "c" / "deck.pptx")


def test_the_systems_settings_are_defaults_a_course_overrides(tmp_path):
    root = write(tmp_path / "sys", {
        "trainerkit.yml": "title: Programme\nlanguage: en\norganization: Acme Contact\n"
                          "outputs: [deck, scorm]\nquiz:\n  pass_mark: 70\n",
        "library/shared.md": module("Shared opening"),
        "courses/a/course.yml": "title: Course A\nlanguage: zh-CN\nquiz:\n  pass_mark: 90\n"
                                "modules: [library/shared.md]\n",
        "courses/b/course.yml": "title: Course B\nmodules: [library/shared.md]\n",
    })
    out = tmp_path / "out"
    build_system(root, out)

    def mastery(name: str) -> str:
        with zipfile.ZipFile(out / name / "scorm.zip") as z:
            tree = etree.fromstring(z.read("imsmanifest.xml"))
        return tree.xpath("//*[local-name()='masteryscore']")[0].text

    def page_language(name: str) -> str:
        with zipfile.ZipFile(out / name / "scorm.zip") as z:
            page = next(n for n in z.namelist() if n.endswith("quiz.html"))
            return etree.parse(io.BytesIO(z.read(page)), etree.HTMLParser()).getroot().get("lang")

    assert mastery("a") == "90" and mastery("b") == "70"
    assert page_language("a") == "zh-CN" and page_language("b") == "en"
    a, b = (load(root / "courses" / n, Diagnostics()) for n in "ab")
    assert (a.organization, b.organization) == ("Acme Contact", "Acme Contact")


def test_a_course_outside_a_system_builds_as_before(tmp_path):
    course = write(tmp_path / "plain", {
        "course.yml": "title: Plain course\nlanguage: en\noutputs: [deck]\n",
        "modules/01-opening.md": module("Plain opening"),
    })
    result = build(course, tmp_path / "out")
    assert result.files == ["deck.pptx"] and "Plain opening" in slide_titles(tmp_path / "out" / "deck.pptx")
    assert load(course, Diagnostics()).system is None


def test_a_course_of_a_system_still_builds_alone(system, tmp_path):
    result = build(system / "courses" / "b", tmp_path / "alone")
    assert result.files == ["deck.pptx", "handout.docx"]
    assert "Shared opening" in slide_titles(tmp_path / "alone" / "deck.pptx")
    assert not (tmp_path / "alone" / "catalog.docx").exists()


def test_check_system_reports_every_course_and_counts_their_errors(system):
    diagnostics, errors = check_system(system)
    assert errors == {"a": 0, "b": 0, "c": 0}
    assert not [d for d in diagnostics if d.severity == "error"]
    write(system, {"courses/b/course.yml": "title: Course B\nmodules: [library/shared.md, modules/gone.md]\n",
                   "courses/c/course.yml": "title: Course C\nmodules: [library/nothere.md]\n"})
    diagnostics, errors = check_system(system)
    assert errors == {"a": 0, "b": 1, "c": 1}
    located = sorted((Path(d.location.path).relative_to(system).as_posix(), d.location.line)
                     for d in diagnostics if d.severity == "error")
    assert located == [("courses/b/course.yml", 2), ("courses/c/course.yml", 2)]


def test_the_cli_on_a_system(system, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(system)])
    assert built.exit_code == 0, built.output
    assert f"Built deck.pptx, handout.docx in {Path('build') / 'a'}/" in built.output
    assert f"{system}: 3 courses built, 0 up to date" in built.output
    assert (tmp_path / "build" / "c" / "deck.pptx").is_file()  # build/<course>/ by default

    again = runner.invoke(main, ["build", str(system), "--course", "b"])
    assert again.exit_code == 0 and "0 courses built, 1 up to date" in again.output
    assert "Up to date: deck.pptx, handout.docx in build/b/" in again.output

    checked = runner.invoke(main, ["check", str(system)])
    assert checked.exit_code == 0 and f"{system}: 3 courses, no errors" in checked.output

    info = runner.invoke(main, ["info", str(system)])
    assert info.exit_code == 0, info.output
    rows = {line.split()[0]: line.split() for line in info.output.splitlines()[2:]}
    assert rows["a"][:6] == ["a", "2", "1", "20", "min", "2"] and rows["a"][-2:] == ["Course", "A"]
    assert rows["c"][:6] == ["c", "1", "1", "10", "min", "1"]
    assert rows["total"][:6] == ["total", "4", "3", "40", "min", "4"]

    write(system, {"courses/c/course.yml": "title: Course C\nmodules: [library/nothere.md]\n"})
    failed = runner.invoke(main, ["build", str(system)])
    assert failed.exit_code == 1
    assert "courses/c/course.yml:2: error: " in failed.output and "Build failed: 1 error" in failed.output
    assert "1 course failed and kept its earlier outputs: c" in failed.output
    assert runner.invoke(main, ["check", str(system)]).exit_code == 1
    assert runner.invoke(main, ["check", str(system), "--course", "a"]).exit_code == 0

    unknown = runner.invoke(main, ["build", str(system), "--course", "zz"])
    assert unknown.exit_code == 1 and 'there is no course "zz" in courses/' in unknown.output
    alone = runner.invoke(main, ["build", str(system / "courses" / "a"), "--course", "a"])
    assert alone.exit_code == 2 and "--course names a course of a training system" in alone.output


def test_the_output_folder_must_not_be_among_the_systems_sources(system):
    files = sorted(p for p in system.rglob("*"))
    for inside in ("library/out", "courses", "courses/a/out"):
        with pytest.raises(TrainerkitError) as caught:
            build_system(system, system / inside)
        [(path, _line, message)] = errors_of(caught.value)
        assert Path(path) == system / inside
        assert "the output folder is inside" in message and "choose another with -o" in message
        assert sorted(p for p in system.rglob("*")) == files  # nothing written


def test_catalogue_only_builds_the_system_files_and_no_course(system, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(system), "--catalogue-only", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not any((out / n / "deck.pptx").exists() for n in "abc")
    try:
        import trainerkit.catalogue  # noqa: F401  (its own helper's module)
    except ImportError:
        return
    assert f"Built catalog.docx, catalog.html in {out}/" in result.output
    page = etree.parse(str(out / "catalog.html"), etree.HTMLParser()).getroot()
    shown = " ".join(page.itertext())
    assert all(title in shown for title in ("Course A", "Course B", "Course C"))
    plain = CliRunner().invoke(main, ["build", str(system / "courses" / "a"), "--catalogue-only"])
    assert plain.exit_code == 2 and "--catalogue-only is for a training system" in plain.output


def test_a_course_built_in_its_system_is_the_course_built_alone(system, tmp_path):
    """The courses of a system share their parsed library modules and their drawn slides and
    document parts: what each gets is byte for byte what it gets built on its own, uncached."""
    import datetime

    from trainerkit import dates

    write(system, {"courses/c/course.yml": "title: Course C\nmodules: [library/other.md, library/shared.md]\n"})
    dates.fix(datetime.date(2026, 12, 1))
    try:
        build_system(system, tmp_path / "out")
        for name in "abc":
            alone = build(system / "courses" / name, tmp_path / "alone" / name, use_cache=False)
            for f in alone.files:
                assert (tmp_path / "alone" / name / f).read_bytes() == (tmp_path / "out" / name / f).read_bytes(), (name, f)
    finally:
        dates.fix(None)


def test_a_library_module_elsewhere_in_another_course_is_drawn_once(system, tmp_path, monkeypatch):
    """A library module second in one course and first in another: its slides and its parts of
    the handout and the guide are drawn once for both (only its opening, which says its number,
    again), and each course gets what it gets built alone, uncached, byte for byte: the guide's
    slide numbers its own."""
    import datetime

    from trainerkit import dates
    from trainerkit.render.docx import cache as docx_cache
    from trainerkit.render.pptx import draw as pptx_draw

    write(system, {"trainerkit.yml": SYSTEM_YML.replace("[deck, handout]", "[deck, handout, guide]"),
                   "library/shared.md": module("Shared opening", slides=("Shared point", "Another")),
                   "courses/c/course.yml": "title: Course C\n"
                   "modules: [library/other.md, library/shared.md, modules/own.md]\n",
                   "courses/c/modules/own.md": module("C's closing", "Close the call")})
    drawn_units: list[str] = []
    encode = docx_cache.ModuleCache._encode

    def counted(self, key, start, marker, log):
        drawn_units.append(" ".join(text_of_blocks(self.doc.blocks[start:start + 4])))
        return encode(self, key, start, marker, log)

    drawn_slides: list[str] = []
    draw_slides = pptx_draw.draw_slides
    monkeypatch.setattr(docx_cache.ModuleCache, "_encode", counted)
    monkeypatch.setattr(pptx_draw, "draw_slides", lambda run, *a, **k: drawn_slides.extend(
        ds.title for ds in run) or draw_slides(run, *a, **k))
    import trainerkit.render.pptx as pptx

    monkeypatch.setattr(pptx, "draw_slides", pptx_draw.draw_slides)
    dates.fix(datetime.date(2026, 12, 1))
    try:
        build_system(system, tmp_path / "out", jobs=1, courses=["a", "c"])
        assert drawn_slides.count("Shared point") == 1 and drawn_slides.count("Another") == 1
        # the headings starting each unit drawn: the module's body once in the handout and the guide
        assert sum("Shared point" in u for u in drawn_units) == 2, drawn_units
        # both courses' handouts and decks say it all, each with its own module numbers
        for name, number in (("a", 1), ("c", 2)):
            out = tmp_path / "out" / name
            titles = slide_titles(out / "deck.pptx")
            assert "Shared point" in titles
            text = handout_text(out / "handout.docx")
            assert "Shared point" in text and f"Module {number} · " in text, text
            slide = titles.index("Shared point") + 1
            assert f"Slide {slide} · Shared point" in handout_text(out / "guide.docx")
            alone = build(system / "courses" / name, tmp_path / "alone" / name, use_cache=False)
            assert "guide.docx" in alone.files
            for f in alone.files:
                assert (tmp_path / "alone" / name / f).read_bytes() == (out / f).read_bytes(), (name, f)
    finally:
        dates.fix(None)


def text_of_blocks(blocks) -> list[str]:
    from trainerkit.model import Heading

    return ["".join(span.text for span in b.text) for b in blocks if isinstance(b, Heading)]


def test_the_catalogue_is_drawn_again_only_when_what_it_shows_changed(system, tmp_path, monkeypatch):
    """An edit inside a module's slide (a line reworded) leaves the catalogue's plan as it was:
    its files come whole from the cache, byte for byte; a changed module title draws it again."""
    import trainerkit.catalogue as catalogue

    # a course's own module unlike the library's (the fixture's modules are near copies of
    # each other, and which library module one copies closest may change with any edit)
    write(system, {"courses/a/modules/own.md": "---\ntitle: Closing\nduration: 5\nobjectives:\n"
                   "  - Close the call\n---\n# Closing\n\n## Goodbye\n\n- Thank the caller by name\n"})
    drawn = []
    draw = catalogue.catalogue_document
    monkeypatch.setattr(catalogue, "catalogue_document", lambda *a, **k: drawn.append(1) or draw(*a, **k))
    out = tmp_path / "out"
    build_system(system, out, jobs=1)
    assert len(drawn) == 1
    first = {f: (out / f).read_bytes() for f in ("catalog.docx", "catalog.html")}
    write(system, {"library/shared.md": module("Shared opening", slides=("A point made again",))})
    assert build_system(system, out, jobs=1).built == ["a", "b"]
    assert len(drawn) == 1  # not drawn again
    assert {f: (out / f).read_bytes() for f in first} == first
    write(system, {"library/shared.md": module("Shared greeting", slides=("A point",))})
    build_system(system, out, jobs=1)
    assert len(drawn) == 2
    assert "Shared greeting" in (out / "catalog.html").read_text(encoding="utf-8")
    assert "Shared greeting" in "\n".join(c.text for t in Document(str(out / "catalog.docx")).tables
                                          for r in t.rows for c in r.cells)


def test_a_large_library_is_parsed_by_several_processes_each_module_once(tmp_path, monkeypatch):
    """With a cache and two jobs, a library of 20 modules is parsed by forked workers, each a
    share, then read back from the cache: every module parsed once in all the processes, and
    every course built with them (the same decks as a build by one process)."""
    import trainerkit.parse as parse

    files = {"trainerkit.yml": SYSTEM_YML}
    for n in range(20):
        files[f"library/m{n:02d}.md"] = module(f"Library module {n}", slides=(f"Point {n}",))
    files["courses/a/course.yml"] = "title: A\nmodules: [" + ", ".join(f"library/m{n:02d}.md" for n in range(12)) + "]\n"
    files["courses/b/course.yml"] = "title: B\nmodules: [" + ", ".join(f"library/m{n:02d}.md" for n in range(8, 20)) + "]\n"
    system = write(tmp_path / "sys", files)
    log = tmp_path / "parsed.log"
    real = parse.parse_module

    def counting(path, *args, **kwargs):
        with open(log, "a", encoding="utf-8") as f:  # from every process
            f.write(f"{os.getpid()} {Path(path).name}\n")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(parse, "parse_module", counting)
    result = build_system(system, tmp_path / "out", jobs=2)
    assert result.built == ["a", "b"]
    lines = log.read_text(encoding="utf-8").split()
    names, pids = lines[1::2], set(lines[0::2])
    assert sorted(names) == sorted(f"m{n:02d}.md" for n in range(20))  # each once
    assert len(pids) == 2  # two processes parsed them
    for course, first in (("a", 0), ("b", 8)):
        titles = slide_titles(tmp_path / "out" / course / "deck.pptx")
        assert f"Library module {first}" in titles and f"Library module {first + 11}" in titles
    monkeypatch.setattr(parse, "parse_module", real)
    alone = build_system(system, tmp_path / "alone", jobs=1, use_cache=False)
    assert alone.built == ["a", "b"]
    for course in "ab":
        assert slide_titles(tmp_path / "out" / course / "deck.pptx") == \
            slide_titles(tmp_path / "alone" / course / "deck.pptx")
