"""course.yml and module front matter: read YAML keeping line numbers, check it against a schema.

Every problem is collected, none stops the reading: a trainer sees them all in one run.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from . import OUTPUT_NAMES  # noqa: F401  (course.yml's outputs: are checked against it)
from . import limits
from .errors import Diagnostics, Location
from .messages import Msg, _
from .text import XML_FORBIDDEN


# ---------------------------------------------------------------------------------------------
# YAML with line numbers


@dataclass
class Node:
    """A YAML value with the line it starts on (1-based, in the file)."""

    value: Any  # str, int, float, bool, None, list[Node], dict[str, Node]
    line: int
    key_line: int = 0  # for a Node made in code (load.py): the line of its key
    key_lines: dict[str, int] | None = None  # for a mapping: the line of each key

    def line_of(self, key: str) -> int:
        """The line of a key of this mapping (its value's line when not known)."""
        if self.key_lines and key in self.key_lines:
            return self.key_lines[key]
        child = self.value[key]
        return child.key_line or child.line

    def plain(self) -> Any:
        if isinstance(self.value, list):
            return [n.plain() for n in self.value]
        if isinstance(self.value, dict):
            return {k: n.plain() for k, n in self.value.items()}
        return self.value


_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str, path: Path, first_line: int, diags: Diagnostics,
              trusted: bool = False) -> Node | None:
    """Parse YAML text that starts on first_line of path; None (and an error) when it is not YAML.
    trusted: trainerkit's own file, composed by libyaml when PyYAML has it (ten times faster; not
    for course files: its composer recurses in C, unguarded, so deep nesting could crash it).

    Bounded (issue 10): the composed graph is measured with every alias expanded before anything
    is converted, so an alias bomb is refused (limits.YAML_MAX_NODES, YAML_MAX_DEPTH); an alias
    becomes the same Node as its anchor, never a copy. Text that YAML escapes made unfit for an
    Office file (control characters, lone surrogates) is cleaned with a warning."""
    try:
        root = yaml.compose(text, Loader=_FAST if trusted else yaml.SafeLoader)
        if root is None:
            return Node({}, first_line)
        problem = _too_big(root)
        if problem:
            line, message = problem
            diags.error(Location.of(path, first_line + line), message)
            return None
        return _Converter(path, first_line, diags, text).convert(root)
    except RecursionError:
        diags.error(Location.of(path, first_line), _SELF_REFERENCE)
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = _clean(str(e.problem or e.context or "not valid YAML"))  # PyYAML's own words
        bad_line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        over = _over_indented_key(text.splitlines(), mark.line) if mark else None
        if "\t" in bad_line:
            hint = _("; indent with spaces, not tabs")
        elif over and "mapping values are not allowed" in str(problem):
            diags.error(Location.of(path, line),
                        _('"{key}" is indented more than the line above it, so YAML reads it as '
                          "part of that line's value; start it in the same column as the key above "
                          "(the keys of one group line up; only what belongs to a key is indented "
                          "under it)", key=over))
            return None
        elif "mapping values are not allowed" in str(problem):
            hint = _('; put a space after the colon, or quote a value that contains ": "')
        else:
            hint = _("; check the indentation and the quotes on this line")
        diags.error(Location.of(path, line),
                    _("this is not valid YAML: {problem}{hint}", problem=problem, hint=hint))
        return None
    except yaml.YAMLError as e:
        diags.error(Location.of(path, first_line),
                    _("this is not valid YAML: {problem}{hint}", problem=_clean(str(e)), hint=""))
        return None


_KEY = re.compile(r"^(\s*)([^\s:#'\"-][^:#]*?)\s*:(\s|$)")


def _over_indented_key(lines: list[str], n: int) -> str | None:
    """The key on 0-based line n when it is indented more than the key line above it (which
    has a value of its own): what "mapping values are not allowed here" means there."""
    if n >= len(lines):
        return None
    here = _KEY.match(lines[n])
    above = next((lines[k] for k in range(n - 1, -1, -1)
                  if lines[k].strip() and not lines[k].lstrip().startswith("#")), None)
    if not here or above is None:
        return None
    indent = len(here.group(1))
    above_indent = len(above) - len(above.lstrip())
    return here.group(2) if indent > above_indent else None


