"""A call simulation's branch map in the facilitator guide (issue 16): a native Word flowchart, a
group of shapes a trainer can edit (wpg:wgp), read back from guide.docx with lxml as Word would
draw it: one box per step holding its name (an ending a terminator, the start marked by a dot),
one connector per reply glued to the boxes of its step and its target, its ends on those boxes'
sides and its arrow head at the target, and on it a label with the reply's score; the best path in
the theme's accent and heavier; no two boxes or labels overlapping and no line through a box or
another reply's label. The connectors' preset paths are worked out here from their xfrm (flips,
quarter turns) and adjust values as the DrawingML spec defines them, independently of the
writer. openxml-audit finds nothing; LibreOffice converts the guide and every step's name and the
scores are in its PDF. End to end from the issue's Markdown too, a deep call laid top to bottom,
a reply back to its own step, and a module in its own language."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import pdf_text, to_pdf
from conftest import SIMULATION_EXAMPLE as EXAMPLE
from trainerkit import model
from trainerkit.build import build
from trainerkit.model import Heading, Turn, text_of
from trainerkit.render import flowchart
from trainerkit.render.docx import render_document
from trainerkit.render.docx.branch_map import connector_geometry
from trainerkit.simulation import BranchMap, Reply, Simulation, Step, best_walk, paper_numbers
from trainerkit.templates import labels_for

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
}
PT = 12700  # EMU
NEAR = 36000  # 1 mm
THIN = 2 * PT  # tolerance for "on a side": a line's width and the 1 pt a bend may be nudged


def T(s: str):
    return text_of(s)


def reply(words: str, target: str, score: float, feedback: str = "") -> Reply:
    return Reply(T(words), target, score, T(feedback) if feedback else ())


def issue_example() -> Simulation:
    """The issue's example built by hand."""
    return Simulation("第三次来电的车主", (
        Step("start", (Turn("客户", T("我已经打了三次电话了!你们到底管不管?")),), (
            reply("打了三次还没解决,确实让人着急。我马上帮您查。", "listen", 2),
            reply("系统显示您只打过两次。", "angry", -2, "不要纠正客户对事实的感受,先共情。"),
            reply("请您冷静一点。", "angry", -1))),
        Step("listen", (Turn("客户", T("定损员到现在都没来!")),), (
            reply("我现在就联系定损员,2 小时内给您回电。", "good", 2),
            reply("定损员很忙,您再等等。", "angry", -2))),
        Step("angry", (Turn("客户", T("你这什么态度?我要投诉你!")),), (
            reply("非常抱歉,我们重新来,我马上帮您查进度。", "listen", 1),
            reply("那您投诉吧。", "bad", -3))),
        Step("good", end=True, outcome=T("客户同意等待回电,情绪平稳。")),
        Step("bad", end=True, outcome=T("客户挂断并投诉。")),
    ), objective="1")


def deep_call() -> Simulation:
    """An English call of seven steps over six layers (too deep to read left to right), with a
    reply back to its own step, one back to the start and a step three replies lead into."""
    return Simulation("The caller whose parcel went missing", (
        Step("open", (Turn("Customer", T("My parcel never arrived and nobody calls me back.")),), (
            reply("I'm sorry, that sounds frustrating. Let me look it up right now.", "details", 2),
            reply("Have you checked with your neighbours?", "annoyed", -1),
            reply("Please hold.", "hold", -2))),
        Step("hold", (Turn("Customer", T("Hello? Are you still there?")),), (
            reply("Thank you for holding, I have your order here.", "details", 1),
            reply("Please hold a bit longer.", "hold", -1),
            reply("Sorry, the system is slow today.", "annoyed", -1))),
        Step("details", (Turn("Customer", T("It was supposed to come on Monday.")),), (
            reply("It was left at the depot. I can have it delivered tomorrow morning.", "offer", 2),
            reply("The courier says it was delivered.", "annoyed", -2))),
        Step("annoyed", (Turn("Customer", T("This is ridiculous. I want a manager.")),), (
            reply("I understand. Before I transfer you, may I try one thing?", "details", 1),
            reply("Let me start again from the beginning.", "open", 0),
            reply("Transferring you now.", "escalated", -2))),
        Step("offer", (Turn("Customer", T("Tomorrow? I need it today.")),), (
            reply("I can book the first slot, 8 am, and text you the tracking link.", "resolved", 2),
            reply("That's the best we can do.", "annoyed", -1))),
        Step("resolved", end=True, outcome=T("The customer accepts the 8 am slot.")),
        Step("escalated", end=True, outcome=T("The call goes to a manager; a complaint is logged.")),
    ))


