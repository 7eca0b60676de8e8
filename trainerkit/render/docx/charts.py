"""Charts: a model.Chart as a native Word chart, one a reader can restyle and whose numbers they
can edit in Word ("Edit Data"), and that LibreOffice draws too.

Each chart is an inline drawing (wp:inline holding c:chart r:id) pointing at a chart part
(/word/charts/chartN.xml, written by chart_xml.py) that holds its numbers and points at an
embedded workbook (/word/embeddings/Microsoft_Excel_WorksheetN.xlsx, c:externalData) holding
the same: python-pptx's chart data and its workbook writer (through XlsxWriter), the workbook
created at the document's time so that the same chart gives the same bytes. Fonts and colours
are the reference's theme's; the words are tagged with the chart's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.util import lazyproperty

from ... import model
from ...charts import Chart
from ...dates import time_of
from ...text import (
    default_ea_font, is_cjk_language, normalize_lang, run_languages, theme_script, xml_safe,
)
from .. import ooxml
from .chart_xml import (
    PERCENT, A, C, Look, as_shares, chart_xml, line_label, num_text, scatter_span,
)
from .pictures import EMU_PER_TWIP
from .wml import A_NS, R_ID, R_NS, W, add

if TYPE_CHECKING:
    from .drawing import Ctx, Drawing

C_NS = ooxml.NS["c"]
CHART_URI = C_NS  # a:graphicData's uri for a chart
EMU_PER_CM = 360000
# Office's accents, for a reference whose theme names none.
ACCENTS = ("4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47")


def chart(d: Drawing, parent: etree._Element, block: Chart, ctx: Ctx, index: int = -1) -> None:
    """The chart in a paragraph of its own (style Figure), as wide as the text."""
    if not _has_data(block):  # nothing to draw: the title alone says what would be there
        d.runs(d.p(parent, "Caption"), model.text_of(block.title))
        return
    look = look_of(d, block)
    cx = ctx.width * EMU_PER_TWIP
    cy = chart_height(block, cx, ctx.height * EMU_PER_TWIP)
    rid = chart_parts(d, block, look, (cx, cy))
    p = d.p(parent, "Figure", keep=False)  # the chart's title is inside it: nothing to keep it with
    _inline(d, add(add(p, W.r), W.drawing), rid, cx, cy, block)


def _has_data(block: Chart) -> bool:
    if block.kind == "scatter":
        return any(v is not None for s in block.series for v in s.values[:len(s.xs)])
    return bool(block.categories) and bool(block.series)


def chart_height(block: Chart, width: int, page: int) -> int:
    """A chart's height in EMU: 0.55 of its width, and for horizontal bars enough for each
    category's bar and label; never more than 0.7 of the page's text height."""
    height = int(width * 0.55)
    if block.kind == "bar":
        height = max(height, int(EMU_PER_CM * (3.0 + 0.9 * len(block.categories))))
    return min(height, int(page * 0.7))


def _inline(d: Drawing, drawing: etree._Element, rid: str, cx: int, cy: int, block: Chart) -> None:
    inline, _frame = d.inline(drawing, cx, cy, "Chart", describe(block))
    graphic = add(inline, A.graphic, nsmap={"a": A_NS})
    data = add(graphic, A.graphicData, {"uri": CHART_URI})
    add(data, C.chart, {R_ID: rid}, nsmap={"c": C_NS, "r": R_NS})


def describe(block: Chart, limit: int = 1000) -> str:
    """The chart's words for a reader who cannot see it (the drawing's description): its title,
    then each series' name and values."""
    parts = [block.title]
    for series in block.series:
        if block.kind == "scatter":
            points = [f"{name} ({num_text(x)}, {num_text(y)})" for name, x, y
                      in zip(block.categories, series.xs, series.values) if y is not None]
        else:
            points = [f"{name} {num_text(v)}" for name, v in zip(block.categories, series.values)
                      if v is not None]
        parts.append(f"{series.name}: " + ", ".join(points) if series.name else ", ".join(points))
    text = xml_safe("; ".join(p for p in parts if p))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_parts(d: Drawing, block: Chart, look: Look, size: tuple[int, int]) -> str:
    """The chart part and its workbook, related to the document; the document's rId of the
    chart."""
    package = d.part.package
    name = package.next_partname("/word/charts/chart%d.xml")
    n = int(str(name)[len("/word/charts/chart"):-len(".xml")])
    data = chart_data(block, time_of(d.doc.fixed_time))
    workbook = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx"), CT.SML_SHEET,
                    data.xlsx_blob, package)
    part = Part(name, CT.DML_CHART, chart_xml(block, data, look, "rId1", size), package)
    rid = part.relate_to(workbook, RT.PACKAGE)
    assert rid == "rId1", rid  # a new part's first relationship
    return d.part.relate_to(part, RT.CHART)


