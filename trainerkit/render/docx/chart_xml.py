"""A chart's XML: python-pptx's chartSpace of the chart's kind (render/docx/charts.py gives it
the numbers), and what a report needs on top, each element in its schema place (render/ooxml.py):

- the title and the axis titles; the value axis' range, a whole step for counts; 0"%" as the
  number format of percents; axis ids the schema allows (python-pptx's are negative);
- the text of every title, axis, legend and label in the theme's Latin and East Asian faces and
  tagged with the chart's language (c:txPr, a:latin, a:ea, lang), so Chinese labels render;
- the theme's accent colours on the series, light gridlines, values on single-series bars and
  lines, the scatter's point names as its labels, a legend when there are several series;
- the reference line (the pass mark), red and dashed: a line series at that value over every
  category (a c:lineChart sharing the axes) on columns, lines and stacked bars, and a two-point
  series across a scatter, each labelled where it stands clear of the data; on horizontal bars,
  where Word would draw a line series across and LibreOffice down, a second bar group on
  secondary axes whose category axis crosses them at that value and is drawn as the line, its
  label in the legend."""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.enum.chart import XL_CHART_TYPE as XL

from ...charts import Chart
from ...text import columns, xml_safe
from .. import ooxml
from .wml import A_NS, R_ID, add

C_NS = ooxml.NS["c"]
_TYPES = {"column": XL.COLUMN_CLUSTERED, "bar": XL.BAR_CLUSTERED, "stacked": XL.COLUMN_STACKED_100,
          "line": XL.LINE_MARKERS, "scatter": XL.XY_SCATTER}
# The axis ids of the second bar group that draws a horizontal bar chart's reference line.
LINE_CAT_AX, LINE_VAL_AX = "50010", "50020"
PERCENT = '0"%"'  # values 0-100 shown as 80%
SHARE = "0%"  # the axis of bars stacked to 100%
TEXT = "404040"
GRID = "D9D9D9"
AXIS = "A6A6A6"
REFERENCE = "C00000"  # the reference line's red
REFERENCE_WIDTH = 28575  # EMU: 2.25 pt
SIZE, TITLE_SIZE = 900, 1200  # hundredths of a point


class _Names:
    """Clark names in one namespace: C.ser == '{...chart}ser'."""

    def __init__(self, ns: str):
        self._ns = ns

    def __getattr__(self, name: str) -> str:
        value = f"{{{self._ns}}}{name}"
        setattr(self, name, value)
        return value


C = _Names(C_NS)
A = _Names(A_NS)


@dataclass(frozen=True)
class Look:
    """How a chart's text and series look: the theme's faces and accents, and the language its
    words are tagged with (alt: the other language of a CJK chart's runs, "" for none)."""

    latin: str
    east_asian: str
    lang: str
    alt: str
    colours: tuple[str, ...]


