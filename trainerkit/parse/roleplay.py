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

from .. import config
from ..errors import Location
from ..model import Roleplay
from .lines import Context, Lines, split_label

KEYS = ("customer", "agent", "situation", "goal", "time", "observe")
ALIASES = {"客户": "customer", "坐席": "agent", "情境": "situation", "场景": "situation",
           "目标": "goal", "时间": "time", "时长": "time", "观察": "observe", "观察要点": "observe"}


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
                ctx.error(n, 'a role-play line is "key: value" (keys: ' + ", ".join(KEYS)
                             + '), or "- item" under "observe:"')
            continue
        key = ALIASES.get(labelled[0], labelled[0].lower())
        if key not in KEYS:
            ctx.error(n, f'unknown role-play key "{labelled[0]}"{config.suggest(labelled[0], KEYS)}')
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
                ctx.error(n, f'role-play "time" must be minutes, like 10 or "10m"; not "{value}"')
        else:
            if key in values:
                ctx.error(n, f'"{key}" is given twice in this role-play; keep one')
            values[key] = value
    for key in ("situation", "goal"):
        if not values.get(key):
            ctx.warning(loc.line - 1, f'this role-play has no "{key}:"; the cards read better with one')
    return Roleplay(title, customer=values.get("customer", ""), agent=values.get("agent", ""),
                    situation=values.get("situation", ""), goal=values.get("goal", ""), time=time,
                    observe=tuple(observe), loc=loc)
