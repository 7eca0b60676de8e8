"""A model Chart as an SVG drawing for a web page, made with pygal: the report page's charts.

Only what the page can show offline: pygal's script (its tooltips, fetched from the web) and its
comments are left out, its styles are inline, and every chart's id is the one asked for, so the
same chart gives the same bytes. pygal writes its text through lxml, which escapes it: a
learner's name is text in the drawing, never markup. Words in Chinese are drawn as text in the
page's faces for the chart's language (text.page_font_family), with the CJK faces listed."""

from __future__ import annotations

import math
import re

from ..charts import Chart
from ..text import page_font_family

# The drawing's own size (its viewBox; the page scales it to its column): small enough that its
# words are still readable on a phone (about three quarters of their size at 375 px).
WIDTH = 440
HEIGHT = 300
BAR_ROW = 30  # the height a horizontal bar's category takes
STACKED_ROW = 22  # and a stacked one's, when there are more than UPRIGHT of them
UPRIGHT = 8  # stacked bars stand up to this many; more are laid across, a row each
LEGEND_ROW = 20  # the height of a row of the legend
# Colours by series: the stacked chart's right / wrong / no answer; the others' in turn.
PALETTE = ("#1c64b0", "#d9822b", "#2e8540", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d",
           "#b7950b", "#34495e", "#d35400")
STACKED = ("#2e8540", "#c0392b", "#b0b7bf", "#1c64b0", "#d9822b")
LINE_COLOUR = "#b3261e"  # the reference line (the pass mark)
_ID = re.compile(r"[^A-Za-z0-9_-]")