def num_text(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def as_shares(block: Chart) -> bool:
    """Bars stacked to 100% with a reference line: drawn as stacked shares (each value's percent
    of its category's total) on a 0-100 axis, for the line's value to mean the same on it in Word
    and LibreOffice (which stacks a line on an axis of shares to 100% too)."""
    return block.kind == "stacked" and block.line is not None


def chart_type(block: Chart):
    return XL.COLUMN_STACKED if as_shares(block) else _TYPES[block.kind]


def points_of(block: Chart) -> list[tuple[float, float]]:
    return [(x, y) for s in block.series for x, y in zip(s.xs, s.values)
            if x is not None and y is not None]


def scatter_span(block: Chart) -> tuple[float, float]:
    """Where a scatter's reference line runs: across the x axis' range, else the points'."""
    xs = [x for x, _ in points_of(block)]
    lo = block.x_min if block.x_min is not None else min(xs)
    hi = block.x_max if block.x_max is not None else max(xs)
    return lo, hi


def line_label(block: Chart) -> str:
    """The reference line's words: its label, else its value."""
    unit = "%" if block.percent or as_shares(block) else ""
    return xml_safe(block.line_label) or num_text(block.line) + unit


def chart_xml(block: Chart, data, look: Look, workbook_rid: str,
              size: tuple[int, int] = (6120000, 3366000)) -> bytes:
    """The chart part: python-pptx's chart of the kind, then what this module adds (see the
    module's docstring). size: the drawing's width and height (EMU), where a scatter's point
    names must find room."""
    parser = etree.XMLParser(remove_blank_text=True)
    space = etree.fromstring(ChartXmlWriter(chart_type(block), data).xml.encode("utf-8"), parser)
    chart_el = space.find(C.chart)
    plot_area = chart_el.find(C.plotArea)
    plot = plot_area[0]
    sers = plot.findall(C.ser)
    # The reference line's series (horizontal bars draw theirs with axes: _bar_line).
    line_ser = sers.pop() if block.line is not None and block.kind != "bar" else None
    _renumber_axes(space)

    _val(space, C.date1904, "0")
    _val(space, C.lang, look.lang)
    _val(space, C.roundedCorners, "0")
    _title(chart_el, block.title, look)
    _val(chart_el, C.autoTitleDeleted, "0" if block.title else "1")
    for k, ser in enumerate(sers):
        _series_look(block, ser, series_colour(look.colours, k))
    if block.kind in ("column", "bar", "stacked"):
        _val(plot, C.gapWidth, "60")
        if block.kind == "bar" and block.line is not None:
            _val(plot, C.overlap, "100")
    if len(sers) == 1 and block.kind in ("column", "bar", "line"):
        _value_labels(block, sers[0], look)
    if block.kind == "scatter":
        shown = named_points(block, list(data)[:len(sers)], size)
        for ser, series, keep in zip(sers, data, shown):
            _point_names(ser, [n if k in keep else "" for k, n in enumerate(series.names)], look)
    _axes(block, plot_area, look)
    if line_ser is not None:
        _reference_line(block, plot_area, plot, line_ser, look)
    elif block.kind == "bar" and block.line is not None:
        _bar_line(block, plot_area, len(sers), look)
    _legend(chart_el, len(sers) > 1 or (block.kind == "bar" and block.line is not None), look)
    _val(chart_el, C.plotVisOnly, "1")
    _val(chart_el, C.dispBlanksAs, "gap")
    old = space.find(C.txPr)
    if old is not None:
        space.remove(old)
    _text_props(space, look)
    external = add(space, C.externalData, {R_ID: workbook_rid})
    _val(external, C.autoUpdate, "0")
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def series_colour(accents: tuple[str, ...], k: int) -> str:
    """Series k's colour: the theme's accents in turn, then (as Word goes on) the same accents
    darker (60%), then lighter (mixed 40% with white), then again."""
    base = accents[k % len(accents)]
    turn = (k // len(accents)) % 3
    if turn == 0:
        return base
    rgb = [int(base[i:i + 2], 16) for i in (0, 2, 4)]
    rgb = [round(c * 0.6) for c in rgb] if turn == 1 else [round(c + (255 - c) * 0.4) for c in rgb]
    return "".join(f"{c:02X}" for c in rgb)


def _renumber_axes(space: etree._Element) -> None:
    """Axis ids 10001, 10002, ... in the order they first appear: python-pptx's are negative
    numbers, which the schema (an unsigned int) does not allow."""
    ids: dict[str, str] = {}
    for el in space.iter(C.axId, C.crossAx):
        el.set("val", ids.setdefault(el.get("val"), str(10001 + len(ids))))


def _val(parent: etree._Element, tag: str, value: str) -> etree._Element:
    """parent's child tag with val=value, made in its place or set where it is."""
    el = parent.find(tag)
    if el is None:
        el = add(parent, tag)
    el.set("val", value)
    return el


def _rpr(parent: etree._Element, tag: str, look: Look, size: int = SIZE, bold: bool = False,
         colour: str = TEXT) -> etree._Element:
    """Run properties (a:defRPr or a:rPr): size, weight, colour, the theme's Latin and East Asian
    faces, and the language tags."""
    attrs = {"lang": look.lang, "sz": str(size), "b": "1" if bold else "0"}
    if look.alt:
        attrs["altLang"] = look.alt
    rpr = add(parent, tag, attrs)
    add(add(rpr, A.solidFill), A.srgbClr, {"val": colour})
    add(rpr, A.latin, {"typeface": look.latin})
    add(rpr, A.ea, {"typeface": look.east_asian})
    add(rpr, A.cs, {"typeface": look.latin})
    return rpr


def _text_props(parent: etree._Element, look: Look, size: int = SIZE, bold: bool = False,
                rotate: bool = False) -> etree._Element:
    """c:txPr: how the text of the chart, an axis, the legend or labels looks."""
    tx = add(parent, C.txPr)
    add(tx, A.bodyPr, {"rot": "-5400000", "vert": "horz"} if rotate else {})
    add(tx, A.lstStyle)
    p = add(tx, A.p)
    _rpr(add(p, A.pPr), A.defRPr, look, size, bold)
    end = add(p, A.endParaRPr, {"lang": look.lang})
    if look.alt:
        end.set("altLang", look.alt)
    return tx


def _rich(parent: etree._Element, text: str, look: Look, size: int, bold: bool,
          rotate: bool = False) -> etree._Element:
    """c:tx holding text as a rich text body (a title's, a label's)."""
    rich = add(add(parent, C.tx), C.rich)
    add(rich, A.bodyPr, {"rot": "-5400000", "vert": "horz"} if rotate else {})
    add(rich, A.lstStyle)
    p = add(rich, A.p)
    _rpr(add(p, A.pPr), A.defRPr, look, size, bold)
    r = add(p, A.r)
    _rpr(r, A.rPr, look, size, bold)
    add(r, A.t).text = xml_safe(text)
    return rich


def _title(parent: etree._Element, text: str, look: Look, size: int = TITLE_SIZE,
           bold: bool = True, rotate: bool = False) -> None:
    if not text:
        return
    title = add(parent, C.title)
    _rich(title, text, look, size, bold, rotate)
    _val(title, C.overlay, "0")


def _line(parent: etree._Element, colour: str, width: int, dash: str = "") -> etree._Element:
    ln = add(parent, A.ln, {"w": str(width)})
    add(add(ln, A.solidFill), A.srgbClr, {"val": colour})
    if dash:
        add(ln, A.prstDash, {"val": dash})
    return ln


def _series_look(block: Chart, ser: etree._Element, colour: str) -> None:
    """A series in its accent: filled bars, a line with round markers, round points."""
    old = ser.find(C.spPr)
    if old is not None:
        ser.remove(old)
    sp = add(ser, C.spPr)
    if block.kind in ("column", "bar", "stacked"):
        add(add(sp, A.solidFill), A.srgbClr, {"val": colour})
        _val(ser, C.invertIfNegative, "0")
        return
    if block.kind == "line":
        _line(sp, colour, 28575).set("cap", "rnd")
    else:
        add(add(sp, A.ln, {"w": "25400"}), A.noFill)
    marker = ser.find(C.marker)
    if marker is not None:
        ser.remove(marker)
    marker = add(ser, C.marker)
    _val(marker, C.symbol, "circle")
    _val(marker, C.size, "7")
    msp = add(marker, C.spPr)
    add(add(msp, A.solidFill), A.srgbClr, {"val": colour})
    _line(msp, "FFFFFF", 9525)


def _show(labels: etree._Element, **shown: bool) -> None:
    """The six show flags a c:dLbls or c:dLbl must have, each in its place."""
    for flag in ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent",
                 "showBubbleSize"):
        _val(labels, getattr(C, flag), "1" if shown.get(flag) else "0")


def _value_labels(block: Chart, ser: etree._Element, look: Look) -> None:
    """Each bar's or point's value beside it."""
    labels = add(ser, C.dLbls)
    add(labels, C.numFmt, {"formatCode": PERCENT if block.percent else "General",
                           "sourceLinked": "0"})
    add(add(labels, C.spPr), A.noFill)
    _text_props(labels, look)
    _val(labels, C.dLblPos, "t" if block.kind == "line" else "outEnd")
    _show(labels, showVal=True)


def named_points(block: Chart, series: list, size: tuple[int, int]) -> list[set[int]]:
    """Which points of each series show their name: as many as fit without one name over
    another, the series with fewer points (the ones picked out) first, each in its order.
    A name stands right of its point, about 0.55 em a column wide and 1.3 em high at 9 pt, in
    a plot about 0.82 of the chart wide and 0.62 high; the names left out are in the workbook
    and the drawing's description."""
    em = SIZE / 100 * 12700
    plot_w, plot_h = size[0] * 0.82, size[1] * 0.62
    xs = [x for s in series for x in s.x_values]
    ys = [y for s in series for y in s.y_values]
    x_lo = block.x_min if block.x_min is not None else min(xs, default=0)
    x_hi = block.x_max if block.x_max is not None else max(xs, default=1)
    y_lo = block.y_min if block.y_min is not None else min(ys, default=0)
    y_hi = block.y_max if block.y_max is not None else max(ys, default=1)
    placed: list[tuple[float, float, float, float]] = []
    shown: list[set[int]] = [set() for _ in series]
    for k in sorted(range(len(series)), key=lambda k: (len(series[k]), k)):
        s = series[k]
        for i, (x, y, name) in enumerate(zip(s.x_values, s.y_values, s.names)):
            if not name:
                continue
            left = (x - x_lo) / ((x_hi - x_lo) or 1) * plot_w + 0.5 * em
            mid = (y - y_lo) / ((y_hi - y_lo) or 1) * plot_h
            box = (left, mid - 0.65 * em, left + 0.55 * em * columns(name), mid + 0.65 * em)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in placed):
                placed.append(box)
                shown[k].add(i)
    return shown


