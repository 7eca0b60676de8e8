"""click's own words in the trainer's language: a wrong option, a missing argument, an unknown
command, and the headings of --help ("Usage:", "Options").

click looks each of its messages up with gettext's gettext and ngettext, which each of its
modules imported under the names _ and ngettext. Those names are pointed at lookups in
trainerkit's "click" catalogue (trainerkit/locale/<lang>/LC_MESSAGES/click.mo, made by
templates/make_catalogues.py from the installed click's messages), in the language chosen for
this process (messages.chosen(): --lang, TRAINERKIT_LANG, the course, the locale). A message the
catalogue lacks (a newer click's) stays English.
"""

from __future__ import annotations

import gettext

from .messages import LOCALE_DIR, catalogue_of, chosen

_CLICK_MODULES = ("core", "exceptions", "types", "parser", "formatting", "decorators", "termui")
_CATALOGUES: dict[str | None, gettext.NullTranslations] = {}


def _catalogue() -> gettext.NullTranslations:
    key = catalogue_of(chosen())
    hit = _CATALOGUES.get(key)
    if hit is None:
        try:
            hit = gettext.translation("click", str(LOCALE_DIR), languages=[key]) if key else gettext.NullTranslations()
        except OSError:
            hit = gettext.NullTranslations()
        _CATALOGUES[key] = hit
    return hit


def click_gettext(message: str) -> str:
    return _catalogue().gettext(message)


def click_ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogue().ngettext(singular, plural, n)


def speak_click() -> None:
    """Point click's lookups at the catalogue (once; harmless again)."""
    import importlib

    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if getattr(module, "_", None) is gettext.gettext or getattr(module, "_", None) is click_gettext:
            module._ = click_gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) in (gettext.ngettext, click_ngettext):
            module.ngettext = click_ngettext  # type: ignore[attr-defined]
