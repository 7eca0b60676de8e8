"""Click-by-click builds in the slide show: pandoc's ::: incremental lists and its pause (. . .)
as PowerPoint's own animation, an Appear entrance effect per paragraph (or per shape: a picture,
a table, step boxes after a pause), one click per step (p:timing), and each animated text shape
built by paragraph (p:bldP build="p"). This is the markup PowerPoint writes for "Appear, by
paragraph", which LibreOffice and python-pptx read.

A recording or video (media.py) plays on a click of its own, as PowerPoint writes a media
started "In Click Sequence": a mediacall effect whose command is playFrom(0.0) in the main
sequence, and the media's own p:audio / p:video node (p:cMediaNode) beside the sequence.
"""

from __future__ import annotations

from lxml import etree

from .shapes import Slide, add, qn

P_TIMING = qn("p:timing")


def add_timing(s: Slide) -> None:
    """The slide's builds (Slide.builds: shape id, paragraph, step) and media (Slide.media:
    shape id, kind, length in ms, the click that plays it) as its p:timing; nothing when it
    has neither."""
    if not s.builds and not s.media:
        return
    steps = sorted({step for _, _, step in s.builds} | {play for *_, play in s.media if play})
    ids = iter(range(1, 1 << 30))
    timing = add(s.sld, P_TIMING)
    root = _ctn(add(add(timing, qn("p:tnLst")), qn("p:par")), next(ids),
                {"dur": "indefinite", "restart": "never", "nodeType": "tmRoot"})
    seq = add(add(root, qn("p:childTnLst")), qn("p:seq"), {"concurrent": "1", "nextAc": "seek"})
    main = _ctn(seq, next(ids), {"dur": "indefinite", "nodeType": "mainSeq"})
    clicks = add(main, qn("p:childTnLst"))
    for step in steps:
        click = _ctn(add(clicks, qn("p:par")), next(ids), {"fill": "hold"}, "indefinite")
        group = _ctn(add(add(click, qn("p:childTnLst")), qn("p:par")), next(ids), {"fill": "hold"}, "0")
        effects = add(group, qn("p:childTnLst"))
        shown = [(spid, para) for spid, para, st in s.builds if st == step]
        for k, (spid, para) in enumerate(shown):
            effect = _ctn(add(effects, qn("p:par")), next(ids), {
                "presetID": "1", "presetClass": "entr", "presetSubtype": "0", "fill": "hold",
                "grpId": "0", "nodeType": "clickEffect" if k == 0 else "withEffect"}, "0")
            sets = add(add(effect, qn("p:childTnLst")), qn("p:set"))
            behaviour = add(sets, qn("p:cBhvr"))
            _ctn(behaviour, next(ids), {"dur": "1", "fill": "hold"}, "0")
            target = add(add(behaviour, qn("p:tgtEl")), qn("p:spTgt"), {"spid": str(spid)})
            if para >= 0:  # a paragraph of a text shape; -1: the whole shape (a picture, a table)
                add(add(target, qn("p:txEl")), qn("p:pRg"), {"st": str(para), "end": str(para)})
            names = add(behaviour, qn("p:attrNameLst"))
            add(names, qn("p:attrName")).text = "style.visibility"
            add(add(sets, qn("p:to")), qn("p:strVal"), {"val": "visible"})
        played = [(spid, ms) for spid, _, ms, play in s.media if play == step]
        for k, (spid, ms) in enumerate(played, len(shown)):
            effect = _ctn(add(effects, qn("p:par")), next(ids), {
                "presetID": "1", "presetClass": "mediacall", "presetSubtype": "0", "fill": "hold",
                "nodeType": "clickEffect" if k == 0 else "withEffect"}, "0")
            command = add(add(effect, qn("p:childTnLst")), qn("p:cmd"), {"type": "call", "cmd": "playFrom(0.0)"})
            behaviour = add(command, qn("p:cBhvr"))
            _ctn(behaviour, next(ids), {"dur": ms, "fill": "hold"})
            add(add(behaviour, qn("p:tgtEl")), qn("p:spTgt"), {"spid": str(spid)})
    for tag, event in (("p:prevCondLst", "onPrev"), ("p:nextCondLst", "onNext")):
        cond = add(add(seq, qn(tag)), qn("p:cond"), {"evt": event, "delay": "0"})
        add(add(cond, qn("p:tgtEl")), qn("p:sldTgt"))
    for spid, kind, _, _ in s.media:  # each media's own node, as PowerPoint writes it
        node = add(add(seq.getparent(), qn(f"p:{kind}")), qn("p:cMediaNode"), {"vol": "80000"})
        ctn = _ctn(node, next(ids), {"fill": "hold", "display": "0"}, "indefinite")
        if kind == "audio":  # a sound stops when another sound starts
            cond = add(add(ctn, qn("p:endCondLst")), qn("p:cond"), {"evt": "onStopAudio", "delay": "0"})
            add(add(cond, qn("p:tgtEl")), qn("p:sldTgt"))
        add(add(node, qn("p:tgtEl")), qn("p:spTgt"), {"spid": str(spid)})
    by_paragraph = dict.fromkeys(spid for spid, para, _ in s.builds if para >= 0)
    if by_paragraph:
        built = add(timing, qn("p:bldLst"))
        for spid in by_paragraph:
            add(built, qn("p:bldP"), {"spid": str(spid), "grpId": "0", "build": "p"})


def _ctn(parent: etree._Element, n: int, attrs: dict[str, str], delay: str | None = None
         ) -> etree._Element:
    """A timing node (p:cTn) numbered n, with its start delay when given."""
    ctn = add(parent, qn("p:cTn"), {"id": str(n), **attrs})
    if delay is not None:
        add(add(ctn, qn("p:stCondLst")), qn("p:cond"), {"delay": delay})
    return ctn
