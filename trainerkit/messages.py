"""Messages in the trainer's language: every error, warning, hint and progress line trainerkit
writes is a Msg, made by _() or _n() from an English message id and its values.

A Msg is the English text (a str, so code and tests may compare and search it as before) that
also knows its id and values, and is translated when it is shown: msg.text("zh-TW"). The
catalogues are standard gettext ones (trainerkit/locale/<lang>/LC_MESSAGES/trainerkit.po,
compiled to .mo and shipped), extracted and compiled with Babel:

    pybabel extract -F babel.cfg -o trainerkit/locale/trainerkit.pot trainerkit
    pybabel update -i trainerkit/locale/trainerkit.pot -d trainerkit/locale -D trainerkit
    pybabel compile -d trainerkit/locale -D trainerkit

Which language is shown: --lang, else TRAINERKIT_LANG, else the course's language, else the
locale (LC_ALL, LC_MESSAGES, LANG), else English (choose() and chosen()).
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path
from typing import Any

from .text import chinese_script

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "trainerkit"
CATALOGUES = ("zh_Hans", "zh_Hant")  # what trainerkit is translated into, besides English


def catalogue_of(tag: str | None) -> str | None:
    """The catalogue a language tag reads: zh-TW, zh-HK, zh-MO and zh-Hant(-*) Traditional;
    zh, zh-CN, zh-SG and zh-Hans(-*) Simplified; None (English) for the rest."""
    script = chinese_script(tag)
    return f"zh_{script}" if script else None


_TRANSLATIONS: dict[str | None, gettext.NullTranslations] = {}


def translations(tag: str | None) -> gettext.NullTranslations:
    key = catalogue_of(tag)
    hit = _TRANSLATIONS.get(key)
    if hit is None:
        if key is None:
            hit = gettext.NullTranslations()
        else:
            try:
                hit = gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[key])
            except OSError:  # a catalogue missing from the install: English rather than nothing
                hit = gettext.NullTranslations()
        _TRANSLATIONS[key] = hit
    return hit


class Msg(str):
    """A message: its English text (the str itself), its id and values, translated on demand.
    Values that are Msgs are translated with it."""

    __slots__ = ("id", "args", "plural", "n")

    def __new__(cls, id: str, args: dict[str, Any] | None = None, plural: str | None = None, n: int = 1):
        args = dict(args or {})
        template = plural if plural is not None and n != 1 else id
        self = super().__new__(cls, _fill(template, args, None))
        self.id, self.args, self.plural, self.n = id, args, plural, n
        return self

    def text(self, tag: str | None = None) -> str:
        """The message in a language (default: the one chosen for this process)."""
        tag = chosen() if tag is None else tag
        if catalogue_of(tag) is None:
            return str.__str__(self)
        t = translations(tag)
        template = t.ngettext(self.id, self.plural, self.n) if self.plural is not None else t.gettext(self.id)
        if template in (self.id, self.plural):  # not translated (yet): English, in its right form
            return str.__str__(self)
        try:
            return _fill(template, self.args, tag)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English text, whole
            return str.__str__(self)

    def __reduce__(self):  # pickled by id and values (a worker's diagnostics, the cache)
        return (Msg, (self.id, self.args, self.plural, self.n))

    def as_dict(self) -> dict:
        return {"id": self.id, "args": {k: (v.as_dict() if isinstance(v, Msg) else v) for k, v in self.args.items()},
                **({"plural": self.plural, "n": self.n} if self.plural is not None else {})}

    @classmethod
    def from_dict(cls, d: dict) -> "Msg":
        args = {k: (cls.from_dict(v) if isinstance(v, dict) and "id" in v else v) for k, v in d.get("args", {}).items()}
        return cls(d["id"], args, d.get("plural"), d.get("n", 1))


def _fill(template: str, args: dict[str, Any], tag: str | None) -> str:
    """template with its {names} filled (literal braces are doubled: "{{width=50%}}")."""
    values = {k: (v.text(tag) if tag is not None else str.__str__(v)) if isinstance(v, Msg) else v
              for k, v in args.items()}
    return template.format(**values)


def _(id: str, /, **args: Any) -> Msg:
    """A message to show, by its English text; {names} are filled from args."""
    return Msg(id, args)


def _n(singular: str, plural: str, n: int, /, **args: Any) -> Msg:
    """A message with a count: the singular or plural form (args also get n)."""
    return Msg(singular, {"n": n, **args}, plural, n)


def text(message: str, tag: str | None = None) -> str:
    """Any message as shown in a language: a Msg translated, a plain str as it is."""
    return message.text(tag) if isinstance(message, Msg) else message


# -- which language is shown ---------------------------------------------------------------------

_CHOSEN: list[str | None] = [None, None]  # [asked for (--lang), the course's]


def choose(asked: str | None = None, course: str | None = None) -> None:
    """Set what decides the language: asked (--lang) beats TRAINERKIT_LANG beats the course's
    language beats the locale. None leaves that part as it was."""
    if asked is not None:
        _CHOSEN[0] = asked
    if course is not None:
        _CHOSEN[1] = course


def ask(tag: str | None) -> None:
    """What --lang says for this command (None: nothing, so the rest decides)."""
    _CHOSEN[0] = tag


def chosen() -> str:
    """The language messages are shown in now."""
    for tag in (_CHOSEN[0], os.environ.get("TRAINERKIT_LANG"), _CHOSEN[1], locale_language()):
        if tag:
            return tag
    return "en"


def locale_language() -> str | None:
    """The locale's language as a tag (zh_TW.UTF-8 -> zh-TW), None for C/POSIX."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            tag = value.split(".")[0].split("@")[0].replace("_", "-")
            return None if tag in ("C", "POSIX") else tag
    return None
