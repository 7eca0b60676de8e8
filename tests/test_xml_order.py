"""XML child order: the table in trainerkit/render/ooxml.py checked against a machine-readable
schema, and every generated file checked against the table.

- The schema is the Open XML SDK's schema data (ECMA-376 transitional plus Office's extensions)
  as openxml-audit bundles it: openxml_audit/data/openxml/schemas/*.json, one file per
  namespace, each type named "prefix:CT_Type/prefix:element" with a "Particle" tree of
  Sequence / Choice / Group / Any / element nodes and their "Occurs". From it each pair of a
  parent's children is either ordered (x before y in a sequence that does not repeat), free
  (both orders are valid: a repeated choice or sequence), or exclusive (they never meet: the
  branches of a choice taken once). The table must put ordered pairs in order and free pairs
  in one place (a tuple), and may list only children the schema allows.
- The outputs are the sample courses, both starters and the format examples (the sources of
  tests/test_golden.py), built once per module; every XML part of every .pptx and .docx, the
  parts copied from the reference files included, must pass `ooxml.misplaced`.
"""

from __future__ import annotations

import itertools
import json
import zipfile
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator

import pytest
from lxml import etree

from trainerkit.build import build
from trainerkit.render import ooxml

from conftest import SOURCES

ORDERED, FREE, EXCLUSIVE = "ordered", "free", "exclusive"


# -- the schema ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def schema_types() -> dict[str, list[dict]]:
    """The SDK's element types with a content model, by the element's Clark name."""
    pytest.importorskip("openxml_audit")
    data = resources.files("openxml_audit") / "data" / "openxml"
    prefixes = {e["Prefix"]: e["Uri"] for e in json.loads((data / "namespaces.json").read_text())}
    by_tag: dict[str, list[dict]] = defaultdict(list)
    for part in (data / "schemas").iterdir():
        if not part.name.endswith(".json"):
            continue
        for t in json.loads(part.read_text(encoding="utf-8")).get("Types", []):
            element = t["Name"].partition("/")[2]
            if element and "Particle" in t:
                t["_prefixes"] = prefixes
                by_tag[_clark(prefixes, element)].append(t)
    return dict(by_tag)


def _clark(prefixes: dict[str, str], qname: str) -> str:
    prefix, _, local = qname.rpartition(":")
    return f"{{{prefixes[prefix]}}}{local}"


def _repeats(node: dict) -> bool:
    """Whether a particle may occur more than once (SDK JSON: {} or Min alone is unbounded)."""
    occurs = node.get("Occurs")
    if not occurs:
        return False
    most = 1
    for o in occurs:
        if not o or "Max" not in o:
            return True
        most = o["Max"]
    return most != 1


def _leaves(node: dict, path: tuple = ()) -> Iterator[tuple[str | None, tuple]]:
    """(element qname or None for xsd:any, path of (particle, index)) under node."""
    kind = node.get("Kind")
    if kind is None and "Name" in node:
        yield node["Name"].partition("/")[2], path
    elif kind == "Any":
        yield None, path
    else:
        for i, item in enumerate(node.get("Items", [])):
            yield from _leaves(item, path + ((node, i),))


def _relation(a: tuple, b: tuple) -> tuple[str, bool]:
    """How two leaves of one content model relate: (kind, a before b when ordered)."""
    depth = 0
    while depth < min(len(a), len(b)) and a[depth][0] is b[depth][0] and a[depth][1] == b[depth][1]:
        depth += 1
    node, ia = a[depth]
    ib = b[depth][1]
    repeated = any(_repeats(n) for n, _ in a[: depth + 1])
    if node.get("Kind") == "Sequence" and not repeated:
        return ORDERED, ia < ib
    if repeated:
        return FREE, False
    return EXCLUSIVE, False


@lru_cache(maxsize=None)
def schema_children(parent: str) -> tuple[frozenset[str], bool, dict[tuple[str, str], set[str]]]:
    """For a parent's Clark name: the children any of its types allow, whether one takes
    xsd:any, and for each pair (x, y) what the types say: "x<y", "y<x", FREE or EXCLUSIVE.
    A child with two places in one type (w:bookmarkStart before w:tblPr and among the rows)
    has no single rank, so its pairs are left out."""
    allowed: set[str] = set()
    anything = False
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for t in schema_types().get(parent, []):
        found = []
        for name, path in _leaves(t["Particle"]):
            if name is None:
                anything = True
            else:
                found.append((_clark(t["_prefixes"], name), path))
        allowed.update(tag for tag, _ in found)
        seen = [tag for tag, _ in found]
        twice = {tag for tag in seen if seen.count(tag) > 1}
        for (x, px), (y, py) in itertools.permutations(found, 2):
            if x == y or x in twice or y in twice:
                continue
            kind, before = _relation(px, py)
            pairs[(x, y)].add(("x<y" if before else "y<x") if kind == ORDERED else kind)
    return frozenset(allowed), anything, dict(pairs)


