"""The CIHP part classes every parser labels with (M2FP's category table, as data). Kept apart
from the M2FP code so that modules which only need the names do not import torch."""
from __future__ import annotations

CIHP_CLASSES = (
    "Background", "Hat", "Hair", "Gloves", "Sunglasses", "UpperClothes", "Dress", "Coat", "Socks",
    "Pants", "Torso-skin", "Scarf", "Skirt", "Face", "Left-arm", "Right-arm", "Left-leg",
    "Right-leg", "Left-shoe", "Right-shoe", "Human",
)
PART_CLASSES = CIHP_CLASSES[:20]   # the label map's ids 0..19; "Human" is the person class
