"""The build cache never serves stale outputs: edits, templates, themes, pictures and new versions
always reach them; a corrupt cache is rebuilt, not trusted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from trainerkit import cache
from trainerkit.build import build

from conftest import COURSES, FIXTURES, outputs_in


@pytest.fixture()
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(COURSES / "hello", root)
    (root / "images").mkdir(exist_ok=True)
    from PIL import Image

    Image.new("RGB", (60, 40), "navy").save(root / "images" / "pic.png")
    module = next((root / "modules").glob("*.md"))
    module.write_text(module.read_text(encoding="utf-8") + "\n## Picture\n\n![p](../images/pic.png)\n",
                      encoding="utf-8")
    return root


def deck_text(out: Path) -> str:
    prs = Presentation(str(out / "deck.pptx"))
    return "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)


def first_module(root: Path) -> Path:
    return next((root / "modules").glob("*.md"))


def test_unchanged_course_is_not_built_again(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(course, out)
    stamps = lambda: {p.name: p.stat().st_mtime_ns for p in out.iterdir()
                      if p.is_file() and not p.name.startswith(".trainerkit-lock")}
    before = stamps()
    again = build(course, out)
    assert again.up_to_date and not first.up_to_date
    assert again.files == first.files
    assert stamps() == before


def test_an_edit_reaches_the_outputs(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    module = first_module(course)
    module.write_text(module.read_text(encoding="utf-8") + "\n## Brand new slide\n\n- fresh\n", encoding="utf-8")
    result = build(course, out)
    assert not result.up_to_date and "Brand new slide" in deck_text(out)


def test_a_template_change_reaches_the_outputs(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    (course / "templates").mkdir(exist_ok=True)
    (course / "templates" / "deck-title.md.j2").write_text(
        '## Our own title slide {layout="Title Slide"}\n\nfrom the course\'s template\n', encoding="utf-8")
    build(course, out)
    assert "Our own title slide" in deck_text(out)


def test_a_theme_change_reaches_the_outputs(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (course / "templates").mkdir(exist_ok=True)
    theme = course / "templates" / "corporate.pptx"
    shutil.copy(FIXTURES / "format-examples" / "templates" / "reference.pptx", theme)  # 4:3
    yml = course / "course.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "theme:\n  pptx: templates/corporate.pptx\n",
                   encoding="utf-8")
    build(course, out)
    assert Presentation(str(out / "deck.pptx")).slide_width == Presentation(str(theme)).slide_width
    from trainerkit.resources import builtin

    shutil.copy(builtin("reference.pptx"), theme)  # the company moves to 16:9
    build(course, out)
    assert Presentation(str(out / "deck.pptx")).slide_width == Presentation(str(builtin("reference.pptx"))).slide_width


def test_a_changed_picture_reaches_the_deck(course: Path, tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "out"
    build(course, out)
    blobs = lambda: sorted(sh.image.blob for s in Presentation(str(out / "deck.pptx")).slides
                           for sh in s.shapes if sh.shape_type == 13)
    before = blobs()
    Image.new("RGB", (60, 40), "orange").save(course / "images" / "pic.png")
    build(course, out)
    assert blobs() != before and len(blobs()) == len(before)


def test_a_new_trainerkit_version_rebuilds(course: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    build(course, out)
    monkeypatch.setattr(cache, "__version__", "99.0")
    cache.code_fingerprint.cache_clear()
    try:
        assert not build(course, out).up_to_date
    finally:
        cache.code_fingerprint.cache_clear()


def test_a_deleted_or_touched_output_is_made_again(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    (out / "handout.docx").unlink()
    assert not build(course, out).up_to_date and (out / "handout.docx").is_file()
    (out / "deck.pptx").write_bytes(b"scribbled over")
    assert not build(course, out).up_to_date
    assert Presentation(str(out / "deck.pptx")).slides  # a real deck again


def test_a_corrupt_cache_is_rebuilt_not_trusted(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    clean = deck_text(out)
    for path in (out / cache.CACHE_DIR).rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x80garbage" + path.read_bytes()[:10])
    (out / cache.MANIFEST).write_text("{not json", encoding="utf-8")
    module = first_module(course)
    module.write_text(module.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = build(course, out)
    assert not result.up_to_date and deck_text(out) == clean
    assert set(outputs_in(out)) == set(result.files)


def test_warnings_are_shown_again_when_up_to_date(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: T\n", encoding="utf-8")
    (root / "modules" / "01-a.md").write_text("---\ntitle: A\n---\n\n## S\n\nx\n", encoding="utf-8")
    first = build(root, tmp_path / "out")
    again = build(root, tmp_path / "out")
    assert again.up_to_date and [str(w) for w in again.warnings] == [str(w) for w in first.warnings]
    assert any("no duration" in w.message for w in again.warnings)


def test_an_edit_rechecks_its_module_and_keeps_the_others_problems(tmp_path: Path, monkeypatch) -> None:
    """A module's own checks and lints run when it is parsed and are kept with it: after an
    edit of one module, the other's warnings come from the cache (check_module is not run on
    it again) and are still all shown, the same as from scratch."""
    from trainerkit import check

    root = tmp_path / "c"
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: T\n", encoding="utf-8")
    a, b = root / "modules" / "01-a.md", root / "modules" / "02-b.md"
    a.write_text("---\ntitle: A\n---\n\n## S\n\nx\n", encoding="utf-8")
    b.write_text("---\ntitle: B\nduration: 10\nobjectives: [o]\n---\n\n## T\n\ny\n", encoding="utf-8")
    build(root, tmp_path / "out")
    b.write_text(b.read_text(encoding="utf-8") + "\n" + "".join(f"- p{i}\n" for i in range(12)),
                 encoding="utf-8")
    checked: list[str] = []
    real = check.check_module
    monkeypatch.setattr(check, "check_module",
                        lambda m, d, deck=False: (checked.append(m.title), real(m, d, deck)))
    edited = build(root, tmp_path / "out")
    fresh = build(root, tmp_path / "fresh", use_cache=False)
    assert checked == ["B", "A", "B"]  # the edit: B only; from scratch: both
    assert sorted(map(str, edited.warnings)) == sorted(map(str, fresh.warnings))
    messages = [w.message for w in edited.warnings]
    assert any("no duration" in m for m in messages) and any("12 bullets" in m for m in messages)


def test_parallel_and_serial_builds_make_the_same_documents(tmp_path: Path) -> None:
    from readback_docx import docx_outline

    a = build(COURSES / "complaint-handling", tmp_path / "a", jobs=1, use_cache=False)
    b = build(COURSES / "complaint-handling", tmp_path / "b", jobs=2, use_cache=False)
    assert a.files == b.files
    for name in a.files:
        if name.endswith(".docx"):
            assert docx_outline((tmp_path / "a" / name).read_bytes()) == \
                docx_outline((tmp_path / "b" / name).read_bytes()), name
    assert deck_text(tmp_path / "a") == deck_text(tmp_path / "b")


def test_an_output_the_course_no_longer_has_is_removed(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text("title: T\n", encoding="utf-8")
    module = root / "modules" / "01-a.md"
    module.write_text("---\ntitle: A\n---\n\n## S\n\n::: roleplay R\nsituation: s\ngoal: g\n:::\n", encoding="utf-8")
    out = tmp_path / "out"
    build(root, out)
    assert "roleplay.docx" in outputs_in(out)
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")  # not trainerkit's: kept
    module.write_text("---\ntitle: A\n---\n\n## S\n\nno role-play any more\n", encoding="utf-8")
    build(root, out)
    assert "roleplay.docx" not in outputs_in(out) and "my-notes.txt" in outputs_in(out)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_template_error_stops_every_output_and_is_reported_once(course: Path, tmp_path: Path, jobs) -> None:
    from trainerkit.errors import TrainerkitError

    (course / "templates").mkdir(exist_ok=True)
    (course / "templates" / "module-opening.md.j2").write_text("## {{ module.title }\n", encoding="utf-8")
    with pytest.raises(TrainerkitError) as e:
        build(course, tmp_path / "out", jobs=jobs)
    (d,) = e.value.diagnostics
    assert d.location.path.endswith("module-opening.md.j2") and "template error" in d.message
    assert not (tmp_path / "out").exists() or outputs_in(tmp_path / "out") == {}


def test_a_pickle_planted_in_the_cache_is_never_loaded(tmp_path: Path) -> None:
    import pickle

    store = cache.FileCache(tmp_path / "c")
    store.put_object("k", {"a": 1})
    assert store.get_object("k") == {"a": 1}

    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('planted code ran')",))

    store.put("k", pickle.dumps(Boom()))  # written by someone else, unsigned
    assert store.get_object("k") is None
    store.put("k", b"\0" * 32 + pickle.dumps(Boom()))  # signed with a wrong key
    assert store.get_object("k") is None


def test_a_manifest_copied_from_another_output_folder_is_not_trusted(course: Path, tmp_path: Path) -> None:
    build(course, tmp_path / "a")
    build(course, tmp_path / "b")
    assert cache.read_manifest(tmp_path / "b") is not None
    shutil.copy(tmp_path / "a" / cache.MANIFEST, tmp_path / "b" / cache.MANIFEST)
    assert cache.read_manifest(tmp_path / "b") is None  # signed for a/ only
    assert not build(course, tmp_path / "b").up_to_date


def test_the_fingerprint_reads_only_what_the_build_reads(course: Path, tmp_path: Path, monkeypatch) -> None:
    (course / "recordings").mkdir()
    (course / "recordings" / "call.wav").write_bytes(b"\0" * 1000)
    build(course, tmp_path / "out")
    opened: list[str] = []
    real_open = cache.os.open
    monkeypatch.setattr(cache.os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    assert build(course, tmp_path / "out").up_to_date
    assert opened and not any("recordings" in p for p in opened)
    (course / "recordings" / "call.wav").write_bytes(b"\1" * 1000)  # nothing the course uses
    assert build(course, tmp_path / "out").up_to_date


def test_the_code_fingerprint_covers_every_package_of_trainerkit() -> None:
    """A change in any package (quiz/, the writers' packages under render/) must reach the cache."""
    import trainerkit

    top = Path(trainerkit.__file__).resolve().parent
    packages = {p.parent for p in top.rglob("__init__.py") if "__pycache__" not in p.parts}
    assert packages <= set(cache.code_folders())


@pytest.mark.parametrize("body", [b"ctrainerkit.model\nNoSuchBlock\n)R.", b"ctrainerkit.gone\nBlock\n)R.",
                                  b"\x80\x05\x95", b"(lp0\nI1\n"])
def test_a_signed_entry_of_classes_that_are_gone_is_a_miss(tmp_path: Path, body: bytes) -> None:
    """An entry of this user's made by another trainerkit (a class renamed or moved) or cut short
    is a miss, through the narrow exceptions get_object catches."""
    store = cache.FileCache(tmp_path / "parsed")
    store.put("k", cache._object_mac("k", body) + body)
    assert store.get("k") is not None and store.get_object("k") is None


# ---------------------------------------------------------------------------------------------
# No stale outputs (issue 12): what the course no longer makes is removed, whatever built between


QUIZ_MODULE = """---
title: A
---

## S

- point

```quiz
1.  Which greeting is right?
*a) Good morning, this is Anna
b)  Yeah?
```
"""


def quiz_course(root: Path, versions: int) -> Path:
    """A one-module course with a quiz block, in `versions` printable versions."""
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "course.yml").write_text(f"title: T\nquiz:\n  versions: {versions}\n", encoding="utf-8")
    (root / "modules" / "01-a.md").write_text(QUIZ_MODULE, encoding="utf-8")
    return root