def guide_of(sims: list[Simulation], language: str = "zh-CN") -> bytes:
    """A guide-like document: each simulation's heading and its branch map, numbered as on paper."""
    blocks: list = [Heading(0, T("Module"))]
    for sim in sims:
        blocks += [Heading(3, T(sim.title)),
                   BranchMap(sim, best_walk(sim), tuple(paper_numbers(sim, 7).items()), sim.loc),
                   model.Paragraph(T("The key follows."))]
    doc = model.Document("guide", "Guide", language, tuple(blocks), None, labels_for(language, None),
                         fixed_time="2026-12-01T00:00:00")  # else two renders a second apart differ
    return render_document(doc)


# -- reading a map back --------------------------------------------------------------------------


def _text(el: etree._Element) -> str:
    return "".join(el.itertext()) if el is not None else ""


def _xfrm(sp: etree._Element) -> dict:
    x = sp.find("a:xfrm", NS)
    off, ext = x.find("a:off", NS), x.find("a:ext", NS)
    return {"x": int(off.get("x")), "y": int(off.get("y")), "w": int(ext.get("cx")),
            "h": int(ext.get("cy")), "rot": int(x.get("rot", "0")),
            "flipH": x.get("flipH") == "1", "flipV": x.get("flipV") == "1"}


def preset_path(prst: str, w: int, h: int, adj: list[float]) -> list[tuple[float, float]]:
    """A connector preset's path in its own box (presetShapeDefinitions.xml)."""
    if prst == "straightConnector1":
        return [(0, 0), (w, h)]
    if prst == "bentConnector3":
        x1 = w * adj[0] / 100_000
        return [(0, 0), (x1, 0), (x1, h), (w, h)]
    if prst == "bentConnector4":
        x1, y2 = w * adj[0] / 100_000, h * adj[1] / 100_000
        return [(0, 0), (x1, 0), (x1, y2), (w, y2), (w, h)]
    if prst == "bentConnector5":
        x1, y2, x3 = w * adj[0] / 100_000, h * adj[1] / 100_000, w * adj[2] / 100_000
        return [(0, 0), (x1, 0), (x1, y2), (x3, y2), (x3, h), (w, h)]
    raise AssertionError(f"unexpected connector {prst}")


def drawn_path(sp: etree._Element) -> list[tuple[float, float]]:
    """Where a connector is drawn in the group: its preset path flipped, then turned about its
    box's centre, then placed."""
    geom = sp.find("a:prstGeom", NS)
    adj = [float(g.get("fmla").split()[1]) for g in geom.findall("a:avLst/a:gd", NS)]
    t = _xfrm(sp)
    w, h = t["w"], t["h"]
    cx, cy = t["x"] + w / 2, t["y"] + h / 2
    out = []
    for px, py in preset_path(geom.get("prst"), w, h, adj):
        if t["flipH"]:
            px = w - px
        if t["flipV"]:
            py = h - py
        dx, dy = px - w / 2, py - h / 2
        if t["rot"] == 5_400_000:
            dx, dy = -dy, dx
        elif t["rot"] == 16_200_000:
            dx, dy = dy, -dx
        else:
            assert t["rot"] == 0, t["rot"]
        out.append((cx + dx, cy + dy))
    return out


