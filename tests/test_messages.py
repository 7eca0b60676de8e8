"""Messages in the trainer's language (issue 13): every message trainerkit writes is a Msg with a
translation in each catalogue, the compiled catalogues are the .po files, and a broken course
is reported in Simplified Chinese, Traditional Chinese (Taiwan usage) or English.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainerkit.cli import main
from trainerkit.errors import Diagnostic, TrainerkitError
from trainerkit.messages import Msg, _, _n, catalogue_of, chosen, choose

from conftest import FIXTURES, ROOT

LOCALE = ROOT / "trainerkit" / "locale"
BROKEN = sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir())


def maker():
    spec = importlib.util.spec_from_file_location("make_catalogues", ROOT / "templates" / "make_catalogues.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("domain", ["trainerkit", "click"])
@pytest.mark.parametrize("lang", ["zh_Hans", "zh_Hant"])
def test_every_message_in_the_code_has_a_translation_with_the_same_placeholders(lang, domain):
    """trainerkit's messages, and click's (of the installed click) that trainerkit shows."""
    make = maker()
    catalog = make.read(lang, domain)
    known = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    problems = []
    for message in make.extracted(domain):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        found = known.get(ids[0])
        strings = [] if found is None else (found.string if isinstance(found.string, (list, tuple)) else [found.string])
        if found is None or not all(strings) or found.fuzzy:
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        allowed = set().union(*(fields(i) for i in ids))  # one Chinese form for singular and plural
        for s in strings:
            if not fields(s) <= allowed or (len(ids) == 1 and fields(s) != allowed):
                problems.append(f"placeholders differ: {ids[0]!r} -> {s!r}")
    assert problems == [], "run python templates/make_catalogues.py, then translate:\n" + "\n".join(problems)


@pytest.mark.parametrize("domain", ["trainerkit", "click"])
@pytest.mark.parametrize("lang", ["zh_Hans", "zh_Hant"])
def test_the_shipped_mo_is_the_po_compiled(lang, domain):
    make = maker()
    shipped = (LOCALE / lang / "LC_MESSAGES" / f"{domain}.mo").read_bytes()
    assert make.mo_bytes(make.read(lang, domain)) == shipped, "run python templates/make_catalogues.py"


@pytest.mark.parametrize("lang, words", [
    ("zh-TW", ("錯誤：沒有選項", "用法：", "檢視說明")), ("zh-CN", ("错误：没有选项", "用法：")), ("en", ("Error: No such option", "Usage:"))])
def test_a_usage_error_comes_in_the_language_of_the_environment(lang, words, monkeypatch):
    """No course is read for a wrong option: TRAINERKIT_LANG (or the locale) decides, and click's
    own words come from trainerkit's click catalogue."""
    monkeypatch.setenv("TRAINERKIT_LANG", lang)
    result = CliRunner().invoke(main, ["build", "--no-such-option", "x"])
    assert result.exit_code == 2
    assert all(w in result.output for w in words), result.output


