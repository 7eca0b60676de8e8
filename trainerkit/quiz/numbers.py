"""Numbers as the quiz outputs show them: one definition for the papers, the keys, the page,
GIFT and QTI, which all import it from here."""

from __future__ import annotations

from ..model import Question


def number_text(x: float) -> str:
    """30 rather than 30.0; 4.5 and 2.718281828 as written: 15 significant digits, every digit a
    trainer can write, and none of a sum's float noise (2.3 - 0.1 is 2.2)."""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else f"{x:.15g}"


def numeric_text(question: Question) -> str:
    """The accepted answer of a numerical question, as a trainer reads it."""
    n = question.numeric
    assert n is not None
    if n.exact is not None and n.low == n.high:
        return number_text(n.exact)
    if n.exact is not None:
        return f"{number_text(n.exact)} ± {number_text(n.high - n.exact)} " \
               f"({number_text(n.low)} – {number_text(n.high)})"
    return f"{number_text(n.low)} – {number_text(n.high)}"