def listing(out: Path) -> list[str]:
    """The output folder as a trainer sees it (trainerkit's hidden files aside)."""
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def test_a_full_build_after_an_only_build_removes_what_the_course_no_longer_makes(tmp_path: Path) -> None:
    root, out = quiz_course(tmp_path / "c", versions=2), tmp_path / "out"
    build(root, out)
    assert {"quiz-A.docx", "quiz-B.docx", "quiz-B-key.docx"} <= set(listing(out))
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")  # the trainer's own: always kept
    (out / "quiz-C.docx").write_text("my own paper", encoding="utf-8")  # a name trainerkit never made
    quiz_course(root, versions=1)
    build(root, out, only=["deck"])
    assert "quiz-B.docx" in listing(out)  # a deck-only build leaves the quiz alone...
    result = build(root, out)
    assert not result.up_to_date
    after = listing(out)  # ...but the next full build still knows quiz B is trainerkit's
    assert "quiz-B.docx" not in after and "quiz-B-key.docx" not in after
    assert {"quiz-A.docx", "quiz-A-key.docx", "deck.pptx", "my-notes.txt", "quiz-C.docx"} <= set(after)
    assert (out / "quiz-C.docx").read_text(encoding="utf-8") == "my own paper"


def test_two_only_builds_in_a_row_still_remember_the_others(tmp_path: Path) -> None:
    root, out = quiz_course(tmp_path / "c", versions=2), tmp_path / "out"
    build(root, out)
    quiz_course(root, versions=1)
    build(root, out, only=["deck"])
    build(root, out, only=["handout"])  # the record of quiz B survives a second partial build
    assert "quiz-B.docx" in listing(out)
    build(root, out)
    assert "quiz-B.docx" not in listing(out) and "quiz-A.docx" in listing(out)


