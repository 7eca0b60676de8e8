"""Update the message catalogues: extract every _() and _n() message from trainerkit/ with Babel,
merge them into trainerkit/locale/<lang>/LC_MESSAGES/trainerkit.po (translations kept, new
messages added untranslated, gone ones dropped), and compile each .po to the .mo trainerkit
reads. The "click" catalogue holds click's own words (a wrong option, a missing argument, the
help's headings), extracted from the installed click the same way (trainerkit/usage.py).
Translations may also come from JSON files ({msgid: {"zh_Hans": ..., "zh_Hant": ...}}):

    python templates/make_catalogues.py [translations.json ...]

Then translate what it lists as missing, and run it again. tests/test_messages.py fails while a
message has no translation or a .mo is older than its .po.
"""

from __future__ import annotations

import datetime
import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "trainerkit" / "locale"
LANGUAGES = {"zh_Hans": "zh_Hans", "zh_Hant": "zh_Hant"}
NAMES = {"zh_Hans": "Simplified Chinese", "zh_Hant": "Traditional Chinese (Taiwan usage)"}
FIXED_DATE = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
KEYWORDS = {"_": None, "_n": (1, 2)}
DOMAINS = ("trainerkit", "click")


def source(domain: str) -> tuple[Path, dict, str]:
    """Where a domain's messages are, the functions that mark them, and how locations are named."""
    if domain == "click":
        import click

        return Path(click.__file__).parent, {"_": None, "ngettext": (1, 2)}, "click"
    return ROOT / "trainerkit", KEYWORDS, "trainerkit"


def extracted(domain: str = "trainerkit") -> Catalog:
    """Every message in a domain's code, with where it is."""
    folder, keywords, prefix = source(domain)
    template = Catalog(project="trainerkit", domain=domain)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), method_map=[("**.py", "python")], keywords=keywords,
            comment_tags=("i18n:",), strip_comment_tags=True):
        template.add(message, None, [(f"{prefix}/{filename}", lineno)], auto_comments=comments,
                     context=context, flags=("python-brace-format",))
    return template


def po_path(lang: str, domain: str = "trainerkit") -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def read(lang: str, domain: str = "trainerkit") -> Catalog:
    path = po_path(lang, domain)
    if path.is_file():
        with path.open("rb") as f:
            return read_po(f, locale=lang, domain=domain)
    return Catalog(locale=lang, domain=domain, project="trainerkit")


def po_bytes(catalog: Catalog) -> bytes:
    """The .po file: no line numbers (an edit elsewhere in a file does not change it), fixed
    dates (the same bytes when the messages are the same)."""
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    whose = "trainerkit's" if catalog.domain == "trainerkit" else f"{catalog.domain}'s (as trainerkit shows them)"
    catalog.header_comment = (f"# {whose} messages in {NAMES.get(str(catalog.locale_identifier), catalog.locale)}.\n"
                              "# Made by templates/make_catalogues.py; translate the empty msgstr lines.")
    catalog.last_translator = catalog.language_team = "trainerkit"
    catalog.msgid_bugs_address = ""
    catalog.fuzzy = False
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=False, include_previous=False,
             ignore_obsolete=True, include_lineno=False)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def missing(catalog: Catalog) -> list[str]:
    """msgids without a translation (plural ones: without every form)."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if not all(strings) or message.fuzzy:
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def update(extra: dict[str, dict[str, str]], domain: str = "trainerkit") -> dict[str, list[str]]:
    template = extracted(domain)
    gaps = {}
    for lang in LANGUAGES:
        catalog = read(lang, domain)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        for message in catalog:
            key = message.id if isinstance(message.id, str) else message.id[0]
            given = extra.get(key, {}).get(lang)
            if given:
                message.string = [given] if isinstance(message.id, (list, tuple)) else given
                message.flags.discard("fuzzy")
        path = po_path(lang, domain)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(mo_bytes(catalog))
        gaps[lang] = missing(catalog)
    return gaps


if __name__ == "__main__":
    extra: dict[str, dict[str, str]] = {}
    for name in sys.argv[1:]:
        extra.update(json.loads(Path(name).read_text(encoding="utf-8")))
    for domain in DOMAINS:
        for lang, ids in update(extra, domain).items():
            print(f"{domain} {lang}: {len(ids)} messages without a translation", file=sys.stderr)
            for msgid in ids:
                print(f"  {msgid}", file=sys.stderr)