class Map:
    """One branch map read back: boxes by step name, connectors, labels, the start's dot."""

    def __init__(self, group: etree._Element):
        self.group = group
        self.boxes: dict[str, dict] = {}
        self.ids: dict[str, str] = {}  # shape id -> step name
        self.connectors: list[dict] = []
        self.labels: list[dict] = []
        self.dots: list[dict] = []
        for wsp in group.findall("wps:wsp", NS):
            sp = wsp.find("wps:spPr", NS)
            prst = sp.find("a:prstGeom", NS).get("prst")
            ln = sp.find("a:ln", NS)
            accent = ln is not None and ln.find("a:solidFill/a:schemeClr[@val='accent1']", NS) is not None
            look = {"width": int(ln.get("w", "0")) if ln is not None else 0, "accent": accent}
            if wsp.find("wps:cNvCnPr", NS) is not None:
                cn = wsp.find("wps:cNvCnPr", NS)
                st, en = cn.find("a:stCxn", NS), cn.find("a:endCxn", NS)
                self.connectors.append(dict(look, el=wsp, path=drawn_path(sp), prst=prst,
                                            start=st.get("id") if st is not None else None,
                                            end=en.get("id"), arrow=ln.find("a:tailEnd", NS) is not None))
                continue
            rect = _xfrm(sp)
            paras = [_text(p) for p in wsp.findall(".//w:p", NS)]
            item = dict(look, el=wsp, prst=prst, rect=rect, paras=paras, text="".join(paras))
            if wsp.find("wps:cNvSpPr[@txBox='1']", NS) is not None:
                self.labels.append(item)
            elif prst == "ellipse":
                self.dots.append(item)
            else:
                name = paras[0].split(" · ", 1)[-1]
                self.boxes[name] = item
                self.ids[wsp.find("wps:cNvPr", NS).get("id")] = name


def maps(data: bytes) -> list[Map]:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return [Map(g) for g in root.iter(f"{{{NS['wpg']}}}wgp")]


def _inside(pt, r, margin=0.0) -> bool:
    """pt strictly inside rectangle r (shrunk by margin)."""
    x, y = pt
    return r["x"] + margin < x < r["x"] + r["w"] - margin and r["y"] + margin < y < r["y"] + r["h"] - margin


def _on_side(pt, r) -> str | None:
    """Which side of rectangle r the point lies on (within THIN), None if on none."""
    x, y = pt
    within_y = r["y"] - THIN <= y <= r["y"] + r["h"] + THIN
    within_x = r["x"] - THIN <= x <= r["x"] + r["w"] + THIN
    if within_y and abs(x - r["x"]) <= THIN:
        return "l"
    if within_y and abs(x - (r["x"] + r["w"])) <= THIN:
        return "r"
    if within_x and abs(y - r["y"]) <= THIN:
        return "t"
    if within_x and abs(y - (r["y"] + r["h"])) <= THIN:
        return "b"
    return None


def _segment_hits(a, b, r, margin) -> bool:
    """Whether the axis-aligned segment a-b passes through rectangle r's inside (shrunk)."""
    (x0, y0), (x1, y1) = a, b
    lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return (lo_x < r["x"] + r["w"] - margin and hi_x > r["x"] + margin
            and lo_y < r["y"] + r["h"] - margin and hi_y > r["y"] + margin)


def _centre(r) -> tuple[float, float]:
    return r["x"] + r["w"] / 2, r["y"] + r["h"] / 2


def _bounds(p, q) -> dict:
    return {"x": min(p[0], q[0]), "y": min(p[1], q[1]), "w": abs(p[0] - q[0]), "h": abs(p[1] - q[1])}


def _grown(r, by: float) -> dict:
    return {"x": r["x"] - by, "y": r["y"] - by, "w": r["w"] + 2 * by, "h": r["h"] + 2 * by}


def _overlap(r, s) -> bool:
    return (r["x"] < s["x"] + s["w"] and s["x"] < r["x"] + r["w"]
            and r["y"] < s["y"] + s["h"] and s["y"] < r["y"] + r["h"])


