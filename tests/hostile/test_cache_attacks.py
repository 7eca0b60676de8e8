"""Attacks on the build cache, as a colleague who shares the course folder or the output folder
would make them: files the fingerprint must not open (FIFOs, /dev/zero, names that are not
UTF-8), and forged or tampered entries in .trainerkit-cache/ and .trainerkit-manifest.json.

The victim builds in a subprocess with a cache key of its own (XDG_CACHE_HOME); the colleague
forges entries in this process with another key. Each forgery is also made once with the
victim's key (which the colleague cannot have), to show it would reach the outputs if the
signature were not checked: so these tests fail when the check breaks."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image as Pillow

from trainerkit import cache

from .conftest import assert_clean_failure, assert_ended_cleanly, trainerkit, write_course

GENUINE = "Greet the caller by name"
FORGED = "FORGED wire the refund to account 666"

MODULE = f"""---
title: Greeting
duration: 10
objectives:
  - Greet well
---

# Opening

## First words

- {GENUINE}
- Offer help
"""


# ---------------------------------------------------------------------------------------------
# Helpers


def victim_env(tmp_path: Path) -> dict:
    return {"XDG_CACHE_HOME": str(tmp_path / "victim-home")}


def build_as_victim(tmp_path: Path, course: Path, out: Path, *extra: str):
    return trainerkit("build", str(course), "-o", str(out), *extra, cwd=tmp_path, env=victim_env(tmp_path))


def victim_key(tmp_path: Path) -> bytes:
    return (tmp_path / "victim-home" / "trainerkit" / "cache-key").read_bytes()


def deck_text(out: Path) -> str:
    from pptx import Presentation

    prs = Presentation(str(out / "deck.pptx"))
    return "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)


def handout_text(out: Path) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(str(out / "handout.docx")).paragraphs)


def deck_pictures(out: Path) -> list[bytes]:
    from pptx import Presentation

    return sorted(sh.image.blob for s in Presentation(str(out / "deck.pptx")).slides
                  for sh in s.shapes if sh.shape_type == 13)


def entries(out: Path) -> list[Path]:
    return sorted(p for p in (out / cache.CACHE_DIR).rglob("*") if p.is_file())


def png(path: Path, colour: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Pillow.new("RGB", (40, 30), colour).save(path)


@pytest.fixture
def greeting(tmp_path: Path) -> Path:
    return write_course(tmp_path / "course", {"modules/01-a.md": MODULE})


@pytest.fixture
def colleague(monkeypatch):
    """Act as the colleague: trainerkit in this process signs with a key of the colleague's."""
    def use_key(key: bytes) -> None:
        monkeypatch.setattr(cache, "_signing_key", lambda: key)
    use_key(os.urandom(32))
    return use_key


# ---------------------------------------------------------------------------------------------
# The fingerprint reads only what the build reads


def test_a_fifo_in_modules_does_not_hang_the_build(course: Path, tmp_path: Path) -> None:
    os.mkfifo(course / "modules" / "02-pipe.md")
    os.mkfifo(course / "modules" / "notes")
    for _ in range(2):  # a full build, then the up-to-date check
        assert_ended_cleanly(build_as_victim(tmp_path, course, tmp_path / "out"))


def test_a_fifo_in_a_folder_the_course_does_not_use_is_never_opened(course: Path, tmp_path: Path) -> None:
    (course / "calls").mkdir()
    os.mkfifo(course / "calls" / "recording.wav")
    os.mkfifo(course / "pipe.md")
    first = build_as_victim(tmp_path, course, tmp_path / "out")
    assert first.returncode == 0, first.output
    again = build_as_victim(tmp_path, course, tmp_path / "out")
    assert again.returncode == 0 and "Up to date" in again.stdout, again.output


@pytest.mark.parametrize("where", ["zero", "images/zero.png", "calls/zero.md", "templates/zero.j2"])
def test_a_symlink_to_dev_zero_is_never_read(course: Path, tmp_path: Path, where: str) -> None:
    link = course / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to("/dev/zero")
    first = build_as_victim(tmp_path, course, tmp_path / "out")
    assert_ended_cleanly(first)
    if first.returncode == 0:
        again = build_as_victim(tmp_path, course, tmp_path / "out")
        assert again.returncode == 0 and "Up to date" in again.stdout, again.output


