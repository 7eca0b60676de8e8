"""XML child order as data: which children an Office XML element may hold, in the order the
schema (ECMA-376, transitional) requires, and one helper that puts each new child in its place.

PowerPoint and Word refuse or "repair" a part whose children are out of order, while
LibreOffice forgives it; so a writer never relies on the order of its own calls. It asks
`add(parent, tag)` (or `child(parent, tag)`), which inserts the new element before the first
of its successors that is already present, as python-pptx's `ZeroOrOne(successors=...)` does.

ORDER maps a parent's tag to its children's tags in schema order; a tuple inside the list is a
choice (its members share one place, like a:buNone | a:buAutoNum | a:buChar). A parent that is
not in ORDER gets new children at the end. tests/test_xml_order.py checks the table against
the Open XML SDK's schema data (bundled by openxml-audit), then walks every part of every
generated file and checks every element named here against the table.
"""

from __future__ import annotations

from typing import Iterable

from lxml import etree

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
}


def qn(name: str) -> str:
    """"a:pPr" as lxml spells it: "{http://...drawingml/2006/main}pPr"."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


# A parent's children: a name, or a tuple of names sharing one place (a choice, or a group
# whose members may come in any order).
Children = list[str | tuple[str, ...]]

# Shared pieces of the table below, copied from the Open XML SDK's schema data (ECMA-376
# transitional) and checked against it by tests/test_xml_order.py.

# a colour (EG_ColorChoice)
_COLOR = ("a:scrgbClr", "a:srgbClr", "a:hslClr", "a:sysClr", "a:schemeClr", "a:prstClr")
# a fill (EG_FillProperties)
_FILL = ("a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill", "a:grpFill")
# effects (EG_EffectProperties)
_EFFECT = ("a:effectLst", "a:effectDag")
# a colour's transforms (EG_ColorTransform), in any order and repeatable
_COLOR_TRANSFORM = ("a:tint", "a:shade", "a:comp", "a:inv", "a:gray", "a:alpha", "a:alphaOff",
                    "a:alphaMod", "a:hue", "a:hueOff", "a:hueMod", "a:sat", "a:satOff", "a:satMod",
                    "a:lum", "a:lumOff", "a:lumMod", "a:red", "a:redOff", "a:redMod", "a:green",
                    "a:greenOff", "a:greenMod", "a:blue", "a:blueOff", "a:blueMod", "a:gamma",
                    "a:invGamma")
# what a body, cell or footer holds (EG_BlockLevelElts), in any order
_BLOCK_CONTENT = ("w:altChunk", "w:customXml", "w:sdt", "w:p", "w:tbl", "w:proofErr",
                  "w:permStart", "w:permEnd", "w:bookmarkStart", "w:bookmarkEnd",
                  "w:commentRangeStart", "w:commentRangeEnd", "w:moveFromRangeStart",
                  "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd",
                  "w:customXmlInsRangeStart", "w:customXmlInsRangeEnd", "w:customXmlDelRangeStart",
                  "w:customXmlDelRangeEnd", "w:customXmlMoveFromRangeStart",
                  "w:customXmlMoveFromRangeEnd", "w:customXmlMoveToRangeStart",
                  "w:customXmlMoveToRangeEnd", "w:ins", "w:del", "w:moveFrom", "w:moveTo",
                  "w:contentPart")
# what a paragraph or a hyperlink holds (EG_PContent), in any order
_PARAGRAPH_CONTENT = ("w:customXml", "w:fldSimple", "w:hyperlink", "w:sdt", "w:proofErr",
                      "w:permStart", "w:permEnd", "w:bookmarkStart", "w:bookmarkEnd",
                      "w:commentRangeStart", "w:commentRangeEnd", "w:moveFromRangeStart",
                      "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd",
                      "w:customXmlInsRangeStart", "w:customXmlInsRangeEnd",
                      "w:customXmlDelRangeStart", "w:customXmlDelRangeEnd",
                      "w:customXmlMoveFromRangeStart", "w:customXmlMoveFromRangeEnd",
                      "w:customXmlMoveToRangeStart", "w:customXmlMoveToRangeEnd", "w:ins", "w:del",
                      "w:moveFrom", "w:moveTo", "w:contentPart", "w:r", "w:bdo", "w:dir",
                      "w:subDoc")
# what a run holds after its properties (EG_RunInnerContent), in any order
_RUN_CONTENT = ("w:br", "w:t", "w:delText", "w:instrText", "w:delInstrText", "w:noBreakHyphen",
                "w:softHyphen", "w:dayShort", "w:monthShort", "w:yearShort", "w:dayLong",
                "w:monthLong", "w:yearLong", "w:annotationRef", "w:footnoteRef", "w:endnoteRef",
                "w:separator", "w:continuationSeparator", "w:sym", "w:pgNum", "w:cr", "w:tab",
                "w:object", "w:pict", "w:fldChar", "w:ruby", "w:footnoteReference",
                "w:endnoteReference", "w:commentReference", "w:drawing", "w:ptab",
                "w:lastRenderedPageBreak")
# DrawingML paragraph properties (CT_TextParagraphProperties)
_TEXT_PARAGRAPH: Children = ["a:lnSpc", "a:spcBef", "a:spcAft", ("a:buClrTx", "a:buClr"),
                             ("a:buSzTx", "a:buSzPct", "a:buSzPts"), ("a:buFontTx", "a:buFont"),
                             ("a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip"), "a:tabLst",
                             "a:defRPr", "a:extLst"]
# DrawingML run properties (CT_TextCharacterProperties)
_TEXT_RUN: Children = ["a:ln", _FILL, _EFFECT, "a:highlight", ("a:uLnTx", "a:uLn"),
                       ("a:uFillTx", "a:uFill"), "a:latin", "a:ea", "a:cs", "a:sym", "a:hlinkClick",
                       "a:hlinkMouseOver", "a:rtl", "a:extLst"]
# shape properties (CT_ShapeProperties)
_SHAPE: Children = ["a:xfrm", ("a:custGeom", "a:prstGeom"), _FILL, "a:ln", _EFFECT, "a:scene3d",
                    "a:sp3d", "a:extLst"]
# list styles (CT_TextListStyle)
_TEXT_STYLE: Children = ["a:defPPr", "a:lvl1pPr", "a:lvl2pPr", "a:lvl3pPr", "a:lvl4pPr",
                         "a:lvl5pPr", "a:lvl6pPr", "a:lvl7pPr", "a:lvl8pPr", "a:lvl9pPr",
                         "a:extLst"]
# line spacing and the space before and after (CT_TextSpacing)
_SPACING: Children = [("a:spcPct", "a:spcPts")]
# a theme's colour (CT_Color as the SDK reads a theme: never a scheme colour)
_THEME_COLOR: Children = [("a:scrgbClr", "a:srgbClr", "a:hslClr", "a:sysClr", "a:prstClr")]

# parent: its children in schema order. Written with prefixes; a tuple is a choice.
_SEQUENCES: dict[str, Children] = {
    # DrawingML text
    "a:bodyPr": ["a:prstTxWarp", ("a:noAutofit", "a:normAutofit", "a:spAutoFit"), "a:scene3d",
                 ("a:sp3d", "a:flatTx"), "a:extLst"],
    "a:br": ["a:rPr"],
    "a:buClr": [_COLOR],
    "a:defPPr": _TEXT_PARAGRAPH,
    "a:defRPr": _TEXT_RUN,
    "a:endParaRPr": _TEXT_RUN,
    "a:fld": ["a:rPr", "a:pPr", "a:t"],
    "a:highlight": [_COLOR],
    "a:lnSpc": _SPACING,
    "a:lstStyle": _TEXT_STYLE,
    "a:lvl1pPr": _TEXT_PARAGRAPH,
    "a:lvl2pPr": _TEXT_PARAGRAPH,
    "a:lvl3pPr": _TEXT_PARAGRAPH,
    "a:lvl4pPr": _TEXT_PARAGRAPH,
    "a:lvl5pPr": _TEXT_PARAGRAPH,
    "a:lvl6pPr": _TEXT_PARAGRAPH,
    "a:lvl7pPr": _TEXT_PARAGRAPH,
    "a:lvl8pPr": _TEXT_PARAGRAPH,
    "a:lvl9pPr": _TEXT_PARAGRAPH,
    "a:p": ["a:pPr", ("a:r", "a:br", "a:fld"), "a:endParaRPr"],
    "a:pPr": _TEXT_PARAGRAPH,
    "a:r": ["a:rPr", "a:t"],
    "a:rPr": _TEXT_RUN,
    "a:spcAft": _SPACING,
    "a:spcBef": _SPACING,
    "a:tabLst": ["a:tab"],
    "a:txBody": ["a:bodyPr", "a:lstStyle", "a:p"],
    "p:bodyStyle": _TEXT_STYLE,
    "p:defaultTextStyle": _TEXT_STYLE,
    "p:notesStyle": _TEXT_STYLE,
    "p:otherStyle": _TEXT_STYLE,
    "p:titleStyle": _TEXT_STYLE,
    "p:txBody": ["a:bodyPr", "a:lstStyle", "a:p"],
    "p:txStyles": ["p:titleStyle", "p:bodyStyle", "p:otherStyle", "p:extLst"],
    # DrawingML shapes: geometry, fills, lines, colours, effects
    "a:avLst": ["a:gd"],
    "a:blip": [("a:alphaBiLevel", "a:alphaCeiling", "a:alphaFloor", "a:alphaInv", "a:alphaMod",
               "a:alphaModFix", "a:alphaRepl", "a:biLevel", "a:blur", "a:clrChange", "a:clrRepl",
               "a:duotone", "a:fillOverlay", "a:grayscl", "a:hsl", "a:lum", "a:tint"), "a:extLst"],
    "a:camera": ["a:rot"],
    "a:effectLst": ["a:blur", "a:fillOverlay", "a:glow", "a:innerShdw", "a:outerShdw",
                    "a:prstShdw", "a:reflection", "a:softEdge"],
    "a:effectRef": [_COLOR],
    "a:fillRef": [_COLOR],
    "a:fontRef": [_COLOR],
    "a:gradFill": ["a:gsLst", ("a:lin", "a:path"), "a:tileRect"],
    "a:graphic": ["a:graphicData"],
    "a:gs": [_COLOR],
    "a:gsLst": ["a:gs"],
    "a:lightRig": ["a:rot"],
    "a:ln": [("a:noFill", "a:solidFill", "a:gradFill", "a:pattFill"), ("a:prstDash", "a:custDash"),
             ("a:round", "a:bevel", "a:miter"), "a:headEnd", "a:tailEnd", "a:extLst"],
    "a:lnRef": [_COLOR],
    "a:outerShdw": [_COLOR],
    "a:path": [("a:close", "a:moveTo", "a:lnTo", "a:arcTo", "a:quadBezTo", "a:cubicBezTo"),
               "a:fillToRect"],
    "a:prstGeom": ["a:avLst"],
    "a:scene3d": ["a:camera", "a:lightRig", "a:backdrop", "a:extLst"],
    "a:schemeClr": [_COLOR_TRANSFORM],
    "a:solidFill": [_COLOR],
    "a:sp3d": ["a:bevelT", "a:bevelB", "a:extrusionClr", "a:contourClr", "a:extLst"],
    "a:srgbClr": [_COLOR_TRANSFORM],
    "a:stretch": ["a:fillRect"],
    "a:xfrm": ["a:off", "a:ext", "a:chOff", "a:chExt"],
    # DrawingML tables
    "a:tbl": ["a:tblPr", "a:tblGrid", "a:tr"],
    "a:tblGrid": ["a:gridCol"],
    "a:tblPr": [_FILL, _EFFECT, ("a:tableStyle", "a:tableStyleId"), "a:extLst"],
    "a:tc": ["a:txBody", "a:tcPr", "a:extLst"],
    "a:tcPr": ["a:lnL", "a:lnR", "a:lnT", "a:lnB", "a:lnTlToBr", "a:lnBlToTr", "a:cell3D", _FILL,
               "a:extLst"],
    "a:tr": ["a:tc", "a:extLst"],
    # the theme (read from the reference deck and python-docx's template, never written)
    "a:accent1": _THEME_COLOR,
    "a:accent2": _THEME_COLOR,
    "a:accent3": _THEME_COLOR,
    "a:accent4": _THEME_COLOR,
    "a:accent5": _THEME_COLOR,
    "a:accent6": _THEME_COLOR,
    "a:bgFillStyleLst": [_FILL],
    "a:clrScheme": ["a:dk1", "a:lt1", "a:dk2", "a:lt2", "a:accent1", "a:accent2", "a:accent3",
                    "a:accent4", "a:accent5", "a:accent6", "a:hlink", "a:folHlink", "a:extLst"],
    "a:dk1": _THEME_COLOR,
    "a:dk2": _THEME_COLOR,
    "a:effectStyle": [_EFFECT, "a:scene3d", "a:sp3d"],
    "a:effectStyleLst": ["a:effectStyle"],
    "a:fillStyleLst": [_FILL],
    "a:fmtScheme": ["a:fillStyleLst", "a:lnStyleLst", "a:effectStyleLst", "a:bgFillStyleLst"],
    "a:folHlink": _THEME_COLOR,
    "a:fontScheme": ["a:majorFont", "a:minorFont", "a:extLst"],
    "a:hlink": _THEME_COLOR,
    "a:lnDef": ["a:spPr", "a:bodyPr", "a:lstStyle", "a:style", "a:extLst"],
    "a:lnStyleLst": ["a:ln"],
    "a:lt1": _THEME_COLOR,
    "a:lt2": _THEME_COLOR,
    "a:majorFont": ["a:latin", "a:ea", "a:cs", "a:font", "a:extLst"],
    "a:minorFont": ["a:latin", "a:ea", "a:cs", "a:font", "a:extLst"],
    "a:objectDefaults": ["a:spDef", "a:lnDef", "a:txDef", "a:extLst"],
    "a:spDef": ["a:spPr", "a:bodyPr", "a:lstStyle", "a:style", "a:extLst"],
    "a:style": ["a:lnRef", "a:fillRef", "a:effectRef", "a:fontRef"],
    "a:theme": ["a:themeElements", "a:objectDefaults", "a:extraClrSchemeLst", "a:custClrLst",
                "a:extLst"],
    "a:themeElements": ["a:clrScheme", "a:fontScheme", "a:fmtScheme", "a:extLst"],
    # PresentationML
    "p:bg": [("p:bgPr", "p:bgRef")],
    "p:bgPr": [("a:noFill", "a:solidFill", "a:gradFill", "a:blipFill", "a:pattFill"), _EFFECT,
               "p:extLst"],
    "p:bgRef": [_COLOR],
    "p:blipFill": ["a:blip", "a:srcRect", ("a:tile", "a:stretch")],
    "p:cNvGraphicFramePr": ["a:graphicFrameLocks", "a:extLst"],
    "p:cNvPicPr": ["a:picLocks", "a:extLst"],
    "p:cNvPr": ["a:hlinkClick", "a:hlinkHover", "a:extLst"],
    "p:cNvSpPr": ["a:spLocks", "a:extLst"],
    "p:cSld": ["p:bg", "p:spTree", "p:custDataLst", "p:controls", "p:extLst"],
    "p:cSldViewPr": ["p:cViewPr", "p:guideLst"],
    "p:cViewPr": ["p:scale", "p:origin"],
    "p:clrMapOvr": [("a:masterClrMapping", "a:overrideClrMapping")],
    "p:extLst": ["p:ext"],
    "p:graphicFrame": ["p:nvGraphicFramePr", "p:xfrm", "a:graphic", "p:extLst"],
    "p:grpSpPr": ["a:xfrm", _FILL, _EFFECT, "a:scene3d", "a:extLst"],
    "p:guideLst": ["p:guide"],
    "p:normalViewPr": ["p:restoredLeft", "p:restoredTop", "p:extLst"],
    "p:notes": ["p:cSld", "p:clrMapOvr", "p:extLst"],
    "p:notesMaster": ["p:cSld", "p:clrMap", "p:hf", "p:notesStyle", "p:extLst"],
    "p:notesTextViewPr": ["p:cViewPr", "p:extLst"],
    "p:nvGraphicFramePr": ["p:cNvPr", "p:cNvGraphicFramePr", "p:nvPr"],
    "p:nvGrpSpPr": ["p:cNvPr", "p:cNvGrpSpPr", "p:nvPr"],
    "p:nvPicPr": ["p:cNvPr", "p:cNvPicPr", "p:nvPr"],
    "p:nvPr": ["p:ph", ("a:audioCd", "a:wavAudioFile", "a:audioFile", "a:videoFile",
               "a:quickTimeFile"), "p:custDataLst", "p:extLst"],
    "p:nvSpPr": ["p:cNvPr", "p:cNvSpPr", "p:nvPr"],
    "p:pic": ["p:nvPicPr", "p:blipFill", "p:spPr", "p:style", "p:extLst"],
    "p:presentation": ["p:sldMasterIdLst", "p:notesMasterIdLst", "p:handoutMasterIdLst",
                       "p:sldIdLst", "p:sldSz", "p:notesSz", "p:embeddedFontLst", "p:custShowLst",
                       "p:photoAlbum", "p:custDataLst", "p:kinsoku", "p:defaultTextStyle",
                       "p:modifyVerifier", "p:extLst"],
    "p:presentationPr": ["p:htmlPubPr", "p:webPr", "p:prnPr", "p:showPr", "p:clrMru", "p:extLst"],
    "p:scale": ["a:sx", "a:sy"],
    "p:sld": ["p:cSld", "p:clrMapOvr", "p:transition", "p:timing", "p:extLst"],
    "p:sldIdLst": ["p:sldId"],
    "p:sldLayout": ["p:cSld", "p:clrMapOvr", "p:transition", "p:timing", "p:hf", "p:extLst"],
    "p:sldLayoutIdLst": ["p:sldLayoutId"],
    "p:sldMaster": ["p:cSld", "p:clrMap", "p:sldLayoutIdLst", "p:transition", "p:timing", "p:hf",
                    "p:txStyles", "p:extLst"],
    "p:sldMasterIdLst": ["p:sldMasterId"],
    "p:slideViewPr": ["p:cSldViewPr", "p:extLst"],
    "p:sp": ["p:nvSpPr", "p:spPr", "p:style", "p:txBody", "p:extLst"],
    "p:spPr": _SHAPE,
    "p:spTree": ["p:nvGrpSpPr", "p:grpSpPr", ("p:sp", "p:grpSp", "p:graphicFrame", "p:cxnSp",
                 "p:pic", "p:contentPart"), "p:extLst"],
    "p:style": ["a:lnRef", "a:fillRef", "a:effectRef", "a:fontRef"],
    "p:viewPr": ["p:normalViewPr", "p:slideViewPr", "p:outlineViewPr", "p:notesTextViewPr",
                 "p:sorterViewPr", "p:notesViewPr", "p:gridSpacing", "p:extLst"],
    "p:xfrm": ["a:off", "a:ext"],
    # DrawingML charts (render/docx/charts.py); c:spPr is a shape's properties, c:txPr and
    # c:rich a text body
    "c:chartSpace": ["c:date1904", "c:lang", "c:roundedCorners", "c:style", "c:clrMapOvr",
                     "c:pivotSource", "c:protection", "c:chart", "c:spPr", "c:txPr",
                     "c:externalData", "c:printSettings", "c:userShapes", "c:extLst"],
    "c:chart": ["c:title", "c:autoTitleDeleted", "c:pivotFmts", "c:view3D", "c:floor",
                "c:sideWall", "c:backWall", "c:plotArea", "c:legend", "c:plotVisOnly",
                "c:dispBlanksAs", "c:showDLblsOverMax", "c:extLst"],
    "c:plotArea": ["c:layout", ("c:areaChart", "c:area3DChart", "c:lineChart", "c:line3DChart",
                   "c:stockChart", "c:radarChart", "c:scatterChart", "c:pieChart", "c:pie3DChart",
                   "c:doughnutChart", "c:barChart", "c:bar3DChart", "c:ofPieChart",
                   "c:surfaceChart", "c:surface3DChart", "c:bubbleChart"), ("c:valAx", "c:catAx",
                   "c:dateAx", "c:serAx"), "c:dTable", "c:spPr", "c:extLst"],
    "c:barChart": ["c:barDir", "c:grouping", "c:varyColors", "c:ser", "c:dLbls", "c:gapWidth",
                   "c:overlap", "c:serLines", "c:axId", "c:extLst"],
    "c:lineChart": ["c:grouping", "c:varyColors", "c:ser", "c:dLbls", "c:dropLines",
                    "c:hiLowLines", "c:upDownBars", "c:marker", "c:smooth", "c:axId", "c:extLst"],
    "c:scatterChart": ["c:scatterStyle", "c:varyColors", "c:ser", "c:dLbls", "c:axId", "c:extLst"],
    "c:ser": ["c:idx", "c:order", "c:tx", "c:spPr", ("c:marker", "c:pictureOptions",
              "c:invertIfNegative"), "c:explosion", "c:dPt", "c:dLbls", "c:trendline", "c:errBars",
              "c:cat", "c:val", "c:shape", "c:xVal", "c:yVal", "c:smooth", "c:bubbleSize",
              "c:bubble3D", "c:extLst"],
    "c:catAx": ["c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines",
                "c:minorGridlines", "c:title", "c:numFmt", "c:majorTickMark", "c:minorTickMark",
                "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx", ("c:crosses", "c:crossesAt"),
                "c:auto", "c:lblAlgn", "c:lblOffset", "c:tickLblSkip", "c:tickMarkSkip",
                "c:noMultiLvlLbl", "c:extLst"],
    "c:valAx": ["c:axId", "c:scaling", "c:delete", "c:axPos", "c:majorGridlines",
                "c:minorGridlines", "c:title", "c:numFmt", "c:majorTickMark", "c:minorTickMark",
                "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx", ("c:crosses", "c:crossesAt"),
                "c:crossBetween", "c:majorUnit", "c:minorUnit", "c:dispUnits", "c:extLst"],
    "c:scaling": ["c:logBase", "c:orientation", "c:max", "c:min", "c:extLst"],
    "c:title": ["c:tx", "c:layout", "c:overlay", "c:spPr", "c:txPr", "c:extLst"],
    "c:tx": [("c:strRef", "c:rich", "c:strLit"), "c:v"],
    "c:legend": ["c:legendPos", "c:legendEntry", "c:layout", "c:overlay", "c:spPr", "c:txPr",
                 "c:extLst"],
    "c:legendEntry": ["c:idx", ("c:delete", "c:txPr"), "c:extLst"],
    "c:dLbls": ["c:dLbl", ("c:delete", "c:numFmt"), "c:spPr", "c:txPr", "c:dLblPos",
                "c:showLegendKey", "c:showVal", "c:showCatName", "c:showSerName", "c:showPercent",
                "c:showBubbleSize", "c:separator", "c:showLeaderLines", "c:leaderLines",
                "c:extLst"],
    "c:dLbl": ["c:idx", ("c:delete", "c:layout"), "c:tx", "c:numFmt", "c:spPr", "c:txPr",
               "c:dLblPos", "c:showLegendKey", "c:showVal", "c:showCatName", "c:showSerName",
               "c:showPercent", "c:showBubbleSize", "c:separator", "c:extLst"],
    "c:majorGridlines": ["c:spPr"],
    "c:marker": ["c:symbol", "c:size", "c:spPr", "c:extLst"],
    "c:strRef": ["c:f", "c:strCache", "c:extLst"],
    "c:numRef": ["c:f", "c:numCache", "c:extLst"],
    "c:strCache": ["c:ptCount", "c:pt", "c:extLst"],
    "c:numCache": ["c:formatCode", "c:ptCount", "c:pt", "c:extLst"],
    "c:numLit": ["c:formatCode", "c:ptCount", "c:pt", "c:extLst"],
    "c:pt": ["c:v"],
    "c:cat": [("c:multiLvlStrRef", "c:numRef", "c:numLit", "c:strRef", "c:strLit")],
    "c:val": [("c:numRef", "c:numLit")],
    "c:xVal": [("c:multiLvlStrRef", "c:numRef", "c:numLit", "c:strRef", "c:strLit")],
    "c:yVal": [("c:numRef", "c:numLit")],
    "c:externalData": ["c:autoUpdate"],
    "c:layout": ["c:manualLayout", "c:extLst"],
    "c:manualLayout": ["c:layoutTarget", "c:xMode", "c:yMode", "c:wMode", "c:hMode", "c:x", "c:y",
                       "c:w", "c:h", "c:extLst"],
    "c:rich": ["a:bodyPr", "a:lstStyle", "a:p"],
    "c:spPr": _SHAPE,
    "c:txPr": ["a:bodyPr", "a:lstStyle", "a:p"],
    # pictures in a document
    "pic:blipFill": ["a:blip", "a:srcRect", ("a:tile", "a:stretch")],
    "pic:cNvPr": ["a:hlinkClick", "a:hlinkHover", "a:extLst"],
    "pic:nvPicPr": ["pic:cNvPr", "pic:cNvPicPr"],
    "pic:pic": ["pic:nvPicPr", "pic:blipFill", "pic:spPr"],
    "pic:spPr": _SHAPE,
    "wp:cNvGraphicFramePr": ["a:graphicFrameLocks", "a:extLst"],
    "wp:docPr": ["a:hlinkClick", "a:hlinkHover", "a:extLst"],
    "wp:inline": ["wp:extent", "wp:effectExtent", "wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"],
    # shapes in a document: a group of them (render/docx/branch_map.py)
    "wpg:wgp": ["wpg:cNvPr", "wpg:cNvGrpSpPr", "wpg:grpSpPr", ("wps:wsp", "wpg:grpSp",
                "wpg:graphicFrame", "pic:pic", "w14:contentPart"), "wpg:extLst"],
    "wpg:cNvGrpSpPr": ["a:grpSpLocks", "a:extLst"],
    "wpg:grpSpPr": ["a:xfrm", _FILL, _EFFECT, "a:scene3d", "a:extLst"],
    "wps:wsp": ["wps:cNvPr", ("wps:cNvSpPr", "wps:cNvCnPr"), "wps:spPr", "wps:style", "wps:extLst",
                ("wps:txbx", "wps:linkedTxbx"), "wps:bodyPr"],
    "wps:cNvSpPr": ["a:spLocks", "a:extLst"],
    "wps:cNvCnPr": ["a:cxnSpLocks", "a:stCxn", "a:endCxn", "a:extLst"],
    "wps:spPr": _SHAPE,
    "wps:txbx": ["w:txbxContent", "wps:extLst"],
    "wps:bodyPr": ["a:prstTxWarp", ("a:noAutofit", "a:normAutofit", "a:spAutoFit"), "a:scene3d",
                   ("a:sp3d", "a:flatTx"), "a:extLst"],
    "w:txbxContent": [_BLOCK_CONTENT],
    # WordprocessingML: body, paragraphs, runs, tables, sections
    "w:body": [_BLOCK_CONTENT, "w:sectPr"],
    "w:document": ["w:background", "w:body"],
    "w:drawing": [("wp:anchor", "wp:inline")],
    "w:ftr": [_BLOCK_CONTENT],
    "w:hyperlink": [_PARAGRAPH_CONTENT],
    "w:numPr": ["w:ilvl", "w:numId", "w:numberingChange", "w:ins"],
    "w:p": ["w:pPr", _PARAGRAPH_CONTENT],
    "w:pBdr": ["w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"],
    "w:pPr": ["w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
              "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
              "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
              "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
              "w:pPrChange"],
    "w:r": ["w:rPr", _RUN_CONTENT],
    "w:rPr": ["w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:rStyle", "w:rFonts", "w:b", "w:bCs",
              "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline",
              "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish",
              "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
              "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
              "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
              "w:specVanish", "w:oMath", "w:rPrChange"],
    "w:sectPr": [("w:headerReference", "w:footerReference"), "w:footnotePr", "w:endnotePr",
                 "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType",
                 "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                 "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                 "w:sectPrChange"],
    "w:tabs": ["w:tab"],
    "w:tbl": [("w:bookmarkStart", "w:bookmarkEnd", "w:commentRangeStart", "w:commentRangeEnd",
              "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart",
              "w:moveToRangeEnd", "w:customXmlInsRangeStart", "w:customXmlInsRangeEnd",
              "w:customXmlDelRangeStart", "w:customXmlDelRangeEnd",
              "w:customXmlMoveFromRangeStart", "w:customXmlMoveFromRangeEnd",
              "w:customXmlMoveToRangeStart", "w:customXmlMoveToRangeEnd"), "w:tblPr", "w:tblGrid",
              ("w:tr", "w:customXml", "w:sdt", "w:proofErr", "w:permStart", "w:permEnd", "w:ins",
              "w:del", "w:moveFrom", "w:moveTo", "w:contentPart")],
    "w:tblBorders": ["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end", "w:insideH",
                     "w:insideV"],
    "w:tblCellMar": ["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"],
    "w:tblGrid": ["w:gridCol", "w:tblGridChange"],
    "w:tblPr": ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblW",
                "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:jc", "w:tblCellSpacing",
                "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                "w:tblCaption", "w:tblDescription", "w:tblPrChange"],
    "w:tc": ["w:tcPr", _BLOCK_CONTENT],
    "w:tcBorders": ["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end", "w:insideH",
                    "w:insideV", "w:tl2br", "w:tr2bl"],
    "w:tcPr": ["w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
               "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
               ("w:cellIns", "w:cellDel", "w:cellMerge"), "w:tcPrChange"],
    "w:tr": ["w:tblPrEx", "w:trPr", ("w:tc", "w:customXml", "w:sdt", "w:proofErr", "w:permStart",
             "w:permEnd", "w:bookmarkStart", "w:bookmarkEnd", "w:commentRangeStart",
             "w:commentRangeEnd", "w:moveFromRangeStart", "w:moveFromRangeEnd",
             "w:moveToRangeStart", "w:moveToRangeEnd", "w:customXmlInsRangeStart",
             "w:customXmlInsRangeEnd", "w:customXmlDelRangeStart", "w:customXmlDelRangeEnd",
             "w:customXmlMoveFromRangeStart", "w:customXmlMoveFromRangeEnd",
             "w:customXmlMoveToRangeStart", "w:customXmlMoveToRangeEnd", "w:ins", "w:del",
             "w:moveFrom", "w:moveTo", "w:contentPart")],
    "w:trPr": [("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter",
               "w:trHeight", "w:hidden", "w:cantSplit", "w:tblHeader", "w:tblCellSpacing", "w:jc"),
               "w:ins", "w:del", "w:trPrChange"],
    # WordprocessingML: styles, numbering, settings, fonts
    "w:abstractNum": ["w:nsid", "w:multiLevelType", "w:tmpl", "w:name", "w:styleLink",
                      "w:numStyleLink", "w:lvl"],
    "w:compat": ["w:useSingleBorderforContiguousCells", "w:wpJustification", "w:noTabHangInd",
                 "w:noLeading", "w:spaceForUL", "w:noColumnBalance",
                 "w:balanceSingleByteDoubleByteWidth", "w:noExtraLineSpacing",
                 "w:doNotLeaveBackslashAlone", "w:ulTrailSpace", "w:doNotExpandShiftReturn",
                 "w:spacingInWholePoints", "w:lineWrapLikeWord6", "w:printBodyTextBeforeHeader",
                 "w:printColBlack", "w:wpSpaceWidth", "w:showBreaksInFrames", "w:subFontBySize",
                 "w:suppressBottomSpacing", "w:suppressTopSpacing", "w:suppressSpacingAtTopOfPage",
                 "w:suppressTopSpacingWP", "w:suppressSpBfAfterPgBrk", "w:swapBordersFacingPages",
                 "w:convMailMergeEsc", "w:truncateFontHeightsLikeWP6", "w:mwSmallCaps",
                 "w:usePrinterMetrics", "w:doNotSuppressParagraphBorders", "w:wrapTrailSpaces",
                 "w:footnoteLayoutLikeWW8", "w:shapeLayoutLikeWW8", "w:alignTablesRowByRow",
                 "w:forgetLastTabAlignment", "w:adjustLineHeightInTable", "w:autoSpaceLikeWord95",
                 "w:noSpaceRaiseLower", "w:doNotUseHTMLParagraphAutoSpacing",
                 "w:layoutRawTableWidth", "w:layoutTableRowsApart", "w:useWord97LineBreakRules",
                 "w:doNotBreakWrappedTables", "w:doNotSnapToGridInCell",
                 "w:selectFldWithFirstOrLastChar", "w:applyBreakingRules",
                 "w:doNotWrapTextWithPunct", "w:doNotUseEastAsianBreakRules",
                 "w:useWord2002TableStyleRules", "w:growAutofit", "w:useFELayout",
                 "w:useNormalStyleForList", "w:doNotUseIndentAsNumberingTabStop",
                 "w:useAltKinsokuLineBreakRules", "w:allowSpaceOfSameStyleInTable",
                 "w:doNotSuppressIndentation", "w:doNotAutofitConstrainedTables",
                 "w:autofitToFirstFixedWidthCell", "w:underlineTabInNumList",
                 "w:displayHangulFixedWidth", "w:splitPgBreakAndParaMark",
                 "w:doNotVertAlignCellWithSp", "w:doNotBreakConstrainedForcedTable",
                 "w:doNotVertAlignInTxbx", "w:useAnsiKerningPairs", "w:cachedColBalance",
                 "w:compatSetting"],
    "w:docDefaults": ["w:rPrDefault", "w:pPrDefault"],
    "w:font": ["w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType", "w:pitch",
               "w:sig", "w:embedRegular", "w:embedBold", "w:embedItalic", "w:embedBoldItalic"],
    "w:fonts": ["w:font"],
    "w:latentStyles": ["w:lsdException"],
    "w:lvl": ["w:start", "w:numFmt", "w:lvlRestart", "w:pStyle", "w:isLgl", "w:suff", "w:lvlText",
              "w:lvlPicBulletId", "w:legacy", "w:lvlJc", "w:pPr", "w:rPr"],
    "w:lvlOverride": ["w:startOverride", "w:lvl"],
    "w:num": ["w:abstractNumId", "w:lvlOverride"],
    "w:numbering": ["w:numPicBullet", "w:abstractNum", "w:num", "w:numIdMacAtCleanup"],
    "w:pPrDefault": ["w:pPr"],
    "w:rPrDefault": ["w:rPr"],
    "w:rsids": ["w:rsidRoot", "w:rsid"],
    "w:settings": ["w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                   "w:removeDateAndTime", "w:doNotDisplayPageBoundaries",
                   "w:displayBackgroundShape", "w:printPostScriptOverText",
                   "w:printFractionalCharacterWidth", "w:printFormsData", "w:embedTrueTypeFonts",
                   "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins",
                   "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
                   "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
                   "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState",
                   "w:formsDesign", "w:attachedTemplate", "w:linkStyles",
                   "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType",
                   "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves",
                   "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
                   "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
                   "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps",
                   "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle",
                   "w:defaultTableStyle", "w:evenAndOddHeaders", "w:bookFoldRevPrinting",
                   "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
                   "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
                   "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
                   "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
                   "w:drawingGridVerticalOrigin", "w:doNotShadeFormData", "w:noPunctuationKerning",
                   "w:characterSpacingControl", "w:printTwoOnOne", "w:strictFirstAndLastChars",
                   "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
                   "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent",
                   "w:alwaysShowPlaceholderText", "w:doNotDemarcateInvalidXml",
                   "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt",
                   "w:showXMLTags", "w:alwaysMergeEmptyNamespace", "w:updateFields",
                   "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars",
                   "w:rsids", "m:mathPr", "w:uiCompat97To2003", "w:attachedSchema",
                   "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                   "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                   "w:readModeInkLockDown", "w:shapeDefaults", "w:decimalSymbol",
                   "w:listSeparator", "w14:docId", "w14:defaultImageDpi"],
    "w:style": ["w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine",
                "w:hidden", "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat",
                "w:locked", "w:personal", "w:personalCompose", "w:personalReply", "w:rsid",
                "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"],
    "w:styles": ["w:docDefaults", "w:latentStyles", "w:style"],
    "w:tblStylePr": ["w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr"],
    "w:webSettings": ["w:frameset", "w:divs", "w:encoding", "w:optimizeForBrowser", "w:relyOnVML",
                      "w:allowPNG", "w:doNotRelyOnCSS", "w:doNotSaveAsSingleFile",
                      "w:doNotOrganizeInFolder", "w:doNotUseLongFileNames", "w:pixelsPerInch",
                      "w:targetScreenSz"],
}


def _expand(seqs: dict[str, Children]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for parent, children in seqs.items():
        ranks: dict[str, int] = {}
        for rank, entry in enumerate(children):
            for name in (entry,) if isinstance(entry, str) else entry:
                ranks[qn(name)] = rank
        out[qn(parent)] = ranks
    return out


ORDER: dict[str, dict[str, int]] = _expand(_SEQUENCES)


def add(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
        text: str | None = None, nsmap: dict[str, str] | None = None) -> etree._Element:
    """A new child `tag` (Clark name) of parent, placed before its first successor present.
    nsmap: prefixes to declare on it (a picture's wp:, a:, pic:)."""
    el = etree.SubElement(parent, tag, attrs or {}, nsmap=nsmap)
    if text is not None:
        el.text = text
    _settle(parent, el)
    return el


def child(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """parent's child `tag`, made in its place when there is none yet (attrs set either way)."""
    el = parent.find(tag)
    if el is None:
        return add(parent, tag, attrs)
    for k, v in (attrs or {}).items():
        el.set(k, v)
    return el


def insert(parent: etree._Element, el: etree._Element) -> etree._Element:
    """Put el (made elsewhere: a copy of a template, say) into parent before the first child
    that must come after it."""
    parent.append(el)
    _settle(parent, el)
    return el


def _settle(parent: etree._Element, el: etree._Element) -> None:
    """el was just appended to parent: move it before its first successor present, unless the
    sibling before it already ranks no later (the common case, so a body of thousands of
    paragraphs or a paragraph of many runs is not walked once per child)."""
    prev = el.getprevious()
    if prev is None:
        return
    ranks = ORDER.get(parent.tag)
    if ranks is None:
        return
    rank = ranks.get(el.tag)
    if rank is None:
        return
    before = ranks.get(prev.tag)
    if before is not None and before <= rank:
        return
    parent.remove(el)
    _walk_insert(parent, el, ranks, rank)


def _walk_insert(parent: etree._Element, el: etree._Element, ranks: dict[str, int],
                 rank: int) -> None:
    """Put el before the first child of parent ranked after it (at the end if none is)."""
    for other in parent:
        later = ranks.get(other.tag)
        if later is not None and later > rank:
            other.addprevious(el)
            return
    parent.append(el)


def misplaced(root: etree._Element) -> Iterable[str]:
    """Every element under root (root included) whose children break ORDER: a child ranked
    before one already seen, or one the table does not know for its parent."""
    for el in root.iter(*ORDER):
        ranks = ORDER[el.tag]
        last = -1
        for ch in el:
            if not isinstance(ch.tag, str):  # comments, processing instructions
                continue
            rank = ranks.get(ch.tag)
            if rank is None:
                yield f"{_short(el.tag)} holds {_short(ch.tag)}, which the order table does not list"
            elif rank < last:
                yield f"{_short(ch.tag)} comes after a later sibling in {_short(el.tag)}"
            else:
                last = rank


def _short(tag: str) -> str:
    uri, _, local = tag[1:].partition("}")
    prefix = next((p for p, u in NS.items() if u == uri), uri)
    return f"{prefix}:{local}"
