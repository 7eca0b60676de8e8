"""What the call-centre blocks say, for every writer: the ✗/✓ headers of phrases, a speaker's
label, the verbatim tag, a role-play's labelled fields, minutes, the colon.

Writers decide how these look; this module decides the words and their order, once. The words
come from the course's labels (templates/labels.yml, in the course language); the English below
is used only where a writer is handed no labels (a hand-made model in a test).

Who sees which field (the room never sees the agent's brief) is decided in plan.py: a writer
shows every field of the block it is given.
"""

from __future__ import annotations

from .. import model as m
from ..text import is_cjk

AVOID_MARK = "\u2717"  # ✗: the comparison reads without colour too
SAY_MARK = "\u2713"    # ✓

_ENGLISH = {
    "agent": "Agent", "avoid": "Avoid", "brief": "Your brief", "colon": ": ", "customer": "Customer",
    "goal": "Goal", "minutes": "min", "observe": "Observe", "say": "Say instead",
    "shortcuts": "Shortcuts", "situation": "Situation", "time": "Time", "verbatim": "verbatim",
}


def word(labels: dict[str, str], key: str) -> str:
    """The course's word for key, or English when the writer was given no labels."""
    return labels.get(key, _ENGLISH[key])


def colon(labels: dict[str, str], language: str = "en") -> str:
    """What separates a label from its text: the course's colon ("：" in Chinese, ": " in English)."""
    if "colon" in labels:
        return labels["colon"]
    return "：" if language.lower().split("-")[0] in ("zh", "ja") else ": "


def minutes(n: int, labels: dict[str, str]) -> str:
    """"15 min", "15 分钟"."""
    return f"{n} {word(labels, 'minutes')}"


def phrase_headers(labels: dict[str, str]) -> tuple[str, str]:
    """The two headers of a phrases table: ("✗ Avoid", "✓ Say instead")."""
    return f"{AVOID_MARK} {word(labels, 'avoid')}", f"{SAY_MARK} {word(labels, 'say')}"


def phrases_table(block: m.Phrases, labels: dict[str, str]) -> m.Table:
    """Avoid | say as a plain table (speaker notes, and any writer without a drawing of its own)."""
    avoid, say = phrase_headers(labels)
    return m.Table((m.text_of(avoid), m.text_of(say)), tuple((p.avoid, p.say) for p in block.pairs),
                   loc=block.loc)


def speaker_label(speaker: str) -> str:
    """"坐席：" for a Chinese speaker name, "Agent:" for a Latin one."""
    wide = bool(speaker) and is_cjk(speaker[-1])
    return f"{speaker}：" if wide else f"{speaker}:"


def verbatim_tag(labels: dict[str, str]) -> str:
    """The tag after a turn that must be said word for word, in a line of text: "（逐字）" or
    " (verbatim)"."""
    label = word(labels, "verbatim")
    return f"（{label}）" if is_cjk(label[:1] or "a") else f" ({label})"


def scenario_fields(rp: m.Roleplay, labels: dict[str, str]) -> list[tuple[str, str]]:
    """A role-play's fields, labelled, in the order every writer shows them: situation,
    customer, the agent's brief, goal, time. Empty ones are left out."""
    rows = [("situation", rp.situation), ("customer", rp.customer), ("brief", rp.agent),
            ("goal", rp.goal), ("time", minutes(rp.time, labels) if rp.time else "")]
    return [(word(labels, key), value) for key, value in rows if value]


def observe_label(labels: dict[str, str]) -> str:
    return word(labels, "observe")


# The names trainers give the two sides of a call, in English, Simplified and Traditional Chinese
# (Taiwan and Hong Kong): a speaker so named gets the agent's or the caller's colour.
AGENT_NAMES = frozenset({"agent", "坐席", "客服", "专员", "客服专员", "專員", "客服專員", "客服代表", "客服人員"})
CUSTOMER_NAMES = frozenset({"customer", "caller", "客户", "来电人", "客戶", "來電者", "來電人", "顧客"})


def is_agent(speaker: str, labels: dict[str, str]) -> bool:
    """Whether a script's speaker is the agent (in any of the languages)."""
    name = speaker.strip().casefold()
    return name == word(labels, "agent").casefold() or name in AGENT_NAMES


def is_customer(speaker: str, labels: dict[str, str]) -> bool:
    """Whether a script's speaker is the caller (in any of the languages)."""
    name = speaker.strip().casefold()
    return name == word(labels, "customer").casefold() or name in CUSTOMER_NAMES