def check_map(m: Map, sim: Simulation) -> None:
    """Everything a trainer reading the map relies on."""
    steps = {s.name: s for s in sim.steps}
    # One box per step, holding its name; an ending a terminator; what is said first below.
    assert set(m.boxes) == set(steps)
    for name, box in m.boxes.items():
        assert box["prst"] == ("flowChartTerminator" if steps[name].end else "roundRect"), name
    assert len(m.dots) == 1
    start = m.boxes[sim.steps[0].name]["rect"]
    dot = m.dots[0]["rect"]
    assert dot["x"] + dot["w"] <= start["x"] or dot["y"] + dot["h"] <= start["y"]  # before it
    # The dot's arrow into the start, then one connector per reply, glued to its two boxes.
    into_start = [c for c in m.connectors if c["start"] is None]
    assert len(into_start) == 1 and m.ids[into_start[0]["end"]] == sim.steps[0].name
    connectors = [c for c in m.connectors if c["start"] is not None]
    replies = [(s.name, r.target, r.score) for s in sim.steps for r in s.replies]
    assert len(connectors) == len(replies) == len(m.labels)
    pairs = sorted((m.ids[c["start"]], m.ids[c["end"]]) for c in connectors)
    assert pairs == sorted((a, b) for a, b, _ in replies)
    # Each connector's path: its ends on its boxes' sides, the arrow head at the target, every
    # segment across or down, through no box and no label but its own; its label on it.
    used_labels: set[int] = set()
    for c in connectors:
        a, b = m.ids[c["start"]], m.ids[c["end"]]
        path = c["path"]
        assert c["arrow"], "an arrow head at the target"
        assert _on_side(path[0], m.boxes[a]["rect"]), (a, b, path)
        assert _on_side(path[-1], m.boxes[b]["rect"]), (a, b, path)
        for p, q in zip(path, path[1:]):
            assert abs(p[0] - q[0]) < 2 or abs(p[1] - q[1]) < 2, (a, b, path)
        mine = [k for k, lab in enumerate(m.labels)
                if any(_inside(_centre(lab["rect"]), _grown(_bounds(p, q), THIN))
                       for p, q in zip(path, path[1:]))]
        if a == b:  # a loop's label sits beside the line it turns round on
            mine += [k for k, lab in enumerate(m.labels)
                     if any(_segment_hits(p, q, _grown(lab["rect"], NEAR), 0)
                            for p, q in zip(path, path[1:]))]
        mine = [k for k in mine if k not in used_labels]
        assert mine, f"no label on the arrow {a} -> {b}"
        k = mine[0]
        used_labels.add(k)
        score = m.labels[k]["paras"][0].split(" ")[0].split("…")[0]
        assert (a, b, float(score)) in replies, (a, b, score)
        for p, q in zip(path, path[1:]):
            for name, box in m.boxes.items():
                assert not _segment_hits(p, q, box["rect"], THIN), f"{a} -> {b} runs through {name}"
            for j, lab in enumerate(m.labels):
                if j != k:
                    assert not _segment_hits(p, q, lab["rect"], THIN), \
                        f"{a} -> {b} runs through the label {lab['text']}"
    # No two boxes or labels overlap.
    rects = [b["rect"] for b in m.boxes.values()] + [lab["rect"] for lab in m.labels] + [dot]
    for r, s in itertools.combinations(rects, 2):
        assert not _overlap(r, s), (r, s)
    # The best path picked out: its boxes and replies in the accent and heavier, the rest not.
    best = best_walk(sim)
    on_best = set(best.steps)
    for name, box in m.boxes.items():
        assert box["accent"] == (name in on_best), name
    best_pairs = set(zip(best.steps, best.steps[1:]))
    heavy = {(m.ids[c["start"]], m.ids[c["end"]]) for c in connectors if c["accent"]}
    assert heavy == best_pairs
    thin = max(c["width"] for c in connectors if not c["accent"])
    assert min(c["width"] for c in connectors if c["accent"]) > thin


# -- the layout and the connectors' geometry -----------------------------------------------------


@pytest.mark.parametrize("across", [True, False])
@pytest.mark.parametrize("sim", [issue_example(), deep_call()], ids=["issue", "deep"])
def test_every_path_is_drawn_by_its_connector(sim: Simulation, across: bool) -> None:
    """The preset, flips, turn and adjust values chosen for each arrow draw exactly its path."""
    lay = flowchart.layout(sim, best_walk(sim), across=across)
    for arrow in lay.arrows + [flowchart.Arrow("", 0, "", lay.dot_arrow, ("r", "l"), (0, 0, 0, 0))]:
        prst, (x, y, w, h), rot, (fh, fv), adj = connector_geometry(arrow.points)
        gds = "".join(f'<a:gd name="adj{k}" fmla="val {v}"/>' for k, v in enumerate(adj, 1))
        xfrm = etree.fromstring(
            f'<sp xmlns:a="{NS["a"]}"><a:xfrm rot="{rot}" flipH="{int(fh)}" flipV="{int(fv)}">'
            f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="{prst}">'
            f'<a:avLst>{gds}</a:avLst></a:prstGeom></sp>')
        drawn = drawn_path(xfrm)
        assert len(drawn) == len(arrow.points)
        for (px, py), (qx, qy) in zip(drawn, arrow.points):
            assert abs(px - qx) <= PT + 2 and abs(py - qy) <= PT + 2, (arrow.step, arrow.points, drawn)


