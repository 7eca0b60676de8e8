"""Native Word charts (render/docx/charts.py, chart_xml.py): a document holding one chart of each
kind, with Chinese and English words, rendered and read back as Word, Excel and LibreOffice
see it: the parts and relationships, the chart XML (type, series, categories, values, the
reference line, the axes' ranges, the fonts and language of every text), the embedded
workbook's numbers, openxml-audit, and the PDF LibreOffice draws (its words and its colours)."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from docx.enum.shape import WD_INLINE_SHAPE
from lxml import etree

from trainerkit.charts import Chart, Series
from trainerkit.model import Document, Heading, PageBreak, Paragraph, text_of
from trainerkit.render import ooxml
from trainerkit.render.docx import render_document
from trainerkit.render.docx.chart_xml import (
    count_unit, named_points, quiet_category, quiet_end, round_up, series_colour,
)

from conftest import IN_CI, need_tool, to_pdf

ROOT = Path(__file__).resolve().parents[1]
NS = {"c": ooxml.NS["c"], "a": ooxml.NS["a"], "r": ooxml.NS["r"], "w": ooxml.NS["w"],
      "wp": ooxml.NS["wp"]}
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

OBJECTIVES = ("开场白与问候 Opening", "身份核实 Verify identity", "积极倾听 Listen",
              "道歉与共情 Apologise", "提出解决方案 Resolve")
DISTRIBUTION = Chart(
    "column", "成绩分布 Score distribution", ("0–49", "50–59", "60–69", "70–79", "80–89", "90–100"),
    (Series("学员人数 Learners", (1, 2, 3, 4, 3, 1)),), x_title="得分 Score (%)",
    y_title="人数 Learners", language="zh-CN")
MASTERY = Chart(
    "bar", "各目标掌握率 Mastery per objective", OBJECTIVES,
    (Series("掌握率 Mastery", (92.0, 75.0, 60.5, 85.0, 40.0)),), y_title="掌握率 Mastery",
    line=80.0, line_label="及格线 80%", percent=True, language="zh-CN")
ITEMS = Chart(
    "scatter", "难度与区分度 Facility against discrimination", ("Q1", "Q2", "Q3", "第4题", "Q5"),
    (Series("题目 Questions", (35.0, 10.0, -12.0, 48.0, 22.0), xs=(90.0, 55.0, 70.0, 62.0, 81.0)),),
    x_title="难度 Facility (%)", y_title="区分度 Discrimination", x_min=0, x_max=100, y_min=-100,
    y_max=100, line=0.0, line_label="零区分度 No discrimination", language="zh-CN")
CHOICES = Chart(
    "stacked", "各题选项分布 Choices picked per question", ("Q1", "Q2", "Q3", "Q4"),
    (Series("A", (10, 2, 1, 4)), Series("B", (1, 8, 2, 4)), Series("C", (1, 1, 9, 2)),
     Series("未作答 No answer", (0, 1, 0, 2))),
    x_title="题目 Question", y_title="选择比例 Share", percent=True, language="zh-CN")
TREND = Chart(
    "line", "各期趋势 Trend across cohorts", ("2026-09 第一期", "2026-11 第二期", "2027-01 第三期"),
    (Series("平均分 Mean", (68.0, 74.5, 81.0)), Series("通过率 Pass rate", (50.0, 66.7, 83.3))),
    y_title="百分比 Percent", line=80.0, line_label="及格线 80%", percent=True, language="zh-CN")
CHARTS = (DISTRIBUTION, MASTERY, ITEMS, CHOICES, TREND)


def labels() -> dict[str, str]:
    data = yaml.safe_load((ROOT / "templates" / "labels.yml").read_text(encoding="utf-8"))
    return {k: str(v) for k, v in data["zh-Hans"].items()}


def report(*charts: Chart, language: str = "zh-CN") -> Document:
    """A report of these charts, each after a paragraph of its own (words no chart holds), in a
    module's unit (a page break, then a level-0 heading), as plan_report lays one out."""
    blocks = [PageBreak(), Heading(0, text_of("结果 Results"))]
    for k, c in enumerate(charts, 1):
        blocks += [Paragraph(text_of(f"图表 {k}")), c]
    return Document(kind="report", title="报告 Report", language=language, blocks=tuple(blocks),
                    reference=None, labels=labels(), units=(0,),
                    fixed_time="2026-12-01T00:00:00")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("charts") / "report.docx"
    path.write_bytes(render_document(report(*CHARTS)))
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def chart_root(parts: dict[str, bytes], n: int) -> etree._Element:
    return etree.fromstring(parts[f"word/charts/chart{n}.xml"])