def _too_big(root: yaml.Node) -> tuple[int, str] | None:
    """(0-based line, message) when the YAML, aliases expanded, holds more than YAML_MAX_NODES
    values or nests deeper than YAML_MAX_DEPTH; None when it is within both. Each distinct node is
    visited once (its expanded size remembered), so measuring a bomb costs what its text costs."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if depth > limits.YAML_MAX_DEPTH or key in open_nodes:
            raise _Refused(node, "nest" if depth > limits.YAML_MAX_DEPTH else "loop")
        total = 1
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            open_nodes.add(key)
            children = ([c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode)
                        else node.value)
            for child in children:
                total += size(child, depth + 1)
                if total > limits.YAML_MAX_NODES:
                    raise _Refused(child, "many")
            open_nodes.discard(key)
        sizes[key] = total
        return total

    try:
        size(root, 0)
    except _Refused as e:
        line = e.node.start_mark.line
        if e.why == "many":
            return line, _("this YAML holds more than {most:,} values once its aliases (*name) are "
                           "expanded (the limit YAML_MAX_NODES): an alias bomb? write the values "
                           "out instead of repeating anchors (&name)",
                           most=limits.YAML_MAX_NODES)
        if e.why == "loop":
            return line, _SELF_REFERENCE
        return line, _("this YAML nests lists and groups more than {most} deep (the limit "
                       "YAML_MAX_DEPTH); course.yml and front matter need at most 3",
                       most=limits.YAML_MAX_DEPTH)
    return None


_SELF_REFERENCE = _("this YAML refers to itself (an anchor inside its own alias); write the values out")


class _Refused(Exception):
    def __init__(self, node: yaml.Node, why: str):
        self.node, self.why = node, why


# What PyYAML's safe constructors raise on a scalar they cannot make: a date that is no date
# (ValueError), an int of thousands of digits (ValueError), a tag they do not know
# (ConstructorError), and on explicitly tagged nonsense ("!!bool x": KeyError, "!!timestamp x":
# AttributeError, "!!float _": IndexError).
_SCALAR_FAILURES = (ValueError, OverflowError, TypeError, KeyError, AttributeError, IndexError,
                    yaml.YAMLError)


class _Converter:
    """yaml nodes to Nodes: an alias is the same Node as its anchor (never a copy), and text is
    cleaned of characters no Office file may hold."""

    def __init__(self, path: Path, first_line: int, diags: Diagnostics, text: str = ""):
        self.path, self.first_line, self.diags = path, first_line, diags
        self.lines = text.splitlines()
        self.done: dict[int, Node] = {}
        self.loader = yaml.SafeLoader("")

    def convert(self, node: yaml.Node) -> Node:
        hit = self.done.get(id(node))
        if hit is not None:
            return hit
        line = self.first_line + node.start_mark.line
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Node] = {}
            key_lines: dict[str, int] = {}
            result = self.done[id(node)] = Node(out, line, key_lines=key_lines)
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
                key = self.text(str(key), self.first_line + k.start_mark.line)
                out[key] = self.convert(v)
                key_lines[key] = self.first_line + k.start_mark.line
            return result
        if isinstance(node, yaml.SequenceNode):
            items: list[Node] = []
            result = self.done[id(node)] = Node(items, line)
            items.extend(self.convert(v) for v in node.value)
            return result
        value = self.scalar(node)
        if isinstance(value, str):
            value = self.text(value, line)
            self.swallowed(node)
        result = self.done[id(node)] = Node(value, line)
        return result

    def scalar(self, node: yaml.Node) -> Any:
        """PyYAML's safe constructor decides a scalar's type (int, bool, date, str ...); a value
        it cannot make (a date that is no date, an int of thousands of digits) stays text."""
        if not isinstance(node, yaml.ScalarNode):
            return str(node.value)
        try:
            return self.loader.construct_object(node, deep=True)
        except _SCALAR_FAILURES:
            return str(node.value)

    def swallowed(self, node: yaml.Node) -> None:
        """A warning where a plain value runs on over a line that starts with "- ": an item
        indented more than the one above it, which YAML joins to it ("greet - verify")."""
        if getattr(node, "style", None) or node.end_mark.line <= node.start_mark.line:
            return
        start = node.start_mark.line
        for n in range(start + 1, min(node.end_mark.line + 1, len(self.lines))):
            if self.lines[n].lstrip().startswith("- "):
                self.diags.warning(
                    Location.of(self.path, self.first_line + n),
                    _("this line is read as part of the value on line {line}, not as an item of "
                      'its own, because it is indented more than that line; start its "- " in '
                      'the same column as the "- " above', line=self.first_line + start))
                return

    def text(self, value: str, line: int) -> str:
        """Text with YAML escapes' control characters and lone surrogates removed, with a
        warning; a surrogate pair ("\\ud83d\\ude00") becomes its character."""
        if not XML_FORBIDDEN.search(value):
            return value
        if _SURROGATE.search(value):
            value = value.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
        bad = sorted({f"U+{ord(c):04X}" for c in XML_FORBIDDEN.findall(value)})
        if bad:
            self.diags.warning(Location.of(self.path, line),
                               _("removed characters ({characters}) that Office files cannot hold; "
                                 "an escape such as \\x01 or \\ud800 in quotes makes them",
                                 characters=", ".join(bad)))
            value = XML_FORBIDDEN.sub("", value)
        return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(message: str) -> str:
    """A message that quotes the trainer's text, safe to print whatever the text held."""
    return XML_FORBIDDEN.sub("\ufffd", message)


