"""Make a synthetic course of N modules for benchmarks: 20 slides a module with bullets, tables,
quotes, notes, Chinese and English, like a real programme, only larger.

    python benchmarks/generate.py OUT_DIR --modules 50
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TOPICS = ["开场白", "身份核实", "投诉处理", "升级流程", "知识库检索", "话后小结", "保持与转接", "结束语"]
PHRASES_ZH = ["客户在前 10 秒形成印象", "先倾听，再解释", "确认下一步和时限", "避免使用禁用语",
              "复述客户的诉求", "记录关键信息：时间、金额、人", "主动告知处理进度", "结束前再次确认"]
PHRASES_EN = ["Greet within ten seconds", "Listen before you explain", "Confirm the next step",
              "Name the owner and the deadline", "Summarise the customer's request"]


def module_text(n: int, slides: int, rng: random.Random) -> str:
    topic = TOPICS[n % len(TOPICS)]
    out = [
        "---", f"title: 模块 {n}：{topic} Module {n}", f"duration: {rng.choice([30, 45, 60])}",
        "objectives:", f"  - 掌握{topic}的标准话术", f"  - Apply the {topic} checklist on live calls", "---", "",
        f"本模块练习 **{topic}**。This module practises *{topic}*.", "",
    ]
    for s in range(slides):
        if s % 10 == 0:
            out += [f"# 第 {s // 10 + 1} 部分 Part {s // 10 + 1}", ""]
        out += [f"## {topic} {s + 1}：{rng.choice(PHRASES_ZH)}", ""]
        kind = s % 5
        if kind == 3:
            out += ["| 情形 Case | 处理 Handling | 时限 |", "|:--|:--|--:|"]
            out += [f"| {rng.choice(PHRASES_ZH)} | {rng.choice(PHRASES_EN)} | {rng.randint(1, 48)} 小时 |"
                    for _ in range(4)]
            out.append("")
        elif kind == 4:
            out += [f"> {rng.choice(PHRASES_ZH)}。—— 质检组", "", f"- {rng.choice(PHRASES_EN)}",
                    f"- {rng.choice(PHRASES_ZH)}", ""]
        else:
            for _ in range(3):
                out.append(f"- {rng.choice(PHRASES_ZH)}，{rng.choice(PHRASES_EN).lower()}")
                if rng.random() < 0.4:
                    out.append(f"  - {rng.choice(PHRASES_EN)}")
            out.append("")
        out += ["::: notes", f"问学员：{rng.choice(PHRASES_ZH)}？Ask: {rng.choice(PHRASES_EN)}? 约 3 分钟。",
                ":::", ""]
    return "\n".join(out)


def make_course(root: Path, modules: int, slides: int = 20, seed: int = 1) -> Path:
    """Write the course; returns its folder."""
    rng = random.Random(seed)
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "course.yml").write_text(
        f"title: 基准课程 Benchmark course ({modules} modules)\nlanguage: zh-CN\nauthor: trainerkit\n",
        encoding="utf-8")
    for n in range(1, modules + 1):
        (root / "modules" / f"{n:03d}-m{n}.md").write_text(module_text(n, slides, rng), encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument("--slides", type=int, default=20)
    args = parser.parse_args()
    make_course(args.out, args.modules, args.slides)
    print(f"wrote {args.modules} modules to {args.out}")


if __name__ == "__main__":
    main()
