"""Every referral row quotes its source, and the quotes are the source's text as the clinical
reference (../shared/clinical/README.md, "Referral criteria") reads it: each clause of each
guideline is a row, and no row says what its guideline does not."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from burnmap.clinical.referral import load_criteria

CSV = Path(__file__).resolve().parents[2] / "burnmap" / "resources" / "referral_criteria.csv"


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def clauses(shared_dir) -> dict[str, list[str]]:
    """guideline -> the clauses of its criteria as the clinical reference quotes them."""
    text = _flat((shared_dir / "clinical" / "README.md").read_text(encoding="utf-8"))
    section = text[text.index("## Referral criteria"):text.index("## Fluids in practice")]
    anzba = re.search(r"transfer criteria: (.*?)\. - American", section).group(1)
    aba = re.search(r"Immediate consultation with consideration for transfer: (.*?)\. "
                    r"Consultation tier: (.*?)\. Older \(2006\)", section)
    return {"ANZBA": anzba.split("; "),
            "ABA": aba.group(1).split("; ") + aba.group(2).split("; ")}


def test_every_row_has_a_source_and_a_quote_column():
    with open(CSV, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    assert {"source", "quote", "tier"} <= set(rows[0])
    assert all(r["source"].strip() and r["quote"].strip() for r in rows)


def test_every_quote_is_a_clause_of_its_guideline_and_every_clause_a_row(clauses):
    criteria = load_criteria()
    for guideline, rows in criteria.items():
        quotes = {c.quote for c in rows}
        assert quotes <= set(clauses[guideline]), quotes - set(clauses[guideline])
        assert set(clauses[guideline]) <= quotes, set(clauses[guideline]) - quotes


def test_aba_2022_wording_not_2006(clauses):
    aba = {c.id: c for c in load_criteria()["ABA"]}
    assert "over any joint" in aba["aba_joints"].criterion
    assert "major joint" not in " ".join(c.criterion for c in aba.values())
    assert aba["aba_pain"].criterion == "New poorly controlled pain"
    assert aba["aba_paediatric"].quote.startswith("children (<= 14 years or < 30 kg): all "
                                                  "paediatric burns may benefit from referral")
    assert not any("hospital" in c.criterion for c in aba.values())
    tiers = {c.id: c.tier for c in aba.values()}
    assert {tiers[i] for i in ("aba_partial_small", "aba_potentially_deep",
                               "aba_inhalation_signs")} == {"consultation"}
    assert {t for i, t in tiers.items() if i not in ("aba_partial_small", "aba_potentially_deep",
                                                     "aba_inhalation_signs")} == \
        {"immediate consultation, consider transfer"}
