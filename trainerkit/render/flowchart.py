"""Where a simulation's branch map puts things (render/docx/branch_map.py draws it): each step's
box, and each reply's arrow (its path) and label, in EMU, from the steps and replies alone. The
same simulation always gives the same picture.

A layered layout, left to right (Sugiyama's scheme, made simple for calls of a few dozen steps):
- The replies that lead back to a step already on the way (found by a depth-first walk from the
  start, the best path's replies first) count as turned round; what is left has no loop, and a
  step's layer is the longest run of replies from the start to it. The best path runs straight.
- Ranks are columns: a layer's boxes (rank 2L), then the labels of the replies leaving them
  (2L + 1; a reply leading back has its label before its step's column, 2L - 1). A reply that
  skips layers runs on through the ranks between, on one row. Each rank and row is one cell, and
  a cell holds one thing: a box, or one reply's label or line. So nothing overlaps.
- Rows: the best path's steps on row 0, every other step near the steps it is joined to (steps
  on even rows, so a reply can always find a row between two steps); a reply's row is the free
  one nearest its two steps.
- Lines run in the channels between the ranks: out of a box's side at a port of its own (the
  reply on the box's row leaves from the middle, those going up above it, those going down
  below), along the channel to the reply's row, along the row through its label, then along the
  channel before the other box to its port. Verticals in one channel take tracks of their own,
  the longest nearest the box, so that a box's arrows nest rather than cross.
- A reply back to its own step loops out of the box's right side and into its bottom.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace

from ..simulation import Simulation, Walk

CM = 360_000  # EMU


@dataclass(frozen=True)
class Sizes:
    """The map's measures before it is scaled to the page (EMU)."""

    box_w: int = int(2.3 * CM)
    box_h: int = int(1.4 * CM)
    label_w: int = int(1.9 * CM)
    label_h: int = int(0.92 * CM)  # three lines of 7 pt
    row_gap: int = int(0.24 * CM)
    channel: int = int(0.5 * CM)  # a channel's least width
    track: int = int(0.17 * CM)  # between two verticals in one channel
    port: int = int(0.2 * CM)  # between two arrows on one side of a box
    corner: int = int(0.17 * CM)  # a box's rounded corner: no arrow there
    stub: int = int(0.32 * CM)  # from a box's side to the channel's nearest track: an arrow head's room
    dot: int = int(0.3 * CM)  # the start's dot
    pad: int = int(0.1 * CM)  # around the whole


@dataclass
class Box:
    """A step's box (x, y: its top left corner)."""

    name: str
    x: int
    y: int
    w: int
    h: int
    layer: int
    row: int


@dataclass
class Arrow:
    """A reply's arrow: its path from the step's box to its target's (the arrow head at the
    last point; every segment horizontal or vertical, the first horizontal), the sides of the
    boxes it leaves and enters ("l", "r", "t", "b") and its label's rectangle (x, y, w, h)."""

    step: str
    reply: int
    target: str
    points: list[tuple[int, int]]
    sides: tuple[str, str]
    label: tuple[int, int, int, int]
    back: bool = False


@dataclass
class Layout:
    boxes: dict[str, Box] = field(default_factory=dict)
    arrows: list[Arrow] = field(default_factory=list)
    dot: tuple[int, int, int, int] | None = None  # the start's dot (x, y, w, h)
    dot_arrow: list[tuple[int, int]] = field(default_factory=list)  # from the dot to the start
    width: int = 0
    height: int = 0


Edge = tuple[str, int, str]  # (step, reply index, target)


def layout(sim: Simulation, best: Walk | None, sizes: Sizes = Sizes(), across: bool = True) -> Layout:
    """The branch map of a simulation laid out, left to right (across) or top to bottom; best:
    its best path (drawn straight on row 0). Replies to a step that does not exist are left
    out, and so are steps written twice (the checks report both)."""
    steps: dict[str, object] = {}
    for s in sim.steps:
        steps.setdefault(s.name, s)
    names = list(steps)
    if not names:
        return Layout()
    start = names[0]
    best_edges = set(zip(best.steps, best.replies)) if best else set()
    edges: list[Edge] = [(s.name, k, r.target) for s in steps.values()
                         for k, r in enumerate(s.replies) if r.target in steps]
    back = _back_edges(names, edges, best_edges)
    layer = _layers(names, [e for e in edges if e not in back and e[0] != e[2]])
    g = _Grid(names, edges, back, layer)
    g.place_steps([n for n in (best.steps if best else (start,)) if n in steps], start, best_edges)
    g.place_replies(best_edges)
    if across:
        return _geometry(g, start, sizes)
    # Top to bottom: the same grid with ranks down the page and rows across it, laid out as
    # if left to right with the boxes' and labels' sides swapped, then turned over its diagonal.
    down = replace(sizes, box_w=sizes.box_h, box_h=sizes.box_w, label_w=sizes.label_h,
                   label_h=sizes.label_w)
    return _transposed(_geometry(g, start, down))


