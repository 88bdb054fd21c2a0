"""Report wording in English and Simplified Chinese (reports never import Qt)."""
from __future__ import annotations

from burnmap.text import vocabulary as vocab
from burnmap.text.messages import Listing, say

ZH = {
    "{0:.1f} % from photos; {1:.1f} % drawn on the chart, not measured from a photo":
        "照片 {0:.1f} %；体表图绘制 {1:.1f} %，非照片测量",
    "Not assessed (no photo shows them, nothing entered on the chart; not counted as 0)":
        "未评估（无照片显示，体表图上也未标记；不按 0 计）",
    "examined, no burn: entered on the chart, not photographed": "已检查、无烧伤：在体表图上标记，未拍照",
    "drawn on the chart, not measured from a photo": "在体表图上绘制，非照片测量",
    "{0:.0f} % {1}": "{0:.0f} % {1}",
    "body chart (drawn, not measured from a photo)": "体表图（绘制，非照片测量）",
    "examined, no burn (on the chart)": "已检查、无烧伤（体表图）",
    "Burn assessment report": "烧伤评估报告",
    "Patient": "患者",
    "Record number": "病历号",
    "Date of birth": "出生日期",
    "Age": "年龄",
    "years": "岁",
    "Weight": "体重",
    "Sex": "性别",
    "Time of injury": "受伤时间",
    "Assessment": "评估时间",
    "Page {0} of {1}": "第 {0} 页，共 {1} 页",
    "Summary": "摘要",
    "Total burn (partial + full thickness)": "烧伤总面积（部分厚度 + 全层）",
    "Superficial (not counted in the total)": "浅表（不计入总面积）",
    "By depth": "按深度",
    "Lund-Browder age band": "Lund-Browder 年龄段",
    "Surface assessed": "已评估体表",
    "none": "无",
    "Warnings": "警告",
    "Rule of Nines cross-check": "九分法核对",
    "Fluid resuscitation estimate (decision support)": "补液估算（决策支持）",
    "No weight entered: no fluid estimate.": "未输入体重：无补液估算。",
    "{0:.2f} % TBSA of {1:.1f} % of the body surface assessed": "{0:.2f} % TBSA（已评估 {1:.1f} % 体表）",
    "yes": "是",
    "Criterion": "标准",
    "Status": "状态",
    "Why": "依据",
    "met": "符合",
    "not met": "不符合",
    "to check": "需核查",
    "no": "否",
    "; first 8 h remaining {0:,.0f} mL": "；前 8 小时尚余 {0:,.0f} mL",
    "; starting rate now {0:,.0f} mL/h ({1})": "；当前起始速率 {0:,.0f} mL/h（{1}）",
    "Photos": "照片",
    "Original": "原图",
    "Segmentation": "分割",
    "Burn": "烧伤",
    "Regions": "区域",
    "Which photo measured what": "各照片测量的部分",
    "Photo (view)": "照片（视图）",
    "% of surface": "占该面 %",
    "Sectors (degrees)": "扇区（度）",
    "Along the axis": "沿轴范围",
    "Each part of a region's surface is measured on the photo that sees it most squarely; "
    "sectors: 0 front, 90 the patient's left, 180 back, 270 right.":
        "区域表面的每一部分都在视角最正对它的照片上测量；扇区：0 为前方，90 为患者左侧，180 为后方，270 为右侧。",
    "Region": "区域",
    "Surface": "面",
    "% of region": "占区域 %",
    "Lund-Browder share (% TBSA)": "Lund-Browder 占比（% TBSA）",
    "Contribution (% TBSA)": "贡献（% TBSA）",
    "Sign-off": "签署",
    "Assessor": "评估者",
    "Signature": "签名",
    "Date and time": "日期和时间",
    "Software": "软件",
    "Segmentation model": "分割模型",
    "Intended use": "预期用途",
    "unknown": "未知",
    "not given": "未填写",
    # Composed lines: Chinese takes full-width punctuation around its words.
    "{0}: {1}": "{0}：{1}",
    "{0} ({1})": "{0}（{1}）",
    "{0} · {1}": "{0} · {1}",
    "{0} — {1} (view: {2})": "{0} — {1}（视图：{2}）",
    "Referral criteria: {0}": "转诊标准：{0}",
    "Inputs: {0:g} kg, {1:.2f} % TBSA, time of injury {2}, fluid given {3}":
        "输入：{0:g} kg，{1:.2f} % TBSA，受伤时间 {2}，已输注 {3}",
    "; {0}": "；{0}",
    "(each rounded; partial + full thickness together {0:.2f})": "（各自四舍五入；部分厚度 + 全层合计 {0:.2f}）",
    # {3}: the urine output target as burnmap.clinical.fluids says it (per kg, the weight, why)
    "Formal resuscitation indicated from {0:g} % TBSA ({1}): {2}; {3}":
        "达到 {0:g} % TBSA 需正式液体复苏（{1}）：{2}；{3}",
    # The body chart (burnmap/reports/chart.py)
    "Body chart (Lund-Browder)": "人体烧伤图（Lund-Browder）",
    "Anterior": "前面", "Posterior": "后面", "R": "右", "L": "左",
    "Total burn: {0} % TBSA (partial + full thickness)": "烧伤总面积：{0} % TBSA（部分厚度 + 全层）",
    "Assessed: {0} % of the body surface": "已评估：{0} % 体表面积",
    "superficial (not counted)": "浅表（不计入）",
    "unburned": "未烧伤",
    "not assessed: no photo shows it": "未评估：无照片显示该区域",
    "mostly covered by clothing": "大部分被衣物遮盖",
    "Numbers: % of the region burned (partial + full thickness); (n): superficial only, not "
    "counted.": "数字：该区域烧伤面积百分比（部分厚度 + 全层）；(n)：仅浅表烧伤，不计入。",
}


def translator(language: str):
    """The report's own wording in `language`; clinical words come from burnmap.text.vocabulary.
    `t.join(items, separator)` lists items with the language's separators (", " -> "、")."""
    code = vocab.language_code(language)

    def t(text: str) -> str:
        return ZH.get(text, text) if code == "zh_CN" else text

    def join(items, separator: str = ", ") -> str:
        return say(Listing(items, separator), code)
    t.language, t.join = code, join
    return t