def test_the_layout_is_the_same_every_time() -> None:
    a = flowchart.layout(issue_example(), best_walk(issue_example()))
    b = flowchart.layout(issue_example(), best_walk(issue_example()))
    assert a == b
    assert guide_of([issue_example()]) == guide_of([issue_example()])


def test_the_best_path_runs_straight_from_the_start() -> None:
    sim = issue_example()
    lay = flowchart.layout(sim, best_walk(sim))
    rows = {n: b.y + b.h // 2 for n, b in lay.boxes.items()}
    assert rows["start"] == rows["listen"] == rows["good"]
    xs = [lay.boxes[n].x for n in ("start", "listen", "good")]
    assert xs == sorted(xs)
    best = {(a.step, a.target): a for a in lay.arrows if (a.step, a.reply) in {("start", 0), ("listen", 0)}}
    assert all(len(a.points) == 2 for a in best.values())  # straight lines
    back = [a for a in lay.arrows if a.step == "angry" and a.target == "listen"]
    assert back and back[0].back and back[0].sides == ("l", "r")


# -- the guide's map as Word gets it ---------------------------------------------------------------


def test_the_issue_example_as_a_native_flowchart(tmp_path: Path) -> None:
    sim = issue_example()
    data = guide_of([sim])
    [m] = maps(data)
    check_map(m, sim)
    # Inline in a paragraph of its own, as a group of Word 2010 shapes, its own alt text.
    inline = m.group.getparent().getparent().getparent()
    assert inline.tag == f"{{{NS['wp']}}}inline"
    assert m.group.getparent().get("uri") == NS["wpg"]
    descr = inline.find("wp:docPr", NS).get("descr")
    assert "第三次来电的车主" in descr and "start" in descr
    # The boxes: the section number on paper, the name, then what the customer says first.
    numbers = paper_numbers(sim, 7)
    assert m.boxes["start"]["paras"][0] == f"{numbers['start']} · start"
    assert m.boxes["start"]["paras"][1].startswith("客户")
    assert m.boxes["bad"]["paras"][1] == "客户挂断并投诉。"
    labels = sorted(lab["paras"][0] for lab in m.labels)
    assert any(t.startswith("+2 我现在就联系") for t in labels), labels
    assert any(t == "-3 那您投诉吧。" for t in labels), labels
    # The caption: the best path, numbered as on paper, and its points.
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    caption = next(_text(p) for p in root.iter(f"{{{NS['w']}}}p") if "分支图" in _text(p))
    assert f"{numbers['start']} start → {numbers['listen']} listen → {numbers['good']} good" in caption
    assert "4 分" in caption
    # Ids unique in the document (the connectors' glue names them).
    ids = [el.get("id") for el in root.iter(f"{{{NS['wps']}}}cNvPr", f"{{{NS['wp']}}}docPr")]
    assert len(ids) == len(set(ids))
    path = tmp_path / "guide.docx"
    path.write_bytes(data)
    from test_schema import findings
    assert findings(path) == []


def test_a_deep_call_is_drawn_top_to_bottom(tmp_path: Path) -> None:
    """Six layers left to right would need small type: the map runs down the page instead, with
    its loop (a reply back to its own step) and its reply back to the start."""
    sim = deep_call()
    data = guide_of([sim], "en")
    [m] = maps(data)
    check_map(m, sim)
    rows = [m.boxes[n]["rect"]["y"] for n in ("open", "details", "offer", "resolved")]
    assert rows == sorted(rows) and len(set(rows)) == 4  # the best path down the page
    lefts = {m.boxes[n]["rect"]["x"] for n in ("open", "details", "offer", "resolved")}
    assert len(lefts) == 1  # straight
    loop = [c for c in m.connectors if c["start"] and m.ids[c["start"]] == m.ids[c["end"]] == "hold"]
    assert len(loop) == 1 and loop[0]["prst"] == "bentConnector4"
    # The words: the document's language, fonts big enough to read.
    sizes = [int(s.get(f"{{{NS['w']}}}val")) for s in m.group.iter(f"{{{NS['w']}}}sz")]
    assert min(sizes) >= 13  # 6.5 pt
    path = tmp_path / "deep.docx"
    path.write_bytes(data)
    from test_schema import findings
    assert findings(path) == []


def test_a_big_call_is_scaled_to_the_page() -> None:
    """A call of 40 steps still fits the page's width and most of its height."""
    steps = []
    for k in range(40):
        if k == 39:
            steps.append(Step(f"s{k}", end=True, outcome=T("done")))
            continue
        rs = [reply("go on", f"s{k + 1}", 1)] + ([reply("skip", f"s{k + 2}", 0)] if k < 38 else []) \
            + ([reply("back", f"s{k - 2}", -1)] if k > 1 else [])
        steps.append(Step(f"s{k}", (Turn("C", T(f"line {k}")),), tuple(rs)))
    sim = Simulation("Forty steps", tuple(steps))
    [m] = maps(guide_of([sim], "en"))
    inline = m.group.getparent().getparent().getparent()
    ext = inline.find("wp:extent", NS)
    assert int(ext.get("cx")) <= 9638 * 635 and int(ext.get("cy")) <= 14570 * 635 * 0.75
    assert len(m.boxes) == 40 and len(m.connectors) == 1 + sum(len(s.replies) for s in steps)


def test_libreoffice_draws_the_map(tmp_path: Path) -> None:
    """LibreOffice converts the guide: every step's name and every score is in the PDF, the
    caption under the map; the picture looks right (tmp_path's PNG, checked by eye)."""
    sim = issue_example()
    path = tmp_path / "guide.docx"
    path.write_bytes(guide_of([sim, deep_call()]))
    pdf = to_pdf(path, tmp_path)
    text = pdf_text(pdf)
    for step in sim.steps + deep_call().steps:
        assert step.name in text, step.name
    for score in ("+2", "-2", "-1", "+1", "-3", "0 Let me"):
        assert score in text, score
    assert "第三次来电的车主的分支图" in text


# -- end to end, from the Markdown ---------------------------------------------------------------


MODULE = """---
title: {title}
duration: 30
{language}objectives:
  - {objective}
---

# {section}

## {slide}

{body}
"""


def course(root: Path, language: str, module_language: str = "") -> Path:
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text(f"title: Calls\nlanguage: {language}\noutputs: [guide]\n",
                                     encoding="utf-8")
    (root / "modules" / "01-calls.md").write_text(MODULE.format(
        title="来电模拟", objective="先共情再处理", section="模拟", slide="第三次来电",
        language=f"language: {module_language}\n" if module_language else "", body=EXAMPLE),
        encoding="utf-8")
    return root


def test_the_guide_has_the_map_before_the_key(tmp_path: Path) -> None:
    """The issue's Markdown, built: the guide shows its map (the map right after the
    simulation's heading, the key after it), drawn as the hand-built one is."""
    out = tmp_path / "out"
    build(course(tmp_path / "c", "zh-CN"), out, use_cache=False)
    data = (out / "guide.docx").read_bytes()
    [m] = maps(data)
    check_map(m, issue_example())
    root = etree.fromstring(zipfile.ZipFile(out / "guide.docx").read("word/document.xml"))
    body = list(root.find("w:body", NS))
    at = next(k for k, el in enumerate(body) if el.find(".//wpg:wgp", NS) is not None)
    before = [_text(el) for el in body[at - 2:at]]
    assert any("第三次来电的车主" in t for t in before), before
    after = [_text(el) for el in body[at + 1:at + 4]]
    assert "分支图" in after[0]
    assert any(t.startswith("答案") for t in after[1:]), after
    from test_schema import findings
    assert findings(out / "guide.docx") == []


def test_a_module_in_its_own_language_tags_the_map(tmp_path: Path) -> None:
    """An English course's module written in Traditional Chinese: the map's words are tagged
    zh-TW with a Traditional face, as the rest of the module's runs."""
    out = tmp_path / "out"
    build(course(tmp_path / "c", "en", "zh-TW"), out, use_cache=False)
    [m] = maps((out / "guide.docx").read_bytes())
    runs = list(m.group.iter(f"{{{NS['w']}}}r"))
    assert runs
    for r in runs:
        lang = r.find("w:rPr/w:lang", NS)
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert lang is not None and lang.get(f"{{{NS['w']}}}eastAsia") == "zh-TW"
        assert fonts is not None and re.search("JhengHei", fonts.get(f"{{{NS['w']}}}eastAsia", ""))
