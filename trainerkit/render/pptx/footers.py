"""A slide's footer, date and slide number, in the layout's own placeholders (the Office
convention: p:ph type "ftr", "dt", "sldNum"), so a corporate template places and styles them.

- The footer says the deck's footer line (footer: and the version), the date placeholder the
  build date; either is left off when the deck has none. The slide number is a real field
  (a:fld type="slidenum"), on every slide but the title slide, which shows the footer alone
  (its own text already says the version and the date).
- A layout without one of these placeholders gets nothing in its place.
- The number is written when the deck is saved: a module's slides are cached and may land at
  another place in the next deck. The slide number is the last shape, so its slide's XML is
  deflated up to the number (zip.deflate_open) and the rest, from the number on, at saving
  (zip.close): cached slides are still not deflated again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ... import model as m
from .draw_text import Fonts, add_runs
from .reference import Reference
from .shapes import A_P, A_RPR, A_T, add, clear, place, qn, txbody

# What the slide-number field holds until the deck is saved (and what Office's own layouts
# hold in theirs): replaced by the slide's number in package.py.
NUMBER = "‹#›"
NUMBER_BYTES = NUMBER.encode("utf-8")
# The field's id (ST_Guid): any fixed one; PowerPoint keys a field's cached result by it.
FIELD_ID = "{6A7B2C3D-4E5F-4A1B-8C2D-3E4F5A6B7C8D}"


@dataclass(frozen=True)
class Marks:
    """What a deck's footer placeholders say: its footer line and its date ("" for none)."""

    footer: str = ""
    date: str = ""

    @classmethod
    def of(cls, deck: m.Deck) -> "Marks":
        return cls(deck.footer, deck.date)


def fill_marks(s, marks: Marks, ref: Reference, title_slide: bool) -> bool:
    """Fill a drawn slide's footer placeholders, remove those with nothing to say, and put them
    last in the shape tree (the slide number at the very end); whether the slide is numbered."""
    fonts = Fonts(ref.cjk_lang, ref.latin_lang, ref.ea_minor, ref.ea_major)  # the course's language
    texts = {"ftr": marks.footer, "dt": "" if title_slide else marks.date}
    numbered = False
    for kind in ("dt", "ftr", "sldNum"):
        sp = s.marks.get(kind)
        if sp is None:
            continue
        if kind == "sldNum" and not title_slide:
            _number(txbody(sp), fonts)
            numbered = True
        elif texts.get(kind):
            body = txbody(sp)
            clear(body)
            add_runs(add(body, A_P), (m.Span(texts[kind]),), fonts, slide=None)
        else:
            sp.getparent().remove(sp)
            continue
        sp.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("id", str(s.shape_id()))
        place(s.tree, sp)  # moved after every shape drawn, with the next ids
    return numbered


def _number(body, fonts: Fonts) -> None:
    """The slide-number field, its result to be written at saving."""
    clear(body)
    fld = add(add(body, A_P), qn("a:fld"), {"id": FIELD_ID, "type": "slidenum"})
    add(fld, A_RPR, {"lang": fonts.latin_lang})
    add(fld, A_T).text = NUMBER


def split_at_number(xml: bytes) -> tuple[bytes, bytes]:
    """A numbered slide's XML cut around its number's place: what comes before and after it."""
    at = xml.rindex(NUMBER_BYTES)
    return xml[:at], xml[at + len(NUMBER_BYTES):]
