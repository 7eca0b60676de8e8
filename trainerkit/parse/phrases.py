"""`::: phrases`: say this, not that.

    ::: phrases 推荐话术与禁用语
    avoid: 这不归我们管。            (also 不说:)
    say: 我来帮您联系负责的同事。     (also 说:)
    :::
"""

from __future__ import annotations

from ..errors import Location
from ..model import PhrasePair, Phrases
from .lines import Context, Lines, split_label
from .markdown import parse_inline

AVOID = ("avoid", "不说", "避免", "禁用")
SAY = ("say", "说", "推荐")


def parse_phrases(title: str, lines: Lines, ctx: Context, loc: Location) -> Phrases:
    pairs: list[PhrasePair] = []
    pending: tuple[int, str] | None = None  # an avoid: line waiting for its say:
    for n, raw in lines:
        line = raw.strip()
        if not line:
            continue
        labelled = split_label(line)
        kind = labelled[0].lower() if labelled else ""
        if kind in AVOID:
            if pending is not None:
                ctx.error(pending[0], '"avoid:" without its "say:"; add a "say:" line after it '
                                      "with what to say instead")
            pending = (n, labelled[1])
        elif kind in SAY:
            avoid = parse_inline(pending[1]) if pending else ()
            pairs.append(PhrasePair(avoid, parse_inline(labelled[1]),
                                    ctx.loc(pending[0] if pending else n)))
            pending = None
        else:
            ctx.error(n, 'a phrases line must start with "avoid:" or "say:" (or "不说:" / "说:")')
    if pending is not None:
        ctx.error(pending[0], '"avoid:" without its "say:"; add a "say:" line after it with what '
                              "to say instead")
    if not pairs and pending is None:
        ctx.error(loc.line - 1, 'this phrases block is empty; write pairs of "avoid:" and "say:" lines')
    return Phrases(title, tuple(pairs), loc)
