"""The clinical words people read, in every language BurnMap speaks: one table for the window and
the report, so that a region, a depth or the intended use reads the same on screen and on paper.

Data, JSON and logs keep the English keys; only what a person reads goes through here.
"""
from __future__ import annotations

# burnmap.body.burn's depth classes (a test checks they agree). Not imported: the parsers say their
# refusals through burnmap.text.messages, and burnmap.parsing must not import the burn model.
SUPERFICIAL, SUPERFICIAL_PARTIAL, DEEP_PARTIAL, FULL_THICKNESS = 1, 2, 3, 4

LANGUAGES = ("en", "zh_CN")
# Earlier report commands took "zh"; it names the same language.
ALIASES = {"zh": "zh_CN"}

REGIONS = {
    "head": ("head", "头部"), "neck": ("neck", "颈部"), "trunk": ("trunk", "躯干"),
    "buttock_left": ("left buttock", "左臀"), "buttock_right": ("right buttock", "右臀"),
    "genitalia": ("genitalia", "会阴/生殖器"),
    "upper_arm_left": ("left upper arm", "左上臂"), "upper_arm_right": ("right upper arm", "右上臂"),
    "forearm_left": ("left forearm", "左前臂"), "forearm_right": ("right forearm", "右前臂"),
    "hand_left": ("left hand", "左手"), "hand_right": ("right hand", "右手"),
    "thigh_left": ("left thigh", "左大腿"), "thigh_right": ("right thigh", "右大腿"),
    "lower_leg_left": ("left lower leg", "左小腿"), "lower_leg_right": ("right lower leg", "右小腿"),
    "foot_left": ("left foot", "左足"), "foot_right": ("right foot", "右足"),
}
SURFACES = {"anterior": ("anterior", "前面"), "posterior": ("posterior", "后面")}
VIEWS = {"anterior": ("anterior", "前面"), "posterior": ("posterior", "后面"),
         "left": ("left lateral", "左侧面"), "right": ("right lateral", "右侧面")}
DEPTHS = {
    SUPERFICIAL: ("superficial", "浅表（一度）"),
    SUPERFICIAL_PARTIAL: ("superficial partial thickness", "浅二度（浅部分厚度）"),
    DEEP_PARTIAL: ("deep partial thickness", "深二度（深部分厚度）"),
    FULL_THICKNESS: ("full thickness", "三度（全层）"),
}
# Short forms where space is tight (the window's results table and summary); in Chinese the usual
# degree names, which the full names above also carry.
DEPTH_SHORT = {SUPERFICIAL: ("S", "一度"), SUPERFICIAL_PARTIAL: ("SPT", "浅二度"),
               DEEP_PARTIAL: ("DPT", "深二度"), FULL_THICKNESS: ("FT", "三度")}
# The chart steps at birthdays: every share is shown with its band's age range.
AGE_BANDS = {"age_0": ("under 1 year", "不足 1 岁"), "age_1": ("1-4 years", "1-4 岁"),
             "age_5": ("5-9 years", "5-9 岁"), "age_10": ("10-14 years", "10-14 岁"),
             "age_15": ("15 years", "15 岁"), "adult": ("16 years and over", "16 岁及以上")}
# The patient's sex as stored (burnmap.model.patient.Patient.sex); "" is not entered.
SEXES = {"female": ("female", "女"), "male": ("male", "男"), "other": ("other", "其他")}
# Parsers as cases and JSON record them (ModelIdentity.parser): the M2FP model keeps its name.
PARSERS = {
    "M2FP": ("M2FP", "M2FP"),
    "default parser (MediaPipe Holistic: Pose, Face Mesh, Hands)": (
        "default parser (MediaPipe Holistic: Pose, Face Mesh, Hands)",
        "默认解析器（MediaPipe Holistic：Pose、Face Mesh、Hands）"),
    "label map file": ("label map file", "标签图文件"),
}
# Referral guidelines by their source as burnmap/resources/referral_criteria.csv names it, and fluid
# formulas by the name burnmap.clinical.fluids gives them (tests check that every one is here).
GUIDELINE_SOURCES = {
    "ANZBA referral criteria (EMSB; anzba.org.au/care/referral-criteria)": (
        "ANZBA referral criteria (EMSB; anzba.org.au/care/referral-criteria)",
        "ANZBA 转诊标准（EMSB；anzba.org.au/care/referral-criteria）"),
    "ABA guidelines for burn patient referral (2022), ameriburn.org": (
        "ABA guidelines for burn patient referral (2022), ameriburn.org",
        "ABA 烧伤患者转诊指南（2022），ameriburn.org"),
}
FLUID_FORMULAS = {"Parkland": ("Parkland", "Parkland 公式"),
                  "Consensus (ABLS/ABA)": ("Consensus (ABLS/ABA)", "共识公式（ABLS/ABA）")}
