"""The document writer's unit cache: a module's body XML kept between builds.

A unit is a part of a module in the document: from its PageBreak, or from the end of its
opening (model.Document.units), to the next unit. Its key (render/unit_cache.Keys) covers
everything its XML depends on: this package's code and the shared modules it draws with, the
libraries' versions, the reference's and the built-in reference's bytes, the document's kind,
language and labels, the unit's blocks as planned (without the numbers Document.numbers marks,
which are written in again on reuse), which of them keep with the next, and the bytes of every
picture it shows.

An entry (sealed: a JSON index and blobs) holds the unit's XML and what it shares with the rest
of the document, so that a reused unit gets fresh values: numbering instances, relationships
(pictures, links), drawing ids, figure numbers, styles copied from the built-in reference, and
the bookmarks the table of contents links to (made again from this document's plan)."""

from __future__ import annotations

import copy
import hashlib
import io
from dataclasses import replace
from pathlib import Path
from typing import Callable

import docx
from docx.image.exceptions import (
    InvalidImageStreamError, UnexpectedEndOfFileError, UnrecognizedImageError,
)
from lxml import etree

from ... import model
from ..unit_cache import (
    Blobs, Keys, UnitCache, cached_blob, code_digest, file_digest, get_quietly, put_quietly,
    seal, unseal,
)
from .builtin import builtin_template
from .contents import heading_marks
from .drawing import Ctx, Drawing, UnitLog
from .pictures import seq_result
from .wml import BLIP, DOC_PR, R_EMBED, R_ID, R_NS, W

_UNIT_MAGIC = b"trainerkit docx module\n"
_UNIT_FORMAT = "3"  # 3: the numbers headings say, written in again (model.Document.numbers)
_R_ATTRS = etree.XPath(f".//@*[namespace-uri() = '{R_NS}']", smart_strings=True)
_REL_OWNERS = {(W.hyperlink, R_ID), (BLIP, R_EMBED)}
_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True, remove_blank_text=False)
# What a damaged or foreign entry (or one a unit cannot be described by) raises on the way:
# a miss, and the unit is drawn afresh.
_DAMAGED = (KeyError, IndexError, TypeError, ValueError, AttributeError, etree.LxmlError,
            UnrecognizedImageError, InvalidImageStreamError, UnexpectedEndOfFileError)

_HERE = Path(__file__).resolve().parent
_CODE = tuple(str(p) for p in (_HERE, _HERE.parent / "callcentre.py", _HERE.parent / "ooxml.py",
                               _HERE.parent / "lists.py", _HERE.parent / "unit_cache.py",
                               _HERE.parents[1] / "text.py"))


def module_starts(doc: model.Document) -> set[int]:
    """Where the units start: the plan's (model.Document.units). A document planned without
    them (cards, a quiz paper or key) is one part, drawn every time."""
    return set(doc.units)


