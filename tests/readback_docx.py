"""Read a generated .docx back as plain Python data, the way a person would see it.

The functions here take the .docx bytes and return lists and tuples that tests (and snapshots)
compare: paragraph styles and texts, list items with the number Word would show, tables, pictures,
table-of-contents entries, language defaults. Nothing depends on zip bytes or timestamps.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as _Document
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def docx_open(data: bytes) -> _Document:
    return docx.Document(io.BytesIO(data))


def _style_names(d: _Document) -> dict[str, str]:
    return {s.style_id: s.name for s in d.styles}


def _p_text(p: etree._Element) -> str:
    """Text of a paragraph as shown: w:t, tabs and breaks, field codes left out."""
    out = []
    for el in p.iter(w("t"), w("tab"), w("br"), w("instrText")):
        if el.tag == w("t"):
            out.append(el.text or "")
        elif el.tag == w("tab"):
            if el.getparent().tag == w("r"):
                out.append("\t")
        elif el.tag == w("br"):
            out.append("\f" if el.get(w("type")) == "page" else "\n")
    return "".join(out)


def _p_style(p: etree._Element, names: dict[str, str]) -> str:
    ps = p.find("w:pPr/w:pStyle", NS)
    return names.get(ps.get(w("val")), ps.get(w("val"))) if ps is not None else "Normal"


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of the body's top-level paragraphs, in order."""
    d = docx_open(data)
    names = _style_names(d)
    return [(_p_style(p, names), _p_text(p)) for p in d.element.body.iterchildren(w("p"))]


def docx_outline(data: bytes) -> list[tuple]:
    """The body in order: ("p", style, text) or ("table", style, rows of cell texts)."""
    d = docx_open(data)
    names = _style_names(d)
    out: list[tuple] = []
    for el in d.element.body:
        if el.tag == w("p"):
            out.append(("p", _p_style(el, names), _p_text(el)))
        elif el.tag == w("tbl"):
            ts = el.find("w:tblPr/w:tblStyle", NS)
            style = names.get(ts.get(w("val"))) if ts is not None else None
            out.append(("table", style, _rows(el)))
    return out


def _rows(tbl: etree._Element) -> list[list[str]]:
    return [["\n".join(_p_text(p) for p in tc.iterchildren(w("p")))
             for tc in tr.iterchildren(w("tc"))] for tr in tbl.iterchildren(w("tr"))]


def docx_tables(data: bytes) -> list[dict]:
    """Every table of the document (nested ones too, in document order): style, header rows,
    cell texts and cell fills."""
    d = docx_open(data)
    names = _style_names(d)
    out = []
    for tbl in d.element.body.iter(w("tbl")):
        ts = tbl.find("w:tblPr/w:tblStyle", NS)
        out.append({
            "style": names.get(ts.get(w("val"))) if ts is not None else None,
            "header": [tr.find("w:trPr/w:tblHeader", NS) is not None
                       for tr in tbl.iterchildren(w("tr"))],
            "rows": _rows(tbl),
            "fills": [[(tc.find("w:tcPr/w:shd", NS).get(w("fill"))
                        if tc.find("w:tcPr/w:shd", NS) is not None else None)
                       for tc in tr.iterchildren(w("tc"))] for tr in tbl.iterchildren(w("tr"))],
            "cell_paragraphs": [[[(_p_style(p, names), _p_text(p)) for p in tc.iterchildren(w("p"))]
                                 for tc in tr.iterchildren(w("tc"))]
                                for tr in tbl.iterchildren(w("tr"))],
            "borders": [b.get(w("val")) for b in tbl.findall("w:tblPr/w:tblBorders/*", NS)],
        })
    return out


