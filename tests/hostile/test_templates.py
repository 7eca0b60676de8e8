"""A colleague's course templates: they see plain data, call nothing but plain values' methods,
and stop within bounds, with a located error naming the template (issue 10)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import assert_clean_failure, trainerkit, write_course

OPENING = "templates/module-opening.md.j2"


def _attack(tmp_path: Path, template: str, command: str = "check") -> tuple:
    course = write_course(tmp_path / "course", {OPENING: template})
    out = tmp_path / "out"
    args = [command, str(course)] + (["-o", str(out)] if command == "build" else [])
    return trainerkit(*args, cwd=tmp_path), course, out


# ---------------------------------------------------------------------------------------------
# Paths are text: no method of a Path reaches a template

SECRET = "the secret of another folder"

PATH_ATTACKS = {
    "read_text": '{{ course.root.joinpath("SECRET").read_text() }}',
    "read_bytes": '{{ module.path.read_bytes() }}',
    "open": '{{ module.path.open().read() }}',
    "write_text": '{{ course.root.joinpath("PLANTED").write_text("x") }}',
    "write_bytes": '{{ module.path.with_name("PLANTED").write_bytes(b"x") }}',
    "touch": '{{ module.path.parent.joinpath("PLANTED").touch() }}',
    "mkdir": '{{ course.root.joinpath("PLANTED").mkdir() }}',
    "unlink": '{{ module.path.unlink() }}',
    "rename": '{{ module.path.rename("PLANTED") }}',
    "iterdir": '{% for p in course.root.parent.iterdir() %}{{ p }}{% endfor %}',
    "glob": '{% for p in course.root.glob("*") %}{{ p.read_text() }}{% endfor %}',
    "resolve": '{{ course.root.resolve().parent }}',
    "exists": '{{ course.root.exists() }}',
    "home": '{{ module.path.home() }}',
    "templates_dir": '{{ course.templates_dir.read_text() }}',
}


@pytest.mark.parametrize("name", sorted(PATH_ATTACKS))
def test_no_path_method_reaches_a_template(tmp_path, name):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    planted = tmp_path / "course" / "PLANTED"
    attack = PATH_ATTACKS[name].replace("SECRET", str(secret)).replace("PLANTED", str(planted))
    run, course, out = _attack(tmp_path, f"## {{{{ module.title }}}}\n\n{attack}\n", "build")
    assert_clean_failure(run, OPENING)
    assert SECRET not in run.output
    assert not planted.exists() and not (tmp_path / "PLANTED").exists()
    assert (course / "modules" / "01-a.md").is_file()  # nothing unlinked or renamed
    assert not out.exists() or not any(out.glob("*.pptx"))


JINJA_GADGETS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch PLANTED') }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ range.__self__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ labels.__class__ }}",
    "{{ course.modules.__class__.__base__ }}",
    "{{ '{0.__class__.__base__.__subclasses__}'.format('') }}",
    "{{ ('a'|attr('__class__')) }}",
    "{{ module.title.format.__globals__ }}",
    "{{ course.modules.append(1) }}",
    "{{ labels.update({'x': 1}) }}",
    "{{ lipsum(n=100000) }}",
]


@pytest.mark.parametrize("gadget", JINJA_GADGETS)
def test_known_sandbox_gadgets_are_blocked(tmp_path, gadget):
    run, course, _ = _attack(tmp_path, f"## x\n\n{gadget}\n")
    assert_clean_failure(run, OPENING)
    assert not (course / "PLANTED").exists() and not (tmp_path / "PLANTED").exists()


def test_templates_see_only_plain_data():
    """Every value a template can reach is text, a number, a boolean, None, a list or a mapping."""
    from trainerkit.build import load
    from trainerkit.errors import Diagnostics
    from trainerkit.templates import template_data

    root = Path(__file__).resolve().parents[2] / "courses" / "complaint-handling"
    course = load(root, Diagnostics())
    seen = 0

    def walk(value):
        nonlocal seen
        seen += 1
        assert isinstance(value, (str, int, float, bool, type(None), list, dict)), type(value)
        if isinstance(value, dict):
            assert all(isinstance(k, str) for k in value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    data = template_data(course, course.root)
    walk(data)
    assert data["root"] == "."
    assert data["duration"] == sum(m.duration or 0 for m in course.modules)
    first = course.modules[0]
    shown = data["modules"][0]
    assert shown["path"] == first.path.relative_to(course.root).as_posix()
    assert shown["objectives"] == list(first.objectives)
    assert [s["title"] for s in shown["slides"]] == [s.title for s in first.slides]
    assert [s["title"] for s in shown["sections"]] == [s.title for s in first.sections]
    assert seen > 200


# ---------------------------------------------------------------------------------------------
# Bounds: each attack ends in seconds with a located error naming the template and the line

BOMBS = {
    "nested loops": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
                     "loops inside loops"),
    "repeat text": ("{{ 'a' * 3000000000 }}", "characters"),
    "repeat list": ("{{ (range(100000)|list) * 100000 }}", "characters"),
    "namespace doubling": ("{% set ns = namespace(s='ab') %}{% for i in range(64) %}"
                           "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}", "characters"),
    "block doubling": ("{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set b %}"
                       "{{ ns.s }}{{ ns.s }}{% endset %}{% set ns.s = b %}{% endfor %}", "characters"),
    "set doubling": ("{% set s = 'abcd' %}" + "{% set s = s ~ s %}" * 64 + "{{ s }}", "characters"),
    "plus doubling": ("{% set s = 'abcd' %}" + "{% set s = s + s %}" * 64 + "{{ s }}", "characters"),
    "exponential macro": ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}x"
                          "{% endmacro %}{{ f(60) }}", "loops inside loops"),
    "endless macro": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "calls itself"),
    "endless include": ("{% include 'module-opening.md.j2' %}", "calls itself"),
    "writes too much": ("{% set s = 'a' * 1000000 %}{% for i in range(100000) %}{{ s }}{% endfor %}",
                        "writes more than"),
    "macro writes too much": ("{% macro f() %}{% for i in range(100000) %}{{ 'a' * 1000000 }}"
                              "{% endfor %}{% endmacro %}{{ f() }}", "characters"),
    "format width": ("{{ '%999999999d'|format(1) }}", "characters"),
    "percent width": ("{{ '%999999999d' % 1 }}", "characters"),
    "str.format width": ("{{ '{:>999999999}'.format(1) }}", "characters"),
    "center": ("{{ 'x'|center(999999999) }}", "characters"),
    "ljust": ("{{ 'x'.ljust(999999999) }}", "characters"),
    "indent": ("{{ ('x\\n' * 100000)|indent(999999) }}", "characters"),
    "replace": ("{% set s = 'a' * 1000000 %}{{ s.replace('a', s) }}", "characters"),
    "replace filter": ("{% set s = 'a' * 1000000 %}{{ s|replace('a', s) }}", "characters"),
    "join": ("{% set s = 'a' * 1000000 %}{{ s.join(range(100000)|map('string')) }}", "characters"),
    "join filter": ("{% set s = 'a' * 1000000 %}{{ range(100000)|join(s) }}", "characters"),
    "batch": ("{{ range(10)|batch(999999999, 'x')|list }}", "characters"),
    "slice": ("{{ range(10)|slice(999999999)|list }}", "characters"),
    "power": ("{{ 2 ** 99999999 }}", "number too big"),
    "big product": ("{% set n = 9 ** 1000 %}{{ n * n * n * n * n * n * n * n }}", "number too big"),
    "list of chars": ("{{ ('字' * 1000000)|list|length }}", "characters"),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_template_bombs_end_in_a_located_error(tmp_path, name):
    body, message = BOMBS[name]
    run, _, _ = _attack(tmp_path, "## x\n\n\n" + body + "\n")
    assert_clean_failure(run, OPENING, message)
    # the error names the template line the bomb is on (line 4)
    assert f"{OPENING}:4: error:" in run.stderr, run.stderr
    assert run.stderr.count(f"{OPENING}") == 1  # once, not once per module or output


def test_a_bomb_in_a_build_stops_every_output_quickly(tmp_path):
    """All outputs of a build render the template: each worker stops at its first step past the
    bound, and the build ends within the caps with one error."""
    import time

    started = time.monotonic()
    run, _, out = _attack(tmp_path, "## x\n\n{% for i in range(99999) %}{% for j in range(99999) %}"
                                    "{% endfor %}{% endfor %}\n", "build")
    assert_clean_failure(run, OPENING, "steps")
    assert time.monotonic() - started < 60
    assert not out.exists() or not any(p for p in out.iterdir() if not p.name.startswith("."))


# ---------------------------------------------------------------------------------------------
# What a trainer's own template may still do


def test_a_trainers_template_still_works(tmp_path):
    from pptx import Presentation

    template = (
        "## {{ module.title | md }} · {{ module.path }}\n\n"
        "{% set ns = namespace(n=0) %}{% for s in module.slides %}{% set ns.n = ns.n + 1 %}{% endfor %}"
        "{% macro tag(t) %}[{{ t|upper }}]{% endmacro %}"
        "- {{ tag('slides') }} {{ ns.n }} / {{ module.slides|length }}\n"
        "- {{ '{:>3}'.format(number) }}|{{ '%03d' % number }}|{{ 'x'|center(5) }}|\n"
        "{% for o in module.objectives %}- {{ loop.cycle('odd', 'even') }} {{ o|md }}\n{% endfor %}"
        "- {{ course.duration|minutes }} · {{ course.modules|map(attribute='title')|join(', ') }}\n"
        "- {{ labels.objectives ~ '!' }} {{ (course.title.split(' ')|first).lower() }}\n"
    )
    run, course, out = _attack(tmp_path, template, "build")
    assert run.returncode == 0, run.output
    deck = Presentation(str(out / "deck.pptx"))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes
             if shape.has_text_frame]
    opening = next(t for t in texts if "[SLIDES]" in t)
    assert "[SLIDES] 1 / 1" in opening
    assert "1|001|  x  |" in opening  # (Markdown drops the leading spaces)
    assert "odd Do a thing" in opening
    assert "10 min" in opening and "A" in opening
    title = next(t for t in texts if t.startswith("A · "))
    assert title == "A · modules/01-a.md"  # a path is text, relative to the course


# ---------------------------------------------------------------------------------------------
# labels.yml


def test_a_bad_label_is_located_at_its_line(tmp_path):
    labels = "en:\n  agenda: Agenda\n  total:\n    - a\n    - b\nzh: [x]\n"
    course = write_course(tmp_path / "course", {"templates/labels.yml": labels})
    run = trainerkit("check", str(course), cwd=tmp_path)
    assert_clean_failure(run)
    assert "templates/labels.yml:4: error: the label \"total\" must be one word" in run.stderr
    assert "templates/labels.yml:6: error: \"zh\" must be a group" in run.stderr


def test_labels_linked_from_outside_the_course_are_refused(tmp_path):
    secret = tmp_path / "secret.yml"
    secret.write_text("en:\n  agenda: the secret of another folder\n", encoding="utf-8")
    course = write_course(tmp_path / "course", {})
    (course / "templates").mkdir()
    (course / "templates" / "labels.yml").symlink_to(secret)
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert_clean_failure(run, "labels.yml", "outside the course")
    assert "secret of another folder" not in run.output


# ---------------------------------------------------------------------------------------------
# The template files themselves


def test_a_pipe_named_like_a_template_is_never_opened(tmp_path):
    course = write_course(tmp_path / "course", {})
    (course / "templates").mkdir()
    os.mkfifo(course / "templates" / "deck-title.md.j2")
    run = trainerkit("build", str(course), "-o", str(tmp_path / "out"), cwd=tmp_path, timeout=60)
    assert_clean_failure(run, "deck-title.md.j2", "not a regular file")


def test_a_huge_template_is_not_compiled(tmp_path):
    from trainerkit import limits

    big = "## x\n\n" + "{{ module.title }}\n" * (limits.MAX_TEMPLATE_BYTES // 10)
    run, _, _ = _attack(tmp_path, big)
    assert_clean_failure(run, OPENING, "MAX_TEMPLATE_BYTES")


def test_templates_together_are_bounded(tmp_path):
    """Many templates just under the size of one, each including the next."""
    from trainerkit import limits

    n = limits.MAX_TEMPLATES_BYTES // limits.MAX_TEMPLATE_BYTES + 2
    pad = "{# " + "x" * (limits.MAX_TEMPLATE_BYTES - 200) + " #}"
    files = {f"templates/part{k}.j2": pad + (f"{{% include 'part{k + 1}.j2' %}}" if k + 1 < n else "")
             for k in range(n)}
    files[OPENING] = "## x\n\n{% include 'part0.j2' %}\n"
    course = write_course(tmp_path / "course", files)
    run = trainerkit("check", str(course), cwd=tmp_path)
    assert_clean_failure(run, "MAX_TEMPLATES_BYTES")


def test_a_template_that_is_not_utf8(tmp_path):
    course = write_course(tmp_path / "course", {OPENING: "## caf\xe9\n".encode("latin-1")})
    run = trainerkit("check", str(course), cwd=tmp_path)
    assert_clean_failure(run, OPENING, "UTF-8")


# ---------------------------------------------------------------------------------------------
# What a red-team review found past the counting: single C-level steps that run for minutes or
# take gigabytes. The child process the course's templates run in ends each within the caps.

C_LEVEL = {
    "markdown flood": '{% for i in range(500) %}{{ "- x\\n" * 500 }}{% endfor %}',
    "recursive loops": '{% set s = "a" * 1000000 %}{% for a in s recursive %}'
                       '{% for b in s recursive %}{% endfor %}{% endfor %}',
    "sum of lists": "{{ ([[0] * 100] * 8000) | sum(start=[]) | length }}",
    "in of huge lists": "{% set a = [0]*1000000 + [1] %}{% set b = [[0]*1000000 + [2]] * 2000000 %}"
                        "{{ a in b }}",
    "many big strings": '{{ (["a" * 1000000] * 1000) | map("replace", "a", "b") | list | length }}',
    "str of a nested list": '{{ ["x"|center(1000000)] * 1000 }}',
    "to_bytes": '{{ (0).to_bytes(900000000, "big")|length }}',
    "translate": '{{ (" " * 1000).translate({32: "x"|center(1000000)})|length }}',
    "divisibleby": '{{ "%900000000d" is divisibleby(1) }}',
    "nested width": '{{ "{:>{}}".format("a", 900000000) }}',
    "format_map": '{{ "{x:900000000}".format_map({"x": 1}) }}',
    "star width": '{{ "%*d" % (300000000, 1) }}',
    "folded concat": "{{ " + " ~ ".join(['("a"|center(1999999))'] * 300) + " }}",
    "folded list": "{% set x = [" + ", ".join(['(" "|center(199999)|list)'] * 10) + "] %}{{ x }}",
    "deep nesting": "{% if 1 %}" * 3000 + "x" + "{% endif %}" * 3000,
    "deep brackets": "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
    "include a non-template": '{% include "labels.yml" %}',
    "include a reference deck": '{% include "reference.pptx" %}',
}


@pytest.mark.parametrize("name", sorted(C_LEVEL))
def test_c_level_bombs_end_within_the_caps(tmp_path, name):
    run, _, _ = _attack(tmp_path, "## x\n\n" + C_LEVEL[name] + "\n")
    assert_clean_failure(run, OPENING)


def test_a_budget_for_all_renderings_of_a_build(tmp_path):
    """Each rendering under its own bound, but many modules: the build's total is bounded."""
    from trainerkit import limits

    modules = {f"modules/{k:02d}.md": f"---\ntitle: M{k}\nduration: 5\nobjectives: [x]\n---\n\n## s\n"
               for k in range(40)}
    slow = ("{% for i in range(80000) %}{% for j in range(9) %}{% endfor %}{% endfor %}x")
    course = write_course(tmp_path / "course", {**modules, OPENING: "## {{ module.title }}\n\n" + slow})
    run = trainerkit("check", str(course), cwd=tmp_path)
    assert_clean_failure(run)
    assert "TEMPLATE_BUILD_SECONDS" in run.stderr or "loops inside loops" in run.stderr, run.stderr
    assert limits.TEMPLATE_BUILD_SECONDS < 60


def test_a_label_too_long_for_a_title(tmp_path):
    course = write_course(tmp_path / "course", {"templates/labels.yml": "en:\n  slide: " + "x" * 900000 + "\n"})
    run = trainerkit("check", str(course), cwd=tmp_path)
    assert_clean_failure(run, "templates/labels.yml:2: error:", "MAX_LABEL_CHARS")