_SWAP = {"l": "t", "r": "b", "t": "l", "b": "r"}


def _transposed(lay: Layout) -> Layout:
    def pts(points):
        return [(y, x) for x, y in points]

    def rect(r):
        return (r[1], r[0], r[3], r[2]) if r is not None else None

    return Layout(
        {n: Box(n, b.y, b.x, b.h, b.w, b.layer, b.row) for n, b in lay.boxes.items()},
        [Arrow(a.step, a.reply, a.target, pts(a.points), (_SWAP[a.sides[0]], _SWAP[a.sides[1]]),
               rect(a.label), a.back) for a in lay.arrows],
        rect(lay.dot), pts(lay.dot_arrow), lay.height, lay.width)


def _back_edges(names: list[str], edges: list[Edge], best: set) -> set[Edge]:
    """The replies a depth-first walk from the start (the best path's replies first, then in
    the order written) finds leading to a step still on its way: turned round, they leave no
    loop."""
    out: dict[str, list[Edge]] = {n: [] for n in names}
    for e in edges:
        out[e[0]].append(e)
    for n in names:
        out[n].sort(key=lambda e: ((e[0], e[1]) not in best, e[1]))
    state: dict[str, int] = {}  # 1: on the way, 2: done
    back: set[Edge] = set()
    for root in names:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(out[root]))]
        while stack:
            node, todo = stack[-1]
            e = next(todo, None)
            if e is None:
                state[node] = 2
                stack.pop()
            elif e[2] == node:
                continue  # a reply back to its own step: a loop of its own
            elif state.get(e[2]) == 1:
                back.add(e)
            elif e[2] not in state:
                state[e[2]] = 1
                stack.append((e[2], iter(out[e[2]])))
    return back


def _layers(names: list[str], forward: list[Edge]) -> dict[str, int]:
    """Each step's layer: the longest run of (forward) replies from a step nothing leads to."""
    into = {n: 0 for n in names}
    out: dict[str, list[str]] = {n: [] for n in names}
    for u, _k, v in forward:
        into[v] += 1
        out[u].append(v)
    layer = {n: 0 for n in names}
    todo = deque(n for n in names if into[n] == 0)
    while todo:
        u = todo.popleft()
        for v in out[u]:
            layer[v] = max(layer[v], layer[u] + 1)
            into[v] -= 1
            if into[v] == 0:
                todo.append(v)
    return layer


