"""The numbers a clinician acts on: %TBSA by depth, the Rule of Nines check, fluids, referral
criteria."""