def test_a_module_named_in_course_yml_that_is_dev_zero_is_a_located_error(course: Path, tmp_path: Path) -> None:
    (course / "modules" / "02-zero.md").symlink_to("/dev/zero")
    (course / "course.yml").write_text("title: Hostile\nmodules:\n  - modules/01-a.md\n"
                                       "  - modules/02-zero.md\n", encoding="utf-8")
    assert_clean_failure(build_as_victim(tmp_path, course, tmp_path / "out"), "02-zero.md")


def test_a_picture_that_is_dev_zero_is_a_located_error(course: Path, tmp_path: Path) -> None:
    (course / "images").mkdir()
    (course / "images" / "zero.png").symlink_to("/dev/zero")
    module = course / "modules" / "01-a.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n## P\n\n![z](../images/zero.png)\n",
                      encoding="utf-8")
    assert_clean_failure(build_as_victim(tmp_path, course, tmp_path / "out"), "zero.png")


@pytest.mark.parametrize("folder", ["modules", "quizzes", "templates"])
def test_a_file_name_that_is_not_utf8_is_a_located_error(course: Path, tmp_path: Path, folder: str) -> None:
    (course / folder).mkdir(exist_ok=True)
    bad = os.path.join(os.fsencode(course / folder), b"\xff\xfe-intro.md")
    with open(bad, "wb") as f:
        f.write(MODULE.encode())
    run = build_as_victim(tmp_path, course, tmp_path / "out")
    assert_clean_failure(run, "not UTF-8", f"{folder}/")
    assert "\\xff\\xfe-intro.md" in run.stderr  # the name as it is, escaped


@pytest.mark.parametrize("where", [b"\xff.md", b"calls/\xff.md", b"images/\xe9t\xe9.png", b"\xff/x.md"])
def test_a_name_that_is_not_utf8_where_the_build_does_not_look_is_harmless(
        course: Path, tmp_path: Path, where: bytes) -> None:
    bad = os.path.join(os.fsencode(course), where)
    os.makedirs(os.path.dirname(bad), exist_ok=True)
    with open(bad, "wb") as f:
        f.write(b"# not read\n")
    first = build_as_victim(tmp_path, course, tmp_path / "out")
    assert first.returncode == 0, first.output
    again = build_as_victim(tmp_path, course, tmp_path / "out")
    assert again.returncode == 0 and "Up to date" in again.stdout, again.output


# ---------------------------------------------------------------------------------------------
# ... and still sees every change of what it read


def test_a_picture_in_an_unusual_folder_is_seen_when_it_changes(course: Path, tmp_path: Path) -> None:
    png(course / "calls" / "screen.png", "navy")
    module = course / "modules" / "01-a.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n## Screen\n\n![s](../calls/screen.png)\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    assert build_as_victim(tmp_path, course, out).returncode == 0
    before = deck_pictures(out)
    png(course / "calls" / "screen.png", "orange")
    run = build_as_victim(tmp_path, course, out)
    assert run.returncode == 0 and "Up to date" not in run.stdout, run.output
    assert deck_pictures(out) != before and len(deck_pictures(out)) == len(before)


def test_a_picture_a_course_template_shows_is_seen_when_it_changes(course: Path, tmp_path: Path) -> None:
    png(course / "branding" / "logo.png", "navy")
    (course / "templates").mkdir()
    (course / "templates" / "deck-title.md.j2").write_text(
        '## {{ course.title | md }} {layout="Title Slide"}\n\n![logo](../branding/logo.png)\n',
        encoding="utf-8")
    out = tmp_path / "out"
    first = build_as_victim(tmp_path, course, out)
    assert first.returncode == 0, first.output
    before = deck_pictures(out)
    assert before, "the template's picture is on the title slide"
    png(course / "branding" / "logo.png", "orange")
    run = build_as_victim(tmp_path, course, out)
    assert run.returncode == 0 and "Up to date" not in run.stdout, run.output
    assert deck_pictures(out) != before