def chart_svg(chart: Chart, ident: str = "1") -> str:
    """The chart as one <svg> element (no XML declaration) whose id is "chart-" + ident, its
    styles scoped to it: ident is unique on the page (letters, digits, - and _)."""
    import pygal
    from pygal.style import Style

    fonts = page_font_family(chart.language)
    style = Style(
        background="#ffffff", plot_background="#ffffff", foreground="rgba(0,0,0,.87)",
        foreground_strong="rgba(0,0,0,.95)", foreground_subtle="rgba(0,0,0,.45)",
        colors=STACKED if chart.kind == "stacked" else PALETTE,
        font_family=fonts, title_font_family=fonts, label_font_family=fonts,
        major_label_font_family=fonts, value_font_family=fonts, value_label_font_family=fonts,
        legend_font_family=fonts, tooltip_font_family=fonts, no_data_font_family=fonts,
        title_font_size=17, label_font_size=13, major_label_font_size=13, legend_font_size=13,
        value_font_size=12, value_label_font_size=11, tooltip_font_size=12, no_data_font_size=20,
        opacity=".85", opacity_hover=".95", stroke_width="3", stroke_opacity="1",
        guide_stroke_dasharray="none", major_guide_stroke_dasharray="none",
        guide_stroke_color="#d9e2ec", major_guide_stroke_color="#9aa5b1")
    kind = chart.kind
    across = kind == "bar" or (kind == "stacked" and len(chart.categories) > UPRIGHT)
    height = HEIGHT
    if kind == "bar":
        height = max(HEIGHT * 2 // 3, 110 + BAR_ROW * len(chart.categories))
    elif across:
        height = max(HEIGHT, 130 + STACKED_ROW * len(chart.categories))
    legend_columns = min(3, max(1, len(chart.series)))
    if max((len(s.name) for s in chart.series), default=0) > 14:
        legend_columns = min(2, legend_columns)
    legend_rows = math.ceil(len(chart.series) / legend_columns) if len(chart.series) > 1 else 0
    height += LEGEND_ROW * max(0, legend_rows - 1)
    # pygal leaves room for len // columns rows of the legend: the last, part-filled one needs more
    short = legend_rows - len(chart.series) // legend_columns if legend_rows else 0
    config = pygal.Config(
        js=[], disable_xml_declaration=True, style=style, width=WIDTH, height=height,
        title=chart.title or None, x_title=chart.x_title or None, y_title=chart.y_title or None,
        legend_at_bottom=True, legend_at_bottom_columns=legend_columns,
        show_legend=len(chart.series) > 1 or kind == "scatter", truncate_legend=-1,
        truncate_label=-1, margin=12, spacing=8, print_values=False, allow_interruptions=True,
        x_label_rotation=0 if across else _rotation(chart), show_x_guides=kind == "scatter",
        value_formatter=_formatter(chart), no_data_text="—", tooltip_fancy_mode=False,
        margin_right=48 if kind in ("line", "scatter") else None,
        margin_bottom=12 + LEGEND_ROW * short)
    low, high = _value_range(chart)
    if low is not None and high is not None:
        config.range = (low, high)
    counts = _counts(chart)
    if counts is not None:  # learners are counted in whole numbers: no 0.2 ticks
        config.range, config.y_labels = counts
    if kind == "scatter":
        drawing = _scatter(pygal, config, chart)
    else:
        cls = {"column": pygal.Bar, "bar": pygal.HorizontalBar, "line": pygal.Line,
               "stacked": pygal.HorizontalStackedBar if across else pygal.StackedBar}[kind]
        drawing = cls(config)
        # Horizontal bars are drawn from the bottom up: reversed, the first is at the top.
        order = (lambda seq: list(seq)[::-1]) if across else list
        drawing.x_labels = order(chart.categories)
        for name, values in _shares(chart) if kind == "stacked" else [
                (s.name, list(s.values)) for s in chart.series]:
            drawing.add(name, order(values))
    drawing.uuid = _ID.sub("-", ident) or "1"
    drawing.add_xml_filter(lambda root: _finish(root, drawing, chart))
    return drawing.render(is_unicode=True)


def _rotation(chart: Chart) -> int:
    """Category labels turned when there are many or long ones under vertical bars."""
    if chart.kind in ("bar", "scatter"):
        return 0
    longest = max((len(c) for c in chart.categories), default=0)
    return 35 if len(chart.categories) * max(longest, 3) > 48 else 0


def _counts(chart: Chart) -> tuple[tuple[float, float], list[int]] | None:
    """A chart of whole numbers (learners per band): its range and whole ticks, about 5."""
    if chart.kind not in ("column", "bar", "line") or chart.percent:
        return None
    values = [v for s in chart.series for v in s.values if v is not None]
    if not values or any(not float(v).is_integer() or v < 0 for v in values):
        return None
    top = max(1, int(max(values)))
    step = max(1, math.ceil(top / 5))
    top = step * math.ceil(top / step)
    return (0, top), list(range(0, top + 1, step))


def _formatter(chart: Chart):
    if chart.percent or chart.kind == "stacked":
        return lambda v: "" if v is None else f"{v:.0f}%"
    return lambda v: "" if v is None else (f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}")


def _value_range(chart: Chart) -> tuple[float | None, float | None]:
    if chart.kind == "stacked":
        return 0, 100
    low, high = chart.y_min, chart.y_max
    if chart.percent:
        low = 0 if low is None else low
        high = 100 if high is None else high
    return low, high


def _shares(chart: Chart) -> list[tuple[str, list[float | None]]]:
    """A stacked chart's values as each category's shares in percent (stacked to 100%)."""
    totals = [sum(s.values[k] or 0 for s in chart.series if k < len(s.values))
              for k in range(len(chart.categories))]
    out = []
    for s in chart.series:
        values = []
        for k, total in enumerate(totals):
            v = s.values[k] if k < len(s.values) else None
            values.append(None if v is None or not total else 100.0 * v / total)
        out.append((s.name, values))
    return out


def _scatter(pygal, config, chart: Chart):
    """Each series' points at (x, value), named by the categories (a question's id)."""
    config.stroke = False
    config.print_labels = True
    config.dots_size = 5
    if chart.x_min is not None and chart.x_max is not None:
        config.xrange = (chart.x_min, chart.x_max)
    drawing = pygal.XY(config)
    for s in chart.series:
        points = []
        for k, (x, y) in enumerate(zip(s.xs, s.values)):
            if y is None or x is None or not (math.isfinite(x) and math.isfinite(y)):
                continue
            name = chart.categories[k] if k < len(chart.categories) else ""
            points.append({"value": (x, y), "label": name})
        drawing.add(s.name, points)
    return drawing


def _finish(root, drawing, chart: Chart):
    """The drawing as the page shows it: no script or comments, no tooltips (they need the
    script), and the reference line (the pass mark) drawn across the plot."""
    for node in list(root.iter()):
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag:  # a comment
            node.getparent().remove(node)
        elif tag.rsplit("}", 1)[-1] == "script" or "tooltip-overlay" in (node.get("class") or ""):
            node.getparent().remove(node)
        elif tag.rsplit("}", 1)[-1] == "desc":
            node.getparent().remove(node)
    if chart.line is not None and chart.kind in ("column", "bar", "line"):
        _reference_line(root, drawing, chart)
    return root


def _reference_line(root, drawing, chart: Chart) -> None:
    """A dashed line at chart.line across the plot, with its label at its end."""
    from lxml import etree

    overlay = next((g for g in root.iter() if isinstance(g.tag, str)
                    and (g.get("class") or "").split() == ["plot", "overlay"]), None)
    view = getattr(drawing, "view", None)
    if overlay is None or view is None:
        return
    at = view.y(chart.line)
    ns = root.nsmap.get(None)
    tag = (lambda name: f"{{{ns}}}{name}") if ns else (lambda name: name)
    if chart.kind == "bar":  # horizontal bars: the value axis runs across
        ends = {"x1": at, "y1": 0, "x2": at, "y2": view.height}
        where = {"x": at, "y": -2, "text-anchor": "middle"}
    else:
        ends = {"x1": 0, "y1": at, "x2": view.width, "y2": at}
        where = {"x": view.width - 2, "y": at - 4, "text-anchor": "end"}
    group = etree.SubElement(overlay, tag("g"), {"class": "reference"})
    etree.SubElement(group, tag("line"), {
        **{k: f"{v:.1f}" for k, v in ends.items()}, "stroke": LINE_COLOUR, "stroke-width": "2",
        "stroke-dasharray": "6 4"})
    if chart.line_label:
        label = etree.SubElement(group, tag("text"), {
            **{k: (f"{v:.1f}" if isinstance(v, float) else str(v)) for k, v in where.items()},
            "fill": LINE_COLOUR, "font-size": "12", "font-family": page_font_family(chart.language)})
        label.text = chart.line_label
