"""Draw the pictures of the complaint-handling course: a call-flow diagram and a CRM screen mock.

Run from anywhere:  python courses/complaint-handling/images/make_images.py
Needs Pillow and Noto Sans CJK (Debian: fonts-noto-cjk). Writes call-flow.png and crm-screen.png
next to this script. The data on the CRM mock is invented; numbers are masked as on a real screen.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
SC = 2  # index of Noto Sans CJK SC in the .ttc collection

NAVY = (31, 56, 100)
BLUE = (46, 117, 182)
LIGHT = (222, 235, 247)
GREEN = (84, 130, 53)
LIGHT_GREEN = (226, 239, 218)
ORANGE = (197, 90, 17)
LIGHT_ORANGE = (251, 229, 214)
GREY = (89, 89, 89)
LINE = (191, 191, 191)
WHITE = (255, 255, 255)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc"
    return ImageFont.truetype(str(FONT_DIR / name), size, index=SC)


def centered(draw: ImageDraw.ImageDraw, box, lines, fonts, fill=NAVY, gap=8) -> None:
    """Write lines centred in box, one font per line."""
    x0, y0, x1, y1 = box
    heights = [draw.textbbox((0, 0), t, font=f)[3] for t, f in zip(lines, fonts)]
    total = sum(heights) + gap * (len(lines) - 1)
    y = y0 + (y1 - y0 - total) / 2
    for text, f, h in zip(lines, fonts, heights):
        w = draw.textlength(text, font=f)
        draw.text((x0 + (x1 - x0 - w) / 2, y), text, font=f, fill=fill)
        y += h + gap


def arrow(draw: ImageDraw.ImageDraw, start, end, color=GREY, width=5) -> None:
    draw.line([start, end], fill=color, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    size = 18
    left = (end[0] - size * math.cos(angle - 0.45), end[1] - size * math.sin(angle - 0.45))
    right = (end[0] - size * math.cos(angle + 0.45), end[1] - size * math.sin(angle + 0.45))
    draw.polygon([end, left, right], fill=color)


def step(draw, box, title, subtitle, fill=LIGHT, outline=BLUE, number=None) -> None:
    draw.rounded_rectangle(box, radius=18, fill=fill, outline=outline, width=4)
    centered(draw, box, [title, subtitle], [font(34, bold=True), font(24)])
    if number is not None:
        x, y = box[0], box[1]
        draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=outline)
        centered(draw, (x - 22, y - 24, x + 22, y + 20), [str(number)], [font(26, bold=True)], fill=WHITE)


def call_flow() -> Image.Image:
    img = Image.new("RGB", (1600, 860), WHITE)
    d = ImageDraw.Draw(img)
    d.text((60, 24), "标准来电流程  Standard Call Flow", font=font(44, bold=True), fill=NAVY)

    w, h = 270, 130
    top = 220
    xs = [60, 420, 780]
    row1 = [("来电接入", "IVR 分流 · 弹屏"), ("开场白", "Greeting · 10 秒内"), ("身份核实", "Verification")]
    for i, (x, (t, s)) in enumerate(zip(xs, row1)):
        step(d, (x, top, x + w, top + h), t, s, number=i + 1)
        if i:
            arrow(d, (xs[i - 1] + w + 8, top + h / 2), (x - 10, top + h / 2))

    # decision diamond: verified?
    cx, cy, r = 1290, top + h / 2, 110
    d.polygon([(cx, cy - r), (cx + r * 1.35, cy), (cx, cy + r), (cx - r * 1.35, cy)],
              fill=LIGHT_ORANGE, outline=ORANGE, width=4)
    centered(d, (cx - 120, cy - 60, cx + 120, cy + 60), ["核实通过?", "Verified?"],
             [font(30, bold=True), font(22)], fill=ORANGE)
    arrow(d, (xs[2] + w + 8, cy), (cx - r * 1.35 - 10, cy))

    # "no" branch: general information only
    note = (cx - 135, 40, cx + 135, 132)
    arrow(d, (cx, cy - r - 4), (cx, note[3] + 8), color=ORANGE)
    d.text((cx + 14, note[3] + 4), "否 No", font=font(24, bold=True), fill=ORANGE)
    d.rounded_rectangle(note, radius=12, fill=WHITE, outline=ORANGE, width=3)
    centered(d, note, ["仅提供通用信息", "不透露保单详情"], [font(26, bold=True), font(22)], fill=ORANGE)

    # "yes" branch down to row 2, which runs right to left
    bottom = 580
    arrow(d, (cx, cy + r + 4), (cx, bottom - 10), color=GREEN)
    d.text((cx + 14, cy + r + 20), "是 Yes", font=font(24, bold=True), fill=GREEN)
    xs2 = [1155, 795, 435, 75]
    row2 = [("需求确认", "Probe · 复述确认"), ("解决 / 升级", "Resolve · Escalate"),
            ("结束语", "Closing · 满意度邀评"), ("话后处理", "ACW · 小结与工单")]
    for i, (x, (t, s)) in enumerate(zip(xs2, row2)):
        fill, outline = (LIGHT_GREEN, GREEN) if i == 1 else (LIGHT, BLUE)
        step(d, (x, bottom, x + w, bottom + h), t, s, fill=fill, outline=outline, number=i + 4)
        if i:
            arrow(d, (xs2[i - 1] - 8, bottom + h / 2), (x + w + 10, bottom + h / 2))

    d.text((60, 780), "投诉类来电在第 5 步使用 HEARD 模型；无法当场解决时按升级矩阵转交并告知时限。",
           font=font(26), fill=GREY)
    return img


def crm_screen() -> Image.Image:
    img = Image.new("RGB", (1600, 900), (243, 243, 243))
    d = ImageDraw.Draw(img)
    # title bar and tabs
    d.rectangle((0, 0, 1600, 56), fill=NAVY)
    d.text((24, 10), "客户服务工作台 CRM  ·  坐席 1024 王小雨  ·  状态：通话中 03:12", font=font(26), fill=WHITE)
    for i, c in enumerate([(255, 95, 86), (255, 189, 46), (39, 201, 63)]):
        d.ellipse((1500 + i * 32, 18, 1520 + i * 32, 38), fill=c)
    tabs = ["客户概览", "工单 Tickets", "历史工单 (Ctrl+Shift+H)", "知识库 (Ctrl+K)"]
    x = 20
    for i, t in enumerate(tabs):
        tw = d.textlength(t, font=font(24)) + 40
        d.rectangle((x, 68, x + tw, 112), fill=WHITE if i == 1 else (214, 220, 229), outline=LINE)
        d.text((x + 20, 74), t, font=font(24, bold=i == 1), fill=NAVY)
        x += tw + 6

    # left: customer card
    d.rectangle((20, 112, 520, 880), fill=WHITE, outline=LINE)
    d.text((40, 128), "客户信息 Customer", font=font(28, bold=True), fill=NAVY)
    info = [("姓名", "张*明"), ("证件号", "3101**********1234"), ("手机", "138****6620"),
            ("保单号", "PA2024****5678"), ("险种", "家用车综合险"), ("客户等级", "金卡 Gold"),
            ("核实状态", "已核实 ✓ (3/3)")]
    y = 185
    for k, v in info:
        d.text((40, y), k, font=font(24), fill=GREY)
        d.text((170, y), v, font=font(24, bold=True), fill=GREEN if "已核实" in v else (38, 38, 38))
        y += 48
    d.rounded_rectangle((40, y + 10, 500, y + 150), radius=10, fill=LIGHT_ORANGE, outline=ORANGE, width=2)
    d.text((58, y + 22), "⚠ 近 30 天来电 3 次", font=font(24, bold=True), fill=ORANGE)
    d.text((58, y + 62), "同一理赔事项，情绪标签：不满", font=font(22), fill=ORANGE)
    d.text((58, y + 98), "建议：优先安抚，必要时升级组长", font=font(22), fill=ORANGE)

    # right: ticket detail
    d.rectangle((540, 112, 1580, 880), fill=WHITE, outline=LINE)
    d.text((560, 128), "工单 CL-20240611-0087  理赔进度查询 → 投诉", font=font(28, bold=True), fill=NAVY)
    headers = ["时间", "渠道", "处理人", "摘要", "状态"]
    cols = [560, 720, 830, 970, 1440]
    rows = [("06-11 09:42", "电话", "1187", "报案，车辆追尾，已拍照上传", "已受理"),
            ("06-14 15:05", "电话", "0931", "客户查询进度，告知 3 个工作日", "跟进中"),
            ("06-20 10:18", "App", "系统", "补充材料提醒（维修发票）", "待客户"),
            ("06-25 11:30", "电话", "1024", "客户投诉无人联系，要求说法", "处理中")]
    y = 190
    d.rectangle((560, y - 6, 1560, y + 40), fill=LIGHT)
    for c, t in zip(cols, headers):
        d.text((c + 6, y), t, font=font(24, bold=True), fill=NAVY)
    y += 52
    for r in rows:
        for c, t in zip(cols, r):
            color = ORANGE if t == "处理中" else (38, 38, 38)
            d.text((c + 6, y), t, font=font(23), fill=color)
        d.line((560, y + 42, 1560, y + 42), fill=LINE, width=1)
        y += 54

    # note box and buttons
    d.text((560, y + 20), "本次通话小结 Wrap-up", font=font(26, bold=True), fill=NAVY)
    d.rectangle((560, y + 64, 1560, y + 220), fill=(250, 250, 250), outline=LINE, width=2)
    d.text((580, y + 80), "客户诉求：理赔两周无进展。已致歉，已联系理赔专员 0931，", font=font(23), fill=GREY)
    d.text((580, y + 116), "承诺 24 小时内回电。升级类型：一级（组长知会）。", font=font(23), fill=GREY)
    buttons = [("保存 Ctrl+S", BLUE), ("升级 Escalate", ORANGE), ("结束通话", GREY)]
    x = 560
    for label, color in buttons:
        bw = d.textlength(label, font=font(24, bold=True)) + 48
        d.rounded_rectangle((x, 800, x + bw, 856), radius=10, fill=color)
        d.text((x + 24, 810), label, font=font(24, bold=True), fill=WHITE)
        x += bw + 20
    d.text((1130, 816), "F5 刷新  ·  Ctrl+K 知识库", font=font(22), fill=GREY)
    return img


def main() -> None:
    call_flow().save(HERE / "call-flow.png", optimize=True)
    crm_screen().save(HERE / "crm-screen.png", optimize=True)
    print("wrote", HERE / "call-flow.png", HERE / "crm-screen.png")


if __name__ == "__main__":
    main()