def test_a_picture_found_first_beside_the_module_is_seen(tmp_path: Path) -> None:
    """A module in lessons/ showing images/p.png gets the course's images/p.png, until a
    lessons/images/p.png appears: that one is shown from then on."""
    course = write_course(tmp_path / "course", {
        "course.yml": "title: Hostile\nmodules:\n  - lessons/a.md\n",
        "lessons/a.md": MODULE + "\n## Picture\n\n![p](images/p.png)\n",
    })
    png(course / "images" / "p.png", "navy")
    out = tmp_path / "out"
    assert build_as_victim(tmp_path, course, out).returncode == 0
    before = deck_pictures(out)
    png(course / "lessons" / "images" / "p.png", "orange")
    run = build_as_victim(tmp_path, course, out)
    assert run.returncode == 0 and "Up to date" not in run.stdout, run.output
    assert deck_pictures(out) != before


def test_an_added_module_is_seen(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_as_victim(tmp_path, course, out).returncode == 0
    (course / "modules" / "02-b.md").write_text(MODULE, encoding="utf-8")
    run = build_as_victim(tmp_path, course, out)
    assert run.returncode == 0 and "Up to date" not in run.stdout and GENUINE in deck_text(out)


# ---------------------------------------------------------------------------------------------
# Forged entries are misses


def _index(data: bytes, magic: bytes) -> dict:
    """The index of a sealed entry, read without checking it (as a forger would)."""
    body = data[len(magic) + 32:]
    size = int.from_bytes(body[:4], "big")
    return json.loads(body[4:4 + size])


def _forge_sealed(tmp_path: Path, course: Path, out: Path, only: str, magic: bytes,
                  key: bytes, colleague) -> int:
    """Make entries of the given kind that hold FORGED text, under the keys the victim's entries
    have; return how many were planted."""
    from trainerkit.build import build

    module = course / "modules" / "01-a.md"
    colleague(os.urandom(32))  # the colleague's own build of a doctored copy, at the same place
    module.write_text(MODULE.replace(GENUINE, FORGED), encoding="utf-8")
    scratch = tmp_path / "scratch"
    build(course, scratch, only=[only], jobs=1)
    module.write_text(MODULE, encoding="utf-8")
    forged = []
    for path in entries(scratch):
        data = path.read_bytes()
        if data.startswith(magic):
            forged.append(cache.unseal(magic, data))
    assert forged
    colleague(key)
    planted = 0
    for path in entries(out):
        data = path.read_bytes()
        if data.startswith(magic):
            index, area = forged[planted % len(forged)]
            index = dict(index, key=_index(data, magic)["key"])
            path.write_bytes(cache.seal(magic, index, [area]))
            planted += 1
    assert planted
    (out / cache.MANIFEST).unlink()  # anyone may delete it: the victim builds again
    return planted


@pytest.mark.parametrize("signed_by", ["colleague", "victim"])
@pytest.mark.parametrize("only,magic,read", [
    ("deck", b"trainerkit slides\n", deck_text),
    ("handout", b"trainerkit docx module\n", handout_text),
])
def test_a_forged_writer_entry_never_reaches_the_output(greeting: Path, tmp_path: Path, colleague,
                                                      only, magic, read, signed_by) -> None:
    out = tmp_path / "out"
    assert build_as_victim(tmp_path, greeting, out, "--only", only).returncode == 0
    assert GENUINE in read(out)
    key = victim_key(tmp_path) if signed_by == "victim" else os.urandom(32)
    _forge_sealed(tmp_path, greeting, out, only, magic, key, colleague)
    run = build_as_victim(tmp_path, greeting, out, "--only", only)
    assert run.returncode == 0, run.output
    if signed_by == "victim":  # the control: with the victim's key the forgery would work
        assert FORGED in read(out)
    else:
        assert FORGED not in read(out) and GENUINE in read(out)


def _record_keys(monkeypatch) -> list[str]:
    keys: list[str] = []
    real = cache.FileCache.get_object

    def recording(self, key):
        keys.append(key)
        return real(self, key)
    monkeypatch.setattr(cache.FileCache, "get_object", recording)
    return keys


@pytest.mark.parametrize("signed_by", ["colleague", "victim"])
@pytest.mark.parametrize("kind", ["module", "fragment"])
def test_a_forged_pickle_never_reaches_the_output(greeting: Path, tmp_path: Path, colleague,
                                                  monkeypatch, kind, signed_by) -> None:
    from trainerkit.build import build
    from trainerkit.errors import Diagnostics
    from trainerkit.parse import parse_fragment, parse_module

    out = tmp_path / "out"
    assert build_as_victim(tmp_path, greeting, out, "--only", "deck").returncode == 0
    keys = _record_keys(monkeypatch)  # the keys are no secret: anyone can build the course
    build(greeting, tmp_path / "scratch", only=["deck"], jobs=1)
    keys = [k for k in keys if k.startswith(kind + "\0")]
    assert keys
    colleague(victim_key(tmp_path) if signed_by == "victim" else os.urandom(32))
    store = cache.cache_for(out, "parsed")
    for key in keys:
        path = Path(key.split("\0")[3])
        if kind == "module":
            value = (parse_module(path, MODULE.replace(GENUINE, FORGED), greeting, Diagnostics()), [], [])
        else:
            intro, sections = parse_fragment(path, f"## {FORGED}\n\n- {FORGED}\n", greeting, Diagnostics())
            value = (intro, sections, [])
        store.put_object(key, value)
    (out / cache.MANIFEST).unlink()
    run = build_as_victim(tmp_path, greeting, out, "--only", "deck")
    assert run.returncode == 0, run.output
    if signed_by == "victim":
        assert FORGED in deck_text(out)
    else:
        assert FORGED not in deck_text(out) and GENUINE in deck_text(out)


def test_an_entry_moved_to_another_key_is_a_miss(tmp_path: Path) -> None:
    store = cache.FileCache(tmp_path / "c")
    store.put_object("a", "value of a")
    store._path("b").parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(store._path("a"), store._path("b"))
    assert store.get_object("a") == "value of a" and store.get_object("b") is None


def _replant_manifest(out: Path, change, key: bytes, colleague) -> None:
    """The victim's manifest, changed and signed with key."""
    raw = (out / cache.MANIFEST).read_bytes()
    data = json.loads(raw.split(b"\n", 2)[2])
    change(data)
    colleague(key)
    cache._store_manifest(out, data)


@pytest.mark.parametrize("signed_by", ["colleague", "victim"])
def test_a_planted_manifest_cannot_make_a_swapped_output_look_up_to_date(
        greeting: Path, tmp_path: Path, colleague, signed_by) -> None:
    out = tmp_path / "out"
    assert build_as_victim(tmp_path, greeting, out, "--only", "deck").returncode == 0
    evil = write_course(tmp_path / "evil", {"modules/01-a.md": MODULE.replace(GENUINE, FORGED)})
    assert build_as_victim(tmp_path, evil, tmp_path / "evil-out", "--only", "deck").returncode == 0
    shutil.copy(tmp_path / "evil-out" / "deck.pptx", out / "deck.pptx")
    st = (out / "deck.pptx").stat()
    key = victim_key(tmp_path) if signed_by == "victim" else os.urandom(32)
    _replant_manifest(out, lambda d: d["outputs"].update({"deck.pptx": [st.st_size, st.st_mtime_ns]}),
                      key, colleague)
    run = build_as_victim(tmp_path, greeting, out, "--only", "deck")
    assert run.returncode == 0, run.output
    if signed_by == "victim":
        assert "Up to date" in run.stdout and FORGED in deck_text(out)
    else:
        assert "Up to date" not in run.stdout
        assert FORGED not in deck_text(out) and GENUINE in deck_text(out)


@pytest.mark.parametrize("signed_by", ["colleague", "victim", "nobody"])
def test_a_planted_manifest_cannot_make_the_build_delete_files(
        greeting: Path, tmp_path: Path, colleague, signed_by) -> None:
    out = tmp_path / "out"
    assert build_as_victim(tmp_path, greeting, out).returncode == 0
    (out / "my-notes.txt").write_text("the trainer's own notes", encoding="utf-8")
    if signed_by == "nobody":  # the format of old: plain JSON
        (out / cache.MANIFEST).write_text(json.dumps({"fingerprint": "x", "outputs": {
            "my-notes.txt": [1, 1], "deck.pptx": [1, 1]}, "diagnostics": []}), encoding="utf-8")
    else:
        key = victim_key(tmp_path) if signed_by == "victim" else os.urandom(32)
        _replant_manifest(out, lambda d: d["outputs"].update({"my-notes.txt": [1, 1]}), key, colleague)
    module = greeting / "modules" / "01-a.md"
    module.write_text(MODULE + "\n## More\n\n- more\n", encoding="utf-8")
    run = build_as_victim(tmp_path, greeting, out)
    assert run.returncode == 0, run.output
    if signed_by == "victim":  # the control: a manifest that is trusted does drive removal
        assert not (out / "my-notes.txt").exists()
    else:
        assert (out / "my-notes.txt").read_text(encoding="utf-8") == "the trainer's own notes"


# ---------------------------------------------------------------------------------------------
# Tampered or swapped entries are rebuilt


def test_a_tampered_entry_of_each_kind_is_rebuilt(greeting: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_as_victim(tmp_path, greeting, out).returncode == 0
    clean = deck_text(out), handout_text(out)
    kinds = set()
    for path in entries(out) + [out / cache.MANIFEST]:
        data = bytearray(path.read_bytes())
        kinds.add(bytes(data[:10]))
        data[len(data) // 2] ^= 0x01  # one bit, in the middle
        path.write_bytes(bytes(data))
    assert len(kinds) >= 4  # pickles, slides, document modules, the manifest
    run = build_as_victim(tmp_path, greeting, out)
    assert run.returncode == 0 and "Up to date" not in run.stdout, run.output
    assert (deck_text(out), handout_text(out)) == clean
    again = build_as_victim(tmp_path, greeting, out)
    assert "Up to date" in again.stdout, again.output  # the rebuilt entries are good again


def test_fifos_and_dev_zero_in_place_of_entries_are_misses(greeting: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_as_victim(tmp_path, greeting, out).returncode == 0
    clean = deck_text(out)
    for n, path in enumerate(entries(out)):
        path.unlink()
        if n % 2:
            os.mkfifo(path)
        else:
            path.symlink_to("/dev/zero")
    (out / cache.MANIFEST).unlink()
    run = build_as_victim(tmp_path, greeting, out)  # a miss each, or the cache refused
    assert_ended_cleanly(run)
    if run.returncode == 0:
        assert deck_text(out) == clean
    else:
        assert_clean_failure(run, ".trainerkit-cache")


def test_the_cache_reads_no_fifo_or_device_in_place_of_an_entry(tmp_path: Path) -> None:
    store = cache.FileCache(tmp_path / "c")
    for key, make in [("fifo", os.mkfifo), ("zero", lambda p: p.symlink_to("/dev/zero")),
                      ("folder", os.mkdir)]:
        path = store._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
        assert store.get(key) is None and store.get_object(key) is None  # at once, not a hang


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_manifest_that_is_a_fifo_or_dev_zero_is_never_read(greeting: Path, tmp_path: Path, kind) -> None:
    out = tmp_path / "out"
    assert build_as_victim(tmp_path, greeting, out).returncode == 0
    (out / cache.MANIFEST).unlink()
    if kind == "fifo":
        os.mkfifo(out / cache.MANIFEST)
    else:
        (out / cache.MANIFEST).symlink_to("/dev/zero")
    run = build_as_victim(tmp_path, greeting, out)
    assert_ended_cleanly(run)  # built again, or refused with a located error
    assert "Up to date" not in run.stdout
    assert cache.read_manifest(out) is None  # in this process too: refused, not read


def test_a_cache_folder_that_links_elsewhere_is_not_written_through(greeting: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / cache.CACHE_DIR).symlink_to(elsewhere)
    assert_ended_cleanly(build_as_victim(tmp_path, greeting, out))  # built, or refused
    assert not any(elsewhere.rglob("*")), list(elsewhere.rglob("*"))


def test_the_cache_is_not_written_through_a_symlinked_folder(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "parsed").symlink_to(elsewhere)
    store = cache.FileCache(tmp_path / "c" / "parsed")
    store.put_object("k", "v")
    store.put("k2", b"data")
    assert not any(elsewhere.rglob("*")) and store.get_object("k") is None