def table_problems(order: dict[str, dict[str, int]]) -> list[str]:
    """Every way the order table disagrees with the schema."""
    problems = []
    short = ooxml._short
    for parent, ranks in sorted(order.items()):
        if parent not in schema_types():
            problems.append(f"{short(parent)}: the schema has no element with children by that name")
            continue
        allowed, anything, pairs = schema_children(parent)
        for tag in sorted(ranks):
            if tag not in allowed and not (anything and _namespace(tag) != _namespace(parent)):
                problems.append(f"{short(parent)}: the schema does not allow {short(tag)} in it")
        for x, y in itertools.combinations(sorted(ranks), 2):
            says = pairs.get((x, y), set())
            rx, ry = ranks[x], ranks[y]
            # One type ordering a pair outweighs another leaving it free: w:rPr is a sequence
            # in a run and in styles, free only in a tracked change's old properties.
            if "x<y" in says and "y<x" not in says and not rx < ry:
                problems.append(f"{short(parent)}: the schema puts {short(x)} before {short(y)}")
            elif "y<x" in says and "x<y" not in says and not ry < rx:
                problems.append(f"{short(parent)}: the schema puts {short(y)} before {short(x)}")
            elif ({"x<y", "y<x"} <= says or (FREE in says and not says & {"x<y", "y<x"})) \
                    and rx != ry:
                problems.append(f"{short(parent)}: {short(x)} and {short(y)} may come in either "
                                "order, so they share one place")
    return problems


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0]


def test_the_order_table_agrees_with_the_schema() -> None:
    problems = table_problems(ooxml.ORDER)
    assert not problems, "\n".join(problems)


def test_the_schema_check_catches_a_slip() -> None:
    """The check itself: tabLst before buNone in a:pPr (the slip issue 11 found) is caught."""
    slipped = {ooxml.qn("a:pPr"): {ooxml.qn("a:tabLst"): 0, ooxml.qn("a:buNone"): 1,
                                   ooxml.qn("a:buChar"): 1, ooxml.qn("w:b"): 2}}
    problems = table_problems(slipped)
    assert any("a:buNone before a:tabLst" in p for p in problems), problems
    assert any("does not allow w:b" in p for p in problems), problems
    apart = {ooxml.qn("a:p"): {ooxml.qn("a:pPr"): 0, ooxml.qn("a:r"): 1, ooxml.qn("a:br"): 2}}
    assert any("a:br and a:r may come in either order" in p for p in table_problems(apart))


def test_add_puts_each_child_in_its_place() -> None:
    """Children added in any order land in schema order: a tab list then no bullet, a run
    after the end-of-paragraph properties."""
    p = etree.Element(ooxml.qn("a:p"))
    ooxml.add(p, ooxml.qn("a:endParaRPr"))
    ppr = ooxml.child(p, ooxml.qn("a:pPr"), {"lvl": "1"})
    ooxml.add(ppr, ooxml.qn("a:tabLst"))
    ooxml.add(ppr, ooxml.qn("a:buNone"))
    ooxml.add(ppr, ooxml.qn("a:spcBef"))
    ooxml.add(p, ooxml.qn("a:r"))
    assert [ooxml._short(c.tag) for c in p] == ["a:pPr", "a:r", "a:endParaRPr"]
    assert [ooxml._short(c.tag) for c in ppr] == ["a:spcBef", "a:buNone", "a:tabLst"]
    assert ooxml.child(p, ooxml.qn("a:pPr")) is ppr
    assert not list(ooxml.misplaced(p))


# -- the outputs ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every .pptx and .docx of the sample courses, the starters and the format examples."""
    root = tmp_path_factory.mktemp("xml-order")
    files = {}
    for course, source in sorted(SOURCES.items()):
        result = build(source, root / course, use_cache=False)
        for name in result.files:
            if name.endswith((".pptx", ".docx")):
                files[f"{course}/{name}"] = root / course / name
    return files


def xml_parts(path: Path) -> Iterator[tuple[str, etree._Element]]:
    """(part name, root element) of every XML part in an Office file."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                yield name, etree.fromstring(z.read(name))


def test_every_part_of_every_output_keeps_the_order(outputs: dict[str, Path]) -> None:
    assert any(n.endswith(".pptx") for n in outputs) and any(n.endswith(".docx") for n in outputs)
    problems = []
    for label, path in outputs.items():
        for part, root in xml_parts(path):
            found = sorted(set(ooxml.misplaced(root)))
            problems += [f"{label} {part}: {p}" for p in found]
    assert not problems, f"{len(problems)} misplaced:\n" + "\n".join(problems[:200])