def _point_names(ser: etree._Element, names: list[str], look: Look) -> None:
    """A scatter's points labelled with their names (each label's own text)."""
    labels = add(ser, C.dLbls)
    for k, name in enumerate(names):
        if not name:
            continue
        label = add(labels, C.dLbl)
        _val(label, C.idx, str(k))
        _rich(label, name, look, SIZE, False)
        _val(label, C.dLblPos, "r")
        _show(label, showVal=True)
    _text_props(labels, look)
    _val(labels, C.dLblPos, "r")
    _show(labels)


def _axes(block: Chart, plot_area: etree._Element, look: Look) -> None:
    """Titles, ranges, number formats, gridlines and text of the axes."""
    if block.kind == "scatter":
        x_ax, y_ax = plot_area.findall(C.valAx)[:2]
        _axis(x_ax, look, block.x_title, block.x_min, block.x_max, None, vertical=False)
        _axis(y_ax, look, block.y_title, block.y_min, block.y_max,
              PERCENT if block.percent else None, vertical=True)
        for ax in (x_ax, y_ax):  # each axis at the other's low end, never across the points
            _val(ax, C.crosses, "min")
        return
    cat_ax, val_ax = plot_area.find(C.catAx), plot_area.find(C.valAx)
    lo, hi = value_range(block)
    fmt = SHARE if block.kind == "stacked" and not as_shares(block) else \
        PERCENT if block.percent or as_shares(block) else None
    _axis(cat_ax, look, block.x_title, None, None, None, vertical=block.kind == "bar")
    unit = count_unit(block)
    _axis(val_ax, look, block.y_title, lo, hi, "0" if unit and fmt is None else fmt,
          vertical=block.kind != "bar")
    if unit:
        _val(val_ax, C.majorUnit, num_text(unit))
    if block.kind == "bar":
        # Horizontal bars read from the top: the first category at the top, the values below.
        _val(cat_ax.find(C.scaling), C.orientation, "maxMin")
        _val(val_ax, C.axPos, "b")
        crosses = val_ax.find(C.crosses)
        if crosses is not None:
            crosses.set("val", "max")


