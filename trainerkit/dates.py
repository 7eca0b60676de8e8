"""The build date, decided once for every output: the covers show it, the deck's date
placeholders say it, the deck's and documents' properties carry its time.

`--date 2026-12-01` (build, watch) fixes it to that day, at midnight UTC; else the
SOURCE_DATE_EPOCH environment variable (the reproducible-builds convention: seconds since
1970-01-01 UTC) fixes it to that moment; else it is today, and the time of writing. A fixed
date makes a rebuild give the same bytes. The date is written in the course's locale form by
Babel (2026年12月2日, 2 December 2026, December 2, 2026).
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from .errors import Diagnostic, TrainerkitError
from .messages import Msg, _

_fixed_day: date | None = None  # --date, for this process (its forked workers inherit it)


def fix(day: date | None) -> None:
    """Fix the build date to a day (`--date`), or leave it to SOURCE_DATE_EPOCH and the clock (None)."""
    global _fixed_day
    _fixed_day = day


def source_date_problem() -> Msg | None:
    """What is wrong with SOURCE_DATE_EPOCH, when it is set to something that is not a moment."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        return _('SOURCE_DATE_EPOCH is "{value}", which is not a number of seconds since 1970 '
                 "(as `date +%s` prints); set it to one, or unset it", value=value)
    try:
        datetime.fromtimestamp(int(value), timezone.utc)
    except (OverflowError, OSError, ValueError):
        return _('SOURCE_DATE_EPOCH is "{value}", too far in the future to be a date; set it to '
                 "the seconds since 1970 of the day you mean (as `date +%s` prints)", value=value)
    return None


def fixed_time() -> datetime | None:
    """The build's moment when it is fixed (UTC, without a time zone, to the second): `--date`
    at midnight, else SOURCE_DATE_EPOCH; None when it is not fixed. A SOURCE_DATE_EPOCH that
    is not a moment is an error, never ignored."""
    if _fixed_day is not None:
        return datetime(_fixed_day.year, _fixed_day.month, _fixed_day.day)
    problem = source_date_problem()
    if problem is not None:
        raise TrainerkitError(Diagnostic(None, "error", problem))
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    return datetime.fromtimestamp(int(value), timezone.utc).replace(tzinfo=None)


def build_day() -> date:
    """The day the covers show: the fixed one (its day in UTC), else today where the trainer is."""
    fixed = fixed_time()
    return fixed.date() if fixed is not None else date.today()


def stamp() -> str:
    """The fixed moment as ISO text, for a plan ("" when the date is not fixed): plain data the
    writers turn back into the files' times (time_of), so a plan says what its bytes are."""
    fixed = fixed_time()
    return fixed.isoformat() if fixed is not None else ""


def build_time() -> datetime:
    """The build's moment: the fixed one, else now (UTC, without a time zone, to the second,
    as the core properties take it)."""
    fixed = fixed_time()
    return fixed if fixed is not None else datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)


def time_of(stamp: str) -> datetime:
    """The time a writer puts in a file's properties: a plan's fixed moment, else the build's."""
    return datetime.fromisoformat(stamp) if stamp else build_time()


def fingerprint() -> str:
    """What the date adds to a build's cache keys: the day, and the moment when it is fixed, so
    an output made yesterday is not taken for today's unless the date is fixed."""
    return f"{build_day().isoformat()} {stamp()}"


def date_text(day: date, language: str) -> str:
    """A day in the language's long form: 2026年12月2日 (zh-CN, zh-TW), 2 December 2026
    (en-GB), December 2, 2026 (en, en-US)."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=_locale(language))


def _locale(language: str) -> str:
    """The Babel locale of a BCP 47 tag: the tag itself, else its language, else English."""
    from babel import Locale, UnknownLocaleError

    tag = (language or "en").replace("_", "-")
    for candidate in (tag, tag.split("-")[0]):
        try:
            return str(Locale.parse(candidate, sep="-"))
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return "en"
