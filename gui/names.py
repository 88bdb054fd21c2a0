"""Display names of regions, surfaces and body parts, translatable (data keeps English keys)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def region_name(key: str) -> str:
    names = {
        "head": QCoreApplication.translate("Names", "head"),
        "neck": QCoreApplication.translate("Names", "neck"),
        "trunk": QCoreApplication.translate("Names", "trunk"),
        "buttock_left": QCoreApplication.translate("Names", "left buttock"),
        "buttock_right": QCoreApplication.translate("Names", "right buttock"),
        "genitalia": QCoreApplication.translate("Names", "genitalia"),
        "upper_arm_left": QCoreApplication.translate("Names", "left upper arm"),
        "upper_arm_right": QCoreApplication.translate("Names", "right upper arm"),
        "forearm_left": QCoreApplication.translate("Names", "left forearm"),
        "forearm_right": QCoreApplication.translate("Names", "right forearm"),
        "hand_left": QCoreApplication.translate("Names", "left hand"),
        "hand_right": QCoreApplication.translate("Names", "right hand"),
        "thigh_left": QCoreApplication.translate("Names", "left thigh"),
        "thigh_right": QCoreApplication.translate("Names", "right thigh"),
        "lower_leg_left": QCoreApplication.translate("Names", "left lower leg"),
        "lower_leg_right": QCoreApplication.translate("Names", "right lower leg"),
        "foot_left": QCoreApplication.translate("Names", "left foot"),
        "foot_right": QCoreApplication.translate("Names", "right foot"),
    }
    return names.get(key, key.replace("_", " "))


def surface_name(key: str) -> str:
    return {"anterior": QCoreApplication.translate("Names", "anterior"),
            "posterior": QCoreApplication.translate("Names", "posterior")}.get(key, key)


def part_name(key: str) -> str:
    names = {
        "Hat": QCoreApplication.translate("Names", "Hat"),
        "Hair": QCoreApplication.translate("Names", "Hair"),
        "Gloves": QCoreApplication.translate("Names", "Gloves"),
        "Sunglasses": QCoreApplication.translate("Names", "Sunglasses"),
        "UpperClothes": QCoreApplication.translate("Names", "Upper clothes"),
        "Dress": QCoreApplication.translate("Names", "Dress"),
        "Coat": QCoreApplication.translate("Names", "Coat"),
        "Socks": QCoreApplication.translate("Names", "Socks"),
        "Pants": QCoreApplication.translate("Names", "Pants"),
        "Torso-skin": QCoreApplication.translate("Names", "Torso skin"),
        "Scarf": QCoreApplication.translate("Names", "Scarf"),
        "Skirt": QCoreApplication.translate("Names", "Skirt"),
        "Face": QCoreApplication.translate("Names", "Face"),
        "Left-arm": QCoreApplication.translate("Names", "Left arm"),
        "Right-arm": QCoreApplication.translate("Names", "Right arm"),
        "Left-leg": QCoreApplication.translate("Names", "Left leg"),
        "Right-leg": QCoreApplication.translate("Names", "Right leg"),
        "Left-shoe": QCoreApplication.translate("Names", "Left shoe"),
        "Right-shoe": QCoreApplication.translate("Names", "Right shoe"),
    }
    return names.get(key, key)
