"""Numbers as a quiz writes them (30, -4.5, 6.02e23, 1_000; 45 +- 15, 5 +- 10%, [180, 220]),
and what is wrong with one: every number must be one that every output holds (finite, between
-1e300 and 1e300: no infinity or NaN reaches the page's JSON, GIFT or QTI)."""

from __future__ import annotations

import math
import re

from ..messages import Msg, _
from ..model import NumericAnswer

MAX_NUMERAL = 100       # characters in one number of a quiz
NUMBER_LIMIT = 1e300    # the largest size of a number; but for 0, the smallest is 1/this
MAX_WHOLE_DIGITS = 9    # a question number, an objective number, pick:


def numeric_answer(text: str) -> NumericAnswer | Msg:
    """`30`, `45 +- 15`, `5 +- 10%`, `[180, 220]` as a range; a message when it is none of them,
    or when a number or the range is beyond what every output holds (finite, between -1e300 and
    1e300: no infinity or NaN reaches the page's JSON, GIFT or QTI)."""
    raw = text.strip()
    shown = short(raw)
    help_ = _('the numerical answer "{answer}" is not a number; write it like "= 30", '
              '"= 45 +- 15" or "= [180, 220]"', answer=shown)
    s = raw.replace("±", "+-").replace("，", ",").replace("［", "[").replace("］", "]")

    def one(part: str) -> float | Msg:
        value = read_number(part)
        if isinstance(value, str):
            if value == NOT_A_NUMBER:
                return help_
            if part.strip() == raw:
                return _("the numerical answer {problem}", problem=value)
            return _('in the numerical answer "{answer}", {problem}', answer=shown, problem=value)
        return value

    if s.startswith("["):
        if not s.endswith("]") or "," not in s:
            return help_
        low, high = (one(x) for x in s[1:-1].split(",", 1))
        if isinstance(low, str) or isinstance(high, str):
            return low if isinstance(low, str) else high  # type: ignore[return-value]
        if low > high:
            return _('in "{answer}" the smallest value must come first, like "= [180, 220]"',
                     answer=shown)
        return NumericAnswer(low, high, None, raw)
    if "+-" in s:
        num_s, margin_s = s.split("+-", 1)
        percent = margin_s.strip().endswith("%")
        num, margin = one(num_s), one(margin_s.strip().rstrip("%"))
        if isinstance(num, str) or isinstance(margin, str):
            return num if isinstance(num, str) else margin  # type: ignore[return-value]
        if margin < 0:
            return _('the margin in "{answer}" must not be negative', answer=shown)
        if percent:
            margin = abs(num) * (margin / 100)
        low, high = num - margin, num + margin
        if not all(math.isfinite(x) and abs(x) <= NUMBER_LIMIT for x in (low, high, margin)):
            return _('the numerical answer "{answer}" is too large: its range must lie between '
                     '-{limit} and {limit}; give a smaller margin, like "= 45 +- 15"',
                     answer=shown, limit=LIMIT_TEXT)
        return NumericAnswer(low, high, num, raw)
    num = one(s)
    if isinstance(num, str):
        return num
    return NumericAnswer(num, num, num, raw)


NOT_A_NUMBER = "not a number"  # what read_number says of text that is no number: never shown
LIMIT_TEXT, SMALL_TEXT = "1e300", "1e-300"  # NUMBER_LIMIT and 1 / NUMBER_LIMIT as written
NUMERAL = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+))([eE][+-]?\d+)?")


def read_number(text: str) -> float | Msg | str:
    """A number as a quiz writes it (30, -4.5, 6.02e23, 1_000), or what is wrong with it:
    NOT_A_NUMBER, or that it is too long, too large or too small for the outputs to hold."""
    s = text.strip()
    if len(s) > MAX_NUMERAL:
        return _('"{number}" is too long ({count:,} characters); write a number in at most {most}, '
                 "with an exponent when it is very large or small, like 6.02e23 or 1.6e-19",
                 number=short(s), count=len(s), most=MAX_NUMERAL)
    s = s.replace("_", "")
    m = NUMERAL.fullmatch(s)
    if not m:
        return NOT_A_NUMBER  # also nan, inf, infinity: float() would take them
    value = float(s)
    if not math.isfinite(value) or abs(value) > NUMBER_LIMIT:
        return _('"{number}" is too large; a number in a quiz must be between -{limit} and {limit}, '
                 "like 6.02e23", number=short(s), limit=LIMIT_TEXT)
    written_zero = not any(ch.isdecimal() and int(ch) for ch in m.group(1))  # 0, 0.00, ٠
    if (value != 0 and abs(value) < 1 / NUMBER_LIMIT) or (value == 0 and not written_zero):
        return _('"{number}" is too small (it would be read as 0); a number in a quiz other than 0 '
                 "must be at least {least} in size, like 1.6e-19", number=short(s), least=SMALL_TEXT)
    return value


def number(text: str) -> float | None:
    value = read_number(text)
    return None if isinstance(value, str) else value


def why_not(label: str, text: str) -> Msg | str:
    """Why the number of a label was refused when it is too long, large or small ("" when it is
    fine or simply no number)."""
    value = read_number(text)
    if isinstance(value, str) and value != NOT_A_NUMBER:
        return _("{label} {problem}", label=label, problem=value)
    return ""


def whole(text: str) -> int | None:
    """A whole number of at most MAX_WHOLE_DIGITS digits (int() refuses over 4,300, and ² is a
    digit to str.isdigit but not to int)."""
    s = text.strip()
    return int(s) if s.isdecimal() and len(s) <= MAX_WHOLE_DIGITS else None


def short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