# Part classes of the parsers (CIHP names), as the legend shows them.
PARTS = {
    "Hat": ("Hat", "帽子"), "Hair": ("Hair", "头发"), "Gloves": ("Gloves", "手套"),
    "Sunglasses": ("Sunglasses", "墨镜"), "UpperClothes": ("Upper clothes", "上衣"),
    "Dress": ("Dress", "连衣裙"), "Coat": ("Coat", "外套"), "Socks": ("Socks", "袜子"),
    "Pants": ("Pants", "裤子"), "Torso-skin": ("Torso skin", "躯干皮肤"),
    "Scarf": ("Scarf", "围巾"), "Skirt": ("Skirt", "裙子"), "Face": ("Face", "面部"),
    "Left-arm": ("Left arm", "左臂"), "Right-arm": ("Right arm", "右臂"),
    "Left-leg": ("Left leg", "左腿"), "Right-leg": ("Right leg", "右腿"),
    "Left-shoe": ("Left shoe", "左鞋"), "Right-shoe": ("Right shoe", "右鞋"),
}
INTENDED_USE = (
    "BurnMap is decision support for trained clinicians assessing burns from photographs. It "
    "does not diagnose. Every number is an estimate that the signing clinician must check.",
    "BurnMap 是供受过培训的临床医生根据照片评估烧伤的决策支持工具。它不做诊断。"
    "所有数值均为估计值，必须由签字的临床医生核对。")


def language_code(language: str) -> str:
    """The canonical code ("en", "zh_CN") of a language name a caller gave."""
    code = ALIASES.get(language, language)
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    return code


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[LANGUAGES.index(language_code(language))]


def _word(table: dict, key, language: str) -> str:
    pair = table.get(key)
    # An unknown key (a newer parser's class) is still readable, never an error on screen.
    return _pick(pair, language) if pair else str(key).replace("_", " ")


def region_name(key: str, language: str) -> str:
    return _word(REGIONS, key, language)


def surface_name(key: str, language: str) -> str:
    return _word(SURFACES, key, language)


def view_name(key: str, language: str) -> str:
    return _word(VIEWS, key, language)


def depth_name(depth: int, language: str) -> str:
    return _word(DEPTHS, depth, language)


def depth_short(depth: int, language: str) -> str:
    return _word(DEPTH_SHORT, depth, language)


def age_band_range(band: str, language: str) -> str:
    return _word(AGE_BANDS, band, language)


def sex_name(key: str, language: str) -> str:
    return _pick(SEXES[key], language) if key in SEXES else key


def guideline_source(source: str, language: str) -> str:
    return _pick(GUIDELINE_SOURCES[source], language) if source in GUIDELINE_SOURCES else source


def fluid_formula(name: str, language: str) -> str:
    return _pick(FLUID_FORMULAS[name], language) if name in FLUID_FORMULAS else name


def model_name(parser: str, sha256: str | None, language: str, short: bool = False) -> str:
    """A model as people read it, in `language`: in English exactly ModelIdentity.describe (a
    test checks), the digest cut to 12 characters when `short` (status lines)."""
    name = _pick(PARSERS[parser], language) if parser in PARSERS else parser
    if not sha256:
        return name
    comma = "，" if language_code(language) == "zh_CN" else ", "
    return f"{name}{comma}SHA-256 {sha256[:12] + '…' if short else sha256}"


def part_name(key: str, language: str) -> str:
    pair = PARTS.get(key)
    return _pick(pair, language) if pair else key


def intended_use(language: str) -> str:
    return _pick(INTENDED_USE, language)


def capitalised(text: str) -> str:
    """First letter upper case (English labels on buttons); other scripts are unchanged."""
    return text[:1].upper() + text[1:]