class _Grid:
    """Ranks by rows, a cell holding one thing: a step ("step", name) or a reply's line or
    label (edge)."""

    def __init__(self, names: list[str], edges: list[Edge], back: set[Edge], layer: dict[str, int]):
        self.names, self.edges, self.back, self.layer = names, edges, back, layer
        self.cells: dict[tuple[int, int], object] = {}
        self.row: dict[str, int] = {}
        self.edge_row: dict[Edge, int] = {}
        self.spans: dict[Edge, tuple[str, str, int, int, int]] = {}  # left, right, lo, hi, label rank
        self.loops = [e for e in edges if e[0] == e[2]]
        for e in edges:
            u, _k, v = e
            if u == v:
                continue
            left, right = (v, u) if e in back else (u, v)
            label = 2 * layer[u] - 1 if e in back else 2 * layer[u] + 1
            self.spans[e] = (left, right, 2 * layer[left] + 1, 2 * layer[right] - 1, label)

    def free(self, ranks, row: int) -> bool:
        return all((rank, row) not in self.cells for rank in ranks)

    def rows_in_use(self) -> tuple[int, int]:
        rows = [r for _, r in self.cells] or [0]
        return min(rows), max(rows)

    def place_steps(self, best: list[str], start: str, best_edges: set) -> None:
        """The best path's steps and replies on row 0; every other step on the free even row
        nearest the rows of the steps it is joined to (below first)."""
        for n in best or [start]:
            if n not in self.row:
                self._put(n, 0)
        for e, (_left, _right, lo, hi, _label) in self.spans.items():
            if (e[0], e[1]) in best_edges and self.free(range(lo, hi + 1), 0):
                self.edge_row[e] = 0
                for rank in range(lo, hi + 1):
                    self.cells[(rank, 0)] = e
        near: dict[str, list[str]] = {n: [] for n in self.names}
        for u, _k, v in self.edges:
            if u != v:
                near[u].append(v)
                near[v].append(u)
        index = {n: k for k, n in enumerate(self.names)}
        for n in sorted(self.names, key=lambda n: (self.layer[n], index[n])):
            if n in self.row:
                continue
            placed = [self.row[m] for m in near[n] if m in self.row]
            ideal = sum(placed) / len(placed) if placed else 0.0
            lo, hi = self.rows_in_use()
            rows = range(2 * ((lo - 2) // 2), hi + 4, 2)
            rank = 2 * self.layer[n]
            row = min((r for r in rows if (rank, r) not in self.cells),
                      key=lambda r: (abs(r - ideal), r < ideal, r))
            self._put(n, row)

    def _put(self, name: str, row: int) -> None:
        self.row[name] = row
        self.cells[(2 * self.layer[name], row)] = ("step", name)

    def place_replies(self, best: set) -> None:
        """Each reply's row: a free one between its two steps' rows (the one nearest its own
        step), or a new row put in next to its own step when none is free; a reply between
        two steps of one row may take one of the two rows above or below."""
        order = {e: k for k, e in enumerate(self.edges)}
        spans = sorted(self.spans, key=lambda e: ((e[0], e[1]) not in best, self.spans[e][2],
                                                  self.spans[e][3] - self.spans[e][2], order[e]))
        for e in spans:
            if e in self.edge_row:
                continue
            left, right, lo, hi, _label = self.spans[e]
            a, b, own = self.row[left], self.row[right], self.row[e[0]]
            low, high = min(a, b), max(a, b)
            rows = range(low - 2, high + 3) if low == high else range(low, high + 1)
            free = [r for r in rows if self.free(range(lo, hi + 1), r)]
            if free:
                row = min(free, key=lambda r: (abs(r - own), abs(r - a) + abs(r - b), r))
            else:  # a new row on the way from its own step to the other one
                other = b if own == a else a
                row = own + 1 if other >= own else own
                self._insert(row)
            self.edge_row[e] = row
            for rank in range(lo, hi + 1):
                self.cells[(rank, row)] = e
        for e in self.loops:  # under its box, in the box's column and the next
            rank, own = 2 * self.layer[e[0]], self.row[e[0]]
            row = own + 1
            if not self.free((rank, rank + 1), row):
                self._insert(row)
            self.edge_row[e] = row
            self.cells[(rank, row)] = self.cells[(rank + 1, row)] = e

    def _insert(self, row: int) -> None:
        """An empty row put in at row: everything from there on moves one row down."""
        self.cells = {(rank, r + (r >= row)): what for (rank, r), what in self.cells.items()}
        self.row = {n: r + (r >= row) for n, r in self.row.items()}
        self.edge_row = {e: r + (r >= row) for e, r in self.edge_row.items()}


def _geometry(g: _Grid, start: str, s: Sizes) -> Layout:
    """Rows and ranks as lengths, ports on the boxes' sides, tracks in the channels: the
    boxes' places and the arrows' paths."""
    # Rows: a step's row as high as a box, a reply's as its label (a loop's a little more).
    used = sorted({r for _, r in g.cells})
    kinds: dict[int, set] = {r: set() for r in used}
    for (_rank, r), what in g.cells.items():
        kinds[r].add("step" if isinstance(what, tuple) and what[0] == "step"
                     else "loop" if what in g.loops else "reply")
    top, mid = {}, {}
    y = s.pad
    for r in used:
        h = s.box_h if "step" in kinds[r] else s.label_h + (s.row_gap if "loop" in kinds[r] else 0)
        top[r], mid[r] = y, y + h // 2
        y += h + s.row_gap
    height = y - s.row_gap + s.pad

    # Ports: where each reply leaves or enters a box's side, by the row it goes to.
    ends: dict[tuple[str, str], list[tuple[int, object]]] = {}  # (step, side) -> (row, edge)
    for e, (left, right, *_rest) in g.spans.items():
        ends.setdefault((left, "r"), []).append((g.edge_row[e], e))
        ends.setdefault((right, "l"), []).append((g.edge_row[e], e))
    for e in g.loops:
        ends.setdefault((e[0], "r"), []).append((g.edge_row[e], e))
    port: dict[tuple[str, str, object], int] = {}  # (step, side, edge) -> y
    for (name, side), found in ends.items():
        own = g.row[name]
        up = sorted((r, k, e) for k, (r, e) in enumerate(found) if r < own)
        down = sorted(((-r, k, e) for k, (r, e) in enumerate(found) if r > own))
        step = min(s.port, (s.box_h // 2 - s.corner - int(0.1 * CM)) // max(len(up), len(down), 1))
        for k, (_r, _i, e) in enumerate(up):
            port[(name, side, e)] = mid[own] - (len(up) - k) * step
        for k, (_r, _i, e) in enumerate(down):
            port[(name, side, e)] = mid[own] + (len(down) - k) * step
        for r, e in found:
            if r == own:
                port[(name, side, e)] = mid[own]

    def line_y(e) -> int:
        r = g.edge_row[e]
        if e in g.loops:  # along the top of its cell, its label under it
            return top[r] + int(0.08 * CM)
        return mid[r]

    # Verticals, by channel (channel c lies after rank c): tracks, nearest the box first.
    verticals: dict[int, list[tuple[int, int, object, str]]] = {}
    for e, (left, right, *_rest) in g.spans.items():
        y_left, y_right, ym = port[(left, "r", e)], port[(right, "l", e)], line_y(e)
        if y_left != ym:
            verticals.setdefault(2 * g.layer[left], []).append(
                (min(y_left, ym), max(y_left, ym), e, "first"))
        if y_right != ym:
            verticals.setdefault(2 * g.layer[right] - 1, []).append(
                (min(y_right, ym), max(y_right, ym), e, "last"))
    for e in g.loops:
        y0, y1 = port[(e[0], "r", e)], line_y(e)
        verticals.setdefault(2 * g.layer[e[0]], []).append((min(y0, y1), max(y0, y1), e, "first"))
    tracks: dict[tuple[object, str], int] = {}
    count: dict[int, int] = {}
    gap = s.track // 2
    for c, segs in verticals.items():
        taken: list[list[tuple[int, int]]] = []
        for y0, y1, e, which in sorted(segs, key=lambda v: (v[0] - v[1], v[0])):
            t = next((k for k, spans in enumerate(taken)
                      if all(y1 + gap < a or y0 - gap > b for a, b in spans)), len(taken))
            if t == len(taken):
                taken.append([])
            taken[t].append((y0, y1))
            tracks[(e, which)] = t
        count[c] = len(taken)

    # Ranks as lengths: the start's dot, then boxes and labels, channels between.
    last = 2 * max(g.layer.values())
    x = s.pad
    left_of: dict[int, int] = {}
    width_of: dict[int, int] = {}
    channel_at: dict[int, tuple[int, int]] = {}  # channel c: (its left, its width)
    for rank in range(-1, last + 1):
        w = s.dot if rank == -1 else s.box_w if rank % 2 == 0 else s.label_w
        left_of[rank], width_of[rank] = x, w
        x += w
        if rank < last:
            cw = max(s.channel, s.stub + s.track * count.get(rank, 0))
            channel_at[rank] = (x, cw)
            x += cw
    width = x + s.pad

    def track_x(c: int, t: int, which: str) -> int:
        x0, cw = channel_at[c]
        return x0 + s.stub + t * s.track if which == "first" else x0 + cw - s.stub - t * s.track

    out = Layout(width=width, height=height)
    for n in g.names:
        rank, r = 2 * g.layer[n], g.row[n]
        out.boxes[n] = Box(n, left_of[rank], mid[r] - s.box_h // 2, s.box_w, s.box_h, g.layer[n], r)
    for e in g.edges:
        if e in g.loops:
            out.arrows.append(_loop(g, e, out.boxes[e[0]], port, line_y(e),
                                    track_x(2 * g.layer[e[0]], tracks[(e, "first")], "first"), s))
            continue
        left, right, _lo, _hi, label = g.spans[e]
        ym = line_y(e)
        a, b = out.boxes[left], out.boxes[right]
        y_left, y_right = port[(left, "r", e)], port[(right, "l", e)]
        pts = [(a.x + a.w, y_left)]
        if y_left != ym:
            x1 = track_x(2 * g.layer[left], tracks[(e, "first")], "first")
            pts += [(x1, y_left), (x1, ym)]
        if y_right != ym:
            x3 = track_x(2 * g.layer[right] - 1, tracks[(e, "last")], "last")
            pts += [(x3, ym), (x3, y_right)]
        pts.append((b.x, y_right))
        sides = ("r", "l")
        if e in g.back:
            pts.reverse()
            sides = ("l", "r")
        cx = left_of[label] + width_of[label] // 2
        out.arrows.append(Arrow(e[0], e[1], e[2], pts, sides,
                                (cx - s.label_w // 2, ym - s.label_h // 2, s.label_w, s.label_h),
                                e in g.back))
    b = out.boxes[start]
    y = b.y + b.h // 2
    out.dot = (left_of[-1], y - s.dot // 2, s.dot, s.dot)
    out.dot_arrow = [(left_of[-1] + s.dot, y), (b.x, y)]
    return out


def _loop(g: _Grid, e: Edge, box: Box, port: dict, ly: int, x1: int, s: Sizes) -> Arrow:
    """A reply back to its own step: out of the box's right side, round under it and into its
    bottom, its label under the line it turns round on, in the box's column."""
    y0 = port[(e[0], "r", e)]
    enter = box.x + box.w * 3 // 4
    pts = [(box.x + box.w, y0), (x1, y0), (x1, ly), (enter, ly), (enter, box.y + box.h)]
    label = (box.x + box.w - s.label_w, ly + int(0.04 * CM), s.label_w, s.label_h)
    return Arrow(e[0], e[1], e[2], pts, ("r", "b"), label)