class ModuleCache:
    """The units of one document: each looked up under its key, reused with fresh ids, or
    drawn (with draw) and stored."""

    def __init__(self, doc: model.Document, d: Drawing, body: etree._Element, cache: UnitCache,
                 draw: Callable[[int, int, Ctx], None]):
        self.doc, self.d, self.body, self.cache, self.draw = doc, d, body, cache, draw
        self.numbers = {k: (offset, length) for k, offset, length in doc.numbers}
        ref = Path(doc.reference or builtin_template("reference.docx"))
        self.keys = Keys("docx-unit-", (
            _UNIT_FORMAT, docx.__version__, etree.__version__, code_digest(*_CODE),
            file_digest(ref), file_digest(builtin_template("reference.docx")),
            repr(doc.kind), repr(doc.language), repr(sorted(doc.labels.items()))))

    def unit(self, start: int, end: int, ctx: Ctx) -> None:
        """One module: its cached body XML when the cache has it, else drawn and stored."""
        key = self.key(start, end)
        data = get_quietly(self.cache, key)
        if data is not None and self._reuse(key, start, data):
            return
        d = self.d
        marker = _last_child(self.body)
        log = d.log = UnitLog(d.doc_pr_id, d.figure)
        d.styles.log, d.numbering.log = log.styles, log.numbering
        try:
            self.draw(start, end, ctx)
        finally:
            d.log = d.styles.log = d.numbering.log = None
        try:
            entry = self._encode(key, start, marker, log)
        except _DAMAGED:  # a module the cache cannot describe is drawn every time
            entry = None
        if entry is not None:
            put_quietly(self.cache, key, entry)

    def key(self, start: int, end: int) -> str:
        """The cache key of blocks[start:end]: see the module's docstring."""
        blocks = self.doc.blocks
        unit = blocks[start:end]
        keeps = [k for k, block in enumerate(unit) if id(block) in self.d.keeps]
        numbered = self._numbered(start, end)
        if numbered:  # keyed without them: the unit is the same wherever its module is
            unit = list(unit)
            for k, offset, length in numbered:
                first = unit[k].text[0]
                cut = replace(first, text=first.text[:offset] + first.text[offset + length:])
                unit[k] = replace(unit[k], text=(cut, *unit[k].text[1:]))
        language = self.d.unit_language(start)
        words = sorted(self.doc.labels_in.get(language, {}).items()) if language else []
        return self.keys.key(unit, keeps, end == len(blocks), language, words)

    def _numbered(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The numbers in the unit's headings as (index in the unit, offset, length)."""
        return [(k - start, *n) for k in range(start, end) if (n := self._number_at(k))]

    def _number_at(self, index: int) -> tuple[int, int] | None:
        """(offset, length) of the number model.Document.numbers marks in blocks[index], a
        heading whose first span holds it; None for any other block."""
        n = self.numbers.get(index)
        if n is None:
            return None
        block = self.doc.blocks[index]
        offset, length = n
        if isinstance(block, model.Heading) and block.text \
                and 0 <= offset <= offset + length <= len(block.text[0].text):
            return n
        return None

    # -- writing an entry -------------------------------------------------------------------

    def _encode(self, key: str, start: int, marker: etree._Element | None,
                log: UnitLog) -> bytes | None:
        """A cache entry for the module just drawn (its elements follow marker in the body):
        a JSON index and the blobs it points into, behind a checksum; None when the module
        holds something the entry could not give fresh values."""
        body = self.body
        els = list(marker.itersiblings()) if marker is not None else list(body)
        if not els or self.d.break_before:
            return None
        # Into a holder of their own for one pass over them and one serialisation (the holder
        # declares the body's namespaces, so none is declared again), then back in place. The
        # holder sits in the same XML document as the body: lxml moves elements between two
        # documents in time quadratic in their size (issue 10: 20,000 table rows took 100 s).
        root = body.getparent()
        if root is not None:
            holder = etree.SubElement(root, body.tag)
        else:
            holder = etree.Element(body.tag, nsmap=body.nsmap)
        holder.extend(els)
        try:
            xml = etree.tostring(holder, encoding="utf-8", xml_declaration=False)
            return self._describe(key, start, els, holder, xml, log)
        finally:
            body.extend(els)
            if root is not None:
                root.remove(holder)

    def _describe(self, key: str, start: int, els: list[etree._Element], holder: etree._Element,
                  xml: bytes, log: UnitLog) -> bytes | None:
        d = self.d
        position = {el: k for k, el in enumerate(els)}
        headings = []
        marks_in_headings = 0
        for index, p in log.headings:
            if p not in position:
                return None
            headings.append([index - start, position[p]])
            marks_in_headings += sum(1 for ch in p if ch.tag in (W.bookmarkStart, W.bookmarkEnd))
        nums = {e[-1] for e in log.numbering}
        rel_ids = {rid for _, rid, _ in log.rels}
        doc_pr_end, figure_end = d.doc_pr_id, d.figure
        marks = figures = doc_prs = 0
        for el in holder.iter(W.bookmarkStart, W.bookmarkEnd, W.numId, DOC_PR, W.instrText):
            tag = el.tag
            if tag == W.numId:
                if el.get(W.val) not in nums:
                    return None
            elif tag == DOC_PR:
                n = int(el.get("id"))
                if not log.doc_pr <= n < doc_pr_end or el.get("name") != f"Picture {n}":
                    return None
                doc_prs += 1
            elif tag == W.instrText:
                t = seq_result(el)
                if t is None or not log.figure < int(t.text) <= figure_end:
                    return None
                figures += 1
            else:
                marks += 1
        for attr in _R_ATTRS(holder):
            if attr not in rel_ids or (attr.getparent().tag, attr.attrname) not in _REL_OWNERS:
                return None
        if marks != marks_in_headings or doc_prs != doc_pr_end - log.doc_pr \
                or figures != figure_end - log.figure:
            return None
        numbers = []
        for index, p in log.headings:
            if n := self._number_at(index):
                offset, length = n
                number = self.doc.blocks[index].text[0].text[offset:offset + length]
                numbers.append([index - start, offset, number, _text_in(p)])
        blobs = Blobs()
        add = blobs.add
        xml_ref = add(xml)
        rels = []
        for kind, rid, target in log.rels:
            if kind == "image":
                blob = d.part.related_parts[rid].blob
                rels.append([kind, rid, str(target), hashlib.sha1(blob).hexdigest(), *add(blob)])
            else:
                rels.append([kind, rid, target])
        return seal(_UNIT_MAGIC, {
            "key": key, "count": len(els), "xml": xml_ref,
            "styles": [[name, d.styles.resolved.get(name)] for name in log.styles],
            "numbering": [list(e) for e in log.numbering], "rels": rels,
            "doc_pr": [log.doc_pr, doc_prs], "figure": [log.figure, figures],
            "headings": headings, "numbers": numbers,
        }, blobs.parts)

    # -- reading one back -------------------------------------------------------------------

    def _decode(self, key: str, data: bytes) -> tuple[dict, etree._Element, dict] | None:
        """A cache entry back as (index, holder of the elements, media by rId), or None when it
        is for another key or damaged in any way."""
        entry = unseal(_UNIT_MAGIC, data)
        if entry is None:
            return None
        index, area = entry
        if index["key"] != key:
            return None

        def blob(start, length) -> bytes:
            return cached_blob(area, start, length)

        media = {}
        for rel in index["rels"]:
            if rel[0] == "image":
                _, rid, _path, sha, start, length = rel
                media[rid] = blob(start, length)
                if hashlib.sha1(media[rid]).hexdigest() != sha:
                    return None
            elif rel[0] != "link" or not isinstance(rel[2], str):
                return None
        holder = etree.fromstring(blob(*index["xml"]), _FRAGMENT_PARSER)
        if holder.tag != self.body.tag or len(holder) != index["count"]:
            return None
        for rel_index, k in index["headings"]:
            if not (isinstance(rel_index, int) and isinstance(k, int) and 0 <= k < len(holder)
                    and holder[k].tag == W.p):
                return None
        for entry in index["numbering"]:
            if entry[0] not in ("o", "b"):
                return None
        return index, holder, media

    def _reuse(self, key: str, start: int, data: object) -> bool:
        """Put a module's cached XML into the body, with fresh ids; False (nothing put) when the
        entry cannot be used."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            return False
        try:
            decoded = self._decode(key, bytes(data))
        except _DAMAGED:
            return False
        if decoded is None:
            return False
        index, holder, media = decoded
        try:
            self._renumber(index, holder, media, start)
        except _DAMAGED:
            return False  # what was added is unused; the module is drawn afresh
        # Copied, not moved, into the body: moving a parsed tree into another document is
        # quadratic in lxml, a copy linear (see _encode).
        for el in holder:
            self.body.append(copy.deepcopy(el))
        return True

    def _renumber(self, index: dict, holder: etree._Element, media: dict, start: int) -> None:
        """Give a cached module this document's styles, numbering, relationships, drawing ids,
        figure numbers and bookmarks; ValueError when its styles differ from this document's."""
        d = self.d
        self._write_numbers(index, holder, start)
        # Styles first: a mismatch leaves only unused style copies behind.
        for name, sid in index["styles"]:
            if d.styles.id(name) != sid:
                raise ValueError("the styles differ")
        nums: dict[str, str] = {}
        for entry in index["numbering"]:
            if entry[0] == "o":
                _, level, first, old = entry
                nums[old] = d.numbering.ordered(level, first)
            else:
                nums[entry[1]] = d.numbering.bullet
        rids: dict[str, str] = {}
        for rel in index["rels"]:
            if rel[0] == "image":
                rid, image = d.part.get_or_add_image(io.BytesIO(media[rel[1]]))
                d.images.setdefault(Path(rel[2]), (rid, int(image.width), int(image.height)))
            else:
                url = rel[2]
                rid = d.links.get(url)
                if rid is None:
                    rid = d.links[url] = d.rids.link(url)
            rids[rel[1]] = rid
        old_pr, n_pr = index["doc_pr"]
        old_fig, n_fig = index["figure"]
        for el in holder.iter(W.numId, W.hyperlink, BLIP, DOC_PR, W.instrText):
            tag = el.tag
            if tag == W.numId:
                el.set(W.val, nums[el.get(W.val)])
            elif tag == W.hyperlink:
                if el.get(R_ID) is not None:
                    el.set(R_ID, rids[el.get(R_ID)])
            elif tag == BLIP:
                el.set(R_EMBED, rids[el.get(R_EMBED)])
            elif tag == DOC_PR:
                new = str(d.doc_pr_id + int(el.get("id")) - old_pr)
                el.set("id", new)
                el.set("name", f"Picture {new}")
            else:
                t = seq_result(el)
                t.text = str(d.figure + int(t.text) - old_fig)
        d.doc_pr_id += n_pr
        d.figure += n_fig
        for rel_index, k in index["headings"]:
            p = holder[k]
            for mark in [ch for ch in p if ch.tag in (W.bookmarkStart, W.bookmarkEnd)]:
                p.remove(mark)
            heading_marks(d, p, start + rel_index)

    def _write_numbers(self, index: dict, holder: etree._Element, start: int) -> None:
        """This document's numbers in the cached headings (the unit was keyed without them),
        each in the text it was drawn in; ValueError where the headings are not as drawn."""
        at = {rel: k for rel, k in index["headings"]}
        ours = {rel: n for rel in at if (n := self._number_at(start + rel))}
        numbers = index["numbers"]
        if sorted((rel, offset) for rel, offset, _, _ in numbers) \
                != sorted((rel, n[0]) for rel, n in ours.items()):
            raise ValueError("other numbers")
        for rel, offset, old, drawn in numbers:
            p = holder[at[rel]]
            text = model.plain(self.doc.blocks[start + rel].text)
            new = text[offset:offset + ours[rel][1]]
            # The heading's text as drawn is its text as planned, with the old number (the
            # unit was keyed without it): the offset is the same in both.
            if not _text_in(p) == drawn == text[:offset] + old + text[offset + len(new):]:
                raise ValueError("the heading is not as drawn")
            seen = 0
            for t in p.iter(W.t):
                run = t.text or ""
                if seen <= offset and offset + len(old) <= seen + len(run):
                    t.text = run[:offset - seen] + new + run[offset - seen + len(old):]
                    break
                seen += len(run)
            if _text_in(p) != text:
                raise ValueError("the number is split across runs")


def _text_in(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(W.t))


def _last_child(body: etree._Element) -> etree._Element | None:
    try:
        return body[-1]
    except IndexError:
        return None