def texts(el: etree._Element, path: str) -> list[str]:
    return [v.text for v in el.findall(path, NS)]


def numbers(el: etree._Element, path: str) -> list[float]:
    return [float(v) for v in texts(el, path)]


def series_named(root: etree._Element, name: str) -> etree._Element:
    found = [s for s in root.iter(f"{{{NS['c']}}}ser")
             if s.findtext("c:tx//c:v", namespaces=NS) == name]
    assert len(found) == 1, name
    return found[0]


# -- the package ------------------------------------------------------------------------------


def test_word_sees_a_chart_of_the_text_width_for_each_block(built):
    d = docx.Document(str(built))
    shapes = list(d.inline_shapes)
    assert [s.type for s in shapes] == [WD_INLINE_SHAPE.CHART] * 5
    width = d.sections[0].page_width - d.sections[0].left_margin - d.sections[0].right_margin
    assert all(abs(s.width - width) < 1000 for s in shapes)  # A4 less 2 cm margins: 17 cm
    assert all(0.4 * width < s.height < 0.7 * width for s in shapes)
    names = [el.get("name") for el in d.element.body.iter(f"{{{NS['wp']}}}docPr")]
    assert names == ["Chart 1", "Chart 2", "Chart 3", "Chart 4", "Chart 5"]
    descr = d.element.body.find(".//wp:docPr[@name='Chart 2']", NS).get("descr")
    assert descr.startswith("各目标掌握率 Mastery per objective; 掌握率 Mastery: 开场白与问候 Opening 92")


def test_each_chart_has_its_part_and_workbook_related(built):
    parts = members(built)
    types = etree.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    defaults = {o.get("Extension"): o.get("ContentType") for o in types}
    doc_rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    chart_rels = {r.get("Id"): r.get("Target") for r in doc_rels if r.get("Type") == REL + "chart"}
    body = etree.fromstring(parts["word/document.xml"])
    refs = [el.get(f"{{{NS['r']}}}id") for el in body.iter(f"{{{NS['c']}}}chart")]
    assert [chart_rels[r] for r in refs] == [f"charts/chart{n}.xml" for n in range(1, 6)]
    for el in body.iter(f"{{{NS['a']}}}graphicData"):
        assert el.get("uri") == NS["c"]
    for n in range(1, 6):
        assert overrides[f"/word/charts/chart{n}.xml"] == CHART_CT
        workbook = f"/word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx"
        assert overrides.get(workbook, defaults.get("xlsx")) == XLSX_CT
        rels = etree.fromstring(parts[f"word/charts/_rels/chart{n}.xml.rels"])
        (rel,) = list(rels)
        assert rel.get("Type") == REL + "package"
        assert rel.get("Target") == f"../embeddings/Microsoft_Excel_Worksheet{n}.xlsx"
        external = chart_root(parts, n).find("c:externalData", NS)
        assert external.get(f"{{{NS['r']}}}id") == rel.get("Id")
        assert external.find("c:autoUpdate", NS).get("val") == "0"


def test_the_same_document_gives_the_same_bytes(built):
    assert render_document(report(*CHARTS)) == built.read_bytes()


