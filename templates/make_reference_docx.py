"""Make templates/reference.docx: the built-in reference document of the Word outputs.

Run `python templates/make_reference_docx.py` after changing it; the .docx is committed. The package
is written from scratch (no hidden styles from another template), byte-for-byte reproducible.

A course's own reference.docx replaces this one: the docx writer uses its styles, page setup,
headers and footers. This one has no footer of its own: the writer writes the page footer (the
course's footer line and page numbers, trainerkit/render/docx/footers.py) in its Footer style.
Styles the writer needs but a corporate document lacks are copied from here,
so every style named below is part of the contract (see trainerkit/render/docx/). So are the
theme, settings and font table: a course's reference saved without one gets this one's (Word's
own documents always have them; validators and Word flag a document without).

Fonts: Calibri for Latin text (LibreOffice on Linux shows metric-compatible Carlito), Microsoft
YaHei for Chinese (LibreOffice falls back to Noto Sans CJK), Consolas for code.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "reference.docx"

LATIN = "Calibri"
EAST_ASIAN = "Microsoft YaHei"  # Simplified; the writer sets the document's own by its language
EAST_ASIAN_TC = "Microsoft JhengHei"
MONO = "Consolas"

# Text colour sits in the document defaults, not in Normal: a paragraph style's colour would beat
# the table style's (white header text on the dark header row).
# A4, 2 cm margins: 17 cm of text width (9638 twips).
PAGE_W, PAGE_H, MARGIN = 11906, 16838, 1134
TEXT_W = PAGE_W - 2 * MARGIN

NAVY = "1F4E79"
BLUE = "2E74B5"
GREY = "595959"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XMLNS = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def rfonts(latin: str, east_asian: str | None = None) -> str:
    ea = f' w:eastAsia="{east_asian}"' if east_asian else ""
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:cs="{latin}"{ea}/>'


def pstyle(sid: str, name: str, ppr: str = "", rpr: str = "", based: str | None = "Normal",
           nxt: str | None = None, link: str | None = None, prio: int = 20, extra: str = "") -> str:
    """A paragraph style; ppr and rpr are the inner XML of w:pPr and w:rPr, in schema order."""
    parts = [f'<w:style w:type="paragraph" w:styleId="{sid}"{extra}><w:name w:val="{name}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if nxt:
        parts.append(f'<w:next w:val="{nxt}"/>')
    if link:
        parts.append(f'<w:link w:val="{link}"/>')
    parts.append(f'<w:uiPriority w:val="{prio}"/><w:qFormat/>')
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return "".join(parts)


def cstyle(sid: str, name: str, rpr: str, prio: int = 20) -> str:
    return (f'<w:style w:type="character" w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="{prio}"/>'
            f"<w:qFormat/><w:rPr>{rpr}</w:rPr></w:style>")


def borders(tag: str, size: int, color: str, sides=("top", "left", "bottom", "right")) -> str:
    inner = "".join(f'<w:{s} w:val="single" w:sz="{size}" w:space="0" w:color="{color}"/>'
                    for s in sides)
    return f"<w:{tag}>{inner}</w:{tag}>"


def box_style(sid: str, name: str, border: str, fill: str, size: int = 6) -> str:
    """A one-cell box: asides, knowledge-base and role-play cards."""
    return (f'<w:style w:type="table" w:styleId="{sid}"><w:name w:val="{name}"/>'
            '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="60"/>'
            "<w:pPr><w:spacing w:before=\"40\" w:after=\"80\"/></w:pPr>"
            "<w:tblPr>"
            + borders("tblBorders", size, border) +
            '<w:tblCellMar><w:top w:w="85" w:type="dxa"/><w:left w:w="170" w:type="dxa"/>'
            '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="170" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>'
            "</w:style>")


def styles_xml() -> str:
    s = []
    s.append(
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + rfonts(LATIN)
        + '<w:color w:val="262626"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="288" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    s.append(
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/><w:pPr><w:widowControl/></w:pPr>'
        "</w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr>'
        '<w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
    )
    s.append(pstyle(
        "Title", "Title", nxt="Normal", prio=10,
        ppr='<w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" '
            f'w:color="{NAVY}"/></w:pBdr><w:spacing w:before="240" w:after="240" w:line="240" '
            'w:lineRule="auto"/><w:contextualSpacing/>',
        rpr=f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:kern w:val="28"/>'
            '<w:sz w:val="52"/><w:szCs w:val="52"/>'))
    s.append(pstyle(
        "Subtitle", "Subtitle", nxt="Normal", prio=11,
        ppr='<w:spacing w:after="160"/>',
        rpr=f'<w:color w:val="{GREY}"/><w:sz w:val="28"/><w:szCs w:val="28"/>'))
    for level, (size, color, before, after) in enumerate(
            [(36, NAVY, 360, 120), (28, BLUE, 280, 100), (24, NAVY, 200, 80)], start=1):
        s.append(pstyle(
            f"Heading{level}", f"heading {level}", nxt="Normal", prio=9,
            ppr=f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
                f'<w:outlineLvl w:val="{level - 1}"/>',
            rpr=f'<w:b/><w:bCs/><w:color w:val="{color}"/>'
                f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'))
    # Lists: numbering comes from numbering.xml (abstract 0 bullets, 1 decimal); the writer
    # also writes numPr on each item so that every numbered list restarts at its own start.
    for level in range(1, 4):
        suffix = "" if level == 1 else f" {level}"
        sid = "" if level == 1 else str(level)
        num = f'<w:numPr><w:ilvl w:val="{level - 1}"/><w:numId w:val="{{}}"/></w:numPr>'
        s.append(pstyle(f"ListBullet{sid}", f"List Bullet{suffix}", prio=36,
                        ppr=num.format(1) + '<w:spacing w:after="60"/><w:contextualSpacing/>'))
        s.append(pstyle(f"ListNumber{sid}", f"List Number{suffix}", prio=36,
                        ppr=num.format(2) + '<w:spacing w:after="60"/><w:contextualSpacing/>'))
    s.append(pstyle(
        "Caption", "caption", nxt="Normal", prio=35,
        ppr='<w:spacing w:before="60" w:after="240"/><w:jc w:val="center"/>',
        rpr=f'<w:i/><w:iCs/><w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>'))
    s.append(pstyle(
        "Figure", "Figure", nxt="Caption", prio=35,
        ppr='<w:keepNext/><w:spacing w:before="120" w:after="60" w:line="240" w:lineRule="auto"/>'
            '<w:jc w:val="center"/>'))
    s.append(pstyle(
        "Quote", "Quote", nxt="Normal", prio=29,
        ppr=f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{BLUE}"/></w:pBdr>'
            '<w:spacing w:before="120" w:after="120"/><w:ind w:left="284" w:right="567"/>',
        rpr='<w:i/><w:iCs/><w:color w:val="404040"/>'))
    s.append(pstyle(
        "SourceCode", "Source Code", prio=39,
        ppr='<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="D9D9D9"/>'
            '<w:left w:val="single" w:sz="4" w:space="4" w:color="D9D9D9"/>'
            '<w:bottom w:val="single" w:sz="4" w:space="4" w:color="D9D9D9"/>'
            '<w:right w:val="single" w:sz="4" w:space="4" w:color="D9D9D9"/></w:pBdr>'
            '<w:shd w:val="clear" w:color="auto" w:fill="F5F6F8"/>'
            '<w:spacing w:before="60" w:after="180" w:line="240" w:lineRule="auto"/>'
            '<w:ind w:left="113" w:right="113"/>',
        rpr=rfonts(MONO) + '<w:sz w:val="19"/><w:szCs w:val="19"/>'))
    s.append(pstyle(
        "TableText", "Table Text", prio=40,
        ppr='<w:spacing w:before="40" w:after="40" w:line="264" w:lineRule="auto"/>'))
    s.append(pstyle(
        "BlockTitle", "Block Title", nxt="Normal", prio=40,
        ppr='<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/>',
        rpr=f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="22"/><w:szCs w:val="22"/>'))
    s.append(pstyle(
        "BoxLabel", "Box Label", nxt="Normal", prio=40,
        ppr='<w:keepNext/><w:spacing w:before="0" w:after="60"/>',
        rpr=f'<w:b/><w:bCs/><w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>'))
    s.append(pstyle(
        "Checklist", "Checklist", prio=40,
        ppr='<w:spacing w:after="40"/><w:ind w:left="340" w:hanging="340"/>'))
    # The text of a card to cut out (role-play and quick-reference cards): tighter than Normal,
    # so that a scenario's three cards fit one A4 page.
    s.append(pstyle(
        "CardText", "Card Text", prio=40,
        ppr='<w:spacing w:after="60" w:line="264" w:lineRule="auto"/>'))
    s.append(pstyle(
        "TOCHeading", "TOC Heading", based="Heading1", nxt="Normal", prio=39,
        ppr='<w:outlineLvl w:val="9"/>'))
    tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
    for level in range(1, 5):
        bold = "<w:b/><w:bCs/>" if level == 1 else ""
        s.append(pstyle(
            f"TOC{level}", f"toc {level}", nxt="Normal", prio=39,
            ppr=tab + f'<w:spacing w:before="{80 if level == 1 else 0}" w:after="40"/>'
                f'<w:ind w:left="{(level - 1) * 360}"/>',
            rpr=bold))
    footer_rpr = f'<w:color w:val="7F7F7F"/><w:sz w:val="16"/><w:szCs w:val="16"/>'
    s.append(pstyle("Header", "header", prio=99, ppr='<w:spacing w:after="0"/>', rpr=footer_rpr))
    s.append(pstyle("Footer", "footer", prio=99,
                    ppr='<w:spacing w:after="0"/><w:jc w:val="center"/>', rpr=footer_rpr))
    # Character styles.
    s.append(cstyle("VerbatimChar", "Verbatim Char",
                    rfonts(MONO) + '<w:color w:val="1F3864"/><w:sz w:val="19"/><w:szCs w:val="19"/>'
                    '<w:shd w:val="clear" w:color="auto" w:fill="F0F2F5"/>'))
    s.append(cstyle("Hyperlink", "Hyperlink", f'<w:color w:val="0563C1"/><w:u w:val="single"/>',
                    prio=99))
    s.append(cstyle("Compliance", "Compliance",
                    '<w:b/><w:bCs/><w:color w:val="C00000"/><w:sz w:val="18"/><w:szCs w:val="18"/>'))
    # Table styles.
    s.append(
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:tblPr>'
        + borders("tblBorders", 4, "auto",
                  ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblPr></w:style>")
    s.append(
        '<w:style w:type="table" w:styleId="trainerkitTable"><w:name w:val="trainerkit Table"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="50"/>'
        '<w:pPr><w:spacing w:before="40" w:after="40" w:line="264" w:lineRule="auto"/></w:pPr>'
        "<w:tblPr>"
        + borders("tblBorders", 4, "BFBFBF",
                  ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/></w:tcPr></w:tblStylePr>'
        "</w:style>")
    s.append(
        '<w:style w:type="table" w:styleId="CardSheet"><w:name w:val="Card Sheet"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="60"/>'
        '<w:pPr><w:spacing w:before="40" w:after="80"/></w:pPr><w:tblPr>'
        + "".join(["<w:tblBorders>"] + [
            f'<w:{side} w:val="dashed" w:sz="6" w:space="0" w:color="7F7F7F"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")] + ["</w:tblBorders>"])
        + '<w:tblCellMar><w:top w:w="170" w:type="dxa"/><w:left w:w="170" w:type="dxa"/>'
        '<w:bottom w:w="113" w:type="dxa"/><w:right w:w="170" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>")
    s.append(box_style("NoteBox", "Note Box", "9DC3E6", "EEF4FB"))
    s.append(box_style("TrainerBox", "Trainer Box", "C55A11", "FFF2CC", size=12))
    s.append(box_style("CardBox", "Card Box", "A6A6A6", "F7F7F7"))
    return HEAD + f"<w:styles {XMLNS}>" + "".join(s) + "</w:styles>"


def abstract_num(aid: int, name: str, nsid: str, levels) -> str:
    out = [f'<w:abstractNum w:abstractNumId="{aid}"><w:nsid w:val="{nsid}"/>'
           f'<w:multiLevelType w:val="hybridMultilevel"/><w:name w:val="{name}"/>']
    for ilvl, (fmt, text, font) in enumerate(levels):
        rpr = f"<w:rPr>{rfonts(font)}</w:rPr>" if font else ""
        out.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{420 * (ilvl + 1)}" w:hanging="420"/></w:pPr>{rpr}</w:lvl>')
    out.append("</w:abstractNum>")
    return "".join(out)


def numbering_xml() -> str:
    bullets = [("bullet", ch, LATIN) for ch in ("\u2022", "\u2013", "\u25aa") * 3]
    decimal = [("decimal", f"%{i + 1}.", None) for i in range(9)]
    return (HEAD + f"<w:numbering {XMLNS}>"
            + abstract_num(0, "trainerkit-bullet", "5A1B0C01", bullets)
            + abstract_num(1, "trainerkit-decimal", "5A1B0C02", decimal)
            + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
            + "</w:numbering>")


def document_xml() -> str:
    return (HEAD + f"<w:document {XMLNS}><w:body><w:p/>"
            '<w:sectPr>'
            f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
            f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
            'w:header="567" w:footer="567" w:gutter="0"/><w:cols w:space="425"/>'
            '<w:docGrid w:linePitch="312"/></w:sectPr></w:body></w:document>')


def settings_xml() -> str:
    return (HEAD + f"<w:settings {XMLNS}>"
            '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
            '<w:characterSpacingControl w:val="compressPunctuation"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>')


def font_table_xml() -> str:
    def font(name, charset, family, pitch):
        return (f'<w:font w:name="{name}"><w:charset w:val="{charset}"/>'
                f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')

    return (HEAD + f"<w:fonts {XMLNS}>" + font(LATIN, "00", "swiss", "variable")
            + font(EAST_ASIAN, "86", "swiss", "variable") + font(EAST_ASIAN_TC, "88", "swiss", "variable")
            + font(MONO, "00", "modern", "fixed")
            + "</w:fonts>")


def theme_xml() -> str:
    """The theme part Word's own documents carry: its fonts are the ones the styles name (so a
    style written with theme fonts, as a corporate one may be, resolves to them), its colours the
    palette above."""
    def colour(name: str, rgb: str) -> str:
        return f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>'

    def fonts(tag: str) -> str:
        return (f'<a:{tag}><a:latin typeface="{LATIN}"/><a:ea typeface=""/>'
                f'<a:cs typeface=""/><a:font script="Hans" typeface="{EAST_ASIAN}"/>'
                f'<a:font script="Hant" typeface="{EAST_ASIAN_TC}"/></a:{tag}>')

    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    lines = "".join(f'<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{fill}'
                    '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
                    for w in (6350, 12700, 19050))
    return (HEAD + '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'name="trainerkit"><a:themeElements><a:clrScheme name="trainerkit">'
            '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
            '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
            + colour("dk2", NAVY) + colour("lt2", "E7E6E6") + colour("accent1", BLUE)
            + colour("accent2", "C55A11") + colour("accent3", "A5A5A5")
            + colour("accent4", "FFC000") + colour("accent5", NAVY) + colour("accent6", "70AD47")
            + colour("hlink", "0563C1") + colour("folHlink", "954F72")
            + '</a:clrScheme><a:fontScheme name="trainerkit">' + fonts("majorFont")
            + fonts("minorFont") + '</a:fontScheme><a:fmtScheme name="trainerkit">'
            + "<a:fillStyleLst>" + fill * 3 + "</a:fillStyleLst>"
            + "<a:lnStyleLst>" + lines + "</a:lnStyleLst>"
            + "<a:effectStyleLst>" + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
            + "</a:effectStyleLst>"
            + "<a:bgFillStyleLst>" + fill * 3 + "</a:bgFillStyleLst>"
            + "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/>"
            "</a:theme>")


CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def content_types_xml() -> str:
    over = {
        "/word/document.xml": f"{CT}.document.main+xml",
        "/word/styles.xml": f"{CT}.styles+xml",
        "/word/numbering.xml": f"{CT}.numbering+xml",
        "/word/settings.xml": f"{CT}.settings+xml",
        "/word/fontTable.xml": f"{CT}.fontTable+xml",
        "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    return (HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in over.items())
            + "</Types>")


RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(items) -> str:
    return (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in items)
            + "</Relationships>")


def core_xml() -> str:
    return (HEAD + '<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:title>trainerkit reference document</dc:title><dc:creator>trainerkit</dc:creator>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>'
            "</cp:coreProperties>")


def app_xml() -> str:
    return (HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>trainerkit</Application></Properties>')


def build(out: Path = OUT) -> Path:
    members = {
        "[Content_Types].xml": content_types_xml(),
        "_rels/.rels": rels([
            ("rId1", f"{RT}/officeDocument", "word/document.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                     "core-properties", "docProps/core.xml"),
            ("rId3", f"{RT}/extended-properties", "docProps/app.xml"),
        ]),
        "docProps/core.xml": core_xml(),
        "docProps/app.xml": app_xml(),
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": rels([
            ("rIdStyles", f"{RT}/styles", "styles.xml"),
            ("rIdNumbering", f"{RT}/numbering", "numbering.xml"),
            ("rIdSettings", f"{RT}/settings", "settings.xml"),
            ("rIdFonts", f"{RT}/fontTable", "fontTable.xml"),
            ("rIdTheme", f"{RT}/theme", "theme/theme1.xml"),
        ]),
        "word/styles.xml": styles_xml(),
        "word/numbering.xml": numbering_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/theme/theme1.xml": theme_xml(),
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