def test_an_only_build_removes_the_stale_files_of_the_outputs_it_builds(tmp_path: Path) -> None:
    root, out = quiz_course(tmp_path / "c", versions=2), tmp_path / "out"
    build(root, out)
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    quiz_course(root, versions=1)
    build(root, out, only=["quiz"])
    after = listing(out)
    assert "quiz-B.docx" not in after and "quiz-B-key.docx" not in after and "quiz-A.docx" in after
    assert {"deck.pptx", "handout.docx", "guide.docx", "my-notes.txt"} <= set(after)  # not built: kept


def test_a_build_without_the_cache_keeps_the_record(tmp_path: Path) -> None:
    root, out = quiz_course(tmp_path / "c", versions=2), tmp_path / "out"
    build(root, out, use_cache=False)
    quiz_course(root, versions=1)
    build(root, out, only=["deck"], use_cache=False)
    build(root, out, use_cache=False)
    assert "quiz-B.docx" not in listing(out) and "quiz-A.docx" in listing(out)


def test_a_planted_or_copied_manifest_does_not_make_a_build_delete_files(tmp_path: Path) -> None:
    """A folder of someone else's builds, with its manifest, copied beside the trainer's own:
    what that manifest names is not removed (it is signed for its own folder only)."""
    root = quiz_course(tmp_path / "c", versions=2)
    build(root, tmp_path / "theirs")
    mine = tmp_path / "mine"
    mine.mkdir()
    for name in ("quiz-B.docx", "my-notes.txt"):
        (mine / name).write_text("the trainer's own", encoding="utf-8")
    shutil.copy(tmp_path / "theirs" / cache.MANIFEST, mine / cache.MANIFEST)
    quiz_course(root, versions=1)
    build(root, mine)
    assert (mine / "quiz-B.docx").read_text(encoding="utf-8") == "the trainer's own"
    assert "my-notes.txt" in listing(mine) and "quiz-A.docx" in listing(mine)