def docx_list_items(data: bytes) -> list[tuple[str, int, str, str]]:
    """Numbered and bulleted paragraphs (anywhere in the body) as (style, level, label, text),
    the label being what Word shows: "1.", "2.", or the bullet character. Counters follow
    Word's rules: one counter per w:num and level, started at the lvlOverride/startOverride or
    the level's start, deeper levels restarting after a shallower one."""
    d = docx_open(data)
    names = _style_names(d)
    numbering = d.part.numbering_part.element
    abstracts = {a.get(w("abstractNumId")): a for a in numbering.findall("w:abstractNum", NS)}
    nums = {n.get(w("numId")): n for n in numbering.findall("w:num", NS)}
    styles = {s.style_id: s.element for s in d.styles}
    counters: dict[tuple[str, int], int] = {}
    out = []
    for p in d.element.body.iter(w("p")):
        num_pr = p.find("w:pPr/w:numPr", NS)
        style_id = p.find("w:pPr/w:pStyle", NS)
        sid = style_id.get(w("val")) if style_id is not None else None
        if num_pr is None and sid is not None:
            st = styles.get(sid)
            while st is not None and num_pr is None:
                num_pr = st.find("w:pPr/w:numPr", NS)
                based = st.find("w:basedOn", NS)
                st = styles.get(based.get(w("val"))) if based is not None and num_pr is None else None
        if num_pr is None:
            continue
        ilvl_el, num_el = num_pr.find("w:ilvl", NS), num_pr.find("w:numId", NS)
        if num_el is None:  # a level without a list (a style's numPr of ilvl only)
            continue
        level = int(ilvl_el.get(w("val"))) if ilvl_el is not None else 0
        num_id = num_el.get(w("val"))
        num = nums[num_id]
        abstract = abstracts[num.find("w:abstractNumId", NS).get(w("val"))]
        lvl = abstract.find(f"w:lvl[@w:ilvl='{level}']", NS)
        fmt = lvl.find("w:numFmt", NS).get(w("val"))
        text = lvl.find("w:lvlText", NS).get(w("val"))
        key = (num_id, level)
        if key not in counters:
            override = num.find(f"w:lvlOverride[@w:ilvl='{level}']/w:startOverride", NS)
            start = lvl.find("w:start", NS)
            first = override if override is not None else start
            counters[key] = int(first.get(w("val"))) if first is not None else 1
        else:
            counters[key] += 1
        for k in list(counters):
            if k[0] == num_id and k[1] > level:
                del counters[k]
        if fmt == "bullet":
            label = text
        else:
            label = text
            for k in range(9):
                if f"%{k + 1}" in label:
                    label = label.replace(f"%{k + 1}", str(counters.get((num_id, k), 1)))
        out.append((names.get(sid, "Normal") if sid else "Normal", level, label, _p_text(p)))
    return out


def docx_pictures(data: bytes) -> list[dict]:
    """Pictures: drawing id, size in EMU, description, and whether the image part exists."""
    d = docx_open(data)
    out = []
    for inline in d.element.body.iter(f"{{{NS['wp']}}}inline"):
        ext = inline.find("wp:extent", NS)
        pr = inline.find("wp:docPr", NS)
        blip = inline.find(".//a:blip", NS)
        rid = blip.get(f"{{{NS['r']}}}embed")
        part = d.part.related_parts.get(rid)
        out.append({"id": pr.get("id"), "descr": pr.get("descr"), "cx": int(ext.get("cx")),
                    "cy": int(ext.get("cy")), "content_type": part.content_type if part else None})
    return out


def docx_toc(data: bytes) -> dict:
    """The table-of-contents field: its instruction and cached entries as (style, text, anchor),
    and the bookmarks those anchors must name."""
    d = docx_open(data)
    names = _style_names(d)
    body = d.element.body
    instr = "".join(t.text or "" for t in body.iter(w("instrText")) if "TOC" in (t.text or ""))
    entries = []
    for p in body.iterchildren(w("p")):
        style = _p_style(p, names)
        if style.lower().startswith("toc ") and style.lower() != "toc heading":
            link = p.find("w:hyperlink", NS)
            entries.append((style, _p_text(p), link.get(w("anchor")) if link is not None else None))
    bookmarks = {b.get(w("name")): b.get(w("id")) for b in body.iter(w("bookmarkStart"))}
    return {"instr": instr.strip(), "entries": entries, "bookmarks": bookmarks}