def look_of(d: Drawing, block: Chart) -> Look:
    """The faces and accents of the document's theme, and the chart's language."""
    language = block.language or d.language or "en"
    cjk_tag = run_languages(language)[0]
    latin, east_asian, colours = "Calibri", "", ACCENTS
    try:
        theme = etree.fromstring(d.part.part_related_by(RT.THEME).blob)
    except (KeyError, etree.XMLSyntaxError):
        theme = None
    if theme is not None:
        minor = theme.find(f".//{A.fontScheme}/{A.minorFont}")
        if minor is not None:
            el = minor.find(A.latin)
            latin = (el.get("typeface", "") if el is not None else "") or latin
            el = minor.find(A.ea)
            east_asian = el.get("typeface", "") if el is not None else ""
            if not east_asian:
                script = theme_script(cjk_tag)
                east_asian = next((f.get("typeface", "") for f in minor.findall(A.font)
                                   if f.get("script") == script), "")
        scheme = theme.find(f".//{A.clrScheme}")
        if scheme is not None:
            found = []
            for k in range(1, 7):
                clr = scheme.find(f"{getattr(A, f'accent{k}')}/*")
                value = (clr.get("lastClr") or clr.get("val")) if clr is not None else None
                found.append(value if value and len(value) == 6 else ACCENTS[k - 1])
            colours = tuple(found)
    lang = normalize_lang(language)
    return Look(latin, east_asian or default_ea_font(cjk_tag), lang,
                "en-US" if is_cjk_language(lang) else "", colours)


class _CategoryWorkbook(CategoryWorkbookWriter):
    """python-pptx's category sheet (categories in A, a series per column), created at the
    document's time."""

    def _populate_worksheet(self, workbook, worksheet):
        workbook.set_properties({"created": self._chart_data.created})
        super()._populate_worksheet(workbook, worksheet)


class _XyWorkbook(XyWorkbookWriter):
    """python-pptx's XY sheet (each series' x in A and y in B, under its name), with each
    point's name in C, created at the document's time."""

    def _populate_worksheet(self, workbook, worksheet):
        workbook.set_properties({"created": self._chart_data.created})
        super()._populate_worksheet(workbook, worksheet)
        for series in self._chart_data:
            offset = self.series_table_row_offset(series)
            worksheet.write_column(offset + 1, 2, list(series.names))


class _CategoryData(CategoryChartData):
    def __init__(self, created, number_format="General"):
        super().__init__(number_format)
        self.created = created

    @lazyproperty
    def _workbook_writer(self):
        return _CategoryWorkbook(self)


class _XyData(XyChartData):
    def __init__(self, created, number_format="General"):
        super().__init__(number_format)
        self.created = created

    @lazyproperty
    def _workbook_writer(self):
        return _XyWorkbook(self)


def chart_data(block: Chart, created) -> CategoryChartData | XyChartData:
    """The chart's numbers as python-pptx holds them (what its XML and workbook writers read):
    each series, then the reference line as one more (at the line's value over every category;
    on a scatter, across the x range)."""
    # Bars stacked to 100% hold counts whatever `percent` says: the axis shows their shares.
    fmt = PERCENT if as_shares(block) or (block.percent and block.kind != "stacked") else "General"
    if block.kind == "scatter":
        data = _XyData(created, fmt)
        for s in block.series:
            series = data.add_series(xml_safe(s.name), number_format=fmt)
            series.names = []
            for name, x, y in zip(block.categories + ("",) * len(s.xs), s.xs, s.values):
                if x is not None and y is not None:
                    series.add_data_point(x, y)
                    series.names.append(xml_safe(name))
        if block.line is not None:
            lo, hi = scatter_span(block)
            series = data.add_series(line_label(block), number_format=fmt)
            series.names = ["", ""]
            series.add_data_point(lo, block.line)
            series.add_data_point(hi, block.line)
        return data
    data = _CategoryData(created, fmt)
    data.categories = [xml_safe(c) for c in block.categories]
    n = len(block.categories)
    rows = [(tuple(s.values) + (None,) * n)[:n] for s in block.series]
    if as_shares(block):
        totals = [sum(r[k] or 0 for r in rows) for k in range(n)]
        rows = [tuple(None if v is None else round(100 * v / totals[k], 1) if totals[k] else 0.0
                      for k, v in enumerate(r)) for r in rows]
    for s, values in zip(block.series, rows):
        data.add_series(xml_safe(s.name), values, fmt)
    if block.line is not None and block.kind != "bar":  # horizontal bars' line is an axis
        data.add_series(line_label(block), [block.line] * n, fmt)
    return data