def test_a_forged_record_of_made_files_deletes_nothing(tmp_path: Path) -> None:
    """made and pdfs in a manifest not signed for this folder are ignored; in a signed one, only
    plain names of the output folder are removed, never trainerkit's own files or anything else."""
    import json

    root, out = quiz_course(tmp_path / "c", versions=1), tmp_path / "out"
    build(root, out)
    for name in ("my-notes.txt", "my.pdf"):
        (out / name).write_text("mine", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("elsewhere", encoding="utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "x.txt").write_text("mine", encoding="utf-8")
    body = json.loads((out / cache.MANIFEST).read_bytes().split(b"\n", 2)[2])
    forged = {**body, "made": {"my-notes.txt": "deck"}, "pdfs": {"my.pdf": ["deck.pptx", "deck"]}}
    (out / cache.MANIFEST).write_bytes(cache._MANIFEST_MAGIC + b"0" * 64 + b"\n"
                                       + json.dumps(forged).encode())  # a signature that is wrong
    (root / "course.yml").write_text("title: T2\n", encoding="utf-8")
    build(root, out)
    assert {"my-notes.txt", "my.pdf"} <= set(listing(out))
    strange = ["../outside.txt", "sub/x.txt", str(tmp_path / "outside.txt"), cache.MANIFEST,
               ".trainerkit-cache", ".trainerkit-lock", "", ".", ".."]
    signed = cache.read_manifest(out)
    cache._store_manifest(out, {**signed, "made": dict.fromkeys(strange, "deck"),
                                "pdfs": {n: ["gone.docx", "handout"] for n in strange}})
    (root / "course.yml").write_text("title: T3\n", encoding="utf-8")
    assert not build(root, out).up_to_date
    assert (tmp_path / "outside.txt").read_text(encoding="utf-8") == "elsewhere"
    assert (out / "sub" / "x.txt").is_file() and (out / ".trainerkit-cache").is_dir()
    assert build(root, out).up_to_date  # the manifest written again, as the build left it


def test_a_recording_replaced_under_its_name_reaches_the_deck_and_its_checks(tmp_path: Path):
    """A call recording swapped for another under the same name (a longer take): the module is
    parsed again (its length is read when parsed: the trim's check sees the new one) and the
    deck embeds the new file, never the cached old one."""
    import io
    import wave
    import zipfile

    def tone(path: Path, seconds: float) -> bytes:
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(1)
            w.setframerate(8000)
            w.writeframes(bytes([128]) * int(8000 * seconds))
        return path.read_bytes()

    root = tmp_path / "course"
    shutil.copytree(COURSES / "hello", root)
    (root / "calls").mkdir()
    first = tone(root / "calls" / "call.wav", 2.0)
    module = first_module(root)
    module.write_text(module.read_text(encoding="utf-8")
                      + "\n## A call\n\n![Call: the third call](../calls/call.wav){start=0:01 end=0:04}\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(Exception) as failed:  # the 2 s file has no 0:04
        build(root, out)
    assert "0:04" in str(failed.value) or "length" in str(failed.value)
    second = tone(root / "calls" / "call.wav", 5.0)
    build(root, out)  # the longer take: parsed again, no error

    def media(path: Path) -> list[bytes]:
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
            return [z.read(n) for n in z.namelist() if n.startswith("ppt/media/") and n.endswith(".wav")]

    assert media(out / "deck.pptx") == [second] and first != second
    third = tone(root / "calls" / "call.wav", 6.0)
    build(root, out)  # the same name again: the deck is made anew, not taken from the cache
    assert media(out / "deck.pptx") == [third]