def docx_defaults(data: bytes) -> dict:
    """Document defaults from styles.xml: language tags and fonts."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    lang = rpr.find("w:lang", NS)
    fonts = rpr.find("w:rFonts", NS)
    return {
        "lang": lang.get(w("val")) if lang is not None else None,
        "lang_east_asia": lang.get(w("eastAsia")) if lang is not None else None,
        "font_ascii": fonts.get(w("ascii")) if fonts is not None else None,
        "font_east_asia": fonts.get(w("eastAsia")) if fonts is not None else None,
    }


def docx_core(data: bytes) -> dict:
    cp = docx_open(data).core_properties
    return {"title": cp.title, "author": cp.author, "language": cp.language}


def docx_ids(data: bytes) -> dict[str, list[str]]:
    """Ids that must be unique: drawing ids (wp:docPr) and bookmark ids."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    return {
        "docPr": [e.get("id") for e in doc.iter(f"{{{NS['wp']}}}docPr")],
        "bookmark": [e.get(w("id")) for e in doc.iter(w("bookmarkStart"))],
    }


def _on(el: etree._Element | None) -> bool:
    """Whether an on/off property (w:keepNext, w:cantSplit, ...) is present and not switched off."""
    return el is not None and el.get(w("val"), "1") not in ("0", "false", "off")


def docx_flow(data: bytes) -> list[tuple[str, str, bool, bool]]:
    """The body's top-level paragraphs as (style name, text, keeps with next, starts a page),
    what decides where Word and LibreOffice break pages."""
    d = docx_open(data)
    names = _style_names(d)
    return [(_p_style(p, names), _p_text(p), _on(p.find("w:pPr/w:keepNext", NS)),
             _on(p.find("w:pPr/w:pageBreakBefore", NS)))
            for p in d.element.body.iterchildren(w("p"))]


def cell_borders(tc: etree._Element) -> dict[str, str]:
    """A cell's own borders, side -> w:val ("nil" for none); sides it does not set are absent."""
    return {etree.QName(b).localname: b.get(w("val")) for b in tc.findall("w:tcPr/w:tcBorders/*", NS)}


def docx_links(data: bytes) -> list[tuple[str, str]]:
    """Hyperlinks anywhere in the body, in order, as (text, where they lead): the URL of an
    external one (through its relationship), "#name" of one to a bookmark."""
    d = docx_open(data)
    out = []
    for link in d.element.body.iter(w("hyperlink")):
        rid = link.get(f"{{{NS['r']}}}id")
        target = d.part.rels[rid].target_ref if rid else "#" + (link.get(w("anchor")) or "")
        out.append((_p_text(link), target))
    return out


def docx_bookmarks_resolve(data: bytes) -> bool:
    """Every internal link and TOC range names a bookmark that exists, and every bookmark end
    closes a started one."""
    d = docx_open(data)
    body = d.element.body
    starts = {b.get(w("name")): b.get(w("id")) for b in body.iter(w("bookmarkStart"))}
    ends = [b.get(w("id")) for b in body.iter(w("bookmarkEnd"))]
    anchors = [h.get(w("anchor")) for h in body.iter(w("hyperlink")) if h.get(w("anchor"))]
    instr = " ".join(t.text or "" for t in body.iter(w("instrText")))
    ranges = [part.split()[0] for part in instr.split("\\b ")[1:]]
    return (all(a in starts for a in anchors) and all(r in starts for r in ranges)
            and sorted(ends) == sorted(starts.values()))


def docx_members(data: bytes) -> dict[str, bytes]:
    """The package's parts by name, as stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}