def test_a_module_holding_charts_is_drawn_afresh_from_a_cache():
    """The module cache keeps no chart (its relationships are not the cache's kinds): a second
    build with the cache still has every chart part."""

    class Cache(dict):
        def get(self, key):
            return dict.get(self, key)

        def put(self, key, data):
            self[key] = data

    cache = Cache()
    first = render_document(report(DISTRIBUTION, MASTERY), cache)
    second = render_document(report(DISTRIBUTION, MASTERY), cache)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(second)) as z:
        assert {"word/charts/chart1.xml", "word/charts/chart2.xml"} <= set(z.namelist())


def test_a_chart_without_data_leaves_its_title():
    empty = Chart("column", "还没有成绩 No scores yet", (), ())
    d = docx.Document(io.BytesIO(render_document(report(empty))))
    assert not list(d.inline_shapes)
    assert [p.text for p in d.paragraphs][-1] == "还没有成绩 No scores yet"


# -- the chart XML ----------------------------------------------------------------------------


def test_the_score_distribution_is_a_column_chart_of_counts(built):
    root = chart_root(members(built), 1)
    plot = root.find("c:chart/c:plotArea", NS)
    bar = plot.find("c:barChart", NS)
    assert bar.find("c:barDir", NS).get("val") == "col"
    assert bar.find("c:grouping", NS).get("val") == "clustered"
    ser = series_named(root, "学员人数 Learners")
    assert texts(ser, "c:cat//c:pt/c:v") == list(DISTRIBUTION.categories)
    assert numbers(ser, "c:val//c:pt/c:v") == [1, 2, 3, 4, 3, 1]
    assert ser.find("c:dLbls/c:showVal", NS).get("val") == "1"  # each bar's count on it
    assert root.findtext("c:chart/c:title//a:t", namespaces=NS) == "成绩分布 Score distribution"
    val_ax, cat_ax = plot.find("c:valAx", NS), plot.find("c:catAx", NS)
    assert val_ax.findtext("c:title//a:t", namespaces=NS) == "人数 Learners"
    assert cat_ax.findtext("c:title//a:t", namespaces=NS) == "得分 Score (%)"
    # Counts are whole: whole steps, whole numbers (4 at most: a step of max(1, 0.5) = 1).
    assert val_ax.find("c:majorUnit", NS).get("val") == "1"
    assert val_ax.find("c:numFmt", NS).get("formatCode") == "0"
    assert root.find("c:chart/c:legend", NS) is None  # one series: no legend


def test_mastery_is_horizontal_bars_with_the_pass_mark_drawn_across(built):
    root = chart_root(members(built), 2)
    plot = root.find("c:chart/c:plotArea", NS)
    first, second = plot.findall("c:barChart", NS)
    assert first.find("c:barDir", NS).get("val") == "bar"
    ser = series_named(root, "掌握率 Mastery")
    assert texts(ser, "c:cat//c:pt/c:v") == list(OBJECTIVES)
    assert numbers(ser, "c:val//c:pt/c:v") == [92, 75, 60.5, 85, 40]
    # The pass mark: a second bar group on its own axes, whose category axis crosses its value
    # axis at 80 and is drawn (red, dashed), the value axis hidden with the first one's range.
    # Its series has no values: it gives the legend the line's red dash and label.
    line = series_named(root, "及格线 80%")
    assert line.getparent() is second and second.find("c:barDir", NS).get("val") == "bar"
    assert numbers(line, "c:val//c:pt/c:v") == []
    assert line.find("c:spPr/a:noFill", NS) is not None
    assert line.find("c:spPr/a:ln/a:prstDash", NS).get("val") == "dash"
    assert root.find("c:chart/c:legend", NS) is not None
    ids = [a.get("val") for a in second.findall("c:axId", NS)]
    axes = {a.find("c:axId", NS).get("val"): a for a in plot if a.find("c:axId", NS) is not None}
    cross_cat, cross_val = axes[ids[0]], axes[ids[1]]
    assert cross_cat.find("c:crossesAt", NS).get("val") == "80"
    assert cross_cat.find("c:delete", NS).get("val") == "0"
    assert cross_cat.find("c:spPr/a:ln/a:solidFill/a:srgbClr", NS).get("val") == "C00000"
    assert cross_val.find("c:delete", NS).get("val") == "1"
    main_val = axes[first.findall("c:axId", NS)[1].get("val")]
    for ax in (main_val, cross_val):
        assert ax.find("c:scaling/c:min", NS).get("val") == "0"
        assert ax.find("c:scaling/c:max", NS).get("val") == "100"
    assert main_val.find("c:numFmt", NS).get("formatCode") == '0"%"'
    # The first objective at the top, read downwards.
    main_cat = axes[first.findall("c:axId", NS)[0].get("val")]
    assert main_cat.find("c:scaling/c:orientation", NS).get("val") == "maxMin"