# ---------------------------------------------------------------------------------------------
# Checking values


def closest(name: str, known: list[str] | tuple[str, ...]) -> str | None:
    """The known name a mistyped one most likely meant, None when none is near."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(name: str, known: list[str] | tuple[str, ...], otherwise: str | None = None) -> Msg:
    """'; did you mean "x"?' for a near miss, else otherwise (a Msg), by default '; known keys:'
    and the known names. A message ends with it: _("unknown ... {suggestion}", suggestion=...)."""
    close = closest(name, known)
    if close:
        return _('; did you mean "{name}"?', name=close)
    if otherwise is not None:
        return otherwise
    return _("; known keys: {known}", known=", ".join(known))


def check_keys(node: Node, known: tuple[str, ...], path: Path, what: str, diags: Diagnostics) -> None:
    """An error for each key of node that is not known; what: where the keys are (course.yml,
    quiz, theme, a Msg such as _("the front matter"))."""
    for key in node.value:
        if key not in known:
            diags.error(Location.of(path, node.line_of(key)),
                        _('unknown key "{key}" in {what}{suggestion}', key=key, what=what,
                          suggestion=suggest(key, known)))


# pandoc's title block keys besides "title": a single Markdown file built as a course (a pandoc
# slide deck) may have them in its front matter, and they fill its title slide.
PANDOC_TITLE_KEYS = ("subtitle", "author", "date", "lang")


def as_text(node: Node | None, path: Path, key: str, diags: Diagnostics, default: str = "") -> str:
    if node is None or node.value is None:
        return default
    if isinstance(node.value, (dict, list)):
        diags.error(Location.of(path, node.line),
                    _('"{key}" must be text, not {kind}', key=key, kind=_kind(node)))
        return default
    if isinstance(node.value, bool):
        diags.error(Location.of(path, node.line), _('"{key}" must be text; put it in quotes', key=key))
        return default
    return str(node.value).strip()


def as_language(node: Node | None, path: Path, key: str, diags: Diagnostics, default: str = "en") -> str:
    """A BCP 47 language tag (en, en-US, zh-CN, zh-TW, zh-Hant-HK ...); default when absent or wrong."""
    tag = as_text(node, path, key, diags, default)
    if tag and not looks_like_language(tag):
        diags.error(Location.of(path, node.line),
                    _('"{key}" must be a language tag such as en, en-US, zh-CN or zh-TW, not "{tag}"',
                      key=key, tag=tag))
        return default
    return tag or default


def looks_like_language(tag: str) -> bool:
    parts = tag.replace("_", "-").split("-")
    return parts[0].isalpha() and 2 <= len(parts[0]) <= 3 and all(x.isalnum() and x for x in parts)


def as_text_list(node: Node | None, path: Path, key: str, diags: Diagnostics) -> list[tuple[str, int]]:
    """A list of strings with their lines; a single string is taken as a list of one."""
    if node is None or node.value is None:
        return []
    if not isinstance(node.value, list):
        if isinstance(node.value, (str, int, float)) and not isinstance(node.value, bool):
            return [(str(node.value), node.line)]
        diags.error(Location.of(path, node.line),
                    _('"{key}" must be a list, one item a line starting with "- "', key=key))
        return []
    out = []
    for item in node.value:
        if isinstance(item.value, (dict, list)) or item.value is None:
            diags.error(Location.of(path, item.line), _('each item of "{key}" must be text', key=key))
            continue
        out.append((str(item.value).strip(), item.line))
    return out


def as_int(node: Node | None, path: Path, key: str, diags: Diagnostics, default: int,
           minimum: int | None = None) -> int:
    if node is None or node.value is None:
        return default
    v = node.value
    if isinstance(v, bool) or not isinstance(v, int):
        diags.error(Location.of(path, node.line),
                    _('"{key}" must be a whole number, not "{value}"', key=key, value=str(v)))
        return default
    if minimum is not None and v < minimum:
        diags.error(Location.of(path, node.line),
                    _('"{key}" must be at least {minimum}, not {value}', key=key, minimum=minimum, value=v))
        return default
    return v


def as_bool(node: Node | None, path: Path, key: str, diags: Diagnostics, default: bool) -> bool:
    if node is None or node.value is None:
        return default
    if not isinstance(node.value, bool):
        diags.error(Location.of(path, node.line),
                    _('"{key}" must be true or false, not "{value}"', key=key, value=str(node.value)))
        return default
    return node.value


def as_mapping(node: Node | None, path: Path, key: str, diags: Diagnostics) -> Node | None:
    if node is None or node.value is None:
        return None
    if not isinstance(node.value, dict):
        diags.error(Location.of(path, node.line),
                    _('"{key}" must be a group of "name: value" lines indented under it', key=key))
        return None
    return node


def _kind(node: Node) -> Msg:
    """What a value is, for "must be text, not a list"."""
    if isinstance(node.value, list):
        return _("a list")
    return _("a group of keys") if isinstance(node.value, dict) else _("a value")


# Hours and minutes in English, Simplified (小时, 分钟) and Traditional Chinese (小時, 分鐘); 分
# alone is a minute in both.
_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?|小时|小時)\s*)?"
    r"(?:(?P<m>\d+)\s*(?:m|min|mins|minutes?|分钟|分鐘|分)?\s*)?$",
    re.IGNORECASE,
)


def parse_minutes(value: Any) -> int | None:
    """Minutes from 30, "30", "30m", "1h30m", "1.5h", "90 min", "1小时30分钟", "1小時30分鐘"; None
    if not a duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return None
    m = _DURATION.match(str(value))
    if not m or not (m.group("h") or m.group("m")):
        return None
    hours = float(m.group("h") or 0)
    return int(round(hours * 60)) + int(m.group("m") or 0)