def value_range(block: Chart) -> tuple[float | None, float | None]:
    """The value axis' range: as asked; 0 to 100 for percents; for horizontal bars with a
    reference line (whose second axes must match the first) 0 to a round number above the
    values. None: the application's choice."""
    lo, hi = block.y_min, block.y_max
    if block.kind == "stacked":
        return (0.0, 100.0) if as_shares(block) else (None, None)
    if block.percent:
        lo = 0.0 if lo is None else lo
        hi = 100.0 if hi is None else hi
    if block.kind == "bar" and block.line is not None:
        values = [v for s in block.series for v in s.values if v is not None] + [block.line]
        lo = min(0.0, *values) if lo is None else lo
        hi = round_up(max(values)) if hi is None else hi
    return lo, hi


def count_unit(block: Chart) -> float | None:
    """The value axis' step when every value is a whole number (learners, answers): a whole
    step, so the axis never reads 0.5 learners. None: the application's choice."""
    if block.kind == "stacked" or block.percent:
        return None
    values = [v for s in block.series for v in s.values if v is not None]
    if not values or any(v != int(v) for v in values):
        return None
    return max(1.0, round_up(max(abs(v) for v in values) / 8))


def round_up(value: float) -> float:
    """The first of 1, 2, 2.5, 5 times a power of ten at or above value (0 and below: 1)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _axis(ax: etree._Element, look: Look, title: str, lo: float | None, hi: float | None,
          fmt: str | None, vertical: bool) -> None:
    scaling = ax.find(C.scaling)
    _val(scaling, C.orientation, "minMax")
    if hi is not None:
        _val(scaling, C.max, num_text(hi))
    if lo is not None:
        _val(scaling, C.min, num_text(lo))
    _val(ax, C.delete, "0")
    if ax.tag == C.valAx:
        grid = ax.find(C.majorGridlines)
        if grid is None:
            grid = add(ax, C.majorGridlines)
        _line(add(grid, C.spPr), GRID, 9525)
    _title(ax, title, look, SIZE, True, rotate=vertical)
    if fmt is not None:
        old = ax.find(C.numFmt)
        if old is not None:
            ax.remove(old)
        add(ax, C.numFmt, {"formatCode": fmt, "sourceLinked": "0"})
    _line(add(ax, C.spPr), AXIS, 9525)
    _text_props(ax, look)


def _reference_line(block: Chart, plot_area: etree._Element, plot: etree._Element,
                    ser: etree._Element, look: Look) -> None:
    """The reference line, labelled where it stands clear of the data (see the module's
    docstring): in the chart's own group on lines and scatters, in a line group of its own over
    columns, on a bar group of its own on horizontal bars."""
    label = line_label(block)
    if block.kind == "scatter":
        end = quiet_end(block)
        _line_look(ser, look, label, end, "r" if end == 0 else "l")
        return
    if block.kind != "line":
        plot.remove(ser)
        host = add(plot_area, C.lineChart)
        _val(host, C.grouping, "standard")
        _val(host, C.varyColors, "0")
        host.append(ser)
        _val(host, C.marker, "1")
        for tag in (C.catAx, C.valAx):
            add(host, C.axId, {"val": plot_area.find(tag).find(C.axId).get("val")})
    _line_look(ser, look, label, quiet_category(block), "t")


def quiet_category(block: Chart) -> int:
    """Where the reference line's label goes: the category whose highest value is the lowest,
    so the label stands clear of the bars, points and their values (the last of equals)."""
    n = len(block.categories)
    heights = [max((s.values[k] for s in block.series if k < len(s.values)
                    and s.values[k] is not None), default=-math.inf) for k in range(n)]
    low = min(heights, default=0)
    return max(k for k in range(n) if heights[k] == low) if n else 0


def quiet_end(block: Chart) -> int:
    """Which end of a scatter's reference line gets its label (0 left, 1 right): the one
    farther from every point, the axes' ranges taken as equal lengths."""
    points = points_of(block)
    lo, hi = scatter_span(block)
    ys = [y for _, y in points] + [block.line]
    y_lo = block.y_min if block.y_min is not None else min(ys)
    y_hi = block.y_max if block.y_max is not None else max(ys)
    w, h = (hi - lo) or 1.0, (y_hi - y_lo) or 1.0

    def room(x: float) -> float:
        return min((((px - x) / w) ** 2 + ((py - block.line) / h) ** 2 for px, py in points),
                   default=math.inf)

    return 0 if room(lo) > room(hi) else 1


