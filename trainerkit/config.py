"""course.yml and module front matter: read YAML keeping line numbers, check it against a schema.

Every problem is collected, none stops the reading: a trainer sees them all in one run.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import OUTPUT_NAMES  # noqa: F401  (course.yml's outputs: are checked against it)
from .errors import Diagnostics, Location


# ---------------------------------------------------------------------------------------------
# YAML with line numbers


@dataclass
class Node:
    """A YAML value with the line it starts on (1-based, in the file)."""

    value: Any  # str, int, float, bool, None, list[Node], dict[str, Node]
    line: int
    key_line: int = 0  # for a mapping value: the line of its key

    def plain(self) -> Any:
        if isinstance(self.value, list):
            return [n.plain() for n in self.value]
        if isinstance(self.value, dict):
            return {k: n.plain() for k, n in self.value.items()}
        return self.value


def read_yaml(text: str, path: Path, first_line: int, diags: Diagnostics) -> Node | None:
    """Parse YAML text that starts on first_line of path; None (and an error) when it is not YAML."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is None:
            return Node({}, first_line)
        return _convert(root, first_line, 0)
    except RecursionError:
        diags.error(Location.of(path, first_line), "this YAML refers to itself (an anchor inside "
                                                   "its own alias); write the values out")
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = e.problem or e.context or "not valid YAML"
        bad_line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        if "\t" in bad_line:
            hint = "; indent with spaces, not tabs"
        elif "mapping values are not allowed" in str(problem):
            hint = '; put a space after the colon, or quote a value that contains ": "'
        else:
            hint = "; check the indentation and the quotes on this line"
        diags.error(Location.of(path, line), f"this is not valid YAML: {problem}{hint}")
        return None
    except yaml.YAMLError as e:
        diags.error(Location.of(path, first_line), f"this is not valid YAML: {e}")
        return None


def _convert(node: yaml.Node, first_line: int, depth: int) -> Node:
    if depth > 50:
        raise RecursionError
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for k, v in node.value:
            key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
            child = _convert(v, first_line, depth + 1)
            child.key_line = first_line + k.start_mark.line
            out[key] = child
        return Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(v, first_line, depth + 1) for v in node.value], line)
    # A scalar: let PyYAML's safe constructor decide its type (int, bool, date, str ...).
    value = yaml.SafeLoader("").construct_object(node, deep=True)
    return Node(value, line)


# ---------------------------------------------------------------------------------------------
# Checking values


def suggest(name: str, known: list[str] | tuple[str, ...]) -> str:
    """'; did you mean "x"?' for a near miss, else the list of known names."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f'; did you mean "{close[0]}"?'
    return "; known keys: " + ", ".join(known)


def check_keys(node: Node, known: tuple[str, ...], path: Path, what: str, diags: Diagnostics) -> None:
    for key, child in node.value.items():
        if key not in known:
            diags.error(Location.of(path, child.key_line or child.line),
                        f'unknown key "{key}" in {what}{suggest(key, known)}')


def as_text(node: Node | None, path: Path, key: str, diags: Diagnostics, default: str = "") -> str:
    if node is None or node.value is None:
        return default
    if isinstance(node.value, (dict, list)):
        diags.error(Location.of(path, node.line), f'"{key}" must be text, not a {_kind(node)}')
        return default
    if isinstance(node.value, bool):
        diags.error(Location.of(path, node.line), f'"{key}" must be text; put it in quotes')
        return default
    return str(node.value).strip()


def as_text_list(node: Node | None, path: Path, key: str, diags: Diagnostics) -> list[tuple[str, int]]:
    """A list of strings with their lines; a single string is taken as a list of one."""
    if node is None or node.value is None:
        return []
    if not isinstance(node.value, list):
        if isinstance(node.value, (str, int, float)) and not isinstance(node.value, bool):
            return [(str(node.value), node.line)]
        diags.error(Location.of(path, node.line),
                    f'"{key}" must be a list, one item a line starting with "- "')
        return []
    out = []
    for item in node.value:
        if isinstance(item.value, (dict, list)) or item.value is None:
            diags.error(Location.of(path, item.line), f'each item of "{key}" must be text')
            continue
        out.append((str(item.value).strip(), item.line))
    return out


def as_int(node: Node | None, path: Path, key: str, diags: Diagnostics, default: int,
           minimum: int | None = None) -> int:
    if node is None or node.value is None:
        return default
    v = node.value
    if isinstance(v, bool) or not isinstance(v, int):
        diags.error(Location.of(path, node.line), f'"{key}" must be a whole number, not "{v}"')
        return default
    if minimum is not None and v < minimum:
        diags.error(Location.of(path, node.line), f'"{key}" must be at least {minimum}, not {v}')
        return default
    return v


def as_bool(node: Node | None, path: Path, key: str, diags: Diagnostics, default: bool) -> bool:
    if node is None or node.value is None:
        return default
    if not isinstance(node.value, bool):
        diags.error(Location.of(path, node.line), f'"{key}" must be true or false, not "{node.value}"')
        return default
    return node.value


def as_mapping(node: Node | None, path: Path, key: str, diags: Diagnostics) -> Node | None:
    if node is None or node.value is None:
        return None
    if not isinstance(node.value, dict):
        diags.error(Location.of(path, node.line),
                    f'"{key}" must be a group of "name: value" lines indented under it')
        return None
    return node


def _kind(node: Node) -> str:
    return "list" if isinstance(node.value, list) else "group of keys" if isinstance(node.value, dict) else "value"


_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hours?|小时)\s*)?"
    r"(?:(?P<m>\d+)\s*(?:m|min|mins|minutes?|分钟|分)?\s*)?$",
    re.IGNORECASE,
)


def parse_minutes(value: Any) -> int | None:
    """Minutes from 30, "30", "30m", "1h30m", "1.5h", "90 min", "1小时30分钟"; None if not a duration."""
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


def as_minutes(node: Node | None, path: Path, key: str, diags: Diagnostics) -> int | None:
    if node is None or node.value is None:
        return None
    minutes = parse_minutes(node.value)
    if minutes is None:
        diags.error(Location.of(path, node.line),
                    f'"{key}" must be minutes, like 30, "45m" or "1h30m"; not "{node.value}"')
    return minutes

