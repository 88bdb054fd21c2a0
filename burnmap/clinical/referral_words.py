"""Words and numbers of the referral reasons (burnmap.clinical.referral): tiers, depths, joints, and numbers
printed with enough digits to show how they compare with a threshold."""
from __future__ import annotations

from burnmap.text.messages import Given, Listing, Message

# The CSV's tier column: ANZBA lists referral criteria; ABA 2022 two tiers.
TIERS = {
    "referral": Given("referral", {"zh_CN": "转诊"}),
    "immediate": Given("immediate consultation, consider transfer",
                       {"zh_CN": "立即会诊，考虑转诊"}),
    "consultation": Given("consultation", {"zh_CN": "会诊"}),
}
# Depth words as the criteria combine them ('partial + full thickness'); Chinese names the degree.
DEPTH_WORDS = {"partial": "二度", "superficial partial": "浅二度", "deep partial": "深二度",
               "full": "三度"}
JOINT_WORDS = {"shoulder": "肩", "elbow": "肘", "wrist": "腕", "hip": "髋", "knee": "膝",
               "ankle": "踝"}
COUNTED_ORDER = ("superficial partial thickness", "deep partial thickness", "full thickness")
MAX_DECIMALS = 12
EPSILON = 1e-9


def joint_word(name: str) -> Message:
    """'left knee': the patient's side and the joint."""
    side, joint = name.split("_", 1)
    word = Given(joint, {"zh_CN": JOINT_WORDS.get(joint, joint)})
    return Message("left {0}", word) if side == "left" else Message("right {0}", word)


def depths_text(depths: tuple[str, ...], joiner: str) -> Message:
    """'partial + full thickness', 'deep partial or full thickness', 'full thickness'."""
    words = [d.removesuffix(" thickness") for d in COUNTED_ORDER if d in depths]
    if "superficial partial" in words and "deep partial" in words:
        words = ["partial"] + [w for w in words if not w.endswith("partial")]
    return Message("{0} thickness", Listing((Given(w, {"zh_CN": DEPTH_WORDS[w]}) for w in words),
                                            joiner))


def number(value: float, threshold: float | None = None) -> str:
    """One decimal, unless that shows a burn as 0.0 (then four significant digits) or puts it on
    the wrong side of, or onto, the threshold: then as many decimals as it takes (5.0004 against
    5 is '5.0004', never '5.0'). A value within floating-point noise of the threshold is the
    threshold."""
    text = f"{value:.1f}"
    if value > EPSILON and float(text) == 0:
        text = f"{value:.4g}"
    decimals = 1
    while not _faithful(float(text), value, threshold) and decimals < MAX_DECIMALS:
        decimals += 1
        text = f"{value:.{decimals}f}"
    return text


def _faithful(shown: float, value: float, threshold: float | None) -> bool:
    if value > EPSILON and shown == 0:
        return False          # a burn is never shown as 0
    if threshold is None or abs(value - threshold) <= EPSILON:
        return True
    return (shown > threshold) == (value > threshold) and shown != threshold