def _line_look(ser: etree._Element, look: Look, label: str, at: int, where: str) -> None:
    """The reference line: red, dashed, no markers, its label by point `at` (where: t above,
    r right, l left)."""
    old = ser.find(C.spPr)
    if old is not None:
        ser.remove(old)
    _line(add(ser, C.spPr), REFERENCE, REFERENCE_WIDTH, "dash")
    marker = ser.find(C.marker)
    if marker is not None:
        ser.remove(marker)
    _val(add(ser, C.marker), C.symbol, "none")
    labels = add(ser, C.dLbls)
    point = add(labels, C.dLbl)
    _val(point, C.idx, str(at))
    _label_box(point, look)
    _val(point, C.dLblPos, where)
    _show(point, showSerName=True)
    _show(labels)
    _val(ser, C.smooth, "0")


def _label_box(label: etree._Element, look: Look) -> None:
    """The reference line's label: red words on white, readable over a bar or a gridline."""
    sp = add(label, C.spPr)
    add(add(sp, A.solidFill), A.srgbClr, {"val": "FFFFFF"})
    tx = _text_props(label, look, bold=True)
    tx.find(f"{A.p}/{A.pPr}/{A.defRPr}/{A.solidFill}/{A.srgbClr}").set("val", REFERENCE)


def _bar_line(block: Chart, plot_area: etree._Element, order: int, look: Look) -> None:
    """Horizontal bars' reference line: a second bar group on secondary axes of the same range,
    whose category axis crosses its value axis at the line's value and is drawn as the line.
    Its one series has no values (bars of its value would start at the line in Word and at 0 in
    LibreOffice): it is there for the legend, which shows its red dash and its label."""
    host = add(plot_area, C.barChart)
    _val(host, C.barDir, "bar")
    _val(host, C.grouping, "clustered")
    _val(host, C.varyColors, "0")
    ser = add(host, C.ser)
    _val(ser, C.idx, str(order))
    _val(ser, C.order, str(order))
    add(add(ser, C.tx), C.v).text = line_label(block)
    sp = add(ser, C.spPr)
    add(sp, A.noFill)
    _line(sp, REFERENCE, REFERENCE_WIDTH, "dash")
    _val(ser, C.invertIfNegative, "0")
    values = add(add(ser, C.val), C.numLit)
    add(values, C.formatCode).text = "General"
    _val(values, C.ptCount, str(len(block.categories)))
    _val(host, C.gapWidth, "60")
    _val(host, C.overlap, "100")
    add(host, C.axId, {"val": LINE_CAT_AX})
    add(host, C.axId, {"val": LINE_VAL_AX})
    lo, hi = value_range(block)
    _line_axes(plot_area, lo, hi, block.line)


