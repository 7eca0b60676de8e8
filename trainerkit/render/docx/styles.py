"""The reference document's styles: style ids by name, resolved once, and the built-in style
copied in (with the styles it is based on) when a course's reference lacks one."""

from __future__ import annotations

import copy

from lxml import etree

from .. import ooxml
from .builtin import builtin_styles
from .wml import W, child


def _style_name(style: etree._Element) -> str:
    name = style.find(W.name)
    return (name.get(W.val) if name is not None else style.get(W.styleId) or "").lower()


class Styles:
    """Style ids by (case-insensitive) name, resolved once; missing styles come from the built-in."""

    def __init__(self, styles: etree._Element):
        self.el = styles
        self.by_name: dict[str, etree._Element] = {}
        self.by_id: dict[str, etree._Element] = {}
        for st in styles.iterchildren(W.style):
            self.by_name.setdefault(_style_name(st), st)
            self.by_id[st.get(W.styleId)] = st
        self._builtin: dict[str, etree._Element] | None = None
        self.resolved: dict[str, str | None] = {}  # name -> styleId, as asked so far
        self.log: dict[str, None] | None = None  # names asked for, in order, while a module is drawn

    def id(self, name: str) -> str | None:
        """The styleId of the style called name, copying it from the built-in reference if needed."""
        key = name.lower()
        if self.log is not None:
            self.log.setdefault(key)
        if key not in self.resolved:
            st = self.by_name.get(key)
            if st is None:
                st = self._copy_builtin(key)
            self.resolved[key] = st.get(W.styleId) if st is not None else None
        return self.resolved[key]

    def element(self, name: str) -> etree._Element | None:
        sid = self.id(name)
        return self.by_id.get(sid) if sid else None

    def _copy_builtin(self, key: str) -> etree._Element | None:
        if self._builtin is None:
            self._builtin = {_style_name(s): s for s in builtin_styles().iterchildren(W.style)}
        src = self._builtin.get(key)
        if src is None:
            return None
        st = copy.deepcopy(src)
        st.attrib.pop(W.default, None)
        sid = st.get(W.styleId)
        while sid in self.by_id:
            sid = "tk" + sid
        st.set(W.styleId, sid)
        # Built-in list styles point at the built-in numbering; the writer numbers items itself.
        for num_pr in st.iter(W.numPr):
            num_pr.getparent().remove(num_pr)
        ooxml.insert(self.el, st)
        self.by_name[key] = st
        self.by_id[sid] = st
        builtin_ids = {s.get(W.styleId): n for n, s in self._builtin.items()}
        for tag in (W.basedOn, W.next, W.link):
            ref = st.find(tag)
            if ref is None:
                continue
            target_name = builtin_ids.get(ref.get(W.val))
            target = self.id(target_name) if target_name else None
            if target:
                ref.set(W.val, target)
            else:
                st.remove(ref)
        return st

    def num_pr(self, name: str) -> etree._Element | None:
        """The w:numPr a paragraph style carries (itself or through basedOn), if any."""
        st = self.element(name)
        seen = set()
        while st is not None and id(st) not in seen:
            seen.add(id(st))
            num_pr = st.find(f"{W.pPr}/{W.numPr}")
            if num_pr is not None:
                return num_pr
            based = st.find(W.basedOn)
            st = self.by_id.get(based.get(W.val)) if based is not None else None
        return None

    def set_language(self, latin: str, east_asian: str, east_asian_font: str) -> None:
        """Document defaults: language tags for Latin and East Asian text, and an East Asian
        font unless the reference names one."""
        rpr = child(child(child(self.el, W.docDefaults), W.rPrDefault), W.rPr)
        fonts = child(rpr, W.rFonts)
        if fonts.get(W.eastAsia) is None and fonts.get(W.eastAsiaTheme) is None:
            fonts.set(W.eastAsia, east_asian_font)
        lang = child(rpr, W.lang)
        lang.set(W.val, latin)
        lang.set(W.eastAsia, east_asian)

