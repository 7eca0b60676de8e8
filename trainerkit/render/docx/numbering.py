"""Numbering definitions and instances: the trainerkit list definitions (copied from the
built-in reference when a course's lacks them) and one instance per numbered run, so that each
run starts again at its own number."""

from __future__ import annotations

import copy

from lxml import etree

from .. import ooxml
from .builtin import builtin_numbering
from .wml import W, add, val


class Numbering:
    """Numbering definitions: one w:num per numbered list, so that each list restarts."""

    def __init__(self, numbering: etree._Element, styles: etree._Element):
        self.el = numbering
        self.abstract_by_name: dict[str, str] = {}
        max_abstract = -1
        for an in numbering.iterchildren(W.abstractNum):
            aid = an.get(W.abstractNumId)
            max_abstract = max(max_abstract, int(aid))
            name = an.find(W.name)
            if name is not None:
                self.abstract_by_name.setdefault(name.get(W.val), aid)
        self.next_abstract = max_abstract + 1
        self.num_ids = {n.get(W.numId) for n in numbering.iterchildren(W.num)}
        # Styles may name numbering instances the part lacks: never reuse their ids.
        used = self.num_ids | {e.get(W.val) for e in styles.iter(W.numId)}
        self.next_num = max((int(i) for i in used if i and i.isdigit()), default=0) + 1
        self._bullet: str | None = None
        # While a module is drawn: ("o", level, start, id) and ("b", id), in the order asked.
        self.log: list[tuple] | None = None

    def _abstract(self, name: str) -> str:
        aid = self.abstract_by_name.get(name)
        if aid is None:
            src = next(a for a in builtin_numbering().iterchildren(W.abstractNum)
                       if a.find(W.name).get(W.val) == name)
            an = copy.deepcopy(src)
            aid = str(self.next_abstract)
            self.next_abstract += 1
            an.set(W.abstractNumId, aid)
            ooxml.insert(self.el, an)  # abstractNum elements come before every w:num
            self.abstract_by_name[name] = aid
        return aid

    def _new_num(self, abstract: str) -> tuple[str, etree._Element]:
        num_id = str(self.next_num)
        self.next_num += 1
        num = add(self.el, W.num, {W.numId: num_id})  # before a w:numIdMacAtCleanup
        val(num, W.abstractNumId, abstract)
        return num_id, num

    def defines(self, num_pr: etree._Element | None) -> bool:
        """Whether a style's w:numPr names a numbering instance that exists."""
        if num_pr is None:
            return False
        num_id = num_pr.find(W.numId)
        return num_id is not None and num_id.get(W.val) in self.num_ids

    def ordered(self, level: int, start: int) -> str:
        """A new numbering instance whose `level` starts again at `start`."""
        num_id, num = self._new_num(self._abstract("trainerkit-decimal"))
        override = add(num, W.lvlOverride, {W.ilvl: str(level)})
        val(override, W.startOverride, start)
        if self.log is not None:
            self.log.append(("o", level, start, num_id))
        return num_id

    @property
    def bullet(self) -> str:
        """The one bullet instance of the document (bullets never restart)."""
        if self._bullet is None:
            self._bullet = self._new_num(self._abstract("trainerkit-bullet"))[0]
        if self.log is not None and (not self.log or self.log[-1][0] != "b"):
            self.log.append(("b", self._bullet))
        return self._bullet