def _line_axes(plot_area: etree._Element, lo: float | None, hi: float | None, at: float) -> None:
    """The secondary axes of horizontal bars' reference line: the value axis hidden, its range
    lo to hi as the first's; the category axis without labels or ticks, crossing it at `at`
    and drawn there as the red line."""
    cat = add(plot_area, C.catAx)
    _val(cat, C.axId, LINE_CAT_AX)
    _val(add(cat, C.scaling), C.orientation, "maxMin")
    _val(cat, C.delete, "0")
    _val(cat, C.axPos, "l")
    _val(cat, C.majorTickMark, "none")
    _val(cat, C.minorTickMark, "none")
    _val(cat, C.tickLblPos, "none")
    _line(add(cat, C.spPr), REFERENCE, REFERENCE_WIDTH, "dash")
    _val(cat, C.crossAx, LINE_VAL_AX)
    _val(cat, C.crossesAt, num_text(at))
    _val(cat, C.auto, "1")
    _val(cat, C.lblAlgn, "ctr")
    _val(cat, C.lblOffset, "100")
    _val(cat, C.noMultiLvlLbl, "0")
    val = add(plot_area, C.valAx)
    _val(val, C.axId, LINE_VAL_AX)
    scaling = add(val, C.scaling)
    _val(scaling, C.orientation, "minMax")
    if hi is not None:
        _val(scaling, C.max, num_text(hi))
    if lo is not None:
        _val(scaling, C.min, num_text(lo))
    _val(val, C.delete, "1")
    _val(val, C.axPos, "t")
    _val(val, C.majorTickMark, "none")
    _val(val, C.minorTickMark, "none")
    _val(val, C.tickLblPos, "none")
    _val(val, C.crossAx, LINE_CAT_AX)
    _val(val, C.crosses, "max")
    _val(val, C.crossBetween, "between")


def _legend(chart_el: etree._Element, shown: bool, look: Look) -> None:
    """A legend under the plot when there are several series, or horizontal bars with a
    reference line (labelled there); none otherwise."""
    old = chart_el.find(C.legend)
    if old is not None:
        chart_el.remove(old)
    if not shown:
        return
    legend = add(chart_el, C.legend)
    _val(legend, C.legendPos, "b")
    _val(legend, C.overlay, "0")
    _text_props(legend, look)