def test_facility_against_discrimination_is_a_scatter_with_named_points(built):
    root = chart_root(members(built), 3)
    plot = root.find("c:chart/c:plotArea", NS)
    ser = series_named(root, "题目 Questions")
    assert ser.getparent().tag == f"{{{NS['c']}}}scatterChart"
    assert numbers(ser, "c:xVal//c:pt/c:v") == [90, 55, 70, 62, 81]
    assert numbers(ser, "c:yVal//c:pt/c:v") == [35, 10, -12, 48, 22]
    assert [texts(d, "c:tx//a:t")[0] for d in ser.findall("c:dLbls/c:dLbl", NS)] == \
        ["Q1", "Q2", "Q3", "第4题", "Q5"]
    assert ser.find("c:marker/c:symbol", NS).get("val") == "circle"
    line = series_named(root, "零区分度 No discrimination")
    assert numbers(line, "c:xVal//c:pt/c:v") == [0, 100]  # across the x axis' range
    assert numbers(line, "c:yVal//c:pt/c:v") == [0, 0]
    assert line.find("c:spPr/a:ln/a:prstDash", NS).get("val") == "dash"
    x_ax, y_ax = plot.findall("c:valAx", NS)
    assert [x_ax.find(f"c:scaling/c:{k}", NS).get("val") for k in ("min", "max")] == ["0", "100"]
    assert [y_ax.find(f"c:scaling/c:{k}", NS).get("val") for k in ("min", "max")] == ["-100", "100"]
    assert x_ax.findtext("c:title//a:t", namespaces=NS) == "难度 Facility (%)"
    assert y_ax.findtext("c:title//a:t", namespaces=NS) == "区分度 Discrimination"
    assert x_ax.find("c:crosses", NS).get("val") == "min"  # under the points, not at y = 0


def test_choices_are_columns_stacked_to_a_hundred_percent(built):
    root = chart_root(members(built), 4)
    bar = root.find("c:chart/c:plotArea/c:barChart", NS)
    assert bar.find("c:grouping", NS).get("val") == "percentStacked"
    assert bar.find("c:overlap", NS).get("val") == "100"
    names = [s.findtext("c:tx//c:v", namespaces=NS) for s in bar.findall("c:ser", NS)]
    assert names == ["A", "B", "C", "未作答 No answer"]
    assert numbers(series_named(root, "B"), "c:val//c:pt/c:v") == [1, 8, 2, 4]
    val_ax = root.find("c:chart/c:plotArea/c:valAx", NS)
    assert val_ax.find("c:numFmt", NS).get("formatCode") == "0%"
    assert root.find("c:chart/c:legend/c:legendPos", NS).get("val") == "b"


