"""`::: phrases`: say this, not that.

    ::: phrases 推荐话术与禁用语
    avoid: 这不归我们管。            (also 不说: / 不說:)
    say: 我来帮您联系负责的同事。     (also 说: / 說:)
    :::
"""

from __future__ import annotations

from ..errors import Location
from ..messages import _
from ..model import PhrasePair, Phrases
from .lines import Context, Lines, split_label
from .markdown import parse_inline

# The labels of a phrases line: English (in capitals too), and each Chinese one in Simplified and
# in Traditional (避免 and 禁用 are written alike; 建議 is a Taiwanese trainer's word for say).
AVOID = ("avoid", "不说", "不說", "避免", "禁用")
SAY = ("say", "说", "說", "推荐", "推薦", "建议", "建議")

NO_SAY = _('"avoid:" without its "say:"; add a "say:" line after it with what to say instead')


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
                ctx.error(pending[0], NO_SAY)
            pending = (n, labelled[1])
        elif kind in SAY:
            avoid = parse_inline(pending[1]) if pending else ()
            pairs.append(PhrasePair(avoid, parse_inline(labelled[1]),
                                    ctx.loc(pending[0] if pending else n)))
            pending = None
        else:
            ctx.error(n, _('a phrases line must start with "avoid:" or "say:" (or "不说:" / "说:")'))
    if pending is not None:
        ctx.error(pending[0], NO_SAY)
    if not pairs and pending is None:
        ctx.error(loc.line - 1, _('this phrases block is empty; write pairs of "avoid:" and "say:" '
                                  "lines"))
    return Phrases(title, tuple(pairs), loc)
