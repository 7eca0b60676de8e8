"""`::: roleplay`: a practice scenario.

    ::: roleplay 愤怒的理赔客户
    customer: 45 岁,第三次来电,情绪激动
    agent: (optional) what only the agent knows
    situation: 车险理赔已两周未处理
    goal: 平复情绪,给出明确的处理时限
    time: 10
    observe:
    - 是否先倾听再解释
    :::
"""

from __future__ import annotations

import difflib

from .. import config
from ..errors import Location
from ..messages import Msg, _
from ..model import Roleplay
from .lines import Context, Lines, split_label

KEYS = ("customer", "agent", "situation", "goal", "time", "observe")
# The Chinese keys, each in Simplified and in Traditional (坐席 and 情境 are written alike; a
# Taiwanese trainer also calls the agent 專員). The English keys are also taken in capitals.
ALIASES = {
    "客户": "customer", "客戶": "customer",
    "坐席": "agent", "专员": "agent", "專員": "agent",
    "情境": "situation", "场景": "situation", "場景": "situation",
    "目标": "goal", "目標": "goal",
    "时间": "time", "時間": "time", "时长": "time", "時長": "time",
    "观察": "observe", "觀察": "observe", "观察要点": "observe", "觀察要點": "observe",
}
# KEYS as a hint lists them: its translations list the Chinese keys, in the same order.
KEY_LIST = _("customer, agent, situation, goal, time, observe")
MISSING = {"situation": _('this role-play has no "situation:"; the cards read better with one'),
           "goal": _('this role-play has no "goal:"; the cards read better with one')}


def parse_roleplay(title: str, lines: Lines, ctx: Context, loc: Location) -> Roleplay:
    values: dict[str, str] = {}
    observe: list[str] = []
    time: int | None = None
    current: str | None = None
    for n, raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "* ", "+ ")) and current == "observe":
            observe.append(line[2:].strip())
            continue
        labelled = split_label(line)
        if labelled is None:
            if current in values:
                values[current] += "\n" + line  # a text value that goes on over lines
            else:
                ctx.error(n, _('a role-play line is "key: value" (keys: {keys}), or "- item" '
                               'under "observe:"', keys=KEY_LIST))
            continue
        key = ALIASES.get(labelled[0], labelled[0].lower())
        if key not in KEYS:
            ctx.error(n, unknown_key(labelled[0]))
            current = None
            continue
        current = key
        value = labelled[1]
        if key == "observe":
            if value:
                observe.append(value)
        elif key == "time":
            time = config.parse_minutes(value)
            if time is None:
                ctx.error(n, _('role-play "time" must be minutes, like 10 or "10m"; not "{value}"',
                               value=value))
        else:
            if key in values:
                ctx.error(n, _('"{key}" is given twice in this role-play; keep one', key=labelled[0]))
            values[key] = value
    for key, warning in MISSING.items():
        if not values.get(key):
            ctx.warning(loc.line - 1, warning)
    return Roleplay(title, customer=values.get("customer", ""), agent=values.get("agent", ""),
                    situation=values.get("situation", ""), goal=values.get("goal", ""), time=time,
                    observe=tuple(observe), loc=loc)


def unknown_key(word: str) -> Msg:
    """The error for a key that is none of KEYS or ALIASES: the nearest key, in the script the
    trainer wrote, or the list of keys."""
    close = difflib.get_close_matches(word, KEYS + tuple(ALIASES), n=1)
    if close:
        return _('unknown role-play key "{key}"; did you mean "{close}"?', key=word, close=close[0])
    return _('unknown role-play key "{key}"; known keys: {keys}', key=word, keys=KEY_LIST)