def test_the_trend_is_lines_with_the_pass_mark_as_a_line_series(built):
    root = chart_root(members(built), 5)
    plot = root.find("c:chart/c:plotArea", NS)
    (lines,) = plot.findall("c:lineChart", NS)
    line = series_named(root, "及格线 80%")
    assert line.getparent() is lines  # the pass mark shares the chart's axes
    assert numbers(line, "c:val//c:pt/c:v") == [80, 80, 80]
    assert line.find("c:marker/c:symbol", NS).get("val") == "none"
    assert numbers(series_named(root, "通过率 Pass rate"), "c:val//c:pt/c:v") == [50, 66.7, 83.3]
    assert texts(series_named(root, "平均分 Mean"), "c:cat//c:pt/c:v") == list(TREND.categories)
    val_ax = plot.find("c:valAx", NS)
    assert val_ax.find("c:scaling/c:max", NS).get("val") == "100"
    assert val_ax.find("c:numFmt", NS).get("formatCode") == '0"%"'
    # Two series and the line: a legend. The line's label by the first cohort, the lowest.
    assert root.find("c:chart/c:legend", NS) is not None
    assert line.find("c:dLbls/c:dLbl/c:idx", NS).get("val") == "0"


def test_a_pass_mark_on_stacked_columns_draws_shares():
    """Stacked to 100% with a line: the values become each category's shares, on 0-100, where
    the line's 50 means half in Word and LibreOffice alike. Q1: 3 of 4 = 75, 1 of 4 = 25."""
    half = Chart("stacked", "Split", ("Q1", "Q2"),
                 (Series("Right", (3, 1)), Series("Wrong", (1, 1))), line=50.0, line_label="Half",
                 language="en")
    with zipfile.ZipFile(io.BytesIO(render_document(report(half, language="en")))) as z:
        root = etree.fromstring(z.read("word/charts/chart1.xml"))
    bar = root.find("c:chart/c:plotArea/c:barChart", NS)
    assert bar.find("c:grouping", NS).get("val") == "stacked"
    assert numbers(series_named(root, "Right"), "c:val//c:pt/c:v") == [75, 50]
    assert numbers(series_named(root, "Wrong"), "c:val//c:pt/c:v") == [25, 50]
    assert numbers(series_named(root, "Half"), "c:val//c:pt/c:v") == [50, 50]
    val_ax = root.find("c:chart/c:plotArea/c:valAx", NS)
    assert val_ax.find("c:scaling/c:max", NS).get("val") == "100"