def test_the_locale_decides_where_nothing_else_does(monkeypatch):
    monkeypatch.delenv("TRAINERKIT_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    monkeypatch.setattr("trainerkit.messages._CHOSEN", [None, None])
    result = CliRunner().invoke(main, ["biuld", "x"])
    assert "沒有指令 'biuld'" in result.output, result.output


def test_the_traditional_catalogue_has_no_simplified_character_nor_mainland_term():
    opencc = pytest.importorskip("opencc")
    to_taiwan = opencc.OpenCC("s2twp")
    odd = []
    for message in [*maker().read("zh_Hant"), *maker().read("zh_Hant", "click")]:
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        for s in strings:
            if s and to_taiwan.convert(s) != s:
                odd.append((s, to_taiwan.convert(s)))
    assert odd == []


def test_language_tags_choose_their_catalogue():
    assert [catalogue_of(t) for t in ("zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW", "zh_TW.UTF-8")] == ["zh_Hant"] * 6
    assert [catalogue_of(t) for t in ("zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-CN", "zh_CN.UTF-8")] == ["zh_Hans"] * 6
    assert [catalogue_of(t) for t in ("en", "en-GB", "fr", "", None)] == [None] * 5


def test_a_msg_is_its_english_text_and_translates_with_its_values():
    import pickle

    m = _("error")
    assert m == "error" and m.text("zh-CN") == "错误" and m.text("zh-TW") == "錯誤" and m.text("en") == "error"
    n = _n("{n} error", "{n} errors", 3)
    assert n == "3 errors" and n.args == {"n": 3}
    back = pickle.loads(pickle.dumps(n))
    assert type(back) is Msg and back == n and back.id == "{n} error" and back.n == 3
    assert Msg.from_dict(json.loads(json.dumps(n.as_dict()))) == n


def test_what_decides_the_language(monkeypatch):
    monkeypatch.setattr("trainerkit.messages._CHOSEN", [None, None])
    for name in ("TRAINERKIT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert chosen() == "en"
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert chosen() == "zh-TW"  # the locale, where nothing else says
    choose(course="zh-CN")
    assert chosen() == "zh-CN"  # the course's language beats the locale
    monkeypatch.setenv("TRAINERKIT_LANG", "en")
    assert chosen() == "en"  # the environment beats the course
    choose(asked="zh-HK")
    assert chosen() == "zh-HK"  # --lang beats everything


# -- no message escapes translation ----------------------------------------------------------------


def test_no_diagnostic_is_made_from_a_bare_string():
    """Every .error(), .warning() and Diagnostic() in trainerkit gets its message from _() or
    _n() (or a variable holding one), never from a string literal or an f-string."""
    bad = []
    for path in sorted((ROOT / "trainerkit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name in ("error", "warning") and len(node.args) >= 2:
                message = node.args[1]
            elif name == "Diagnostic" and len(node.args) >= 3:
                message = node.args[2]
            else:
                continue
            if isinstance(message, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bad == [], "make these messages with _() (trainerkit/messages.py)"


def problems_of(course: Path) -> list[Diagnostic]:
    from trainerkit.build import check

    try:
        return list(check(course))
    except TrainerkitError as e:
        return e.diagnostics


@pytest.mark.parametrize("course", BROKEN, ids=[p.name for p in BROKEN])
def test_every_problem_of_a_broken_course_is_a_translated_message(course):
    problems = problems_of(course)
    assert problems
    for d in problems:
        assert isinstance(d.message, Msg), f"not translatable: {d}"
        for lang in ("zh-CN", "zh-TW"):
            shown = d.text(lang)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in shown.split(": ", 2)[-1]), (lang, shown)


@pytest.mark.parametrize("lang, error, warning, failed", [
    ("zh-CN", "错误", "警告", "检查失败"), ("zh-TW", "錯誤", "警告", "檢查失敗"), ("en", "error", "warning", "Check failed")])
def test_check_reports_a_broken_course_in_the_language_asked(lang, error, warning, failed):
    course = FIXTURES / "broken" / "many-errors"
    result = CliRunner().invoke(main, ["check", str(course), "--lang", lang])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1].startswith(failed), result.output
    assert all(f": {error}: " in line or f": {warning}: " in line for line in lines[:-1]), result.output
    if lang != "en":  # no English sentence left: each message's text is Chinese
        for line in lines[:-1]:
            message = line.split(": ", 2)[2]
            assert re.search("[\u4e00-\u9fff]", message), line


@pytest.mark.parametrize("lang", ["zh-TW", "zh-CN"])
def test_the_environment_chooses_the_language_and_the_option_beats_it(lang, monkeypatch):
    course = FIXTURES / "broken" / "many-errors"
    monkeypatch.setenv("TRAINERKIT_LANG", lang)
    shown = CliRunner().invoke(main, ["check", str(course)]).output
    assert (": 錯誤: " if lang == "zh-TW" else ": 错误: ") in shown
    english = CliRunner().invoke(main, ["check", str(course), "--lang", "en"]).output
    assert ": error: " in english and "错误" not in english and "錯誤" not in english


def test_json_keeps_the_english_id_beside_the_translated_text():
    course = FIXTURES / "broken" / "many-errors"
    result = CliRunner().invoke(main, ["check", str(course), "--lang", "zh-TW", "--format", "json"])
    report = json.loads(result.stdout)
    first = report["diagnostics"][0]
    assert first["id"] and first["english"] and first["message"] != first["english"]
    assert Msg.from_dict(first) == first["english"]