def _parsed(node: Node | None, path: Path, diags: Diagnostics, parse: Callable[[Any], int | None],
            problem: Callable[[str], Msg]) -> int | None:
    """A value read by parse; None when absent, or (with a located error) when parse refuses it."""
    if node is None or node.value is None:
        return None
    value = parse(node.value)
    if value is None:
        diags.error(Location.of(path, node.line), problem(str(node.value)))
    return value


def as_minutes(node: Node | None, path: Path, key: str, diags: Diagnostics) -> int | None:
    return _parsed(node, path, diags, parse_minutes, lambda value: _(
        '"{key}" must be minutes, like 30, "45m" or "1h30m"; not "{value}"', key=key, value=value))



_CLOCK = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*$")


def parse_clock(value: Any) -> int | None:
    """Minutes after midnight from "09:00" or "9:30" (an unquoted 09:00, which YAML reads as
    540, is taken as those minutes too); None if not a time of day."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 24 * 60 else None
    m = _CLOCK.match(str(value))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    return int(m.group(1)) * 60 + int(m.group(2))


def as_clock(node: Node | None, path: Path, key: str, diags: Diagnostics) -> int | None:
    """A time of day, as minutes after midnight; None (with a located error) when it is not one."""
    return _parsed(node, path, diags, parse_clock, lambda value: _(
        '"{key}" must be a time of day like "09:00" (in quotes), not "{value}"', key=key, value=value))