def test_bars_of_two_series_with_a_pass_mark_have_a_legend_of_three(tmp_path):
    """The legend names the two series and the pass mark (LibreOffice draws all three)."""
    two = Chart("bar", "Mastery by cohort", ("Opening", "Verify"),
                (Series("Cohort 1", (60.0, 90.0)), Series("Cohort 2", (70.0, 95.0))),
                line=80.0, line_label="Pass mark", percent=True, language="en")
    path = tmp_path / "two.docx"
    path.write_bytes(render_document(report(two, language="en")))
    root = chart_root(members(path), 1)
    assert root.find("c:chart/c:legend/c:legendEntry", NS) is None
    assert series_named(root, "Pass mark").find("c:idx", NS).get("val") == "2"
    pdftotext = need_tool("pdftotext")
    text = subprocess.run([pdftotext, str(to_pdf(path, tmp_path)), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Cohort 1" in text and "Cohort 2" in text and text.count("Pass mark") == 1


def test_every_text_has_the_theme_faces_and_the_language(built):
    """Each run and default run of every chart names the Latin face and the East Asian face
    (the built-in reference's theme: Calibri, and its Hans face Microsoft YaHei) and is tagged
    zh-CN with en-US for its Latin words; the chart says its language."""
    parts = members(built)
    for n in range(1, 6):
        root = chart_root(parts, n)
        assert root.find("c:lang", NS).get("val") == "zh-CN"
        assert root.find("c:txPr", NS) is not None
        props = list(root.iter(f"{{{NS['a']}}}defRPr", f"{{{NS['a']}}}rPr"))
        assert len(props) > 5
        for rpr in props:
            assert rpr.get("lang") == "zh-CN" and rpr.get("altLang") == "en-US"
            assert rpr.find("a:latin", NS).get("typeface") == "Calibri"
            assert rpr.find("a:ea", NS).get("typeface") == "Microsoft YaHei"
        for ax in root.iter(f"{{{NS['c']}}}catAx", f"{{{NS['c']}}}valAx"):
            labelled = ax.find("c:tickLblPos", NS).get("val") != "none"
            if ax.find("c:delete", NS).get("val") == "0" and labelled:
                assert ax.find("c:txPr//a:ea", NS) is not None


def test_every_element_keeps_the_schema_order(built):
    problems = []
    for name, data in members(built).items():
        if name.endswith(".xml"):
            problems += [f"{name}: {p}" for p in ooxml.misplaced(etree.fromstring(data))]
    assert not problems, problems


def test_openxml_audit_finds_nothing(built):
    try:
        import openxml_audit
    except ImportError:
        if IN_CI:
            raise
        pytest.skip("openxml-audit is not installed (pip install .[test])")
    result = openxml_audit.OpenXmlValidator(max_errors=0).validate(built)
    assert not result.errors, [f"{e.part_uri}: {e.description} ({e.path})" for e in result.errors]


# -- the workbooks ----------------------------------------------------------------------------


def workbook(parts: dict[str, bytes], n: int):
    data = parts[f"word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx"]
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_each_workbook_holds_the_charts_numbers(built):
    parts = members(built)
    sheet = workbook(parts, 2)  # categories in A, each series in a column
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (None, "掌握率 Mastery")  # the pass mark is an axis' crossing here
    assert [r[0] for r in rows[1:]] == list(OBJECTIVES)
    assert [r[1] for r in rows[1:]] == [92, 75, 60.5, 85, 40]
    assert sheet["B2"].number_format == '0"%"'
    rows = list(workbook(parts, 5).iter_rows(values_only=True))
    assert rows[0] == (None, "平均分 Mean", "通过率 Pass rate", "及格线 80%")  # a line series here
    assert [r[3] for r in rows[1:]] == [80] * 3
    sheet = workbook(parts, 4)  # stacked to 100%: the counts, as counts (the axis shows shares)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (None, "A", "B", "C", "未作答 No answer")
    assert rows[2] == ("Q2", 2, 8, 1, 1)
    assert sheet["B3"].number_format == "General"
    sheet = workbook(parts, 3)  # a scatter: each series' x in A, y in B, point names in C
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "题目 Questions"
    assert rows[1:6] == [(90, 35, "Q1"), (55, 10, "Q2"), (70, -12, "Q3"), (62, 48, "第4题"),
                         (81, 22, "Q5")]
    assert rows[7][1] == "零区分度 No discrimination"
    assert [r[:2] for r in rows[8:10]] == [(0, 0), (100, 0)]
    # And the chart's cached numbers are those the workbook holds, by the references.
    root = chart_root(parts, 5)
    ser = series_named(root, "通过率 Pass rate")
    ref = ser.findtext("c:val/c:numRef/c:f", namespaces=NS)
    column = ref.split("!")[1].split(":")[0].split("$")[1]
    sheet = workbook(parts, 5)
    assert [sheet[f"{column}{k}"].value for k in (2, 3, 4)] == [50, 66.7, 83.3]


# -- by hand ----------------------------------------------------------------------------------


def test_round_numbers_and_steps():
    assert [round_up(v) for v in (0, 0.4, 1, 3, 17, 92, 100, 101, 240)] == \
        [1, 0.5, 1, 5, 20, 100, 100, 200, 250]
    # 4 learners at most: 4 / 8 = 0.5, a whole step of 1; 37: 37 / 8 = 4.6 -> 5.
    assert count_unit(DISTRIBUTION) == 1
    many = Chart("column", "", ("a", "b"), (Series("n", (37, 12)),))
    assert count_unit(many) == 5
    assert count_unit(MASTERY) is None  # percents: the application's steps
    assert count_unit(Chart("column", "", ("a",), (Series("n", (2.5,)),))) is None


def test_point_names_never_cover_one_another():
    """The series with fewer points first: b1 is named; a1 and a2 would stand over it (0.2 and
    0.5 of a hundred along x, on the same y), so only a3, far off, is named of series a."""
    from datetime import datetime

    from trainerkit.render.docx.charts import chart_data

    crowd = Chart("scatter", "", ("a1", "a2", "a3"),
                  (Series("a", (10.0, 10.0, 90.0), xs=(10.0, 10.5, 90.0)),
                   Series("b", (10.0, None, None), xs=(10.2, 0.0, 0.0))),
                  x_min=0, x_max=100, y_min=0, y_max=100)
    data = chart_data(crowd, datetime(2026, 12, 1))
    assert [s.names for s in data] == [["a1", "a2", "a3"], ["a1"]]
    assert named_points(crowd, list(data), (6120000, 3366000)) == [{2}, {0}]


def test_series_colours_go_round_the_accents_darker_then_lighter():
    accents = ("2E74B5", "C55A11")
    # 0x2E = 46: 60% is 28 (0x1C), mixed 40% with white 46 + 209 * 0.4 = 129.6 -> 130 (0x82).
    assert [series_colour(accents, k) for k in range(7)] == \
        ["2E74B5", "C55A11", "1C466D", "76360A", "82ACD3", "DC9C70", "2E74B5"]


def test_the_line_label_goes_where_the_data_are_lowest():
    assert quiet_category(MASTERY) == 4  # 40% is the lowest bar
    assert quiet_category(Chart("column", "", ("a", "b", "c"), (Series("s", (5, None, 5)),))) == 1
    assert quiet_category(TREND) == 0  # the first cohort's highest (68) is the lowest
    # The scatter's line runs 0 to 100 at y = 0: its left end is farther from the points
    # (the nearest, (55, 10), is 0.55 away; from the right end (81, 22) is 0.22 away).
    assert quiet_end(ITEMS) == 0


# -- LibreOffice ------------------------------------------------------------------------------


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def pdf(built, tmp_path_factory) -> Path:
    return to_pdf(built, tmp_path_factory.mktemp("charts-pdf"))


def test_libreoffice_draws_each_charts_words(pdf):
    """The words are in the PDF only if LibreOffice drew the chart: each title, axis title,
    category label (Chinese too), point name and the pass mark's label."""
    pdftotext = need_tool("pdftotext")
    text = squeeze(subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True,
                                  text=True).stdout)
    for c in CHARTS:
        assert squeeze(c.title) in text, c.title
        for words in (c.x_title, c.y_title, c.line_label, *c.categories):
            assert squeeze(words) in text, words
    assert "92%" in text and "40%" in text  # the bars' values


def test_libreoffice_draws_the_bars_points_and_the_pass_mark(pdf, tmp_path):
    """On the pictures of the pages: the accent blue of the bars and points, the orange of the
    second series, and the red of the reference lines, each over a real area."""
    from PIL import Image

    pdftoppm = need_tool("pdftoppm")
    subprocess.run([pdftoppm, "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    counts = {"blue": 0, "orange": 0, "red": 0}
    for png in sorted(tmp_path.glob("page-*.png")):
        for n, (r, g, b) in Image.open(png).convert("RGB").getcolors(1 << 24):
            if abs(r - 0x2E) < 20 and abs(g - 0x74) < 20 and abs(b - 0xB5) < 20:
                counts["blue"] += n
            elif abs(r - 0xC5) < 20 and abs(g - 0x5A) < 20 and abs(b - 0x11) < 20:
                counts["orange"] += n
            elif r > 150 and g < 60 and b < 60:
                counts["red"] += n
    assert counts["blue"] > 5000 and counts["orange"] > 1000 and counts["red"] > 200, counts
