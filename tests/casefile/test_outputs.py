"""Where a command may write (burnmap/casefile/outputs.py): the look for a case's header in an
output path never waits on what stands there."""
from __future__ import annotations

import os

import pytest

from burnmap.casefile.case import CaseFile
from burnmap.casefile.outputs import _is_case_file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.timeout(10)
def test_the_case_header_check_never_waits_on_a_fifo(tmp_path):
    """`check_output` refuses a FIFO by its kind first, but one put there after that check was
    then opened with a plain open() to read a case's header, and waited on for ever."""
    os.mkfifo(tmp_path / "report.pdf")
    assert _is_case_file(tmp_path / "report.pdf") is False
    case = tmp_path / "renamed.pdf"
    CaseFile.create(case, "dr.a").close()
    assert _is_case_file(case) is True   # a case by its header, whatever its name
